"""Tests of the chapter-8 figure in mlcalc.plot: a Jacobian drawn as a grid of cells.

The checks read back what matplotlib was asked to draw (the image's masked data, its colour
limits, the group lines) and compare it with the matrix passed in.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from mlcalc import plot


def _image(ax):
    assert len(ax.images) == 1
    return ax.images[0]


def test_an_elementwise_jacobian_shows_only_its_diagonal():
    slopes = np.array([1.0, 0.5, -0.25, 2.0])
    ax = plot.jacobian_pattern(np.diag(slopes), title="diagonal")
    data = _image(ax).get_array()
    assert data.shape == (4, 4)
    # Exactly the off-diagonal cells are blank; the diagonal keeps its values.
    np.testing.assert_array_equal(np.ma.getmaskarray(data), ~np.eye(4, dtype=bool))
    np.testing.assert_array_equal(np.diag(data.filled(np.nan)), slopes)
    assert ax.get_title() == "diagonal"
    assert ax.get_xlabel() and ax.get_ylabel()


@settings(max_examples=25, deadline=None)
@given(
    matrix=arrays(
        np.float64,
        st.tuples(st.integers(1, 6), st.integers(1, 6)),
        elements=st.floats(-1e3, 1e3, allow_nan=False),
    )
)
def test_colour_limits_are_symmetric_and_cover_every_entry(matrix):
    ax = plot.jacobian_pattern(matrix, colorbar=False)
    low, high = _image(ax).get_clim()
    assert low == -high > -np.inf
    assert np.all(np.abs(matrix) <= high)
    plt.close("all")


def test_zero_tol_blanks_the_noise_of_a_numerical_jacobian():
    noisy = np.eye(3) + 1e-13 * np.ones((3, 3))
    exact_zeros_only = _image(plot.jacobian_pattern(noisy)).get_array()
    assert not np.ma.getmaskarray(exact_zeros_only).any()
    with_tolerance = _image(plot.jacobian_pattern(noisy, zero_tol=1e-10)).get_array()
    np.testing.assert_array_equal(np.ma.getmaskarray(with_tolerance), ~np.eye(3, dtype=bool))


def test_an_all_zero_matrix_is_drawn_blank_without_dividing_by_zero():
    ax = plot.jacobian_pattern(np.zeros((2, 3)))
    assert np.ma.getmaskarray(_image(ax).get_array()).all()
    assert _image(ax).get_clim() == (-1.0, 1.0)


def test_column_groups_draw_a_line_between_groups():
    ax = plot.jacobian_pattern(np.ones((3, 12)), column_groups=3, colorbar=False)
    vertical = [line.get_xdata()[0] for line in ax.get_lines()]
    assert vertical == [2.5, 5.5, 8.5]


def test_the_colour_bar_is_added_and_labelled():
    ax = plot.jacobian_pattern(np.eye(2))
    bars = [a for a in ax.figure.axes if a is not ax]
    assert len(bars) == 1
    assert bars[0].get_ylabel() == "entry value"


def test_draws_on_the_axes_it_is_given():
    _, given_ax = plt.subplots()
    assert plot.jacobian_pattern(np.eye(2), ax=given_ax, colorbar=False) is given_ax


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"jacobian": np.ones(3)}, ValueError, "jacobian must be 2-dimensional"),
        ({"jacobian": np.ones((2, 2, 2))}, ValueError, "2-dimensional"),
        ({"jacobian": [[1.0, np.nan]]}, ValueError, "finite"),
        ({"jacobian": np.ones((2, 2)) * 1j}, TypeError, "real numbers"),
        ({"jacobian": "J"}, TypeError, "jacobian"),
        ({"jacobian": np.ones((2, 6)), "column_groups": 4}, ValueError, "divide"),
        ({"jacobian": np.ones((2, 6)), "column_groups": 0}, ValueError, "column_groups"),
        ({"jacobian": np.ones((2, 6)), "column_groups": 2.0}, TypeError, "column_groups"),
        ({"jacobian": np.eye(2), "zero_tol": -1.0}, ValueError, "zero_tol"),
        ({"jacobian": np.eye(2), "zero_tol": "0"}, TypeError, "zero_tol"),
        ({"jacobian": np.eye(2), "colorbar": 1}, TypeError, "colorbar"),
        ({"jacobian": np.eye(2), "ax": "axes"}, TypeError, "ax must be"),
    ],
)
def test_bad_arguments_are_named(kwargs, error, words):
    with pytest.raises(error, match=words):
        plot.jacobian_pattern(**kwargs)


def test_every_nonzero_cell_of_a_small_matrix_carries_a_dot():
    matrix = np.array([[1e-9, 0.0, 2.0], [0.0, -3.0, 0.0]])
    ax = plot.jacobian_pattern(matrix, colorbar=False)
    dots = {tuple(offset) for offset in ax.collections[0].get_offsets()}
    assert dots == {(0.0, 0.0), (2.0, 0.0), (1.0, 1.0)}  # (column, row), the tiny one too


def test_a_large_matrix_is_drawn_without_dots_or_cell_frames():
    ax = plot.jacobian_pattern(np.eye(50), colorbar=False)
    assert not ax.collections


def test_row_zero_is_at_the_top_and_ticks_are_whole_indices():
    ax = plot.jacobian_pattern(np.ones((4, 12)), colorbar=False)
    assert ax.get_ylim() == (3.5, -0.5)
    assert ax.get_xlim() == (-0.5, 11.5)
    ticks = np.concatenate([ax.get_xticks(), ax.get_yticks()])
    np.testing.assert_array_equal(ticks, np.round(ticks))
