"""Numbers or arrays: the helpers that let each algorithm be written once for both.

The algorithms of this package run on plain Python floats (a scalar x: fast, and f need
not accept arrays) or on NumPy arrays (an array x, or the m outputs of one column of a
Jacobian). A comparison of floats gives a bool and of arrays an array, so these helpers
tell the two apart by the type of the condition.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def pick(condition: Any, a: Any, b: Any) -> Any:
    if isinstance(condition, bool | np.bool_):
        return a if condition else b
    return np.where(condition, a, b)


def negate(mask: Any) -> Any:
    return (not mask) if isinstance(mask, bool | np.bool_) else ~mask


def all_of(mask: Any) -> bool:
    return bool(mask) if isinstance(mask, bool | np.bool_) else bool(np.all(mask))


def any_of(mask: Any) -> bool:
    return bool(mask) if isinstance(mask, bool | np.bool_) else bool(np.any(mask))


def fmin(a: Any, b: Any) -> Any:
    """The smaller of a and b, ignoring a NaN in either (``np.fmin``, fast for floats)."""
    if isinstance(a, float) and isinstance(b, float):
        return b if a != a or b < a else a
    return np.fmin(a, b)


def fmax(a: Any, b: Any) -> Any:
    """The larger of a and b, ignoring a NaN in either (``np.fmax``, fast for floats)."""
    if isinstance(a, float) and isinstance(b, float):
        return b if a != a or b > a else a
    return np.fmax(a, b)


def nonfinite(value: Any) -> Any:
    if isinstance(value, float):
        return not math.isfinite(value)
    return ~np.isfinite(value)


def ratio(numerator: Any, denominator: Any) -> Any:
    """numerator / denominator, infinite where the denominator is 0 (for floats and arrays)."""
    if isinstance(denominator, float):
        return numerator / denominator if denominator > 0 else math.inf
    return np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1), np.inf)


def first_where(x: Any, mask: Any) -> Any:
    """The first point of ``x`` where ``mask`` holds, for error messages."""
    if isinstance(mask, bool | np.bool_) or np.ndim(x) == 0:
        return x
    return np.asarray(x)[np.asarray(mask)][0]


def all_finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return bool(np.all(np.isfinite(value)))
