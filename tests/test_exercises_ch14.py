"""Chapter 14's checkers: expected values against torch.autograd, exact arithmetic and an
independent computation, and the wrong answers a learner is likely to give. The generic
checks are in test_exercises_contract.py."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from mlcalc.exercises import ch14


def test_q1_expected_matches_autograd_and_refuses_the_bound():
    a0 = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
    a3 = a0
    for _ in range(3):
        a3 = torch.sigmoid(2 * a3)
    a3.backward()
    assert ch14.q1.expected == pytest.approx(a0.grad.item(), rel=1e-14)
    assert ch14.q1.expected < (2 / 4) ** 3
    assert not ch14.q1.check(0.125).correct  # (w/4)^3, the bound
    assert not ch14.q1.check(ch14.q1.expected / 8).correct  # the weights' 2^3 forgotten


def test_q2_expected_is_the_global_clip_and_refuses_per_array_clipping():
    g = np.array([3.0, -4.0, 12.0])
    np.testing.assert_allclose(ch14.q2.expected, g * 6.5 / np.linalg.norm(g), rtol=1e-15)
    params = [torch.zeros(2, dtype=torch.float64), torch.zeros(1, dtype=torch.float64)]
    params[0].grad = torch.tensor([3.0, -4.0], dtype=torch.float64)
    params[1].grad = torch.tensor([12.0], dtype=torch.float64)
    torch.nn.utils.clip_grad_norm_(params, 6.5)
    torch_clipped = torch.cat([p.grad for p in params]).numpy()
    np.testing.assert_allclose(ch14.q2.expected, torch_clipped, rtol=1e-6)
    assert not ch14.q2.check([3.0, -4.0, 6.5]).correct
    assert not ch14.q2.check([3.0, -4.0, 12.0]).correct  # not clipped at all


def test_q3_expected_matches_the_autograd_hessian():
    def loss(w):
        return 0.5 * (w[1] * w[0] - 1) ** 2

    hessian = torch.autograd.functional.hessian(loss, torch.zeros(2, dtype=torch.float64))
    eigenvalues = np.linalg.eigvalsh(hessian.numpy())
    np.testing.assert_allclose(ch14.q3.expected, eigenvalues, atol=1e-14)
    assert not ch14.q3.check([1.0, -1.0]).correct  # not smallest first
    assert not ch14.q3.check([0.0, 0.0]).correct


def test_q4_expected_is_two_to_the_thirty_nine():
    # ReLU is positively homogeneous: 20 factors of 2 forward, 19 more on the way back.
    assert ch14.q4.expected == pytest.approx(2.0**39, rel=1e-12)
    assert not ch14.q4.check(2.0**20).correct
    assert not ch14.q4.check(2.0**40).correct


def test_q5_reference_matches_torch_and_refuses_slips():
    for grads, max_norm in ch14.q5.points:
        params = [torch.zeros(g.shape, dtype=torch.float64) for g in grads]
        for p, g in zip(params, grads, strict=True):
            p.grad = torch.tensor(g)
        torch.nn.utils.clip_grad_norm_(params, max_norm)
        for ours, p in zip(ch14.q5.reference(grads, max_norm), params, strict=True):
            np.testing.assert_allclose(ours, p.grad.numpy(), rtol=1e-6)
    # left alone when short: one of the checker's lists must exercise that branch
    assert any(math.sqrt(sum(np.sum(g**2) for g in grads)) <= c for grads, c in ch14.q5.points)

    def always_scaled(grads, max_norm):
        norm = math.sqrt(sum(np.sum(g**2) for g in grads))
        return [g * max_norm / norm for g in grads]

    def in_place(grads, max_norm):
        norm = math.sqrt(sum(np.sum(g**2) for g in grads))
        for g in grads:
            g *= min(1.0, max_norm / norm)
        return grads

    assert not ch14.q5.check(always_scaled).correct
    assert ch14.q5.check(in_place).correct  # allowed, and it does not spoil the points
    assert ch14.q5.check(ch14.q5.reference).correct
