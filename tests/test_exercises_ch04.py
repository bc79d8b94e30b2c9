"""The checkers of chapter 4's exercises: unattempted, right and wrong answers.

The right answers are computed here independently of the module: by torch.autograd for
the derivatives, and by counting for the choice and the pass counts.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from mlcalc.exercises import ch04

QUESTIONS = [ch04.q1, ch04.q2, ch04.q3, ch04.q4]


def _q1_by_torch() -> float:
    x = torch.tensor(math.pi / 8, dtype=torch.float64, requires_grad=True)
    torch.exp(torch.sin(2 * x)).backward()
    assert x.grad is not None
    return float(x.grad)


def _q2_by_torch() -> np.ndarray:
    x, y, z = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (1, 2, 0.5))
    (x * y + y * z + torch.exp(x * z)).backward()
    return np.array([float(v.grad) for v in (x, y, z)])  # type: ignore[arg-type]


RIGHT = {
    "q1": _q1_by_torch,
    "q2": _q2_by_torch,
    "q3": lambda: "reverse",
    "q4": lambda: [5, 2],
}


@pytest.mark.parametrize("question", QUESTIONS, ids=["q1", "q2", "q3", "q4"])
@pytest.mark.parametrize("placeholder", [..., None])
def test_unattempted(question, placeholder):
    feedback = question.check(placeholder)
    assert feedback.status == "unattempted"
    assert str(feedback).startswith("Not attempted")


@pytest.mark.parametrize("name", ["q1", "q2", "q3", "q4"])
def test_right_answer_is_correct(name):
    feedback = getattr(ch04, name).check(RIGHT[name]())
    assert feedback.status == "correct", str(feedback)
    assert feedback.correct


def test_q1_forgetting_the_inner_factor_is_wrong():
    # The classic slip: differentiate sin(2x) as cos(2x), dropping the factor 2.
    x = math.pi / 8
    assert ch04.q1.check(math.exp(math.sin(2 * x)) * math.cos(2 * x)).status == "incorrect"


def test_q2_counting_one_path_only_is_wrong():
    # Forgetting that x and z each feed two operations: keep one path per input.
    one_path = np.array([2.0, 1.0, 2.0])
    assert ch04.q2.check(one_path).status == "incorrect"


def test_q2_wrong_shape_is_wrong():
    feedback = ch04.q2.check([2.8, 1.5])
    assert feedback.status == "incorrect"
    assert "shape" in str(feedback)


def test_q3_forward_and_either_are_wrong():
    assert ch04.q3.check("forward").status == "incorrect"
    assert ch04.q3.check("either").status == "incorrect"


def test_q3_answer_is_case_and_space_insensitive():
    assert ch04.q3.check("  Reverse ").status == "correct"


def test_q4_swapped_counts_are_wrong():
    assert ch04.q4.check([2, 5]).status == "incorrect"


@pytest.mark.parametrize("question", QUESTIONS, ids=["q1", "q2", "q3", "q4"])
def test_wrong_type_is_incorrect_not_a_crash(question):
    feedback = question.check("a string")
    assert feedback.status == "incorrect"


@pytest.mark.parametrize("question", QUESTIONS, ids=["q1", "q2", "q3", "q4"])
def test_every_question_has_a_prompt_hint_and_solution(question):
    assert repr(question).startswith("Q")
    assert str(question.hint()).startswith("Hint: ")
    assert len(str(question.solution())) > len("Solution: ") + 20


def test_numbers_quoted_in_the_solutions_match_the_expected_answers():
    # The worked solutions quote rounded values in prose; they must agree with the checker.
    assert f"{float(ch04.q1.expected):.4f}" in str(ch04.q1.solution())
    for value in np.asarray(ch04.q2.expected):
        assert f"{value:.4f}".rstrip("0").rstrip(".") in str(ch04.q2.solution())


@pytest.mark.parametrize(
    ("problem", "hand", "slip"),
    [
        # Five significant figures, as the prompts ask; a slip (here 1% off) is still wrong.
        (ch04.q1, 2.8682, 2.8969),
        (ch04.q2, [2.8244, 1.5, 3.6487], [2.8244, 1.5, 3.6852]),
    ],
)
def test_a_hand_answer_to_five_figures_is_accepted(problem, hand, slip):
    assert "5 significant figures" in repr(problem)
    assert problem.check(hand).correct
    assert not problem.check(slip).correct
