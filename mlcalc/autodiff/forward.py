"""Forward mode: :class:`Dual`, a number carrying its derivative along one direction."""

from __future__ import annotations

import math

from .._validate import as_real_scalar
from .rules import log_argument, new_object, operand, power_rule, quotient_rule, unary_rule


class Dual:
    r"""A dual number :math:`a + a'\varepsilon` (with :math:`\varepsilon^2 = 0`): forward mode.

    It carries a value and the derivative of that value along one input direction through
    a computation. Seed the input with derivative 1, and every result holds
    :math:`f(x)` in ``.value`` and :math:`f'(x)` in ``.derivative``:

    .. math:: f(x + \varepsilon) = f(x) + f'(x)\,\varepsilon

    Supports the same operators and methods as :class:`Value`.

    Parameters
    ----------
    value : float
        The value :math:`a`; a finite real number.
    derivative : float, optional
        The derivative :math:`a'` carried along (0.0: a constant; 1.0: the input).

    Examples
    --------
    >>> x = Dual(3.0, 1.0)
    >>> y = x * x + 2 * x
    >>> y.value, y.derivative  # f(3) = 15, f'(3) = 2*3 + 2
    (15.0, 8.0)
    """

    __slots__ = ("value", "derivative")
    __array_ufunc__ = None  # as for Value: NumPy leaves mixed operations to Dual's operators

    value: float
    derivative: float

    def __init__(self, value: float, derivative: float = 0.0) -> None:
        self.value = as_real_scalar(value, "value")
        self.derivative = as_real_scalar(derivative, "derivative")

    def __repr__(self) -> str:
        return f"Dual(value={self.value!r}, derivative={self.derivative!r})"

    # Each operation applies its derivative rule to (a, a') and (b, b').

    def __add__(self, other: Dual | float) -> Dual:
        # (a + b)' = a' + b'
        if isinstance(other, Dual):
            return _dual(self.value + other.value, self.derivative + other.derivative)
        return _dual(self.value + operand(other, "Dual", "+"), self.derivative)

    def __mul__(self, other: Dual | float) -> Dual:
        # product rule: (ab)' = a'b + ab'
        if isinstance(other, Dual):
            return _dual(
                self.value * other.value,
                self.derivative * other.value + self.value * other.derivative,
            )
        b = operand(other, "Dual", "*")
        return _dual(self.value * b, self.derivative * b)

    def __neg__(self) -> Dual:
        return _dual(-self.value, -self.derivative)

    def __sub__(self, other: Dual | float) -> Dual:
        if isinstance(other, Dual):
            return self + (-other)
        return self + (-operand(other, "Dual", "-"))

    def __truediv__(self, other: Dual | float) -> Dual:
        # quotient rule: (a/b)' = a'/b - (a/b) b'/b
        if isinstance(other, Dual):
            quotient, d_a, d_b = quotient_rule(self.value, other.value, wrt_a=True, wrt_b=True)
            return _dual(quotient, d_a * self.derivative + d_b * other.derivative)
        b = operand(other, "Dual", "/")
        quotient, d_a, _ = quotient_rule(self.value, b, wrt_a=True, wrt_b=False)
        return _dual(quotient, d_a * self.derivative)

    def __pow__(self, other: Dual | float) -> Dual:
        # (a^p)' = p a^(p-1) a' + a^p log(a) p'
        if isinstance(other, Dual):
            # A constant exponent (derivative 0) needs no log of the base: (-2) ** 2 is fine.
            moving = other.derivative != 0.0
            value, d_base, d_exponent = power_rule(self.value, other.value, wrt_exponent=moving)
            return _dual(value, d_base * self.derivative + d_exponent * other.derivative)
        exponent = operand(other, "Dual", "**")
        value, d_base, _ = power_rule(self.value, exponent, wrt_exponent=False)
        return _dual(value, d_base * self.derivative)

    def __radd__(self, other: float) -> Dual:  # other + self
        return self + other

    def __rmul__(self, other: float) -> Dual:  # other * self
        return self * other

    def __rsub__(self, other: float) -> Dual:  # other - self
        return (-self) + operand(other, "Dual", "-")

    def __rtruediv__(self, other: float) -> Dual:  # other / self
        # (c/b)' = -(c/b) b'/b
        a = operand(other, "Dual", "/")
        quotient, _, d_b = quotient_rule(a, self.value, wrt_a=False, wrt_b=True)
        return _dual(quotient, d_b * self.derivative)

    def __rpow__(self, other: float) -> Dual:  # other ** self
        # (c^x)' = c^x log(c) x'
        base = operand(other, "Dual", "**")
        value, _, d_exponent = power_rule(base, self.value, wrt_exponent=self.derivative != 0.0)
        return _dual(value, d_exponent * self.derivative)

    # The unary functions carry f(a) and f'(a) a', from the table of mlcalc.elementary.

    def exp(self) -> Dual:
        r""":math:`e^x`, carrying :math:`e^x x'`. ``OverflowError`` for x > 709.78."""
        return _unary_dual("exp", self)

    def log(self) -> Dual:
        r""":math:`\ln x` for x > 0, carrying :math:`x'/x`."""
        log_argument(self.value)
        return _unary_dual("log", self)

    def sin(self) -> Dual:
        r""":math:`\sin x`, carrying :math:`\cos(x)\, x'`."""
        return _unary_dual("sin", self)

    def cos(self) -> Dual:
        r""":math:`\cos x`, carrying :math:`-\sin(x)\, x'`."""
        return _unary_dual("cos", self)

    def tanh(self) -> Dual:
        r""":math:`\tanh x`, carrying :math:`(1 - \tanh^2 x)\, x'`."""
        return _unary_dual("tanh", self)

    def sigmoid(self) -> Dual:
        r""":math:`\sigma(x)`, carrying :math:`\sigma(x)(1-\sigma(x))\, x'`; no overflow."""
        return _unary_dual("sigmoid", self)

    def relu(self) -> Dual:
        r""":math:`\max(0, x)`, carrying :math:`x'` for x > 0 and 0 for x <= 0."""
        return _unary_dual("relu", self)


def _unary_dual(name: str, x: Dual) -> Dual:
    value, slope = unary_rule(name, x.value)
    return _dual(value, slope * x.derivative + 0.0)  # + 0.0: relu gives 0.0, never -0.0


def _dual(value: float, derivative: float) -> Dual:
    if not (math.isfinite(value) and math.isfinite(derivative)):
        raise OverflowError(
            f"a Dual became ({value}, {derivative}): beyond the largest float (about "
            "1.8e308); rescale the inputs"
        )
    out = new_object(Dual)
    out.value = value
    out.derivative = derivative
    return out
