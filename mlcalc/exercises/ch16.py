"""Exercises of chapter 16, *Calculus at scale*.

>>> from mlcalc.exercises import ch16
>>> ch16.q1.check(...).status
'unattempted'
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import losses, memory
from ..nn import MLP
from ._core import Args, FunctionProblem, NumericProblem

__all__ = ["q1", "q2", "q3", "q4", "q5"]


class UnequalShards(NumericProblem):
    prompt = (
        "A batch of 100 examples is split into shards of 30 and 70 with mean-loss gradients "
        "g1 and g2. Give [w1, w2] with full-batch gradient w1 g1 + w2 g2."
    )
    expected = [0.3, 0.7]
    rtol = 1e-9
    atol = 1e-12
    hints = (
        "Write the full mean loss (1/100) sum over all examples as a combination of the two "
        "shards' mean losses.",
        "The mean over a shard of 30 is (1/30) times its sum; what factor turns it into "
        "that shard's part of (1/100) times the whole sum?",
        "The gradient is linear, so the same factors carry over to g1 and g2.",
    )
    solution_text = "w_k = n_k / n: the shares of the examples, 30/100 and 70/100."

    def wrong_answer(self) -> Any:
        return [0.5, 0.5]  # the plain average, right only for equal shards


def _shard_cases() -> tuple[Args, ...]:
    rng = np.random.default_rng(16)
    return (
        Args([rng.normal(size=3), rng.normal(size=3)], [50, 50]),
        Args(
            [rng.normal(size=(2, 2)), rng.normal(size=(2, 2)), rng.normal(size=(2, 2))],
            [10, 30, 60],
        ),
        Args([rng.normal(size=4)], [7]),
        Args([rng.normal(size=2), rng.normal(size=2)], [1, 99]),
    )


class CombineShards(FunctionProblem):
    prompt = (
        "Write combine(shard_gradients, shard_sizes) returning the full-batch mean gradient "
        "from the shards' mean gradients and their numbers of examples."
    )
    points = _shard_cases()
    rtol = 1e-12
    atol = 1e-14
    hints = (
        "Each shard's gradient is the gradient of its own mean loss; the full loss is a "
        "mean over all the examples.",
        "Weight each shard by its number of examples divided by the total.",
        "sum(...) over a generator of arrays adds arrays; zip the sizes with the gradients.",
    )
    solution_text = (
        "def combine(shard_gradients, shard_sizes):\n"
        "    n = sum(shard_sizes)\n"
        "    return sum(size / n * g for size, g in zip(shard_sizes, shard_gradients))"
    )

    def reference(self, shard_gradients: Any, shard_sizes: Any) -> np.ndarray:
        n = sum(shard_sizes)
        return np.asarray(sum(s / n * g for s, g in zip(shard_sizes, shard_gradients, strict=True)))

    def wrong_answer(self) -> Any:
        return lambda grads, sizes: sum(grads) / len(grads)  # the plain average


class SevenBillion(NumericProblem):
    prompt = (
        "How many gigabytes (1e9 bytes) does training seven billion parameters with "
        "mixed-precision Adam need, activations not counted?"
    )
    expected = memory.training_memory(7 * 10**9).total / 1e9
    rtol = 1e-9
    atol = 1e-9
    hints = (
        "Count bytes per parameter: the 16-bit weights, their gradients, the float32 master "
        "copy, and Adam's state.",
        "Adam keeps two running averages per parameter, in float32 here.",
        "Multiply the bytes per parameter by seven billion and divide by a billion.",
    )
    solution_text = "2 + 2 + 4 + 4 + 4 = 16 bytes per parameter, times 7e9, over 1e9."

    def wrong_answer(self) -> Any:
        return 14.0  # the bfloat16 weights alone


def _accumulation_cases() -> tuple[Args, ...]:
    rng = np.random.default_rng(61)
    cases = []
    for sizes, n, pieces in [([3, 5, 1], 12, 3), ([2, 4, 4, 2], 10, 4), ([4, 1], 7, 2)]:
        model = MLP(sizes, activation="tanh", seed=len(sizes))
        X, y = rng.normal(size=(n, sizes[0])), rng.normal(size=(n, sizes[-1]))
        cases.append(Args(model, X, y, pieces))
    return tuple(cases)


class GradientAccumulation(FunctionProblem):
    prompt = (
        "Write accumulate(model, X, y, pieces): the full-batch MSE gradients of an "
        "mc.nn.MLP, as a list aligned with model.params, from np.array_split micro-batches."
    )
    points = _accumulation_cases()
    rtol = 1e-10
    atol = 1e-13
    hints = (
        "model.backward(mc.mse_grad(y_part, model.forward(X_part))) gives the gradient of "
        "one micro-batch's mean loss.",
        "The full loss is a mean over all rows: each micro-batch counts in proportion to its "
        "number of rows.",
        "np.array_split may give pieces of different sizes, so weight by len(X_part) / len(X) "
        "rather than dividing by the number of pieces.",
    )
    solution_text = (
        "def accumulate(model, X, y, pieces):\n"
        "    total = [np.zeros_like(p) for p in model.params]\n"
        "    for X_p, y_p in zip(np.array_split(X, pieces), np.array_split(y, pieces)):\n"
        "        grads = model.backward(mc.mse_grad(y_p, model.forward(X_p)))\n"
        "        for t, g in zip(total, grads):\n"
        "            t += len(X_p) / len(X) * g\n"
        "    return total"
    )

    def reference(self, model: MLP, X: Any, y: Any, pieces: int) -> tuple[np.ndarray, ...]:
        return tuple(model.backward(losses.mse_grad(y, model.forward(X))))

    def wrong_answer(self) -> Any:
        def averaged(model: MLP, X: Any, y: Any, pieces: int) -> list[np.ndarray]:
            parts = zip(np.array_split(X, pieces), np.array_split(y, pieces), strict=True)
            grads = [model.backward(losses.mse_grad(yp, model.forward(Xp))) for Xp, yp in parts]
            return [np.sum(gs, axis=0) / pieces for gs in zip(*grads, strict=True)]

        return averaged


class FourConsumerGpus(NumericProblem):
    prompt = (
        "Four 24 GB GPUs are shared by sharded data parallelism. How many billion parameters "
        "fit when everything (weights, gradients, Adam's state) is bfloat16? Give 3 "
        "significant figures."
    )
    expected = 4 * 24e9 / memory.training_memory(1, precision="bf16").bytes_per_parameter / 1e9
    sig_figs = 3
    hints = (
        "Memory grows in proportion to the number of parameters: find the bytes per "
        "parameter and divide the budget by it.",
        "In bfloat16 every number takes two bytes; count how many numbers Adam training "
        "keeps per parameter.",
        "mc.memory.training_memory(1, precision='bf16').bytes_per_parameter tells you.",
    )
    solution_text = (
        "Pure bfloat16 Adam keeps weights, gradients and two averages, 2 bytes each: 8 bytes "
        "per parameter, so 96e9 / 8 parameters (mixed precision: 16 bytes, half as many)."
    )

    def wrong_answer(self) -> Any:
        return 4 * 24e9 / 16 / 1e9  # the mixed-precision answer


q1 = UnequalShards()
q2 = CombineShards()
q3 = SevenBillion()
q4 = GradientAccumulation()
q5 = FourConsumerGpus()
