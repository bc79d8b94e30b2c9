"""One training step of mc.nn.MLP against torch.nn.Sequential + torch.optim.SGD.

A step is what a training loop repeats: forward pass, loss gradient, backward pass, SGD
update, float64, the same weights on both sides. mlcalc's step is
``net.backward(mc.mse_grad(y, net.forward(X)))`` then ``mc.optim.SGD.step``; torch's is
``zero_grad``, the loss, ``backward()`` and ``torch.optim.SGD.step``. Both run on one
thread (``torch.set_num_threads(1)``; NumPy's BLAS limited with threadpoolctl), side by
side in one process, and their gradients are compared before anything is timed.

Run from the repository's root with::

    .venv-bench/bin/python -m bench.nn            # the full measurement
    .venv-bench/bin/python -m bench.nn --quick    # a short look
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

import mlcalc as mc

from .timing import METHOD, median_times

SEED = 0
LR = 1e-3
TOLERANCE = 1e-10
ROUNDS, STEPS_PER_ROUND = 25, 20
QUICK_ROUNDS, QUICK_STEPS = 5, 10


@dataclass(frozen=True)
class Case:
    sizes: tuple[int, ...]
    activation: str
    batch: int
    loss: str
    target: float

    @property
    def label(self) -> str:
        loss = "MSE" if self.loss == "mse" else "cross-entropy"
        return f"{list(self.sizes)}, {self.activation}, batch {self.batch}, {loss}"


CASES = (
    Case((2, 64, 64, 1), "tanh", 256, "mse", 0.7),
    Case((784, 128, 10), "relu", 128, "cross_entropy", 1.0),
)


def _problem(case: Case) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(SEED)
    X = rng.standard_normal((case.batch, case.sizes[0]))
    if case.loss == "mse":
        return X, rng.standard_normal((case.batch, case.sizes[-1]))
    return X, rng.integers(0, case.sizes[-1], case.batch)


def _mlcalc_step(case: Case, X: np.ndarray, y: np.ndarray) -> tuple[Callable[[], None], Any]:
    net = mc.nn.MLP(list(case.sizes), case.activation, seed=SEED)
    optimizer = mc.optim.SGD(LR)
    loss_grad = mc.mse_grad if case.loss == "mse" else mc.cross_entropy_grad

    def step() -> None:
        grads = net.backward(loss_grad(y, net.forward(X)))
        optimizer.step(net.params, grads)

    return step, net


def _torch_step(
    case: Case, net: Any, X: np.ndarray, y: np.ndarray
) -> tuple[Callable[[], None], Any]:
    """torch's step on a Sequential holding the weights of ``net`` (Linear stores Wᵀ)."""
    import torch

    modules: list[Any] = []
    dense = [layer for layer in net.layers if isinstance(layer, mc.nn.Dense)]
    for i, layer in enumerate(dense):
        linear = torch.nn.Linear(*layer.W.shape, dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(layer.W.T))
            linear.bias.copy_(torch.from_numpy(layer.b))
        modules.append(linear)
        if i < len(dense) - 1:
            modules.append(torch.nn.Tanh() if case.activation == "tanh" else torch.nn.ReLU())
    model = torch.nn.Sequential(*modules)
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    X_t, y_t = torch.from_numpy(X), torch.from_numpy(y)
    loss_fn = (
        torch.nn.functional.mse_loss if case.loss == "mse" else torch.nn.functional.cross_entropy
    )

    def step() -> None:
        optimizer.zero_grad()
        loss_fn(model(X_t), y_t).backward()
        optimizer.step()

    return step, model


