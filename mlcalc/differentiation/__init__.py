r"""Numerical derivatives: difference quotients, the complex step and Richardson extrapolation.

Every function here estimates derivatives of a function that we can only *evaluate*. The
methods trade accuracy against cost and against what they ask of ``f``:

==============  ===========================================  ===================  =========
method          formula                                      median rel. error    f calls
==============  ===========================================  ===================  =========
``forward``     :math:`(f(x+h) - f(x)) / h`                  2e-8                 2
``backward``    :math:`(f(x) - f(x-h)) / h`                  2e-8                 2
``central``     :math:`(f(x+h) - f(x-h)) / 2h`               2e-11                3-5
``complex``     :math:`\operatorname{Im} f(x + ih) / h`      1e-16 (analytic f)   2
``richardson``  central differences at h, h/2, h/4, ...      4e-15                ~20
                extrapolated to :math:`h \to 0`
``auto``        the complex step, checked against real       1e-16                5-8
                differences; Richardson if the check fails
==============  ===========================================  ===================  =========

(Medians over the 451 points of ``bench/derivatives.py``; f calls include f(x) itself.)

The complex step has no subtraction, hence no cancellation: it is exact to rounding, but
only for code that is analytic in ``x`` (no ``abs``, no branches on ``x``, no casts to
float). ``auto`` therefore never trusts it blindly: it compares it with real-arithmetic
differences and falls back to Richardson extrapolation when they disagree.

Two conventions hold throughout:

* **Exact steps.** A step is replaced by ``(x + h) - x``, and a difference quotient divides by
  the distance between the points actually evaluated, so the rounding of ``x + h`` does not
  turn into an error of order ``eps * |x| / h`` in the result.
* **Domain edges.** When ``f`` is not finite at a trial point (``log`` just right of 0,
  ``arcsin`` just left of 1), the default steps shrink for that point instead of stepping
  across the edge, and ``central``, ``richardson`` and ``auto`` fall back to one-sided
  differences when ``f`` is undefined on one whole side of ``x``. A step given explicitly
  with ``h=`` is honoured as given: stepping across an edge with it is an error.

Chapter 2 derives these methods; chapter 5 uses :func:`gradient`, :func:`jacobian` and
:func:`hessian`.

One idea per file: ``mlcalc.differentiation.differences`` (the difference quotients
and their steps), ``mlcalc.differentiation.richardson`` (extrapolation),
``mlcalc.differentiation.auto`` (the checked complex step),
``mlcalc.differentiation.derivative``, ``mlcalc.differentiation.multivariate``
(gradient, Jacobian, check_grad), ``mlcalc.differentiation.hessian``, and the
plumbing that lets one algorithm serve floats and arrays
(``mlcalc.differentiation.line``, ``mlcalc.differentiation.floats_or_arrays``).
"""

from .derivative import DerivativeEstimate, derivative
from .differences import METHODS
from .hessian import hessian
from .multivariate import check_grad, gradient, jacobian

__all__ = [
    "METHODS",
    "DerivativeEstimate",
    "check_grad",
    "derivative",
    "gradient",
    "hessian",
    "jacobian",
]
