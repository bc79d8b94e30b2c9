r"""Numerical derivatives: difference quotients, the complex step and Richardson extrapolation.

Every function here estimates derivatives of a function that we can only *evaluate*. The
methods trade accuracy against cost and against what they ask of ``f``:

==============  ===========================================  ===================  =========
method          formula                                      median rel. error    f calls
==============  ===========================================  ===================  =========
``forward``     :math:`(f(x+h) - f(x)) / h`                  2e-8                 2
``backward``    :math:`(f(x) - f(x-h)) / h`                  2e-8                 2
``central``     :math:`(f(x+h) - f(x-h)) / 2h`               2e-11                3-5
``complex``     :math:`\operatorname{Im} f(x + ih) / h`      1e-16 (analytic f)   2
``richardson``  central differences at h, h/2, h/4, ...      4e-15                ~20
                extrapolated to :math:`h \to 0`
``auto``        the complex step, checked against real       1e-16                5-8
                differences; Richardson if the check fails
==============  ===========================================  ===================  =========

(Medians over the 451 points of ``bench/derivatives.py``; f calls include f(x) itself.)

The complex step has no subtraction, hence no cancellation: it is exact to rounding, but
only for code that is analytic in ``x`` (no ``abs``, no branches on ``x``, no casts to
float). ``auto`` therefore never trusts it blindly: it compares it with real-arithmetic
differences and falls back to Richardson extrapolation when they disagree.

Two conventions hold throughout:

* **Exact steps.** A step is replaced by ``(x + h) - x``, and a difference quotient divides by
  the distance between the points actually evaluated, so the rounding of ``x + h`` does not
  turn into an error of order ``eps * |x| / h`` in the result.
* **Domain edges.** When ``f`` is not finite at a trial point (``log`` just right of 0,
  ``arcsin`` just left of 1), the default steps shrink for that point instead of stepping
  across the edge, and ``central``, ``richardson`` and ``auto`` fall back to one-sided
  differences when ``f`` is undefined on one whole side of ``x``. A step given explicitly
  with ``h=`` is honoured as given: stepping across an edge with it is an error.

Chapter 2 derives these methods; chapter 5 uses :func:`gradient`, :func:`jacobian` and
:func:`hessian`.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np

from ._validate import (
    as_real_array,
    as_real_scalar,
    describe,
    one_of,
    positive_real,
    require_callable,
    returned_reals,
)

__all__ = ["METHODS", "check_grad", "derivative", "gradient", "hessian", "jacobian"]

METHODS = ("auto", "forward", "backward", "central", "complex", "richardson")

EPS = float(np.finfo(np.float64).eps)
_TINY = float(np.finfo(np.float64).tiny)

# Default steps, as multiples of the scale max(1, |x|) of the point, so that a step means the
# same thing at x = 3e6 as at x = 3 and never falls below what a float near x can resolve.
#
# forward/backward: the error is h|f''|/2 (truncation) + 2 eps|f|/h (rounding of f); the sum
# is smallest near h = sqrt(eps) when f and f'' are of similar size: about 1e-8 relative.
_FORWARD_STEP = math.sqrt(EPS)
# central: h^2 |f'''|/6 + eps|f|/h is smallest near h = eps^(1/3): about 1e-10 relative.
_CENTRAL_STEP = EPS ** (1.0 / 3.0)
# complex step: nothing is subtracted, so h can be tiny. Its error h^2 |f'''| / 6 is below
# rounding for any f whose features are wider than ~1e-90, while Im f(x + ih) = h f'(x) stays a
# normal float (no underflow) as long as |f'(x)| > 1e-208: a wide margin on both sides.
_COMPLEX_STEP = 1e-100
# richardson: the first, largest step of the table. Extrapolation removes the h^2, h^4, ...
# terms, so a large first step is accurate for smooth f; for steep f the later rows (h halves
# each row) take over, and the entry with the smallest error estimate wins.
_RICHARDSON_STEP = 0.125
# hessian by central second differences: h^2 |f''''|/12 + 4 eps|f|/h^2 is smallest near
# h = eps^(1/4): about 1e-8 relative. One-sided second differences: h ~ eps^(1/3), ~1e-5.
_HESSIAN_CENTRAL_STEP = EPS**0.25
_HESSIAN_FORWARD_STEP = EPS ** (1.0 / 3.0)

_SHRINK = 8.0  # a default step that meets a non-finite value shrinks by this factor...
_MAX_SHRINKS = 14  # ...at most this many times (8^14 ~ 4e12)
_MIN_STEP = 64 * EPS  # never below this multiple of |x|: x + h must differ from x...
_TINY_STEP = 1e-290  # ...nor below this, where x is 0 (the steps then stay normal floats)
_MAX_ROWS = 44  # rows of a Richardson table (each halves h; non-finite rows divide by 8)
_MIN_ROW_STEP = 1e-10  # Richardson rows stop below this multiple of the scale: pure noise
_NOISE = 64 * EPS  # rounding allowance, relative to |f|, for differences of f values
_SETTLED = 0.05  # a Richardson estimate whose error estimate exceeds 5% has not settled
_DRIFT = 16.0  # quotients that change by more than this many times rounding are drifting
_CHECK_CAP = 1e-6  # the cheap check of the complex step must resolve it to 1e-6 or better
# auto, after Richardson: the complex step stands if it agrees with the Richardson value to
# 4x the latter's error estimate or to 1e-9 relative. Error estimates of real differences
# can be optimistic when f itself is computed with more than rounding-level error (log(1 +
# u^2) for small u carries ~eps/u^2 relative error), while code that breaks the complex step
# is wrong by far more than 1e-9.
_AGREE = 1e-9
_ROUNDING_BUDGET = 1e-8  # central: the largest relative rounding error a shorter step may cost

_EVEN_POWERS = (2, 4, 6, 8, 10, 12)  # error terms of central differences
_ALL_POWERS = (2, 3, 4, 5, 6, 7)  # error terms of one-sided three-point differences


class _NoComplexStep(Exception):
    """f cannot be differentiated by the complex step (it refused or dropped complex input)."""


class _ComplexOutput(TypeError):
    """f returned complex numbers for real input (Python's ``(-1.0) ** 0.5`` does)."""


# --------------------------------------------------------------------------------------------
# Numbers or arrays. The algorithms below are written once and run on plain Python floats
# (a scalar x: fast, and f need not accept arrays) or on NumPy arrays (an array x, or the m
# outputs of one column of a Jacobian). A comparison of floats gives a bool and of arrays an
# array, so these helpers can tell the two apart by the type of the condition.
# --------------------------------------------------------------------------------------------


def _where(condition: Any, a: Any, b: Any) -> Any:
    if isinstance(condition, bool | np.bool_):
        return a if condition else b
    return np.where(condition, a, b)


def _not(mask: Any) -> Any:
    return (not mask) if isinstance(mask, bool | np.bool_) else ~mask


def _all(mask: Any) -> bool:
    return bool(mask) if isinstance(mask, bool | np.bool_) else bool(np.all(mask))


def _any(mask: Any) -> bool:
    return bool(mask) if isinstance(mask, bool | np.bool_) else bool(np.any(mask))


def _fmin(a: Any, b: Any) -> Any:
    """The smaller of a and b, ignoring a NaN in either (``np.fmin``, fast for floats)."""
    if isinstance(a, float) and isinstance(b, float):
        return b if a != a or b < a else a
    return np.fmin(a, b)


def _fmax(a: Any, b: Any) -> Any:
    """The larger of a and b, ignoring a NaN in either (``np.fmax``, fast for floats)."""
    if isinstance(a, float) and isinstance(b, float):
        return b if a != a or b > a else a
    return np.fmax(a, b)


def _nonfinite(value: Any) -> Any:
    if isinstance(value, float):
        return not math.isfinite(value)
    return ~np.isfinite(value)


class _Target:
    """``f`` as a function of one real variable ``t`` near the point ``x``.

    Three shapes of problem share every algorithm in this module:

    * ``"scalar"``: ``x`` is a float and ``f(x)`` a float (``derivative`` at a number; one
      coordinate of ``gradient``);
    * ``"elementwise"``: ``x`` is an array, ``f`` acts on each element (``derivative`` at an
      array), so every element has its own step;
    * ``"vector"``: ``x`` is a float and ``f(x)`` an array of m numbers (one column of
      ``jacobian`` or ``hessian``), one step for all of them.

    Steps have the shape of ``x``, values the shape of ``f(x)``.
    """

    def __init__(self, f: Callable[[Any], Any], x: Any, fx: Any, kind: str) -> None:
        self.f = f
        self.x = x
        self.fx = fx
        self.kind = kind
        self.scale: Any = max(1.0, abs(x)) if kind != "elementwise" else np.maximum(1.0, abs(x))
        self.out_shape: tuple[int, ...] | None = None if kind == "scalar" else np.shape(fx)

    def full(self, value: Any) -> Any:
        """An array of ``value`` shaped like f's values (or ``value`` itself for a scalar)."""
        return value if self.out_shape is None else np.full(self.out_shape, value)

    def bad_steps(self, values: Sequence[Any]) -> Any:
        """Where (per step) any of the ``values`` is not finite."""
        bad = _nonfinite(values[0])
        for value in values[1:]:
            bad = bad | _nonfinite(value)
        return _any(bad) if self.kind == "vector" else bad

    def per_step(self, values: Any) -> Any:
        """The smallest of the ``values`` that share a step (a float for a scalar step)."""
        if self.kind == "vector":
            return float(np.fmin.reduce(np.ravel(values)))
        return values

    def steps_to_values(self, mask: Any) -> Any:
        """A per-step mask spread over the values (one step serves m values in a column)."""
        if self.kind == "vector":
            return np.full(self.out_shape or (), bool(mask))
        return mask

    def real(self, t: Any) -> Any:
        """f at real ``t``; NaN where f is undefined there (NaN, inf, or a domain error)."""
        try:
            value = self.f(t)
            value = _real_values(value, self.out_shape, self.kind)
        except (ValueError, ArithmeticError, _ComplexOutput):
            # Outside f's real domain. Shape errors were caught at x, where they are raised.
            return self.full(math.nan)
        if self.kind == "scalar":
            return value if math.isfinite(value) else math.nan
        return np.where(np.isfinite(value), value, np.nan)

    def complex_step(self, h: Any) -> Any:
        """``Im f(x + ih) / h``, or :class:`_NoComplexStep` if f cannot take the complex step."""
        z = complex(self.x, h) if self.kind != "elementwise" else self.x + 1j * h
        try:
            value = self.f(z)
        except Exception as exc:  # any refusal of complex input means: no complex step
            raise _NoComplexStep(
                f"f raised {type(exc).__name__} when given complex input ({exc})"
            ) from exc
        return _complex_values(value, self.out_shape, self.kind).imag / h


def _quiet() -> warnings.catch_warnings[None]:
    """Silence the warnings f gives at trial points (log of a negative number, overflow).

    NumPy reports floating-point trouble as ``RuntimeWarning``, and a complex array cast to
    float as ``ComplexWarning``, a subclass: both are expected while probing f, and every
    result is checked for finiteness instead. Work on arrays also runs under
    ``np.errstate``, in case a user has made NumPy raise on floating-point errors; scalar
    work is done on Python floats, which never consult NumPy's error state.
    """
    return warnings.catch_warnings(action="ignore", category=RuntimeWarning)


def _real_values(value: Any, shape: tuple[int, ...] | None, kind: str) -> Any:
    """f's output as a float (``shape`` None) or a float64 array of ``shape``; else an error."""
    if shape is None:
        if isinstance(value, float):  # float and np.float64: the common case, kept fast
            return float(value)
        if isinstance(value, bool | np.bool_) or isinstance(value, str | bytes):
            raise TypeError(f"f must return a real number, got {describe(value)}")
        if isinstance(value, int | np.integer | np.floating):
            return float(value)
        array = _numeric_array(value)
        if array.size != 1:
            raise ValueError(
                f"f must return a single number for a scalar x, got an array of shape "
                f"{array.shape}; for a vector-valued f use mlcalc.jacobian"
            )
        return float(array.reshape(()))
    array = _numeric_array(value)
    if kind == "vector":
        if array.size != math.prod(shape):
            raise ValueError(
                f"f must return the same number of outputs at every point: {math.prod(shape)} "
                f"at x, but {array.size} at a nearby point"
            )
        return array.astype(np.float64).reshape(shape)
    if array.shape != shape:
        raise ValueError(
            f"f must return an array shaped like x {shape} (f acting elementwise), got shape "
            f"{array.shape}; for f: R^n -> R use mlcalc.gradient, for R^n -> R^m "
            f"mlcalc.jacobian"
        )
    return array.astype(np.float64)


def _numeric_array(value: Any) -> np.ndarray:
    if value is None or isinstance(value, str | bytes):
        raise TypeError(f"f must return numbers, got {describe(value)}")
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as exc:
        raise TypeError(f"f must return numbers: {exc}") from None
    if array.dtype.kind == "c":
        raise _ComplexOutput(
            f"f must return real numbers for real x, got complex values {describe(value)}"
        )
    if array.dtype.kind not in "iuf":
        raise TypeError(f"f must return numbers, got {describe(value)}")
    return array


def _complex_values(value: Any, shape: tuple[int, ...] | None, kind: str) -> Any:
    """f's output at complex input, which must be complex: a real one means Im was dropped."""
    if isinstance(value, complex):  # complex and np.complex128
        if shape is None:
            return complex(value)
        value = np.asarray(value)
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as exc:
        raise _NoComplexStep(f"f returned something that is not numbers ({exc})") from None
    if array.dtype.kind != "c":
        raise _NoComplexStep(
            f"f returned real values for complex input ({describe(value)}): it drops the "
            "imaginary part somewhere (abs, a cast to float, np.real, ...)"
        )
    if shape is None:
        if array.size != 1:
            raise _NoComplexStep(f"f returned shape {array.shape} for complex input")
        return complex(array.reshape(()))
    expected = math.prod(shape)
    if array.size != expected or (kind == "elementwise" and array.shape != shape):
        raise _NoComplexStep(f"f returned shape {array.shape} for complex input")
    return array.reshape(shape)


def _step(target: _Target, h: Any) -> Any:
    """``h`` made exact: x + h is a float, and h = (x + h) - x (never below what x resolves)."""
    floor = _MIN_STEP * abs(target.x) + _TINY_STEP
    h = _where(h > floor, h, floor)
    return (target.x + h) - target.x


# --------------------------------------------------------------------------------------------
# Plain difference quotients
# --------------------------------------------------------------------------------------------


def _probe(
    target: _Target, h: Any, offsets: Sequence[int], *, fixed: bool
) -> tuple[list[Any], list[Any], Any]:
    """f at x + k h for k in ``offsets``, shrinking h wherever one of those values is not finite.

    Returns the points, the values and a per-step mask of where f stayed non-finite even at
    the smallest step tried. A step given by the user (``fixed``) is never changed: a
    non-finite value there is the caller's error to report.
    """
    for _ in range(_MAX_SHRINKS):
        h = _step(target, h)
        points = [target.x + k * h for k in offsets]
        values = [target.real(p) for p in points]
        bad = target.bad_steps(values)
        if not _any(bad):
            return points, values, bad
        if fixed:
            raise ValueError(
                f"h = {describe(h)} steps to a point where f is not finite "
                f"(x + k*h for k in {tuple(offsets)}); choose a smaller h or leave h=None"
            )
        h = _where(bad, h / _SHRINK, h)
    return points, values, bad


def _one_sided(target: _Target, h: Any, direction: int) -> tuple[Any, Any]:
    r"""Second-order one-sided difference from x, x + a, x + b (a = h, b = 2h to one side).

    :math:`f'(x) \approx -\frac{a+b}{ab} f(x) + \frac{b}{a(b-a)} f(x+a) - \frac{a}{b(b-a)} f(x+b)`
    (the Lagrange formula for uneven points, so rounded points cost nothing). Error ~ h^2.
    """
    points, (f1, f2), bad = _probe(target, h, (direction, 2 * direction), fixed=False)
    used = abs(points[0] - target.x)
    shrunk = (used < h / 2) & _not(bad)
    if _any(shrunk):  # as in _one_step: the distance to the edge becomes the scale
        h = _where(shrunk, _CENTRAL_STEP * used, h)
        points, (f1, f2), bad = _probe(target, h, (direction, 2 * direction), fixed=False)
    a = points[0] - target.x
    b = points[1] - target.x
    slope = -(a + b) / (a * b) * target.fx + b / (a * (b - a)) * f1 - a / (b * (b - a)) * f2
    return slope, bad


def _forward(target: _Target, h: float | None) -> Any:
    return _one_step(target, h, +1)


def _backward(target: _Target, h: float | None) -> Any:
    return _one_step(target, h, -1)


def _one_step(target: _Target, h: float | None, direction: int) -> Any:
    step = _FORWARD_STEP * target.scale if h is None else h
    (point,), (value,), bad = _probe(target, step, (direction,), fixed=h is not None)
    if h is None:
        # Where the step had to shrink, a domain edge lies about one step away and f changes
        # over that distance: it becomes the scale of the step, as max(1, |x|) was.
        used = abs(point - target.x)
        shrunk = (used < step / 2) & _not(bad)
        if _any(shrunk):
            step = _where(shrunk, _FORWARD_STEP * used, step)
            (point,), (value,), bad = _probe(target, step, (direction,), fixed=False)
    if _any(bad):
        side = "right" if direction > 0 else "left"
        other = "backward" if direction > 0 else "forward"
        raise ValueError(
            f"f is not finite just {side} of x = {describe(_first(target.x, bad))}, even "
            f"at the smallest steps tried; try method='{other}' or 'auto'"
        )
    return (value - target.fx) / (point - target.x)


def _central(target: _Target, h: float | None) -> Any:
    if h is not None:
        (plus, minus), (f_plus, f_minus), _ = _probe(target, h, (1, -1), fixed=True)
        return (f_plus - f_minus) / (plus - minus)
    step = _CENTRAL_STEP * target.scale
    (plus, minus), (f_plus, f_minus), bad = _probe(target, step, (1, -1), fixed=False)
    slope = (f_plus - f_minus) / (plus - minus)
    # The default step assumes that f's slope changes over lengths ~ max(1, |x|). Near the
    # edge of log's or sqrt's domain it changes over ~|x| instead, and the truncation error
    # (h / length)^2 grows. The length |f'/f''| is estimated from the same three points;
    # where it is much shorter, the difference is redone with eps^(1/3) times that length,
    # but never so short that rounding of f (eps |f| / (h |f'|) relative) would exceed
    # 1e-8: near a zero of f' (cos at 1e-8) the length is tiny and the step must not be.
    half = (plus - minus) / 2
    curvature = abs(f_plus - 2 * target.fx + f_minus) / half / half
    length = _ratio(abs(slope), curvature)
    floor = _ratio(EPS * abs(target.fx), _CENTRAL_STEP * _ROUNDING_BUDGET * abs(slope))
    local = target.per_step(_fmin(target.scale, _fmax(length, floor)))
    shorter = (local < target.scale / _SHRINK) & _not(bad)
    if _any(shorter):
        step = _where(shorter, _CENTRAL_STEP * local, step)
        (plus, minus), (f_plus, f_minus), bad_again = _probe(target, step, (1, -1), fixed=False)
        redone = target.steps_to_values(shorter & _not(bad_again))
        slope = _where(redone, (f_plus - f_minus) / (plus - minus), slope)
    if not _any(bad):
        return slope
    # f is undefined on one side of x however small the step: use the other side.
    for direction in (+1, -1):
        one_sided, still_bad = _one_sided(target, _CENTRAL_STEP * target.scale, direction)
        use = bad & _not(still_bad)
        slope = _where(target.steps_to_values(use), one_sided, slope)
        bad = bad & still_bad
    if _any(bad):
        raise ValueError(
            f"f is not finite on either side of x = {describe(_first(target.x, bad))}, "
            "so no difference quotient can be formed"
        )
    return slope


def _ratio(numerator: Any, denominator: Any) -> Any:
    """numerator / denominator, infinite where the denominator is 0 (for floats and arrays)."""
    if isinstance(denominator, float):
        return numerator / denominator if denominator > 0 else math.inf
    return np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1), np.inf)


