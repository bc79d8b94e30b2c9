r"""Difference quotients and their step sizes: what chapter 2 teaches.

The default steps are multiples of the scale :math:`\max(1, |x|)` of the point, chosen where
the truncation error (:math:`h |f''|`, :math:`h^2 |f'''|`) and the rounding error
(:math:`\epsilon |f| / h`) balance.
Every step is made exact (x + h is a float and h = (x + h) - x), and a default step that
meets a point where f is not finite shrinks instead of crossing a domain edge.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np

from .._validate import (
    describe,
)
from .floats_or_arrays import any_of, first_where, fmax, fmin, negate, pick, ratio
from .line import Line, NoComplexStep

METHODS = ("auto", "forward", "backward", "central", "complex", "richardson")
EPS = float(np.finfo(np.float64).eps)
TINY = float(np.finfo(np.float64).tiny)

# Default steps, as multiples of the scale max(1, |x|) of the point, so that a step means the
# same thing at x = 3e6 as at x = 3 and never falls below what a float near x can resolve.
#
# Rounding model (chapter 2): each computed value of f is off by at most c eps |f|. Correctly
# rounded + - * / give c = 1/2; library functions such as np.exp and np.tanh are not correctly
# rounded (measured up to ~0.6 and ~0.8 eps) and short formulas add up more; c = 1 below.
# forward/backward: the error is h|f''|/2 (truncation) + 2 eps|f|/h (rounding of f); the sum
# is smallest near h = sqrt(eps) when f and f'' are of similar size: about 1e-8 relative.
FORWARD_STEP = math.sqrt(EPS)

# central: h^2 |f'''|/6 + eps|f|/h is smallest near h = eps^(1/3): about 1e-10 relative.
CENTRAL_STEP = EPS ** (1.0 / 3.0)

# complex step: nothing is subtracted, so h can be tiny. Its error h^2 |f'''| / 6 is below
# rounding for any f whose features are wider than ~1e-90, while Im f(x + ih) = h f'(x) stays a
# normal float (no underflow) as long as |f'(x)| > 1e-208: a wide margin on both sides. The
# step must also stay small next to x itself, for f that change over a length ~|x| (1/x at
# x = 1e-101), and next to 1 at huge x, for f that change over a length ~1 (sin at 1e300):
# see complex_step_size.
COMPLEX_STEP = 1e-100
COMPLEX_STEP_RELATIVE = 1e-10  # at most this times |x| (x != 0)...
COMPLEX_STEP_LARGEST = 1e-20  # ...and at most this, whatever the scale

# richardson: the first, largest step of the table. Extrapolation removes the h^2, h^4, ...
# terms, so a large first step is accurate for smooth f; for steep f the later rows (h halves
# each row) take over, and the entry with the smallest error estimate wins.
RICHARDSON_STEP = 0.125

# hessian by central second differences: h^2 |f''''|/12 + 4 eps|f|/h^2 is smallest near
# h = eps^(1/4): about 1e-8 relative. One-sided second differences: h ~ eps^(1/3), ~1e-5.
HESSIAN_CENTRAL_STEP = EPS**0.25
HESSIAN_FORWARD_STEP = EPS ** (1.0 / 3.0)

SHRINK = 8.0  # a default step that meets a non-finite value shrinks by this factor...
MAX_SHRINKS = 14  # ...at most this many times (8^14 ~ 4e12)
MIN_STEP = 64 * EPS  # never below this multiple of |x|: x + h must differ from x...
TINY_STEP = 1e-290  # ...nor below this, where x is 0 (the steps then stay normal floats)
NOISE = 64 * EPS  # rounding allowance, relative to |f|, for differences of f values
ROUNDING_BUDGET = 1e-8  # central: the largest relative rounding error a shorter step may cost


def complex_step_size(x: Any, scale: Any) -> Any:
    """The default complex step at x: ``1e-100 * max(1, |x|)``, but at most ``1e-10 |x|``
    and ``1e-20``, and at least the smallest normal float (floats or arrays)."""
    if isinstance(x, float):  # one number: the common case of derivative, kept fast
        h = COMPLEX_STEP * scale
        h = h if h < COMPLEX_STEP_LARGEST else COMPLEX_STEP_LARGEST
        small = COMPLEX_STEP_RELATIVE * abs(x)
        h = small if 0.0 < small < h else h
        return h if h > TINY else TINY
    h = fmin(COMPLEX_STEP * scale, COMPLEX_STEP_LARGEST)
    h = pick(x != 0, fmin(h, COMPLEX_STEP_RELATIVE * abs(x)), h)
    return fmax(h, TINY)


def exact_step(target: Line, h: Any) -> Any:
    """``h`` made exact: x + h is a float, and h = (x + h) - x (never below what x resolves)."""
    floor = MIN_STEP * abs(target.x) + TINY_STEP
    h = pick(h > floor, h, floor)
    return (target.x + h) - target.x


def probe(
    target: Line, h: Any, offsets: Sequence[int], *, fixed: bool
) -> tuple[list[Any], list[Any], Any]:
    """f at x + k h for k in ``offsets``, shrinking h wherever one of those values is not finite.

    Returns the points, the values and a per-step mask of where f stayed non-finite even at
    the smallest step tried. A step given by the user (``fixed``) is never changed: a
    non-finite value there is the caller's error to report.
    """
    if fixed:
        _require_resolvable(target, h)
    for _ in range(MAX_SHRINKS):
        h = exact_step(target, h)
        points = [target.x + k * h for k in offsets]
        values = [target.real(p) for p in points]
        bad = target.bad_steps(values)
        if not any_of(bad):
            return points, values, bad
        if fixed:
            raise ValueError(
                f"h = {describe(h)} steps to a point where f is not finite "
                f"(x + k*h for k in {tuple(offsets)}); choose a smaller h or leave h=None"
            )
        h = pick(bad, h / SHRINK, h)
    return points, values, bad


def _require_resolvable(target: Line, h: Any) -> None:
    """A step given as ``h`` must move x: refuse one below 64 eps |x| (x + h rounds back)."""
    floor = MIN_STEP * abs(target.x) + TINY_STEP
    too_small = h < floor
    if any_of(too_small):
        x = float(first_where(target.x, too_small) if target.kind == "elementwise" else target.x)
        raise ValueError(
            f"h = {h!r} is too small at x = {x!r}: x + h must differ from x by at least "
            f"64 eps |x| + 1e-290 = {MIN_STEP * abs(x) + TINY_STEP:.3g} for a difference "
            "quotient to mean anything; pass a larger h, or h=None for the default"
        )


def one_sided_difference(target: Line, h: Any, direction: int) -> tuple[Any, Any]:
    r"""Second-order one-sided difference from x, x + a, x + b (a = h, b = 2h to one side).

    :math:`f'(x) \approx -\frac{a+b}{ab} f(x) + \frac{b}{a(b-a)} f(x+a) - \frac{a}{b(b-a)} f(x+b)`
    (the Lagrange formula for uneven points, so rounded points cost nothing). Error ~ h^2.
    """
    points, (f1, f2), bad = probe(target, h, (direction, 2 * direction), fixed=False)
    used = abs(points[0] - target.x)
    shrunk = (used < h / 2) & negate(bad)
    if any_of(shrunk):  # as in _one_step: the distance to the edge becomes the scale
        h = pick(shrunk, CENTRAL_STEP * used, h)
        points, (f1, f2), bad = probe(target, h, (direction, 2 * direction), fixed=False)
    a = points[0] - target.x
    b = points[1] - target.x
    slope = -(a + b) / (a * b) * target.fx + b / (a * (b - a)) * f1 - a / (b * (b - a)) * f2
    return slope, bad


class DerivativeEstimate(NamedTuple):
    r"""What ``derivative(f, x, full_output=True)`` returns (numdifftools' ``full_output``).

    Its fields, each a float, or an array shaped like ``x``:

    ``value``
        The derivative, as ``derivative`` returns it.
    ``error``
        An estimate of :math:`|\text{value} - f'(x)|` (an estimate, not a bound: the true
        error is within about twice it): from the Richardson table (``richardson``, and
        ``auto`` where it falls back to it); for ``forward``, ``backward`` and ``central``
        from the same quotient at half the step, :math:`|D(h) - D(h/2)| / (1 - 2^{-p})` for
        a method of order p, plus the rounding of f's values (inf where half the step
        leaves f's domain); rounding, :math:`\epsilon |\text{value}|`, for a complex step
        (``complex`` assumes analytic code; ``auto`` has checked it).
    ``step``
        The step h the value rests on (for Richardson, the smallest step of the entry kept).
    """

    value: Any
    error: Any
    step: Any


def forward_difference(target: Line, h: float | None) -> Any:
    return _one_step(target, h, +1)[0]


def backward_difference(target: Line, h: float | None) -> Any:
    return _one_step(target, h, -1)[0]


def _one_step(target: Line, h: float | None, direction: int) -> tuple[Any, Any]:
    """The one-sided quotient and the step it used."""
    step = FORWARD_STEP * target.scale if h is None else h
    (point,), (value,), bad = probe(target, step, (direction,), fixed=h is not None)
    if h is None:
        # Where the step had to shrink, a domain edge lies about one step away and f changes
        # over that distance: it becomes the scale of the step, as max(1, |x|) was.
        used = abs(point - target.x)
        shrunk = (used < step / 2) & negate(bad)
        if any_of(shrunk):
            step = pick(shrunk, FORWARD_STEP * used, step)
            (point,), (value,), bad = probe(target, step, (direction,), fixed=False)
    if any_of(bad):
        side = "right" if direction > 0 else "left"
        other = "backward" if direction > 0 else "forward"
        raise ValueError(
            f"f is not finite just {side} of x = {describe(first_where(target.x, bad))}, even "
            f"at the smallest steps tried; try method='{other}' or 'auto'"
        )
    return (value - target.fx) / (point - target.x), abs(point - target.x)


def central_difference(target: Line, h: float | None) -> Any:
    return _central(target, h)[0]


def _central(target: Line, h: float | None) -> tuple[Any, Any]:
    """The central quotient and the step it used (see the comments for the default step)."""
    if h is not None:
        (plus, minus), (f_plus, f_minus), _ = probe(target, h, (1, -1), fixed=True)
        return (f_plus - f_minus) / (plus - minus), (plus - minus) / 2
    step = CENTRAL_STEP * target.scale
    (plus, minus), (f_plus, f_minus), bad = probe(target, step, (1, -1), fixed=False)
    slope = (f_plus - f_minus) / (plus - minus)
    # The default step assumes that f's slope changes over lengths ~ max(1, |x|). Near the
    # edge of log's or sqrt's domain it changes over ~|x| instead, and the truncation error
    # (h / length)^2 grows. The length |f'/f''| is estimated from the same three points;
    # where it is much shorter, the difference is redone with eps^(1/3) times that length,
    # but never so short that rounding of f (eps |f| / (h |f'|) relative) would exceed
    # 1e-8: near a zero of f' (cos at 1e-8) the length is tiny and the step must not be.
    half = (plus - minus) / 2
    curvature = abs(f_plus - 2 * target.fx + f_minus) / half / half
    length = ratio(abs(slope), curvature)
    floor = ratio(EPS * abs(target.fx), CENTRAL_STEP * ROUNDING_BUDGET * abs(slope))
    local = target.per_step(fmin(target.scale, fmax(length, floor)))
    shorter = (local < target.scale / SHRINK) & negate(bad)
    if any_of(shorter):
        step = pick(shorter, CENTRAL_STEP * local, step)
        (plus, minus), (f_plus, f_minus), bad_again = probe(target, step, (1, -1), fixed=False)
        redone = target.steps_to_values(shorter & negate(bad_again))
        slope = pick(redone, (f_plus - f_minus) / (plus - minus), slope)
        half = pick(shorter & negate(bad_again), (plus - minus) / 2, half)
    if not any_of(bad):
        return slope, half
    # f is undefined on one side of x however small the step: use the other side.
    for direction in (+1, -1):
        one_sided, still_bad = one_sided_difference(target, CENTRAL_STEP * target.scale, direction)
        use = bad & negate(still_bad)
        slope = pick(target.steps_to_values(use), one_sided, slope)
        half = pick(use, CENTRAL_STEP * target.scale, half)
        bad = bad & still_bad
    if any_of(bad):
        raise ValueError(
            f"f is not finite on either side of x = {describe(first_where(target.x, bad))}, "
            "so no difference quotient can be formed"
        )
    return slope, half


def complex_step_quotient(target: Line, h: float | None) -> Any:
    step = complex_step_size(target.x, target.scale) if h is None else h
    try:
        return target.complex_step(step)
    except NoComplexStep as exc:
        raise TypeError(
            f"method='complex' needs f to accept complex input and return complex output, "
            f"but {exc}. Use method='auto', which checks this and falls back to real "
            "differences"
        ) from exc


_WITH_STEP = {
    "forward": lambda target, h: _one_step(target, h, +1),
    "backward": lambda target, h: _one_step(target, h, -1),
    "central": _central,
}
_ORDER = {"forward": 1, "backward": 1, "central": 2}


def difference_estimate(method: str) -> Callable[[Line, float | None], DerivativeEstimate]:
    r"""The full output of a plain difference ``method``: its quotient D(h), the step h, and
    as error :math:`|D(h) - D(h/2)| / (1 - 2^{-p})` (the leading truncation term, for order
    p) plus the rounding of f's values, :math:`\epsilon |f| / h` per value over the width."""

    def estimate(target: Line, h: float | None) -> DerivativeEstimate:
        value, step = _WITH_STEP[method](target, h)
        try:
            half, _ = _WITH_STEP[method](target, step / 2)
        except ValueError:  # half the step reaches where f is not finite: no estimate
            return DerivativeEstimate(value, target.full(math.inf), step)
        truncation = abs(value - half) / (1.0 - 0.5 ** _ORDER[method])
        # two values of size ~|f(x)|, over a width of h (one-sided) or 2h (central)
        rounding = 2 * EPS * abs(target.fx) / (step * _ORDER[method])
        return DerivativeEstimate(value, truncation + rounding, step)

    return estimate


def complex_step_estimate(target: Line, h: float | None) -> DerivativeEstimate:
    """The complex step, its step, and rounding as its error (it assumes analytic code)."""
    value = complex_step_quotient(target, h)
    step = complex_step_size(target.x, target.scale) if h is None else h
    return DerivativeEstimate(value, EPS * abs(value), step)
