"""mlcalc.functions against independent values: math-module formulas, torch, limits."""

import math
import warnings

import mpmath as mp
import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

import mlcalc as mc

finite = st.floats(-700, 700, allow_nan=False)


@given(finite)
def test_sigmoid_matches_the_defining_formula(x):
    expected = 1.0 / (1.0 + math.exp(-x))
    assert mc.sigmoid(x) == pytest.approx(expected, rel=1e-15, abs=1e-300)


@given(st.floats(-30, 8))
def test_sigmoid_prime_matches_torch(x):
    # torch differentiates as sigma * (1 - sigma), which cancels for x > 8; the tails are
    # checked against mpmath below.
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    torch.sigmoid(t).backward()
    assert mc.sigmoid_prime(x) == pytest.approx(t.grad.item(), rel=1e-12, abs=1e-300)


@given(st.floats(-3, 3))
def test_tanh_and_its_derivative_match_torch(x):
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    y = torch.tanh(t)
    y.backward()
    assert mc.tanh(x) == pytest.approx(y.item(), rel=1e-15, abs=1e-300)
    assert mc.tanh_prime(x) == pytest.approx(t.grad.item(), rel=1e-13, abs=1e-300)


@given(st.floats(-300, 300))
def test_tanh_prime_keeps_full_accuracy_in_the_tails(x):
    # torch's 1 - tanh(x)**2 cancels for |x| > 3; sech(x)**2 at 40 digits is the truth.
    mp.mp.dps = 40
    assert mc.tanh_prime(x) == pytest.approx(float(mp.sech(x) ** 2), rel=1e-14, abs=1e-300)


@given(finite)
def test_sigmoid_prime_keeps_full_accuracy_in_both_tails(x):
    # sigma * (1 - sigma) cancels for large positive x (0.0 from x = 37 on).
    mp.mp.dps = 40
    truth = float(mp.exp(-x) / (1 + mp.exp(-x)) ** 2)
    assert mc.sigmoid_prime(x) == pytest.approx(truth, rel=1e-14, abs=1e-300)
    assert mc.sigmoid_prime(x) == mc.sigmoid_prime(-x)


def test_relu_and_its_derivative_match_torch_including_the_kink():
    x = np.array([-3.0, -1e-300, 0.0, 1e-300, 2.5])
    t = torch.tensor(x, requires_grad=True)
    torch.relu(t).sum().backward()
    np.testing.assert_array_equal(mc.relu(x), torch.relu(t).detach().numpy())
    np.testing.assert_array_equal(mc.relu_prime(x), t.grad.numpy())


def test_activations_are_stable_far_out_with_no_warnings():
    x = np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = mc.sigmoid(x)
        ds = mc.sigmoid_prime(x)
        t = mc.tanh(x)
    np.testing.assert_array_equal(s[[0, 2, 4]], [0.0, 0.5, 1.0])
    assert s[1] == pytest.approx(math.exp(-50), rel=1e-14)
    np.testing.assert_array_equal(ds[[0, 4]], [0.0, 0.0])
    np.testing.assert_array_equal(t[[0, 4]], [-1.0, 1.0])


def test_scalars_give_floats_and_arrays_keep_their_shape():
    assert type(mc.sigmoid(1)) is float
    assert type(mc.relu(np.float64(2.0))) is float
    grid = np.zeros((2, 3))
    for fn in (mc.sigmoid, mc.tanh, mc.relu, mc.sigmoid_prime, mc.tanh_prime, mc.relu_prime):
        assert fn(grid).shape == (2, 3)


def test_elementary_functions_match_math():
    assert mc.exp(1.0) == math.e
    assert mc.log(math.e) == pytest.approx(1.0, rel=1e-16)
    assert mc.sin(0.5) == math.sin(0.5)
    assert mc.cos(0.5) == math.cos(0.5)


def test_complex_input_passes_through_for_complex_step_differentiation():
    h = 1e-20
    for fn, dfn in ((mc.sigmoid, mc.sigmoid_prime), (mc.tanh, mc.tanh_prime)):
        for x in (-3.0, 0.2, 4.0):
            assert fn(x + 1j * h).imag / h == pytest.approx(dfn(x), rel=1e-13)
    assert mc.log(2.0 + 1j * h).imag / h == pytest.approx(0.5, rel=1e-15)


def test_log_refuses_non_positive_input():
    with pytest.raises(ValueError, match="x > 0"):
        mc.log(0.0)
    with pytest.raises(ValueError, match="x > 0"):
        mc.log(np.array([1.0, -2.0]))


@pytest.mark.parametrize("bad", ["2.0", None, [1, "a"], {"x": 1}])
@pytest.mark.parametrize("fn", [mc.sigmoid, mc.tanh, mc.relu, mc.sigmoid_prime, mc.exp])
def test_non_numbers_are_refused_with_a_clear_error(fn, bad):
    with pytest.raises(TypeError, match="x must"):
        fn(bad)


_TORCH_TWINS = {
    mc.exp: torch.exp,
    mc.sin: torch.sin,
    mc.cos: torch.cos,
    mc.tanh: torch.tanh,
    mc.sigmoid: torch.sigmoid,
    mc.relu: torch.relu,
    mc.log: torch.log,
}


