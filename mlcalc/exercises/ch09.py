"""Exercises of chapter 9, *Activation functions*.

>>> from mlcalc.exercises import ch09
>>> ch09.q1.check(...).status
'unattempted'
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ._core import Args, FunctionProblem, NumericProblem

__all__ = ["q1", "q2", "q3", "q4", "q5"]


class SoftplusSlope(NumericProblem):
    prompt = (
        "Differentiate softplus(x) = ln(1 + e^x) twice by hand and evaluate the second "
        "derivative at x = ln 3. Give the value to 5 significant figures."
    )
    expected = 3.0 / 16.0  # softplus' = sigma, softplus'' = sigma (1 - sigma) = 3/4 * 1/4
    sig_figs = 5
    hints = (
        "First derivative: the chain rule with outer function ln(u) and inner u = 1 + e^x. "
        "Which function of the chapter do you get?",
        "The derivative of that function was derived in the section on the sigmoid: "
        "write it through the function's own value.",
        "At x = ln 3, e^x is a small whole number; work out sigma(ln 3) as a fraction first.",
    )
    solution_text = (
        "softplus'(x) = e^x / (1 + e^x) = sigma(x), so softplus''(x) = sigma(x)(1 - sigma(x)). "
        "At x = ln 3, sigma = 3/4, so the second derivative is (3/4)(1/4) = 3/16."
    )

    def wrong_answer(self) -> Any:
        return 0.75  # the first derivative, sigma(ln 3)


def _layers_of_several_shapes() -> tuple[Args, ...]:
    rng = np.random.default_rng(9)
    return tuple(
        Args(
            rng.normal(size=(n, h)), rng.normal(size=h), rng.normal(size=(h, m)), rng.normal(size=m)
        )
        for n, h, m in [(3, 4, 2), (1, 5, 1), (4, 4, 4), (2, 1, 3)]
    )


class CollapseLinearStack(FunctionProblem):
    prompt = (
        "Write collapse(W1, b1, W2, b2) returning (W, b), the single linear layer that "
        "computes x -> (x W1 + b1) W2 + b2 for row vectors x."
    )
    rtol = 1e-10
    atol = 1e-12
    hints = (
        "Substitute the first layer into the second and multiply out the brackets.",
        "Matrix products are associative: (x W1) W2 = x (W1 W2). The bias collects "
        "everything that does not multiply x.",
        "Check the shapes: W must be (n, m) and b must be (m,).",
    )
    solution_text = "def collapse(W1, b1, W2, b2):\n    return W1 @ W2, b1 @ W2 + b2"

    points = _layers_of_several_shapes()

    def reference(self, W1: Any, b1: Any, W2: Any, b2: Any) -> tuple[np.ndarray, np.ndarray]:
        return W1 @ W2, b1 @ W2 + b2

    def wrong_answer(self) -> Any:
        # Forgetting that the first bias passes through the second layer.
        return lambda W1, b1, W2, b2: (W1 @ W2, b1 + b2 if b1.shape == b2.shape else b2)


def _sigmoid_flat_point(level: float) -> float:
    """The x > 0 where sigma'(x) = level: s(1 - s) = level, then x = ln(s / (1 - s))."""
    s = (1.0 + math.sqrt(1.0 - 4.0 * level)) / 2.0
    return math.log(s / (1.0 - s))


class WhereSigmoidGoesFlat(NumericProblem):
    prompt = (
        "Find by an experiment in code the positive x beyond which sigma'(x) < 1e-4. "
        "Give it to 3 significant figures."
    )
    expected = _sigmoid_flat_point(1e-4)
    sig_figs = 3
    hints = (
        "sigma'(x) = mc.sigmoid_prime(x) falls steadily for x > 0: look for where it crosses 1e-4.",
        "Bisection: keep an interval [low, high] with sigma'(low) > 1e-4 > sigma'(high) "
        "and halve it until it is tiny.",
        "To bracket the crossing, evaluate sigma' at x = 5, 10, 20: the first value is above "
        "1e-4 and the last below it.",
    )
    solution_text = (
        "Bisection on mc.sigmoid_prime(x) - 1e-4 over [0, 50] converges to the root of "
        "s(1 - s) = 1e-4 with s = sigma(x): s = (1 + sqrt(1 - 4e-4)) / 2 and "
        "x = ln(s / (1 - s))."
    )


def _gelu_second_derivative(x: float) -> float:
    """GELU''(x) = 2 phi(x) + x phi'(x) = phi(x) (2 - x^2), since phi'(x) = -x phi(x)."""
    phi = math.exp(-x * x / 2.0) / math.sqrt(2.0 * math.pi)
    return phi * (2.0 - x * x)


class GeluCurvature(NumericProblem):
    prompt = (
        "Starting from GELU'(x) = Phi(x) + x phi(x), derive GELU''(x) and evaluate it at "
        "x = 1. Give the value to 5 significant figures."
    )
    expected = _gelu_second_derivative(1.0)
    sig_figs = 5
    hints = (
        "Differentiate the two terms separately: Phi' you know, and x phi(x) is a product.",
        "phi(x) = exp(-x^2/2) / sqrt(2 pi): by the chain rule its derivative is phi(x) "
        "times the derivative of -x^2/2.",
        "Collect everything as phi(x) times a polynomial in x, then put x = 1.",
    )
    solution_text = (
        "GELU''(x) = phi(x) + phi(x) + x phi'(x) = 2 phi(x) - x^2 phi(x) = phi(x)(2 - x^2). "
        "At x = 1 that is phi(1) = exp(-1/2) / sqrt(2 pi)."
    )

    def wrong_answer(self) -> Any:
        return 2.0 * math.exp(-0.5) / math.sqrt(2.0 * math.pi)  # x phi'(x) forgotten


class StableSoftplusSlope(FunctionProblem):
    prompt = (
        "Write softplus_slope(x), the derivative of softplus for a NumPy array x, right to "
        "12 digits from -1000 to 1000, never returning inf or nan."
    )
    points = (
        np.array([0.0]),
        np.linspace(-5.0, 5.0, 11),
        np.array([-1000.0, -700.0, -40.0, 40.0, 710.0, 1000.0]),
        np.array([-30.5, -0.001, 0.001, 30.5]),
    )
    rtol = 1e-12
    atol = 1e-300  # below that even float64 has given up (e^-745 is the smallest it holds)
    hints = (
        "Try e^x / (1 + e^x) first, and read which inputs break it.",
        "Dividing the numerator and the denominator of a fraction by the same number does "
        "not change it. Which number makes both safe for large positive x?",
        "Pick the safe form separately for x >= 0 and for x < 0 (np.where), using only "
        "e^(-|x|), which is never larger than 1.",
    )
    solution_text = (
        "def softplus_slope(x):\n"
        "    x = np.asarray(x, dtype=float)\n"
        "    small = np.exp(-np.abs(x))\n"
        "    return np.where(x >= 0, 1 / (1 + small), small / (1 + small))"
    )

    def reference(self, x: Any) -> np.ndarray:
        small = np.exp(-np.abs(x))
        return np.where(x >= 0, 1.0 / (1.0 + small), small / (1.0 + small))

    def wrong_answer(self) -> Any:
        def as_written(x: Any) -> Any:  # overflows to inf / inf = nan above ~709
            with np.errstate(all="ignore"):
                return np.exp(x) / (1.0 + np.exp(x))

        return as_written


q1 = SoftplusSlope()
q2 = CollapseLinearStack()
q3 = WhereSigmoidGoesFlat()
q4 = GeluCurvature()
q5 = StableSoftplusSlope()
