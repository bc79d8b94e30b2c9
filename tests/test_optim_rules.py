"""The update rules (mlcalc/optim/rules.py): SGD, Momentum and Adam against torch.optim,
step by step, and their argument checks."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from mlcalc.optim import (
    SGD,
    Adam,
    Momentum,
    batches,
)

RNG = np.random.default_rng(7)


X_DATA = RNG.normal(size=(20, 3))


Y_DATA = np.tanh(X_DATA @ np.array([[1.0, -2.0], [0.5, 0.0], [-1.0, 1.5]])) + 0.3


def model_grads(weights: np.ndarray, bias: np.ndarray) -> list[np.ndarray]:
    """Gradients of mean((tanh(X W + b) - Y)^2) with respect to W and b, by hand."""
    hidden = np.tanh(X_DATA @ weights + bias)
    d_out = 2.0 * (hidden - Y_DATA) / hidden.size * (1.0 - hidden**2)
    return [X_DATA.T @ d_out, d_out.sum(axis=0)]


def run_mlcalc(optimizer, steps=100):
    params = [np.full((3, 2), 0.1), np.zeros(2)]
    for _ in range(steps):
        optimizer.step(params, model_grads(*params))
    return params


def run_torch(make_optimizer, steps=100):
    params = [
        torch.full((3, 2), 0.1, dtype=torch.float64, requires_grad=True),
        torch.zeros(2, dtype=torch.float64, requires_grad=True),
    ]
    optimizer = make_optimizer(params)
    for _ in range(steps):
        grads = model_grads(*(p.detach().numpy() for p in params))
        for p, g in zip(params, grads, strict=True):
            p.grad = torch.from_numpy(g.copy())
        optimizer.step()
    return [p.detach().numpy() for p in params]


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (lambda: SGD(lr=0.3), lambda p: torch.optim.SGD(p, lr=0.3)),
        (lambda: Momentum(lr=0.1), lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9)),
        (
            lambda: Momentum(lr=0.05, beta=0.5),
            lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.5),
        ),
        (lambda: Adam(lr=0.01), lambda p: torch.optim.Adam(p, lr=0.01)),
        (
            lambda: Adam(lr=0.05, betas=(0.8, 0.99), eps=1e-6),
            lambda p: torch.optim.Adam(p, lr=0.05, betas=(0.8, 0.99), eps=1e-6),
        ),
    ],
)
def test_update_rules_match_torch_for_100_steps(ours, theirs):
    start = [np.full((3, 2), 0.1), np.zeros(2)]
    mine = run_mlcalc(ours())
    reference = run_torch(theirs)
    for p, q, p0 in zip(mine, reference, start, strict=True):
        assert not np.allclose(p, p0)  # the parameters really moved
        np.testing.assert_allclose(p, q, rtol=1e-12, atol=1e-12)


def test_step_updates_in_place_and_keeps_state_per_parameter():
    w, b = np.array([1.0, 2.0]), np.array([3.0])
    w_id = id(w)
    opt = Momentum(lr=0.1, beta=0.5)
    opt.step([w, b], [np.array([1.0, 1.0]), np.array([2.0])])
    opt.step([w, b], [np.array([1.0, 1.0]), np.array([0.0])])
    assert id(w) == w_id
    # w: velocities 1 then 1.5; b: velocities 2 then 1
    np.testing.assert_allclose(w, [1.0 - 0.1 - 0.15, 2.0 - 0.1 - 0.15])
    np.testing.assert_allclose(b, [3.0 - 0.2 - 0.1])


def test_adam_first_step_is_lr_times_sign():
    # with bias correction, the first step is lr * g / (|g| + eps): about lr per coordinate
    w = np.array([1.0, 1.0, 1.0])
    Adam(lr=0.01).step([w], [np.array([1e3, -1e-3, 0.0])])
    np.testing.assert_allclose(w, [0.99, 1.01, 1.0], rtol=1e-7)


@pytest.mark.parametrize("make", [lambda: SGD(0.1), lambda: Momentum(0.1), lambda: Adam(0.1)])
def test_step_refuses_bad_arguments(make):
    opt = make()
    w = np.ones(3)
    with pytest.raises(ValueError, match="same length"):
        opt.step([w], [np.ones(3), np.ones(3)])
    with pytest.raises(ValueError, match=r"grads\[0\] has shape \(2,\)"):
        opt.step([w], [np.ones(2)])
    with pytest.raises(TypeError, match=r"params\[0\] must be a NumPy array of floats"):
        opt.step([np.ones(3, dtype=int)], [np.ones(3)])
    with pytest.raises(TypeError, match=r"params\[0\] must be a NumPy array of floats"):
        opt.step([[1.0, 2.0]], [np.ones(2)])
    with pytest.raises(TypeError, match="lists of arrays"):
        opt.step(w, np.ones(3))
    with pytest.raises(ValueError, match="inf or NaN"):
        opt.step([w], [np.array([1.0, np.nan, 0.0])])
    frozen = np.ones(3)
    frozen.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        opt.step([frozen], [np.ones(3)])
    np.testing.assert_array_equal(w, np.ones(3))  # nothing was half-updated
    opt.step([w], [np.ones(3)])
    with pytest.raises(ValueError, match="new optimizer"):
        opt.step([np.ones(4)], [np.ones(4)])


def test_step_checks_every_pair_before_updating_any():
    w, b = np.ones(2), np.ones(2)
    with pytest.raises(ValueError, match=r"grads\[1\]"):
        SGD(0.1).step([w, b], [np.ones(2), np.ones(3)])
    np.testing.assert_array_equal(w, np.ones(2))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: SGD(0.0), "lr must be positive"),
        (lambda: SGD(-1.0), "lr must be positive"),
        (lambda: Momentum(0.1, beta=1.0), r"beta must be in \[0, 1\)"),
        (lambda: Adam(0.1, betas=(0.9, 1.2)), r"betas\[1\]"),
        (lambda: Adam(0.1, eps=0.0), "eps must be positive"),
    ],
)
def test_constructors_refuse_bad_hyperparameters(make, message):
    with pytest.raises(ValueError, match=message):
        make()


@pytest.mark.parametrize(
    ("make", "setting", "bad", "error"),
    [
        (lambda: SGD(0.1), "lr", -5.0, ValueError),
        (lambda: SGD(0.1), "lr", "0.1", TypeError),
        (lambda: Momentum(0.1), "beta", 1.5, ValueError),
        (lambda: Adam(0.1), "betas", (0.9, 1.5), ValueError),
        (lambda: Adam(0.1), "eps", 0.0, ValueError),
    ],
)
def test_settings_changed_between_steps_are_checked_too(make, setting, bad, error):
    opt = make()
    w = np.ones(2)
    opt.step([w], [np.ones(2)])
    before = getattr(opt, setting)
    with pytest.raises(error, match=setting):
        setattr(opt, setting, bad)
    assert getattr(opt, setting) == before
    opt.lr = 0.5  # a schedule: allowed, and used by the next step
    stepped = w.copy()
    SGD(0.5).step([stepped], [np.ones(2)])
    if isinstance(opt, SGD):
        opt.step([w], [np.ones(2)])
        np.testing.assert_array_equal(w, stepped)


def test_constructor_type_errors():
    with pytest.raises(TypeError, match="lr"):
        SGD("0.1")
    with pytest.raises(TypeError, match="betas"):
        Adam(0.1, betas=0.9)


def test_step_and_batches_name_the_bad_argument():
    with pytest.raises(TypeError, match="params must be a list of arrays"):
        SGD(lr=0.1).step(None, [np.ones(2)])
    with pytest.raises(TypeError, match="grads must be a list of arrays"):
        SGD(lr=0.1).step([np.ones(2)], 3.0)
    with pytest.raises(ValueError, match="seed must be a non-negative integer, got -1"):
        batches(np.zeros((4, 2)), np.zeros(4), 2, seed=-1)


def test_a_setting_never_assigned_is_an_attribute_error():
    class Forgetful(SGD):
        def __init__(self):  # does not call super().__init__
            pass

    opt = Forgetful()
    assert not hasattr(opt, "lr")
    with pytest.raises(AttributeError, match="Forgetful has no lr set yet"):
        opt.lr  # noqa: B018


def test_optimizer_update_is_the_rule_without_checks():
    opt = Momentum(lr=0.1, beta=0.5)
    first = opt.update(np.array([1.0]))
    second = opt.update(np.array([1.0]))
    np.testing.assert_allclose([first[0], second[0]], [0.1, 0.15])  # v = 1, then 0.5 + 1


@pytest.mark.parametrize("make", [lambda: SGD(0.1), lambda: Momentum(0.1), lambda: Adam(0.1)])
def test_update_written_into_out_equals_the_returned_array(make):
    with_out, without = make(), make()
    grad = np.array([[1.0, -2.0], [0.5, 3.0]])
    for _ in range(3):
        out = np.full_like(grad, np.nan)
        written = with_out.update(grad, out=out)
        assert written is out
        np.testing.assert_array_equal(out, without.update(grad))


def test_step_keeps_gradients_untouched_and_takes_strided_or_float32_arrays():
    w, v = np.ones((3, 2)), np.ones(4, dtype=np.float32)
    grads = [np.arange(12.0).reshape(3, 4)[:, ::2], np.full(4, 2.0)]
    before = [g.copy() for g in grads]
    opt = SGD(0.5)
    for _ in range(2):
        opt.step([w, v], grads)
    np.testing.assert_array_equal(w, 1.0 - 2 * 0.5 * before[0])
    np.testing.assert_array_equal(v, np.full(4, -1.0, dtype=np.float32))
    for g, b in zip(grads, before, strict=True):
        np.testing.assert_array_equal(g, b)
