"""Elementary functions that return their result moved by one ulp: "another machine".

NumPy and PyTorch pick their exp/log/tanh/power... kernels by CPU (SSE, AVX2, AVX-512,
NEON), and libm differs between operating systems, so the last bit of these functions
differs from one reader's machine to the next. :func:`install` replaces them, for one
process, by wrappers that compute the true result and then move every inexact element one
ulp up or down, the direction drawn from a seeded generator of their own (the program's
own random numbers are not touched). A notebook whose printed and glued outputs survive
this run does not depend on the last bit of any of these functions.

What is left as it is, because every implementation returns the same bits:

- results that are exact: 0, +-inf, NaN, and values with a short binary significand
  (at most half of the format's bits: 1.0 = exp(0), 0.5 = sigmoid(0), 1024.0 =
  power(2, 10), 1.0 = tanh(40)). A correctly rounded value of exp, log... at a point
  where it is not exact has a short significand with probability about 2**-26;
- sqrt, +, -, *, / (IEEE 754 requires them correctly rounded) and powers that NumPy and
  PyTorch compute with those operations: exponents 0, 1, 2, -1, 0.5 (and 3, -2, -0.5 in
  torch), given as a scalar;
- integer and object results, and masked-out elements of ``where=``.

What cannot be reached (know it when reading a pass): Python's ``**`` on floats and the
``**`` operator of NumPy arrays (C-level slots), functions called inside compiled code
(torch's cross-entropy, the log inside ``np.logspace``), in-place torch methods (``exp_``)
and names bound before :func:`install` runs (``from numpy import exp`` in a module
imported earlier). The kernel start-up file installs it before the notebook's first cell,
so ``from numpy import exp`` inside a notebook is covered.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import math
import random
import sys
from collections.abc import Callable
from typing import Any

import numpy as np

NUMPY_UFUNCS = (
    "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "logaddexp", "logaddexp2",
    "sin", "cos", "tan", "arcsin", "arccos", "arctan", "arctan2",
    "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh",
    "power", "float_power", "cbrt", "hypot",
)  # fmt: skip
MATH_FUNCTIONS = (
    "exp", "exp2", "expm1", "log", "log2", "log10", "log1p",
    "sin", "cos", "tan", "asin", "acos", "atan", "atan2",
    "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
    "pow", "cbrt", "erf", "erfc", "gamma", "lgamma",
)  # fmt: skip
TORCH_FUNCTIONS = (
    "exp", "exp2", "expm1", "log", "log2", "log10", "log1p",
    "sin", "cos", "tan", "asin", "acos", "atan", "atan2",
    "sinh", "cosh", "tanh", "sigmoid", "pow", "softmax", "log_softmax",
)  # fmt: skip
TORCH_FUNCTIONAL = ("softplus", "logsigmoid", "gelu", "silu", "elu")
# Tensor methods; F.sigmoid, F.tanh, F.softmax and F.log_softmax call these.
TENSOR_METHODS = (
    "exp", "exp2", "expm1", "log", "log2", "log10", "log1p",
    "sin", "cos", "tan", "asin", "acos", "atan", "atan2",
    "sinh", "cosh", "tanh", "sigmoid", "pow", "__pow__", "__rpow__",
    "softmax", "log_softmax",
)  # fmt: skip
# Exponents that NumPy/PyTorch turn into correctly rounded operations (x*x, 1/x, sqrt).
NUMPY_EXACT_EXPONENTS = {0.0, 1.0, 2.0, -1.0, 0.5}
TORCH_EXACT_EXPONENTS = NUMPY_EXACT_EXPONENTS | {3.0, -2.0, -0.5}


class _Directions:
    """Seeded up/down choices, separate from np.random, random and torch's generator."""

    def __init__(self, seed: int) -> None:
        self.arrays = np.random.Generator(np.random.PCG64(seed))
        self.scalars = random.Random(seed)

    def up(self, shape: tuple[int, ...]) -> np.ndarray:
        return self.arrays.random(shape) < 0.5


def _short_significand(values: np.ndarray) -> np.ndarray:
    """True where the binary significand uses at most half of the format's bits."""
    bits = np.finfo(values.dtype).nmant // 2
    scaled = np.ldexp(np.frexp(values)[0], bits)
    return scaled == np.floor(scaled)


def _nudged_real(values: Any, directions: _Directions, mask: Any = True) -> np.ndarray:
    values = np.asarray(values)
    move = np.isfinite(values) & ~_short_significand(values) & mask
    targets = np.where(directions.up(values.shape), np.inf, -np.inf).astype(values.dtype)
    return np.where(move, np.nextafter(values, targets), values)


def nudge_array(result: Any, directions: _Directions, mask: Any = True) -> Any:
    """``result`` (a NumPy array or scalar) with each inexact element moved by one ulp."""
    if type(result) is not np.ndarray and not isinstance(result, np.generic):
        return result  # array subclasses, objects built by someone else's __array_ufunc__
    kind = result.dtype.kind
    if kind == "f":
        nudged = _nudged_real(result, directions, mask)
    elif kind == "c":
        nudged = np.empty_like(np.asarray(result))
        nudged.real = _nudged_real(np.real(result), directions, mask)
        nudged.imag = _nudged_real(np.imag(result), directions, mask)
    else:
        return result
    return nudged if isinstance(result, np.ndarray) else nudged[()]


