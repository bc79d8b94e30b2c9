"""f seen along one real variable near x (:class:`Line`), and f's outputs checked.

Every difference formula, Richardson table and complex step of this package works on a
:class:`Line`: ``f`` as a function of one real ``t`` near the point ``x``, whether that
is f itself at a number, f acting on each element of an array, or one coordinate of a
gradient, Jacobian or Hessian.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .._validate import (
    describe,
)
from .floats_or_arrays import any_of, nonfinite


class NoComplexStep(Exception):
    """f cannot be differentiated by the complex step (it refused or dropped complex input)."""


class ComplexOutput(TypeError):
    """f returned complex numbers for real input (Python's ``(-1.0) ** 0.5`` does)."""


class Line:
    """``f`` as a function of one real variable ``t`` near the point ``x``.

    Three shapes of problem share every algorithm in this module:

    * ``"scalar"``: ``x`` is a float and ``f(x)`` a float (``derivative`` at a number; one
      coordinate of ``gradient``);
    * ``"elementwise"``: ``x`` is an array, ``f`` acts on each element (``derivative`` at an
      array), so every element has its own step;
    * ``"vector"``: ``x`` is a float and ``f(x)`` an array of m numbers (one column of
      ``jacobian`` or ``hessian``), one step for all of them.

    Steps have the shape of ``x``, values the shape of ``f(x)``.
    """

    def __init__(self, f: Callable[[Any], Any], x: Any, fx: Any, kind: str) -> None:
        self.f = f
        self.x = x
        self.fx = fx
        self.kind = kind
        self.scale: Any = max(1.0, abs(x)) if kind != "elementwise" else np.maximum(1.0, abs(x))
        self.out_shape: tuple[int, ...] | None = None if kind == "scalar" else np.shape(fx)

    def full(self, value: Any) -> Any:
        """An array of ``value`` shaped like f's values (or ``value`` itself for a scalar)."""
        return value if self.out_shape is None else np.full(self.out_shape, value)

    def bad_steps(self, values: Sequence[Any]) -> Any:
        """Where (per step) any of the ``values`` is not finite."""
        bad = nonfinite(values[0])
        for value in values[1:]:
            bad = bad | nonfinite(value)
        return any_of(bad) if self.kind == "vector" else bad

    def per_step(self, values: Any) -> Any:
        """The smallest of the ``values`` that share a step (a float for a scalar step)."""
        if self.kind == "vector":
            return float(np.fmin.reduce(np.ravel(values)))
        return values

    def steps_to_values(self, mask: Any) -> Any:
        """A per-step mask spread over the values (one step serves m values in a column)."""
        if self.kind == "vector":
            return np.full(self.out_shape or (), bool(mask))
        return mask

    def real(self, t: Any) -> Any:
        """f at real ``t``; NaN where f is undefined there (NaN, inf, or a domain error)."""
        try:
            value = self.f(t)
            value = real_values(value, self.out_shape, self.kind)
        except (ValueError, ArithmeticError, ComplexOutput):
            # Outside f's real domain. Shape errors were caught at x, where they are raised.
            return self.full(math.nan)
        if self.kind == "scalar":
            return value if math.isfinite(value) else math.nan
        return np.where(np.isfinite(value), value, np.nan)

    def complex_step(self, h: Any) -> Any:
        """``Im f(x + ih) / h``, or :class:`NoComplexStep` if f cannot take the complex step."""
        z = complex(self.x, h) if self.kind != "elementwise" else self.x + 1j * h
        try:
            value = self.f(z)
        except Exception as exc:  # any refusal of complex input means: no complex step
            raise NoComplexStep(
                f"f raised {type(exc).__name__} when given complex input ({exc})"
            ) from exc
        return complex_values(value, self.out_shape, self.kind).imag / h


def quiet() -> warnings.catch_warnings[None]:
    """Silence the warnings f gives at trial points (log of a negative number, overflow).

    NumPy reports floating-point trouble as ``RuntimeWarning``, and a complex array cast to
    float as ``ComplexWarning``, a subclass: both are expected while probing f, and every
    result is checked for finiteness instead. Work on arrays also runs under
    ``np.errstate``, in case a user has made NumPy raise on floating-point errors; scalar
    work is done on Python floats, which never consult NumPy's error state.
    """
    return warnings.catch_warnings(action="ignore", category=RuntimeWarning)


def real_values(value: Any, shape: tuple[int, ...] | None, kind: str) -> Any:
    """f's output as a float (``shape`` None) or a float64 array of ``shape``; else an error."""
    if shape is None:
        if isinstance(value, float):  # float and np.float64: the common case, kept fast
            return float(value)
        if isinstance(value, bool | np.bool_) or isinstance(value, str | bytes):
            raise TypeError(f"f must return a real number, got {describe(value)}")
        if isinstance(value, int | np.integer | np.floating):
            return float(value)
        array = numeric_array(value)
        if array.size != 1:
            raise ValueError(
                f"f must return a single number for a scalar x, got an array of shape "
                f"{array.shape}; for a vector-valued f use mlcalc.jacobian"
            )
        return float(array.reshape(()))
    array = numeric_array(value)
    if kind == "vector":
        if array.size != math.prod(shape):
            raise ValueError(
                f"f must return the same number of outputs at every point: {math.prod(shape)} "
                f"at x, but {array.size} at a nearby point"
            )
        return array.astype(np.float64).reshape(shape)
    if array.shape != shape:
        raise ValueError(
            f"f must return an array shaped like x {shape} (f acting elementwise), got shape "
            f"{array.shape}; for f: R^n -> R use mlcalc.gradient, for R^n -> R^m "
            f"mlcalc.jacobian"
        )
    return array.astype(np.float64)


def numeric_array(value: Any) -> np.ndarray:
    if value is None or isinstance(value, str | bytes):
        raise TypeError(f"f must return numbers, got {describe(value)}")
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as exc:
        raise TypeError(f"f must return numbers: {exc}") from None
    if array.dtype.kind == "c":
        raise ComplexOutput(
            f"f must return real numbers for real x, got complex values {describe(value)}"
        )
    if array.dtype.kind not in "iuf":
        raise TypeError(f"f must return numbers, got {describe(value)}")
    return array


def complex_values(value: Any, shape: tuple[int, ...] | None, kind: str) -> Any:
    """f's output at complex input, which must be complex: a real one means Im was dropped."""
    if isinstance(value, complex):  # complex and np.complex128
        if shape is None:
            return complex(value)
        value = np.asarray(value)
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as exc:
        raise NoComplexStep(f"f returned something that is not numbers ({exc})") from None
    if array.dtype.kind != "c":
        raise NoComplexStep(
            f"f returned real values for complex input ({describe(value)}): it drops the "
            "imaginary part somewhere (abs, a cast to float, np.real, ...)"
        )
    if shape is None:
        if array.size != 1:
            raise NoComplexStep(f"f returned shape {array.shape} for complex input")
        return complex(array.reshape(()))
    expected = math.prod(shape)
    if array.size != expected or (kind == "elementwise" and array.shape != shape):
        raise NoComplexStep(f"f returned shape {array.shape} for complex input")
    return array.reshape(shape)
