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

_STYLE: dict[str, Any] = {
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
    import matplotlib.style as mpl_style
    from cycler import cycler

    mpl_style.use({**_STYLE, "axes.prop_cycle": cycler(color=list(PALETTE))})


@contextmanager
def style() -> Iterator[None]:
    """The book's figure style for the figures made inside a ``with`` block only."""
    import matplotlib.style as mpl_style
    from cycler import cycler

    with mpl_style.context({**_STYLE, "axes.prop_cycle": cycler(color=list(PALETTE))}):
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
    xlabel: str | None = None,
    ylabel: str | None = None,
    **line_kwargs: Any,
) -> Axes:
    """Plot ``y = f(x)`` for ``x`` in ``[a, b]``; ``f`` is called once on an array of ``n`` points.

    On a new figure the axes are labelled ``x`` and ``f(x)`` unless ``xlabel`` / ``ylabel``
    say otherwise; on an ``ax`` you pass, existing labels are kept unless you give new ones.

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
    if ax is None:
        xlabel = "$x$" if xlabel is None else xlabel
        ylabel = "$f(x)$" if ylabel is None else ylabel
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


# --- derivatives (chapters 2-5) -------------------------------------------------------
# The imports of this section sit inside its functions, so that the section stays
# self-contained in a file that several chapters extend.

#: The methods of :func:`~mlcalc.differentiation.derivative`, in the book's order.
DERIVATIVE_METHODS = ("forward", "backward", "central", "complex", "richardson", "auto")


def _interval(a: Any, b: Any) -> tuple[float, float]:
    a = as_real_scalar(a, "a")
    b = as_real_scalar(b, "b")
    if not a < b:
        raise ValueError(f"the interval needs a < b, got a={a}, b={b}")
    return a, b


def _point_in(x0: Any, a: float, b: float, name: str = "x0") -> float:
    x0 = as_real_scalar(x0, name)
    if not a <= x0 <= b:
        raise ValueError(f"{name} must lie in the plotted interval [{a}, {b}], got {x0}")
    return x0


def tangent(
    f: Callable[[Any], Any],
    x0: float,
    a: float,
    b: float,
    *,
    ax: Axes | None = None,
    slope: float | None = None,
    method: str = "auto",
    show_function: bool = True,
    n: int = 400,
    label: str = "tangent",
    color: str = PALETTE[1],
    function_label: str = "$f(x)$",
    title: str | None = None,
    xlabel: str = "$x$",
    ylabel: str = "$f(x)$",
) -> Axes:
    r"""Plot ``f`` on ``[a, b]`` with its tangent line at ``x0``.

    The tangent is the line :math:`y = f(x_0) + f'(x_0)\,(x - x_0)`: the straight line that
    touches the curve at :math:`x_0` with the curve's own slope there.

    Parameters
    ----------
    f : callable
        The function; called on an array of ``n`` points for the curve and on the float
        ``x0``, so write it with NumPy functions (``np.exp``, not ``math.exp``).
    x0 : float
        The point of contact, inside ``[a, b]``.
    a, b : float
        The plotted interval, ``a < b``; the tangent line spans it too.
    ax : Axes, optional
        Where to draw; a new figure's axes by default.
    slope : float, optional
        The tangent's slope. By default ``mc.derivative(f, x0, method=method)``.
    method : str
        The method of :func:`~mlcalc.differentiation.derivative` used when ``slope`` is not given.
    show_function : bool
        Draw the curve of ``f``. Pass ``False`` to add another tangent to a plot that
        already shows ``f``.
    n : int
        Points on the curve.
    label : str
        The tangent's legend entry, followed by ``", slope <f'(x0)>"``.
    color : str
        Colour of the tangent and of the point of contact.
    function_label : str
        The curve's legend entry.
    title, xlabel, ylabel : str, optional
        Title and axis labels.

    Returns
    -------
    Axes
        The axes; the tangent is the dashed line whose label starts with ``label``.

    Examples
    --------
    >>> ax = tangent(lambda x: x**2, 1.0, -2, 2)  # slope 2  # doctest: +SKIP
    """
    from ._validate import one_of
    from .differentiation import derivative

    require_callable(f, "f")
    a, b = _interval(a, b)
    x0 = _point_in(x0, a, b)
    method = one_of(method, "method", DERIVATIVE_METHODS)
    if slope is None:
        slope = derivative(f, x0, method=method)
    slope = as_real_scalar(slope, "slope")
    y0 = as_real_scalar(f(x0), "f(x0)")

    if show_function:
        ax = function(f, a, b, n=n, ax=ax, label=function_label, color=PALETTE[0])
    ax = axes(ax, title=title, xlabel=xlabel, ylabel=ylabel)
    line_x = np.array([a, b])
    ax.plot(
        line_x,
        y0 + slope * (line_x - x0),
        "--",
        color=color,
        label=f"{label}, slope {slope:.3g}",
    )
    mark_point(ax, x0, y0, color=color)
    ax.legend()
    return ax


def secants(
    f: Callable[[Any], Any],
    x0: float,
    hs: Any,
    a: float,
    b: float,
    *,
    ax: Axes | None = None,
    show_tangent: bool = True,
    n: int = 400,
    title: str | None = None,
    xlabel: str = "$x$",
    ylabel: str = "$f(x)$",
) -> Axes:
    r"""Plot ``f`` on ``[a, b]`` with the secant lines through ``x0`` and ``x0 + h``.

    Each secant has the slope of the difference quotient
    :math:`\bigl(f(x_0 + h) - f(x_0)\bigr)/h`. Larger steps are drawn lighter, so the eye
    follows the secants towards the tangent that they approach as :math:`h \to 0`.

    Parameters
    ----------
    f : callable
        The function, written with NumPy functions (it is called on an array for the curve).
    x0 : float
        The fixed end of every secant, inside ``[a, b]``.
    hs : sequence of float
        The non-zero steps; each ``x0 + h`` must lie in ``[a, b]`` so that both ends of
        each chord are visible. Negative steps draw chords to the left.
    a, b : float
        The plotted interval, ``a < b``.
    ax : Axes, optional
        Where to draw; a new figure's axes by default.
    show_tangent : bool
        Also draw the tangent at ``x0`` (dashed, its slope from
        :func:`~mlcalc.differentiation.derivative`).
    n : int
        Points on the curve.
    title, xlabel, ylabel : str, optional
        Title and axis labels.

    Returns
    -------
    Axes
        The axes; the secant for step ``h`` is labelled ``f"$h = {h:g}$"``, the tangent
        ``"tangent"`` and the curve ``"$f(x)$"``.

    Examples
    --------
    >>> ax = secants(np.sin, 0.5, [1.5, 1.0, 0.5, 0.1], -1, 2.5)  # doctest: +SKIP
    """
    import matplotlib as mpl

    from ._validate import as_real_array
    from .differentiation import derivative

    require_callable(f, "f")
    a, b = _interval(a, b)
    x0 = _point_in(x0, a, b)
    steps = as_real_array(hs, "hs", ndim=1)
    if np.any(steps == 0):
        raise ValueError(f"every step in hs must be non-zero, got {steps!r}")
    for h in steps:
        _point_in(x0 + h, a, b, name=f"x0 + h for h = {h:g}")

    ax = function(
        f, a, b, n=n, ax=ax, label="$f(x)$", title=title, xlabel=xlabel, ylabel=ylabel, zorder=2
    )
    curve = np.asarray(ax.lines[-1].get_ydata(), dtype=np.float64)
    y0 = as_real_scalar(f(x0), "f(x0)")
    line_x = np.array([a, b])
    # One hue darkening as h shrinks reads as "converging" without a colour key.
    order = np.argsort(-np.abs(steps), kind="stable")
    shades = mpl.colormaps["Oranges"](np.linspace(0.35, 0.9, len(steps)))
    for shade, index in zip(shades, order, strict=True):
        h = float(steps[index])
        y1 = as_real_scalar(f(x0 + h), "f(x0 + h)")
        slope = (y1 - y0) / h
        ax.plot(line_x, y0 + slope * (line_x - x0), color=shade, lw=1.5, label=f"$h = {h:g}$")
        ax.plot([x0 + h], [y1], "o", color=shade, ms=5, zorder=3)
    if show_tangent:
        slope = as_real_scalar(derivative(f, x0), "the derivative at x0")
        ax.plot(line_x, y0 + slope * (line_x - x0), "--", color=PALETTE[6], lw=1.5, label="tangent")
    ax.plot([x0], [y0], "o", color=PALETTE[6], zorder=4)
    # Steep secants would stretch the y axis until the curve is flat: keep the curve in view.
    margin = 0.1 * (float(np.ptp(curve)) or 1.0)
    ax.set_ylim(curve.min() - margin, curve.max() + margin)
    ax.legend(fontsize=9)
    return ax


def error_vs_step(
    f: Callable[[Any], Any],
    df: Callable[[Any], Any],
    x0: float,
    methods: tuple[str, ...] = ("forward", "central", "complex"),
    hs: Any = None,
    *,
    ax: Axes | None = None,
    mark_best: bool = True,
    title: str | None = "Error of numerical derivatives against the step $h$",
) -> Axes:
    r"""Log-log plot of the error :math:`|D_h f(x_0) - f'(x_0)|` against the step ``h``.

    :math:`D_h f(x_0)` is ``mc.derivative(f, x0, method=m, h=h)`` for each method ``m``,
    and :math:`f'(x_0)` is the exact ``df(x0)``. Large steps show the truncation error of
    each formula (a straight line of slope ``p`` for an error :math:`O(h^p)`); small
    steps show round-off, which grows like :math:`\epsilon / h` for differences. Where
    ``mc.derivative`` refuses a step with a ``ValueError`` (``"richardson"`` starts its
    table at ``h`` and cannot below about ``1e-10``), the line has a gap.

    Parameters
    ----------
    f : callable
        The function; it must accept complex input if ``"complex"`` is among ``methods``.
    df : callable
        Its exact derivative, the truth the errors are measured against.
    x0 : float
        The point.
    methods : str or sequence of str
        Methods of :func:`~mlcalc.differentiation.derivative`, one line each.
    hs : sequence of float, optional
        Positive steps; by default 105 steps from ``1e-13`` to ``1``, evenly spaced in
        ``log h``. (``mc.derivative`` raises any step below ``64 eps max(1, |x0|)`` to that
        size, so smaller steps add nothing.)
    ax : Axes, optional
        Where to draw; a new figure's axes by default.
    mark_best : bool
        Mark with a dot the step where each method's error is smallest.
    title : str, optional
        The title.

    Returns
    -------
    Axes
        The axes; the line of method ``m`` is labelled ``m``. An error of exactly zero
        (the complex step is often exact to the last bit) has no place on a log axis, so
        errors below the rounding floor :math:`\epsilon\,|f'(x_0)|/2` are drawn on it.

    Examples
    --------
    >>> ax = error_vs_step(np.exp, np.exp, 1.0, methods=("forward", "central"))  # doctest: +SKIP
    """
    import math

    from ._validate import as_real_array, one_of
    from .differentiation import derivative

    require_callable(f, "f")
    require_callable(df, "df")
    x0 = as_real_scalar(x0, "x0")
    if isinstance(methods, str):
        methods = (methods,)
    if len(methods) == 0:
        raise ValueError("methods must name at least one method")
    for method in methods:
        one_of(method, "each of methods", DERIVATIVE_METHODS)
    steps = np.logspace(-13, 0, 105) if hs is None else as_real_array(hs, "hs", ndim=1)
    if np.any(steps <= 0):
        raise ValueError(f"every step in hs must be positive, got {steps!r}")
    exact = as_real_scalar(df(x0), "df(x0)")
    floor = np.finfo(np.float64).eps * max(abs(exact), np.finfo(np.float64).tiny) / 2

    ax = axes(ax, title=title, xlabel="step $h$", ylabel="absolute error")
    ax.set_xscale("log")
    ax.set_yscale("log")

    def estimate(method: str, h: float) -> float:
        try:
            return float(derivative(f, x0, method=method, h=h))
        except ValueError:
            return math.nan

    for colour, method in zip(PALETTE, methods, strict=False):
        estimates = np.array([estimate(method, float(h)) for h in steps])
        if np.all(np.isnan(estimates)):
            raise ValueError(
                f"mc.derivative(f, {x0}, method={method!r}, h=h) refused every step in hs"
            )
        errors = np.maximum(np.abs(estimates - exact), floor)
        ax.plot(steps, errors, color=colour, lw=1.5, label=method)
        if mark_best:
            best = int(np.nanargmin(errors))
            ax.plot([steps[best]], [errors[best]], "o", color=colour, ms=7, zorder=3)
    ax.legend()
    return ax


# --- derivative rules (chapter 3) -----------------------------------------------------


def function_and_derivative(
    f: Callable[[Any], Any],
    df: Callable[[Any], Any],
    a: float,
    b: float,
    *,
    ax: Axes | None = None,
    check_at: Any = None,
    method: str = "auto",
    n: int = 400,
    f_label: str = "$f(x)$",
    df_label: str = "$f'(x)$",
    title: str | None = None,
    xlabel: str = "$x$",
    ylabel: str = "value",
) -> Axes:
    r"""Plot a function and its derivative together on ``[a, b]``.

    ``f`` is drawn solid and the derivative ``df`` (a formula, e.g. from a derivative rule)
    dashed, on the same axes. With ``check_at`` (an array of points) the numerical
    derivative ``mc.derivative(f, check_at, method=method)`` is marked there with dots: when
    the rule is right, every dot sits on the dashed curve. Both ``f`` and ``df`` are called
    once on an array of ``n`` points and must work elementwise.

    Parameters
    ----------
    f, df : callable
        The function and its derivative, elementwise on arrays.
    a, b : float
        The interval, ``a < b``; every point of ``check_at`` must lie in it.
    check_at : array_like, optional
        Points where the numerical derivative of ``f`` is marked.
    method : str
        The method of :func:`mlcalc.differentiation.derivative` used for the dots.
    f_label, df_label : str
        Legend entries of the two curves.

    Returns
    -------
    Axes
        The axes: ``ax.lines[0]`` is ``f``, ``ax.lines[1]`` is ``df``, and the dots, when
        drawn, are ``ax.lines[2]``.

    Examples
    --------
    >>> ax = function_and_derivative(lambda x: x**3, lambda x: 3 * x**2, -2, 2,
    ...                              check_at=[-1.5, 0.0, 1.5])  # doctest: +SKIP
    """
    from ._validate import one_of
    from .differentiation import derivative

    require_callable(f, "f")
    require_callable(df, "df")
    a, b = _interval(a, b)
    method = one_of(method, "method", DERIVATIVE_METHODS)
    points = None
    if check_at is not None:
        points = as_real_array(check_at, "check_at").ravel()
        outside = points[(points < a) | (points > b)]
        if outside.size:
            raise ValueError(
                f"every point of check_at must lie in the plotted interval [{a}, {b}], "
                f"got {outside}"
            )

    ax = function(
        f,
        a,
        b,
        n=n,
        ax=ax,
        label=f_label,
        title=title,
        xlabel=xlabel,
        ylabel=ylabel,
        color=PALETTE[0],
    )
    function(
        df,
        a,
        b,
        n=n,
        ax=ax,
        label=df_label,
        xlabel=xlabel,
        ylabel=ylabel,
        linestyle="--",
        color=PALETTE[1],
    )
    if points is not None:
        slopes = np.asarray(derivative(f, points, method=method), dtype=np.float64)
        ax.plot(
            points,
            slopes.reshape(points.shape),
            "o",
            color=PALETTE[6],
            ms=5,
            zorder=3,
            label="mc.derivative",
        )
    ax.axhline(0.0, color=PALETTE[6], lw=0.8, alpha=0.5)
    ax.legend()
    return ax


def relative_error_bars(
    labels: Any,
    errors: Any,
    *,
    ax: Axes | None = None,
    title: str | None = "Largest relative error",
    xlabel: str | None = None,
    ylabel: str = "relative error (log scale)",
) -> Axes:
    r"""Grouped bars of errors on a log scale, with machine epsilon drawn for reference.

    ``labels`` names the groups (one per row, e.g. one per derivative rule) and ``errors``
    maps a series name (e.g. ``"mc.derivative"``) to one error per label. An error of
    exactly zero has no place on a log axis: errors below
    :math:`\epsilon/2 \approx 1.1\times10^{-16}` (a result exact to the last bit) are drawn
    up to that floor and hatched, so they stay visible and are marked as below rounding
    level; the legend explains the hatching when any bar has it.

    Parameters
    ----------
    labels : sequence of str
        One label per group, shown on the x axis.
    errors : mapping of str to array_like
        For every series, the non-negative errors in the order of ``labels``.

    Returns
    -------
    Axes
        The axes; each series is one ``BarContainer`` in ``ax.containers``.

    Examples
    --------
    >>> ax = relative_error_bars(["sum", "product"],
    ...                          {"numerical": [1e-12, 3e-11], "autograd": [0.0, 2e-16]})
    ... # doctest: +SKIP
    """
    if isinstance(labels, str | bytes) or not hasattr(labels, "__len__"):
        raise TypeError(f"labels must be a sequence of strings, got {labels!r}")
    names = [str(label) for label in labels]
    if not names:
        raise ValueError("labels must not be empty")
    if not hasattr(errors, "items") or len(errors) == 0:
        raise TypeError(
            "errors must be a non-empty mapping from series name to one error per label, "
            f"got {errors!r}"
        )
    series = {}
    for name, values in errors.items():
        array = as_real_array(values, f"errors[{name!r}]", ndim=1)
        if array.shape != (len(names),):
            raise ValueError(
                f"errors[{name!r}] must hold one error per label ({len(names)}), "
                f"got {array.shape[0]}"
            )
        if np.any(array < 0):
            raise ValueError(f"errors[{name!r}] must be non-negative, got {array}")
        series[str(name)] = array

    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    eps = float(np.finfo(np.float64).eps)
    floor = eps / 2
    ax = axes(ax, title=title, xlabel=xlabel, ylabel=ylabel)
    ax.set_yscale("log")
    positions = np.arange(len(names), dtype=np.float64)
    width = 0.8 / len(series)
    # Legend entries are drawn by hand: the automatic one copies a series' first bar,
    # which may be hatched.
    handles: list[Any] = []
    any_hatched = False
    for index, (name, values) in enumerate(series.items()):
        colour = PALETTE[index % len(PALETTE)]
        offsets = positions + (index - (len(series) - 1) / 2) * width
        container = ax.bar(offsets, np.maximum(values, floor), width=width, color=colour)
        container.set_label(name)
        for patch, value in zip(container.patches, values, strict=True):
            if value < floor:
                patch.set_hatch("//")
                patch.set_edgecolor("white")
                any_hatched = True
        handles.append(Patch(facecolor=colour, label=name))
    ax.axhline(eps, color=PALETTE[6], ls=":", lw=1.2)
    handles.append(Line2D([], [], color=PALETTE[6], ls=":", lw=1.2, label=r"machine $\epsilon$"))
    if any_hatched:
        handles.append(
            Patch(facecolor="0.75", edgecolor="white", hatch="//", label=r"below $\epsilon/2$")
        )
    ax.set_xticks(positions, names, rotation=45, ha="right", rotation_mode="anchor")
    ax.set_ylim(bottom=floor / 4)
    ax.grid(axis="x", visible=False)
    ax.legend(handles=handles)
    return ax


# --- computational graphs (chapter 4) -------------------------------------------------
# Draws a graph of mlcalc.Value nodes, as built by an expression: inputs on the left, the
# output on the right, one rounded box per node. Only the public face of Value is used:
# data, grad, label, op, parents and local_grads.

_OP_SYMBOLS = {"*": "\u00d7", "+": "+", "/": "\u00f7", "**": "**", "neg": "\u2212"}


def _graph_nodes(output: Any) -> list[Any]:
    """Every node ``output`` depends on, each after all of its parents (iteratively)."""
    order: list[Any] = []
    seen: set[int] = set()
    stack: list[tuple[Any, bool]] = [(output, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((parent, False) for parent in reversed(node.parents))
    return order


def _graph_layout(
    order: list[Any],
) -> tuple[dict[int, tuple[float, float]], dict[tuple[int, int], list[tuple[float, float]]]]:
    """Where to draw each node, and the bends of each arrow that spans several columns.

    Returns ``(position, route)``: ``position[id(node)]`` is the ``(x, y)`` of a node's
    centre, columns following the order of evaluation; ``route[(id(parent), id(child))]``
    lists the points an arrow passes through on its way (empty between adjacent columns).
    """
    children: dict[int, list[Any]] = {id(node): [] for node in order}
    edges: dict[tuple[int, int], tuple[Any, Any]] = {}
    for node in order:
        for parent in node.parents:
            if (id(parent), id(node)) not in edges:  # x * x is one arrow's route, drawn twice
                edges[(id(parent), id(node))] = (parent, node)
                children[id(parent)].append(node)
    # Each node sits one column left of its earliest use (counting back from the output),
    # so that a weight or a target entering late is drawn next to where it is used
    # instead of sending a long arrow across the picture from column 0.
    column: dict[int, int] = {}
    for node in reversed(order):  # children come first in this direction
        column[id(node)] = min((column[id(c)] for c in children[id(node)]), default=1) - 1
    first = min(column.values())
    column = {key: value - first for key, value in column.items()}

    # An arrow that skips columns gets a placeholder in each column it crosses, which the
    # ordering below keeps clear of boxes (the layered drawing of Sugiyama et al.).
    Item = tuple[int, ...]  # (id(node),) for a node, (id(parent), id(child), col) for a bend
    layers: dict[int, list[Item]] = {}
    neighbours: dict[Item, list[Item]] = {}
    for node in order:
        layers.setdefault(column[id(node)], []).append((id(node),))
        neighbours[(id(node),)] = []
    for (p, c), _ in edges.items():
        chain: list[Item] = [(p,)]
        for col in range(column[p] + 1, column[c]):
            bend = (p, c, col)
            layers.setdefault(col, []).append(bend)
            neighbours[bend] = []
            chain.append(bend)
        chain.append((c,))
        for a, b in zip(chain, chain[1:], strict=False):
            neighbours[a].append(b)
            neighbours[b].append(a)

    row: dict[Item, float] = {}

    def centre(layer: list[Item]) -> None:
        offset = (len(layer) - 1) / 2
        for i, item in enumerate(layer):
            row[item] = i - offset

    for layer in layers.values():
        centre(layer)
    # Barycentre sweeps: order each column by the mean row of its neighbours, which removes
    # most crossings in graphs of the size that is worth drawing.
    for _ in range(4):
        for index in sorted(layers):
            layer = layers[index]
            keys = []
            for item in layer:
                rows = [row[n] for n in neighbours[item]]
                keys.append(sum(rows) / len(rows) if rows else row[item])
            ranks = np.argsort(np.asarray(keys), kind="stable")
            layers[index] = [layer[i] for i in ranks]
            centre(layers[index])

    # Columns are further apart than rows so that the arrows, and the local derivatives
    # written on them, have room between the boxes.
    def place(col: int, item: Item) -> tuple[float, float]:
        return 1.5 * col, -row[item]

    position = {id(node): place(column[id(node)], (id(node),)) for node in order}
    route = {
        (p, c): [place(col, (p, c, col)) for col in range(column[p] + 1, column[c])]
        for p, c in edges
    }
    return position, route


def graph(
    output: Any,
    *,
    ax: Axes | None = None,
    show_grad: bool = True,
    show_local: bool = False,
    digits: int = 3,
    max_nodes: int = 60,
    title: str | None = None,
    xlabel: str = "order of evaluation (forward pass) \u2192",
) -> Axes:
    r"""Draw the computational graph behind ``output``, a :class:`~mlcalc.autodiff.Value`.

    Each node is a box showing its name (its ``label``, or the operation that made it),
    its value and, with ``show_grad``, its ``grad``: after ``output.backward()`` that is
    :math:`\partial\,\text{output}/\partial\,\text{node}`. Arrows run from the inputs of an
    operation to its result, the direction of the forward pass; columns follow the order of
    evaluation. With ``show_local`` each arrow carries the local derivative
    :math:`\partial\,\text{child}/\partial\,\text{parent}` that the chain rule multiplies
    along it.

    Parameters
    ----------
    output : Value
        The result of an expression built from ``Value`` nodes.
    ax : Axes, optional
        Where to draw; a new figure sized to the graph by default.
    show_grad : bool
        Show each node's ``grad`` (call ``output.backward()`` first).
    show_local : bool
        Label each arrow with its local derivative.
    digits : int
        Significant digits of the numbers shown.
    max_nodes : int
        Refuse graphs larger than this: past a few dozen boxes a drawing stops being
        readable.
    title, xlabel : str, optional
        Title and the label under the graph.

    Returns
    -------
    Axes
        The axes, with ticks hidden: the picture is a diagram, not a chart.

    Examples
    --------
    >>> import mlcalc as mc
    >>> x, y = mc.Value(2.0, label="x"), mc.Value(3.0, label="y")
    >>> f = x * y + mc.sin(x)
    >>> f.backward()
    >>> ax = graph(f, title="f = x y + sin x")  # doctest: +SKIP
    """
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    from .autodiff import Value

    if not isinstance(output, Value):
        raise TypeError(
            f"output must be an mlcalc.Value (the result of an expression of Values), "
            f"got {type(output).__name__}"
        )
    digits = positive_int(digits, "digits")
    max_nodes = positive_int(max_nodes, "max_nodes")
    order = _graph_nodes(output)
    if len(order) > max_nodes:
        raise ValueError(
            f"the graph has {len(order)} nodes, more than max_nodes={max_nodes} that can be "
            "drawn readably; draw a smaller expression or raise max_nodes"
        )
    position, route = _graph_layout(order)
    places = [*position.values(), *(point for bends in route.values() for point in bends)]
    columns = {x for x, _ in places}
    tallest = max(sum(1 for x, _ in places if x == c) for c in columns)
    if ax is None:
        import matplotlib.pyplot as plt

        width = min(1.0 + 2.2 * len(columns), 16.0)
        height = min(1.6 + 1.1 * tallest, 10.0)
        _, ax = plt.subplots(figsize=(width, height))

    box_w, box_h = 0.9, 0.62 if show_grad else 0.46
    fmt = f"{{:.{digits}g}}"
    for node in order:
        x, y = position[id(node)]
        name = node.label or _OP_SYMBOLS.get(node.op, node.op) or "input"
        if node.label and node.op:
            name = f"{node.label} = {_OP_SYMBOLS.get(node.op, node.op)}"
        lines = [name, "value " + fmt.format(node.data)]
        if show_grad:
            lines.append("grad " + fmt.format(node.grad))
        if node is output:
            edge = PALETTE[1]
        elif not node.parents:
            edge = PALETTE[0]
        else:
            edge = "#555555"
        ax.add_patch(
            FancyBboxPatch(
                (x - box_w / 2, y - box_h / 2),
                box_w,
                box_h,
                boxstyle="round,pad=0.02,rounding_size=0.08",
                facecolor="white",
                edgecolor=edge,
                linewidth=2.0,
                zorder=2,
            )
        )
        ax.text(x, y, "\n".join(lines), ha="center", va="center", fontsize=9, zorder=3)

    for node in order:
        x1, y1 = position[id(node)]
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            x0, y0 = position[id(parent)]
            # A long arrow runs straight through the lanes kept free for it in the columns
            # it crosses, and bends only in the gaps between columns.
            path = [(x0 + box_w / 2, y0)]
            for bx, by in route[(id(parent), id(node))]:
                path += [(bx - box_w / 2, by), (bx + box_w / 2, by)]
            if len(path) > 1:
                ax.plot(*zip(*path, strict=True), color="#555555", linewidth=1.2, zorder=1)
            start, end = path[-1], (x1 - box_w / 2, y1)
            ax.add_patch(
                FancyArrowPatch(
                    start,
                    end,
                    arrowstyle="-|>",
                    mutation_scale=12,
                    color="#555555",
                    linewidth=1.2,
                    zorder=1,
                )
            )
            if show_local:
                label_from, label_to = path[0], path[1] if len(path) > 1 else end
                ax.text(
                    (label_from[0] + label_to[0]) / 2,
                    (label_from[1] + label_to[1]) / 2,
                    fmt.format(local),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color=PALETTE[2],
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
                    zorder=4,
                )

    xs = [x for x, _ in places]
    ys = [y for _, y in places]
    ax.set_xlim(min(xs) - 0.55, max(xs) + 0.55)
    ax.set_ylim(min(ys) - 0.6, max(ys) + 0.6)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return axes(ax, title=title, xlabel=xlabel)


# --- optimisation (chapters 6-7) ------------------------------------------------------


def _descent_path(path: Any, name: str) -> tuple[np.ndarray, bool]:
    """A descent path as a ``(k, 2)`` float array, and whether its run diverged."""
    from .optim import DescentResult

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
    from .optim import DescentResult

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
        Level curves, as in :func:`contour`.
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
    ax.set_xlim(*_limits(xlim, "xlim"))
    ax.set_ylim(*_limits(ylim, "ylim"))
    _start_end_legend(ax)
    return ax


def _loss_history(values: Any, name: str) -> np.ndarray:
    from .optim import DescentResult

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


def _log_axis(ax: Axes, histories: list[np.ndarray], names: list[str]) -> None:
    for history, name in zip(histories, names, strict=True):
        if np.any(history < 0):
            raise ValueError(
                f"{name} has negative values, which a log scale cannot show; pass log=False"
            )
    ax.set_yscale("log")


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
    >>> runs = {lr: mc.gradient_descent(lambda x: 2 * x, 1.0, lr=lr, f=lambda x: x * x, steps=30)
    ...         for lr in (0.05, 0.4, 1.05)}  # doctest: +SKIP
    >>> ax = learning_rates(runs)  # doctest: +SKIP

    Returns
    -------
    Axes
        Run ``i`` (in the order of ``runs``) is the line ``ax.lines[i]``.
    """
    from collections.abc import Mapping

    from .optim import DescentResult

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

    from .optim import DescentResult

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


