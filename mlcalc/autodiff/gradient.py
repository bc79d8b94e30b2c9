"""``mc.grad(f)``: the gradient of a function of a number or a vector, by reverse mode."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .._validate import as_real_array, as_real_scalar, describe, require_callable
from .reverse import Value


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
