"""mlcalc.distributed: two processes with DistributedDataParallel give the full-batch
gradient, computed independently by mlcalc.nn and by torch.autograd on one process."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

import mlcalc as mc

torch = pytest.importorskip("torch")
if not torch.distributed.is_available():  # pragma: no cover - builds without it exist
    pytest.skip("this PyTorch build has no torch.distributed", allow_module_level=True)

from mlcalc.distributed import data_parallel_gradients  # noqa: E402


def test_all_reduced_shard_gradients_equal_the_full_batch_gradient():
    X, y = mc.data.spirals(40, seed=1)
    labels = y.astype(int)
    model = mc.nn.MLP([2, 8, 2], "tanh", seed=3)
    shards = data_parallel_gradients(model, X, labels, loss="cross_entropy", timeout=100)
    full = model.backward(mc.cross_entropy_grad(labels, model.forward(X)))
    assert [g.shape for g in shards] == [p.shape for p in model.params]
    for got, want in zip(shards, full, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)


def test_mse_and_four_processes():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(12, 3)), rng.normal(size=(12, 1))
    model = mc.nn.MLP([3, 5, 1], "relu", seed=0)
    shards = data_parallel_gradients(model, X, y, world_size=4, timeout=100)
    full = model.backward(mc.mse_grad(y, model.forward(X)))
    for got, want in zip(shards, full, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize(
    ("kwargs", "error", "says"),
    [
        ({"world_size": 3}, ValueError, "world_size must divide"),
        ({"world_size": 0}, ValueError, "world_size"),
        ({"loss": "bce"}, ValueError, "loss"),
        ({"model": "net"}, TypeError, "model must be an mlcalc.nn.MLP"),
        ({"model": mc.nn.MLP([2, 2, 1], norm="layer")}, ValueError, "layer norm"),
        ({"X": np.ones((4, 3))}, ValueError, "X must have 2 columns"),
        ({"y": np.ones((5, 1))}, ValueError, r"y must have shape \(4, 1\)"),
        ({"y": np.ones(4)}, ValueError, r"y must have shape \(4, 1\)"),  # would broadcast
        ({"y": np.array([0, 1, 1, 0.5]), "loss": "cross_entropy"}, ValueError, "whole class"),
        ({"y": np.array([0, 1, 2, 0]), "loss": "cross_entropy"}, ValueError, "from 0 to 0"),
        ({"y": np.zeros((4, 1)), "loss": "cross_entropy"}, ValueError, "class labels"),
        ({"y": [[True]] * 4}, TypeError, "y must hold real numbers"),
        ({"X": np.full((4, 2), np.nan)}, ValueError, "X must contain only finite"),
        ({"world_size": 64, "X": np.ones((64, 2)), "y": np.ones((64, 1))}, ValueError, "at most"),
        ({"world_size": True}, TypeError, "world_size"),
        ({"timeout": 0}, ValueError, "timeout"),
        ({"timeout": "1 minute"}, TypeError, "timeout"),
    ],
)
def test_bad_input_fails_before_any_process_starts(kwargs, error, says):
    arguments = {"model": mc.nn.MLP([2, 3, 1]), "X": np.ones((4, 2)), "y": np.ones((4, 1))}
    arguments.update(kwargs)
    model, X, y = arguments.pop("model"), arguments.pop("X"), arguments.pop("y")
    with pytest.raises(error, match=says):
        data_parallel_gradients(model, X, y, **arguments)


def test_a_script_from_stdin_gets_a_runtime_error_that_says_what_to_do():
    # Spawned processes re-import the caller's __main__, which a script on stdin lacks.
    script = (
        "import numpy as np, mlcalc as mc\n"
        "from mlcalc.distributed import data_parallel_gradients\n"
        "try:\n"
        "    data_parallel_gradients(mc.nn.MLP([2, 3, 1]), np.ones((4, 2)), np.ones((4, 1)))\n"
        "except RuntimeError as error:\n"
        "    print('RuntimeError:', error)\n"
    )
    run = subprocess.run(
        [sys.executable, "-"],
        input=script,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert "RuntimeError: a data-parallel process exited" in run.stdout
    assert "__main__" in run.stdout
