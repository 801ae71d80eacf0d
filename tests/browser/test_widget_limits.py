"""Issue 13 in the browser: a control pushed to its end shows a diverged state, and an error in
a widget callback reaches the learner on the page (not only JupyterLab's log console).

Each test writes a small notebook into the served copy of the lessons: lesson 09's own setup,
data and learning-rate-decay cells, taken from the lesson itself, and a sine-wave widget whose
drawing is broken on purpose. Screenshots go to screenshots/limits/.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from browser_lab import kernel_status, open_notebook, run_all
from browser_widgets import _slider_value, find_live_widgets, settle

pytestmark = pytest.mark.browser

LESSON_05 = Path(__file__).resolve().parents[2] / "notebooks" / "09_gradient_descent.ipynb"


def _notebook(folder: Path, name: str, sources: list[str]) -> str:
    cells = [
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}
        for source in sources
    ]
    notebook = {
        "cells": cells,
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (folder / name).write_text(json.dumps(notebook, indent=1))
    return name


def _lesson_05_cells(*needles: str) -> list[str]:
    """The code cells of lesson 09 that contain each needle, in the lesson's order."""
    lesson = json.loads(LESSON_05.read_text())
    sources = ["".join(c["source"]) for c in lesson["cells"] if c["cell_type"] == "code"]
    found = [next(s for s in sources if needle in s) for needle in needles]
    return found


def _push_to_maximum(widget, label: str) -> str:
    """Move the slider labelled ``label`` to its maximum from the keyboard; its new value."""
    control = next(c for c in widget.controls if label in c.label)
    handle = widget.control(control).locator(".noUi-handle").last
    handle.scroll_into_view_if_needed()
    handle.focus()
    handle.press("End")
    for _ in range(60):  # where End is not supported: PageUp until the value stops moving
        before = _slider_value(handle)
        handle.press("PageUp")
        if _slider_value(handle) == before:
            break
    return _slider_value(handle)


def _wait_for_text(widget, text: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    shown = ""
    while time.monotonic() < deadline:
        shown = widget.locator.inner_text()
        if text in shown:
            return shown
        widget.page.wait_for_timeout(200)
    raise AssertionError(f"{text!r} did not appear in the widget; it shows:\n{shown}")


def test_lesson_05_at_its_maxima_shows_diverged(lab_server, lab_page, screenshot_dir):
    page = lab_page
    shots = screenshot_dir / "limits"
    shots.mkdir(parents=True, exist_ok=True)
    name = _notebook(
        lab_server.root_dir,
        "limits_lesson05.ipynb",
        _lesson_05_cells("%matplotlib widget", "line_data(200", "lr_decay=0.9"),
    )
    open_notebook(page, name)
    result = run_all(page, timeout=120)
    assert not result.errors, result.errors
    (widget,) = find_live_widgets(page)
    idle = lambda: kernel_status(page).endswith("| Idle")  # noqa: E731
    before = settle(widget, idle)
    assert "diverged" not in widget.readout()
    for label in ("decay", "learning rate"):
        _push_to_maximum(widget, label)
    text = _wait_for_text(widget, "diverged")
    # the frame can arrive seconds after the readouts on a busy machine: wait until it rests
    after = settle(widget, idle, timeout=20)
    page.wait_for_timeout(3000)
    after = settle(widget, idle, timeout=20)
    widget.locator.screenshot(path=str(shots / "lesson09-maxima.png"))
    assert after != before, "the picture did not change"
    assert "Something went wrong" not in text, text
    assert "FT_Render_Glyph" not in page.inner_text("body")


def test_an_error_in_a_widget_callback_is_shown_on_the_page(lab_server, lab_page, screenshot_dir):
    page = lab_page
    shots = screenshot_dir / "limits"
    shots.mkdir(parents=True, exist_ok=True)
    name = _notebook(
        lab_server.root_dir,
        "limits_error.ipynb",
        [
            "%matplotlib widget\nfrom nnlib.widgets.sine import SineWave",
            "wave = SineWave()\nwave",
            "def broken(**values):\n    raise ZeroDivisionError('a planted error')\n\n"
            "wave.render = broken\nprint('the next move of a slider raises')",
        ],
    )
    open_notebook(page, name)
    result = run_all(page, timeout=120)
    assert not result.errors, result.errors
    (widget,) = find_live_widgets(page)
    slider = next(c for c in widget.controls if c.kind == "slider")
    handle = widget.control(slider).locator(".noUi-handle").last
    handle.scroll_into_view_if_needed()
    handle.focus()
    handle.press("PageUp")
    text = _wait_for_text(widget, "ZeroDivisionError")
    widget.locator.screenshot(path=str(shots / "callback-error.png"))
    assert "a planted error" in text
    assert "run the cell again" in text
