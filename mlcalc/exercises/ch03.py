"""Exercises of chapter 3, *Derivative rules*.

Five exercises of rising difficulty: the quotient rule at a point (a derivation), a
polynomial's derivative (code the checker runs), tanh'' (a derivation), a rate of change
on the simplex (an experiment with ``mc.derivative``) and the sigmoid's second derivative
(code the checker runs).

>>> from mlcalc.exercises import ch03
>>> ch03.q1.check(...).status
'unattempted'
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..functions import sigmoid
from ._core import FunctionProblem, NumericProblem

__all__ = ["q1", "q2", "q3", "q4", "q5"]


class QuotientAtAPoint(NumericProblem):
    prompt = (
        "Use the quotient rule to find h'(1) for h(x) = x**2 / (1 + exp(x)). Answer with a "
        "float, to 5 significant figures."
    )
    # f = x^2, g = 1 + e^x: (f'g - f g') / g^2 = (2x(1 + e^x) - x^2 e^x) / (1 + e^x)^2,
    # which at x = 1 is (2 + e) / (1 + e)^2.
    expected = (2.0 + math.e) / (1.0 + math.e) ** 2
    sig_figs = 5
    hints = (
        "Name the top f(x) = x**2 and the bottom g(x) = 1 + exp(x), and write down f' and g' "
        "before anything else.",
        "You need four numbers at x = 1: f(1), f'(1), g(1) and g'(1). The exponential is its "
        "own derivative, and the constant 1 in g contributes nothing to g'.",
        "Put them into (f'g - f g') / g**2, in that order: swapping the two products flips "
        "the sign, and forgetting the square changes the size.",
    )
    solution_text = (
        "f(1) = 1, f'(1) = 2, g(1) = 1 + e, g'(1) = e, so "
        "h'(1) = (2(1 + e) - e) / (1 + e)**2 = (2 + e) / (1 + e)**2 = 0.34127 "
        "(to 5 significant figures)."
    )

    def wrong_answer(self) -> Any:
        return (math.e - 2.0) / (1.0 + math.e) ** 2  # the numerator's order swapped


class PolynomialDerivative(FunctionProblem):
    prompt = (
        "Write a function dp(x) returning the derivative of "
        "p(x) = 4x**5 - 3x**3 + 2x - 7. It should work for a float and for a NumPy array."
    )
    points = (-2.0, -0.5, 0.0, 1.0, 3.0, np.linspace(-1.5, 1.5, 7))
    rtol = 1e-9
    atol = 1e-9
    hints = (
        "Differentiate one term at a time: the sum rule says you may.",
        "A term c * x**n becomes c * n * x**(n - 1). What does a term without x become?",
        "Write the result with ** and +, not with math functions, so that the same code "
        "works for a float and for an array.",
    )
    solution_text = "def dp(x): return 20 * x**4 - 9 * x**2 + 2"

    def reference(self, x: Any) -> Any:
        return 20.0 * np.asarray(x) ** 4 - 9.0 * np.asarray(x) ** 2 + 2.0

    def wrong_answer(self) -> Any:
        return lambda x: 4 * np.asarray(x) ** 4 - 3 * np.asarray(x) ** 2 + 2  # forgot n


class TanhSecondDerivative(NumericProblem):
    prompt = (
        "Starting from tanh'(x) = 1 - tanh(x)**2, find the second derivative tanh''(x) as an "
        "expression in tanh(x), and evaluate it at x = 0.5. Answer with a float, to 5 "
        "significant figures."
    )
    # With t = tanh x: d/dx (1 - t*t) = -(t't + t t') = -2 t t' = -2 t (1 - t^2).
    _t = math.tanh(0.5)
    expected = -2.0 * _t * (1.0 - _t**2)
    sig_figs = 5
    hints = (
        "Write t = tanh(x). Then tanh' = 1 - t * t: which rules differentiate a constant and "
        "a product?",
        "The product rule on t * t gives two equal terms, each with a factor t'. Do not stop "
        "there: t' itself is known.",
        "Substitute t' = 1 - t**2, so that the result is a polynomial in t, then evaluate it "
        "with t = np.tanh(0.5). Mind the sign.",
    )
    solution_text = (
        "With t = tanh x: tanh'' = d/dx (1 - t*t) = -2 t t' = -2 tanh x (1 - tanh(x)**2). At "
        "x = 0.5, t = 0.46212, so tanh''(0.5) = -0.72686 (to 5 significant figures)."
    )

    def wrong_answer(self) -> Any:
        return -2.0 * self._t  # the inner factor t' forgotten


class EntropyOnTheSimplex(NumericProblem):
    prompt = (
        "Three outcomes have probabilities p = (0.5, 0.3, 0.2). Move an amount t from the "
        "first to the third: p(t) = (0.5 - t, 0.3, 0.2 + t), with entropy "
        "H(t) = -sum_k p_k(t) ln p_k(t). Measure H'(0) with mc.derivative and answer with it, "
        "to 5 significant figures."
    )
    # Moving mass from outcome 1 to outcome 3: dH/dt = dH/dp3 - dH/dp1 = ln p1 - ln p3.
    expected = math.log(0.5) - math.log(0.2)
    sig_figs = 5
    hints = (
        "Write a Python function of t alone that builds the three probabilities with "
        "np.array([...]) and returns the entropy.",
        "Use np.log, not math.log: mc.derivative may call your function with a complex t.",
        "Then mc.derivative(your_function, 0.0) is the measurement. To understand the "
        "number, compare it with the difference of two of the free partial derivatives "
        "-(ln p_k + 1).",
    )
    solution_text = (
        "H'(0) = ln 0.5 - ln 0.2 = ln 2.5 = 0.91629 (to 5 significant figures): the third "
        "free partial derivative minus the first, in which the constants 1 cancel. "
        "In code: H = lambda t: -np.sum(np.array([0.5 - t, 0.3, 0.2 + t]) * "
        "np.log(np.array([0.5 - t, 0.3, 0.2 + t]))); mc.derivative(H, 0.0)."
    )

    def wrong_answer(self) -> Any:
        return -(math.log(0.2) + 1.0)  # one free partial derivative, as if p3 could move alone


class SigmoidSecondDerivative(FunctionProblem):
    prompt = (
        "Write sigmoid_second(x), the second derivative of the sigmoid, for a float and for a "
        "NumPy array. Derive it from sigma' = sigma (1 - sigma); you may call mc.sigmoid."
    )
    points = (-6.0, -1.0, 0.0, 0.5, 2.0, 6.0, 25.0, np.linspace(-8.0, 8.0, 9))
    rtol = 1e-7
    atol = 1e-12
    hints = (
        "Write s = sigma(x), so sigma' = s - s**2, and differentiate that with respect to x.",
        "Each time you differentiate s you get s' = s (1 - s) back. Collect the terms that "
        "share the factor s'.",
        "Compute s = mc.sigmoid(x) once in your function and return an expression in s: it "
        "then works for arrays unchanged.",
    )
    solution_text = (
        "sigma'' = s' - 2 s s' = s'(1 - 2s) = sigma (1 - sigma) (1 - 2 sigma). "
        "def sigmoid_second(x): s = mc.sigmoid(x); return s * (1 - s) * (1 - 2 * s)"
    )

    def reference(self, x: Any) -> Any:
        # sigma (1 - sigma) (1 - 2 sigma), with sigma (1 - sigma) = e^{-|x|} / (1 + e^{-|x|})^2
        # (no cancellation for large |x|) and 1 - 2 sigma = -tanh(x / 2).
        x = np.asarray(x, dtype=np.float64)
        decay = np.exp(-np.abs(x))
        return decay / (1.0 + decay) ** 2 * -np.tanh(x / 2.0)

    def wrong_answer(self) -> Any:
        def first_derivative(x: Any) -> Any:
            s = sigmoid(x)
            return s * (1.0 - s)

        return first_derivative


q1 = QuotientAtAPoint()
q2 = PolynomialDerivative()
q3 = TanhSecondDerivative()
q4 = EntropyOnTheSimplex()
q5 = SigmoidSecondDerivative()
