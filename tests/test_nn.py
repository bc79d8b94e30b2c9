"""mlcalc.nn: gradients and training runs against torch.autograd, initialisation, bad input."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
import zlib

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import mlcalc as mc
from mlcalc.nn import MLP, train
from mlcalc.optim import SGD, Adam, DivergenceWarning

RNG = np.random.default_rng(31)
ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear")
TORCH_ACTIVATIONS = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "linear": lambda z: z,
}


# --- an independent reference: the network written from the API page, in torch ---------


def torch_outputs(params, X, sizes, activation, residual, norm):
    """The MLP's outputs computed by torch from the layout [W1, b1, (gain1, shift1,) ...]."""
    it = iter(params)
    a = torch.tensor(X, dtype=torch.float64)
    for i, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:], strict=False)):
        W, b = next(it), next(it)
        z = a @ W + b
        if i == len(sizes) - 2:
            return z
        if norm == "layer":
            gain, shift = next(it), next(it)
            z = F.layer_norm(z, (fan_out,), gain, shift, eps=1e-5)
        h = TORCH_ACTIVATIONS[activation](z)
        a = a + h if residual and fan_in == fan_out else h
    raise AssertionError("unreachable")


TORCH_LOSSES = {
    "mse": lambda out, y: F.mse_loss(out, torch.tensor(y)),
    "cross_entropy": lambda out, y: F.cross_entropy(out, torch.tensor(y, dtype=torch.int64)),
    "bce": lambda out, y: F.binary_cross_entropy_with_logits(out, torch.tensor(y)),
}
OUR_LOSS_GRADS = {
    "mse": mc.mse_grad,
    "cross_entropy": mc.cross_entropy_grad,
    "bce": mc.binary_cross_entropy_with_logits_grad,
}


def sample_problem(loss, n_in, n_out, n=12, rng=RNG):
    X = rng.standard_normal((n, n_in))
    if loss == "cross_entropy":
        return X, rng.integers(0, n_out, n)
    if loss == "bce":
        return X, rng.integers(0, 2, (n, n_out)).astype(float)
    return X, rng.standard_normal((n, n_out))


def perturb_norm_parameters(net, rng):
    """Gains and shifts start at 1 and 0; move them so their gradients are general."""
    for layer in net.layers:
        for inner in getattr(layer, "layers", [layer]):
            if isinstance(inner, mc.nn.LayerNorm):
                inner.gain += 0.3 * rng.standard_normal(inner.gain.shape)
                inner.shift += 0.3 * rng.standard_normal(inner.shift.shape)


def torch_grads(net, X, y, loss, residual, norm):
    params = [torch.tensor(p, requires_grad=True) for p in net.params]
    out = torch_outputs(params, X, net.sizes, net.activation, residual, norm)
    value = TORCH_LOSSES[loss](out, y)
    value.backward()
    return value.item(), [p.grad.numpy() for p in params]


def assert_relative(ours, theirs, rtol):
    for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        assert a.shape == b.shape, i
        scale = np.max(np.abs(b))
        assert np.max(np.abs(a - b)) <= rtol * scale, (i, np.max(np.abs(a - b)) / scale)


# --- gradients ---------------------------------------------------------------------------


@pytest.mark.parametrize("loss", ["mse", "cross_entropy", "bce"])
@pytest.mark.parametrize("norm", [None, "layer"])
@pytest.mark.parametrize("residual", [False, True])
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_gradients_equal_torch_autograd(activation, residual, norm, loss):
    rng = np.random.default_rng(zlib.crc32(repr((activation, residual, norm, loss)).encode()))
    n_out = 1 if loss == "bce" else 3
    sizes = [4, 6, 6, 5, n_out]  # 6 -> 6 takes the skip connection when residual=True
    net = MLP(sizes, activation, seed=int(rng.integers(1000)), residual=residual, norm=norm)
    perturb_norm_parameters(net, rng)
    X, y = sample_problem(loss, 4, n_out, rng=rng)
    expected_value, expected = torch_grads(net, X, y, loss, residual, norm)
    out = net.forward(X)
    grads = net.backward(OUR_LOSS_GRADS[loss](y, out))
    assert [g.shape for g in grads] == [p.shape for p in net.params]
    assert_relative(grads, expected, 1e-10)
    ours_value = {
        "mse": mc.mse,
        "cross_entropy": mc.cross_entropy,
        "bce": mc.binary_cross_entropy_with_logits,
    }[loss](y, out)
    assert ours_value == pytest.approx(expected_value, rel=1e-12)


