"""Tests of the chapter-4 figure in mlcalc.plot: the drawing of a computational graph.

The checks read back what matplotlib was asked to draw: one box per node of the graph,
one arrow per edge, the numbers written in the boxes against analytic values and
derivatives, arrows that always run forward (from an operation's inputs to its result).
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

import mlcalc as mc
from mlcalc import plot
from mlcalc.autodiff import topological_order
from mlcalc.plot import graphs


def _boxes(ax):
    return [p for p in ax.patches if isinstance(p, FancyBboxPatch)]


def _arrows(ax):
    return [p for p in ax.patches if isinstance(p, FancyArrowPatch)]


def _texts(ax):
    return [t.get_text() for t in ax.texts]


def _example():
    """f(x, y) = (x y + sin x) tanh y, with every node named."""
    x, y = mc.Value(1.5, label="x"), mc.Value(0.5, label="y")
    a = x * y
    b = mc.sin(x)
    c = a + b
    d = mc.tanh(y)
    f = c * d
    for node, name in ((a, "a"), (b, "b"), (c, "c"), (d, "d"), (f, "f")):
        node.label = name
    f.backward()
    return x, y, f


def test_one_box_per_node_and_one_arrow_per_edge():
    _, _, f = _example()
    ax = plot.graph(f, title="example")
    assert len(_boxes(ax)) == 7  # x, y, a, b, c, d, f
    # x feeds a and b, y feeds a and d, a and b feed c, c and d feed f
    assert len(_arrows(ax)) == 8
    assert ax.get_title() == "example"
    assert "forward" in ax.get_xlabel()


def test_boxes_show_values_and_the_analytic_gradient():
    x, y, f = _example()
    ax = plot.graph(f, digits=4)
    texts = _texts(ax)
    # Independent truth: df/dx = (y + cos x) tanh y, df/dy = x tanh y + (xy + sin x)(1 - tanh^2 y)
    dfdx = (0.5 + math.cos(1.5)) * math.tanh(0.5)
    dfdy = 1.5 * math.tanh(0.5) + (0.75 + math.sin(1.5)) * (1 - math.tanh(0.5) ** 2)
    assert f"x\nvalue 1.5\ngrad {dfdx:.4g}" in texts
    assert f"y\nvalue 0.5\ngrad {dfdy:.4g}" in texts
    value = (0.75 + math.sin(1.5)) * math.tanh(0.5)
    assert f"f = \u00d7\nvalue {value:.4g}\ngrad 1" in texts


def test_without_grad_the_boxes_hold_name_and_value_only():
    _, _, f = _example()
    texts = _texts(plot.graph(f, show_grad=False))
    assert "b = sin\nvalue 0.997" in texts
    assert not any("grad" in t for t in texts)


def test_local_derivatives_are_written_on_the_arrows():
    x, y = mc.Value(2.0, label="x"), mc.Value(5.0, label="y")
    f = x * y
    ax = plot.graph(f, show_local=True)
    labels = sorted(t for t in _texts(ax) if "\n" not in t)
    assert labels == ["2", "5"]  # d(xy)/dx = y = 5, d(xy)/dy = x = 2


def test_unlabelled_nodes_are_named_by_their_operation():
    x = mc.Value(0.3)
    texts = _texts(plot.graph(mc.exp(-x) / 2.0, show_grad=False))
    names = {t.split("\n")[0] for t in texts}
    assert names == {"input", "\u2212", "exp", "\u00f7"}


def test_an_arrow_that_skips_a_column_goes_around_the_boxes_in_between():
    x, y = mc.Value(1.5, label="x"), mc.Value(0.5, label="y")
    f = (x * y + mc.sin(x)) * mc.tanh(y)  # tanh y is used one column later than x * y
    ax = plot.graph(f)
    lanes = [line for line in ax.lines if len(line.get_xdata()) > 1]
    assert len(lanes) == 1  # the arrow from y to tanh y
    lane_y = set(lanes[0].get_ydata()[1:])
    assert len(lane_y) == 1  # straight through the column it crosses
    box_rows = {round(b.get_y() + b.get_height() / 2, 9) for b in _boxes(ax)}
    assert round(lane_y.pop(), 9) not in box_rows


def test_a_node_used_twice_is_drawn_once_with_two_arrows():
    x = mc.Value(3.0, label="x")
    square = x * x
    square.backward()
    ax = plot.graph(square)
    assert len(_boxes(ax)) == 2
    assert len(_arrows(ax)) == 2
    assert "x\nvalue 3\ngrad 6" in _texts(ax)  # d(x^2)/dx = 2x


def test_a_single_input_is_a_graph_of_one_box():
    ax = plot.graph(mc.Value(1.0, label="x"))
    assert len(_boxes(ax)) == 1
    assert not _arrows(ax)


def test_draws_on_a_given_axes():
    _, ax = plt.subplots()
    _, _, f = _example()
    assert plot.graph(f, ax=ax) is ax


def test_rejects_what_is_not_a_value():
    with pytest.raises(TypeError, match="output must be an mlcalc.Value"):
        plot.graph(3.0)
    with pytest.raises(TypeError, match="output must be an mlcalc.Value"):
        plot.graph(mc.Dual(1.0, 1.0))


def test_rejects_bad_digits():
    _, _, f = _example()
    with pytest.raises(ValueError, match="digits"):
        plot.graph(f, digits=0)
    with pytest.raises(TypeError, match="digits"):
        plot.graph(f, digits=2.5)


def test_a_deep_graph_is_refused_clearly_not_by_recursion():
    node = mc.Value(0.1)
    for _ in range(20_000):
        node = mc.tanh(node)
    with pytest.raises(ValueError, match="max_nodes=60"):
        plot.graph(node)


# --- the layout, for any expression -------------------------------------------------------

_UNARY = ("sin", "tanh", "exp_neg", "neg")
_BINARY = ("+", "*", "-")


def _build(n_inputs, steps):
    """An expression from ``steps``, each (op, i, j) on the nodes made so far."""
    nodes = [mc.Value(0.1 * (k + 1), label=f"x{k}") for k in range(n_inputs)]
    for op, i, j in steps:
        a, b = nodes[i % len(nodes)], nodes[j % len(nodes)]
        if op == "sin":
            out = mc.sin(a)
        elif op == "tanh":
            out = mc.tanh(a)
        elif op == "exp_neg":
            out = mc.exp(-a * a)
        elif op == "neg":
            out = -a
        elif op == "+":
            out = a + b
        elif op == "*":
            out = a * b
        else:
            out = a - b
        nodes.append(out)
    return nodes[-1]


@settings(max_examples=60, deadline=None)
@given(
    n_inputs=st.integers(1, 4),
    steps=st.lists(
        st.tuples(st.sampled_from(_UNARY + _BINARY), st.integers(0, 50), st.integers(0, 50)),
        min_size=1,
        max_size=12,
    ),
)
def test_layout_puts_every_input_of_an_operation_left_of_its_result(n_inputs, steps):
    out = _build(n_inputs, steps)
    order = topological_order(out)  # the walk Value.backward uses
    position, route = graphs._graph_layout(order)
    # every node the output depends on is placed, and no two share a place
    assert len(position) == len(order)
    assert len(set(position.values())) == len(order)
    column_width = 1.5
    for node in order:
        for parent in node.parents:
            (x0, _), (x1, _) = position[id(parent)], position[id(node)]
            assert x0 < x1
            # an arrow that skips columns has one bend per column crossed, at that column
            bends = route[(id(parent), id(node))]
            assert [x for x, _ in bends] == pytest.approx(
                [x0 + column_width * (k + 1) for k in range(len(bends))]
            )
            assert x0 + column_width * (len(bends) + 1) == pytest.approx(x1)
    # the lanes of long arrows never run through a box, nor through each other
    places = [*position.values(), *(p for bends in route.values() for p in bends)]
    assert len(set(places)) == len(places)
    # the output is alone in the last column
    last = max(x for x, _ in places)
    assert position[id(out)][0] == last
    assert sum(1 for x, _ in places if x == last) == 1
