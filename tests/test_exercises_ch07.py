"""Chapter 7's own checks of its exercises (the generic ones are in test_exercises_contract).

Each expected value is compared with an independent truth: torch.autograd for the step
by hand, the Hessian's eigenvalues from torch and actual runs of gradient descent for the
stability limits, mc.optim.Momentum for the momentum step and a vectorised replay for the
epoch of SGD. Then the wrong answers a learner is likely to give.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import mlcalc as mc
from mlcalc.exercises import Args, ch07

# --- q1: one step by hand --------------------------------------------------------------


def _q1_autograd_step() -> torch.Tensor:
    theta = torch.tensor([3.0, 1.0], dtype=torch.float64, requires_grad=True)
    ((theta[0] - 1) ** 2 + 2 * theta[1] ** 2).backward()
    return theta - 0.1 * theta.grad  # still requires grad


def test_q1_expected_is_the_autograd_step():
    np.testing.assert_allclose(ch07.q1.expected, _q1_autograd_step().detach().numpy())


def test_q1_accepts_a_tensor_that_requires_grad():
    answer = _q1_autograd_step()
    assert answer.requires_grad
    assert ch07.q1.check(answer).correct
    assert ch07.q1.check([2.6, 0.6]).correct


@pytest.mark.parametrize(
    "answer",
    [
        [3.4, 1.4],  # stepped uphill (+ instead of -)
        [2.6, 0.8],  # 2b instead of 4b for dL/db
        [2.8, 0.6],  # (w - 1) instead of 2(w - 1)
        [4.0, 4.0],  # the gradient, not the new point
        [0.6, 2.6],  # coordinates swapped
        2.6,
    ],
)
def test_q1_wrong(answer):
    assert ch07.q1.check(answer).status == "incorrect"


# --- q2: the largest stable learning rate ------------------------------------------------


def _q2_grad(p):
    return np.array([4 * p[0] + p[1], p[0] + 10 * p[1]])


def test_q2_expected_from_the_autograd_hessian():
    hessian = torch.autograd.functional.hessian(
        lambda p: 2 * p[0] ** 2 + p[0] * p[1] + 5 * p[1] ** 2,
        torch.zeros(2, dtype=torch.float64),
    ).numpy()
    np.testing.assert_allclose(ch07.q2.expected, 2 / np.linalg.eigvalsh(hessian).max())
    assert ch07.q2.check(0.1968).correct  # four figures, as the prompt asks


def test_q2_limit_separates_convergence_from_divergence():
    limit = float(ch07.q2.expected)
    below = mc.gradient_descent(_q2_grad, [1.0, -2.0], lr=0.99 * limit, steps=20_000)
    assert below.converged and not below.diverged
    with pytest.warns(mc.optim.DivergenceWarning):
        above = mc.gradient_descent(_q2_grad, [1.0, -2.0], lr=1.01 * limit, steps=20_000)
    assert above.diverged


@pytest.mark.parametrize(
    "answer",
    [
        0.2,  # 2/10: lambda_max read off the diagonal
        1 / (7 + np.sqrt(10)),  # 1/lambda_max, the safe rate, not the limit
        2 / (7 - np.sqrt(10)),  # the smaller eigenvalue
        7 + np.sqrt(10),  # lambda_max itself
        0.197,  # three figures where four are asked
    ],
)
def test_q2_wrong(answer):
    assert ch07.q2.check(answer).status == "incorrect"


# --- q3: the stability limit by experiment -----------------------------------------------


def test_q3_expected_is_two_over_the_largest_eigenvalue_of_the_gradient_jacobian():
    jacobian = mc.jacobian(ch07.q3.gradient, np.zeros(3))
    assert np.allclose(jacobian, jacobian.T)
    np.testing.assert_allclose(ch07.q3.expected, 2 / np.linalg.eigvalsh(jacobian).max())


def test_q3_limit_separates_convergence_from_divergence():
    limit = float(ch07.q3.expected)
    below = mc.gradient_descent(ch07.q3.gradient, np.ones(3), lr=0.99 * limit, steps=20_000)
    assert below.converged
    with pytest.warns(mc.optim.DivergenceWarning):
        above = mc.gradient_descent(ch07.q3.gradient, np.ones(3), lr=1.01 * limit, steps=20_000)
    assert above.diverged


def test_q3_accepts_a_bisection_to_one_percent_and_refuses_two_percent_off():
    limit = float(ch07.q3.expected)
    assert ch07.q3.check(limit * 1.008).correct
    assert ch07.q3.check(limit * 0.992).correct
    assert not ch07.q3.check(limit * 1.02).correct
    assert not ch07.q3.check(1 / limit).correct  # lambda_max / 2, upside down


@pytest.mark.parametrize("bad", [np.ones(2), [[1.0, 2.0, 3.0]], "theta"])
def test_q3_gradient_refuses_the_wrong_input_by_name(bad):
    with pytest.raises((TypeError, ValueError), match="theta"):
        ch07.q3.gradient(bad)


# --- q4: one step of momentum -------------------------------------------------------------


def _momentum_step(theta, velocity, grad, lr, beta):
    velocity_new = beta * velocity + grad
    return theta - lr * velocity_new, velocity_new


@given(
    beta=st.floats(0.0, 0.99),
    lr=st.floats(1e-4, 1.0),
    seed=st.integers(0, 2**16),
)
@settings(max_examples=25, deadline=None)
def test_q4_reference_takes_the_step_of_mc_optim_momentum(beta, lr, seed):
    rng = np.random.default_rng(seed)
    theta, grad_1, grad_2 = rng.normal(size=(3, 4))
    optimizer = mc.optim.Momentum(lr, beta=beta)
    params = theta.copy()
    optimizer.step([params], [grad_1])  # the velocity is now grad_1
    optimizer.step([params], [grad_2])
    after_one, velocity = ch07.q4.reference(theta, np.zeros(4), grad_1, lr, beta)
    after_two, _ = ch07.q4.reference(after_one, velocity, grad_2, lr, beta)
    np.testing.assert_allclose(after_two, params, rtol=1e-12, atol=1e-12)


def test_q4_right_and_torch_agree():
    assert ch07.q4.check(_momentum_step).correct
    theta = torch.tensor([1.0, -2.0], dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([theta], lr=0.1, momentum=0.9)
    for _ in range(2):  # two steps at the same gradient (0.5, 4)
        optimizer.zero_grad()
        (0.5 * theta[0] + 4 * theta[1]).backward()
        optimizer.step()
    after_one, velocity = _momentum_step(
        np.array([1.0, -2.0]), np.zeros(2), np.array([0.5, 4.0]), 0.1, 0.9
    )
    after_two, _ = _momentum_step(after_one, velocity, np.array([0.5, 4.0]), 0.1, 0.9)
    np.testing.assert_allclose(theta.detach().numpy(), after_two, rtol=1e-12)


def test_q4_returns_torch_tensors_that_require_grad_are_accepted():
    def momentum_step(theta, velocity, grad, lr, beta):
        velocity_new = torch.tensor(beta * velocity + grad, requires_grad=True)
        return torch.tensor(theta) - lr * velocity_new, velocity_new

    assert ch07.q4.check(momentum_step).correct


@pytest.mark.parametrize(
    "answer",
    [
        # stepped along the old velocity
        lambda t, v, g, lr, beta: (t - lr * v, beta * v + g),
        # uphill
        lambda t, v, g, lr, beta: (t + lr * (beta * v + g), beta * v + g),
        # the two results in the wrong order
        lambda t, v, g, lr, beta: _momentum_step(t, v, g, lr, beta)[::-1],
        # only the parameters
        lambda t, v, g, lr, beta: _momentum_step(t, v, g, lr, beta)[0],
        # plain gradient descent, no momentum
        lambda t, v, g, lr, beta: (t - lr * g, g),
    ],
)
def test_q4_wrong(answer):
    assert ch07.q4.check(answer).status == "incorrect"


def test_q4_a_function_without_return_is_told_so():
    def momentum_step(theta, velocity, grad, lr, beta):
        velocity = beta * velocity + grad

    feedback = ch07.q4.check(momentum_step)
    assert feedback.status == "incorrect" and "return" in feedback


# --- q5: one epoch of SGD -------------------------------------------------------------------


def _sgd_epoch(w, b, x, y, lr, order):
    for i in order:
        residual = w * x[i] + b - y[i]
        w, b = w - lr * 2 * residual * x[i], b - lr * 2 * residual
    return w, b


def test_q5_reference_matches_mc_optim_sgd_with_batches_of_one():
    # mc.optim.SGD fed one example at a time, in the order mc.optim.batches shuffles
    X, y = mc.data.linear(7, seed=3)
    order = np.random.default_rng(11).permutation(7)
    params = np.array([0.5, -0.2])
    optimizer = mc.optim.SGD(0.05)
    for X_batch, y_batch in mc.optim.batches(X, y, 1, seed=11):
        residual = params[0] * X_batch[0, 0] + params[1] - y_batch[0]
        optimizer.step([params], [2 * residual * np.array([X_batch[0, 0], 1.0])])
    w, b = ch07.q5.reference(0.5, -0.2, X[:, 0], y, 0.05, order)
    np.testing.assert_allclose([w, b], params, rtol=1e-12)


def test_q5_checks_an_order_that_matters():
    for point in ch07.q5.points:
        w, b, x, y, lr, order = point
        assert not np.array_equal(order, np.sort(order))
        forward = ch07.q5.reference(w, b, x, y, lr, np.sort(order))
        assert not np.allclose(forward, ch07.q5.reference(*point))


@pytest.mark.parametrize(
    "answer",
    [
        # visits 0, 1, 2, ... instead of the given order
        lambda w, b, x, y, lr, order: _sgd_epoch(w, b, x, y, lr, range(len(x))),
        # updates b with the residual after w has moved
        lambda w, b, x, y, lr, order: _sgd_epoch_stale(w, b, x, y, lr, order),
        # forgets the factor 2 of the squared error
        lambda w, b, x, y, lr, order: _sgd_epoch(w, b, x, y, lr / 2, order),
        # one batch step with the mean gradient (a batch step, not SGD)
        lambda w, b, x, y, lr, order: (
            w - lr * 2 * np.mean((w * x + b - y) * x),
            b - lr * 2 * np.mean(w * x + b - y),
        ),
    ],
)
def test_q5_wrong(answer):
    assert ch07.q5.check(answer).status == "incorrect"


def _sgd_epoch_stale(w, b, x, y, lr, order):
    for i in order:
        w = w - lr * 2 * (w * x[i] + b - y[i]) * x[i]
        b = b - lr * 2 * (w * x[i] + b - y[i])  # uses the new w
    return w, b


def test_q5_args_call_the_learner_function_with_six_arguments():
    assert all(isinstance(point, Args) and len(point) == 6 for point in ch07.q5.points)
    assert ch07.q5.check(_sgd_epoch).correct