def test_gradients_pass_a_finite_difference_check():
    net = MLP([3, 5, 5, 2], "tanh", seed=4, residual=True, norm="layer")
    perturb_norm_parameters(net, RNG)
    X, y = sample_problem("cross_entropy", 3, 2, n=7)
    shapes = [p.shape for p in net.params]
    sizes = [p.size for p in net.params]

    def set_params(theta):
        for p, chunk in zip(net.params, np.split(theta, np.cumsum(sizes)[:-1]), strict=True):
            p[...] = chunk.reshape(p.shape)

    def loss(theta):
        set_params(theta)
        return mc.cross_entropy(y, net.predict(X))

    def loss_grad(theta):
        set_params(theta)
        grads = net.backward(mc.cross_entropy_grad(y, net.forward(X)))
        return np.concatenate([g.ravel() for g in grads])

    theta = np.concatenate([p.ravel() for p in net.params])
    assert len(shapes) == 10  # W, b, gain, shift (twice), W, b
    assert mc.check_grad(loss, loss_grad, theta) < 1e-7


# --- training against the same loop in torch --------------------------------------------


@pytest.mark.parametrize(
    ("loss", "make_ours", "make_theirs", "residual", "norm"),
    [
        ("mse", lambda: SGD(0.2), lambda p: torch.optim.SGD(p, lr=0.2), False, None),
        ("cross_entropy", lambda: SGD(0.5), lambda p: torch.optim.SGD(p, lr=0.5), True, "layer"),
        ("cross_entropy", lambda: Adam(0.01), lambda p: torch.optim.Adam(p, lr=0.01), False, None),
        ("bce", lambda: Adam(0.02), lambda p: torch.optim.Adam(p, lr=0.02), True, "layer"),
    ],
)
def test_fifty_full_batch_epochs_equal_torch(loss, make_ours, make_theirs, residual, norm):
    n_out = 1 if loss == "bce" else 3
    sizes = [2, 8, 8, n_out]
    net = MLP(sizes, "tanh", seed=3, residual=residual, norm=norm)
    X, y = sample_problem(loss, 2, n_out, n=40, rng=np.random.default_rng(5))
    params = [torch.tensor(p, requires_grad=True) for p in net.params]
    optimizer = make_theirs(params)
    torch_losses = []
    for _ in range(50):
        optimizer.zero_grad()
        value = TORCH_LOSSES[loss](torch_outputs(params, X, sizes, "tanh", residual, norm), y)
        value.backward()
        optimizer.step()
        torch_losses.append(value.item())
    history = train(net, X, y, loss=loss, optimizer=make_ours(), epochs=50)
    assert history.epochs == 50 and not history.diverged
    np.testing.assert_allclose(history.loss, torch_losses, rtol=1e-10)
    assert_relative(net.params, [p.detach().numpy() for p in params], 1e-10)


def test_mini_batch_epochs_visit_every_row_once_in_a_seeded_order():
    X, y = mc.data.moons(50, seed=1)
    histories = []
    for seed in (0, 0, 1):
        net = MLP([2, 8, 1], "tanh", seed=0)
        histories.append(train(net, X, y, loss="bce", batch_size=16, epochs=5, seed=seed).loss)
    np.testing.assert_array_equal(histories[0], histories[1])
    assert not np.array_equal(histories[0], histories[2])


def test_train_fits_spirals_with_a_small_relu_net_and_is_silent(capfd):
    X, y = mc.data.spirals(200, seed=0)
    runs = []
    for _ in range(2):
        net = MLP([2, 32, 32, 2], "relu", seed=0)
        history = train(net, X, y, loss="cross_entropy", epochs=200, batch_size=32)
        runs.append((net, history))
    (net, history), (_, again) = runs
    accuracy = np.mean(net.predict(X).argmax(axis=1) == y)
    assert accuracy > 0.95
    assert not history.diverged and history.epochs == 200
    np.testing.assert_array_equal(history.loss, again.loss)
    assert capfd.readouterr() == ("", "")


