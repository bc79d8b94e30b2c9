"""gradient_descent (mlcalc/optim/descent.py) against closed forms and torch.optim: the
path, convergence, divergence, and bad input."""

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
    DivergenceWarning,
)


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


def test_gradient_descent_warning_points_at_the_callers_line():
    _, caught = _descend_catching(lambda x: 2 * x, 1.0, lr=1.5)
    assert caught[0].filename == __file__
