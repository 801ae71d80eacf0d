"""Hints that help without giving the answer away (issue: lessons a learner finishes).

Every exercise has three graded hints; the last still leaves the final step to the learner, so no
hint may contain a line of the solution's code (compared without spaces) or state all of a value
exercise's answers. The solution comes only from ``solution()``.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

import numpy as np
import pytest

import nnlib.exercises as exercises_pkg
from nnlib.exercises.core import Exercise, FunctionExercise

# modules whose exercises have been rewritten with three hints; every lesson module belongs here
HINTED_MODULES: list[str] = [
    "lesson00",
    "lesson01",
    "lesson02",
    "lesson03",
    "lesson04",
    "lesson05",
    "lesson06",
    "lesson07",
    "lesson08",
    "lesson09",
    "lesson10",
    "lesson11",
    "lesson12",
    "lesson13",
    "lesson14",
    "lesson15",
    "lesson16",
    "lesson17",
    "lesson18",
]


def _exercises(module_name: str) -> list[Exercise]:
    module = importlib.import_module(f"nnlib.exercises.{module_name}")
    return [v for v in vars(module).values() if isinstance(v, Exercise)]


def _squash(text: str) -> str:
    return re.sub(r"[\s`]+", "", text)


def _cases() -> list[tuple[str, Exercise]]:
    return [(m, ex) for m in HINTED_MODULES for ex in _exercises(m)]


def test_every_lesson_module_is_listed_or_pending() -> None:
    modules = {m.name for m in pkgutil.iter_modules(exercises_pkg.__path__)} - {"core"}
    assert set(HINTED_MODULES) <= modules


@pytest.mark.parametrize("module, exercise", _cases(), ids=lambda v: getattr(v, "name", v))
def test_three_hints_none_gives_the_solution(module: str, exercise: Exercise) -> None:
    assert len(exercise.hints) == 3, f"{exercise.name}: give exactly three graded hints"
    code = exercise.solution_code()
    call = f"{exercise.name}.check("
    lines = [
        _squash(line)
        for line in code.splitlines()
        if line.strip() and not line.strip().startswith(("#", call, "def ", "return"))
    ]
    lines = [line for line in lines if len(line) >= 8]
    for level, hint in enumerate(exercise.hints, start=1):
        squashed = _squash(hint)
        for line in lines:
            assert line not in squashed, f"{exercise.name}: hint {level} holds the solution's {line!r}"
    if not isinstance(exercise, FunctionExercise):
        answers = exercise.solution_answers()
        numbers = [a for a in answers if isinstance(a, (int, float, np.number))]
        if numbers and len(numbers) == len(answers):
            last = exercise.hints[-1]
            stated = [f"{float(a):g}" for a in numbers]
            assert not all(re.search(rf"(?<![\d.]){re.escape(s)}(?![\d])", last) for s in stated), (
                f"{exercise.name}: the last hint states every answer ({', '.join(stated)})"
            )
