"""Tests of the chapter-7 checkers: every question unattempted, right and wrong.

The right answers are computed independently of the hand-worked expected values:
torch.autograd for the gradient step, NumPy's eigenvalues and actual runs of gradient
descent for the stability limit, a plain loop for the function exercise.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

import mlcalc as mc
from mlcalc.exercises import ch07

QUESTIONS = [ch07.q1, ch07.q2, ch07.q3, ch07.q4]
IDS = ["q1", "q2", "q3", "q4"]


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
@pytest.mark.parametrize("placeholder", [..., None])
def test_unattempted(question, placeholder):
    feedback = question.check(placeholder)
    assert feedback.status == "unattempted"
    assert feedback.startswith("Not attempted")


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_every_question_has_a_prompt_hint_and_solution(question):
    assert len(repr(question)) > 40
    assert question.hint().startswith("Hint: ") and len(question.hint()) > 30
    assert question.solution().startswith("Solution: ") and len(question.solution()) > 30


# --- q1: one step by hand ------------------------------------------------------------


def test_q1_right():
    theta = torch.tensor([3.0, 1.0], dtype=torch.float64, requires_grad=True)
    ((theta[0] - 1) ** 2 + 2 * theta[1] ** 2).backward()
    answer = (theta - 0.1 * theta.grad).detach().numpy()
    assert ch07.q1.check(answer).status == "correct"
    assert ch07.q1.check(answer.tolist()).status == "correct"


@pytest.mark.parametrize(
    "answer",
    [
        [3.4, 1.4],  # stepped uphill (+ instead of -)
        [2.6, 0.8],  # used 2b instead of 4b for dJ/db
        [2.8, 0.6],  # used (w - 1) instead of 2(w - 1)
        [4.0, 4.0],  # the gradient, not the new point
        2.6,
        [2.6, 0.6, 0.0],
        "[2.6, 0.6]",
        [np.nan, 0.6],
    ],
)
def test_q1_wrong(answer):
    assert ch07.q1.check(answer).status == "incorrect"


# --- q2: the largest stable learning rate --------------------------------------------


def _q2_grad(p):
    return np.array([4 * p[0] + p[1], p[0] + 10 * p[1]])


def test_q2_right():
    hessian = torch.autograd.functional.hessian(
        lambda p: 2 * p[0] ** 2 + p[0] * p[1] + 5 * p[1] ** 2,
        torch.zeros(2, dtype=torch.float64),
    ).numpy()
    limit = 2 / np.linalg.eigvalsh(hessian).max()
    assert ch07.q2.check(limit).status == "correct"
    assert ch07.q2.check(round(limit, 4)).status == "correct"  # four digits are enough


def test_q2_limit_separates_convergence_from_divergence():
    limit = float(ch07.q2.expected)
    below = mc.gradient_descent(_q2_grad, [1.0, -2.0], lr=0.99 * limit, steps=20_000)
    assert below.converged and not below.diverged
    with pytest.warns(mc.optim.DivergenceWarning):
        above = mc.gradient_descent(_q2_grad, [1.0, -2.0], lr=1.01 * limit, steps=20_000)
    assert above.diverged


@pytest.mark.parametrize(
    "answer",
    [0.2, 0.1, 1 / (7 + np.sqrt(10)), 2 / (7 - np.sqrt(10)), 7 + np.sqrt(10), "0.1968", [0.1968]],
)
def test_q2_wrong(answer):
    # 0.2 = 2/10 reads L off the diagonal; 1/L is the safe rate, not the limit.
    assert ch07.q2.check(answer).status == "incorrect"


# --- q3: write the loop --------------------------------------------------------------


def _descend(lr):
    theta = np.array([0.0, 0.0])
    for _ in range(10):
        theta = theta - lr * np.array([2 * (theta[0] - 3), 4 * (theta[1] + 1)])
    return theta


def test_q3_right():
    assert ch07.q3.check(_descend).status == "correct"


def test_q3_right_with_mlcalc():
    def descend(lr):
        run = mc.gradient_descent(
            lambda t: np.array([2 * (t[0] - 3), 4 * (t[1] + 1)]), [0.0, 0.0], lr=lr, steps=10, tol=0
        )
        return run.x

    assert ch07.q3.check(descend).status == "correct"


@given(st.floats(min_value=0.0, max_value=0.5))
def test_q3_reference_is_ten_steps_of_the_loop(lr):
    np.testing.assert_allclose(ch07.q3.reference(lr), _descend(lr), rtol=1e-9, atol=1e-12)


def _descend_steps(count):
    def descend(lr):
        theta = np.array([0.0, 0.0])
        for _ in range(count):
            theta = theta - lr * np.array([2 * (theta[0] - 3), 4 * (theta[1] + 1)])
        return theta

    return descend


@pytest.mark.parametrize(
    "answer",
    [
        _descend_steps(9),  # one step short
        _descend_steps(11),  # one step too many
        lambda lr: _descend(lr)[::-1],  # coordinates swapped
        lambda lr: np.array([3.0, -1.0]),  # the minimum, not the 10th iterate
        lambda lr: _descend(lr)[0],  # only x
        lambda lr: 1 / 0,  # raises
        "descend",
        np.array([3.0, -1.0]),
    ],
)
def test_q3_wrong(answer):
    assert ch07.q3.check(answer).status == "incorrect"


# --- q4: one example per update ------------------------------------------------------


def test_q4_right():
    X, y = np.arange(10.0).reshape(5, 2), np.arange(5.0)
    sizes = {len(yb) for _, yb in mc.optim.batches(X, y, 1, seed=0)}
    assert sizes == {1}
    assert "stochastic" in ch07.q4.options["b"]
    for answer in ["b", "B", " b "]:
        assert ch07.q4.check(answer).status == "correct"


@pytest.mark.parametrize("answer", ["a", "c", "d", "stochastic", 2])
def test_q4_wrong(answer):
    assert ch07.q4.check(answer).status == "incorrect"
