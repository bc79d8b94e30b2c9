"""Update rules against torch.optim, gradient descent against closed forms, batches."""

from __future__ import annotations

import dataclasses
import math
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import mlcalc as mc
from mlcalc.optim import (
    EXPLODE_FACTOR,
    SGD,
    Adam,
    DivergenceWarning,
    DivergenceWatch,
    Momentum,
    batches,
)

# --- update rules against torch.optim ------------------------------------------------

RNG = np.random.default_rng(7)
X_DATA = RNG.normal(size=(20, 3))
Y_DATA = np.tanh(X_DATA @ np.array([[1.0, -2.0], [0.5, 0.0], [-1.0, 1.5]])) + 0.3


def model_grads(weights: np.ndarray, bias: np.ndarray) -> list[np.ndarray]:
    """Gradients of mean((tanh(X W + b) - Y)^2) with respect to W and b, by hand."""
    hidden = np.tanh(X_DATA @ weights + bias)
    d_out = 2.0 * (hidden - Y_DATA) / hidden.size * (1.0 - hidden**2)
    return [X_DATA.T @ d_out, d_out.sum(axis=0)]


def run_mlcalc(optimizer, steps=100):
    params = [np.full((3, 2), 0.1), np.zeros(2)]
    for _ in range(steps):
        optimizer.step(params, model_grads(*params))
    return params


def run_torch(make_optimizer, steps=100):
    params = [
        torch.full((3, 2), 0.1, dtype=torch.float64, requires_grad=True),
        torch.zeros(2, dtype=torch.float64, requires_grad=True),
    ]
    optimizer = make_optimizer(params)
    for _ in range(steps):
        grads = model_grads(*(p.detach().numpy() for p in params))
        for p, g in zip(params, grads, strict=True):
            p.grad = torch.from_numpy(g.copy())
        optimizer.step()
    return [p.detach().numpy() for p in params]


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (lambda: SGD(lr=0.3), lambda p: torch.optim.SGD(p, lr=0.3)),
        (lambda: Momentum(lr=0.1), lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9)),
        (
            lambda: Momentum(lr=0.05, beta=0.5),
            lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.5),
        ),
        (lambda: Adam(lr=0.01), lambda p: torch.optim.Adam(p, lr=0.01)),
        (
            lambda: Adam(lr=0.05, betas=(0.8, 0.99), eps=1e-6),
            lambda p: torch.optim.Adam(p, lr=0.05, betas=(0.8, 0.99), eps=1e-6),
        ),
    ],
)
def test_update_rules_match_torch_for_100_steps(ours, theirs):
    start = [np.full((3, 2), 0.1), np.zeros(2)]
    mine = run_mlcalc(ours())
    reference = run_torch(theirs)
    for p, q, p0 in zip(mine, reference, start, strict=True):
        assert not np.allclose(p, p0)  # the parameters really moved
        np.testing.assert_allclose(p, q, rtol=1e-12, atol=1e-12)


def test_step_updates_in_place_and_keeps_state_per_parameter():
    w, b = np.array([1.0, 2.0]), np.array([3.0])
    w_id = id(w)
    opt = Momentum(lr=0.1, beta=0.5)
    opt.step([w, b], [np.array([1.0, 1.0]), np.array([2.0])])
    opt.step([w, b], [np.array([1.0, 1.0]), np.array([0.0])])
    assert id(w) == w_id
    # w: velocities 1 then 1.5; b: velocities 2 then 1
    np.testing.assert_allclose(w, [1.0 - 0.1 - 0.15, 2.0 - 0.1 - 0.15])
    np.testing.assert_allclose(b, [3.0 - 0.2 - 0.1])


def test_adam_first_step_is_lr_times_sign():
    # with bias correction, the first step is lr * g / (|g| + eps): about lr per coordinate
    w = np.array([1.0, 1.0, 1.0])
    Adam(lr=0.01).step([w], [np.array([1e3, -1e-3, 0.0])])
    np.testing.assert_allclose(w, [0.99, 1.01, 1.0], rtol=1e-7)


