"""The figures the chapters share.

matplotlib is imported inside each function, never when ``mlcalc`` is imported. Every
helper draws on an ``ax`` you pass (or a new one), labels its axes, and returns the
``Axes`` so a chapter can add to it. Figures use
:func:`~mlcalc.plot._base.book_style`: a white, opaque background and a colour-blind-safe
palette, so they read the same in the book's light and dark themes.

One module per topic: :mod:`~mlcalc.plot.derivatives` (chapters 2-3),
:mod:`~mlcalc.plot.graphs` (4), :mod:`~mlcalc.plot.gradients` (5),
:mod:`~mlcalc.plot.optim` (6-7), :mod:`~mlcalc.plot.networks` (8-10),
:mod:`~mlcalc.plot.animation` (the HTML player of chapters 7, 10 and 14); the style,
``axes`` and ``function`` live in ``_base``. Without matplotlib, every function says to
``pip install "mlcalc[plot]"``. Everything is reached as ``mc.plot.<name>``.
"""

from ._base import PALETTE, axes, book_style, function, mark_point, style
from .animation import animate
from .derivatives import (
    DERIVATIVE_METHODS,
    error_vs_step,
    function_and_derivative,
    relative_error_bars,
    secants,
    tangent,
)
from .gradients import contour, gradient_field
from .graphs import graph
from .jacobians import jacobian_pattern
from .networks import backward_pass, decision_boundary, training_curve
from .optim import contour_paths, descent_animation, learning_rates, loss_curves

__all__ = [
    "DERIVATIVE_METHODS",
    "PALETTE",
    "animate",
    "axes",
    "backward_pass",
    "book_style",
    "contour",
    "contour_paths",
    "decision_boundary",
    "descent_animation",
    "error_vs_step",
    "function",
    "function_and_derivative",
    "gradient_field",
    "graph",
    "jacobian_pattern",
    "learning_rates",
    "loss_curves",
    "mark_point",
    "relative_error_bars",
    "secants",
    "style",
    "tangent",
    "training_curve",
]
