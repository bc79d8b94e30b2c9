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

_LARGEST = float(np.finfo(np.float64).max)


def describe(value: Any) -> str:
    """``value`` for an error message: its type and a repr cut to 60 characters.

    An int too long for ``repr`` (over 4,300 digits) is described by its number of digits.
    """
    try:
        text = repr(value)
    except ValueError:  # Python refuses to print ints of more than 4,300 digits
        text = f"<an integer of {len(format(value, 'x')) * 4 // 3.32:.0f}+ digits>"
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def _too_large(name: str, value: Any) -> ValueError:
    """The error for a number beyond the largest float (an int such as 10**400)."""
    return ValueError(f"{name} is too large for a float (at most ~1.8e308), got {describe(value)}")


def require_callable(f: Any, name: str = "f") -> Callable[..., Any]:
    """Return ``f`` if it can be called, else raise a ``TypeError`` naming ``name``."""
    if not callable(f):
        raise TypeError(f"{name} must be a callable function, got {describe(f)}")
    return f


def as_real_scalar(value: Any, name: str, *, finite: bool = True) -> float:
    """``value`` as a Python float; bools, strings and non-finite numbers are refused."""
    if isinstance(value, bool) or not isinstance(value, Real | np.floating | np.integer):
        if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
            value = value.item()
        else:
            raise TypeError(f"{name} must be a real number, got {describe(value)}")
    try:
        result = float(value)
    except OverflowError:  # an int such as 10**400
        raise _too_large(name, value) from None
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
        raise TypeError(f"{name} must be a number or an array of numbers, got {describe(value)}")
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as exc:  # ragged nested lists and the like
        raise TypeError(f"{name} must be an array of numbers: {exc}") from None
    if array.dtype == object:  # NumPy keeps an int too large for a float as an object
        huge = [v for v in array.flat if type(v) is int and abs(v) > _LARGEST]
        if huge and all(type(v) in (int, float) for v in array.flat):
            raise _too_large(name, huge[0])
    if array.dtype == bool or array.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must hold real numbers, got an array of dtype {array.dtype} from "
            f"{describe(value)}"
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
        raise TypeError(f"{name} must be a {kind} integer, got {describe(value)}")
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
        raise TypeError(f"{what}, got {describe(value)}{suffix}")
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
        raise TypeError(f"{name} must be a string, one of {allowed}; got {describe(value)}")
    if value not in options:
        allowed = ", ".join(repr(o) for o in options)
        raise ValueError(f"{name} must be one of {allowed}; got {value!r}")
    return str(value)


def unit_interval(value: Any, name: str) -> float:
    """``value`` as a float in ``[0, 1)``: a decay rate of a running average (momentum)."""
    result = as_real_scalar(value, name)
    if not 0.0 <= result < 1.0:
        raise ValueError(f"{name} must be in [0, 1), got {result}")
    return result


def pair(value: Any, name: str, what: str = "(low, high) of numbers") -> tuple[Any, Any]:
    """``value`` as a pair of two items (a tuple, list or 2-element array), else a TypeError."""
    if isinstance(value, str | bytes) or not hasattr(value, "__len__") or len(value) != 2:
        raise TypeError(f"{name} must be a pair {what}, got {describe(value)}")
    return value[0], value[1]


def unit_interval_pair(value: Any, name: str) -> tuple[float, float]:
    """``value`` as two decay rates in ``[0, 1)``, such as Adam's ``betas``."""
    first, second = pair(value, name, "(beta1, beta2)")
    return unit_interval(first, f"{name}[0]"), unit_interval(second, f"{name}[1]")


def interval(value: Any, name: str) -> tuple[float, float]:
    """``value`` as a pair ``(low, high)`` of finite floats with ``low < high``."""
    first, second = pair(value, name)
    low = as_real_scalar(first, f"{name}[0]")
    high = as_real_scalar(second, f"{name}[1]")
    if not low < high:
        raise ValueError(f"{name} needs low < high, got {name}=({low}, {high})")
    return low, high


def random_generator(
    value: Any, name: str = "seed", *, generator: bool = False
) -> np.random.Generator:
    """A NumPy ``Generator`` from a non-negative integer seed (or ``None``, or a Generator,
    when ``generator`` allows them)."""
    if generator and (value is None or isinstance(value, np.random.Generator)):
        return np.random.default_rng(value)
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        kinds = ", a numpy Generator or None" if generator else ""
        raise TypeError(f"{name} must be a non-negative integer{kinds}, got {describe(value)}")
    if value < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value}")
    return np.random.default_rng(int(value))
