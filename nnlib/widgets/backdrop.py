"""Speed: the unchanging part of a figure, drawn once as one picture ("baked backdrop").

Used through :meth:`nnlib.widgets.live.LiveWidget.bake`; :func:`axes_contents` lists what a
plot draws inside its axes, for the list of artists that change. The private names read here
(``_axis3don``, ``_axis_map``, ``_left_title``, ``_right_title``) are matplotlib's: 3-D axes
and side titles have no public getter.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.text import Text

__all__ = ["BAKE_STATIC", "Backdrop", "axes_contents"]

#: let widgets draw their unchanging artists once, as one picture (set False to compare)
BAKE_STATIC = True


class Backdrop:
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
                        id(axis) in dynamic for axis in child._axis_map.values()
                    ):
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
    skip = {
        id(ax.patch),
        id(ax.xaxis),
        id(ax.yaxis),
        id(ax.title),
        id(ax._left_title),
        id(ax._right_title),
        id(ax.get_legend()),
    }
    return [a for a in ax.get_children() if id(a) not in skip]


class _Picture(Artist):
    """The baked static artists, copied onto the whole canvas as they are (beneath the rest)."""

    def __init__(self, backdrop: Backdrop) -> None:
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
