"""Every lesson's exercise module, the halves of split lessons included (``lesson05b``).

``nnlib.exercises.core.lesson_modules`` finds ``lessonNN`` modules only; until it also matches
``lessonNNb`` (a one-line change of its pattern), the tests take the halves from here, so that
no exercise goes untested.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import types

import nnlib.exercises as exercises_pkg
from nnlib.exercises import Exercise, all_exercises, lesson_modules

_HALF = re.compile(r"lesson\d\d[a-z]")


def lesson_modules_with_halves() -> list[types.ModuleType]:
    """Every ``lessonNN`` and ``lessonNNb`` module, in lesson order (05, 05b, 06, ...)."""
    halves = [
        importlib.import_module(f"nnlib.exercises.{info.name}")
        for info in pkgutil.iter_modules(exercises_pkg.__path__)
        if _HALF.fullmatch(info.name)
    ]
    found = {m.__name__: m for m in [*lesson_modules(), *halves]}
    return [found[name] for name in sorted(found)]


def all_lesson_exercises() -> dict[str, Exercise]:
    """``all_exercises()`` and the exercises of the halves, keyed ``"lesson05b.momentum_steps"``."""
    found = dict(all_exercises())
    for module in lesson_modules_with_halves():
        short = module.__name__.rsplit(".", 1)[-1]
        for attr, value in vars(module).items():
            if isinstance(value, Exercise) and not attr.startswith("_"):
                key = f"{short}.{attr}"
                if value.name != key:
                    raise ValueError(f"exercise stored as {key} is named {value.name!r}; name it {key!r}")
                found[key] = value
    return dict(sorted(found.items()))
