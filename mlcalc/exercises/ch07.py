"""Exercises of chapter 7, Gradient Descent.

>>> from mlcalc.exercises import ch07
>>> ch07.q1.check(...).status
'unattempted'

Rising difficulty: one step by hand (q1), the stability limit derived from the Hessian
(q2), the same limit found by experiment on a quadratic whose matrix is hidden (q3), and
two functions the learner writes and the checker runs: a momentum step (q4) and an epoch
of stochastic gradient descent (q5).
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

import numpy as np

from .._validate import as_real_array
from ._core import Args, FunctionProblem, NumericProblem

__all__ = ["q1", "q2", "q3", "q4", "q5"]


class OneStepByHand(NumericProblem):
    prompt = (
        "Let L(w, b) = (w - 1)**2 + 2*b**2. Starting from (w, b) = (3, 1), take one "
        "gradient descent step with learning rate 0.1. Give the new point as an array [w, b] "
        "(exact, or to 6 significant figures)."
    )
    # grad L = (2(w - 1), 4b) = (4, 4) at (3, 1);  (3, 1) - 0.1 * (4, 4) = (2.6, 0.6).
    expected = np.array([2.6, 0.6])
    sig_figs = 6
    hints = (
        "Start with the gradient: the partial derivative of (w - 1)**2 with respect to w, "
        "and of 2*b**2 with respect to b.",
        "Evaluate both partials at the starting point (3, 1).",
        "Apply theta_new = theta - learning_rate * gradient to each coordinate; the minus "
        "sign takes you downhill.",
    )
    solution_text = (
        "grad L(3, 1) = (2*(3 - 1), 4*1) = (4, 4), so the new point is "
        "(3 - 0.1*4, 1 - 0.1*4) = (2.6, 0.6). The loss falls from 6 to 3.28."
    )


class LargestStableLearningRate(NumericProblem):
    prompt = (
        "Gradient descent on L(x, y) = 2*x**2 + x*y + 5*y**2 converges from every start "
        "exactly when 0 < lr < 2/lambda_max, where lambda_max is the largest eigenvalue of "
        "the Hessian. Give the limit 2/lambda_max to 4 significant figures."
    )
    # Hessian [[4, 1], [1, 10]]: (4 - l)(10 - l) - 1 = l**2 - 14 l + 39 = 0, so
    # l = 7 +- sqrt(10) and 2/lambda_max = 2 / (7 + sqrt(10)) = 0.19680...
    expected = 2.0 / (7.0 + math.sqrt(10.0))
    sig_figs = 4
    hints = (
        "The limit depends only on the Hessian, which is a constant matrix for a quadratic: "
        "write down its four second partial derivatives.",
        "Mind the mixed term: the second derivative of x*y with respect to x and then y is "
        "1, and it sits in both off-diagonal entries.",
        "The eigenvalues of a symmetric 2x2 matrix solve lambda**2 - trace*lambda + det = 0 "
        "(or use np.linalg.eigvalsh). Take the larger root, then 2 divided by it: not 2 "
        "divided by the largest diagonal entry.",
    )
    solution_text = (
        "H = [[4, 1], [1, 10]]; its eigenvalues solve (4 - l)(10 - l) - 1 = 0, so "
        "l = 7 +- sqrt(10). lambda_max = 7 + sqrt(10) = 10.162 and 2/lambda_max = 0.1968. "
        "Not 2/10 = 0.2: the off-diagonal term makes the largest curvature bigger than the "
        "largest diagonal entry."
    )


# A symmetric positive definite matrix the learner does not see (eigenvalues about 2.48,
# 3.82 and 7.70), so that q3's limit has to be found by running descent.
_HIDDEN_HESSIAN = np.array([[5.0, 2.0, 0.0], [2.0, 6.0, 1.0], [0.0, 1.0, 3.0]])


class EmpiricalStabilityLimit(NumericProblem):
    prompt = (
        "ch07.q3.gradient(theta) is the gradient of a quadratic loss of three parameters, "
        "L(theta) = theta @ A @ theta / 2, whose matrix A is hidden. By experiment with "
        "gradient descent (for instance mc.gradient_descent from theta0 = np.ones(3)), find "
        "the largest learning rate for which it converges. Give it to within 1%."
    )
    expected = 2.0 / float(np.linalg.eigvalsh(_HIDDEN_HESSIAN).max())
    rtol = 0.01
    atol = 0.0
    hints = (
        "Try a few learning rates, say 0.01, 0.1 and 1, with a few thousand steps each, and "
        "see which runs converge and which blow up: that brackets the limit.",
        "Bisect: keep a rate that converges and one that diverges, try their midpoint and "
        "replace one of the two. Each halving of the bracket gains a factor of two; about "
        "ten of them give 1%.",
        "Near the limit both convergence and divergence are slow (one factor per step is "
        "close to -1), so judge a run by whether |theta| after a few thousand steps is "
        "smaller than at the start, not only by the converged and diverged flags.",
    )
    solution_text = (
        "Bisection between a converging and a diverging rate, judging each run of 3000 "
        "steps by whether |theta| ended below its start, gives 0.2599 (2/lambda_max of the "
        "hidden matrix, whose largest eigenvalue is 7.696: gradient(e_i) is its column i, "
        "so np.linalg.eigvalsh on those columns confirms it)."
    )

    @staticmethod
    def gradient(theta: Any) -> np.ndarray:
        """The gradient A @ theta of the hidden quadratic; ``theta`` has 3 entries."""
        theta = as_real_array(theta, "theta")
        if theta.shape != (3,):
            raise ValueError(f"theta must have 3 entries, got shape {theta.shape}")
        return _HIDDEN_HESSIAN @ theta


class MomentumStep(FunctionProblem):
    prompt = (
        "Write momentum_step(theta, velocity, grad, lr, beta) that takes one step of "
        "gradient descent with momentum as in the chapter: the new velocity is beta times "
        "the old one plus the gradient, and theta moves by lr times the new velocity, "
        "downhill. Return (theta_new, velocity_new)."
    )
    points: ClassVar[tuple[Args, ...]] = (
        Args(np.array([1.0, -2.0]), np.zeros(2), np.array([0.5, 4.0]), 0.1, 0.9),
        Args(np.array([1.0, -2.0]), np.array([0.3, -1.0]), np.array([0.5, 4.0]), 0.1, 0.9),
        Args(np.array([0.0, 3.0, -1.0]), np.array([2.0, 0.0, -0.5]), np.ones(3), 0.01, 0.5),
        Args(np.array([4.0]), np.array([-1.5]), np.array([2.0]), 0.25, 0.0),
    )
    rtol = 1e-9
    atol = 1e-12
    hints = (
        "Two lines, in this order: first the new velocity from the old velocity and the "
        "gradient, then the new parameters from the new velocity.",
        "Use the convention of the chapter's momentum equation: the velocity accumulates "
        "the raw gradients, with no (1 - beta) factor in front of the gradient.",
        "The step goes downhill, so theta decreases along the velocity. Return both arrays "
        "as a tuple, parameters first.",
    )
    solution_text = (
        "    def momentum_step(theta, velocity, grad, lr, beta):\n"
        "        velocity_new = beta * velocity + grad\n"
        "        return theta - lr * velocity_new, velocity_new\n"
        "With beta = 0 it is plain gradient descent; mc.optim.Momentum takes the same step."
    )

    def reference(self, *args: Any) -> tuple[np.ndarray, np.ndarray]:
        theta, velocity, grad, lr, beta = args
        velocity_new = beta * velocity + grad
        return theta - lr * velocity_new, velocity_new

    def wrong_answer(self) -> Any:
        # The exponential-average convention, v = beta v + (1 - beta) g: a common mix-up.
        def momentum_step(theta, velocity, grad, lr, beta):  # type: ignore[no-untyped-def]
            velocity_new = beta * velocity + (1 - beta) * grad
            return theta - lr * velocity_new, velocity_new

        return momentum_step


class StochasticEpoch(FunctionProblem):
    prompt = (
        "Write sgd_epoch(w, b, x, y, lr, order) that runs one epoch of stochastic gradient "
        "descent for the line y_hat = w*x + b with the squared error of one example, "
        "(w*x[i] + b - y[i])**2, as its loss: visit the examples in the given order (an "
        "array of indices) and update w and b after each one. Return (w, b)."
    )
    points: ClassVar[tuple[Args, ...]] = (
        Args(
            0.0,
            0.0,
            np.array([1.0, 2.0, 3.0]),
            np.array([3.0, 5.0, 7.0]),
            0.05,
            np.array([2, 0, 1]),
        ),
        Args(
            1.0,
            -1.0,
            np.array([-1.0, 0.5, 2.0, 1.5]),
            np.array([0.0, 1.0, 2.0, -1.0]),
            0.1,
            np.array([3, 1, 0, 2]),
        ),
        Args(
            2.0,
            0.5,
            np.array([0.2, -0.7, 1.1, 0.4, -1.3]),
            np.array([1.0, -1.0, 2.5, 0.0, 0.3]),
            0.2,
            np.array([4, 2, 0, 3, 1]),
        ),
    )
    rtol = 1e-9
    atol = 1e-12
    hints = (
        "For one example the loss is (w*x[i] + b - y[i])**2; its partial derivatives with "
        "respect to w and b are the chapter-6 MSE gradient for a batch of one example.",
        "Loop over `order`, not over range(len(x)): the checker uses an order that is not "
        "0, 1, 2, ..., and the result depends on it.",
        "Inside the loop, compute the residual with the current w and b, then both partial "
        "derivatives from that same residual, and only then update w and b.",
    )
    solution_text = (
        "    def sgd_epoch(w, b, x, y, lr, order):\n"
        "        for i in order:\n"
        "            residual = w * x[i] + b - y[i]\n"
        "            w, b = w - lr * 2 * residual * x[i], b - lr * 2 * residual\n"
        "        return w, b\n"
        "Each update uses the parameters left by the previous example: that is what makes "
        "it stochastic descent rather than one batch step."
    )

    def reference(self, *args: Any) -> tuple[float, float]:
        w, b, x, y, lr, order = args
        for i in order:
            residual = w * x[i] + b - y[i]
            w, b = w - lr * 2 * residual * x[i], b - lr * 2 * residual
        return float(w), float(b)

    def wrong_answer(self) -> Any:
        # One batch step of the same total size: every gradient taken at the start.
        def sgd_epoch(w, b, x, y, lr, order):  # type: ignore[no-untyped-def]
            residual = w * x + b - y
            return w - lr * 2 * np.sum(residual * x), b - lr * 2 * np.sum(residual)

        return sgd_epoch


q1 = OneStepByHand()
q2 = LargestStableLearningRate()
q3 = EmpiricalStabilityLimit()
q4 = MomentumStep()
q5 = StochasticEpoch()