#: Unicode stand-ins for the icon font that matplotlib's animation controls load from a
#: CDN: the book must work offline, so the controls carry plain characters instead.
_ANIMATION_BUTTONS = {
    "fa-minus": "\u2212",
    "fa-fast-backward": "|\u25c0\ufe0e\u25c0\ufe0e",
    "fa-step-backward": "|\u25c0\ufe0e",
    "fa-play fa-flip-horizontal": "\u25c0\ufe0e",
    "fa-pause": "\u275a\u275a",
    "fa-play": "\u25b6\ufe0e",
    "fa-step-forward": "\u25b6\ufe0e|",
    "fa-fast-forward": "\u25b6\ufe0e\u25b6\ufe0e|",
    "fa-plus": "+",
}


def _offline_deterministic_html(html: str, name: str | None) -> str:
    """matplotlib's animation HTML with a fixed element id and no icon font from the web.

    matplotlib names the animation's elements with a random uuid, so the same animation
    would differ from run to run (and strict nbval would fail). The id is replaced by
    ``name`` or, without one, by a hash of the frames: equal animations give equal HTML,
    different ones on the same page get different ids.
    """
    import hashlib
    import re

    found = re.search(r"_anim_img([0-9a-f]{32})", html)
    if found is None:
        raise RuntimeError("unexpected animation HTML from matplotlib: no element id found")
    random_id = found.group(1)
    if name is None:
        stable = hashlib.sha1(html.replace(random_id, "").encode()).hexdigest()[:16]
    else:
        stable = re.sub(r"\W", "_", name)
    html = html.replace(random_id, f"_{stable}")
    html = re.sub(r"<link[^>]*font-awesome[^>]*>\s*", "", html)

    def button(match: re.Match[str]) -> str:
        return _ANIMATION_BUTTONS.get(match.group(1), "")

    return re.sub(r'<i class="fa ([^"]*)"></i>', button, html)


