"""Test functions shared by the differentiation tests: the same formula in NumPy and in
torch, so that torch.autograd can be the independent truth."""

from __future__ import annotations

import numpy as np
import torch


def _scalar_field(v, lib):
    return lib.sum(lib.sin(v) * lib.exp(v / 3)) + v[0] * v[1] ** 2 + lib.sum(lib.log(1 + v**2))


def _vector_field(v, lib):
    return lib.stack(
        [v[0] * v[1], lib.sin(v[2]) * v[0], lib.exp(v[1] - v[2]), lib.tanh(v[0] + v[1] + v[2])]
    )


def _numpy_scalar(v):
    return _scalar_field(v, np)


def _numpy_vector(v):
    return _vector_field(v, np)


def _torch(v):
    return torch.tensor(v, dtype=torch.float64, requires_grad=True)


POINTS = np.random.default_rng(20240917).uniform(-1.5, 1.5, size=(4, 3))
