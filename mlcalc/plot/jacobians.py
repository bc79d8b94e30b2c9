"""Pictures of Jacobian matrices: which entries are zero, and the sign and size of the rest
(chapter 8, and the layer-by-layer chapters after it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .._validate import as_real_array, describe, positive_int

if TYPE_CHECKING:
    from matplotlib.axes import Axes

from ._base import axes, needs_plotting


@needs_plotting
def jacobian_pattern(
    jacobian: np.ndarray,
    *,
    ax: Axes | None = None,
    column_groups: int | None = None,
    zero_tol: float = 0.0,
    colorbar: bool = True,
    title: str | None = None,
    xlabel: str = "input index $j$",
    ylabel: str = "output index $i$",
) -> Axes:
    """Draw a Jacobian as a grid of cells: zeros blank, other entries coloured by value.

    Entry :math:`J_{ij} = \\partial F_i / \\partial x_j` is the cell in row ``i`` and
    column ``j`` (row 0 at the top, as the matrix is written). The colour scale is
    symmetric about zero (blue negative, red positive), and an entry with
    :math:`|J_{ij}| \\le` ``zero_tol`` is left blank, so the sparsity pattern (a diagonal,
    blocks) shows at a glance. Up to 40 rows and columns, every cell is framed and every
    non-zero cell carries a dot, so that a tiny entry (pale) is not mistaken for a zero.

    Parameters
    ----------
    jacobian : array_like, shape (m, n)
        The matrix; real and finite. A Jacobian with more than two indices (the weight
        Jacobian of a layer, shaped (n_out, n_in, n_out)) is drawn after reshaping it to
        two, with ``column_groups`` marking where each input row starts.
    ax : Axes, optional
        Where to draw; a new figure's axes by default.
    column_groups : int, optional
        Draw a vertical line every ``column_groups`` columns (must divide n).
    zero_tol : float
        Entries at most this large in absolute value count as zero and are left blank.
        The default 0 blanks exact zeros only: a numerical Jacobian (finite differences)
        has tiny non-zeros where the exact one has zeros, so pass a tolerance for it.
    colorbar : bool
        Add a colour bar labelled with the entry values.

    Returns
    -------
    Axes
        The axes; the picture is ``ax.images[0]``, whose data is the masked matrix, and
        the dots on non-zero cells are ``ax.collections[0]`` (small matrices only).

    Examples
    --------
    >>> ax = jacobian_pattern(np.diag([1.0, 0.5, 0.25]), title="elementwise")  # doctest: +SKIP
    """
    matrix = as_real_array(jacobian, "jacobian", ndim=2)
    if isinstance(zero_tol, bool) or not isinstance(zero_tol, int | float | np.floating):
        raise TypeError(f"zero_tol must be a non-negative number, got {describe(zero_tol)}")
    if not zero_tol >= 0:
        raise ValueError(f"zero_tol must be a non-negative number, got {zero_tol}")
    if not isinstance(colorbar, bool):
        raise TypeError(f"colorbar must be True or False, got {describe(colorbar)}")
    n_rows, n_cols = matrix.shape
    if column_groups is not None:
        column_groups = positive_int(column_groups, "column_groups")
        if n_cols % column_groups:
            raise ValueError(
                f"column_groups must divide the number of columns {n_cols}, got {column_groups}"
            )
    ax = axes(ax, title=title, xlabel=xlabel, ylabel=ylabel)
    masked = np.ma.masked_where(np.abs(matrix) <= zero_tol, matrix)
    # Symmetric limits: white-ish is zero, so the sign of each entry reads from its hue.
    limit = float(np.max(np.abs(matrix))) or 1.0
    image = ax.imshow(
        masked,
        cmap="RdBu_r",
        vmin=-limit,
        vmax=limit,
        interpolation="nearest",
        aspect="equal" if max(n_rows, n_cols) <= 2 * min(n_rows, n_cols) else "auto",
    )
    ax.grid(False)  # the book style's grid would cut through the cells
    if max(n_rows, n_cols) <= 40:
        # A faint frame around every cell, so that blank (zero) cells still show as cells,
        # and a dot on every non-zero one: a tiny entry is pale, but it is not a zero.
        ax.set_xticks(np.arange(-0.5, n_cols, 1.0), minor=True)
        ax.set_yticks(np.arange(-0.5, n_rows, 1.0), minor=True)
        ax.grid(which="minor", color="0.85", linewidth=0.5)
        ax.tick_params(which="minor", length=0)
        rows, cols = np.nonzero(~np.ma.getmaskarray(masked))
        ax.scatter(cols, rows, s=9, color="black", edgecolors="white", linewidths=0.5)
    from matplotlib.ticker import MaxNLocator

    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(MaxNLocator(integer=True))  # indices are whole numbers
    ax.set_xlim(-0.5, n_cols - 0.5)
    ax.set_ylim(n_rows - 0.5, -0.5)  # row 0 at the top, as the matrix is written
    if column_groups is not None:
        for boundary in range(column_groups, n_cols, column_groups):
            ax.axvline(boundary - 0.5, color="0.2", linewidth=1.0)
    if colorbar:
        ax.figure.colorbar(image, ax=ax, label="entry value", shrink=0.85)
    return ax
