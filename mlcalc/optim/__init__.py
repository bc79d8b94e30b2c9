r"""Gradient descent and its variants: the update rules, a driver that records the path, batches.

One idea per file:

* ``mlcalc.optim.rules``: :class:`SGD`, :class:`Momentum`, :class:`Adam`, with the
  conventions of ``torch.optim`` (so the two can be compared step by step);
* ``mlcalc.optim.divergence``: :class:`DivergenceWatch`, which stops a run whose
  iterates (or loss) blow up and warns once with a :class:`DivergenceWarning`;
* ``mlcalc.optim.descent``: :func:`gradient_descent`, which runs a rule on a function
  given by its gradient and keeps every iterate, so a chapter can plot the path;
* ``mlcalc.optim.batches``: :func:`batches`, the batches of batch, stochastic and
  mini-batch gradient descent.
"""

from .batches import batches
from .descent import METHODS, DescentResult, PathRecorder, gradient_descent
from .divergence import EXPLODE_FACTOR, DivergenceWarning, DivergenceWatch
from .rules import SGD, Adam, Momentum, Optimizer

__all__ = [
    "EXPLODE_FACTOR",
    "METHODS",
    "SGD",
    "Adam",
    "DescentResult",
    "DivergenceWarning",
    "DivergenceWatch",
    "Momentum",
    "Optimizer",
    "PathRecorder",
    "batches",
    "gradient_descent",
]