# --- divergence and progress -------------------------------------------------------------


def test_divergence_stops_the_run_and_warns_once_naming_the_learning_rate():
    X, y = mc.data.linear(40, seed=0)
    net = MLP([1, 16, 1], "linear", seed=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = train(net, X, 100.0 * y, optimizer=SGD(50.0), epochs=100)
    assert history.diverged
    assert 0 < history.epochs < 100 and len(history.loss) == history.epochs
    assert np.all(np.isfinite(history.loss))
    relevant = [w for w in caught if issubclass(w.category, DivergenceWarning)]
    assert len(relevant) == len(caught) == 1  # no overflow warnings on the way
    assert "lr=50" in str(relevant[0].message)
    assert relevant[0].filename == __file__


def test_progress_bar_only_when_asked_or_at_a_terminal(capfd, monkeypatch):
    from mlcalc.nn.train import _show_progress

    X, y = mc.data.xor(20)
    train(MLP([2, 4, 1], seed=0), X, y, loss="bce", epochs=3, progress=True)
    err = capfd.readouterr().err
    assert "training" in err and "3/3" in err and "loss=" in err

    class Terminal:
        def isatty(self):
            return True

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys, "stderr", Terminal())
    assert _show_progress(None) is True
    assert _show_progress(False) is False
    monkeypatch.setenv("CI", "true")
    assert _show_progress(None) is False
    monkeypatch.setattr(sys, "stderr", None)  # pythonw, some embedded interpreters
    monkeypatch.delenv("CI")
    assert _show_progress(None) is False


def test_tqdm_is_imported_only_when_a_bar_is_shown():
    code = (
        "import sys, mlcalc as mc; X, y = mc.data.xor(20); "
        "mc.nn.train(mc.nn.MLP([2, 3, 1]), X, y, loss='bce', epochs=2); "
        "print('tqdm' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "False"
    assert result.stderr == ""


# --- initialisation ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("activation", "init", "variance"),
    [
        ("tanh", "auto", 2.0 / 700),
        ("sigmoid", "auto", 2.0 / 700),
        ("linear", "auto", 2.0 / 700),
        ("relu", "auto", 2.0 / 400),
        ("relu", "glorot", 2.0 / 700),
        ("tanh", "he", 2.0 / 400),
        ("tanh", 0.1, 0.01),
    ],
)
def test_initial_variance_of_a_400_by_300_layer(activation, init, variance):
    W, b = MLP([400, 300], activation, init=init, seed=2).params
    assert W.shape == (400, 300) and b.shape == (300,)
    assert W.var() == pytest.approx(variance, rel=0.05)
    assert abs(W.mean()) < 0.05 * np.sqrt(variance)
    assert np.all(b == 0.0)


def test_seed_decides_the_weights():
    first, same, other = (MLP([3, 10, 2], seed=s).params for s in (7, 7, 8))
    for a, b in zip(first, same, strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[0], other[0])
    assert not np.array_equal(first[2], other[2])


def test_init_zero_gives_zero_weights():
    assert all(np.all(p == 0.0) for p in MLP([3, 4, 2], init=0.0).params)


# --- structure ---------------------------------------------------------------------------


def test_parameter_layout_and_in_place_updates():
    net = MLP([3, 5, 5, 4, 2], "relu", residual=True, norm="layer")
    shapes = [p.shape for p in net.params]
    assert shapes == [
        (3, 5), (5,), (5,), (5,),  # W1, b1, gain1, shift1
        (5, 5), (5,), (5,), (5,),  # the residual block
        (5, 4), (4,), (4,), (4,),
        (4, 2), (2,),
    ]  # fmt: skip
    assert [type(layer).__name__ for layer in net.layers] == [
        "Dense", "LayerNorm", "Activation", "Residual", "Dense", "LayerNorm", "Activation",
        "Dense",
    ]  # fmt: skip
    np.testing.assert_array_equal(net.params[2], 1.0)
    np.testing.assert_array_equal(net.params[3], 0.0)
    X = RNG.standard_normal((4, 3))
    before = net.predict(X)
    net.params[-1][...] += 1.0  # the arrays are the layer's own: an in-place change is seen
    np.testing.assert_allclose(net.predict(X), before + 1.0)


