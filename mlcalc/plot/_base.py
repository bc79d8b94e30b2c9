"""The book's figure style, the axes helper and the plot of a function (chapter 1)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import numpy as np

from .._validate import as_real_scalar, positive_int, require_callable, returned_reals

if TYPE_CHECKING:
    from matplotlib.axes import Axes


#: What ``pip install "mlcalc[plot]"`` brings (matplotlib brings cycler and Pillow).
PLOT_EXTRA = ("matplotlib", "IPython", "PIL", "cycler")


def needs_plotting(function: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a plotting function: a missing matplotlib (or IPython) says what to install.

    Every public function of :mod:`mlcalc.plot` imports matplotlib inside, so that importing
    mlcalc stays light; without it, the user sees which extra to install rather than a bare
    ``ModuleNotFoundError`` from deep inside.
    """

    @functools.wraps(function)
    def plotting(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except ModuleNotFoundError as exc:
            missing = (exc.name or "").split(".")[0]
            if missing not in PLOT_EXTRA:
                raise
            raise ModuleNotFoundError(
                f"mc.plot.{function.__name__} needs {missing}, which is not installed: "
                'install the plot extra with pip install "mlcalc[plot]"',
                name=exc.name,
            ) from exc

    return plotting


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


@needs_plotting
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


@needs_plotting
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
    else:
        from matplotlib.axes import Axes

        if not isinstance(ax, Axes):
            raise TypeError(f"ax must be matplotlib Axes (or None for a new figure), got {ax!r}")
    if title is not None:
        ax.set_title(title)
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    return ax


@needs_plotting
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
    y = returned_reals(f(x), "f must return real numbers")
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


@needs_plotting
def mark_point(
    ax: Axes, x: float, y: float, text: str | None = None, *, color: str = PALETTE[1]
) -> Axes:
    """Mark ``(x, y)`` on ``ax`` with a dot and an optional label beside it."""
    ax.plot([x], [y], "o", color=color, zorder=3)
    if text:
        ax.annotate(text, (x, y), textcoords="offset points", xytext=(8, -14), color=color)
    return ax
