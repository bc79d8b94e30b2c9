"""Exercises of chapter 2, *Derivatives*.

>>> from mlcalc.exercises import ch02
>>> ch02.q1.check(...).status
'unattempted'
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._validate import describe as _describe
from ._core import ChoiceProblem, FunctionProblem, NumericProblem, _as_number_array

__all__ = ["q1", "q2", "q3", "q4"]


class BallSpeed(NumericProblem):
    prompt = (
        "A ball is thrown straight up; its height after t seconds is "
        "y(t) = 1.5 + 12*t - 4.9*t**2 metres. What is its vertical speed y'(1), in m/s, "
        "one second after the throw? Work it out by hand with the limit definition, then "
        "check it with mc.derivative. Answer with a float (4 significant figures or better)."
    )
    # y(1 + h) - y(1) = 12h - 4.9(2h + h^2) = 2.2h - 4.9h^2, so the quotient is 2.2 - 4.9h.
    expected = 12.0 - 2 * 4.9 * 1.0
    # Loose enough for any sensible numerical estimate, tight enough to catch slips such as
    # forgetting the factor 2 (12 - 4.9 = 7.1) or answering with the height (8.6).
    rtol = 1e-4
    atol = 1e-9
    hint_text = (
        "Expand y(1 + h) - y(1), divide by h and let h go to 0. The constant 1.5 cancels; "
        "the t**2 term behaves like the chapter's x**2 example."
    )
    solution_text = (
        "y(1 + h) - y(1) = 12h - 4.9(2h + h**2), so the difference quotient is 2.2 - 4.9h, "
        "which tends to 2.2 m/s as h -> 0 (in general y'(t) = 12 - 9.8t). Numerically: "
        "mc.derivative(lambda t: 1.5 + 12*t - 4.9*t**2, 1.0) gives 2.2 as well. The ball "
        "is still rising, slowly: it stops at t = 12/9.8 = 1.22 s."
    )


class CentralDifference(FunctionProblem):
    prompt = (
        "Write a function dg(x) that returns the CENTRAL-difference estimate of g'(x) for "
        "the fixed function g(x) = exp(-x**2 / 2), with step h = 1e-5: "
        "(g(x + h) - g(x - h)) / (2h). Use NumPy so that dg also works on an array of x. "
        "Pass the function itself: ch02.q2.check(dg). It is checked against the exact "
        "derivative at several points with relative tolerance 1e-7, which a forward "
        "difference with the same h does not reach."
    )
    points = (-2.0, -0.5, 0.0, 0.7, 1.3, 3.0, np.linspace(-3.0, 3.0, 7))
    # Central difference with h = 1e-5 is off by about h**2/6 * |g'''| + eps/h, i.e. 1e-10
    # here; a forward difference is off by h/2 * |g''|, about 5e-6. The tolerance sits between.
    rtol = 1e-7
    atol = 1e-9
    hint_text = (
        "Define g first: g = lambda x: np.exp(-x**2 / 2). Then dg evaluates g one step to "
        "the right and one step to the left of x and divides the difference by 2h (not h)."
    )
    solution_text = (
        "h = 1e-5\n"
        "g = lambda x: np.exp(-x**2 / 2)\n"
        "dg = lambda x: (g(x + h) - g(x - h)) / (2 * h)\n"
        "The exact derivative, for comparison, is g'(x) = -x * exp(-x**2 / 2)."
    )

    def reference(self, x: Any) -> Any:
        x = np.asarray(x, dtype=np.float64)
        return -x * np.exp(-(x**2) / 2)


class BestCentralStep(NumericProblem):
    prompt = (
        "In double precision (eps = 2.2e-16), roughly which step h gives the most accurate "
        "central difference (f(x + h) - f(x - h)) / (2h) for a function such as exp near "
        "x = 1, where f and its derivatives are all about 1 in size? Answer with a positive "
        "number such as 1e-3; anything within a factor of 10 of the theory counts."
    )
    # Truncation ~ h**2 against round-off ~ eps/h balance at h ~ eps**(1/3) = 6.1e-6.
    expected = math.pow(2.0**-52, 1 / 3)
    hint_text = (
        "The truncation error of the central difference shrinks like h**2 while the round-off "
        "error grows like eps/h. Set the two equal and solve for h."
    )
    solution_text = (
        "h**2 = eps/h gives h = eps**(1/3) = (2.2e-16)**(1/3), about 6e-6, so h near 1e-5. "
        "(The forward difference balances h against eps/h instead: its best h is near "
        "sqrt(eps), about 1e-8.)"
    )

    def _judge(self, answer: Any) -> tuple[bool, str]:
        got = _as_number_array(answer)
        if got is None or got.shape != ():
            return False, f"expected one positive number, got {_describe(answer)}."
        h = float(got)
        if not (math.isfinite(h) and h > 0):
            return False, f"a step must be a finite positive number, got {h!r}."
        factor = max(h / self.expected, self.expected / h)
        if factor <= 10:
            return True, f"the theory says about {self.expected:.1e}; you are within 10x of it."
        if h > self.expected:
            return False, "too large: truncation error (which grows like h**2) dominates there."
        return False, "too small: round-off error (which grows like eps/h) dominates there."


class MethodForAbs(ChoiceProblem):
    prompt = (
        "Your loss is a squared error plus an L1 penalty written with np.abs, "
        "L(w) = np.mean((w*x - y)**2) + lam * np.abs(w). You want dL/dw at some w != 0 and "
        "must call mc.derivative with an explicit method. Which one do you trust?\n"
        "  'a': method='complex': it is exact to rounding error, so it is always the best\n"
        "  'b': method='central' or 'richardson': they evaluate f only at real points\n"
        "  'c': method='forward' with h=1e-15: the smaller the step, the better"
    )
    options = {
        "a": "method='complex', because it is exact to rounding error",
        "b": (
            "method='central' or 'richardson': they only ever call f on real numbers, so np.abs "
            "is differentiated as written"
        ),
        "c": "method='forward' with h=1e-15",
    }
    expected = "b"
    hint_text = (
        "What does np.abs return for the complex number w + ih? Which part of the slope is "
        "still carried by the imaginary part of L(w + ih)?"
    )
    solution_text = (
        "'b'. np.abs(w + ih) is the modulus sqrt(w**2 + h**2), a real number, so the complex "
        "step sees only the squared error: it silently drops the penalty's lam * sign(w) from "
        "the slope. 'c' fails differently: at h = 1e-15 round-off (about eps/h relative, i.e. "
        "0.2) swamps the answer. Central and Richardson differences use real evaluations "
        "only. method='auto' is also safe: it checks the complex step against central "
        "differences, sees them disagree, and falls back to Richardson."
    )


q1 = BallSpeed()
q2 = CentralDifference()
q3 = BestCentralStep()
q4 = MethodForAbs()
