"""Exercises of chapter 13, *Calculus across machine learning*.

>>> from mlcalc.exercises import ch13
>>> ch13.q1.check(...).status
'unattempted'
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..losses import softmax
from ..rl import Bandit, reinforce_variance
from ._core import Args, FunctionProblem, NumericProblem

__all__ = ["q1", "q2", "q3", "q4", "q5"]


class SoftmaxScore(NumericProblem):
    prompt = (
        "For a softmax policy with preferences theta = (1, 0, -1), give the gradient of "
        "log pi(a) with respect to theta for the arm a = 1 (arms numbered from 0), as a list "
        "of three numbers."
    )
    expected = np.array([0.0, 1.0, 0.0]) - softmax([1.0, 0.0, -1.0])
    rtol = 1e-6
    atol = 1e-9
    hints = (
        "Write log pi(a) = theta_a - log(sum_b exp(theta_b)) and differentiate each term.",
        "The first term's gradient is a one-hot vector; the derivative of log-sum-exp with "
        "respect to theta_b is exp(theta_b) / sum exp(theta), the softmax.",
        "Compute the three softmax probabilities of (1, 0, -1), then subtract them from the "
        "one-hot vector of arm 1.",
    )
    solution_text = "e_1 - softmax(theta) = [0, 1, 0] - mc.softmax([1, 0, -1])."

    def wrong_answer(self) -> Any:
        return softmax([1.0, 0.0, -1.0]) - np.array([0.0, 1.0, 0.0])  # sign flipped


class GaussianVariance(NumericProblem):
    prompt = (
        "The data 3, 7, 7, 8, 10 are draws from a normal distribution. Give the "
        "maximum-likelihood estimate of the variance v."
    )
    # Mean 7; squared deviations 16, 0, 0, 1, 9 sum to 26; divided by n = 5.
    expected = 26.0 / 5.0
    rtol = 1e-9
    atol = 1e-12
    hints = (
        "Set the derivative of the negative log-likelihood with respect to mu to zero "
        "first: it gives the estimate of the mean.",
        "Then set the derivative with respect to v to zero: n / (2 v) = sum (x_i - mu)^2 / "
        "(2 v^2).",
        "Solve for v: the mean of the squared deviations, with divisor n, not n - 1.",
    )
    solution_text = "mu = 7; v = (16 + 0 + 0 + 1 + 9) / 5."

    def wrong_answer(self) -> Any:
        return 26.0 / 4.0  # the unbiased estimate, divisor n - 1


_QUARTET = np.array([0.6, 0.7, 0.8, 0.9])


class BaselineSaving(NumericProblem):
    prompt = (
        "For mc.rl.Bandit([0.6, 0.7, 0.8, 0.9]) and theta = 0, measure the total variance "
        "of one REINFORCE term without a baseline and with b = J(theta), and give the ratio "
        "without / with, within 3 %."
    )
    expected = reinforce_variance(np.zeros(4), Bandit(_QUARTET)) / reinforce_variance(
        np.zeros(4), Bandit(_QUARTET), baseline=float(_QUARTET.mean())
    )
    rtol = 0.03
    atol = 0.0
    hints = (
        "mc.rl.reinforce_samples(theta, bandit, n, baseline=b, seed=0) returns one row per "
        "pull; .var(axis=0).sum() is the total variance.",
        "J(theta) is mc.rl.expected_reward(theta, bandit.means); under the uniform policy it "
        "is the average of the means.",
        "With a few hundred thousand pulls the ratio settles to about two digits; the exact "
        "sum of the chapter's variance equation confirms it.",
    )
    solution_text = (
        "plain = reinforce_samples(0, bandit, 400_000, seed=0).var(0).sum(); centred likewise "
        "with baseline=J; answer = plain / centred (the exact sum gives the same to 2 %)."
    )

    def wrong_answer(self) -> Any:
        return 1.0 / self.expected  # the ratio upside down


def _conv_cases(with_stride: bool) -> tuple[Args, ...]:
    rng = np.random.default_rng(13)
    cases = []
    for n, k, stride in [(10, 3, 1), (7, 7, 1), (16, 4, 2), (12, 1, 3), (9, 2, 2)]:
        if not with_stride:
            stride = 1
        n_out = (n - k) // stride + 1
        args = [rng.normal(size=n), rng.normal(size=k), rng.normal(size=n_out)]
        cases.append(Args(*args, stride) if with_stride else Args(*args))
    return tuple(cases)


class KernelGradient(FunctionProblem):
    prompt = (
        "Write kernel_gradient(x, w, dout) returning dL/dw for y_i = sum_j w_j x_{i+j} (no "
        "padding, stride 1), given dout = dL/dy of length len(x) - len(w) + 1."
    )
    points = _conv_cases(with_stride=False)
    rtol = 1e-10
    atol = 1e-12
    hints = (
        "Which outputs y_i does the weight w_j touch, and through which input?",
        "y_i depends on w_j through x_{i+j}, so dL/dw_j sums dout_i times that input over i.",
        "The sum over i of dout_i x_{i+j} for each j is a cross-correlation of x with dout: "
        "np.correlate has a mode that keeps only full overlaps.",
    )
    solution_text = (
        "def kernel_gradient(x, w, dout):\n    return np.correlate(x, dout, mode='valid')"
    )

    def reference(self, x: Any, w: Any, dout: Any) -> np.ndarray:
        return np.correlate(x, dout, mode="valid")

    def wrong_answer(self) -> Any:
        # Convolution instead of cross-correlation: dout flipped.
        return lambda x, w, dout: np.convolve(x, dout, mode="valid")


class StridedInputGradient(FunctionProblem):
    prompt = (
        "Write input_gradient(x, w, dout, stride) returning dL/dx (length len(x)) for "
        "y_i = sum_j w_j x_{stride*i + j}, given dout = dL/dy."
    )
    points = _conv_cases(with_stride=True)
    rtol = 1e-10
    atol = 1e-12
    hints = (
        "Output i reads the window x[stride*i : stride*i + len(w)], weighted by w.",
        "So output i adds dout_i * w_j to the gradient of x[stride*i + j], for every j: "
        "accumulate those contributions in an array of zeros of length len(x).",
        "Inputs that no window reaches keep a zero gradient; windows overlap when the stride "
        "is smaller than the kernel, so add (+=), do not assign.",
    )
    solution_text = (
        "def input_gradient(x, w, dout, stride):\n    grad = np.zeros(len(x))\n"
        "    for i, g in enumerate(dout):\n"
        "        grad[stride * i : stride * i + len(w)] += g * w\n    return grad"
    )

    def reference(self, x: Any, w: Any, dout: Any, stride: int) -> np.ndarray:
        grad = np.zeros(len(x))
        for i, g in enumerate(dout):
            grad[stride * i : stride * i + len(w)] += g * np.asarray(w)
        return grad

    def wrong_answer(self) -> Any:
        def ignores_stride(x: Any, w: Any, dout: Any, stride: int) -> np.ndarray:
            full = np.convolve(dout, w, mode="full")  # right for stride 1 only
            return np.pad(full, (0, max(0, len(x) - len(full))))[: len(x)]

        return ignores_stride


q1 = SoftmaxScore()
q2 = GaussianVariance()
q3 = BaselineSaving()
q4 = KernelGradient()
q5 = StridedInputGradient()