def _complex(target: _Target, h: float | None) -> Any:
    step = _COMPLEX_STEP * target.scale if h is None else h
    try:
        return target.complex_step(step)
    except _NoComplexStep as exc:
        raise TypeError(
            f"method='complex' needs f to accept complex input and return complex output, "
            f"but {exc}. Use method='auto', which checks this and falls back to real "
            "differences"
        ) from exc


def _first(x: Any, mask: Any) -> Any:
    """The first point of ``x`` where ``mask`` holds, for error messages."""
    if isinstance(mask, bool | np.bool_) or np.ndim(x) == 0:
        return x
    return np.asarray(x)[np.asarray(mask)][0]


# --------------------------------------------------------------------------------------------
# Richardson extrapolation
# --------------------------------------------------------------------------------------------


class _Table(NamedTuple):
    """What a Richardson table found, per value of f."""

    best: Any  # the entry with the smallest error estimate
    error: Any  # its error estimate (truncation, as the table sees it, plus rounding)
    noise: Any  # the rounding part: what f's rounded values alone leave uncertain
    seen: Any  # the largest difference quotient met: a yardstick where f' is ~0


def _extrapolate(
    target: _Target,
    estimate: Callable[[Any], tuple[Any, Any]],
    h0: Any,
    powers: Sequence[int],
    *,
    live: Any = True,
) -> _Table:
    r"""Extrapolate ``estimate(h)`` to h -> 0 as h halves row by row (a Neville table).

    If :math:`D(h) = D + c_1 h^{p_1} + c_2 h^{p_2} + \dots` (``powers`` lists the
    :math:`p_j`), each column of the table removes one more term:
    :math:`T_{k,j} = T_{k,j-1} + (T_{k,j-1} - T_{k-1,j-1}) / (2^{p_j} - 1)`. The error of an
    entry is estimated by how far it moved from its two neighbours plus the rounding noise
    of its row (``estimate`` returns a value and that noise), and the entry with the
    smallest estimate so far is kept (the idea of Ridders' method); its error is reported as
    the larger of its own estimate and that of the entry below it. Rows stop, for each
    value, once the best estimate is both small (1e-8 relative) and three rows old, or
    settled (see :func:`_settled`) and eight rows old (rounding has taken over), or when h is
    down to noise level. An estimate that has not settled keeps the rows going: the first
    steps may be far wider than the region where f is smooth (1/x at x = 1e-6). Quotients
    that drift like c/h, beyond rounding, come from a kink or a pole nearer than h: while
    they do, the best entry so far loses its standing.

    A row where f is not finite divides that step by 8 instead of 2 and is NaN; NaN then
    spreads through that row's table entries, which restarts the table below the edge.
    """
    best = target.full(math.nan)
    error = target.full(math.inf)
    best_noise = target.full(math.nan)
    best_column = target.full(-1)
    below = target.full(0.0)  # error estimate of the entry just below the best one
    seen = target.full(0.0)
    since = target.full(0)
    live = target.full(True) & live
    trend = target.full(0)  # rows in a row whose quotient drifted further (see below)
    last_value, last_change = target.full(math.nan), target.full(math.nan)
    h_min = _MIN_ROW_STEP * target.scale
    h = h0
    previous: list[Any] = []
    for _ in range(_MAX_ROWS):
        value, noise = estimate(h)
        row = [value]
        seen = _where(abs(value) > seen, abs(value), seen)
        improved = target.full(False)
        for j in range(1, min(len(previous), len(powers)) + 1):
            entry = row[j - 1] + (row[j - 1] - previous[j - 1]) / (2.0 ** powers[j - 1] - 1.0)
            entry_error = abs(entry - row[j - 1]) + abs(entry - previous[j - 1]) + 2 * noise
            below = _where((best_column == j) & (since == 0), entry_error, below)
            better = (entry_error < error) & live
            best = _where(better, entry, best)
            error = _where(better, entry_error, error)
            best_noise = _where(better, noise, best_noise)
            below = _where(better, entry_error, below)
            best_column = _where(better, j, best_column)
            improved = improved | better
            row.append(entry)
        previous = row
        since = _where(improved, 0, _where(error < math.inf, since + 1, 0))
        finished = (since >= 3) & (error <= 1e-8 * abs(best))
        # A kink or a pole closer to x than h makes the quotients drift steadily, like
        # c/h, as h halves: each change has the sign of the last and at least 1.5 times
        # its size (truncation error shrinks instead). Rounding can drift like c/h too,
        # but with c at the rounding level of terms of size max(1, |x|): such changes
        # (log(1 + x^2) at x = 1e-8, say) are not counted.
        change = value - last_value
        rounding = _DRIFT * (_NOISE * target.scale / h + noise)
        growing = (
            (change * last_change > 0)
            & (abs(change) >= 1.5 * abs(last_change))
            & (abs(change) > rounding)
        )
        trend = _where(growing, trend + 1, 0)
        last_value, last_change = value, change
        # While they drift, every entry so far mixes in the far side of the kink or the
        # pole: forget how good the best one looked, so that any entry from a row with h
        # below that distance replaces it, and the table neither stops nor ends on a value
        # that merely looks settled. (best itself stays: NaN there means f is undefined.)
        drifting = trend >= 3
        error = _where(drifting, math.inf, error)
        best_column = _where(drifting, -1, best_column)
        below = _where(drifting, 0.0, below)
        since = _where(drifting, 0, since)
        # Rounding has taken over once the best entry is settled and eight rows old.
        settled = _settled(_Table(best, error, best_noise, seen))
        finished = finished | ((since >= 8) & settled)
        bad = target.bad_steps([value])
        # An edge of f's domain lies within h of x: from now on lengths are measured
        # against that distance, not against max(1, |x|).
        h_min = _where(bad & (_MIN_ROW_STEP * h < h_min), _MIN_ROW_STEP * h, h_min)
        h = _where(bad, h / _SHRINK, h / 2.0)
        live = live & _not(finished) & target.steps_to_values(h >= h_min)
        if not _any(live):
            break
    # The smallest of many error estimates is biased low: where f's values are noisy (or
    # coarsely rounded) two entries can agree by chance. The entry below the best one, in
    # the same column, checks that the agreement persisted.
    return _Table(best, _where(below > error, below, error), best_noise, seen)


