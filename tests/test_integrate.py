"""mlcalc.integrate against closed forms and scipy.integrate.quad: values, orders, errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlcalc import integrate

quad = pytest.importorskip("scipy.integrate").quad

RULES = {
    "left": lambda f, a, b, n: integrate.riemann(f, a, b, n, rule="left"),
    "right": lambda f, a, b, n: integrate.riemann(f, a, b, n, rule="right"),
    "midpoint": lambda f, a, b, n: integrate.riemann(f, a, b, n, rule="midpoint"),
    "trapezoid": integrate.trapezoid,
    "simpson": integrate.simpson,
}
ORDERS = {"left": 1, "right": 1, "midpoint": 2, "trapezoid": 2, "simpson": 4}


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize(
    ("f", "a", "b", "truth"),
    [
        (np.exp, 0.0, 1.0, math.e - 1),
        (np.sin, 0.0, 2.0, 1 - math.cos(2.0)),
        (lambda x: 1 / (1 + x**2), -1.0, 2.0, math.atan(2.0) + math.atan(1.0)),
    ],
    ids=["exp", "sin", "lorentz"],
)
def test_each_rule_converges_at_its_textbook_order(rule, f, a, b, truth):
    ns = np.array([32, 64, 128, 256])
    errors = np.array([abs(RULES[rule](f, a, b, int(n)) - truth) for n in ns])
    slope = -np.polyfit(np.log(ns), np.log(errors), 1)[0]
    assert slope == pytest.approx(ORDERS[rule], abs=0.15)


@pytest.mark.parametrize("rule", RULES)
def test_fine_grids_agree_with_quad(rule):
    f = lambda x: np.exp(-(x**2)) * np.cos(3 * x)  # noqa: E731
    truth, _ = quad(f, -1.0, 2.0, epsabs=1e-13)
    tolerance = {1: 1e-3, 2: 1e-6, 4: 1e-11}[ORDERS[rule]]
    assert RULES[rule](f, -1.0, 2.0, 2000) == pytest.approx(truth, abs=tolerance)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.floats(-10, 10), min_size=4, max_size=4),
    st.floats(-5, 5),
    st.floats(-5, 5),
    st.sampled_from([2, 4, 10]),
)
def test_simpson_is_exact_for_cubics(coefficients, a, b, n):
    cubic = np.polynomial.Polynomial(coefficients)
    exact = cubic.integ()(b) - cubic.integ()(a)
    scale = sum(abs(c) for c in coefficients) * max(1.0, abs(a), abs(b)) ** 4
    assert integrate.simpson(cubic, a, b, n) == pytest.approx(exact, abs=1e-12 * scale + 1e-12)


@settings(max_examples=50, deadline=None)
@given(st.floats(-10, 10), st.floats(-10, 10), st.floats(-5, 5), st.floats(-5, 5))
def test_trapezoid_and_midpoint_are_exact_for_lines(slope, intercept, a, b):
    exact = slope * (b**2 - a**2) / 2 + intercept * (b - a)
    line = lambda x: slope * x + intercept  # noqa: E731
    scale = (abs(slope) + abs(intercept)) * max(1.0, abs(a), abs(b)) ** 2
    for rule in (integrate.trapezoid, integrate.riemann):
        assert rule(line, a, b, 3) == pytest.approx(exact, abs=1e-12 * scale + 1e-12)


@pytest.mark.parametrize("rule", RULES)
def test_swapping_the_limits_negates_the_result_exactly(rule):
    f = lambda x: np.exp(x) * np.sin(5 * x)  # noqa: E731
    assert RULES[rule](f, 2.0, -1.0, 10) == -RULES[rule](f, -1.0, 2.0, 10)
    assert RULES[rule](f, 1.5, 1.5, 10) == 0.0


@pytest.mark.parametrize("rule", RULES)
def test_scalar_only_functions_give_the_same_result_as_vectorised(rule):
    calls = []

    def scalar_only(x):
        calls.append(x)
        return math.exp(-x) if x > 0 else 1.0 + x  # `if` on an array would raise

    vectorised = lambda x: np.where(x > 0, np.exp(-x), 1.0 + x)  # noqa: E731
    assert RULES[rule](scalar_only, -1.0, 2.0, 8) == pytest.approx(
        RULES[rule](vectorised, -1.0, 2.0, 8), rel=1e-15
    )
    assert all(isinstance(x, float) for x in calls[1:])


def test_a_constant_function_written_without_x_works():
    assert integrate.trapezoid(lambda x: 2.5, 0.0, 4.0, 3) == pytest.approx(10.0)
    assert integrate.monte_carlo(lambda x: 2.5, 0.0, 4.0, 10, seed=1).estimate == 10.0


def test_monte_carlo_intervals_cover_the_truth_at_their_stated_rate():
    truth = 1 - math.cos(2.0)  # the integral of sin over [0, 2]
    inside = 0
    seeds = range(400)
    for seed in seeds:
        estimate, se = integrate.monte_carlo(np.sin, 0.0, 2.0, 400, seed=seed)
        inside += abs(estimate - truth) <= 1.96 * se
    # 95% nominal; with 400 runs the binomial spread is about 1.1%.
    assert 0.92 <= inside / len(seeds) <= 0.98


def test_monte_carlo_error_shrinks_as_one_over_root_n():
    ns = np.array([100, 1_000, 10_000, 100_000])
    errors = [integrate.monte_carlo(np.exp, 0.0, 1.0, int(n), seed=3).standard_error for n in ns]
    slope = -np.polyfit(np.log(ns), np.log(errors), 1)[0]
    assert slope == pytest.approx(0.5, abs=0.05)


def test_monte_carlo_is_repeatable_with_a_seed_and_negates_with_the_limits():
    first = integrate.monte_carlo(np.cos, 0.0, 1.0, 50, seed=7)
    assert first == integrate.monte_carlo(np.cos, 0.0, 1.0, 50, seed=7)
    assert first != integrate.monte_carlo(np.cos, 0.0, 1.0, 50, seed=8)
    swapped = integrate.monte_carlo(np.cos, 1.0, 0.0, 50, seed=7)
    assert swapped.estimate == -first.estimate
    assert swapped.standard_error == first.standard_error


def test_numpy_scalars_are_accepted_like_python_numbers():
    plain = integrate.simpson(np.exp, 0.0, 1.0, 8)
    assert integrate.simpson(np.exp, np.float32(0.0), np.int64(1), np.int64(8)) == plain
    assert integrate.simpson(np.exp, np.array(0.0), np.array(1.0), 8) == plain


@pytest.mark.parametrize(
    ("call", "error", "says"),
    [
        (lambda: integrate.trapezoid(np.sin, 0.0, math.inf, 10), ValueError, "b must be finite"),
        (lambda: integrate.simpson(np.sin, math.nan, 1.0, 10), ValueError, "a must be finite"),
        (lambda: integrate.riemann(np.sin, "0", 1.0, 10), TypeError, "a must be a real number"),
        (lambda: integrate.riemann(np.sin, 0.0, 1.0, 0), ValueError, "n must be a positive"),
        (lambda: integrate.riemann(np.sin, 0.0, 1.0, 2.5), TypeError, "n must be a positive"),
        (lambda: integrate.trapezoid(np.sin, 0.0, 1.0, True), TypeError, "n must be a positive"),
        (lambda: integrate.simpson(np.sin, 0.0, 1.0, 5), ValueError, "n must be even"),
        (lambda: integrate.monte_carlo(np.sin, 0.0, 1.0, 1), ValueError, "at least 2"),
        (lambda: integrate.monte_carlo(np.sin, 0, 1, 10, seed=-1), ValueError, "seed"),
        (lambda: integrate.riemann(np.sin, 0.0, 1.0, 4, rule="top"), ValueError, "rule must be"),
        (lambda: integrate.trapezoid("sin", 0.0, 1.0, 4), TypeError, "f must be a callable"),
        (lambda: integrate.trapezoid(lambda x: 1 / x, 0.0, 1.0, 4), ValueError, "at x = 0.0"),
        (lambda: integrate.simpson(np.log, -1.0, 1.0, 4), ValueError, "f must be finite"),
        (lambda: integrate.riemann(lambda x: "one", 0.0, 1.0, 4), TypeError, "real number"),
        (lambda: integrate.trapezoid(lambda x: [x, x], 0.0, 1.0, 4), ValueError, "per point"),
        (lambda: integrate.trapezoid(lambda x: x + 1j, 0.0, 1.0, 4), TypeError, "real number"),
        (lambda: integrate.trapezoid(np.sin, 0.0, 1.0, 10**13), ValueError, "n must be at most"),
        (lambda: integrate.monte_carlo(np.sin, 0, 1, 10**9, seed=0), ValueError, "at most"),
        (lambda: integrate.riemann(np.sin, 0.0, 1.0, np.float64(4)), TypeError, "n must be"),
        (lambda: integrate.trapezoid(np.cos, -1e308, 1e308, 4), ValueError, "b - a must be"),
        (lambda: integrate.monte_carlo(np.cos, -1e308, 1e308, 4), ValueError, "b - a must be"),
        (lambda: integrate.simpson(np.sin, 0.0, [1.0], 4), TypeError, "b must be a real"),
        (lambda: integrate.riemann(np.sin, 0.0, 1.0, 4, rule=None), TypeError, "rule must be"),
    ],
)
def test_bad_input_gets_a_clear_error(call, error, says):
    with pytest.raises(error, match=says):
        call()
