"""Descent paths, learning-rate comparisons, loss curves, the descent animation (ch. 6-7)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from .._validate import as_real_array, as_real_scalar, interval, positive_int

if TYPE_CHECKING:
    from matplotlib.axes import Axes
from ._base import PALETTE, axes, needs_plotting, style
from .animation import animate, check_settings
from .gradients import contour


def _descent_path(path: Any, name: str) -> tuple[np.ndarray, bool]:
    """A descent path as a ``(k, 2)`` float array, and whether its run diverged."""
    from ..optim import DescentResult

    diverged = False
    if isinstance(path, DescentResult):
        diverged = path.diverged
        path = path.path
    points = as_real_array(path, name, ndim=2)
    if points.shape[1] != 2:
        raise ValueError(
            f"{name} must be a path in the plane, shape (k, 2), got shape {points.shape}; "
            "run gradient descent from a 2-D start such as np.array([x0, y0])"
        )
    return points, diverged


def _descent_paths(paths: Any, labels: Any) -> list[tuple[np.ndarray, bool, str | None]]:
    """One path (a DescentResult or a (k, 2) array) or a list of them, with their labels."""
    from ..optim import DescentResult

    single = isinstance(paths, DescentResult | np.ndarray)
    items = [paths] if single else paths
    if isinstance(items, str | bytes) or not isinstance(items, list | tuple):
        raise TypeError(
            "paths must be a DescentResult, a (k, 2) array, or a list of those, "
            f"got {type(paths).__name__}"
        )
    if not items:
        raise ValueError("paths must hold at least one path")
    names = _labels(labels, len(items))
    return [
        (*_descent_path(p, "paths" if single else f"paths[{i}]"), names[i])
        for i, p in enumerate(items)
    ]


def _labels(labels: Any, count: int) -> list[str | None]:
    if labels is None:
        return [None] * count
    if isinstance(labels, str):
        labels = [labels]
    if not isinstance(labels, list | tuple) or not all(isinstance(s, str) for s in labels):
        raise TypeError(f"labels must be a list of strings, got {labels!r}")
    if len(labels) != count:
        raise ValueError(f"labels must give one name per path: {count} paths, {len(labels)} labels")
    return list(labels)


def _draw_path(ax: Axes, points: np.ndarray, diverged: bool, label: str | None, color: str) -> None:
    """The path as a line of small dots, a hollow circle at the start, a star at the end."""
    if label is not None and diverged:
        label = f"{label} (diverged)"
    ax.plot(points[:, 0], points[:, 1], "-o", color=color, lw=1.5, ms=3, label=label, zorder=3)
    ax.plot(*points[0], "o", color=color, mfc="white", mew=2, ms=9, zorder=4, label="_start")
    end_marker = "X" if diverged else "*"
    ax.plot(*points[-1], end_marker, color=color, mec="black", ms=13, zorder=5, label="_end")


def _start_end_legend(ax: Axes) -> None:
    """A legend with the paths' labels plus one key to the start and end markers."""
    grey = "0.35"
    ax.plot([], [], "o", color=grey, mfc="white", mew=2, ms=8, label="start")
    ax.plot([], [], "*", color=grey, mec="black", ms=11, label="end")
    ax.legend(loc="best", fontsize=9, framealpha=0.85, frameon=True)