def _central_estimate(target: _Target) -> Callable[[Any], tuple[Any, Any]]:
    """h -> the central difference at h and its rounding noise (from the values used)."""

    def estimate(h: Any) -> tuple[Any, Any]:
        h = _step(target, h)
        plus, minus = target.x + h, target.x - h
        f_plus, f_minus = target.real(plus), target.real(minus)
        width = plus - minus
        return (f_plus - f_minus) / width, _NOISE * (abs(f_plus) + abs(f_minus)) / width

    return estimate


def _one_sided_estimate(target: _Target, direction: int) -> Callable[[Any], tuple[Any, Any]]:
    """h -> the three-point one-sided difference at h (see :func:`_one_sided`), its noise."""

    def estimate(h: Any) -> tuple[Any, Any]:
        h = _step(target, h)
        near, far = target.x + direction * h, target.x + 2 * direction * h
        a, b = near - target.x, far - target.x
        w0, w1, w2 = -(a + b) / (a * b), b / (a * (b - a)), -a / (b * (b - a))
        f1, f2 = target.real(near), target.real(far)
        value = w0 * target.fx + w1 * f1 + w2 * f2
        return value, _NOISE * (abs(w0 * target.fx) + abs(w1 * f1) + abs(w2 * f2))

    return estimate


def _settled(table: _Table) -> Any:
    """Whether an extrapolated value is known to 5%, or as well as f's rounding permits.

    Where f' is 0 (x^2 at 0) no relative measure works; there the error is also compared
    with the largest difference quotient met on the way down.
    """
    # 8: the reported error may come from the row below the best, whose rounding noise is
    # twice as large (half the step), and counts that noise twice (2 * noise per entry).
    return table.error <= _SETTLED * abs(table.best) + 1e-12 * table.seen + 8 * table.noise


