"""The checker core: each kind of problem, unattempted, right and wrong."""

import numpy as np
import pytest

from mlcalc.exercises import ChoiceProblem, Feedback, FunctionProblem, Message, NumericProblem


class Square(NumericProblem):
    prompt = "What is 3 squared?"
    expected = 9.0
    rtol = 1e-6
    atol = 0.0
    hint_text = "Multiply 3 by itself."
    solution_text = "3 * 3 = 9"


class Vector(NumericProblem):
    prompt = "The gradient of x^2 + y^2 at (1, 2)."
    expected = [2.0, 4.0]


class Double(FunctionProblem):
    prompt = "Write f(x) = 2x."
    points = (0.0, 1.5, np.array([1.0, -2.0]))

    def reference(self, x):
        return 2 * np.asarray(x)


class Pick(ChoiceProblem):
    prompt = "Which is a loss?"
    options = {"A": "sigmoid", "B": "mean squared error"}
    expected = "B"


@pytest.mark.parametrize("blank", [None, ...])
@pytest.mark.parametrize("problem", [Square(), Vector(), Double(), Pick()])
def test_blank_answers_are_unattempted(problem, blank):
    result = problem.check(blank)
    assert result.status == "unattempted"
    assert not result.correct
    assert str(result).startswith("Not attempted")


@pytest.mark.parametrize(
    ("problem", "answer"),
    [
        (Square(), 9.0),
        (Square(), 9),
        (Square(), np.float32(9.0)),
        (Square(), 9.0 * (1 + 5e-7)),
        (Vector(), np.array([2.0, 4.0])),
        (Vector(), [2, 4]),
        (Double(), lambda x: 2 * np.asarray(x)),
        (Pick(), "B"),
        (Pick(), " b "),
    ],
)
def test_right_answers_are_correct(problem, answer):
    result = problem.check(answer)
    assert result.status == "correct", str(result)
    assert result.correct


@pytest.mark.parametrize(
    ("problem", "answer", "says"),
    [
        (Square(), 9.0 * (1 + 2e-6), "relative tolerance 1e-06"),
        (Square(), "9", "expected a real number, got str"),
        (Square(), True, "expected a real number"),
        (Square(), np.bool_(True), "expected a real number"),
        # Coercing these would turn wrong answers into right ones.
        (Square(), 9 + 5j, "expected a real number, got complex"),
        (Square(), np.complex128(9 + 5j), "expected a real number"),
        (Square(), np.array("9"), "expected a real number"),
        (Vector(), ["2", "4"], "expected an array of shape (2,), got list"),
        (Vector(), [2.0, None], "expected an array of shape (2,)"),
        (Square(), float("nan"), "inf or NaN"),
        (Square(), [9.0, 9.0], "got shape (2,)"),
        (Vector(), [2.0, 4.1], "not within"),
        (Vector(), 2.0, "shape (2,)"),
        (Double(), 2.0, "expected a function"),
        (Double(), lambda x: 3 * x, "instead of"),
        (Double(), lambda x: 1 / 0, "ZeroDivisionError"),
        (Double(), lambda x: "two", "returned str 'two'; expected a real number"),
        (Double(), lambda x: None, "returned NoneType None"),
        (Double(), lambda x: 2 * x + 0j, "expected a real number"),
        (Double(), lambda x: np.zeros(3), "returned shape (3,)"),
        (Pick(), "A", "A is not it"),
        (Pick(), "C", "one of 'A', 'B'"),
    ],
)
def test_wrong_answers_are_incorrect_and_say_why(problem, answer, says):
    result = problem.check(answer)
    assert result.status == "incorrect"
    assert says in str(result)


def test_feedback_is_plain_text_without_quotes_in_a_notebook():
    result = Square().check(9.0)
    assert isinstance(result, Feedback)
    assert (
        repr(result)
        == str(result)
        == ("Correct: matches the expected value (relative tolerance 1e-06, absolute tolerance 0).")
    )
    assert repr(Square().hint()) == "Hint: Multiply 3 by itself."
    assert repr(Square().solution()) == "Solution: 3 * 3 = 9"
    assert repr(Square()) == "What is 3 squared?"
    assert isinstance(Square().hint(), Message)


def test_a_tensor_that_requires_grad_is_read_as_its_value_not_a_crash():
    torch = pytest.importorskip("torch")
    answer = torch.tensor(9.0, requires_grad=True) * 1
    assert Square().check(answer).correct
    assert Square().check(answer.detach()).correct
    assert not Square().check(answer + 1).correct


def test_a_function_that_changes_its_argument_cannot_change_the_problem():
    def in_place(x):
        x *= 10.0
        return 2 * x

    problem = Double()
    before = [np.copy(p) for p in problem.points]
    assert not problem.check(in_place).correct
    for old, new in zip(before, problem.points, strict=True):
        np.testing.assert_array_equal(old, new)
    assert problem.check(lambda x: 2 * np.asarray(x)).correct


def test_hints_are_offered_under_the_name_the_learner_imported():
    from mlcalc.exercises import ch01

    assert "Try ch01.q1.hint()." in ch01.q1.check(-1.0)
    assert "Try the problem's .hint()." in Vector().check([0.0, 0.0])


def test_exact_answers_from_other_libraries_count_as_numbers():
    sympy = pytest.importorskip("sympy")
    from decimal import Decimal
    from fractions import Fraction

    assert Square().check(sympy.Integer(3) ** 2).correct
    assert Square().check(Decimal("9.0")).correct
    assert Square().check(Fraction(18, 2)).correct
    # ...but only real ones: SymPy's I or a free symbol is not a number.
    assert "expected a real number" in Square().check(3 * sympy.I)
    assert "expected a real number" in Square().check(sympy.Symbol("x"))


def test_a_function_returning_a_huge_int_is_feedback_not_a_crash():
    assert "expected a real number" in Double().check(lambda x: 10**400)
