"""Reverse mode (Value), forward mode (Dual) and grad, checked against analytic derivatives,
torch.autograd (float64) and each other."""

from __future__ import annotations

import gc
import math
import sys
import warnings

import mpmath as mp
import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import mlcalc as mc
from mlcalc import Dual, Value
from mlcalc.autodiff import topological_order

RNG = np.random.default_rng(20240607)

# name: (function, derivative, a point sampler), for the unary primitives
PRIMITIVES = {
    "exp": (math.exp, math.exp, lambda: RNG.uniform(-5, 5)),
    "log": (math.log, lambda x: 1 / x, lambda: RNG.uniform(0.05, 20)),
    "sin": (math.sin, math.cos, lambda: RNG.uniform(-10, 10)),
    "cos": (math.cos, lambda x: -math.sin(x), lambda: RNG.uniform(-10, 10)),
    "tanh": (math.tanh, lambda x: 1 / math.cosh(x) ** 2, lambda: RNG.uniform(-5, 5)),
    "sigmoid": (
        lambda x: 1 / (1 + math.exp(-x)),
        lambda x: math.exp(-x) / (1 + math.exp(-x)) ** 2,
        lambda: RNG.uniform(-10, 10),
    ),
    "relu": (lambda x: max(x, 0.0), lambda x: float(x > 0), lambda: RNG.uniform(-3, 3)),
}
MC_FUNCTIONS = {name: getattr(mc, name) for name in PRIMITIVES}


# --- each primitive against its analytic derivative -----------------------------------------


@pytest.mark.parametrize("name", sorted(PRIMITIVES))
def test_unary_primitives_match_analytic_derivatives(name):
    function, derivative, sample = PRIMITIVES[name]
    for _ in range(20):
        x0 = float(sample())
        x = Value(x0)
        y = MC_FUNCTIONS[name](x)  # mc.exp etc. dispatch to the node's method
        assert isinstance(y, Value)
        y.backward()
        assert y.data == pytest.approx(function(x0), rel=1e-14, abs=1e-300)
        assert x.grad == pytest.approx(derivative(x0), rel=1e-12, abs=1e-300)

        dual = MC_FUNCTIONS[name](Dual(x0, 1.0))
        assert isinstance(dual, Dual)
        assert dual.value == y.data
        assert dual.derivative == pytest.approx(derivative(x0), rel=1e-12, abs=1e-300)


def _binary_cases():
    # (expression, d/da, d/db) with a, b floats; each holds for a > 0
    return [
        (lambda a, b: a + b, lambda a, b: 1.0, lambda a, b: 1.0),
        (lambda a, b: a - b, lambda a, b: 1.0, lambda a, b: -1.0),
        (lambda a, b: a * b, lambda a, b: b, lambda a, b: a),
        (lambda a, b: a / b, lambda a, b: 1 / b, lambda a, b: -a / b**2),
        (lambda a, b: a**b, lambda a, b: b * a ** (b - 1), lambda a, b: a**b * math.log(a)),
    ]


@pytest.mark.parametrize("case", range(5))
@pytest.mark.parametrize("kind", ["node-node", "node-float", "float-node"])
def test_binary_operators_match_analytic_derivatives(case, kind):
    expression, d_a, d_b = _binary_cases()[case]

    def operands(a, b, a0, b0):  # a plain float on one side, as the kind says
        return (a0 if kind == "float-node" else a), (b0 if kind == "node-float" else b)

    for _ in range(10):
        a0, b0 = RNG.uniform(0.2, 3.0, size=2).tolist()
        expected = expression(a0, b0)

        a, b = Value(a0), Value(b0)
        out = expression(*operands(a, b, a0, b0))
        assert out.data == pytest.approx(expected, rel=1e-15)
        out.backward()
        if kind != "float-node":
            assert a.grad == pytest.approx(d_a(a0, b0), rel=1e-13)
        if kind != "node-float":
            assert b.grad == pytest.approx(d_b(a0, b0), rel=1e-13)

        # forward mode: one pass per input, seeding its derivative with 1
        for seed_a, derivative, constant in ((1.0, d_a, "float-node"), (0.0, d_b, "node-float")):
            a, b = Dual(a0, seed_a), Dual(b0, 1.0 - seed_a)
            out = expression(*operands(a, b, a0, b0))
            assert out.value == pytest.approx(expected, rel=1e-15)
            wanted = 0.0 if kind == constant else derivative(a0, b0)
            assert out.derivative == pytest.approx(wanted, rel=1e-13)


