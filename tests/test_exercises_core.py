"""The checker core: each kind of problem, unattempted, right and wrong."""

import numpy as np
import pytest

from mlcalc.exercises import (
    Args,
    ChoiceProblem,
    Feedback,
    FunctionProblem,
    Message,
    NumericProblem,
)


class Square(NumericProblem):
    prompt = "What is 3 squared?"
    expected = 9.0
    rtol = 1e-6
    atol = 0.0
    hints = ("Squaring means multiplying a number by itself.", "Multiply 3 by 3.")
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
        (Double(), lambda x: None, "did you forget `return`?"),
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
    assert repr(Square().hint(2)) == "Hint 2 of 2: Multiply 3 by 3."
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


def test_hints_come_in_stages_and_stop_at_the_last():
    problem = Square()
    assert problem.hint() == "Hint 1 of 2: Squaring means multiplying a number by itself."
    assert problem.hint() == "Hint 2 of 2: Multiply 3 by 3."
    assert problem.hint() == "Hint 2 of 2: Multiply 3 by 3."
    assert problem.hint(1).startswith("Hint 1 of 2")
    for bad in (0, 3, 1.0, True):
        with pytest.raises(ValueError, match="stage must be an integer from 1 to 2"):
            problem.hint(bad)


class FiveFigures(NumericProblem):
    prompt = "h'(1) to 5 significant figures."
    expected = 0.34127090949850836
    sig_figs = 5


@pytest.mark.parametrize(
    ("answer", "correct"),
    [
        (0.34127, True),
        (0.34128, True),
        (0.34126, False),
        (0.3412709, True),
        (0.3413, False),
        (0.34125, False),
        (-0.34127, False),
    ],
)
def test_significant_figures_mean_what_they_say(answer, correct):
    result = FiveFigures().check(answer)
    assert result.correct is correct, str(result)
    assert "5 significant figures" in result


def test_significant_figures_scale_with_the_size_of_each_entry():
    class Pair(NumericProblem):
        expected = [1234.5678, -0.0012345678]
        sig_figs = 3

    assert Pair().check([1230.0, -0.00123]).correct
    assert not Pair().check([1230.0, -0.00125]).correct
    assert not Pair().check([1250.0, -0.00123]).correct


@pytest.mark.parametrize("written", ["B", "b", "'b'", '"B"', "b)", "(b)", "B.", " (B) "])
def test_a_choice_may_be_written_in_the_usual_ways(written):
    assert Pick().check(written).correct


def test_vector_answers_may_be_tensors_that_require_grad():
    torch = pytest.importorskip("torch")
    x = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
    assert Vector().check(2 * x).correct
    assert Vector().check([2 * x[0], 2 * x[1]]).correct
    assert not Vector().check(3 * x).correct
    assert Double().check(lambda v: 2 * torch.as_tensor(v).requires_grad_(False)).correct


class Backward(FunctionProblem):
    prompt = "Return (dx, dW) for z = x @ W given dz."
    points = (Args(np.array([[1.0, 2.0]]), np.eye(2), np.array([[0.5, -1.0]])),)

    def reference(self, x, W, dz):
        return dz @ W.T, x.T @ dz


def test_functions_of_several_arguments_returning_several_arrays():
    problem = Backward()
    assert problem.check(problem.reference).correct
    assert problem.check(lambda x, W, dz: [dz @ W.T, x.T @ dz]).correct
    swapped = problem.check(lambda x, W, dz: (x.T @ dz, dz @ W.T))
    assert "part 1 of 2" in swapped and not swapped.correct
    assert "expected a tuple of 2 arrays" in problem.check(lambda x, W, dz: dz @ W.T)
    forgot = problem.check(lambda x, W, dz: (dz @ W.T, None))
    assert "at inputs = (array (1, 2), array (2, 2), array (1, 2)) (part 2 of 2)" in forgot
    assert "did you forget `return`" in forgot


@pytest.mark.parametrize("problem", [Square(), Vector(), Double(), Pick(), Backward()])
def test_sample_answers_are_right_and_wrong_answers_wrong(problem):
    assert problem.check(problem.sample_answer()).correct
    assert problem.check(problem.wrong_answer()).status == "incorrect"
