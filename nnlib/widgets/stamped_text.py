"""Speed: texts that take a few looks, each rasterised once ("stamped text").

``StampedText`` reads a few of :class:`matplotlib.text.Text`'s private attributes (``_x``,
``_y``, ``_linespacing``, ``_multialignment``, ``_renderer``) to key a look exactly as
``Text.draw`` would draw it; they have no public getters.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.artist import allow_rasterization
from matplotlib.text import Text

__all__ = ["StampedText", "stamped_text"]


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

        if self.get_path_effects() or (
            self.get_clip_on() and (self.get_clip_box() is not None or self.get_clip_path() is not None)
        ):
            return None
        # the anchor as Text.draw reads it (the private _x, _y: get_position() converts units)
        x, y = self.get_transform().transform(
            (
                float(self.convert_xunits(self._x)),  # type: ignore[attr-defined]
                float(self.convert_yunits(self._y)),  # type: ignore[attr-defined]
            )
        )
        if not (np.isfinite(x) and np.isfinite(y)):
            return None
        patch = self.get_bbox_patch()
        box = None
        if patch is not None:
            style = patch.get_boxstyle()
            box = (
                tuple(patch.get_facecolor()),
                tuple(patch.get_edgecolor()),
                patch.get_linewidth(),
                patch.get_alpha(),
                type(style).__name__,
                tuple(sorted(vars(style).items())),
            )
        return (
            self.get_text(),
            to_rgba(self.get_color()),
            self.get_alpha(),
            hash(self.get_fontproperties()),
            self.get_horizontalalignment(),
            self.get_verticalalignment(),
            self.get_rotation(),
            self.get_rotation_mode(),
            # private, no getters: line spacing and multi-line alignment change the look
            self._linespacing,  # type: ignore[attr-defined]
            self._multialignment,  # type: ignore[attr-defined]
            self.get_usetex(),
            box,
            round(float(x), 3),
            round(float(y), 3),
            renderer.dpi,
            tuple(renderer.get_canvas_width_height()),
        )

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
        crop = np.ascontiguousarray(rgba[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1])
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
