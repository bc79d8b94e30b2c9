"""mlcalc.rl against independent truths: torch.autograd of the exact expected reward and of
log-softmax, the exact finite sum over arms, unbiasedness over many seeds, bad input."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import mlcalc as mc
from mlcalc.rl import (
    Bandit,
    expected_reward,
    expected_reward_grad,
    log_policy_grad,
    reinforce_gradient,
    reinforce_samples,
    reinforce_variance,
    softmax_policy,
    train_reinforce,
)

preferences = arrays(np.float64, st.integers(2, 6), elements=st.floats(-20, 20, allow_nan=False))


@settings(max_examples=50, deadline=None)
@given(preferences, st.data())
def test_log_policy_grad_matches_autograd_of_log_softmax(theta, data):
    arm = data.draw(st.integers(0, len(theta) - 1))
    theta_t = torch.tensor(theta, requires_grad=True)
    torch.log_softmax(theta_t, dim=0)[arm].backward()
    np.testing.assert_allclose(log_policy_grad(theta, arm), theta_t.grad.numpy(), atol=1e-12)


@settings(max_examples=50, deadline=None)
@given(preferences, st.data())
def test_expected_reward_grad_matches_autograd_of_the_exact_sum(theta, data):
    means = data.draw(arrays(np.float64, len(theta), elements=st.floats(-5, 5)))
    theta_t = torch.tensor(theta, requires_grad=True)
    value = torch.softmax(theta_t, dim=0) @ torch.tensor(means)
    value.backward()
    assert expected_reward(theta, means) == pytest.approx(value.item(), abs=1e-12)
    np.testing.assert_allclose(expected_reward_grad(theta, means), theta_t.grad.numpy(), atol=1e-12)


def test_expected_reward_grad_matches_finite_differences():
    theta, means = np.array([0.3, -1.0, 2.0, 0.0]), np.array([0.1, 0.5, 0.2, 0.9])
    numeric = mc.gradient(lambda t: expected_reward(t, means), theta)
    np.testing.assert_allclose(expected_reward_grad(theta, means), numeric, rtol=1e-8)


def test_score_has_zero_mean_under_the_policy():
    # E[grad log pi] = sum_a pi_a (e_a - pi) = 0: why a constant baseline adds no bias.
    theta = np.array([1.0, -0.5, 0.2])
    scores = log_policy_grad(theta, np.arange(3))
    np.testing.assert_allclose(softmax_policy(theta) @ scores, 0.0, atol=1e-15)


def test_exact_gradient_is_the_expectation_of_reinforce_terms():
    # The log-derivative trick as a finite sum: sum_a pi_a mu_a grad log pi_a = grad J.
    theta, means = np.array([0.5, 0.0, -1.0]), np.array([0.2, 0.7, 0.4])
    policy = softmax_policy(theta)
    by_trick = sum(policy[a] * means[a] * log_policy_grad(theta, a) for a in range(3))
    np.testing.assert_allclose(by_trick, expected_reward_grad(theta, means), atol=1e-15)


@pytest.mark.parametrize("kind", ["bernoulli", "gaussian"])
@pytest.mark.parametrize("baseline", [0.0, 0.5])
def test_reinforce_is_unbiased_over_many_seeds(kind, baseline):
    # 200 seeds x 2,000 samples: the mean of the estimates has standard error below
    # ~0.003 per component here, so 0.012 is a 4-sigma tolerance.
    bandit = Bandit.from_seed(4, kind=kind, seed=3)
    theta = np.array([0.2, -0.4, 0.1, 0.0])
    estimates = [
        reinforce_gradient(theta, bandit, 2000, baseline=baseline, seed=s) for s in range(200)
    ]
    exact = expected_reward_grad(theta, bandit.means)
    np.testing.assert_allclose(np.mean(estimates, axis=0), exact, atol=0.012)


def test_a_good_baseline_reduces_the_variance():
    bandit = Bandit([0.8, 0.85, 0.9])
    theta = np.zeros(3)
    plain = reinforce_samples(theta, bandit, 50_000, seed=0)
    centred = reinforce_samples(
        theta, bandit, 50_000, baseline=expected_reward(theta, bandit.means), seed=0
    )
    assert centred.var(axis=0).sum() < 0.2 * plain.var(axis=0).sum()


def test_reinforce_variance_is_the_brute_force_sum_over_arms_and_rewards():
    # Bernoulli: enumerate every (arm, reward) pair with its probability.
    theta, bandit = np.array([0.4, -0.3, 1.1]), Bandit([0.2, 0.5, 0.9])
    policy = softmax_policy(theta)
    gradient = expected_reward_grad(theta, bandit.means)
    for b in [0.0, 0.3, 0.8]:
        second = sum(
            policy[a] * p * (reward - b) ** 2 * np.sum(log_policy_grad(theta, a) ** 2)
            for a in range(3)
            for reward, p in [(1.0, bandit.means[a]), (0.0, 1 - bandit.means[a])]
        )
        assert reinforce_variance(theta, bandit, baseline=b) == pytest.approx(
            second - gradient @ gradient, rel=1e-12
        )


@pytest.mark.parametrize("kind", ["bernoulli", "gaussian"])
def test_reinforce_variance_matches_simulation(kind):
    bandit = Bandit.from_seed(4, kind=kind, seed=8)
    theta = np.array([0.3, 0.0, -0.5, 0.8])
    for b in [0.0, 0.5]:
        samples = reinforce_samples(theta, bandit, 200_000, baseline=b, seed=2)
        exact = reinforce_variance(theta, bandit, baseline=b)
        assert samples.var(axis=0).sum() == pytest.approx(exact, rel=0.03)


def test_the_average_reward_as_baseline_lowers_the_variance_for_all_policies():
    bandit = Bandit([0.7, 0.8, 0.9])
    rng = np.random.default_rng(0)
    for theta in rng.normal(size=(20, 3)):
        average = expected_reward(theta, bandit.means)
        assert reinforce_variance(theta, bandit, baseline=average) < reinforce_variance(
            theta, bandit
        )


def test_bandit_rewards_have_the_stated_means():
    bandit = Bandit([0.1, 0.6], kind="bernoulli")
    rewards = bandit.pull(np.repeat([0, 1], 20_000), seed=0).reshape(2, -1)
    assert set(np.unique(rewards)) <= {0.0, 1.0}
    np.testing.assert_allclose(rewards.mean(axis=1), [0.1, 0.6], atol=0.015)
    gaussian = Bandit([-1.0, 2.0], kind="gaussian", noise=0.5)
    draws = gaussian.pull(np.repeat([0, 1], 20_000), seed=1).reshape(2, -1)
    np.testing.assert_allclose(draws.mean(axis=1), [-1.0, 2.0], atol=0.015)
    np.testing.assert_allclose(draws.std(axis=1), [0.5, 0.5], rtol=0.03)


def test_same_seed_same_pulls_and_from_seed_is_reproducible():
    bandit = Bandit.from_seed(5, seed=7)
    assert np.array_equal(bandit.means, Bandit.from_seed(5, seed=7).means)
    assert np.all((bandit.means >= 0) & (bandit.means <= 1))
    assert np.array_equal(bandit.pull([0, 1, 2], seed=3), bandit.pull([0, 1, 2], seed=3))


def test_training_finds_the_best_arm_and_the_baseline_helps():
    bandit = Bandit([0.7, 0.75, 0.8, 0.85, 0.9])
    best = bandit.means.max()
    plain = [
        train_reinforce(bandit, steps=300, lr=0.5, batch_size=4, seed=s).expected_reward[-1]
        for s in range(10)
    ]
    based = [
        train_reinforce(
            bandit, steps=300, lr=0.5, batch_size=4, baseline="running", seed=s
        ).expected_reward[-1]
        for s in range(10)
    ]
    assert np.mean(based) > np.mean(plain)
    assert np.mean(based) > best - 0.03
    run = train_reinforce(bandit, steps=10, lr=0.1, seed=0)
    assert run.expected_reward.shape == (11,)
    assert run.expected_reward[0] == pytest.approx(bandit.means.mean())


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: Bandit([0.2, 1.5]), ValueError, "means of a bernoulli"),
        (lambda: Bandit([0.2, 0.5], kind="poisson"), ValueError, "kind"),
        (lambda: Bandit([0.2, 0.5], noise=0.0), ValueError, "noise"),
        (lambda: Bandit([[0.2, 0.5]]), ValueError, "means"),
        (lambda: Bandit([0.2, np.nan]), ValueError, "means"),
        (lambda: Bandit.from_seed(0), ValueError, "n_arms"),
        (lambda: Bandit([0.2, 0.5]).pull([0, 2]), ValueError, "arms"),
        (lambda: Bandit([0.2, 0.5]).pull([0.5]), TypeError, "arms"),
        (lambda: Bandit([0.2, 0.5]).pull([0], seed=-1), ValueError, "seed"),
        (lambda: softmax_policy([1.0]), ValueError, "theta"),
        (lambda: softmax_policy("abc"), TypeError, "theta"),
        (lambda: log_policy_grad([0.0, 0.0], 2), ValueError, "arms"),
        (lambda: expected_reward([0.0, 0.0], [1.0, 2.0, 3.0]), ValueError, "means"),
        (lambda: reinforce_gradient([0.0, 0.0], [0.2, 0.5], 10), TypeError, "bandit"),
        (lambda: reinforce_gradient([0.0] * 3, Bandit([0.2, 0.5]), 10), ValueError, "arms"),
        (lambda: reinforce_variance([0.0] * 3, Bandit([0.2, 0.5])), ValueError, "arms"),
        (lambda: reinforce_variance([0.0, 0.0], [0.2, 0.5]), TypeError, "bandit"),
        (lambda: reinforce_gradient([0.0, 0.0], Bandit([0.2, 0.5]), 0), ValueError, "n_samples"),
        (
            lambda: reinforce_gradient([0.0, 0.0], Bandit([0.2, 0.5]), 5, baseline="mean"),
            TypeError,
            "baseline",
        ),
        (lambda: train_reinforce(Bandit([0.2, 0.5]), steps=5, lr=-1.0), ValueError, "lr"),
        (
            lambda: train_reinforce(Bandit([0.2, 0.5]), steps=5, lr=0.1, baseline="best"),
            ValueError,
            "baseline",
        ),
    ],
)
def test_bad_input_is_refused_clearly(call, error, words):
    with pytest.raises(error, match=words):
        call()
