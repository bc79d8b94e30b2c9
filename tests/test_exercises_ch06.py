"""The checkers of chapter 6's exercises: unattempted, right and wrong answers.

The right answers are computed here independently of the module: with NumPy from the
definitions, with torch.autograd for the gradient of q2, and by brute force over a fine
grid of constants for q4.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from mlcalc.exercises import ch06

NAMES = ["q1", "q2", "q3", "q4", "q5"]


def _q1_from_definition() -> float:
    y = np.array([3.0, -0.5, 2.0, 7.0])
    y_hat = np.array([2.5, 0.0, 2.0, 8.0])
    return float(np.mean((y - y_hat) ** 2))


def _q2_by_torch() -> np.ndarray:
    x = torch.tensor([0.0, 1.0, 2.0], dtype=torch.float64)
    y = torch.tensor([1.0, 3.0, 4.0], dtype=torch.float64)
    m = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
    torch.mean((m * x + b - y) ** 2).backward()
    assert m.grad is not None and b.grad is not None
    return np.array([float(m.grad), float(b.grad)])


def _q3_by_torch() -> float:
    p = torch.tensor([0.9, 0.3], dtype=torch.float64)
    y = torch.tensor([1.0, 0.0], dtype=torch.float64)
    return float(torch.nn.functional.binary_cross_entropy(p, y))


def _q4_by_grid() -> float:
    y = np.array([2.0, 3.0, 5.0, 7.0, 200.0])
    candidates = np.linspace(0.0, 10.0, 10_001)
    losses = np.abs(candidates[:, None] - y).mean(axis=1)
    return float(candidates[np.argmin(losses)])


def _q5_by_second_derivative() -> str:
    # Sample each one-variable candidate's second derivative by central differences
    # on a grid; the non-convex one has a negative value somewhere.
    candidates = {
        "a": lambda w: (3 * w - 1) ** 2,
        "b": lambda w: np.abs(w - 2),
        "c": lambda w: w**4 - 3 * w**2 + w,
    }
    w = np.linspace(-3.0, 3.0, 601)
    h = 1e-3
    negative = [
        label
        for label, f in candidates.items()
        if np.any((f(w + h) - 2 * f(w) + f(w - h)) / h**2 < -1e-6)
    ]
    assert len(negative) == 1
    return negative[0]


RIGHT = {
    "q1": _q1_from_definition,
    "q2": _q2_by_torch,
    "q3": _q3_by_torch,
    "q4": _q4_by_grid,
    "q5": _q5_by_second_derivative,
}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("placeholder", [..., None])
def test_unattempted(name, placeholder):
    feedback = getattr(ch06, name).check(placeholder)
    assert feedback.status == "unattempted"
    assert str(feedback).startswith("Not attempted")


@pytest.mark.parametrize("name", NAMES)
def test_right_answer_is_correct(name):
    feedback = getattr(ch06, name).check(RIGHT[name]())
    assert feedback.status == "correct", str(feedback)
    assert feedback.correct


@pytest.mark.parametrize("name", NAMES)
def test_a_string_is_wrong(name):
    feedback = getattr(ch06, name).check("the loss")
    assert feedback.status == "incorrect"
    assert not feedback.correct


@pytest.mark.parametrize("name", NAMES)
def test_hint_and_solution_are_text(name):
    question = getattr(ch06, name)
    assert question.hint().startswith("Hint: ")
    assert question.solution().startswith("Solution: ")
    assert repr(question).strip()


def test_q1_forgetting_to_square_is_wrong():
    # Averaging the signed residuals lets errors cancel: -0.5 + 0.5 + 0 + 1 over 4.
    assert ch06.q1.check(0.25).status == "incorrect"


def test_q1_sum_instead_of_mean_is_wrong():
    assert ch06.q1.check(1.5).status == "incorrect"


def test_q2_sign_flipped_residual_is_wrong():
    # Differentiating (y - y_hat)^2 and forgetting the inner minus sign.
    assert ch06.q2.check(-_q2_by_torch()).status == "incorrect"


def test_q2_only_one_component_is_wrong_shape():
    feedback = ch06.q2.check(-4.0)
    assert feedback.status == "incorrect"
    assert "shape" in str(feedback)


def test_q3_base_ten_logarithm_is_wrong():
    assert ch06.q3.check(-(np.log10(0.9) + np.log10(0.7)) / 2).status == "incorrect"


def test_q3_close_rounding_is_accepted():
    assert ch06.q3.check(0.23102).status == "correct"


def test_q4_mean_is_wrong():
    # The mean is what the MSE would pick; the MAE picks the median.
    assert ch06.q4.check(np.mean([2.0, 3.0, 5.0, 7.0, 200.0])).status == "incorrect"


@pytest.mark.parametrize("label", ["a", "b", "d"])
def test_q5_convex_options_are_wrong(label):
    assert ch06.q5.check(label).status == "incorrect"


def test_q5_answer_ignores_case_and_spaces():
    assert ch06.q5.check(" C ").status == "correct"


def test_q5_unknown_option_lists_the_choices():
    feedback = ch06.q5.check("e")
    assert feedback.status == "incorrect"
    assert "'a'" in str(feedback)


def test_a_hand_answer_to_five_figures_is_accepted():
    assert "5 significant figures" in repr(ch06.q2)
    assert ch06.q2.check([-4, -3.3333]).correct
    assert not ch06.q2.check([-4, -3.3]).correct
