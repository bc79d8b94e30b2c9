"""Drawing a computational graph of :class:`~mlcalc.autodiff.Value` nodes (chapter 4)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .._validate import positive_int

if TYPE_CHECKING:
    from matplotlib.axes import Axes
from ._base import PALETTE, axes, needs_plotting

# Draws a graph of mlcalc.Value nodes, as built by an expression: inputs on the left, the
# output on the right, one rounded box per node. The nodes are found by the walk that
# Value.backward uses (mlcalc.autodiff.topological_order); of each node only the public
# face of Value is used: data, grad, label, op, parents and local_grads.

_OP_SYMBOLS = {"*": "\u00d7", "+": "+", "/": "\u00f7", "**": "**", "neg": "\u2212"}


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
    # Each column starts in the reverse of the walk's order (later nodes first): from there
    # the sweeps below keep the lanes of long arrows clear of the boxes on the graphs we
    # draw, where the walk's own order did not.
    for node in reversed(order):
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


@needs_plotting
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
    from ..autodiff import Value, topological_order

    if not isinstance(output, Value):
        raise TypeError(
            f"output must be an mlcalc.Value (the result of an expression of Values), "
            f"got {type(output).__name__}"
        )
    digits = positive_int(digits, "digits")
    max_nodes = positive_int(max_nodes, "max_nodes")
    order = topological_order(output)
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

    box = (0.9, 0.62 if show_grad else 0.46)
    fmt = f"{{:.{digits}g}}"
    _draw_boxes(ax, order, output, position, box, fmt, show_grad)
    _draw_arrows(ax, order, position, route, box[0], fmt if show_local else None)

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


def _draw_boxes(
    ax: Axes,
    order: list[Any],
    output: Any,
    position: dict[int, tuple[float, float]],
    box: tuple[float, float],
    fmt: str,
    show_grad: bool,
) -> None:
    """One rounded box per node: its name, value and (with ``show_grad``) grad."""
    from matplotlib.patches import FancyBboxPatch

    box_w, box_h = box
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


def _draw_arrows(
    ax: Axes,
    order: list[Any],
    position: dict[int, tuple[float, float]],
    route: dict[tuple[int, int], list[tuple[float, float]]],
    box_w: float,
    fmt: str | None,
) -> None:
    """An arrow from each parent to each child, labelled with the local derivative when
    ``fmt`` is given."""
    from matplotlib.patches import FancyArrowPatch

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
            if fmt is not None:
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