def _richardson_parts(target: _Target, h: float | None, live: Any = True) -> tuple[Any, ...]:
    """Richardson estimate, its error estimate, whether it settled, and where f has a kink.

    Central differences first. Where their table does not settle (f undefined on one side,
    or a kink or a jump within the first steps), one-sided tables from each side are tried:
    if both settle and disagree, f has a kink at x.
    """
    if h is not None and _any(h < 2 * _MIN_ROW_STEP * target.scale):
        raise ValueError(
            f"h = {h!r} is too small for Richardson extrapolation at this x: its rows halve "
            f"the step and stop at {_MIN_ROW_STEP:g} * max(1, |x|), where rounding is all "
            f"that is left; pass h of at least {2 * _MIN_ROW_STEP:g} * max(1, |x|), or "
            "h=None for the default"
        )
    h0 = _RICHARDSON_STEP * target.scale if h is None else h
    central = _extrapolate(target, _central_estimate(target), h0, _EVEN_POWERS, live=live)
    best, error = central.best, central.error
    settled = _settled(central) | _not(target.full(True) & live)
    kink = target.full(False)
    if _all(settled):
        return best, error, settled, kink, best, best
    sides = []
    for direction in (+1, -1):
        estimate = _one_sided_estimate(target, direction)
        side = _extrapolate(target, estimate, h0, _ALL_POWERS, live=_not(settled))
        sides.append((side.best, side.error, _settled(side) & _not(settled)))
    (right, right_error, right_ok), (left, left_error, left_ok) = sides
    agree = abs(right - left) <= 4.0 * (right_error + left_error) + _AGREE * abs(right)
    kink = right_ok & left_ok & _not(agree)
    # One side alone is trusted only where f is undefined on the other (a domain edge).
    # Where f is defined there but that side never settles, f jumps or has an infinite
    # slope at x: float(x > 0) at 0 is flat from the left, yet has no derivative.
    right_alone = right_ok & _nonfinite(left)
    left_alone = left_ok & _nonfinite(right)
    take_right = right_ok & ((left_ok & (right_error <= left_error)) | right_alone)
    take_left = left_ok & _not(take_right) & (right_ok | left_alone)
    best = _where(take_right, right, _where(take_left, left, best))
    error = _where(take_right, right_error, _where(take_left, left_error, error))
    settled = settled | take_right | take_left
    return best, error, settled, kink, right, left


