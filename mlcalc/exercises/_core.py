"""The checker core behind every chapter's exercises.

A problem is a small declarative class (a prompt, the expected answer, hints in stages, a
worked solution); the learner passes an answer in and reads plain-text feedback::

    from mlcalc.exercises import ch01
    ch01.q1.hint()          # the first hint; call again for the next one
    ch01.q1.check(my_answer)
    ch01.q1.solution()

Three kinds of problem cover the book's exercises: a number or array worked out by hand or
by an experiment (:class:`NumericProblem`), a function the learner writes that the checker
runs on cases it chooses (:class:`FunctionProblem`), and, rarely, a choice among labelled
options (:class:`ChoiceProblem`). Every problem can also produce a right answer and a
plausible wrong one (``sample_answer`` / ``wrong_answer``), which the contract test of all
chapters uses.

Feedback is plain text (stable under nbval, readable in a terminal). ``check`` returns a
:class:`Feedback` whose ``status`` is ``"unattempted"``, ``"correct"`` or ``"incorrect"``,
so teachers and tests can act on it.
"""

from __future__ import annotations

import sys
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


def _detached(value: Any) -> Any:
    """A torch tensor (or a list of them) as plain numbers; anything else unchanged.

    A tensor that requires grad refuses ``np.asarray``; its value is still the learner's
    answer, so it is read through ``detach()``.
    """
    if callable(getattr(value, "detach", None)) and hasattr(value, "requires_grad"):
        return value.detach().cpu().numpy()
    if isinstance(value, list | tuple) and any(hasattr(v, "requires_grad") for v in value):
        return [_detached(v) for v in value]
    return value


