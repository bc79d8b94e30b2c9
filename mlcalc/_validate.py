"""Argument checks shared by mlcalc's public functions.

Every public function checks its arguments at the boundary and raises a ``TypeError`` or
``ValueError`` that names the argument, says what came and what was expected, so that a
learner never has to read a traceback from deep inside NumPy.
"""

from __future__ import annotations

from collections.abc import Callable
from numbers import Real
from typing import Any

import numpy as np


def _describe(value: Any) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def require_callable(f: Any, name: str = "f") -> Callable[..., Any]:
    """Return ``f`` if it can be called, else raise a ``TypeError`` naming ``name``."""
    if not callable(f):
        raise TypeError(f"{name} must be a callable function, got {_describe(f)}")
    return f


def as_real_scalar(value: Any, name: str, *, finite: bool = True) -> float:
    """``value`` as a Python float; bools, strings and non-finite numbers are refused."""
    if isinstance(value, bool) or not isinstance(value, Real | np.floating | np.integer):
        if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
            value = value.item()
        else:
            raise TypeError(f"{name} must be a real number, got {_describe(value)}")
    try:
        result = float(value)
    except OverflowError:  # an int such as 10**400
        raise ValueError(
            f"{name} is too large for a float (at most ~1.8e308), got {value:.3e}"
        ) from None
    if finite and not np.isfinite(result):
        raise ValueError(f"{name} must be finite, got {result}")
    return result


def as_real_array(
    value: Any,
    name: str,
    *,
    ndim: int | None = None,
    finite: bool = True,
    allow_empty: bool = False,
) -> np.ndarray:
    """``value`` as a float64 array, with a clear error for anything that is not one."""
    if isinstance(value, str | bytes) or value is None:
        raise TypeError(f"{name} must be a number or an array of numbers, got {_describe(value)}")
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as exc:  # ragged nested lists and the like
        raise TypeError(f"{name} must be an array of numbers: {exc}") from None
    if array.dtype == bool or array.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must hold real numbers, got an array of dtype {array.dtype} from "
            f"{_describe(value)}"
        )
    array = array.astype(np.float64, copy=False)
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional, got shape {array.shape}")
    if not allow_empty and array.size == 0:
        raise ValueError(f"{name} must not be empty")
    if finite and not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must contain only finite numbers, got {array!r}")
    return array


def _int_at_least(value: Any, name: str, minimum: int, kind: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be a {kind} integer, got {_describe(value)}")
    if value < minimum:
        raise ValueError(f"{name} must be a {kind} integer, got {value}")
    return int(value)


def returned_reals(value: Any, what: str, suffix: str = "") -> np.ndarray:
    """What a user's function returned, as a float64 array; a ``TypeError`` otherwise.

    Checked because NumPy would otherwise take ``None`` as NaN, parse strings, draw bools as
    0/1 and drop the imaginary part of complex numbers without a word. The error reads
    ``"{what}, got <value>{suffix}"``.
    """
    try:
        array = np.asarray(value)
    except Exception:  # ragged nested lists; any object's __array__ (torch: RuntimeError)
        array = None
    if array is not None and array.dtype == object:
        # Numbers of mixed kinds convert; None (which astype would make NaN) or a node do not.
        numbers = all(
            isinstance(v, Real | np.integer | np.floating) and not isinstance(v, bool | np.bool_)
            for v in array.flat
        )
        array = array if numbers else None
    elif array is not None and (array.dtype == bool or array.dtype.kind not in "iuf"):
        array = None
    if array is None:
        raise TypeError(f"{what}, got {_describe(value)}{suffix}")
    try:
        return array.astype(np.float64, copy=False)
    except OverflowError:  # an int such as 10**400
        raise ValueError(f"{what}, got a number too large for a float{suffix}") from None


def positive_int(value: Any, name: str) -> int:
    """``value`` as an int that is at least 1."""
    return _int_at_least(value, name, 1, "positive")


def non_negative_int(value: Any, name: str) -> int:
    """``value`` as an int that is at least 0."""
    return _int_at_least(value, name, 0, "non-negative")


def positive_real(value: Any, name: str) -> float:
    """``value`` as a float that is finite and > 0."""
    result = as_real_scalar(value, name)
    if result <= 0:
        raise ValueError(f"{name} must be positive, got {result}")
    return result


def one_of(value: Any, name: str, options: tuple[str, ...]) -> str:
    """``value`` if it is one of the allowed strings ``options``."""
    if not isinstance(value, str):
        allowed = ", ".join(repr(o) for o in options)
        raise TypeError(f"{name} must be a string, one of {allowed}; got {_describe(value)}")
    if value not in options:
        allowed = ", ".join(repr(o) for o in options)
        raise ValueError(f"{name} must be one of {allowed}; got {value!r}")
    return str(value)
