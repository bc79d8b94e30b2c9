"""Automatic differentiation: reverse mode with :class:`Value`, forward mode with :class:`Dual`.

Reverse mode records a computation as a graph of scalar nodes. Every operation computes its
result *and* the local derivative of that result with respect to each input, right away, and
stores both in the new node::

    c = a * b   # c.data = a.data * b.data; parents a, b; local derivatives b.data, a.data

``c.backward()`` then applies the chain rule from the output back to the inputs: each node
passes ``local derivative * node.grad`` on to each of its parents. Storing numbers rather
than closures keeps the graph free of reference cycles, so a graph is freed by reference
counting the moment it is dropped, without waiting for Python's garbage collector.

Forward mode carries a value and its derivative through the computation together:
``Dual(x, 1.0)`` goes in, ``f(x)`` and ``f'(x)`` come out in one pass.

Both kinds of node have methods ``exp log sin cos tanh sigmoid relu``, so the functions of
:mod:`mlcalc.functions` (``mc.exp``, ``mc.tanh``, ...) accept them as well as numbers.

Every node holds a finite float: an operation whose result would overflow (``exp(1000)``,
``1e200 * 1e200``) raises ``OverflowError`` rather than let ``inf`` and then ``nan`` spread
through the graph silently. Functions that saturate instead (``tanh``, ``sigmoid``) give
exactly ``±1``, ``0`` or ``1`` with derivative ``0`` for large inputs, with no warning.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ._validate import as_real_array, as_real_scalar, describe, require_callable
from .elementary import RULES, SCALAR

__all__ = ["Dual", "Value", "grad"]

# exp(x) is the largest float 1.797e308 at x = log(1.797e308) = 709.78...
_EXP_LIMIT = math.log(1.7976931348623157e308)


# --- checks and formulas shared by both modes ---------------------------------------------


def _operand(other: Any, cls: str, symbol: str) -> float:
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


def _finite(result: float, what: str) -> float:
    """``result`` if it is a finite float, else a clear ``OverflowError`` about ``what``."""
    if math.isfinite(result):
        return result
    raise OverflowError(
        f"{what} = {result}: the result is beyond the largest float (about 1.8e308); "
        "rescale the inputs"
    )


def _quotient(a: float, b: float, wrt_a: bool, wrt_b: bool) -> tuple[float, float, float]:
    """``(a/b, d(a/b)/da, d(a/b)/db) = (a/b, 1/b, -(a/b)/b)``, or a clear error.

    Only the derivatives asked for are computed (the others are returned as 0.0), so that
    one which is not needed cannot overflow and raise.
    """
    text = f"{a!r} / {b!r}"
    if b == 0.0:
        raise ZeroDivisionError(f"division by zero in {text}")
    quotient = _finite(a / b, text)
    d_a = _finite(1.0 / b, f"the derivative of {text}") if wrt_a else 0.0
    d_b = _finite(-quotient / b, f"the derivative of {text}") if wrt_b else 0.0
    return quotient, d_a, d_b


def _unary(name: str, x: float) -> tuple[float, float]:
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
        limit = f" for x > {_EXP_LIMIT:.2f}" if name == "exp" else ""
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


def _log_argument(x: float) -> float:
    if x <= 0.0:
        raise ValueError(f"log needs a positive argument, got {x!r}")
    return x


def _power(base: float, exponent: float, wrt_exponent: bool) -> tuple[float, float, float]:
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
    value = _finite(value, text)

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
        d_base = _finite(d_base, f"the derivative of {text} with respect to the base")

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


# --- reverse mode ---------------------------------------------------------------------------


class Value:
    r"""A scalar node of a computation graph, differentiated in reverse mode.

    Build an expression from ``Value``\ s with ``+ - * / **`` (plain numbers are welcome on
    either side) and the methods ``exp log sin cos tanh sigmoid relu``; then ``backward()``
    on the result fills ``.grad`` of every node with the derivative of the result with
    respect to that node:

    .. math:: \texttt{node.grad} = \frac{\partial\, \texttt{out}}{\partial\, \texttt{node}}

    Parameters
    ----------
    data : float
        The number this node holds; a finite real number.
    label : str, optional
        A name for the node, shown when drawing the graph.

    Attributes
    ----------
    data : float
        The value.
    grad : float
        The derivative of the last output ``backward()`` was called on, with respect to
        this node (0.0 before any call).

    Examples
    --------
    >>> x = Value(3.0)
    >>> y = x * x + 2 * x
    >>> y.backward()
    >>> x.grad  # dy/dx = 2x + 2
    8.0
    """

    # Every operation has one or two inputs, so a node keeps its parents and the local
    # derivatives in four fixed slots rather than in tuples: a tuple holding nodes would be
    # one more object per node for Python's garbage collector to track, and tracking is
    # what building a large graph mostly costs.
    __slots__ = (
        "data",
        "grad",
        "label",
        "_op",
        "_parent1",
        "_local_grad1",
        "_parent2",
        "_local_grad2",
    )
    # NumPy leaves mixed operations to Value's own operators: np.float64(2) * Value(3) is a
    # Value, and an array with a Value is a clear TypeError rather than an array of Values.
    __array_ufunc__ = None

    data: float
    grad: float
    label: str
    _op: str
    _parent1: Value | None
    _local_grad1: float
    _parent2: Value | None
    _local_grad2: float

    def __init__(self, data: float, label: str = "") -> None:
        if not isinstance(label, str):
            raise TypeError(f"label must be a string, got {describe(label)}")
        self.data = as_real_scalar(data, "data")
        self.grad = 0.0
        self.label = label
        self._op = ""
        self._parent1 = None
        self._local_grad1 = 0.0
        self._parent2 = None
        self._local_grad2 = 0.0

    @property
    def op(self) -> str:
        """The operation that made this node, e.g. ``"*"`` or ``"tanh"`` (``""`` for an
        input)."""
        return self._op

    @property
    def parents(self) -> tuple[Value, ...]:
        """The nodes this node was computed from (none for an input)."""
        return tuple(p for p in (self._parent1, self._parent2) if p is not None)

    @property
    def local_grads(self) -> tuple[float, ...]:
        """d(self)/d(parent) for each of :attr:`parents`, evaluated when self was made."""
        grads = (self._local_grad1, self._local_grad2)
        return grads[: len(self.parents)]

    def __repr__(self) -> str:
        return f"Value(data={self.data!r}, grad={self.grad!r})"

    # Each operation returns a new node holding its value, its parents and the local
    # derivative d(out)/d(parent) for each parent, evaluated now. backward() multiplies these
    # by out.grad (the chain rule) and adds the product into parent.grad.

    def __add__(self, other: Value | float) -> Value:
        # d(a + b)/da = 1, d(a + b)/db = 1
        if isinstance(other, Value):
            return _node(self.data + other.data, "+", self, 1.0, other, 1.0)
        return _node(self.data + _operand(other, "Value", "+"), "+", self, 1.0)

    def __mul__(self, other: Value | float) -> Value:
        # d(a * b)/da = b, d(a * b)/db = a
        if isinstance(other, Value):
            return _node(self.data * other.data, "*", self, other.data, other, self.data)
        b = _operand(other, "Value", "*")
        return _node(self.data * b, "*", self, b)

    def __neg__(self) -> Value:
        # d(-a)/da = -1
        return _node(-self.data, "neg", self, -1.0)

    def __sub__(self, other: Value | float) -> Value:
        # a - b = a + (-b): negation is exact in floating point, so nothing is lost
        if isinstance(other, Value):
            return self + (-other)
        return self + (-_operand(other, "Value", "-"))

    def __truediv__(self, other: Value | float) -> Value:
        # d(a/b)/da = 1/b, d(a/b)/db = -a/b^2 = -(a/b)/b. A direct quotient, rather than
        # a * b**-1, is correctly rounded: Value(0.3) / 0.1 then gives exactly 0.3 / 0.1.
        if isinstance(other, Value):
            quotient, d_a, d_b = _quotient(self.data, other.data, wrt_a=True, wrt_b=True)
            return _node(quotient, "/", self, d_a, other, d_b)
        b = _operand(other, "Value", "/")
        quotient, d_a, _ = _quotient(self.data, b, wrt_a=True, wrt_b=False)
        return _node(quotient, "/", self, d_a)

    def __pow__(self, other: Value | float) -> Value:
        # d(a^p)/da = p a^(p-1); d(a^p)/dp = a^p log a, when the exponent is a node too
        if isinstance(other, Value):
            value, d_base, d_exponent = _power(self.data, other.data, wrt_exponent=True)
            return _node(value, "**", self, d_base, other, d_exponent)
        exponent = _operand(other, "Value", "**")
        value, d_base, _ = _power(self.data, exponent, wrt_exponent=False)
        return _node(value, "**", self, d_base)

    def __radd__(self, other: float) -> Value:  # other + self
        return self + other

    def __rmul__(self, other: float) -> Value:  # other * self
        return self * other

    def __rsub__(self, other: float) -> Value:  # other - self = (-self) + other
        return (-self) + _operand(other, "Value", "-")

    def __rtruediv__(self, other: float) -> Value:  # other / self
        # d(c/b)/db = -c/b^2
        a = _operand(other, "Value", "/")
        quotient, _, d_b = _quotient(a, self.data, wrt_a=False, wrt_b=True)
        return _node(quotient, "/", self, d_b)

    def __rpow__(self, other: float) -> Value:  # other ** self
        # d(c^x)/dx = c^x log c
        base = _operand(other, "Value", "**")
        value, _, d_exponent = _power(base, self.data, wrt_exponent=True)
        return _node(value, "**", self, d_exponent)

    # The unary functions take their value and slope from the table of mlcalc.elementary.

    def exp(self) -> Value:
        r""":math:`e^x`, whose derivative is :math:`e^x` itself.

        ``OverflowError`` for x > 709.78, where :math:`e^x` is beyond the largest float.
        """
        return _unary_node("exp", self)

    def log(self) -> Value:
        r""":math:`\ln x` for x > 0, with derivative :math:`1/x`."""
        _log_argument(self.data)
        return _unary_node("log", self)

    def sin(self) -> Value:
        r""":math:`\sin x`, with derivative :math:`\cos x`."""
        return _unary_node("sin", self)

    def cos(self) -> Value:
        r""":math:`\cos x`, with derivative :math:`-\sin x`."""
        return _unary_node("cos", self)

    def tanh(self) -> Value:
        r""":math:`\tanh x`, with derivative :math:`1 - \tanh^2 x` (exactly 0 for large
        :math:`|x|`, with no overflow)."""
        return _unary_node("tanh", self)

    def sigmoid(self) -> Value:
        r""":math:`\sigma(x) = 1/(1+e^{-x})`, with derivative :math:`\sigma(x)(1-\sigma(x))`.

        No overflow for any x: ``Value(-1000.0).sigmoid()`` is 0.0 with derivative 0.0.
        """
        return _unary_node("sigmoid", self)

    def relu(self) -> Value:
        r""":math:`\max(0, x)`, with derivative 1 for x > 0 and 0 for x <= 0 (as PyTorch)."""
        return _unary_node("relu", self)

    def backward(self) -> None:
        r"""Fill ``.grad`` of every node of this graph with d(self)/d(node).

        Starting from ``self.grad = 1``, each node, in an order where it comes before its
        parents, adds ``local_grad * node.grad`` into each parent's grad (the chain rule).
        A node used several times (``x * x``, a diamond) thus receives the sum of the
        contributions of all its uses. The walk is a loop, not recursion, so a graph may be
        as deep as memory allows (a chain of a million nodes is fine).

        Every node reached from ``self`` has its ``grad`` reset to 0 first, so calling
        ``backward()`` twice gives the same gradients both times. PyTorch instead *adds*
        each ``backward()`` into ``.grad`` until you zero it; that suits summing gradients
        over several losses, but re-running a notebook cell then silently doubles them.
        Here, for the gradient of a sum of losses, call ``backward()`` on their sum. Nodes
        not reached from ``self`` keep their ``grad``.

        Examples
        --------
        >>> x = Value(2.0)
        >>> y = x * x * x
        >>> y.backward()
        >>> y.backward()
        >>> x.grad  # 3x^2, not doubled
        12.0
        """
        order = topological_order(self, reset_grads=True)
        self.grad = 1.0
        for node in reversed(order):
            parent = node._parent1
            if parent is not None:
                parent.grad += node._local_grad1 * node.grad
                parent = node._parent2
                if parent is not None:
                    parent.grad += node._local_grad2 * node.grad


_new_object = object.__new__


def _unary_node(name: str, x: Value) -> Value:
    value, slope = _unary(name, x.data)
    return _node(value, name, x, slope)


def _node(
    data: float,
    op: str,
    parent1: Value,
    local_grad1: float,
    parent2: Value | None = None,
    local_grad2: float = 0.0,
) -> Value:
    """A node made by an operation. The inputs were checked there, so only the result's
    size is checked here (this is the hot path of building a graph)."""
    if not math.isfinite(data):
        raise OverflowError(
            f"the result of {op} is {data}: beyond the largest float (about 1.8e308); "
            "rescale the inputs"
        )
    out = _new_object(Value)
    out.data = data
    out.grad = 0.0
    out.label = ""
    out._op = op
    out._parent1 = parent1
    out._local_grad1 = local_grad1
    out._parent2 = parent2
    out._local_grad2 = local_grad2
    return out


def topological_order(root: Value, *, reset_grads: bool = False) -> list[Value]:
    """Every node ``root`` depends on, each after its parents, ending with ``root``
    (:meth:`Value.backward` walks it backwards; :func:`mlcalc.plot.graph` draws it). With
    ``reset_grads`` each node's grad is set to 0 on the way, which saves backward a pass.

    A depth-first walk with a stack of its own rather than recursion, so that the depth of
    a graph is not limited by Python's recursion limit.
    """
    order: list[Value] = []
    visited: set[Value] = set()
    # Visiting a node pushes the node, then None, then its parents. The parents (and theirs)
    # come off the stack first; when None comes off, the node under it has all its parents
    # in `order` and can follow them. (Pairs (node, flag) would read more simply, but a
    # deep graph keeps as many pairs alive as it is deep, and allocating them sets off the
    # garbage collector over and over: on a chain of a million nodes the walk took twice as
    # long.)
    stack: list[Value | None] = [root]
    while stack:
        node = stack.pop()
        if node is None:
            order.append(stack.pop())  # type: ignore[arg-type]
        elif node not in visited:
            visited.add(node)
            if reset_grads:
                node.grad = 0.0
            stack.append(node)
            stack.append(None)
            parent = node._parent1
            if parent is not None:
                if parent not in visited:
                    stack.append(parent)
                parent = node._parent2
                if parent is not None and parent not in visited:
                    stack.append(parent)
    return order


# --- forward mode ---------------------------------------------------------------------------


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
        return _dual(self.value + _operand(other, "Dual", "+"), self.derivative)

    def __mul__(self, other: Dual | float) -> Dual:
        # product rule: (ab)' = a'b + ab'
        if isinstance(other, Dual):
            return _dual(
                self.value * other.value,
                self.derivative * other.value + self.value * other.derivative,
            )
        b = _operand(other, "Dual", "*")
        return _dual(self.value * b, self.derivative * b)

    def __neg__(self) -> Dual:
        return _dual(-self.value, -self.derivative)

    def __sub__(self, other: Dual | float) -> Dual:
        if isinstance(other, Dual):
            return self + (-other)
        return self + (-_operand(other, "Dual", "-"))

    def __truediv__(self, other: Dual | float) -> Dual:
        # quotient rule: (a/b)' = a'/b - (a/b) b'/b
        if isinstance(other, Dual):
            quotient, d_a, d_b = _quotient(self.value, other.value, wrt_a=True, wrt_b=True)
            return _dual(quotient, d_a * self.derivative + d_b * other.derivative)
        b = _operand(other, "Dual", "/")
        quotient, d_a, _ = _quotient(self.value, b, wrt_a=True, wrt_b=False)
        return _dual(quotient, d_a * self.derivative)

    def __pow__(self, other: Dual | float) -> Dual:
        # (a^p)' = p a^(p-1) a' + a^p log(a) p'
        if isinstance(other, Dual):
            # A constant exponent (derivative 0) needs no log of the base: (-2) ** 2 is fine.
            moving = other.derivative != 0.0
            value, d_base, d_exponent = _power(self.value, other.value, wrt_exponent=moving)
            return _dual(value, d_base * self.derivative + d_exponent * other.derivative)
        exponent = _operand(other, "Dual", "**")
        value, d_base, _ = _power(self.value, exponent, wrt_exponent=False)
        return _dual(value, d_base * self.derivative)

    def __radd__(self, other: float) -> Dual:  # other + self
        return self + other

    def __rmul__(self, other: float) -> Dual:  # other * self
        return self * other

    def __rsub__(self, other: float) -> Dual:  # other - self
        return (-self) + _operand(other, "Dual", "-")

    def __rtruediv__(self, other: float) -> Dual:  # other / self
        # (c/b)' = -(c/b) b'/b
        a = _operand(other, "Dual", "/")
        quotient, _, d_b = _quotient(a, self.value, wrt_a=False, wrt_b=True)
        return _dual(quotient, d_b * self.derivative)

    def __rpow__(self, other: float) -> Dual:  # other ** self
        # (c^x)' = c^x log(c) x'
        base = _operand(other, "Dual", "**")
        value, _, d_exponent = _power(base, self.value, wrt_exponent=self.derivative != 0.0)
        return _dual(value, d_exponent * self.derivative)

    # The unary functions carry f(a) and f'(a) a', from the table of mlcalc.elementary.

    def exp(self) -> Dual:
        r""":math:`e^x`, carrying :math:`e^x x'`. ``OverflowError`` for x > 709.78."""
        return _unary_dual("exp", self)

    def log(self) -> Dual:
        r""":math:`\ln x` for x > 0, carrying :math:`x'/x`."""
        _log_argument(self.value)
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
    value, slope = _unary(name, x.value)
    return _dual(value, slope * x.derivative + 0.0)  # + 0.0: relu gives 0.0, never -0.0


def _dual(value: float, derivative: float) -> Dual:
    if not (math.isfinite(value) and math.isfinite(derivative)):
        raise OverflowError(
            f"a Dual became ({value}, {derivative}): beyond the largest float (about "
            "1.8e308); rescale the inputs"
        )
    out = _new_object(Dual)
    out.value = value
    out.derivative = derivative
    return out


# --- the gradient of a function ------------------------------------------------------------


def grad(f: Callable[..., Any]) -> Callable[..., Any]:
    r"""The gradient of ``f``, as a function computed by reverse mode.

    .. math:: \nabla f(x) = \left(\frac{\partial f}{\partial x_1}, \dots,
              \frac{\partial f}{\partial x_n}\right)

    ``grad(f)(x)`` calls ``f`` once on :class:`Value` nodes holding ``x`` and runs
    ``backward()`` on the result. ``f`` is written with the operators and with
    ``mc.exp``-style functions (``mc.exp``, ``mc.log``, ``mc.sin``, ``mc.cos``, ``mc.tanh``,
    ``mc.sigmoid``, ``mc.relu``) and returns one number.

    - If ``x`` is a number, ``f`` receives one ``Value`` and the derivative comes back as a
      float.
    - If ``x`` is a 1-D array or list, ``f`` receives a 1-D NumPy array of ``Value`` s
      (dtype object), so that ``x[0]``, ``x[1]``, ``x @ w`` and ``np.sum(x**2)`` work as
      they do for numbers; the gradient comes back as a float array shaped like ``x``.

    Further arguments, ``grad(f)(x, *args, **kwargs)``, go to ``f`` unchanged and are not
    differentiated (data, targets, constants).

    Parameters
    ----------
    f : callable
        A function of one scalar or one 1-D array, returning a scalar.

    Returns
    -------
    callable
        ``x, *args, **kwargs -> gradient`` (a float, or a float64 array shaped like ``x``).

    Examples
    --------
    >>> import mlcalc as mc
    >>> df = grad(lambda x: x**3)
    >>> df(2.0)
    12.0
    >>> g = grad(lambda x: x[0] * x[1] + mc.sin(x[0]))
    >>> g([0.0, 3.0])
    array([4., 0.])
    """
    require_callable(f, "f")
    name = getattr(f, "__name__", "f")

    def gradient_of_f(x: Any, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(x, list | tuple) and np.ndim(x) == 0:  # lists: checked below
            node = Value(as_real_scalar(x, "x"))
            _backward_from(f(node, *args, **kwargs))
            return node.grad
        point = as_real_array(x, "x", ndim=1)
        nodes = np.empty(point.shape, dtype=object)
        nodes[:] = [Value(v) for v in point.tolist()]
        _backward_from(f(nodes, *args, **kwargs))
        return np.array([node.grad for node in nodes], dtype=np.float64)

    gradient_of_f.__name__ = f"grad_{name}"
    gradient_of_f.__doc__ = f"The gradient of {name}, computed by reverse mode."
    return gradient_of_f


def _backward_from(out: Any) -> None:
    """Run backward() from what ``f`` returned, or say clearly why that is not possible."""
    if isinstance(out, np.ndarray) and out.shape == ():
        out = out.item()
    if isinstance(out, Value):
        out.backward()
        return
    if isinstance(out, np.ndarray):
        raise TypeError(
            f"f must return a single number to have a gradient, got an array of shape "
            f"{out.shape}; for a function with several outputs use mc.jacobian"
        )
    if isinstance(out, bool) or not isinstance(out, int | float | np.integer | np.floating):
        raise TypeError(
            "f must return one number computed from its argument with Value operations, "
            f"got {describe(out)}"
        )
    # A plain number: f does not depend on x, and every grad stays 0.0.
