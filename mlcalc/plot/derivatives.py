"""Figures of derivatives: tangents, secants, error against step, rules checked (chapters 2-3)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from .._validate import as_real_array, as_real_scalar, require_callable

if TYPE_CHECKING:
    from matplotlib.axes import Axes
from ._base import PALETTE, axes, function, mark_point, needs_plotting

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


@needs_plotting
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
    from .._validate import one_of
    from ..differentiation import derivative

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


@needs_plotting
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

    from .._validate import as_real_array
    from ..differentiation import derivative

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


@needs_plotting
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

    from .._validate import as_real_array, one_of
    from ..differentiation import derivative

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


@needs_plotting
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
    from .._validate import one_of
    from ..differentiation import derivative

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


@needs_plotting
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
