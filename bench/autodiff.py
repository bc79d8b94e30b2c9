"""Reverse mode: mlcalc.Value against micrograd, with torch.autograd as the referee.

Two graphs, built identically for both libraries from the same seed:

1. a random expression DAG of 20,000 nodes made of ``+``, ``*`` and ``relu`` (the
   operations micrograd 0.1.0 has; it has no ``tanh`` or ``exp``);
2. the mean squared error of ``micrograd.nn.MLP(2, [16, 16, 1])`` (ReLU hidden layers, a
   linear last layer) over 100 samples, with the same weights copied into a network of
   ``mlcalc.Value`` written with plain loops.

Each timed run builds the graph, calls ``backward()`` and drops the graph, with Python's
garbage collector on (the default), as in a training loop. Run from the repository's
root with::

    .venv-bench/bin/python -m bench.autodiff
"""

from __future__ import annotations

import gc
import os
import platform
import random
import statistics
import sys
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from micrograd.engine import Value as MicrogradValue
from micrograd.nn import MLP as MicrogradMLP

import mlcalc as mc

from .timing import METHOD, cpu_times

SEED = 0
DAG_NODES = 20_000
DAG_INPUTS = 200
# One operand of each new DAG node is one of the last RECENT nodes, so the graph is deep
# (a long chain of dependencies) as well as wide.
RECENT = 50
MLP_SIZES = (2, [16, 16, 1])
MLP_SAMPLES = 100
ROUNDS = 3
WARMUP = 1
RUNS = 3
TARGETS = {"dag": 3.0, "mlp": 5.0}
TOLERANCE = 1e-12


# --- the two graphs, written once for both libraries ----------------------------------------


def dag_spec(seed: int = SEED) -> tuple[list[float], list[tuple[str, int, int]]]:
    """Input values and a list of operations ``(kind, i, j)`` on earlier nodes.

    Node ``k`` is ``node[i] + node[j]``, ``node[i] * node[j]`` or ``relu(node[i])``. A sum
    whose size would exceed 1 becomes a product instead, so that every node stays in
    [-1, 1] (repeated sums would otherwise overflow). The nodes no operation uses are
    summed into the output at the end, so that every node takes part in the gradient; the
    total, inputs included, is DAG_NODES.
    """
    rng = random.Random(seed)
    values = [rng.uniform(-1.0, 1.0) for _ in range(DAG_INPUTS)]
    unused = set(range(DAG_INPUTS))
    ops: list[tuple[str, int, int]] = []
    # the final sum of the unused nodes will add len(unused) - 1 nodes
    while (total := len(values) + len(unused) - 1) < DAG_NODES:
        k = len(values)
        kind = rng.choice("+*r")
        i = rng.randrange(max(0, k - RECENT), k)
        j = rng.randrange(k)
        if kind == "+" and abs(values[i] + values[j]) > 1.0:
            kind = "*"
        if total == DAG_NODES - 1:  # one short: relu of an unused node adds exactly one
            kind, i = "r", max(unused)
        if kind == "+":
            values.append(values[i] + values[j])
        elif kind == "*":
            values.append(values[i] * values[j])
        else:
            values.append(max(values[i], 0.0))
        unused.discard(i)
        if kind != "r":
            unused.discard(j)
        unused.add(k)
        ops.append((kind, i, j))
    return values[:DAG_INPUTS], ops


def build_dag(
    make: Callable[[Any], Any], inputs: Sequence[Any], ops: Sequence[tuple[str, int, int]]
) -> tuple[list[Any], Any]:
    """The DAG's input nodes and its output, with ``make`` turning an input into a node."""
    nodes = [make(x) for x in inputs]
    used = [False] * (len(inputs) + len(ops))
    for kind, i, j in ops:
        if kind == "+":
            nodes.append(nodes[i] + nodes[j])
        elif kind == "*":
            nodes.append(nodes[i] * nodes[j])
        else:
            nodes.append(nodes[i].relu())
        used[i] = True
        if kind != "r":
            used[j] = True
    dangling = [node for node, was_used in zip(nodes, used, strict=True) if not was_used]
    out = dangling[0]
    for node in dangling[1:]:
        out = out + node
    return nodes[: len(inputs)], out


