"""Exercises of chapter 7, Gradient Descent.

>>> from mlcalc.exercises import ch07
>>> ch07.q1.check(...).status
'unattempted'

The expected answers were worked out by hand from the formulas in the prompts; the
function exercise is checked against the closed form of ten steps on a quadratic.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ._core import ChoiceProblem, FunctionProblem, NumericProblem

__all__ = ["q1", "q2", "q3", "q4"]


class OneStepByHand(NumericProblem):
    prompt = (
        "Let J(w, b) = (w - 1)**2 + 2*b**2. Starting from (w, b) = (3, 1), take one "
        "gradient descent step with learning rate 0.1. Give the new point as an array [w, b]."
    )
    # grad J = (2(w - 1), 4b) = (4, 4) at (3, 1);  (3, 1) - 0.1 * (4, 4) = (2.6, 0.6).
    expected = np.array([2.6, 0.6])
    rtol = 1e-6
    atol = 1e-9
    hint_text = (
        "First the gradient: dJ/dw = 2(w - 1) and dJ/db = 4b, at (3, 1). Then apply "
        "theta_new = theta - learning_rate * gradient to both coordinates."
    )
    solution_text = (
        "grad J(3, 1) = (2*(3 - 1), 4*1) = (4, 4), so the new point is "
        "(3 - 0.1*4, 1 - 0.1*4) = (2.6, 0.6). The cost falls from 6 to 3.28."
    )


class LargestStableLearningRate(NumericProblem):
    prompt = (
        "Gradient descent on J(x, y) = 2*x**2 + x*y + 5*y**2 converges from every start "
        "exactly when 0 < lr < 2/L, where L is the largest eigenvalue of the Hessian. "
        "Give 2/L as a number."
    )
    # Hessian [[4, 1], [1, 10]]: (4 - l)(10 - l) - 1 = l**2 - 14 l + 39 = 0, so
    # l = 7 +- sqrt(10) and 2/L = 2 / (7 + sqrt(10)) = 0.19680...
    expected = 2.0 / (7.0 + math.sqrt(10.0))
    rtol = 1e-4
    atol = 1e-9
    hint_text = (
        "The Hessian of 2x^2 + xy + 5y^2 is [[4, 1], [1, 10]] (the xy term gives 1 off "
        "the diagonal). Find its larger eigenvalue L, e.g. with np.linalg.eigvalsh, then "
        "compute 2/L."
    )
    solution_text = (
        "H = [[4, 1], [1, 10]]; its eigenvalues solve (4 - l)(10 - l) - 1 = 0, so "
        "l = 7 +- sqrt(10). L = 7 + sqrt(10) = 10.162 and 2/L = 0.19680. Not 2/10 = 0.2: "
        "the off-diagonal term makes the largest curvature bigger than the largest "
        "diagonal entry."
    )


class WriteTheLoop(FunctionProblem):
    prompt = (
        "Write descend(lr): run 10 steps of gradient descent with learning rate lr on "
        "J(x, y) = (x - 3)**2 + 2*(y + 1)**2 from (0, 0) and return the point after the "
        "10th step as a NumPy array [x, y]."
    )
    points = (0.01, 0.05, 0.1, 0.2, 0.3, 0.45)
    rtol = 1e-9
    atol = 1e-12
    hint_text = (
        "grad J = (2(x - 3), 4(y + 1)). Start from theta = np.array([0.0, 0.0]) and "
        "repeat theta = theta - lr * grad(theta) ten times (not eleven, not nine)."
    )
    solution_text = (
        "    def descend(lr):\n"
        "        theta = np.array([0.0, 0.0])\n"
        "        for _ in range(10):\n"
        "            grad = np.array([2 * (theta[0] - 3), 4 * (theta[1] + 1)])\n"
        "            theta = theta - lr * grad\n"
        "        return theta\n"
        "Each step multiplies x - 3 by 1 - 2*lr and y + 1 by 1 - 4*lr, so the result is "
        "(3 - 3(1 - 2 lr)^10, -1 + (1 - 4 lr)^10)."
    )

    def reference(self, x: Any) -> Any:
        # Closed form of ten steps: each coordinate's distance to the minimum (3, -1)
        # is multiplied by (1 - lr * curvature) per step, curvatures 2 and 4.
        lr = float(x)
        return np.array([3.0 - 3.0 * (1.0 - 2.0 * lr) ** 10, -1.0 + (1.0 - 4.0 * lr) ** 10])


class OneExamplePerUpdate(ChoiceProblem):
    prompt = (
        "Which variant of gradient descent computes each update from a single training "
        "example picked at random? Answer 'a' (batch), 'b' (stochastic), 'c' (mini-batch) "
        "or 'd' (gradient descent with momentum)."
    )
    options = {
        "a": "batch gradient descent",
        "b": "stochastic gradient descent",
        "c": "mini-batch gradient descent",
        "d": "gradient descent with momentum",
    }
    expected = "b"
    hint_text = (
        "Count the examples behind one update: all n, a batch of a few, or one. Momentum "
        "changes how the step is built from gradients, not which examples they come from."
    )
    solution_text = (
        "b, stochastic gradient descent: one example per update, n updates per epoch. "
        "Batch descent uses all n examples per update, mini-batch descent a few "
        "(mc.optim.batches with 1 < batch_size < n)."
    )


q1 = OneStepByHand()
q2 = LargestStableLearningRate()
q3 = WriteTheLoop()
q4 = OneExamplePerUpdate()
