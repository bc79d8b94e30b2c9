"""Exercises of chapter 3, *Derivative rules*.

>>> from mlcalc.exercises import ch03
>>> ch03.q1.check(...).status
'unattempted'
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ._core import ChoiceProblem, FunctionProblem, NumericProblem

__all__ = ["q1", "q2", "q3", "q4"]


class QuotientAtAPoint(NumericProblem):
    prompt = (
        "Use the quotient rule to find h'(1) for h(x) = x**2 / (1 + exp(x)). Answer with a float "
        "(5 significant figures or better)."
    )
    # f = x^2, g = 1 + e^x: (f'g - f g') / g^2 = (2x(1 + e^x) - x^2 e^x) / (1 + e^x)^2,
    # which at x = 1 is (2 + e) / (1 + e)^2.
    expected = (2.0 + math.e) / (1.0 + math.e) ** 2
    # Worked by hand: five significant figures are enough (rounding to five costs at most
    # 5e-5 relative); a slip in the rule is off by far more.
    rtol = 1e-4
    atol = 1e-9
    hint_text = (
        "Take f(x) = x**2 and g(x) = 1 + exp(x). You need f, f', g and g' at x = 1, then "
        "(f'g - f g') / g**2. Remember that exp is its own derivative."
    )
    solution_text = (
        "f(1) = 1, f'(1) = 2, g(1) = 1 + e, g'(1) = e, so "
        "h'(1) = (2(1 + e) - e) / (1 + e)**2 = (2 + e) / (1 + e)**2 = 0.34127 "
        "(to 5 significant figures)."
    )


class PolynomialDerivative(FunctionProblem):
    prompt = (
        "Write a function dp(x) returning the derivative of "
        "p(x) = 4x**5 - 3x**3 + 2x - 7. It should work for a float and for a NumPy array."
    )
    points = (-2.0, -0.5, 0.0, 1.0, 3.0, np.linspace(-1.5, 1.5, 7))
    rtol = 1e-9
    atol = 1e-9
    hint_text = (
        "Differentiate term by term (sum rule); each term c*x**n becomes c*n*x**(n-1) "
        "(constant multiple and power rules), and the constant -7 disappears."
    )
    solution_text = "dp = lambda x: 20 * x**4 - 9 * x**2 + 2"

    def reference(self, x: Any) -> Any:
        return 20.0 * np.asarray(x) ** 4 - 9.0 * np.asarray(x) ** 2 + 2.0


class WhichRuleForMinibatches(ChoiceProblem):
    prompt = (
        "The training loss L(w) = (1/n) * sum_i loss_i(w) averages n per-example losses. "
        "Mini-batch gradient descent relies on the gradient of that average being the "
        "average of the per-example gradients. Which rule guarantees it?\n"
        "  'a': the constant rule\n"
        "  'b': the power rule\n"
        "  'c': the sum rule (with the constant-multiple rule for the 1/n)\n"
        "  'd': the product rule\n"
        "  'e': the quotient rule"
    )
    options = {
        "a": "the constant rule",
        "b": "the power rule",
        "c": "the sum rule, with the constant-multiple rule for the factor 1/n",
        "d": "the product rule",
        "e": "the quotient rule",
    }
    expected = "c"
    hint_text = "Which rule says that the derivative of f + g is f' + g'?"
    solution_text = (
        "'c'. The derivative of a sum is the sum of the derivatives, and a constant factor "
        "such as 1/n comes out unchanged, so d/dw (1/n) sum_i loss_i = (1/n) sum_i loss_i'."
    )


class TanhSlope(NumericProblem):
    prompt = (
        "Write tanh(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x)) and use the quotient rule "
        "(with d/dx exp(-x) = -exp(-x)) to find tanh'(0.5). Answer with a float (5 significant "
        "figures or better)."
    )
    # f = e^x - e^-x, g = e^x + e^-x, so f' = g and g' = f: the quotient rule gives
    # (g^2 - f^2) / g^2 = 4 / (e^x + e^-x)^2, written out here with math.exp.
    expected = 4.0 / (math.exp(0.5) + math.exp(-0.5)) ** 2
    # Worked by hand: five significant figures are enough (rounding to five costs at most
    # 5e-5 relative); a slip in the rule is off by far more.
    rtol = 1e-4
    atol = 1e-9
    hint_text = (
        "Call the numerator f and the denominator g. Then f' = g and g' = f, so "
        "(f'g - f g') / g**2 needs only f and g at x = 0.5."
    )
    solution_text = (
        "With f = e^x - e^-x and g = e^x + e^-x: f' = g and g' = f, so "
        "tanh' = (g**2 - f**2) / g**2 = 1 - tanh**2 = 4 / (e^x + e^-x)**2. "
        "At x = 0.5: 1 - tanh(0.5)**2 = 1 - 0.46212**2 = 0.78645 (to 5 significant figures)."
    )


q1 = QuotientAtAPoint()
q2 = PolynomialDerivative()
q3 = WhichRuleForMinibatches()
q4 = TanhSlope()
