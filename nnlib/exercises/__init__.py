"""Checked exercises for the lessons: ``check()``, graded ``hint()`` and a tested ``solution()``.

The machinery is in :mod:`nnlib.exercises.core`; each lesson's exercises live in their own
module, ``nnlib.exercises.lesson01``, ``lesson03``, ... A lesson imports them with::

    from nnlib.exercises import ____, lesson01

See ``notes/EXERCISES.md`` for how to write one.
"""

from nnlib.exercises.core import (
    ____,
    Exercise,
    FunctionExercise,
    Hint,
    PredicateExercise,
    PredictExercise,
    Result,
    Solution,
    ValueExercise,
    Wrong,
    all_exercises,
    assert_close,
    expect_array,
    expect_number,
    format_array,
    is_placeholder,
    lesson_modules,
)

__all__ = [
    "____",
    "Exercise",
    "FunctionExercise",
    "Hint",
    "PredicateExercise",
    "PredictExercise",
    "Result",
    "Solution",
    "ValueExercise",
    "Wrong",
    "all_exercises",
    "assert_close",
    "expect_array",
    "expect_number",
    "format_array",
    "is_placeholder",
    "lesson_modules",
]
