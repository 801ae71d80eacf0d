"""Per-lesson additions to the generic browser test: options and extra interactions.

The generic test (test_lessons.py) runs every lesson and moves every slider, dropdown, checkbox,
toggle and button of every live widget. A lesson that needs more registers it here, by the
notebook's file stem (``"14_inside_mnist"`` for ``notebooks/14_inside_mnist.ipynb``):

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
    # train on the real MNIST set (13: about half a minute here, 14: a few seconds): room for a
    # slower machine
    "13_mnist": {"run_timeout": 300},
    "14_inside_mnist": {"run_timeout": 300},
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


# -- lesson 14: draw a digit with the mouse --------------------------------------------------


@extra_action("14_inside_mnist")
def draw_a_digit(page, lesson) -> None:
    """Draw a stroke on the pad (the left of the figure): the picture and the guess must change.

    The generic moves end with "clear", so the pad is empty here; a learner presses the mouse on
    the pad, drags and releases.
    """
    pad = lesson.widget_with("brush", "clear")
    if pad is None:
        lesson.problems.append("14_inside_mnist: no drawing pad (a widget with 'brush' and 'clear')")
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

    lesson.problems += [f"14_inside_mnist: drawing on the pad: {p}" for p in lesson.expect_change(pad, stroke)]


# -- lesson 18: the Playground trains live -------------------------------------------------


@extra_action("18_playground")
def play_pause_layer_data_step(page, lesson) -> None:
    """Press play and see frames change for several seconds (screenshots while it trains), press
    pause and see them stop within 0.3 s of the readout saying so, add a layer, change the data
    set, step once. Prints the frame rate the browser showed.
    """
    import re
    import time
    from pathlib import Path

    widget = lesson.widget_with("play", "step", "+ layer")
    if widget is None:
        lesson.problems.append("18_playground: no Playground (a widget with play, step and + layer)")
        return
    shots = Path(__file__).resolve().parents[2] / "screenshots" / "lessons" / "18_playground"
    shots.mkdir(parents=True, exist_ok=True)
    box = widget.locator

    def button(text: str):
        return box.locator(".widget-button", has_text=re.compile(rf"^\s*{re.escape(text)}\s*$")).first

    def readout(label: str) -> str:
        found = re.search(rf"{label}\s+(.+)", widget.readout())
        return found.group(1).strip() if found else ""

    def pixels() -> int:
        # a light hash of the canvas's pixels (every 397th byte): cheap enough to poll every
        # 20 ms, so that the frames counted are the frames shown, not the polls
        return box.evaluate(
            """out => { const c = out.querySelector('.jupyter-matplotlib-canvas-div canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let h = 2166136261;
            for (let i = 0; i < d.length; i += 397) { h ^= d[i]; h = Math.imul(h, 16777619); }
            return h >>> 0; }"""
        )

    box.scroll_into_view_if_needed()
    problems: list[str] = []
    # play: frames keep coming for several seconds
    button("play").click()
    frames, seen, started = 0, [pixels()], time.monotonic()
    epochs_at_start = int(readout("epoch") or 0)
    while time.monotonic() - started < 6.0:
        page.wait_for_timeout(20)
        now = pixels()
        if now != seen[-1]:
            frames += 1
            seen.append(now)
        if len(seen) in (5, 30):
            box.screenshot(path=str(shots / f"training-{len(seen)}.png"))
    elapsed = time.monotonic() - started
    epochs = int(readout("epoch") or 0) - epochs_at_start
    print(f"  18_playground: {frames} new frames in {elapsed:.1f} s ({frames / elapsed:.1f} frames/s), {epochs} epochs")
    if frames < 10:
        problems.append(f"only {frames} new frames in {elapsed:.0f} s of play")
    if readout("status") != "training":
        problems.append(f"while playing the status says {readout('status')!r}")
    # pause: the status says so quickly, and nothing changes afterwards
    clicked = time.monotonic()
    button("pause").click()
    while readout("status") != "paused" and time.monotonic() - clicked < 3:
        page.wait_for_timeout(20)
    took = time.monotonic() - clicked
    print(f"  18_playground: pause took effect {took:.2f} s after the click")
    if took > 0.3 + 0.2:  # the click and the readout's round trip through the browser add a little
        problems.append(f"pause took {took:.2f} s to show")
    page.wait_for_timeout(500)  # a frame asked for before the pause may still arrive
    paused_picture, paused_epoch = widget.fingerprint(), readout("epoch")
    page.wait_for_timeout(2000)
    if widget.fingerprint() != paused_picture or readout("epoch") != paused_epoch:
        problems.append("the picture or the epoch still changed after pause")
    box.screenshot(path=str(shots / "paused.png"))
    # add a layer, change the data set, step once
    network = readout("network")
    problems += [f"+ layer: {p}" for p in lesson.expect_change(widget, lambda: button("+ layer").click())]
    if readout("network").count("-") != network.count("-") + 1:
        problems.append(f"+ layer: the network went from {network!r} to {readout('network')!r}")
    data = box.locator(".widget-dropdown", has_text="data").locator("select")

    def choose_spirals() -> None:
        data.select_option("spirals")

    problems += [f"data set: {p}" for p in lesson.expect_change(widget, choose_spirals)]
    epoch = int(readout("epoch") or 0)
    problems += [f"step: {p}" for p in lesson.expect_change(widget, lambda: button("step").click())]
    if int(readout("epoch") or 0) != epoch + 1:
        problems.append(f"step: the epoch went from {epoch} to {readout('epoch')}")
    box.screenshot(path=str(shots / "spirals-after-a-step.png"))
    lesson.problems += [f"18_playground: {p}" for p in problems]
