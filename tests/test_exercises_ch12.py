"""Chapter 12's checkers: expected values against torch.autograd and mpmath, and the wrong
answers a learner is likely to give. The generic checks are in test_exercises_contract.py."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import torch
import torch.nn.functional as F

import mlcalc as mc
from mlcalc.exercises import ch12


def test_q1_expected_is_torchs_gradient_of_one_example():
    w = torch.tensor(ch12.Q1_W, requires_grad=True)
    b = torch.tensor(ch12.Q1_B, dtype=torch.float64, requires_grad=True)
    z = torch.tensor(ch12.Q1_X) @ w + b
    F.binary_cross_entropy_with_logits(z, torch.tensor(ch12.Q1_Y, dtype=torch.float64)).backward()
    truth = np.append(w.grad.numpy(), b.grad.item())
    np.testing.assert_allclose(ch12.q1.expected, truth, rtol=1e-14)


def test_q1_refuses_the_usual_slips():
    p = 1 / (1 + np.exp(-0.5))
    x1 = np.append(ch12.Q1_X, 1.0)
    assert not ch12.q1.check((1 - p) * x1).correct  # y - p: the sign of the ascent direction
    assert not ch12.q1.check((p - 1) * p * (1 - p) * x1).correct  # the slope not cancelled
    assert not ch12.q1.check((p - 1) * ch12.Q1_X).correct  # the bias forgotten: wrong shape
    assert ch12.q1.check(np.round((p - 1) * x1, 5)).correct


def test_q2_expected_is_the_stationary_point_to_30_digits():
    mpmath.mp.dps = 40
    gamma = mpmath.mpf(ch12.Q2_GAMMA)
    loss = lambda w: mpmath.log(1 + mpmath.exp(-w)) + gamma * w**2  # noqa: E731
    root = mpmath.findroot(lambda w: mpmath.diff(loss, w), 1)
    assert ch12.q2.expected == pytest.approx(float(root), rel=1e-14)
    assert mpmath.diff(loss, root, 2) > 0  # a minimum
    assert ch12.q2.check(1.1775).correct
    assert not ch12.q2.check(ch12.q2.wrong_answer()).correct  # gamma w instead of 2 gamma w


def test_q3_expected_is_reproduced_by_a_torch_autograd_loop():
    X, y = mc.data.blobs(**ch12.Q3_DATA)
    Xt, yt = torch.tensor(X), torch.tensor(y)
    w = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    b = torch.zeros((), dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([w, b], lr=ch12.Q3_LR)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # ten thousand tiny steps: threads only add contention
    try:
        for _ in range(ch12.Q3_STEPS):
            optimizer.zero_grad()
            F.binary_cross_entropy_with_logits(Xt @ w + b, yt).backward()
            optimizer.step()
    finally:
        torch.set_num_threads(threads)
    assert ch12.q3.expected == pytest.approx(float(torch.linalg.norm(w.detach())), rel=1e-9)


def test_q3_refuses_the_norm_after_a_tenth_of_the_steps():
    X, y = mc.data.blobs(**ch12.Q3_DATA)
    A = np.hstack([X, np.ones((len(X), 1))])
    result = mc.gradient_descent(
        lambda t: A.T @ (mc.sigmoid(A @ t) - y) / len(y), np.zeros(3), lr=1.0, steps=1000, tol=0
    )
    assert not ch12.q3.check(np.linalg.norm(result.x[:2])).correct


def test_q4_reference_is_torchs_gradient_of_the_penalised_loss():
    for X, y, w, b, gamma in ch12.q4.points:
        wt = torch.tensor(w, requires_grad=True)
        bt = torch.tensor(b, dtype=torch.float64, requires_grad=True)
        loss = F.binary_cross_entropy_with_logits(torch.tensor(X) @ wt + bt, torch.tensor(y))
        (loss + gamma * (wt**2).sum()).backward()
        grad_w, grad_b = ch12.q4.reference(X, y, w, b, gamma)
        np.testing.assert_allclose(grad_w, wt.grad.numpy(), rtol=1e-12, atol=1e-15)
        assert grad_b == pytest.approx(bt.grad.item(), rel=1e-12, abs=1e-15)


def test_q4_refuses_the_usual_slips():
    assert "part 1 of 2" in ch12.q4.check(ch12.q4.wrong_answer())  # gamma w, not 2 gamma w

    def summed(X, y, w, b, gamma):  # the sum over examples instead of the mean
        error = mc.sigmoid(X @ w + b) - y
        return X.T @ error + 2 * gamma * w, error.sum()

    def bias_penalised(X, y, w, b, gamma):
        error = mc.sigmoid(X @ w + b) - y
        return X.T @ error / len(y) + 2 * gamma * w, error.mean() + 2 * gamma * b

    def through_squared_error(X, y, w, b, gamma):  # the sigmoid's slope not cancelled
        p = mc.sigmoid(X @ w + b)
        delta = 2 * (p - y) * p * (1 - p) / len(y)
        return X.T @ delta + 2 * gamma * w, delta.sum()

    for slip in (summed, bias_penalised, through_squared_error):
        assert not ch12.q4.check(slip).correct, slip.__name__
    assert ch12.q4.check(lambda *args: ch12.q4.reference(*args)).correct


def test_q5_reference_is_torchs_gradient_even_for_huge_scores():
    for X, labels, W, b in ch12.q5.points:
        Wt = torch.tensor(W, requires_grad=True)
        bt = torch.tensor(b, requires_grad=True)
        F.cross_entropy(torch.tensor(X) @ Wt + bt, torch.tensor(labels)).backward()
        grad_W, grad_b = ch12.q5.reference(X, labels, W, b)
        np.testing.assert_allclose(grad_W, Wt.grad.numpy(), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(grad_b, bt.grad.numpy(), rtol=1e-12, atol=1e-15)
    assert max(np.abs(X @ W + b).max() for X, _, W, b in ch12.q5.points) > 1000


def test_q5_refuses_overflow_and_a_missing_mean():
    feedback = ch12.q5.check(ch12.q5.wrong_answer())
    assert not feedback.correct and "nan" in feedback

    def summed(X, labels, W, b):
        grad_W, grad_b = ch12.q5.reference(X, labels, W, b)
        return grad_W * len(labels), grad_b * len(labels)

    assert not ch12.q5.check(summed).correct
