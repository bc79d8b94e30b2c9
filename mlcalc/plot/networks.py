"""Figures of networks (chapters 8-10): decision boundaries, training curves, the backward pass."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from .._validate import as_real_array, as_real_scalar, describe, one_of, positive_int

if TYPE_CHECKING:
    from matplotlib.axes import Axes
from ._base import PALETTE, axes, needs_plotting
from .optim import loss_curves


def _scores_function(model: Any) -> Callable[[np.ndarray], np.ndarray]:
    from ..nn import MLP

    if isinstance(model, MLP):
        if model.sizes[0] != 2:
            raise ValueError(
                f"model must take 2 inputs to draw its decision boundary in the plane, "
                f"it takes {model.sizes[0]}"
            )
        return model.predict
    if callable(model):
        return model
    raise TypeError(
        f"model must be an mlcalc.nn.MLP or a function of an (m, 2) array, got {describe(model)}"
    )


def _class_labels(y: Any, n_rows: int) -> np.ndarray:
    labels = as_real_array(y, "y")
    if labels.ndim == 2 and labels.shape[1] == 1:
        labels = labels[:, 0]
    if labels.shape != (n_rows,):
        raise ValueError(
            f"y must hold one class label per row of X, shape ({n_rows},), got {labels.shape}"
        )
    if np.any(labels != np.round(labels)) or np.any(labels < 0):
        raise ValueError("y must hold class labels 0, 1, 2, ... (whole non-negative numbers)")
    return labels.astype(np.int64)


@needs_plotting
def decision_boundary(
    model: Any,
    X: Any,
    y: Any,
    *,
    outputs: str = "logits",
    ax: Axes | None = None,
    n: int = 200,
    margin: float = 0.15,
    title: str | None = "Decision boundary",
    xlabel: str = "$x_1$",
    ylabel: str = "$x_2$",
) -> Axes:
    r"""The regions a 2-D classifier assigns to each class, with the data on top.

    One output (binary classifier): the shading is the predicted probability of class 1,
    :math:`\sigma(z)` of the score when ``outputs="logits"`` (the output as it is when
    ``"probabilities"``), and the black line is where it equals 1/2. Several outputs: each
    point of the plane takes the colour of its highest score, and black lines separate
    the regions.

    Parameters
    ----------
    model : MLP or callable
        An :class:`mlcalc.nn.MLP` with 2 inputs, or a function mapping an ``(m, 2)``
        array to scores ``(m,)`` or ``(m, k)``.
    X : array_like
        The points, shape ``(n, 2)``.
    y : array_like
        Class labels 0, 1, ... of the rows of ``X``, shape ``(n,)``.
    outputs : str
        ``"logits"`` or ``"probabilities"``: what a single output column holds.
    n : int
        Grid points per axis.
    margin : float
        Space around the data, as a fraction of its extent.

    Returns
    -------
    Axes
        Class ``c``'s points are the collection ``ax.collections[-k + c]`` (``k`` classes).

    Examples
    --------
    >>> import mlcalc as mc
    >>> X, y = mc.data.moons(100)
    >>> net = mc.nn.MLP([2, 16, 1], seed=0)
    >>> history = mc.nn.train(net, X, y, loss="bce", epochs=100)
    >>> ax = decision_boundary(net, X, y)  # doctest: +SKIP
    """
    from matplotlib.colors import LinearSegmentedColormap, ListedColormap

    scores_of = _scores_function(model)
    points = as_real_array(X, "X", ndim=2)
    if points.shape[1] != 2:
        raise ValueError(f"X must have 2 columns (points in the plane), got shape {points.shape}")
    labels = _class_labels(y, len(points))
    outputs = one_of(outputs, "outputs", ("logits", "probabilities"))
    n = positive_int(n, "n")
    margin = as_real_scalar(margin, "margin")
    if margin < 0:
        raise ValueError(f"margin must be non-negative, got {margin}")
    low, high = points.min(axis=0), points.max(axis=0)
    pad = margin * np.maximum(high - low, 1e-12)
    xs = np.linspace(low[0] - pad[0], high[0] + pad[0], n)
    ys = np.linspace(low[1] - pad[1], high[1] + pad[1], n)
    xx, yy = np.meshgrid(xs, ys)
    scores = as_real_array(scores_of(np.column_stack([xx.ravel(), yy.ravel()])), "model's scores")
    scores = scores.reshape(n * n, -1)
    k = max(scores.shape[1], 2, int(labels.max()) + 1)
    if k > len(PALETTE):
        raise ValueError(f"at most {len(PALETTE)} classes can be told apart, got {k}")
    ax = axes(ax, title=title, xlabel=xlabel, ylabel=ylabel)
    if scores.shape[1] == 1:
        from ..functions import sigmoid

        p = scores[:, 0] if outputs == "probabilities" else sigmoid(scores[:, 0])
        shades = LinearSegmentedColormap.from_list("two_classes", [PALETTE[0], "white", PALETTE[1]])
        ax.contourf(xx, yy, p.reshape(n, n), levels=np.linspace(0, 1, 11), cmap=shades, alpha=0.5)
        ax.contour(xx, yy, p.reshape(n, n), levels=[0.5], colors="black", linewidths=1.5)
    else:
        predicted = scores.argmax(axis=1).reshape(n, n)
        regions = ListedColormap(list(PALETTE[: scores.shape[1]]))
        ax.pcolormesh(xx, yy, predicted, cmap=regions, alpha=0.25, shading="auto")
        boundaries = np.arange(scores.shape[1] - 1) + 0.5
        ax.contour(xx, yy, predicted, levels=boundaries, colors="black", linewidths=1.5)
    for c in range(k):
        mine = labels == c
        ax.scatter(
            points[mine, 0], points[mine, 1], s=18, color=PALETTE[c], edgecolor="black",
            linewidths=0.5, label=f"class {c}",
        )  # fmt: skip
    ax.set_xlim(xs[0], xs[-1])
    ax.set_ylim(ys[0], ys[-1])
    ax.legend(loc="upper right", fontsize=9, framealpha=0.85, frameon=True)
    return ax


@needs_plotting
def training_curve(
    history: Any,
    *,
    labels: Any = None,
    log: bool = False,
    ax: Axes | None = None,
    title: str | None = "Training loss",
    xlabel: str = "epoch",
    ylabel: str = "training loss",
) -> Axes:
    """The loss per epoch of :func:`mlcalc.nn.train` runs; a diverged run ends in a cross.

    When a run diverged, the loss axis ends 10 times (``log``; 1.5 times on a linear
    axis) above the highest starting loss, so that the other runs stay readable; the
    diverged curve is drawn until it leaves the axes, where its cross is.
    ``history`` is a :class:`~mlcalc.nn.History`, a list of them, or a dict
    ``{label: History}``; plain arrays of losses work too. Epochs are counted from 1.

    Returns
    -------
    Axes
        Run ``i`` is the line ``ax.lines[i]``.

    Examples
    --------
    >>> import mlcalc as mc
    >>> X, y = mc.data.xor(100)
    >>> runs = {lr: mc.nn.train(mc.nn.MLP([2, 8, 1]), X, y, loss="bce",
    ...         optimizer=mc.optim.Adam(lr), epochs=50) for lr in (0.01, 0.1)}
    >>> ax = training_curve({f"lr = {lr}": h for lr, h in runs.items()})  # doctest: +SKIP
    """
    from ..nn import History

    if isinstance(history, Mapping):
        if labels is not None:
            raise ValueError("give labels either as the keys of history or as labels=, not both")
        labels, runs = [str(key) for key in history], list(history.values())
    elif (
        isinstance(history, list | tuple)
        and history
        and (isinstance(history[0], History) or np.ndim(history[0]) == 1)
    ):
        runs = list(history)
    else:
        runs = [history]
    if not runs:
        raise ValueError("history must hold at least one run, got none")
    diverged = [isinstance(run, History) and run.diverged for run in runs]
    losses = [run.loss if isinstance(run, History) else run for run in runs]
    if labels is not None:
        labels = [labels] if isinstance(labels, str) else labels
        if isinstance(labels, list | tuple) and len(labels) == len(runs):
            labels = [
                f"{name} (diverged)" if d else name
                for name, d in zip(labels, diverged, strict=True)
            ]
    if not any(diverged):
        return loss_curves(
            losses, labels=labels, log=log, ax=ax, title=title, xlabel=xlabel, ylabel=ylabel
        )
    # A diverged loss climbs to 1e300 before it overflows: the axis stops well above where
    # the runs started, a diverged curve is drawn until it leaves the axes, and a cross
    # marks that epoch at the top edge (or where the run stopped, if below).
    losses = [as_real_array(loss, f"history[{i}]", ndim=1) for i, loss in enumerate(losses)]
    top = max(float(loss[0]) for loss in losses) * (10.0 if log else 1.5)
    shown = []
    for loss, gone in zip(losses, diverged, strict=True):
        beyond = np.flatnonzero(loss > top)
        shown.append(np.minimum(loss[: beyond[0] + 1], top) if gone and beyond.size else loss)
    ax = loss_curves(
        shown, labels=labels, log=log, ax=ax, title=title, xlabel=xlabel, ylabel=ylabel
    )
    ax.set_ylim(top=top)
    for i, (loss, gone) in enumerate(zip(shown, diverged, strict=True)):
        if gone:
            color = PALETTE[i % len(PALETTE)]
            ax.plot(len(loss), loss[-1], "X", color=color, mec="black", ms=10, clip_on=False)
    return ax


def _layer_name(layer: Any) -> str:
    from ..nn import Activation, Dense, LayerNorm, Residual

    if isinstance(layer, Dense):
        return f"Dense\n{layer.W.shape[0]} → {layer.W.shape[1]}"
    if isinstance(layer, LayerNorm):
        return "LayerNorm"
    if isinstance(layer, Activation):
        return layer.name
    if isinstance(layer, Residual):
        inner = ", ".join(_layer_name(part).replace("\n", " ") for part in layer.layers)
        return "a + f(a)\n" + inner.replace(", ", ",\n")
    return type(layer).__name__


def _flows(model: Any, X: Any, y: Any, loss: str) -> tuple[list[np.ndarray], list[Any], float]:
    """Every array the forward pass hands on, every δ the backward pass hands back, the loss."""
    from ..nn.train import _LOSS_TERMS, LOSSES, _targets

    loss = one_of(loss, "loss", LOSSES)
    model.forward(X)  # checks X and leaves the model as after any forward pass
    inputs = model._inputs(X)
    targets = _targets(y, loss, model, len(inputs))
    forward = [inputs]
    for layer in model.layers:
        forward.append(layer.forward(forward[-1]))
    value, delta = _LOSS_TERMS[loss](targets, forward[-1])
    backward: list[Any] = [None] * len(model.layers) + [delta]
    for i in range(len(model.layers) - 1, -1, -1):
        backward[i] = model.layers[i].backward(backward[i + 1], input_grad=i > 0)
    return forward, backward, value


def _rms(array: np.ndarray) -> str:
    return f"rms {float(np.sqrt(np.mean(array * array))):.2g}"


@needs_plotting
def backward_pass(
    model: Any,
    X: Any,
    y: Any,
    *,
    loss: str = "mse",
    ax: Axes | None = None,
    title: str | None = "What flows through the network",
) -> Axes:
    r"""The forward and the backward pass of a network on one batch, layer by layer.

    Each layer is a box. Above the boxes, left to right, the arrays the forward pass
    hands on (shape and root-mean-square size); below them, right to left, the
    :math:`\delta = \partial L/\partial(\cdot)` the backward pass hands back, each shaped
    like the array above it; under each dense layer, the gradient of its weights
    :math:`a^\top\delta`, shaped like :math:`W`. The input needs no :math:`\delta`.

    Runs ``model.forward`` and the layers' backward passes on ``(X, y)`` with ``loss``
    (as :func:`mlcalc.nn.train` would), leaving the model as after a training step's
    backward pass (the weights are not changed).

    Examples
    --------
    >>> import mlcalc as mc
    >>> X, y = mc.data.moons(64)
    >>> ax = backward_pass(mc.nn.MLP([2, 16, 16, 1]), X, y, loss="bce")  # doctest: +SKIP
    """
    from matplotlib.patches import FancyBboxPatch

    from ..nn import MLP, Dense

    if not isinstance(model, MLP):
        raise TypeError(f"model must be an mlcalc.nn.MLP, got {describe(model)}")
    forward, backward, value = _flows(model, X, y, loss)
    count = len(model.layers)
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(max(6.4, 1.55 * (count + 2)), 3.6))
    ax = axes(ax, title=title)
    ax.set_xlim(-0.9, count + 0.9)
    ax.set_ylim(-1.25, 1.05)
    ax.axis("off")
    for i, layer in enumerate(model.layers):
        ax.add_patch(
            FancyBboxPatch(
                (i + 0.08, -0.28),
                0.84,
                0.56,
                boxstyle="round,pad=0.05",
                linewidth=1.2,
                facecolor="#f2f2f2",
                edgecolor="black",
            )  # fmt: skip
        )
        ax.text(i + 0.5, 0.0, _layer_name(layer), ha="center", va="center", fontsize=8)
        if isinstance(layer, Dense):
            weight_grad = layer.gradients()[0]
            ax.text(
                i + 0.5, -1.12, f"∂L/∂W = aᵀδ\n{weight_grad.shape}, {_rms(weight_grad)}",
                ha="center", va="center", fontsize=7, color=PALETTE[2],
            )  # fmt: skip
    ax.text(count + 0.5, 0.0, f"L = {value:.3g}", ha="center", va="center", fontsize=9)
    forward_arrow = {"arrowstyle": "->", "color": PALETTE[0], "lw": 1.5}
    backward_arrow = {"arrowstyle": "->", "color": PALETTE[1], "lw": 1.5}
    for i in range(count + 1):
        x = i  # the array between box i - 1 and box i
        left, right = (x - 0.35, x + 0.1) if i == 0 else (x - 0.1, x + 0.1)
        name = "X" if i == 0 else ("out" if i == count else "a")
        ax.annotate("", (right, 0.45), (left, 0.45), arrowprops=forward_arrow)
        ax.text(
            x, 0.78, f"{name} {forward[i].shape}\n{_rms(forward[i])}",
            ha="center", va="center", fontsize=7, color=PALETTE[0],
        )  # fmt: skip
        if backward[i] is None:
            ax.text(x, -0.55, "no δ needed", ha="center", va="center", fontsize=7, color="0.4")
            continue
        ax.annotate("", (left, -0.45), (right, -0.45), arrowprops=backward_arrow)
        ax.text(
            x, -0.72, f"δ {backward[i].shape}\n{_rms(backward[i])}",
            ha="center", va="center", fontsize=7, color=PALETTE[1],
        )  # fmt: skip
    for height, word, color in ((0.45, "forward", PALETTE[0]), (-0.5, "backward", PALETTE[1])):
        ax.text(-0.85, height, word, ha="left", va="center", fontsize=8, color=color, rotation=90)
    return ax
