"""How long a lesson takes a learner: an estimate from what the notebook holds.

The model (minutes), from what each part asks of a learner:

- prose: the words of the markdown cells at 120 words a minute (careful reading of technical
  text with formulas; general prose is read at 200-250);
- code: 0.4 minutes per code cell (read it, run it, look at what it prints);
- widgets: 5 minutes per live widget shown (the middle of the 3-8 minutes a learner spends moving
  a widget's controls and reading what changes);
- exercises: by kind, unless the exercise states its own ``minutes``: 3 for a value to compute or
  read off (``ValueExercise``), 3 for a prediction checked by moving a widget
  (``PredictExercise``), 5 for settings or code to find (``PredicateExercise``), 8 for a
  function to write (``FunctionExercise``).

Every lesson states its time at its top as "About N minutes", N being the estimate rounded up to
the next 5; ``--check`` fails when a lesson states another figure or takes more than 60 minutes.

    python scripts/lesson_time.py            # the table
    python scripts/lesson_time.py --check    # and fail on a wrong statement or a long lesson
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

WORDS_PER_MINUTE = 120
MINUTES_PER_CODE_CELL = 0.4
MINUTES_PER_WIDGET = 5.0
MINUTES_PER_EXERCISE = {
    "ValueExercise": 3.0,
    "PredictExercise": 3.0,
    "PredicateExercise": 5.0,
    "FunctionExercise": 8.0,
}
DEFAULT_EXERCISE_MINUTES = 5.0
LIMIT = 60

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
CHECK_CALL = re.compile(r"\b(lesson\w+)\.(\w+)\.check\(")
STATED = re.compile(r"About (\d+) minutes")


@dataclass
class LessonTime:
    """The estimate for one lesson, part by part (minutes)."""

    name: str
    words: int
    code_cells: int
    widgets: int
    exercises: list[tuple[str, float]]
    stated: int | None

    @property
    def prose(self) -> float:
        return self.words / WORDS_PER_MINUTE

    @property
    def code(self) -> float:
        return self.code_cells * MINUTES_PER_CODE_CELL

    @property
    def moving(self) -> float:
        return self.widgets * MINUTES_PER_WIDGET

    @property
    def exercising(self) -> float:
        return sum(minutes for _, minutes in self.exercises)

    @property
    def total(self) -> float:
        return self.prose + self.code + self.moving + self.exercising

    @property
    def rounded(self) -> int:
        """The figure a lesson states: the estimate rounded up to the next 5 minutes."""
        return int(5 * math.ceil(self.total / 5 - 1e-9))


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def exercise_minutes(module: str, name: str) -> float:
    """Minutes for one exercise: its own ``minutes``, else the default of its kind."""
    sys.path.insert(0, str(ROOT))
    try:
        exercise = getattr(importlib.import_module(f"nnlib.exercises.{module}"), name)
    except (ImportError, AttributeError):
        return DEFAULT_EXERCISE_MINUTES
    finally:
        sys.path.pop(0)
    stated = getattr(exercise, "minutes", None)
    if isinstance(stated, (int, float)) and stated > 0:
        return float(stated)
    for cls in type(exercise).__mro__:
        if cls.__name__ in MINUTES_PER_EXERCISE:
            return MINUTES_PER_EXERCISE[cls.__name__]
    return DEFAULT_EXERCISE_MINUTES


def lesson_time(path: Path) -> LessonTime:
    """Count what a stored notebook asks of a learner."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    words = code_cells = widgets = 0
    exercises: dict[tuple[str, str], float] = {}
    stated = None
    for cell in nb["cells"]:
        text = _source(cell)
        if cell["cell_type"] == "markdown":
            words += len(text.split())
            found = STATED.search(text)
            if stated is None and found:
                stated = int(found.group(1))
        elif cell["cell_type"] == "code":
            code_cells += 1
            widgets += sum(WIDGET_MIME in out.get("data", {}) for out in cell.get("outputs", []))
            for module, name in CHECK_CALL.findall(text):
                exercises.setdefault((module, name), exercise_minutes(module, name))
    return LessonTime(
        path.stem,
        words,
        code_cells,
        widgets,
        [(f"{m}.{n}", t) for (m, n), t in exercises.items()],
        stated,
    )


def lessons(paths: list[Path] | None = None) -> list[LessonTime]:
    """The estimate for every lesson in ``notebooks/`` (or the paths given)."""
    return [lesson_time(p) for p in (paths or sorted(NOTEBOOKS.glob("[0-9][0-9]*_*.ipynb")))]


def table(times: list[LessonTime]) -> str:
    """A Markdown table of the estimates, part by part."""
    rows = [
        "| lesson | words | prose | code cells | code | widgets | moving | exercises | exercising | total | stated |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for t in times:
        rows.append(
            f"| {t.name} | {t.words} | {t.prose:.0f} | {t.code_cells} | {t.code:.0f} | "
            f"{t.widgets} | {t.moving:.0f} | {len(t.exercises)} | {t.exercising:.0f} | "
            f"{t.total:.0f} | {t.stated if t.stated is not None else '-'} |"
        )
    return "\n".join(rows)


def problems(times: list[LessonTime]) -> list[str]:
    """What is wrong: a lesson over the limit, or one that states another time."""
    found = []
    for t in times:
        if t.total > LIMIT:
            found.append(f"{t.name}: {t.total:.0f} minutes, over the {LIMIT}-minute limit")
        if t.stated != t.rounded:
            said = f"states {t.stated}" if t.stated is not None else "states no time"
            found.append(f'{t.name}: {said}; write "About {t.rounded} minutes" at its top')
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: every lesson)")
    parser.add_argument("--check", action="store_true", help="fail on a long or misstated lesson")
    args = parser.parse_args(argv)
    times = lessons(args.paths or None)
    print(table(times))
    total = sum(t.total for t in times)
    print(f"\nall lessons: {total:.0f} minutes ({total / 60:.1f} hours)")
    if args.check:
        found = problems(times)
        for line in found:
            print(line, file=sys.stderr)
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