def mlp_data(seed: int = SEED) -> tuple[list[list[float]], list[float]]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.0, 1.0, size=(MLP_SAMPLES, 2))
    y = np.sin(3.0 * X[:, 0]) * X[:, 1]
    return X.tolist(), y.tolist()


def mse(predict: Callable[[list[float]], Any], X: list[list[float]], y: list[float]) -> Any:
    """The mean squared error, the same expression for both libraries."""
    return sum((predict(x) - target) ** 2 for x, target in zip(X, y, strict=True)) * (1.0 / len(X))


def micrograd_mlp() -> MicrogradMLP:
    """micrograd's MLP, initialised from micrograd's own (global) random generator."""
    state = random.getstate()
    random.seed(SEED)
    model = MicrogradMLP(*MLP_SIZES)
    random.setstate(state)
    return model


def weights_of(model: MicrogradMLP) -> list[list[tuple[list[float], float]]]:
    """Per layer, per neuron: (weights, bias) as floats."""
    return [
        [([w.data for w in neuron.w], neuron.b.data) for neuron in layer.neurons]
        for layer in model.layers
    ]


class ValueMLP:
    """The same network in mlcalc.Value, written with plain loops."""

    def __init__(self, weights: list[list[tuple[list[float], float]]]) -> None:
        self.layers = [
            [([mc.Value(w) for w in ws], mc.Value(b)) for ws, b in layer] for layer in weights
        ]

    def __call__(self, x: list[Any]) -> Any:
        for depth, layer in enumerate(self.layers):
            last = depth == len(self.layers) - 1
            # a neuron is b + w1 x1 + w2 x2 + ..., in the order micrograd sums it
            sums = [sum((w * xi for w, xi in zip(ws, x, strict=True)), b) for ws, b in layer]
            x = sums if last else [s.relu() for s in sums]
        return x[0]

    def parameters(self) -> list[Any]:
        return [p for layer in self.layers for ws, b in layer for p in [*ws, b]]


# --- torch.autograd, the referee ------------------------------------------------------------


def torch_dag_grads(inputs: Sequence[float], ops: Sequence[tuple[str, int, int]]) -> np.ndarray:
    import torch  # only after the timings: its many objects would slow every full collection

    leaves = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in inputs]
    _, out = build_dag(lambda leaf: leaf, leaves, ops)
    out.backward()
    return np.array([0.0 if leaf.grad is None else leaf.grad.item() for leaf in leaves])


def torch_mlp_grads(
    weights: list[list[tuple[list[float], float]]], X: list[list[float]], y: list[float]
) -> np.ndarray:
    import torch

    params = []
    for layer in weights:
        W = torch.tensor([ws for ws, _ in layer], dtype=torch.float64, requires_grad=True)
        b = torch.tensor([b for _, b in layer], dtype=torch.float64, requires_grad=True)
        params.append((W, b))
    h = torch.tensor(X, dtype=torch.float64)
    for depth, (W, b) in enumerate(params):
        h = h @ W.T + b
        if depth < len(params) - 1:
            h = torch.relu(h)
    loss = ((h[:, 0] - torch.tensor(y, dtype=torch.float64)) ** 2).mean()
    loss.backward()
    grads = []
    for W, b in params:
        assert W.grad is not None and b.grad is not None
        for row, bias in zip(W.grad, b.grad, strict=True):
            grads.extend([*row.tolist(), bias.item()])
    return np.array(grads)


# --- measurement ----------------------------------------------------------------------------


def differences(ours: np.ndarray, reference: np.ndarray) -> tuple[float, float]:
    """Largest absolute difference, and largest difference relative to the reference's size
    (over the entries where the reference is not 0)."""
    absolute = np.abs(ours - reference)
    nonzero = reference != 0
    relative = absolute[nonzero] / np.abs(reference[nonzero])
    return float(absolute.max()), float(relative.max()) if relative.size else 0.0


def dag_contenders() -> dict[str, Callable[[], None]]:
    inputs, ops = dag_spec()

    def with_mlcalc() -> None:
        _, out = build_dag(mc.Value, inputs, ops)
        out.backward()
        del out  # freeing the graph is part of the cost

    def with_micrograd() -> None:
        _, out = build_dag(MicrogradValue, inputs, ops)
        out.backward()
        del out

    return {"mlcalc": with_mlcalc, "micrograd": with_micrograd}