@pytest.mark.parametrize("fn", list(_TORCH_TWINS))
def test_functions_apply_entrywise_to_arrays_of_graph_nodes(fn):
    # mc.grad hands a function of a vector an object array of Values; the gradient of
    # sum(w * fn(x)) is w * fn'(x) entry by entry, which torch.autograd computes on its own.
    x = np.array([0.5, 2.0])
    weights = np.array([1.0, 3.0])
    via_grad = mc.grad(lambda v: np.sum(fn(v) * weights))(x)
    t = torch.tensor(x, requires_grad=True)
    (_TORCH_TWINS[fn](t) * torch.from_numpy(weights)).sum().backward()
    np.testing.assert_allclose(via_grad, t.grad.numpy(), rtol=4e-15)  # torch: s(1 - s)
    nodes = np.array([mc.Value(0.5), mc.Value(2.0)], dtype=object)
    values = fn(nodes)
    assert values.dtype == object and values.shape == (2,)
    np.testing.assert_allclose([v.data for v in values], fn(x), rtol=1e-15)


def test_overflow_raises_naming_the_function_and_never_returns_inf():
    # The package's overflow rule: a result beyond the largest float for a finite input
    # is an OverflowError naming the function and the argument; no inf, no warning.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for bad in (1000.0, np.array([1.0, 710.0])):
            with pytest.raises(OverflowError, match=r"exp\((1000|710)\.0\) overflows"):
                mc.exp(bad)
        with pytest.raises(OverflowError, match=r"exp\(1000.0\) overflows"):
            mc.Value(1000.0).exp()
        # saturating functions and slopes give their exact limits for any size of input
        assert mc.tanh_prime(1e308) == 0.0 and mc.sigmoid_prime(-1e308) == 0.0
        np.testing.assert_array_equal(mc.tanh_prime(np.array([-1e308, 1e308])), [0.0, 0.0])
        assert mc.exp(-1e308) == 0.0 and mc.exp(math.inf) == math.inf  # inf in, inf out


@pytest.mark.parametrize(
    "function",
    [mc.sigmoid, mc.tanh, mc.relu, mc.sigmoid_prime, mc.tanh_prime, mc.relu_prime, mc.exp, mc.sin],
)
def test_nan_and_ragged_input_are_refused_by_name(function):
    # NaN used to come back as NaN (or as 0.0 from relu, hiding it); a ragged list gave
    # NumPy's "inhomogeneous shape" ValueError from deep inside.
    with pytest.raises(ValueError, match="x must not contain NaN"):
        function(math.nan)
    with pytest.raises(ValueError, match="x must not contain NaN"):
        function(np.array([0.5, np.nan]))
    with pytest.raises(TypeError, match="x must be an array of numbers"):
        function([[1.0], [1.0, 2.0]])


def test_sin_and_cos_refuse_infinity_and_keep_exact_values():
    with pytest.raises(ValueError, match="x must be finite for sin and cos"):
        mc.sin(math.inf)
    with pytest.raises(ValueError, match="x must be finite for sin and cos"):
        mc.cos(np.array([0.0, -np.inf]))
    assert mc.sin(0.5) == math.sin(0.5) and mc.cos(0.5) == math.cos(0.5)
    assert mc.sigmoid(math.inf) == 1.0 and mc.relu(-math.inf) == 0.0  # inf stays welcome


# --- slopes from the output (the backward pass of mlcalc.nn) ------------------------------

FROM_OUTPUT = [
    (mc.sigmoid, mc.functions.sigmoid_prime_from_output, mc.sigmoid_prime, torch.sigmoid),
    (mc.tanh, mc.functions.tanh_prime_from_output, mc.tanh_prime, torch.tanh),
    (mc.relu, mc.functions.relu_prime_from_output, mc.relu_prime, torch.relu),
]


@pytest.mark.parametrize(("function", "from_output", "prime", "torch_function"), FROM_OUTPUT)
def test_slope_from_the_output_is_the_derivative_and_torchs_backward(
    function, from_output, prime, torch_function
):
    z = np.linspace(-6.0, 6.0, 241)  # z = 0 included: ReLU's kink
    slope = from_output(function(z))
    # the same slope, up to rounding at the scale of the largest slope (the formulas differ)
    np.testing.assert_allclose(slope, prime(z), rtol=0, atol=4e-16)
    # and the numbers torch's backward pass uses (its output may differ from ours by an ulp)
    z_t = torch.tensor(z, requires_grad=True)
    torch_function(z_t).backward(torch.ones_like(z_t))
    np.testing.assert_allclose(slope, z_t.grad.numpy(), rtol=0, atol=4e-16)


@pytest.mark.parametrize(("function", "from_output", "prime", "torch_function"), FROM_OUTPUT)
def test_slope_from_the_output_takes_numbers_and_lists(
    function, from_output, prime, torch_function
):
    assert from_output(function(0.5)) == pytest.approx(prime(0.5), rel=1e-15)
    assert isinstance(from_output(function(0.5)), float)
    np.testing.assert_allclose(from_output([function(0.5)]), [prime(0.5)], rtol=1e-15)
    with pytest.raises(ValueError, match="a must not contain NaN"):
        from_output([math.nan])
    with pytest.raises(TypeError, match="a must"):
        from_output("0.5")
