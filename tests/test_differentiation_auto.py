"""method="auto" (mlcalc/differentiation/auto.py): never confidently wrong on code that
the complex step gets wrong."""

from __future__ import annotations

import math

import numpy as np
import pytest

import mlcalc as mc

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


# --- the audit's cases: tiny and huge x, near an edge --------------------------------------


@pytest.mark.parametrize(("x", "exact"), [(1e-101, -1e202), (1e-150, -1e300), (3e-60, -1 / 9e-120)])
@pytest.mark.parametrize("method", ["auto", "complex"])
def test_the_complex_step_stays_small_next_to_a_tiny_x(x, exact, method):
    # 1/x changes over a length ~|x|: a step of 1e-100 is not small next to x = 1e-101.
    assert mc.derivative(lambda t: 1 / t, x, method=method) == pytest.approx(exact, rel=1e-14)


def test_a_derivative_that_underflows_is_plus_zero_not_of_the_wrong_sign():
    # e^(-1/x) / x^2 at 1e-200 is e^(-1e200) * 1e400: 0 in floating point, and not negative
    value = mc.derivative(lambda t: np.exp(-1 / t), 1e-200)
    assert value == 0.0 and math.copysign(1.0, value) == 1.0


@pytest.mark.parametrize("x", [1e10, 1e12, 1e15, 1e300])
def test_auto_differentiates_sin_at_huge_x_by_the_complex_step(x):
    # Floats near 1e300 are 1e284 apart: real differences see noise there; the complex step
    # is exact, as Value(x).sin() is. Never 0 as an answer.
    node = mc.Value(x)
    node.sin().backward()
    assert mc.derivative(np.sin, x) == pytest.approx(node.grad, rel=1e-15)
    assert mc.derivative(np.sin, x) == pytest.approx(math.cos(x), rel=1e-15)


def test_richardson_refuses_what_it_cannot_resolve_at_huge_x_instead_of_answering_0():
    with pytest.raises(ValueError, match=r"real differences cannot resolve f at x = 1e\+300"):
        mc.derivative(np.sin, 1e300, method="richardson")
    # a function that changes over a length ~|x| is resolved there as everywhere
    assert mc.derivative(lambda t: 1 / t, 1e150, method="richardson") == pytest.approx(
        -1e-300, rel=1e-12
    )


@pytest.mark.parametrize(("f", "x", "exact"), [(np.log, 1e-50, 1e50), (np.sqrt, 1e-50, 5e24)])
def test_auto_finds_finite_derivatives_right_next_to_a_domain_edge(f, x, exact):
    # It used to refuse them: "f is undefined on one side of x".
    assert mc.derivative(f, x) == pytest.approx(exact, rel=1e-14)


def test_auto_checks_the_complex_step_beside_a_nearby_pole():
    # x^-2 at 1e-20: a check at the default step straddles the pole; the closer check
    # must not go below the step where rounding alone would fail it.
    assert mc.derivative(lambda t: t**-2.0, 1e-20) == pytest.approx(-2e60, rel=1e-14)