class NudgedUfunc:
    """Calls the ufunc, then nudges its result; everything else is the ufunc's."""

    def __init__(self, ufunc: np.ufunc, directions: _Directions) -> None:
        self._ufunc = ufunc
        self._directions = directions

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        result = self._ufunc(*args, **kwargs)
        if self._ufunc.__name__ in ("power", "float_power") and _exact_power(args):
            return result
        mask = kwargs.get("where", True)
        out = kwargs.get("out")
        nudged = nudge_array(result, self._directions, mask)
        if out is not None and nudged is not result:
            np.copyto(result, nudged)  # out= promised the values would be written there
            return result
        return nudged

    def __getattr__(self, name: str) -> Any:  # nin, nout, reduce, outer, __name__...
        return getattr(self._ufunc, name)

    def __repr__(self) -> str:
        return repr(self._ufunc)


def _exact_power(args: tuple[Any, ...]) -> bool:
    exponent = args[1] if len(args) > 1 else None
    if not isinstance(exponent, int | float | np.number):
        return False  # an array of exponents: the general kernel
    return float(exponent) in NUMPY_EXACT_EXPONENTS


def _nudged_math(function: Callable[..., Any], directions: _Directions) -> Callable[..., Any]:
    def nudged(*args: Any) -> Any:
        result = function(*args)
        if type(result) is not float or not math.isfinite(result):
            return result
        scaled = math.ldexp(math.frexp(result)[0], 26)  # _short_significand, for one float
        if scaled == math.floor(scaled):
            return result
        return math.nextafter(result, math.inf if directions.scalars.random() < 0.5 else -math.inf)

    nudged.__name__ = function.__name__
    nudged.__doc__ = function.__doc__
    return nudged


def nudge_tensor(result: Any, directions: _Directions) -> Any:
    """Moves each inexact element of a floating tensor by one ulp.

    A plain tensor is changed in place through ``.data``: autograd records no extra
    operation (``grad_fn`` stays ``ExpBackward0``) and the backward pass uses the moved
    values, as on a machine that computed them. Inside ``torch.func`` transforms (a jvp's
    dual tensors have no storage) a constant offset is added instead: the value moves,
    the tangent does not.
    """
    import torch

    # Half the stored significand bits of each format, as in _short_significand.
    half_bits = {torch.float64: 26, torch.float32: 11, torch.float16: 5}
    if not isinstance(result, torch.Tensor) or result.dtype not in half_bits:
        return result
    with torch.no_grad():
        values = result.detach()
        scaled = torch.frexp(values).mantissa * 2.0 ** half_bits[values.dtype]
        move = torch.isfinite(values) & (scaled != torch.floor(scaled))
        up = torch.as_tensor(directions.up(tuple(values.shape)))
        targets = torch.where(up, torch.inf, -torch.inf).to(values.dtype)
        moved = torch.where(move, torch.nextafter(values, targets), values)
        if torch._C._functorch.is_functorch_wrapped_tensor(result):
            offset = moved - values
        else:
            result.data.copy_(moved)
            return result
    return result + offset


def _nudged_torch(function: Callable[..., Any], directions: _Directions) -> Callable[..., Any]:
    def nudged(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        if function.__name__ in ("pow", "__pow__"):  # in __rpow__ args[1] is the base
            exponent = args[1] if len(args) > 1 else kwargs.get("exponent")
            if isinstance(exponent, int | float) and float(exponent) in TORCH_EXACT_EXPONENTS:
                return result
        return nudge_tensor(result, directions)

    nudged.__name__ = getattr(function, "__name__", "nudged")
    nudged.__doc__ = function.__doc__
    return nudged


def install_torch(directions: _Directions) -> None:
    """Replace torch's elementary functions and tensor methods (torch already imported)."""
    import torch
    import torch.nn.functional as F
    from torch.jit._builtins import _find_builtin, _register_builtin

    for owner, names in (
        (torch, TORCH_FUNCTIONS),
        (torch.special, ("expit",)),
        (F, TORCH_FUNCTIONAL),
        (torch.Tensor, TENSOR_METHODS),
    ):
        for name in names:
            original = getattr(owner, name)
            nudged = _nudged_torch(original, directions)
            # TorchScript (torch.func.jvp compiles decompositions that call torch.exp...)
            # must still see the ATen operator, not a Python function it cannot compile.
            operator = _find_builtin(original)
            if operator is not None:
                _register_builtin(nudged, operator)
            setattr(owner, name, nudged)


class _InstallAfterTorchImport(importlib.abc.MetaPathFinder):
    """Patches torch when the notebook first imports it (importing it here costs ~1 s)."""

    def __init__(self, directions: _Directions) -> None:
        self.directions = directions

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != "torch":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec("torch")
        if spec is None or spec.loader is None:
            return spec
        execute = spec.loader.exec_module

        def exec_module(module: Any) -> None:
            execute(module)
            install_torch(self.directions)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def install(seed: int = 0) -> None:
    """Replace the elementary functions of numpy and math now, and torch's on import."""
    directions = _Directions(seed)
    for name in NUMPY_UFUNCS:
        setattr(np, name, NudgedUfunc(getattr(np, name), directions))
    for name in MATH_FUNCTIONS:
        if hasattr(math, name):
            setattr(math, name, _nudged_math(getattr(math, name), directions))
    if "torch" in sys.modules:
        install_torch(directions)
    else:
        sys.meta_path.insert(0, _InstallAfterTorchImport(directions))
