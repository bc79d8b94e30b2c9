r"""The layers of a network, each with its forward pass and its backward pass side by side.

Row-vector convention: a batch is an array with one example per row, and a dense layer
computes :math:`z = aW + b` with :math:`W` shaped ``(fan_in, fan_out)``. Every layer has

* ``forward(a)``: the layer's output, keeping what the backward pass will need;
* ``backward(delta)``: given :math:`\delta = \partial L/\partial(\text{output})`, it
  stores the gradients of the layer's own parameters and returns
  :math:`\partial L/\partial(\text{input})`, the :math:`\delta` of the layer below;
* ``parameters()`` and ``gradients()``: the arrays an optimiser updates, and the
  gradients the last ``backward`` computed for them, in the same order.

Reading the backward passes top to bottom gives the equations of backpropagation:
:class:`Dense` is :math:`\partial L/\partial W = a^\top\delta`,
:math:`\partial L/\partial b = \sum_{\text{rows}}\delta`,
:math:`\partial L/\partial a = \delta W^\top`; :class:`Activation` is
:math:`\delta \odot \sigma'(z)`; chained, they give
:math:`\delta_{\text{prev}} = (\delta W^\top) \odot \sigma'(z_{\text{prev}})`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .. import functions
from .._validate import as_real_array, one_of, positive_real
from ..elementary import ARRAY, RULES


def _table_value(name: str) -> Callable[[np.ndarray], np.ndarray]:
    """The function ``name`` on arrays, as the derivative table (:mod:`mlcalc.elementary`)
    writes it. A layer's input is the network's own array, checked where it entered
    (``MLP.forward``), so the checks ``mc.<name>`` makes of a user's input are skipped."""
    value = RULES[name].value
    return lambda z: value(z, ARRAY)


def _relu(z: np.ndarray) -> np.ndarray:
    r"""ReLU, :math:`\max(0, z)` as the table says, computed without a branch per entry.

    The table's ``where`` form costs ten times as much on entries of random sign (each one
    a mispredicted branch), which a training step of a ReLU network would feel.
    """
    out = np.maximum(z, 0.0)
    out += 0.0  # -0.0 becomes +0.0 whichever zero the CPU's max instruction returned
    return out


#: The activations a layer may use: the function, and its slope written with the output
#: ``a = f(z)`` (from :mod:`mlcalc.functions`), so the backward pass needs only ``a``.
ACTIVATIONS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "sigmoid": (_table_value("sigmoid"), functions.sigmoid_prime_from_output),
    "tanh": (_table_value("tanh"), functions.tanh_prime_from_output),
    "relu": (_relu, functions.relu_prime_from_output),
}
ACTIVATION_NAMES = (*ACTIVATIONS, "linear")


def _kept(value: Any, layer: Layer) -> Any:
    if value is None:
        raise RuntimeError(
            f"{layer!r}: backward needs a forward pass first (forward keeps what backward "
            "uses; predict keeps nothing)"
        )
    return value


class Layer(ABC):
    """What every layer offers: forward, backward, parameters and their gradients."""

    @abstractmethod
    def forward(self, a: np.ndarray, *, keep: bool = True) -> np.ndarray:
        """The layer's output for the batch ``a``; with ``keep``, what backward needs is kept."""

    @abstractmethod
    def backward(self, delta: np.ndarray, *, input_grad: bool = True) -> np.ndarray | None:
        """Store the parameters' gradients and return ∂L/∂(input) (``None`` if not wanted)."""

    def parameters(self) -> list[np.ndarray]:
        """The arrays an optimiser updates (in place), in a fixed order."""
        return []

    def gradients(self) -> list[np.ndarray]:
        """The gradients the last :meth:`backward` computed, aligned with :meth:`parameters`."""
        return []


