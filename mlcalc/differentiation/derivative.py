r"""The public :func:`derivative`, and the table of methods that every function here uses."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from .._validate import (
    as_real_array,
    as_real_scalar,
    describe,
    one_of,
    positive_real,
    require_callable,
)
from .auto import auto_derivative, auto_estimate
from .differences import (
    METHODS,
    DerivativeEstimate,
    backward_difference,
    central_difference,
    complex_step_estimate,
    complex_step_quotient,
    difference_estimate,
    forward_difference,
)
from .floats_or_arrays import all_finite, first_where
from .line import ComplexOutput, Line, quiet, real_values
from .richardson import richardson_derivative, richardson_estimate

ALGORITHMS: dict[str, Callable[[Line, float | None], Any]] = {
    "auto": auto_derivative,
    "forward": forward_difference,
    "backward": backward_difference,
    "central": central_difference,
    "complex": complex_step_quotient,
    "richardson": richardson_derivative,
}

#: The same methods with their full output: value, error estimate and step.
ESTIMATORS: dict[str, Callable[[Line, float | None], DerivativeEstimate]] = {
    "auto": auto_estimate,
    "forward": difference_estimate("forward"),
    "backward": difference_estimate("backward"),
    "central": difference_estimate("central"),
    "complex": complex_step_estimate,
    "richardson": richardson_estimate,
}


def check_options(method: Any, h: Any) -> tuple[str, float | None]:
    if not isinstance(method, str):
        raise TypeError(f"method must be a string, one of {METHODS}, got {describe(method)}")
    method = one_of(method, "method", METHODS)
    return method, None if h is None else positive_real(h, "h")


def value_at(f: Callable[[Any], Any], x: Any, shape: tuple[int, ...] | None, kind: str) -> Any:
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
        value = real_values(value, shape, kind)
    except ComplexOutput as exc:
        raise TypeError(str(exc)) from None
    if not all_finite(value):
        where = np.asarray(x)[~np.isfinite(value)][0] if kind == "elementwise" else x
        raise ValueError(
            f"f must be finite at x, but f({where!r}) = "
            f"{first_where(value, ~np.isfinite(value))!r}: there is no derivative to estimate"
        )
    return value


def finish(result: Any, what: str) -> Any:
    if not all_finite(result):
        raise ValueError(
            f"the {what} of f came out non-finite ({result!r}): f overflows near x or its "
            "slope is infinite there"
        )
    return result + 0.0  # a slope that underflowed to -0.0 is 0: zero has no sign here


def derivative(
    f: Callable[[Any], Any],
    x: Any,
    *,
    method: str = "auto",
    h: float | None = None,
    full_output: bool = False,
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
    full_output : bool
        Return a :class:`DerivativeEstimate` ``(value, error, step)`` instead of the value
        alone: the value, an estimate of its error and the step it rests on (see
        :class:`DerivativeEstimate` for how each method estimates its error). ``forward``,
        ``backward`` and ``central`` then evaluate f again at half the step.

    Returns
    -------
    float or numpy.ndarray or DerivativeEstimate
        A float for a scalar ``x``, else an array shaped like ``x``; with ``full_output``,
        a :class:`DerivativeEstimate` whose fields have that shape.

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
    >>> value, error, step = derivative(np.exp, 1.0, method="central", full_output=True)
    >>> bool(abs(value - np.e) < 2 * error < 1e-9), f"{step:.1e}"
    (True, '6.1e-06')
    """
    f = require_callable(f, "f")
    method, step = check_options(method, h)
    if full_output is not False and full_output is not True:
        raise TypeError(f"full_output must be True or False, got {describe(full_output)}")
    if not isinstance(x, list | tuple) and not (isinstance(x, np.ndarray) and x.ndim > 0):
        point = x if type(x) is float and math.isfinite(x) else as_real_scalar(x, "x")
        # f gets Python floats and complex numbers here: NumPy's floating-point error state
        # is all that can warn (a cast of a complex scalar to float raises instead), and
        # silencing it costs half as much as the warnings machinery.
        with np.errstate(all="ignore"):
            target = Line(f, point, value_at(f, point, None, "scalar"), "scalar")
            if full_output:
                found = ESTIMATORS[method](target, step)
                return DerivativeEstimate(*(float(v) for v in _finished(found)))
            return float(finish(ALGORITHMS[method](target, step), "derivative"))
    with quiet(), np.errstate(all="ignore"):
        points = as_real_array(x, "x")
        values = value_at(f, points.copy(), points.shape, "elementwise")
        target = Line(f, points, values, "elementwise")
        if full_output:
            found = ESTIMATORS[method](target, step)
            shaped = (np.broadcast_to(np.asarray(v, float), points.shape).copy() for v in found)
            return DerivativeEstimate(*_finished(DerivativeEstimate(*shaped)))
        return np.asarray(finish(ALGORITHMS[method](target, step), "derivative"), float)


def _finished(found: DerivativeEstimate) -> DerivativeEstimate:
    """The estimate with its value checked to be finite (the error may be inf: unknown)."""
    return found._replace(value=finish(found.value, "derivative"))
