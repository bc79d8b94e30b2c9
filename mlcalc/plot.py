"""The figures the chapters share.

matplotlib is imported inside each function, never when ``mlcalc`` is imported. Every
helper draws on an ``ax`` you pass (or a new one), labels its axes, and returns the
``Axes`` so a chapter can add to it. Figures use :func:`book_style`: a white, opaque
background and a colour-blind-safe palette, so they read the same in the book's light and
dark themes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import numpy as np

from ._validate import as_real_array, as_real_scalar, positive_int, require_callable

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: The Okabe and Ito palette, distinguishable with the common forms of colour blindness.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")

_STYLE = {
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "axes.facecolor": "white",
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.frameon": False,
    "lines.linewidth": 2.0,
}


def book_style() -> None:
    """Apply the book's figure style to matplotlib for the rest of the session."""
    import matplotlib as mpl
    from cycler import cycler

    mpl.rcParams.update(_STYLE)
    mpl.rcParams["axes.prop_cycle"] = cycler(color=list(PALETTE))


@contextmanager
def style() -> Iterator[None]:
    """The book's figure style for the figures made inside a ``with`` block only."""
    import matplotlib as mpl
    from cycler import cycler

    with mpl.rc_context({**_STYLE, "axes.prop_cycle": cycler(color=list(PALETTE))}):
        yield


def axes(
    ax: Axes | None = None,
    *,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
) -> Axes:
    """``ax`` (or a new figure's axes), with the title and axis labels set."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots()
    if title is not None:
        ax.set_title(title)
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    return ax


# --- functions (chapter 1) ------------------------------------------------------------


def function(
    f: Callable[[np.ndarray], Any],
    a: float,
    b: float,
    *,
    n: int = 400,
    ax: Axes | None = None,
    label: str | None = None,
    title: str | None = None,
    xlabel: str = "$x$",
    ylabel: str = "$f(x)$",
    **line_kwargs: Any,
) -> Axes:
    """Plot ``y = f(x)`` for ``x`` in ``[a, b]``; ``f`` is called once on an array of ``n`` points.

    >>> ax = function(np.sin, 0, np.pi, label="sin")  # doctest: +SKIP
    """
    require_callable(f, "f")
    a = as_real_scalar(a, "a")
    b = as_real_scalar(b, "b")
    if not a < b:
        raise ValueError(f"the interval needs a < b, got a={a}, b={b}")
    n = positive_int(n, "n")
    x = np.linspace(a, b, n)
    y = np.asarray(f(x), dtype=np.float64)
    if y.shape != x.shape:
        raise ValueError(
            f"f must map an array of shape {x.shape} to one of the same shape "
            f"(use NumPy functions such as np.exp), got shape {y.shape}"
        )
    ax = axes(ax, title=title, xlabel=xlabel, ylabel=ylabel)
    ax.plot(x, y, label=label, **line_kwargs)
    if label is not None:
        ax.legend()
    return ax


def mark_point(
    ax: Axes, x: float, y: float, text: str | None = None, *, color: str = PALETTE[1]
) -> Axes:
    """Mark ``(x, y)`` on ``ax`` with a dot and an optional label beside it."""
    ax.plot([x], [y], "o", color=color, zorder=3)
    if text:
        ax.annotate(text, (x, y), textcoords="offset points", xytext=(8, -14), color=color)
    return ax


# --- gradients (chapter 5) ------------------------------------------------------------


def _limits(value: Any, name: str) -> tuple[float, float]:
    """``value`` as a pair ``(low, high)`` of finite floats with ``low < high``."""
    if isinstance(value, str | bytes) or not hasattr(value, "__len__") or len(value) != 2:
        raise TypeError(f"{name} must be a pair (low, high) of numbers, got {value!r}")
    low = as_real_scalar(value[0], f"{name}[0]")
    high = as_real_scalar(value[1], f"{name}[1]")
    if not low < high:
        raise ValueError(f"{name} needs low < high, got {name}=({low}, {high})")
    return low, high


def _grid(xlim: Any, ylim: Any, n: Any) -> tuple[np.ndarray, np.ndarray]:
    """An ``n`` by ``n`` mesh over ``xlim`` x ``ylim`` (rows follow y, columns follow x)."""
    x_low, x_high = _limits(xlim, "xlim")
    y_low, y_high = _limits(ylim, "ylim")
    n = positive_int(n, "n")
    if n < 2:
        raise ValueError(f"n must be at least 2 grid points per axis, got {n}")
    return np.meshgrid(np.linspace(x_low, x_high, n), np.linspace(y_low, y_high, n))


def _evaluate_on_grid(
    f: Callable[..., Any], name: str, x: np.ndarray, y: np.ndarray, shape: tuple[int, ...]
) -> np.ndarray:
    """``f(x, y)`` as a float array of ``shape``, with errors that say how to fix ``f``."""
    try:
        values = np.asarray(f(x, y), dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{name} must take two arrays x, y of the same shape and work on them "
            f"elementwise (use NumPy functions such as np.exp); calling it failed with "
            f"{type(exc).__name__}: {exc}"
        ) from None
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
    ax = axes(ax, title=title, xlabel=xlabel, ylabel=ylabel)
    curves = ax.contour(x, y, z, levels=level_arg, cmap=cmap)
    if labels:
        ax.clabel(curves, fontsize=8, fmt="%.3g")
    return ax


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
    ax.quiver(x, y, u, v, color=color, angles="xy", scale_units="xy", scale=scale, width=0.004)
    ax.set_aspect("equal")
    return ax