def test_division_is_a_correctly_rounded_quotient():
    # 0.3 * (1 / 0.1) would be 3.0000000000000004; 0.3 / 0.1 is 2.9999999999999996
    assert (Value(0.3) / 0.1).data == 0.3 / 0.1
    assert (Value(0.3) / Value(0.1)).data == 0.3 / 0.1
    assert (0.3 / Value(0.1)).data == 0.3 / 0.1
    assert (Dual(0.3) / 0.1).value == 0.3 / 0.1


def test_negation_and_reflected_subtraction():
    x = Value(2.5)
    y = 1.0 - x
    y.backward()
    assert (y.data, x.grad) == (-1.5, -1.0)
    z = -x
    z.backward()
    assert (z.data, x.grad) == (-2.5, -1.0)
    d = 1.0 - Dual(2.5, 1.0)
    assert (d.value, d.derivative) == (-1.5, -1.0)


def test_relu_derivative_is_zero_at_the_kink_as_in_torch():
    x = Value(0.0)
    y = x.relu()
    y.backward()
    t = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
    torch.relu(t).backward()
    assert x.grad == t.grad.item() == 0.0
    assert Dual(0.0, 1.0).relu().derivative == 0.0
    assert Dual(-1e-300, 1.0).relu().derivative == 0.0
    assert Dual(1e-300, 1.0).relu().derivative == 1.0


def test_numpy_scalars_are_numbers_on_either_side():
    x = Value(3.0)
    for other in (np.float64(2.0), np.float32(2.0), np.int64(2), 2):
        for out in (x * other, other * x, x + other, other - x, x / other, other**x):
            assert isinstance(out, Value)
    assert (np.float64(2.0) * x).data == 6.0
    assert (np.float64(2.0) * Dual(3.0, 1.0)).derivative == 2.0


# --- the graph: repeated nodes, diamonds, calling backward twice ----------------------------


def test_a_node_used_several_times_gets_every_contribution():
    x = Value(3.0)
    for expression, expected in (
        (x * x, 6.0),  # both parents of one node are x
        (x + x, 2.0),
        (x * x * x, 27.0),
        (x / x, 0.0),
        (x - x, 0.0),
        (x**x, 27.0 * (math.log(3.0) + 1.0)),
    ):
        expression.backward()
        assert x.grad == pytest.approx(expected, rel=1e-15, abs=1e-15)


def test_diamond_graph_matches_the_chain_rule_by_hand():
    # x feeds a and b, which both feed c: dc/dx = dc/da da/dx + dc/db db/dx
    x0 = 0.7
    x = Value(x0)
    a = x * 2.0
    b = x.sin()
    c = a * b + a
    c.backward()
    expected = (math.sin(x0) + 1.0) * 2.0 + 2.0 * x0 * math.cos(x0)
    assert x.grad == pytest.approx(expected, rel=1e-15)
    assert a.grad == pytest.approx(math.sin(x0) + 1.0, rel=1e-15)
    assert b.grad == pytest.approx(2.0 * x0, rel=1e-15)
    d = Dual(x0, 1.0)
    e = d * 2.0
    assert ((e * d.sin()) + e).derivative == pytest.approx(expected, rel=1e-15)


