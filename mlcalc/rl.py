r"""Policy gradients on a multi-armed bandit: the smallest reinforcement-learning problem.

A bandit has :math:`k` arms; pulling arm :math:`a` pays a random reward with mean
:math:`\mu_a`. A softmax policy with preferences :math:`\theta \in \mathbb R^k` pulls arm
:math:`a` with probability :math:`\pi_\theta(a) = e^{\theta_a} / \sum_b e^{\theta_b}`, and the
expected reward :math:`J(\theta) = \sum_a \pi_\theta(a)\,\mu_a` is a finite sum, so its exact
gradient is available to check the Monte Carlo estimate of REINFORCE against
(chapter 13):

.. math::

    \nabla J(\theta) = \mathbb E_{a \sim \pi_\theta}\bigl[(R - b)\,\nabla \log \pi_\theta(a)\bigr],
    \qquad \nabla \log \pi_\theta(a) = e_a - \pi_\theta,

for any baseline :math:`b` that does not depend on the action drawn.

>>> bandit = Bandit.from_seed(3, seed=0)
>>> theta = np.zeros(3)
>>> np.allclose(expected_reward_grad(theta, bandit.means),
...             reinforce_gradient(theta, bandit, 200_000, seed=1), atol=0.01)
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._validate import (
    as_real_array,
    as_real_scalar,
    describe,
    one_of,
    positive_int,
    positive_real,
    random_generator,
)
from .losses import softmax

__all__ = [
    "Bandit",
    "ReinforceHistory",
    "expected_reward",
    "expected_reward_grad",
    "log_policy_grad",
    "reinforce_gradient",
    "reinforce_samples",
    "reinforce_variance",
    "softmax_policy",
    "train_reinforce",
]


@dataclass(frozen=True)
class Bandit:
    r"""A multi-armed bandit: arm ``a`` pays a random reward with mean ``means[a]``.

    ``kind="bernoulli"`` pays 1 with probability ``means[a]`` (so every mean lies in
    [0, 1]), ``kind="gaussian"`` pays ``means[a]`` plus normal noise of standard deviation
    ``noise``.

    >>> Bandit([0.2, 0.8]).pull([1, 1, 0], seed=0).shape
    (3,)
    """

    means: np.ndarray
    kind: str = "bernoulli"
    noise: float = 1.0
    n_arms: int = field(init=False)

    def __post_init__(self) -> None:
        means = as_real_array(self.means, "means", ndim=1)
        kind = one_of(self.kind, "kind", ("bernoulli", "gaussian"))
        if kind == "bernoulli" and (means.min() < 0 or means.max() > 1):
            raise ValueError(
                f"means of a bernoulli bandit are probabilities in [0, 1], got {means!r}"
            )
        object.__setattr__(self, "means", means)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "noise", positive_real(self.noise, "noise"))
        object.__setattr__(self, "n_arms", len(means))

    @classmethod
    def from_seed(cls, n_arms: int, *, kind: str = "bernoulli", seed: int = 0) -> Bandit:
        """A bandit with ``n_arms`` arms whose means are drawn from ``seed``: uniform on
        [0, 1] for ``"bernoulli"``, standard normal for ``"gaussian"``."""
        n_arms = positive_int(n_arms, "n_arms")
        kind = one_of(kind, "kind", ("bernoulli", "gaussian"))
        rng = random_generator(seed)
        means = rng.uniform(0, 1, n_arms) if kind == "bernoulli" else rng.normal(size=n_arms)
        return cls(means, kind=kind)

    def pull(self, arms: Any, seed: Any = None) -> np.ndarray:
        """Rewards for pulling ``arms`` (integers 0 … n_arms − 1), one per entry.

        ``seed`` is an integer, a NumPy ``Generator`` (to continue its stream) or ``None``.
        """
        indices = _arm_indices(arms, self.n_arms)
        rng = random_generator(seed, generator=True)
        mean = self.means[indices]
        if self.kind == "bernoulli":
            return (rng.random(indices.shape) < mean).astype(np.float64)
        return mean + self.noise * rng.normal(size=indices.shape)


def _arm_indices(arms: Any, n_arms: int) -> np.ndarray:
    """``arms`` as an int64 array of valid arm numbers, or a clear error."""
    array = np.asarray(arms)
    if array.dtype == bool or array.dtype.kind not in "iu":
        raise TypeError(f"arms must be integer arm numbers, got {describe(arms)}")
    if array.size and (array.min() < 0 or array.max() >= n_arms):
        raise ValueError(f"arms must lie in 0 .. {n_arms - 1}, got {describe(arms)}")
    return array.astype(np.int64)


def _preferences(theta: Any) -> np.ndarray:
    theta = as_real_array(theta, "theta", ndim=1)
    if len(theta) < 2:
        raise ValueError(f"theta needs one preference per arm, at least 2, got {theta!r}")
    return theta


def softmax_policy(theta: Any) -> np.ndarray:
    r"""The probabilities :math:`\pi_\theta(a) = e^{\theta_a}/\sum_b e^{\theta_b}` of each arm.

    >>> softmax_policy([0.0, np.log(3.0)])
    array([0.25, 0.75])
    """
    return softmax(_preferences(theta))


def log_policy_grad(theta: Any, arms: Any) -> np.ndarray:
    r"""The score :math:`\nabla_\theta \log \pi_\theta(a) = e_a - \pi_\theta` for each arm in
    ``arms``: one row per entry of ``arms`` (a single row for one integer).

    From :math:`\log \pi_\theta(a) = \theta_a - \log \sum_b e^{\theta_b}`: the first term
    gives the one-hot vector :math:`e_a`, the log-sum-exp gives :math:`\pi_\theta`.

    >>> log_policy_grad([0.0, 0.0], 1)
    array([-0.5,  0.5])
    """
    policy = softmax_policy(theta)
    indices = _arm_indices(arms, len(policy))
    rows = -np.broadcast_to(policy, (*indices.shape, len(policy))).copy()
    np.put_along_axis(rows, indices[..., None], 1.0 - policy[indices][..., None], axis=-1)
    return rows


def _means_for(theta: np.ndarray, means: Any) -> np.ndarray:
    means = as_real_array(means, "means", ndim=1)
    if means.shape != theta.shape:
        raise ValueError(
            f"means needs one mean per arm, shape {theta.shape}, got shape {means.shape}"
        )
    return means


def _preferences_for(theta: Any, bandit: Any) -> np.ndarray:
    """``theta`` checked against ``bandit``: one preference per arm."""
    theta = _preferences(theta)
    if not isinstance(bandit, Bandit):
        raise TypeError(f"bandit must be an mlcalc.rl.Bandit, got {describe(bandit)}")
    if bandit.n_arms != len(theta):
        raise ValueError(
            f"theta has {len(theta)} preferences but the bandit has {bandit.n_arms} arms"
        )
    return theta


def expected_reward(theta: Any, means: Any) -> float:
    r"""The exact expected reward :math:`J(\theta) = \sum_a \pi_\theta(a)\,\mu_a`.

    >>> expected_reward([0.0, 0.0], [0.0, 1.0])
    0.5
    """
    theta = _preferences(theta)
    return float(softmax(theta) @ _means_for(theta, means))


def expected_reward_grad(theta: Any, means: Any) -> np.ndarray:
    r"""The exact gradient :math:`\nabla J(\theta) = \pi_\theta \odot (\mu - J(\theta))`.

    Each preference's derivative is the arm's probability times how much better than
    average the arm is: :math:`\partial J/\partial\theta_a = \pi_a(\mu_a - \sum_b \pi_b\mu_b)`.

    >>> expected_reward_grad([0.0, 0.0], [0.0, 1.0])
    array([-0.25,  0.25])
    """
    theta = _preferences(theta)
    means = _means_for(theta, means)
    policy = softmax(theta)
    return policy * (means - policy @ means)


def reinforce_samples(
    theta: Any, bandit: Bandit, n_samples: int, *, baseline: float = 0.0, seed: Any = None
) -> np.ndarray:
    r"""One REINFORCE gradient term per sample, shape ``(n_samples, n_arms)``: draw
    :math:`a \sim \pi_\theta`, pull it for a reward :math:`R`, return
    :math:`(R - b)\,\nabla\log\pi_\theta(a)`.

    Each row is an unbiased estimate of :math:`\nabla J(\theta)` for any constant
    ``baseline`` :math:`b`; their spread is what a good baseline reduces.

    >>> reinforce_samples([0.0, 0.0], Bandit([0.0, 1.0]), 4, seed=0).shape
    (4, 2)
    """
    theta = _preferences_for(theta, bandit)
    n_samples = positive_int(n_samples, "n_samples")
    baseline = as_real_scalar(baseline, "baseline")
    rng = random_generator(seed, generator=True)
    policy = softmax(theta)
    arms = rng.choice(len(policy), size=n_samples, p=policy)
    rewards = bandit.pull(arms, seed=rng)
    return (rewards - baseline)[:, None] * log_policy_grad(theta, arms)


def reinforce_gradient(
    theta: Any, bandit: Bandit, n_samples: int, *, baseline: float = 0.0, seed: Any = None
) -> np.ndarray:
    r"""The REINFORCE estimate of :math:`\nabla J(\theta)`: the mean of
    :func:`reinforce_samples` over ``n_samples`` draws.

    >>> reinforce_gradient([0.0, 0.0], Bandit([0.0, 1.0]), 10, seed=0).shape
    (2,)
    """
    return reinforce_samples(theta, bandit, n_samples, baseline=baseline, seed=seed).mean(axis=0)


def reinforce_variance(theta: Any, bandit: Bandit, *, baseline: float = 0.0) -> float:
    r"""The exact total variance (trace of the covariance) of one REINFORCE term
    :math:`(R - b)\,\nabla\log\pi_\theta(a)`, as a finite sum over the arms:

    .. math::

        \sum_a \pi_\theta(a)\, \mathbb E\bigl[(R - b)^2 \mid a\bigr]\,
        \lVert e_a - \pi_\theta \rVert^2 - \lVert \nabla J(\theta) \rVert^2,
        \qquad \mathbb E\bigl[(R - b)^2 \mid a\bigr] = (\mu_a - b)^2 + \operatorname{Var}(R \mid a),

    with :math:`\operatorname{Var}(R \mid a) = \mu_a(1 - \mu_a)` for a Bernoulli arm and
    ``noise**2`` for a Gaussian one. Dividing by the number of samples gives the variance of
    :func:`reinforce_gradient`.

    >>> round(reinforce_variance([0.0, 0.0], Bandit([0.0, 1.0]), baseline=0.5), 6)
    0.0
    """
    theta = _preferences_for(theta, bandit)
    means = bandit.means
    baseline = as_real_scalar(baseline, "baseline")
    policy = softmax(theta)
    spread = (
        means * (1 - means) if bandit.kind == "bernoulli" else np.full_like(means, bandit.noise**2)
    )
    second_moment = (means - baseline) ** 2 + spread
    squared_scores = np.sum(log_policy_grad(theta, np.arange(len(theta))) ** 2, axis=1)
    gradient = policy * (means - policy @ means)
    return float(policy @ (second_moment * squared_scores) - gradient @ gradient)


@dataclass
class ReinforceHistory:
    """What :func:`train_reinforce` returns: the final preferences ``theta`` and, per step,
    the exact expected reward of the policy (``expected_reward``, length ``steps + 1``)."""

    theta: np.ndarray
    expected_reward: np.ndarray


def train_reinforce(
    bandit: Bandit,
    *,
    steps: int,
    lr: float,
    batch_size: int = 1,
    baseline: str = "none",
    seed: Any = None,
) -> ReinforceHistory:
    r"""Gradient ascent on :math:`J` with REINFORCE estimates, from :math:`\theta = 0`.

    Each step draws ``batch_size`` pulls and moves :math:`\theta \leftarrow \theta + \alpha\,
    \hat g`. ``baseline="running"`` subtracts the mean of all rewards seen *before* the
    step (independent of the step's actions, so the estimate stays unbiased);
    ``"none"`` subtracts nothing.

    >>> run = train_reinforce(Bandit([0.1, 0.9]), steps=200, lr=0.5, seed=0)
    >>> bool(run.expected_reward[-1] > run.expected_reward[0])
    True
    """
    if not isinstance(bandit, Bandit):
        raise TypeError(f"bandit must be an mlcalc.rl.Bandit, got {describe(bandit)}")
    steps = positive_int(steps, "steps")
    lr = positive_real(lr, "lr")
    batch_size = positive_int(batch_size, "batch_size")
    baseline = one_of(baseline, "baseline", ("none", "running"))
    rng = random_generator(seed, generator=True)
    theta = np.zeros(bandit.n_arms)
    history = [expected_reward(theta, bandit.means)]
    reward_sum, reward_count = 0.0, 0
    for _ in range(steps):
        b = reward_sum / reward_count if baseline == "running" and reward_count else 0.0
        policy = softmax(theta)
        arms = rng.choice(bandit.n_arms, size=batch_size, p=policy)
        rewards = bandit.pull(arms, seed=rng)
        theta = theta + lr * ((rewards - b)[:, None] * log_policy_grad(theta, arms)).mean(0)
        reward_sum, reward_count = reward_sum + rewards.sum(), reward_count + batch_size
        history.append(expected_reward(theta, bandit.means))
    return ReinforceHistory(theta=theta, expected_reward=np.array(history))
