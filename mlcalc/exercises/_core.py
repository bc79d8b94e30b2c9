"""The checker core behind every chapter's exercises.

A problem is a small declarative class (a prompt, the expected answer, a hint, a worked
solution); the learner passes an answer in and reads plain-text feedback::

    from mlcalc.exercises import ch01
    ch01.q1.hint()
    ch01.q1.check(my_answer)
    ch01.q1.solution()

Feedback is plain text (stable under nbval, readable in a terminal). ``check`` returns a
:class:`Feedback` whose ``status`` is ``"unattempted"``, ``"correct"`` or ``"incorrect"``,
so teachers and tests can act on it.
"""

from __future__ import annotations

import sys
import warnings
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import numpy as np

from .._validate import describe as _describe
from .._validate import returned_reals

UNATTEMPTED = "unattempted"
CORRECT = "correct"
INCORRECT = "incorrect"


class Message(str):
    """A piece of feedback: a ``str`` that shows as plain text in a notebook (no quotes)."""

    def __repr__(self) -> str:
        return str(self)


class Feedback(Message):
    """The result of :meth:`Problem.check`: the message, plus ``status`` and ``correct``."""

    status: str

    def __new__(cls, status: str, text: str) -> Feedback:
        labels = {UNATTEMPTED: "Not attempted", CORRECT: "Correct", INCORRECT: "Incorrect"}
        obj = super().__new__(cls, f"{labels[status]}: {text}")
        obj.status = status
        return obj

    @property
    def correct(self) -> bool:
        return self.status == CORRECT


def _is_unattempted(answer: Any) -> bool:
    return answer is None or answer is Ellipsis


class Problem(ABC):
    """Base class of an exercise. Subclasses set the class attributes and ``_judge``.

    Attributes
    ----------
    prompt : str
        The question, as shown by ``repr(problem)``.
    hint_text, solution_text : str
        What :meth:`hint` and :meth:`solution` show.
    """

    prompt: ClassVar[str] = ""
    hint_text: ClassVar[str] = "No hint for this one: try the chapter's last section."
    solution_text: ClassVar[str] = ""

    def check(self, answer: Any = None) -> Feedback:
        """Compare ``answer`` with the expected one and say what is right or wrong.

        Pass ``None`` or ``...`` (the placeholder in the exercise cell) to be told the
        problem is not attempted yet.
        """
        if _is_unattempted(answer):
            return Feedback(
                UNATTEMPTED,
                "replace the `...` with your answer and run the cell again.",
            )
        ok, text = self._judge(answer)
        return Feedback(CORRECT if ok else INCORRECT, text)

    def hint(self) -> Message:
        """A nudge in the right direction."""
        return Message(f"Hint: {self.hint_text}")

    def solution(self) -> Message:
        """The worked solution."""
        return Message(f"Solution: {self.solution_text}")

    @abstractmethod
    def _judge(self, answer: Any) -> tuple[bool, str]:
        """Return (is it right, what to tell the learner) for an attempted answer."""

    def _try_hint(self) -> str:
        """'Try ch06.q2.hint().', naming the problem as the learner imported it."""
        module_name = type(self).__module__
        module = sys.modules.get(module_name)
        for attribute, value in vars(module).items() if module else ():
            if value is self:
                return f"Try {module_name.rsplit('.', 1)[-1]}.{attribute}.hint()."
        return "Try the problem's .hint()."

    def __repr__(self) -> str:
        return Message(self.prompt).__repr__()


def _as_number_array(answer: Any) -> np.ndarray | None:
    """The answer as a float64 array, or None when it is not made of real numbers.

    Numbers and arrays of them pass as they are. Strings, booleans, complex numbers and
    ``None`` inside a list are refused rather than coerced: ``float("9")`` or dropping an
    imaginary part would turn a wrong answer into a right one. One exact number of another
    kind (a SymPy expression such as sqrt(2)*exp(1), a Decimal, a tensor that requires
    grad) counts if ``float()`` accepts it: SymPy's I or a free symbol do not.
    """
    try:
        return returned_reals(answer, "answer")
    except (TypeError, ValueError):
        pass
    if isinstance(answer, str | bytes | bool | complex | np.generic | np.ndarray):
        return None
    try:
        with warnings.catch_warnings():  # torch warns about a tensor that requires grad
            warnings.simplefilter("ignore")
            return np.array(float(answer))
    except (TypeError, ValueError, OverflowError, AttributeError):
        return None