def _require_derivative(target: _Target, parts: tuple[Any, ...], accepted: Any = False) -> None:
    """Refuse to return a number where the extrapolation found no derivative."""
    best, error, settled, kink = parts[:4]
    kink = kink & _not(accepted)
    if _any(kink):
        right, left = parts[4], parts[5]
        where = _first(target.x, kink) if target.kind == "elementwise" else target.x
        raise ValueError(
            f"f is not differentiable at x = {where!r}: the slope from the right "
            f"({_first(right, kink)!r}) differs from the slope from the left "
            f"({_first(left, kink)!r}); f has a kink at x or within ~1e-10 of it"
        )
    unsettled = _not(settled | accepted)
    if _any(unsettled):
        where = _first(target.x, unsettled) if target.kind == "elementwise" else target.x
        estimate = _first(best, unsettled)
        if not math.isfinite(estimate):
            right, left = _first(parts[4], unsettled), _first(parts[5], unsettled)
            raise ValueError(
                f"f does not seem to have a finite derivative at x = {where!r}: f is undefined "
                f"on one side of x and the one-sided difference quotients keep changing as "
                f"the step shrinks (last estimates: right {right!r}, left {left!r}). x may be "
                "at the edge of f's domain, where the slope is infinite or not defined"
            )
        raise ValueError(
            f"f does not seem to have a finite derivative at x = {where!r}: difference "
            f"quotients keep changing as the step shrinks (estimate {estimate!r}, error "
            f"estimate {_first(error, unsettled)!r}). f may jump at x, have an infinite "
            "slope there, or be too noisy"
        )


def _richardson(target: _Target, h: float | None) -> Any:
    parts = _richardson_parts(target, h)
    _require_derivative(target, parts)
    return parts[0]


# --------------------------------------------------------------------------------------------
# auto: the complex step, checked
# --------------------------------------------------------------------------------------------


def _confirm(target: _Target, slope: Any, step: Any) -> tuple[Any, Any]:
    r"""Check a complex-step ``slope`` against real differences at step h (3 calls of f).

    For code analytic in x, the central difference and the complex step *at the same h*
    err in opposite directions,

    .. math:: D(h) = f' + \tfrac{h^2}{6} f''' + O(h^4), \qquad
              C(h) = \operatorname{Im} f(x+ih)/h = f' - \tfrac{h^2}{6} f''' + O(h^4),

    so D(h) + C(h) - 2 ``slope`` is O(h^4) plus the rounding of f's values. Code that is not
    analytic (abs, np.real, a cast inside) makes C follow a different function from D,
    and the sum misses by the difference of their slopes. Accepted where that residual is
    within the tolerance (twice the rounding noise of D, plus 1e-3 |D - C| for the O(h^4)
    terms), provided the tolerance itself is within 1e-6 of |slope|: else the check says
    nothing, and the caller moves on to a better one. Also returns the length over which
    f's slope changes, |f'/f''|, estimated from the same points.
    """
    x = target.x
    step = _step(target, step)
    plus, minus = x + step, x - step
    f_plus, f_minus = target.real(plus), target.real(minus)
    try:
        moderate = target.complex_step(step)
    except _NoComplexStep:
        moderate = target.full(math.nan)
    central = (f_plus - f_minus) / (plus - minus)
    noise = _NOISE * (abs(f_plus) + abs(f_minus)) / (plus - minus)
    tolerance = 2 * noise + 1e-3 * abs(central - moderate)
    residual = abs(central + moderate - 2 * slope)
    accepted = (residual <= tolerance) & (tolerance <= _CHECK_CAP * abs(slope))
    if _all(accepted):
        return accepted, target.scale
    curvature = abs(f_plus - 2 * target.fx + f_minus) / step / step
    length = _ratio(abs(central), curvature)
    # f undefined within h of x: a domain edge is that close, so f changes over <= h.
    edge = _nonfinite(f_plus) | _nonfinite(f_minus)
    return accepted, _where(edge, step / 2, length)


def _auto_parts(target: _Target, h: float | None) -> tuple[Any, Any]:
    """The auto estimate and where it is the (verified) complex step.

    1. Try the complex step. It is rejected outright if f raises on complex input or returns
       real numbers.
    2. Check it cheaply (:func:`_confirm`, 3 calls) at the central step eps^(1/3) max(1,|x|).
    3. Where that cannot decide because f changes over a much shorter length L than the
       step assumed (near log's edge at 0, say), check again at a step ~eps^(1/3) L that
       suits that length (3 more calls).
    4. Where it still fails, run Richardson extrapolation and accept the complex step where
       it agrees within 4x the extrapolation's error estimate or 1e-9 relative; elsewhere
       return the Richardson value (refusing, as ``richardson`` does, where no derivative
       exists). So a complex step is only returned within ~1e-9 (or the error bound) of an
       independent real-arithmetic estimate.

    The price of that rule: if f's own values carry far more than rounding error (say
    ``np.log(1 + u)`` for u ~ 1e-10, whose values are rounded to ~1e-6 relative), real
    differences cannot confirm the complex step and the Richardson value, limited by that
    noise, is returned.
    """
    try:
        complex_slope = target.complex_step(_COMPLEX_STEP * target.scale)
    except _NoComplexStep:
        parts = _richardson_parts(target, h)
        _require_derivative(target, parts)
        return parts[0], target.full(False)
    accepted, length = _confirm(target, complex_slope, _CENTRAL_STEP * target.scale)
    if _all(accepted):
        return complex_slope, accepted
    local = target.per_step(_fmin(target.scale, length))
    closer = (local < target.scale / _SHRINK) & target.steps_to_values(True)
    if _any(closer & _not(accepted)):
        # The check's error is ~ (h / L)^2 |f'| (truncation) + N / h (rounding of f, with
        # N = 4 * 64 eps |f|). eps^(1/3) L balances them when |f| ~ |f'| L; where f is
        # large next to its change over L (arcsin just below 1) the balance lies higher.
        noise = 4 * _NOISE * abs(target.fx)
        balance = _ratio(noise * local * local, abs(complex_slope)) ** (1 / 3)
        step = _fmax(_CENTRAL_STEP * local, target.per_step(balance))
        accepted_closer, _ = _confirm(target, complex_slope, step)
        accepted = accepted | (closer & accepted_closer)
        if _all(accepted):
            return complex_slope, accepted
    parts = _richardson_parts(target, h, live=_not(accepted))
    best, error = parts[0], parts[1]
    agree = abs(complex_slope - best) <= 4.0 * error + _AGREE * abs(best)
    accepted = accepted | agree
    _require_derivative(target, parts, accepted)
    return _where(accepted, complex_slope, best), accepted


