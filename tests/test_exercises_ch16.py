"""Chapter 16's checkers: expected values against independent computations (torch autograd
for the accumulated gradient, exact arithmetic for memory), and likely wrong answers. The
generic checks are in test_exercises_contract.py."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from mlcalc.exercises import ch16


def test_q1_weights_are_the_shares_of_the_examples():
    assert ch16.q1.check([0.3, 0.7]).correct
    assert not ch16.q1.check([0.5, 0.5]).correct
    assert not ch16.q1.check([30, 70]).correct


def test_q2_reference_is_the_mean_over_all_examples():
    rng = np.random.default_rng(0)
    per_example = rng.normal(size=(100, 3))
    sizes = [10, 30, 60]
    shards = np.split(per_example, np.cumsum(sizes)[:-1])
    combined = ch16.q2.reference([s.mean(axis=0) for s in shards], sizes)
    np.testing.assert_allclose(combined, per_example.mean(axis=0), rtol=1e-13)
    assert not ch16.q2.check(lambda g, n: sum(g) / len(g)).correct


def test_q3_is_sixteen_bytes_per_parameter():
    assert ch16.q3.expected == pytest.approx(7e9 * 16 / 1e9)
    assert not ch16.q3.check(7e9 * 4 / 1e9).correct  # float32 weights alone


def test_q4_reference_matches_autograd_on_the_full_batch():
    for model, X, y, _ in ch16.q4.points:
        params = [torch.tensor(p, requires_grad=True) for p in model.params]
        a = torch.from_numpy(X)
        for k in range(0, len(params) - 2, 2):
            a = torch.tanh(a @ params[k] + params[k + 1])
        out = a @ params[-2] + params[-1]
        torch.mean((out - torch.from_numpy(y)) ** 2).backward()
        for got, p in zip(ch16.q4.reference(model, X, y, 2), params, strict=True):
            np.testing.assert_allclose(got, p.grad.numpy(), rtol=1e-10, atol=1e-13)
    assert not ch16.q4.check(ch16.q4.wrong_answer()).correct  # unequal pieces, plain mean


def test_q5_bfloat16_fits_twice_the_mixed_precision_model():
    assert ch16.q5.expected == pytest.approx(12.0)
    assert not ch16.q5.check(6.0).correct
