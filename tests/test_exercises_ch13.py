"""Chapter 13's checkers: expected values against torch.autograd, exact arithmetic and
simulation, and the wrong answers a learner is likely to give. The generic checks are in
test_exercises_contract.py."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import mlcalc as mc
from mlcalc.exercises import ch13


def test_q1_expected_matches_autograd_of_log_softmax():
    theta = torch.tensor([1.0, 0.0, -1.0], dtype=torch.float64, requires_grad=True)
    torch.log_softmax(theta, dim=0)[1].backward()
    np.testing.assert_allclose(ch13.q1.expected, theta.grad.numpy(), rtol=1e-14)
    assert not ch13.q1.check(mc.softmax([1.0, 0.0, -1.0])).correct  # the one-hot forgotten
    assert not ch13.q1.check([0.0, 1.0, 0.0]).correct  # the softmax term forgotten


def test_q2_expected_is_the_mle_and_refuses_the_unbiased_variance():
    data = np.array([3.0, 7.0, 7.0, 8.0, 10.0])
    assert ch13.q2.expected == pytest.approx(np.var(data), rel=1e-15)

    def nll(v):
        return len(data) / 2 * np.log(2 * np.pi * v) + np.sum((data - 7.0) ** 2) / (2 * v)

    assert abs(mc.derivative(nll, ch13.q2.expected)) < 1e-9  # stationary there
    assert not ch13.q2.check(np.var(data, ddof=1)).correct
    assert not ch13.q2.check(np.std(data)).correct  # the standard deviation


def test_q3_expected_matches_simulation_and_refuses_the_inverse():
    bandit = mc.rl.Bandit([0.6, 0.7, 0.8, 0.9])
    theta = np.zeros(4)
    baseline = mc.rl.expected_reward(theta, bandit.means)
    plain = mc.rl.reinforce_samples(theta, bandit, 400_000, seed=5).var(axis=0).sum()
    centred = mc.rl.reinforce_samples(theta, bandit, 400_000, baseline=baseline, seed=5)
    measured = plain / centred.var(axis=0).sum()
    assert measured == pytest.approx(ch13.q3.expected, rel=0.02)
    assert ch13.q3.check(measured).correct
    assert not ch13.q3.check(1 / measured).correct
    assert not ch13.q3.check(1.0).correct  # "a baseline changes nothing"


def _torch_conv_grads(x, w, dout, stride=1):
    x_t = torch.tensor(x).reshape(1, 1, -1).requires_grad_()
    w_t = torch.tensor(w).reshape(1, 1, -1).requires_grad_()
    torch.nn.functional.conv1d(x_t, w_t, stride=stride).backward(
        torch.tensor(dout).reshape(1, 1, -1)
    )
    return w_t.grad.ravel().numpy(), x_t.grad.ravel().numpy()


def test_q4_reference_matches_torch_conv1d_and_refuses_a_flipped_kernel():
    for x, w, dout in ch13.q4.points:
        kernel_grad, _ = _torch_conv_grads(x, w, dout)
        np.testing.assert_allclose(ch13.q4.reference(x, w, dout), kernel_grad, rtol=1e-12)
    assert not ch13.q4.check(lambda x, w, dout: np.convolve(x, dout, mode="valid")).correct
    assert not ch13.q4.check(lambda x, w, dout: np.correlate(x, dout, mode="same")).correct


def test_q5_reference_matches_torch_conv1d_with_stride_and_refuses_slips():
    strides = {point[3] for point in ch13.q5.points}
    assert strides >= {1, 2, 3}  # the checker really tests strides
    for x, w, dout, stride in ch13.q5.points:
        _, input_grad = _torch_conv_grads(x, w, dout, stride)
        np.testing.assert_allclose(
            ch13.q5.reference(x, w, dout, stride), input_grad, rtol=1e-12, atol=1e-15
        )

    def assigns_instead_of_adding(x, w, dout, stride):
        grad = np.zeros(len(x))
        for i, g in enumerate(dout):
            grad[stride * i : stride * i + len(w)] = g * w
        return grad

    assert not ch13.q5.check(assigns_instead_of_adding).correct
    assert not ch13.q5.check(ch13.q5.wrong_answer()).correct
