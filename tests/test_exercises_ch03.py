"""The checkers of chapter 3: every question unattempted, answered right and answered wrong.

The expected answers are checked against truths computed another way (torch.autograd,
NumPy's polynomial derivative), so a slip in a hand-derived formula cannot hide.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from mlcalc.exercises import ch03

QUESTIONS = [ch03.q1, ch03.q2, ch03.q3, ch03.q4]


def autograd_slope(fn, x: float) -> float:
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    (slope,) = torch.autograd.grad(fn(xt), xt)
    return float(slope)


@pytest.mark.parametrize("question", QUESTIONS, ids=["q1", "q2", "q3", "q4"])
@pytest.mark.parametrize("placeholder", [..., None])
def test_placeholder_is_unattempted(question, placeholder):
    feedback = question.check(placeholder)
    assert feedback.status == "unattempted"
    assert not feedback.correct
    assert str(feedback).startswith("Not attempted")


@pytest.mark.parametrize("question", QUESTIONS, ids=["q1", "q2", "q3", "q4"])
def test_hint_solution_and_prompt_are_plain_text(question):
    assert str(question.hint()).startswith("Hint: ")
    assert str(question.solution()).startswith("Solution: ")
    assert len(repr(question)) > 20


# --- q1: quotient rule at a point ---------------------------------------------------------


def test_q1_expected_matches_autograd():
    slope = autograd_slope(lambda x: x**2 / (1 + torch.exp(x)), 1.0)
    assert ch03.q1.expected == pytest.approx(slope, rel=1e-13)


def test_q1_right():
    assert ch03.q1.check(0.34127090949850836).status == "correct"
    assert ch03.q1.check(np.float64(0.3412709095)).status == "correct"


@pytest.mark.parametrize(
    "wrong",
    [
        # the numerator's order swapped (f g' - f'g), and g not squared
        (np.e - 2.0) / (1.0 + np.e) ** 2,
        (2.0 + np.e) / (1.0 + np.e),
        "0.3413",
        [0.3412709095, 0.3412709095],
        float("nan"),
    ],
)
def test_q1_wrong(wrong):
    assert ch03.q1.check(wrong).status == "incorrect"


# --- q2: derivative of a polynomial -------------------------------------------------------


def test_q2_reference_matches_numpy_polyder():
    dp = np.polyder(np.poly1d([4.0, 0.0, -3.0, 0.0, 2.0, -7.0]))
    for x in ch03.q2.points:
        np.testing.assert_allclose(ch03.q2.reference(x), dp(x), rtol=1e-14, atol=1e-14)


@given(st.floats(min_value=-3.0, max_value=3.0, allow_nan=False))
def test_q2_reference_matches_autograd(x):
    slope = autograd_slope(lambda t: 4 * t**5 - 3 * t**3 + 2 * t - 7, x)
    assert float(ch03.q2.reference(x)) == pytest.approx(slope, rel=1e-12, abs=1e-12)


def test_q2_right():
    assert ch03.q2.check(lambda x: 20 * x**4 - 9 * x**2 + 2).status == "correct"
    assert ch03.q2.check(np.poly1d([20.0, 0.0, -9.0, 0.0, 2.0])).status == "correct"


@pytest.mark.parametrize(
    "wrong",
    [
        lambda x: 20 * x**4 - 9 * x**2 + 2 - 7,  # kept the constant
        lambda x: 4 * x**4 - 3 * x**2 + 2,  # forgot to multiply by n
        lambda x: 20 * x**4 - 9 * x**2,  # dropped the linear term's slope
        lambda x: 2.0,  # wrong shape for an array input
        lambda x: 1 / 0,  # raises
        "20x^4 - 9x^2 + 2",
        2.0,
    ],
)
def test_q2_wrong(wrong):
    assert ch03.q2.check(wrong).status == "incorrect"


# --- q3: which rule makes mini-batch gradients work ----------------------------------------


def test_q3_right():
    assert ch03.q3.check("c").status == "correct"
    assert ch03.q3.check(" C ").status == "correct"


@pytest.mark.parametrize("wrong", ["a", "b", "d", "e", "z", "sum rule", 3])
def test_q3_wrong(wrong):
    assert ch03.q3.check(wrong).status == "incorrect"


def test_q3_the_law_it_names_holds_numerically():
    # d/dw of an average of losses equals the average of their derivatives.
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=8), rng.normal(size=8)
    w = torch.tensor(0.7, dtype=torch.float64, requires_grad=True)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    (total,) = torch.autograd.grad(((w * xt - yt) ** 2).mean(), w)
    per_example = [
        torch.autograd.grad((w * xi - yi) ** 2, w)[0] for xi, yi in zip(xt, yt, strict=True)
    ]
    assert float(total) == pytest.approx(float(torch.stack(per_example).mean()), rel=1e-13)


# --- q4: slope of tanh by the quotient rule ----------------------------------------------


def test_q4_expected_matches_autograd():
    slope = autograd_slope(
        lambda x: (torch.exp(x) - torch.exp(-x)) / (torch.exp(x) + torch.exp(-x)), 0.5
    )
    assert ch03.q4.expected == pytest.approx(slope, rel=1e-13)


def test_q4_right():
    assert ch03.q4.check(0.7864477329659274).status == "correct"
    assert ch03.q4.check(1 - np.tanh(0.5) ** 2).status == "correct"


@pytest.mark.parametrize(
    "wrong",
    [
        1 + np.tanh(0.5) ** 2,  # the quotient rule's minus sign turned into a plus
        np.tanh(0.5),  # the function, not its slope
        1 - np.tanh(0.5),  # forgot to square
        "0.786",
        0.0,
    ],
)
def test_q4_wrong(wrong):
    assert ch03.q4.check(wrong).status == "incorrect"


@pytest.mark.parametrize(
    ("problem", "hand", "slip"),
    [
        # Five significant figures, as the prompts ask; a slip (here 1% off) is still wrong.
        (ch03.q1, 0.34127, 0.3447),
        (ch03.q4, 0.78645, 0.7943),
    ],
)
def test_a_hand_answer_to_five_figures_is_accepted(problem, hand, slip):
    assert "5 significant figures" in repr(problem)
    assert problem.check(hand).correct
    assert str(hand) in problem.solution()
    assert not problem.check(slip).correct