def _expected(want: np.ndarray) -> str:
    return "a real number" if want.ndim == 0 else f"an array of shape {want.shape}"


def _close(got: np.ndarray, want: np.ndarray, rtol: float, atol: float) -> bool:
    return bool(np.all(np.abs(got - want) <= atol + rtol * np.abs(want)))


def _tolerance_text(rtol: float, atol: float) -> str:
    return f"relative tolerance {rtol:g}, absolute tolerance {atol:g}"


class NumericProblem(Problem):
    """The answer is a number or an array, compared with ``expected`` within tolerance.

    The comparison is ``|answer - expected| <= atol + rtol * |expected|`` entrywise.
    """

    expected: ClassVar[Any] = None
    rtol: ClassVar[float] = 1e-6
    atol: ClassVar[float] = 1e-9

    def _judge(self, answer: Any) -> tuple[bool, str]:
        want = np.asarray(self.expected, dtype=np.float64)
        got = _as_number_array(answer)
        if got is None:
            return False, f"expected {_expected(want)}, got {_describe(answer)}."
        if got.shape != want.shape:
            return False, f"expected {_expected(want)}, got shape {got.shape}."
        if not np.all(np.isfinite(got)):
            return False, "your answer contains inf or NaN."
        tolerance = _tolerance_text(self.rtol, self.atol)
        if _close(got, want, self.rtol, self.atol):
            return True, f"matches the expected value ({tolerance})."
        return False, f"not within {tolerance} of the expected value. {self._try_hint()}"


class FunctionProblem(Problem):
    """The answer is a function; it is compared with ``reference`` at ``points``.

    ``points`` is a sequence of arguments (each a number or an array). The answer is
    right when it agrees with the reference at every point within tolerance.
    """

    points: ClassVar[Sequence[Any]] = ()
    rtol: ClassVar[float] = 1e-6
    atol: ClassVar[float] = 1e-9

    @abstractmethod
    def reference(self, x: Any) -> Any:
        """The right function's value at ``x``."""

    def _judge(self, answer: Any) -> tuple[bool, str]:
        if not callable(answer):
            return False, f"expected a function, got {type(answer).__name__} {answer!r}."
        fn: Callable[[Any], Any] = answer
        tolerance = _tolerance_text(self.rtol, self.atol)
        for x in self.points:
            want = np.asarray(self.reference(x), dtype=np.float64)
            try:
                # A copy, so that a function that changes its argument in place cannot
                # change the problem's points for the next check.
                returned = fn(np.copy(x) if isinstance(x, np.ndarray) else x)
            except Exception as exc:  # the learner's code failing is feedback, not a crash
                return False, f"your function raised {type(exc).__name__}: {exc} at x = {x!r}."
            got = _as_number_array(returned)
            if got is None:
                return False, (
                    f"at x = {x!r} your function returned {_describe(returned)}; "
                    f"expected {_expected(want)}."
                )
            if got.shape != want.shape:
                return False, (
                    f"at x = {x!r} your function returned shape {got.shape}; "
                    f"expected {_expected(want)}."
                )
            if not _close(got, want, self.rtol, self.atol):
                return False, f"at x = {x!r} your function gives {got} instead of {want}."
        return True, f"agrees with the reference at {len(self.points)} points ({tolerance})."


class ChoiceProblem(Problem):
    """The answer is one of the labelled options (case and spaces ignored)."""

    options: ClassVar[dict[str, str]] = {}
    expected: ClassVar[str] = ""

    def _judge(self, answer: Any) -> tuple[bool, str]:
        label = str(answer).strip().lower()
        labels = {k.lower(): k for k in self.options}
        if label not in labels:
            allowed = ", ".join(repr(k) for k in self.options)
            return False, f"answer with one of {allowed}; got {answer!r}."
        if label == self.expected.lower():
            return True, f"{labels[label]}: {self.options[labels[label]]}"
        return False, f"{labels[label]} is not it. {self._try_hint()}"