def test_forward_keeps_what_backward_needs_and_predict_keeps_nothing():
    net = MLP([2, 3, 1], seed=0)
    X = RNG.standard_normal((5, 2))
    net.predict(X)
    with pytest.raises(RuntimeError, match="backward needs a forward"):
        net.backward(np.ones((5, 1)))
    with pytest.raises(RuntimeError, match="backward needs a forward pass first"):
        net.layers[0].backward(np.ones((5, 3)))
    out = net.forward(X)
    grads = net.backward(np.ones_like(out))
    net.predict(RNG.standard_normal((9, 2)))  # does not replace what forward kept
    again = net.backward(np.ones_like(out))
    for g, h in zip(grads, again, strict=True):
        np.testing.assert_array_equal(g, h)
        assert g is not h  # new arrays each time
    np.testing.assert_array_equal(net.predict(X), out)


def test_layers_can_be_used_alone():
    dense = mc.nn.Dense([[1.0, 2.0], [3.0, 4.0]], [0.0, 1.0])
    a = np.array([[1.0, 1.0]])
    np.testing.assert_array_equal(dense.forward(a), [[4.0, 7.0]])
    np.testing.assert_array_equal(dense.backward(np.array([[1.0, 0.0]])), [[1.0, 3.0]])
    dW, db = dense.gradients()
    np.testing.assert_array_equal(dW, [[1.0, 0.0], [1.0, 0.0]])
    np.testing.assert_array_equal(db, [1.0, 0.0])
    with pytest.raises(ValueError, match="bias must have one entry per column"):
        mc.nn.Dense(np.zeros((2, 3)), np.zeros(2))
    with pytest.raises(ValueError, match="activation must be one of"):
        mc.nn.Activation("softplus")


def test_repr_is_short():
    assert repr(MLP([2, 4, 1], "relu")) == "MLP([2, 4, 1], activation='relu'): 17 parameters"
    assert "norm='layer'" in repr(MLP([2, 4, 4, 1], residual=True, norm="layer"))


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"sizes": 3}, TypeError, "sizes must be a list of layer widths"),
        ({"sizes": "2,3"}, TypeError, "sizes must be a list"),
        ({"sizes": [2]}, ValueError, "at least an input and an output width"),
        ({"sizes": [2, 0, 1]}, ValueError, r"sizes\[1\] must be a positive integer"),
        ({"sizes": [2, 3.0, 1]}, TypeError, r"sizes\[1\] must be a positive integer"),
        ({"activation": "softplus"}, ValueError, "activation must be one of 'sigmoid'"),
        ({"activation": None}, TypeError, "activation must be a string"),
        ({"norm": "batch"}, ValueError, "norm must be one of 'layer'"),
        ({"norm": True}, TypeError, "norm must be None or 'layer'"),
        ({"init": "xavier"}, ValueError, "init must be one of 'auto', 'glorot', 'he'"),
        ({"init": -0.1}, ValueError, "init must be a non-negative standard deviation"),
        ({"init": [0.1]}, TypeError, "init must be 'auto', 'glorot', 'he' or a standard"),
        ({"init": np.nan}, ValueError, "init must be finite"),
        ({"residual": 1}, TypeError, "residual must be True or False"),
        ({"seed": -1}, ValueError, "seed must be a non-negative integer"),
        ({"seed": 1.5}, TypeError, "seed must be a non-negative integer"),
    ],
)
def test_mlp_refuses_bad_settings(kwargs, error, match):
    arguments = {"sizes": [2, 3, 1], **kwargs}
    with pytest.raises(error, match=match):
        MLP(**arguments)


