"""Tests of the chapter-8 checkers: expected values against torch, and the wrong answers
a learner is likely to give.

The generic checks (unattempted, wrong kind of answer, sample right and wrong answers,
staged hints, solutions) are in test_exercises_contract.py.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from mlcalc.exercises import ch08


def _t(array):
    return torch.tensor(array, dtype=torch.float64)


# --- q1: the gradient of x^T A x -------------------------------------------------------


def test_q1_expected_is_autograd_gradient():
    A = _t(ch08.Q1_A)
    gradient = torch.autograd.functional.jacobian(lambda x: x @ A @ x, _t(ch08.Q1_X))
    np.testing.assert_allclose(ch08.q1.expected, gradient.numpy(), rtol=1e-14)
    assert ch08.q1.check(gradient).correct
    assert ch08.q1.check(gradient.tolist()).correct


@pytest.mark.parametrize(
    "mistake",
    [
        lambda A, x: 2 * A @ x,  # the symmetric-only formula
        lambda A, x: A @ x,  # one of the two sums forgotten
        lambda A, x: A.T @ x,  # the other one
        lambda A, x: x @ A @ x,  # the value instead of the gradient
    ],
    ids=["2Ax", "Ax", "ATx", "value"],
)
def test_q1_refuses_the_usual_slips(mistake):
    assert ch08.q1.check(mistake(ch08.Q1_A, ch08.Q1_X)).status == "incorrect"


# --- q2: the weight gradient of a batch --------------------------------------------------


def _q2_autograd():
    W = _t(ch08.Q2_W).requires_grad_()
    X, Y = _t(ch08.Q2_X), _t(ch08.Q2_Y)
    loss = ((X @ W - Y) ** 2).sum(dim=1).mean()
    loss.backward()
    return W.grad


def test_q2_expected_is_autograd_gradient():
    gradient = _q2_autograd()
    np.testing.assert_allclose(ch08.q2.expected, gradient.numpy(), rtol=1e-14)
    assert ch08.q2.check(gradient).correct


@pytest.mark.parametrize(
    ("mistake", "words"),
    [
        (lambda X, W, Y: X.T @ (X @ W - Y), "not within"),  # forgot 2/B
        (lambda X, W, Y: 2 * X.T @ (X @ W - Y), "not within"),  # a sum, not the mean
        (lambda X, W, Y: 0.5 * (X @ W - Y).T @ X, "shape (3, 2)"),  # transposed
        (lambda X, W, Y: 0.5 * X.T @ (X @ W), "not within"),  # targets forgotten
        (lambda X, W, Y: 0.5 * X.T @ (Y - X @ W), "not within"),  # sign of the residual
    ],
    ids=["no-mean-factor", "sum", "transposed", "no-targets", "sign"],
)
def test_q2_refuses_the_usual_slips(mistake, words):
    feedback = ch08.q2.check(mistake(ch08.Q2_X, ch08.Q2_W, ch08.Q2_Y))
    assert feedback.status == "incorrect"
    assert words in feedback


# --- q3: the softsign VJP -------------------------------------------------------------


@pytest.mark.parametrize("point", ch08.q3.points, ids=lambda p: f"shape{p[0].shape}")
def test_q3_reference_is_autograd_vjp(point):
    z, g = point
    _, vjp = torch.autograd.functional.vjp(torch.nn.functional.softsign, _t(z), _t(g))
    # atol: torch differentiates z / (1 + |z|) as a quotient, which cancels at |z| = 1e6
    # (slope 1e-12): a few digits of torch's tiny value are noise there.
    np.testing.assert_allclose(ch08.q3.reference(z, g), vjp.numpy(), rtol=1e-12, atol=1e-16)


def test_q3_the_checker_sends_batches_and_a_zero():
    assert any(point[0].ndim == 2 for point in ch08.q3.points)
    assert any(np.any(point[0] == 0) for point in ch08.q3.points)
    assert any(np.any(point[0] < 0) for point in ch08.q3.points)


@pytest.mark.parametrize(
    ("mistake", "words"),
    [
        (lambda z, g: g / (1 + np.abs(z)), "instead of"),  # square forgotten
        (lambda z, g: g / (1 + z) ** 2, "instead of"),  # |z| forgotten: wrong for z < 0
        (lambda z, g: 1 / (1 + np.abs(z)) ** 2, "instead of"),  # the Jacobian, not g J
        (lambda z, g: g * z / (1 + np.abs(z)), "instead of"),  # phi, not phi'
        (lambda z, g: g @ np.diag(1 / (1 + np.abs(z)) ** 2), "raised"),  # one row only
    ],
    ids=["no-square", "no-abs", "no-g", "phi", "diag"],
)
def test_q3_refuses_the_usual_slips(mistake, words):
    with np.errstate(divide="ignore"):  # 1 / (1 + z)**2 at z = -1
        feedback = ch08.q3.check(mistake)
    assert feedback.status == "incorrect"
    assert words in feedback


def test_q3_a_function_that_forgets_return_is_told_so():
    def softsign_vjp(z, g):
        g / (1 + np.abs(z)) ** 2

    assert "did you forget `return`" in ch08.q3.check(softsign_vjp)


# --- q4: counting the two orders --------------------------------------------------------


def _counted_chain(widths, from_left):
    """Multiply real matrices of the right shapes, counting m*k*n per product."""
    rng = np.random.default_rng(0)
    jacobians = [rng.normal(size=(widths[k], widths[k - 1])) for k in range(1, len(widths))]
    g = rng.normal(size=(1, widths[-1]))
    count = 0

    def times(left, right):
        nonlocal count
        count += left.shape[0] * left.shape[1] * right.shape[1]
        return left @ right

    if from_left:
        result = g
        for jacobian in reversed(jacobians):
            result = times(result, jacobian)
    else:
        result = jacobians[0]
        for jacobian in jacobians[1:]:
            result = times(jacobian, result)
        result = times(g, result)
    return count, result


def test_q4_expected_is_the_counted_ratio():
    right, product_right = _counted_chain(ch08.Q4_WIDTHS, from_left=False)
    left, product_left = _counted_chain(ch08.Q4_WIDTHS, from_left=True)
    np.testing.assert_allclose(product_right, product_left, rtol=1e-9)  # the same vector
    assert left == sum(a * b for a, b in zip(ch08.Q4_WIDTHS[:-1], ch08.Q4_WIDTHS[1:], strict=True))
    assert ch08.q4.expected == right / left
    assert ch08.q4.check(round(right / left)).correct  # 3 significant figures


@pytest.mark.parametrize(
    "mistake",
    [
        lambda right, left: left / right,  # upside down
        lambda right, left: 256 * 256 * 784 / left,  # only the matrix-matrix product
        lambda right, left: 256.0,  # "the width": the square-layer rule of thumb
        lambda right, left: right / (256 * 784),  # only the first layer from the left
    ],
    ids=["inverse", "matmul-only", "width", "first-layer"],
)
def test_q4_refuses_the_usual_slips(mistake):
    right, _ = _counted_chain(ch08.Q4_WIDTHS, from_left=False)
    left, _ = _counted_chain(ch08.Q4_WIDTHS, from_left=True)
    assert ch08.q4.check(mistake(right, left)).status == "incorrect"


# --- q5: the softmax VJP ----------------------------------------------------------------


@pytest.mark.parametrize("point", ch08.q5.points, ids=lambda p: f"shape{p[0].shape}")
def test_q5_reference_is_autograd_vjp(point):
    z, g = point
    _, vjp = torch.autograd.functional.vjp(lambda s: torch.softmax(s, dim=1), _t(z), _t(g))
    np.testing.assert_allclose(ch08.q5.reference(z, g), vjp.numpy(), rtol=1e-12, atol=1e-15)


def _naive_softmax(z):
    return np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)


def _stable_softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_q5_accepts_a_learner_who_forms_nothing():
    def softmax_vjp(z, g):
        p = _stable_softmax(z)
        return p * (g - np.einsum("bk,bk->b", g, p)[:, None])

    assert ch08.q5.check(softmax_vjp).correct


@pytest.mark.parametrize(
    ("mistake", "words"),
    [
        # exp overflows at 1000: inf / inf
        (lambda z, g: (p := _naive_softmax(z)) * (g - (g * p).sum(1, keepdims=True)), ""),
        # one dot product for the whole batch instead of one per row
        (lambda z, g: (p := _stable_softmax(z)) * (g - (g * p).sum()), "instead of"),
        # the sum of g instead of g . p
        (lambda z, g: _stable_softmax(z) * (g - g.sum(1, keepdims=True)), "instead of"),
        # diag(p) only: off-diagonal terms forgotten
        (lambda z, g: g * _stable_softmax(z), "instead of"),
        # transposed sign: p p^T - diag(p)
        (lambda z, g: -(p := _stable_softmax(z)) * (g - (g * p).sum(1, keepdims=True)), ""),
    ],
    ids=["overflow", "batch-sum", "sum-of-g", "diagonal", "sign"],
)
def test_q5_refuses_the_usual_slips(mistake, words):
    with np.errstate(over="ignore", invalid="ignore"):
        feedback = ch08.q5.check(mistake)
    assert feedback.status == "incorrect"
    assert words in feedback
