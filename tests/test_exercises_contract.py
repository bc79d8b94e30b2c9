"""The contract every exercise of every chapter keeps, checked generically.

Each chapter's module in ``mlcalc.exercises`` is discovered, and each of its problems is
checked unattempted, answered with the wrong kind of thing, answered right (its
``sample_answer``) and wrong (its ``wrong_answer``), for staged hints that do not give the
answer away, and for a worked solution. The per-chapter test files hold only what is
particular to a chapter: the expected values against an independent truth and the wrong
answers a learner is likely to give.
"""

from __future__ import annotations

import importlib
import pkgutil

import numpy as np
import pytest

import mlcalc.exercises as exercises
from mlcalc.exercises import ChoiceProblem, NumericProblem, Problem

CHAPTERS = sorted(
    info.name for info in pkgutil.iter_modules(exercises.__path__) if info.name.startswith("ch")
)


def problems_of(chapter: str) -> dict[str, Problem]:
    """The chapter's exercises q1, q2, ... in order."""
    module = importlib.import_module(f"mlcalc.exercises.{chapter}")
    found = {k: v for k, v in vars(module).items() if isinstance(v, Problem)}
    return dict(sorted(found.items(), key=lambda item: int(item[0].lstrip("q"))))


PROBLEMS = [
    pytest.param(problem, id=f"{chapter}.{name}")
    for chapter in CHAPTERS
    for name, problem in problems_of(chapter).items()
]


def test_every_chapter_so_far_has_exercises():
    assert CHAPTERS[:7] == [f"ch0{k}" for k in range(1, 8)]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_chapter_has_four_to_six_problems(chapter):
    problems = list(problems_of(chapter).values())
    assert list(problems_of(chapter)) == [f"q{k}" for k in range(1, len(problems) + 1)]
    assert 4 <= len(problems) <= 6
    choices = sum(isinstance(p, ChoiceProblem) for p in problems)
    assert choices <= 1, "at most one letter choice per chapter"


@pytest.mark.parametrize("problem", PROBLEMS)
def test_placeholders_are_unattempted(problem):
    for blank in (None, ...):
        assert problem.check(blank).status == "unattempted"


@pytest.mark.parametrize("problem", PROBLEMS)
def test_the_wrong_kind_of_answer_is_feedback_not_a_crash(problem):
    for odd in (object(), "an answer", [1.0, "two"]):
        feedback = problem.check(odd)
        assert feedback.status == "incorrect"
        assert len(feedback) > len("Incorrect: ")


@pytest.mark.parametrize("problem", PROBLEMS)
def test_the_sample_answer_is_right(problem):
    feedback = problem.check(problem.sample_answer())
    assert feedback.correct, str(feedback)


@pytest.mark.parametrize("problem", PROBLEMS)
def test_a_plausible_wrong_answer_is_refused(problem):
    assert problem.check(problem.wrong_answer()).status == "incorrect"


@pytest.mark.parametrize("problem", PROBLEMS)
def test_hints_come_in_stages_and_keep_the_answer_back(problem):
    assert len(problem.hints) >= 2, "hints nudge in stages"
    shown = [str(problem.hint(k)) for k in range(1, len(problem.hints) + 1)]
    assert all(text.startswith(f"Hint {k} of ") for k, text in enumerate(shown, start=1))
    if isinstance(problem, NumericProblem):
        expected = np.atleast_1d(np.asarray(problem.expected, dtype=np.float64))
        for value in expected.ravel():
            if value != np.round(value):  # integers appear in hints for other reasons
                for digits in (f"{value:.3g}", f"{value:.4g}"):
                    assert all(digits not in text for text in shown), digits


@pytest.mark.parametrize("problem", PROBLEMS)
def test_prompt_and_solution_are_plain_text(problem):
    assert len(repr(problem)) > 20
    assert str(problem.solution()).startswith("Solution: ")
    assert len(problem.solution_text) > 10