def test_backward_twice_gives_the_same_gradients():
    x, y = Value(1.3), Value(-0.4)
    out = (x * y).tanh() + x * x * y + (x / y).exp()
    out.backward()
    first = (x.grad, y.grad, out.grad)
    out.backward()
    assert (x.grad, y.grad, out.grad) == first
    assert first[2] == 1.0


def test_backward_resets_only_the_graph_it_walks():
    x, unused = Value(2.0), Value(5.0)
    y = x * 3.0
    (unused * 4.0).backward()
    assert unused.grad == 4.0
    y.backward()
    assert x.grad == 3.0
    assert unused.grad == 4.0  # not part of y's graph: left alone
    # a shared subgraph: the second backward gives the second output's gradient, not a sum
    s = x * x
    out1, out2 = s * 10.0, s + 1.0
    out1.backward()
    assert x.grad == 40.0
    out2.backward()
    assert x.grad == 4.0


def test_a_chain_of_a_million_nodes_with_the_default_recursion_limit():
    assert sys.getrecursionlimit() <= 10_000  # nothing here relies on a raised limit
    n = 1_000_000
    x = Value(1.0)
    y = x
    for _ in range(n):
        y = y * 1.000001
    y.backward()
    assert y.data == pytest.approx(1.000001**n, rel=1e-8)
    assert x.grad == pytest.approx(1.000001**n, rel=1e-8)
    del y  # freeing a million-deep chain must not overflow the C stack either


def _young_values_alive() -> int:
    # With the collector off, every object made since the last collection stays in
    # generation 0: counting there is quick and sees exactly the nodes this test made.
    return sum(1 for obj in gc.get_objects(generation=0) if type(obj) is Value)


def test_graph_has_no_reference_cycles_and_is_freed_by_refcounting():
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        before = _young_values_alive()
        x, w = Value(0.3), Value(-1.2)
        out = x
        for _ in range(50):
            out = (out * w + x).tanh() + (x - w).sigmoid() / (x * x + 1.0)
            out = out + (out.exp().log() - out.sin() * out.cos() + out.relu()) ** 2
        out = 2.0**out - 1.0 / (out * out + 1.0)
        out.backward()
        assert _young_values_alive() > before + 1000
        del x, w, out
        assert _young_values_alive() == before  # all freed by reference counting alone
        assert gc.collect() == 0  # and the collector finds no unreachable cycle

        # The check can fail: a Value caught in a cycle outlives del until a collection.
        trap: list[object] = [Value(1.0)]
        trap.append(trap)
        del trap
        assert _young_values_alive() == before + 1
        assert gc.collect() > 0
        assert _young_values_alive() == before
    finally:
        if was_enabled:
            gc.enable()


# --- against torch.autograd, and forward mode against reverse mode --------------------------

# Each operation maps registers a, b to a new one; F is mlcalc or torch. The guards (a*a + 1
# inside log, under a root and in denominators) keep every operation defined for all inputs.
OPERATIONS = {
    "add": lambda a, b, F: a + b,
    "sub": lambda a, b, F: a - b,
    "mul": lambda a, b, F: a * b,
    "div": lambda a, b, F: a / (b * b + 1.0),
    "rdiv": lambda a, b, F: 2.0 / (a * a + 0.5),
    "rsub": lambda a, b, F: 1.5 - a,
    "neg": lambda a, b, F: -a,
    "scale": lambda a, b, F: 0.5 * a,
    "square": lambda a, b, F: a**2,
    "cube": lambda a, b, F: a**3,
    "root": lambda a, b, F: (a * a + 1.0) ** 0.5,
    "rpow": lambda a, b, F: 2.0 ** F.sin(a),
    "vpow": lambda a, b, F: (a * a + 1.0) ** F.sin(b),
    "exp": lambda a, b, F: F.exp(a),
    "log": lambda a, b, F: F.log(a * a + 1.0),
    "sin": lambda a, b, F: F.sin(a),
    "cos": lambda a, b, F: F.cos(a),
    "tanh": lambda a, b, F: F.tanh(a),
    "sigmoid": lambda a, b, F: F.sigmoid(a),
    "relu": lambda a, b, F: F.relu(a),
}


