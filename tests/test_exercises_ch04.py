"""Chapter 4's exercises: expected answers against independent truths (torch.autograd, a
Dual pass, mc.Value), and the wrong answers a learner is likely to give. The generic checks
(unattempted, wrong type, sample answer, hints) are in test_exercises_contract.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

import mlcalc as mc
from mlcalc.exercises import ch04


def _q1_by_torch() -> float:
    x = torch.tensor(math.pi / 8, dtype=torch.float64, requires_grad=True)
    torch.exp(torch.sin(2 * x)).backward()
    assert x.grad is not None
    return float(x.grad)


def _q2_by_torch() -> torch.Tensor:
    xyz = torch.tensor([1.0, 2.0, 0.5], dtype=torch.float64, requires_grad=True)
    x, y, z = xyz
    (x * y + y * z + torch.exp(x * z)).backward()
    assert xyz.grad is not None
    return xyz.grad


# --- q1: chain rule through three layers --------------------------------------------------


def test_q1_expected_matches_autograd():
    assert ch04.q1.expected == pytest.approx(_q1_by_torch(), rel=1e-14)


def test_q1_five_significant_figures_means_five():
    assert "5 significant figures" in repr(ch04.q1)
    assert ch04.q1.check(2.8682).correct
    assert "2.8682" in ch04.q1.solution()
    assert not ch04.q1.check(2.868).correct  # 2.8680: two units off in the fifth figure


def test_q1_forgetting_the_inner_factor_is_wrong():
    x = math.pi / 8
    assert not ch04.q1.check(math.exp(math.sin(2 * x)) * math.cos(2 * x)).correct
    assert not ch04.q1.check(math.exp(math.sin(2 * x)) * math.cos(x) * 2).correct  # at x


# --- q2: a gradient as a sum over paths ---------------------------------------------------


def test_q2_expected_matches_autograd():
    np.testing.assert_allclose(ch04.q2.expected, _q2_by_torch().numpy(), rtol=1e-14)


@pytest.mark.parametrize(
    "as_given",
    [
        lambda g: g,  # the .grad tensor itself
        lambda g: g.clone().requires_grad_(True),  # a tensor that requires grad
        lambda g: [float(v) for v in g],
        lambda g: tuple(g.numpy()),
        lambda g: [torch.tensor(float(v), requires_grad=True) for v in g],
    ],
)
def test_q2_accepts_the_gradient_in_any_container(as_given):
    feedback = ch04.q2.check(as_given(_q2_by_torch()))
    assert feedback.correct, str(feedback)


def test_q2_a_hand_answer_to_five_figures_is_accepted():
    assert ch04.q2.check([2.8244, 1.5, 3.6487]).correct
    assert not ch04.q2.check([2.8244, 1.5, 3.6852]).correct


def test_q2_counting_one_path_only_is_wrong():
    assert not ch04.q2.check([2.0, 1.0, 2.0]).correct


def test_q2_wrong_shape_says_so():
    feedback = ch04.q2.check([2.8, 1.5])
    assert not feedback.correct
    assert "shape" in str(feedback)


# --- q3: passes for a Jacobian ------------------------------------------------------------


def test_q3_counts_by_doing_it():
    def F(p):
        return [p[0] * p[1] + mc.sin(p[2]), mc.tanh(p[3] * p[4]) + p[0]]

    point = [0.1, 0.2, 0.3, 0.4, 0.5]
    columns = [F([mc.Dual(p, float(j == i)) for j, p in enumerate(point)]) for i in range(5)]
    assert len(columns) == 5 and len(F(point)) == 2
    assert ch04.q3.check([len(columns), len(F(point))]).correct
    assert not ch04.q3.check([2, 5]).correct


# --- q4: ten stacked sigmoids -------------------------------------------------------------


def test_q4_expected_matches_a_dual_pass_and_autograd():
    dual = mc.Dual(0.0, 1.0)
    x = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
    out = x
    for _ in range(10):
        dual = mc.sigmoid(dual)
        out = torch.sigmoid(out)
    out.backward()
    assert ch04.q4.expected == pytest.approx(dual.derivative, rel=1e-13)
    assert ch04.q4.expected == pytest.approx(float(x.grad), rel=1e-13)


@pytest.mark.parametrize(
    "wrong",
    [
        0.25**10,  # every slope taken at 0
        0.25,  # one layer only
        mc.sigmoid_prime(0.5) ** 10,  # every slope taken at the same point
    ],
)
def test_q4_slips_are_wrong(wrong):
    assert not ch04.q4.check(wrong).correct


# --- q5: the backward step of a division --------------------------------------------------


@given(
    st.floats(min_value=-5.0, max_value=5.0),
    st.floats(min_value=0.1, max_value=5.0),
    st.floats(min_value=-3.0, max_value=3.0),
)
def test_q5_reference_matches_mc_value(a, b, out_grad):
    a_node, b_node = mc.Value(a), mc.Value(b)
    (out_grad * (a_node / b_node)).backward()
    grad_a, grad_b = ch04.q5.reference(a, b, out_grad)
    assert float(grad_a) == pytest.approx(a_node.grad, rel=1e-12, abs=1e-12)
    assert float(grad_b) == pytest.approx(b_node.grad, rel=1e-12, abs=1e-12)


def test_q5_right_answer_written_by_a_learner():
    def div_backward(a, b, out_grad):
        return out_grad / b, -out_grad * a / b**2

    assert ch04.q5.check(div_backward).correct


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (lambda a, b, g: (g / b, g * a / b**2), "instead of"),  # the minus sign lost
        (lambda a, b, g: (1 / b, -a / b**2), "instead of"),  # out_grad not multiplied in
        (lambda a, b, g: -g * a / b**2, "tuple of 2"),  # only one gradient returned
        (lambda a, b, g: None, "forget `return`"),
    ],
)
def test_q5_slips_are_wrong_and_explained(wrong, says):
    feedback = ch04.q5.check(wrong)
    assert not feedback.correct
    assert says in str(feedback)
