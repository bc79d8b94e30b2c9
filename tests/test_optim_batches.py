"""Batches (mlcalc/optim/batches.py): every row once per epoch, shuffled by seed."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlcalc.optim import (
    batches,
)

X_ROWS = np.repeat(np.arange(10.0)[:, None], 2, axis=1)  # row i is [i, i]


Y_ROWS = np.arange(10.0)


@pytest.mark.parametrize(("batch_size", "sizes"), [(10, [10]), (1, [1] * 10), (3, [3, 3, 3, 1])])
def test_batches_cover_every_row_once(batch_size, sizes):
    got = list(batches(X_ROWS, Y_ROWS, batch_size, seed=1))
    assert [len(yb) for _, yb in got] == sizes
    ys = np.concatenate([yb for _, yb in got])
    np.testing.assert_array_equal(np.sort(ys), Y_ROWS)
    for xb, yb in got:
        np.testing.assert_array_equal(xb[:, 0], yb)  # rows stay paired with labels


def test_batches_shuffle_by_seed():
    def order(**kwargs):
        return np.concatenate([yb for _, yb in batches(X_ROWS, Y_ROWS, 4, **kwargs)])

    np.testing.assert_array_equal(order(shuffle=False), Y_ROWS)
    np.testing.assert_array_equal(order(seed=3), order(seed=3))
    assert not np.array_equal(order(seed=3), order(seed=4))
    assert not np.array_equal(order(seed=3), Y_ROWS)
    np.testing.assert_array_equal(order(seed=3), np.random.default_rng(3).permutation(10))
    rng = np.random.default_rng(0)
    assert not np.array_equal(order(seed=rng), order(seed=rng))  # new order each epoch


@given(n=st.integers(1, 60), data=st.data())
def test_batches_partition_any_data_set(n, data):
    batch_size = data.draw(st.integers(1, n))
    got = [yb for _, yb in batches(np.zeros((n, 3)), np.arange(n), batch_size, seed=0)]
    assert len(got) == math.ceil(n / batch_size)
    assert all(len(b) == batch_size for b in got[:-1]) and 1 <= len(got[-1]) <= batch_size
    np.testing.assert_array_equal(np.sort(np.concatenate(got)), np.arange(n))


def test_batches_refuse_bad_arguments_at_once():
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        batches(X_ROWS, Y_ROWS, 0)
    with pytest.raises(ValueError, match=r"at most len\(X\) = 10"):
        batches(X_ROWS, Y_ROWS, 11)
    with pytest.raises(TypeError, match="batch_size"):
        batches(X_ROWS, Y_ROWS, 2.0)
    with pytest.raises(ValueError, match="same number of rows, got 10 and 9"):
        batches(X_ROWS, Y_ROWS[:9], 2)
    with pytest.raises(TypeError, match="seed"):
        batches(X_ROWS, Y_ROWS, 2, seed="zero")
    with pytest.raises(TypeError, match="shuffle"):
        batches(X_ROWS, Y_ROWS, 2, shuffle="yes")
    with pytest.raises(ValueError, match="one row per example"):
        batches(3.0, 1.0, 1)
