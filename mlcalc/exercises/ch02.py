"""Exercises of chapter 2, *Derivatives*, in rising difficulty.

>>> from mlcalc.exercises import ch02
>>> ch02.q1.check(...).status
'unattempted'
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._validate import describe as _describe
from ._core import FunctionProblem, NumericProblem, _as_number_array

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6"]


class BallSpeed(NumericProblem):
    prompt = (
        "A ball's height after t seconds is y(t) = 1.5 + 12*t - 4.9*t**2 metres. What is its "
        "vertical speed y'(1) in m/s, to 5 significant figures? Work it out by hand from the "
        "limit definition, then check it with mc.derivative."
    )
    # y(1 + h) - y(1) = 12h - 4.9(2h + h^2) = 2.2h - 4.9h^2, so the quotient is 2.2 - 4.9h.
    expected = 12.0 - 2 * 4.9 * 1.0
    sig_figs = 5
    hints = (
        "Write out y(1 + h) - y(1). The constant 1.5 cancels; expand (1 + h)**2.",
        "Divide what is left by h: you get a number plus a multiple of h. Let h go to 0.",
        "Check your limit with mc.derivative(lambda t: 1.5 + 12 * t - 4.9 * t**2, 1.0). If "
        "the two disagree, recheck (1 + h)**2 = 1 + 2h + h**2: the middle term is the one "
        "that survives the limit.",
    )
    solution_text = (
        "y(1 + h) - y(1) = 12h - 4.9(2h + h**2), so the difference quotient is 2.2 - 4.9h, "
        "which tends to 2.2 m/s as h -> 0 (in general y'(t) = 12 - 9.8t). mc.derivative "
        "gives 2.2 as well. The ball is still rising, slowly: it stops at t = 12/9.8 s."
    )

    def wrong_answer(self) -> Any:
        return 12.0 - 4.9  # forgot the factor 2 of the square's slope


class ForwardErrorConstant(NumericProblem):
    prompt = (
        "For f(x) = sin(2x) at x = 0.5 the forward difference is f'(0.5) + C h + O(h**2). "
        "Find C from the Taylor series, to 4 significant figures, and confirm it by "
        "computing (D(h) - f'(0.5)) / h for small h."
    )
    # C = f''(x)/2 and f''(x) = -4 sin(2x), so C = -2 sin(1).
    expected = -2.0 * math.sin(1.0)
    sig_figs = 4
    hints = (
        "The forward difference's error, from the Taylor series, has a leading term "
        "proportional to h; the chapter's equation for the forward difference names it.",
        "You need the second derivative of sin(2x): differentiate twice, each time the inner "
        "2 comes out as a factor.",
        "Evaluate at x = 0.5 and do not forget the factor 1/2 from the Taylor series. The "
        "experiment with h = 1e-4 should agree with your number to about 4 digits.",
    )
    solution_text = (
        "C = f''(0.5)/2. With f'(x) = 2 cos(2x) and f''(x) = -4 sin(2x), C = -2 sin(1) = "
        "-1.683. Numerically, (D(h) - 2 cos(1)) / h for h = 1e-4 is -1.6830."
    )

    def wrong_answer(self) -> Any:
        return -4.0 * math.sin(1.0)  # f''(0.5) itself: forgot the 1/2 of the Taylor term


class CentralDifference(FunctionProblem):
    prompt = (
        "Write dg(x) returning the CENTRAL-difference estimate (g(x + h) - g(x - h)) / (2h) "
        "of g'(x) for g(x) = exp(-x**2 / 2), with step h = 0.01, working on numbers and NumPy "
        "arrays. Pass the function itself: ch02.q3.check(dg). It is compared with the "
        "central difference to 9 significant digits."
    )
    points = (-2.0, -0.5, 0.0, 0.7, 1.3, 3.0, np.linspace(-3.0, 3.0, 7))
    # With h = 0.01 the central difference differs from the exact g' by h**2/6 |g'''|, a
    # few times 1e-5 relative, and a forward difference by about 5e-3; rounding differences
    # between ways of writing the formula are about eps/h ~ 1e-14. rtol 1e-9 lies between.
    step = 0.01
    rtol = 1e-9
    atol = 1e-12
    hints = (
        "Define g first, with np.exp so that it works on arrays.",
        "The central difference evaluates g one step to the right and one step to the left of x.",
        "Divide the difference by the distance between the two points, which is 2h, not h; "
        "and use h = 0.01 exactly.",
    )
    solution_text = (
        "def g(x):\n"
        "    return np.exp(-x**2 / 2)\n\n"
        "def dg(x, h=0.01):\n"
        "    return (g(x + h) - g(x - h)) / (2 * h)\n\n"
        "The exact derivative is g'(x) = -x * exp(-x**2 / 2); with h = 0.01 the two differ "
        "by a few times 1e-5."
    )

    def reference(self, x: Any) -> Any:
        x = np.asarray(x, dtype=np.float64)
        h = self.step
        # exp(-(x +- h)**2 / 2) = exp(-x**2/2) * exp(-h**2/2) * exp(-+ x h), so the
        # central difference is -exp(-x**2/2) exp(-h**2/2) sinh(x h) / h: the same value,
        # computed without subtracting nearby numbers.
        return -np.exp(-(x**2) / 2 - h**2 / 2) * np.sinh(x * h) / h

    def wrong_answer(self) -> Any:
        return lambda x: (
            -np.asarray(x, dtype=float) * np.exp(-(np.asarray(x, dtype=float) ** 2) / 2)
        )


class BestCentralStep(NumericProblem):
    prompt = (
        "In double precision (eps = 2.2e-16), roughly which step h gives the most accurate "
        "central difference for a function such as exp near x = 1, where f and its "
        "derivatives are all about 1 in size? Answer with a positive number such as 1e-3; "
        "anything within a factor of 10 of the theory counts."
    )
    # Truncation ~ h**2 against round-off ~ eps/h balance at h ~ eps**(1/3) = 6.1e-6.
    expected = math.pow(2.0**-52, 1 / 3)
    hints = (
        "Two errors compete: truncation, which shrinks as h shrinks, and round-off, which "
        "grows as h shrinks.",
        "For the central difference, truncation behaves like h**2 and round-off like eps/h.",
        "The best step is roughly where the two are equal: set them equal and solve for h.",
    )
    solution_text = (
        "h**2 = eps/h gives h = eps**(1/3) = (2.2e-16)**(1/3), about 6e-6, so h near 1e-5. "
        "(The forward difference balances h against eps/h instead: its best h is near "
        "sqrt(eps), about 1e-8.)"
    )

    def wrong_answer(self) -> Any:
        return math.sqrt(2.0**-52)  # the forward difference's best step

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


class OneSidedOrder(NumericProblem):
    prompt = (
        "Measure the order p of D3(h) = (-3 f(x) + 4 f(x + h) - f(x + 2h)) / (2h) for f = sin "
        "at x = 1: p = log10(E(1e-2) / E(1e-3)) with E(h) = |D3(h) - cos(1)|, to one decimal "
        "place."
    )
    # The h f'' terms cancel (4 - 4 = 0), leaving -h**2 f'''/3: second order. The measured
    # p is 1.995 (the next term, in h**3, tilts it a little); one decimal place: 2.0.
    expected = 2.0
    rtol = 0.0
    atol = 0.05
    hints = (
        "Write the formula as a Python function of f, x and h, and compute its error "
        "against the exact derivative of sin at 1 for the two steps.",
        "p is the base-10 logarithm of the ratio of the two errors: the error at the larger "
        "step divided by the error at the smaller one.",
        "If you expected the order of the forward difference because the points are all on "
        "one side, expand f(x + h) and f(x + 2h) in Taylor series and see which terms cancel.",
    )
    solution_text = (
        "errors = [abs((-3*np.sin(1) + 4*np.sin(1 + h) - np.sin(1 + 2*h)) / (2*h) - np.cos(1)) "
        "for h in (1e-2, 1e-3)]; np.log10(errors[0] / errors[1]) is 2.0: second order. In the "
        "Taylor expansion the f(x) terms cancel, the h f'(x) terms give 2h f'(x), and the "
        "h**2 f''(x) terms cancel as well (4 - 4 = 0), leaving -h**2 f'''(x)/3."
    )

    def wrong_answer(self) -> Any:
        return 1.0  # the forward difference's order, guessed from "one-sided"


class BreakComplexStep(NumericProblem):
    prompt = (
        "f(w) = w**3 + 0.3 * np.abs(w) at w = -0.5: give np.array([complex_step, true]), the "
        "complex-step estimate mc.derivative(f, -0.5, method='complex') and the true "
        "derivative, to 6 significant figures."
    )
    # np.abs(w + ih) is real, so the complex step sees only w**3: 3 w**2 = 0.75. The true
    # derivative adds 0.3 sign(w) = -0.3.
    expected = (0.75, 0.45)
    sig_figs = 6
    hints = (
        "Run mc.derivative with method='complex', then with a method that only evaluates f "
        "at real points (or differentiate by hand).",
        "By hand, differentiate the two terms one at a time. Away from 0, |w| is a straight "
        "line on each side: what is its slope on the side where w = -0.5 lies?",
        "If your two numbers agree, look at what np.abs returns for a complex number: which "
        "part of the slope can still reach the imaginary part?",
    )
    solution_text = (
        "np.abs(w + ih) = sqrt(w**2 + h**2) is real, so the complex step sees only w**3 and "
        "returns 3 * 0.25 = 0.75. The true derivative is 0.75 + 0.3 * sign(-0.5) = 0.45: "
        "np.array([0.75, 0.45]). method='auto' detects the disagreement and returns 0.45."
    )

    def wrong_answer(self) -> Any:
        return np.array([0.45, 0.45])  # trusted that the complex step is always right


q1 = BallSpeed()
q2 = ForwardErrorConstant()
q3 = CentralDifference()
q4 = BestCentralStep()
q5 = OneSidedOrder()
q6 = BreakComplexStep()
