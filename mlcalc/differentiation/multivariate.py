r"""The gradient and the Jacobian (one :func:`derivative` per coordinate), and
:func:`check_grad`."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from .._validate import (
    as_real_array,
    require_callable,
    returned_reals,
)
from .derivative import ALGORITHMS, check_options, finish, value_at
from .differences import TINY
from .line import Line, numeric_array, quiet


def with_coordinate(x: np.ndarray, index: int) -> Callable[[Any], Any]:
    """t -> a copy of x with element ``index`` (of the flattened x) set to t."""

    def point(t: Any) -> np.ndarray:
        y = x.astype(np.complex128) if isinstance(t, complex) else x.copy()
        y.flat[index] = t
        return y

    return point


def along(f: Callable[[Any], Any], x: np.ndarray, index: int) -> Callable[[Any], Any]:
    point = with_coordinate(x, index)
    return lambda t: f(point(t))


def prepare(f: Any, x: Any, method: Any, h: Any) -> tuple[Any, np.ndarray, str, float | None]:
    f = require_callable(f, "f")
    method, step = check_options(method, h)
    return f, as_real_array(x, "x"), method, step


def call_at(f: Callable[[Any], Any], x: np.ndarray) -> Any:
    """f(x) on a copy of x; f failing there (log of a negative, say) is named as such."""
    try:
        return f(x.copy())
    except (ValueError, ArithmeticError) as exc:
        raise ValueError(
            f"f must be defined at x = {x!r}, but f(x) raised {type(exc).__name__}: {exc}"
        ) from exc


def scalar_value_at(f: Callable[[Any], Any], x: np.ndarray, what: str) -> float:
    """f(x) for f: R^n -> R, checked to be one finite number."""
    value = call_at(f, x)
    if isinstance(value, np.ndarray | list | tuple) and np.size(value) != 1:
        raise ValueError(
            f"f must return a single number for {what} (f: R^n -> R), got an array of "
            f"shape {np.shape(value)}; for a vector-valued f use mlcalc.jacobian"
        )
    return float(value_at(lambda _: value, x, None, "scalar"))


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
    f, point, method, step = prepare(f, x, method, h)
    value = scalar_value_at(f, point, "gradient")
    result = np.empty_like(point)
    with quiet():
        for index in range(point.size):
            coordinate = float(point.flat[index])
            target = Line(along(f, point, index), coordinate, value, "scalar")
            result.flat[index] = ALGORITHMS[method](target, step)
    return finish(result, "gradient")


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
    f, point, method, step = prepare(f, x, method, h)
    first = call_at(f, point)
    shape = np.shape(numeric_array(first))
    if math.prod(shape) == 0:
        raise ValueError("f must return at least one number, got an empty array")
    value = value_at(lambda _: first, point, (math.prod(shape),), "vector")
    result = np.empty((value.size, point.size))
    with quiet(), np.errstate(all="ignore"):
        for index in range(point.size):
            coordinate = float(point.flat[index])
            target = Line(along(f, point, index), coordinate, value, "vector")
            result[:, index] = ALGORITHMS[method](target, step)
    return finish(result, "jacobian")


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
    floor = max(1e-8 * float(np.max(np.abs(numeric))), TINY)
    return float(np.max(np.abs(given - numeric) / np.maximum(np.abs(numeric), floor)))
