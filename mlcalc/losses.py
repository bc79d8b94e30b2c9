"""Loss functions and their gradients with respect to the prediction.

Each loss ``L(y, y_hat)`` averages over all entries; its ``_grad`` twin returns
:math:`\\partial L / \\partial \\hat y`, an array shaped like ``y_hat``. A loss or gradient
beyond the largest float (``mse([1e200], [-1e200])``) raises ``OverflowError``, as
everywhere in mlcalc: no inf, no warning.

The classifier losses take raw scores (logits) instead of probabilities:
:func:`cross_entropy` (integer labels, one row of scores per example, averaged over the
rows) and :func:`binary_cross_entropy_with_logits`, with :func:`softmax`. They are
computed with log-sum-exp, so scores of any size give finite values and no warning.
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


def _mse_terms(y: np.ndarray, y_hat: np.ndarray) -> tuple[float, np.ndarray]:
    """The loss and its gradient from one residual, for checked arrays of one shape."""
    residual = y_hat - y
    value = float(np.mean(residual * residual))
    residual *= 2.0 / residual.size
    return value, residual


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
    return float(_finite(lambda: _mse_terms(y_arr, y_hat_arr)[0], "mse"))


def mse_grad(y: Any, y_hat: Any) -> np.ndarray:
    r"""Gradient of :func:`mse` with respect to ``y_hat``: :math:`\frac{2}{n}(\hat y - y)`.

    >>> mse_grad([1.0, 2.0], [1.0, 4.0])
    array([0., 2.])
    """
    y_arr, y_hat_arr = _pair(y, y_hat)
    return _finite(lambda: _mse_terms(y_arr, y_hat_arr)[1], "mse_grad")


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


# --- classifier losses, from raw scores (logits) ---------------------------------------


def _log_softmax(logits: np.ndarray) -> np.ndarray:
    r"""Row-wise :math:`z_j - \log\sum_k e^{z_k}`, computed as log-sum-exp.

    The largest score of each row is taken out first, :math:`\log\sum_k e^{z_k} = m +
    \log\sum_k e^{z_k - m}`, so every exponent is at most 0: nothing overflows, and the
    largest term is exactly 1, so the logarithm never sees 0.
    """
    shifted = logits - logits.max(axis=-1, keepdims=True)
    shifted -= np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return shifted


def softmax(z: Any) -> np.ndarray:
    r"""Softmax of each row of scores: :math:`p_j = e^{z_j} / \sum_k e^{z_k}`.

    A 2-D array is one example per row; a 1-D array is one example. Computed as
    :math:`e^{z_j - m} / \sum_k e^{z_k - m}` with :math:`m` the largest score of the row,
    which is the same number but never overflows: scores of 1000 are fine.

    >>> softmax([0.0, np.log(3.0)])
    array([0.25, 0.75])
    """
    scores = as_real_array(z, "z")
    if scores.ndim not in (1, 2):
        raise ValueError(
            f"z must be a vector of scores or a 2-D array with one row per example, "
            f"got shape {scores.shape}"
        )
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    e /= e.sum(axis=-1, keepdims=True)
    return e


def _class_indices(labels: Any, n_rows: int, n_classes: int, name: str = "labels") -> np.ndarray:
    """Integer labels ``0 .. n_classes - 1``, one per row, as an ``int64`` vector."""
    if isinstance(labels, str | bytes) or labels is None:
        raise TypeError(f"{name} must be an array of integer class labels, got {labels!r}")
    try:
        array = np.asarray(labels)
    except (TypeError, ValueError) as exc:  # ragged nested lists
        raise TypeError(f"{name} must be an array of integer class labels: {exc}") from None
    if array.dtype == bool or array.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must be integer class labels 0 .. {n_classes - 1}, got an array of "
            f"dtype {array.dtype}"
        )
    if array.shape != (n_rows,):
        raise ValueError(
            f"{name} must hold one class label per example, shape ({n_rows},), "
            f"got shape {array.shape}"
        )
    if array.dtype.kind == "f":
        whole = np.isfinite(array) & (array == np.round(array))
        if not np.all(whole):
            raise ValueError(
                f"{name} must be whole numbers (class indices), got {array[~whole][0].item()!r}"
            )
    outside = (array < 0) | (array >= n_classes)
    if np.any(outside):
        raise ValueError(
            f"{name} must lie in 0 .. {n_classes - 1} (one class per output score), "
            f"got {array[outside][0].item()!r}"
        )
    return array.astype(np.int64)


def _logits_and_labels(labels: Any, logits: Any) -> tuple[np.ndarray, np.ndarray]:
    scores = as_real_array(logits, "logits")
    if scores.ndim != 2:
        raise ValueError(
            f"logits must be 2-D, one row of class scores per example, got shape "
            f"{scores.shape} (for one example use logits[None, :])"
        )
    return _class_indices(labels, *scores.shape), scores


def _cross_entropy_terms(labels: np.ndarray, logits: np.ndarray) -> tuple[float, np.ndarray]:
    """The loss and its gradient from one softmax: checked ``int64`` labels, 2-D logits."""
    rows = np.arange(len(labels))
    log_p = _log_softmax(logits)
    value = -float(log_p[rows, labels].mean())
    grad = np.exp(log_p, out=log_p)  # the softmax, reusing the array
    grad[rows, labels] -= 1.0
    grad /= len(labels)
    return value, grad


def cross_entropy(labels: Any, logits: Any) -> float:
    r"""Cross-entropy of class scores against integer labels, the loss of a k-class classifier.

    .. math:: L = -\frac{1}{n}\sum_{i=1}^{n} \log p_{i, y_i}, \qquad
       p_{ij} = \frac{e^{z_{ij}}}{\sum_k e^{z_{ik}}}

    ``logits`` has one row of raw scores :math:`z_i` per example (shape ``(n, k)``) and
    ``labels`` the class of each row, an integer in ``0 .. k - 1`` (whole floats such as
    ``1.0`` are accepted). :math:`-\log p_{i,y} = \log\sum_k e^{z_{ik}} - z_{iy}` is
    computed with log-sum-exp, so scores of any size give a finite loss. Equal to
    ``torch.nn.functional.cross_entropy(logits, labels)``.

    >>> round(cross_entropy([0, 1], [[2.0, 0.0], [0.0, 0.0]]), 3)
    0.41
    """
    return _cross_entropy_terms(*_logits_and_labels(labels, logits))[0]


def cross_entropy_grad(labels: Any, logits: Any) -> np.ndarray:
    r"""Gradient of :func:`cross_entropy` with respect to the logits.

    .. math:: \frac{\partial L}{\partial z_{ij}} = \frac{1}{n}\big(p_{ij} - [j = y_i]\big)

    the softmax minus the one-hot label, over :math:`n`: the gradient pulls the score of
    the right class up and every other score down, each by how much probability it got.

    >>> cross_entropy_grad([1], [[0.0, 0.0]])
    array([[ 0.5, -0.5]])
    """
    return _cross_entropy_terms(*_logits_and_labels(labels, logits))[1]


def _bce_logits_terms(y: np.ndarray, z: np.ndarray) -> tuple[float, np.ndarray]:
    """The loss and its gradient for checked labels ``y`` and scores ``z`` of one shape."""
    # -[y log s + (1-y) log(1-s)] with s = sigma(z) is max(z, 0) - y z + log(1 + e^-|z|):
    # e^-|z| <= 1 never overflows, and log1p keeps its digits when it is tiny.
    e = np.exp(-np.abs(z))
    value = float(np.mean(np.maximum(z, 0.0) - y * z + np.log1p(e)))
    # sigma(z) from the same e: 1 / (1 + e) for z >= 0, e / (1 + e) below.
    sigma = np.where(z >= 0.0, 1.0, e)
    sigma /= 1.0 + e
    sigma -= y
    sigma /= y.size
    return value, sigma


def _labels_and_logits_pair(y: Any, z: Any) -> tuple[np.ndarray, np.ndarray]:
    y_arr = as_real_array(y, "y")
    z_arr = as_real_array(z, "z")
    if y_arr.shape != z_arr.shape:
        raise ValueError(f"y and z must have the same shape, got {y_arr.shape} and {z_arr.shape}")
    outside = (y_arr < 0.0) | (y_arr > 1.0)
    if np.any(outside):
        raise ValueError(
            f"y must hold labels (0 or 1) or target probabilities in [0, 1], "
            f"got {float(y_arr[outside].flat[0])}"
        )
    return y_arr, z_arr


def binary_cross_entropy_with_logits(y: Any, z: Any) -> float:
    r"""Binary cross-entropy of raw scores ``z`` (logits) against labels ``y``.

    .. math:: L = -\frac{1}{n}\sum_i \big[y_i \log \sigma(z_i)
       + (1 - y_i)\log(1 - \sigma(z_i))\big]
       = \frac{1}{n}\sum_i \big[\max(z_i, 0) - y_i z_i + \log(1 + e^{-|z_i|})\big]

    The second form is the one computed: it needs no probability, never overflows and
    never takes the logarithm of 0, so ``z = ±1000`` gives a finite loss (1000 per wrong
    entry) without the clipping :func:`binary_cross_entropy` needs. Equal to
    ``torch.nn.functional.binary_cross_entropy_with_logits(z, y)``.

    >>> round(binary_cross_entropy_with_logits([1.0, 0.0], [0.0, 0.0]), 4)  # log 2
    0.6931
    """
    return _bce_logits_terms(*_labels_and_logits_pair(y, z))[0]


def binary_cross_entropy_with_logits_grad(y: Any, z: Any) -> np.ndarray:
    r"""Gradient of :func:`binary_cross_entropy_with_logits` with respect to ``z``.

    .. math:: \frac{\partial L}{\partial z_i} = \frac{\sigma(z_i) - y_i}{n}

    the sigmoid's slope and the logarithm's cancel, leaving the error of the predicted
    probability.

    >>> binary_cross_entropy_with_logits_grad([1.0, 0.0], [0.0, 0.0])
    array([-0.25,  0.25])
    """
    return _bce_logits_terms(*_labels_and_logits_pair(y, z))[1]
