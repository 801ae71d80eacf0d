"""Issue 3: every lesson runs in JupyterLab with "Run All", and every widget responds.

For each notebooks/*.ipynb: open it in JupyterLab (a temporary copy), clear the outputs, Run All
from the menu, wait for every cell and an idle kernel; no cell may show an error (an error
output, or a traceback on stderr). Then every live widget is exercised: each control moved from
the keyboard or the mouse, and its picture and readout must change (see browser_widgets.py for
the rules and the opt-outs, browser_actions.py for per-lesson extras). After Run All and again
after the controls moved, every live canvas's pixels in the page must match its figure rendered
in the kernel (browser_frames.py: a partial frame fails). Screenshots go to screenshots/lessons/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from browser_actions import EXTRA_ACTIONS, options, run_timeout
from browser_frames import frame_mismatches
from browser_lab import kernel_status, log_console_errors, notebook_screenshots, open_notebook, run_all, widget_reprs
from browser_widgets import LiveWidget, PlaywrightError, exercise, expect_change, find_live_widgets, signature

pytestmark = pytest.mark.browser


class Lesson:
    """What an extra action gets: the live widgets found, and a list to add problems to."""

    def __init__(self, page, widgets: list[LiveWidget]) -> None:
        self.page = page
        self.widgets = widgets
        self.problems: list[str] = []

    def kernel_idle(self) -> bool:
        return kernel_status(self.page).endswith("| Idle")

    def expect_change(self, widget: LiveWidget, action, **kw) -> list[str]:
        return expect_change(widget, action, kernel_idle=self.kernel_idle, **kw)

    def widget_with(self, *labels: str) -> LiveWidget | None:
        """The first live widget with a control labelled with each of ``labels`` (a substring)."""
        for widget in self.widgets:
            names = [c.label for c in widget.controls]
            if all(any(label in name for name in names) for label in labels):
                return widget
        return None


def test_lesson_runs_and_its_widgets_respond(lesson, lab_server, lab_page, screenshot_dir):
    page = lab_page
    stem = Path(lesson).stem
    shots = screenshot_dir / "lessons" / stem
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)

    open_notebook(page, lesson)
    try:
        result = run_all(page, timeout=run_timeout(stem))
    except AssertionError:
        notebook_screenshots(page, shots, "run-all-timeout")
        raise
    print(f"\n{lesson}: Run All took {result.seconds:.1f} s")
    for warning in result.warnings:
        print(f"  note: {warning}")
    if result.errors:
        notebook_screenshots(page, shots, "errors")
        pytest.fail(f"{lesson}: cells failed under Run All:\n" + "\n".join(result.errors), pytrace=False)

    problems = [f"shown as text instead of a widget: {r}" for r in widget_reprs(page)]
    lesson_ = Lesson(page, find_live_widgets(page))
    # every live canvas shows its figure whole (not a partial frame) once the lesson settled
    mismatched, compared, worst = frame_mismatches(page, shots)
    print(
        f"  {compared} live canvases compared with their figures after Run All ({worst:.2%} of pixels differ at most)"
    )
    problems += [f"after Run All: {p}" for p in mismatched]
    try:
        seen = set()
        for widget in lesson_.widgets:
            copy = signature(widget) in seen and not options(stem).get("every_copy", False)
            seen.add(signature(widget))
            found, notes = exercise(widget, lesson_.kernel_idle, only_first=copy)
            problems += found
            names = ", ".join(c.name for c in widget.controls) or "no controls"
            print(f"  {widget.name}: {names}")
            for note in notes:
                print(f"  note: {note}")
        for action in EXTRA_ACTIONS.get(stem, []):
            action(page, lesson_)
        problems += lesson_.problems
        problems += [f"after the controls moved: {p}" for p in frame_mismatches(page, shots)[0]]
    finally:
        # what the widgets look like after their controls moved (or where it broke down)
        for widget in lesson_.widgets:
            try:
                widget.locator.screenshot(path=str(shots / f"widget-{widget.index + 1}.png"), timeout=10_000)
            except PlaywrightError:
                print(f"  note: no screenshot of {widget.name} (it has no size)")
        notebook_screenshots(page, shots, "notebook")
    problems += [f"error in a widget callback (log console):\n{t}" for t in log_console_errors(page)]
    if page.blocked_requests:
        print("  note: blocked requests off this machine: " + ", ".join(page.blocked_requests))

    if problems:
        pytest.fail(f"{lesson}: {len(problems)} problem(s):\n" + "\n".join(problems), pytrace=False)
