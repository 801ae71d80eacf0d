"""The one widget pattern of the lessons: a live figure, its controls and numeric readouts.

What this module is for
-----------------------
Every interactive picture in the series is a small subclass of :class:`LiveWidget`.
Its constructor builds the figure once (with :func:`new_figure`, which works inside
``plt.ioff()``), creates its ipywidgets controls and hands both to ``LiveWidget.__init__``,
which wires ``control.observe(self._on_change, names="value")`` and draws the first state.
The subclass writes one method, :meth:`LiveWidget.render`, which changes artists in place
(``set_ydata``, ``set_data``, ``set_array``...) and returns the numbers to show as readouts.
:meth:`LiveWidget.update` validates the names, moves the controls, calls ``render`` and then
``fig.canvas.draw_idle()`` (never ``canvas.draw()``: it can leave an ipympl canvas blank).

Displaying a widget (the widget as the last line of a cell) gives ONE output whose bundle has
the live view (controls, canvas, readouts), an ``image/png`` of the figure as it is now and a
``text/plain`` copy of the readouts. Static viewers (JupyterLab before the kernel runs,
``nbconvert``, the site built by ``make site``) show the picture and the text; nbval skips the
picture and the view, and compares the text.

What it is not
--------------
Not a plotting library: the lesson-specific pictures live in ``nnlib.plots`` and in the lesson
widgets. Nothing here changes global matplotlib state at import.

Headless use
------------
Under Agg (tests, benchmarks, ``nbconvert --execute`` without ipympl) ``fig.canvas`` is a plain
Agg canvas, not an ipywidget. ``update()`` still works; when such a widget is displayed the
canvas is replaced by an ``ipywidgets.Image`` that is refreshed on every update.
"""

from __future__ import annotations

import base64
import io
import time
from collections.abc import Mapping
from typing import Any

import matplotlib.pyplot as plt
import numpy as np

from nnlib.plots import CLASS_COLORS, CMAP_DIVERGING, CMAP_SEQUENTIAL
from nnlib.training import Callback
from matplotlib import _pylab_helpers
from matplotlib.artist import Artist, allow_rasterization
from matplotlib.figure import Figure
from matplotlib.text import Text

__all__ = [
    "CMAP_DIVERGING",
    "CMAP_SEQUENTIAL",
    "COLORS",
    "DPI",
    "LiveWidget",
    "StampedText",
    "TrainingBoard",
    "axes_contents",
    "figure_png",
    "new_figure",
    "show_figure",
    "stamped_text",
]

# colour-blind safe defaults, applied per figure (never through global rcParams)
STYLE = "tableau-colorblind10"
#: the line colours of the 'tableau-colorblind10' cycle, for artists that need a fixed colour;
#: the colour maps: CMAP_SEQUENTIAL for one-signed values, CMAP_DIVERGING for signed ones
#: (one definition, in nnlib.plots)
COLORS = CLASS_COLORS
#: resolution of the figures and of their stored PNG: 6 x 3.4 inches -> 600 x 340 pixels
DPI = 100
FIGSIZE = (6.0, 3.4)

_RC = {
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "image.cmap": CMAP_SEQUENTIAL,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
}


# ---------------------------------------------------------------------------------------------
# figures
# ---------------------------------------------------------------------------------------------

def new_figure(nrows: int = 1, ncols: int = 1, *, figsize: tuple[float, float] = FIGSIZE,
               dpi: int = DPI, **subplots_kw: Any) -> tuple[Figure, Any]:
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
    with plt.ioff(), plt.style.context(STYLE), plt.rc_context(_RC):
        fig, axes = plt.subplots(nrows, ncols, figsize=figsize, dpi=dpi, **subplots_kw)
    _detach_from_pyplot(fig)
    canvas = fig.canvas
    if _is_ipympl_canvas(canvas):
        # a bare picture: the widget's own controls and readouts carry the interaction
        canvas.header_visible = False
        canvas.footer_visible = False
        canvas.toolbar_visible = False
        canvas.resizable = False
        canvas.capture_scroll = False
    return fig, axes


def figure_png(fig: Figure, dpi: float | str = "figure") -> bytes:
    """Render ``fig`` to PNG bytes (at the figure's own dpi by default)."""
    buf = io.BytesIO()
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

    text = alt if alt is not None else _describe_figure(fig)
    bundle = {"image/png": base64.b64encode(figure_png(fig)).decode("ascii"), "text/plain": text}
    display(bundle, raw=True)
    _close_figure(fig)


