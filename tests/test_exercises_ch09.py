"""Chapter 9's checkers: expected values against torch.autograd and mpmath, and the wrong
answers a learner is likely to give. The generic checks are in test_exercises_contract.py."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import torch

from mlcalc.exercises import ch09


def autograd_slope(fn, x: float) -> float:
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    (slope,) = torch.autograd.grad(fn(xt), xt)
    return float(slope)


def test_q1_expected_is_the_curvature_of_softplus_at_ln3():
    xt = torch.tensor(math.log(3.0), dtype=torch.float64, requires_grad=True)
    (slope,) = torch.autograd.grad(torch.nn.functional.softplus(xt), xt, create_graph=True)
    (curvature,) = torch.autograd.grad(slope, xt)
    assert ch09.q1.expected == pytest.approx(float(curvature), rel=1e-14)
    assert ch09.q1.check(3 / 16).correct
    assert ch09.q1.check(0.1875).correct
    assert not ch09.q1.check(0.75).correct  # the first derivative, sigma(ln 3)
    assert not ch09.q1.check(math.log(4.0)).correct  # softplus itself
    assert not ch09.q1.check(0.25).correct  # 1 - sigma alone


def test_q2_collapse_accepts_the_product_and_refuses_the_usual_slips():
    assert ch09.q2.check(lambda W1, b1, W2, b2: (W1 @ W2, b1 @ W2 + b2)).correct
    assert not ch09.q2.check(lambda W1, b1, W2, b2: (W1 @ W2, b2)).correct  # b1 dropped
    swapped = ch09.q2.check(lambda W1, b1, W2, b2: (W2.T @ W1.T, b1 @ W2 + b2))
    assert "returned shape" in swapped  # W transposed


def test_q2_collapsed_layer_computes_the_same_map():
    rng = np.random.default_rng(0)
    for W1, b1, W2, b2 in ch09.q2.points:
        W, b = ch09.q2.reference(W1, b1, W2, b2)
        X = rng.normal(size=(7, W1.shape[0]))
        np.testing.assert_allclose(X @ W + b, (X @ W1 + b1) @ W2 + b2, rtol=1e-12, atol=1e-12)


def test_q3_expected_solves_the_saturation_equation_to_30_digits():
    mpmath.mp.dps = 40
    root = mpmath.findroot(
        lambda x: mpmath.exp(-x) / (1 + mpmath.exp(-x)) ** 2 - mpmath.mpf("1e-4"), 9
    )
    assert ch09.q3.expected == pytest.approx(float(root), rel=1e-14)
    assert ch09.q3.check(9.21).correct
    assert not ch09.q3.check(6.91).correct  # the 1e-3 threshold of the chapter
    assert not ch09.q3.check(9.2).correct  # two significant figures are not three


def test_q4_expected_is_torchs_gelu_curvature_at_one():
    xt = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
    (slope,) = torch.autograd.grad(torch.nn.functional.gelu(xt), xt, create_graph=True)
    (curvature,) = torch.autograd.grad(slope, xt)
    assert ch09.q4.expected == pytest.approx(float(curvature), rel=1e-14)
    phi_1 = math.exp(-0.5) / math.sqrt(2 * math.pi)
    assert ch09.q4.check(phi_1).correct
    assert not ch09.q4.check(ch09.q4.wrong_answer()).correct  # x phi' forgotten
    assert not ch09.q4.check(autograd_slope(torch.nn.functional.gelu, 1.0)).correct  # GELU'
    assert not ch09.q4.check(3 * phi_1).correct  # phi' taken as +x phi


def test_q5_refuses_the_formula_that_overflows_and_accepts_a_stable_one():
    def as_written(x):
        with np.errstate(all="ignore"):
            return np.exp(x) / (1 + np.exp(x))

    feedback = ch09.q5.check(as_written)
    assert not feedback.correct and "nan" in feedback
    assert ch09.q5.check(lambda x: 0.5 * (1 + np.tanh(np.asarray(x) / 2))).status == "incorrect"
    stable = lambda x: torch.sigmoid(torch.as_tensor(x, dtype=torch.float64)).numpy()  # noqa: E731
    assert ch09.q5.check(stable).correct
    with np.errstate(over="ignore"):  # e^1000 overflows, yet 1 / (1 + inf) = 0 is right
        assert ch09.q5.check(lambda x: 1 / (1 + np.exp(-np.asarray(x)))).correct


def test_q5_reference_matches_mpmath_over_the_whole_range():
    mpmath.mp.dps = 40
    for x in np.concatenate(ch09.q5.points):
        exact = 1 / (1 + mpmath.exp(-mpmath.mpf(float(x))))
        assert float(ch09.q5.reference(np.array([x]))[0]) == pytest.approx(float(exact), rel=1e-15)
