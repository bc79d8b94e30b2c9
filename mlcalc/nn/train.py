"""Training a network: epochs of mini-batches, any optimiser, a loss history."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import losses
from .._validate import as_real_array, describe, one_of, positive_int, random_generator
from ..optim import Adam, DivergenceWatch, Optimizer, batches
from .mlp import MLP

LOSSES = ("mse", "bce", "cross_entropy")


@dataclass(frozen=True, repr=False)
class History:
    """What :func:`train` recorded.

    Attributes
    ----------
    loss : numpy.ndarray
        The training loss of each completed epoch: the mean over the epoch's examples of the
        loss each batch had when its step was taken (with the whole set as one batch, the
        loss before that epoch's step).
    diverged : bool
        ``True`` when the run stopped because the loss blew up (see :func:`train`).
    epochs : int
        The number of completed epochs, ``len(loss)``.
    """

    loss: np.ndarray
    diverged: bool
    epochs: int

    def __repr__(self) -> str:
        last = f", final loss {self.loss[-1]:.4g}" if self.epochs else ""
        return f"History(epochs={self.epochs}{last}, diverged={self.diverged})"


# Each loss: the value and ∂L/∂outputs from one pass, on targets checked once before
# training (the public functions of mlcalc.losses check theirs on every call).
_LOSS_TERMS: dict[str, Callable[[np.ndarray, np.ndarray], tuple[float, np.ndarray]]] = {
    "mse": losses._mse_terms,
    "bce": losses._bce_logits_terms,
    # batches() hands labels back as floats; indexing needs integers again
    "cross_entropy": lambda y, out: losses._cross_entropy_terms(y.astype(np.int64), out),
}


def _targets(y: Any, loss: str, model: MLP, n_rows: int) -> np.ndarray:
    """``y`` shaped as the loss wants it: ``(n, n_out)`` or, for cross-entropy, ``(n,)`` ints."""
    n_out = model.sizes[-1]
    if loss == "cross_entropy":
        if n_out < 2:
            raise ValueError(
                f"loss='cross_entropy' needs one output per class (at least 2), the model has "
                f"{n_out}; use loss='bce' for one output"
            )
        return losses._class_indices(y, n_rows, n_out, "y")
    targets = as_real_array(y, "y")
    if targets.ndim == 1 and n_out == 1:
        targets = targets[:, None]
    if targets.shape != (n_rows, n_out):
        raise ValueError(
            f"y must have one row per row of X and one column per output, shape "
            f"({n_rows}, {n_out}){' or (n,)' if n_out == 1 else ''}, got shape {targets.shape}"
        )
    if loss == "bce":
        outside = (targets < 0.0) | (targets > 1.0)
        if np.any(outside):
            raise ValueError(
                f"loss='bce' needs labels 0 or 1 (or probabilities in [0, 1]) in y, got "
                f"{float(targets[outside][0])}"
            )
    return targets


def _show_progress(progress: Any) -> bool:
    """Whether to draw a progress bar: ``progress`` if given, else only at a terminal.

    The default rule: a bar only when standard error is a terminal (a script or IPython
    run in a shell) and the ``CI`` environment variable is unset. A Jupyter kernel's
    standard error is never a terminal, so notebooks (nbval, nbconvert, the book's build,
    JupyterLab alike) and pipes get no bar unless they ask with ``progress=True``.
    """
    if progress is not None:
        if not isinstance(progress, bool | np.bool_):
            raise TypeError(f"progress must be True, False or None, got {describe(progress)}")
        return bool(progress)
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false"):
        return False
    isatty = getattr(sys.stderr, "isatty", None)
    return bool(isatty is not None and isatty())


def train(
    model: MLP,
    X: Any,
    y: Any,
    *,
    loss: str = "mse",
    optimizer: Optimizer | None = None,
    epochs: int = 100,
    batch_size: int | None = None,
    seed: int = 0,
    progress: bool | None = None,
) -> History:
    r"""Train ``model`` on ``(X, y)`` with an optimiser, epoch by epoch; returns the loss history.

    Each epoch visits every row once, in batches from :func:`mlcalc.optim.batches`
    (shuffled with a generator seeded by ``seed``, so the same seed gives the same run);
    each batch takes one step: forward pass, loss, backward pass, ``optimizer.step``.

    A run whose loss becomes inf or NaN, or grows past :math:`10^{12}\,(1 + L_0)` with
    :math:`L_0` the first batch's loss, stops before stepping on it: ``diverged`` is set,
    the history holds the epochs completed before, and one
    :class:`~mlcalc.optim.DivergenceWarning` naming the learning rate is issued (the rule
    and the warning of :func:`~mlcalc.optim.gradient_descent`, from
    :class:`~mlcalc.optim.DivergenceWatch`).

    Parameters
    ----------
    model : MLP
    X : array_like, shape (n, n_in)
    y : array_like
        ``loss="mse"``: targets ``(n, n_out)`` (or ``(n,)`` for one output);
        ``"bce"``: labels 0/1 for a one-output model (binary cross-entropy from logits);
        ``"cross_entropy"``: integer class labels ``0 .. n_out - 1``, shape ``(n,)``.
    loss : str
        ``"mse"``, ``"bce"`` or ``"cross_entropy"`` (:mod:`mlcalc.losses`).
    optimizer : Optimizer, optional
        Any optimiser of :mod:`mlcalc.optim`; ``Adam(1e-2)`` by default. A new one per
        model: it keeps state for these parameters.
    epochs : int
        Number of passes over the data.
    batch_size : int, optional
        Rows per step; ``None`` is the whole set (full-batch gradient descent).
    seed : int
        Seed of the batches' shuffling.
    progress : bool, optional
        Draw a progress bar (``tqdm``) with the loss; ``None`` decides as described in
        the module :mod:`mlcalc.nn`: only at a terminal, never in a notebook, CI or a pipe.

    Returns
    -------
    History
        ``.loss`` (per epoch), ``.diverged``, ``.epochs``.

    Examples
    --------
    >>> import mlcalc as mc
    >>> X, y = mc.data.xor(200, noise=0.2)
    >>> net = MLP([2, 8, 1], activation="tanh", seed=0)
    >>> history = train(net, X, y, loss="bce", epochs=200)
    >>> bool(history.loss[-1] < 0.1 * history.loss[0])
    True
    """
    if not isinstance(model, MLP):
        raise TypeError(f"model must be an mlcalc.nn.MLP, got {describe(model)}")
    loss = one_of(loss, "loss", LOSSES)
    inputs = model._inputs(X)
    n = len(inputs)
    targets = _targets(y, loss, model, n)
    if optimizer is None:
        optimizer = Adam(1e-2)
    elif not isinstance(optimizer, Optimizer):
        raise TypeError(
            f"optimizer must be an mlcalc.optim optimiser such as mc.optim.SGD(0.1), "
            f"got {describe(optimizer)}"
        )
    epochs = positive_int(epochs, "epochs")
    size = n if batch_size is None else positive_int(batch_size, "batch_size")
    if size > n:
        raise ValueError(f"batch_size must be at most len(X) = {n}, got {size}")
    rng = random_generator(seed)
    show = _show_progress(progress)

    terms = _LOSS_TERMS[loss]
    params = model.params
    record = np.empty(epochs)
    bar = None
    if show:
        try:
            from tqdm import tqdm
        except ModuleNotFoundError:
            raise ModuleNotFoundError(
                'the progress bar needs tqdm: pip install tqdm (or "mlcalc[progress]"), '
                "or pass progress=False",
                name="tqdm",
            ) from None
        bar = tqdm(total=epochs, desc="training", unit="epoch", file=sys.stderr)
    watch: DivergenceWatch | None = None  # made at the first loss, which it measures from
    completed = 0
    # A diverging run overflows on its way to inf; the one warning it gets is the watch's.
    # (tqdm's bar is a context manager that closes the bar however the loop ends.)
    with np.errstate(over="ignore", invalid="ignore"), bar if bar is not None else nullcontext():
        for epoch in range(1, epochs + 1):
            total = 0.0
            # One batch needs no shuffling: the same rows, the same sum, in the stored order.
            for X_batch, y_batch in batches(inputs, targets, size, shuffle=size < n, seed=rng):
                out = model._run(X_batch, keep=True)
                value, dout = terms(y_batch, out)
                if watch is None:
                    watch = DivergenceWatch(
                        value, lr=optimizer.lr, name="training", symbol="L", unit="epoch"
                    )
                if not watch.check(value, epoch):
                    break
                model._rows = len(X_batch)
                model._backward(dout)
                optimizer.step(params, [g for layer in model.layers for g in layer.gradients()])
                total += value * len(X_batch)
            if watch is not None and watch.diverged:
                break
            record[completed] = total / n
            completed += 1
            if bar is not None:
                bar.set_postfix(loss=f"{record[completed - 1]:.4g}", refresh=False)
                bar.update(1)
    diverged = watch is not None and watch.diverged
    return History(loss=record[:completed].copy(), diverged=diverged, epochs=completed)