@pytest.mark.parametrize("make", [lambda: SGD(0.1), lambda: Momentum(0.1), lambda: Adam(0.1)])
def test_step_refuses_bad_arguments(make):
    opt = make()
    w = np.ones(3)
    with pytest.raises(ValueError, match="same length"):
        opt.step([w], [np.ones(3), np.ones(3)])
    with pytest.raises(ValueError, match=r"grads\[0\] has shape \(2,\)"):
        opt.step([w], [np.ones(2)])
    with pytest.raises(TypeError, match=r"params\[0\] must be a NumPy array of floats"):
        opt.step([np.ones(3, dtype=int)], [np.ones(3)])
    with pytest.raises(TypeError, match=r"params\[0\] must be a NumPy array of floats"):
        opt.step([[1.0, 2.0]], [np.ones(2)])
    with pytest.raises(TypeError, match="lists of arrays"):
        opt.step(w, np.ones(3))
    with pytest.raises(ValueError, match="inf or NaN"):
        opt.step([w], [np.array([1.0, np.nan, 0.0])])
    frozen = np.ones(3)
    frozen.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        opt.step([frozen], [np.ones(3)])
    np.testing.assert_array_equal(w, np.ones(3))  # nothing was half-updated
    opt.step([w], [np.ones(3)])
    with pytest.raises(ValueError, match="new optimizer"):
        opt.step([np.ones(4)], [np.ones(4)])


def test_step_checks_every_pair_before_updating_any():
    w, b = np.ones(2), np.ones(2)
    with pytest.raises(ValueError, match=r"grads\[1\]"):
        SGD(0.1).step([w, b], [np.ones(2), np.ones(3)])
    np.testing.assert_array_equal(w, np.ones(2))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: SGD(0.0), "lr must be positive"),
        (lambda: SGD(-1.0), "lr must be positive"),
        (lambda: Momentum(0.1, beta=1.0), r"beta must be in \[0, 1\)"),
        (lambda: Adam(0.1, betas=(0.9, 1.2)), r"betas\[1\]"),
        (lambda: Adam(0.1, eps=0.0), "eps must be positive"),
    ],
)
def test_constructors_refuse_bad_hyperparameters(make, message):
    with pytest.raises(ValueError, match=message):
        make()


@pytest.mark.parametrize(
    ("make", "setting", "bad", "error"),
    [
        (lambda: SGD(0.1), "lr", -5.0, ValueError),
        (lambda: SGD(0.1), "lr", "0.1", TypeError),
        (lambda: Momentum(0.1), "beta", 1.5, ValueError),
        (lambda: Adam(0.1), "betas", (0.9, 1.5), ValueError),
        (lambda: Adam(0.1), "eps", 0.0, ValueError),
    ],
)
def test_settings_changed_between_steps_are_checked_too(make, setting, bad, error):
    opt = make()
    w = np.ones(2)
    opt.step([w], [np.ones(2)])
    before = getattr(opt, setting)
    with pytest.raises(error, match=setting):
        setattr(opt, setting, bad)
    assert getattr(opt, setting) == before
    opt.lr = 0.5  # a schedule: allowed, and used by the next step
    stepped = w.copy()
    SGD(0.5).step([stepped], [np.ones(2)])
    if isinstance(opt, SGD):
        opt.step([w], [np.ones(2)])
        np.testing.assert_array_equal(w, stepped)


def test_constructor_type_errors():
    with pytest.raises(TypeError, match="lr"):
        SGD("0.1")
    with pytest.raises(TypeError, match="betas"):
        Adam(0.1, betas=0.9)


# --- gradient_descent ------------------------------------------------------------------


def test_plain_descent_follows_the_closed_form_on_a_quadratic():
    # f(x) = a/2 x^2 has x_k = (1 - lr a)^k x0
    a, lr, x0 = 3.0, 0.1, 2.0
    result = mc.gradient_descent(lambda x: a * x, x0, lr=lr, steps=25, tol=0.0)
    expected = x0 * (1 - lr * a) ** np.arange(26)
    assert result.path.shape == (26, 1)
    np.testing.assert_allclose(result.path[:, 0], expected, rtol=1e-13)
    assert isinstance(result.x, float) and result.x == result.path[-1, 0]
    assert result.n_steps == 25 and not result.converged and not result.diverged
    assert result.grad_norm == pytest.approx(a * abs(expected[-1]))


