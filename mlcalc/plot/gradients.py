"""Level curves and gradient fields of functions of two variables (chapter 5)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from .._validate import (
    as_real_array,
    interval,
    positive_int,
    require_callable,
    returned_reals,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
from ._base import PALETTE, axes, needs_plotting


def _grid(xlim: Any, ylim: Any, n: Any) -> tuple[np.ndarray, np.ndarray]:
    """An ``n`` by ``n`` mesh over ``xlim`` x ``ylim`` (rows follow y, columns follow x)."""
    x_low, x_high = interval(xlim, "xlim")
    y_low, y_high = interval(ylim, "ylim")
    n = positive_int(n, "n")
    if n < 2:
        raise ValueError(f"n must be at least 2 grid points per axis, got {n}")
    return np.meshgrid(np.linspace(x_low, x_high, n), np.linspace(y_low, y_high, n))


def _evaluate_on_grid(
    f: Callable[..., Any], name: str, x: np.ndarray, y: np.ndarray, shape: tuple[int, ...]
) -> np.ndarray:
    """``f(x, y)`` as a float array of ``shape``, with errors that say how to fix ``f``."""
    try:
        returned = f(x, y)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{name} must take two arrays x, y of the same shape and work on them "
            f"elementwise (use NumPy functions such as np.exp); calling it failed with "
            f"{type(exc).__name__}: {exc}"
        ) from None
    values = returned_reals(returned, f"{name}(x, y) must return real numbers")
    if values.shape != shape:
        raise ValueError(
            f"{name}(x, y) on arrays of shape {x.shape} must return shape {shape}, "
            f"got {values.shape}"
        )
    bad = int(np.count_nonzero(~np.isfinite(values)))
    if bad:
        raise ValueError(
            f"{name} is not finite at {bad} of {x.size} grid points in the plotted "
            f"region; choose xlim and ylim where it is defined"
        )
    return values


@needs_plotting
def contour(
    f: Callable[[np.ndarray, np.ndarray], Any],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    *,
    ax: Axes | None = None,
    levels: int | Any = 12,
    n: int = 200,
    cmap: str = "viridis",
    labels: bool = False,
    title: str | None = None,
    xlabel: str = "$x$",
    ylabel: str = "$y$",
) -> Axes:
    """Draw the level curves ``f(x, y) = c`` of a function of two variables.

    ``f`` is called once, on two ``n`` by ``n`` arrays (a mesh over ``xlim`` x ``ylim``),
    and must work elementwise, like ``lambda x, y: x**2 + y**2``.

    Parameters
    ----------
    f : callable
        ``f(x, y)`` returning an array shaped like ``x``; finite over the whole region.
    xlim, ylim : pair of float
        The plotted region, ``(low, high)`` along each axis.
    ax : Axes, optional
        Where to draw; a new figure's axes by default.
    levels : int or increasing sequence of float
        How many level curves (chosen by matplotlib), or exactly which values ``c``.
    n : int
        Grid points per axis (at least 2).
    cmap : str
        Colour map for the curves: darker is lower.
    labels : bool
        Write each curve's value ``c`` on it.

    Returns
    -------
    Axes
        The axes; the curves are the ``ContourSet`` in ``ax.collections``.

    Examples
    --------
    >>> ax = contour(lambda x, y: x**2 + y**2, (-2, 2), (-2, 2), levels=[1, 2, 3])  # doctest: +SKIP
    """
    require_callable(f, "f")
    x, y = _grid(xlim, ylim, n)
    if isinstance(levels, bool):
        raise TypeError(
            f"levels must be a positive integer or a sequence of numbers, got {levels!r}"
        )
    if isinstance(levels, int | np.integer):
        level_arg: int | np.ndarray = positive_int(levels, "levels")
    else:
        level_arg = as_real_array(levels, "levels", ndim=1)
        if np.any(np.diff(level_arg) <= 0):
            raise ValueError(f"levels must be strictly increasing, got {level_arg}")
    z = _evaluate_on_grid(f, "f", x, y, x.shape)
    from matplotlib import colormaps
    from matplotlib.colors import ListedColormap

    if not isinstance(cmap, str) or cmap not in colormaps:
        raise ValueError(f"cmap must be the name of a matplotlib colour map, got {cmap!r}")
    # The top of the usual maps (viridis ends in pale yellow) vanishes on white: stop short.
    colors = ListedColormap(colormaps[cmap](np.linspace(0.0, 0.85, 256)))
    ax = axes(ax, title=title, xlabel=xlabel, ylabel=ylabel)
    curves = ax.contour(x, y, z, levels=level_arg, cmap=colors)
    if labels:
        ax.clabel(curves, fontsize=8, fmt="%.3g")
    return ax


@needs_plotting
def gradient_field(
    grad_f: Callable[[np.ndarray, np.ndarray], Any],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    *,
    f: Callable[[np.ndarray, np.ndarray], Any] | None = None,
    ax: Axes | None = None,
    n: int = 15,
    levels: int | Any = 12,
    normalize: bool = False,
    color: str = PALETTE[1],
    title: str | None = None,
    xlabel: str = "$x$",
    ylabel: str = "$y$",
) -> Axes:
    r"""Draw the gradient :math:`\nabla f = (f_x, f_y)` of ``f(x, y)`` as arrows.

    The arrows sit on an ``n`` by ``n`` grid and are drawn to scale in data units (the
    longest one is just under one grid spacing), so a long arrow means a steep slope.
    Given ``f``, its level curves are drawn underneath with :func:`contour`; the axes get
    an equal aspect so the arrows' right angles to those curves look right.

    Parameters
    ----------
    grad_f : callable
        ``grad_f(x, y)`` on two arrays of the same shape, returning the pair
        ``(df_dx, df_dy)`` of arrays of that shape (or one array of shape ``(2, *x.shape)``).
    xlim, ylim : pair of float
        The plotted region.
    f : callable, optional
        ``f(x, y)``, elementwise: when given, its level curves are drawn too.
    ax : Axes, optional
        Where to draw; a new figure's axes by default.
    n : int
        Arrows per axis (at least 2).
    levels : int or increasing sequence of float
        Passed to :func:`contour` when ``f`` is given.
    normalize : bool
        Draw unit arrows (direction only); points where the gradient is zero get none.
    color : str
        Colour of the arrows.

    Returns
    -------
    Axes
        The axes; the arrows are the ``Quiver`` in ``ax.collections``.

    Examples
    --------
    >>> ax = gradient_field(lambda x, y: (2 * x, 2 * y), (-2, 2), (-2, 2),
    ...                     f=lambda x, y: x**2 + y**2)  # doctest: +SKIP
    """
    require_callable(grad_f, "grad_f")
    if f is not None:
        require_callable(f, "f")
    x, y = _grid(xlim, ylim, n)
    components = _evaluate_on_grid(grad_f, "grad_f", x, y, (2, *x.shape))
    u, v = components
    length = np.hypot(u, v)
    if normalize:
        nonzero = length > 0
        u = np.divide(u, length, out=np.zeros_like(u), where=nonzero)
        v = np.divide(v, length, out=np.zeros_like(v), where=nonzero)
        length = nonzero.astype(np.float64)
    ax = axes(ax, title=title, xlabel=xlabel, ylabel=ylabel)
    if f is not None:
        contour(f, xlim, ylim, ax=ax, levels=levels)
    spacing = min(x[0, 1] - x[0, 0], y[1, 0] - y[0, 0])
    longest = float(length.max())
    # A flat field has no arrows to scale; any positive scale draws them as points.
    scale = longest / (0.9 * spacing) if longest > 0 else 1.0
    ax.quiver(x, y, u, v, color=color, angles="xy", scale_units="xy", scale=scale, width=0.005)
    ax.set_aspect("equal")
    return ax
