"""Exercises of chapter 5, Partial Derivatives and Gradients.

>>> from mlcalc.exercises import ch05
>>> ch05.q1.check(...).status
'unattempted'

The expected answers were worked out by hand from the formulas in the prompts.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ._core import ChoiceProblem, FunctionProblem, NumericProblem

__all__ = ["q1", "q2", "q3", "q4"]


class GradientAtAPoint(NumericProblem):
    prompt = (
        "Let f(x, y) = x**2 * y + 3*y. Give the gradient of f at (x, y) = (2, -1) "
        "as an array [df/dx, df/dy]."
    )
    # df/dx = 2xy = 2*2*(-1) = -4;  df/dy = x**2 + 3 = 4 + 3 = 7.
    expected = np.array([-4.0, 7.0])
    rtol = 1e-6
    atol = 1e-8
    hint_text = (
        "For df/dx treat y as a constant number: x**2 * y is (a constant) * x**2. "
        "For df/dy treat x as the constant. Then put in x = 2, y = -1."
    )
    solution_text = (
        "df/dx = 2*x*y and df/dy = x**2 + 3. At (2, -1): df/dx = 2*2*(-1) = -4 and "
        "df/dy = 4 + 3 = 7, so the gradient is [-4, 7]. Check: "
        "mc.gradient(lambda p: p[0]**2 * p[1] + 3*p[1], [2.0, -1.0])."
    )


class DirectionalDerivative(NumericProblem):
    prompt = (
        "Let f(x, y) = x**2 + y**2 and u = (3/5, 4/5), a unit vector. Give the "
        "directional derivative D_u f at (x, y) = (1, 2): the rate at which f changes "
        "per unit step from (1, 2) in the direction u."
    )
    # grad f(1, 2) = (2, 4);  (2, 4) . (3/5, 4/5) = 6/5 + 16/5 = 22/5.
    expected = 4.4
    rtol = 1e-6
    atol = 1e-8
    hint_text = (
        "D_u f = grad f . u. Work out grad f = (2x, 2y) at (1, 2), then take the dot "
        "product with u."
    )
    solution_text = (
        "grad f(1, 2) = (2, 4), so D_u f = 2*(3/5) + 4*(4/5) = 6/5 + 16/5 = 22/5 = 4.4. "
        "Numerically: mc.derivative(lambda t: f(p + t*u), 0.0) gives the same number."
    )


class WriteTheGradient(FunctionProblem):
    prompt = (
        "Write grad_f(w) for f(w) = w[0]**2 + 3*w[0]*w[1] + exp(w[1]). It takes a NumPy "
        "array w of length 2 and returns the array [df/dw0, df/dw1]."
    )
    points = (
        np.array([0.0, 0.0]),
        np.array([1.0, 2.0]),
        np.array([-1.5, 0.5]),
        np.array([2.0, -3.0]),
        np.array([0.3, 1.0]),
    )
    rtol = 1e-8
    atol = 1e-10
    hint_text = (
        "Differentiate term by term. 3*w0*w1 contributes 3*w1 to df/dw0 and 3*w0 to "
        "df/dw1; exp(w1) only depends on w1. Test your answer with "
        "mc.check_grad(f, grad_f, w) at a random w."
    )
    solution_text = (
        "df/dw0 = 2*w0 + 3*w1 and df/dw1 = 3*w0 + exp(w1):\n"
        "    def grad_f(w):\n"
        "        return np.array([2*w[0] + 3*w[1], 3*w[0] + np.exp(w[1])])"
    )

    def reference(self, x: Any) -> Any:
        w0, w1 = float(x[0]), float(x[1])
        return np.array([2.0 * w0 + 3.0 * w1, 3.0 * w0 + math.exp(w1)])


class ClassifyCriticalPoint(ChoiceProblem):
    prompt = (
        "f(x, y) = x**2 + 3*x*y + y**2 has gradient zero at the origin. Its Hessian there "
        "is [[2, 3], [3, 2]]. What kind of critical point is the origin? Answer 'a', 'b', "
        "'c' or 'd'."
    )
    options = {
        "a": "a local minimum",
        "b": "a local maximum",
        "c": "a saddle point",
        "d": "the second-derivative test cannot tell",
    }
    # Eigenvalues of [[2, 3], [3, 2]] are 2 + 3 = 5 and 2 - 3 = -1: one of each sign.
    expected = "c"
    hint_text = (
        "The diagonal entries are both positive, but that is not enough: look at the "
        "signs of the eigenvalues (np.linalg.eigvalsh). Or try f along the line y = -x."
    )
    solution_text = (
        "c, a saddle. The eigenvalues of [[2, 3], [3, 2]] are 5 (along (1, 1)) and -1 "
        "(along (1, -1)): f curves up along y = x (f = 5x**2) and down along y = -x "
        "(f = -x**2). Positive diagonal entries alone do not make a minimum."
    )


q1 = GradientAtAPoint()
q2 = DirectionalDerivative()
q3 = WriteTheGradient()
q4 = ClassifyCriticalPoint()
