"""mlcalc: the calculus behind machine learning, in small readable NumPy code.

The companion package of the book *Calculus for Machine Learning*::

    import mlcalc as mc
    mc.derivative(lambda x: x**2, 3.0)      # 6.0
    mc.gradient_descent(grad, x0, lr=0.1)   # a DescentResult

Importing mlcalc costs about as much as importing NumPy: matplotlib and torch are
imported only inside the functions that need them.
"""

from . import data, distributed, integrate, memory, nn, optim, plot, rl
from .autodiff import Dual, Value, grad
from .counting import Counted
from .differentiation import check_grad, derivative, gradient, hessian, jacobian
from .functions import (
    cos,
    exp,
    log,
    relu,
    relu_prime,
    sigmoid,
    sigmoid_prime,
    sin,
    tanh,
    tanh_prime,
)
from .losses import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_grad,
    cross_entropy,
    cross_entropy_grad,
    mae,
    mae_grad,
    mse,
    mse_grad,
    softmax,
)
from .optim import DescentResult, DivergenceWarning, gradient_descent

__version__ = "0.1.0"

__all__ = [
    "Counted",
    "DescentResult",
    "DivergenceWarning",
    "Dual",
    "Value",
    "__version__",
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_grad",
    "check_grad",
    "cos",
    "cross_entropy",
    "cross_entropy_grad",
    "data",
    "derivative",
    "distributed",
    "exp",
    "gradient",
    "gradient_descent",
    "grad",
    "hessian",
    "integrate",
    "jacobian",
    "log",
    "mae",
    "mae_grad",
    "memory",
    "mse",
    "mse_grad",
    "nn",
    "optim",
    "plot",
    "rl",
    "relu",
    "relu_prime",
    "sigmoid",
    "sigmoid_prime",
    "sin",
    "softmax",
    "tanh",
    "tanh_prime",
]
