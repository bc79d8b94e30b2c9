"""The divergence watch (mlcalc/optim/divergence.py) that gradient_descent and nn.train
share: when a run has diverged, and its one warning."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from mlcalc.optim import (
    DivergenceWarning,
    DivergenceWatch,
)


def test_divergence_watch_on_a_loss_warns_once_naming_the_learning_rate():
    watch = DivergenceWatch(2.0, lr=0.05, name="training", symbol="loss", unit="epoch")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert watch.check(1.0, 1) and watch.check(3e12, 2)  # below 1e12 * (1 + 2)
        assert not watch.check(math.inf, 3)
        watch.stop("the gradient became inf or NaN", 4)  # a second reason: no second warning
        assert not watch.check(math.nan, 5)
    assert [w.category for w in caught] == [DivergenceWarning]
    assert str(caught[0].message) == (
        "training diverged at epoch 3 with lr=0.05: loss became inf or NaN. The result stops "
        "at epoch 2; try a smaller learning rate."
    )
    assert caught[0].filename == __file__  # the warning points at the caller, not at mlcalc
    assert watch.diverged and watch.reason == "loss became inf or NaN"


def test_divergence_watch_explodes_past_the_factor_unless_told_not_to():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        watch = DivergenceWatch(np.array([3.0, 4.0]), lr=1.0)  # limit 1e12 * (1 + 5)
        assert watch.check(np.array([0.0, 5.9e12]), 1)
        assert not watch.check(np.array([0.0, 6.1e12]), 2)
        patient = DivergenceWatch(1.0, lr=1.0, factor=None)
        assert patient.check(1e300, 1) and not patient.check(-math.inf, 2)
    assert watch.reason == "|x| grew past 1e+12 * (1 + |x0|)"
    assert patient.reason == "x became inf or NaN"
    assert len(caught) == 2


def test_divergence_watch_told_how_far_the_value_moved_measures_only_past_the_limit():
    watch = DivergenceWatch(np.array([1.0]), lr=0.1)  # limit 1e12 * (1 + 1)
    row = np.array([1.0])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert all(watch.check(row, k, moved=1e10) for k in range(1, 150))
        assert watch.bound == pytest.approx(1.0 + 149e10)  # never measured: the bound held
        assert watch.check(row, 150, moved=1e12)  # the bound passed 2e12: measured, |row| = 1
        assert watch.bound == 1.0
        # a value that really exploded is caught as soon as the bound lets it be measured
        assert not watch.check(np.array([3e12]), 151, moved=3e12)
    assert len(caught) == 1 and "step 151" in str(caught[0].message)
