"""Exercises with automatic checkers, one module per chapter.

>>> from mlcalc.exercises import ch01
>>> ch01.q1.check(...).status
'unattempted'
"""

from ._core import (
    Args,
    ChoiceProblem,
    Feedback,
    FunctionProblem,
    Message,
    NumericProblem,
    Problem,
)

__all__ = [
    "Args",
    "ChoiceProblem",
    "Feedback",
    "FunctionProblem",
    "Message",
    "NumericProblem",
    "Problem",
]
