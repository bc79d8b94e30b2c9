"""Tests of the chapter-5 checkers: every question unattempted, right and wrong.

The right answers here are computed independently of the hand-worked expected values
(torch.autograd, eigenvalues), so a slip in the exercise module fails these tests.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from mlcalc.exercises import ch05

QUESTIONS = [ch05.q1, ch05.q2, ch05.q3, ch05.q4]


def _autograd_gradient(f, point):
    x = torch.tensor(point, dtype=torch.float64, requires_grad=True)
    f(x).backward()
    return x.grad.numpy()


def _q3_f(w):
    return w[0] ** 2 + 3 * w[0] * w[1] + torch.exp(w[1])


@pytest.mark.parametrize("question", QUESTIONS, ids=["q1", "q2", "q3", "q4"])
@pytest.mark.parametrize("placeholder", [..., None])
def test_unattempted(question, placeholder):
    feedback = question.check(placeholder)
    assert feedback.status == "unattempted"
    assert feedback.startswith("Not attempted")


@pytest.mark.parametrize("question", QUESTIONS, ids=["q1", "q2", "q3", "q4"])
def test_every_question_has_a_prompt_hint_and_solution(question):
    assert len(repr(question)) > 40
    assert question.hint().startswith("Hint: ") and len(question.hint()) > 30
    assert question.solution().startswith("Solution: ") and len(question.solution()) > 30


def test_q1_right():
    answer = _autograd_gradient(lambda p: p[0] ** 2 * p[1] + 3 * p[1], [2.0, -1.0])
    assert ch05.q1.check(answer).status == "correct"
    assert ch05.q1.check(answer.tolist()).status == "correct"


@pytest.mark.parametrize(
    "answer",
    [[7.0, -4.0], [-4.0, 4.0], [4.0, 7.0], -4.0, [-4.0, 7.0, 0.0], "[-4, 7]", [np.nan, 7.0]],
)
def test_q1_wrong(answer):
    assert ch05.q1.check(answer).status == "incorrect"


def test_q2_right():
    point = torch.tensor([1.0, 2.0], dtype=torch.float64)
    direction = torch.tensor([0.6, 0.8], dtype=torch.float64)

    def along_u(t):
        p = point + t * direction
        return p[0] ** 2 + p[1] ** 2

    t = torch.zeros((), dtype=torch.float64, requires_grad=True)
    along_u(t).backward()
    assert ch05.q2.check(t.grad.item()).status == "correct"


@pytest.mark.parametrize("answer", [6.0, 5.0, np.sqrt(20.0), [2.0, 4.0], "4.4"])
def test_q2_wrong(answer):
    # 6.0 forgets to weight by u; sqrt(20) is |grad f|, the rate along the gradient instead.
    assert ch05.q2.check(answer).status == "incorrect"


def test_q3_right():
    def grad_f(w):
        return np.array([2 * w[0] + 3 * w[1], 3 * w[0] + np.exp(w[1])])

    for point in ch05.q3.points:
        np.testing.assert_allclose(
            grad_f(point), _autograd_gradient(_q3_f, point.tolist()), rtol=1e-12
        )
    assert ch05.q3.check(grad_f).status == "correct"


def test_q3_reference_matches_autograd():
    rng = np.random.default_rng(5)
    for point in rng.normal(size=(10, 2)):
        np.testing.assert_allclose(
            ch05.q3.reference(point), _autograd_gradient(_q3_f, point.tolist()), rtol=1e-12
        )


@pytest.mark.parametrize(
    "answer",
    [
        lambda w: np.array([2 * w[0], 3 * w[0] + np.exp(w[1])]),  # dropped 3*w1
        lambda w: np.array([2 * w[0] + 3 * w[1], np.exp(w[1])]),  # dropped 3*w0
        lambda w: np.array([2 * w[0] + 3 * w[1], 3 * w[0] + w[1] * np.exp(w[1])]),
        lambda w: 2 * w[0] + 3 * w[1],  # a number, not a 2-vector
        lambda w: w[5],  # raises IndexError
        "2*w0 + 3*w1",
        np.array([1.0, 2.0]),
    ],
)
def test_q3_wrong(answer):
    assert ch05.q3.check(answer).status == "incorrect"


def test_q4_right():
    eigenvalues = np.linalg.eigvalsh(np.array([[2.0, 3.0], [3.0, 2.0]]))
    assert eigenvalues.min() < 0 < eigenvalues.max()  # mixed signs: a saddle
    assert ch05.q4.options["c"] == "a saddle point"
    for answer in ["c", "C", " c "]:
        assert ch05.q4.check(answer).status == "correct"


@pytest.mark.parametrize("answer", ["a", "b", "d", "saddle", 3])
def test_q4_wrong(answer):
    assert ch05.q4.check(answer).status == "incorrect"