@needs_plotting
def contour_paths(
    f: Callable[[np.ndarray, np.ndarray], Any],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    paths: Any,
    *,
    labels: Any = None,
    ax: Axes | None = None,
    levels: int | Any = 12,
    n: int = 200,
    title: str | None = None,
    xlabel: str = "$x$",
    ylabel: str = "$y$",
) -> Axes:
    """Level curves of a cost ``f(x, y)`` with one or more descent paths drawn on top.

    Each path is a line through its iterates, with a hollow circle at the start and a star
    at the end (a cross when the run diverged). The box ``xlim`` x ``ylim`` is what is
    shown: iterates outside it are cut off.

    Parameters
    ----------
    f : callable
        The cost, elementwise on two arrays: ``lambda x, y: x**2 + 10 * y**2``.
    xlim, ylim : pair of float
        The plotted box.
    paths : DescentResult, array_like or list
        The runs to draw: a result of :func:`~mlcalc.optim.gradient_descent` from a 2-D
        start, an array of shape ``(k, 2)`` of iterates, or a list of those.
    labels : list of str, optional
        One legend entry per path.
    ax : Axes, optional
    levels : int or increasing sequence of float
        Level curves, as in :func:`~mlcalc.plot.gradients.contour`.
    n : int
        Grid points per axis for the level curves.

    Returns
    -------
    Axes
        Path ``i`` is the line ``ax.lines[3 * i]`` (its iterates are its data); the next
        two lines are its start and end markers.

    Examples
    --------
    >>> import mlcalc as mc
    >>> run = mc.gradient_descent(lambda p: np.array([2 * p[0], 20 * p[1]]), [1.5, 1.0], lr=0.05)
    >>> cost = lambda x, y: x**2 + 10 * y**2
    >>> ax = contour_paths(cost, (-2, 2), (-1.5, 1.5), run)  # doctest: +SKIP
    """
    runs = _descent_paths(paths, labels)
    ax = contour(
        f, xlim, ylim, ax=ax, levels=levels, n=n, title=title, xlabel=xlabel, ylabel=ylabel
    )
    for i, (points, diverged, label) in enumerate(runs):
        _draw_path(ax, points, diverged, label, PALETTE[i % len(PALETTE)])
    ax.set_xlim(*interval(xlim, "xlim"))
    ax.set_ylim(*interval(ylim, "ylim"))
    _start_end_legend(ax)
    return ax


def _loss_history(values: Any, name: str) -> np.ndarray:
    from ..optim import DescentResult

    if isinstance(values, DescentResult):
        if values.values is None:
            raise ValueError(
                f"{name} has no loss values: call gradient_descent with f=... to record them"
            )
        values = values.values
    history = as_real_array(values, name, ndim=1, finite=False)
    bad = np.flatnonzero(~np.isfinite(history))
    if bad.size:
        raise ValueError(
            f"{name} is not finite from entry {bad[0]} on (the run diverged there); "
            "plot the entries before it"
        )
    return history


def _check_log(log: Any) -> bool:
    if not isinstance(log, bool | np.bool_):
        raise TypeError(f"log must be True or False, got {log!r}")
    return bool(log)


def _log_axis(ax: Axes, histories: list[np.ndarray], names: list[str]) -> None:
    # matplotlib would drop such points without a word, leaving a curve cut short.
    for history, name in zip(histories, names, strict=True):
        bad = np.flatnonzero(history <= 0)
        if bad.size:
            raise ValueError(
                f"{name} is {history[bad[0]]:g} at entry {bad[0]}, which a log scale cannot "
                "show; pass log=False"
            )
    ax.set_yscale("log")


@needs_plotting
def learning_rates(
    runs: Any,
    *,
    log: bool = True,
    ax: Axes | None = None,
    title: str | None = "Loss for several learning rates",
    xlabel: str = "step $k$",
    ylabel: str = "loss $f(x_k)$",
) -> Axes:
    r"""Loss against step for runs that differ only in their learning rate.

    ``runs`` maps each learning rate to its run: a :class:`~mlcalc.optim.DescentResult` made with
    ``f=`` (so it recorded the loss) or a 1-D array of losses. A run that diverged is
    labelled so and ends in a cross. With ``log`` the loss axis is logarithmic, where
    steady (linear) convergence shows as a straight line.

    Examples
    --------
    >>> import mlcalc as mc
    >>> runs = {lr: mc.gradient_descent(lambda x: 2 * x, 1.0, lr=lr, f=lambda x: x * x, steps=60)
    ...         for lr in (0.05, 0.4, 1.5)}  # doctest: +SKIP
    >>> ax = learning_rates(runs)  # doctest: +SKIP

    Returns
    -------
    Axes
        Run ``i`` (in the order of ``runs``) is the line ``ax.lines[i]``.
    """
    from collections.abc import Mapping

    from ..optim import DescentResult

    log = _check_log(log)
    if not isinstance(runs, Mapping) or not runs:
        raise TypeError(
            "runs must be a non-empty dict {learning_rate: result}, e.g. "
            f"{{0.1: mc.gradient_descent(grad, x0, lr=0.1, f=f)}}, got {type(runs).__name__}"
        )
    names = [f"runs[{lr!r}]" for lr in runs]
    lrs = [as_real_scalar(lr, f"learning rate {lr!r}") for lr in runs]
    histories = [_loss_history(v, name) for v, name in zip(runs.values(), names, strict=True)]
    ax = axes(ax, title=title, xlabel=xlabel, ylabel=ylabel)
    for i, (lr, history, run) in enumerate(zip(lrs, histories, runs.values(), strict=True)):
        diverged = isinstance(run, DescentResult) and run.diverged
        color = PALETTE[i % len(PALETTE)]
        label = f"lr = {lr:g}" + (" (diverged)" if diverged else "")
        ax.plot(np.arange(len(history)), history, color=color, label=label)
        if diverged:
            ax.plot(len(history) - 1, history[-1], "X", color=color, mec="black", ms=10)
    if log:
        _log_axis(ax, histories, names)
    ax.legend()
    return ax