def test_stops_at_the_first_iterate_within_tolerance():
    # g(x) = x, x_k = 0.8^k: |g| <= tol first at k = ceil(log(tol) / log(0.8))
    tol = 1e-6
    result = mc.gradient_descent(lambda x: x, 1.0, lr=0.2, tol=tol)
    expected_steps = math.ceil(math.log(tol) / math.log(0.8))
    assert result.converged and not result.diverged
    assert result.n_steps == expected_steps
    assert result.grad_norm <= tol < abs(result.path[-2, 0])


def test_values_are_f_along_the_path_and_the_minimum_is_found():
    center = np.array([1.0, -2.0])
    scales = np.array([1.0, 10.0])

    def f(x):
        return float(np.sum(scales * (x - center) ** 2))

    result = mc.gradient_descent(
        lambda x: 2 * scales * (x - center), np.zeros(2), lr=0.04, f=f, tol=1e-10
    )
    assert result.converged
    np.testing.assert_allclose(result.x, center, atol=1e-10)
    assert result.values.shape == (result.n_steps + 1,)
    np.testing.assert_allclose(result.values, [f(row) for row in result.path], rtol=1e-15)
    assert np.all(np.diff(result.values) <= 0)  # lr < 1/L: the cost never goes up


def test_matrix_start_keeps_its_shape_and_path_is_flattened():
    seen = []

    def grad(x):
        seen.append(x.shape)
        return 2 * x

    x0 = np.arange(6.0).reshape(2, 3)
    result = mc.gradient_descent(grad, x0, lr=0.1, steps=4, tol=0.0)
    assert set(seen) == {(2, 3)}
    assert result.x.shape == (2, 3) and result.path.shape == (5, 6)
    np.testing.assert_allclose(result.x, x0 * 0.8**4)
    np.testing.assert_allclose(result.path[2], x0.ravel() * 0.8**2)


def test_scalar_start_gives_floats_to_grad_and_f():
    kinds = set()

    def grad(x):
        kinds.add(type(x))
        return math.cos(x)  # math functions accept only real numbers

    result = mc.gradient_descent(grad, 0.0, lr=0.5, f=math.sin)
    assert kinds == {float}
    assert result.x == pytest.approx(-math.pi / 2, abs=1e-7)


def test_iterates_seen_by_grad_are_never_changed_afterwards():
    seen = []

    def grad(x):
        seen.append(x)  # keeps a reference, not a copy
        return x - 3.0

    # a large vector with many steps makes the path buffer grow during the run
    x0 = np.zeros(2**18)
    result = mc.gradient_descent(grad, x0, lr=0.1, steps=40, tol=0.0)
    assert len(seen) == 41
    for k, x in enumerate(seen):
        np.testing.assert_array_equal(x, result.path[k])
    np.testing.assert_allclose(result.path[:, 0], 3.0 * (1 - 0.9 ** np.arange(41)))


@pytest.mark.parametrize(
    ("method", "make_torch"),
    [
        ("gd", lambda p: torch.optim.SGD(p, lr=0.05)),
        ("momentum", lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.7)),
        ("adam", lambda p: torch.optim.Adam(p, lr=0.05, betas=(0.8, 0.9))),
    ],
)
def test_every_method_matches_torch_iterate_by_iterate(method, make_torch):
    matrix = np.array([[3.0, 1.0], [1.0, 2.0]])

    def grad(x):
        return matrix @ x + np.sin(x)

    x0 = np.array([1.5, -2.0])
    result = mc.gradient_descent(
        grad, x0, lr=0.05, steps=100, tol=0.0, method=method, momentum=0.7, betas=(0.8, 0.9)
    )
    param = torch.tensor(x0, requires_grad=True)
    optimizer = make_torch([param])
    reference = [x0]
    for _ in range(100):
        param.grad = torch.from_numpy(grad(param.detach().numpy()))
        optimizer.step()
        reference.append(param.detach().numpy().copy())
    np.testing.assert_allclose(result.path, np.array(reference), rtol=1e-12, atol=1e-12)