def _auto(target: _Target, h: float | None) -> Any:
    return _auto_parts(target, h)[0]


_ALGORITHMS: dict[str, Callable[[_Target, float | None], Any]] = {
    "auto": _auto,
    "forward": _forward,
    "backward": _backward,
    "central": _central,
    "complex": _complex,
    "richardson": _richardson,
}


# --------------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------------


def _check_options(method: Any, h: Any) -> tuple[str, float | None]:
    if not isinstance(method, str):
        raise TypeError(f"method must be a string, one of {METHODS}, got {describe(method)}")
    method = one_of(method, "method", METHODS)
    return method, None if h is None else positive_real(h, "h")


def _value_at(f: Callable[[Any], Any], x: Any, shape: tuple[int, ...] | None, kind: str) -> Any:
    """f(x), checked: numbers of the right shape, all finite."""
    try:
        value = f(x)
    except (ValueError, TypeError) as exc:
        if kind != "elementwise":
            if isinstance(exc, TypeError):
                raise
            raise ValueError(
                f"f must be defined at x = {x!r}, but f(x) raised {type(exc).__name__}: {exc}"
            ) from exc
        raise TypeError(
            f"f must accept a NumPy array and act on each element when x is an array, but "
            f"f(x) raised {type(exc).__name__}: {exc}. Write f with NumPy functions "
            "(np.where instead of if) or call derivative once per number"
        ) from exc
    except ArithmeticError as exc:
        raise ValueError(
            f"f must be defined at x, but f(x) raised {type(exc).__name__}: {exc}"
        ) from exc
    try:
        value = _real_values(value, shape, kind)
    except _ComplexOutput as exc:
        raise TypeError(str(exc)) from None
    if not _all_finite(value):
        where = np.asarray(x)[~np.isfinite(value)][0] if kind == "elementwise" else x
        raise ValueError(
            f"f must be finite at x, but f({where!r}) = "
            f"{_first(value, ~np.isfinite(value))!r}: there is no derivative to estimate"
        )
    return value


def _all_finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return bool(np.all(np.isfinite(value)))


def _finish(result: Any, what: str) -> Any:
    if not _all_finite(result):
        raise ValueError(
            f"the {what} of f came out non-finite ({result!r}): f overflows near x or its "
            "slope is infinite there"
        )
    return result


def derivative(
    f: Callable[[Any], Any], x: Any, *, method: str = "auto", h: float | None = None
) -> Any:
    r"""The derivative :math:`f'(x)`, estimated numerically.

    Parameters
    ----------
    f : callable
        A real function of one real variable. For an array ``x`` it must act elementwise
        (NumPy ufuncs do); for ``method="complex"`` it must accept complex input.
    x : float or array_like
        Where to differentiate. An array gives the derivative at each of its elements.
    method : {"auto", "forward", "backward", "central", "complex", "richardson"}
        ``forward`` :math:`\frac{f(x+h)-f(x)}{h}` (error ~ h),
        ``backward`` :math:`\frac{f(x)-f(x-h)}{h}`,
        ``central`` :math:`\frac{f(x+h)-f(x-h)}{2h}` (error ~ h^2),
        ``complex`` :math:`\operatorname{Im} f(x+ih)/h` (exact to rounding for analytic code,
        silently wrong for code that is not: ``abs``, branches, casts),
        ``richardson`` central differences at h, h/2, h/4, ... extrapolated to h = 0 with an
        error estimate, ``auto`` (default) the complex step where a check with real
        differences confirms it, Richardson elsewhere. See the module notes.
    h : float, optional
        The step (for ``richardson`` the first, largest one; for ``auto`` that of its
        Richardson fallback). ``None`` picks one for the method and the scale
        :math:`\max(1, |x|)`: :math:`\sqrt{\epsilon}` for forward/backward,
        :math:`\epsilon^{1/3}` for central, :math:`10^{-100}` for complex, :math:`1/8` for
        richardson, each times the scale. Where f is not finite at a trial point the step
        shrinks, and the distance to that edge becomes the scale; ``central`` also rescales
        to the length :math:`|f'/f''|` over which the slope changes where that is much
        shorter (log or sqrt near 0).

    Returns
    -------
    float or numpy.ndarray
        A float for a scalar ``x``, else an array shaped like ``x``.

    Raises
    ------
    TypeError, ValueError
        For a non-callable ``f``, a non-finite ``x``, an ``f`` that is not finite at ``x`` or
        returns something other than numbers of the right shape, an unknown ``method``, a
        step ``h`` that is not a positive finite number, ``method="complex"`` with an ``f``
        that refuses complex input, and (``richardson``, ``auto``) a point where ``f`` has
        no derivative (a jump, an infinite slope, different slopes from left and right).

    Notes
    -----
    Where f is not differentiable but the central quotient :math:`(f(x+h)-f(x-h))/2h`
    does not depend on h (``abs`` or ReLU at 0, also the cusp :math:`\sqrt{|x|}` at 0),
    ``auto`` and ``richardson`` return that symmetric derivative: 0 for ``abs``, 0.5 for
    ReLU. Elsewhere a kink, jump or infinite slope at x raises a ``ValueError``.

    Examples
    --------
    >>> derivative(lambda x: x**2, 3.0)
    6.0
    >>> derivative(np.sin, [0.0, np.pi])
    array([ 1., -1.])
    """
    f = require_callable(f, "f")
    method, step = _check_options(method, h)
    if not isinstance(x, list | tuple) and not (isinstance(x, np.ndarray) and x.ndim > 0):
        point = x if type(x) is float and math.isfinite(x) else as_real_scalar(x, "x")
        # f gets Python floats and complex numbers here: NumPy's floating-point error state
        # is all that can warn (a cast of a complex scalar to float raises instead), and
        # silencing it costs half as much as the warnings machinery.
        with np.errstate(all="ignore"):
            target = _Target(f, point, _value_at(f, point, None, "scalar"), "scalar")
            return float(_finish(_ALGORITHMS[method](target, step), "derivative"))
    with _quiet(), np.errstate(all="ignore"):
        points = as_real_array(x, "x")
        values = _value_at(f, points.copy(), points.shape, "elementwise")
        target = _Target(f, points, values, "elementwise")
        return np.asarray(_finish(_ALGORITHMS[method](target, step), "derivative"), float)


def _replace(x: np.ndarray, index: int) -> Callable[[Any], Any]:
    """t -> a copy of x with element ``index`` (of the flattened x) set to t."""

    def point(t: Any) -> np.ndarray:
        y = x.astype(np.complex128) if isinstance(t, complex) else x.copy()
        y.flat[index] = t
        return y

    return point


def _along(f: Callable[[Any], Any], x: np.ndarray, index: int) -> Callable[[Any], Any]:
    point = _replace(x, index)
    return lambda t: f(point(t))


def _prepare(f: Any, x: Any, method: Any, h: Any) -> tuple[Any, np.ndarray, str, float | None]:
    f = require_callable(f, "f")
    method, step = _check_options(method, h)
    return f, as_real_array(x, "x"), method, step


def _call_at(f: Callable[[Any], Any], x: np.ndarray) -> Any:
    """f(x) on a copy of x; f failing there (log of a negative, say) is named as such."""
    try:
        return f(x.copy())
    except (ValueError, ArithmeticError) as exc:
        raise ValueError(
            f"f must be defined at x = {x!r}, but f(x) raised {type(exc).__name__}: {exc}"
        ) from exc


