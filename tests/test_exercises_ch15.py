"""Chapter 15's checkers: expected values against exact fractions, scipy and closed forms,
and the wrong answers a learner is likely to give. The generic checks are in
test_exercises_contract.py."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from mlcalc import integrate
from mlcalc.exercises import ch15

quad = pytest.importorskip("scipy.integrate").quad


def test_q1_weights_integrate_every_parabola_exactly():
    rng = np.random.default_rng(0)
    for _ in range(20):
        coefficients, h = rng.normal(size=3), rng.uniform(0.1, 3.0)
        q = np.polynomial.Polynomial(coefficients)
        by_weights = h * np.dot(ch15.q1.expected, q(np.array([-h, 0.0, h])))
        assert by_weights == pytest.approx(q.integ()(h) - q.integ()(-h), rel=1e-12, abs=1e-12)
    assert not ch15.q1.check([1, 4, 1]).correct  # the weights without the 1/3


def test_q2_expected_from_exact_fractions_and_quad():
    c = 1 / (Fraction(1, 3) - Fraction(1, 4))
    mean = c * (Fraction(1, 4) - Fraction(1, 5))
    assert ch15.q2.expected == [float(c), float(mean)]
    total, _ = quad(lambda x: 12 * x**2 * (1 - x), 0, 1)
    assert total == pytest.approx(1.0, rel=1e-12)
    assert not ch15.q2.check([12, 0.5]).correct  # the mean of a uniform density


def test_q3_order_is_well_below_the_smooth_order_and_near_three_halves():
    assert abs(ch15.q3.expected - 1.5) < 0.05
    assert ch15.q3.check(1.5).correct
    assert not ch15.q3.check(2.0).correct
    assert not ch15.q3.check(1.0).correct


def test_q4_refuses_the_left_rule_and_a_missing_width():
    assert not ch15.q4.check(lambda f, a, b, n: integrate.riemann(f, a, b, n, rule="left")).correct
    no_width = ch15.q4.check(lambda f, a, b, n: np.sum(f(a + (np.arange(n) + 0.5) * (b - a) / n)))
    assert not no_width.correct


def test_q4_reference_agrees_with_quad_for_many_strips():
    for f, a, b, _ in ch15.q4.points:
        exact, _ = quad(f, min(a, b), max(a, b))
        sign = 1.0 if b >= a else -1.0
        assert ch15.q4.reference(f, a, b, 4000) == pytest.approx(sign * exact, rel=1e-7)


def test_q5_reference_is_the_normal_cdf_and_a_coarse_rule_fails():
    for x in ch15.q5.points:
        exact, _ = quad(lambda t: math.exp(-t * t / 2) / math.sqrt(2 * math.pi), -40, x)
        assert ch15.q5.reference(x) == pytest.approx(exact, abs=1e-12)

    def coarse(x):
        return integrate.trapezoid(
            lambda t: np.exp(-(t**2) / 2) / math.sqrt(2 * math.pi), -8, x, 20
        )

    assert not ch15.q5.check(coarse).correct