def run_program(program, inputs, F):
    """Apply ``program`` (a list of (operation, i, j)) to the inputs; output the sum of all
    registers, so that every operation takes part and registers used twice make diamonds."""
    registers = list(inputs)
    for name, i, j in program:
        a, b = registers[i % len(registers)], registers[j % len(registers)]
        registers.append(OPERATIONS[name](a, b, F))
    total = registers[0]
    for register in registers[1:]:
        total = total + register
    return total


def reverse_mode(program, point):
    return mc.grad(lambda x: run_program(program, x, mc))(point)


def forward_mode(program, point):
    gradient = []
    for i in range(len(point)):
        seeded = [Dual(v, 1.0 if j == i else 0.0) for j, v in enumerate(point)]
        gradient.append(run_program(program, seeded, mc).derivative)
    return np.array(gradient)


def torch_gradient(program, point):
    leaves = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in point]
    out = run_program(program, leaves, torch)
    grads = torch.autograd.grad(out, leaves, allow_unused=True)
    return np.array([0.0 if g is None else g.item() for g in grads]), out.item()


def assert_gradients_close(ours, reference):
    # relative to the size of the gradient as a whole, since sums of many paths may cancel
    scale = max(1.0, float(np.max(np.abs(reference))))
    np.testing.assert_allclose(ours, reference, rtol=1e-10, atol=1e-11 * scale)


def _random_program(rng, n_inputs, length):
    names = sorted(OPERATIONS)
    return [
        (names[rng.integers(len(names))], int(rng.integers(1000)), int(rng.integers(1000)))
        for _ in range(length)
    ]


@pytest.mark.parametrize("seed", range(40))
def test_random_expressions_match_torch_forward_and_reverse(seed):
    rng = np.random.default_rng(seed)
    n_inputs = int(rng.integers(1, 5))
    program = _random_program(rng, n_inputs, int(rng.integers(1, 25)))
    point = rng.uniform(-1.5, 1.5, size=n_inputs)
    ours = reverse_mode(program, point)  # these seeds give no overflow (exp of exp of ...)
    expected, value = torch_gradient(program, point)
    assert run_program(program, [Value(v) for v in point], mc).data == pytest.approx(
        value, rel=1e-12, abs=1e-12
    )
    assert_gradients_close(ours, expected)
    assert_gradients_close(forward_mode(program, point), expected)


programs = st.lists(
    st.tuples(st.sampled_from(sorted(OPERATIONS)), st.integers(0, 1000), st.integers(0, 1000)),
    min_size=1,
    max_size=15,
)
points = st.lists(
    st.floats(-2.0, 2.0, allow_nan=False, allow_infinity=False), min_size=1, max_size=4
)


@settings(max_examples=150, deadline=None)
@given(program=programs, point=points)
def test_reverse_mode_equals_forward_mode_equals_torch(program, point):
    try:
        values = run_program(program, [Value(v) for v in point], mc)
        ours = reverse_mode(program, point)
    except OverflowError:
        assume(False)
    assume(abs(values.data) < 1e8)
    expected, _ = torch_gradient(program, point)
    assume(np.all(np.abs(expected) < 1e8))
    assert_gradients_close(ours, expected)
    assert_gradients_close(forward_mode(program, point), ours)


# --- large inputs: exact saturation, no warnings --------------------------------------------


@pytest.mark.parametrize("x0", [-1000.0, 1000.0])
def test_sigmoid_and_tanh_saturate_exactly_at_plus_minus_1000(x0):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for method, saturated in (("sigmoid", float(x0 > 0)), ("tanh", math.copysign(1.0, x0))):
            x = Value(x0)
            out = getattr(mc, method)(x)
            out.backward()
            assert (out.data, x.grad) == (saturated, 0.0)
            dual = getattr(mc, method)(Dual(x0, 1.0))
            assert (dual.value, dual.derivative) == (saturated, 0.0)


