r"""Gradient descent and its variants: the update rules, a driver that records the path, batches.

Three update rules, each written once, as a small class with the conventions of
``torch.optim`` (so the two can be compared step by step):

* :class:`SGD`: :math:`\theta \leftarrow \theta - \alpha\, g`
* :class:`Momentum`: :math:`v \leftarrow \beta v + g,\ \theta \leftarrow \theta - \alpha v`
* :class:`Adam`: running means of :math:`g` and :math:`g^2`, bias-corrected.

:func:`gradient_descent` runs one of them on a function given by its gradient and keeps
every iterate, so a chapter can plot the path; :func:`batches` cuts a data set into the
batches of batch, stochastic and mini-batch gradient descent.
"""

from __future__ import annotations

import math
import warnings
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validate import (
    _describe,
    as_real_array,
    as_real_scalar,
    non_negative_int,
    one_of,
    positive_int,
    positive_real,
    require_callable,
    returned_reals,
)

__all__ = [
    "SGD",
    "Adam",
    "DescentResult",
    "DivergenceWarning",
    "Momentum",
    "Optimizer",
    "batches",
    "gradient_descent",
]

#: An iterate counts as exploding when ``‖x_k‖ > EXPLODE_FACTOR * (1 + ‖x_0‖)``.
EXPLODE_FACTOR = 1e12
_LARGEST = float(np.finfo(np.float64).max)
_TINY_SQUARE = 1e-300  # below this a squared norm has lost digits to underflow

METHODS = ("gd", "momentum", "adam")


class DivergenceWarning(RuntimeWarning):
    """Gradient descent stopped early because its iterates blew up (learning rate too large)."""


def _unit_interval(value: Any, name: str) -> float:
    """``value`` as a float in ``[0, 1)``: a decay rate for a running average."""
    result = as_real_scalar(value, name)
    if not 0.0 <= result < 1.0:
        raise ValueError(f"{name} must be in [0, 1), got {result}")
    return result


# --- update rules ----------------------------------------------------------------------


def _betas(betas: Any, name: str = "betas") -> tuple[float, float]:
    if isinstance(betas, str) or not isinstance(betas, Sequence) or len(betas) != 2:
        raise TypeError(f"{name} must be a pair (beta1, beta2), got {_describe(betas)}")
    return _unit_interval(betas[0], f"{name}[0]"), _unit_interval(betas[1], f"{name}[1]")


class _Setting:
    """An optimizer setting checked on every assignment, not only by the constructor.

    Settings may change between steps (a learning-rate schedule sets ``opt.lr``); a bad
    value is refused there with the same error as in the constructor.
    """

    def __init__(self, check: Callable[[Any, str], Any], doc: str) -> None:
        self.check = check
        self.__doc__ = doc

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        try:
            return obj.__dict__[self.name]
        except KeyError:
            raise AttributeError(f"{type(obj).__name__} has no {self.name} set yet") from None

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__[self.name] = self.check(value, self.name)


