"""The Hessian (mlcalc/differentiation/hessian.py) against torch.autograd, and its
refusal of kinks."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from differentiation_fields import (
    POINTS,
    _numpy_scalar,
    _scalar_field,
)

import mlcalc as mc


@pytest.mark.parametrize("method", ["auto", "richardson"])
def test_hessian_refuses_a_kink_instead_of_returning_a_number(method):
    # The second difference of |x| at 0 is 2/h: it grows without bound as h shrinks, and a
    # table that never settles must not end on a number (it used to return 37.3).
    with pytest.raises(ValueError, match=r"finite second derivatives at x: .*H\[0, 0\]"):
        mc.hessian(lambda v: np.sum(np.abs(v)), [0.0, 1.0], method=method)
    with pytest.raises(ValueError, match=r"finite second derivatives at x: .*H\[1, 1\]"):
        mc.hessian(lambda v: v[0] ** 2 + np.maximum(v[1], 0.0), [1.0, 0.0], method=method)
    # Where f is smooth the same code has its Hessian: |x|^3 at x != 0 is 6|x|.
    np.testing.assert_allclose(
        mc.hessian(lambda v: np.sum(np.abs(v) ** 3), [0.5, -1.0], method=method),
        np.diag([3.0, 6.0]),
        atol=1e-8,
    )


@pytest.mark.parametrize(
    "method, rtol",
    [
        ("auto", 1e-11),
        ("complex", 1e-8),
        ("richardson", 1e-8),
        ("central", 1e-6),
        ("forward", 1e-3),
        ("backward", 1e-3),
    ],
)
def test_hessian_matches_torch_autograd_and_is_symmetric(method, rtol):
    for point in POINTS[:2]:
        expected = torch.autograd.functional.hessian(
            lambda v: _scalar_field(v, torch), torch.tensor(point, dtype=torch.float64)
        ).numpy()
        result = mc.hessian(_numpy_scalar, point, method=method)
        np.testing.assert_array_equal(result, result.T)
        scale = np.max(np.abs(expected))
        np.testing.assert_allclose(result, expected, rtol=rtol, atol=rtol * scale)


def test_hessian_of_non_analytic_code_falls_back_to_real_differences():
    # |x0| x1^2 + x0 x1: the complex step is wrong on |x0|; away from x0 = 0 the Hessian is
    # [[0, 2 sign(x0) x1 + 1], [2 sign(x0) x1 + 1, 2|x0|]].
    def f(v):
        return np.abs(v[0]) * v[1] ** 2 + v[0] * v[1]

    x = np.array([-0.8, 1.3])
    expected = np.array([[0.0, -2 * 1.3 + 1], [-2 * 1.3 + 1, 2 * 0.8]])
    np.testing.assert_allclose(mc.hessian(f, x), expected, rtol=1e-8, atol=1e-8)


def test_the_hessian_steps_past_a_nearby_kink():
    h = mc.hessian(lambda v: np.maximum(v[0], 0) ** 2 * v[1], [1e-4, 2.0])
    np.testing.assert_allclose(h, [[4.0, 2e-4], [2e-4, 0.0]], rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize(
    ("f", "x"),
    [
        (lambda v: np.abs(v[0]) + v[1] ** 2, [0.0, 1.0]),
        (lambda v: np.abs(v[0]) * v[1], [0.0, 2.0]),
    ],
)
def test_auto_does_not_hide_a_kink_behind_the_complex_step(f, x):
    # abs drops the imaginary part, so the complex-step gradient misses the kink; the
    # documented promise is a ValueError, as richardson gives.
    for method in ("auto", "richardson"):
        with pytest.raises(ValueError, match="finite second derivatives"):
            mc.hessian(f, x, method=method)
