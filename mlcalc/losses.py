"""Loss functions and their gradients with respect to the prediction.

Each loss ``L(y, y_hat)`` averages over all entries; its ``_grad`` twin returns
:math:`\\partial L / \\partial \\hat y`, an array shaped like ``y_hat``. A loss or gradient
beyond the largest float (``mse([1e200], [-1e200])``) raises ``OverflowError``, as
everywhere in mlcalc: no inf, no warning.
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


def _finite(compute: Any, name: str) -> Any:
    """``compute()``, or an ``OverflowError`` naming the loss if its result is not finite."""
    with np.errstate(over="ignore", invalid="ignore"):
        result = compute()
    if not np.all(np.isfinite(result)):
        raise OverflowError(
            f"{name} overflows: the result is beyond the largest float (about 1.8e308); "
            "rescale y and y_hat"
        )
    return result


def mse(y: Any, y_hat: Any) -> float:
    r"""Mean squared error :math:`\frac{1}{n}\sum_i (\hat y_i - y_i)^2`.

    >>> mse([1.0, 2.0], [1.0, 4.0])
    2.0
    """
    y_arr, y_hat_arr = _pair(y, y_hat)
    return float(_finite(lambda: np.mean((y_hat_arr - y_arr) ** 2), "mse"))


def mse_grad(y: Any, y_hat: Any) -> np.ndarray:
    r"""Gradient of :func:`mse` with respect to ``y_hat``: :math:`\frac{2}{n}(\hat y - y)`.

    >>> mse_grad([1.0, 2.0], [1.0, 4.0])
    array([0., 2.])
    """
    y_arr, y_hat_arr = _pair(y, y_hat)
    return _finite(lambda: 2.0 * (y_hat_arr - y_arr) / y_arr.size, "mse_grad")


def mae(y: Any, y_hat: Any) -> float:
    r"""Mean absolute error :math:`\frac{1}{n}\sum_i |\hat y_i - y_i|`.

    Less sensitive to outliers than :func:`mse`: a residual ten times larger costs ten
    times more, not a hundred.

    >>> mae([1.0, 2.0], [1.0, 4.0])
    1.0
    """
    y_arr, y_hat_arr = _pair(y, y_hat)
    return float(_finite(lambda: np.mean(np.abs(y_hat_arr - y_arr)), "mae"))


def mae_grad(y: Any, y_hat: Any) -> np.ndarray:
    r"""Gradient of :func:`mae` with respect to ``y_hat``: :math:`\mathrm{sign}(\hat y - y)/n`.

    :math:`|r|` has no derivative at :math:`r = 0`; there the subgradient ``0`` is returned
    (as ``torch.sign`` does), so a prediction that is exactly right is left alone.

    >>> mae_grad([1.0, 2.0, 3.0], [1.0, 4.0, 0.0])
    array([ 0.        ,  0.33333333, -0.33333333])
    """
    y_arr, y_hat_arr = _pair(y, y_hat)
    return _finite(lambda: np.sign(y_hat_arr - y_arr) / y_arr.size, "mae_grad")


#: Probabilities are clipped to ``[EPS, 1 - EPS]`` inside the cross-entropy, so that a
#: prediction of exactly 0 or 1 costs at most ``-log(EPS)`` (about 27.6) instead of ``inf``.
EPS = 1e-12


def _probabilities(y: Any, y_hat: Any) -> tuple[np.ndarray, np.ndarray]:
    """Labels and clipped probabilities, after checking both lie in [0, 1]."""
    y_arr, y_hat_arr = _pair(y, y_hat)
    outside = (y_arr < 0.0) | (y_arr > 1.0)
    if np.any(outside):
        raise ValueError(
            f"y must hold labels (0 or 1) or target probabilities in [0, 1], "
            f"got {float(y_arr[outside].flat[0])}"
        )
    outside = (y_hat_arr < 0.0) | (y_hat_arr > 1.0)
    if np.any(outside):
        raise ValueError(
            f"y_hat must hold probabilities in [0, 1], got {float(y_hat_arr[outside].flat[0])} "
            "(turn raw scores into probabilities with mc.sigmoid first)"
        )
    return y_arr, np.clip(y_hat_arr, EPS, 1.0 - EPS)


def binary_cross_entropy(y: Any, y_hat: Any) -> float:
    r"""Binary cross-entropy of predicted probabilities ``y_hat`` against labels ``y``.

    .. math:: L = -\frac{1}{n}\sum_i \big[y_i \log \hat y_i + (1 - y_i)\log(1 - \hat y_i)\big]

    ``y`` holds labels 0/1 (or target probabilities) and ``y_hat`` probabilities, both in
    ``[0, 1]``. ``y_hat`` is clipped to ``[EPS, 1 - EPS]`` with ``EPS = 1e-12``, so a
    confident wrong answer costs about 27.6 per entry rather than ``inf``.

    >>> round(binary_cross_entropy([1.0, 0.0], [0.9, 0.2]), 4)
    0.1643
    """
    y_arr, p = _probabilities(y, y_hat)
    return float(-np.mean(y_arr * np.log(p) + (1.0 - y_arr) * np.log1p(-p)))


def binary_cross_entropy_grad(y: Any, y_hat: Any) -> np.ndarray:
    r"""Gradient of :func:`binary_cross_entropy` with respect to ``y_hat``.

    .. math:: \frac{\partial L}{\partial \hat y_i} = \frac{1}{n}\,
       \frac{\hat y_i - y_i}{\hat y_i\,(1 - \hat y_i)}

    evaluated at the clipped probability, so it stays finite at ``y_hat`` = 0 or 1. (Composed
    with a sigmoid, :math:`\hat y = \sigma(z)`, it simplifies to :math:`(\hat y - y)/n`.)

    >>> binary_cross_entropy_grad([1.0, 0.0], [0.5, 0.5])
    array([-1.,  1.])
    """
    y_arr, p = _probabilities(y, y_hat)
    return (p - y_arr) / (p * (1.0 - p)) / y_arr.size