def _descend_catching(grad, x0, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = mc.gradient_descent(grad, x0, **kwargs)
    return result, caught


def test_too_large_a_learning_rate_stops_at_the_first_exploding_iterate():
    # f(x) = x^2 with lr = 1.1: x_k = (-1.2)^k, past the limit 2e12 after about 156 steps
    result, caught = _descend_catching(lambda x: 2 * x, 1.0, lr=1.1, f=lambda x: x * x)
    assert result.diverged and not result.converged
    assert len(caught) == 1 and caught[0].category is DivergenceWarning
    message = str(caught[0].message)
    assert "lr=1.1" in message and "smaller learning rate" in message
    assert f"step {result.n_steps + 1}" in message
    limit = EXPLODE_FACTOR * 2.0
    k = result.n_steps
    assert abs(result.x) <= limit < abs(1.2 ** (k + 1))
    np.testing.assert_allclose(result.path[:, 0], (-1.2) ** np.arange(k + 1), rtol=1e-12)
    assert np.all(np.isfinite(result.path)) and np.all(np.isfinite(result.values))
    assert result.x == result.path[-1, 0]


@pytest.mark.parametrize("method", ["gd", "momentum", "adam"])
def test_overflow_stops_quietly_with_one_warning(method):
    # the gradient of exp(x^2) overflows to inf within a few steps: no NumPy warning leaks
    def grad(x):
        return 2 * x * np.exp(x**2)

    result, caught = _descend_catching(grad, np.array([1.0, 0.5]), lr=100.0, method=method)
    assert [w.category for w in caught] == [DivergenceWarning]
    assert result.diverged
    assert np.all(np.isfinite(result.path)) and np.all(np.isfinite(result.x))
    assert np.isfinite(result.grad_norm)


def test_nan_gradient_drops_the_iterate():
    def grad(x):
        return 2 * x if abs(x) < 10 else math.nan

    result, caught = _descend_catching(grad, 1.0, lr=1.5)
    assert result.diverged and "gradient became inf or NaN" in str(caught[0].message)
    # x_k = (-2)^k: the last kept iterate is -8, the next (16) had no usable gradient
    np.testing.assert_array_equal(result.path[:, 0], [1.0, -2.0, 4.0, -8.0])


def test_non_finite_f_drops_the_iterate():
    def f(x):
        return x * x if abs(x) < 10 else math.inf

    result, caught = _descend_catching(lambda x: 2 * x, 1.0, lr=1.5, f=f)
    assert result.diverged and "f(x) became inf" in str(caught[0].message)
    np.testing.assert_array_equal(result.values, [1.0, 4.0, 16.0, 64.0])


def test_an_infinite_step_is_caught_even_with_a_finite_gradient():
    # lr * g overflows to inf although g and x are finite
    result, caught = _descend_catching(lambda x: np.full(2, 1e150), np.zeros(2), lr=1e200)
    assert result.diverged and result.n_steps == 0
    assert [w.category for w in caught] == [DivergenceWarning]
    assert "x became inf or NaN" in str(caught[0].message)
    np.testing.assert_array_equal(result.x, [0.0, 0.0])


@settings(max_examples=60, deadline=None)
@given(
    curvature=st.floats(0.1, 100.0),
    lr_times_curvature=st.floats(0.05, 1.95),
    x0=st.floats(0.1, 10.0),
)
def test_stable_learning_rates_converge_on_a_parabola(curvature, lr_times_curvature, x0):
    # for f = a/2 x^2, plain descent contracts by |1 - lr a| < 1 exactly when lr a < 2
    result = mc.gradient_descent(
        lambda x: curvature * x, x0, lr=lr_times_curvature / curvature, steps=20000
    )
    assert result.converged and not result.diverged
    assert np.all(np.diff(np.abs(result.path[:, 0])) <= 0)


@settings(max_examples=40, deadline=None)
@given(
    curvature=st.floats(0.1, 100.0),
    lr_times_curvature=st.floats(2.5, 10.0),
    x0=st.floats(0.1, 10.0),
)
def test_unstable_learning_rates_diverge_on_a_parabola(curvature, lr_times_curvature, x0):
    result, caught = _descend_catching(
        lambda x: curvature * x, x0, lr=lr_times_curvature / curvature, steps=2000
    )
    assert result.diverged and not result.converged
    assert len(caught) == 1
    assert abs(result.x) <= EXPLODE_FACTOR * (1 + x0)


def test_zero_steps_only_looks_at_the_start():
    result = mc.gradient_descent(lambda x: 2 * x, np.array([1.0, 2.0]), lr=0.1, steps=0)
    assert result.n_steps == 0 and result.path.shape == (1, 2)
    assert result.grad_norm == pytest.approx(2 * math.sqrt(5))


def test_result_is_frozen_and_prints_briefly():
    result = mc.gradient_descent(lambda x: x, np.ones(500), lr=0.5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.x = 0.0
    text = repr(result)
    assert "converged=True" in text and "path: " in text and len(text) < 300


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"lr": 0.0}, ValueError, "lr must be positive"),
        ({"lr": -0.1}, ValueError, "lr must be positive"),
        ({"lr": math.inf}, ValueError, "lr must be finite"),
        ({"lr": "big"}, TypeError, "lr must be a real number"),
        ({"lr": 0.1, "steps": -1}, ValueError, "steps must be a non-negative integer"),
        ({"lr": 0.1, "steps": 2.5}, TypeError, "steps"),
        ({"lr": 0.1, "tol": -1e-3}, ValueError, "tol must be non-negative"),
        ({"lr": 0.1, "method": "sgd"}, ValueError, "method must be one of"),
        ({"lr": 0.1, "method": "momentum", "momentum": 1.0}, ValueError, "momentum must be"),
        ({"lr": 0.1, "method": "adam", "betas": (0.9, -0.1)}, ValueError, r"betas\[1\]"),
        ({"lr": 0.1, "f": "x**2"}, TypeError, "f must be a callable"),
    ],
)
def test_bad_arguments_are_named(kwargs, error, message):
    with pytest.raises(error, match=message):
        mc.gradient_descent(lambda x: 2 * x, 1.0, **kwargs)


