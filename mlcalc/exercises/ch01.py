"""Exercises of chapter 1, *Functions*, in rising difficulty.

>>> from mlcalc.exercises import ch01
>>> ch01.q1.check(...).status
'unattempted'
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._core import FunctionProblem, NumericProblem

__all__ = ["q1", "q2", "q3", "q4", "q5"]

# The data of q4 and q5: three examples fitted by a line through the origin, y_hat = m x.
_X = np.array([1.0, 2.0, 3.0])
_Y = np.array([2.0, 3.0, 7.0])


class AverageRateOfChange(NumericProblem):
    prompt = (
        "Compute the average rate of change (p(1.1) - p(1)) / (1.1 - 1) of p(x) = x**3 "
        "between x = 1 and x = 1.1, to 5 significant figures."
    )
    # (1.331 - 1) / 0.1 exactly. Five significant figures, as the words say: a float32
    # computation (3.3100014) is right, the slope at x = 1 (3) or p(1.1) itself is not.
    expected = 3.31
    sig_figs = 5
    hints = (
        "The average rate of change is the slope of the straight line through the two "
        "points (1, p(1)) and (1.1, p(1.1)) on the graph.",
        "Slope = (change in output) / (change in input). The change in input is 1.1 - 1.",
        "In Python: p = lambda x: x**3, then divide p(1.1) - p(1) by the step.",
    )
    solution_text = (
        "p(1.1) = 1.331 and p(1) = 1, so the rate is 0.331 / 0.1 = 3.31. The slope of x**3 "
        "at exactly x = 1 is 3; the secant is steeper because the curve bends upward."
    )

    def wrong_answer(self) -> Any:
        return 1.1**3 - 1.0  # forgot to divide by the step


class LinearLayersCollapse(NumericProblem):
    prompt = (
        "Two linear layers y = w2 (w1 x + b1) + b2 with w1 = 2, b1 = 1, w2 = -0.5, b2 = 3 "
        "and no activation are one straight line y = a x + c. Give np.array([a, c])."
    )
    # Multiplied out: y = (w2 w1) x + (w2 b1 + b2) = -1 x + 2.5.
    expected = (-1.0, 2.5)
    rtol = 1e-9
    atol = 1e-12
    hints = (
        "Multiply out the brackets: w2 (w1 x + b1) = w2 w1 x + w2 b1.",
        "Collect the terms: the ones with x make the slope a, the rest make the intercept c.",
        "Check your line: at x = 0 both forms must give the same y, and at x = 1 as well.",
    )
    solution_text = (
        "y = w2 w1 x + (w2 b1 + b2), so a = w2 w1 = -1 and c = w2 b1 + b2 = -0.5 + 3 = 2.5: "
        "np.array([-1.0, 2.5]). Stacked linear layers are always one line."
    )

    def wrong_answer(self) -> Any:
        return np.array([-1.0, 4.0])  # b1 + b2: forgot that w2 multiplies b1 as well


class WriteSigmoid(FunctionProblem):
    prompt = (
        "Write my_sigmoid(z) = 1 / (1 + exp(-z)) so that it works on numbers and on NumPy "
        "arrays; pass the function itself: ch01.q3.check(my_sigmoid)."
    )
    points = (0.0, 2.5, -4.0, 30.0, np.array([-3.0, -0.5, 0.0, 0.5, 3.0]))
    rtol = 1e-9
    atol = 1e-15
    hints = (
        "Start with def my_sigmoid(z): and end with a return statement.",
        "math.exp only takes single numbers; NumPy has an exp that works entrywise.",
        "Mind the sign: the formula has e to the power minus z.",
    )
    solution_text = "def my_sigmoid(z):\n    return 1.0 / (1.0 + np.exp(-z))"

    def reference(self, x: Any) -> Any:
        # The sigmoid written through tanh, an identity independent of the learner's formula.
        return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=float)))

    def sample_answer(self) -> Any:
        return lambda z: 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))

    def wrong_answer(self) -> Any:
        return lambda z: 1.0 / (1.0 + np.exp(np.asarray(z, dtype=float)))  # sign slip


class GridSearchSlope(NumericProblem):
    prompt = (
        "For x = (1, 2, 3), y = (2, 3, 7) and y_hat = m x, evaluate L(m) = mean((m x - y)**2) "
        "on the grid np.linspace(0, 4, 401) and give the grid slope with the smallest loss."
    )
    # The exact minimiser is 29/14 = 2.0714 (q5), so the nearest grid point, 2.07, wins;
    # the tolerance keeps its neighbours 2.06 and 2.08 out.
    expected = 2.07
    rtol = 0.0
    atol = 1e-6
    hints = (
        "Make the grid with np.linspace(0, 4, 401); it goes up in steps of 0.01.",
        "grid[:, None] * x has one row of predictions per slope; subtract y, square, and "
        "take np.mean(..., axis=1) to get one loss per slope.",
        "np.argmin(losses) is the position of the smallest loss; look that position up in "
        "the grid.",
    )
    solution_text = (
        "grid = np.linspace(0, 4, 401)\n"
        "losses = np.mean((grid[:, None] * x - y) ** 2, axis=1)\n"
        "answer = grid[np.argmin(losses)]  # 2.07"
    )

    def wrong_answer(self) -> Any:
        return 2.08  # the exact minimiser rounded up, not the grid's own best point


class ExactBestSlope(NumericProblem):
    prompt = (
        "Multiply out L(m) = mean((m x - y)**2) for x = (1, 2, 3), y = (2, 3, 7) into a "
        "parabola A m**2 + B m + C and give its lowest point m = -B / (2A) to 5 significant "
        "figures."
    )
    # A = sum(x**2)/3 = 14/3, B = -2 sum(x y)/3 = -58/3, so m = sum(x y)/sum(x**2) = 29/14.
    expected = float(np.sum(_X * _Y) / np.sum(_X**2))
    sig_figs = 5
    hints = (
        "Expand one term first: (m x_i - y_i)**2 = x_i**2 m**2 - 2 x_i y_i m + y_i**2.",
        "Add the three expanded terms and divide by 3: A collects the m**2 coefficients, B "
        "the m coefficients. Write them with sums over the data.",
        "In -B / (2A) the factors 1/3 and 2 cancel, leaving a ratio of two sums. The grid "
        "answer of exercise 4 tells you roughly where to land.",
    )
    solution_text = (
        "A = (1 + 4 + 9)/3 = 14/3 and B = -2(2 + 6 + 21)/3 = -58/3, so the lowest point is "
        "m = -B/(2A) = sum(x y)/sum(x**2) = 29/14 = 2.0714. The ratio of means, 4/2 = 2, is "
        "a tempting shortcut but in general not the best slope."
    )

    def wrong_answer(self) -> Any:
        return float(np.mean(_Y) / np.mean(_X))  # the ratio of the averages, 2


q1 = AverageRateOfChange()
q2 = LinearLayersCollapse()
q3 = WriteSigmoid()
q4 = GridSearchSlope()
q5 = ExactBestSlope()
