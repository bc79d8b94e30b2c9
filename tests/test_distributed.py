"""mlcalc.distributed: two processes with DistributedDataParallel give the full-batch
gradient, computed independently by mlcalc.nn and by torch.autograd on one process."""

from __future__ import annotations

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
        ({"y": np.ones((5, 1))}, ValueError, "y must have 4 rows"),
    ],
)
def test_bad_input_fails_before_any_process_starts(kwargs, error, says):
    arguments = {"model": mc.nn.MLP([2, 3, 1]), "X": np.ones((4, 2)), "y": np.ones((4, 1))}
    arguments.update(kwargs)
    model, X, y = arguments.pop("model"), arguments.pop("X"), arguments.pop("y")
    with pytest.raises(error, match=says):
        data_parallel_gradients(model, X, y, **arguments)
