"""Issue 7: every stored lesson reads well in JupyterLab *before* it runs.

Each lesson, as stored in git, is opened in JupyterLab (a fresh, untrusted copy, as after a
clone; its kernel starts but no cell runs). No output may show a widget's text repr
(``VBox(children=``, ``Canvas(toolbar=``, ``HBox(``...) or "Error displaying widget", every
stored figure must show as an image that has loaded, and no stored output may be an error.
Screenshots go to screenshots/static/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from browser_lab import cells, figure_problems, notebook_screenshots, open_notebook, widget_reprs
from browser_server import lesson_dir

pytestmark = pytest.mark.browser


def test_stored_lesson_shows_pictures_not_reprs(lesson, lab_server, lab_page, screenshot_dir):
    page = lab_page
    # the copy exactly as stored (test_lessons ran it, but never saved it; make sure)
    shutil.copy2(lesson_dir() / lesson, lab_server.root_dir / lesson)
    # the kernel starts as it would for a learner, but nothing waits for it: no cell runs
    open_notebook(page, lesson, wait_kernel=False)
    state = cells(page)

    problems = [f"shown as text instead of a picture: {r}" for r in widget_reprs(page)]
    problems += figure_problems(page, state)
    problems += [
        f"cell {c['index']} ({c['source']!r}) stores an error: {o.get('ename')}: {o.get('evalue')}"
        for c in state
        for o in c["outputs"]
        if o.get("output_type") == "error"
    ]
    if not any(c["outputs"] for c in state if c["type"] == "code"):
        problems.append("no stored outputs at all (the lesson was saved without running it)")

    shots = screenshot_dir / "static"
    shots.mkdir(exist_ok=True)
    for old in shots.glob(f"{Path(lesson).stem}-*.png"):
        old.unlink()
    notebook_screenshots(page, shots, Path(lesson).stem)
    if problems:
        pytest.fail(f"{lesson} before it runs: {len(problems)} problem(s):\n" + "\n".join(problems), pytrace=False)
