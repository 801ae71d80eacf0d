"""Figures and their canvases: make a figure for a widget, render it, show a static one.

This module is also the one place that reaches into pyplot's and ipympl's private names (each
use says why): everything else in ``nnlib.widgets`` goes through the functions below.

Under ``%matplotlib widget`` a figure's canvas is an ipympl ``Canvas`` (itself an ipywidget);
headless (tests, benchmarks, ``nbconvert``) it is a plain Agg canvas.
"""

from __future__ import annotations

import base64
import io
import threading
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import _pylab_helpers  # private: pyplot's list of open figures, see detach
from matplotlib.figure import Figure
from PIL import Image

from nnlib.widgets.style import DPI, FIGSIZE, RC_PARAMS, STYLE

__all__ = [
    "announce_canvas_size",
    "close_figure",
    "figure_lock",
    "figure_png",
    "freeze_layout",
    "is_ipympl_canvas",
    "lock_drawing",
    "new_figure",
    "push_full_frame",
    "send_full_frames",
    "show_figure",
]


def new_figure(
    nrows: int = 1, ncols: int = 1, *, figsize: tuple[float, float] = FIGSIZE, dpi: int = DPI, **subplots_kw: Any
) -> tuple[Figure, Any]:
    """Create a figure and its axes for a widget or a static picture, without showing it.

    Works like ``plt.subplots`` but: inside ``plt.ioff()`` (so nothing is displayed at the end
    of the cell), with the colour-blind safe 'tableau-colorblind10' line cycle set on these
    axes only, constrained layout, and detached from pyplot's list of open figures (so a later
    ``plt.plot`` by the learner never draws into a widget's axes, and no "too many figures"
    warning piles up). The canvas is whatever the current backend makes: an ipympl ``Canvas``
    under ``%matplotlib widget``, an Agg canvas headless.

    Parameters
    ----------
    nrows, ncols : grid of axes, as in ``plt.subplots``.
    figsize : (width, height) in inches; at ``dpi`` = 100 the default is 600 x 340 pixels.
    **subplots_kw : passed to ``plt.subplots`` (``sharey``, ``subplot_kw``, ``width_ratios``...).

    Returns
    -------
    fig : matplotlib Figure
    axes : one Axes, or an array of shape (nrows, ncols) squeezed like ``plt.subplots``.
    """
    subplots_kw.setdefault("layout", "constrained")
    with plt.ioff(), plt.style.context(STYLE), plt.rc_context(RC_PARAMS):
        fig, axes = plt.subplots(nrows, ncols, figsize=figsize, dpi=dpi, **subplots_kw)
    detach_from_pyplot(fig)
    figure_lock(fig)
    canvas = fig.canvas
    if is_ipympl_canvas(canvas):
        # a bare picture: the widget's own controls and readouts carry the interaction
        canvas.header_visible = False
        canvas.footer_visible = False
        canvas.toolbar_visible = False
        canvas.resizable = False
        canvas.capture_scroll = False
    return fig, axes


_LOCKS_LOCK = threading.Lock()


def figure_lock(fig: Figure) -> threading.RLock:
    """The lock that every change to ``fig`` and every render of it holds (made on first use).

    JupyterLab (4.4 and later, with ipykernel 7) handles widget messages on a *subshell*, a
    thread of its own: a slider's new value, and the browser's "draw" request to an ipympl
    canvas, run there while the main thread runs the notebook's cells (a training loop drawing
    its board, a display rendering the figure's PNG). A matplotlib figure is not safe to use
    from two threads at once: one render clears the Agg buffer while the other is half way
    through painting it, and the frame sent to the browser is partial (a panel, the ticks or the
    background missing) until the next frame, which may never come. Whoever draws ``fig`` or
    changes its artists holds this lock, so those steps run one at a time.
    """
    lock = getattr(fig, "_nnlib_lock", None)
    if lock is None:
        with _LOCKS_LOCK:
            lock = getattr(fig, "_nnlib_lock", None)
            if lock is None:
                lock = threading.RLock()
                fig._nnlib_lock = lock  # type: ignore[attr-defined]  # our own attribute on the figure
    return lock


def lock_drawing(canvas: Any) -> None:
    """Make ``canvas.draw()`` (the render and the frame it sends) hold the figure's lock.

    ipympl calls ``draw()`` for the browser's "draw" request on whichever thread delivered it
    (see :func:`figure_lock`); the render and the copy of its pixels into the frame must not
    overlap another thread's render or change of the figure.
    """
    if getattr(canvas, "_nnlib_locked", False):
        return
    draw = canvas.draw
    lock = figure_lock(canvas.figure)

    def locked_draw(*args: Any, **kwargs: Any) -> Any:
        with lock:
            return draw(*args, **kwargs)

    canvas.draw = locked_draw
    canvas._nnlib_locked = True


