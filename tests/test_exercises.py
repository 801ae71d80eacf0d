"""Tests for nnlib.exercises: every registered exercise with a right, a wrong and a blank answer,
and the reusable exercise kinds on small examples defined here."""

from __future__ import annotations

import ast
import importlib
import re

import numpy as np
import pytest

from nnlib.exercises import (
    ____,
    Exercise,
    FunctionExercise,
    Hint,
    PredicateExercise,
    Result,
    Solution,
    ValueExercise,
    Wrong,
    all_exercises,
    assert_close,
    expect_array,
    expect_number,
    is_placeholder,
    lesson_modules,
)

EXERCISES = all_exercises()


# ---------------------------------------------------------------------------
# every exercise in every lesson module (new ones are picked up automatically)


def test_registry_finds_the_lesson01_exercises():
    assert {"lesson01.and_gate", "lesson01.or_gate"} <= set(EXERCISES)


@pytest.mark.parametrize("module", lesson_modules(), ids=lambda m: m.__name__)
def test_every_lesson_has_at_least_two_exercises(module):
    short = module.__name__.rsplit(".", 1)[-1]
    assert sum(key.startswith(short + ".") for key in EXERCISES) >= 2


@pytest.fixture(params=sorted(EXERCISES), ids=str)
def exercise(request) -> Exercise:
    return EXERCISES[request.param]


def test_solution_passes_its_own_checker(exercise):
    result = exercise.check(*exercise.solution_answers())
    assert result.status == "correct", str(result)
    assert result.correct


def test_displayed_solution_code_runs_and_passes(exercise):
    """The code solution() shows, pasted into a fresh cell of the lesson, must pass."""
    code = exercise.solution().code
    module_name, _ = exercise.name.split(".")
    module = importlib.import_module(f"nnlib.exercises.{module_name}")
    namespace = {"np": np, "____": ____, module_name: module}
    tree = ast.parse(code)
    *setup, last = tree.body
    assert isinstance(last, ast.Expr), "the solution must end with the check() call"
    exec(compile(ast.Module(body=setup, type_ignores=[]), "<solution>", "exec"), namespace)
    result = eval(compile(ast.Expression(last.value), "<solution>", "eval"), namespace)
    assert isinstance(result, Result)
    assert result.correct, str(result)


def test_known_wrong_answers_are_rejected_with_a_message(exercise):
    assert len(exercise.wrong_examples) >= 1, "give at least one known-wrong answer"
    for answers in exercise.wrong_examples:
        result = exercise.check(*answers)
        assert result.status == "wrong", f"{answers!r} was not rejected: {result}"
        assert not result.correct
        assert len(result.message) > 20, "a wrong answer needs a message that teaches"


def test_blank_answers_are_not_attempted(exercise):
    n = len(exercise.answer_names)
    for blank in (____, ...):
        result = exercise.check(*([blank] * n))
        assert result.status == "unattempted", str(result)
        assert not result.correct
    # one blank among real answers is still unattempted
    answers = list(exercise.solution_answers())
    answers[-1] = ____
    assert exercise.check(*answers).status == "unattempted"


def test_wrong_number_of_answers_is_a_wrong_result(exercise):
    result = exercise.check(*exercise.solution_answers(), 1.0)
    assert result.status == "wrong"
    assert exercise.call_text() in result.message


def test_graded_hints(exercise):
    assert len(exercise.hints) >= 2, "give at least two graded hints: hint() and hint(2)"
    first, second = exercise.hint(), exercise.hint(2)
    assert isinstance(first, Hint) and first.level == 1
    assert second.level == 2 and second.text != first.text
    assert exercise.hint(99).level == len(exercise.hints)
    with pytest.raises(ValueError, match="level"):
        exercise.hint(0)


