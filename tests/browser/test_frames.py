"""The frame check of browser_frames.py sees a partial picture, and passes a whole one.

Issue 12's regression: after Run All, lesson 07's board was sometimes painted partly (a panel,
the tick labels or the background missing) because two threads rendered its figure at once.
Here a sine-wave widget is displayed, then the kernel sends its canvas a frame of the kind that
race produced (the buffer cleared half way through a render: the curves alone, on a transparent
background): the check must report that canvas. A normal redraw must then satisfy it again.
"""

from __future__ import annotations

import pytest

from browser_frames import frame_mismatches, run_in_kernel
from browser_lab import open_notebook, run_all
from test_widget_limits import _notebook

pytestmark = pytest.mark.browser

# what the race left: a render whose buffer another render cleared before it was sent
PARTIAL_FRAME = """
_canvas = wave.fig.canvas
_renderer = _canvas.get_renderer()
_renderer.clear()
for _line in wave.fig.axes[0].lines:
    _line.draw(_renderer)
_canvas._png_is_old = True
_canvas.manager.refresh_all()
"""


def test_the_frame_check_fails_on_a_partial_frame_and_passes_a_whole_one(lab_server, lab_page, screenshot_dir):
    page = lab_page
    shots = screenshot_dir / "frames"
    shots.mkdir(parents=True, exist_ok=True)
    name = _notebook(
        lab_server.root_dir,
        "frames_check.ipynb",
        ["%matplotlib widget\nfrom nnlib.widgets.sine import SineWave", "wave = SineWave()\nwave"],
    )
    open_notebook(page, name)
    result = run_all(page, timeout=120)
    assert not result.errors, result.errors

    problems, compared, worst = frame_mismatches(page)
    assert compared == 1
    assert not problems, problems

    run_in_kernel(page, PARTIAL_FRAME)
    problems, compared, worst = frame_mismatches(page, shots, timeout=3)
    page.locator("[class*=nnlib-live-canvas]").first.screenshot(path=str(shots / "partial.png"))
    assert len(problems) == 1 and "differs from its figure" in problems[0], problems
    assert worst > 0.01  # the axes, their ticks and labels are gone: over 1% of the pixels

    run_in_kernel(page, "wave.update()")
    problems, compared, worst = frame_mismatches(page)
    assert not problems, problems
