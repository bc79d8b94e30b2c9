"""Exercises of chapter 6, Optimisation and loss.

>>> from mlcalc.exercises import ch06
>>> ch06.q1.check(...).status
'unattempted'

The expected answers are worked out from the formulas in the prompts;
``tests/test_exercises_ch06.py`` checks them against ``torch.autograd``, PyTorch's losses
and a brute-force search.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..functions import sigmoid
from ._core import Args, FunctionProblem, NumericProblem

__all__ = ["q1", "q2", "q3", "q4", "q5"]


class CrossEntropyByHand(NumericProblem):
    prompt = (
        "A classifier gives the probabilities p = [0.9, 0.3] of label 1 to two examples "
        "whose labels are y = [1, 0]. What is their binary cross-entropy (natural "
        "logarithm, averaged over the two), to 5 significant figures? Which example "
        "contributes more, and why?"
    )
    # Label 1 with p = 0.9 costs -ln 0.9; label 0 with p = 0.3 costs -ln(1 - 0.3) = -ln 0.7.
    expected = -(math.log(0.9) + math.log(0.7)) / 2
    sig_figs = 5
    hints = (
        "Each example costs -[y log p + (1 - y) log(1 - p)]. With y equal to 0 or 1, one "
        "of the two terms vanishes.",
        "The first example (y = 1) costs -ln 0.9. The second has label 0: what probability "
        "did the model give to label 0?",
        "Average the two costs, with the natural logarithm (np.log, not np.log10).",
    )
    solution_text = (
        "-(ln 0.9 + ln 0.7) / 2 = (0.10536 + 0.35667) / 2 = 0.23102. The second example "
        "contributes more: the model gave its true label 0 a probability of only 0.7, "
        "while the first example's true label got 0.9. In code: "
        "mc.binary_cross_entropy([1, 0], [0.9, 0.3])."
    )

    def wrong_answer(self) -> Any:
        return -(math.log10(0.9) + math.log10(0.7)) / 2  # base-10 logarithms


class LineMSEGradient(NumericProblem):
    prompt = (
        "Data x = [0, 1, 2], y = [1, 3, 4] and the line y_hat = m x + b at m = 1, b = 0. "
        "Derive the gradient [dL/dm, dL/db] of L(m, b) = MSE(y, y_hat) and give it as an "
        "array of two numbers, each to 5 significant figures. What do the signs tell you?"
    )
    # y_hat = [0, 1, 2], residuals y_hat - y = [-1, -2, -2];
    # dL/dm = (2/3) * (0*(-1) + 1*(-2) + 2*(-2)) = -4, dL/db = (2/3) * (-5) = -10/3.
    expected = np.array([-4.0, -10.0 / 3.0])
    sig_figs = 5
    hints = (
        "L(m, b) is the mean of the three squared residuals (m x_i + b - y_i)^2. "
        "Differentiate one of them with the chain rule.",
        "The inner function m x_i + b - y_i has derivative x_i with respect to m and 1 "
        "with respect to b.",
        "Compute the three residuals at m = 1, b = 0 first; each partial is a mean over "
        "the three points, with a factor 2 from the square.",
    )
    solution_text = (
        "y_hat = [0, 1, 2], so the residuals y_hat - y are [-1, -2, -2]. "
        "dL/dm = (2/3)(0*(-1) + 1*(-2) + 2*(-2)) = -4 and "
        "dL/db = (2/3)(-1 - 2 - 2) = -10/3 = -3.3333. Both are negative: increasing m or b "
        "lowers the loss, since the line lies below every point."
    )

    def wrong_answer(self) -> Any:
        return -self.expected  # the inner minus sign of (y - y_hat)^2 forgotten


class SoftmaxCrossEntropyGradient(NumericProblem):
    prompt = (
        "A classifier with three classes gives the scores (logits) z = [2, 1, -1]. Softmax "
        "turns them into probabilities p_k = exp(z_k) / (exp(z_0) + exp(z_1) + exp(z_2)), "
        "and the loss of an example whose true class is y is l = -log p_y. The true class "
        "is y = 1 (the second). Derive dl/dz and give it as an array of three numbers, "
        "each to 5 significant figures."
    )
    _scores = np.array([2.0, 1.0, -1.0])
    _probabilities = np.exp(_scores) / np.exp(_scores).sum()
    expected = _probabilities - np.array([0.0, 1.0, 0.0])
    sig_figs = 5
    hints = (
        "Take the log of the quotient first: l = -z_y + log(exp(z_0) + exp(z_1) + "
        "exp(z_2)). Now differentiate each of the two terms with respect to every z_k.",
        "The derivative of the log-sum-exp term is the subject of chapter 5's exercise 5. "
        "The term -z_y contributes to one partial only, the one with k = y.",
        "Check: the three partials sum to zero (adding the same number to every score "
        "does not change the probabilities), and only the true class has a negative one.",
    )
    solution_text = (
        "l = -z_y + log sum_k exp(z_k), so dl/dz_k = p_k - [k = y]: the probabilities "
        "minus the one-hot vector of the true class, 'prediction minus target' as for the "
        "sigmoid with binary cross-entropy. Here p = [0.70538, 0.25950, 0.035119], so "
        "dl/dz = [0.70538, -0.74050, 0.035119]. In code:\n"
        "    p = np.exp(z - z.max()); p /= p.sum(); p[1] -= 1"
    )

    def wrong_answer(self) -> Any:
        return self._probabilities.copy()  # the probabilities, without the one-hot part


def _huber_best_constant(targets: np.ndarray, threshold: float) -> float:
    """The c with sum_i clip(c - y_i, -k, k) = 0, by bisection (that sum increases in c)."""
    low, high = float(targets.min()), float(targets.max())
    for _ in range(100):
        middle = 0.5 * (low + high)
        if np.clip(middle - targets, -threshold, threshold).sum() > 0:
            high = middle
        else:
            low = middle
    return 0.5 * (low + high)


class HuberConstant(NumericProblem):
    prompt = (
        "Experiment. Huber's loss with threshold k is rho(r) = r**2 / 2 for |r| <= k and "
        "k * (|r| - k/2) for |r| > k: quadratic for small residuals, linear for large ones. "
        "Take the ten delivery times y = [12, 14, 15, 15, 16, 17, 18, 19, 20, 95] of the "
        "chapter and k = 3. Which single constant c minimises the mean Huber loss "
        "(1/n) sum_i rho(c - y_i)? Give it to 4 significant figures, and compare it with "
        "the mean and the median."
    )
    _targets = np.array([12.0, 14, 15, 15, 16, 17, 18, 19, 20, 95])
    _threshold = 3.0
    expected = _huber_best_constant(_targets, _threshold)
    sig_figs = 4
    hints = (
        "Write the mean Huber loss of a constant c as a Python function (np.where or "
        "np.abs help) and look at it on a fine grid of c between the median and the mean.",
        "For a sharper answer, find where the derivative is zero: rho'(r) is r for "
        "|r| <= k and k times the sign of r beyond, which is np.clip(r, -k, k). The sum "
        "of rho'(c - y_i) increases with c, so bisection finds its zero.",
        "Once c is settled, each point farther than k from it pulls with the same fixed "
        "force k, however far away it is: which points are within k of your c?",
    )
    solution_text = (
        "The derivative of the mean loss is (1/n) sum_i clip(c - y_i, -3, 3), and the "
        "grid shows the minimum a little above 16.5. Guess which points lie within 3 of c "
        "there: 14, 15, 15, 16, 17, 18 and 19 pull with their residual c - y_i, while 12 "
        "pulls with +3 and 20 and 95 with -3 each. Setting the sum to zero, "
        "7c - 114 + 3 - 3 - 3 = 0, gives c = 117/7 = 16.714, and indeed every point "
        "guessed to be within 3 of 16.714 is. The mean is 24.1 and the median 16.5: "
        "Huber's loss, like the MAE, lets the outlier pull with a bounded force only, so "
        "its minimiser stays near the median."
    )

    def wrong_answer(self) -> Any:
        return float(np.median(self._targets))  # the MAE's answer, not Huber's


class LogisticRegressionGradient(FunctionProblem):
    prompt = (
        "Write grad_logistic(X, y, w): the gradient with respect to w of the logistic-"
        "regression loss L(w) = BCE(y, sigmoid(X @ w)), where X is an (n, d) array with one "
        "example per row, y an array of n labels (0 or 1) and w an array of d weights. "
        "Return an array of shape (d,). Check it with mc.check_grad before you submit."
    )
    _rng = np.random.default_rng(6)
    points = (
        Args(np.array([[2.0]]), np.array([1.0]), np.array([0.5])),
        Args(_rng.normal(size=(5, 3)), np.array([1.0, 0, 0, 1, 1]), _rng.normal(size=3)),
        Args(_rng.normal(size=(4, 2)), np.array([0.0, 0, 1, 1]), np.array([3.0, -4.0])),
        Args(_rng.normal(size=(8, 4)), _rng.integers(0, 2, 8).astype(float), np.zeros(4)),
    )
    rtol = 1e-9
    atol = 1e-12
    hints = (
        "L depends on w only through the scores z = X @ w. The chapter derives dL/dz_i "
        "for binary cross-entropy after a sigmoid; start from that.",
        "z_i = sum_j X[i, j] * w[j], so dz_i/dw_j = X[i, j]. By the chain rule, dL/dw_j "
        "is a sum over the examples i.",
        "A sum over i of X[i, j] times a vector indexed by i is a product with the "
        "transpose of X (see the linear-algebra primer). The result has one entry per "
        "weight.",
    )
    solution_text = (
        "dL/dz_i = (sigmoid(z_i) - y_i) / n (equation eq-ch06-bce-logit), and "
        "dz_i/dw_j = X[i, j], so dL/dw_j = (1/n) sum_i X[i, j] (sigmoid(z_i) - y_i):\n"
        "    def grad_logistic(X, y, w):\n"
        "        return X.T @ (mc.sigmoid(X @ w) - y) / len(y)"
    )

    def reference(self, X: Any, y: Any, w: Any) -> Any:
        return X.T @ (sigmoid(X @ w) - y) / len(y)

    def wrong_answer(self) -> Any:
        return lambda X, y, w: X.T @ (sigmoid(X @ w) - y)  # the 1/n of the mean forgotten


q1 = CrossEntropyByHand()
q2 = LineMSEGradient()
q3 = SoftmaxCrossEntropyGradient()
q4 = HuberConstant()
q5 = LogisticRegressionGradient()
