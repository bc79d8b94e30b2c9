"""Losses and their gradients, checked against torch (float64) and closed forms."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import mlcalc as mc
from mlcalc.losses import EPS

RNG = np.random.default_rng(20240606)

TORCH_LOSSES = {
    "mse": (mc.mse, mc.mse_grad, torch.nn.functional.mse_loss),
    "mae": (mc.mae, mc.mae_grad, torch.nn.functional.l1_loss),
    "bce": (
        mc.binary_cross_entropy,
        mc.binary_cross_entropy_grad,
        torch.nn.functional.binary_cross_entropy,
    ),
}


def _torch_value_and_grad(torch_loss, y, y_hat):
    y_hat_t = torch.tensor(y_hat, dtype=torch.float64, requires_grad=True)
    value = torch_loss(y_hat_t, torch.tensor(y, dtype=torch.float64))
    value.backward()
    return value.item(), y_hat_t.grad.numpy()


def _sample(kind, shape):
    if kind == "bce":
        # labels 0/1 and soft targets, probabilities away from the clipping zone
        y = np.where(RNG.random(shape) < 0.5, RNG.integers(0, 2, shape), RNG.random(shape))
        return y.astype(float), RNG.uniform(0.01, 0.99, shape)
    return RNG.normal(size=shape), RNG.normal(size=shape)


@pytest.mark.parametrize("kind", sorted(TORCH_LOSSES))
@pytest.mark.parametrize("shape", [(1,), (7,), (4, 3)])
def test_value_and_gradient_match_torch(kind, shape):
    loss, loss_grad, torch_loss = TORCH_LOSSES[kind]
    y, y_hat = _sample(kind, shape)
    expected_value, expected_grad = _torch_value_and_grad(torch_loss, y, y_hat)
    assert loss(y, y_hat) == pytest.approx(expected_value, rel=1e-13, abs=1e-15)
    grad = loss_grad(y, y_hat)
    assert grad.shape == y_hat.shape
    np.testing.assert_allclose(grad, expected_grad, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("kind", sorted(TORCH_LOSSES))
def test_gradient_matches_central_differences(kind):
    loss, loss_grad, _ = TORCH_LOSSES[kind]
    y, y_hat = _sample(kind, (5,))
    h = 1e-6
    numerical = np.empty_like(y_hat)
    for i in range(y_hat.size):
        up, down = y_hat.copy(), y_hat.copy()
        up[i] += h
        down[i] -= h
        numerical[i] = (loss(y, up) - loss(y, down)) / (2 * h)
    np.testing.assert_allclose(loss_grad(y, y_hat), numerical, rtol=1e-6, atol=1e-9)


def test_small_cases_by_hand():
    assert mc.mae([1.0, 2.0], [1.0, 4.0]) == 1.0
    assert mc.binary_cross_entropy([1.0], [0.5]) == pytest.approx(np.log(2.0))
    assert mc.binary_cross_entropy([0.0, 1.0], [0.0, 1.0]) == pytest.approx(0.0, abs=1e-11)


def test_mae_grad_is_zero_where_prediction_is_exact():
    y = np.array([1.0, 2.0, 3.0, 4.0])
    y_hat = np.array([1.0, 2.5, 3.0, 3.0])
    np.testing.assert_array_equal(mc.mae_grad(y, y_hat), [0.0, 0.25, 0.0, -0.25])
    # torch's l1_loss gives the same subgradient at the kink
    _, torch_grad = _torch_value_and_grad(torch.nn.functional.l1_loss, y, y_hat)
    np.testing.assert_array_equal(mc.mae_grad(y, y_hat), torch_grad)


def test_cross_entropy_is_finite_at_certain_predictions():
    y = np.array([1.0, 0.0, 1.0, 0.0])
    y_hat = np.array([0.0, 1.0, 1.0, 0.0])  # two confident mistakes, two exact hits
    value = mc.binary_cross_entropy(y, y_hat)
    assert np.isfinite(value)
    # a mistake costs -log(EPS) (1 - EPS is rounded in float64, hence log1p); a hit ~EPS
    assert value == pytest.approx(-(np.log(EPS) + np.log1p(-(1.0 - EPS))) / 4, rel=1e-12)
    assert value == pytest.approx(2 * 27.631 / 4, rel=1e-4)
    grad = mc.binary_cross_entropy_grad(y, y_hat)
    assert np.all(np.isfinite(grad))
    # wrong answers are pushed the right way, hard; right answers barely move
    assert grad[0] < -1e10 and grad[1] > 1e10
    np.testing.assert_allclose(grad[2:], [-0.25, 0.25], rtol=1e-9)


def test_cross_entropy_grad_through_sigmoid_is_residual():
    z = RNG.normal(size=6)
    y = RNG.integers(0, 2, 6).astype(float)
    p = mc.sigmoid(z)
    chained = mc.binary_cross_entropy_grad(y, p) * mc.sigmoid_prime(z)
    np.testing.assert_allclose(chained, (p - y) / 6, rtol=1e-10)


@given(
    arrays(np.float64, st.integers(1, 20), elements=st.floats(0, 1)),
    arrays(np.float64, st.integers(1, 20), elements=st.floats(0, 1)),
)
def test_cross_entropy_is_finite_and_non_negative(y, y_hat):
    n = min(y.size, y_hat.size)
    y, y_hat = y[:n], y_hat[:n]
    value = mc.binary_cross_entropy(y, y_hat)
    assert np.isfinite(value)
    assert value >= -1e-12  # -[y log p + (1-y) log(1-p)] >= 0 for y, p in [0, 1]
    assert np.all(np.isfinite(mc.binary_cross_entropy_grad(y, y_hat)))


# No subnormal numbers: a mean of 5e-324 and seven zeros underflows to 0 in any float code.
@given(
    arrays(np.float64, 8, elements=st.floats(-1e6, 1e6, allow_subnormal=False)),
    arrays(np.float64, 8, elements=st.floats(-1e6, 1e6, allow_subnormal=False)),
)
def test_mae_and_mse_laws(y, y_hat):
    for loss in (mc.mae, mc.mse):
        assert loss(y, y_hat) == loss(y_hat, y)
    assert (mc.mae(y, y_hat) == 0.0) == bool(np.all(y == y_hat))
    # Jensen: the mean of the squares is at least the square of the mean
    assert mc.mse(y, y_hat) >= mc.mae(y, y_hat) ** 2 * (1 - 1e-12)


@pytest.mark.parametrize(
    "loss",
    [mc.mae, mc.mae_grad, mc.binary_cross_entropy, mc.binary_cross_entropy_grad],
)
def test_bad_input_is_refused(loss):
    with pytest.raises(ValueError, match="same shape"):
        loss([1.0, 0.0], [0.5])
    with pytest.raises(TypeError, match="y_hat"):
        loss([1.0], ["a"])
    with pytest.raises(TypeError, match="y must"):
        loss(None, [0.5])
    with pytest.raises(ValueError, match="y_hat must contain only finite"):
        loss([1.0], [np.nan])
    with pytest.raises(ValueError, match="empty"):
        loss([], [])


@pytest.mark.parametrize("loss", [mc.binary_cross_entropy, mc.binary_cross_entropy_grad])
def test_cross_entropy_refuses_values_outside_unit_interval(loss):
    with pytest.raises(ValueError, match=r"y_hat must hold probabilities in \[0, 1\], got 1.5"):
        loss([1.0, 0.0], [0.5, 1.5])
    with pytest.raises(ValueError, match="sigmoid"):
        loss([1.0], [-0.2])
    with pytest.raises(ValueError, match=r"y must hold labels .* got 2.0"):
        loss([2.0], [0.5])


def test_overflow_raises_naming_the_loss_never_inf():
    # The package's overflow rule (see mlcalc.functions): no inf from finite input.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for loss in (mc.mse, mc.mse_grad, mc.mae):
            with pytest.raises(OverflowError, match=f"{loss.__name__} overflows"):
                loss([1.7e308], [-1.7e308])
        np.testing.assert_array_equal(mc.mae_grad([1.7e308], [-1.7e308]), [-1.0])  # a sign
        assert mc.mse([1e150], [-1e150]) == pytest.approx(4e300)  # large but finite: fine
