"""The derivative table: every rule against high-precision derivatives (mpmath), and its
scalar (math) and array (NumPy) forms against each other."""

import math

import mpmath as mp
import numpy as np
import pytest

from mlcalc.elementary import ARRAY, RULES, SCALAR

mp.mp.dps = 40

# The functions as mpmath writes them: an independent truth for values and slopes.
_EXACT = {
    "exp": mp.exp,
    "log": mp.log,
    "sin": mp.sin,
    "cos": mp.cos,
    "tanh": mp.tanh,
    "sigmoid": lambda x: 1 / (1 + mp.exp(-x)),
    "relu": lambda x: max(x, mp.mpf(0)),
}
# Their derivatives, from the textbook, in 40 digits (no cancellation at that precision).
_EXACT_SLOPE = {
    "exp": mp.exp,
    "log": lambda x: 1 / x,
    "sin": mp.cos,
    "cos": lambda x: -mp.sin(x),
    "tanh": lambda x: mp.sech(x) ** 2,
    "sigmoid": lambda x: _EXACT["sigmoid"](x) * (1 - _EXACT["sigmoid"](x)),
}
_POINTS = {
    "log": [1e-300, 0.01, 0.7, 1.0, 3.5, 1e300],
    "relu": [-2.0, -1e-300, 1e-300, 0.5, 40.0],
}
_DEFAULT_POINTS = [-700.0, -40.0, -3.0, -0.5, -1e-8, 0.0, 1e-8, 0.25, 2.0, 19.0, 37.0, 700.0]


def _cases():
    for name in RULES:
        for x in _POINTS.get(name, _DEFAULT_POINTS):
            if name in ("sin", "cos") and abs(x) > 100:
                continue  # the tests of large x for sin and cos are in test_functions
            yield name, x


def _close(ours, exact, rtol):
    exact = float(exact)
    assert abs(ours - exact) <= rtol * abs(exact) + 1e-300, (ours, exact)


@pytest.mark.parametrize(("name", "x"), list(_cases()))
def test_each_rule_gives_value_and_slope_to_full_relative_accuracy(name, x):
    rule = RULES[name]
    value = rule.value(x, SCALAR)
    slope = rule.slope(x, value, SCALAR)
    _close(value, _EXACT[name](mp.mpf(x)), 4e-16)
    if name == "relu":
        assert slope == (1.0 if x > 0 else 0.0)  # the derivative, 0 at the kink as in torch
        return
    _close(slope, _EXACT_SLOPE[name](mp.mpf(x)), 8e-16)  # tails included: no cancellation


@pytest.mark.parametrize("name", list(RULES))
def test_scalar_and_array_forms_are_the_same_formula(name):
    points = np.array(_POINTS.get(name, _DEFAULT_POINTS))
    rule = RULES[name]
    values = rule.value(points, ARRAY)
    slopes = rule.slope(points, values, ARRAY)
    for x, value, slope in zip(points.tolist(), values, slopes, strict=True):
        scalar = rule.value(x, SCALAR)
        assert value == pytest.approx(scalar, rel=2e-16, abs=0.0)
        assert slope == pytest.approx(rule.slope(x, scalar, SCALAR), rel=2e-16, abs=0.0)


@pytest.mark.parametrize("name", [n for n in RULES if n != "relu"])
def test_the_array_form_is_analytic_for_the_complex_step(name):
    h = 1e-30
    x = 0.75
    value = RULES[name].value(np.array([x + 1j * h]), ARRAY)[0]
    assert value.imag / h == pytest.approx(
        RULES[name].slope(x, None, SCALAR) if name != "exp" else math.exp(x), rel=1e-15
    )
