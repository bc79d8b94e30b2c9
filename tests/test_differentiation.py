"""Tests of mlcalc.differentiation.

The truths: derivatives worked out by hand, torch.autograd for gradients, Jacobians and
Hessians, and the sum, product, quotient and chain rules on randomly composed functions.
The other half of the file makes sure ``auto`` is never confidently wrong (code that the
complex step gets wrong, points near domain edges) and that bad input gets a clear error.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

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


# --- auto on code the complex step gets wrong ----------------------------------------------

NON_ANALYTIC = [
    # name, f, true f' away from kinks, and whether the bare complex step is silently wrong
    ("abs", abs, np.sign, False),
    ("np.abs", np.abs, np.sign, False),
    ("relu via np.maximum", lambda x: np.maximum(x, 0.0), lambda x: float(x > 0), False),
    ("branch on x", lambda x: x if x > 0 else -x, np.sign, False),
    (
        "branchy polynomial",
        lambda x: x**2 if x > 0 else -(x**3),
        lambda x: 2 * x if x > 0 else -3 * x**2,
        False,
    ),
    ("np.real inside", lambda x: np.real(x) ** 2 + x, lambda x: 2 * x + 1, True),
    ("float cast", lambda x: float(x) ** 2, lambda x: 2 * x, False),
    ("|x| x", lambda x: np.abs(x) * x, lambda x: 2 * abs(x), True),
    ("sign(x) x^2", lambda x: np.sign(x) * x**2, lambda x: 2 * abs(x), True),
    ("x conj(x)", lambda x: x * np.conj(x), lambda x: 2 * x, True),
    ("sin|x|", lambda x: np.sin(np.abs(x)), lambda x: np.cos(abs(x)) * np.sign(x), False),
    ("x + 1e-6|x|", lambda x: x + 1e-6 * np.abs(x), lambda x: 1 + 1e-6 * np.sign(x), True),
    ("np.hypot", lambda x: np.hypot(x, 1.0), lambda x: x / math.hypot(x, 1.0), False),
    ("math.sin", math.sin, math.cos, False),
    ("clip", lambda x: 3 * np.clip(x, -1.0, 1.0), lambda x: 3.0 * (abs(x) < 1), False),
    ("floor(x) + x", lambda x: np.floor(x) + x, lambda x: 1.0, False),
]


@pytest.mark.parametrize(
    "name, f, f_prime, complex_is_wrong", NON_ANALYTIC, ids=[c[0] for c in NON_ANALYTIC]
)
def test_auto_is_right_where_the_complex_step_is_not(name, f, f_prime, complex_is_wrong):
    points = [-2.3, -0.7, -0.05, 0.3, 1.1, 2.9]
    for x in points:
        assert mc.derivative(f, x) == pytest.approx(float(f_prime(x)), rel=1e-10, abs=1e-12)
    if complex_is_wrong:
        # The test is only worth something if the shortcut auto must avoid is really wrong.
        wrong = [abs(mc.derivative(f, x, method="complex") - f_prime(x)) for x in points]
        assert max(wrong) > 1e-7


@pytest.mark.parametrize("f", [abs, np.abs, math.sin, lambda x: float(x) ** 2])
def test_complex_method_refuses_functions_that_drop_or_reject_complex_input(f):
    with pytest.raises(TypeError, match="method='complex' needs f"):
        mc.derivative(f, 1.0, method="complex")


def test_auto_on_arrays_checks_each_element():
    x = np.array([-2.0, -0.5, 0.5, 2.0])
    np.testing.assert_allclose(mc.derivative(lambda t: np.abs(t) * t, x), 2 * np.abs(x))
    np.testing.assert_allclose(mc.derivative(lambda t: np.maximum(t, 0), x), [0, 0, 1, 1])

    # Code whose complex step is right for t < 1 and wrong (|t| t) beyond: each element is
    # checked on its own, so the first keeps the exact complex step, the second does not.
    def f(t):
        return np.where(t.real > 1, np.abs(t) * t, t**2)

    x = np.array([0.5, 2.0])
    np.testing.assert_allclose(mc.derivative(f, x), 2 * x, rtol=1e-10)
    assert mc.derivative(f, x, method="complex")[1] == pytest.approx(2.0)  # |t| t: wrong


def test_at_a_symmetric_kink_auto_gives_the_symmetric_derivative():
    # The documented convention: (f(x+h) - f(x-h)) / 2h does not depend on h here.
    assert mc.derivative(abs, 0.0) == 0.0
    assert mc.derivative(lambda x: np.maximum(x, 0.0), 0.0) == 0.5
    assert mc.derivative(lambda x: np.sqrt(np.abs(x)), 0.0) == 0.0


@pytest.mark.parametrize(
    "f, x, exact",
    [
        # A kink a short distance from x: the first steps straddle it, and their quotients
        # drift slowly (like c/h) instead of following the h^2 law; they once ended the
        # table with the slope of the other side (2.0006 here instead of 5.0006).
        (lambda t: 3 * np.abs(t - 1) + t**2, 1.0003, 3 + 2 * 1.0003),
        (lambda t: np.abs(t) + np.sin(t), 1e-5, 1 + math.cos(1e-5)),
        (lambda t: np.abs(t) + np.exp(t), 2e-4, 1 + math.exp(2e-4)),
        (mc.relu, -1e-6, 0.0),
        # A pole a short distance from x: the first quotients are wild.
        (lambda t: t**-3, 1e-5, -3e20),
        (lambda t: 1 / t + math.sin(t), 1e-8, -1e16 + math.cos(1e-8)),
    ],
)
@pytest.mark.parametrize("method", ["auto", "richardson"])
def test_a_kink_or_pole_near_x_is_stepped_past_not_averaged_over(f, x, exact, method):
    assert mc.derivative(f, x, method=method) == pytest.approx(exact, rel=1e-12, abs=1e-300)


@pytest.mark.parametrize("method", ["auto", "richardson"])
def test_a_pole_too_close_to_resolve_raises_instead_of_answering(method):
    # 1/x at 1e-12: steps down to 1e-10 never get below the distance to the pole.
    # (math.sin refuses complex input, so auto has no complex step to fall back on.)
    with pytest.raises(ValueError, match="finite derivative"):
        mc.derivative(lambda t: 1 / t + math.sin(t), 1e-12, method=method)


@pytest.mark.parametrize(
    ("f", "x", "exact"),
    [
        # Values that cancel to rounding level (terms of size 1): their quotients drift
        # like c/h with c ~ eps, which is rounding, not a kink. The table must stop on
        # its settled value instead of running down to steps where f(x +- h) round to 0.
        (lambda t: np.log(1 + t**2), 1e-8, 2e-8),
        (lambda t: np.exp(t) - 1 - t, 1e-8, math.expm1(1e-8)),
        (lambda t: np.sqrt(1 + t) - 1 - t / 2, 1e-6, 0.5 / math.sqrt(1 + 1e-6) - 0.5),
    ],
)
def test_values_that_cancel_near_zero_are_rounding_not_a_kink(f, x, exact):
    assert mc.derivative(f, x) == pytest.approx(exact, rel=1e-8)
    assert mc.derivative(f, x, method="richardson") == pytest.approx(exact, rel=1e-4)
    grad = mc.gradient(lambda v: np.sum(f(v)), np.full(2, x))
    np.testing.assert_allclose(grad, [exact, exact], rtol=1e-8)


def test_the_hessian_steps_past_a_nearby_kink():
    h = mc.hessian(lambda v: np.maximum(v[0], 0) ** 2 * v[1], [1e-4, 2.0])
    np.testing.assert_allclose(h, [[4.0, 2e-4], [2e-4, 0.0]], rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("method", ["auto", "richardson"])
def test_a_step_too_small_for_richardson_is_named(method):
    # math.sin: auto cannot use the complex step and falls back on Richardson with this h.
    with pytest.raises(ValueError, match=r"h = 1e-11 is too small"):
        mc.derivative(math.sin, 1.0, method=method, h=1e-11)


@pytest.mark.parametrize(
    "f, x, message",
    [
        (lambda x: np.heaviside(x, 0.5), 0.0, "finite derivative"),
        # A jump whose value at x matches one side: that side alone looks flat (slope 0).
        (lambda x: float(x > 0), 0.0, "finite derivative"),
        (lambda x: np.where(x >= 0, 1.0, 0.0), 0.0, "finite derivative"),
        # Defined on both sides, infinite slope on one.
        (lambda x: np.where(x > 0, np.sqrt(np.abs(x)), x), 0.0, "finite derivative"),
        (np.sqrt, 0.0, "edge of f's domain"),
        # A kink closer than the smallest step (1e-10): no number, whichever way it shows.
        (lambda x: abs(x - 1e-12), 0.0, "not differentiable|finite derivative"),
    ],
)
@pytest.mark.parametrize("method", ["auto", "richardson"])
def test_no_number_where_there_is_no_derivative(f, x, message, method):
    with pytest.raises(ValueError, match=message):
        mc.derivative(f, x, method=method)


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


# --- gradient, jacobian, hessian against torch.autograd --------------------------------------


def _scalar_field(v, lib):
    return lib.sum(lib.sin(v) * lib.exp(v / 3)) + v[0] * v[1] ** 2 + lib.sum(lib.log(1 + v**2))


def _vector_field(v, lib):
    return lib.stack(
        [v[0] * v[1], lib.sin(v[2]) * v[0], lib.exp(v[1] - v[2]), lib.tanh(v[0] + v[1] + v[2])]
    )


def _numpy_scalar(v):
    return _scalar_field(v, np)


def _numpy_vector(v):
    return _vector_field(v, np)


def _torch(v):
    return torch.tensor(v, dtype=torch.float64, requires_grad=True)


POINTS = np.random.default_rng(20240917).uniform(-1.5, 1.5, size=(4, 3))


@pytest.mark.parametrize(
    "method, rtol", [("auto", 1e-13), ("complex", 1e-13), ("richardson", 1e-10), ("central", 1e-8)]
)
def test_gradient_matches_torch_autograd(method, rtol):
    for point in POINTS:
        v = _torch(point)
        _scalar_field(v, torch).backward()
        expected = v.grad.numpy()
        result = mc.gradient(_numpy_scalar, point, method=method)
        np.testing.assert_allclose(result, expected, rtol=rtol, atol=rtol)


@pytest.mark.parametrize(
    "method, rtol", [("auto", 1e-13), ("complex", 1e-13), ("richardson", 1e-10), ("central", 1e-8)]
)
def test_jacobian_matches_torch_autograd(method, rtol):
    for point in POINTS:
        expected = torch.autograd.functional.jacobian(
            lambda v: _vector_field(v, torch), torch.tensor(point, dtype=torch.float64)
        ).numpy()
        result = mc.jacobian(_numpy_vector, point, method=method)
        assert result.shape == (4, 3)
        np.testing.assert_allclose(result, expected, rtol=rtol, atol=rtol)


@pytest.mark.parametrize(
    "method, rtol",
    [
        ("auto", 1e-11),
        ("complex", 1e-8),
        ("richardson", 1e-8),
        ("central", 1e-6),
        ("forward", 1e-3),
        ("backward", 1e-3),
    ],
)
def test_hessian_matches_torch_autograd_and_is_symmetric(method, rtol):
    for point in POINTS[:2]:
        expected = torch.autograd.functional.hessian(
            lambda v: _scalar_field(v, torch), torch.tensor(point, dtype=torch.float64)
        ).numpy()
        result = mc.hessian(_numpy_scalar, point, method=method)
        np.testing.assert_array_equal(result, result.T)
        scale = np.max(np.abs(expected))
        np.testing.assert_allclose(result, expected, rtol=rtol, atol=rtol * scale)


def test_hessian_of_non_analytic_code_falls_back_to_real_differences():
    # |x0| x1^2 + x0 x1: the complex step is wrong on |x0|; away from x0 = 0 the Hessian is
    # [[0, 2 sign(x0) x1 + 1], [2 sign(x0) x1 + 1, 2|x0|]].
    def f(v):
        return np.abs(v[0]) * v[1] ** 2 + v[0] * v[1]

    x = np.array([-0.8, 1.3])
    expected = np.array([[0.0, -2 * 1.3 + 1], [-2 * 1.3 + 1, 2 * 0.8]])
    np.testing.assert_allclose(mc.hessian(f, x), expected, rtol=1e-8, atol=1e-8)


def test_jacobian_checks_the_complex_step_output_by_output():
    def f(v):
        return np.array([np.sin(v[0]) * v[1], np.abs(v[0]) * v[1] ** 2, np.maximum(v[1], 0) * v[0]])

    x = np.array([-0.7, 1.3])
    expected = np.array(
        [[np.cos(-0.7) * 1.3, np.sin(-0.7)], [-(1.3**2), 2 * 0.7 * 1.3], [1.3, -0.7]]
    )
    np.testing.assert_allclose(mc.jacobian(f, x), expected, rtol=1e-12, atol=1e-14)
    assert mc.gradient(lambda v: np.abs(v[0]) * v[1] ** 2, x) == pytest.approx(expected[1])


def test_auto_costs_a_few_calls_on_smooth_functions():
    # The documented budget: f(x), two complex calls and two real ones; eight near an edge.
    for f, x, budget in [(np.sin, 0.7, 5), (np.exp, -3.0, 5), (np.sqrt, 1e-4, 8)]:
        calls = []

        def counted(t, f=f, calls=calls):
            calls.append(t)
            return f(t)

        mc.derivative(counted, x)
        assert len(calls) <= budget


def test_shapes_follow_x_and_the_outputs():
    weights = np.arange(6.0).reshape(2, 3) / 10
    grad = mc.gradient(lambda w: np.sum(w**2), weights)
    assert grad.shape == (2, 3)
    np.testing.assert_allclose(grad, 2 * weights, rtol=1e-15, atol=1e-15)
    assert mc.jacobian(lambda v: np.sum(v**2), [1.0, 2.0]).shape == (1, 2)
    assert mc.jacobian(lambda v: np.outer(v, v), [1.0, 2.0]).shape == (4, 2)
    assert mc.hessian(lambda w: np.sum(w**3), weights).shape == (6, 6)


def test_check_grad_separates_right_from_wrong_gradients():
    def f(v):
        return _scalar_field(v, np)

    def right(v):
        t = _torch(v)
        _scalar_field(t, torch).backward()
        return t.grad.numpy()

    def wrong(v):
        g = right(v)
        g[1] *= 1.001
        return g

    point = POINTS[0]
    assert mc.check_grad(f, right, point) < 1e-12
    assert mc.check_grad(f, wrong, point) == pytest.approx(1e-3, rel=1e-6)
    assert mc.check_grad(lambda v: 5.0 + 0 * np.sum(v), lambda v: np.zeros(2), [1.0, 2.0]) == 0.0


# --- the rules of differentiation on random compositions ------------------------------------

# Smooth primitives with their derivatives, bounded on the real line so compositions stay tame.
PRIMITIVES = [
    (np.sin, np.cos),
    (np.cos, lambda u: -np.sin(u)),
    (np.tanh, lambda u: 1 - np.tanh(u) ** 2),
    (np.arctan, lambda u: 1 / (1 + u**2)),
    (lambda u: 1 / (1 + np.exp(-u)), lambda u: np.exp(-u) / (1 + np.exp(-u)) ** 2),
    (lambda u: np.exp(-(u**2) / 2), lambda u: -u * np.exp(-(u**2) / 2)),
    (lambda u: u**2 / 4, lambda u: u / 2),
    # log1p, not log(1 + u^2): the latter rounds 1 + u^2 and so carries eps/u^2 relative
    # noise, which nested twice makes f's values too coarse for any real-difference check.
    (lambda u: np.log1p(u**2), lambda u: 2 * u / (1 + u**2)),
]

compositions = st.lists(st.integers(0, len(PRIMITIVES) - 1), min_size=1, max_size=4)
points = st.floats(-2.0, 2.0, allow_nan=False)


def _compose(indices):
    """f = p_k(...p_1(x)) and f' by the chain rule, from the primitives' derivatives."""

    def f(x):
        for i in indices:
            x = PRIMITIVES[i][0](x)
        return x

    def f_prime(x):
        slope = 1.0
        for i in indices:
            slope = slope * PRIMITIVES[i][1](x)
            x = PRIMITIVES[i][0](x)
        return slope

    return f, f_prime


@settings(max_examples=60, deadline=None)
@given(compositions, points)
def test_chain_rule_on_random_compositions(indices, x):
    f, f_prime = _compose(indices)
    truth = f_prime(x)
    scale = np.prod([1 + abs(PRIMITIVES[i][1](0.0)) for i in indices])  # size of the terms
    assert mc.derivative(f, x) == pytest.approx(truth, rel=1e-13, abs=1e-15 * scale)
    assert mc.derivative(f, x, method="richardson") == pytest.approx(truth, rel=1e-9, abs=1e-11)


@settings(max_examples=40, deadline=None)
@given(compositions, compositions, points)
def test_sum_product_and_quotient_rules(first, second, x):
    f, f_prime = _compose(first)
    g, g_prime = _compose(second)
    for method, tolerance in (("auto", 1e-13), ("richardson", 1e-9)):
        d_sum = mc.derivative(lambda t: f(t) + g(t), x, method=method)
        d_product = mc.derivative(lambda t: f(t) * g(t), x, method=method)
        d_quotient = mc.derivative(lambda t: f(t) / (2 + g(t) ** 2), x, method=method)
        d_f = mc.derivative(f, x, method=method)
        d_g = mc.derivative(g, x, method=method)
        fx, gx = f(x), g(x)
        # Both sides are numerical; compare against the size of the terms being combined.
        assert d_sum == pytest.approx(d_f + d_g, abs=tolerance * (abs(d_f) + abs(d_g) + 1))
        product_terms = abs(d_f * gx) + abs(fx * d_g)
        assert d_product == pytest.approx(d_f * gx + fx * d_g, abs=tolerance * (product_terms + 1))
        denominator = 2 + gx**2
        quotient = (d_f * denominator - fx * 2 * gx * d_g) / denominator**2
        quotient_terms = (abs(d_f) * denominator + abs(fx * 2 * gx * d_g)) / denominator**2
        assert d_quotient == pytest.approx(quotient, abs=tolerance * (quotient_terms + 1))
        # And the numerical parts against the analytic ones.
        assert d_f == pytest.approx(f_prime(x), rel=tolerance * 100, abs=tolerance)


@settings(max_examples=40, deadline=None)
@given(compositions, compositions, points)
def test_chain_rule_for_two_numerical_derivatives(outer, inner, x):
    f, _ = _compose(outer)
    g, _ = _compose(inner)
    left = mc.derivative(lambda t: f(g(t)), x)
    right = mc.derivative(f, g(x)) * mc.derivative(g, x)
    assert left == pytest.approx(right, rel=1e-12, abs=1e-14)


NON_SMOOTH = [
    (np.abs, np.sign),
    (lambda u: np.maximum(u, 0.0), lambda u: 1.0 * (u > 0)),
    (lambda u: u * np.abs(u), lambda u: 2 * np.abs(u)),
]


@settings(max_examples=60, deadline=None)
@given(compositions, st.integers(0, len(NON_SMOOTH) - 1), compositions, points)
def test_auto_follows_the_chain_rule_through_kinks(before, kink, after, x):
    # p_after(k(p_before(x))): away from the kink auto must match the chain rule, even
    # though the complex step of k is wrong or refused.
    f_before, d_before = _compose(before)
    f_after, d_after = _compose(after)
    k, d_k = NON_SMOOTH[kink]
    inner = f_before(x)
    assume(abs(inner) > 1e-3)

    def f(t):
        return f_after(k(f_before(t)))

    truth = d_after(k(inner)) * d_k(inner) * d_before(x)
    # f is ~1 in size, so real differences resolve f' only to a few 1e-11 absolute: a
    # complex step that is wrong by less (u|u| gives half the slope) passes auto's check.
    assert mc.derivative(f, x) == pytest.approx(truth, rel=1e-9, abs=5e-11)


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize("function", [mc.derivative, mc.gradient, mc.jacobian, mc.hessian])
def test_f_must_be_callable(function):
    with pytest.raises(TypeError, match="f must be a callable"):
        function(3.0, 1.0)


@pytest.mark.parametrize(
    "x, error, message",
    [
        (math.nan, ValueError, "x must be finite"),
        (math.inf, ValueError, "x must be finite"),
        ([1.0, math.nan], ValueError, "x must contain only finite"),
        ("1.0", TypeError, "x must be a real number"),
        (1 + 2j, TypeError, "x must be a real number"),
        (None, TypeError, "x must be a real number"),
        ([], ValueError, "x must not be empty"),
        ([[1.0], [2.0, 3.0]], TypeError, "x must be an array of numbers"),
    ],
)
def test_x_must_be_finite_real_numbers(x, error, message):
    with pytest.raises(error, match=message):
        mc.derivative(np.sin, x)


@pytest.mark.parametrize("function", [mc.gradient, mc.jacobian, mc.hessian])
def test_x_must_be_finite_for_the_multivariate_functions(function):
    with pytest.raises(ValueError, match="x must contain only finite"):
        function(lambda v: np.sum(v**2), [1.0, math.inf])


@pytest.mark.parametrize(
    "f, x, error, message",
    [
        (np.log, 0.0, ValueError, "f must be finite at x"),
        (np.log, -1.0, ValueError, "f must be finite at x"),
        (math.log, -1.0, ValueError, "f must be defined at x"),
        (lambda x: 1 / x, 0, ValueError, "f must be defined at x"),
        (lambda x: np.log(x), [1.0, -1.0], ValueError, "f must be finite at x"),
        (lambda x: np.array([x, x]), 1.0, ValueError, "f must return a single number"),
        (lambda x: np.sum(x), [1.0, 2.0], ValueError, "f must return an array shaped like x"),
        (lambda x: "slope", 1.0, TypeError, "f must return a real number"),
        (lambda x: None, 1.0, TypeError, "f must return numbers"),
        (lambda x: True, 1.0, TypeError, "f must return a real number"),
        (lambda x: np.sqrt(x + 0j), 1.0, TypeError, "f must return real numbers"),
        (lambda x: x if x > 0 else -x, [1.0, 2.0], TypeError, "act on each element"),
    ],
)
def test_f_must_return_finite_numbers_of_the_right_shape(f, x, error, message):
    with pytest.raises(error, match=message):
        mc.derivative(f, x)


@pytest.mark.parametrize("method", ["Auto", "", "newton", "complex-step"])
def test_method_must_be_known(method):
    with pytest.raises(ValueError, match="method must be one of"):
        mc.derivative(np.sin, 1.0, method=method)


@pytest.mark.parametrize("function", [mc.derivative, mc.gradient, mc.jacobian, mc.hessian])
def test_method_is_checked_everywhere(function):
    with pytest.raises(ValueError, match="method must be one of"):
        function(lambda v: np.sum(np.sin(v)), [1.0], method="symbolic")
    with pytest.raises(TypeError, match="method must be a string"):
        function(lambda v: np.sum(np.sin(v)), [1.0], method=None)


@pytest.mark.parametrize(
    "h, error, message",
    [
        (0.0, ValueError, "h must be positive"),
        (-1e-3, ValueError, "h must be positive"),
        (math.nan, ValueError, "h must be finite"),
        (math.inf, ValueError, "h must be finite"),
        ("0.1", TypeError, "h must be a real number"),
        ([0.1], TypeError, "h must be a real number"),
    ],
)
@pytest.mark.parametrize("function", [mc.derivative, mc.gradient, mc.hessian])
def test_h_must_be_a_positive_finite_number(function, h, error, message):
    with pytest.raises(error, match=message):
        function(lambda v: np.sum(np.sin(v)), [1.0], method="central", h=h)


def test_an_explicit_step_that_crosses_an_edge_is_an_error():
    with pytest.raises(ValueError, match=r"h = .* steps to a point where f is not finite"):
        mc.derivative(np.log, 1e-3, method="central", h=0.01)
    with pytest.raises(ValueError, match=r"h = .* steps to a point where f is not finite"):
        mc.derivative(np.sqrt, 1e-3, method="backward", h=0.01)


def test_complex_method_on_functions_that_reject_complex_input():
    with pytest.raises(TypeError, match="method='complex' needs f to accept complex input"):
        mc.derivative(lambda x: math.exp(x), 1.0, method="complex")
    with pytest.raises(TypeError, match="method='complex' needs f to accept complex input"):
        mc.gradient(lambda v: float(v[0]) ** 2, [1.0], method="complex")
    with pytest.raises(TypeError, match="method='complex' needs f to accept complex input"):
        mc.hessian(lambda v: float(v[0]) ** 2, [1.0], method="complex")


def test_f_must_have_the_right_number_of_outputs_for_each_function():
    with pytest.raises(ValueError, match="f must return a single number for gradient"):
        mc.gradient(lambda v: v**2, [1.0, 2.0])
    with pytest.raises(ValueError, match="f must return a single number for hessian"):
        mc.hessian(lambda v: v**2, [1.0, 2.0])
    with pytest.raises(ValueError, match="f must return at least one number"):
        mc.jacobian(lambda v: np.array([]), [1.0, 2.0])
    with pytest.raises(TypeError, match="f must return numbers"):
        mc.jacobian(lambda v: "outputs", [1.0, 2.0])
    with pytest.raises(ValueError, match="f must be finite at x"):
        mc.gradient(lambda v: 1 / v[0] - np.inf, [1.0, 1.0])


def test_check_grad_checks_its_arguments():
    def f(v):
        return np.sum(v**2)

    with pytest.raises(TypeError, match="grad_f must be a callable"):
        mc.check_grad(f, "2v", [1.0, 2.0])
    with pytest.raises(ValueError, match="grad_f must return one number per coordinate"):
        mc.check_grad(f, lambda v: 2 * v[:1], [1.0, 2.0])
    with pytest.raises(TypeError, match="grad_f must return real numbers"):
        mc.check_grad(f, lambda v: ["a", "b"], [1.0, 2.0])
    with pytest.raises(ValueError, match="grad_f returned non-finite values"):
        mc.check_grad(f, lambda v: np.full(2, np.inf), [0.0, 2.0])
    # None, bools and complex numbers are not gradients, not NaN, 0/1 or a real part.
    with pytest.raises(TypeError, match="grad_f must return real numbers, got NoneType"):
        mc.check_grad(f, lambda v: None, [1.0, 2.0])
    with pytest.raises(TypeError, match="grad_f must return real numbers"):
        mc.check_grad(f, lambda v: v > 0, [1.0, 2.0])
    with pytest.raises(TypeError, match="grad_f must return real numbers"):
        mc.check_grad(f, lambda v: 2 * v + 0j, [1.0, 2.0])
    assert mc.check_grad(f, lambda v: [2.0, np.float64(4.0)], [1.0, 2.0]) < 1e-12


@pytest.mark.parametrize("method", ["auto", "richardson"])
def test_hessian_refuses_a_kink_instead_of_returning_a_number(method):
    # The second difference of |x| at 0 is 2/h: it grows without bound as h shrinks, and a
    # table that never settles must not end on a number (it used to return 37.3).
    with pytest.raises(ValueError, match=r"finite second derivatives at x: .*H\[0, 0\]"):
        mc.hessian(lambda v: np.sum(np.abs(v)), [0.0, 1.0], method=method)
    with pytest.raises(ValueError, match=r"finite second derivatives at x: .*H\[1, 1\]"):
        mc.hessian(lambda v: v[0] ** 2 + np.maximum(v[1], 0.0), [1.0, 0.0], method=method)
    # Where f is smooth the same code has its Hessian: |x|^3 at x != 0 is 6|x|.
    np.testing.assert_allclose(
        mc.hessian(lambda v: np.sum(np.abs(v) ** 3), [0.5, -1.0], method=method),
        np.diag([3.0, 6.0]),
        atol=1e-8,
    )


@pytest.mark.parametrize("fn", [mc.gradient, mc.hessian, mc.jacobian])
def test_f_failing_at_x_is_named_by_every_multivariate_function(fn):
    with pytest.raises(
        ValueError, match=r"f must be defined at x = array\(\[-1\.\]\).*math domain"
    ):
        fn(lambda v: math.log(v[0]), [-1.0])
