"""The checkers of chapter 2's exercises: unattempted, right and wrong answers.

The right answers are computed here independently of the module: the ball's speed and the
derivative of exp(-x**2/2) by hand (and torch.autograd), the best step from eps = 2**-52.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from mlcalc.exercises import ch02

NAMES = ["q1", "q2", "q3", "q4"]
QUESTIONS = [getattr(ch02, name) for name in NAMES]


def _ball_speed_by_torch() -> float:
    t = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
    (1.5 + 12 * t - 4.9 * t**2).backward()
    assert t.grad is not None
    return float(t.grad)


def _central_difference(x):
    h = 1e-5
    return (np.exp(-((x + h) ** 2) / 2) - np.exp(-((x - h) ** 2) / 2)) / (2 * h)


def _forward_difference(x):
    h = 1e-5
    return (np.exp(-((x + h) ** 2) / 2) - np.exp(-(x**2) / 2)) / h


RIGHT = {
    "q1": _ball_speed_by_torch,
    "q2": lambda: _central_difference,
    "q3": lambda: 1e-5,
    "q4": lambda: "b",
}


@pytest.mark.parametrize("question", QUESTIONS, ids=NAMES)
@pytest.mark.parametrize("placeholder", [..., None])
def test_unattempted(question, placeholder):
    feedback = question.check(placeholder)
    assert feedback.status == "unattempted"
    assert str(feedback).startswith("Not attempted")


@pytest.mark.parametrize("name", NAMES)
def test_right_answer_is_correct(name):
    feedback = getattr(ch02, name).check(RIGHT[name]())
    assert feedback.status == "correct", str(feedback)
    assert feedback.correct


@pytest.mark.parametrize("question", QUESTIONS, ids=NAMES)
def test_a_string_is_incorrect_not_an_error(question):
    feedback = question.check("twelve")
    assert feedback.status == "incorrect"
    assert str(feedback).startswith("Incorrect")


@pytest.mark.parametrize("question", QUESTIONS, ids=NAMES)
def test_hint_and_solution_are_text(question):
    assert str(question.hint()).startswith("Hint: ")
    assert len(str(question.solution())) > len("Solution: ") + 20
    assert repr(question) == question.prompt


# --- q1: the ball's vertical speed --------------------------------------------------------


def test_q1_expected_is_the_hand_derivative():
    # y'(t) = 12 - 9.8 t, so y'(1) = 2.2.
    assert ch02.q1.expected == pytest.approx(2.2, abs=1e-12)


def test_q1_accepts_a_forward_difference_estimate():
    def y(t):
        return 1.5 + 12 * t - 4.9 * t**2

    h = 1e-6
    assert ch02.q1.check((y(1 + h) - y(1)) / h).status == "correct"


@pytest.mark.parametrize(
    "wrong",
    [
        12 - 4.9,  # forgot the 2 from the power rule
        1.5 + 12 - 4.9,  # the height, not the speed
        2.2 + 0.49,  # a forward difference with the coarse step h = 0.1
        -2.2,
        [2.2, 2.2],  # right value, wrong shape
        float("nan"),
    ],
)
def test_q1_wrong_answers(wrong):
    assert ch02.q1.check(wrong).status == "incorrect"


# --- q2: a central difference for exp(-x**2 / 2) -------------------------------------------


def test_q2_reference_is_the_analytic_derivative():
    for x0 in (-2.0, 0.0, 0.7, 3.0):
        x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
        torch.exp(-(x**2) / 2).backward()
        assert ch02.q2.reference(x0) == pytest.approx(float(x.grad), rel=1e-14, abs=1e-15)


def test_q2_checks_an_array_point():
    assert any(np.ndim(point) == 1 for point in ch02.q2.points)


@pytest.mark.parametrize(
    "wrong",
    [
        _forward_difference,  # right idea, but O(h) is not accurate enough
        lambda x: (np.exp(-((x + 1e-5) ** 2) / 2) - np.exp(-((x - 1e-5) ** 2) / 2)) / 1e-5,
        lambda x: x * np.exp(-(x**2) / 2),  # sign slip
        lambda x: np.exp(-(x**2) / 2),  # g itself
        lambda x: float(x) * 0.0,  # fails on the array point
        lambda x: 1 / 0,
    ],
    ids=["forward", "missing-2", "sign", "g-itself", "scalar-only", "raises"],
)
def test_q2_wrong_functions(wrong):
    assert ch02.q2.check(wrong).status == "incorrect"


def test_q2_a_number_is_not_a_function():
    feedback = ch02.q2.check(-0.5)
    assert feedback.status == "incorrect"
    assert "expected a function" in str(feedback)


# --- q3: the best central-difference step -----------------------------------------------


def test_q3_expected_is_the_cube_root_of_eps():
    assert ch02.q3.expected == pytest.approx(6.055e-6, rel=1e-3)
    assert ch02.q3.expected == pytest.approx(np.finfo(np.float64).eps ** (1 / 3), rel=1e-12)


@pytest.mark.parametrize("answer", [1e-5, 6e-6, 1e-6, 3e-5, np.float64(2e-6), 10**-5.5])
def test_q3_within_a_factor_of_ten(answer):
    assert ch02.q3.check(answer).status == "correct"


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        (1e-8, "too small"),  # the forward difference's best step
        (math.sqrt(2.0**-52), "too small"),
        (1e-16, "too small"),
        (1e-4, "too large"),
        (1e-2, "too large"),
    ],
)
def test_q3_outside_a_factor_of_ten(answer, why):
    feedback = ch02.q3.check(answer)
    assert feedback.status == "incorrect"
    assert why in str(feedback)


@pytest.mark.parametrize("answer", [0.0, -1e-5, float("inf"), float("nan"), [1e-5, 1e-6], True])
def test_q3_not_a_step(answer):
    assert ch02.q3.check(answer).status == "incorrect"


# --- q4: which method for code with np.abs ---------------------------------------------------


@pytest.mark.parametrize("answer", ["a", "c", "A", "complex", 2])
def test_q4_wrong_choices(answer):
    assert ch02.q4.check(answer).status == "incorrect"


def test_q4_right_choice_ignores_case_and_spaces():
    assert ch02.q4.check(" B ").status == "correct"


def test_q4_the_premise_holds_complex_step_misses_the_penalty():
    # The question's claim, checked by hand without mlcalc: with L(w) = w**2 + |w| the
    # complex step sees only the w**2 part (slope 2w) and misses sign(w) = 1 at w = 1.5.
    h = 1e-20
    w = 1.5 + 1j * h
    assert np.imag(w**2 + np.abs(w)) / h == pytest.approx(3.0, rel=1e-15)
    central = ((1.5 + 1e-6) ** 2 + abs(1.5 + 1e-6) - (1.5 - 1e-6) ** 2 - abs(1.5 - 1e-6)) / 2e-6
    assert central == pytest.approx(4.0, rel=1e-8)