def test_displays_are_deterministic_and_free_of_addresses(exercise):
    shown = [
        exercise,
        exercise.hint(),
        exercise.solution(),
        exercise.check(*exercise.solution_answers()),
        exercise.check(*exercise.wrong_examples[0]),
        exercise.check(*([____] * len(exercise.answer_names))),
    ]
    for obj in shown:
        text, page = str(obj), obj._repr_html_()
        assert text == repr(obj) == str(obj)
        assert page == obj._repr_html_()
        assert not re.search(r"0x[0-9a-f]{6,}", text + page), "memory addresses break nbval"
        assert "<lambda>" not in text + page


def test_solution_shows_the_call_the_learner_makes(exercise):
    code = exercise.solution().code
    assert f"{exercise.name}.check(" in code.splitlines()[-1]
    assert "return" not in code.splitlines()[-1]


# ---------------------------------------------------------------------------
# the placeholder


def test_placeholder_is_a_singleton_and_absorbs_arithmetic():
    from nnlib.exercises.core import _Placeholder

    assert _Placeholder() is ____
    assert repr(____) == "____"
    assert 2 * ____ + 1 is ____
    assert np.float64(2.0) * ____ is ____
    assert -____ is ____


def test_is_placeholder_looks_inside_containers_and_functions():
    assert is_placeholder(____) and is_placeholder(...)
    assert is_placeholder([1.0, [2.0, ____]])
    assert is_placeholder({"w": ____})
    assert is_placeholder(np.array([1.0, ____], dtype=object))
    assert not is_placeholder([1.0, 2.0]) and not is_placeholder(None)

    def unfinished(z):
        return z * ____

    def finished(z):
        return z * 2

    assert is_placeholder(unfinished)
    assert is_placeholder(lambda z: [w for w in (____,)])  # nested code object
    assert not is_placeholder(finished)


# ---------------------------------------------------------------------------
# checking helpers


def test_expect_number_accepts_numbers_and_explains_the_rest():
    assert expect_number("w", 2) == 2.0
    assert expect_number("w", np.float32(0.5)) == 0.5
    assert expect_number("w", np.array(3.0)) == 3.0
    cases = {
        None: "forget to `return`",
        "1.5": "without quotes",
        True: "truth value",
        (1.0, 2.0): "single number",
        float("nan"): "finite",
    }
    for value, fragment in cases.items():
        with pytest.raises(Wrong, match=re.escape(fragment)):
            expect_number("w", value)


def test_expect_array_shape_messages_teach():
    with pytest.raises(Wrong, match=r"shape \(2, 3\), got \(3, 2\): did you transpose `W`"):
        expect_array("W", np.zeros((3, 2)), (2, 3))
    with pytest.raises(Wrong, match=r"a \(1, n\) array are different shapes"):
        expect_array("b", np.zeros((3, 1)), (3,))
    with pytest.raises(Wrong, match="right number of entries"):
        expect_array("W", np.zeros((6,)), (2, 3))
    with pytest.raises(Wrong, match="same length"):
        expect_array("W", [[1.0, 2.0], [3.0]], (2, 2))
    with pytest.raises(Wrong, match="NaN"):
        expect_array("W", [np.nan, 1.0], (2,))
    np.testing.assert_array_equal(expect_array("W", [[1, 2]], (1, 2)), [[1.0, 2.0]])


def test_assert_close_uses_the_stated_tolerance():
    assert_close("y", 1.0 + 1e-9, 1.0)
    assert_close("y", [1.0, 2.0], np.array([1.0, 2.0 + 1e-9]))
    with pytest.raises(Wrong, match=r"close but not within the tolerance \(rtol=1e-05"):
        assert_close("y", 0.731, 0.7310585786)
    assert_close("y", 0.731, 0.7310585786, rtol=1e-3)
    with pytest.raises(Wrong, match=r"`y` = 2 is not right yet\.$"):
        assert_close("y", 2.0, 1.0)
    with pytest.raises(Wrong, match=r"1 of the 3 entries of `y`"):
        assert_close("y", [1.0, 2.0, 5.0], np.array([1.0, 2.0, 3.0]))
    with pytest.raises(Wrong, match=r"Expected 1, got 2"):
        assert_close("f(0)", 2.0, 1.0, reveal=True)


