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
)

from nnlib.exercises import lesson_modules

EXERCISES = all_exercises()


# ---------------------------------------------------------------------------
# every exercise in every lesson module (new ones are picked up automatically)


def test_registry_finds_the_lesson01_exercises():
    assert {"lesson01.and_gate", "lesson01.or_gate"} <= set(EXERCISES)


def test_registry_finds_the_halves_of_split_lessons():
    names = {m.__name__.rsplit(".", 1)[-1] for m in lesson_modules()}
    assert {"lesson10", "lesson12", "lesson14", "lesson16"} <= names
    assert {"lesson10.momentum_steps", "lesson12.find_bug", "lesson16.dropout_by_hand"} <= set(EXERCISES)


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
    assert "Not yet" in page and "#A84900" in page
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
# lesson 17's solutions against nnlib's own optimiser and layer (outside the exercise module)


def test_lesson09_rmsprop_solution_is_nnlibs_rmsprop_over_several_steps():
    from nnlib import RMSprop
    from nnlib.exercises import lesson17

    rng = np.random.default_rng(0)
    p_ours = rng.normal(size=(3, 2))
    p_nnlib = p_ours.copy()
    s = np.zeros_like(p_ours)
    opt = RMSprop(lr=0.01, rho=0.8, epsilon=1e-3)
    for _ in range(6):
        g = rng.normal(size=(3, 2))
        p_ours, s = lesson17.rmsprop(p_ours, g, s, 0.01, 0.8, 1e-3)
        opt.step([p_nnlib], [g.copy()])
    np.testing.assert_allclose(p_ours, p_nnlib, rtol=1e-12)


def test_lesson09_weight_decay_answers_are_nnlibs_penalty_and_gradient():
    from nnlib import Dense, Sequential
    from nnlib.exercises import lesson17

    penalty, grad = lesson17.weight_decay.solution_answers()
    layer = Sequential([Dense(2, input_shape=[3], l2=0.01)]).layers[0]
    layer.W = lesson17.DECAY_W
    assert layer.penalty() == pytest.approx(penalty)
    h = 1e-6  # the penalty's gradient by central differences
    numeric = np.zeros_like(lesson17.DECAY_W)
    for idx in np.ndindex(numeric.shape):
        W = lesson17.DECAY_W.copy()
        W[idx] += h
        layer.W = W
        up = layer.penalty()
        W[idx] -= 2 * h
        layer.W = W
        numeric[idx] = (up - layer.penalty()) / (2 * h)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9)


def test_lesson09_init_std_answers_are_what_dense_draws():
    from nnlib import Dense, Sequential
    from nnlib.exercises import lesson17

    he, glorot = lesson17.init_std.solution_answers()
    for init, std in [("he_normal", he), ("glorot_normal", glorot)]:
        W = Sequential([Dense(256, input_shape=[512], init=init)], rng=np.random.default_rng(0)).layers[0].W
        assert W.std() == pytest.approx(std, rel=0.01)


# label contrast: WCAG 2 relative luminance, against the box's own background


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255.0
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _hex(colour: str) -> tuple[float, float, float]:
    return tuple(float(int(colour[i : i + 2], 16)) for i in (1, 3, 5))  # type: ignore[return-value]


