"""mlcalc.Counted: calls and function values, counted against what a method is known to cost."""

import numpy as np
import pytest

import mlcalc as mc


def test_counts_calls_and_values_and_passes_results_through():
    f = mc.Counted(np.sin)
    assert f(1.0) == np.sin(1.0)
    np.testing.assert_array_equal(f(np.arange(4.0)), np.sin(np.arange(4.0)))
    assert (f.calls, f.values) == (2, 5)
    f.reset()
    assert (f.calls, f.values) == (0, 0)


@pytest.mark.parametrize(("method", "calls"), [("forward", 2), ("central", 3), ("complex", 2)])
def test_the_cost_of_a_plain_difference_is_what_its_formula_says(method, calls):
    # f(x) once (checked to be finite), then the formula's own points.
    f = mc.Counted(lambda t: t**3)
    mc.derivative(f, 1.5, method=method)
    assert f.calls == calls


def test_a_vectorised_call_counts_one_value_per_entry():
    f = mc.Counted(np.exp)
    mc.derivative(f, np.linspace(0.0, 1.0, 10), method="central")
    assert (f.calls, f.values) == (3, 30)


def test_keywords_and_several_arguments_are_passed_on():
    f = mc.Counted(lambda x, y, *, scale=1.0: scale * (x + y))
    assert f(1.0, 2.0, scale=2.0) == 6.0
    assert repr(f) == "Counted(<lambda>, calls=1, values=1)"


def test_refuses_what_cannot_be_called():
    with pytest.raises(TypeError, match="f must be a callable function, got float"):
        mc.Counted(3.0)
