"""Loss functions and their gradients with respect to the prediction.

Each loss ``L(y, y_hat)`` averages over all entries; its ``_grad`` twin returns
:math:`\\partial L / \\partial \\hat y`, an array shaped like ``y_hat``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validate import as_real_array


def _pair(y: Any, y_hat: Any) -> tuple[np.ndarray, np.ndarray]:
    y_arr = as_real_array(y, "y")
    y_hat_arr = as_real_array(y_hat, "y_hat")
    if y_arr.shape != y_hat_arr.shape:
        raise ValueError(
            f"y and y_hat must have the same shape, got {y_arr.shape} and {y_hat_arr.shape}"
        )
    return y_arr, y_hat_arr


def mse(y: Any, y_hat: Any) -> float:
    r"""Mean squared error :math:`\frac{1}{n}\sum_i (\hat y_i - y_i)^2`.

    >>> mse([1.0, 2.0], [1.0, 4.0])
    2.0
    """
    y_arr, y_hat_arr = _pair(y, y_hat)
    return float(np.mean((y_hat_arr - y_arr) ** 2))


def mse_grad(y: Any, y_hat: Any) -> np.ndarray:
    r"""Gradient of :func:`mse` with respect to ``y_hat``: :math:`\frac{2}{n}(\hat y - y)`.

    >>> mse_grad([1.0, 2.0], [1.0, 4.0])
    array([0., 2.])
    """
    y_arr, y_hat_arr = _pair(y, y_hat)
    return 2.0 * (y_hat_arr - y_arr) / y_arr.size


def mae(*args, **kwargs):  # placeholder
    raise RuntimeError("being written")


mae_grad = binary_cross_entropy = binary_cross_entropy_grad = mae
