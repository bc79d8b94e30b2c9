r"""The derivative table: each elementary function's value and slope, written once.

Every engine of the package takes its elementary functions from :data:`RULES`:
:class:`~mlcalc.autodiff.Value` and :class:`~mlcalc.autodiff.Dual` on Python floats,
:mod:`mlcalc.functions` (``mc.exp``, ``mc.sigmoid_prime``, ...) on NumPy arrays, real or
complex, and the tests. A rule is written once against a small set of operations ``m``;
:data:`SCALAR` supplies them from ``math`` (fast on one float), :data:`ARRAY` from NumPy
(elementwise, and analytic for the complex step). The table reads as the one at the back
of a calculus book:

=========  ==========================================  ==============================
function   value                                       slope (derivative)
=========  ==========================================  ==============================
exp        :math:`e^x`                                  :math:`e^x` (the value itself)
log        :math:`\ln x`                                :math:`1/x`
sin        :math:`\sin x`                               :math:`\cos x`
cos        :math:`\cos x`                               :math:`-\sin x`
tanh       :math:`\tanh x`                              :math:`4e/(1+e)^2,\ e = e^{-2|x|}`
sigmoid    :math:`1/(1+e^{-x})`                         :math:`e/(1+e)^2,\ e = e^{-|x|}`
relu       :math:`\max(0, x)`                           1 for x > 0, else 0
=========  ==========================================  ==============================

The sigmoid itself is computed as :math:`(1 \text{ or } e)/(1+e)` with :math:`e = e^{-|x|}`
(1 for x > 0), and the slopes of tanh and sigmoid use :math:`e^{-|x|}`, which never
overflows, rather than :math:`1 - \tanh^2 x` or :math:`\sigma(1 - \sigma)`, which cancel
in the tails (at x = 20 :math:`\sigma(1-\sigma)` has lost 8 digits; from x = 37 on it is
0). Domain checks (log of a non-positive number) and the overflow rule belong to the
callers, which know how to name the argument.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

__all__ = ["ARRAY", "RULES", "SCALAR", "Operations", "Rule"]


class Operations(NamedTuple):
    """The operations a rule is written with, for one kind of number."""

    exp: Callable[[Any], Any]
    log: Callable[[Any], Any]
    sin: Callable[[Any], Any]
    cos: Callable[[Any], Any]
    tanh: Callable[[Any], Any]
    positive: Callable[[Any], Any]  # x > 0 (the real part, for complex arrays)
    minus_abs: Callable[[Any], Any]  # -|x|, continued analytically: -x or x by the real part
    where: Callable[[Any, Any, Any], Any]  # a where the condition holds, else b


def _pick(condition: bool, a: Any, b: Any) -> Any:
    return a if condition else b


#: Python floats, through ``math``.
SCALAR = Operations(
    exp=math.exp,
    log=math.log,
    sin=math.sin,
    cos=math.cos,
    tanh=math.tanh,
    positive=(0.0).__lt__,  # x > 0 (a bound method of 0.0: the fastest call on a float)
    minus_abs=lambda x: -abs(x),
    where=_pick,
)

#: NumPy arrays, real or complex (a complex x is branched on by its real part).
ARRAY = Operations(
    exp=np.exp,
    log=np.log,
    sin=np.sin,
    cos=np.cos,
    tanh=np.tanh,
    positive=lambda x: np.real(x) > 0,
    minus_abs=lambda x: np.where(np.real(x) >= 0, -x, x),
    where=np.where,
)


class Rule(NamedTuple):
    """One line of the table: ``value(x, m)`` and ``slope(x, value, m)`` (the slope may use
    the value already computed, as exp's does)."""

    value: Callable[[Any, Operations], Any]
    slope: Callable[[Any, Any, Operations], Any]


def _sigmoid(x: Any, m: Operations) -> Any:
    # 1/(1+e^-x) for x > 0 and e^x/(1+e^x) otherwise (equal at 0): with e = e^-|x| <= 1,
    # both are (1 or e) / (1 + e), and nothing overflows for any x.
    e = m.exp(m.minus_abs(x))
    return m.where(m.positive(x), 1.0, e) / (1.0 + e)


def _sigmoid_slope(x: Any, y: Any, m: Operations) -> Any:
    e = m.exp(m.minus_abs(x))
    return e / ((1.0 + e) * (1.0 + e))


def _tanh_slope(x: Any, y: Any, m: Operations) -> Any:
    e = m.exp(2.0 * m.minus_abs(x))
    return 4.0 * e / ((1.0 + e) * (1.0 + e))


#: The table: a :class:`Rule` for each elementary function, by name.
RULES: dict[str, Rule] = {
    "exp": Rule(lambda x, m: m.exp(x), lambda x, y, m: y),
    "log": Rule(lambda x, m: m.log(x), lambda x, y, m: 1.0 / x),
    "sin": Rule(lambda x, m: m.sin(x), lambda x, y, m: m.cos(x)),
    "cos": Rule(lambda x, m: m.cos(x), lambda x, y, m: -m.sin(x)),
    "tanh": Rule(lambda x, m: m.tanh(x), _tanh_slope),
    "sigmoid": Rule(_sigmoid, _sigmoid_slope),
    "relu": Rule(
        lambda x, m: m.where(m.positive(x), x, 0.0),
        lambda x, y, m: m.where(m.positive(x), 1.0, 0.0),
    ),
}