@given(st.floats(-700, 700))
def test_sigmoid_and_tanh_slopes_keep_full_relative_accuracy_in_the_tails(x0):
    # sigma(1 - sigma) and 1 - tanh^2 cancel far out; 40-digit mpmath is the truth.
    mp.mp.dps = 40
    truths = {
        "sigmoid": float(mp.exp(-x0) / (1 + mp.exp(-x0)) ** 2),
        "tanh": float(mp.sech(x0) ** 2),
    }
    for method, truth in truths.items():
        x = Value(x0)
        getattr(x, method)().backward()
        dual = getattr(Dual(x0, 1.0), method)()
        assert x.grad == pytest.approx(truth, rel=1e-14, abs=1e-300)
        assert dual.derivative == pytest.approx(truth, rel=1e-14, abs=1e-300)


def test_exp_of_minus_1000_is_exactly_zero_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        x = Value(-1000.0)
        out = mc.exp(x)
        out.backward()
        assert (out.data, x.grad) == (0.0, 0.0)
        dual = mc.exp(Dual(-1000.0, 1.0))
        assert (dual.value, dual.derivative) == (0.0, 0.0)


def test_exp_overflow_raises_a_clear_error_instead_of_inf():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for node in (Value(1000.0), Dual(1000.0, 1.0)):
            with pytest.raises(OverflowError, match=r"exp\(1000.0\) overflows"):
                node.exp()
        assert Value(709.0).exp().data == math.exp(709.0)
        with pytest.raises(OverflowError, match="beyond the largest float"):
            Value(1e200) * Value(1e200)
        with pytest.raises(OverflowError, match="beyond the largest float"):
            Dual(1e200, 1.0) * 1e200


# --- bad input: clear errors that name the argument -----------------------------------------


@pytest.mark.parametrize("bad", ["3", None, [1.0], np.array([1.0, 2.0]), 1 + 2j, True])
def test_value_and_dual_refuse_non_real_data(bad):
    with pytest.raises(TypeError, match="data"):
        Value(bad)
    with pytest.raises(TypeError, match="value"):
        Dual(bad)
    with pytest.raises(TypeError, match="derivative"):
        Dual(1.0, bad)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_value_and_dual_refuse_non_finite_data(bad):
    with pytest.raises(ValueError, match="data must be finite"):
        Value(bad)
    with pytest.raises(ValueError, match="value must be finite"):
        Dual(bad)
    with pytest.raises(ValueError, match="derivative must be finite"):
        Dual(1.0, bad)


def test_value_refuses_a_non_string_label():
    with pytest.raises(TypeError, match="label"):
        Value(1.0, label=3)


@pytest.mark.parametrize("cls", [Value, Dual])
def test_operations_with_unsupported_types_raise_type_error(cls):
    node = cls(2.0)
    for other in ("a", [1.0], None, np.array([1.0, 2.0]), True):
        with pytest.raises(TypeError, match=f"real number or a {cls.__name__}"):
            node + other
        with pytest.raises(TypeError, match=f"real number or a {cls.__name__}"):
            other * node
    with pytest.raises(TypeError, match="array of"):
        np.array([1.0, 2.0]) - node
    mixed = Dual(1.0) if cls is Value else Value(1.0)
    with pytest.raises(TypeError):
        node * mixed
    with pytest.raises(ValueError, match="finite"):
        node + math.inf


