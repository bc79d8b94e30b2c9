"""Chapter 3's exercises: expected answers against independent truths, and the wrong answers
a learner is likely to give. The generic checks (unattempted, wrong type, sample answer,
hints) are in test_exercises_contract.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

import mlcalc as mc
from mlcalc.exercises import ch03


def autograd_slope(fn, x: float, order: int = 1) -> float:
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    value = fn(xt)
    for _ in range(order):
        (value,) = torch.autograd.grad(value, xt, create_graph=True)
    return float(value.detach())


# --- q1: quotient rule at a point ---------------------------------------------------------


def test_q1_expected_matches_autograd():
    slope = autograd_slope(lambda x: x**2 / (1 + torch.exp(x)), 1.0)
    assert ch03.q1.expected == pytest.approx(slope, rel=1e-13)


def test_q1_five_significant_figures_means_five():
    assert "5 significant figures" in repr(ch03.q1)
    assert ch03.q1.check(0.34127).correct
    assert "0.34127" in ch03.q1.solution()
    assert not ch03.q1.check(0.3413).correct  # four figures, off by 3 in the fifth


@pytest.mark.parametrize(
    "wrong",
    [
        (np.e - 2.0) / (1.0 + np.e) ** 2,  # the numerator's order swapped
        (2.0 + np.e) / (1.0 + np.e),  # g not squared
        2.0 / np.e,  # f'/g': the derivatives of top and bottom divided
    ],
)
def test_q1_slips_are_wrong(wrong):
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


def test_q2_a_poly1d_is_a_function_too():
    assert ch03.q2.check(np.poly1d([20.0, 0.0, -9.0, 0.0, 2.0])).correct


@pytest.mark.parametrize(
    "wrong",
    [
        lambda x: 20 * x**4 - 9 * x**2 + 2 - 7,  # kept the constant
        lambda x: 20 * x**4 - 9 * x**2,  # dropped the linear term's slope
        lambda x: 2.0,  # a number, not the array an array input needs
    ],
)
def test_q2_slips_are_wrong(wrong):
    assert ch03.q2.check(wrong).status == "incorrect"


def test_q2_forgetting_return_is_named():
    def dp(x):
        20 * x**4 - 9 * x**2 + 2

    assert "forget `return`" in ch03.q2.check(dp)


# --- q3: tanh'' -------------------------------------------------------------------------


def test_q3_expected_matches_autograd_twice():
    assert ch03.q3.expected == pytest.approx(autograd_slope(torch.tanh, 0.5, order=2), rel=1e-13)


def test_q3_the_solution_quotes_the_answer_to_five_figures():
    assert f"{ch03.q3.expected:.5g}" in ch03.q3.solution()
    assert ch03.q3.check(float(f"{ch03.q3.expected:.5g}")).correct


@pytest.mark.parametrize(
    "wrong",
    [
        1 - math.tanh(0.5) ** 2,  # the first derivative
        2 * math.tanh(0.5) * (1 - math.tanh(0.5) ** 2),  # the minus sign lost
        -2 * math.tanh(0.5),  # the inner factor tanh' forgotten
        -2 * math.tanh(0.5) * (1 - math.tanh(0.5)),  # tanh' written as 1 - tanh
    ],
)
def test_q3_slips_are_wrong(wrong):
    assert ch03.q3.check(wrong).status == "incorrect"


# --- q4: a rate of change on the simplex -------------------------------------------------


def entropy_along(t):
    p = np.array([0.5 - t, 0.3, 0.2 + t])
    return -np.sum(p * np.log(p))


def test_q4_the_experiment_gives_the_expected_rate():
    measured = mc.derivative(entropy_along, 0.0)
    assert measured == pytest.approx(ch03.q4.expected, rel=1e-10)
    assert ch03.q4.check(measured).correct


def test_q4_expected_matches_autograd():
    def entropy_t(t):
        p = torch.stack([0.5 - t, torch.tensor(0.3, dtype=torch.float64), 0.2 + t])
        return -(p * torch.log(p)).sum()

    assert ch03.q4.expected == pytest.approx(autograd_slope(entropy_t, 0.0), rel=1e-13)


@pytest.mark.parametrize(
    "wrong",
    [
        -(math.log(0.2) + 1),  # the third free partial derivative alone
        -(math.log(0.5) + 1),  # the first alone
        math.log(0.2) - math.log(0.5),  # the move in the other direction
    ],
)
def test_q4_free_partials_are_not_the_rate(wrong):
    assert ch03.q4.check(wrong).status == "incorrect"


# --- q5: the sigmoid's second derivative ----------------------------------------------


@given(st.floats(min_value=-30.0, max_value=30.0, allow_nan=False))
def test_q5_reference_matches_autograd_twice(x):
    second = autograd_slope(torch.sigmoid, x, order=2)
    assert float(ch03.q5.reference(x)) == pytest.approx(second, rel=1e-9, abs=1e-15)


def test_q5_the_formula_in_sigma_is_right():
    def sigmoid_second(x):
        s = mc.sigmoid(x)
        return s * (1 - s) * (1 - 2 * s)

    assert ch03.q5.check(sigmoid_second).correct


@pytest.mark.parametrize(
    "wrong",
    [
        lambda x: mc.sigmoid(x) * (1 - mc.sigmoid(x)) * (1 - mc.sigmoid(x)),  # (1 - s)^2
        lambda x: mc.sigmoid(x) * (1 - mc.sigmoid(x)) * (2 * mc.sigmoid(x) - 1),  # sign
        lambda x: mc.sigmoid_prime(x) * (1 - 2 * mc.sigmoid_prime(x)),  # s' put for s
    ],
)
def test_q5_slips_are_wrong(wrong):
    assert ch03.q5.check(wrong).status == "incorrect"
