"""Chapter 5's exercises: expected values against an independent truth, and the wrong
answers a learner is likely to give. The generic checks (unattempted, wrong kind, hints,
solution) are in ``test_exercises_contract.py``.

The truth here is ``torch.autograd`` (gradients, Hessians, the directional derivative as
the derivative along a line) and 50-digit arithmetic, never the module's own formulas.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from mlcalc.exercises import ch05


def _autograd_gradient(f, point):
    x = torch.tensor(point, dtype=torch.float64, requires_grad=True)
    f(x).backward()
    return x.grad.numpy()


def test_q1_expected_is_the_autograd_gradient():
    truth = _autograd_gradient(lambda p: p[0] ** 2 * p[1] + 3 * p[1], [2.0, -1.0])
    np.testing.assert_allclose(ch05.q1.expected, truth, rtol=1e-15)
    assert ch05.q1.check(truth.tolist()).correct


def test_q1_accepts_a_tensor_that_requires_grad():
    answer = torch.tensor([-4.0, 7.0], dtype=torch.float64, requires_grad=True)
    assert ch05.q1.check(answer).correct
    assert ch05.q1.check(answer * 1.0).correct  # a non-leaf tensor with a grad_fn


@pytest.mark.parametrize(
    "answer",
    [
        [7.0, -4.0],  # the partials swapped
        [-4.0, 4.0],  # df/dy without the 3
        [4.0, 7.0],  # sign of y lost
        -4.0,  # one partial only
        [-4.0, 7.0, 0.0],
    ],
)
def test_q1_wrong(answer):
    assert ch05.q1.check(answer).status == "incorrect"


def test_q2_expected_is_the_derivative_along_the_line():
    start = torch.tensor([1.0, 1.0], dtype=torch.float64)
    target = torch.tensor([4.0, 5.0], dtype=torch.float64)
    unit = (target - start) / torch.linalg.norm(target - start)
    t = torch.zeros((), dtype=torch.float64, requires_grad=True)
    point = start + t * unit
    (point[0] ** 2 + 3 * point[1] ** 2).backward()
    assert ch05.q2.expected == pytest.approx(t.grad.item(), rel=1e-15)


@pytest.mark.parametrize(
    "answer",
    [
        30.0,  # dot product with (3, 4), not normalised
        np.sqrt(40.0),  # |grad f|: the steepest rate, not the rate along the walk
        [1.2, 4.8],  # the two products, not summed
    ],
)
def test_q2_wrong(answer):
    assert ch05.q2.check(answer).status == "incorrect"


def test_q3_expected_is_the_autograd_hessian():
    def f(p):
        return p[0] ** 3 * p[1] + torch.exp(p[0] * p[1])

    hessian = torch.autograd.functional.hessian(
        f, torch.tensor([1.0, 0.5], dtype=torch.float64)
    ).numpy()
    truth = np.array([hessian[0, 0], hessian[0, 1], hessian[1, 1]])
    np.testing.assert_allclose(ch05.q3.expected, truth, rtol=1e-14)


def test_q3_five_figures_typed_by_hand_pass_and_four_do_not():
    assert ch05.q3.check([3.4122, 5.4731, 1.6487]).correct
    assert not ch05.q3.check([3.412, 5.473, 1.649]).correct


def test_q3_product_rule_slip_is_refused():
    slip = ch05.q3.wrong_answer()
    assert slip[1] == pytest.approx(3 + np.exp(0.5))
    assert ch05.q3.check(slip).status == "incorrect"


def test_q4_expected_from_fifty_digit_arithmetic():
    def error(t):
        t = mpmath.mpf(t)
        s1, c1 = mpmath.sin(1), mpmath.cos(1)
        d = [t, t]
        gradient_term = s1 * d[0] + c1 * d[1]
        hessian_term = s1 * d[0] ** 2 + 2 * c1 * d[0] * d[1] - s1 * d[1] ** 2
        value = mpmath.e ** d[0] * mpmath.sin(1 + d[1])
        return abs(value - (s1 + gradient_term + hessian_term / 2))

    with mpmath.workdps(50):
        ratio = float(error("0.1") / error("0.05"))
    # The module's float64 error loses about 11 of its 16 digits to cancellation
    # (E is 1e-5 of f), still far more than the 2 significant figures asked for.
    assert ch05.q4.expected == pytest.approx(ratio, rel=1e-9)


def test_q4_the_experiment_with_mlcalc_gives_an_accepted_answer():
    import mlcalc as mc

    def f(p):
        return np.exp(p[0]) * np.sin(p[1])

    p = np.array([0.0, 1.0])
    g, h = mc.gradient(f, p), mc.hessian(f, p)

    def error(t):
        d = t * np.ones(2)
        return abs(f(p + d) - (f(p) + g @ d + 0.5 * d @ h @ d))

    assert ch05.q4.check(error(0.1) / error(0.05)).correct
    assert ch05.q4.check(8.5).correct
    assert ch05.q4.check(8.0).status == "incorrect"  # the asymptotic 8 is not the measured ratio


@given(arrays(np.float64, st.integers(1, 6), elements=st.floats(-50, 50)))
@settings(max_examples=50, deadline=None)
def test_q5_reference_is_the_autograd_gradient_of_logsumexp(w):
    truth = _autograd_gradient(lambda v: torch.logsumexp(v, dim=0), w.tolist())
    np.testing.assert_allclose(ch05.q5.reference(w), truth, rtol=1e-12, atol=1e-300)


def test_q5_points_include_overflow_and_underflow():
    extremes = [np.max(np.abs(p)) for p in ch05.q5.points]
    assert max(extremes) >= 1000


@pytest.mark.parametrize(
    "answer",
    [
        lambda w: np.exp(w),  # forgot to divide by the sum
        lambda w: np.exp(w - w.max()),  # shifted but not normalised
        lambda w: np.log(np.exp(w).sum()),  # the function, not its gradient
        lambda w: w / w.sum(),
    ],
)
def test_q5_wrong(answer):
    with np.errstate(all="ignore"):
        assert ch05.q5.check(answer).status == "incorrect"


def test_q5_missing_return_is_named():
    def grad_lse(w):
        np.exp(w - w.max()) / np.exp(w - w.max()).sum()

    assert "forget `return`" in ch05.q5.check(grad_lse)


def test_q5_a_tensor_returning_function_is_accepted():
    def grad_lse(w):
        return torch.softmax(torch.tensor(w, requires_grad=True), dim=0)

    assert ch05.q5.check(grad_lse).correct