@pytest.mark.parametrize("cls", [Value, Dual])
def test_domain_errors_are_clear(cls):
    with pytest.raises(ValueError, match="log needs a positive argument"):
        cls(0.0).log()
    with pytest.raises(ValueError, match="log needs a positive argument"):
        cls(-2.0).log()
    with pytest.raises(ZeroDivisionError, match="0 raised to a negative power"):
        cls(0.0) ** -1
    with pytest.raises(ZeroDivisionError, match="0 raised to a negative power"):
        0.0 ** cls(-0.5)
    with pytest.raises(ValueError, match="not a real number"):
        cls(-8.0) ** (1 / 3)
    with pytest.raises(ValueError, match="no finite derivative"):
        cls(0.0) ** 0.5
    # An exponent that moves (a Value always may; a Dual with a nonzero derivative).
    exponent = cls(2.0) if cls is Value else Dual(2.0, 1.0)
    with pytest.raises(ValueError, match="needs b > 0"):
        cls(-2.0) ** exponent
    with pytest.raises(ValueError, match="needs b > 0"):
        (-2.0) ** exponent
    with pytest.raises(ZeroDivisionError, match="division by zero"):
        cls(1.0) / 0.0
    with pytest.raises(ZeroDivisionError, match="division by zero"):
        1.0 / cls(0.0)
    with pytest.raises(OverflowError):
        cls(10.0) ** 400


def test_powers_that_are_defined_at_awkward_points():
    x = Value(0.0)
    for exponent, value, slope in ((0, 1.0, 0.0), (1, 0.0, 1.0), (2, 0.0, 0.0), (1.5, 0.0, 0.0)):
        out = x**exponent
        out.backward()
        assert (out.data, x.grad) == (value, slope)
    x = Value(-2.0)
    out = x**3
    out.backward()
    assert (out.data, x.grad) == (-8.0, 12.0)
    p = Value(2.0)
    out = 0.0**p  # 0^p = 0 for all p > 0: flat in p
    out.backward()
    assert (out.data, p.grad) == (0.0, 0.0)


# --- grad(f) ----------------------------------------------------------------------------------


def test_grad_of_a_scalar_function_returns_a_float():
    df = mc.grad(lambda x: x**3 + mc.sin(x) * mc.exp(x))
    result = df(0.5)
    assert type(result) is float
    assert result == pytest.approx(
        3 * 0.25 + math.cos(0.5) * math.exp(0.5) + math.sin(0.5) * math.exp(0.5), rel=1e-14
    )
    assert type(mc.grad(lambda x: x * x)(3)) is float


def test_grad_of_a_function_of_a_vector_returns_an_array():
    def f(x):
        return x[0] * x[1] + mc.tanh(x[2]) + np.sum(x**2) + x @ np.array([1.0, -2.0, 0.5])

    point = [0.3, -1.1, 2.0]
    g = mc.grad(f)(point)
    assert isinstance(g, np.ndarray)
    assert g.dtype == np.float64
    assert g.shape == (3,)
    x, y, z = point
    expected = [y + 2 * x + 1.0, x + 2 * y - 2.0, 1 - math.tanh(z) ** 2 + 2 * z + 0.5]
    np.testing.assert_allclose(g, expected, rtol=1e-14)
    np.testing.assert_array_equal(mc.grad(f)(np.array(point)), g)


def test_grad_of_a_loss_with_data_matches_torch():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(20, 3))
    y = (rng.random(20) < 0.5).astype(float)
    w0 = rng.normal(size=3)

    def loss(w, X, y):  # logistic regression's cross-entropy, written per sample
        total = 0.0
        for xi, yi in zip(X, y, strict=True):
            p = mc.sigmoid(w @ xi)
            total = total - (yi * mc.log(p) + (1.0 - yi) * mc.log(1.0 - p))
        return total / len(y)

    g = mc.grad(loss)(w0, X, y)
    w = torch.tensor(w0, requires_grad=True)
    p = torch.sigmoid(torch.tensor(X) @ w)
    t = torch.tensor(y)
    (-(t * torch.log(p) + (1 - t) * torch.log(1 - p)).mean()).backward()
    np.testing.assert_allclose(g, w.grad.numpy(), rtol=1e-12, atol=1e-15)