class Dense(Layer):
    r"""A fully connected layer, :math:`z = aW + b`.

    ``weights`` is shaped ``(fan_in, fan_out)`` and ``bias`` ``(fan_out,)``; both are
    copied into float64 arrays that the layer owns and an optimiser updates in place.

    >>> layer = Dense(np.array([[1.0, 0.0], [0.0, 2.0]]), np.array([0.5, 0.0]))
    >>> layer.forward(np.array([[1.0, 1.0]]))
    array([[1.5, 2. ]])
    >>> layer.backward(np.array([[1.0, -1.0]]))  # delta W^T
    array([[ 1., -2.]])
    >>> layer.gradients()  # a^T delta, and delta summed over the rows
    [array([[ 1., -1.],
           [ 1., -1.]]), array([ 1., -1.])]
    """

    def __init__(self, weights: Any, bias: Any) -> None:
        # Column-major, as torch keeps its (fan_out, fan_in) weight: BLAS writes the weight
        # gradient aᵀδ about 15% faster in this layout, and the update then runs over both
        # arrays in memory order.
        self.W = np.asfortranarray(as_real_array(weights, "weights", ndim=2), dtype=np.float64)
        if self.W is weights:
            self.W = self.W.copy(order="F")
        self.b = as_real_array(bias, "bias", ndim=1).copy()
        if self.b.shape != (self.W.shape[1],):
            raise ValueError(
                f"bias must have one entry per column of weights, shape ({self.W.shape[1]},), "
                f"got shape {self.b.shape}"
            )
        self._input: np.ndarray | None = None
        self.dW: np.ndarray | None = None
        self.db: np.ndarray | None = None

    def forward(self, a: np.ndarray, *, keep: bool = True) -> np.ndarray:
        z = a @ self.W
        z += self.b
        if keep:
            self._input = a
        return z

    def backward(self, delta: np.ndarray, *, input_grad: bool = True) -> np.ndarray | None:
        a = _kept(self._input, self)
        # ∂L/∂W = aᵀ δ: one outer product per example, summed (laid out like W)
        self.dW = np.matmul(a.T, delta, out=np.empty_like(self.W))
        self.db = delta.sum(axis=0)  # ∂L/∂b = δ summed over the rows
        if not input_grad:
            return None
        # ∂L/∂a = δ Wᵀ (np.dot rather than @: for a one-unit layer, matmul's (n, 1) @ (1, m)
        # leaves BLAS and takes twice as long)
        return np.dot(delta, self.W.T)

    def parameters(self) -> list[np.ndarray]:
        return [self.W, self.b]

    def gradients(self) -> list[np.ndarray]:
        return [_kept(self.dW, self), _kept(self.db, self)]

    def __repr__(self) -> str:
        return f"Dense({self.W.shape[0]} → {self.W.shape[1]})"


class LayerNorm(Layer):
    r"""Normalise each row over its features, then scale and shift (``torch.nn.LayerNorm``).

    .. math:: \hat z = \frac{z - \mu}{\sqrt{v + \text{eps}}}, \qquad
       \text{out} = \hat z \odot \text{gain} + \text{shift}

    with :math:`\mu` and :math:`v` the mean and the (biased) variance of the row. ``gain``
    starts at ones and ``shift`` at zeros; both are learned.

    >>> norm = LayerNorm(2)
    >>> norm.forward(np.array([[1.0, 3.0]])).round(6)
    array([[-0.999995,  0.999995]])
    """

    def __init__(self, width: int, *, eps: float = 1e-5) -> None:
        self.gain = np.ones(width)
        self.shift = np.zeros(width)
        self.eps = positive_real(eps, "eps")
        self._normalised: np.ndarray | None = None
        self._inv_std: np.ndarray | None = None
        self.dgain: np.ndarray | None = None
        self.dshift: np.ndarray | None = None

    def forward(self, z: np.ndarray, *, keep: bool = True) -> np.ndarray:
        centred = z - z.mean(axis=1, keepdims=True)
        inv_std = 1.0 / np.sqrt(np.mean(centred * centred, axis=1, keepdims=True) + self.eps)
        normalised = centred
        normalised *= inv_std
        if keep:
            self._normalised, self._inv_std = normalised, inv_std
        out = normalised * self.gain
        out += self.shift
        return out

    def backward(self, delta: np.ndarray, *, input_grad: bool = True) -> np.ndarray | None:
        normalised = _kept(self._normalised, self)
        self.dgain = np.einsum("ij,ij->j", delta, normalised)  # Σ_rows δ ⊙ ẑ
        self.dshift = delta.sum(axis=0)  # Σ_rows δ
        if not input_grad:
            return None
        # Through ẑ = (z - μ)/s every entry of a row also moves μ and s: two mean terms.
        g = delta * self.gain  # ∂L/∂ẑ
        mean_g = g.mean(axis=1, keepdims=True)
        mean_g_normalised = np.mean(g * normalised, axis=1, keepdims=True)
        g -= mean_g
        g -= normalised * mean_g_normalised
        g *= _kept(self._inv_std, self)  # ∂L/∂z = (g - mean(g) - ẑ ⊙ mean(g ⊙ ẑ)) / s
        return g

    def parameters(self) -> list[np.ndarray]:
        return [self.gain, self.shift]

    def gradients(self) -> list[np.ndarray]:
        return [_kept(self.dgain, self), _kept(self.dshift, self)]

    def __repr__(self) -> str:
        return f"LayerNorm({self.gain.size})"