# ---------------------------------------------------------------------------
# ValueExercise


def _weighted_sum_solution():
    x = np.array([1.0, 2.0, 3.0])
    w = np.array([0.5, -1.0, 2.0])
    b = 0.5
    z = x @ w + b
    return z


def _layer_solution():
    """The docstring is not part of what the learner sees."""
    W = np.arange(6.0).reshape(2, 3)
    b = np.array([1.0, 0.0, -1.0])
    return W, b


def _forgot_bias(W, b):
    if np.allclose(np.asarray(b, dtype=float), 0.0):
        return "Your bias is all zeros: a layer has one bias per unit."
    return None


weighted_sum = ValueExercise(
    "lessonxx.weighted_sum",
    "a weighted sum",
    "Compute z = x·w + b.",
    answer_names=("z",),
    solution=_weighted_sum_solution,
    hints=("Multiply element-wise and add.", "z = x @ w + b"),
    wrong_examples=[(6.0,), (np.array([5.5]),)],
    rtol=1e-3,
)

layer = ValueExercise(
    "lessonxx.layer",
    "a layer's parameters",
    "Set W and b.",
    answer_names=("W", "b"),
    solution=_layer_solution,
    hints=("W is (n_in, n_out).", "np.arange"),
    wrong_examples=[(np.arange(6.0).reshape(3, 2), np.array([1.0, 0.0, -1.0]))],
    diagnose=_forgot_bias,
)


def test_value_exercise_right_wrong_blank():
    assert weighted_sum.check(5.0).correct  # 0.5 - 2 + 6 + 0.5
    assert weighted_sum.check(5.004).correct  # within rtol=1e-3
    wrong = weighted_sum.check(6.0)
    assert wrong.status == "wrong" and "5" not in wrong.message  # no answer given away
    assert "single number" in weighted_sum.check(np.array([5.5])).message
    assert weighted_sum.check(____).status == "unattempted"


def test_value_exercise_checks_shapes_before_values_and_diagnoses():
    W, b = _layer_solution()
    assert layer.check(W, b).correct
    assert "did you transpose `W`" in layer.check(W.T, b).message
    assert layer.check(W, np.zeros(3)).message == ("Your bias is all zeros: a layer has one bias per unit.")
    assert "entries of `W`" in layer.check(W + 1, b).message  # generic when diagnose is None


def test_value_solution_code_drops_docstring_keeps_comments():
    assert layer.solution_code() == (
        "W = np.arange(6.0).reshape(2, 3)\nb = np.array([1.0, 0.0, -1.0])\nlessonxx.layer.check(W, b)"
    )
    assert weighted_sum.solution_code().endswith("z = x @ w + b\nlessonxx.weighted_sum.check(z)")


# ---------------------------------------------------------------------------
# FunctionExercise


def relu(z):
    return np.maximum(z, 0.0)


def _relu_reference(z):
    return np.where(np.asarray(z) > 0, z, 0.0)


relu_exercise = FunctionExercise(
    "lessonxx.relu",
    "write ReLU",
    "Write relu(z) = max(0, z), element-wise.",
    solution=relu,
    reference=_relu_reference,
    test_inputs=[(np.array([-2.0, 0.0, 3.0]),), (np.array([[1.5, -0.5]]),), (-1.0,)],
    hints=("Negative numbers become 0.", "np.maximum"),
    wrong_functions=[np.abs, lambda z: z],
)


