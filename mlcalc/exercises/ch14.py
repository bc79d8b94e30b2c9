"""Exercises of chapter 14, *Challenges and vanishing gradients*.

>>> from mlcalc.exercises import ch14
>>> ch14.q1.check(...).status
'unattempted'
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ._core import Args, FunctionProblem, NumericProblem

__all__ = ["q1", "q2", "q3", "q4", "q5"]


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _sigmoid_chain_slope(weight: float = 2.0, units: int = 3) -> float:
    """d a_k / d a_0 at a_0 = 0 for k sigmoid units a_j = sigmoid(weight * a_(j-1))."""
    a, slope = 0.0, 1.0
    for _ in range(units):
        a = _sigmoid(weight * a)
        slope *= weight * a * (1.0 - a)  # w * sigma'(z), sigma' written with the output
    return slope


class SigmoidChain(NumericProblem):
    prompt = (
        "Three sigmoid units in a chain, a_k = sigmoid(2 a_(k-1)), no biases: give "
        "d a_3 / d a_0 at a_0 = 0, to 5 significant figures."
    )
    expected = _sigmoid_chain_slope()
    sig_figs = 5
    hints = (
        "The chain rule gives one factor per unit: d a_k / d a_(k-1) = w sigma'(w a_(k-1)).",
        "Run the chain forward first to know each z_k = w a_(k-1): z_1 = 0, then "
        "z_2 = 2 sigma(0), then z_3 = 2 sigma(z_2).",
        "sigma'(z) = sigma(z) (1 - sigma(z)); multiply the three factors w sigma'(z_k).",
    )
    solution_text = (
        "d a_3/d a_0 = w^3 sigma'(z_1) sigma'(z_2) sigma'(z_3) with z_1 = 0, z_2 = 1, "
        "z_3 = 2 sigma(1); only sigma'(0) reaches 1/4, so the product is about half the "
        "bound (w/4)^3 = 1/8."
    )

    def wrong_answer(self) -> Any:
        return (2.0 / 4.0) ** 3  # the bound, as if every slope were 1/4


class ClipByHand(NumericProblem):
    prompt = (
        "Clip the gradients g_W = (3, -4) and g_b = (12) together to norm 6.5; give the "
        "three clipped entries [g_W1, g_W2, g_b]."
    )
    expected = [1.5, -2.0, 6.0]
    rtol = 1e-9
    atol = 1e-12
    hints = (
        "Treat the two arrays as one vector of three entries and take its norm.",
        "The norm is above 6.5, so every entry is multiplied by the same factor 6.5 / norm.",
    )
    solution_text = (
        "The joined norm is sqrt(9 + 16 + 144) = 13 > 6.5, so every entry is halved. "
        "Clipping each array alone would leave g_W (norm 5) unchanged: another direction."
    )

    def wrong_answer(self) -> Any:
        return [3.0, -4.0, 6.5]  # each array clipped on its own


class SaddleAtZero(NumericProblem):
    prompt = (
        "For L(w1, w2) = (w2 w1 - 1)^2 / 2, give the eigenvalues of the Hessian at "
        "w1 = w2 = 0, smallest first."
    )
    # The Hessian there is [[0, -1], [-1, 0]].
    expected = [-1.0, 1.0]
    rtol = 1e-6
    atol = 1e-6
    hints = (
        "Write r = w2 w1 - 1; the first derivatives are r w2 and r w1.",
        "Differentiate once more: the mixed derivative picks up r as well as w1 w2. "
        "Then put w1 = w2 = 0.",
        "The eigenvalues of [[0, q], [q, 0]] are -|q| and |q|.",
    )
    solution_text = (
        "d2L/dw1^2 = w2^2, d2L/dw2^2 = w1^2, d2L/dw1dw2 = 2 w1 w2 - 1: at the origin "
        "[[0, -1], [-1, 0]], eigenvalues -1 and 1, a saddle. Downhill lies (1, 1)."
    )

    def wrong_answer(self) -> Any:
        return [0.0, 0.0]  # only the diagonal (the pure second derivatives) looked at


def _relu_gradient_factor() -> float:
    """||dL/dW_1|| at weights 0.4 over that at 0.2 for the network of the prompt."""
    from ..nn import MLP, weight_gradient_norms

    inputs = np.random.default_rng(0).normal(size=(8, 4))
    norms = []
    for scale in [0.2, 0.4]:
        net = MLP([4] + [16] * 19 + [1], "relu", seed=1, init=scale)
        out = net.forward(inputs)
        norms.append(weight_gradient_norms(net.backward(2.0 * out / len(out)))[0])
    return float(norms[1] / norms[0])


class ReluGradientScaling(NumericProblem):
    prompt = (
        "Two ReLU networks mc.nn.MLP([4] + [16] * 19 + [1], 'relu', seed=1, init=s), s = 0.2 "
        "and s = 0.4, inputs np.random.default_rng(0).normal(size=(8, 4)), loss mean(y_hat^2): "
        "by what factor is ||dL/dW_1|| of the second larger? To 5 significant figures."
    )
    expected = _relu_gradient_factor()
    sig_figs = 5
    hints = (
        "Build both networks, run forward, pass dout = 2 * out / 8 to backward, and take "
        "mc.nn.weight_gradient_norms(...)[0] of each.",
        "To explain the number: with zero biases, max(0, r z) = r max(0, z) for r > 0. "
        "Count how often a factor 2 enters on the way forward and on the way back.",
        "On the way back, each of the matrices W_2, ..., W_20 multiplies delta once more.",
    )
    solution_text = (
        "The output grows by 2^20 (one factor per layer), dout with it, and delta_1 gains 19 "
        "more factors from W_20^T, ..., W_2^T: the factor is 2^39, exact up to rounding."
    )

    def wrong_answer(self) -> Any:
        return 2.0**20  # the growth of the output alone


class _Gradients(list[np.ndarray]):
    """A list of gradient arrays that the checker's messages show by their shapes."""

    def __repr__(self) -> str:
        return "[" + ", ".join(f"array {g.shape}" for g in self) + "]"


