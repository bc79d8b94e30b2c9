"""Classifier losses from logits, checked against torch (float64) and their defining laws."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import mlcalc as mc

RNG = np.random.default_rng(20250110)


def _torch_cross_entropy(labels, logits):
    z = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    value = F.cross_entropy(z, torch.tensor(labels, dtype=torch.int64))
    value.backward()
    return value.item(), z.grad.numpy()


def _torch_bce_logits(y, z):
    z_t = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    value = F.binary_cross_entropy_with_logits(z_t, torch.tensor(y, dtype=torch.float64))
    value.backward()
    return value.item(), z_t.grad.numpy()


@pytest.mark.parametrize(("n", "k", "scale"), [(1, 2, 1.0), (7, 3, 3.0), (50, 10, 30.0)])
def test_cross_entropy_matches_torch(n, k, scale):
    logits = scale * RNG.standard_normal((n, k))
    labels = RNG.integers(0, k, n)
    value, grad = _torch_cross_entropy(labels, logits)
    assert mc.cross_entropy(labels, logits) == pytest.approx(value, rel=1e-12, abs=1e-15)
    np.testing.assert_allclose(mc.cross_entropy_grad(labels, logits), grad, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("shape", [(1,), (9,), (6, 3)])
def test_binary_cross_entropy_with_logits_matches_torch(shape):
    z = 4.0 * RNG.standard_normal(shape)
    # hard labels and soft targets
    y = np.where(RNG.random(shape) < 0.5, RNG.integers(0, 2, shape), RNG.random(shape))
    value, grad = _torch_bce_logits(y, z)
    assert mc.binary_cross_entropy_with_logits(y, z) == pytest.approx(value, rel=1e-12, abs=1e-15)
    np.testing.assert_allclose(
        mc.binary_cross_entropy_with_logits_grad(y, z), grad, rtol=1e-12, atol=1e-15
    )


def test_huge_logits_are_finite_without_warnings_and_match_torch():
    logits = np.array([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 999.0], [0.0, 0.0, -1000.0]])
    labels = np.array([1, 2, 0])
    z = np.array([1000.0, -1000.0, 1000.0, -1000.0])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        probabilities = mc.softmax(logits)
        ce, ce_grad = mc.cross_entropy(labels, logits), mc.cross_entropy_grad(labels, logits)
        bce = mc.binary_cross_entropy_with_logits(y, z)
        bce_grad = mc.binary_cross_entropy_with_logits_grad(y, z)
    for array in (probabilities, ce, ce_grad, bce, bce_grad):
        assert np.all(np.isfinite(array))
    # row 0: label 1 scores 2000 below the best; row 1: 1 below; row 2: log 2 + tiny
    assert ce == pytest.approx((2000.0 + (1.0 + np.log1p(np.exp(-1.0))) + np.log(2.0)) / 3)
    assert bce == pytest.approx(1000.0 / 2)  # two wrong by 1000, two right by 1000
    np.testing.assert_array_equal(bce_grad, [0.25, -0.25, 0.0, 0.0])
    assert ce == pytest.approx(_torch_cross_entropy(labels, logits)[0], rel=1e-12)
    np.testing.assert_allclose(ce_grad, _torch_cross_entropy(labels, logits)[1], atol=1e-15)
    assert bce == pytest.approx(_torch_bce_logits(y, z)[0], rel=1e-12)


def test_softmax_matches_torch_row_by_row_and_takes_one_vector():
    z = 5.0 * RNG.standard_normal((4, 6))
    np.testing.assert_allclose(
        mc.softmax(z), torch.softmax(torch.tensor(z), dim=1).numpy(), rtol=1e-13, atol=1e-300
    )
    np.testing.assert_allclose(mc.softmax(z[2]), mc.softmax(z)[2], rtol=1e-15)
    assert mc.softmax([0.0, 0.0]).tolist() == [0.5, 0.5]


def test_gradients_are_the_formulas_of_the_book():
    logits = RNG.standard_normal((5, 3))
    labels = np.array([0, 2, 1, 1, 0])
    one_hot = np.eye(3)[labels]
    np.testing.assert_allclose(
        mc.cross_entropy_grad(labels, logits), (mc.softmax(logits) - one_hot) / 5, rtol=1e-13
    )
    z, y = RNG.standard_normal(8), RNG.integers(0, 2, 8).astype(float)
    np.testing.assert_allclose(
        mc.binary_cross_entropy_with_logits_grad(y, z), (mc.sigmoid(z) - y) / 8, rtol=1e-13
    )
    # and the loss from logits is the probability loss of the sigmoid's output
    assert mc.binary_cross_entropy_with_logits(y, z) == pytest.approx(
        mc.binary_cross_entropy(y, mc.sigmoid(z)), rel=1e-12
    )


def test_cross_entropy_gradient_matches_central_differences():
    logits = RNG.standard_normal((3, 4))
    labels = np.array([3, 0, 1])
    numerical = mc.gradient(
        lambda flat: mc.cross_entropy(labels, flat.reshape(3, 4)), logits.ravel()
    )
    np.testing.assert_allclose(
        mc.cross_entropy_grad(labels, logits).ravel(), numerical, rtol=1e-7, atol=1e-10
    )


def test_whole_float_labels_are_accepted():
    logits = RNG.standard_normal((3, 2))
    assert mc.cross_entropy([0.0, 1.0, 1.0], logits) == mc.cross_entropy([0, 1, 1], logits)


@given(arrays(np.float64, (3, 4), elements=st.floats(-1e3, 1e3)), st.floats(-1e3, 1e3))
def test_softmax_and_cross_entropy_laws(logits, shift):
    p = mc.softmax(logits)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-14)
    assert np.all(p >= 0.0)
    labels = np.array([0, 1, 2])
    value = mc.cross_entropy(labels, logits)
    assert value >= 0.0
    # adding the same number to every score of a row changes nothing
    assert mc.cross_entropy(labels, logits + shift) == pytest.approx(value, rel=1e-9, abs=1e-9)
    np.testing.assert_allclose(mc.cross_entropy_grad(labels, logits).sum(axis=1), 0.0, atol=1e-15)


@pytest.mark.parametrize("loss", [mc.cross_entropy, mc.cross_entropy_grad])
def test_cross_entropy_refuses_bad_labels_and_logits(loss):
    logits = np.zeros((3, 4))
    with pytest.raises(ValueError, match=r"labels must lie in 0 \.\. 3.* got 4"):
        loss([0, 1, 4], logits)
    with pytest.raises(ValueError, match=r"labels must lie in 0 \.\. 3.* got -1"):
        loss([0, -1, 2], logits)
    with pytest.raises(ValueError, match="labels must be whole numbers.*0.5"):
        loss([0.5, 1.0, 2.0], logits)
    with pytest.raises(ValueError, match="whole numbers.*nan"):
        loss([np.nan, 1.0, 2.0], logits)
    with pytest.raises(TypeError, match="labels must be integer class labels"):
        loss(["a", "b", "c"], logits)
    with pytest.raises(TypeError, match="labels must be integer class labels"):
        loss([True, False, True], logits)
    with pytest.raises(
        ValueError, match=r"one class label per example, shape \(3,\), got shape \(2,\)"
    ):
        loss([0, 1], logits)
    with pytest.raises(ValueError, match=r"shape \(3,\), got shape \(3, 1\)"):
        loss([[0], [1], [2]], logits)
    with pytest.raises(ValueError, match=r"logits must be 2-D.*logits\[None, :\]"):
        loss([1], np.zeros(4))
    with pytest.raises(ValueError, match="logits must contain only finite"):
        loss([0, 1, 2], np.full((3, 4), np.nan))
    with pytest.raises(TypeError, match="labels must be"):
        loss(None, logits)


@pytest.mark.parametrize(
    "loss", [mc.binary_cross_entropy_with_logits, mc.binary_cross_entropy_with_logits_grad]
)
def test_binary_cross_entropy_with_logits_refuses_bad_input(loss):
    with pytest.raises(ValueError, match="same shape"):
        loss([1.0, 0.0], [0.5])
    with pytest.raises(ValueError, match=r"y must hold labels \(0 or 1\).*got 2.0"):
        loss([2.0], [0.5])
    with pytest.raises(ValueError, match="z must contain only finite"):
        loss([1.0], [np.inf])
    with pytest.raises(TypeError, match="z must"):
        loss([1.0], ["a"])


def test_softmax_refuses_bad_input():
    with pytest.raises(ValueError, match="z must be a vector of scores or a 2-D array"):
        mc.softmax(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="z must contain only finite"):
        mc.softmax([np.nan, 1.0])
    with pytest.raises(TypeError, match="z must"):
        mc.softmax("scores")