class Activation(Layer):
    r"""An activation applied entry by entry, :math:`a = f(z)`; backward :math:`\delta \odot f'(z)`.

    ``name`` is ``"sigmoid"``, ``"tanh"``, ``"relu"`` or ``"linear"`` (the identity). The
    forward pass keeps the output :math:`a` and the backward pass takes the slope from it
    (:math:`1 - a^2` for tanh, :math:`a(1 - a)` for the sigmoid, :math:`[a > 0]` for ReLU;
    :mod:`mlcalc.functions` defines them).

    >>> act = Activation("tanh")
    >>> act.forward(np.array([[0.0, 10.0]])).round(6)
    array([[0., 1.]])
    >>> act.backward(np.array([[2.0, 2.0]])).round(6)
    array([[2., 0.]])
    """

    def __init__(self, name: str) -> None:
        self.name = one_of(name, "activation", ACTIVATION_NAMES)
        rule = ACTIVATIONS.get(self.name)
        self._function: Callable[[Any], Any] | None = rule[0] if rule else None
        self._slope: Callable[[Any], Any] | None = rule[1] if rule else None
        self._output: np.ndarray | None = None

    def forward(self, z: np.ndarray, *, keep: bool = True) -> np.ndarray:
        a = z if self._function is None else self._function(z)
        if keep:
            self._output = a
        return a

    def backward(self, delta: np.ndarray, *, input_grad: bool = True) -> np.ndarray | None:
        a = _kept(self._output, self)
        if not input_grad:
            return None
        if self._slope is None:  # linear: f'(z) = 1
            return delta
        grad = self._slope(a)  # f'(z), a fresh array: the product is written into it
        grad *= delta  # δ ⊙ f'(z)
        return grad

    def __repr__(self) -> str:
        return f"Activation({self.name!r})"


class Residual(Layer):
    r"""A block with a skip connection: :math:`\text{out} = a + \text{block}(a)`.

    The gradient reaches the input along both paths and adds:
    :math:`\partial L/\partial a = \delta + \text{block.backward}(\delta)`. The skip path
    passes :math:`\delta` on unchanged, which is why deep residual networks still train.
    """

    def __init__(self, layers: Sequence[Layer]) -> None:
        self.layers = list(layers)
        if not self.layers or not all(isinstance(layer, Layer) for layer in self.layers):
            raise TypeError(f"layers must be a non-empty list of layers, got {layers!r}")
        self._kept = False

    def forward(self, a: np.ndarray, *, keep: bool = True) -> np.ndarray:
        out = a
        for layer in self.layers:
            out = layer.forward(out, keep=keep)
        self._kept = self._kept or keep
        return a + out

    def backward(self, delta: np.ndarray, *, input_grad: bool = True) -> np.ndarray | None:
        _kept(True if self._kept else None, self)
        through = delta
        for i in range(len(self.layers) - 1, -1, -1):
            grad_in = self.layers[i].backward(through, input_grad=input_grad or i > 0)
            through = grad_in  # type: ignore[assignment]
        return delta + through if input_grad else None

    def parameters(self) -> list[np.ndarray]:
        return [p for layer in self.layers for p in layer.parameters()]

    def gradients(self) -> list[np.ndarray]:
        return [g for layer in self.layers for g in layer.gradients()]

    def __repr__(self) -> str:
        return f"Residual({self.layers!r})"
