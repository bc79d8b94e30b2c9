"""Exercises of chapter 1, Functions."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._core import ChoiceProblem, FunctionProblem, NumericProblem


class EvaluateQuadratic(NumericProblem):
    prompt = "Evaluate g(x) = 3x^2 - 2x + 1 at x = 2."
    expected = 9.0
    rtol = 1e-9
    atol = 1e-12
    hint_text = "Replace every x in 3x^2 - 2x + 1 by 2; powers first, then products, then sums."
    solution_text = "g(2) = 3*4 - 2*2 + 1 = 12 - 4 + 1 = 9."


class MeanSquaredError(NumericProblem):
    prompt = "The mean squared error of y_hat = (2.5, 0.0, 2.1) against y = (3.0, -0.5, 2.0)."
    expected = 0.17
    rtol = 1e-6
    atol = 1e-12
    hint_text = "Subtract, square each difference, then average the three squares."
    solution_text = (
        "The gaps are -0.5, 0.5 and 0.1; squared 0.25, 0.25, 0.01; mean 0.51 / 3 = 0.17."
    )


class WriteSigmoid(FunctionProblem):
    prompt = "Write my_sigmoid(z) = 1 / (1 + exp(-z)) for numbers and NumPy arrays."
    points = (0.0, 2.5, -4.0, 30.0, np.array([-3.0, -0.5, 0.0, 0.5, 3.0]))
    rtol = 1e-9
    atol = 1e-15
    hint_text = "Use np.exp, which works on numbers and arrays alike."
    solution_text = "def my_sigmoid(z):\n    return 1.0 / (1.0 + np.exp(-z))"

    def reference(self, x: Any) -> Any:
        # The sigmoid written through tanh, an identity independent of the learner's formula.
        return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=float)))


class AverageRateOfChange(NumericProblem):
    prompt = "The average rate of change of p(x) = x^3 between x = 1 and x = 1.1."
    expected = 3.31
    rtol = 1e-9
    atol = 1e-12
    hint_text = "Compute (p(1.1) - p(1)) / (1.1 - 1)."
    solution_text = "p(1.1) = 1.331, p(1) = 1, so the rate is 0.331 / 0.1 = 3.31."


class StackedLinearLayers(ChoiceProblem):
    prompt = "Two linear layers y = w2 (w1 x + b1) + b2 with no activation are: A, B or C?"
    options = {"A": "a straight line", "B": "a parabola", "C": "an S-shaped curve"}
    expected = "A"
    hint_text = "Multiply out the brackets and collect the terms in x."
    solution_text = "y = (w2 w1) x + (w2 b1 + b2): a straight line."


q1 = EvaluateQuadratic()
q2 = MeanSquaredError()
q3 = WriteSigmoid()
q4 = AverageRateOfChange()
q5 = StackedLinearLayers()
