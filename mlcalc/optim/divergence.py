"""The divergence watch: one value per step, stopped and warned about once when it blows up.

:func:`~mlcalc.optim.gradient_descent` watches its iterate and ``mc.nn.train`` its loss;
both stop the same way, with the same :class:`DivergenceWarning` naming the learning rate.
"""

from __future__ import annotations

import math
import sys
import warnings
from typing import Any

import numpy as np

__all__ = ["EXPLODE_FACTOR", "DivergenceWarning", "DivergenceWatch", "norm"]

#: A watched value explodes when its size exceeds ``EXPLODE_FACTOR * (1 + size of the first)``.
EXPLODE_FACTOR = 1e12
_LARGEST = float(np.finfo(np.float64).max)
_TINY_SQUARE = 1e-300  # below this a squared norm has lost digits to underflow


class DivergenceWarning(RuntimeWarning):
    """A run stopped early because its iterates or its loss blew up (learning rate too large)."""


def norm(v: np.ndarray) -> float:
    """The Euclidean norm of a flat vector, without overflow or underflow of the squares.

    ``sqrt(v.dot(v))`` unless the squares leave the range of floats (entries past 1e154 or
    below 1e-154); then the vector is scaled by its largest entry first. inf or NaN entries
    give inf or NaN. Call it under ``np.errstate(all="ignore")`` (the runs do): the first,
    fast attempt may overflow on the way.

    >>> with np.errstate(all="ignore"):
    ...     print(f"{norm(np.array([3e200, 4e200])):.6g}")
    5e+200
    """
    square = float(v.dot(v))
    if _TINY_SQUARE < square <= _LARGEST:
        return math.sqrt(square)
    largest_entry = float(np.max(np.abs(v))) if v.size else 0.0
    if largest_entry == 0.0 or not math.isfinite(largest_entry):
        return largest_entry if not np.isnan(v).any() else math.nan
    scaled = v / largest_entry
    return largest_entry * math.sqrt(float(scaled.dot(scaled)))


def _size(value: Any) -> float:
    """|value| for a number, the Euclidean norm for an array."""
    if type(value) is np.ndarray and value.ndim == 1 and value.dtype.kind == "f":
        return norm(value)
    if isinstance(value, float | int):
        return abs(float(value))
    return norm(np.ravel(np.asarray(value, dtype=np.float64)))


def _stacklevel_outside_mlcalc() -> int:
    """The ``stacklevel`` that makes a warning point at the first caller outside mlcalc."""
    frame = sys._getframe(1)  # the caller of this function is stacklevel 1
    level = 1
    while frame.f_back is not None and frame.f_globals.get("__name__", "").startswith("mlcalc"):
        frame = frame.f_back
        level += 1
    return level


class DivergenceWatch:
    r"""Watches one value per step of a run and says when the run has diverged.

    Interface (all of it)::

        watch = DivergenceWatch(first, lr=0.1, name="gradient descent", symbol="x")
        watch.check(value, step)   # True while value is fine; False (and a warning) else
        watch.check(value, step, moved=d)  # the same, told that |value - last| <= d
        watch.stop(reason, step)   # divergence seen elsewhere (f or the gradient blew up)
        watch.diverged, watch.reason

    ``value`` is a number (a loss) or an array (an iterate); its size is :math:`|v|` or the
    Euclidean norm. It has diverged when it is not finite (reason ``"x became inf or
    NaN"``) or when its size exceeds ``factor * (1 + size(first))`` (reason ``"|x| grew
    past 1e+12 * (1 + |x0|)"``); ``factor=None`` counts only non-finite values. The first
    divergence, from :meth:`check` or :meth:`stop`, issues one :class:`DivergenceWarning`

        ``"{name} diverged at {unit} {step} with lr={lr:g}: {reason}. The result stops at
        {unit} {step - 1}; try a smaller learning rate."``

    pointing at the user's call (the first frame outside mlcalc); later calls do nothing.
    ``check`` costs one dot product for an array; given ``moved``, a bound on how far the
    value moved since the last check (``lr * |g|`` for plain gradient descent), it keeps
    the bound :math:`|v_k| \le |v_{k-1}| + d` and measures the value only once that bound
    passes the limit: on a run that behaves, never (the benchmark page shows what the dot
    product would cost). It does not silence NumPy's overflow warning for an array whose
    squares overflow: run the loop under ``np.errstate(all="ignore")``, as
    :func:`~mlcalc.optim.gradient_descent` does.

    Examples
    --------
    >>> watch = DivergenceWatch(1.0, lr=2.0, name="demo")
    >>> watch.check(5.0, step=1)
    True
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     watch.check(float("inf"), step=2)
    False
    >>> watch.diverged, watch.reason, len(caught)
    (True, 'x became inf or NaN', 1)
    """

    def __init__(
        self,
        first: Any,
        *,
        lr: float,
        name: str = "gradient descent",
        symbol: str = "x",
        unit: str = "step",
        factor: float | None = EXPLODE_FACTOR,
    ) -> None:
        self.lr = lr
        self.name = name
        self.symbol = symbol
        self.unit = unit
        self.factor = factor
        with np.errstate(all="ignore"):
            start = _size(first)
        self.limit = _LARGEST if factor is None else min(factor * (1.0 + start), _LARGEST)
        self.bound = start  # an upper bound on the size of the last value checked
        self.diverged = False
        self.reason = ""

    def check(self, value: Any, step: int, moved: float | None = None) -> bool:
        """``True`` if ``value`` is finite and not exploding; else stop the run (warn once).

        ``moved``, if given, bounds ``|value - last value checked|``.
        """
        if moved is not None:
            self.bound += moved
            if self.bound <= self.limit:  # NaN and inf fail this test too
                return True
        size = self.bound = _size(value)
        if size <= self.limit:
            return True
        if math.isfinite(size) and np.all(np.isfinite(value)):
            factor = f"{self.factor:.0e}"
            reason = f"|{self.symbol}| grew past {factor} * (1 + |{self.symbol}0|)"
        else:
            reason = f"{self.symbol} became inf or NaN"
        self.stop(reason, step)
        return False

    def stop(self, reason: str, step: int) -> None:
        """Mark the run as diverged at ``step`` for ``reason`` and warn, the first time only."""
        if self.diverged:
            return
        self.diverged = True
        self.reason = reason
        warnings.warn(
            f"{self.name} diverged at {self.unit} {step} with lr={self.lr:g}: {reason}. The "
            f"result stops at {self.unit} {step - 1}; try a smaller learning rate.",
            DivergenceWarning,
            stacklevel=_stacklevel_outside_mlcalc(),
        )