def test_bad_grad_and_start_are_explained():
    with pytest.raises(TypeError, match="grad must be a callable"):
        mc.gradient_descent([1.0], 1.0, lr=0.1)
    with pytest.raises(ValueError, match=r"shaped like x0, \(2,\), got shape \(3,\) at x0"):
        mc.gradient_descent(lambda x: np.ones(3), np.ones(2), lr=0.1)
    with pytest.raises(ValueError, match=r"got shape \(\) at the iterate of step 1"):
        mc.gradient_descent(lambda x: x if x[0] == 1 else 0.0, np.ones(2), lr=0.1)
    with pytest.raises(TypeError, match="grad must return numbers"):
        mc.gradient_descent(lambda x: "slope", 1.0, lr=0.1)
    with pytest.raises(ValueError, match=r"grad\(x0\) must be finite"):
        mc.gradient_descent(lambda x: math.inf, 1.0, lr=0.1)
    with pytest.raises(ValueError, match=r"f\(x0\) must be finite"):
        mc.gradient_descent(lambda x: 1.0, 1.0, lr=0.1, f=lambda x: math.nan)
    with pytest.raises(TypeError, match="f must return a real number"):
        mc.gradient_descent(lambda x: 1.0, 1.0, lr=0.1, f=lambda x: [x, x])
    with pytest.raises(ValueError, match="x0 must contain only finite"):
        mc.gradient_descent(lambda x: x, [1.0, math.nan], lr=0.1)
    with pytest.raises(TypeError, match="x0"):
        mc.gradient_descent(lambda x: x, "1.0", lr=0.1)


# --- batches -------------------------------------------------------------------------

X_ROWS = np.repeat(np.arange(10.0)[:, None], 2, axis=1)  # row i is [i, i]
Y_ROWS = np.arange(10.0)


@pytest.mark.parametrize(("batch_size", "sizes"), [(10, [10]), (1, [1] * 10), (3, [3, 3, 3, 1])])
def test_batches_cover_every_row_once(batch_size, sizes):
    got = list(batches(X_ROWS, Y_ROWS, batch_size, seed=1))
    assert [len(yb) for _, yb in got] == sizes
    ys = np.concatenate([yb for _, yb in got])
    np.testing.assert_array_equal(np.sort(ys), Y_ROWS)
    for xb, yb in got:
        np.testing.assert_array_equal(xb[:, 0], yb)  # rows stay paired with labels


def test_batches_shuffle_by_seed():
    def order(**kwargs):
        return np.concatenate([yb for _, yb in batches(X_ROWS, Y_ROWS, 4, **kwargs)])

    np.testing.assert_array_equal(order(shuffle=False), Y_ROWS)
    np.testing.assert_array_equal(order(seed=3), order(seed=3))
    assert not np.array_equal(order(seed=3), order(seed=4))
    assert not np.array_equal(order(seed=3), Y_ROWS)
    np.testing.assert_array_equal(order(seed=3), np.random.default_rng(3).permutation(10))
    rng = np.random.default_rng(0)
    assert not np.array_equal(order(seed=rng), order(seed=rng))  # new order each epoch


