"""Chapter 1's exercises: expected values against exact arithmetic, and the wrong answers a
learner is likely to give. The generic checks (unattempted, wrong type, hints, solution)
are in test_exercises_contract.py."""

from fractions import Fraction

import numpy as np
import pytest

from mlcalc.exercises import ch01

X = [Fraction(1), Fraction(2), Fraction(3)]
Y = [Fraction(2), Fraction(3), Fraction(7)]


def exact_loss(m):
    return sum((m * x - y) ** 2 for x, y in zip(X, Y, strict=True)) / 3


def test_q1_expected_is_the_exact_secant_slope():
    rate = (Fraction(11, 10) ** 3 - 1) / Fraction(1, 10)
    assert rate == Fraction(331, 100)
    assert ch01.q1.expected == pytest.approx(float(rate), rel=1e-15)


def test_q1_a_float32_computation_is_right_to_five_figures():
    x1, step = np.float32(1.1), np.float32(0.1)
    single = (x1**3 - np.float32(1.0)) / step
    assert single != np.float64(3.31)  # single precision really is off in the last digits
    assert ch01.q1.check(single).correct


@pytest.mark.parametrize("wrong", [3.0, 3.3, 1.331, 0.331, 3.32])
def test_q1_wrong_answers(wrong):
    # the tangent slope; too few figures; p(1.1); no division; a slip in the 3rd figure
    assert ch01.q1.check(wrong).status == "incorrect"


def test_q2_expected_line_equals_the_two_layers():
    w1, b1, w2, b2 = Fraction(2), Fraction(1), Fraction(-1, 2), Fraction(3)
    a, c = ch01.q2.expected
    for x in map(Fraction, range(-3, 4)):
        assert w2 * (w1 * x + b1) + b2 == Fraction(a) * x + Fraction(c)


@pytest.mark.parametrize(
    "wrong",
    [[-1.0, 4.0], [2.5, -1.0], [2.0, 2.5], [-1.0, 2.5, 0.0], -1.0],
    ids=["b1+b2", "swapped", "w1-only", "three-numbers", "slope-only"],
)
def test_q2_wrong_answers(wrong):
    assert ch01.q2.check(wrong).status == "incorrect"


def test_q3_reference_is_the_sigmoid():
    z = np.array([-30.0, -2.0, 0.0, 0.5, 4.0])
    direct = np.array([1 / (1 + np.exp(-float(v))) for v in z])
    np.testing.assert_allclose(ch01.q3.reference(z), direct, rtol=1e-14, atol=1e-15)


@pytest.mark.parametrize(
    "wrong",
    [
        lambda z: 1 / (1 + np.exp(z)),
        lambda z: 1 / (2 + np.exp(-z)),
        lambda z: np.exp(-z) / (1 + np.exp(-z)),
        lambda z: 1 / (1 + np.exp(-float(z))),  # fails on the array
        lambda z: None,
    ],
    ids=["sign", "two", "one-minus-sigmoid", "scalar-only", "no-return"],
)
def test_q3_wrong_functions(wrong):
    assert ch01.q3.check(wrong).status == "incorrect"


def test_q3_a_missing_return_is_named():
    assert "forget `return`" in str(ch01.q3.check(lambda z: None))


def test_q4_expected_is_the_grid_point_nearest_the_exact_minimiser():
    grid = [Fraction(k, 100) for k in range(401)]
    best = min(grid, key=exact_loss)
    assert best == Fraction(207, 100)
    assert ch01.q4.check(np.linspace(0, 4, 401)[207]).correct


@pytest.mark.parametrize("wrong", [2.0, 2.06, 2.08, 207])
def test_q4_wrong_answers(wrong):
    # the ratio of means; the two neighbours; the index instead of the slope
    assert ch01.q4.check(wrong).status == "incorrect"


def test_q5_expected_is_the_exact_minimiser():
    best = sum(x * y for x, y in zip(X, Y, strict=True)) / sum(x * x for x in X)
    assert best == Fraction(29, 14)
    # The parabola's vertex is its lowest point: no neighbour is lower.
    assert exact_loss(best) < min(
        exact_loss(best + Fraction(1, 10**6)), exact_loss(best - Fraction(1, 10**6))
    )
    assert ch01.q5.expected == pytest.approx(float(best), rel=1e-15)
    assert ch01.q5.check(2.0714).correct


@pytest.mark.parametrize("wrong", [2.0, 2.07, 2.071, 29 / 12])
def test_q5_wrong_answers(wrong):
    # the ratio of the means; the grid answer; too few figures; sum(y)/... slip
    assert ch01.q5.check(wrong).status == "incorrect"
