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

from .forward import Dual
from .gradient import grad
from .reverse import Value, topological_order

__all__ = ["Dual", "Value", "grad", "topological_order"]