@given(n=st.integers(1, 60), data=st.data())
def test_batches_partition_any_data_set(n, data):
    batch_size = data.draw(st.integers(1, n))
    got = [yb for _, yb in batches(np.zeros((n, 3)), np.arange(n), batch_size, seed=0)]
    assert len(got) == math.ceil(n / batch_size)
    assert all(len(b) == batch_size for b in got[:-1]) and 1 <= len(got[-1]) <= batch_size
    np.testing.assert_array_equal(np.sort(np.concatenate(got)), np.arange(n))


def test_batches_refuse_bad_arguments_at_once():
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        batches(X_ROWS, Y_ROWS, 0)
    with pytest.raises(ValueError, match=r"at most len\(X\) = 10"):
        batches(X_ROWS, Y_ROWS, 11)
    with pytest.raises(TypeError, match="batch_size"):
        batches(X_ROWS, Y_ROWS, 2.0)
    with pytest.raises(ValueError, match="same number of rows, got 10 and 9"):
        batches(X_ROWS, Y_ROWS[:9], 2)
    with pytest.raises(TypeError, match="seed"):
        batches(X_ROWS, Y_ROWS, 2, seed="zero")
    with pytest.raises(TypeError, match="shuffle"):
        batches(X_ROWS, Y_ROWS, 2, shuffle="yes")
    with pytest.raises(ValueError, match="one row per example"):
        batches(3.0, 1.0, 1)


def test_gradient_descent_refuses_what_is_not_a_number_rather_than_coercing_it():
    # None used to surface as "grad(x0) must be finite" or, later in a run, as a false
    # DivergenceWarning; "1.5" was parsed and True taken as 1.0.
    with pytest.raises(TypeError, match="grad must return numbers shaped like x0, got NoneType"):
        mc.gradient_descent(lambda x: None, 1.0, lr=0.1)
    with pytest.raises(TypeError, match="at the iterate of step 1"):
        mc.gradient_descent(lambda x: 2 * x if x == 1.0 else None, 1.0, lr=0.1)
    for returned in ("1.5", True, 2.0 + 0j):
        with pytest.raises(TypeError, match="grad must return numbers"):
            mc.gradient_descent(lambda x, r=returned: r, 1.0, lr=0.1)
    for value in (True, "1.0"):
        with pytest.raises(TypeError, match="f must return a real number"):
            mc.gradient_descent(lambda x: 2 * x, 1.0, lr=0.1, f=lambda x, v=value: v)
    result = mc.gradient_descent(lambda x: [2 * x[0], 2 * x[1]], [1.0, 2.0], lr=0.5, steps=1)
    np.testing.assert_array_equal(result.x, [0.0, 0.0])  # a list of floats is a gradient


def test_norms_beyond_1e154_neither_overflow_nor_fake_a_divergence():
    # The squares of such norms overflow; the iterates and gradients themselves do not.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = mc.gradient_descent(lambda x: 2 * x, 5e299, lr=0.25, steps=3)
        assert not result.diverged
        assert result.x == pytest.approx(5e299 / 8, rel=1e-15)
        result = mc.gradient_descent(lambda x: np.full(2, 1e200), [1.0, 1.0], lr=0.1, steps=0)
        assert result.grad_norm == pytest.approx(math.sqrt(2) * 1e200, rel=1e-15)
        tiny = mc.gradient_descent(lambda x: np.full(2, 1e-170), [1.0, 1.0], lr=0.1, steps=2, tol=0)
        assert not tiny.converged  # tol=0 asks for an exactly zero gradient
        assert tiny.grad_norm == pytest.approx(math.sqrt(2) * 1e-170, rel=1e-15)


def test_f_returning_a_complex_number_is_refused_not_cut_to_its_real_part():
    for value in (1.0 + 1j, np.complex128(2.0), np.array([1.0, 2.0])):
        with pytest.raises(TypeError, match="f must return a real number"):
            mc.gradient_descent(lambda x: 2 * x, 1.0, lr=0.1, f=lambda x, v=value: v)
    result = mc.gradient_descent(lambda x: 2 * x, 1.0, lr=0.1, steps=1, f=lambda x: np.array(x * x))
    np.testing.assert_allclose(result.values, [1.0, 0.64], rtol=1e-15)


