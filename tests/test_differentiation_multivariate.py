"""gradient, jacobian and check_grad (mlcalc/differentiation/multivariate.py) against
torch.autograd."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from differentiation_fields import (
    POINTS,
    _numpy_scalar,
    _numpy_vector,
    _scalar_field,
    _torch,
    _vector_field,
)

import mlcalc as mc

# --- gradient, jacobian, hessian against torch.autograd --------------------------------------


@pytest.mark.parametrize(
    "method, rtol", [("auto", 1e-13), ("complex", 1e-13), ("richardson", 1e-10), ("central", 1e-8)]
)
def test_gradient_matches_torch_autograd(method, rtol):
    for point in POINTS:
        v = _torch(point)
        _scalar_field(v, torch).backward()
        expected = v.grad.numpy()
        result = mc.gradient(_numpy_scalar, point, method=method)
        np.testing.assert_allclose(result, expected, rtol=rtol, atol=rtol)


@pytest.mark.parametrize(
    "method, rtol", [("auto", 1e-13), ("complex", 1e-13), ("richardson", 1e-10), ("central", 1e-8)]
)
def test_jacobian_matches_torch_autograd(method, rtol):
    for point in POINTS:
        expected = torch.autograd.functional.jacobian(
            lambda v: _vector_field(v, torch), torch.tensor(point, dtype=torch.float64)
        ).numpy()
        result = mc.jacobian(_numpy_vector, point, method=method)
        assert result.shape == (4, 3)
        np.testing.assert_allclose(result, expected, rtol=rtol, atol=rtol)


def test_jacobian_checks_the_complex_step_output_by_output():
    def f(v):
        return np.array([np.sin(v[0]) * v[1], np.abs(v[0]) * v[1] ** 2, np.maximum(v[1], 0) * v[0]])

    x = np.array([-0.7, 1.3])
    expected = np.array(
        [[np.cos(-0.7) * 1.3, np.sin(-0.7)], [-(1.3**2), 2 * 0.7 * 1.3], [1.3, -0.7]]
    )
    np.testing.assert_allclose(mc.jacobian(f, x), expected, rtol=1e-12, atol=1e-14)
    assert mc.gradient(lambda v: np.abs(v[0]) * v[1] ** 2, x) == pytest.approx(expected[1])


def test_auto_costs_a_few_calls_on_smooth_functions():
    # The documented budget: f(x), two complex calls and two real ones; eight near an edge.
    for f, x, budget in [(np.sin, 0.7, 5), (np.exp, -3.0, 5), (np.sqrt, 1e-4, 8)]:
        calls = []

        def counted(t, f=f, calls=calls):
            calls.append(t)
            return f(t)

        mc.derivative(counted, x)
        assert len(calls) <= budget


def test_shapes_follow_x_and_the_outputs():
    weights = np.arange(6.0).reshape(2, 3) / 10
    grad = mc.gradient(lambda w: np.sum(w**2), weights)
    assert grad.shape == (2, 3)
    np.testing.assert_allclose(grad, 2 * weights, rtol=1e-15, atol=1e-15)
    assert mc.jacobian(lambda v: np.sum(v**2), [1.0, 2.0]).shape == (1, 2)
    assert mc.jacobian(lambda v: np.outer(v, v), [1.0, 2.0]).shape == (4, 2)
    assert mc.hessian(lambda w: np.sum(w**3), weights).shape == (6, 6)


def test_check_grad_separates_right_from_wrong_gradients():
    def f(v):
        return _scalar_field(v, np)

    def right(v):
        t = _torch(v)
        _scalar_field(t, torch).backward()
        return t.grad.numpy()

    def wrong(v):
        g = right(v)
        g[1] *= 1.001
        return g

    point = POINTS[0]
    assert mc.check_grad(f, right, point) < 1e-12
    assert mc.check_grad(f, wrong, point) == pytest.approx(1e-3, rel=1e-6)
    assert mc.check_grad(lambda v: 5.0 + 0 * np.sum(v), lambda v: np.zeros(2), [1.0, 2.0]) == 0.0
