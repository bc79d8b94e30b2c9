"""Tests of the chapter-3 figures in mlcalc.plot: a function beside its derivative, and
grouped bars of relative errors.

The checks read back what matplotlib was asked to draw and compare it with the
mathematics: the drawn derivative curve and the numerical dots against the analytic
derivative, the bar heights against the errors passed in.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from mlcalc import plot

EPS = np.finfo(np.float64).eps


# --- function_and_derivative -------------------------------------------------------------


def test_curves_are_the_function_and_the_given_derivative():
    ax = plot.function_and_derivative(
        lambda x: x**3, lambda x: 3 * x**2, -2.0, 2.0, n=101, title="cube"
    )
    curve, slope_curve = ax.lines[0], ax.lines[1]
    x = np.linspace(-2.0, 2.0, 101)
    np.testing.assert_allclose(curve.get_xdata(), x)
    np.testing.assert_allclose(curve.get_ydata(), x**3)
    np.testing.assert_allclose(slope_curve.get_ydata(), 3 * x**2)
    assert slope_curve.get_linestyle() == "--"
    assert ax.get_title() == "cube"
    assert ax.get_xlabel() == "$x$"
    assert ax.get_ylabel() == "value"
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == ["$f(x)$", "$f'(x)$"]


def test_dots_are_numerical_derivatives_on_the_analytic_curve():
    points = np.array([-2.5, -1.0, 0.0, 0.7, 2.9])
    ax = plot.function_and_derivative(np.sin, np.cos, -3.0, 3.0, check_at=points)
    dots = ax.lines[2]
    np.testing.assert_allclose(dots.get_xdata(), points)
    np.testing.assert_allclose(dots.get_ydata(), np.cos(points), rtol=1e-8, atol=1e-10)
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert "mc.derivative" in labels


@settings(deadline=None, max_examples=25)
@given(st.floats(min_value=-2.0, max_value=2.0), st.integers(min_value=0, max_value=6))
def test_dots_follow_the_power_rule(x0, n):
    try:
        ax = plot.function_and_derivative(
            lambda x: x**n, lambda x: n * x ** max(n - 1, 0), -2.0, 2.0, check_at=[x0], n=5
        )
        dot = ax.lines[2].get_ydata()[0]
        assert dot == pytest.approx(n * x0 ** max(n - 1, 0), rel=1e-7, abs=1e-7)
    finally:
        plt.close("all")


def test_draws_on_a_given_axes_and_returns_it():
    _, (left, right) = plt.subplots(1, 2)
    ax = plot.function_and_derivative(
        np.exp, np.exp, 0.0, 1.0, ax=right, xlabel="$t$", ylabel="growth"
    )
    assert ax is right
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("$t$", "growth")
    assert len(left.lines) == 0 and len(right.lines) >= 2


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"f": "sin"}, TypeError, "f must be a callable"),
        ({"df": 3.0}, TypeError, "df must be a callable"),
        ({"a": 1.0, "b": 1.0}, ValueError, "a < b"),
        ({"a": "0"}, TypeError, "a must be a real number"),
        ({"check_at": [0.5, 4.0]}, ValueError, "check_at must lie"),
        ({"check_at": "0.5"}, TypeError, "check_at"),
        ({"method": "fancy"}, ValueError, "method must be one of"),
    ],
)
def test_bad_arguments_are_named(kwargs, error, match):
    arguments = {"f": np.sin, "df": np.cos, "a": 0.0, "b": 3.0, **kwargs}
    f, df, a, b = (arguments.pop(k) for k in ("f", "df", "a", "b"))
    with pytest.raises(error, match=match):
        plot.function_and_derivative(f, df, a, b, **arguments)


# --- relative_error_bars -----------------------------------------------------------------


def test_bars_have_the_errors_as_heights_and_zeros_on_the_floor():
    labels = ["sum", "product", "quotient"]
    errors = {"numerical": [1e-12, 3e-10, 2e-11], "autograd": [0.0, 2e-16, 1e-17]}
    ax = plot.relative_error_bars(labels, errors, title="agreement")
    assert ax.get_yscale() == "log"
    assert len(ax.containers) == 2
    numerical, autograd = ax.containers
    np.testing.assert_allclose([p.get_height() for p in numerical.patches], errors["numerical"])
    heights = [p.get_height() for p in autograd.patches]
    np.testing.assert_allclose(heights, [EPS / 2, 2e-16, EPS / 2])
    hatches = [p.get_hatch() for p in autograd.patches]
    assert hatches == ["//", None, "//"]
    assert [t.get_text() for t in ax.get_xticklabels()] == labels
    assert ax.get_title() == "agreement"
    # The reference line sits at machine epsilon.
    assert any(np.allclose(line.get_ydata(), EPS) for line in ax.lines)
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == ["numerical", "autograd", r"machine $\epsilon$", r"below $\epsilon/2$"]
    # Legend swatches are plain, even though the first autograd bar is hatched.
    assert not ax.get_legend().legend_handles[1].get_hatch()


def test_legend_mentions_hatching_only_when_a_bar_is_hatched():
    ax = plot.relative_error_bars(["a"], {"x": [1e-10]})
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == ["x", r"machine $\epsilon$"]
    assert ax.containers[0].patches[0].get_hatch() is None


def test_bars_of_a_group_sit_side_by_side_around_the_tick():
    ax = plot.relative_error_bars(["a", "b"], {"x": [1e-3, 1e-4], "y": [1e-5, 1e-6]})
    first, second = ax.containers
    for left, right, tick in zip(first.patches, second.patches, ax.get_xticks(), strict=True):
        centre_left = left.get_x() + left.get_width() / 2
        centre_right = right.get_x() + right.get_width() / 2
        assert centre_left < tick < centre_right
        assert (centre_left + centre_right) / 2 == pytest.approx(tick)


@settings(deadline=None, max_examples=25)
@given(arrays(np.float64, 4, elements=st.floats(min_value=0.0, max_value=1.0)))
def test_every_height_is_the_error_or_the_rounding_floor(values):
    try:
        ax = plot.relative_error_bars(["p", "q", "r", "s"], {"only": values})
        heights = np.array([p.get_height() for p in ax.containers[0].patches])
        np.testing.assert_allclose(heights, np.maximum(values, EPS / 2))
    finally:
        plt.close("all")


@pytest.mark.parametrize(
    ("labels", "errors", "error", "match"),
    [
        ("abc", {"x": [1.0, 2.0, 3.0]}, TypeError, "labels must be a sequence"),
        ([], {"x": []}, ValueError, "labels must not be empty"),
        (["a", "b"], {}, TypeError, "errors must be a non-empty mapping"),
        (["a", "b"], [1.0, 2.0], TypeError, "errors must be a non-empty mapping"),
        (["a", "b"], {"x": [1.0]}, ValueError, "one error per label"),
        (["a", "b"], {"x": [1.0, -2.0]}, ValueError, "non-negative"),
        (["a", "b"], {"x": [1.0, float("nan")]}, ValueError, "finite"),
        (["a", "b"], {"x": ["1", "2"]}, TypeError, "errors\\['x'\\]"),
    ],
)
def test_bad_error_tables_are_named(labels, errors, error, match):
    with pytest.raises(error, match=match):
        plot.relative_error_bars(labels, errors)
