"""The shared plot helpers of chapter 1: they draw the right data and check their input."""

import matplotlib
import numpy as np
import pytest

import mlcalc as mc


def test_function_draws_f_on_the_interval_with_default_labels():
    ax = mc.plot.function(np.sin, 0.0, np.pi, n=50, label="sin")
    (line,) = ax.get_lines()
    x, y = line.get_data()
    np.testing.assert_allclose(x, np.linspace(0, np.pi, 50))
    np.testing.assert_allclose(y, np.sin(x))
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("$x$", "$f(x)$")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["sin"]


def test_function_keeps_the_labels_of_an_axes_it_is_given():
    ax = mc.plot.axes(xlabel="input", ylabel="output", title="t")
    mc.plot.function(np.cos, -1, 1, ax=ax)
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("input", "output", "t")


def test_mark_point_places_a_dot_and_its_label():
    ax = mc.plot.axes()
    mc.plot.mark_point(ax, 2.0, 4.0, "(2, 4)")
    (dot,) = ax.get_lines()
    assert dot.get_xdata().tolist() == [2.0] and dot.get_ydata().tolist() == [4.0]
    assert ax.texts[0].get_text() == "(2, 4)"


def test_style_is_applied_only_inside_the_block():
    before = matplotlib.rcParams["axes.grid"]
    with mc.plot.style():
        assert matplotlib.rcParams["figure.facecolor"] == "white"
        assert matplotlib.rcParams["axes.grid"] is True
    assert matplotlib.rcParams["axes.grid"] == before


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        (("not a function", 0, 1), TypeError, "f must be a callable"),
        ((np.sin, 1, 0), ValueError, "a < b"),
        ((np.sin, 0, float("inf")), ValueError, "b must be finite"),
        ((np.sin, "0", 1), TypeError, "a must be a real number"),
        ((lambda x: 1.0, 0, 1), ValueError, "same shape"),
    ],
)
def test_function_rejects_bad_input(args, error, message):
    with pytest.raises(error, match=message):
        mc.plot.function(*args)


@pytest.mark.parametrize("values", [lambda x: x.astype(str), lambda x: x > 0, lambda x: x + 1j])
def test_function_refuses_values_that_are_not_real_numbers(values):
    # Strings used to fail inside NumPy's float conversion, bools were drawn as 0/1 and
    # complex values lost their imaginary part with only a ComplexWarning.
    with pytest.raises(TypeError, match="f must return real numbers"):
        mc.plot.function(values, -1.0, 1.0)
