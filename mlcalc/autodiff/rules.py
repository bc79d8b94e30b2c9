"""What both modes share: operand checks, the overflow rule for nodes, and the derivative
rules of division, powers and the table's unary functions, written once for floats."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._validate import describe
from ..elementary import RULES, SCALAR

# exp(x) is the largest float 1.797e308 at x = log(1.797e308) = 709.78...
EXP_LIMIT = math.log(1.7976931348623157e308)


def operand(other: Any, cls: str, symbol: str) -> float:
    """``other`` as a float, for the plain-number side of ``node <symbol> other``."""
    if type(other) is float and math.isfinite(other):  # the usual case, checked first
        return other
    if isinstance(other, bool) or not isinstance(other, int | float | np.integer | np.floating):
        hint = ""
        if isinstance(other, np.ndarray):
            hint = (
                f"; a {cls} is one number: for arrays, make an array of {cls}s, e.g. "
                f"np.array([{cls}(v) for v in values], dtype=object)"
            )
        raise TypeError(
            f"unsupported operand for {symbol} with a {cls}: the other operand must be a real "
            f"number or a {cls}, got {describe(other)}{hint}"
        )
    value = float(other)
    if not math.isfinite(value):
        raise ValueError(f"the operand of {symbol} with a {cls} must be finite, got {value}")
    return value


def finite(result: float, what: str) -> float:
    """``result`` if it is a finite float, else a clear ``OverflowError`` about ``what``."""
    if math.isfinite(result):
        return result
    raise OverflowError(
        f"{what} = {result}: the result is beyond the largest float (about 1.8e308); "
        "rescale the inputs"
    )


def quotient_rule(a: float, b: float, wrt_a: bool, wrt_b: bool) -> tuple[float, float, float]:
    """``(a/b, d(a/b)/da, d(a/b)/db) = (a/b, 1/b, -(a/b)/b)``, or a clear error.

    Only the derivatives asked for are computed (the others are returned as 0.0), so that
    one which is not needed cannot overflow and raise.
    """
    text = f"{a!r} / {b!r}"
    if b == 0.0:
        raise ZeroDivisionError(f"division by zero in {text}")
    quotient = finite(a / b, text)
    d_a = finite(1.0 / b, f"the derivative of {text}") if wrt_a else 0.0
    d_b = finite(-quotient / b, f"the derivative of {text}") if wrt_b else 0.0
    return quotient, d_a, d_b


def unary_rule(name: str, x: float) -> tuple[float, float]:
    """``(f(x), f'(x))`` for the table's function ``name`` at one float, both finite.

    ``OverflowError`` naming the function and ``x`` where either is beyond the largest float
    (exp past 709.78; the slope 1/x of log at a subnormal x).
    """
    rule = RULES[name]
    try:
        value = rule.value(x, SCALAR)
    except OverflowError:  # math.exp raises where np.exp would give inf
        value = math.inf
    if not math.isfinite(value):
        limit = f" for x > {EXP_LIMIT:.2f}" if name == "exp" else ""
        raise OverflowError(
            f"{name}({x!r}) overflows: the result is beyond the largest float (about 1.8e308)"
            f"{limit}. Rescale the input, or use a form that stays finite (sigmoid, tanh, or "
            "log-sum-exp)."
        )
    slope = rule.slope(x, value, SCALAR)
    if not math.isfinite(slope):
        raise OverflowError(
            f"the derivative of {name} at {x!r} is beyond the largest float (about 1.8e308)"
        )
    return value, slope


def log_argument(x: float) -> float:
    if x <= 0.0:
        raise ValueError(f"log needs a positive argument, got {x!r}")
    return x


def power_rule(base: float, exponent: float, wrt_exponent: bool) -> tuple[float, float, float]:
    r"""``(b^p, d(b^p)/db, d(b^p)/dp)``, or an error where one of them is not a real number.

    The derivative with respect to the exponent, :math:`b^p \ln b`, is needed only when the
    exponent is itself a node (``wrt_exponent``); otherwise it is returned as 0.0.
    """
    text = f"{base!r} ** {exponent!r}"
    if base == 0.0 and exponent < 0.0:
        raise ZeroDivisionError(f"{text} is undefined: 0 raised to a negative power")
    if base < 0.0 and not exponent.is_integer():
        raise ValueError(f"{text} is not a real number: a negative base needs an integer exponent")
    try:
        value = base**exponent
    except OverflowError:
        value = math.inf
    value = finite(value, text)

    if exponent == 0.0:
        d_base = 0.0  # b^0 = 1 for every b, so it does not change with b (0**0 included)
    elif base == 0.0 and exponent < 1.0:
        raise ValueError(
            f"{text}: x ** {exponent!r} has no finite derivative at x = 0 (it is vertical there)"
        )
    else:
        try:
            d_base = exponent * base ** (exponent - 1.0)
        except OverflowError:
            d_base = math.inf
        d_base = finite(d_base, f"the derivative of {text} with respect to the base")

    d_exponent = 0.0
    if wrt_exponent:
        if base < 0.0 or (base == 0.0 and exponent == 0.0):
            raise ValueError(
                f"{text}: the derivative with respect to the exponent, b**p * log(b), needs "
                "b > 0 (or b = 0 with p > 0)"
            )
        # At b = 0 (p > 0) the limit of b**p * log(b) is 0.
        d_exponent = value * math.log(base) if base > 0.0 else 0.0
    return value, d_base, d_exponent


new_object = object.__new__