def test_function_exercise_right_wrong_blank():
    assert relu_exercise.check(relu).correct
    assert relu_exercise.solution_answers() == (relu,)

    wrong = relu_exercise.check(np.abs)
    assert wrong.status == "wrong"
    assert "absolute([-2, 0, 3])" in wrong.message and "Expected [0, 0, 3]" in wrong.message

    def relu_blank(z):
        return np.maximum(z, ____)

    assert relu_exercise.check(relu_blank).status == "unattempted"
    assert relu_exercise.check(____).status == "unattempted"


def test_function_exercise_reports_learner_errors_without_raising():
    def forgets_return(z):
        np.maximum(z, 0)

    def crashes(z):
        return z.nonexistent

    def wrong_shape(z):
        return np.maximum(z, 0).reshape(-1, 1)

    assert "forget to `return`" in relu_exercise.check(forgets_return).message
    assert "raised AttributeError" in relu_exercise.check(crashes).message
    assert "shape (3,), got (3, 1)" in relu_exercise.check(wrong_shape).message
    not_callable = relu_exercise.check(relu(np.zeros(2)))
    assert "without calling it" in not_callable.message


def test_function_exercise_does_not_let_the_learner_mutate_test_inputs():
    def relu_in_place(z):
        z = np.asarray(z, dtype=float)
        z[z < 0] = 0.0
        return z

    assert relu_exercise.check(relu_in_place).correct
    np.testing.assert_array_equal(relu_exercise.test_inputs[0][0], [-2.0, 0.0, 3.0])


def test_function_solution_code_is_the_whole_function_then_the_call():
    code = relu_exercise.solution_code()
    assert code.startswith("def relu(z):\n    return np.maximum(z, 0.0)")
    assert code.endswith("lessonxx.relu.check(relu)")


# ---------------------------------------------------------------------------
# PredicateExercise and the exercise base


def _positive(x):
    x = expect_number("x", x)
    if x <= 0:
        raise Wrong("x must be above 0.", details="x <= 0")
    return "x is positive."


def _positive_solution():
    x = 1.0
    return x


positive = PredicateExercise(
    "lessonxx.positive",
    "any positive number",
    "Pick x > 0.",
    answer_names=("x",),
    predicate=_positive,
    solution=_positive_solution,
    hints=("Above zero.", "1 works."),
    wrong_examples=[(-1.0,)],
)


def test_predicate_exercise_outcomes_and_details():
    assert positive.check(3.0).correct and positive.check(3.0).message == "x is positive."
    result = positive.check(-2.0)
    assert result.status == "wrong" and result.details == "x <= 0"
    assert "x &lt;= 0" in result._repr_html_() and "    x <= 0" in str(result)


def test_result_display_formats():
    result = Result("wrong", "a title", "Use `np.dot` <carefully>.", "a | b")
    assert str(result) == "Not yet: a title\nUse `np.dot` <carefully>.\n    a | b"
    page = result._repr_html_()
    assert "<code>np.dot</code>" in page and "&lt;carefully&gt;" in page
    assert "Not yet" in page and "#D55E00" in page
    solution = positive.solution()
    assert isinstance(solution, Solution) and "<pre" in solution._repr_html_()
    assert "lessonxx.positive.hint(2)" in str(positive)


def test_exercise_definitions_are_validated():
    kwargs = dict(answer_names=("x",), predicate=_positive, solution=_positive_solution, hints=("h",))
    with pytest.raises(ValueError, match="lesson01.and_gate"):
        PredicateExercise("no_dot", "t", "p", wrong_examples=[], **kwargs)
    with pytest.raises(ValueError, match="tuple of 1 answers"):
        PredicateExercise("lessonxx.p", "t", "p", wrong_examples=[-1.0], **kwargs)
    with pytest.raises(ValueError, match="hint"):
        PredicateExercise("lessonxx.p", "t", "p", wrong_examples=[], **{**kwargs, "hints": ()})
    with pytest.raises(ValueError, match="test_inputs"):
        FunctionExercise("lessonxx.f", "t", "p", solution=relu, test_inputs=[], hints=("h",), wrong_functions=[])