def _close_figure(fig: Figure) -> None:
    """Close ``fig`` in pyplot and, under ipympl, close its canvas widget too."""
    plt.close(fig)
    if _is_ipympl_canvas(fig.canvas):
        fig.canvas.close()


def _describe_figure(fig: Figure) -> str:
    suptitle = fig._suptitle.get_text() if fig._suptitle is not None else ""
    titles = [suptitle] if suptitle else []
    titles += [ax.get_title() for ax in fig.axes if ax.get_title()]
    return "Figure: " + " | ".join(titles) if titles else "Figure"


def _freeze_layout(fig: Figure) -> None:
    """Run the figure's layout engine once, then switch it off (keeping the positions)."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine, TightLayoutEngine

    if isinstance(fig.get_layout_engine(), (ConstrainedLayoutEngine, TightLayoutEngine)):
        fig.draw_without_rendering()
        fig.set_layout_engine("none")


# ---------------------------------------------------------------------------------------------
# speed: the unchanging part of a figure, drawn once ("baked backdrop")
# ---------------------------------------------------------------------------------------------

#: let widgets draw their unchanging artists once, as one picture (set False to compare)
BAKE_STATIC = True


class _Backdrop:
    """The artists of a figure that ``render`` never changes, drawn once into one picture.

    Text is what makes a busy figure slow to draw: every tick label, title and caption is laid
    out and rasterised glyph by glyph on every frame. Once the layout is frozen, everything
    except the ``dynamic`` artists is hidden, and drawn instead as one RGBA picture
    (:class:`_Picture`, beneath everything, copied without resampling); each frame then draws
    only the picture and the dynamic artists over it. Axes that hold dynamic artists stay
    visible (only their background, axis and other static children are hidden), so mouse events
    still find them. The picture is rendered on the first draw that needs it: after
    :meth:`bake`, and whenever the canvas size or dpi changes (ipympl resizes the canvas, or
    doubles the dpi on a high-resolution screen). Pictures baked with a ``key`` (the state of
    the static artists, e.g. the chosen dataset) are kept, so switching back costs nothing.
    """

    #: how many keyed pictures are kept
    cache_size = 12

    def __init__(self, fig: Figure, dynamic: Any, key: Any = None) -> None:
        self.fig = fig
        self.dynamic: list[Any] = [a for a in dynamic if a is not None]
        self.hidden: list[Any] = []
        self._cache: dict[tuple[Any, ...], np.ndarray] = {}
        self.picture = _Picture(self)
        fig.add_artist(self.picture)
        self.bake(key)

    def bake(self, key: Any = None) -> None:
        """Take the static artists as they are now; their picture is drawn on the next draw."""
        self.restore()
        self._hide_static()
        self.key = key
        self.picture.invalidate()

    def restore(self) -> None:
        """Show the static artists again (the figure draws completely, without the picture)."""
        for artist in self.hidden:
            artist.set_visible(True)
        self.hidden = []

    def rgba(self, w: int, h: int, dpi: float) -> np.ndarray:
        """The picture of the static artists at this canvas size (rows bottom-up)."""
        full_key = (self.key, w, h, dpi)
        if self.key is not None and full_key in self._cache:
            return self._cache[full_key]
        rgba = self._render_static(w, h, dpi)
        if self.key is not None:
            while len(self._cache) >= self.cache_size:
                self._cache.pop(next(iter(self._cache)))
            self._cache[full_key] = rgba
        return rgba

    def _render_static(self, w: int, h: int, dpi: float) -> np.ndarray:
        from matplotlib.backends.backend_agg import RendererAgg

        hidden = self.hidden
        for artist in hidden:
            artist.set_visible(True)
        shown = [a for a in self.dynamic if a.get_visible()]
        for artist in shown:
            artist.set_visible(False)
        self.picture.set_visible(False)
        try:
            renderer = RendererAgg(w, h, dpi)
            self.fig.draw(renderer)
            rgba = np.asarray(renderer.buffer_rgba())[::-1].copy()  # rows bottom-up
        finally:
            self.picture.set_visible(True)
            for artist in shown:
                artist.set_visible(True)
            for artist in hidden:
                artist.set_visible(False)
        return rgba

    def _hide_static(self) -> None:
        dynamic = {id(a) for a in self.dynamic}
        memo: dict[int, bool] = {}

        def has_dynamic(artist: Any) -> bool:
            key = id(artist)
            if key not in memo:
                memo[key] = key in dynamic or any(has_dynamic(c) for c in artist.get_children())
            return memo[key]

        def hide(artist: Any) -> None:
            for child in artist.get_children():
                if id(child) in dynamic or child is self.picture:
                    continue
                if has_dynamic(child):
                    if getattr(child, "_axis3don", False) and not any(
                            id(axis) in dynamic for axis in child._axis_map.values()):
                        # 3-D axes draw their panes, grid and axes whatever their visibility
                        switch = _Axis3DSwitch(child)
                        switch.set_visible(False)
                        self.hidden.append(switch)
                    hide(child)
                elif isinstance(child, Text) and not child.get_text():
                    # an empty text costs nothing, and a hidden title would make matplotlib
                    # move the titles beside it out of the figure
                    continue
                elif child.get_visible():
                    child.set_visible(False)
                    self.hidden.append(child)

        hide(self.fig)


class _Axis3DSwitch:
    """Hides the panes, grid and axes of a 3-D Axes (which ignore their own visibility)."""

    def __init__(self, ax: Any) -> None:
        self.ax = ax

    def get_visible(self) -> bool:
        return bool(self.ax._axis3don)

    def set_visible(self, visible: bool) -> None:
        if visible:
            self.ax.set_axis_on()
        else:
            self.ax.set_axis_off()


def axes_contents(ax: Any) -> list[Any]:
    """What is drawn inside ``ax``: its artists and spines, without its background, axis (ticks
    and labels), titles and legend. For :meth:`LiveWidget.bake`, when a plot's content changes
    beneath static artists (an image under grid lines, markers and labels)."""
    skip = {id(ax.patch), id(ax.xaxis), id(ax.yaxis), id(ax.title), id(ax._left_title),
            id(ax._right_title), id(ax.get_legend())}
    return [a for a in ax.get_children() if id(a) not in skip]


class _Picture(Artist):
    """The baked static artists, copied onto the whole canvas as they are (beneath the rest)."""

    def __init__(self, backdrop: _Backdrop) -> None:
        super().__init__()
        self.backdrop = backdrop
        self.rgba: np.ndarray | None = None
        self.size: tuple[int, int, float] | None = None
        self.set_zorder(-1e6)

    def invalidate(self) -> None:
        self.rgba = None
        self.stale = True

    def draw(self, renderer: Any) -> None:
        if not self.get_visible():
            return
        w, h = (int(v) for v in renderer.get_canvas_width_height())
        size = (w, h, self.figure.dpi)
        if self.rgba is None or size != self.size:  # new static state, canvas size or dpi
            self.rgba = self.backdrop.rgba(*size)
            self.size = size
        gc = renderer.new_gc()
        renderer.draw_image(gc, 0, 0, self.rgba)
        gc.restore()
        self.stale = False


# ---------------------------------------------------------------------------------------------
# speed: texts that take a few looks, each rasterised once ("stamped text")
# ---------------------------------------------------------------------------------------------

class StampedText(Text):
    """A :class:`~matplotlib.text.Text` that keeps a picture of each look it has been drawn in.

    Baking cannot help text that changes on every frame (a ledger of values, a row that turns
    bold when it is current). But such a text usually cycles through a handful of looks. Under
    Agg (ipympl, the tests, the stored PNG), the first draw of a look renders the text alone
    onto a transparent canvas and keeps the tight crop. Every later draw of that look copies the
    crop, with no layout and no glyph rasterisation. A look is keyed by the string, colour,
    alpha, font, alignment, rotation, bounding-box style and the anchor's pixel position at
    this dpi. So a moved or resized text just makes a new picture, and the copy is pixel for
    pixel what :meth:`Text.draw` would have drawn. Other renderers (PDF, SVG) and clipped text
    draw as plain text.

    Make one with :func:`stamped_text`. ``cache_size`` looks per text are kept (least recently
    used dropped first).
    """

    cache_size = 24

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._stamps: dict[tuple[Any, ...], tuple[np.ndarray, int, int] | None] = {}

    def _look(self, renderer: Any) -> tuple[Any, ...] | None:
        from matplotlib.colors import to_rgba

        if self.get_path_effects() or (self.get_clip_on() and
                                       (self.get_clip_box() is not None or self.get_clip_path() is not None)):
            return None
        x, y = self.get_transform().transform((float(self.convert_xunits(self._x)),
                                               float(self.convert_yunits(self._y))))
        if not (np.isfinite(x) and np.isfinite(y)):
            return None
        patch = self.get_bbox_patch()
        box = None
        if patch is not None:
            style = patch.get_boxstyle()
            box = (tuple(patch.get_facecolor()), tuple(patch.get_edgecolor()), patch.get_linewidth(),
                   patch.get_alpha(), type(style).__name__, tuple(sorted(vars(style).items())))
        return (self.get_text(), to_rgba(self.get_color()), self.get_alpha(),
                hash(self.get_fontproperties()), self.get_horizontalalignment(),
                self.get_verticalalignment(), self.get_rotation(), self.get_rotation_mode(),
                self._linespacing, self._multialignment, self.get_usetex(), box,
                round(float(x), 3), round(float(y), 3), renderer.dpi,
                tuple(renderer.get_canvas_width_height()))

    def _stamp(self, renderer: Any) -> tuple[np.ndarray, int, int] | None:
        """Render this text alone on a transparent canvas; its tight crop and where it goes."""
        from matplotlib.backends.backend_agg import RendererAgg

        w, h = (int(v) for v in renderer.get_canvas_width_height())
        scratch = RendererAgg(w, h, renderer.dpi)
        try:
            Text.draw(self, scratch)
        finally:
            self._renderer = renderer
        rgba = np.asarray(scratch.buffer_rgba())[::-1]  # rows bottom-up, as draw_image takes them
        alpha = rgba[..., 3]
        rows = np.flatnonzero(alpha.any(axis=1))
        cols = np.flatnonzero(alpha.any(axis=0))
        if rows.size == 0:
            return None
        crop = np.ascontiguousarray(rgba[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1])
        return crop, int(cols[0]), int(rows[0])

    @allow_rasterization
    def draw(self, renderer: Any) -> None:
        from matplotlib.backends.backend_agg import RendererAgg

        if not self.get_visible() or self.get_text() == "":
            return
        look = self._look(renderer) if type(renderer) is RendererAgg else None
        if look is None:
            super().draw(renderer)
            return
        self._renderer = renderer
        if look in self._stamps:
            stamp = self._stamps.pop(look)  # re-inserted below: most recently used last
        else:
            stamp = self._stamp(renderer)
            while len(self._stamps) >= self.cache_size:
                self._stamps.pop(next(iter(self._stamps)))
        self._stamps[look] = stamp
        if stamp is not None:
            crop, x, y = stamp
            gc = renderer.new_gc()
            renderer.draw_image(gc, x, y, crop)
            gc.restore()
        self.stale = False


def stamped_text(ax: Any, x: float, y: float, s: str, **kwargs: Any) -> StampedText:
    """Like ``ax.text(x, y, s, **kwargs)`` (data coordinates, not clipped), but a
    :class:`StampedText`: for texts that change on every frame among a few looks."""
    text = StampedText(x, y, s, **{"transform": ax.transData, "clip_on": False, **kwargs})
    ax.add_artist(text)
    return text


def _send_full_frames(canvas: Any) -> None:
    """Make an ipympl canvas send every frame whole, never as a diff.

    ipympl sends a frame as a PNG of only the pixels that changed since the previous frame
    ("diff" mode), and the browser paints it over what it shows. But the browser decodes each
    PNG asynchronously and only paints the newest: when two frames arrive together (under
    "Run All", or a training loop's frames followed by a redraw) a whole frame can be replaced
    by a diff before it is painted, and the diff alone leaves the canvas blank or partial. Whole
    frames cost a few more kilobytes each, and any frame the browser paints is complete.
    """
    diff_image = canvas.get_diff_image

    def whole_image() -> Any:
        canvas._force_full = True
        return diff_image()

    canvas.get_diff_image = whole_image


def _detach_from_pyplot(fig: Figure) -> None:
    """Remove ``fig`` from pyplot's open figures without closing its canvas (ipympl does the same)."""
    for num, manager in list(_pylab_helpers.Gcf.figs.items()):
        if manager.canvas.figure is fig:
            _pylab_helpers.Gcf.figs.pop(num)


def _is_ipympl_canvas(canvas: Any) -> bool:
    """True when the canvas is itself an ipywidget (ipympl), False for Agg and other backends."""
    try:
        from ipywidgets import DOMWidget
    except ImportError:  # pragma: no cover - ipywidgets is a dependency
        return False
    return isinstance(canvas, DOMWidget)


def _format_value(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        text = f"{float(value):.4g}"
        # keep a float looking like a float: "1.0", not "1"
        return text + ".0" if text.lstrip("-").isdigit() else text
    return str(value)


# ---------------------------------------------------------------------------------------------
# the widget base
# ---------------------------------------------------------------------------------------------

class LiveWidget:
    """Base class of every interactive figure: controls -> ``render`` -> artists + readouts.

    A subclass constructor builds its figure with :func:`new_figure` and its artists, creates
    its controls, then calls ``super().__init__(fig, controls)``. It implements :meth:`render`.

    Parameters
    ----------
    fig : the figure built once by the subclass.
    controls : name -> ipywidgets value widget (``FloatSlider``, ``IntSlider``, ``Dropdown``,
        ``Checkbox``...). The names are the keyword arguments of ``update`` and ``render``.
    title : first line of the text copy (defaults to the class's ``title`` attribute).

    Attributes
    ----------
    fig, controls, readouts (label -> formatted text, after the last render), view (the VBox).
    """

    #: shown as the first line of the plain-text copy of the widget
    title: str = ""
    #: lay the figure out once (constrained layout on the first state), then keep the axes
    #: where they are: constrained layout on every frame costs tens of ms. Set False in a
    #: subclass whose labels or colour bars change size as the controls move.
    freeze_layout: bool = True
    #: the baked picture of the unchanging artists (see :meth:`bake`), or None
    backdrop: _Backdrop | None = None

    def __init__(self, fig: Figure, controls: Mapping[str, Any] | None = None, *,
                 title: str | None = None) -> None:
        import ipywidgets as widgets

        self.fig = fig
        self.controls: dict[str, Any] = dict(controls or {})
        if title is not None:
            self.title = title
        self.readouts: dict[str, str] = {}
        self._syncing = False
        self._displayed = False
        self._live_canvas = _is_ipympl_canvas(fig.canvas)

        for name, control in self.controls.items():
            if not hasattr(control, "value"):
                raise TypeError(f"control {name!r} is a {type(control).__name__}, "
                                "which has no 'value'; use a slider, dropdown, checkbox...")
            control.observe(self._on_change, names="value")

        self._readout_html = widgets.HTML(layout=widgets.Layout(min_width="11em"))
        if self._live_canvas:
            picture = fig.canvas
            # Tell the browser the canvas size now, as ipympl does when it displays a bare canvas:
            # inside a box the front end otherwise asks the kernel for it, and under "Run All" the
            # kernel is busy with the next cell (a training loop), leaving a 0 x 0 canvas.
            width, height = fig.bbox.size / getattr(fig.canvas, "_dpi_ratio", 1)
            fig.canvas._size = (float(width), float(height))
            _send_full_frames(fig.canvas)
            fig.canvas.on_msg(self._on_canvas_message)
        else:
            # Agg and other non-widget canvases: a refreshed PNG takes the canvas's place
            picture = widgets.Image(format="png", layout=widgets.Layout(width="auto"))
        self._picture = picture
        rows = [widgets.VBox(list(self.controls.values()))] if self.controls else []
        # the readouts sit beside the figure when there is room and wrap below it when not
        rows.append(widgets.HBox([picture, self._readout_html],
                                 layout=widgets.Layout(align_items="center", flex_flow="row wrap")))
        self.view = widgets.VBox(rows)
        self.update()
        if self.freeze_layout:
            _freeze_layout(fig)

    def _on_canvas_message(self, _canvas: Any, content: Any, _buffers: Any) -> None:
        """Once the browser's canvas is set up ("initialized", its last start-up message), ask it
        to fetch a frame, the usual way (draw_idle: the browser requests, the kernel draws).

        Under "Run All" the next cell (a training loop) keeps the kernel busy while the browser
        sets the canvas up, and the start-up messages wait until the last cell has run; frames
        sent before the canvas existed in the browser are lost, and nothing else would ask for
        one: the figure would stay blank.
        """
        if isinstance(content, Mapping) and content.get("type") == "initialized":
            self.fig.canvas.draw_idle()

    # -- speed: a baked backdrop (opt-in) -----------------------------------------------------

    def bake(self, dynamic: Any, key: Any = None) -> None:
        """Draw every artist except ``dynamic`` once, as a picture beneath the rest.

        Call it LAST in the constructor (after ``super().__init__``, so the layout is frozen),
        with every artist that ``render`` (or any other method) changes: lines, images,
        collections, patches, texts whose content or visibility changes, and the axis
        (``ax.xaxis`` / ``ax.yaxis``) of axes whose limits or ticks change. Artists drawn over
        a dynamic one (spines or grid lines over an image, a legend over a curve) must be
        dynamic too, or they end up beneath it (:func:`axes_contents` lists a plot's content).
        Later frames draw the picture and only these artists: a busy figure's draw drops from
        100-300 ms to a few tens. If a control changes static artists (another axis range,
        colour bar, title...), call :meth:`rebake` after changing them. ``key`` names the
        state of the static artists (see :meth:`rebake`). ``png()`` shows the complete figure
        either way. Does nothing when ``BAKE_STATIC`` is False (for comparisons).
        """
        if self.backdrop is not None:
            self.unbake()
        if not BAKE_STATIC:
            return
        _freeze_layout(self.fig)
        self.backdrop = _Backdrop(self.fig, dynamic, key)

    def rebake(self, key: Any = None) -> None:
        """Take the static artists as they are now (after a control changed some of them).

        The new picture is rendered on the next draw (one full render), not here, so
        ``update()`` stays fast. With a ``key`` naming the static state (e.g. the chosen
        dataset), its picture is kept: coming back to that state costs nothing.
        """
        if self.backdrop is not None:
            self.backdrop.bake(key)

    def unbake(self) -> None:
        """Remove the static picture: the figure draws every artist again."""
        if self.backdrop is not None:
            self.backdrop.restore()
            self.backdrop.picture.remove()
            self.backdrop = None

    # -- what a subclass writes ----------------------------------------------------------------

    def render(self, **values: Any) -> Mapping[str, Any] | None:
        """Change the figure's artists for these control values; return the readouts.

        Called by :meth:`update` with every control's current value as a keyword argument.
        Returns label -> value (strings are shown as they are, numbers with 4 significant
        digits); format numbers yourself when units or a fixed number of decimals matter.
        """
        raise NotImplementedError(f"{type(self).__name__} must define render(**values)")

    # -- the pattern ---------------------------------------------------------------------------

    @property
    def values(self) -> dict[str, Any]:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self, **values: Any) -> None:
        """Set some controls (by name), recompute, change artists in place, ``draw_idle()``.

        ``w.update(w1=0.5)`` does what moving the w1 slider to 0.5 does (the slider moves too;
        sliders clip to their range). ``w.update()`` redraws with the current values.

        Raises
        ------
        ValueError : a name that is not one of the widget's controls.
        """
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            known = ", ".join(self.controls) or "(none)"
            raise ValueError(f"{type(self).__name__} has no control named "
                             f"{', '.join(map(repr, unknown))}; its controls are: {known}")
        self._syncing = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._syncing = False
        readouts = self.render(**self.values)
        self.set_readouts(readouts or {})
        self.fig.canvas.draw_idle()
        if self._displayed and not self._live_canvas:
            self._picture.value = figure_png(self.fig)

    def set_readouts(self, readouts: Mapping[str, Any]) -> None:
        """Show label -> value readouts beside the canvas (also kept as text in ``readouts``)."""
        import html

        self.readouts = {str(k): _format_value(v) for k, v in readouts.items()}
        rows = "".join(
            f"<tr><td style='padding-right:0.6em;white-space:nowrap'>{html.escape(k)}</td>"
            f"<td style='font-family:monospace;text-align:right;white-space:nowrap'>{html.escape(v)}</td></tr>"
            for k, v in self.readouts.items())
        self._readout_html.value = (f"<div role='status' aria-live='polite'>"
                                    f"<table>{rows}</table></div>")

    def readout_text(self) -> str:
        """The widget's state as plain text: title, control values and readouts, one a line."""
        lines = [self.title or type(self).__name__]
        if self.controls:
            lines.append("controls: " + ", ".join(
                f"{name} = {_format_value(control.value)}"
                for name, control in self.controls.items()))
        lines += [f"{label}: {value}" for label, value in self.readouts.items()]
        return "\n".join(lines)

    def png(self) -> bytes:
        """The figure as it is now, as PNG bytes."""
        return figure_png(self.fig)

    def close(self) -> None:
        """Close the figure and every control (frees the kernel-side widgets)."""
        _close_figure(self.fig)
        for control in self.controls.values():
            control.close()
        self._readout_html.close()
        if not self._live_canvas:
            self._picture.close()
        self.view.close()

    # -- display -------------------------------------------------------------------------------

    def _on_change(self, change: Mapping[str, Any]) -> None:
        if not self._syncing:
            self.update()

    def _mimebundle(self) -> dict[str, Any]:
        self._displayed = True
        if not self._live_canvas:
            self._picture.value = self.png()
        data = dict(self.view._repr_mimebundle_())
        data["image/png"] = base64.b64encode(self.png()).decode("ascii")
        data["text/plain"] = self.readout_text()
        return data

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """One output: live view + PNG of the current state + readouts as text (issue 7)."""
        return self._mimebundle()

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.readout_text().splitlines()[0]}>"


