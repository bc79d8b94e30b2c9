"""Tests of the chapter-5 figures in mlcalc.plot: level curves and gradient arrows.

The checks read back what matplotlib was asked to draw (the contour paths, the quiver's
positions and components) and compare it with the mathematics of the function plotted.
"""

from __future__ import annotations

import math
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib import colormaps
from matplotlib.contour import ContourSet
from matplotlib.quiver import Quiver

from mlcalc import plot


def _bowl(x, y):
    return x**2 + 3 * y**2


def _bowl_grad(x, y):
    return 2 * x, 6 * y


def _only(ax, kind):
    found = [c for c in ax.collections if isinstance(c, kind)]
    assert len(found) == 1, f"expected one {kind.__name__}, found {len(found)}"
    return found[0]


# --- contour ---------------------------------------------------------------------------


def test_contour_curves_are_circles_of_the_right_radius():
    ax = plot.contour(lambda x, y: x**2 + y**2, (-2, 2), (-2, 2), levels=[0.5, 1, 2])
    curves = _only(ax, ContourSet)
    np.testing.assert_allclose(curves.levels, [0.5, 1, 2])
    for level, path in zip(curves.levels, curves.get_paths(), strict=True):
        radius = np.hypot(path.vertices[:, 0], path.vertices[:, 1])
        # Linear interpolation on a 200-point grid: a few 1e-4 off the true circle.
        np.testing.assert_allclose(radius, math.sqrt(level), atol=1e-3)
        # A closed curve around the origin: it reaches every quadrant.
        angles = np.arctan2(path.vertices[:, 1], path.vertices[:, 0])
        assert angles.min() < -3.0 and angles.max() > 3.0


@settings(max_examples=15, deadline=None)
@given(
    a=st.floats(0.2, 5.0),
    b=st.floats(0.2, 5.0),
    level=st.floats(0.1, 1.0),
)
def test_contour_points_lie_on_their_level(a, b, level):
    ax = plot.contour(lambda x, y: a * x**2 + b * y**2, (-3, 3), (-3, 3), levels=[level])
    path = _only(ax, ContourSet).get_paths()[0]
    x, y = path.vertices.T
    assert len(x) > 10
    np.testing.assert_allclose(a * x**2 + b * y**2, level, rtol=0, atol=0.01 * (a + b))


def test_contour_with_a_number_of_levels_stays_inside_the_data_and_the_region():
    ax = plot.contour(_bowl, (-1, 2), (-0.5, 1), levels=8, title="bowl")
    curves = _only(ax, ContourSet)
    assert np.all(np.diff(curves.levels) > 0)
    for level, path in zip(curves.levels, curves.get_paths(), strict=True):
        if len(path.vertices) == 0:
            continue
        x, y = path.vertices.T
        assert np.all((x >= -1) & (x <= 2) & (y >= -0.5) & (y <= 1))
        np.testing.assert_allclose(_bowl(x, y), level, atol=0.02 * max(level, 1))
    assert ax.get_title() == "bowl"
    assert ax.get_xlabel() == "$x$" and ax.get_ylabel() == "$y$"


def test_contour_colours_run_dark_to_light_without_the_palest_end():
    ax = plot.contour(_bowl, (-2, 2), (-2, 2), levels=[1, 2, 3], cmap="Greys_r")
    colours = _only(ax, ContourSet).get_edgecolor()
    grey = colours[:, 0]
    assert np.all(np.diff(grey) > 0)  # lower levels darker
    # The map is cut at 85 %: the top level gets that shade, not the map's white end.
    assert grey[0] == pytest.approx(0.0, abs=0.01)
    assert grey[-1] == pytest.approx(colormaps["Greys_r"](0.85)[0], abs=0.01)
    assert grey[-1] < 0.95


def test_contour_draws_on_the_given_axes_and_labels_the_levels():
    _, given_ax = plt.subplots()
    ax = plot.contour(_bowl, (-2, 2), (-2, 2), ax=given_ax, levels=[1, 4], labels=True)
    assert ax is given_ax
    texts = sorted(t.get_text() for t in ax.texts)
    assert set(texts) == {"1", "4"}


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"f": 3.0}, TypeError, "f must be a callable"),
        ({"xlim": (1, 0)}, ValueError, "xlim needs low < high"),
        ({"xlim": (0, 1, 2)}, TypeError, "xlim must be a pair"),
        ({"ylim": "ab"}, TypeError, "ylim must be a pair"),
        ({"ylim": (0, np.inf)}, ValueError, "ylim[1] must be finite"),
        ({"n": 1}, ValueError, "n must be at least 2"),
        ({"n": 2.5}, TypeError, "n must be a positive integer"),
        ({"levels": 0}, ValueError, "levels must be a positive integer"),
        ({"levels": True}, TypeError, "levels must be a positive integer"),
        ({"levels": [3, 1, 2]}, ValueError, "levels must be strictly increasing"),
        ({"levels": ["a", "b"]}, TypeError, "levels must hold real numbers"),
        ({"cmap": "no-such-map"}, ValueError, "cmap must be the name of a matplotlib"),
    ],
)
def test_contour_rejects_bad_arguments(kwargs, error, words):
    arguments = {"f": _bowl, "xlim": (-1, 1), "ylim": (-1, 1), **kwargs}
    with pytest.raises(error, match=words.replace("[", r"\[").replace("]", r"\]")):
        plot.contour(arguments.pop("f"), arguments.pop("xlim"), arguments.pop("ylim"), **arguments)