class Problem(ABC):
    """Base class of an exercise. Subclasses set the class attributes and ``_judge``.

    Attributes
    ----------
    prompt : str
        The question, as shown by ``repr(problem)``.
    hints : tuple of str
        Nudges in stages, from a gentle pointer to the last step before the answer; none
        of them states the answer. :meth:`hint` shows them one at a time.
    solution_text : str
        What :meth:`solution` shows.
    """

    prompt: ClassVar[str] = ""
    hints: ClassVar[tuple[str, ...]] = ()
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
        ok, text = self._judge(_detached(answer))
        return Feedback(CORRECT if ok else INCORRECT, text)

    def hint(self, stage: int | None = None) -> Message:
        """The next hint (each call goes one stage further), or hint number ``stage``."""
        hints = self.hints
        if not hints:
            return Message("Hint: no hint for this one; reread the chapter's last section.")
        if stage is None:
            stage = min(getattr(self, "_hints_shown", 0) + 1, len(hints))
            self._hints_shown = stage
        elif isinstance(stage, bool) or not isinstance(stage, int) or not 1 <= stage <= len(hints):
            raise ValueError(f"stage must be an integer from 1 to {len(hints)}, got {stage!r}")
        return Message(f"Hint {stage} of {len(hints)}: {hints[stage - 1]}")

    def solution(self) -> Message:
        """The worked solution."""
        return Message(f"Solution: {self.solution_text}")

    @abstractmethod
    def _judge(self, answer: Any) -> tuple[bool, str]:
        """Return (is it right, what to tell the learner) for an attempted answer."""

    @abstractmethod
    def sample_answer(self) -> Any:
        """A right answer (the tests check that ``check`` accepts it)."""

    @abstractmethod
    def wrong_answer(self) -> Any:
        """A plausible wrong answer (the tests check that ``check`` refuses it)."""

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
    kind (a SymPy expression such as sqrt(2)*exp(1), a Decimal, a Fraction) counts if
    ``float()`` accepts it: SymPy's I or a free symbol do not.
    """
    answer = _detached(answer)
    try:
        return returned_reals(answer, "answer")
    except (TypeError, ValueError):
        pass
    if isinstance(answer, str | bytes | bool | complex | np.generic | np.ndarray):
        return None
    try:
        return np.array(float(answer))
    except (TypeError, ValueError, OverflowError, AttributeError):
        return None


def _expected(want: np.ndarray) -> str:
    return "a real number" if want.ndim == 0 else f"an array of shape {want.shape}"


def _close(got: np.ndarray, want: np.ndarray, rtol: float, atol: float) -> bool:
    return bool(np.all(np.abs(got - want) <= atol + rtol * np.abs(want)))


def _tolerance_text(rtol: float, atol: float) -> str:
    return f"relative tolerance {rtol:g}, absolute tolerance {atol:g}"


def _nudged(value: Any) -> Any:
    """``value`` moved by 10% of its size (at least 0.1): clearly wrong, same shape."""
    if isinstance(value, tuple | list):
        return type(value)(_nudged(v) for v in value)
    array = np.asarray(value, dtype=np.float64)
    return array + 0.1 * np.maximum(1.0, np.abs(array))


class NumericProblem(Problem):
    """The answer is a number or an array, compared with ``expected``.

    With ``sig_figs`` set, the answer must be right to that many significant figures:
    within one unit in the last of them, entry by entry (0.34127 is 0.3413 to four
    figures, and 0.3413 is not 0.34127 to five). Otherwise the comparison is
    ``|answer - expected| <= atol + rtol * |expected|`` entrywise. The prompt must ask for
    what the tolerance checks.
    """

    expected: ClassVar[Any] = None
    rtol: ClassVar[float] = 1e-6
    atol: ClassVar[float] = 1e-9
    sig_figs: ClassVar[int | None] = None

    def sample_answer(self) -> Any:
        return self.expected

    def wrong_answer(self) -> Any:
        return _nudged(self.expected)

    def _within(self, got: np.ndarray, want: np.ndarray) -> tuple[bool, str]:
        if self.sig_figs is None:
            text = _tolerance_text(self.rtol, self.atol)
            return _close(got, want, self.rtol, self.atol), text
        figures = self.sig_figs
        magnitude = np.floor(np.log10(np.where(want == 0, 1.0, np.abs(want))))
        unit = np.where(want == 0, self.atol, 10.0 ** (magnitude - figures + 1))
        # A hair above one unit, so that an answer typed with exactly that many figures
        # is not refused for the binary rounding of its last digit.
        ok = bool(np.all(np.abs(got - want) <= unit * (1 + 1e-9)))
        return ok, f"{figures} significant figures"

    def _judge(self, answer: Any) -> tuple[bool, str]:
        want = np.asarray(self.expected, dtype=np.float64)
        got = _as_number_array(answer)
        if got is None:
            return False, f"expected {_expected(want)}, got {_describe(answer)}."
        if got.shape != want.shape:
            return False, f"expected {_expected(want)}, got shape {got.shape}."
        if not np.all(np.isfinite(got)):
            return False, "your answer contains inf or NaN."
        ok, tolerance = self._within(got, want)
        if ok:
            return True, f"matches the expected value ({tolerance})."
        return False, f"not within {tolerance} of the expected value. {self._try_hint()}"


def _shown(value: Any) -> str:
    """An argument as feedback shows it: arrays by their shapes, lists of arrays by count."""
    if isinstance(value, np.ndarray):
        return f"array {value.shape}"
    if isinstance(value, list | tuple) and value and all(isinstance(v, np.ndarray) for v in value):
        return f"[{len(value)} arrays {value[0].shape}]"
    return repr(value)


class Args(tuple):
    """The arguments of one call, for a :class:`FunctionProblem` whose function takes
    several: ``points = (Args(x, W), ...)`` calls ``f(x, W)``."""

    def __new__(cls, *values: Any) -> Args:
        return super().__new__(cls, values)

    def __repr__(self) -> str:
        # Arrays by their shapes: a learner reads "inputs = (array (3, 4), 0.5)" at a glance.
        parts = [_shown(v) for v in self]
        text = ", ".join(parts)
        return f"({text[:77]}...)" if len(text) > 80 else f"({text})"


def _call(fn: Callable[..., Any], point: Any) -> Any:
    # Copies, so that a function that changes its argument in place cannot change the
    # problem's points for the next check.
    if isinstance(point, Args):
        return fn(*(np.copy(v) if isinstance(v, np.ndarray) else v for v in point))
    return fn(np.copy(point) if isinstance(point, np.ndarray) else point)


class FunctionProblem(Problem):
    """The answer is a function; it is compared with ``reference`` at ``points``.

    ``points`` is a sequence of arguments: each a number or an array, or an :class:`Args`
    of several. When ``reference`` returns a tuple (a backward pass returning three
    gradients, say) the learner's function must return a tuple or list of as many, each
    compared entry by entry. The answer is right when it agrees with the reference at
    every point within tolerance.
    """

    points: ClassVar[Sequence[Any]] = ()
    rtol: ClassVar[float] = 1e-6
    atol: ClassVar[float] = 1e-9

    @abstractmethod
    def reference(self, *args: Any, **kwargs: Any) -> Any:
        """The right function's value at the point (called like the learner's function)."""

    def sample_answer(self) -> Any:
        return self.reference

    def wrong_answer(self) -> Any:
        return lambda *args: _nudged(self.reference(*args))

    def _compare(self, returned: Any, want: Any, where: str) -> str | None:
        """Why ``returned`` is not ``want`` (None when it is)."""
        if returned is None:
            return f"{where} your function returned None: did you forget `return`?"
        returned = _detached(returned)
        if isinstance(want, tuple):
            if not isinstance(returned, tuple | list) or len(returned) != len(want):
                return (
                    f"{where} your function returned {_describe(returned)}; expected a "
                    f"tuple of {len(want)} arrays."
                )
            for k, (part, wanted) in enumerate(zip(returned, want, strict=True), start=1):
                problem = self._compare(part, wanted, f"{where} (part {k} of {len(want)})")
                if problem:
                    return problem
            return None
        want_array = np.asarray(want, dtype=np.float64)
        got = _as_number_array(returned)
        if got is None:
            return (
                f"{where} your function returned {_describe(returned)}; "
                f"expected {_expected(want_array)}."
            )
        if got.shape != want_array.shape:
            return (
                f"{where} your function returned shape {got.shape}; "
                f"expected {_expected(want_array)}."
            )
        if not _close(got, want_array, self.rtol, self.atol):
            return f"{where} your function gives {got} instead of {want_array}."
        return None

    def _judge(self, answer: Any) -> tuple[bool, str]:
        if not callable(answer):
            return False, f"expected a function, got {_describe(answer)}."
        tolerance = _tolerance_text(self.rtol, self.atol)
        for point in self.points:
            label = "inputs" if isinstance(point, Args) else "x"
            where = f"at {label} = {point!r}"
            want = _call(self.reference, point)
            try:
                returned = _call(answer, point)
            except Exception as exc:  # the learner's code failing is feedback, not a crash
                return False, f"your function raised {type(exc).__name__}: {exc} {where}."
            problem = self._compare(returned, want, where)
            if problem:
                return False, problem
        return True, f"agrees with the reference at {len(self.points)} points ({tolerance})."


def _choice_label(answer: Any) -> str:
    """'b', "'b'", 'b)', '(b)', 'B.' all read as 'b'."""
    return str(answer).strip().strip("'\"").strip().lstrip("(").rstrip(").:").strip().lower()


class ChoiceProblem(Problem):
    """The answer is one of the labelled options (case, quotes, brackets ignored)."""

    options: ClassVar[dict[str, str]] = {}
    expected: ClassVar[str] = ""

    def sample_answer(self) -> Any:
        return self.expected

    def wrong_answer(self) -> Any:
        return next(k for k in self.options if k.lower() != self.expected.lower())

    def _judge(self, answer: Any) -> tuple[bool, str]:
        label = _choice_label(answer)
        labels = {k.lower(): k for k in self.options}
        if label not in labels:
            allowed = ", ".join(repr(k) for k in self.options)
            return False, f"answer with one of {allowed}; got {answer!r}."
        if label == self.expected.lower():
            return True, f"{labels[label]}: {self.options[labels[label]]}"
        return False, f"{labels[label]} is not it. {self._try_hint()}"
