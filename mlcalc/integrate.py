r"""Definite integrals by sums: Riemann, trapezoid, Simpson and Monte Carlo.

Each rule estimates :math:`\int_a^b f(x)\,dx` from ``n`` values of ``f`` (Simpson and the
trapezoid use ``n + 1``). With :math:`h = (b - a)/n` their errors shrink at the orders
chapter 15 measures: the left and right Riemann sums as :math:`O(h)`, the midpoint and
trapezoid rules as :math:`O(h^2)`, Simpson's rule as :math:`O(h^4)` (exact for cubics),
and Monte Carlo as :math:`O(n^{-1/2})`, whatever the dimension.

``f`` may be vectorised (called once with an array of points) or written for one number
at a time (``math.sin``, a function with an ``if``): when calling it on the array fails or
does not give one value per point, it is called point by point. Swapping the limits
negates the result exactly: ``rule(f, b, a, n) == -rule(f, a, b, n)``. ``n`` is at most
``MAX_POINTS`` (ten million), which keeps every array of points below 100 MB.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from ._validate import (
    as_real_scalar,
    non_negative_int,
    one_of,
    positive_int,
    require_callable,
    returned_reals,
)

__all__ = ["MonteCarloEstimate", "monte_carlo", "riemann", "simpson", "trapezoid"]

#: The most strips or random points a rule accepts: beyond it the arrays would not fit
#: comfortably in memory, and no integral of this book needs a tenth of it.
MAX_POINTS = 10_000_000


class MonteCarloEstimate(NamedTuple):
    """A Monte Carlo integral: the estimate and its standard error.

    About 95% of estimates lie within two standard errors of the true integral.
    """

    estimate: float
    standard_error: float


def _strips(n: Any) -> int:
    """``n`` checked: a positive integer no larger than :data:`MAX_POINTS`."""
    n = positive_int(n, "n")
    if n > MAX_POINTS:
        raise ValueError(f"n must be at most {MAX_POINTS:,}, got {n:,}")
    return n


def _interval(f: Any, a: Any, b: Any) -> tuple[Callable[..., Any], float, float, float]:
    """The checked ``f``, the interval as (low, high), and the sign of ``b - a``."""
    f = require_callable(f)
    a, b = as_real_scalar(a, "a"), as_real_scalar(b, "b")
    if not np.isfinite(b - a):  # a = -1e308, b = 1e308: the width overflows
        raise ValueError(f"b - a must be a finite float, got a = {a!r} and b = {b!r}")
    return f, min(a, b), max(a, b), (1.0 if b >= a else -1.0)


def _evaluate(f: Callable[..., Any], x: np.ndarray) -> np.ndarray:
    """``f`` at every point of ``x``: vectorised when ``f`` allows it, else point by point."""
    try:
        # Warnings (1/x at 0, log of a negative) are turned into the clear error below.
        with np.errstate(all="ignore"):
            values = np.asarray(f(x))
        vectorised = values.shape == x.shape
    except Exception:  # a scalar-only f (math.sin, an `if` on x) fails on an array
        vectorised = False
    if vectorised:
        values = returned_reals(values, "f must return real numbers")
    else:
        values = np.empty_like(x)
        for i, point in enumerate(x):
            with np.errstate(all="ignore"):
                returned = f(float(point))
            value = returned_reals(
                returned, f"f must return one real number, at x = {float(point)!r}"
            )
            if value.shape != ():
                raise ValueError(
                    f"f must return one real number per point, got shape {value.shape} "
                    f"at x = {float(point)!r}"
                )
            values[i] = value
    bad = ~np.isfinite(values)
    if bad.any():
        where = float(x[np.argmax(bad)])
        raise ValueError(
            f"f must be finite on the interval, got {values[np.argmax(bad)]} at x = {where!r}"
        )
    return values


def riemann(f: Callable[..., Any], a: float, b: float, n: int, rule: str = "midpoint") -> float:
    r"""Riemann sum of ``f`` over ``[a, b]`` with ``n`` strips of width :math:`h = (b-a)/n`.

    .. math:: \int_a^b f\,dx \approx h \sum_{i=0}^{n-1} f(x_i), \quad
              x_i = a + (i + s) h,

    with :math:`s = 0` for ``rule="left"``, :math:`\tfrac12` for ``"midpoint"`` and 1 for
    ``"right"``. Left and right sums have error :math:`O(h)`, the midpoint sum
    :math:`O(h^2)`.

    >>> riemann(lambda x: x**2, 0.0, 1.0, 4, rule="left")
    0.21875
    >>> riemann(lambda x: x**2, 0.0, 1.0, 4)
    0.328125
    """
    n = _strips(n)
    shift = {"left": 0.0, "midpoint": 0.5, "right": 1.0}[
        one_of(rule, "rule", ("left", "midpoint", "right"))
    ]

    f, lo, hi, sign = _interval(f, a, b)
    h = (hi - lo) / n
    return sign * float(h * np.sum(_evaluate(f, lo + (np.arange(n) + shift) * h)))


def trapezoid(f: Callable[..., Any], a: float, b: float, n: int) -> float:
    r"""Trapezoid rule with ``n`` strips: error :math:`O(h^2)`, exact for straight lines.

    .. math:: \int_a^b f\,dx \approx h\Bigl(\tfrac12 f(x_0) + f(x_1) + \dots
              + f(x_{n-1}) + \tfrac12 f(x_n)\Bigr), \quad x_i = a + i h.

    >>> trapezoid(lambda x: x**2, 0.0, 1.0, 4)
    0.34375
    """
    n = _strips(n)

    f, lo, hi, sign = _interval(f, a, b)
    y = _evaluate(f, np.linspace(lo, hi, n + 1))
    return sign * float((hi - lo) / n * (np.sum(y) - 0.5 * (y[0] + y[-1])))


def simpson(f: Callable[..., Any], a: float, b: float, n: int) -> float:
    r"""Simpson's rule with an even number ``n`` of strips: error :math:`O(h^4)`.

    .. math:: \int_a^b f\,dx \approx \frac{h}{3}\Bigl(f(x_0) + 4f(x_1) + 2f(x_2) + \dots
              + 4f(x_{n-1}) + f(x_n)\Bigr).

    A parabola through each pair of strips; it integrates cubics exactly.

    >>> simpson(lambda x: x**3, 0.0, 2.0, 2)
    4.0
    """
    n = _strips(n)
    if n % 2:
        raise ValueError(f"n must be even for Simpson's rule, got {n}")

    f, lo, hi, sign = _interval(f, a, b)
    y = _evaluate(f, np.linspace(lo, hi, n + 1))
    weighted = y[0] + y[-1] + 4.0 * np.sum(y[1:-1:2]) + 2.0 * np.sum(y[2:-1:2])
    return sign * float((hi - lo) / n / 3.0 * weighted)


def monte_carlo(
    f: Callable[..., Any], a: float, b: float, n: int, *, seed: int | None = None
) -> MonteCarloEstimate:
    r"""Monte Carlo estimate of :math:`\int_a^b f\,dx` from ``n`` uniform random points.

    .. math:: \int_a^b f\,dx = (b - a)\,\mathbb{E}[f(U)] \approx \frac{b-a}{n}\sum_i f(u_i),
              \qquad \mathrm{SE} = (b - a)\frac{s}{\sqrt n},

    where :math:`s` is the sample standard deviation of the :math:`f(u_i)`. The error
    shrinks as :math:`n^{-1/2}`. ``seed`` makes the draw repeatable.

    >>> est = monte_carlo(lambda x: x**2, 0.0, 1.0, 100_000, seed=0)
    >>> abs(est.estimate - 1 / 3) < 3 * est.standard_error
    True
    """
    n = _strips(n)
    if n < 2:
        raise ValueError(f"n must be at least 2 to estimate a standard error, got {n}")
    rng = np.random.default_rng(None if seed is None else non_negative_int(seed, "seed"))
    f, lo, hi, sign = _interval(f, a, b)
    y = _evaluate(f, rng.uniform(lo, hi, n))
    width = hi - lo
    estimate = sign * float(width * np.mean(y))
    return MonteCarloEstimate(estimate, float(width * np.std(y, ddof=1) / np.sqrt(n)))