def _gradient_lists() -> tuple[Args, ...]:
    rng = np.random.default_rng(14)
    lists = [
        ([rng.normal(size=(3, 2)) * 10, rng.normal(size=2)], 1.0),
        ([rng.normal(size=(4, 4)), rng.normal(size=4), rng.normal(size=(4, 1))], 2.5),
        ([rng.normal(size=(2, 2)) * 0.1, rng.normal(size=2) * 0.1], 5.0),  # left alone
        ([np.array([[3e3]]), np.array([-4e3])], 50.0),
    ]
    return tuple(Args(_Gradients(grads), max_norm) for grads, max_norm in lists)


class ClipByNorm(FunctionProblem):
    prompt = (
        "Write clip_by_norm(grads, max_norm): a list of new arrays shaped like grads, "
        "multiplied by max_norm / ||g|| when the norm ||g|| of all the arrays together "
        "exceeds max_norm, unchanged otherwise."
    )
    rtol = 1e-10
    atol = 1e-12
    hints = (
        "One norm for all the arrays together: the square root of the sum, over every "
        "array, of the sum of its squared entries.",
        "Compare that norm with max_norm, and only then scale.",
        "Every array gets the same factor; return new arrays (g * factor), not the inputs "
        "changed in place.",
    )
    solution_text = (
        "def clip_by_norm(grads, max_norm):\n"
        "    norm = math.sqrt(sum(np.sum(g**2) for g in grads))\n"
        "    factor = max_norm / norm if norm > max_norm else 1.0\n"
        "    return [g * factor for g in grads]"
    )

    @property
    def points(self) -> tuple[Args, ...]:  # type: ignore[override]
        # Fresh arrays for every check: a function that scales the list's arrays in place
        # must not change the problem for the next attempt.
        return _gradient_lists()

    def reference(self, grads: Any, max_norm: float) -> tuple[np.ndarray, ...]:
        norm = math.sqrt(sum(float(np.sum(g**2)) for g in grads))
        factor = max_norm / norm if norm > max_norm else 1.0
        return tuple(g * factor for g in grads)

    def wrong_answer(self) -> Any:
        def per_array(grads: Any, max_norm: float) -> list[np.ndarray]:
            # each array clipped on its own: the direction changes
            return [g * min(1.0, max_norm / float(np.linalg.norm(g))) for g in grads]

        return per_array


q1 = SigmoidChain()
q2 = ClipByHand()
q3 = SaddleAtZero()
q4 = ReluGradientScaling()
q5 = ClipByNorm()