def test_registry_rejects_a_misnamed_exercise(monkeypatch):
    from nnlib.exercises import lesson01

    monkeypatch.setattr(lesson01, "misnamed", positive, raising=False)
    with pytest.raises(ValueError, match="lesson01.misnamed"):
        all_exercises()


# ---------------------------------------------------------------------------
# lesson 01 messages (the teaching content itself)


def test_and_gate_messages_point_at_the_mistake():
    from nnlib.exercises import lesson01

    or_weights = lesson01.and_gate.check(1.0, 1.0, -0.5)
    assert "fires too easily" in or_weights.message
    assert or_weights.details.count("<- wrong") == 2
    on_line = lesson01.and_gate.check(1.0, 1.0, -1.0)
    assert "(0, 1) and (1, 0)" in on_line.message and "decision line" in on_line.message
    always_on = lesson01.and_gate.check(1.0, 1.0, 0.5)
    assert "z = b alone" in always_on.message
    scaled = lesson01.and_gate.check(10, 10.0, np.float32(-15))  # any scale works
    assert scaled.correct
    assert "-1.5" not in or_weights.message + or_weights.details  # the answer is not given away


def test_or_gate_accepts_other_solutions_and_rejects_and():
    from nnlib.exercises import lesson01

    assert lesson01.or_gate.check(2.0, 3.0, -1.0).correct
    assert "stays silent but should fire" in lesson01.or_gate.check(1.0, 1.0, -1.5).message


# ---------------------------------------------------------------------------
# lesson 10: the Playground's exercises train seeded runs


def test_lesson10_no_network_smaller_than_the_answer_reaches_95_percent():
    from nnlib.exercises import lesson10

    smaller = [(), (1,), (2,), (1, 1)]  # every network of fewer than 3 hidden neurons
    assert all(sum(h) < lesson10.FEWEST_NEURONS for h in smaller)
    for hidden in smaller:
        assert lesson10.test_accuracy("circles", hidden, ("x1", "x2")) < 0.95, hidden
    assert lesson10.test_accuracy("circles", (3,), ("x1", "x2")) >= 0.95


def test_lesson10_right_wrong_blank():
    from nnlib.exercises import lesson10

    assert lesson10.smallest_network.check((3,)).correct
    assert lesson10.smallest_network.check([3]).correct
    wrong = lesson10.smallest_network.check((2, 1))
    assert wrong.status == "wrong" and "short of 95%" in wrong.message
    assert "more than needed" in lesson10.smallest_network.check((4, 2)).message
    assert lesson10.smallest_network.check(____).status == "unattempted"

    assert lesson10.xor_feature.check("x1·x2").correct
    assert "not one of the features" in lesson10.xor_feature.check("x1*x2").message
    assert lesson10.xor_feature.check("x2²").status == "wrong"
    assert lesson10.xor_feature.check(____).status == "unattempted"

    p = float(lesson10._use_the_model_solution())
    assert 0.5 < p < 1
    assert lesson10.use_the_model.check(p).correct
    assert "class 0" in lesson10.use_the_model.check(1 - p).message
    assert "between 0 and 1" in lesson10.use_the_model.check(3.0).message
    assert lesson10.use_the_model.check(____).status == "unattempted"


def test_lesson10_the_model_answer_is_the_model_on_the_features_written_out():
    from nnlib.exercises import lesson10

    run = lesson10.PlaygroundRun(
        lesson10.Settings(dataset="circles", features=("x1", "x2", "x1²", "x2²"), hidden=(), lr=0.1), seed=0
    )
    run.train(100)
    W, b = run.model.layers[0].W[:, 0], run.model.layers[0].b[0]
    z = np.dot([2.0, 1.0, 4.0, 1.0], W) + b
    assert np.isclose(float(lesson10._use_the_model_solution()), 1 / (1 + np.exp(-z)))
