"""The difference quotients and their steps (mlcalc/differentiation/differences.py):
every method against derivatives worked out by hand, exact steps, orders, domain edges."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import mlcalc as mc
from mlcalc.differentiation import METHODS

# Relative error each method must reach on the smooth functions below (at points where f'
# is not small compared with f and f''). Forward/backward: h ~ 1.5e-8 leaves ~h|f''|/2.
TOLERANCE = {
    "forward": 3e-7,
    "backward": 3e-7,
    "central": 1e-9,
    "richardson": 1e-12,
    "complex": 1e-14,
    "auto": 1e-14,
}

SMOOTH = [
    # name, f (complex-friendly NumPy), f' by hand, points
    ("x^2", lambda x: x**2, lambda x: 2 * x, [-2.5, -0.3, 0.7, 3.0]),
    ("x^3 - 2x", lambda x: x**3 - 2 * x, lambda x: 3 * x**2 - 2, [-2.0, 0.1, 1.7]),
    ("sin", np.sin, np.cos, [-2.0, 0.5, 1.0, 4.0]),
    ("cos", np.cos, lambda x: -np.sin(x), [-2.0, 0.5, 1.0]),
    ("exp", np.exp, np.exp, [-3.0, 0.0, 2.5]),
    ("log", np.log, lambda x: 1 / x, [0.2, 1.5, 40.0]),
    ("sqrt", np.sqrt, lambda x: 0.5 / np.sqrt(x), [0.3, 2.0, 9.0]),
    ("tanh", np.tanh, lambda x: 1 - np.tanh(x) ** 2, [-1.5, 0.2, 1.0]),
    (
        "sigmoid",
        lambda x: 1 / (1 + np.exp(-x)),
        lambda x: np.exp(-x) / (1 + np.exp(-x)) ** 2,
        [-3.0, 0.4, 2.0],
    ),
    ("arctan", np.arctan, lambda x: 1 / (1 + x**2), [-2.0, 0.3, 5.0]),
    ("gaussian", lambda x: np.exp(-(x**2)), lambda x: -2 * x * np.exp(-(x**2)), [-1.2, 0.4]),
    ("1/x", lambda x: 1 / x, lambda x: -1 / x**2, [-3.0, 0.5, 2.0]),
    ("x e^x", lambda x: x * np.exp(x), lambda x: (1 + x) * np.exp(x), [-0.5, 0.5, 1.5]),
    ("1e6 x^3", lambda x: 1e6 * x**3, lambda x: 3e6 * x**2, [-40.0, 0.8, 250.0]),
    ("sin(50x)", lambda x: np.sin(50 * x), lambda x: 50 * np.cos(50 * x), [0.1, 0.33]),
]


def _relative(estimate: float, truth: float) -> float:
    return abs(estimate - truth) / abs(truth)


# --- every method against derivatives worked out by hand ---------------------------------


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("name, f, f_prime, points", SMOOTH, ids=[s[0] for s in SMOOTH])
def test_methods_match_analytic_derivatives(name, f, f_prime, points, method):
    tolerance = TOLERANCE[method] * (100 if name == "sin(50x)" and method != "auto" else 1)
    for x in points:
        estimate = mc.derivative(f, x, method=method)
        assert isinstance(estimate, float)
        assert _relative(estimate, float(f_prime(x))) <= tolerance, (x, estimate)


@pytest.mark.parametrize("method", METHODS)
def test_array_x_gives_the_derivative_at_each_element(method):
    x = np.linspace(-2.0, 2.0, 12).reshape(3, 4) + 0.05
    result = mc.derivative(np.sin, x, method=method)
    assert isinstance(result, np.ndarray) and result.shape == (3, 4)
    np.testing.assert_allclose(result, np.cos(x), rtol=TOLERANCE[method] * 10, atol=1e-15)


def test_lists_integers_and_zero_dimensional_arrays_are_accepted():
    assert mc.derivative(lambda x: x**2, 3) == 6.0
    assert mc.derivative(lambda x: x**2, np.array(3.0)) == 6.0
    assert mc.derivative(lambda x: x**2, np.float32(3.0)) == 6.0
    np.testing.assert_array_equal(mc.derivative(lambda x: x**2, [1, 2]), [2.0, 4.0])


@pytest.mark.parametrize("method", ["forward", "backward", "central", "richardson"])
@pytest.mark.parametrize("x", [0.1, 3.7e5, -2.9e-3])
def test_steps_are_exact_so_a_straight_line_has_slope_exactly_one(method, x):
    # Without h = (x + h) - x, the rounding of x + h alone gives errors of ~eps|x|/h.
    assert mc.derivative(lambda t: t, x, method=method) == 1.0


def test_explicit_step_is_used_as_given():
    # Forward difference of x^2 with step h is exactly 2x + h (up to rounding).
    assert mc.derivative(lambda x: x**2, 1.0, method="forward", h=0.5) == pytest.approx(2.5)
    assert mc.derivative(lambda x: x**2, 1.0, method="backward", h=0.5) == pytest.approx(1.5)
    # Central difference of x^3: 3x^2 + h^2.
    assert mc.derivative(lambda x: x**3, 1.0, method="central", h=0.1) == pytest.approx(3.01)


def test_error_of_forward_and_central_differences_shrinks_at_their_orders():
    # Truncation error ~ h for forward, ~ h^2 for central: halving h halves / quarters it.
    errors = {
        m: [abs(mc.derivative(np.exp, 1.0, method=m, h=h) - math.e) for h in (1e-2, 5e-3)]
        for m in ("forward", "central")
    }
    assert errors["forward"][0] / errors["forward"][1] == pytest.approx(2.0, rel=0.01)
    assert errors["central"][0] / errors["central"][1] == pytest.approx(4.0, rel=0.01)


# --- near the edge of a domain --------------------------------------------------------------

NEAR_EDGE = [
    # f, x, exact f'(x) at the float x (1 - x and 1 + x are exact for these x)
    (np.log, 1e-3, 1e3),
    (np.log, 1e-8, 1e8),
    (np.sqrt, 1e-4, 0.5 / np.sqrt(1e-4)),
    (np.log1p, -1 + 1e-3, 1 / (1 + (-1 + 1e-3))),
    (np.arcsin, 1 - 1e-6, 1 / math.sqrt((1 - (1 - 1e-6)) * (1 + (1 - 1e-6)))),
    (np.arccos, -1 + 1e-7, -1 / math.sqrt((1 - (-1 + 1e-7)) * (1 + (-1 + 1e-7)))),
    (lambda x: 1 / x, 1e-5, -1e10),
    (lambda x: x * np.log(x), 1e-6, math.log(1e-6) + 1),
]


@pytest.mark.parametrize(
    "method, tolerance", [("auto", 1e-14), ("richardson", 5e-10), ("central", 1e-7)]
)
@pytest.mark.parametrize("f, x, truth", NEAR_EDGE)
def test_near_a_domain_edge_the_steps_stay_inside(f, x, truth, method, tolerance):
    assert _relative(mc.derivative(f, x, method=method), truth) <= tolerance


@pytest.mark.parametrize("method", ["backward", "central"])
def test_one_sided_and_central_defaults_shrink_rather_than_cross_an_edge(method):
    # log at 1e-9: the default steps (1.5e-8, 6e-6) would land at negative numbers.
    assert _relative(mc.derivative(np.log, 1e-9, method=method), 1e9) <= 1e-5


def test_f_defined_on_one_side_only_uses_one_sided_differences():
    # x^2.5 at 0 (NaN, or complex in Python, for x < 0): f'(0) = 0, seen from the right
    # only. The one-sided quotient is -0.83 h^1.5 here (the third derivative is infinite).
    for f in (lambda x: x**2 * np.sqrt(x), lambda x: x**2.5):
        assert mc.derivative(f, 0.0, method="central") == pytest.approx(0.0, abs=1e-7)
    # x^1.5 at 0: f'(0) = 0 too, but one-sided quotients only fall like sqrt(h).
    assert abs(mc.derivative(lambda x: x**1.5, 0.0, method="central")) < 1e-2
    # An array with one element at the edge: only that element goes one-sided.
    x = np.array([0.0, 1.0, 4.0])
    result = mc.derivative(lambda t: t**2 * np.sqrt(t), x, method="central")
    np.testing.assert_allclose(result, 2.5 * x**1.5, rtol=1e-8, atol=1e-7)


@pytest.mark.parametrize(
    "distance, tolerances", [(1e-6, (1e-8, 1e-11)), (1e-9, (1e-6, 1e-10)), (2.0**-40, (1e-3, 1e-8))]
)
def test_accuracy_degrades_gracefully_towards_an_edge(distance, tolerances):
    # arcsin at 1 - distance: the slope changes over ~distance, so real differences lose
    # accuracy as x nears 1 (8000 floats from the edge at 2^-40); the complex step does not.
    x = 1 - distance
    truth = 1 / math.sqrt((1 - x) * (1 + x))
    central, richardson = tolerances
    assert _relative(mc.derivative(np.arcsin, x, method="central"), truth) < central
    assert _relative(mc.derivative(np.arcsin, x, method="richardson"), truth) < richardson
    assert _relative(mc.derivative(np.arcsin, x), truth) < 1e-15


def test_probing_outside_the_domain_leaks_no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for method in METHODS:
            mc.derivative(np.log, 1e-3, method=method)
            mc.derivative(np.sqrt, np.array([1e-4, 2.0]), method=method)


@pytest.mark.parametrize("method", ["forward", "backward", "central"])
def test_an_explicit_step_too_small_to_move_x_is_refused_naming_h_and_x(method):
    # It used to be silently replaced: forward at h = 1e-300 gave 0.5390625 for cos(1).
    with pytest.raises(ValueError, match=r"h = 1e-300 is too small at x = 1\.0"):
        mc.derivative(np.sin, 1.0, method=method, h=1e-300)
    with pytest.raises(ValueError, match=r"h = 1e-13 is too small at x = 1000\.0"):
        mc.derivative(np.sin, np.array([0.5, 1e3]), method=method, h=1e-13)
    assert mc.derivative(np.sin, 1.0, method=method, h=1e-6) == pytest.approx(
        math.cos(1.0), rel=1e-5
    )
