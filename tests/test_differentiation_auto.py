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
