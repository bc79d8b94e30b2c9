r"""Neural networks from layers whose backward passes are the equations of backpropagation.

* :mod:`~mlcalc.nn.layers`: :class:`~mlcalc.nn.layers.Dense`,
  :class:`~mlcalc.nn.layers.LayerNorm`, :class:`~mlcalc.nn.layers.Activation` and
  :class:`~mlcalc.nn.layers.Residual`, each with ``forward`` and ``backward`` side by
  side and its own ``parameters()`` / ``gradients()``;
* :class:`MLP`: a stack of them, with ``params``, ``forward``, ``backward``, ``predict``;
* :func:`train`: epochs of mini-batches with any :mod:`mlcalc.optim` optimiser, returning
  a :class:`History` of the loss.
* :mod:`~mlcalc.nn.diagnostics`: chapter 14's tools,
  :func:`~mlcalc.nn.diagnostics.weight_gradient_norms` (the gradient's size layer by layer)
  and :func:`~mlcalc.nn.diagnostics.clip_grad_norm` (gradient-norm clipping).

Conventions (those of the book from chapter 8 on): a batch has one example per row, a
dense layer computes :math:`z = aW + b` with ``W`` shaped ``(fan_in, fan_out)``, and
:math:`\delta = \partial L/\partial z`, so :math:`\partial L/\partial W = a^\top\delta`
and :math:`\delta_{\text{prev}} = (\delta W^\top) \odot \sigma'(z_{\text{prev}})`.
Everything is float64; gradients equal ``torch.autograd``'s on the same weights.

Progress bars: :func:`train` draws one (with ``tqdm``, imported only then) when
``progress=True``. By default (``progress=None``) it draws one only when standard error
is a terminal and the ``CI`` environment variable is unset: a script or IPython in a
shell shows it; a Jupyter kernel (JupyterLab, nbval, nbconvert, the book's build), a pipe
or CI never do. In a notebook, ask for it with ``progress=True``.

>>> import mlcalc as mc
>>> net = mc.nn.MLP([2, 16, 1], activation="relu", seed=0)
>>> net
MLP([2, 16, 1], activation='relu'): 65 parameters
"""

from .diagnostics import clip_grad_norm, weight_gradient_norms
from .layers import ACTIVATIONS, Activation, Dense, Layer, LayerNorm, Residual
from .mlp import MLP
from .train import History, train

__all__ = [
    "ACTIVATIONS",
    "MLP",
    "Activation",
    "Dense",
    "History",
    "Layer",
    "LayerNorm",
    "Residual",
    "clip_grad_norm",
    "train",
    "weight_gradient_norms",
]
