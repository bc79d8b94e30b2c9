"""Exercises of chapter 4, *The chain rule*.

>>> from mlcalc.exercises import ch04
>>> ch04.q1.check(...).status
'unattempted'
"""

from __future__ import annotations

import math

import numpy as np

from ._core import ChoiceProblem, NumericProblem

__all__ = ["q1", "q2", "q3", "q4"]


class _Q1(NumericProblem):
    prompt = (
        "Q1. Let h(x) = exp(sin(2x)). Use the chain rule to compute h'(x) at x = pi/8. "
        "Pass a float (5 significant figures or better)."
    )
    # Outer exp, middle sin, inner 2x: h'(x) = exp(sin 2x) * cos(2x) * 2, and at x = pi/8
    # sin(pi/4) = cos(pi/4) = sqrt(2)/2, so h'(pi/8) = sqrt(2) * exp(sqrt(2)/2).
    expected = math.sqrt(2.0) * math.exp(math.sqrt(2.0) / 2.0)
    # Worked by hand: five significant figures are enough (rounding to five costs at most
    # 5e-5 relative); a slip in the rule is off by far more.
    rtol = 1e-4
    atol = 1e-9
    hint_text = (
        "Peel the layers from the outside in: exp(u) with u = sin(v) and v = 2x. Multiply "
        "exp(u), cos(v) and dv/dx = 2, each evaluated at the point."
    )
    solution_text = (
        "h'(x) = exp(sin 2x) * cos(2x) * 2. At x = pi/8, 2x = pi/4 and sin = cos = sqrt(2)/2, "
        "so h'(pi/8) = 2 * (sqrt(2)/2) * exp(sqrt(2)/2) = sqrt(2) * exp(sqrt(2)/2) "
        "= 2.8682 (to 5 significant figures). In code: answer = 2*np.cos(2*x)*np.exp(np.sin(2*x)), "
        "or mc.Dual(x, 1.0) pushed through mc.exp(mc.sin(2*x)) and read off .derivative."
    )


class _Q2(NumericProblem):
    prompt = (
        "Q2. Let f(x, y, z) = x*y + y*z + exp(x*z). Compute the gradient "
        "[df/dx, df/dy, df/dz] at (x, y, z) = (1, 2, 0.5). Pass an array of 3 numbers "
        "(5 significant figures or better)."
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
    # Worked by hand: five significant figures are enough (rounding to five costs at most
    # 5e-5 relative); a slip in the rule is off by far more.
    rtol = 1e-4
    atol = 1e-9
    hint_text = (
        "Every input is used twice. Add up the contributions of both paths from an input to "
        "f, or build the expression from mc.Value leaves and call backward() once."
    )
    solution_text = (
        "df/dx = y + z e^{xz}, df/dy = x + z, df/dz = y + x e^{xz}. At (1, 2, 0.5): "
        "[2 + 0.5 e^0.5, 1.5, 2 + e^0.5] = [2.8244, 1.5, 3.6487] (to 5 significant figures). "
        "With reverse mode: x, y, z = mc.Value(1.0), mc.Value(2.0), mc.Value(0.5); "
        "f = x*y + y*z + mc.exp(x*z); f.backward(); answer = [x.grad, y.grad, z.grad]."
    )


class _Q3(ChoiceProblem):
    prompt = (
        "Q3. A network's loss maps one million parameters to one number. You want the full "
        "gradient. Which mode of automatic differentiation should you use: 'forward', "
        "'reverse', or 'either' (their costs are about the same)?"
    )
    options = {
        "forward": "forward mode (dual numbers), one pass per input direction",
        "reverse": "one backward pass gives every partial derivative.",
        "either": "the two modes cost about the same here",
    }
    expected = "reverse"
    hint_text = (
        "Forward mode needs one pass per input; reverse mode needs one backward pass per "
        "output. Count the inputs and the outputs of the loss."
    )
    solution_text = (
        "'reverse'. The loss has n = 1,000,000 inputs and m = 1 output. Forward mode would "
        "need a million passes, one per parameter; reverse mode needs one forward and one "
        "backward pass, a small constant times the cost of evaluating the loss. That is why "
        "neural networks are trained with backpropagation."
    )


class _Q4(NumericProblem):
    prompt = (
        "Q4. F maps R^5 to R^2 (five inputs, two outputs). How many forward-mode passes, "
        "and how many reverse-mode backward passes, do you need at the least to get the full "
        "2 x 5 Jacobian? Pass [forward_passes, backward_passes]."
    )
    # Forward mode: one pass per input direction (a column of the Jacobian) -> n = 5.
    # Reverse mode: one backward pass per output (a row of the Jacobian) -> m = 2.
    expected = np.array([5.0, 2.0])
    rtol = 0.0
    atol = 1e-9
    hint_text = (
        "A forward pass seeded with one input direction gives one column of the Jacobian; a "
        "backward pass seeded at one output gives one row."
    )
    solution_text = (
        "[5, 2]. Each forward pass (seed one input's derivative with 1, the others with 0) "
        "gives a column: 5 columns, 5 passes. Each backward pass (seed one output's gradient "
        "with 1) gives a row: 2 rows, 2 backward passes, after one forward pass that records "
        "the graph."
    )


q1 = _Q1()
q2 = _Q2()
q3 = _Q3()
q4 = _Q4()
