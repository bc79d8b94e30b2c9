"""The derivative figures of mlcalc.plot draw the right data, and refuse bad input.

The truths are analytic: the slope of x**2 is 2x, a secant of x**2 through x0 and x0 + h
has slope 2*x0 + h exactly, sin' = cos, exp' = exp, and the forward and central differences
have truncation errors of order h and h**2.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mlcalc as mc


def _line(ax, label_start: str):
    found = [line for line in ax.lines if str(line.get_label()).startswith(label_start)]
    assert len(found) == 1, [line.get_label() for line in ax.lines]
    return found[0]


def _slope_and_intercept(line) -> tuple[float, float]:
    x = np.asarray(line.get_xdata(), dtype=float)
    y = np.asarray(line.get_ydata(), dtype=float)
    slope = (y[-1] - y[0]) / (x[-1] - x[0])
    return slope, y[0] - slope * x[0]


def square(x):
    return x**2


# --- tangent ----------------------------------------------------------------------------------


def test_tangent_of_square_has_slope_2x_and_touches_the_curve():
    ax = mc.plot.tangent(square, 1.5, -2, 3)
    slope, intercept = _slope_and_intercept(_line(ax, "tangent"))
    assert slope == pytest.approx(3.0, rel=1e-7)
    assert slope * 1.5 + intercept == pytest.approx(2.25, rel=1e-9)
    # The tangent of x**2 at 1.5 is y = 3x - 2.25.
    assert intercept == pytest.approx(-2.25, rel=1e-6)
    assert "slope 3" in _line(ax, "tangent").get_label()


def test_tangent_draws_the_function_itself():
    ax = mc.plot.tangent(np.sin, 0.5, 0, np.pi, n=50)
    curve = _line(ax, "$f(x)$")
    x = np.asarray(curve.get_xdata())
    assert x[0] == 0 and x[-1] == pytest.approx(np.pi) and len(x) == 50
    np.testing.assert_allclose(curve.get_ydata(), np.sin(x), rtol=1e-15)
    assert ax.get_xlabel() and ax.get_ylabel()


@settings(max_examples=25, deadline=None)
@given(st.floats(-3.0, 3.0))
def test_tangent_slope_of_sin_is_cos(x0):
    ax = mc.plot.tangent(np.sin, x0, -3.0, 3.0, n=20)
    slope, intercept = _slope_and_intercept(_line(ax, "tangent"))
    assert slope == pytest.approx(math.cos(x0), rel=1e-7, abs=1e-9)
    assert slope * x0 + intercept == pytest.approx(math.sin(x0), abs=1e-12)
    plt.close("all")


@pytest.mark.parametrize("method", ["forward", "backward", "central", "complex", "richardson"])
def test_tangent_uses_the_requested_method(method):
    ax = mc.plot.tangent(np.exp, 1.0, 0.0, 2.0, method=method)
    slope, _ = _slope_and_intercept(_line(ax, "tangent"))
    # The forward and backward differences are the least accurate: about 1e-8 relative.
    assert slope == pytest.approx(math.e, rel=1e-6)


def test_tangent_names_the_curve_in_the_legend():
    ax = mc.plot.tangent(square, 1.0, -2, 2, function_label="$L(w)$", label="at $w = 1$")
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == ["$L(w)$", "at $w = 1$, slope 2"]


def test_tangent_with_a_given_slope_and_without_the_curve():
    _, ax = plt.subplots()
    mc.plot.tangent(square, 1.0, -2, 2, ax=ax, title="x squared")
    mc.plot.tangent(square, -1.0, -2, 2, ax=ax, slope=-2.0, show_function=False, label="left")
    assert len([line for line in ax.lines if line.get_label() == "$f(x)$"]) == 1
    slope, intercept = _slope_and_intercept(_line(ax, "left"))
    assert slope == -2.0 and intercept == pytest.approx(-1.0)
    assert ax.get_title() == "x squared"


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"f": 3.0}, TypeError, "f must be a callable"),
        ({"x0": "1"}, TypeError, "x0 must be a real number"),
        ({"x0": 5.0}, ValueError, "x0 must lie in the plotted interval"),
        ({"a": 2.0, "b": -2.0}, ValueError, "a < b"),
        ({"method": "secant"}, ValueError, "method must be one of"),
        ({"slope": float("nan")}, ValueError, "slope must be finite"),
        ({"f": lambda x: 1.0}, ValueError, "same shape"),
    ],
)
def test_tangent_rejects_bad_input(kwargs, error, match):
    args = {"f": square, "x0": 1.0, "a": -2.0, "b": 2.0} | kwargs
    with pytest.raises(error, match=match):
        mc.plot.tangent(args.pop("f"), args.pop("x0"), args.pop("a"), args.pop("b"), **args)


# --- secants ----------------------------------------------------------------------------------


def test_secants_of_square_have_slope_2x0_plus_h():
    hs = [1.5, 1.0, 0.5, 0.1, -0.5]
    ax = mc.plot.secants(square, 1.0, hs, -1.0, 2.5)
    for h in hs:
        slope, intercept = _slope_and_intercept(_line(ax, f"$h = {h:g}$"))
        assert slope == pytest.approx(2.0 + h, rel=1e-12)
        assert slope * 1.0 + intercept == pytest.approx(1.0, rel=1e-12)
    tangent_slope, _ = _slope_and_intercept(_line(ax, "tangent"))
    assert tangent_slope == pytest.approx(2.0, rel=1e-7)


def test_secants_mark_both_ends_and_keep_the_curve_in_view():
    ax = mc.plot.secants(np.exp, 0.0, [2.0, 0.5], -1.0, 2.0, show_tangent=False)
    assert not [line for line in ax.lines if line.get_label() == "tangent"]
    dots = {
        (float(line.get_xdata()[0]), float(line.get_ydata()[0]))
        for line in ax.lines
        if line.get_marker() == "o"
    }
    want = [(0.0, 1.0), (0.5, math.exp(0.5)), (2.0, math.exp(2.0))]
    np.testing.assert_allclose(sorted(dots), want, rtol=1e-15)
    low, high = ax.get_ylim()
    assert low < math.exp(-1.0) and high > math.exp(2.0)


@pytest.mark.parametrize(
    ("hs", "error", "match"),
    [
        ([1.0, 0.0], ValueError, "non-zero"),
        ([], ValueError, "hs must not be empty"),
        ([[1.0]], ValueError, "1-dimensional"),
        (["a"], TypeError, "hs must hold real numbers"),
        ([5.0], ValueError, r"x0 \+ h for h = 5 must lie in the plotted interval"),
        ([float("inf")], ValueError, "finite"),
    ],
)
def test_secants_reject_bad_steps(hs, error, match):
    with pytest.raises(error, match=match):
        mc.plot.secants(square, 1.0, hs, -1.0, 2.5)


def test_secants_reject_a_bad_function_and_interval():
    with pytest.raises(TypeError, match="f must be a callable"):
        mc.plot.secants("x**2", 1.0, [0.5], -1.0, 2.5)
    with pytest.raises(ValueError, match="a < b"):
        mc.plot.secants(square, 1.0, [0.5], 2.5, -1.0)


# --- error_vs_step ----------------------------------------------------------------------------


def _errors(ax, method):
    line = _line(ax, method)
    return np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)


def test_error_vs_step_plots_the_true_errors_of_exp():
    hs = np.logspace(-3, -1, 5)
    ax = mc.plot.error_vs_step(np.exp, np.exp, 1.0, methods=("forward", "central"), hs=hs)
    x, forward = _errors(ax, "forward")
    np.testing.assert_array_equal(x, hs)
    by_hand = np.abs((np.exp(1.0 + hs) - np.e) / hs - np.e)
    np.testing.assert_allclose(forward, by_hand, rtol=1e-6)
    # exp's Taylor series gives the forward error as e*(h/2 + h**2/6 + ...).
    np.testing.assert_allclose(forward, np.e * (hs / 2 + hs**2 / 6), rtol=2e-2)
    _, central = _errors(ax, "central")
    np.testing.assert_allclose(central, np.e * hs**2 / 6, rtol=2e-2)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()


@pytest.mark.parametrize(("method", "order"), [("forward", 1), ("central", 2), ("complex", 2)])
def test_error_vs_step_slopes_are_the_orders_of_the_methods(method, order):
    hs = np.logspace(-3, -1, 9)
    ax = mc.plot.error_vs_step(np.sin, np.cos, 1.0, methods=(method,), hs=hs)
    x, errors = _errors(ax, method)
    fitted = np.polyfit(np.log10(x), np.log10(errors), 1)[0]
    assert fitted == pytest.approx(order, abs=0.05)


def test_error_vs_step_default_steps_best_marks_and_floor():
    ax = mc.plot.error_vs_step(np.exp, np.exp, 1.0)
    assert [line.get_label() for line in ax.lines if not line.get_label().startswith("_")] == [
        "forward",
        "central",
        "complex",
    ]
    floor = np.finfo(float).eps * math.e / 2
    for method in ("forward", "central", "complex"):
        x, errors = _errors(ax, method)
        assert len(x) == 105 and x[0] == pytest.approx(1e-13) and x[-1] == 1.0
        assert np.all(np.isfinite(errors)) and np.all(errors >= floor)
    # Round-off ruins the forward difference at tiny steps; the complex step stays exact.
    _, forward = _errors(ax, "forward")
    _, complex_step = _errors(ax, "complex")
    assert forward[0] > 1e3 * forward.min()
    assert complex_step[0] == pytest.approx(floor)
    x, central = _errors(ax, "central")
    colour = _line(ax, "central").get_color()
    best = [line for line in ax.lines if line.get_marker() == "o" and line.get_color() == colour]
    assert len(best) == 1
    assert float(best[0].get_xdata()[0]) == x[np.argmin(central)]
    # The theory puts the central difference's best step near eps**(1/3), about 6e-6.
    assert 1e-7 < x[np.argmin(central)] < 1e-4


def test_error_vs_step_leaves_gaps_where_derivative_refuses_a_step():
    # Richardson's table starts at h and cannot start below about 1e-10.
    ax = mc.plot.error_vs_step(np.exp, np.exp, 1.0, methods=("richardson",), hs=[1e-12, 1e-2])
    _, errors = _errors(ax, "richardson")
    assert np.isnan(errors[0]) and errors[1] < 1e-10
    with pytest.raises(ValueError, match="refused every step"):
        mc.plot.error_vs_step(np.exp, np.exp, 1.0, methods=("richardson",), hs=[1e-12])


def test_the_methods_are_those_of_derivative():
    assert set(mc.plot.DERIVATIVE_METHODS) == set(mc.differentiation.METHODS)


def test_error_vs_step_accepts_one_method_as_a_string_and_no_marks():
    ax = mc.plot.error_vs_step(np.exp, np.exp, 0.0, methods="central", hs=[1e-2], mark_best=False)
    assert [line.get_label() for line in ax.lines] == ["central"]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"f": None}, TypeError, "f must be a callable"),
        ({"df": 2.718}, TypeError, "df must be a callable"),
        ({"x0": [1.0, 2.0]}, TypeError, "x0 must be a real number"),
        ({"methods": ()}, ValueError, "at least one method"),
        ({"methods": ("forward", "secant")}, ValueError, "each of methods must be one of"),
        ({"hs": [1e-3, 0.0]}, ValueError, "positive"),
        ({"hs": [-1e-3]}, ValueError, "positive"),
        ({"hs": "small"}, TypeError, "hs must be"),
    ],
)
def test_error_vs_step_rejects_bad_input(kwargs, error, match):
    args = {"f": np.exp, "df": np.exp, "x0": 1.0} | kwargs
    with pytest.raises(error, match=match):
        mc.plot.error_vs_step(args.pop("f"), args.pop("df"), args.pop("x0"), **args)