@needs_plotting
def loss_curves(
    histories: Any,
    *,
    labels: Any = None,
    evaluations_per_epoch: Any = None,
    start: int = 1,
    log: bool = False,
    ax: Axes | None = None,
    title: str | None = "Loss during training",
    xlabel: str | None = None,
    ylabel: str = "loss",
) -> Axes:
    """Loss histories (one value per epoch) against epoch or against gradient evaluations.

    Parameters
    ----------
    histories : array_like, list or dict
        The recorded losses, e.g. what ``mc.nn.train`` returns: one 1-D array, a list of
        them, or a dict ``{label: history}``.
    labels : list of str, optional
        Names for the curves (taken from the keys when ``histories`` is a dict).
    evaluations_per_epoch : int or list of int, optional
        What one epoch of each history cost, e.g. the number of updates ``ceil(n /
        batch_size)``. The x-axis then counts that cost instead of epochs, which is how
        batch, mini-batch and stochastic gradient descent are compared fairly.
    start : int
        The epoch number of the first entry: 1 when each entry is the loss after an epoch,
        0 when the first entry is the loss before training.
    log : bool
        Logarithmic loss axis.

    Returns
    -------
    Axes
        History ``i`` is the line ``ax.lines[i]``.

    Examples
    --------
    >>> ax = loss_curves({"batch": [1.0, 0.5, 0.3], "SGD": [0.4, 0.2, 0.15]})  # doctest: +SKIP
    """
    from collections.abc import Mapping

    from ..optim import DescentResult

    log = _check_log(log)
    if isinstance(histories, Mapping | list | tuple) and not histories:
        raise ValueError("histories must hold at least one loss history, got none")
    if isinstance(histories, Mapping):
        if labels is not None:
            raise ValueError("give labels either as the keys of histories or as labels=, not both")
        labels = [str(key) for key in histories]
        items = list(histories.values())
    elif (
        isinstance(histories, list | tuple)
        and histories
        and (isinstance(histories[0], DescentResult) or np.ndim(histories[0]) == 1)
    ):
        items = list(histories)
    else:
        items = [histories]
    names = _labels(labels, len(items))
    series = [_loss_history(h, f"histories[{i}]") for i, h in enumerate(items)]
    if isinstance(start, bool) or not isinstance(start, int | np.integer):
        raise TypeError(f"start must be an integer (0 or 1), got {start!r}")
    if start < 0:
        raise ValueError(f"start must be a non-negative integer (0 or 1), got {start}")
    if evaluations_per_epoch is None:
        costs = [1] * len(series)
    else:
        raw = (
            evaluations_per_epoch
            if isinstance(evaluations_per_epoch, list | tuple)
            else [evaluations_per_epoch] * len(series)
        )
        if len(raw) != len(series):
            raise ValueError(
                f"evaluations_per_epoch must give one number per history: {len(series)} "
                f"histories, {len(raw)} numbers"
            )
        costs = [positive_int(c, "evaluations_per_epoch") for c in raw]
    if xlabel is None:
        xlabel = "epoch" if evaluations_per_epoch is None else "gradient evaluations"
    ax = axes(ax, title=title, xlabel=xlabel, ylabel=ylabel)
    for i, (history, cost, label) in enumerate(zip(series, costs, names, strict=True)):
        epochs = np.arange(start, start + len(history))
        ax.plot(epochs * cost, history, "-", color=PALETTE[i % len(PALETTE)], label=label)
    if log:
        _log_axis(ax, series, [f"histories[{i}]" for i in range(len(series))])
    if any(name is not None for name in names):
        ax.legend()
    return ax


