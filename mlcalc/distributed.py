r"""Data parallelism on one machine: the gradient of a mean is the mean of the gradients.

A loss that averages over the rows of a batch, split into :math:`K` equal shards, is the
average of the shards' losses, :math:`L = \frac1K\sum_k L_k`, so by linearity
:math:`\nabla L = \frac1K \sum_k \nabla L_k`. :func:`data_parallel_gradients` shows it with
the machinery large models are trained with: ``world_size`` processes on this machine
(``torch.distributed`` with the gloo backend, talking over localhost only), each holding a
copy of the same network wrapped in ``DistributedDataParallel`` and computing the loss on
its own shard; during ``backward`` DDP averages the gradients across the processes (an
all-reduce). The result should equal the full-batch gradient up to rounding.

PyTorch is imported inside the functions: ``import mlcalc`` stays light.
"""

from __future__ import annotations

import socket
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from ._validate import as_real_array, one_of, positive_int
from .nn import MLP

__all__ = ["data_parallel_gradients"]

_LOSSES = ("mse", "cross_entropy")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _torch_copy(params: list[np.ndarray], activation: str) -> Any:
    """A ``torch.nn.Sequential`` computing what an MLP with these ``params`` computes."""
    import torch

    activations = {"tanh": torch.nn.Tanh, "sigmoid": torch.nn.Sigmoid, "relu": torch.nn.ReLU}
    layers: list[Any] = []
    pairs = list(zip(params[::2], params[1::2], strict=True))
    for k, (W, b) in enumerate(pairs):
        linear = torch.nn.Linear(W.shape[0], W.shape[1], dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W.T))  # torch stores (fan_out, fan_in)
            linear.bias.copy_(torch.from_numpy(b))
        layers.append(linear)
        if k < len(pairs) - 1 and activation != "linear":
            layers.append(activations[activation]())
    return torch.nn.Sequential(*layers)


def _worker(
    rank: int,
    world_size: int,
    port: int,
    params: list[np.ndarray],
    activation: str,
    loss: str,
    X_shards: list[np.ndarray],
    y_shards: list[np.ndarray],
    out_dir: str,
    timeout: float,
) -> None:
    """One process: its shard's loss, ``backward`` (DDP all-reduces), rank 0 saves."""
    from datetime import timedelta

    import torch
    import torch.distributed as dist
    from torch.nn.parallel import DistributedDataParallel

    torch.set_num_threads(1)  # the processes share the machine's cores
    dist.init_process_group(
        "gloo",
        init_method=f"tcp://127.0.0.1:{port}",
        rank=rank,
        world_size=world_size,
        timeout=timedelta(seconds=timeout),
    )
    try:
        net = DistributedDataParallel(_torch_copy(params, activation))
        outputs = net(torch.from_numpy(X_shards[rank]))
        target = torch.from_numpy(y_shards[rank])
        if loss == "mse":
            value = torch.mean((outputs - target) ** 2)
        else:
            value = torch.nn.functional.cross_entropy(outputs, target.long())
        value.backward()  # DDP averages every gradient over the processes here
        if rank == 0:
            grads = [
                p.grad.numpy().T if p.ndim == 2 else p.grad.numpy()  # type: ignore[union-attr]
                for p in net.module.parameters()  # weight, bias, weight, bias, ...
            ]
            np.savez(Path(out_dir) / "gradients.npz", *grads)
    finally:
        dist.destroy_process_group()


def data_parallel_gradients(
    model: MLP,
    X: Any,
    y: Any,
    *,
    loss: str = "mse",
    world_size: int = 2,
    timeout: float = 120.0,
) -> list[np.ndarray]:
    """The gradient of ``model``'s mean loss on ``(X, y)``, computed by data parallelism.

    The rows are split into ``world_size`` equal shards, one per process; each process
    runs the network (a PyTorch copy of ``model``, float64) on its shard inside
    ``DistributedDataParallel``, and the gradients are averaged across processes during
    the backward pass. Returns them in the order of ``model.params`` (``W`` shaped
    ``(fan_in, fan_out)``), as rank 0 holds them after the all-reduce.

    Parameters
    ----------
    model : mlcalc.nn.MLP
        A network without layer norm or residual connections.
    X : array_like, shape (n, n_in)
    y : array_like
        Targets shaped like the outputs for ``"mse"``; integer labels for
        ``"cross_entropy"``.
    loss : {"mse", "cross_entropy"}
    world_size : int
        Number of processes; it must divide ``n`` (equal shards make the average of the
        shards' mean gradients the full mean gradient).
    timeout : float
        Seconds after which a process that hangs is stopped and ``TimeoutError`` raised.

    Raises
    ------
    RuntimeError
        Where ``torch.distributed`` is not available in this PyTorch build.
    """
    import torch
    import torch.multiprocessing as mp

    if not isinstance(model, MLP):
        raise TypeError(f"model must be an mlcalc.nn.MLP, got {type(model).__name__}")
    if model.norm is not None or model.residual:
        raise ValueError("model must have no layer norm and no residual connections")
    loss = one_of(loss, "loss", _LOSSES)
    world_size = positive_int(world_size, "world_size")
    X_arr = as_real_array(X, "X", ndim=2)
    y_arr = as_real_array(y, "y")
    if X_arr.shape[1] != model.sizes[0]:
        raise ValueError(f"X must have {model.sizes[0]} columns, got shape {X_arr.shape}")
    if len(y_arr) != len(X_arr):
        raise ValueError(f"y must have {len(X_arr)} rows like X, got shape {y_arr.shape}")
    if len(X_arr) % world_size:
        raise ValueError(
            f"world_size must divide the number of rows, got {world_size} and {len(X_arr)}"
        )
    if not torch.distributed.is_available():
        raise RuntimeError("this PyTorch build has no torch.distributed")

    port = _free_port()
    with tempfile.TemporaryDirectory() as out_dir:
        args = (
            world_size,
            port,
            [np.array(p) for p in model.params],  # plain arrays: the model is not picklable
            model.activation,
            loss,
            np.split(X_arr, world_size),
            np.split(y_arr, world_size),
            out_dir,
            timeout,
        )
        context = mp.start_processes(_worker, args=args, nprocs=world_size, join=False)
        deadline = time.monotonic() + timeout
        while not context.join(timeout=1.0):
            if time.monotonic() > deadline:
                for process in context.processes:
                    process.terminate()
                raise TimeoutError(f"the {world_size} processes did not finish in {timeout} s")
        with np.load(Path(out_dir) / "gradients.npz") as saved:
            return [saved[f"arr_{k}"] for k in range(len(saved.files))]
