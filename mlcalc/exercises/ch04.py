"""Exercises of chapter 4, *The chain rule*.

Five exercises of rising difficulty: the chain rule through three layers (a derivation),
a gradient as a sum over paths (a derivation), the passes that give a Jacobian (a count),
the derivative of ten stacked sigmoids (an experiment with ``mc.Dual`` or ``mc.Value``)
and the backward step of a division node (code the checker runs).

>>> from mlcalc.exercises import ch04
>>> ch04.q1.check(...).status
'unattempted'
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ._core import Args, FunctionProblem, NumericProblem

__all__ = ["q1", "q2", "q3", "q4", "q5"]


def _stacked_sigmoid_slope(depth: int) -> float:
    """d/dx of the sigmoid applied ``depth`` times, at x = 0: by the chain rule, the product
    of sigma'(u_k) = sigma(u_k)(1 - sigma(u_k)) over the values u_k flowing into each step."""
    value, slope = 0.0, 1.0
    for _ in range(depth):
        s = 1.0 / (1.0 + math.exp(-value))
        slope *= s * (1.0 - s)
        value = s
    return slope


class ChainThroughThreeLayers(NumericProblem):
    prompt = (
        "Let h(x) = exp(sin(2x)). Use the chain rule to compute h'(x) at x = pi/8. "
        "Pass a float, to 5 significant figures."
    )
    # Outer exp, middle sin, inner 2x: h'(x) = exp(sin 2x) * cos(2x) * 2, and at x = pi/8
    # sin(pi/4) = cos(pi/4) = sqrt(2)/2, so h'(pi/8) = sqrt(2) * exp(sqrt(2)/2).
    expected = math.sqrt(2.0) * math.exp(math.sqrt(2.0) / 2.0)
    sig_figs = 5
    hints = (
        "Peel the layers from the outside in: exp(u) with u = sin(v), and v = 2x.",
        "The chain rule multiplies one local derivative per layer. Evaluate each at the value "
        "that flows into its layer: the outer one at u, not at x.",
        "Count your factors: there are three, and the innermost one, dv/dx, is easy to drop.",
    )
    solution_text = (
        "h'(x) = exp(sin 2x) * cos(2x) * 2. At x = pi/8, 2x = pi/4 and sin = cos = sqrt(2)/2, "
        "so h'(pi/8) = 2 * (sqrt(2)/2) * exp(sqrt(2)/2) = sqrt(2) * exp(sqrt(2)/2) "
        "= 2.8682 (to 5 significant figures). In code: answer = 2*np.cos(2*x)*np.exp(np.sin(2*x)), "
        "or mc.Dual(x, 1.0) pushed through mc.exp(mc.sin(2*x)) and read off .derivative."
    )

    def wrong_answer(self) -> Any:
        x = math.pi / 8
        return math.exp(math.sin(2 * x)) * math.cos(2 * x)  # the inner factor 2 dropped


class GradientAsSumOverPaths(NumericProblem):
    prompt = (
        "Let f(x, y, z) = x*y + y*z + exp(x*z). Compute the gradient "
        "[df/dx, df/dy, df/dz] at (x, y, z) = (1, 2, 0.5). Pass three numbers (a list, an "
        "array or a tensor), each to 5 significant figures."
    )
    # Each input feeds two operations, so each partial is a sum over two paths:
    # df/dx = y + z e^{xz}, df/dy = x + z, df/dz = y + x e^{xz}.
    _x, _y, _z = 1.0, 2.0, 0.5
    expected = np.array(
        [
            _y + _z * math.exp(_x * _z),
            _x + _z,
            _y + _x * math.exp(_x * _z),
        ]
    )
    sig_figs = 5
    hints = (
        "Draw the graph: x feeds x*y and x*z, y feeds x*y and y*z, z feeds y*z and x*z.",
        "A partial derivative is a sum over the paths from that input to f; each input has "
        "two. Along the path through exp(x*z) the chain rule contributes a factor exp(x*z).",
        "Or let reverse mode do it: build f from mc.Value leaves (mc.exp for the exponential), "
        "call backward() once and read the three .grad attributes.",
    )
    solution_text = (
        "df/dx = y + z e^{xz}, df/dy = x + z, df/dz = y + x e^{xz}. At (1, 2, 0.5): "
        "[2 + 0.5 e^0.5, 1.5, 2 + e^0.5] = [2.8244, 1.5, 3.6487] (to 5 significant figures). "
        "With reverse mode: x, y, z = mc.Value(1.0), mc.Value(2.0), mc.Value(0.5); "
        "f = x*y + y*z + mc.exp(x*z); f.backward(); answer = [x.grad, y.grad, z.grad]."
    )

    def wrong_answer(self) -> Any:
        return np.array([self._y, self._x + self._z, self._y])  # one path per input only