def _contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_ratio_matches_published_values():
    # WCAG's own anchors: black on white is 21:1, and #777777 on white about 4.48:1
    assert _contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert _contrast(_hex("#777777"), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("kind", ["correct", "wrong", "unattempted", "hint", "solution", "exercise"])
def test_label_text_contrast_is_at_least_4_5_to_1_on_its_box(kind):
    from nnlib.exercises import core

    # the label's colour, and the background the box actually paints: read from the HTML
    page = core._box_html(kind, "Label", "title", "message")
    label = re.search(r'<strong style="color: (#[0-9A-Fa-f]{6});">', page).group(1)
    background = re.search(r"background: (#[0-9A-Fa-f]{6})([0-9A-Fa-f]{2});", page)
    base, alpha = _hex(background.group(1)), int(background.group(2), 16) / 255.0
    # the box's colour at that opacity over the page (JupyterLab's light theme: white)
    painted = tuple(alpha * c + (1 - alpha) * 255.0 for c in base)
    assert _contrast(_hex(label), painted) >= 4.5, f"{kind}: {label} on {painted}"
    assert _contrast(_hex(label), (255.0, 255.0, 255.0)) >= 4.5


# ---------------------------------------------------------------------------
# PredictExercise: predict, then move


def _three_choices(**kwargs):
    from nnlib.exercises import PredictExercise

    def right():
        prediction = "b"
        return prediction

    return PredictExercise(
        "lesson99.guess",
        "a guess",
        "What happens?",
        choices={"a": "it rises", "b": "it stays", "c": "it falls"},
        solution=right,
        move="drag `x` to 3 and watch.",
        why_not={"a": "Rising needs a slope."},
        hints=("one", "two", "three"),
        **kwargs,
    )


def test_predict_exercise_right_wrong_blank_and_junk():
    ex = _three_choices()
    right = ex.check("b")
    assert right.correct and "drag `x` to 3" in right.message
    assert ex.check(" B) ").correct  # spaces, capitals and a parenthesis are forgiven
    wrong = ex.check("a")
    assert wrong.status == "wrong" and "Rising needs a slope." in wrong.message and "drag `x` to 3" in wrong.message
    assert "drag `x` to 3" in ex.check("c").message  # a wrong choice without its own message
    assert ex.check(____).status == "unattempted"
    for junk in ("d", "", 2, None, ["b"], np.nan):
        result = ex.check(junk)
        assert result.status == "wrong" and '"a", "b", "c"' in result.message, junk
    assert ex.solution().code.splitlines()[-1] == "lesson99.guess.check(prediction)"
    text = str(ex)
    assert "a) it rises" in text and "c) it falls" in text and "<li>" not in text


def test_predict_exercise_refuses_a_bad_definition():
    from nnlib.exercises import PredictExercise

    with pytest.raises(ValueError, match="not one of"):
        PredictExercise(
            "lesson99.x", "t", "p", choices={"a": "1", "b": "2"}, solution=lambda: "c", move="m", hints=("h",)
        )
    with pytest.raises(ValueError, match="single letters"):
        PredictExercise(
            "lesson99.x", "t", "p", choices={"yes": "1", "no": "2"}, solution=lambda: "yes", move="m", hints=("h",)
        )
    with pytest.raises(ValueError, match="do not exist"):
        PredictExercise(
            "lesson99.x",
            "t",
            "p",
            choices={"a": "1", "b": "2"},
            solution=lambda: "a",
            move="m",
            hints=("h",),
            why_not={"z": "?"},
        )


def test_function_exercise_with_no_overflow_refuses_a_formula_that_overflows():
    def stable(z):
        return np.exp(-np.abs(z))

    def naive(z):
        return 1.0 / np.exp(np.abs(z))  # the same numbers, but e^1000 overflows on the way

    ex = FunctionExercise(
        "lesson99.small",
        "t",
        "p",
        solution=stable,
        test_inputs=[(np.array([0.0, 1000.0]),)],
        hints=("h",),
        wrong_functions=[naive],
        no_overflow=True,
    )
    assert ex.check(stable).correct
    result = ex.check(naive)
    assert result.status == "wrong" and "overflowed" in result.message
    lenient = FunctionExercise(
        "lesson99.small",
        "t",
        "p",
        solution=stable,
        test_inputs=[(np.array([0.0, 1000.0]),)],
        hints=("h",),
        wrong_functions=[],
    )
    with np.errstate(over="ignore"):
        assert lenient.check(naive).correct  # without no_overflow the rounded result is accepted


# ---------------------------------------------------------------------------
# the exercises of the split lessons: their foreseen mistakes get their own message


def test_step_vs_sigmoid_is_central_differences_written_out_here():
    from nnlib.exercises import lesson02

    x, y, b, w, h = lesson02.STEP_X, lesson02.STEP_Y, -1.0, 0.2, 1e-4

    def loss(a):
        return np.mean((a - y) ** 2)

    sig = lambda v: 1.0 / (1.0 + np.exp(-(v * x + b)))  # noqa: E731
    # the exact slope of mean((sigmoid(w x + b) - y)^2) in w, against the checker's answer
    exact = np.mean(2 * (sig(w) - y) * sig(w) * (1 - sig(w)) * x)
    assert lesson02.step_vs_sigmoid.check(0.0, exact).correct
    assert (loss(sig(w + h)) - loss(sig(w - h))) / (2 * h) == pytest.approx(exact, rel=1e-6)
    assert "exactly 0" in lesson02.step_vs_sigmoid.check(0.5, exact).message
    assert "wrong sign" in lesson02.step_vs_sigmoid.check(0.0, -exact).message
    assert "factor 2" in lesson02.step_vs_sigmoid.check(0.0, 2 * exact).message


def test_output_slopes_are_the_closed_forms():
    from nnlib.exercises import lesson08

    p = 1.0 / (1.0 + np.exp(2.5))
    assert lesson08.output_slopes.check(p - 1.0, (p - 1.0) * p * (1.0 - p)).correct
    assert "negative" in lesson08.output_slopes.check(1.0 - p, (1.0 - p) * p * (1.0 - p)).message
    assert "p(1 - p)" in lesson08.output_slopes.check(p - 1.0, p - 1.0).message
    assert "Off by 2" in lesson08.output_slopes.check(p - 1.0, 2 * (p - 1.0) * p * (1.0 - p)).message


def test_softmax_logit_is_ln_8_and_the_sigmoid_answer_is_explained():
    from nnlib.exercises import lesson05

    assert lesson05.softmax_logit.check(np.log(8.0)).correct
    z = np.array([0.0, 0.0, np.log(8.0)])
    assert np.exp(z)[2] / np.exp(z).sum() == pytest.approx(0.8)
    assert "three terms" in lesson05.softmax_logit.check(np.log(4.0)).message


def test_collapse_takes_any_number_of_layers():
    from nnlib.exercises import lesson06

    def by_identity(layers):
        # the one layer read off the stack itself: its output for the unit vectors and for 0
        n_in = layers[0][0].shape[0]
        out = np.eye(n_in)
        zero = np.zeros((1, n_in))
        for W, b in layers:
            out, zero = out @ W + b, zero @ W + b
        return out - zero, zero[0]

    assert lesson06.collapse.check(by_identity).correct
    two_only = lesson06.collapse.check(
        lambda layers: (layers[0][0] @ layers[1][0], layers[0][1] @ layers[1][0] + layers[1][1])
    )
    assert two_only.status == "wrong"


# lesson 18: the Playground's exercises train seeded runs


def test_lesson10_no_network_smaller_than_the_answer_reaches_95_percent():
    from nnlib.exercises import lesson18

    smaller = [(), (1,), (2,), (1, 1)]  # every network of fewer than 3 hidden neurons
    assert all(sum(h) < lesson18.FEWEST_NEURONS for h in smaller)
    for hidden in smaller:
        assert lesson18.test_accuracy("circles", hidden, ("x1", "x2")) < 0.95, hidden
    assert lesson18.test_accuracy("circles", (3,), ("x1", "x2")) >= 0.95


def test_lesson10_right_wrong_blank():
    from nnlib.exercises import lesson18

    assert lesson18.smallest_network.check((3,)).correct
    assert lesson18.smallest_network.check([3]).correct
    wrong = lesson18.smallest_network.check((2, 1))
    assert wrong.status == "wrong" and "short of 95%" in wrong.message
    assert "more than needed" in lesson18.smallest_network.check((4, 2)).message
    assert lesson18.smallest_network.check(____).status == "unattempted"

    assert lesson18.xor_feature.check("x1·x2").correct
    assert "not one of the features" in lesson18.xor_feature.check("x1*x2").message
    assert lesson18.xor_feature.check("x2²").status == "wrong"
    assert lesson18.xor_feature.check(____).status == "unattempted"

    p = float(lesson18._use_the_model_solution())
    assert 0.5 < p < 1
    assert lesson18.use_the_model.check(p).correct
    assert "class 0" in lesson18.use_the_model.check(1 - p).message
    assert "between 0 and 1" in lesson18.use_the_model.check(3.0).message
    assert lesson18.use_the_model.check(____).status == "unattempted"


def test_lesson10_the_model_answer_is_the_model_on_the_features_written_out():
    from nnlib.exercises import lesson18

    run = lesson18.PlaygroundRun(
        lesson18.Settings(dataset="circles", features=("x1", "x2", "x1²", "x2²"), hidden=(), lr=0.1), seed=0
    )
    run.train(100)
    W, b = run.model.layers[0].W[:, 0], run.model.layers[0].b[0]
    z = np.dot([2.0, 1.0, 4.0, 1.0], W) + b
    assert np.isclose(float(lesson18._use_the_model_solution()), 1 / (1 + np.exp(-z)))
