"""Widgets used from two threads at once, as JupyterLab does (issue 12's partial frames).

JupyterLab 4.4+ with ipykernel 7 handles widget messages on a subshell, a thread of its own:
the browser's "draw" request to an ipympl canvas and a slider's new value run there while the
main thread runs the notebook (a training loop logging to its board). Two renders of one
figure at once leave a frame with part of the picture cleared (seen in lesson 07: the loss
panel, the tick labels or the background missing from the board). These tests drive a real
ipympl canvas (no browser) from two threads and look at every frame it sends.
"""

from __future__ import annotations

import io
import sys
import threading

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from nnlib.widgets import TrainingBoard
from nnlib.widgets.canvas import figure_lock, lock_drawing


@pytest.fixture
def ipympl_backend():
    """Figures made by ``new_figure`` get real ipympl canvases; pyplot goes back to Agg after."""
    backend = matplotlib.get_backend()
    pytest.importorskip("ipympl.backend_nbagg")
    plt.switch_backend("module://ipympl.backend_nbagg")
    yield
    plt.switch_backend(backend)


@pytest.fixture
def fast_switching():
    """Switch threads every 100 microseconds (default 5 ms), so that two draws interleave."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-4)
    yield
    sys.setswitchinterval(interval)


def frames_of(canvas, frames: list[np.ndarray]) -> None:
    """Keep every frame the canvas sends to the browser, as an RGBA array."""
    canvas.send_binary = lambda data: frames.append(np.asarray(Image.open(io.BytesIO(data)).convert("RGBA")))


def browser_draw_requests(canvas, stop: threading.Event, errors: list[BaseException]) -> threading.Thread:
    """A thread that sends the browser's "draw" message again and again, as a subshell does."""

    def run() -> None:
        try:
            while not stop.is_set():
                canvas._msg_callbacks(canvas, {"type": "draw"}, [])
        except BaseException as err:  # noqa: BLE001 - reported by the test
            errors.append(err)

    return threading.Thread(target=run, daemon=True)


def test_board_frames_stay_whole_while_the_browser_asks_for_frames(ipympl_backend, fast_switching):
    board = TrainingBoard(epochs=60, figsize=(3.0, 1.5))  # small: quick draws
    canvas = board.fig.canvas
    assert board._live_canvas
    board.max_fps = 1e9  # push a frame on every log, like a fast training loop
    frames: list[np.ndarray] = []
    frames_of(canvas, frames)
    stop, errors = threading.Event(), []
    thread = browser_draw_requests(canvas, stop, errors)
    thread.start()
    try:
        for epoch in range(1, 61):
            board.log(epoch, loss=1.0 / epoch, accuracy=1.0 - 0.5 / epoch, val_loss=1.2 / epoch)
        board.finish()
    finally:
        stop.set()
        thread.join(10)
    assert not errors, errors
    assert len(frames) >= 60
    # every frame whole: the figure's white background everywhere (a frame rendered while
    # another render had cleared the buffer has transparent pixels)
    partial = [i for i, frame in enumerate(frames) if (frame[..., 3] != 255).any()]
    assert not partial, f"{len(partial)} of {len(frames)} frames were partial (frames {partial[:5]}...)"
    # and the last frame is the final board, as a render from one thread alone draws it
    with figure_lock(board.fig):
        canvas.draw()
    assert np.array_equal(frames[-1], frames[-2])
    board.close()


def test_lock_drawing_serialises_draws_and_is_idempotent(ipympl_backend, fast_switching):
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    canvas = fig.canvas
    inside, overlaps = [0], [0]
    draw = canvas.draw

    def counting_draw() -> None:
        inside[0] += 1
        overlaps[0] += inside[0] > 1
        draw()
        inside[0] -= 1

    canvas.draw = counting_draw
    lock_drawing(canvas)
    lock_drawing(canvas)  # a second call does not wrap twice
    threads = [threading.Thread(target=lambda: [canvas.draw() for _ in range(15)]) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert overlaps[0] == 0
    plt.close(fig)
