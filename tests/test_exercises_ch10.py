"""Tests of the chapter-10 checkers: expected values against torch, and the wrong answers
a learner is likely to give.

The generic checks (unattempted, wrong kind of answer, sample right and wrong answers,
staged hints, solutions) are in test_exercises_contract.py.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

import mlcalc as mc
from mlcalc.exercises import ch10


def _t(array, grad=False):
    return torch.tensor(np.asarray(array, dtype=np.float64), requires_grad=grad)


# --- q1: one neuron ---------------------------------------------------------------------


def test_q1_expected_is_autograd_gradient():
    w, b = _t(ch10.Q1_W, grad=True), _t(ch10.Q1_B, grad=True)
    loss = (torch.tanh(_t(ch10.Q1_X) @ w + b) - ch10.Q1_Y) ** 2
    loss.backward()
    autograd = np.array([*w.grad.numpy(), b.grad.item()])
    np.testing.assert_allclose(ch10.q1.expected, autograd, rtol=1e-14)
    assert ch10.q1.check(autograd).correct
    assert ch10.q1.check([-2.3405, -4.6810, -2.3405]).correct  # typed to 5 figures


@pytest.mark.parametrize(
    "mistake",
    [
        [-2.4898, -4.9797, -2.4898],  # tanh' forgotten: delta = 2 (a - y)
        [2.3405, 4.6810, 2.3405],  # residual y - a
        [-1.1702, -2.3405, -1.1702],  # the 2 of the square forgotten
        [-2.3405, -4.6810, 0.0],  # the bias taken as a constant
        [0.58512, -1.1702, -2.3405],  # z (times delta) instead of x: dz/dw = z
    ],
    ids=["no-slope", "sign", "no-two", "no-bias", "z-for-x"],
)
def test_q1_refuses_the_usual_slips(mistake):
    assert ch10.q1.check(mistake).status == "incorrect"


# --- q2: a hidden layer by hand --------------------------------------------------------


def test_q2_expected_is_autograd_gradient():
    W1, b1 = _t(ch10.Q2_W1, grad=True), _t(ch10.Q2_B1, grad=True)
    out = torch.relu(_t(ch10.Q2_X) @ W1 + b1) @ _t(ch10.Q2_W2) + _t(ch10.Q2_B2)
    ((out - _t(ch10.Q2_Y)) ** 2).sum().backward()
    np.testing.assert_allclose(ch10.q2.expected, W1.grad.numpy(), rtol=0, atol=0)
    assert ch10.q2.check(W1.grad).correct


def test_q2_expected_is_what_mlp_backward_computes():
    net = mc.nn.MLP([2, 3, 1], "relu")
    values = (ch10.Q2_W1, ch10.Q2_B1, ch10.Q2_W2, ch10.Q2_B2)
    for param, value in zip(net.params, values, strict=True):
        param[...] = value
    out = net.forward(ch10.Q2_X)
    gradients = net.backward(2 * (out - ch10.Q2_Y))
    np.testing.assert_array_equal(gradients[0], ch10.q2.expected)


@pytest.mark.parametrize(
    ("mistake", "words"),
    [
        ([[-8, -16, 8], [-4, -8, 4]], "not within"),  # ReLU's slope forgotten
        ([[-8, -4], [0, 0], [8, 4]], "shape (2, 3)"),  # delta1^T x: transposed
        ([[8, 0, -8], [4, 0, -4]], "not within"),  # residual y - z2
        ([[-4, 0, 4], [-2, 0, 2]], "not within"),  # the 2 of the square forgotten
        ([[-4, 0, 4], [-4, 0, 4]], "not within"),  # delta1 itself, x forgotten
    ],
    ids=["no-relu-slope", "transposed", "sign", "no-two", "no-input"],
)
def test_q2_refuses_the_usual_slips(mistake, words):
    feedback = ch10.q2.check(np.array(mistake, dtype=float))
    assert feedback.status == "incorrect"
    assert words in feedback


# --- q3: dense_backward ------------------------------------------------------------------


@pytest.mark.parametrize("point", ch10.q3.points, ids=lambda p: f"a{p[0].shape}-W{p[1].shape}")
def test_q3_reference_is_autograd(point):
    a, W, delta = point
    a_t, W_t, b_t = _t(a, grad=True), _t(W, grad=True), _t(np.zeros(W.shape[1]), grad=True)
    (a_t @ W_t + b_t).backward(_t(delta))  # the vector-Jacobian product with delta
    dW, db, da = ch10.q3.reference(a, W, delta)
    for ours, theirs in ((dW, W_t.grad), (db, b_t.grad), (da, a_t.grad)):
        np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-13, atol=1e-14)


def test_q3_reference_is_dense_backward_of_mlcalc():
    for a, W, delta in ch10.q3.points:
        layer = mc.nn.Dense(W, np.zeros(W.shape[1]))
        layer.forward(a)
        da = layer.backward(delta)
        dW, db = layer.gradients()
        for ours, theirs in zip(ch10.q3.reference(a, W, delta), (dW, db, da), strict=True):
            np.testing.assert_allclose(ours, theirs, rtol=1e-13, atol=1e-14)


def test_q3_the_checker_sends_square_layers_and_single_rows():
    shapes = [(a.shape, W.shape) for a, W, _ in ch10.q3.points]
    assert any(W[0] == W[1] for _, W in shapes)  # where delta^T a has W's shape
    assert any(a[0] == 1 for a, _ in shapes)  # where a sum over rows changes nothing
    assert any(a[0] > 1 for a, _ in shapes)


@pytest.mark.parametrize(
    ("mistake", "words"),
    [
        (lambda a, W, d: (d.T @ a, d.sum(axis=0), d @ W.T), ""),  # dW = delta^T a
        (lambda a, W, d: (a.T @ d, d.sum(axis=0), d @ W), ""),  # da without W^T
        (lambda a, W, d: (a.T @ d, d, d @ W.T), "shape"),  # db not summed over rows
        (lambda a, W, d: (a.T @ d, d.sum(axis=1), d @ W.T), "shape"),  # summed over columns
        (lambda a, W, d: (a.T @ d, d.mean(axis=0), d @ W.T), "instead of"),  # the mean
        (lambda a, W, d: (a.T @ d, d.sum(axis=0)), "tuple of 3"),  # da forgotten
        (lambda a, W, d: (a.T @ d * (1 - a.T @ a), d.sum(axis=0), d @ W.T), ""),  # extra slope
    ],
    ids=["dW-transposed", "da-no-transpose", "db-unsummed", "db-wrong-axis", "db-mean",
         "two-parts", "spurious-factor"],
)  # fmt: skip
def test_q3_refuses_the_usual_slips(mistake, words):
    feedback = ch10.q3.check(mistake)
    assert feedback.status == "incorrect"
    assert words in feedback


def test_q3_a_function_that_forgets_return_is_told_so():
    def dense_backward(a, W, delta):
        a.T @ delta, delta.sum(axis=0), delta @ W.T

    assert "did you forget `return`" in ch10.q3.check(dense_backward)


# --- q4: the gradients of a two-layer network -------------------------------------------


@pytest.mark.parametrize("point", ch10.q4.points, ids=lambda p: f"X{p[0].shape}-W1{p[2].shape}")
def test_q4_reference_is_autograd(point):
    X, Y, *weights = point
    params = [_t(w, grad=True) for w in weights]
    W1, b1, W2, b2 = params
    out = torch.tanh(_t(X) @ W1 + b1) @ W2 + b2
    torch.nn.functional.mse_loss(out, _t(Y)).backward()
    for ours, param in zip(ch10.q4.reference(*point), params, strict=True):
        np.testing.assert_allclose(ours, param.grad.numpy(), rtol=1e-12, atol=1e-15)


def test_q4_reference_is_what_mlp_backward_computes():
    X, Y, W1, b1, W2, b2 = ch10.q4.points[1]
    net = mc.nn.MLP([W1.shape[0], W1.shape[1], W2.shape[1]], "tanh")
    for param, value in zip(net.params, (W1, b1, W2, b2), strict=True):
        param[...] = value
    out = net.forward(X)
    gradients = net.backward(mc.mse_grad(Y, out))
    for ours, theirs in zip(ch10.q4.reference(X, Y, W1, b1, W2, b2), gradients, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-15)


def _gradients(X, Y, W1, b1, W2, b2, *, scale=None, slope="output", output_tanh=False):
    """The gradients with one of the usual slips made (see the ids below)."""
    z1 = X @ W1 + b1
    a1 = np.tanh(z1)
    out = a1 @ W2 + b2
    if output_tanh:
        out = np.tanh(out)
    delta2 = 2 * (out - Y) / (out.size if scale is None else scale(out))
    slopes = {"output": 1 - a1**2, "pre": 1 - z1**2, "none": 1.0}
    delta1 = (delta2 @ W2.T) * slopes[slope]
    return X.T @ delta1, delta1.sum(axis=0), a1.T @ delta2, delta2.sum(axis=0)


@pytest.mark.parametrize(
    "mistake",
    [
        lambda *p: _gradients(*p, scale=lambda out: len(out)),  # mean over rows only
        lambda *p: _gradients(*p, scale=lambda out: 1),  # a sum, not a mean
        lambda *p: _gradients(*p, slope="pre"),  # 1 - z^2
        lambda *p: _gradients(*p, slope="none"),  # tanh' forgotten
        lambda *p: _gradients(*p, output_tanh=True),  # tanh on the output too
        lambda *p: _gradients(*p)[::-1],  # returned in the wrong order
    ],
    ids=["mean-over-rows", "sum", "slope-of-z", "no-slope", "tanh-output", "order"],
)
def test_q4_refuses_the_usual_slips(mistake):
    assert ch10.q4.check(mistake).status == "incorrect"


# --- q5: epochs to a lasting fit -----------------------------------------------------------


def _accuracy_per_epoch_torch():
    """The same training as the exercise, in PyTorch (float64, Adam, full batch)."""
    X, y = mc.data.spirals(200, seed=0)
    net = mc.nn.MLP(list(ch10.Q5_SIZES), "tanh", seed=0)
    layers = []
    for i, (W, b) in enumerate(zip(net.params[::2], net.params[1::2], strict=True)):
        linear = torch.nn.Linear(*W.shape, dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(_t(W.T))
            linear.bias.copy_(_t(b))
        layers.append(linear)
        if i < len(ch10.Q5_SIZES) - 2:
            layers.append(torch.nn.Tanh())
    model = torch.nn.Sequential(*layers)
    optimizer = torch.optim.Adam(model.parameters(), lr=ch10.Q5_LEARNING_RATE)
    X_t, y_t = _t(X), _t(y)[:, None]
    accuracy = []
    for _ in range(ch10.Q5_EPOCHS):
        optimizer.zero_grad()
        torch.nn.functional.binary_cross_entropy_with_logits(model(X_t), y_t).backward()
        optimizer.step()
        with torch.no_grad():
            accuracy.append(float(((model(X_t)[:, 0] > 0).double() == y_t[:, 0]).double().mean()))
    return np.array(accuracy)


def _accuracy_per_epoch_mlcalc():
    X, y = mc.data.spirals(200, seed=0)
    net = mc.nn.MLP(list(ch10.Q5_SIZES), "tanh", seed=0)
    optimizer = mc.optim.Adam(ch10.Q5_LEARNING_RATE)
    accuracy = []
    for _ in range(ch10.Q5_EPOCHS):
        mc.nn.train(net, X, y, loss="bce", optimizer=optimizer, epochs=1)
        accuracy.append(np.mean((net.predict(X)[:, 0] > 0) == y))
    return np.array(accuracy)


def test_q5_expected_is_the_epoch_in_mlcalc_and_in_torch():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a small net: one thread is faster on a shared machine
    try:
        from_torch = _accuracy_per_epoch_torch()
    finally:
        torch.set_num_threads(threads)
    from_mlcalc = _accuracy_per_epoch_mlcalc()
    np.testing.assert_array_equal(from_mlcalc, from_torch)
    lasting = np.flatnonzero(from_mlcalc < 1)[-1] + 2
    assert ch10.q5.expected == lasting
    first = int(np.argmax(from_mlcalc == 1)) + 1
    assert first < lasting  # the accuracy flickers: the exercise's trap is real
    assert ch10.q5.check(first).status == "incorrect"


@pytest.mark.parametrize("answer", [ch10.q5.expected - 1, ch10.q5.expected + 1, 600, 100])
def test_q5_refuses_the_usual_slips(answer):
    assert ch10.q5.check(answer).status == "incorrect"
