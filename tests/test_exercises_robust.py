"""No answer breaks a checker (issue 13): every exercise's ``check()`` with functions that loop,
raise or return the wrong thing, and with values of the wrong type and shape, answers "not yet"
(or "not attempted") in a message under 400 characters, without raising and without hanging."""

from __future__ import annotations

import time

import numpy as np
import pytest

from nnlib.exercises import all_exercises

from nnlib.exercises import FunctionExercise, core, lesson03, lesson04, lesson12, lesson13

EXERCISES = all_exercises()
LIMIT = 0.5  # seconds: the checks of looping functions stop this soon in the tests


@pytest.fixture(autouse=True)
def short_time_limit(monkeypatch):
    monkeypatch.setattr(core, "TIME_LIMIT", LIMIT)


def loops_forever(*args, **kwargs):
    while True:
        pass


def raises(*args, **kwargs):
    raise RuntimeError("something inside the learner's function went wrong " * 20)


class EqualityRaises:
    def __eq__(self, other):
        raise RuntimeError("no comparing me")

    __hash__ = object.__hash__


BAD_FUNCTIONS = {
    "loops forever": loops_forever,
    "raises": raises,
    "returns a string": lambda *args, **kwargs: "abc",
    "returns strings": lambda *args, **kwargs: ("a", "b", "c", "d"),
    "returns None": lambda *args, **kwargs: None,
    "returns a ragged list": lambda *args, **kwargs: [[1.0, 2.0], [3.0]],
}
BAD_VALUES = {
    "None": None,
    "a string": "abc",
    "a ragged list": [[1.0, 2.0], [3.0]],
    "a dict": {"a": 1},
    "an object whose == raises": EqualityRaises(),
    "a 3-d array": np.zeros((3, 5, 7)),
    "a list of strings": ["a", "b"],
    "NaN": float("nan"),
    "a huge number": 1e300,
    "a truth value": True,
}


def _cases():
    for key, exercise in sorted(EXERCISES.items()):
        for slot in range(len(exercise.answer_names)):
            for label in [*BAD_FUNCTIONS, *BAD_VALUES]:
                yield pytest.param(key, slot, label, id=f"{key}-{exercise.answer_names[slot]}-{label}")


@pytest.mark.parametrize("key, slot, label", list(_cases()))
def test_no_answer_breaks_a_checker(key, slot, label):
    exercise = EXERCISES[key]
    answers = list(exercise.solution_answers())
    bad = BAD_FUNCTIONS.get(label, BAD_VALUES.get(label))
    answers[slot] = bad
    start = time.perf_counter()
    result = exercise.check(*answers)
    elapsed = time.perf_counter() - start
    assert result.status in ("wrong", "unattempted", "correct")
    if label not in ("NaN", "a huge number", "a truth value", "returns None"):
        assert result.status != "correct", str(result)
    assert len(result.message) < 400 and len(result.details) < 400, str(result)
    assert "Traceback" not in str(result)
    assert elapsed < LIMIT + 1.5, f"the check took {elapsed:.1f} s"


def test_a_looping_function_is_stopped_and_the_limit_stated():
    result = EXERCISES["lesson01.neuron_function"].check(loops_forever)
    assert result.status == "wrong"
    assert f"{LIMIT:g} s" in result.message


def test_top_bar_detector_explains_odd_weights():
    for w in ["abc", [[1.0, 2.0], [3.0]], {"a": 1}, EqualityRaises(), None]:
        result = lesson13.top_bar_detector.check(w, -20.0)
        assert result.status == "wrong"
        assert "got ()" not in result.message
        assert "`w`" in result.message, result.message


def test_xor_by_hand_and_bump_explain_a_ragged_b_out():
    for exercise in (lesson03.xor_by_hand, lesson04.bump):
        answers = list(exercise.solution_answers())
        answers[3] = [[1.0], [2.0, 3.0]]
        result = exercise.check(*answers)
        assert result.status == "wrong"
        assert "b_out" in result.message


def test_functions_returning_strings_are_explained():
    strings = lambda *args: ("a", "b", "c", "d")[:3]  # noqa: E731
    result = lesson12.relu_backward.check(strings)
    assert result.status == "wrong" and "string" in result.message
    four = lambda *args: ("a", "b", "c", "d")  # noqa: E731
    result = lesson12.fix_bug.check(four)
    assert result.status == "wrong" and "string" in result.message


def test_a_wrong_weight_grid_is_summarised_not_printed():
    def weight_grid(W, j):
        return W[:, j].reshape(28, 28)

    grids = FunctionExercise(
        "lesson13.grid_for_this_test",
        "a unit's weight grid",
        "Return unit j's 784 weights as a 28 x 28 grid.",
        solution=weight_grid,
        test_inputs=[(np.arange(784 * 3, dtype=np.float64).reshape(784, 3) / 100.0, 1)],
        hints=("one", "two", "three"),
        wrong_functions=[],
    )
    wrong = lambda W, j: W[:, j].reshape(28, 28).T  # noqa: E731
    result = grids.check(wrong)
    assert result.status == "wrong"
    assert len(str(result)) < 400, str(result)
    assert "first difference" in result.message


def test_the_learners_prints_still_appear(capsys):
    def noisy(*args):
        print("hello from the learner")
        return lesson12._relu_reference(*args)

    lesson12.relu_backward.check(noisy)
    assert "hello from the learner" in capsys.readouterr().out
