"""Exercises of chapter 5, Partial Derivatives and Gradients.

>>> from mlcalc.exercises import ch05
>>> ch05.q1.check(...).status
'unattempted'

The expected answers are worked out from the formulas in the prompts (derivatives by
hand, evaluated with :mod:`math`); ``tests/test_exercises_ch05.py`` checks them against
``torch.autograd``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ._core import FunctionProblem, NumericProblem

__all__ = ["q1", "q2", "q3", "q4", "q5"]


class GradientAtAPoint(NumericProblem):
    prompt = (
        "Let f(x, y) = x**2 * y + 3*y. Give the gradient of f at (x, y) = (2, -1) "
        "as an array [df/dx, df/dy]."
    )
    # df/dx = 2xy = 2*2*(-1) = -4;  df/dy = x**2 + 3 = 4 + 3 = 7.
    expected = np.array([-4.0, 7.0])
    rtol = 1e-6
    atol = 1e-8
    hints = (
        "A partial derivative is an ordinary derivative with every other variable "
        "frozen: for df/dx, read y as a fixed number.",
        "With y frozen, x**2 * y is a constant times x**2 and 3*y is a constant. With x "
        "frozen, x**2 * y is a constant times y.",
        "Differentiate first, substitute x = 2 and y = -1 last, and give the two partials "
        "in the order [df/dx, df/dy].",
    )
    solution_text = (
        "df/dx = 2*x*y and df/dy = x**2 + 3. At (2, -1): df/dx = 2*2*(-1) = -4 and "
        "df/dy = 4 + 3 = 7, so the gradient is [-4, 7]. Check: "
        "mc.gradient(lambda p: p[0]**2 * p[1] + 3*p[1], [2.0, -1.0])."
    )

    def wrong_answer(self) -> Any:
        return np.array([7.0, -4.0])  # the partials in the wrong order


class DirectionalTowardsAPoint(NumericProblem):
    prompt = (
        "Let f(x, y) = x**2 + 3*y**2. You stand at (1, 1) and walk in a straight line "
        "towards the point (4, 5). At what rate does f change at the start, per unit of "
        "distance walked?"
    )
    # grad f(1, 1) = (2, 6); direction (4, 5) - (1, 1) = (3, 4), length 5, u = (0.6, 0.8);
    # grad f . u = 1.2 + 4.8 = 6.
    expected = 6.0
    hints = (
        "A rate per unit of distance walked is a directional derivative, "
        "D_u f = grad f . u, and the formula needs u to be a unit vector.",
        "The direction from (1, 1) towards (4, 5) is the difference of the two points. "
        "How long is that vector?",
        "Divide the difference by its length, then take the dot product with "
        "grad f(1, 1) = (2x, 6y) at x = y = 1.",
    )
    solution_text = (
        "grad f = (2x, 6y) = (2, 6) at (1, 1). The direction is (4, 5) - (1, 1) = (3, 4), "
        "of length 5, so u = (0.6, 0.8) and D_u f = 2*0.6 + 6*0.8 = 1.2 + 4.8 = 6. "
        "Forgetting to normalise gives grad f . (3, 4) = 30, five times too large: the "
        "rate per unit of (3, 4), not per unit of distance."
    )

    def wrong_answer(self) -> Any:
        return 30.0  # the dot product with (3, 4), not with the unit vector


class HessianEntries(NumericProblem):
    prompt = (
        "Let f(x, y) = x**3 * y + exp(x*y). Its Hessian at (x, y) = (1, 0.5) is the "
        "symmetric matrix [[f_xx, f_xy], [f_yx, f_yy]]. Give its three distinct entries "
        "as an array [f_xx, f_xy, f_yy], each to 5 significant figures."
    )
    # f_x = 3x^2 y + y e^{xy},  f_y = x^3 + x e^{xy};
    # f_xx = 6xy + y^2 e^{xy},  f_xy = 3x^2 + e^{xy} + xy e^{xy},  f_yy = x^2 e^{xy}.
    _x, _y = 1.0, 0.5
    _e = math.exp(_x * _y)
    _f_xy = 3 * _x**2 + _e * (1 + _x * _y)
    expected = np.array([6 * _x * _y + _y**2 * _e, _f_xy, _x**2 * _e])
    sig_figs = 5
    hints = (
        "The Hessian is the matrix of second partials. Start from the two first partials "
        "f_x and f_y, each with the other variable frozen.",
        "exp(x*y) differentiated with respect to x is y*exp(x*y) by the chain rule. For "
        "f_xy, differentiate f_x with respect to y: the term y*exp(x*y) is a product of "
        "two factors that both contain y.",
        "Differentiating f_y with respect to x must give the same f_xy (the Hessian is "
        "symmetric): use that as a check, then substitute x = 1, y = 0.5 last.",
    )
    solution_text = (
        "f_x = 3x^2 y + y e^(xy) and f_y = x^3 + x e^(xy). Then f_xx = 6xy + y^2 e^(xy), "
        "f_xy = 3x^2 + e^(xy) + xy e^(xy) (product rule on y e^(xy)) = f_yx, and "
        "f_yy = x^2 e^(xy). At (1, 0.5), with e^0.5 = 1.64872: f_xx = 3 + 0.25 e^0.5 = "
        "3.41218, f_xy = 3 + 1.5 e^0.5 = 5.47308 and f_yy = e^0.5 = 1.64872. Check: "
        "mc.hessian(lambda p: p[0]**3 * p[1] + np.exp(p[0] * p[1]), [1.0, 0.5])."
    )

    def wrong_answer(self) -> Any:
        slip = self.expected.copy()
        slip[1] = 3 * self._x**2 + self._e  # the product rule forgotten in f_xy
        return slip


def _taylor_error(t: float) -> float:
    """|f(p + d) - q(d)| for f = exp(x) sin(y), p = (0, 1), d = t (1, 1), exactly.

    grad f(p) = (sin 1, cos 1) and H = [[sin 1, cos 1], [cos 1, -sin 1]], so
    grad f . d = (sin 1 + cos 1) t and d^T H d = 2 cos(1) t^2.
    """
    sin1, cos1 = math.sin(1.0), math.cos(1.0)
    model = sin1 + (sin1 + cos1) * t + cos1 * t * t
    return abs(math.exp(t) * math.sin(1.0 + t) - model)


class TaylorRemainderRatio(NumericProblem):
    prompt = (
        "Experiment. Let f(x, y) = exp(x) * sin(y), p = (0, 1), and let "
        "q(d) = f(p) + grad f(p) . d + 0.5 * d^T H d be its second-order Taylor model, with "
        "the gradient and Hessian from mc.gradient and mc.hessian. For d = t * (1, 1), "
        "compute the error E(t) = |f(p + d) - q(d)| at t = 0.1 and at t = 0.05, and give "
        "the ratio E(0.1) / E(0.05) to 2 significant figures. What does it say about how "
        "fast the error shrinks?"
    )
    expected = _taylor_error(0.1) / _taylor_error(0.05)
    sig_figs = 2
    hints = (
        "Write f, then p = np.array([0.0, 1.0]), g = mc.gradient(f, p) and "
        "H = mc.hessian(f, p). The model is f(p) + g @ d + 0.5 * d @ H @ d.",
        "Compute E for both values of t with the same code (a small function of t), and "
        "divide. Use float64 throughout.",
        "Halving t halves d. If the error were proportional to t**k, by what factor would "
        "it shrink? Which k fits your ratio?",
    )
    solution_text = (
        "E(0.1) is about 1.15e-4 and E(0.05) about 1.34e-5; the ratio is 8.5, close to "
        "2**3 = 8: halving the step divides the error by about eight, so the error of the "
        "quadratic model shrinks like |d|**3, the order of the first term it leaves out. "
        "(The ratio is not exactly 8 because the fourth-order term still contributes at "
        "these steps; at smaller t it moves closer to 8.)"
    )

    def wrong_answer(self) -> Any:
        return 4.0  # an error shrinking like t**2, as for the first-order model


class LogSumExpGradient(FunctionProblem):
    prompt = (
        "Write grad_lse(w): the gradient of f(w) = log(exp(w[0]) + ... + exp(w[n-1])) for "
        "a NumPy array w of any length n >= 1, returned as an array of length n. It must "
        "also work for entries as large as 1000 or as small as -1000 (no overflow, no NaN)."
    )
    points = (
        np.array([0.0]),
        np.array([1.0, 2.0, 3.0]),
        np.array([0.5, -1.0]),
        np.array([-2.0, 0.0, 2.0, 4.0, 0.0]),
        np.array([1000.0, 999.0, 0.0]),
        np.array([-1000.0, -1001.0]),
    )
    rtol = 1e-9
    atol = 1e-12
    hints = (
        "Write S(w) = exp(w[0]) + ... + exp(w[n-1]), so f = log(S). By the chain rule, "
        "df/dw_k = (1/S) * dS/dw_k.",
        "Only one term of S contains w_k. NumPy can compute all n partials at once from "
        "the array exp(w).",
        "For w = [1000, 999, 0], exp(1000) overflows to inf. Show that subtracting the same "
        "number c from every w_i leaves your formula unchanged, and choose c so that no "
        "exponent is positive.",
    )
    solution_text = (
        "df/dw_k = exp(w_k) / sum_i exp(w_i): the softmax of w. Multiplying numerator and "
        "denominator by exp(-c) shows the same ratio with w - c in place of w, and "
        "c = max(w) keeps every exponent <= 0 (and the largest term equal to 1, so the sum "
        "is at least 1):\n"
        "    def grad_lse(w):\n"
        "        e = np.exp(w - np.max(w))\n"
        "        return e / e.sum()"
    )

    def reference(self, x: Any) -> Any:
        w = np.asarray(x, dtype=np.float64)
        shifted = np.exp(w - w.max())
        return shifted / shifted.sum()

    def wrong_answer(self) -> Any:
        def naive(w: np.ndarray) -> np.ndarray:  # right formula, but overflows at 1000
            with np.errstate(over="ignore", invalid="ignore"):
                return np.exp(w) / np.exp(w).sum()

        return naive


q1 = GradientAtAPoint()
q2 = DirectionalTowardsAPoint()
q3 = HessianEntries()
q4 = TaylorRemainderRatio()
q5 = LogSumExpGradient()