class Optimizer(ABC):
    """Base of the update rules: checks ``params`` and ``grads``, keeps state per parameter.

    ``step(params, grads)`` updates each array of ``params`` in place. State (velocity,
    running means) belongs to the position of a parameter in the list, so pass the
    parameters in the same order every time. The settings (``lr`` and the like) may be
    changed between steps, a learning-rate schedule for instance; they are checked on
    every assignment, not only by the constructor.
    """

    lr = _Setting(positive_real, "The learning rate, a positive number.")

    def __init__(self, lr: float) -> None:
        self.lr = lr
        self._shapes: dict[int, tuple[int, ...]] = {}

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        """Update every array in ``params`` in place, using the matching entry of ``grads``."""
        if isinstance(params, np.ndarray) or isinstance(grads, np.ndarray):
            raise TypeError(
                "params and grads must be lists of arrays, e.g. step([w, b], [dw, db]); "
                "wrap a single array in a list: step([w], [dw])"
            )
        for name, value in (("params", params), ("grads", grads)):
            if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
                raise TypeError(
                    f"{name} must be a list of arrays, e.g. step([w, b], [dw, db]); "
                    f"got {_describe(value)}"
                )
        params, grads = list(params), list(grads)
        if len(params) != len(grads):
            raise ValueError(
                f"params and grads must have the same length, got {len(params)} params "
                f"and {len(grads)} grads"
            )
        checked = []
        for i, (param, grad) in enumerate(zip(params, grads, strict=True)):
            if not isinstance(param, np.ndarray) or param.dtype.kind != "f":
                raise TypeError(
                    f"params[{i}] must be a NumPy array of floats (updated in place), "
                    f"got {_describe(param)}"
                )
            if not param.flags.writeable:
                raise ValueError(f"params[{i}] is read-only and cannot be updated in place")
            grad_arr = as_real_array(grad, f"grads[{i}]", finite=False, allow_empty=True)
            if grad_arr.shape != param.shape:
                raise ValueError(
                    f"grads[{i}] has shape {grad_arr.shape} but params[{i}] has shape "
                    f"{param.shape}; each gradient must be shaped like its parameter"
                )
            if not np.all(np.isfinite(grad_arr)):
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
            checked.append((param, grad_arr))
        for i, (param, grad_arr) in enumerate(checked):
            param -= self._delta(i, grad_arr)

    @abstractmethod
    def _delta(self, index: int, grad: np.ndarray) -> np.ndarray:
        """The rule: advance the state of parameter ``index`` and return the amount to
        subtract from it (``grad`` already checked)."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(lr={self.lr:g})"


class SGD(Optimizer):
    r"""Plain gradient descent: :math:`\theta \leftarrow \theta - \alpha\, g`.

    >>> w = np.array([1.0, -2.0])
    >>> SGD(lr=0.1).step([w], [2 * w])
    >>> w
    array([ 0.8, -1.6])
    """

    def _delta(self, index: int, grad: np.ndarray) -> np.ndarray:
        return self.lr * grad


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

    beta = _Setting(_unit_interval, "The momentum coefficient, in [0, 1).")

    def __init__(self, lr: float, beta: float = 0.9) -> None:
        super().__init__(lr)
        self.beta = beta
        self._velocity: dict[int, np.ndarray] = {}

    def _delta(self, index: int, grad: np.ndarray) -> np.ndarray:
        velocity = self._velocity.get(index)
        if velocity is None:
            velocity = self._velocity[index] = grad.astype(np.float64, copy=True)
        else:
            velocity *= self.beta
            velocity += grad
        return self.lr * velocity

    def __repr__(self) -> str:
        return f"Momentum(lr={self.lr:g}, beta={self.beta:g})"


class Adam(Optimizer):
    r"""Adam, as ``torch.optim.Adam`` (bias-corrected running moments).

    At step :math:`t`, with :math:`\beta_1, \beta_2` = ``betas``:

    .. math::
        m \leftarrow \beta_1 m + (1-\beta_1)\, g, \qquad
        v \leftarrow \beta_2 v + (1-\beta_2)\, g^2, \\
        \theta \leftarrow \theta - \frac{\alpha}{1-\beta_1^t}\,
        \frac{m}{\sqrt{v}/\sqrt{1-\beta_2^t} + \epsilon}

    Each coordinate gets its own step size, about :math:`\alpha` in size whatever the
    scale of its gradient.

    >>> w = np.array([5.0, -0.001])
    >>> Adam(lr=0.1).step([w], [np.array([100.0, -1.0])])
    >>> w  # both coordinates move by about lr
    array([4.9  , 0.099])
    """

    betas = _Setting(_betas, "The decay rates of the running means of g and of g², each in [0, 1).")
    eps = _Setting(positive_real, "Added to the root of the running mean of g²: positive.")

    def __init__(
        self, lr: float, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8
    ) -> None:
        super().__init__(lr)
        self.betas = betas
        self.eps = eps
        self._moments: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._counts: dict[int, int] = {}

    def _delta(self, index: int, grad: np.ndarray) -> np.ndarray:
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
        return step_size * (mean / denom)

    def __repr__(self) -> str:
        return f"Adam(lr={self.lr:g}, betas={self.betas}, eps={self.eps:g})"


# --- gradient descent with a recorded path ---------------------------------------------


@dataclass(frozen=True, repr=False)
class DescentResult:
    """What :func:`gradient_descent` found, and how it got there.

    Attributes
    ----------
    x : float or numpy.ndarray
        The last accepted iterate, shaped like ``x0`` (a float when ``x0`` is a number).
    path : numpy.ndarray
        Every iterate ``x_0, ..., x_k``, one flattened row each: shape ``(k + 1, n)``.
    values : numpy.ndarray or None
        ``f`` at each row of ``path`` (shape ``(k + 1,)``) when ``f`` was given.
    n_steps : int
        Number of steps taken, ``k = len(path) - 1``.
    converged : bool
        ``True`` when the gradient norm at ``x`` is at most ``tol``.
    diverged : bool
        ``True`` when the run was stopped because an iterate blew up; ``path`` and ``x``
        then end at the last iterate before it.
    grad_norm : float
        The gradient norm :math:`\\|\\nabla f(x)\\|_2` at the returned ``x``.
    """

    x: float | np.ndarray
    path: np.ndarray
    values: np.ndarray | None
    n_steps: int
    converged: bool
    diverged: bool
    grad_norm: float

    def __repr__(self) -> str:
        # Short on purpose: a notebook shows a summary, not a thousand-row path.
        if isinstance(self.x, float):
            x = f"{self.x:.6g}"
            x = x if any(c in x for c in ".en") else f"{x}.0"  # 3.0 stays a float: "3.0"
        else:
            x = np.array2string(self.x, precision=6, threshold=6)
        return (
            f"DescentResult(x={x}, n_steps={self.n_steps}, converged={self.converged}, "
            f"diverged={self.diverged}, grad_norm={self.grad_norm:.3g}, "
            f"path: {self.path.shape[0]} iterates)"
        )


def _make_optimizer(method: str, lr: float, momentum: Any, betas: Any) -> SGD | Momentum | Adam:
    # Both are checked whatever the method, so a mistyped value never passes unnoticed.
    beta = _unit_interval(momentum, "momentum")
    betas = _betas(betas)
    if method == "momentum":
        return Momentum(lr, beta=beta)
    if method == "adam":
        return Adam(lr, betas=betas)
    return SGD(lr)


def _norm(v: np.ndarray) -> float:
    """The Euclidean norm of a flat vector, without overflow or underflow of the squares.

    ``sqrt(v.dot(v))`` is the fast path; past 1e154 (or below 1e-154) the squares leave
    the range of floats, and the vector is scaled by its largest entry first. inf or NaN
    entries give inf or NaN.
    """
    square = float(v.dot(v))
    if _TINY_SQUARE < square <= _LARGEST:
        return math.sqrt(square)
    largest_entry = float(np.max(np.abs(v))) if v.size else 0.0
    if largest_entry == 0.0 or not math.isfinite(largest_entry):
        return largest_entry if not np.isnan(v).any() else math.nan
    scaled = v / largest_entry
    return largest_entry * math.sqrt(float(scaled.dot(scaled)))


def gradient_descent(
    grad: Callable[[Any], Any],
    x0: Any,
    *,
    lr: float,
    steps: int = 1000,
    tol: float = 1e-8,
    f: Callable[[Any], Any] | None = None,
    method: str = "gd",
    momentum: float = 0.9,
    betas: tuple[float, float] = (0.9, 0.999),
) -> DescentResult:
    r"""Minimise a function from its gradient, keeping every iterate.

    With ``method="gd"`` each step is

    .. math:: x_{k+1} = x_k - \alpha\, \nabla f(x_k),

    ``"momentum"`` and ``"adam"`` use the rules of :class:`Momentum` (with
    ``beta=momentum``) and :class:`Adam` (with ``betas``). The run stops when
    :math:`\|\nabla f(x_k)\|_2 \le` ``tol`` (``converged``), after ``steps`` steps, or when
    it diverges.

    A learning rate that is too large makes the iterates blow up. The run then stops at
    the first iterate that is not finite, or whose norm exceeds
    :math:`10^{12}\,(1 + \|x_0\|_2)`, or where ``f`` (when given) or the gradient is not
    finite. That iterate is dropped, ``diverged`` is set, and a :class:`DivergenceWarning`
    naming the learning rate is issued: the result never holds inf or NaN.

    Parameters
    ----------
    grad : callable
        ``grad(x)`` returns the gradient at ``x``, shaped like ``x0`` (``x`` is a float when
        ``x0`` is a number, else an array shaped like ``x0``).
    x0 : float or array_like
        The starting point.
    lr : float
        The learning rate :math:`\alpha > 0`.
    steps : int
        The largest number of steps to take (0 just evaluates the start).
    tol : float
        Stop once the gradient norm is at most ``tol`` (with ``0``, only where the gradient
        vanishes, in floating point).
    f : callable, optional
        The function itself; when given, its values along the path are recorded.
    method : str
        ``"gd"`` (plain gradient descent), ``"momentum"`` or ``"adam"``.
    momentum : float
        :math:`\beta` of the momentum method, in ``[0, 1)``.
    betas : (float, float)
        :math:`(\beta_1, \beta_2)` of Adam, each in ``[0, 1)``.

    Returns
    -------
    DescentResult
        Fields ``x``, ``path`` (shape ``(k + 1, n)``), ``values``, ``n_steps``,
        ``converged``, ``diverged``, ``grad_norm``.

    Examples
    --------
    Minimise :math:`f(x) = (x - 3)^2`, whose gradient is :math:`2(x - 3)`:

    >>> result = gradient_descent(lambda x: 2 * (x - 3), 0.0, lr=0.1)
    >>> round(result.x, 6), result.converged
    (3.0, True)
    """
    require_callable(grad, "grad")
    if f is not None:
        require_callable(f, "f")
    lr = positive_real(lr, "lr")
    steps = non_negative_int(steps, "steps")
    tol = as_real_scalar(tol, "tol")
    if tol < 0:
        raise ValueError(f"tol must be non-negative, got {tol}")
    method = one_of(method, "method", METHODS)
    optimizer = _make_optimizer(method, lr, momentum, betas)
    start = as_real_array(x0, "x0")

    shape = start.shape
    n = start.size
    scalar = start.ndim == 0
    flat = start.ndim == 1
    float64 = np.dtype(np.float64)

    def point(row: np.ndarray) -> Any:
        """The iterate as the user's functions see it: a float, or an array like ``x0``."""
        return float(row[0]) if scalar else row if flat else row.reshape(shape)

    def as_flat_gradient(g: Any, step: int) -> np.ndarray:
        where = "x0" if step == 0 else f"the iterate of step {step}"
        g_arr = returned_reals(g, "grad must return numbers shaped like x0", f" at {where}")
        if g_arr.shape != shape:
            raise ValueError(
                f"grad must return an array shaped like x0, {shape}, got shape {g_arr.shape} "
                f"at {where}"
            )
        return g_arr.reshape(n)

    def value_at(x: Any) -> float:
        value = f(x)  # type: ignore[misc]
        number = returned_reals(value, "f must return a real number")
        if number.size != 1:
            raise TypeError(f"f must return a real number, got {_describe(value)}")
        return float(number.reshape(()))

    # Rows are preallocated (and doubled if a long run needs more) so that keeping the
    # path costs one write per step.
    capacity = min(steps + 1, max(16, 2**22 // n))
    path = np.empty((capacity, n))
    path[0] = start.reshape(n)
    values = np.empty(capacity) if f is not None else None

    # x_bound is an upper bound on |x_k| kept by the triangle inequality,
    # |x_{k+1}| <= |x_k| + |step|, where |step| is known without touching the vector:
    # lr |g| for plain descent, lr |v| with |v_k| <= beta |v_{k-1}| + |g_k| for momentum.
    # The exact norm is computed only when the bound passes the limit, so the divergence
    # check costs nothing on a run that behaves. Adam's step has no cheap bound: its
    # iterates are measured every step.
    with np.errstate(all="ignore"):
        x_bound = _norm(path[0])
    largest = _LARGEST
    limit = min(EXPLODE_FACTOR * (1.0 + x_bound), largest)
    velocity_bound = 0.0
    beta = optimizer.beta if isinstance(optimizer, Momentum) else 0.0
    delta = optimizer._delta
    subtract = np.subtract
    ndarray = np.ndarray
    plain = method == "gd"
    previous = path[0]
    sqrt = math.sqrt

    k = 0
    converged = False
    failure = ""
    with np.errstate(all="ignore"):
        g = as_flat_gradient(grad(point(path[0])), 0)
        if not np.all(np.isfinite(g)):
            raise ValueError(f"grad(x0) must be finite, got {g.reshape(shape)!r}")
        if values is not None:
            values[0] = value_at(point(path[0]))
            if not math.isfinite(values[0]):
                raise ValueError(f"f(x0) must be finite, got {values[0]}")
        g_norm = _norm(g)

        while True:
            if g_norm <= tol:
                converged = True
                break
            if k == steps:
                break
            if k + 1 == capacity:
                capacity = min(steps + 1, 2 * capacity)
                path = np.concatenate([path, np.empty((capacity - len(path), n))])
                previous = path[k]
                if values is not None:
                    values = np.concatenate([values, np.empty(capacity - len(values))])
            row = path[k + 1]
            subtract(previous, delta(0, g), out=row)

            if plain:
                x_bound += lr * g_norm
            elif method == "momentum":
                velocity_bound = beta * velocity_bound + g_norm
                x_bound += lr * velocity_bound
            else:
                x_bound = math.inf
            if not x_bound <= limit:
                x_bound = _norm(row)
                if not x_bound <= limit:  # NaN fails this test too
                    if np.all(np.isfinite(row)):
                        failure = f"|x| grew past {EXPLODE_FACTOR:.0e} * (1 + |x0|)"
                    else:
                        failure = "x became inf or NaN"
                    break

            x = row if flat else point(row)
            if values is not None:
                value = value_at(x)
                if not math.isfinite(value):
                    failure = f"f(x) became {value}"
                    break
                values[k + 1] = value
            g = grad(x)
            if type(g) is not ndarray or g.dtype is not float64 or g.shape != shape or not flat:
                g = as_flat_gradient(g, k + 1)
            square = float(g.dot(g))
            # _norm's fast path, inlined: this loop is timed against a bare NumPy loop.
            new_norm = sqrt(square) if _TINY_SQUARE < square <= largest else _norm(g)
            if not new_norm <= largest:
                failure = "the gradient became inf or NaN"
                break
            g_norm = new_norm
            previous = row
            k += 1

    if failure:
        name = "gradient descent" if method == "gd" else f"gradient descent ({method})"
        warnings.warn(
            f"{name} diverged at step {k + 1} with lr={lr:g}: {failure}. The result stops "
            f"at step {k}; try a smaller learning rate.",
            DivergenceWarning,
            stacklevel=2,
        )

    used = k + 1
    path = path[:used].copy() if used < len(path) else path
    if values is not None:
        values = values[:used].copy() if used < len(values) else values
    x_final: float | np.ndarray = float(path[k, 0]) if scalar else path[k].reshape(shape).copy()
    return DescentResult(
        x=x_final,
        path=path,
        values=values,
        n_steps=k,
        converged=converged,
        diverged=bool(failure),
        grad_norm=g_norm,
    )


# --- batches ---------------------------------------------------------------------------


def batches(
    X: Any,
    y: Any,
    batch_size: int,
    *,
    shuffle: bool = True,
    seed: int | np.random.Generator | None = None,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Cut ``(X, y)`` into batches that cover every row exactly once: one epoch.

    ``batch_size = len(X)`` gives batch gradient descent (one batch), ``1`` stochastic
    gradient descent (one row at a time), anything between mini-batch gradient descent.
    When ``batch_size`` does not divide ``len(X)`` the last batch is smaller (the
    remainder), so no row is dropped or repeated.

    Rows are shuffled with ``np.random.default_rng(seed)``: the same integer seed gives the
    same order on every call. For a fresh order each epoch, pass one ``Generator`` and
    reuse it (or pass the epoch number as the seed). Batches are copies of the rows.

    Parameters
    ----------
    X : array_like, shape (n, ...)
    y : array_like, shape (n, ...)
    batch_size : int
        Between 1 and ``len(X)``.
    shuffle : bool
        Visit the rows in a random order (``False``: in their stored order).
    seed : int, numpy.random.Generator or None

    Yields
    ------
    (X_batch, y_batch)

    Examples
    --------
    >>> X, y = np.arange(10.0).reshape(5, 2), np.arange(5.0)
    >>> [len(yb) for _, yb in batches(X, y, 2, seed=0)]
    [2, 2, 1]
    """
    X_arr = as_real_array(X, "X")
    y_arr = as_real_array(y, "y")
    if X_arr.ndim == 0 or y_arr.ndim == 0:
        raise ValueError(
            f"X and y must have one row per example, got shapes {X_arr.shape} and {y_arr.shape}"
        )
    n = len(X_arr)
    if len(y_arr) != n:
        raise ValueError(f"X and y must have the same number of rows, got {n} and {len(y_arr)}")
    batch_size = positive_int(batch_size, "batch_size")
    if batch_size > n:
        raise ValueError(
            f"batch_size must be at most len(X) = {n} (that is batch gradient descent), "
            f"got {batch_size}"
        )
    if not isinstance(shuffle, bool | np.bool_):
        raise TypeError(f"shuffle must be True or False, got {_describe(shuffle)}")
    if seed is not None and not isinstance(seed, np.random.Generator):
        if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
            raise TypeError(
                f"seed must be a non-negative integer, a numpy Generator or None, "
                f"got {_describe(seed)}"
            )
        if seed < 0:
            raise ValueError(f"seed must be a non-negative integer, got {seed}")
    order = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)

    def generate() -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for start in range(0, n, batch_size):
            rows = order[start : start + batch_size]
            yield X_arr[rows], y_arr[rows]

    return generate()