def _scalar_value_at(f: Callable[[Any], Any], x: np.ndarray, what: str) -> float:
    """f(x) for f: R^n -> R, checked to be one finite number."""
    value = _call_at(f, x)
    if isinstance(value, np.ndarray | list | tuple) and np.size(value) != 1:
        raise ValueError(
            f"f must return a single number for {what} (f: R^n -> R), got an array of "
            f"shape {np.shape(value)}; for a vector-valued f use mlcalc.jacobian"
        )
    return float(_value_at(lambda _: value, x, None, "scalar"))


def gradient(
    f: Callable[[np.ndarray], Any], x: Any, *, method: str = "auto", h: float | None = None
) -> np.ndarray:
    r"""The gradient :math:`\nabla f(x) = (\partial f/\partial x_1, \dots, \partial f/\partial x_n)`
    of f: R^n -> R.

    Each partial derivative is :func:`derivative` of f along one coordinate, with the same
    ``method`` and ``h`` (so ``auto`` is exact to rounding for analytic f, and the complex
    step works here: f receives a complex array).

    Parameters
    ----------
    f : callable
        f: R^n -> R, called with an array shaped like ``x``; must return one number.
    x : array_like
        The point; any shape (a weight matrix is fine).
    method, h
        As in :func:`derivative`; a given ``h`` is the step for every coordinate.

    Returns
    -------
    numpy.ndarray
        Shaped like ``x``.

    Examples
    --------
    >>> gradient(lambda v: v[0] ** 2 + 3 * v[1], [1.0, 2.0])
    array([2., 3.])
    """
    f, point, method, step = _prepare(f, x, method, h)
    value = _scalar_value_at(f, point, "gradient")
    result = np.empty_like(point)
    with _quiet():
        for index in range(point.size):
            coordinate = float(point.flat[index])
            target = _Target(_along(f, point, index), coordinate, value, "scalar")
            result.flat[index] = _ALGORITHMS[method](target, step)
    return _finish(result, "gradient")


def jacobian(
    f: Callable[[np.ndarray], Any], x: Any, *, method: str = "auto", h: float | None = None
) -> np.ndarray:
    r"""The Jacobian :math:`J_{ij} = \partial f_i / \partial x_j` of f: R^n -> R^m.

    Column j is the derivative of the m outputs along coordinate j (``method`` and ``h`` as
    in :func:`derivative`; for ``auto`` the complex step is checked output by output).

    Parameters
    ----------
    f : callable
        Called with an array shaped like ``x``; returns m numbers (any shape: they are
        flattened in C order). A single number gives a 1 x n Jacobian.
    x : array_like
        The point (flattened in C order to n coordinates).

    Returns
    -------
    numpy.ndarray
        Shape (m, n).

    Examples
    --------
    >>> jacobian(lambda v: np.array([v[0] * v[1], v[0] + v[1]]), [2.0, 3.0])
    array([[3., 2.],
           [1., 1.]])
    """
    f, point, method, step = _prepare(f, x, method, h)
    first = _call_at(f, point)
    shape = np.shape(_numeric_array(first))
    if math.prod(shape) == 0:
        raise ValueError("f must return at least one number, got an empty array")
    value = _value_at(lambda _: first, point, (math.prod(shape),), "vector")
    result = np.empty((value.size, point.size))
    with _quiet(), np.errstate(all="ignore"):
        for index in range(point.size):
            coordinate = float(point.flat[index])
            target = _Target(_along(f, point, index), coordinate, value, "vector")
            result[:, index] = _ALGORITHMS[method](target, step)
    return _finish(result, "jacobian")


def hessian(
    f: Callable[[np.ndarray], Any], x: Any, *, method: str = "auto", h: float | None = None
) -> np.ndarray:
    r"""The Hessian :math:`H_{ij} = \partial^2 f / \partial x_i \partial x_j` of f: R^n -> R.

    Schemes (all return a symmetric matrix). The errors are the largest entry error over
    the largest entry, measured against ``torch.autograd`` on a smooth test function of 3
    and 6 variables (``tests/test_differentiation.py``); calls of f for n variables:

    * ``auto`` (default): when the complex step is confirmed for the gradient at x (as in
      :func:`gradient`), column j is the Richardson-extrapolated central difference, along
      x_j, of the complex-step gradient: ~2e-14, about 20 n^2 calls. Otherwise it is
      ``richardson``.
    * ``richardson``: real second differences
      :math:`[f(x{+}h_ie_i{+}h_je_j) - f(x{+}h_ie_i{-}h_je_j) - f(x{-}h_ie_i{+}h_je_j)
      + f(x{-}h_ie_i{-}h_je_j)] / 4h_ih_j` (the three-point formula on the diagonal),
      extrapolated over h -> 0: ~1e-11, about 25 n^2 calls.
    * ``complex``: central differences (step eps^(1/3)) of the complex-step gradient:
      ~2e-10, about 2 n^2 calls.
    * ``central``: the second differences above at h = eps^(1/4) max(1,|x_i|): ~4e-8,
      about 2 n^2 calls.
    * ``forward`` / ``backward``: one-sided second differences
      :math:`[f(x+h_ie_i+h_je_j) - f(x+h_ie_i) - f(x+h_je_j) + f(x)]/h_ih_j`, h = eps^(1/3):
      ~2e-5, about n^2 / 2 calls.

    f must be finite on both sides of x along every coordinate (no one-sided fallback).

    Examples
    --------
    >>> hessian(lambda v: v[0] ** 2 * v[1] + v[1] ** 3, [1.0, 2.0]).round(8)
    array([[ 4.,  2.],
           [ 2., 12.]])
    """
    f, point, method, step = _prepare(f, x, method, h)
    value = _scalar_value_at(f, point, "hessian")
    flat = point.ravel()
    scale = np.maximum(1.0, np.abs(flat))

    def f_flat(y: np.ndarray) -> Any:
        return f(y.reshape(point.shape))

    with _quiet(), np.errstate(all="ignore"):
        use_complex = method == "complex"
        if method == "auto":
            use_complex = True
            for index in range(flat.size):
                target = _Target(_along(f_flat, flat, index), float(flat[index]), value, "scalar")
                if not _all(_auto_parts(target, step)[1]):
                    use_complex = False
                    break
        if use_complex:
            result = _complex_hessian(f_flat, flat, scale, method, step)
        else:
            result = _real_hessian(f_flat, flat, value, scale, method, step)
    return _finish((result + result.T) / 2.0, "hessian")


def _complex_gradient(
    f: Callable[[Any], Any], y: np.ndarray, scale: np.ndarray, *, strict: bool = False
) -> np.ndarray:
    """The gradient of f at y by the complex step; NaN where f is not finite there.

    ``strict``: raise :class:`_NoComplexStep` if f refuses complex input (at x itself, where
    that decides the method), rather than treating it as a point where f is undefined.
    """
    out = np.empty(y.size)
    for index in range(y.size):
        step = _COMPLEX_STEP * scale[index]
        z = y.astype(np.complex128)
        z[index] += 1j * step
        try:
            value = _complex_values(f(z), None, "scalar")
        except (ValueError, ArithmeticError):
            value = complex(math.nan, math.nan)
        except _NoComplexStep:
            if strict:
                raise
            value = complex(math.nan, math.nan)
        out[index] = value.imag / step
    return np.where(np.isfinite(out), out, np.nan)


def _gradient_along(
    f: Callable[[Any], Any], x: np.ndarray, index: int, scale: np.ndarray
) -> Callable[[float], np.ndarray]:
    """t -> the complex-step gradient of f at x with coordinate ``index`` set to t."""
    point = _replace(x, index)
    return lambda t: _complex_gradient(f, point(t), scale)