def _frame_palette() -> Any:
    """A fixed palette for the animation's frames: the book's colours come through exactly.

    An adaptive (median-cut) palette drops colours that cover few pixels, such as a thin
    descent path, so a path could change colour between the legend and the frame. This one
    holds the book's line colours and their blends towards white (anti-aliased edges), a
    grey ramp for text and axes, and the contour colour map.
    """
    from matplotlib import colormaps
    from matplotlib.colors import to_rgb
    from PIL import Image

    white = np.ones(3)
    colours = [to_rgb(c) for c in PALETTE]
    lines = [w * np.array(c) + (1 - w) * white for c in colours for w in (1.0, 0.7, 0.45, 0.2)]
    greys = [np.full(3, g) for g in np.linspace(0.0, 1.0, 40)]
    contour = [np.array(colormaps["viridis"](t)[:3]) for t in np.linspace(0.0, 0.85, 48)]
    contour_edges = [0.5 * c + 0.5 * white for c in contour[::2]]
    entries = np.array(lines + greys + contour + contour_edges)
    flat = np.round(entries * 255).astype(np.uint8).ravel().tolist()
    palette = Image.new("P", (1, 1))
    palette.putpalette(flat + flat[:3] * (256 - len(entries)))
    return palette


def _compact_frames(html: str) -> str:
    """Re-encode the embedded PNG frames with :func:`_frame_palette`: a quarter of the size.

    Nearest-colour mapping without dithering is deterministic, so equal frames stay equal
    bytes, and a line drawn in a book colour keeps that exact colour.
    """
    import base64
    import io
    import re

    from PIL import Image

    palette = _frame_palette()

    def compact(match: re.Match[str]) -> str:
        png = base64.b64decode(match.group(1).replace("\\\n", ""))
        rgb = Image.open(io.BytesIO(png)).convert("RGB")
        image = rgb.quantize(palette=palette, dither=Image.Dither.NONE)
        out = io.BytesIO()
        image.save(out, format="png", optimize=True)
        return f'"data:image/png;base64,{base64.b64encode(out.getvalue()).decode("ascii")}"'

    return re.sub(r'"data:image/png;base64,([A-Za-z0-9+/=\\\n]*)"', compact, html)


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

    Examples
    --------
    >>> import mlcalc as mc
    >>> run = mc.gradient_descent(lambda p: np.array([2 * p[0], 20 * p[1]]), [1.5, 1.0], lr=0.05)
    >>> cost = lambda x, y: x**2 + 10 * y**2
    >>> descent_animation(cost, (-2, 2), (-1.5, 1.5), run, name="bowl")  # doctest: +SKIP
    """
    runs = _descent_paths(paths, labels)
    frames = positive_int(frames, "frames")
    if not 2 <= frames <= 120:
        raise ValueError(f"frames must be between 2 and 120, got {frames}")
    fps = positive_int(fps, "fps")
    if fps > 60:
        raise ValueError(f"fps must be at most 60 frames per second, got {fps}")
    dpi = positive_int(dpi, "dpi")
    if name is not None and (not isinstance(name, str) or not name):
        raise TypeError(f"name must be a non-empty string, got {name!r}")
    if not isinstance(title, str):
        raise TypeError(f"title must be a string, got {title!r}")
    longest = max(len(points) for points, _, _ in runs)
    shown = np.unique(np.linspace(0, longest - 1, min(frames, longest)).round().astype(int))

    import matplotlib as mpl
    import matplotlib.pyplot as plt
    from IPython.display import HTML
    from matplotlib.animation import FuncAnimation

    with style():
        fig, ax = plt.subplots(figsize=(5.6, 4.0), dpi=dpi)
        try:
            contour(f, xlim, ylim, ax=ax, levels=levels, n=n, xlabel=xlabel, ylabel=ylabel)
            ax.set_xlim(*_limits(xlim, "xlim"))
            ax.set_ylim(*_limits(ylim, "ylim"))
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

            animation = FuncAnimation(fig, draw, frames=len(shown), interval=1000 / fps)
            # The default embed limit (20 MB) is far above these frames; set it anyway so a
            # user's rc file cannot silently drop frames.
            with mpl.rc_context({"animation.embed_limit": 64.0, "savefig.bbox": None}):
                html = animation.to_jshtml(fps=fps, default_mode="once")
        finally:
            plt.close(fig)
    return HTML(_compact_frames(_offline_deterministic_html(html, name)))
