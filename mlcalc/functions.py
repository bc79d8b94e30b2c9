"""Activation functions and the elementary functions, for numbers, arrays and graph nodes.

Each function here accepts a Python number, a NumPy array (elementwise), or a node of an
automatic-differentiation graph (:class:`~mlcalc.autodiff.Value`,
:class:`~mlcalc.autodiff.Dual`). A node is
recognised by having a method of the same name (``x.exp()``), so ``mc.exp(x)`` builds the
graph when ``x`` is a node and computes a number otherwise: one formula serves both. The
formulas themselves, values and slopes, are the table of :mod:`mlcalc.elementary`.

Overflow: a result beyond the largest float (about 1.8e308) for a finite input raises
``OverflowError`` naming the function and its argument (``exp(1000.0)``); nothing here
returns inf for a finite input or warns. Functions that saturate (sigmoid, tanh, their
slopes) give their exact limits instead, with no warning, for any size of input.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validate import as_real_array
from .elementary import ARRAY, RULES


def _node_method(x: Any, name: str) -> Any:
    """The bound method ``x.name`` when ``x`` is a graph node, else ``None``.

    An object array (of nodes, as ``mc.grad`` passes to a function of a vector) gets a
    callable that applies the function entry by entry, so ``mc.exp(x)`` works on it as
    ``np.exp(x)`` does.
    """
    if isinstance(x, np.ndarray) and x.dtype == object:
        return lambda: np.frompyfunc(globals()[name], 1, 1)(x)
    if isinstance(x, np.ndarray | float | int | np.generic):
        return None
    return getattr(x, name, None)


def _numeric(x: Any, name: str = "x") -> np.ndarray:
    # Complex input is let through so that complex-step differentiation works on these
    # functions; every formula below is analytic in x away from ReLU's kink.
    try:
        is_complex = np.iscomplexobj(x)
    except (TypeError, ValueError):  # a ragged list: as_real_array says so, naming x
        is_complex = False
    if is_complex:
        return np.asarray(x, dtype=np.complex128)
    array = as_real_array(x, name, finite=False, allow_empty=True)
    # inf is a fair input (sigmoid(inf) = 1); NaN is not, and relu would hide it as 0.
    if np.isnan(array).any():
        raise ValueError(f"{name} must not contain NaN, got {x!r}")
    return array


def _like_input(x: Any, result: np.ndarray) -> Any:
    """Give back a float for a scalar input and an array for an array input."""
    if np.ndim(x) != 0:
        return result
    return complex(result) if np.iscomplexobj(result) else float(result)


def _evaluate(name: str, x: Any, z: np.ndarray, *, slope: bool = False) -> Any:
    """The value (or the slope) of the table's function ``name`` at the checked input ``z``.

    NumPy's warnings are silenced while the formula runs (``tanh_prime(1e308)`` overflows
    in ``-2|x|`` on the way to its exact answer 0); a result that is still not finite
    where the input is raises the package's ``OverflowError``.
    """
    rule = RULES[name]
    with np.errstate(all="ignore"):
        value = rule.value(z, ARRAY)
        result = rule.slope(z, value, ARRAY) if slope else value
        overflowed = ~np.isfinite(result) & np.isfinite(z)
    if np.any(overflowed):
        where = np.asarray(z)[overflowed].ravel()[0].item()
        what = f"the derivative of {name}" if slope else name
        raise OverflowError(
            f"{what}({where!r}) overflows: the result is beyond the largest float (about "
            f"1.8e308); rescale x, or use a form that stays finite (log-sum-exp, sigmoid)"
        )
    return _like_input(x, result)


def sigmoid(x: Any) -> Any:
    r"""The logistic sigmoid :math:`\sigma(x) = 1 / (1 + e^{-x})`.

    Computed without overflow for any size of ``x``: for negative ``x`` the equivalent
    form :math:`e^{x}/(1+e^{x})` is used, so ``sigmoid(-1000)`` is ``0.0`` with no warning.

    >>> sigmoid(0.0)
    0.5
    """
    method = _node_method(x, "sigmoid")
    if method is not None:
        return method()
    return _evaluate("sigmoid", x, _numeric(x))


def sigmoid_prime(x: Any) -> Any:
    r"""Derivative of the sigmoid, :math:`\sigma'(x) = \sigma(x)\,(1 - \sigma(x))`.

    Evaluated as :math:`e^{-|x|} / (1 + e^{-|x|})^2`, which keeps full relative accuracy in
    both tails: :math:`\sigma(1 - \sigma)` cancels for large positive x (at x = 20 it
    loses 8 significant digits, and from x = 37 on it is exactly 0).

    >>> sigmoid_prime(0.0)
    0.25
    """
    return _evaluate("sigmoid", x, _numeric(x), slope=True)


def tanh(x: Any) -> Any:
    r"""The hyperbolic tangent :math:`\tanh x = (e^{x} - e^{-x}) / (e^{x} + e^{-x})`.

    >>> tanh(0.0)
    0.0
    """
    method = _node_method(x, "tanh")
    if method is not None:
        return method()
    return _evaluate("tanh", x, _numeric(x))


def tanh_prime(x: Any) -> Any:
    r"""Derivative of tanh, :math:`1 - \tanh^2 x = \operatorname{sech}^2 x`.

    Evaluated as :math:`4e^{-2|x|} / (1 + e^{-2|x|})^2`, which keeps full relative accuracy
    in the tails where :math:`1 - \tanh^2 x` cancels (at :math:`x = 7` it loses 10
    significant digits) and never overflows.

    >>> tanh_prime(0.0)
    1.0
    """
    return _evaluate("tanh", x, _numeric(x), slope=True)


def relu(x: Any) -> Any:
    r"""The rectified linear unit :math:`\max(0, x)`.

    >>> relu(-2.0), relu(3.0)
    (0.0, 3.0)
    """
    method = _node_method(x, "relu")
    if method is not None:
        return method()
    return _evaluate("relu", x, _numeric(x))


def relu_prime(x: Any) -> Any:
    r"""Derivative of ReLU: 1 for :math:`x > 0`, 0 for :math:`x < 0`.

    At the kink :math:`x = 0` ReLU has no derivative; like PyTorch, we return 0 there
    (any value in :math:`[0, 1]` is a valid subgradient).

    >>> relu_prime(-1.0), relu_prime(0.0), relu_prime(2.0)
    (0.0, 0.0, 1.0)
    """
    return _evaluate("relu", x, _numeric(x), slope=True)


def exp(x: Any) -> Any:
    """:math:`e^x` for numbers, arrays and graph nodes.

    ``OverflowError`` for x > 709.78, where :math:`e^x` is beyond the largest float.

    >>> exp(0.0)
    1.0
    """
    method = _node_method(x, "exp")
    if method is not None:
        return method()
    return _evaluate("exp", x, _numeric(x))


def log(x: Any) -> Any:
    r"""The natural logarithm :math:`\ln x` (:math:`x > 0`), for numbers, arrays and graph nodes.

    Raises ``ValueError`` for a number or array entry that is not positive, rather than
    returning NaN or ``-inf`` silently.

    >>> log(1.0)
    0.0
    """
    method = _node_method(x, "log")
    if method is not None:
        return method()
    z = _numeric(x)
    if np.any(~(np.real(z) > 0)):
        raise ValueError(f"log needs x > 0, got {x!r}")
    return _evaluate("log", x, z)


def sin(x: Any) -> Any:
    r""":math:`\sin x` for numbers, arrays and graph nodes; its derivative is :math:`\cos x`.

    >>> sin(0.0)
    0.0
    """
    method = _node_method(x, "sin")
    if method is not None:
        return method()
    return _evaluate("sin", x, _periodic_argument(x))


def cos(x: Any) -> Any:
    r""":math:`\cos x` for numbers, arrays and graph nodes; its derivative is :math:`-\sin x`.

    >>> cos(0.0)
    1.0
    """
    method = _node_method(x, "cos")
    if method is not None:
        return method()
    return _evaluate("cos", x, _periodic_argument(x))


def _periodic_argument(x: Any) -> np.ndarray:
    # sin and cos have no limit at +-inf: NumPy would return NaN with a RuntimeWarning.
    z = _numeric(x)
    if np.isinf(z).any():
        raise ValueError(f"x must be finite for sin and cos, got {x!r}")
    return z


# --- slopes from the output, as backpropagation uses them ----------------------------
# The forward pass of a network keeps each activation's output a = f(z); these give f'(z)
# from that a, without another exp (the formulas PyTorch's backward uses too). In the
# tails they lose the relative accuracy that sigmoid_prime / tanh_prime keep (1 - a^2 is
# exactly 0 once tanh rounds to 1), but their absolute error stays at the rounding level
# of the largest slope (1 for tanh, 1/4 for the sigmoid), which is what a gradient summed
# over many examples sees.


def _output(a: Any) -> np.ndarray:
    # A float64 array is the network's own activation: used as it is (this is the inner
    # loop of backpropagation); anything else is checked like any other input.
    if type(a) is np.ndarray and a.dtype == np.float64:
        return a
    return np.real(_numeric(a, "a"))


def sigmoid_prime_from_output(a: Any) -> Any:
    r"""The sigmoid's slope written with its output :math:`a = \sigma(z)`: :math:`a(1 - a)`.

    >>> sigmoid_prime_from_output(sigmoid(0.0))
    0.25
    """
    s = _output(a)
    return _like_input(a, s * (1.0 - s))


def tanh_prime_from_output(a: Any) -> Any:
    r"""tanh's slope written with its output :math:`a = \tanh z`: :math:`1 - a^2`.

    >>> tanh_prime_from_output(tanh(0.0))
    1.0
    """
    t = _output(a)
    return _like_input(a, 1.0 - t * t)


def relu_prime_from_output(a: Any) -> Any:
    r"""ReLU's slope written with its output :math:`a = \max(0, z)`: 1 where :math:`a > 0`.

    :math:`a > 0` exactly when :math:`z > 0`, so this equals :func:`relu_prime` everywhere,
    the kink included (0 there).

    >>> relu_prime_from_output(relu(-1.0)), relu_prime_from_output(relu(2.0))
    (0.0, 1.0)
    """
    return _like_input(a, (_output(a) > 0.0).astype(np.float64))
