"""The shared argument checks: what they accept, what they refuse and what they say."""

import numpy as np
import pytest

from mlcalc._validate import (
    as_real_array,
    non_negative_int,
    one_of,
    positive_int,
    returned_reals,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3, [3.0]), ([1, 2.5], [1.0, 2.5]), (np.array([1, 2], dtype=object), [1.0, 2.0])],
)
def test_returned_reals_gives_float64(value, expected):
    out = returned_reals(value, "g must return real numbers")
    assert out.dtype == np.float64
    np.testing.assert_array_equal(np.atleast_1d(out), expected)


@pytest.mark.parametrize(
    "value",
    [None, "1.5", True, [True, False], 1 + 2j, [None, 1.0], np.array([1.0, 2j], dtype=object)],
)
def test_returned_reals_refuses_what_numpy_would_bend(value):
    with pytest.raises(TypeError, match=r"^g must return real numbers, got .* at step 3$"):
        returned_reals(value, "g must return real numbers", " at step 3")


def test_as_real_array_names_the_argument():
    with pytest.raises(TypeError, match="x must hold real numbers"):
        as_real_array([1 + 1j], "x")
    with pytest.raises(ValueError, match="x must contain only finite numbers"):
        as_real_array([np.nan], "x")
    with pytest.raises(ValueError, match="x must be 2-dimensional"):
        as_real_array([1.0], "x", ndim=2)


def test_integer_checks():
    assert positive_int(np.int64(3), "n") == 3
    assert non_negative_int(0, "steps") == 0
    with pytest.raises(ValueError, match="n must be a positive integer, got 0"):
        positive_int(0, "n")
    with pytest.raises(TypeError, match="steps must be a non-negative integer"):
        non_negative_int(True, "steps")


def test_one_of_wants_one_of_the_strings():
    assert one_of("adam", "method", ("gd", "adam")) == "adam"
    with pytest.raises(ValueError, match="method must be one of 'gd', 'adam'; got 'sgd'"):
        one_of("sgd", "method", ("gd", "adam"))
    # An array holding the string once passed the `in` test and ran plain descent.
    for bad in (np.array(["adam"]), np.array(["adam", "gd"]), None, 1):
        with pytest.raises(TypeError, match="method must be a string"):
            one_of(bad, "method", ("gd", "adam"))


def test_returned_reals_names_an_int_too_large_for_a_float():
    with pytest.raises(ValueError, match="f must return numbers, got a number too large"):
        returned_reals(10**400, "f must return numbers")
    with pytest.raises(ValueError, match="too large"):
        returned_reals([1, 10**400], "f must return numbers")