def test_contour_explains_a_function_that_is_not_elementwise():
    with pytest.raises(TypeError, match="elementwise"):
        plot.contour(lambda x, y: math.exp(x) + y, (-1, 1), (-1, 1))


def test_contour_refuses_a_wrong_shape_and_non_finite_values():
    with pytest.raises(ValueError, match=r"must return shape \(200, 200\)"):
        plot.contour(lambda x, y: np.sum(x + y), (-1, 1), (-1, 1))
    with pytest.raises(ValueError, match="not finite at 20000 of 40000"):
        plot.contour(lambda x, y: np.where(x > 0, x + y, np.nan), (-1, 1), (-1, 1))
    # A complex or boolean surface is not drawn as its real part or as 0/1.
    with pytest.raises(TypeError, match=r"f\(x, y\) must return real numbers"):
        plot.contour(lambda x, y: x + 1j * y, (-1, 1), (-1, 1))
    with pytest.raises(TypeError, match=r"f\(x, y\) must return real numbers"):
        plot.contour(lambda x, y: x > y, (-1, 1), (-1, 1))


# --- gradient_field --------------------------------------------------------------------


def test_gradient_field_places_the_gradient_at_each_grid_point():
    ax = plot.gradient_field(_bowl_grad, (-2, 2), (-1, 1), n=5)
    arrows = _only(ax, Quiver)
    x, y = np.meshgrid(np.linspace(-2, 2, 5), np.linspace(-1, 1, 5))
    np.testing.assert_allclose(arrows.X, x.ravel())
    np.testing.assert_allclose(arrows.Y, y.ravel())
    np.testing.assert_allclose(arrows.U, 2 * x.ravel())
    np.testing.assert_allclose(arrows.V, 6 * y.ravel())
    assert arrows.angles == "xy" and arrows.scale_units == "xy"
    # Longest drawn arrow, in data units, is 0.9 of the smaller grid spacing (0.5 here).
    drawn = np.hypot(arrows.U, arrows.V) / arrows.scale
    assert drawn.max() == pytest.approx(0.9 * 0.5)
    assert ax.get_aspect() == 1.0
    assert not [c for c in ax.collections if isinstance(c, ContourSet)]


def test_gradient_field_accepts_one_stacked_array_and_draws_level_curves_of_f():
    ax = plot.gradient_field(
        lambda x, y: np.stack([2 * x, 6 * y]), (-2, 2), (-2, 2), f=_bowl, levels=[1, 3], n=4
    )
    arrows = _only(ax, Quiver)
    np.testing.assert_allclose(arrows.U, 2 * arrows.X)
    np.testing.assert_allclose(arrows.V, 6 * arrows.Y)
    np.testing.assert_allclose(_only(ax, ContourSet).levels, [1, 3])


def test_gradient_field_points_uphill():
    # A small step along each drawn arrow increases f: the arrows are the ascent direction.
    ax = plot.gradient_field(_bowl_grad, (-2, 2), (-2, 2), n=6)
    arrows = _only(ax, Quiver)
    step = 1e-3
    before = _bowl(arrows.X, arrows.Y)
    after = _bowl(arrows.X + step * arrows.U, arrows.Y + step * arrows.V)
    assert np.all(after > before)


def test_gradient_field_normalize_gives_unit_arrows_and_none_where_flat():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = plot.gradient_field(_bowl_grad, (-1, 1), (-1, 1), n=3, normalize=True)
    arrows = _only(ax, Quiver)
    length = np.hypot(arrows.U, arrows.V)
    centre = (arrows.X == 0) & (arrows.Y == 0)
    assert length[centre].tolist() == [0.0]
    np.testing.assert_allclose(length[~centre], 1.0)
    np.testing.assert_allclose(
        np.arctan2(arrows.V, arrows.U)[~centre],
        np.arctan2(6 * arrows.Y, 2 * arrows.X)[~centre],
    )


def test_gradient_field_of_a_flat_function_draws_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = plot.gradient_field(lambda x, y: (0 * x, 0 * y), (-1, 1), (-1, 1), n=3)
    arrows = _only(ax, Quiver)
    assert np.all(arrows.U == 0) and np.all(arrows.V == 0)


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"grad_f": None}, TypeError, "grad_f must be a callable"),
        ({"f": "x**2"}, TypeError, "f must be a callable"),
        ({"n": 1}, ValueError, "n must be at least 2"),
        ({"xlim": (2, 2)}, ValueError, "xlim needs low < high"),
        ({"grad_f": lambda x, y: 2 * x}, ValueError, r"grad_f\(x, y\) .* must return shape"),
        (
            {"grad_f": lambda x, y: (x / 0.0, y)},
            ValueError,
            "grad_f is not finite",
        ),
    ],
)
def test_gradient_field_rejects_bad_arguments(kwargs, error, words):
    arguments = {"grad_f": _bowl_grad, "xlim": (-1, 1), "ylim": (-1, 1), "n": 4, **kwargs}
    with np.errstate(divide="ignore", invalid="ignore"), pytest.raises(error, match=words):
        plot.gradient_field(
            arguments.pop("grad_f"), arguments.pop("xlim"), arguments.pop("ylim"), **arguments
        )