def dag_gradients() -> dict[str, Any]:
    inputs, ops = dag_spec()
    leaves, out = build_dag(mc.Value, inputs, ops)
    out.backward()
    ours = np.array([leaf.grad for leaf in leaves])
    micrograd_leaves, micrograd_out = build_dag(MicrogradValue, inputs, ops)
    micrograd_out.backward()
    theirs = np.array([float(leaf.grad) for leaf in micrograd_leaves])
    reference = torch_dag_grads(inputs, ops)
    return {
        "nodes": _graph_size(out),
        "n_inputs": len(inputs),
        "zero_grads": int(np.sum(reference == 0)),
        "vs_micrograd": differences(ours, theirs),
        "vs_torch": differences(ours, reference),
        "micrograd_vs_torch": differences(theirs, reference),
    }


def mlp_contenders() -> dict[str, Callable[[], None]]:
    X, y = mlp_data()
    micrograd_model = micrograd_mlp()
    our_model = ValueMLP(weights_of(micrograd_model))

    def with_mlcalc() -> None:
        loss = mse(our_model, X, y)
        loss.backward()
        del loss

    def with_micrograd() -> None:
        micrograd_model.zero_grad()  # micrograd adds into .grad; a training step zeroes it
        loss = mse(micrograd_model, X, y)
        loss.backward()
        del loss

    return {"mlcalc": with_mlcalc, "micrograd": with_micrograd}


def mlp_gradients() -> dict[str, Any]:
    X, y = mlp_data()
    micrograd_model = micrograd_mlp()
    weights = weights_of(micrograd_model)
    our_model = ValueMLP(weights)
    loss = mse(our_model, X, y)
    loss.backward()
    ours = np.array([p.grad for p in our_model.parameters()])
    micrograd_model.zero_grad()
    mse(micrograd_model, X, y).backward()
    theirs = np.array([float(p.grad) for p in micrograd_model.parameters()])
    reference = torch_mlp_grads(weights, X, y)
    micrograd_loss = mse(micrograd_model, X, y)
    return {
        "nodes": _graph_size(loss),
        "micrograd_nodes": _graph_size(micrograd_loss),
        "parameters": len(ours),
        "vs_micrograd": differences(ours, theirs),
        "vs_torch": differences(ours, reference),
        "micrograd_vs_torch": differences(theirs, reference),
    }


def _graph_size(root: Any) -> int:
    """The number of nodes of the graph of ``root``, for mlcalc's and micrograd's nodes."""
    seen = {root}
    stack = [root]
    while stack:
        node = stack.pop()
        parents = node.parents if isinstance(node, mc.Value) else node._prev
        for parent in parents:
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return len(seen)


# --- the report -----------------------------------------------------------------------------


def _section(
    title: str, what: str, times: dict[str, list[float]], check: dict[str, Any], target: float
) -> list[str]:
    ours = statistics.median(times["mlcalc"])
    theirs = statistics.median(times["micrograd"])
    ratio = theirs / ours
    agree = all(max(check[key]) <= TOLERANCE for key in ("vs_micrograd", "vs_torch"))
    lines = [
        f"### {title}",
        "",
        what,
        "",
        "| library | median CPU time (build + backward + free) | fastest run | slowest run |",
        "|---|---|---|---|",
    ]
    for name, label in (("mlcalc", "mlcalc.Value"), ("micrograd", "micrograd 0.1.0")):
        run_times = times[name]
        lines.append(
            f"| {label} | {statistics.median(run_times) * 1e3:.0f} ms "
            f"| {min(run_times) * 1e3:.0f} ms | {max(run_times) * 1e3:.0f} ms |"
        )
    lines += [
        "",
        f"mlcalc is **{ratio:.1f}x** faster (ratio of the medians); the target is at least "
        f"{target:.0f}x: **{'met' if ratio >= target else 'not met'}**.",
        "",
        "| gradients compared | max abs. difference | max rel. difference |",
        "|---|---|---|",
    ]
    for key, label in (
        ("vs_micrograd", "mlcalc vs micrograd"),
        ("vs_torch", "mlcalc vs torch.autograd (float64)"),
        ("micrograd_vs_torch", "micrograd vs torch.autograd (float64)"),
    ):
        absolute, relative = check[key]
        lines.append(f"| {label} | {absolute:.1e} | {relative:.1e} |")
    lines += [
        "",
        f"mlcalc's gradients agree with micrograd's and torch's within {TOLERANCE:.0e}, "
        f"absolute and relative: **{'yes' if agree else 'no'}**.",
        "",
    ]
    return lines


