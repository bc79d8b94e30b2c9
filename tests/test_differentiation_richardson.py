"""Richardson extrapolation (mlcalc/differentiation/richardson.py): kinks, poles and
jumps are stepped past or refused, never averaged over."""

from __future__ import annotations

import math

import numpy as np
import pytest

import mlcalc as mc


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
