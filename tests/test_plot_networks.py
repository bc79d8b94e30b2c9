"""The network figures draw what the model computes, and refuse bad input."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from matplotlib.collections import QuadMesh

import mlcalc as mc


@pytest.fixture(scope="module")
def moons_net():
    X, y = mc.data.moons(80, seed=2)
    net = mc.nn.MLP([2, 8, 1], "tanh", seed=0)
    history = mc.nn.train(net, X, y, loss="bce", epochs=150)
    return net, X, y, history


def test_decision_boundary_of_a_binary_classifier(moons_net):
    net, X, y, _ = moons_net
    ax = mc.plot.decision_boundary(net, X, y)
    # the two scatter collections hold the points of each class
    class0, class1 = ax.collections[-2:]
    np.testing.assert_array_equal(class0.get_offsets(), X[y == 0])
    np.testing.assert_array_equal(class1.get_offsets(), X[y == 1])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["class 0", "class 1"]
    assert ax.get_title() == "Decision boundary" and ax.get_xlabel() == "$x_1$"
    # the plotted region covers the data with a margin
    (x_low, x_high), (y_low, y_high) = ax.get_xlim(), ax.get_ylim()
    assert x_low < X[:, 0].min() and x_high > X[:, 0].max()
    assert y_low < X[:, 1].min() and y_high > X[:, 1].max()


def test_decision_boundary_line_is_where_the_score_is_zero(moons_net):
    net, X, y, _ = moons_net
    ax = mc.plot.decision_boundary(net, X, y, n=120)
    boundary = [c for c in ax.collections if hasattr(c, "get_paths") and c.get_paths()]
    vertices = np.concatenate([p.vertices for p in boundary[-3].get_paths()])
    # every vertex of the p = 1/2 contour has a score near 0 (up to the grid's spacing)
    assert np.max(np.abs(net.predict(vertices))) < 0.2


def test_decision_boundary_of_several_classes_colours_the_argmax():
    X, y = mc.data.blobs(60, seed=1)
    scores = lambda points: np.column_stack([-points[:, 0], points[:, 0]])  # noqa: E731
    ax = mc.plot.decision_boundary(scores, X, y, n=50)
    mesh = next(c for c in ax.collections if isinstance(c, QuadMesh))
    grid = mesh.get_array().reshape(50, 50)
    xs = np.linspace(*ax.get_xlim(), 50)
    np.testing.assert_array_equal(grid[0], (xs > 0).astype(int))


def test_decision_boundary_refuses_bad_input(moons_net):
    net, X, y, _ = moons_net
    with pytest.raises(ValueError, match="model must take 2 inputs"):
        mc.plot.decision_boundary(mc.nn.MLP([3, 2, 1]), X, y)
    with pytest.raises(TypeError, match="model must be an mlcalc.nn.MLP or a function"):
        mc.plot.decision_boundary("net", X, y)
    with pytest.raises(ValueError, match="X must have 2 columns"):
        mc.plot.decision_boundary(net, np.zeros((4, 3)), [0, 1, 0, 1])
    with pytest.raises(ValueError, match="one class label per row"):
        mc.plot.decision_boundary(net, X, y[:-1])
    with pytest.raises(ValueError, match="whole non-negative"):
        mc.plot.decision_boundary(net, X, y + 0.5)
    with pytest.raises(ValueError, match="outputs must be one of"):
        mc.plot.decision_boundary(net, X, y, outputs="scores")
    with pytest.raises(ValueError, match="margin must be non-negative"):
        mc.plot.decision_boundary(net, X, y, margin=-1)


def test_training_curve_draws_the_loss_per_epoch(moons_net):
    *_, history = moons_net
    ax = mc.plot.training_curve(history)
    line = ax.lines[0]
    np.testing.assert_array_equal(line.get_xdata(), np.arange(1, 151))
    np.testing.assert_array_equal(line.get_ydata(), history.loss)
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "training loss"


def test_training_curve_marks_a_diverged_run_and_keeps_the_others_readable(moons_net):
    net, X, y, history = moons_net
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", mc.optim.DivergenceWarning)
        blown = mc.nn.train(
            mc.nn.MLP([2, 8, 1], "linear"), X, 100 * y, optimizer=mc.optim.SGD(30.0), epochs=200
        )
    assert blown.diverged
    ax = mc.plot.training_curve({"Adam": history, "SGD": blown}, log=True)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["Adam", "SGD (diverged)"]
    top = ax.get_ylim()[1]
    assert top == pytest.approx(10 * max(history.loss[0], blown.loss[0]))
    cross = ax.lines[-1]
    assert cross.get_marker() == "X" and cross.get_ydata()[0] <= top


def test_training_curve_refuses_an_empty_dict():
    with pytest.raises(ValueError, match="at least one"):
        mc.plot.training_curve({})


def test_backward_pass_shows_every_array_and_delta(moons_net):
    net, X, y, _ = moons_net
    batch, labels = X[:16], y[:16]
    ax = mc.plot.backward_pass(net, batch, labels, loss="bce")
    texts = [t.get_text() for t in ax.texts]
    # forward: X, a (after Dense), a (after tanh), out; backward: a δ for every one but X
    assert any(t.startswith("X (16, 2)") for t in texts)
    assert sum(t.startswith("δ (16, 8)") for t in texts) == 2
    assert any(t.startswith("δ (16, 1)") for t in texts)
    assert "no δ needed" in texts
    # the loss shown is the model's loss on the batch, and the model kept this batch
    value = mc.binary_cross_entropy_with_logits(labels, net.predict(batch)[:, 0])
    assert f"L = {value:.3g}" in texts
    grads = net.backward(
        mc.binary_cross_entropy_with_logits_grad(labels[:, None], net.forward(batch))
    )
    rms = np.sqrt(np.mean(grads[0] ** 2))
    assert any(t.endswith(f"(2, 8), rms {rms:.2g}") for t in texts)


def test_backward_pass_refuses_bad_input(moons_net):
    net, X, y, _ = moons_net
    with pytest.raises(TypeError, match="model must be an mlcalc.nn.MLP"):
        mc.plot.backward_pass(lambda x: x, X, y)
    with pytest.raises(ValueError, match="loss must be one of"):
        mc.plot.backward_pass(net, X, y, loss="hinge")
    with pytest.raises(ValueError, match="X must be 2-D"):
        mc.plot.backward_pass(net, X[:, :1], y)


def test_decision_boundary_redraws_as_frames_of_an_animation(moons_net):
    import copy

    import matplotlib.pyplot as plt

    _, X, y, _ = moons_net
    net, optimizer, snapshots = mc.nn.MLP([2, 8, 1], seed=1), mc.optim.Adam(0.05), []
    for _ in range(3):  # the same optimizer carries on where the last call stopped
        mc.nn.train(net, X, y, loss="bce", optimizer=optimizer, epochs=10)
        snapshots.append(copy.deepcopy(net))
    fig, ax = plt.subplots()

    def draw(i):
        ax.clear()
        mc.plot.decision_boundary(snapshots[i], X, y, ax=ax, n=40, title=f"epoch {10 * (i + 1)}")

    draw(2)
    player = mc.plot.animate(fig, draw, 3, alt="The boundary moves", name="boundary")
    assert 'alt="The boundary moves"' in player.data
    assert player.data.count("data:image/png;base64") == 3
