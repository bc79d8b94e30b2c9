r"""A multilayer perceptron built from the layers of :mod:`mlcalc.nn.layers`."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validate import (
    as_real_array,
    as_real_scalar,
    describe,
    one_of,
    positive_int,
    random_generator,
)
from .layers import ACTIVATION_NAMES, Activation, Dense, Layer, LayerNorm, Residual

INITS = ("auto", "glorot", "he")


def _sizes(sizes: Any) -> list[int]:
    if isinstance(sizes, np.ndarray) and sizes.ndim == 1:
        sizes = sizes.tolist()
    if isinstance(sizes, str | bytes) or not isinstance(sizes, list | tuple):
        raise TypeError(
            f"sizes must be a list of layer widths [n_in, h_1, ..., n_out], got {describe(sizes)}"
        )
    if len(sizes) < 2:
        raise ValueError(
            f"sizes must give at least an input and an output width, e.g. [2, 16, 1], got {sizes!r}"
        )
    return [positive_int(width, f"sizes[{i}]") for i, width in enumerate(sizes)]


def _init_rule(init: Any, activation: str) -> str | float:
    """``"glorot"``, ``"he"``, or the standard deviation ``init`` gives."""
    if isinstance(init, str):
        rule = one_of(init, "init", INITS)
        if rule == "auto":
            rule = "he" if activation == "relu" else "glorot"
        return rule
    if isinstance(init, bool) or not isinstance(init, int | float | np.integer | np.floating):
        raise TypeError(
            f"init must be 'auto', 'glorot', 'he' or a standard deviation (a float), "
            f"got {describe(init)}"
        )
    std = as_real_scalar(init, "init")
    if std < 0:
        raise ValueError(f"init must be a non-negative standard deviation, got {std}")
    return std


def _weight_std(rule: str | float, fan_in: int, fan_out: int) -> float:
    if rule == "glorot":
        return float(np.sqrt(2.0 / (fan_in + fan_out)))
    if rule == "he":
        return float(np.sqrt(2.0 / fan_in))
    return float(rule)


class MLP:
    r"""A fully connected network, float64, built from the layers of :mod:`mlcalc.nn.layers`.

    ``sizes = [n_in, h_1, ..., n_out]``. Each hidden layer computes :math:`z = aW + b`,
    then (with ``norm="layer"``) normalises each row, then applies the activation; with
    ``residual=True`` a hidden layer whose input and output widths are equal adds its
    input, :math:`a \leftarrow a + f(\text{norm}(aW + b))`. The last layer is
    :math:`aW + b` alone: raw scores, to be read by a loss from logits or by MSE.

    Initialisation: weights from a normal with variance :math:`2/(\text{fan_in} +
    \text{fan_out})` (``"glorot"``, the default for sigmoid, tanh and linear) or
    :math:`2/\text{fan_in}` (``"he"``, the default for relu), or with the standard
    deviation ``init`` when it is a number; every layer, the last included, uses the same
    rule. Biases start at 0, layer-norm gains at 1 and shifts at 0. The same ``seed`` gives
    the same weights.

    Parameters
    ----------
    sizes : list of int
        The widths, input first and output last (at least two entries).
    activation : str
        ``"sigmoid"``, ``"tanh"``, ``"relu"`` or ``"linear"``, for every hidden layer.
    seed : int
        Seed of the weights' random draw.
    residual : bool
        Add skip connections around the hidden layers whose widths allow it.
    norm : None or "layer"
        Layer normalisation after each hidden dense layer.
    init : "auto", "glorot", "he" or float
        The initialisation rule, or the standard deviation of every weight.

    Attributes
    ----------
    layers : list of Layer
        The layers in the order the forward pass runs them: ``Dense``, ``LayerNorm``,
        ``Activation`` and ``Residual`` objects (their ``parameters()`` make :attr:`params`).

    Examples
    --------
    >>> net = MLP([2, 3, 1], activation="tanh", seed=0)
    >>> [p.shape for p in net.params]
    [(2, 3), (3,), (3, 1), (1,)]
    >>> out = net.forward(np.array([[0.5, -1.0]]))
    >>> [g.shape for g in net.backward(np.ones_like(out))]
    [(2, 3), (3,), (3, 1), (1,)]
    """

    def __init__(
        self,
        sizes: Any,
        activation: str = "tanh",
        *,
        seed: int = 0,
        residual: bool = False,
        norm: str | None = None,
        init: str | float = "auto",
    ) -> None:
        self.sizes = _sizes(sizes)
        self.activation = one_of(activation, "activation", ACTIVATION_NAMES)
        if not isinstance(residual, bool | np.bool_):
            raise TypeError(f"residual must be True or False, got {describe(residual)}")
        if norm is not None and not isinstance(norm, str):
            raise TypeError(f"norm must be None or 'layer', got {describe(norm)}")
        if norm is not None:
            one_of(norm, "norm", ("layer",))
        self.residual, self.norm = bool(residual), norm
        self.init = _init_rule(init, self.activation)
        rng = random_generator(seed)
        self.layers: list[Layer] = []
        last = len(self.sizes) - 2
        for i, (fan_in, fan_out) in enumerate(zip(self.sizes, self.sizes[1:], strict=False)):
            std = _weight_std(self.init, fan_in, fan_out)
            dense = Dense(std * rng.standard_normal((fan_in, fan_out)), np.zeros(fan_out))
            if i == last:
                self.layers.append(dense)
                break
            block: list[Layer] = [dense]
            if norm == "layer":
                block.append(LayerNorm(fan_out))
            block.append(Activation(self.activation))
            if self.residual and fan_in == fan_out:
                self.layers.append(Residual(block))
            else:
                self.layers.extend(block)
        self._rows: int | None = None

    @property
    def params(self) -> list[np.ndarray]:
        """The arrays an optimiser updates in place, layer by layer:
        ``[W1, b1, (gain1, shift1,) W2, b2, ...]`` (the layers' own arrays, not copies)."""
        return [p for layer in self.layers for p in layer.parameters()]

    def _inputs(self, X: Any) -> np.ndarray:
        inputs = as_real_array(X, "X")
        n_in = self.sizes[0]
        if inputs.ndim != 2 or inputs.shape[1] != n_in:
            hint = f" (for one example use X.reshape(1, {n_in}))" if inputs.ndim == 1 else ""
            raise ValueError(
                f"X must be 2-D with one example per row and {n_in} column(s), shape "
                f"(n, {n_in}), got shape {inputs.shape}{hint}"
            )
        return inputs

    def _run(self, inputs: np.ndarray, keep: bool) -> np.ndarray:
        a = inputs
        for layer in self.layers:
            a = layer.forward(a, keep=keep)
        return a

    def forward(self, X: Any) -> np.ndarray:
        """The outputs ``(n, n_out)`` for the rows of ``X``, keeping what :meth:`backward` needs."""
        inputs = self._inputs(X)
        out = self._run(inputs, keep=True)
        self._rows = len(inputs)
        return out

    def predict(self, X: Any) -> np.ndarray:
        """The outputs ``(n, n_out)`` for the rows of ``X``; nothing is kept for a backward pass."""
        return self._run(self._inputs(X), keep=False)

    def backward(self, dout: Any) -> list[np.ndarray]:
        r"""Gradients of the loss for every parameter, given ``dout`` = ∂L/∂outputs.

        ``dout`` is shaped like the outputs of the last :meth:`forward`. Running the layers
        in reverse, each turns :math:`\delta` into the :math:`\delta` of the layer below
        and stores its own gradients; the input ``X`` needs no gradient, so the first
        layer skips :math:`\delta W^\top`.

        Returns
        -------
        list of numpy.ndarray
            New arrays, aligned with :attr:`params`.
        """
        if self._rows is None:
            raise RuntimeError(
                "backward needs a forward(X) first: forward keeps the values the backward "
                "pass uses (predict keeps nothing)"
            )
        delta = as_real_array(dout, "dout", finite=False)
        expected = (self._rows, self.sizes[-1])
        if delta.shape != expected:
            raise ValueError(
                f"dout must be shaped like the outputs of the last forward, {expected}, "
                f"got shape {delta.shape}"
            )
        self._backward(delta)
        return [g for layer in self.layers for g in layer.gradients()]

    def _backward(self, delta: np.ndarray) -> None:
        for i in range(len(self.layers) - 1, -1, -1):
            delta = self.layers[i].backward(delta, input_grad=i > 0)  # type: ignore[assignment]

    def __repr__(self) -> str:
        count = sum(p.size for p in self.params)
        options = f"activation={self.activation!r}"
        if self.residual:
            options += ", residual=True"
        if self.norm is not None:
            options += f", norm={self.norm!r}"
        return f"MLP({self.sizes}, {options}): {count:,} parameters"
