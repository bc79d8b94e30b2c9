"""Batches of a data set: batch, stochastic and mini-batch gradient descent."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from .._validate import as_real_array, describe, positive_int, random_generator

__all__ = ["batches"]


def batches(
    X: Any,
    y: Any,
    batch_size: int,
    *,
    shuffle: bool = True,
    seed: int | np.random.Generator | None = None,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Cut ``(X, y)`` into batches that cover every row exactly once: one epoch.

    ``batch_size = len(X)`` gives batch gradient descent (one batch), ``1`` stochastic
    gradient descent (one row at a time), anything between mini-batch gradient descent.
    When ``batch_size`` does not divide ``len(X)`` the last batch is smaller (the
    remainder), so no row is dropped or repeated.

    Rows are shuffled with ``np.random.default_rng(seed)``: the same integer seed gives the
    same order on every call. For a fresh order each epoch, pass one ``Generator`` and
    reuse it (or pass the epoch number as the seed). Batches are copies of the rows.

    Parameters
    ----------
    X : array_like, shape (n, ...)
    y : array_like, shape (n, ...)
    batch_size : int
        Between 1 and ``len(X)``.
    shuffle : bool
        Visit the rows in a random order (``False``: in their stored order).
    seed : int, numpy.random.Generator or None

    Yields
    ------
    (X_batch, y_batch)

    Examples
    --------
    >>> X, y = np.arange(10.0).reshape(5, 2), np.arange(5.0)
    >>> [len(yb) for _, yb in batches(X, y, 2, seed=0)]
    [2, 2, 1]
    """
    X_arr = as_real_array(X, "X")
    y_arr = as_real_array(y, "y")
    if X_arr.ndim == 0 or y_arr.ndim == 0:
        raise ValueError(
            f"X and y must have one row per example, got shapes {X_arr.shape} and {y_arr.shape}"
        )
    n = len(X_arr)
    if len(y_arr) != n:
        raise ValueError(f"X and y must have the same number of rows, got {n} and {len(y_arr)}")
    batch_size = positive_int(batch_size, "batch_size")
    if batch_size > n:
        raise ValueError(
            f"batch_size must be at most len(X) = {n} (that is batch gradient descent), "
            f"got {batch_size}"
        )
    if not isinstance(shuffle, bool | np.bool_):
        raise TypeError(f"shuffle must be True or False, got {describe(shuffle)}")
    rng = random_generator(seed, "seed", generator=True)
    order = rng.permutation(n) if shuffle else np.arange(n)

    def generate() -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for start in range(0, n, batch_size):
            rows = order[start : start + batch_size]
            yield X_arr[rows], y_arr[rows]

    return generate()
