"""Exercises of chapter 12, *Logistic regression*.

>>> from mlcalc.exercises import ch12
>>> ch12.q1.check(...).status
'unattempted'

q1 and q2 are derivations whose result is checked (the gradient of one example; the
finite minimiser that L2 regularisation creates), q3 is an experiment (how far the weights
have grown on separable data after a given number of steps), q4 and q5 are functions the
learner writes (the gradient of L2-regularised logistic regression, then of softmax
regression), run on
cases the checker chooses.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..functions import sigmoid
from ..losses import cross_entropy_grad
from ._core import Args, FunctionProblem, NumericProblem

__all__ = ["q1", "q2", "q3", "q4", "q5"]

# q1: one example and the current weights, named so that the chapter's solution can use them.
Q1_X = np.array([2.0, -1.0])
Q1_Y = 1.0
Q1_W = np.array([0.5, 1.0])
Q1_B = 0.5
# q2: the penalty weight gamma of L(w) = ln(1 + e^-w) + gamma w^2.
Q2_GAMMA = 0.1
# q3: the run whose weight norm is asked for.
Q3_DATA = {"n": 100, "noise": 0.25, "seed": 3}
Q3_LR = 1.0
Q3_STEPS = 10_000


def _one_example_gradient(delta_factor: float = 1.0) -> np.ndarray:
    """(dl/dw1, dl/dw2, dl/db) of q1, with the error signal scaled by ``delta_factor``."""
    p = 1.0 / (1.0 + math.exp(-(float(Q1_X @ Q1_W) + Q1_B)))
    return delta_factor * (p - Q1_Y) * np.append(Q1_X, 1.0)


class OneExampleGradient(NumericProblem):
    prompt = (
        "Logistic regression with weights w = (0.5, 1) and bias b = 0.5 sees one example "
        "x = (2, -1) with label y = 1, and its loss is the binary cross-entropy "
        "l = -[y ln p + (1 - y) ln(1 - p)] with p = sigma(x . w + b). Derive the gradient "
        "and give (dl/dw1, dl/dw2, dl/db) as an array of 3 numbers, to 5 significant "
        "figures. The numbers are ch12.Q1_X, ch12.Q1_Y, ch12.Q1_W and ch12.Q1_B."
    )
    expected = _one_example_gradient()
    sig_figs = 5
    hints = (
        "Follow the chain l -> p -> z -> w: compute dl/dp, dp/dz and dz/dw separately, "
        "then multiply them.",
        "dp/dz is the sigmoid's slope, p (1 - p). Write dl/dp over a common denominator "
        "and see what cancels.",
        "After the cancellation dl/dz is the error of the predicted probability. The bias "
        "enters z with slope 1; w_j enters with slope x_j. Evaluate z first.",
    )
    solution_text = (
        "dl/dp = (p - y) / (p (1 - p)) and dp/dz = p (1 - p), so dl/dz = p - y. With "
        "z = 2 * 0.5 - 1 + 0.5 = 0.5 and p = sigma(0.5), the gradient is "
        "(p - 1) * (2, -1, 1)."
    )

    def wrong_answer(self) -> Any:
        # The sigmoid's slope kept once too often, as the squared error through sigma has it.
        p = 1.0 / (1.0 + math.exp(-0.5))
        return _one_example_gradient(p * (1.0 - p))


def _regularised_minimiser(gamma: float) -> float:
    """The root of 1 - sigma(w) = 2 gamma w, by bisection (the left side falls, the right rises)."""
    low, high = 0.0, 1.0 / (2.0 * gamma)  # the difference is 1/2 > 0 at 0 and < 0 at high
    for _ in range(200):
        middle = 0.5 * (low + high)
        if 1.0 - float(sigmoid(middle)) - 2.0 * gamma * middle > 0.0:
            low = middle
        else:
            high = middle
    return 0.5 * (low + high)


class RegularisedMinimiser(NumericProblem):
    prompt = (
        "One example x = 1 with label y = 1 and no bias: the loss of the weight w is "
        "ln(1 + e^(-w)), which has no minimiser. With the L2 penalty it becomes "
        "L(w) = ln(1 + e^(-w)) + gamma w^2 with gamma = 0.1. Derive the condition "
        "L'(w) = 0 and find the minimiser w* to 5 significant figures (the condition has "
        "no closed-form solution: solve it numerically)."
    )
    expected = _regularised_minimiser(Q2_GAMMA)
    sig_figs = 5
    hints = (
        "Differentiate ln(1 + e^(-w)) with the chain rule and write the result with the "
        "sigmoid. The penalty contributes 2 gamma w.",
        "The condition reads: a decreasing function of w equals an increasing one. So "
        "there is exactly one crossing, and bisection finds it.",
        "The crossing lies between w = 0 (where the left side is larger) and "
        "w = 1 / (2 gamma) (where the right side is larger).",
    )
    solution_text = (
        "d/dw ln(1 + e^-w) = -e^-w / (1 + e^-w) = -(1 - sigma(w)), so L'(w) = 0 reads "
        "1 - sigma(w) = 2 gamma w. Bisection on [0, 5] gives w*."
    )

    def wrong_answer(self) -> Any:
        return _regularised_minimiser(Q2_GAMMA / 2.0)  # the penalty's 2 dropped: gamma w


class WeightNormOnSeparableData(NumericProblem):
    prompt = (
        "Make the data with X, y = mc.data.blobs(100, noise=0.25, seed=3) (two clouds a "
        "straight line separates). Train logistic regression (weights w of 2 numbers and a "
        "bias b, all starting at 0) on the mean binary cross-entropy by plain gradient "
        "descent with learning rate 1 for 10,000 steps. Give ||w|| (the bias not included) "
        "at the end, to 3 significant figures."
    )
    # Recomputed with a torch.autograd loop in tests/test_exercises_ch12.py.
    expected = 7.4892827140708915
    sig_figs = 3
    hints = (
        "mc.gradient_descent(grad, np.zeros(3), lr=1.0, steps=10_000, tol=0) with the "
        "parameters theta = (w1, w2, b) runs every step (tol=0 stops it from ending early).",
        "Append a column of ones to X so that the bias is the last weight; the gradient is "
        "then one matrix product with that extended X.",
        "Take the norm of the first two entries of the final point only.",
    )
    solution_text = (
        "A = np.hstack([X, np.ones((100, 1))]); "
        "grad = lambda t: A.T @ (mc.sigmoid(A @ t) - y) / 100; "
        "r = mc.gradient_descent(grad, np.zeros(3), lr=1.0, steps=10_000, tol=0); "
        "np.linalg.norm(r.x[:2])."
    )


def _binary_cases() -> tuple[Args, ...]:
    rng = np.random.default_rng(12)
    cases = []
    for n, d, scale, gamma in [
        (1, 2, 1.0, 0.1),
        (5, 2, 1.0, 0.01),
        (8, 3, 2.0, 0.5),
        (20, 4, 0.5, 0.0),
        (6, 2, 15.0, 0.05),
    ]:
        X = rng.normal(size=(n, d))
        y = rng.integers(0, 2, size=n).astype(float)
        w = scale * rng.normal(size=d)
        cases.append(Args(X, y, w, round(float(rng.normal()), 2), gamma))
    return tuple(cases)


def _regularised_gradient(
    X: Any, y: Any, w: Any, b: Any, gamma: float, *, weight_factor: float = 2.0, mean: bool = True
) -> tuple[np.ndarray, float]:
    """The gradient of L + gamma ||w||^2; the keywords make the wrong answers of the tests."""
    error = (sigmoid(X @ w + b) - y) / (len(y) if mean else 1)
    return X.T @ error + weight_factor * gamma * w, float(error.sum())


class RegularisedLogisticGradient(FunctionProblem):
    prompt = (
        "Write regularised_gradient(X, y, w, b, gamma) returning (grad_w, grad_b), the "
        "gradient of L(w, b) + gamma ||w||^2, where L is the mean binary cross-entropy of "
        "logistic regression p_i = sigma(x_i . w + b) and the bias is not penalised: X has "
        "shape (n, d), y holds n labels 0 or 1, w has d entries, b and gamma are numbers. "
        "grad_w has d entries, grad_b is a number."
    )
    points = _binary_cases()
    rtol = 1e-9
    atol = 1e-12
    hints = (
        "The gradient of a sum is the sum of the gradients: do L and the penalty separately. "
        "For L, start from one example, where dl_i/dz_i is simple once the sigmoid's slope "
        "cancels.",
        "The mean over the rows is a sum divided by n, and the sum over rows of x_i times a "
        "number per row is one matrix product with X transposed. The penalty is "
        "gamma (w_1^2 + ... + w_d^2): differentiate it with respect to one w_k.",
        "Use mc.sigmoid (stable for large scores). The bias appears in the penalty nowhere.",
    )
    solution_text = (
        "def regularised_gradient(X, y, w, b, gamma):\n"
        "    error = mc.sigmoid(X @ w + b) - y\n"
        "    return X.T @ error / len(y) + 2 * gamma * w, error.mean()"
    )

    def reference(self, X: Any, y: Any, w: Any, b: Any, gamma: float) -> tuple[np.ndarray, float]:
        return _regularised_gradient(X, y, w, b, gamma)

    def wrong_answer(self) -> Any:
        # gamma w: the 2 of the square's derivative forgotten.
        return lambda X, y, w, b, gamma: _regularised_gradient(X, y, w, b, gamma, weight_factor=1.0)


def _multiclass_cases() -> tuple[Args, ...]:
    rng = np.random.default_rng(121)
    cases = []
    for n, d, k, scale in [
        (1, 2, 3, 1.0),
        (6, 2, 3, 1.0),
        (10, 3, 4, 2.0),
        (5, 2, 2, 1.0),
        (7, 3, 3, 1500.0),
    ]:
        X = rng.normal(size=(n, d))
        labels = rng.integers(0, k, size=n)
        cases.append(Args(X, labels, scale * rng.normal(size=(d, k)), rng.normal(size=k)))
    return tuple(cases)


class SoftmaxRegressionGradient(FunctionProblem):
    prompt = (
        "Write softmax_regression_gradient(X, labels, W, b) returning (grad_W, grad_b), the "
        "gradient of the mean cross-entropy of softmax regression, scores Z = X W + b and "
        "probabilities softmax(Z) row by row: X has shape (n, d), labels holds n class "
        "indices 0 ... k-1, W has shape (d, k), b has k entries. Some cases have scores in "
        "the thousands: the result must be finite and right there too. Do not call "
        "mc.cross_entropy_grad."
    )
    points = _multiclass_cases()
    rtol = 1e-9
    atol = 1e-12
    hints = (
        "For one example, dl/dz is the probabilities minus the one-hot label: derive it "
        "from the softmax Jacobian diag(p) - p^T p.",
        "Stack the rows: the error signal is (P - Y_onehot) / n, and the gradients follow "
        "from chapter 8's X^T delta and the column sums of delta.",
        "e^1000 overflows. Subtracting the largest score of each row from the whole row "
        "does not change its softmax and makes every exponent at most 0.",
    )
    solution_text = (
        "def softmax_regression_gradient(X, labels, W, b):\n"
        "    Z = X @ W + b\n"
        "    E = np.exp(Z - Z.max(axis=1, keepdims=True))\n"
        "    delta = E / E.sum(axis=1, keepdims=True)\n"
        "    delta[np.arange(len(labels)), labels] -= 1\n"
        "    delta /= len(labels)\n"
        "    return X.T @ delta, delta.sum(axis=0)"
    )

    def reference(self, X: Any, labels: Any, W: Any, b: Any) -> tuple[np.ndarray, np.ndarray]:
        delta = cross_entropy_grad(labels, X @ W + b)
        return X.T @ delta, delta.sum(axis=0)

    def wrong_answer(self) -> Any:
        def unshifted(X: Any, labels: Any, W: Any, b: Any) -> Any:  # overflows to nan
            with np.errstate(all="ignore"):
                E = np.exp(X @ W + b)
                delta = E / E.sum(axis=1, keepdims=True)
            delta[np.arange(len(labels)), labels] -= 1
            delta /= len(labels)
            return X.T @ delta, delta.sum(axis=0)

        return unshifted


q1 = OneExampleGradient()
q2 = RegularisedMinimiser()
q3 = WeightNormOnSeparableData()
q4 = RegularisedLogisticGradient()
q5 = SoftmaxRegressionGradient()
