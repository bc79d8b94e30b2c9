"""Counting the calls of a function: what a method costs, in evaluations (chapters 2-4)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ._validate import require_callable


class Counted:
    """A function that counts how often it is called, to measure what a method costs.

    ``Counted(f)`` behaves like ``f`` and records its calls. A numerical derivative, a
    forward-mode pass or an optimiser can then be charged in evaluations of ``f``, the
    unit in which the book compares methods.

    Attributes
    ----------
    calls : int
        How many times the function was called.
    values : int
        How many function values it computed: a call whose first argument is a NumPy
        array of k numbers counts k (one vectorised call does the work of k), any other
        call counts 1.

    Examples
    --------
    >>> import numpy as np
    >>> import mlcalc as mc
    >>> f = mc.Counted(np.sin)
    >>> slope = mc.derivative(f, 1.0, method="forward")
    >>> f.calls
    2
    >>> _ = f(np.linspace(0.0, 1.0, 5))
    >>> f.calls, f.values
    (3, 7)
    """

    def __init__(self, f: Callable[..., Any]) -> None:
        self.f = require_callable(f, "f")
        self.calls = 0
        self.values = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        first = args[0] if args else None
        self.values += first.size if isinstance(first, np.ndarray) else 1
        return self.f(*args, **kwargs)

    def reset(self) -> None:
        """Set both counts back to 0."""
        self.calls = 0
        self.values = 0

    def __repr__(self) -> str:
        name = getattr(self.f, "__name__", type(self.f).__name__)
        return f"Counted({name}, calls={self.calls}, values={self.values})"