def figure_png(fig: Figure, dpi: float | str = "figure") -> bytes:
    """Render ``fig`` to PNG bytes (at the figure's own dpi by default), holding its lock."""
    buf = io.BytesIO()
    with figure_lock(fig):
        fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def show_figure(fig: Figure, alt: str | None = None) -> None:
    """Display a plain (non-interactive) figure as a static PNG image, then close it.

    Use it for every picture that has no controls: under ``%matplotlib widget`` a figure left
    open would become a live canvas whose stored text is ``Canvas(toolbar=...)``. The output
    carries ``image/png`` and a ``text/plain`` description (``alt``, or the figure's titles),
    which is what nbval compares.
    """
    from IPython.display import display

    text = alt if alt is not None else describe_figure(fig)
    bundle = {"image/png": base64.b64encode(figure_png(fig)).decode("ascii"), "text/plain": text}
    display(bundle, raw=True)
    close_figure(fig)


def close_figure(fig: Figure) -> None:
    """Close ``fig`` in pyplot and, under ipympl, close its canvas widget too."""
    plt.close(fig)
    canvas: Any = fig.canvas
    if is_ipympl_canvas(canvas):
        canvas.close()


def describe_figure(fig: Figure) -> str:
    # _suptitle: private, but matplotlib 3.7 has no getter (get_suptitle came in 3.8)
    title = getattr(fig, "_suptitle", None)
    suptitle = title.get_text() if title is not None else ""
    titles = [suptitle] if suptitle else []
    titles += [ax.get_title() for ax in fig.axes if ax.get_title()]
    return "Figure: " + " | ".join(titles) if titles else "Figure"


def freeze_layout(fig: Figure) -> None:
    """Run the figure's layout engine once, then switch it off (keeping the positions)."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine, TightLayoutEngine

    if isinstance(fig.get_layout_engine(), (ConstrainedLayoutEngine, TightLayoutEngine)):
        fig.draw_without_rendering()
        fig.set_layout_engine("none")


#: zlib level of the frames sent to the browser: 1 encodes a lesson figure in half to two thirds
#: of the time of Pillow's default (6) for a PNG 10-35% larger (NeuronPlane: 6 ms instead of
#: 12.5 ms, 70 kB instead of 52 kB); the bytes go to a browser on the same machine or network
FRAME_COMPRESS_LEVEL = 1


def send_full_frames(canvas: Any) -> None:
    """Make an ipympl canvas send every frame whole, never as a diff, and encode it quickly.

    ipympl sends a frame as a PNG of only the pixels that changed since the previous frame
    ("diff" mode), and the browser paints it over what it shows. But the browser decodes each
    PNG asynchronously and only paints the newest: when two frames arrive together (under
    "Run All", or a training loop's frames followed by a redraw) a whole frame can be replaced
    by a diff before it is painted, and the diff alone leaves the canvas blank or partial. Whole
    frames cost a few more kilobytes each, and any frame the browser paints is complete.

    The frame is made as matplotlib's ``get_diff_image`` makes a full one (the renderer's
    pixels; ``_png_is_old``, ``_force_full`` and ``_last_buff`` are its private state, which
    ipympl also reads), with zlib level :data:`FRAME_COMPRESS_LEVEL`: encoding a PNG at
    Pillow's default level takes as long as drawing the figure.
    """

    def whole_image() -> bytes | None:
        if not canvas._png_is_old:
            return None  # nothing drawn since the last frame
        pixels = np.asarray(canvas.get_renderer().buffer_rgba())
        canvas.set_image_mode("full")
        canvas._last_buff = pixels.view(np.uint32).squeeze(2).copy()
        canvas._force_full = False
        canvas._png_is_old = False
        buf = io.BytesIO()
        Image.fromarray(pixels).save(buf, format="png", compress_level=FRAME_COMPRESS_LEVEL)
        return buf.getvalue()

    canvas.get_diff_image = whole_image


def detach_from_pyplot(fig: Figure) -> None:
    """Remove ``fig`` from pyplot's open figures without closing its canvas (ipympl does the same)."""
    # Gcf is pyplot's private registry of figures; plt.close(fig) would also close the canvas
    for num, manager in list(_pylab_helpers.Gcf.figs.items()):
        if manager.canvas.figure is fig:
            _pylab_helpers.Gcf.figs.pop(num)


def is_ipympl_canvas(canvas: Any) -> bool:
    """True when the canvas is itself an ipywidget (ipympl), False for Agg and other backends."""
    try:
        from ipywidgets import DOMWidget
    except ImportError:  # pragma: no cover - ipywidgets is a dependency
        return False
    return isinstance(canvas, DOMWidget)


def announce_canvas_size(fig: Figure) -> None:
    """Tell the browser an ipympl canvas's size now, as ipympl does when it displays a bare canvas.

    Inside a box the front end otherwise asks the kernel for it, and under "Run All" the kernel
    is busy with the next cell (a training loop), leaving a 0 x 0 canvas. ``_size`` and
    ``_dpi_ratio`` are ipympl's private names for the size it sends and the screen's pixel ratio.
    """
    canvas: Any = fig.canvas
    width, height = np.asarray(fig.bbox.size) / getattr(canvas, "_dpi_ratio", 1)
    canvas._size = (float(width), float(height))


def push_full_frame(canvas: Any) -> None:
    """Render an ipympl canvas now and send the whole frame (not a diff) to the browser.

    For a kernel that stays busy (a training loop): ``draw_idle()`` would wait for the browser to
    ask. ``_force_full`` is ipympl's private switch for "send the whole image".
    """
    with figure_lock(canvas.figure):
        canvas._force_full = True
        canvas.draw()
