"""Synthetic data sets: shapes, seeds, and the geometry each one promises."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlcalc import data

TWO_CLASS = [data.moons, data.spirals, data.xor, data.blobs]


@pytest.mark.parametrize("make", TWO_CLASS)
@pytest.mark.parametrize("n", [2, 7, 200])
def test_two_class_sets_have_the_promised_shape_and_balance(make, n):
    X, y = make(n, seed=3)
    assert X.shape == (n, 2) and y.shape == (n,)
    assert X.dtype == np.float64 and y.dtype == np.float64
    assert set(np.unique(y).tolist()) == {0.0, 1.0}
    assert np.count_nonzero(y == 0) == n // 2
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("make", [*TWO_CLASS, data.linear])
def test_same_seed_same_data_other_seed_other_data(make):
    X1, y1 = make(50, seed=11)
    X2, y2 = make(50, seed=11)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    X3, _ = make(50, seed=12)
    assert not np.allclose(X1, X3)


@pytest.mark.parametrize("make", TWO_CLASS)
def test_classes_are_shuffled(make):
    _, y = make(100, seed=0)
    assert 0 < np.count_nonzero(y[:50]) < 50  # not all of one class first


@settings(max_examples=25, deadline=None)
@given(
    slope=st.floats(-10, 10),
    intercept=st.floats(-10, 10),
    noise=st.floats(0.01, 3.0),
    seed=st.integers(0, 2**31),
)
def test_least_squares_recovers_the_line(slope, intercept, noise, seed):
    n = 400
    X, y = data.linear(n, slope=slope, intercept=intercept, noise=noise, seed=seed)
    assert X.shape == (n, 1) and y.shape == (n,)
    design = np.column_stack([X[:, 0], np.ones(n)])
    (m, b), *_ = np.linalg.lstsq(design, y, rcond=None)
    # standard errors of the fit for x uniform on [-3, 3] (variance 3): sigma/sqrt(3n),
    # sigma/sqrt(n); six of them is a bound a correct generator breaks about once in 1e8
    assert abs(m - slope) < 6 * noise / np.sqrt(3 * n)
    assert abs(b - intercept) < 6 * noise / np.sqrt(n)


def test_linear_without_noise_is_exactly_on_the_line_in_range():
    X, y = data.linear(30, slope=-0.5, intercept=4.0, noise=0.0, x_range=(1.0, 2.0))
    np.testing.assert_allclose(y, -0.5 * X[:, 0] + 4.0, rtol=1e-15)
    assert X.min() >= 1.0 and X.max() <= 2.0


def test_moons_lie_on_their_half_circles_without_noise():
    X, y = data.moons(100, noise=0.0)
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)
    assert np.all(upper[:, 1] >= 0)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1.0, lower[:, 1] - 0.5), 1.0)
    assert np.all(lower[:, 1] <= 0.5)


def test_spiral_arms_are_half_a_turn_apart_without_noise():
    X, y = data.spirals(200, noise=0.0, turns=1.25)
    radius = np.hypot(X[:, 0], X[:, 1])
    angle = np.arctan2(X[:, 1], X[:, 0])
    expected = 2 * np.pi * 1.25 * radius + np.pi * y
    # the angle agrees with the arm's formula up to whole turns
    np.testing.assert_allclose(np.cos(angle - expected), 1.0, atol=1e-9)
    assert np.all(radius <= 1.0)


def test_xor_labels_are_the_exclusive_or_of_the_signs():
    X, y = data.xor(400, noise=0.1)
    np.testing.assert_array_equal(y, (np.sign(X[:, 0]) != np.sign(X[:, 1])).astype(float))


def test_blobs_are_centred_where_asked():
    centers = ((2.0, 0.0), (-1.0, 3.0))
    X, y = data.blobs(2000, noise=0.5, centers=centers, seed=5)
    for label, center in enumerate(centers):
        cloud = X[y == label]
        # the mean of 1000 points with sigma 0.5 is within 5 * 0.5 / sqrt(1000) of the centre
        np.testing.assert_allclose(cloud.mean(axis=0), center, atol=5 * 0.5 / np.sqrt(1000))
        np.testing.assert_allclose(cloud.std(axis=0), 0.5, rtol=0.1)


@pytest.mark.parametrize("make", [*TWO_CLASS, data.linear])
def test_bad_arguments_are_named(make):
    with pytest.raises(ValueError, match="n must be"):
        make(0)
    with pytest.raises(TypeError, match="n must be"):
        make(10.5)
    with pytest.raises(ValueError, match="noise must be non-negative"):
        make(10, noise=-0.1)
    with pytest.raises(ValueError, match="noise must be finite"):
        make(10, noise=np.nan)
    with pytest.raises(ValueError, match="seed must be a non-negative integer"):
        make(10, seed=-1)
    with pytest.raises(TypeError, match="seed must be a non-negative integer"):
        make(10, seed="zero")


def test_bad_arguments_of_particular_sets():
    with pytest.raises(ValueError, match="both classes"):
        data.moons(1)
    with pytest.raises(ValueError, match="x_range needs low < high"):
        data.linear(10, x_range=(1.0, 1.0))
    with pytest.raises(TypeError, match="x_range must be a pair"):
        data.linear(10, x_range=3.0)
    with pytest.raises(ValueError, match="slope must be finite"):
        data.linear(10, slope=np.inf)
    with pytest.raises(ValueError, match="turns must be positive"):
        data.spirals(10, turns=0)
    with pytest.raises(ValueError, match="centers must be two finite points"):
        data.blobs(10, centers=((0.0, 0.0),))


def test_data_that_would_overflow_is_refused_naming_the_argument():
    # The package's overflow rule: an OverflowError naming what overflowed, never inf.
    with pytest.raises(OverflowError, match=r"x_range = \(-1e\+308, 1e\+308\) is too wide"):
        data.linear(x_range=(-1e308, 1e308))
    with pytest.raises(OverflowError, match="noise=1e\\+308"):
        data.linear(noise=1e308)
    X, y = data.linear(noise=1e300, seed=1)  # huge but finite: fine
    assert np.all(np.isfinite(y))