@needs_plotting
def descent_animation(
    f: Callable[[np.ndarray, np.ndarray], Any],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    paths: Any,
    *,
    labels: Any = None,
    frames: int = 30,
    fps: int = 6,
    levels: int | Any = 12,
    n: int = 100,
    dpi: int = 80,
    name: str | None = None,
    title: str = "Gradient descent, step {step}",
    xlabel: str = "$x$",
    ylabel: str = "$y$",
    alt: str | None = None,
) -> Any:
    """An animation of descent paths over the level curves of ``f``, playable in static HTML.

    Returns an ``IPython.display.HTML`` object holding matplotlib's JavaScript player
    (``FuncAnimation.to_jshtml``): the frames are PNG images embedded in the page, so the
    animation plays in the built book with no kernel. Paths longer than ``frames`` are
    shown at evenly spaced steps (always including the first and the last). The HTML is
    the same on every run (fixed element ids, fixed dpi), as strict nbval requires, and it
    needs nothing from the network.

    Parameters
    ----------
    f, xlim, ylim, paths, labels, levels, n
        As in :func:`contour_paths`.
    frames : int
        Largest number of frames, 2 to 120 (each adds about 15 kB to the page).
    fps : int
        Frames per second when playing.
    dpi : int
        Resolution of the frames (the figure is 5.6 by 4 inches).
    name : str, optional
        Id of the animation's HTML elements; by default one derived from its content.
    title : str
        Title of each frame; ``{step}`` is replaced by the step shown.
    alt : str, optional
        Alternative text of the frame image for screen readers; by default it names the
        paths shown.

    Examples
    --------
    >>> import mlcalc as mc
    >>> run = mc.gradient_descent(lambda p: np.array([2 * p[0], 20 * p[1]]), [1.5, 1.0], lr=0.05)
    >>> cost = lambda x, y: x**2 + 10 * y**2
    >>> descent_animation(cost, (-2, 2), (-1.5, 1.5), run, name="bowl")  # doctest: +SKIP
    """
    runs = _descent_paths(paths, labels)
    frames, fps, name = check_settings(frames, fps, name, alt)
    dpi = positive_int(dpi, "dpi")
    if not isinstance(title, str):
        raise TypeError(f"title must be a string, got {title!r}")
    limits = interval(xlim, "xlim"), interval(ylim, "ylim")
    longest = max(len(points) for points, _, _ in runs)
    shown = np.unique(np.linspace(0, longest - 1, min(frames, longest)).round().astype(int))
    if alt is None:
        named = [label for *_, label in runs if label]
        listed = ", ".join(named) if named else f"{len(runs)} path(s)"
        alt = f"Animation of gradient descent over the level curves of the cost: {listed}."

    import matplotlib.pyplot as plt

    with style():
        fig, ax = plt.subplots(figsize=(5.6, 4.0), dpi=dpi)
        try:
            contour(f, xlim, ylim, ax=ax, levels=levels, n=n, xlabel=xlabel, ylabel=ylabel)
            ax.set_xlim(*limits[0])
            ax.set_ylim(*limits[1])
            trails, heads = [], []
            for i, (points, diverged, label) in enumerate(runs):
                color = PALETTE[i % len(PALETTE)]
                if label is not None and diverged:
                    label = f"{label} (diverged)"
                ax.plot(*points[0], "o", color=color, mfc="white", mew=2, ms=9, zorder=4)
                (trail,) = ax.plot([], [], "-o", color=color, lw=1.5, ms=3, label=label)
                (head,) = ax.plot([], [], "o", color=color, mec="black", ms=9, zorder=5)
                trails.append(trail)
                heads.append(head)
            if any(label is not None for _, _, label in runs):
                ax.legend(loc="upper right", fontsize=9, framealpha=0.85, frameon=True)

            def draw(frame: int) -> None:
                step = int(shown[frame])
                for (points, _, _), trail, head in zip(runs, trails, heads, strict=True):
                    upto = min(step, len(points) - 1)
                    trail.set_data(points[: upto + 1, 0], points[: upto + 1, 1])
                    head.set_data(points[upto : upto + 1, 0], points[upto : upto + 1, 1])
                ax.set_title(title.replace("{step}", str(step)))

            draw(len(shown) - 1)  # lay the figure out with the widest title in place
            fig.tight_layout()
        except BaseException:
            plt.close(fig)
            raise
        return animate(fig, draw, len(shown), alt=alt, fps=fps, name=name)
