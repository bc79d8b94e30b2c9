"""Chapter 1's checkers, each tested unattempted, right and wrong."""

import numpy as np
import pytest

from mlcalc.exercises import ch01

PROBLEMS = [ch01.q1, ch01.q2, ch01.q3, ch01.q4, ch01.q5]


@pytest.mark.parametrize("problem", PROBLEMS)
@pytest.mark.parametrize("blank", [None, ...])
def test_unattempted(problem, blank):
    assert problem.check(blank).status == "unattempted"


@pytest.mark.parametrize(
    ("problem", "answer"),
    [
        (ch01.q1, 3 * 2**2 - 2 * 2 + 1),
        (ch01.q2, np.mean((np.array([2.5, 0.0, 2.1]) - np.array([3.0, -0.5, 2.0])) ** 2)),
        (ch01.q3, lambda z: 1.0 / (1.0 + np.exp(-z))),
        (ch01.q4, (1.1**3 - 1.0) / 0.1),
        (ch01.q5, "a"),
    ],
)
def test_right(problem, answer):
    assert problem.check(answer).status == "correct"


@pytest.mark.parametrize(
    ("problem", "answer"),
    [
        (ch01.q1, 3 * 2**2 + 2 * 2 + 1),
        (ch01.q1, "9"),
        (ch01.q2, np.mean(np.abs(np.array([2.5, 0.0, 2.1]) - np.array([3.0, -0.5, 2.0])))),
        (ch01.q3, lambda z: 1.0 / (1.0 + np.exp(z))),
        (ch01.q3, lambda z: 1.0 / (1.0 + np.exp(-float(z)))),  # fails on arrays
        (ch01.q3, 0.5),
        (ch01.q4, 3.0),
        (ch01.q5, "B"),
        (ch01.q5, "line"),
    ],
)
def test_wrong(problem, answer):
    assert problem.check(answer).status == "incorrect"
