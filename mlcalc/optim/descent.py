r"""Gradient descent on a function given by its gradient, keeping every iterate.

:func:`gradient_descent` is a short loop over three named parts: an optimiser's
:meth:`~mlcalc.optim.Optimizer.update` (the rule), a :class:`PathRecorder` (the iterates
and the values of f) and a :class:`~mlcalc.optim.DivergenceWatch` (stop and warn when the
iterates blow up).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._validate import (
    as_real_array,
    as_real_scalar,
    describe,
    non_negative_int,
    one_of,
    positive_real,
    require_callable,
    returned_reals,
    unit_interval,
    unit_interval_pair,
)
from .divergence import DivergenceWatch, norm
from .rules import SGD, Adam, Momentum, Optimizer

__all__ = ["METHODS", "DescentResult", "PathRecorder", "gradient_descent"]

METHODS = ("gd", "momentum", "adam")
_FLOAT64 = np.dtype(np.float64)


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


class PathRecorder:
    """The iterates of a run, one flattened row each, and f's value at each when wanted.

    ``next_row()`` is the row to write the next iterate into; ``keep(value)`` accepts it.
    Rows are preallocated and doubled when a long run needs more, so keeping the path
    costs one write per step.
    """

    def __init__(self, start: np.ndarray, max_steps: int, first_value: float | None) -> None:
        n = start.size
        self.max_rows = max_steps + 1
        capacity = min(self.max_rows, max(16, 2**22 // n))
        self.rows = np.empty((capacity, n))
        self.rows[0] = start.ravel()
        self.values = None if first_value is None else np.empty(capacity)
        if self.values is not None:
            self.values[0] = first_value
        self.n_steps = 0

    @property
    def last(self) -> np.ndarray:
        """The last kept iterate."""
        return self.rows[self.n_steps]

    def next_row(self) -> np.ndarray:
        """The (writable) row after the last kept one, growing the storage if needed."""
        if self.n_steps + 1 == len(self.rows):
            more = min(self.max_rows, 2 * len(self.rows)) - len(self.rows)
            self.rows = np.concatenate([self.rows, np.empty((more, self.rows.shape[1]))])
            if self.values is not None:
                self.values = np.concatenate([self.values, np.empty(more)])
        return self.rows[self.n_steps + 1]

    def keep(self, value: float | None = None) -> None:
        """Accept the row written into :meth:`next_row` (and f's value there)."""
        self.n_steps += 1
        if self.values is not None:
            self.values[self.n_steps] = value

    def path(self) -> tuple[np.ndarray, np.ndarray | None]:
        """The kept rows, shape ``(k + 1, n)``, and the kept values (or ``None``)."""
        used = self.n_steps + 1
        rows = self.rows[:used].copy() if used < len(self.rows) else self.rows
        if self.values is None:
            return rows, None
        return rows, self.values[:used].copy() if used < len(self.values) else self.values


def _make_optimizer(method: str, lr: float, momentum: Any, betas: Any) -> Optimizer:
    # Both are checked whatever the method, so a mistyped value never passes unnoticed.
    beta = unit_interval(momentum, "momentum")
    beta_pair = unit_interval_pair(betas, "betas")
    if method == "momentum":
        return Momentum(lr, beta=beta)
    if method == "adam":
        return Adam(lr, betas=beta_pair)
    return SGD(lr)


class _Problem:
    """The user's ``grad`` and ``f`` called at rows of the path, their output checked."""

    def __init__(self, grad: Callable[[Any], Any], f: Any, shape: tuple[int, ...]) -> None:
        self.grad, self.f, self.shape = grad, f, shape
        self.size = math.prod(shape)
        self.flat = len(shape) == 1  # rows are the iterates themselves

    def point(self, row: np.ndarray) -> Any:
        """The iterate as the user's functions see it: a float, or an array like ``x0``."""
        if self.flat:
            return row
        return float(row[0]) if not self.shape else row.reshape(self.shape)

    def gradient(self, row: np.ndarray, step: int) -> np.ndarray:
        """grad at the iterate ``row``, as a flat float64 vector, or an error naming the step."""
        g = self.grad(row if self.flat else self.point(row))
        # The usual case, tested first and cheaply (`is`: a float64 dtype is one object).
        if type(g) is np.ndarray and g.dtype is _FLOAT64 and g.shape == self.shape:
            return g if self.flat else g.reshape(self.size)
        where = "x0" if step == 0 else f"the iterate of step {step}"
        g = returned_reals(g, "grad must return numbers shaped like x0", f" at {where}")
        if g.shape != self.shape:
            raise ValueError(
                f"grad must return an array shaped like x0, {self.shape}, got shape {g.shape} "
                f"at {where}"
            )
        return g.reshape(self.size)

    def value(self, row: np.ndarray) -> float:
        """f at the iterate ``row``, as a float, or a TypeError."""
        value = self.f(self.point(row))
        number = returned_reals(value, "f must return a real number")
        if number.size != 1:
            raise TypeError(f"f must return a real number, got {describe(value)}")
        return float(number.reshape(()))


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
    finite (a :class:`~mlcalc.optim.DivergenceWatch`). That iterate is dropped,
    ``diverged`` is set, and a :class:`DivergenceWarning` naming the learning rate is
    issued: the result never holds inf or NaN.

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
    problem = _Problem(grad, f, start.shape)
    name = "gradient descent" if method == "gd" else f"gradient descent ({method})"
    watch = DivergenceWatch(start, lr=lr, name=name)

    with np.errstate(all="ignore"):
        first = start.reshape(problem.size)
        g = problem.gradient(first, 0)
        if not np.all(np.isfinite(g)):
            raise ValueError(f"grad(x0) must be finite, got {g.reshape(start.shape)!r}")
        value = None if f is None else problem.value(first)
        if value is not None and not math.isfinite(value):
            raise ValueError(f"f(x0) must be finite, got {value}")
        recorder = PathRecorder(start, steps, value)
        row = recorder.last
        g_norm = norm(g)
        plain = method == "gd"
        for step in range(1, steps + 1):
            if g_norm <= tol:
                break
            new_row = recorder.next_row()
            # The update is written straight into the path's next row: no temporary array.
            np.subtract(row, optimizer.update(g, out=new_row), out=new_row)
            # plain descent moves by exactly lr |g|: the watch need not measure the iterate
            if not watch.check(new_row, step, lr * g_norm if plain else None):
                break
            if f is not None:
                value = problem.value(new_row)
                if not math.isfinite(value):
                    watch.stop(f"f(x) became {value}", step)
                    break
            g = problem.gradient(new_row, step)
            new_norm = norm(g)
            if not math.isfinite(new_norm):
                watch.stop("the gradient became inf or NaN", step)
                break
            recorder.keep(value)
            row, g_norm = new_row, new_norm

    path, values = recorder.path()
    last = path[recorder.n_steps]
    return DescentResult(
        x=float(last[0]) if start.ndim == 0 else last.reshape(start.shape).copy(),
        path=path,
        values=values,
        n_steps=recorder.n_steps,
        converged=g_norm <= tol,
        diverged=watch.diverged,
        grad_norm=g_norm,
    )