class PassesForAJacobian(NumericProblem):
    prompt = (
        "F maps R^5 to R^2 (five inputs, two outputs). How many forward-mode passes, "
        "and how many reverse-mode backward passes, do you need at the least to get the full "
        "2 x 5 Jacobian? Pass [forward_passes, backward_passes]."
    )
    # Forward mode: one pass per input direction (a column of the Jacobian) -> n = 5.
    # Reverse mode: one backward pass per output (a row of the Jacobian) -> m = 2.
    expected = np.array([5.0, 2.0])
    rtol = 0.0
    atol = 1e-9
    hints = (
        "What does one forward pass seeded with a single input direction give you: a row "
        "or a column of the Jacobian?",
        "And one backward pass seeded at a single output?",
        "The Jacobian has one row per output and one column per input.",
    )
    solution_text = (
        "[5, 2]. Each forward pass (seed one input's derivative with 1, the others with 0) "
        "gives a column: 5 columns, 5 passes. Each backward pass (seed one output's gradient "
        "with 1) gives a row: 2 rows, 2 backward passes, after one forward pass that records "
        "the graph."
    )

    def wrong_answer(self) -> Any:
        return [2, 5]  # rows and columns swapped


class StackedSigmoids(NumericProblem):
    prompt = (
        "Let g apply the sigmoid ten times: g(x) = sigma(sigma(...sigma(x)...)). Measure "
        "g'(0) with mc.Dual or mc.Value and answer with it, to 5 significant figures."
    )
    expected = _stacked_sigmoid_slope(10)
    sig_figs = 5
    hints = (
        "Start from mc.Dual(0.0, 1.0) (a value with derivative 1) and apply mc.sigmoid to it "
        "ten times in a loop.",
        "Read the result's .derivative. With mc.Value instead, call backward() on the last "
        "node and read the first node's .grad.",
        "To understand the number: it is a product of ten local slopes sigma'(u) = "
        "sigma(u)(1 - sigma(u)), each at the value u flowing into its step. Which step sees "
        "u = 0?",
    )
    solution_text = (
        "Push a Dual through ten sigmoids: d = mc.Dual(0.0, 1.0); then ten times "
        "d = mc.sigmoid(d); answer = d.derivative, about 3.8752e-7 (below (1/4)**10, about "
        "9.5e-7, since only the first step sees u = 0, where sigma' = 1/4 is largest; every "
        "later step sees a value above 1/2, where sigma' is smaller)."
    )

    def wrong_answer(self) -> Any:
        return 0.25**10  # every local slope taken as sigma'(0)


class DivisionBackward(FunctionProblem):
    prompt = (
        "Write div_backward(a, b, out_grad) returning (grad_a, grad_b): what the backward "
        "pass adds into the grad of a and of b when it passes out_grad back through the node "
        "a / b. It should work for numbers and for NumPy arrays."
    )
    points = (
        Args(3.0, 4.0, 1.0),
        Args(-1.5, 0.5, 2.0),
        Args(2.0, -0.25, -0.5),
        Args(np.array([1.0, -2.0, 0.3]), np.array([2.0, 0.5, -4.0]), np.array([1.0, 3.0, 0.1])),
    )
    rtol = 1e-9
    atol = 1e-12
    hints = (
        "The backward pass multiplies out_grad by each local derivative of a / b: one with "
        "respect to a, one with respect to b.",
        "With respect to a, the node a / b is a times a constant factor: which one? With "
        "respect to b, write a / b as a * b**-1 and use the power rule.",
        "Return both as a tuple, (grad_a, grad_b), each multiplied by out_grad. Test one case "
        "against mc.Value: build mc.Value(3.0) / mc.Value(4.0), call backward() and read the "
        "two grads.",
    )
    solution_text = (
        "d(a/b)/da = 1/b and d(a/b)/db = -a/b**2, so "
        "def div_backward(a, b, out_grad): return out_grad / b, -out_grad * a / b**2"
    )

    def reference(self, a: Any, b: Any, out_grad: Any) -> Any:
        a, b, out_grad = (np.asarray(v, dtype=np.float64) for v in (a, b, out_grad))
        return out_grad / b, -out_grad * a / b**2

    def wrong_answer(self) -> Any:
        # The usual slip: the quotient rule's minus sign, or out_grad, forgotten.
        return lambda a, b, out_grad: (out_grad / b, out_grad * a / b**2)


q1 = ChainThroughThreeLayers()
q2 = GradientAsSumOverPaths()
q3 = PassesForAJacobian()
q4 = StackedSigmoids()
q5 = DivisionBackward()