def _largest_relative_difference(case: Case, X: np.ndarray, y: np.ndarray) -> float:
    """Gradients of both libraries on the same weights, before any step."""
    import torch

    _, net = _mlcalc_step(case, X, y)
    _, model = _torch_step(case, net, X, y)
    loss_grad = mc.mse_grad if case.loss == "mse" else mc.cross_entropy_grad
    ours = net.backward(loss_grad(y, net.forward(X)))
    loss_fn = (
        torch.nn.functional.mse_loss if case.loss == "mse" else torch.nn.functional.cross_entropy
    )
    loss_fn(model(torch.from_numpy(X)), torch.from_numpy(y)).backward()
    theirs = []
    for module in model:
        if isinstance(module, torch.nn.Linear):
            theirs += [module.weight.grad.numpy().T, module.bias.grad.numpy()]
    worst = 0.0
    for a, b in zip(ours, theirs, strict=True):
        worst = max(worst, float(np.max(np.abs(a - b)) / np.max(np.abs(b))))
    return worst


def _race(steps: dict[str, Callable[[], None]], rounds: int, per_round: int) -> dict[str, float]:
    """Median CPU time of one step (:mod:`bench.timing`: a run is ``per_round`` steps)."""

    def looped(step: Callable[[], None]) -> Callable[[], None]:
        def run_once() -> None:
            for _ in range(per_round):
                step()

        return run_once

    medians = median_times({name: looped(step) for name, step in steps.items()}, rounds=rounds)
    return {name: seconds / per_round for name, seconds in medians.items()}


def measure(quick: bool = False) -> list[dict[str, Any]]:
    import torch

    rounds, per_round = (QUICK_ROUNDS, QUICK_STEPS) if quick else (ROUNDS, STEPS_PER_ROUND)
    old_threads = torch.get_num_threads()
    torch.set_num_threads(1)
    rows = []
    try:
        with threadpool_limits(limits=1, user_api="blas"):
            for case in CASES:
                X, y = _problem(case)
                difference = _largest_relative_difference(case, X, y)
                if not difference <= TOLERANCE:
                    raise AssertionError(
                        f"{case.label}: gradients differ from torch's by {difference:.1e}"
                    )
                ours, net = _mlcalc_step(case, X, y)
                theirs, _ = _torch_step(case, net, X, y)
                medians = _race({"mlcalc": ours, "torch": theirs}, rounds, per_round)
                rows.append({"case": case, "difference": difference, **medians})
    finally:
        torch.set_num_threads(old_threads)
    return rows


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:,.0f} µs"


def run(quick: bool = False) -> str:
    """The benchmark as a Markdown section."""
    rows = measure(quick)
    rounds, per_round = (QUICK_ROUNDS, QUICK_STEPS) if quick else (ROUNDS, STEPS_PER_ROUND)
    lines = [
        "## Networks: one training step against PyTorch",
        "",
        "One float64 training step (forward pass, loss gradient, backward pass, SGD update "
        f"with lr = {LR:g}) of `mc.nn.MLP` with `mc.optim.SGD`, against "
        "`torch.nn.Sequential` with `torch.optim.SGD` and autograd, from the same weights. "
        "Both run on one thread (`torch.set_num_threads(1)`, NumPy's BLAS limited to one "
        f"thread with threadpoolctl), in the same process. Timing: {METHOD}; here a run is "
        f"{per_round} steps, {rounds} turns each, and the table gives time per step. "
        "Before timing, the gradients of every parameter are "
        f"compared: they agree to {TOLERANCE:g} relative (the largest difference is shown).",
        "",
        "| network | mlcalc step | torch step | mlcalc / torch | target | met | "
        "gradients differ by |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        case, ratio = row["case"], row["mlcalc"] / row["torch"]
        lines.append(
            f"| {case.label} | {_us(row['mlcalc'])} | {_us(row['torch'])} | {ratio:.2f}× | "
            f"≤ {case.target:g}× | {'yes' if ratio <= case.target else 'no'} | "
            f"{row['difference']:.0e} |"
        )
    lines += [
        "",
        "mlcalc's step is the public API a reader calls, checks included (the input is "
        "checked for NaN on every forward pass, the loss gradient checks its arguments, "
        "the optimiser checks every gradient). The first layer computes no gradient for "
        "its input, as autograd does for a tensor that does not require one.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv))
