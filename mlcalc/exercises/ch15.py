"""Exercises of chapter 15, *Integral calculus*.

>>> from mlcalc.exercises import ch15
>>> ch15.q1.check(...).status
'unattempted'
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import integrate
from ._core import Args, FunctionProblem, NumericProblem

__all__ = ["q1", "q2", "q3", "q4", "q5"]


class SimpsonWeights(NumericProblem):
    prompt = (
        "Integrate the parabola through (-h, f0), (0, f1), (h, f2) over [-h, h]; the result "
        "is h (c0 f0 + c1 f1 + c2 f2). Give [c0, c1, c2]."
    )
    expected = [1.0 / 3.0, 4.0 / 3.0, 1.0 / 3.0]
    rtol = 1e-9
    atol = 1e-12
    hints = (
        "Write the parabola as q(x) = alpha + beta x + gamma x^2 and express alpha and "
        "gamma through f0, f1, f2 (beta will not matter).",
        "q(0) gives alpha; q(h) + q(-h) gives gamma. Over a symmetric interval the odd "
        "term beta x integrates to zero.",
        "The integral of x^2 over [-h, h] is 2h^3/3. Collect the coefficients of f0, f1 "
        "and f2 and take out a factor h.",
    )
    solution_text = (
        "alpha = f1, gamma h^2 = (f0 + f2)/2 - f1, and the integral 2 alpha h + (2/3) gamma "
        "h^3 = (h/3)(f0 + 4 f1 + f2): weights [1/3, 4/3, 1/3]."
    )

    def wrong_answer(self) -> Any:
        return [0.5, 1.0, 0.5]  # the trapezoid rule's weights over two strips


class NormaliseADensity(NumericProblem):
    prompt = (
        "p(x) = c x^2 (1 - x) on [0, 1] is a density for one constant c. Give [c, mean] "
        "exactly (numbers that are right to 9 significant digits)."
    )
    expected = [12.0, 0.6]
    rtol = 1e-9
    atol = 1e-12
    hints = (
        "A density integrates to one: solve c times the integral of x^2 (1 - x) over [0, 1] = 1.",
        "The integral of x^k over [0, 1] is 1/(k + 1).",
        "The mean is the integral of x p(x): the same kind of integral with every power "
        "one higher, times your c.",
    )
    solution_text = (
        "The integral of x^2 - x^3 over [0, 1] is 1/3 - 1/4 = 1/12, so c = 12; the mean is "
        "12 (1/4 - 1/5) = 12/20."
    )


def _trapezoid_order_on_sqrt() -> float:
    ns = 2 ** np.arange(4, 11)
    errors = [abs(integrate.trapezoid(np.sqrt, 0.0, 1.0, int(n)) - 2.0 / 3.0) for n in ns]
    return float(-np.polyfit(np.log(ns), np.log(errors), 1)[0])


class OrderOnSqrt(NumericProblem):
    prompt = (
        "Measure the order p (error ~ C n^-p) of the trapezoid rule on the integral of "
        "sqrt(x) over [0, 1], for n = 16, 32, ..., 1024, to one decimal place (the checker "
        "accepts answers within 0.1, since the fit depends a little on the range of n)."
    )
    expected = _trapezoid_order_on_sqrt()
    rtol = 0.0
    atol = 0.1
    hints = (
        "The exact value is 2/3. Compute the absolute error of mc.integrate.trapezoid for each n.",
        "Fit a straight line to log(error) against log(n) (np.polyfit with degree 1); the "
        "order is minus its slope.",
        "Compare with the order 2 the chapter measured for a smooth integrand: which "
        "assumption behind it fails at x = 0?",
    )
    solution_text = (
        "ns = 2 ** np.arange(4, 11); errors = [abs(mc.integrate.trapezoid(np.sqrt, 0, 1, n) "
        "- 2/3) for n in ns]; order = -np.polyfit(np.log(ns), np.log(errors), 1)[0]. The "
        "infinite slope of sqrt at 0 makes the first strip's error of order h^(3/2)."
    )

    def wrong_answer(self) -> Any:
        return 2.0  # the smooth-integrand order the question is about


class MidpointRule(FunctionProblem):
    prompt = (
        "Write midpoint(f, a, b, n): the midpoint Riemann sum of a vectorised f over [a, b] "
        "with n strips, without mc.integrate."
    )
    points = (
        Args(np.sin, 0.0, math.pi, 10),
        Args(np.exp, -1.0, 2.0, 7),
        Args(np.cos, 2.0, 0.5, 5),
        Args(np.sqrt, 1.0, 4.0, 1),
    )
    rtol = 1e-12
    atol = 1e-14
    hints = (
        "The strips have width h = (b - a) / n. Where are the midpoints of the strips?",
        "The midpoints are a + (i + 1/2) h for i = 0, ..., n - 1: np.arange helps.",
        "Multiply the sum of f at the midpoints by h; with b < a, h is negative and the "
        "sign takes care of itself.",
    )
    solution_text = (
        "def midpoint(f, a, b, n):\n"
        "    h = (b - a) / n\n"
        "    return h * np.sum(f(a + (np.arange(n) + 0.5) * h))"
    )

    def reference(self, f: Any, a: float, b: float, n: int) -> float:
        return integrate.riemann(f, a, b, n, rule="midpoint")

    def wrong_answer(self) -> Any:
        return lambda f, a, b, n: integrate.riemann(f, a, b, n, rule="left")


class NormalCdf(FunctionProblem):
    prompt = (
        "Write normal_cdf(x), the standard normal CDF at one number x, by integrating the "
        "density numerically; right to within 1e-9 for x from -8 to 8."
    )
    points = (-8.0, -3.0, -1.0, 0.0, 0.5, 1.96, 4.0, 8.0)
    rtol = 0.0
    atol = 1e-9
    hints = (
        "Phi(x) is the integral of the density from minus infinity to x. You cannot start "
        "at minus infinity: where can you start without losing anything visible?",
        "The density beyond -12 holds less than 1e-32 of the probability.",
        "Use mc.integrate.simpson (or your own rule) from your starting point to x, with "
        "enough strips; check against 0.5 * (1 + math.erf(x / math.sqrt(2))).",
    )
    solution_text = (
        "def normal_cdf(x):\n"
        "    if x <= -12:\n"
        "        return 0.0\n"
        "    density = lambda t: np.exp(-t**2 / 2) / math.sqrt(2 * math.pi)\n"
        "    return mc.integrate.simpson(density, -12.0, x, 2000)"
    )

    def reference(self, x: float) -> float:
        return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


q1 = SimpsonWeights()
q2 = NormaliseADensity()
q3 = OrderOnSqrt()
q4 = MidpointRule()
q5 = NormalCdf()
