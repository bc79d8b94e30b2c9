"""Exercises of chapter 11, *Linear regression*.

>>> from mlcalc.exercises import ch11
>>> ch11.q1.check(...).status
'unattempted'
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import data
from ._core import Args, FunctionProblem, NumericProblem

__all__ = ["q1", "q2", "q3", "q4", "q5"]


class QuadraticModelGradient(NumericProblem):
    prompt = (
        "For y_hat = a x^2 + b fitted by mean squared error to (1, 2), (2, 5), (3, 10), give "
        "[dL/da, dL/db] at a = 1, b = 0."
    )
    # Residuals a x^2 + b - y are all -1; dL/da = (2/3) sum(r x^2), dL/db = (2/3) sum(r).
    expected = [2.0 / 3.0 * -14.0, 2.0 / 3.0 * -3.0]
    rtol = 1e-9
    atol = 1e-12
    hints = (
        "Write the residuals r_i = a x_i^2 + b - y_i; the loss is the mean of their squares.",
        "The chain rule gives dL/da = (2/n) sum(r_i * x_i^2) and dL/db = (2/n) sum(r_i): the "
        "inner derivatives are x_i^2 and 1.",
        "At a = 1, b = 0 every residual happens to be the same number.",
    )
    solution_text = (
        "The residuals are 1 - 2, 4 - 5, 9 - 10, all -1, so dL/da = (2/3)(-1 - 4 - 9) and "
        "dL/db = (2/3)(-3)."
    )

    def wrong_answer(self) -> Any:
        return [-14.0 / 3.0, -1.0]  # the factor 2 of the square forgotten


def _regression_problems() -> tuple[Args, ...]:
    rng = np.random.default_rng(11)
    problems = []
    for n, d in [(5, 1), (8, 3), (20, 2), (3, 3)]:
        problems.append(Args(rng.normal(size=(n, d)), rng.normal(size=n), rng.normal(size=d)))
    return tuple(problems)


class MatrixGradient(FunctionProblem):
    prompt = (
        "Write mse_gradient(X, y, w) returning (2/n) X^T (X w - y) for X of shape (n, d), y "
        "of shape (n,) and w of shape (d,)."
    )
    points = _regression_problems()
    rtol = 1e-10
    atol = 1e-12
    hints = (
        "The residuals are X @ w - y, one per example.",
        "Each weight's derivative sums residual times that weight's feature over the "
        "examples: that is a product with the transpose of X.",
        "Do not forget the factor 2/n, with n = len(y).",
    )
    solution_text = "def mse_gradient(X, y, w):\n    return 2 / len(y) * X.T @ (X @ w - y)"

    def reference(self, X: Any, y: Any, w: Any) -> np.ndarray:
        return 2.0 / len(y) * X.T @ (X @ w - y)

    def wrong_answer(self) -> Any:
        return lambda X, y, w: X.T @ (X @ w - y) / len(y)  # factor 2 missing


class ConditionNumber(NumericProblem):
    prompt = (
        "For the line model with inputs x = 0 and x = 2, compute the condition number of the "
        "Hessian of the mean squared error by hand, to 4 significant figures."
    )
    expected = (3.0 + math.sqrt(5.0)) / (3.0 - math.sqrt(5.0))
    sig_figs = 4
    hints = (
        "The Hessian is (2/n) [[sum x^2, sum x], [sum x, n]] with n = 2: write the numbers in.",
        "The eigenvalues of [[p, q], [q, s]] solve lambda^2 - (p + s) lambda + (p s - q^2) = 0.",
        "kappa is the larger eigenvalue divided by the smaller.",
    )
    solution_text = (
        "H = [[4, 2], [2, 2]]; lambda^2 - 6 lambda + 4 = 0 gives 3 +- sqrt(5), so "
        "kappa = (3 + sqrt 5) / (3 - sqrt 5). Centred inputs x = -1, 1 give H = 2 I, kappa = 1."
    )


def _largest_stable_rate() -> float:
    X, y = data.linear(40, seed=3)
    design = np.column_stack([X[:, 0], np.ones(len(y))])
    return float(2.0 / np.linalg.eigvalsh(2.0 / len(y) * design.T @ design)[-1])


class LargestStableRate(NumericProblem):
    prompt = (
        "For X, y = mc.data.linear(40, seed=3) and the line model, find the learning rate "
        "above which gradient descent diverges, to 3 significant figures."
    )
    expected = _largest_stable_rate()
    sig_figs = 3
    hints = (
        "Try a few learning rates with mc.gradient_descent and watch the distance to the "
        "least-squares answer: does it shrink or grow?",
        "Bisection between a rate that converges and one that does not narrows it down.",
        "Chapter 7: on a quadratic, descent is stable exactly below 2 / lambda_max of the "
        "Hessian (2/n) A^T A, A with rows (x_i, 1).",
    )
    solution_text = (
        "A = np.column_stack([X[:, 0], np.ones(40)]); "
        "2 / np.linalg.eigvalsh(2 / 40 * A.T @ A)[-1], which bisection on divergence confirms."
    )

    def wrong_answer(self) -> Any:
        return self.expected / 2.0  # 1 / lambda_max: stable, but not the limit


def _least_squares_problems() -> tuple[Args, ...]:
    rng = np.random.default_rng(12)
    return tuple(
        Args(rng.normal(size=(n, d)), rng.normal(size=n)) for n, d in [(10, 2), (30, 4), (6, 1)]
    )


class LeastSquares(FunctionProblem):
    prompt = (
        "Write least_squares(X, y) returning the w that minimises ||X w - y||^2 for X with "
        "independent columns."
    )
    points = _least_squares_problems()
    rtol = 1e-8
    atol = 1e-10
    hints = (
        "At the minimum the gradient (2/n) X^T (X w - y) is zero.",
        "That is a linear system for w: X^T X w = X^T y.",
        "np.linalg.solve(A, b) solves A w = b; np.linalg.lstsq(X, y) does the whole job.",
    )
    solution_text = (
        "def least_squares(X, y):\n    return np.linalg.solve(X.T @ X, X.T @ y)\n"
        "(or np.linalg.lstsq(X, y, rcond=None)[0], which never forms X^T X)"
    )

    def reference(self, X: Any, y: Any) -> np.ndarray:
        w, *_ = np.linalg.lstsq(X, y, rcond=None)
        return w

    def wrong_answer(self) -> Any:
        return lambda X, y: X.T @ y / len(y)  # ignores the correlations between features


q1 = QuadraticModelGradient()
q2 = MatrixGradient()
q3 = ConditionNumber()
q4 = LargestStableRate()
q5 = LeastSquares()
