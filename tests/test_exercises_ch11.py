"""Chapter 11's checkers: expected values against torch.autograd, exact arithmetic and an
independent experiment, and the wrong answers a learner is likely to give. The generic
checks are in test_exercises_contract.py."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

import mlcalc as mc
from mlcalc.exercises import ch11


def test_q1_expected_matches_autograd():
    xs = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
    ys = torch.tensor([2.0, 5.0, 10.0], dtype=torch.float64)
    params = torch.tensor([1.0, 0.0], dtype=torch.float64, requires_grad=True)
    torch.mean((params[0] * xs**2 + params[1] - ys) ** 2).backward()
    np.testing.assert_allclose(ch11.q1.expected, params.grad.numpy(), rtol=1e-14)
    assert not ch11.q1.check([-14 / 3, -1.0]).correct  # the factor 2 forgotten
    assert not ch11.q1.check([-28 / 3, 2.0]).correct  # sign of the residual flipped


def test_q2_reference_matches_autograd_and_refuses_slips():
    for X, y, w in ch11.q2.points:
        w_t = torch.tensor(w, requires_grad=True)
        torch.mean((torch.tensor(X) @ w_t - torch.tensor(y)) ** 2).backward()
        np.testing.assert_allclose(ch11.q2.reference(X, y, w), w_t.grad.numpy(), rtol=1e-12)
    assert not ch11.q2.check(lambda X, y, w: 2 / len(y) * X.T @ (y - X @ w)).correct
    transposed = ch11.q2.check(lambda X, y, w: 2 / len(y) * (X @ w - y) @ X.T)
    assert not transposed.correct


def test_q3_expected_is_the_condition_number_of_the_hessian():
    design = np.array([[0.0, 1.0], [2.0, 1.0]])
    lams = np.linalg.eigvalsh(design.T @ design)  # the factor 2/n cancels in the ratio
    assert ch11.q3.expected == pytest.approx(lams[-1] / lams[0], rel=1e-12)
    assert ch11.q3.check(6.854).correct
    assert not ch11.q3.check(1.0).correct  # the centred problem's kappa


def test_q4_expected_separates_convergence_from_divergence():
    X, y = mc.data.linear(40, seed=3)
    A = np.column_stack([X[:, 0], np.ones(len(y))])

    def grad(w):
        return 2 / len(y) * A.T @ (A @ w - y)

    limit = ch11.q4.expected
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", mc.DivergenceWarning)
        below = mc.gradient_descent(grad, [0.0, 0.0], lr=0.99 * limit, steps=20_000, tol=1e-9)
        above = mc.gradient_descent(grad, [0.0, 0.0], lr=1.01 * limit, steps=20_000)
    assert below.converged
    assert above.diverged
    assert not ch11.q4.check(limit / 2).correct


def test_q5_reference_solves_the_normal_equations_and_refuses_shortcuts():
    for X, y in ch11.q5.points:
        np.testing.assert_allclose(
            ch11.q5.reference(X, y), np.linalg.solve(X.T @ X, X.T @ y), rtol=1e-10
        )
    assert ch11.q5.check(lambda X, y: np.linalg.solve(X.T @ X, X.T @ y)).correct
    assert not ch11.q5.check(lambda X, y: X.T @ y / len(y)).correct
