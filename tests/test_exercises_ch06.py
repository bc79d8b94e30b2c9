"""Chapter 6's exercises: expected values against an independent truth, and the wrong
answers a learner is likely to give. The generic checks (unattempted, wrong kind, hints,
solution) are in ``test_exercises_contract.py``.

The truth here is PyTorch (its losses and ``torch.autograd``) and a brute-force search,
never the module's own formulas.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

import mlcalc as mc
from mlcalc.exercises import ch06


def _line_gradient_by_torch() -> np.ndarray:
    x = torch.tensor([0.0, 1.0, 2.0], dtype=torch.float64)
    y = torch.tensor([1.0, 3.0, 4.0], dtype=torch.float64)
    theta = torch.tensor([1.0, 0.0], dtype=torch.float64, requires_grad=True)
    torch.mean((theta[0] * x + theta[1] - y) ** 2).backward()
    return theta.grad.numpy()


def test_q1_expected_is_torch_binary_cross_entropy():
    p = torch.tensor([0.9, 0.3], dtype=torch.float64)
    y = torch.tensor([1.0, 0.0], dtype=torch.float64)
    truth = float(torch.nn.functional.binary_cross_entropy(p, y))
    assert ch06.q1.expected == pytest.approx(truth, rel=1e-14)


@pytest.mark.parametrize(
    "answer",
    [
        -np.log(0.9) - np.log(0.7),  # summed, not averaged
        -(np.log(0.9) + np.log(0.3)) / 2,  # log p used for the label-0 example
        0.231,  # three figures where five were asked
    ],
)
def test_q1_wrong(answer):
    assert ch06.q1.check(answer).status == "incorrect"


def test_q1_five_figures_typed_by_hand_pass():
    assert ch06.q1.check(0.23102).correct


def test_q2_expected_is_the_autograd_gradient():
    np.testing.assert_allclose(ch06.q2.expected, _line_gradient_by_torch(), rtol=1e-15)


def test_q2_accepts_a_tensor_that_requires_grad():
    x = torch.tensor([0.0, 1.0, 2.0], dtype=torch.float64)
    y = torch.tensor([1.0, 3.0, 4.0], dtype=torch.float64)
    theta = torch.tensor([1.0, 0.0], dtype=torch.float64, requires_grad=True)
    residual = theta[0] * x + theta[1] - y
    by_formula = 2 / 3 * torch.stack([residual @ x, residual.sum()])  # has a grad_fn
    assert by_formula.requires_grad
    assert ch06.q2.check(by_formula).correct


@pytest.mark.parametrize(
    "answer",
    [
        [4.0, 10.0 / 3.0],  # inner minus sign forgotten
        [-2.0, -5.0 / 3.0],  # the factor 2 of the square forgotten
        [-12.0, -10.0],  # summed, not averaged
        [-4.0, -3.3],  # too few figures
        -4.0,  # one partial only
    ],
)
def test_q2_wrong(answer):
    assert ch06.q2.check(answer).status == "incorrect"


def test_q2_five_figures_typed_by_hand_pass():
    assert ch06.q2.check([-4, -3.3333]).correct


def test_q3_expected_is_the_autograd_gradient_of_cross_entropy():
    z = torch.tensor([[2.0, 1.0, -1.0]], dtype=torch.float64, requires_grad=True)
    torch.nn.functional.cross_entropy(z, torch.tensor([1])).backward()
    np.testing.assert_allclose(ch06.q3.expected, z.grad.numpy()[0], rtol=1e-14)
    assert ch06.q3.expected.sum() == pytest.approx(0.0, abs=1e-15)


@pytest.mark.parametrize(
    "answer",
    [
        ch06.q3.wrong_answer(),  # the probabilities alone
        -ch06.q3.expected,  # target minus prediction
        ch06.q3.expected / 3,  # averaged over the classes
    ],
)
def test_q3_wrong(answer):
    assert ch06.q3.check(answer).status == "incorrect"


def test_q4_expected_by_brute_force():
    y = np.array([12.0, 14, 15, 15, 16, 17, 18, 19, 20, 95])
    k = 3.0
    candidates = np.linspace(15.0, 19.0, 400_001)  # steps of 1e-5
    residual = np.abs(candidates[:, None] - y)
    huber = np.where(residual <= k, residual**2 / 2, k * (residual - k / 2)).mean(axis=1)
    assert ch06.q4.expected == pytest.approx(candidates[np.argmin(huber)], abs=2e-5)
    assert ch06.q4.expected == pytest.approx(117 / 7, rel=1e-14)


@pytest.mark.parametrize("answer", [16.5, 24.1, 16.6, 17.0])
def test_q4_wrong(answer):
    # the median, the mean, and nearby guesses that 4 significant figures separate
    assert ch06.q4.check(answer).status == "incorrect"


def test_q4_four_figures_pass():
    assert ch06.q4.check(16.71).correct


def _logistic_loss_gradient_by_torch(X, y, w):
    weights = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    scores = torch.tensor(X, dtype=torch.float64) @ weights
    torch.nn.functional.binary_cross_entropy_with_logits(
        scores, torch.tensor(y, dtype=torch.float64)
    ).backward()
    return weights.grad.numpy()


def test_q5_reference_is_the_autograd_gradient_at_every_point_and_more():
    rng = np.random.default_rng(11)
    cases = [tuple(point) for point in ch06.q5.points]
    cases += [
        (rng.normal(size=(n, d)), rng.integers(0, 2, n).astype(float), rng.normal(size=d))
        for n, d in ((1, 3), (7, 1), (20, 5))
    ]
    for X, y, w in cases:
        np.testing.assert_allclose(
            ch06.q5.reference(X, y, w), _logistic_loss_gradient_by_torch(X, y, w), rtol=1e-12
        )


def test_q5_the_solution_checked_with_check_grad():
    X, y, w = ch06.q5.points[1]

    def loss(weights):
        return mc.binary_cross_entropy(y, mc.sigmoid(X @ weights))

    assert mc.check_grad(loss, lambda v: ch06.q5.reference(X, y, v), w) < 1e-7


@pytest.mark.parametrize(
    "answer",
    [
        lambda X, y, w: X.T @ (y - mc.sigmoid(X @ w)) / len(y),  # sign flipped
        lambda X, y, w: X @ w,  # the scores, not a gradient
        lambda X, y, w: (mc.sigmoid(X @ w) - y) @ X.T / len(y),  # shapes do not fit
        # sigmoid' multiplied in, though cross-entropy cancels it
        lambda X, y, w: X.T @ ((mc.sigmoid(X @ w) - y) * mc.sigmoid_prime(X @ w)) / len(y),
    ],
)
def test_q5_wrong(answer):
    assert ch06.q5.check(answer).status == "incorrect"


def test_q5_missing_return_is_named():
    def grad_logistic(X, y, w):
        X.T @ (mc.sigmoid(X @ w) - y) / len(y)

    assert "forget `return`" in ch06.q5.check(grad_logistic)
