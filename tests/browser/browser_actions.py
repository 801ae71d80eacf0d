"""Per-lesson additions to the generic browser test: options and extra interactions.

The generic test (test_lessons.py) runs every lesson and moves every slider, dropdown, checkbox,
toggle and button of every live widget. A lesson that needs more registers it here, by the
notebook's file stem (``"07b_inside_mnist"`` for ``notebooks/07b_inside_mnist.ipynb``):

- ``LESSON_OPTIONS[stem]``: ``run_timeout`` (seconds for Run All; default 120);
  ``every_copy`` (True: move every control of every copy of a widget; by default a widget
  with the same controls as an earlier one in the lesson has only its first control moved).
- ``@extra_action(stem)``: a function ``action(page, lesson)`` run after the generic moves, for
  interactions the generic test cannot guess (drawing a digit on a canvas, typing in a text
  box, pressing Play). ``lesson.widgets`` is the list of live widgets found
  (``browser_widgets.LiveWidget``: ``.locator``, ``.pictures()``, ``.readout()``), and
  ``lesson.widget_with("clear", "brush")`` finds one by its controls' labels, and
  ``lesson.expect_change(widget, action, picture=True, readout=True)`` runs ``action()`` and
  returns the problems seen (empty when the picture and the readout changed). Append problems to
  ``lesson.problems``; the test fails when that list is not empty.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: stem -> {"run_timeout": seconds, "every_copy": bool}
LESSON_OPTIONS: dict[str, dict[str, Any]] = {
    # train on the real MNIST set (07: about half a minute here, 07b: a few seconds): room for a
    # slower machine
    "07_mnist": {"run_timeout": 300},
    "07b_inside_mnist": {"run_timeout": 300},
}

#: stem -> functions ``action(page, lesson)``, run in registration order
EXTRA_ACTIONS: dict[str, list[Callable[[Any, Any], None]]] = {}

DEFAULT_RUN_TIMEOUT = 120.0


def extra_action(stem: str) -> Callable[[Callable[[Any, Any], None]], Callable[[Any, Any], None]]:
    """Register ``action(page, lesson)`` for the lesson ``stem``."""

    def register(action: Callable[[Any, Any], None]) -> Callable[[Any, Any], None]:
        EXTRA_ACTIONS.setdefault(stem, []).append(action)
        return action

    return register


def options(stem: str) -> dict[str, Any]:
    return LESSON_OPTIONS.get(stem, {})


def run_timeout(stem: str) -> float:
    return float(options(stem).get("run_timeout", DEFAULT_RUN_TIMEOUT))


# -- lesson 07b: draw a digit with the mouse --------------------------------------------------


@extra_action("07b_inside_mnist")
def draw_a_digit(page, lesson) -> None:
    """Draw a stroke on the pad (the left of the figure): the picture and the guess must change.

    The generic moves end with "clear", so the pad is empty here; a learner presses the mouse on
    the pad, drags and releases.
    """
    pad = lesson.widget_with("brush", "clear")
    if pad is None:
        lesson.problems.append("07b_inside_mnist: no drawing pad (a widget with 'brush' and 'clear')")
        return
    canvas = pad.locator.locator(".jupyter-matplotlib-canvas-div").first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()

    def at(fx: float, fy: float) -> tuple[float, float]:
        # the pad is the left axes: about 4-31 % of the width, 20-88 % of the height
        return box["x"] + fx * box["width"], box["y"] + fy * box["height"]

    def stroke() -> None:
        page.mouse.move(*at(0.12, 0.35))
        page.mouse.down()
        page.mouse.move(*at(0.22, 0.40), steps=8)
        page.mouse.move(*at(0.15, 0.78), steps=8)
        page.mouse.up()

    lesson.problems += [f"07b_inside_mnist: drawing on the pad: {p}" for p in lesson.expect_change(pad, stroke)]