def test_grad_of_a_constant_function_is_zero():
    assert mc.grad(lambda x: 3.0)(1.0) == 0.0
    np.testing.assert_array_equal(mc.grad(lambda x: 3.0)([1.0, 2.0]), [0.0, 0.0])
    np.testing.assert_array_equal(mc.grad(lambda x: x[1] * 2.0)([1.0, 2.0]), [0.0, 2.0])


def test_grad_reports_bad_arguments_by_name():
    with pytest.raises(TypeError, match="f must be a callable"):
        mc.grad(3.0)
    df = mc.grad(lambda x: x * x)
    with pytest.raises(TypeError, match="x must be"):
        df("1.0")
    with pytest.raises(ValueError, match="x must be finite"):
        df(math.nan)
    with pytest.raises(ValueError, match="x must be 1-dimensional"):
        df(np.ones((2, 2)))
    with pytest.raises(ValueError, match="x must not be empty"):
        df([])
    with pytest.raises(TypeError, match="f must return a single number"):
        mc.grad(lambda x: x * 2.0)([1.0, 2.0])
    with pytest.raises(TypeError, match="f must return one number"):
        mc.grad(lambda x: "oops")(1.0)
    with pytest.raises(TypeError, match="f must return one number"):
        mc.grad(lambda x: Dual(1.0))(1.0)


# --- what a reader sees -----------------------------------------------------------------------


def test_repr_and_graph_introspection():
    x, y = Value(2.0, label="x"), Value(3.0)
    z = x * y
    assert repr(z) == "Value(data=6.0, grad=0.0)"
    z.backward()
    assert repr(x) == "Value(data=2.0, grad=3.0)"
    assert x.label == "x" and z.label == ""
    assert (z.op, z.parents, z.local_grads) == ("*", (x, y), (3.0, 2.0))
    assert (x.op, x.parents, x.local_grads) == ("", (), ())
    t = x.tanh()
    assert (t.op, t.parents) == ("tanh", (x,))
    assert t.local_grads == pytest.approx((1 / math.cosh(2.0) ** 2,), rel=1e-15)
    assert repr(Dual(1.5, -2.0)) == "Dual(value=1.5, derivative=-2.0)"


def test_a_dual_exponent_that_does_not_move_needs_no_log_of_the_base():
    result = Dual(-2.0, 1.0) ** Dual(2.0, 0.0)
    assert (result.value, result.derivative) == (4.0, -4.0)
    with pytest.raises(ValueError, match="needs b > 0"):
        Dual(-2.0, 1.0) ** Dual(2.0, 1.0)


def test_topological_order_lists_each_node_once_after_its_parents_and_keeps_grads():
    x = mc.Value(1.0)
    y = x * x + mc.sin(x)  # x used three times
    y.backward()
    order = topological_order(y)  # the walk mc.plot.graph draws
    assert len(order) == len({id(n) for n in order}) == 4  # x, x*x, sin x, +
    seen = set()
    for node in order:
        assert all(id(p) in seen for p in node.parents)
        seen.add(id(node))
    assert x.grad == 2.0 + math.cos(1.0)  # the walk alone resets nothing


def test_numbers_beyond_the_largest_float_are_named_not_an_overflow_error_inside():
    for make, name in ((mc.Value, "data"), (mc.Dual, "value")):
        with pytest.raises(ValueError, match=f"{name} is too large for a float"):
            make(10**400)
    with pytest.raises(ValueError, match="x is too large for a float"):
        mc.derivative(np.sin, 10**400)
    with pytest.raises(ValueError, match="x is too large for a float"):
        mc.derivative(np.sin, [1.0, 10**400])


def test_grad_names_x_for_ragged_input():
    with pytest.raises(TypeError, match="x must be an array of numbers"):
        mc.grad(lambda v: v[0])([[1.0], [1.0, 2.0]])