def test_momentum_and_betas_are_checked_whatever_the_method():
    with pytest.raises(ValueError, match=r"momentum must be in \[0, 1\)"):
        mc.gradient_descent(lambda x: 2 * x, 1.0, lr=0.1, momentum=1.5)
    with pytest.raises(TypeError, match="betas must be a pair"):
        mc.gradient_descent(lambda x: 2 * x, 1.0, lr=0.1, method="momentum", betas=0.9)


def test_step_and_batches_name_the_bad_argument():
    with pytest.raises(TypeError, match="params must be a list of arrays"):
        SGD(lr=0.1).step(None, [np.ones(2)])
    with pytest.raises(TypeError, match="grads must be a list of arrays"):
        SGD(lr=0.1).step([np.ones(2)], 3.0)
    with pytest.raises(ValueError, match="seed must be a non-negative integer, got -1"):
        batches(X_ROWS, Y_ROWS, 2, seed=-1)


def test_a_setting_never_assigned_is_an_attribute_error():
    class Forgetful(SGD):
        def __init__(self):  # does not call super().__init__
            pass

    opt = Forgetful()
    assert not hasattr(opt, "lr")
    with pytest.raises(AttributeError, match="Forgetful has no lr set yet"):
        opt.lr  # noqa: B018


def test_divergence_watch_on_a_loss_warns_once_naming_the_learning_rate():
    watch = DivergenceWatch(2.0, lr=0.05, name="training", symbol="loss", unit="epoch")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert watch.check(1.0, 1) and watch.check(3e12, 2)  # below 1e12 * (1 + 2)
        assert not watch.check(math.inf, 3)
        watch.stop("the gradient became inf or NaN", 4)  # a second reason: no second warning
        assert not watch.check(math.nan, 5)
    assert [w.category for w in caught] == [DivergenceWarning]
    assert str(caught[0].message) == (
        "training diverged at epoch 3 with lr=0.05: loss became inf or NaN. The result stops "
        "at epoch 2; try a smaller learning rate."
    )
    assert caught[0].filename == __file__  # the warning points at the caller, not at mlcalc
    assert watch.diverged and watch.reason == "loss became inf or NaN"


def test_divergence_watch_explodes_past_the_factor_unless_told_not_to():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        watch = DivergenceWatch(np.array([3.0, 4.0]), lr=1.0)  # limit 1e12 * (1 + 5)
        assert watch.check(np.array([0.0, 5.9e12]), 1)
        assert not watch.check(np.array([0.0, 6.1e12]), 2)
        patient = DivergenceWatch(1.0, lr=1.0, factor=None)
        assert patient.check(1e300, 1) and not patient.check(-math.inf, 2)
    assert watch.reason == "|x| grew past 1e+12 * (1 + |x0|)"
    assert patient.reason == "x became inf or NaN"
    assert len(caught) == 2


def test_gradient_descent_warning_points_at_the_callers_line():
    _, caught = _descend_catching(lambda x: 2 * x, 1.0, lr=1.5)
    assert caught[0].filename == __file__


def test_optimizer_update_is_the_rule_without_checks():
    opt = Momentum(lr=0.1, beta=0.5)
    first = opt.update(np.array([1.0]))
    second = opt.update(np.array([1.0]))
    np.testing.assert_allclose([first[0], second[0]], [0.1, 0.15])  # v = 1, then 0.5 + 1


def test_divergence_watch_told_how_far_the_value_moved_measures_only_past_the_limit():
    watch = DivergenceWatch(np.array([1.0]), lr=0.1)  # limit 1e12 * (1 + 1)
    row = np.array([1.0])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert all(watch.check(row, k, moved=1e10) for k in range(1, 150))
        assert watch.bound == pytest.approx(1.0 + 149e10)  # never measured: the bound held
        assert watch.check(row, 150, moved=1e12)  # the bound passed 2e12: measured, |row| = 1
        assert watch.bound == 1.0
        # a value that really exploded is caught as soon as the bound lets it be measured
        assert not watch.check(np.array([3e12]), 151, moved=3e12)
    assert len(caught) == 1 and "step 151" in str(caught[0].message)
