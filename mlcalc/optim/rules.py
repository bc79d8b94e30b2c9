r"""The update rules, each written once with the conventions of ``torch.optim``.

* :class:`SGD`: :math:`\theta \leftarrow \theta - \alpha\, g`
* :class:`Momentum`: :math:`v \leftarrow \beta v + g,\ \theta \leftarrow \theta - \alpha v`
* :class:`Adam`: running means of :math:`g` and :math:`g^2`, bias-corrected.

``opt.step(params, grads)`` checks its arguments and updates the arrays in place;
``opt.update(grad, index, out=None)`` is the rule alone (no checks), for drivers such as
:func:`~mlcalc.optim.gradient_descent` that check their own arrays.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import numpy as np

from .._validate import as_real_array, describe, positive_real, unit_interval, unit_interval_pair

__all__ = ["SGD", "Adam", "Momentum", "Optimizer"]


class Optimizer(ABC):
    """Base of the update rules: checks ``params`` and ``grads``, keeps state per parameter.

    ``step(params, grads)`` updates each array of ``params`` in place. State (velocity,
    running means) belongs to the position of a parameter in the list, so pass the
    parameters in the same order every time. The settings (``lr`` and the like) may be
    changed between steps, a learning-rate schedule for instance; they are checked on
    every assignment, not only by the constructor.

    Attributes
    ----------
    lr : float
        The learning rate, a positive number.
    """

    # Each setting and its check, applied on every assignment (``__setattr__``) with the
    # constructor's error. Reading a setting is then a plain attribute lookup: a
    # descriptor's ``__get__`` cost a quarter of a microsecond on every step.
    _settings: ClassVar[dict[str, Callable[[Any, str], Any]]] = {"lr": positive_real}

    def __setattr__(self, name: str, value: Any) -> None:
        check = self._settings.get(name)
        super().__setattr__(name, value if check is None else check(value, name))

    def __getattr__(self, name: str) -> Any:
        # Reached only when an attribute is missing: say so for a setting never assigned.
        if name in type(self)._settings:
            raise AttributeError(f"{type(self).__name__} has no {name} set yet")
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __init__(self, lr: float) -> None:
        self.lr = lr
        self._shapes: dict[int, tuple[int, ...]] = {}

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        """Update every array in ``params`` in place, using the matching entry of ``grads``.

        Every pair is checked before any array changes, so a bad gradient in the last
        position leaves all parameters as they were.
        """
        checked = [
            self._checked(i, param, grad) for i, (param, grad) in enumerate(_pairs(params, grads))
        ]
        for i, (param, grad) in enumerate(checked):
            # (a preallocated array for the update, out=..., measured no faster here: a
            # freed temporary of the same size is handed back by the allocator at once)
            param -= self.update(grad, i)

    def _checked(self, i: int, param: Any, grad: Any) -> tuple[np.ndarray, np.ndarray]:
        """Parameter ``i`` and its gradient, checked: float arrays of one shape, finite."""
        if not isinstance(param, np.ndarray) or param.dtype.kind != "f":
            raise TypeError(
                f"params[{i}] must be a NumPy array of floats (updated in place), "
                f"got {describe(param)}"
            )
        if not param.flags.writeable:
            raise ValueError(f"params[{i}] is read-only and cannot be updated in place")
        if type(grad) is np.ndarray and grad.dtype == np.float64:
            grad_arr = grad  # the usual case, nothing to convert: spared a call on every step
        else:
            grad_arr = as_real_array(grad, f"grads[{i}]", finite=False, allow_empty=True)
        if grad_arr.shape != param.shape:
            raise ValueError(
                f"grads[{i}] has shape {grad_arr.shape} but params[{i}] has shape "
                f"{param.shape}; each gradient must be shaped like its parameter"
            )
        if not np.isfinite(grad_arr).all():
            raise ValueError(
                f"grads[{i}] contains inf or NaN: training has probably diverged; "
                "try a smaller learning rate"
            )
        known = self._shapes.setdefault(i, param.shape)
        if known != param.shape:
            raise ValueError(
                f"params[{i}] had shape {known} in an earlier step and now has shape "
                f"{param.shape}; use a new optimizer for a new set of parameters"
            )
        return param, grad_arr

    @abstractmethod
    def update(
        self, grad: np.ndarray, index: int = 0, *, out: np.ndarray | None = None
    ) -> np.ndarray:
        """The rule alone: advance the state of parameter ``index`` by one step and return
        the amount to subtract from it, :math:`\\theta \\leftarrow \\theta - ` ``update``.

        ``grad`` must be a finite float array shaped like the parameter: nothing is checked
        here (:meth:`~mlcalc.optim.Optimizer.step` checks, then calls this). The amount is
        written into ``out`` when given (a float64 array shaped like ``grad``), else into a
        new array.
        """

    def __repr__(self) -> str:
        return f"{type(self).__name__}(lr={self.lr:g})"


def _pairs(params: Any, grads: Any) -> list[tuple[Any, Any]]:
    """``params`` and ``grads`` as a list of pairs, or a TypeError/ValueError saying why not."""
    if isinstance(params, np.ndarray) or isinstance(grads, np.ndarray):
        raise TypeError(
            "params and grads must be lists of arrays, e.g. step([w, b], [dw, db]); "
            "wrap a single array in a list: step([w], [dw])"
        )
    for name, value in (("params", params), ("grads", grads)):
        if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
            raise TypeError(
                f"{name} must be a list of arrays, e.g. step([w, b], [dw, db]); "
                f"got {describe(value)}"
            )
    params, grads = list(params), list(grads)
    if len(params) != len(grads):
        raise ValueError(
            f"params and grads must have the same length, got {len(params)} params "
            f"and {len(grads)} grads"
        )
    return list(zip(params, grads, strict=True))


class SGD(Optimizer):
    r"""Plain gradient descent: :math:`\theta \leftarrow \theta - \alpha\, g`.

    >>> w = np.array([1.0, -2.0])
    >>> SGD(lr=0.1).step([w], [2 * w])
    >>> w
    array([ 0.8, -1.6])
    """

    def update(
        self, grad: np.ndarray, index: int = 0, *, out: np.ndarray | None = None
    ) -> np.ndarray:
        return np.multiply(grad, self.lr, out=out)


class Momentum(Optimizer):
    r"""Gradient descent with momentum, as ``torch.optim.SGD(momentum=beta)``.

    .. math:: v \leftarrow \beta\, v + g, \qquad \theta \leftarrow \theta - \alpha\, v

    with :math:`v = g` at the first step. The velocity :math:`v` sums past gradients with
    weights :math:`\beta^j`, so steady slopes speed up and zig-zags cancel.

    >>> w = np.array([1.0])
    >>> opt = Momentum(lr=0.1, beta=0.9)
    >>> opt.step([w], [np.array([1.0])]); opt.step([w], [np.array([1.0])])
    >>> w  # steps of 0.1 then 0.19
    array([0.71])
    """

    _settings: ClassVar[dict[str, Callable[[Any, str], Any]]] = {
        **Optimizer._settings,
        "beta": unit_interval,  # the momentum coefficient, in [0, 1)
    }

    def __init__(self, lr: float, beta: float = 0.9) -> None:
        super().__init__(lr)
        self.beta = beta
        self._velocity: dict[int, np.ndarray] = {}

    def update(
        self, grad: np.ndarray, index: int = 0, *, out: np.ndarray | None = None
    ) -> np.ndarray:
        velocity = self._velocity.get(index)
        if velocity is None:
            velocity = self._velocity[index] = grad.astype(np.float64, copy=True)
        else:
            velocity *= self.beta
            velocity += grad
        return np.multiply(velocity, self.lr, out=out)

    def __repr__(self) -> str:
        return f"Momentum(lr={self.lr:g}, beta={self.beta:g})"


class Adam(Optimizer):
    r"""Adam, as ``torch.optim.Adam`` (bias-corrected running moments).

    At step :math:`t`, with :math:`\beta_1, \beta_2` = ``betas``:

    .. math::
        m \leftarrow \beta_1 m + (1-\beta_1)\, g, \qquad
        v \leftarrow \beta_2 v + (1-\beta_2)\, g^2, \\
        \theta \leftarrow \theta - \frac{\alpha}{1-\beta_1^t}\,
        \frac{m}{\sqrt{v}/\sqrt{1-\beta_2^t} + \text{eps}}

    Each coordinate gets its own step size, about :math:`\alpha` in size whatever the
    scale of its gradient.

    >>> w = np.array([5.0, -0.001])
    >>> Adam(lr=0.1).step([w], [np.array([100.0, -1.0])])
    >>> w  # both coordinates move by about lr
    array([4.9  , 0.099])
    """

    _settings: ClassVar[dict[str, Callable[[Any, str], Any]]] = {
        **Optimizer._settings,
        "betas": unit_interval_pair,  # decay rates of the means of g and g², each in [0, 1)
        "eps": positive_real,  # added to the root of the running mean of g²: positive
    }

    def __init__(
        self, lr: float, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8
    ) -> None:
        super().__init__(lr)
        self.betas = betas
        self.eps = eps
        self._moments: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._counts: dict[int, int] = {}

    def update(
        self, grad: np.ndarray, index: int = 0, *, out: np.ndarray | None = None
    ) -> np.ndarray:
        beta1, beta2 = self.betas
        state = self._moments.get(index)
        if state is None:
            state = self._moments[index] = (np.zeros(grad.shape), np.zeros(grad.shape))
        mean, mean_sq = state
        t = self._counts[index] = self._counts.get(index, 0) + 1
        mean *= beta1
        mean += (1.0 - beta1) * grad
        mean_sq *= beta2
        mean_sq += (1.0 - beta2) * (grad * grad)
        step_size = self.lr / (1.0 - beta1**t)
        denom = np.sqrt(mean_sq) / (1.0 - beta2**t) ** 0.5
        denom += self.eps
        return np.multiply(mean / denom, step_size, out=out)

    def __repr__(self) -> str:
        return f"Adam(lr={self.lr:g}, betas={self.betas}, eps={self.eps:g})"
