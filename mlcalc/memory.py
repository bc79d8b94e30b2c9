"""How much memory training a model takes, before a single activation is stored.

Training keeps, for every parameter, the parameter itself, its gradient and the
optimiser's state (a velocity for momentum, two running averages for Adam); mixed-precision
training keeps a float32 master copy of the weights beside the 16-bit ones the arithmetic
uses. The byte counts per parameter follow the accounting of the ZeRO paper (Rajbhandari et
al., 2020): mixed-precision Adam costs 2 + 2 + 4 + 4 + 4 = 16 bytes per parameter. The
activations kept for the backward pass come on top; they depend on the batch and the
architecture, not only on the number of parameters.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from ._validate import one_of, positive_int, positive_real

__all__ = ["PRECISIONS", "TrainingMemory", "accelerators_needed", "training_memory"]

#: Bytes per parameter for (weights, gradients, float32 master copy, one optimiser buffer).
PRECISIONS: dict[str, tuple[int, int, int, int]] = {
    "fp32": (4, 4, 0, 4),
    "bf16": (2, 2, 0, 2),  # everything in bfloat16, optimiser state included
    "mixed": (2, 2, 4, 4),  # bf16 weights and gradients, fp32 master copy and state
}
#: Optimiser buffers per parameter.
OPTIMIZER_BUFFERS = {"sgd": 0, "momentum": 1, "adam": 2}


class TrainingMemory(NamedTuple):
    """Bytes of memory for training ``n_params`` parameters, by what they hold."""

    n_params: int
    parameters: int
    gradients: int
    master_weights: int
    optimizer_state: int

    @property
    def total(self) -> int:
        """All of it, in bytes."""
        return self.parameters + self.gradients + self.master_weights + self.optimizer_state

    @property
    def bytes_per_parameter(self) -> float:
        """The total divided by the number of parameters."""
        return self.total / self.n_params


def training_memory(
    n_params: Any, *, precision: str = "mixed", optimizer: str = "adam"
) -> TrainingMemory:
    """Bytes to train a model of ``n_params`` parameters, activations not included.

    Parameters
    ----------
    n_params : int
        Number of parameters (weights and biases), at least 1.
    precision : {"mixed", "fp32", "bf16"}
        ``"fp32"``: everything in float32. ``"mixed"``: bfloat16 weights and gradients with
        a float32 master copy and float32 optimiser state (the usual recipe for large
        models). ``"bf16"``: everything in bfloat16.
    optimizer : {"adam", "momentum", "sgd"}
        Two, one or no state buffers per parameter.

    Examples
    --------
    >>> training_memory(10**9).total / 1e9            # 1 B parameters, mixed-precision Adam
    16.0
    >>> training_memory(10**9, precision="fp32", optimizer="sgd").total / 1e9
    8.0
    """
    if isinstance(n_params, float) and n_params.is_integer():
        n_params = int(n_params)  # 7e9 is a fine way to write seven billion
    n = positive_int(n_params, "n_params")
    weights, gradients, master, buffer = PRECISIONS[
        one_of(precision, "precision", tuple(PRECISIONS))
    ]
    buffers = OPTIMIZER_BUFFERS[one_of(optimizer, "optimizer", tuple(OPTIMIZER_BUFFERS))]
    return TrainingMemory(n, n * weights, n * gradients, n * master, n * buffers * buffer)


def accelerators_needed(n_bytes: Any, memory_per_accelerator: Any) -> int:
    """How many accelerators of ``memory_per_accelerator`` bytes hold ``n_bytes`` at least.

    A lower bound: it assumes the bytes can be split evenly (as sharded data parallelism
    does) and leaves no room for activations or the framework's own buffers.

    >>> accelerators_needed(training_memory(70 * 10**9).total, 80e9)
    14
    """
    need = positive_real(n_bytes, "n_bytes")
    each = positive_real(memory_per_accelerator, "memory_per_accelerator")
    return math.ceil(need / each)
