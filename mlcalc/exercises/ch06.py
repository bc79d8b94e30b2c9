"""Exercises for chapter 6, *Optimisation and loss*.

>>> from mlcalc.exercises import ch06
>>> ch06.q1.check(...).status
'unattempted'
"""

from __future__ import annotations

import math

from ._core import ChoiceProblem, NumericProblem


class MSEOfPredictions(NumericProblem):
    prompt = (
        "A model predicts y_hat = [2.5, 0.0, 2.0, 8.0] for targets y = [3.0, -0.5, 2.0, 7.0]. "
        "What is the mean squared error?"
    )
    # Residuals -0.5, 0.5, 0, 1; their squares 0.25, 0.25, 0, 1 sum to 1.5 over n = 4.
    expected = 1.5 / 4
    hint_text = "Square each difference y_i - y_hat_i, add the squares, divide by n = 4."
    solution_text = (
        "The residuals are -0.5, 0.5, 0 and 1, their squares 0.25, 0.25, 0 and 1. "
        "MSE = (0.25 + 0.25 + 0 + 1) / 4 = 0.375. In code: mc.mse(y, y_hat)."
    )


class MSEGradientLine(NumericProblem):
    prompt = (
        "Data x = [0, 1, 2], y = [1, 3, 4] and the line y_hat = m x + b with m = 1, b = 0. "
        "Give the gradient [dL/dm, dL/db] of L(m, b) = MSE(y, y_hat) as an array of two numbers "
        "(5 significant figures or better)."
    )
    # y_hat = [0, 1, 2], residuals y_hat - y = [-1, -2, -2];
    # dL/dm = (2/3) * (0*(-1) + 1*(-2) + 2*(-2)) = -4, dL/db = (2/3) * (-5) = -10/3.
    expected = (-4.0, -10.0 / 3.0)
    # Worked by hand: five significant figures (-3.3333) are enough.
    rtol = 1e-4
    hint_text = "dL/dm = (2/n) * sum((y_hat_i - y_i) * x_i) and dL/db = (2/n) * sum(y_hat_i - y_i)."
    solution_text = (
        "y_hat = [0, 1, 2], so the residuals y_hat - y are [-1, -2, -2]. "
        "dL/dm = (2/3)(0*(-1) + 1*(-2) + 2*(-2)) = -4 and dL/db = (2/3)(-1 - 2 - 2) = -10/3. "
        "Both are negative: increasing m or b lowers the loss, since the line lies below "
        "every point."
    )


class CrossEntropyOfPrediction(NumericProblem):
    prompt = (
        "A classifier gives probabilities p = [0.9, 0.3] for labels y = [1, 0]. "
        "What is the binary cross-entropy (natural logarithm, averaged over the two), to 5 "
        "significant figures or better?"
    )
    # Label 1 with p = 0.9 costs -ln 0.9; label 0 with p = 0.3 costs -ln(1 - 0.3) = -ln 0.7.
    expected = -(math.log(0.9) + math.log(0.7)) / 2
    rtol = 1e-4
    hint_text = "A label 1 costs -ln p, a label 0 costs -ln(1 - p); average the two costs."
    solution_text = (
        "-(ln 0.9 + ln 0.7) / 2 = (0.10536 + 0.35667) / 2 = 0.23102. "
        "In code: mc.binary_cross_entropy([1, 0], [0.9, 0.3])."
    )


class RobustConstant(NumericProblem):
    prompt = (
        "You predict one constant c for every target in y = [2, 3, 5, 7, 200]. "
        "Which c minimises the mean absolute error?"
    )
    # The median: the derivative of MAE in c counts points below minus points above.
    expected = 5.0
    hint_text = (
        "The derivative of (1/n) sum |c - y_i| with respect to c is "
        "(number of y_i below c - number above c) / n. Where is that zero?"
    )
    solution_text = (
        "The slope of the MAE in c is (points below c - points above c) / n, which changes "
        "sign at the middle value: the median, c = 5. The outlier 200 does not move it; the "
        "MSE would be minimised by the mean, 43.4, dragged far from the bulk of the data."
    )


class ConvexOrNot(ChoiceProblem):
    prompt = (
        "Which of these functions is NOT convex on all of its domain?\n"
        "  a) f(w) = (3 w - 1)^2\n"
        "  b) f(w) = |w - 2|\n"
        "  c) f(w) = w^4 - 3 w^2 + w\n"
        "  d) f(m, b) = MSE of the line m x + b on a fixed data set\n"
        "Answer with the letter."
    )
    options = {
        "a": "a square of a linear function: f'' = 18 >= 0, so it is convex.",
        "b": "an absolute value: its graph is a V, every chord lies above it.",
        "c": "f''(w) = 12 w^2 - 6 < 0 for |w| < 1/sqrt(2): not convex.",
        "d": "the Hessian (2/n) X^T X is positive semi-definite: convex.",
    }
    expected = "c"
    hint_text = (
        "Compute a second derivative where you can. A function whose second derivative is "
        "negative somewhere is not convex."
    )
    solution_text = (
        "c. Its second derivative 12 w^2 - 6 is negative for |w| < 0.707, so a chord can "
        "dip below the graph. (a) has f'' = 18, (b) is a V, and (d) has the positive "
        "semi-definite Hessian (2/n) X^T X."
    )


q1 = MSEOfPredictions()
q2 = MSEGradientLine()
q3 = CrossEntropyOfPrediction()
q4 = RobustConstant()
q5 = ConvexOrNot()