# ---------------------------------------------------------------------------------------------
# live training board
# ---------------------------------------------------------------------------------------------

class TrainingBoard(LiveWidget, Callback):
    """Live loss and accuracy curves: show the board in one cell, run the loop in the next.

    >>> board = TrainingBoard(epochs=20)      # cell 1 ends with:  board
    >>> for epoch in range(1, 21):            # cell 2
    ...     board.log(epoch, loss=..., accuracy=..., val_loss=..., val_accuracy=...)
    >>> board.finish()                        # prints the final numbers

    With ``accuracy=True`` (default) metrics whose name contains "acc" go to the right-hand
    axes and the others to the left; ``accuracy=False`` draws one loss axes. ``xlabel`` names
    the x axis, the progress bar and the readout ("epoch", or "step" for a plain loop);
    ``val_<name>`` is drawn dashed in the colour of ``<name>``. ``finish()`` prints the final
    values and replaces the picture stored in cell 1's output by the final curves, so the saved
    notebook and the static site show the finished board. The board's text copy is the same
    before and after training, so nbval's comparison of cell 1 stays stable.

    It can also be handed to a training loop as a callback: ``on_epoch_end(epoch, logs)`` logs
    ``logs`` at ``epoch + 1`` (0-based epochs, as in Keras).
    """

    title = "Training board"
    freeze_layout = False  # the loss axis rescales as training goes: keep laying it out
    #: at most this many full frames per second are pushed to the browser during a loop
    max_fps = 5.0

    def __init__(self, epochs: int | None = None, *, accuracy: bool = True,
                 xlabel: str = "epoch", title: str | None = None,
                 figsize: tuple[float, float] | None = None) -> None:
        import ipywidgets as widgets

        if accuracy:
            fig, (self.ax_loss, self.ax_acc) = new_figure(1, 2, figsize=figsize or (7.0, 3.0))
            self.ax_acc.set(title="accuracy", xlabel=xlabel, ylim=(0.0, 1.0))
        else:
            fig, self.ax_loss = new_figure(figsize=figsize or (5.0, 3.0))
            self.ax_acc = None
        self.ax_loss.set(title="loss", xlabel=xlabel)
        self.epochs = epochs
        self.xlabel = xlabel
        if epochs:
            for ax in self._axes():
                ax.set_xlim(0, epochs)
        self.history: dict[str, list[float]] = {}
        self.epoch_numbers: list[int] = []
        self._lines: dict[str, Any] = {}
        self._last_push = 0.0
        self._handles: list[Any] = []
        self.progress = widgets.IntProgress(value=0, min=0, max=max(int(epochs or 1), 1),
                                            description=xlabel,
                                            layout=widgets.Layout(width="20em"))
        super().__init__(fig, {}, title=title)
        self.view.children = (self.progress, *self.view.children)

    def _axes(self) -> list[Any]:
        return [ax for ax in (self.ax_loss, self.ax_acc) if ax is not None]

    def render(self) -> Mapping[str, Any]:
        if not self.epoch_numbers:
            return {self.xlabel: "not started"}
        total = f" / {self.epochs}" if self.epochs else ""
        readouts: dict[str, Any] = {self.xlabel: f"{self.epoch_numbers[-1]}{total}"}
        readouts.update({name: f"{values[-1]:.4g}" for name, values in self.history.items()})
        return readouts

    def log(self, epoch: int, **metrics: float) -> None:
        """Add one point per metric at ``epoch`` and move the curves, progress bar and readouts."""
        self.epoch_numbers.append(int(epoch))
        for name, value in metrics.items():
            self.history.setdefault(name, []).append(float(value))
            line = self._lines.get(name) or self._new_line(name)
            values = self.history[name]
            line.set_data(self.epoch_numbers[-len(values):], values)
        for ax in self._axes():
            ax.relim()
            ax.autoscale_view(scalex=not self.epochs, scaley=ax is self.ax_loss)
        if self.ax_acc is not None:
            # accuracy up to 1, from a multiple of 0.05 below the lowest value so far: 92% and
            # 97% look different (on a 0-1 axis every curve above 90% is a flat line at the top)
            accuracies = [v for name, vals in self.history.items() if "acc" in name for v in vals]
            if accuracies:
                low = max(0.0, float(np.floor((min(accuracies) - 0.01) * 20) / 20))
                self.ax_acc.set_ylim(low, 1.0 + 0.02 * (1.0 - low))  # 100% clear of the frame
        self.progress.value = min(int(epoch), self.progress.max)
        self.set_readouts(self.render())
        self._push_frame()

    def on_epoch_end(self, epoch: int, logs: Mapping[str, float] | None = None) -> None:
        """Callback form of :meth:`log` (``epoch`` counted from 0), so ``fit(..., callbacks=[board])``
        works. Only the loss and accuracy curves are drawn: ``fit``'s ``lr`` and ``time`` entries
        are left out (a duration would also make the printed summary differ on every run)."""
        metrics = {k: v for k, v in (logs or {}).items() if k.endswith(("loss", "accuracy"))}
        self.log(epoch + 1, **metrics)

    def finish(self) -> None:
        """Draw the final state, store it as the board's picture, print the final numbers."""
        self._last_push = 0.0
        self._push_frame()
        if not self._live_canvas and self._displayed:
            self._picture.value = self.png()
        for handle in self._handles:
            handle.update(self._mimebundle(), raw=True)
        print(self.final_text())

    def final_text(self) -> str:
        """One line with the last value of every metric, e.g. 'epoch 20: loss 0.1234, ...'."""
        if not self.epoch_numbers:
            return "no epochs logged"
        parts = [f"{name} {values[-1]:.4g}" for name, values in self.history.items()]
        return f"{self.xlabel} {self.epoch_numbers[-1]}: " + ", ".join(parts)

    def readout_text(self) -> str:
        # constant, so that the stored output of the board's cell compares equal before and
        # after training; the numbers are printed by finish()
        what = "loss and accuracy" if self.ax_acc is not None else "loss"
        return (f"{self.title}: {what} by {self.xlabel} "
                "(the final values are printed when training finishes)")

    def _new_line(self, name: str) -> Any:
        base = name[4:] if name.startswith("val_") else name
        ax = self.ax_acc if "acc" in base and self.ax_acc is not None else self.ax_loss
        bases = [n for n in dict.fromkeys(k[4:] if k.startswith("val_") else k
                                          for k in self.history)]
        color = COLORS[bases.index(base) % len(COLORS)]
        (line,) = ax.plot([], [], color=color, linestyle="--" if name != base else "-",
                          marker="." if self.epochs and self.epochs <= 40 else None,
                          label=f"{base} (validation)" if name != base else name)
        # accuracy climbs towards the top of its axis: its legend goes to the empty bottom corner
        ax.legend(loc="lower right" if ax is self.ax_acc else "best", fontsize=8)
        self._lines[name] = line
        return line

    def _push_frame(self) -> None:
        """Show the new curves now, even though the training loop keeps the kernel busy.

        ``draw_idle()`` only asks the browser to ask the kernel for a frame, and the kernel
        cannot answer until the loop ends; so during a loop the board renders a full frame and
        pushes it (``_force_full`` makes the frame complete, never a diff on a blank canvas).
        """
        if not self._live_canvas:
            if self._displayed:
                self._picture.value = self.png()
            return
        now = time.monotonic()
        if now - self._last_push < 1.0 / self.max_fps:
            return
        canvas = self.fig.canvas
        canvas._force_full = True
        canvas.draw()
        # measured from the end of the draw: a draw slower than 1 / max_fps must not make
        # every later log() draw again
        self._last_push = time.monotonic()

    def _ipython_display_(self) -> None:
        # displayed with a display id, so that finish() can store the final picture in place
        from IPython.display import display

        self._handles.append(display(self._mimebundle(), raw=True, display_id=True))
