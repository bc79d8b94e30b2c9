"""Chapter 2's exercises: expected values against an independent truth (torch.autograd,
exact arithmetic, series expansions) and the wrong answers a learner is likely to give.
The generic checks (unattempted, wrong type, hints, solution) are in
test_exercises_contract.py."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import torch

from mlcalc.exercises import ch02


def _autograd(fn, x0: float, order: int = 1) -> float:
    x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    value = fn(x)
    for _ in range(order):
        (value,) = torch.autograd.grad(value, x, create_graph=True)
    return float(value.detach())


# --- q1: the ball's speed -------------------------------------------------------------------


def test_q1_expected_is_the_autograd_derivative():
    speed = _autograd(lambda t: 1.5 + 12 * t - 4.9 * t**2, 1.0)
    assert ch02.q1.expected == pytest.approx(speed, rel=1e-14)


def test_q1_accepts_a_forward_difference_with_a_small_step():
    def y(t):
        return 1.5 + 12 * t - 4.9 * t**2

    h = 1e-6
    assert ch02.q1.check((y(1 + h) - y(1)) / h).correct


@pytest.mark.parametrize(
    "wrong",
    [12 - 4.9, 1.5 + 12 - 4.9, 2.2 - 4.9 * 0.1, 2.2 + 0.49, -2.2, [2.2, 2.2]],
    ids=["no-factor-2", "height", "step-0.1", "forward-0.1", "sign", "shape"],
)
def test_q1_wrong_answers(wrong):
    assert ch02.q1.check(wrong).status == "incorrect"


# --- q2: the forward difference's error constant -----------------------------------------


def test_q2_expected_is_half_the_second_derivative():
    second = _autograd(lambda x: torch.sin(2 * x), 0.5, order=2)
    assert ch02.q2.expected == pytest.approx(second / 2, rel=1e-14)


def test_q2_the_experiment_in_the_prompt_lands_on_it():
    h = 1e-4
    forward = (math.sin(2 * (0.5 + h)) - math.sin(1.0)) / h
    measured = (forward - 2 * math.cos(1.0)) / h
    assert ch02.q2.check(measured).correct


@pytest.mark.parametrize(
    "wrong",
    [-4 * math.sin(1.0), 2 * math.sin(1.0), -math.sin(1.0), -2 * math.cos(1.0), -1.68],
    ids=["f''-itself", "sign", "inner-factor-lost", "cos", "3-figures"],
)
def test_q2_wrong_answers(wrong):
    assert ch02.q2.check(wrong).status == "incorrect"


# --- q3: a central difference the learner writes -------------------------------------------


def _central(x, h=0.01):
    x = np.asarray(x, dtype=float)
    return (np.exp(-((x + h) ** 2) / 2) - np.exp(-((x - h) ** 2) / 2)) / (2 * h)


def test_q3_reference_is_the_central_difference_by_series():
    # D(h) = g'(x) + h**2/6 g'''(x) + h**4/120 g^(5)(x) + ..., with the derivatives from
    # autograd: agrees with the reference to the size of the h**6 term.
    def g(t):
        return torch.exp(-(t**2) / 2)

    h = ch02.q3.step
    for x0 in (-2.0, -0.5, 0.7, 1.3, 3.0):
        series = sum(
            _autograd(g, x0, order=k) * h ** (k - 1) / math.factorial(k) for k in (1, 3, 5)
        )
        assert ch02.q3.reference(x0) == pytest.approx(series, rel=1e-11, abs=1e-14)


def test_q3_the_tolerance_separates_the_estimate_from_the_exact_derivative():
    def exact(x):
        x = np.asarray(x, dtype=float)
        return -x * np.exp(-(x**2) / 2)

    assert ch02.q3.check(_central).correct
    assert ch02.q3.check(exact).status == "incorrect"


def test_q3_checks_an_array_point():
    assert any(np.ndim(point) == 1 for point in ch02.q3.points)


@pytest.mark.parametrize(
    "wrong",
    [
        lambda x: (np.exp(-((x + 0.01) ** 2) / 2) - np.exp(-(x**2) / 2)) / 0.01,
        lambda x: _central(x) * 2,
        lambda x: _central(x, h=1e-5),
        lambda x: -_central(x),
        lambda x: float(_central(x)),
        lambda x: None,
    ],
    ids=["forward", "missing-2", "other-step", "sign", "scalar-only", "no-return"],
)
def test_q3_wrong_functions(wrong):
    assert ch02.q3.check(wrong).status == "incorrect"


# --- q4: the best central step ----------------------------------------------------------


def test_q4_expected_is_the_cube_root_of_eps():
    assert ch02.q4.expected == pytest.approx(np.finfo(np.float64).eps ** (1 / 3), rel=1e-12)


@pytest.mark.parametrize("answer", [1e-5, 6e-6, 1e-6, 3e-5, np.float64(2e-6)])
def test_q4_within_a_factor_of_ten(answer):
    assert ch02.q4.check(answer).correct


@pytest.mark.parametrize(
    ("answer", "why"),
    [(1e-8, "too small"), (1e-16, "too small"), (1e-4, "too large"), (1e-2, "too large")],
)
def test_q4_outside_a_factor_of_ten_says_which_side(answer, why):
    feedback = ch02.q4.check(answer)
    assert feedback.status == "incorrect"
    assert why in str(feedback)


@pytest.mark.parametrize("answer", [0.0, -1e-5, float("inf"), float("nan"), [1e-5, 1e-6]])
def test_q4_not_a_step(answer):
    assert ch02.q4.check(answer).status == "incorrect"


# --- q5: the order of a one-sided three-point formula --------------------------------------


def test_q5_the_formula_is_second_order_in_exact_arithmetic():
    # On f = x**3 at x = 1 (f' = 3, f''' = 6) the error is exactly -h**2 f'''/3 = -2 h**2.
    for h in (Fraction(1, 10), Fraction(1, 100)):
        d3 = (-3 * 1 + 4 * (1 + h) ** 3 - (1 + 2 * h) ** 3) / (2 * h)
        assert d3 - 3 == -2 * h**2


def test_q5_the_measured_order_is_accepted():
    def d3(h):
        return (-3 * math.sin(1) + 4 * math.sin(1 + h) - math.sin(1 + 2 * h)) / (2 * h)

    errors = [abs(d3(h) - math.cos(1)) for h in (1e-2, 1e-3)]
    assert ch02.q5.check(math.log10(errors[0] / errors[1])).correct


@pytest.mark.parametrize("wrong", [1.0, 3.0, 1.5, 100.0])
def test_q5_wrong_answers(wrong):
    # first order guessed; third; half-way; the error ratio instead of its logarithm
    assert ch02.q5.check(wrong).status == "incorrect"


# --- q6: the complex step broken by np.abs -------------------------------------------------


def test_q6_expected_values_by_autograd_and_by_the_complex_step():
    true = _autograd(lambda w: w**3 + 0.3 * torch.abs(w), -0.5)
    h = 1e-20
    complex_step = np.imag((-0.5 + 1j * h) ** 3 + 0.3 * np.abs(-0.5 + 1j * h)) / h
    np.testing.assert_allclose(ch02.q6.expected, [complex_step, true], rtol=1e-14)


@pytest.mark.parametrize(
    "wrong",
    [[0.45, 0.45], [0.75, 0.75], [0.45, 0.75], [0.75, 1.05], 0.45],
    ids=["trusted-complex", "no-penalty", "swapped", "sign-of-w", "one-number"],
)
def test_q6_wrong_answers(wrong):
    assert ch02.q6.check(wrong).status == "incorrect"