def test_forward_and_backward_refuse_bad_arrays():
    net = MLP([3, 4, 2])
    with pytest.raises(ValueError, match=r"X must be 2-D .* shape \(n, 3\), got shape \(5, 2\)"):
        net.forward(np.zeros((5, 2)))
    with pytest.raises(ValueError, match=r"got shape \(3,\) \(for one example use X.reshape"):
        net.predict(np.zeros(3))
    with pytest.raises(ValueError, match="X must contain only finite numbers"):
        net.forward(np.full((2, 3), np.nan))
    with pytest.raises(TypeError, match="X must"):
        net.forward("data")
    net.forward(np.zeros((5, 3)))
    with pytest.raises(ValueError, match=r"dout must be shaped like the outputs .* \(5, 2\)"):
        net.backward(np.zeros((4, 2)))


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"loss": "hinge"}, ValueError, "loss must be one of 'mse', 'bce', 'cross_entropy'"),
        ({"epochs": 0}, ValueError, "epochs must be a positive integer"),
        ({"epochs": 2.5}, TypeError, "epochs must be a positive integer"),
        ({"batch_size": 0}, ValueError, "batch_size must be a positive integer"),
        ({"batch_size": 11}, ValueError, r"batch_size must be at most len\(X\) = 10"),
        ({"optimizer": "adam"}, TypeError, "optimizer must be an mlcalc.optim optimiser"),
        ({"progress": "yes"}, TypeError, "progress must be True, False or None"),
        ({"seed": -3}, ValueError, "seed must be a non-negative integer"),
        ({"y": np.zeros(9)}, ValueError, r"y must have one row per row of X .* \(10, 1\)"),
        ({"X": np.zeros((10, 3))}, ValueError, r"X must be 2-D .* \(n, 2\)"),
        ({"loss": "bce", "y": np.full(10, 2.0)}, ValueError, "loss='bce' needs labels 0 or 1"),
        ({"loss": "cross_entropy"}, ValueError, "needs one output per class"),
    ],
)
def test_train_refuses_bad_input(kwargs, error, match):
    X, y = mc.data.xor(10)
    arguments = {"X": X, "y": y, **kwargs}
    model = MLP([2, 3, 1])
    with pytest.raises(error, match=match):
        train(model, arguments.pop("X"), arguments.pop("y"), **arguments)


def test_train_refuses_bad_labels_for_cross_entropy_and_a_non_model():
    X = np.zeros((4, 2))
    net = MLP([2, 3, 3])
    with pytest.raises(ValueError, match=r"y must lie in 0 \.\. 2 .* got 3"):
        train(net, X, [0, 1, 2, 3], loss="cross_entropy")
    with pytest.raises(ValueError, match="y must be whole numbers .* got 0.5"):
        train(net, X, [0, 1, 2, 0.5], loss="cross_entropy")
    with pytest.raises(ValueError, match=r"y must hold one class label per example, shape \(4,\)"):
        train(net, X, [0, 1, 2], loss="cross_entropy")
    with pytest.raises(TypeError, match="model must be an mlcalc.nn.MLP"):
        train(torch.nn.Linear(2, 3), X, [0, 1, 2, 0])


def test_sizes_may_be_a_numpy_vector_and_a_missing_tqdm_is_named(monkeypatch):
    assert MLP(np.array([2, 3, 1])).sizes == [2, 3, 1]
    monkeypatch.setitem(sys.modules, "tqdm", None)  # as if it were not installed
    X, y = mc.data.xor(10)
    with pytest.raises(ModuleNotFoundError, match=r"pip install tqdm .* progress=False"):
        train(MLP([2, 3, 1]), X, y, loss="bce", epochs=1, progress=True)


@pytest.mark.parametrize("norm", [None, "layer"])
def test_a_skip_connection_around_the_first_layer_equals_torch(norm):
    # n_in equals the first width, so the residual block also wraps the input X, whose
    # gradient the first layer does not compute
    rng = np.random.default_rng(8)
    net = MLP([3, 3, 3, 2], "tanh", seed=1, residual=True, norm=norm)
    assert type(net.layers[0]).__name__ == "Residual"
    perturb_norm_parameters(net, rng)
    X, y = sample_problem("mse", 3, 2, rng=rng)
    _, expected = torch_grads(net, X, y, "mse", True, norm)
    assert_relative(net.backward(mc.mse_grad(y, net.forward(X))), expected, 1e-10)
