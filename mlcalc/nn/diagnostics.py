r"""Looking at a network's gradients: their size layer by layer, and clipping their norm.

* :func:`weight_gradient_norms`: :math:`\lVert \partial L/\partial W_l \rVert` for each
  weight matrix, the measurement of chapter 14 (vanishing and exploding gradients);
* :func:`clip_grad_norm`: the gradient rescaled to norm at most ``max_norm``, direction
  kept, as ``torch.nn.utils.clip_grad_norm_`` does.

Both take the list that :meth:`mlcalc.nn.MLP.backward` returns (aligned with
:attr:`~mlcalc.nn.MLP.params`), so they work for any optimiser and any network of
:mod:`mlcalc.nn`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validate import as_real_array, describe, positive_real


def _gradient_list(grads: Any) -> list[np.ndarray]:
    if isinstance(grads, np.ndarray) or not isinstance(grads, list | tuple):
        raise TypeError(
            f"grads must be a list of arrays (as MLP.backward returns), got {describe(grads)}"
        )
    if not grads:
        raise ValueError("grads must hold at least one array, got an empty list")
    return [
        as_real_array(g, f"grads[{i}]", finite=False, allow_empty=True) for i, g in enumerate(grads)
    ]


def weight_gradient_norms(grads: Any) -> np.ndarray:
    r"""The Frobenius norm :math:`\lVert \partial L/\partial W_l \rVert` of each weight matrix.

    The weight gradients are the 2-D entries of ``grads`` (biases, layer-norm gains and
    shifts are 1-D), so for an :class:`~mlcalc.nn.MLP` the result has one entry per dense
    layer, first layer first.

    Parameters
    ----------
    grads : list of array_like
        Gradients aligned with the parameters, e.g. ``net.backward(dout)``.

    Returns
    -------
    numpy.ndarray
        One norm per 2-D gradient, in order.

    Examples
    --------
    >>> weight_gradient_norms([np.array([[3.0, 4.0]]), np.array([1.0]), np.eye(2)]).round(6)
    array([5.      , 1.414214])
    """
    matrices = [g for g in _gradient_list(grads) if g.ndim == 2]
    if not matrices:
        raise ValueError(
            "grads holds no 2-D array: weight gradients are the matrices among the gradients"
        )
    return np.array([np.sqrt(np.sum(g * g)) for g in matrices])


def clip_grad_norm(grads: Any, max_norm: float) -> tuple[list[np.ndarray], float]:
    r"""The gradient rescaled so that its norm is at most ``max_norm``; and its norm before.

    The norm is taken over all the arrays together, as if they were one long vector
    :math:`g`: :math:`\lVert g\rVert = \sqrt{\sum_i \lVert g_i\rVert^2}`. Then

    .. math:: g \leftarrow \begin{cases} g, & \lVert g\rVert \le c, \\
              g \, c/\lVert g\rVert, & \lVert g\rVert > c, \end{cases}

    with :math:`c` = ``max_norm``: one positive factor for every entry, so the direction
    is kept and only the length changes. ``torch.nn.utils.clip_grad_norm_`` does the same
    in place (with :math:`c/(\lVert g\rVert + 10^{-6})`); here the arrays are new.

    Parameters
    ----------
    grads : list of array_like
        The gradients, e.g. ``net.backward(dout)``.
    max_norm : float
        The largest norm allowed, :math:`c > 0`.

    Returns
    -------
    clipped : list of numpy.ndarray
        New arrays, shaped like ``grads``.
    norm : float
        :math:`\lVert g\rVert` before clipping.

    Raises
    ------
    ValueError
        If a gradient holds inf or NaN: no rescaling gives it a direction.

    Examples
    --------
    >>> clipped, norm = clip_grad_norm([np.array([3.0]), np.array([[4.0]])], max_norm=1.0)
    >>> norm, [g.round(6).tolist() for g in clipped]
    (5.0, [[0.6], [[0.8]]])
    """
    arrays = _gradient_list(grads)
    limit = positive_real(max_norm, "max_norm")
    for i, g in enumerate(arrays):
        if not np.all(np.isfinite(g)):
            raise ValueError(
                f"grads[{i}] contains inf or NaN: a non-finite gradient has no direction to "
                "keep; the run has diverged (lower the learning rate, or clip earlier)"
            )
    # Each array scaled by its own largest entry first: squares of entries near 1e200
    # would overflow although the norm itself is finite.
    scales = [float(np.max(np.abs(g))) if g.size else 0.0 for g in arrays]
    largest = max(scales)
    if largest == 0.0:
        return [g.copy() for g in arrays], 0.0
    norm = largest * float(np.sqrt(sum(np.sum((g / largest) ** 2) for g in arrays)))
    factor = limit / norm if norm > limit else 1.0
    return [g * factor for g in arrays], norm
