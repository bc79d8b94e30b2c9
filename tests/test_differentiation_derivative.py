"""mc.derivative as a whole (mlcalc/differentiation/derivative.py): the rules of
differentiation on random compositions, full_output, and bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import mlcalc as mc
from mlcalc.differentiation import METHODS

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


@pytest.mark.parametrize("fn", [mc.gradient, mc.hessian, mc.jacobian])
def test_f_failing_at_x_is_named_by_every_multivariate_function(fn):
    with pytest.raises(
        ValueError, match=r"f must be defined at x = array\(\[-1\.\]\).*math domain"
    ):
        fn(lambda v: math.log(v[0]), [-1.0])


# --- full_output ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(("f", "x", "truth"), [(np.exp, 1.0, math.e), (np.sin, 2.5, math.cos(2.5))])
def test_full_output_gives_the_value_an_error_that_bounds_it_and_the_step(method, f, x, truth):
    found = mc.derivative(f, x, method=method, full_output=True)
    value, error, step = found
    assert isinstance(found, mc.differentiation.DerivativeEstimate)
    assert value == mc.derivative(f, x, method=method)  # the same value as without
    assert abs(value - truth) <= max(2 * error, 4e-16 * abs(truth))  # an honest estimate
    assert error <= {"forward": 1e-6, "backward": 1e-6, "central": 1e-9, "richardson": 1e-10}.get(
        method, 1e-14
    )
    default = {"forward": 2**-26, "backward": 2**-26, "central": 2 ** (-52 / 3)}
    if method in default:  # the documented default steps, times max(1, |x|)
        assert step == pytest.approx(default[method] * max(1.0, abs(x)), rel=0.01)
    elif method in ("complex", "auto"):
        assert step == pytest.approx(1e-100 * max(1.0, abs(x)))
    else:
        assert 0 < step <= 0.125 * max(1.0, abs(x))


def test_full_output_of_an_array_has_fields_shaped_like_x_and_says_when_it_cannot_estimate():
    x = np.array([[0.5, 1.0], [2.0, 3.0]])
    value, error, step = mc.derivative(np.log, x, method="richardson", full_output=True)
    assert value.shape == error.shape == step.shape == (2, 2)
    assert np.all(np.abs(value - 1 / x) <= np.maximum(error, 1e-16))
    # near the edge of sqrt's domain the forward step and its half stay inside
    value, error, _ = mc.derivative(np.sqrt, 1e-3, method="forward", full_output=True)
    assert abs(value - 0.5 / math.sqrt(1e-3)) <= error < 1e-4
    with pytest.raises(TypeError, match="full_output must be True or False"):
        mc.derivative(np.sin, 1.0, full_output="yes")
