"""Reverse mode: :class:`Value`, a scalar node of a computation graph, and the walk that
:meth:`Value.backward` takes through it (:func:`topological_order`)."""

from __future__ import annotations

import math

from .._validate import as_real_scalar, describe
from .rules import log_argument, new_object, operand, power_rule, quotient_rule, unary_rule


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
        return _node(self.data + operand(other, "Value", "+"), "+", self, 1.0)

    def __mul__(self, other: Value | float) -> Value:
        # d(a * b)/da = b, d(a * b)/db = a
        if isinstance(other, Value):
            return _node(self.data * other.data, "*", self, other.data, other, self.data)
        b = operand(other, "Value", "*")
        return _node(self.data * b, "*", self, b)

    def __neg__(self) -> Value:
        # d(-a)/da = -1
        return _node(-self.data, "neg", self, -1.0)

    def __sub__(self, other: Value | float) -> Value:
        # a - b = a + (-b): negation is exact in floating point, so nothing is lost
        if isinstance(other, Value):
            return self + (-other)
        return self + (-operand(other, "Value", "-"))

    def __truediv__(self, other: Value | float) -> Value:
        # d(a/b)/da = 1/b, d(a/b)/db = -a/b^2 = -(a/b)/b. A direct quotient, rather than
        # a * b**-1, is correctly rounded: Value(0.3) / 0.1 then gives exactly 0.3 / 0.1.
        if isinstance(other, Value):
            quotient, d_a, d_b = quotient_rule(self.data, other.data, wrt_a=True, wrt_b=True)
            return _node(quotient, "/", self, d_a, other, d_b)
        b = operand(other, "Value", "/")
        quotient, d_a, _ = quotient_rule(self.data, b, wrt_a=True, wrt_b=False)
        return _node(quotient, "/", self, d_a)

    def __pow__(self, other: Value | float) -> Value:
        # d(a^p)/da = p a^(p-1); d(a^p)/dp = a^p log a, when the exponent is a node too
        if isinstance(other, Value):
            value, d_base, d_exponent = power_rule(self.data, other.data, wrt_exponent=True)
            return _node(value, "**", self, d_base, other, d_exponent)
        exponent = operand(other, "Value", "**")
        value, d_base, _ = power_rule(self.data, exponent, wrt_exponent=False)
        return _node(value, "**", self, d_base)

    def __radd__(self, other: float) -> Value:  # other + self
        return self + other

    def __rmul__(self, other: float) -> Value:  # other * self
        return self * other

    def __rsub__(self, other: float) -> Value:  # other - self = (-self) + other
        return (-self) + operand(other, "Value", "-")

    def __rtruediv__(self, other: float) -> Value:  # other / self
        # d(c/b)/db = -c/b^2
        a = operand(other, "Value", "/")
        quotient, _, d_b = quotient_rule(a, self.data, wrt_a=False, wrt_b=True)
        return _node(quotient, "/", self, d_b)

    def __rpow__(self, other: float) -> Value:  # other ** self
        # d(c^x)/dx = c^x log c
        base = operand(other, "Value", "**")
        value, _, d_exponent = power_rule(base, self.data, wrt_exponent=True)
        return _node(value, "**", self, d_exponent)

    # The unary functions take their value and slope from the table of mlcalc.elementary.

    def exp(self) -> Value:
        r""":math:`e^x`, whose derivative is :math:`e^x` itself.

        ``OverflowError`` for x > 709.78, where :math:`e^x` is beyond the largest float.
        """
        return _unary_node("exp", self)

    def log(self) -> Value:
        r""":math:`\ln x` for x > 0, with derivative :math:`1/x`."""
        log_argument(self.data)
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


def _unary_node(name: str, x: Value) -> Value:
    value, slope = unary_rule(name, x.data)
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
    out = new_object(Value)
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
    (:meth:`Value.backward` walks it backwards; :func:`mlcalc.plot.graphs.graph` draws it). With
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