def run() -> str:
    """Time both graphs, check their gradients, and return the Markdown section."""
    gc.collect()
    tracked_objects = len(gc.get_objects())
    collector = "on (the default, as in a training loop)" if gc.isenabled() else "OFF"
    if "torch" in sys.modules:
        torch_note = "torch had been imported before, by another benchmark"
    else:  # as when this module runs on its own
        torch_note = (
            "torch is imported only afterwards, for the checks: its many objects would "
            "lengthen every full collection"
        )
    # micrograd's backward() sorts the graph recursively, one Python frame per level of
    # depth; the DAG is thousands of levels deep, beyond the default limit of 1,000.
    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old_limit, 100_000))
    try:
        dag_times = cpu_times(dag_contenders(), rounds=ROUNDS, runs=RUNS, warmup=WARMUP)
        mlp_times = cpu_times(mlp_contenders(), rounds=ROUNDS, runs=RUNS, warmup=WARMUP)
        dag = dag_gradients()
        mlp = mlp_gradients()
    finally:
        sys.setrecursionlimit(old_limit)
    import torch

    lines = [
        "## Reverse mode: mlcalc.Value against micrograd",
        "",
        "Both libraries build the same scalar graph, call `backward()` and drop the graph; "
        f"a time covers all three. Timing: {METHOD}; here each library has "
        f"{ROUNDS} turns of {WARMUP} warm-up run and {RUNS} timed runs, and the table gives "
        f"the median, fastest and slowest of its {ROUNDS * RUNS} timed runs. Python's "
        f"garbage collector is {collector}; the process tracked {tracked_objects:,} objects "
        f"before the runs ({torch_note}). Dropping the graph is timed too: mlcalc's graph "
        "has no reference cycles and is freed at once by reference counting, while "
        "micrograd's (closures that refer to their own output node) waits for the garbage "
        "collector. micrograd sorts the graph recursively, so the recursion limit is raised "
        "to 100,000 for it. The gradients of all inputs (graph 1) or all parameters "
        "(graph 2) are compared with micrograd's and with `torch.autograd` in float64; "
        "the relative difference is taken over the entries where torch's gradient is "
        "not 0.",
        "",
        f"Run with {platform.python_implementation()} {platform.python_version()} on "
        f"{platform.machine()} ({os.cpu_count()} cores), micrograd 0.1.0, torch "
        f"{torch.__version__.split('+')[0]}.",
        "",
    ]
    lines += _section(
        "A random DAG of +, * and relu",
        f"{dag['nodes']:,} nodes: {dag['n_inputs']} inputs in [-1, 1], then nodes that add "
        f"or multiply two earlier nodes (one of them among the last {RECENT}) or apply relu "
        "to one, and a final sum of the nodes nothing else uses. A sum that would leave "
        "[-1, 1] is made a product instead, so that nothing overflows. The same graph, node "
        f"for node, in both libraries. ({dag['zero_grads']} of the {dag['n_inputs']} input "
        "gradients are exactly 0, through relu.)",
        dag_times,
        dag,
        TARGETS["dag"],
    )
    lines += _section(
        "The MSE of an MLP(2, [16, 16, 1]) over 100 samples",
        f"micrograd's `MLP(2, [16, 16, 1])` (ReLU hidden layers, a linear last layer; "
        f"{mlp['parameters']} parameters) and the same network written in `mlcalc.Value` "
        f"with plain loops and micrograd's initial weights; the loss is the mean of "
        f"(prediction - y)^2 over {MLP_SAMPLES} samples. That is a graph of "
        f"{mlp['nodes']:,} nodes in mlcalc and {mlp['micrograd_nodes']:,} in micrograd, "
        "which wraps every plain number (inputs, targets, constants) in a node of its own.",
        mlp_times,
        mlp,
        TARGETS["mlp"],
    )
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(run())
