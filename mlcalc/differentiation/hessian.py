r"""The Hessian: second differences of f, or differences of its complex-step gradient."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from .auto import auto_parts
from .derivative import finish
from .differences import (
    CENTRAL_STEP,
    HESSIAN_CENTRAL_STEP,
    HESSIAN_FORWARD_STEP,
    MAX_SHRINKS,
    NOISE,
    RICHARDSON_STEP,
    SHRINK,
    central_difference,
    complex_step_size,
)
from .floats_or_arrays import all_of
from .line import Line, NoComplexStep, complex_values, quiet, real_values
from .multivariate import along, prepare, scalar_value_at, with_coordinate
from .richardson import EVEN_POWERS, Table, central_estimate, extrapolate, is_settled


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
    f, point, method, step = prepare(f, x, method, h)
    value = scalar_value_at(f, point, "hessian")
    flat = point.ravel()
    scale = np.maximum(1.0, np.abs(flat))

    def f_flat(y: np.ndarray) -> Any:
        return f(y.reshape(point.shape))

    with quiet(), np.errstate(all="ignore"):
        use_complex = method == "complex" or (
            method == "auto" and _complex_gradient_confirmed(f_flat, flat, value, step)
        )
        if use_complex:
            result = _complex_hessian(f_flat, flat, scale, method, step)
        else:
            result = _real_hessian(f_flat, flat, value, scale, method, step)
    return finish((result + result.T) / 2.0, "hessian")


def _complex_gradient_confirmed(
    f: Callable[[Any], Any], x: np.ndarray, value: float, h: float | None
) -> bool:
    """Whether ``auto`` confirms the complex step of every partial derivative at x and,
    along each coordinate, just either side of x.

    At x alone a kink can pass: the complex step of ``abs(x_0)`` is 0 (abs drops the
    imaginary part), and so is the symmetric difference at x_0 = 0. A step to either side
    (eps^(1/3) max(1, |x_i|)) shows the slopes of 1 and -1 that the complex step misses, and
    the Hessian is then left to real differences, which refuse the kink.
    """
    for index in range(x.size):
        coordinate = float(x[index])
        offset = CENTRAL_STEP * max(1.0, abs(coordinate))
        for t in (coordinate, coordinate + offset, coordinate - offset):
            point = x.copy()
            point[index] = t
            try:
                fx = value if t == coordinate else real_values(f(point), None, "scalar")
                target = Line(along(f, point, index), t, fx, "scalar")
                if not math.isfinite(fx) or not all_of(auto_parts(target, h)[1]):
                    return False
            except (ValueError, ArithmeticError):  # no derivative there: not confirmed
                return False
    return True


def _complex_gradient(
    f: Callable[[Any], Any], y: np.ndarray, scale: np.ndarray, *, strict: bool = False
) -> np.ndarray:
    """The gradient of f at y by the complex step; NaN where f is not finite there.

    ``strict``: raise :class:`NoComplexStep` if f refuses complex input (at x itself, where
    that decides the method), rather than treating it as a point where f is undefined.
    """
    out = np.empty(y.size)
    for index in range(y.size):
        step = float(complex_step_size(y[index], scale[index]))
        z = y.astype(np.complex128)
        z[index] += 1j * step
        try:
            value = complex_values(f(z), None, "scalar")
        except (ValueError, ArithmeticError):
            value = complex(math.nan, math.nan)
        except NoComplexStep:
            if strict:
                raise
            value = complex(math.nan, math.nan)
        out[index] = value.imag / step
    return np.where(np.isfinite(out), out, np.nan)


def _gradient_along(
    f: Callable[[Any], Any], x: np.ndarray, index: int, scale: np.ndarray
) -> Callable[[float], np.ndarray]:
    """t -> the complex-step gradient of f at x with coordinate ``index`` set to t."""
    point = with_coordinate(x, index)
    return lambda t: _complex_gradient(f, point(t), scale)


def _complex_hessian(
    f: Callable[[Any], Any], x: np.ndarray, scale: np.ndarray, method: str, h: float | None
) -> np.ndarray:
    try:
        gradient_at_x = _complex_gradient(f, x, scale, strict=True)
    except NoComplexStep as exc:
        raise TypeError(
            f"method='complex' needs f to accept complex input and return complex output, "
            f"but {exc}. Use method='auto'"
        ) from exc
    result = np.empty((x.size, x.size))
    for index in range(x.size):
        along = _gradient_along(f, x, index, scale)
        target = Line(along, float(x[index]), gradient_at_x, "vector")
        if method == "complex":
            result[:, index] = central_difference(target, h)
        else:
            h0 = RICHARDSON_STEP * target.scale if h is None else h
            table = extrapolate(target, central_estimate(target), h0, EVEN_POWERS)
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
    target = Line(
        lambda c: _second_differences(f, x, value, c * steps, direction),
        0.0,
        np.full((x.size, x.size), value),
        "vector",
    )
    if method == "richardson" or method == "auto":

        def estimate(c: float) -> tuple[np.ndarray, np.ndarray]:
            # Four values of size ~|f| over a product of two steps: the rounding noise.
            noise = 4 * NOISE * abs(value) / np.outer(c * steps, c * steps)
            return target.f(c), noise

        c0 = RICHARDSON_STEP if h is None else h
        return _settled_hessian(extrapolate(target, estimate, c0, EVEN_POWERS))
    c = HESSIAN_CENTRAL_STEP if direction == 0 else HESSIAN_FORWARD_STEP
    c = c if h is None else h
    for _ in range(MAX_SHRINKS):
        matrix = target.f(c)
        if np.all(np.isfinite(matrix)):
            return matrix
        if h is not None:
            raise ValueError(
                f"h = {h!r} steps to a point where f is not finite; choose a smaller h"
            )
        c /= SHRINK
    raise ValueError("f is not finite at points around x, so no Hessian can be estimated")


def _settled_hessian(table: Table) -> np.ndarray:
    """The extrapolated entries, or a ``ValueError`` where they never settled.

    Second differences of f at a kink (``abs`` at 0) grow like 1/h as h shrinks: the table
    then ends on whatever its last rows held, a number with no meaning.
    """
    # An entry that is 0 (a separable f) is judged against the size of the whole matrix.
    floor = 1e-8 * float(np.max(np.abs(table.best), initial=0.0))
    unsettled = ~(np.asarray(is_settled(table)) | (np.asarray(table.error) <= floor))
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
            out = real_values(f(y), None, "scalar")
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
