"""mlcalc.nn.diagnostics: per-layer weight-gradient norms against torch.autograd, and
gradient-norm clipping against torch.nn.utils.clip_grad_norm_ and the laws it must keep."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import mlcalc as mc


def _torch_layer_norms(net: mc.nn.MLP, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """‖∂L/∂W_l‖ by torch.autograd for the same plain (dense + activation) network."""
    act = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu}[net.activation]
    weights = [torch.tensor(p, requires_grad=True) for p in net.params]
    a = torch.tensor(X)
    for i in range(0, len(weights), 2):
        a = a @ weights[i] + weights[i + 1]
        if i + 2 < len(weights):
            a = act(a)
    torch.mean((a - torch.tensor(y)) ** 2).backward()
    return np.array([torch.linalg.norm(w.grad).item() for w in weights[::2]])


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_weight_gradient_norms_match_autograd_layer_by_layer(activation):
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(16, 3)), rng.normal(size=(16, 1))
    net = mc.nn.MLP([3] + [8] * 6 + [1], activation, seed=2)
    out = net.forward(X)
    norms = mc.nn.weight_gradient_norms(net.backward(2 * (out - y) / out.size))
    assert norms.shape == (7,)
    np.testing.assert_allclose(norms, _torch_layer_norms(net, X, y), rtol=1e-10)


def test_weight_gradient_norms_skip_biases_and_layer_norm_parameters():
    net = mc.nn.MLP([2, 4, 4, 1], "tanh", norm="layer", residual=True, seed=0)
    out = net.forward(np.ones((3, 2)))
    grads = net.backward(np.ones_like(out))
    expected = [np.linalg.norm(g) for g in grads if g.ndim == 2]
    np.testing.assert_allclose(mc.nn.weight_gradient_norms(grads), expected, rtol=1e-14)
    assert len(expected) == 3


def test_weight_gradient_norms_refuses_what_is_not_a_list_of_gradients():
    with pytest.raises(TypeError, match="grads must be a list"):
        mc.nn.weight_gradient_norms(np.ones((2, 2)))
    with pytest.raises(ValueError, match="no 2-D array"):
        mc.nn.weight_gradient_norms([np.ones(3)])
    with pytest.raises(ValueError, match="empty"):
        mc.nn.weight_gradient_norms([])
    with pytest.raises(TypeError, match=r"grads\[1\]"):
        mc.nn.weight_gradient_norms([np.ones((2, 2)), "x"])


def test_clip_grad_norm_agrees_with_torch():
    rng = np.random.default_rng(3)
    grads = [rng.normal(size=(5, 4)) * 10, rng.normal(size=4), rng.normal(size=(4, 1))]
    for max_norm in [0.5, 3.0, 1e3]:
        clipped, norm = mc.nn.clip_grad_norm(grads, max_norm)
        tensors = [torch.zeros(g.shape, dtype=torch.float64, requires_grad=True) for g in grads]
        for t, g in zip(tensors, grads, strict=True):
            t.grad = torch.tensor(g)
        torch_norm = torch.nn.utils.clip_grad_norm_(tensors, max_norm)
        assert norm == pytest.approx(torch_norm.item(), rel=1e-12)
        for ours, t in zip(clipped, tensors, strict=True):
            # torch divides by norm + 1e-6: a relative difference of 1e-6 / norm at most
            np.testing.assert_allclose(ours, t.grad.numpy(), rtol=1e-6 / min(norm, 1.0))


finite_vectors = arrays(
    np.float64, st.integers(1, 12), elements=st.floats(-1e6, 1e6, allow_subnormal=False)
)


@given(finite_vectors, finite_vectors, st.floats(1e-3, 1e3))
@settings(max_examples=200, deadline=None)
def test_clipping_keeps_the_direction_and_caps_the_norm(a, b, max_norm):
    clipped, norm = mc.nn.clip_grad_norm([a, b], max_norm)
    joined = np.concatenate([a, b])
    largest = np.max(np.abs(joined))
    # np.linalg.norm squares tiny entries into zero (2e-215 squared underflows); scaled, not
    true_norm = largest * np.linalg.norm(joined / largest) if largest else 0.0
    assert norm == pytest.approx(true_norm, rel=1e-12, abs=1e-300)
    after = np.concatenate(clipped)
    assert np.linalg.norm(after) <= max_norm * (1 + 1e-12) or norm <= max_norm
    if norm <= max_norm:
        np.testing.assert_array_equal(after, joined)  # left alone
    else:
        assert np.linalg.norm(after) == pytest.approx(max_norm, rel=1e-12)
        # the same direction: a positive multiple of the original
        np.testing.assert_allclose(after * norm / max_norm, joined, rtol=1e-12, atol=1e-300)


def test_clip_grad_norm_returns_new_arrays_and_survives_huge_entries():
    g = np.array([3e200, 4e200])
    clipped, norm = mc.nn.clip_grad_norm([g], 1.0)
    assert norm == pytest.approx(5e200, rel=1e-14)
    np.testing.assert_allclose(clipped[0], [0.6, 0.8], rtol=1e-14)
    assert g[0] == 3e200  # the input is untouched
    zero, zero_norm = mc.nn.clip_grad_norm([np.zeros(3)], 1.0)
    assert zero_norm == 0.0 and not np.any(zero[0])


def test_clip_grad_norm_refuses_bad_input():
    with pytest.raises(ValueError, match="max_norm must be positive"):
        mc.nn.clip_grad_norm([np.ones(2)], 0.0)
    with pytest.raises(ValueError, match="max_norm"):
        mc.nn.clip_grad_norm([np.ones(2)], float("inf"))
    with pytest.raises(ValueError, match=r"grads\[1\] contains inf or NaN"):
        mc.nn.clip_grad_norm([np.ones(2), np.array([np.nan])], 1.0)
    with pytest.raises(TypeError, match="grads must be a list"):
        mc.nn.clip_grad_norm(np.ones(3), 1.0)