def _complex_hessian(
    f: Callable[[Any], Any], x: np.ndarray, scale: np.ndarray, method: str, h: float | None
) -> np.ndarray:
    try:
        gradient_at_x = _complex_gradient(f, x, scale, strict=True)
    except _NoComplexStep as exc:
        raise TypeError(
            f"method='complex' needs f to accept complex input and return complex output, "
            f"but {exc}. Use method='auto'"
        ) from exc
    result = np.empty((x.size, x.size))
    for index in range(x.size):
        along = _gradient_along(f, x, index, scale)
        target = _Target(along, float(x[index]), gradient_at_x, "vector")
        if method == "complex":
            result[:, index] = _central(target, h)
        else:
            h0 = _RICHARDSON_STEP * target.scale if h is None else h
            table = _extrapolate(target, _central_estimate(target), h0, _EVEN_POWERS)
            result[:, index] = _settled_hessian(table)
    return result


def _real_hessian(
    f: Callable[[Any], Any],
    x: np.ndarray,
    value: float,
    scale: np.ndarray,
    method: str,
    h: float | None,
) -> np.ndarray:
    steps = scale if h is None else np.full(x.size, 1.0)
    direction = {"forward": 1, "backward": -1}.get(method, 0)
    # One common factor c scales every coordinate's step; extrapolation runs over c.
    target = _Target(
        lambda c: _second_differences(f, x, value, c * steps, direction),
        0.0,
        np.full((x.size, x.size), value),
        "vector",
    )
    if method == "richardson" or method == "auto":

        def estimate(c: float) -> tuple[np.ndarray, np.ndarray]:
            # Four values of size ~|f| over a product of two steps: the rounding noise.
            noise = 4 * _NOISE * abs(value) / np.outer(c * steps, c * steps)
            return target.f(c), noise

        c0 = _RICHARDSON_STEP if h is None else h
        return _settled_hessian(_extrapolate(target, estimate, c0, _EVEN_POWERS))
    c = _HESSIAN_CENTRAL_STEP if direction == 0 else _HESSIAN_FORWARD_STEP
    c = c if h is None else h
    for _ in range(_MAX_SHRINKS):
        matrix = target.f(c)
        if np.all(np.isfinite(matrix)):
            return matrix
        if h is not None:
            raise ValueError(
                f"h = {h!r} steps to a point where f is not finite; choose a smaller h"
            )
        c /= _SHRINK
    raise ValueError("f is not finite at points around x, so no Hessian can be estimated")


def _settled_hessian(table: _Table) -> np.ndarray:
    """The extrapolated entries, or a ``ValueError`` where they never settled.

    Second differences of f at a kink (``abs`` at 0) grow like 1/h as h shrinks: the table
    then ends on whatever its last rows held, a number with no meaning.
    """
    # An entry that is 0 (a separable f) is judged against the size of the whole matrix.
    floor = 1e-8 * float(np.max(np.abs(table.best), initial=0.0))
    unsettled = ~(np.asarray(_settled(table)) | (np.asarray(table.error) <= floor))
    if np.any(unsettled):
        where = np.argwhere(unsettled.reshape(np.shape(table.best)))[0]
        entry = f"H[{', '.join(str(int(i)) for i in where)}]"
        raise ValueError(
            f"f does not seem to have finite second derivatives at x: the estimate of "
            f"{entry} keeps changing as the step shrinks (last {float(table.best[tuple(where)])!r}"
            "). f may have a kink or a jump at x (abs or relu at 0), an infinite curvature "
            "there, or be too noisy"
        )
    return np.asarray(table.best)


def _second_differences(
    f: Callable[[Any], Any], x: np.ndarray, value: float, steps: np.ndarray, direction: int
) -> np.ndarray:
    """Matrix of second differences of f at x (central if ``direction`` is 0); NaN if f fails.

    The evaluated points are rounded to floats, and the formulas divide by the distances
    between the points actually used.
    """
    n = x.size
    up = (x + steps) - x
    down = x - (x - steps)

    def at(moves: dict[int, float]) -> float:
        y = x.copy()
        for index, coordinate in moves.items():
            y[index] = coordinate
        try:
            out = _real_values(f(y), None, "scalar")
        except (ValueError, ArithmeticError):
            return math.nan
        return out if math.isfinite(out) else math.nan

    matrix = np.empty((n, n))
    if direction == 0:
        plus = [at({i: x[i] + up[i]}) for i in range(n)]
        minus = [at({i: x[i] - down[i]}) for i in range(n)]
        for i in range(n):
            a, b = up[i], down[i]
            matrix[i, i] = 2.0 * (b * plus[i] - (a + b) * value + a * minus[i]) / (a * b * (a + b))
            for j in range(i + 1, n):
                pp = at({i: x[i] + up[i], j: x[j] + up[j]})
                pm = at({i: x[i] + up[i], j: x[j] - down[j]})
                mp = at({i: x[i] - down[i], j: x[j] + up[j]})
                mm = at({i: x[i] - down[i], j: x[j] - down[j]})
                width = (up[i] + down[i]) * (up[j] + down[j])
                matrix[i, j] = matrix[j, i] = (pp - pm - mp + mm) / width
        return matrix
    step = up if direction > 0 else -down
    single = [at({i: x[i] + step[i]}) for i in range(n)]
    for i in range(n):
        double = at({i: x[i] + 2 * step[i]})
        matrix[i, i] = (double - 2.0 * single[i] + value) / step[i] ** 2
        for j in range(i + 1, n):
            both = at({i: x[i] + step[i], j: x[j] + step[j]})
            matrix[i, j] = matrix[j, i] = (both - single[i] - single[j] + value) / (
                step[i] * step[j]
            )
    return matrix


def check_grad(
    f: Callable[[np.ndarray], Any], grad_f: Callable[[np.ndarray], Any], x: Any
) -> float:
    r"""The largest relative error of ``grad_f(x)`` against a numerical gradient of ``f``.

    With :math:`g = ` ``grad_f(x)`` and :math:`n = ` ``gradient(f, x)`` (method ``auto``):

    .. math::
        \text{error} = \max_i \frac{|g_i - n_i|}{\max(|n_i|,\ \tau)}, \qquad
        \tau = \max(10^{-8} \max_k |n_k|,\ \text{tiny}),

    i.e. each component relative to its own size, except that components smaller than
    1e-8 of the largest one are measured against that floor (their own relative error would
    only measure rounding). ``tiny`` is the smallest normal float, so a zero gradient
    checked against a zero gradient gives 0. A correct ``grad_f`` typically gives ~1e-15;
    anything above ~1e-6 points to a mistake.

    Examples
    --------
    >>> check_grad(lambda v: np.sum(v**2), lambda v: 2 * v, [1.0, -2.0]) < 1e-12
    True
    """
    f = require_callable(f, "f")
    grad_f = require_callable(grad_f, "grad_f")
    point = as_real_array(x, "x")
    numeric = gradient(f, point)
    given = returned_reals(grad_f(point.copy()), "grad_f must return real numbers")
    if given.size != numeric.size:
        raise ValueError(
            f"grad_f must return one number per coordinate of x ({numeric.size}), got shape "
            f"{given.shape}"
        )
    given = given.reshape(numeric.shape)
    if not np.all(np.isfinite(given)):
        raise ValueError(f"grad_f returned non-finite values: {given!r}")
    floor = max(1e-8 * float(np.max(np.abs(numeric))), _TINY)
    return float(np.max(np.abs(given - numeric) / np.maximum(np.abs(numeric), floor)))
