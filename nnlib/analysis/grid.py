"""A regular grid over a rectangle of the input plane, for a model's output as a picture.

numpy only: ``nnlib.plots`` draws these grids, ``nnlib.analysis`` computes on them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["PlaneGrid", "plane_grid"]


def _limits(name: str, lim: object) -> tuple[float, float]:
    try:
        lo, hi = (float(v) for v in lim)  # type: ignore[attr-defined]  # any pair; errors below
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair (low, high), got {lim!r}") from None
    if not lo < hi:
        raise ValueError(f"{name} must have low < high, got {lim!r}")
    return lo, hi


@dataclass(frozen=True)
class PlaneGrid:
    """A regular grid of points over a rectangle of the input plane.

    Attributes
    ----------
    points : ndarray, shape (ny * nx, 2)
        Batch-first grid points, row by row from the bottom (x varies fastest), ready for
        ``model.predict(points)``.
    xs : ndarray, shape (nx,)
        The x coordinates of the columns.
    ys : ndarray, shape (ny,)
        The y coordinates of the rows.
    """

    points: np.ndarray
    xs: np.ndarray
    ys: np.ndarray

    @property
    def shape(self) -> tuple[int, int]:
        """``(ny, nx)``: the shape of one output value per point, as an image."""
        return (len(self.ys), len(self.xs))

    @property
    def extent(self) -> tuple[float, float, float, float]:
        """``imshow`` extent that puts each pixel's centre on its grid point."""
        dx = (self.xs[-1] - self.xs[0]) / (len(self.xs) - 1) / 2
        dy = (self.ys[-1] - self.ys[0]) / (len(self.ys) - 1) / 2
        return (self.xs[0] - dx, self.xs[-1] + dx, self.ys[0] - dy, self.ys[-1] + dy)

    def as_image(self, values: np.ndarray) -> np.ndarray:
        """Reshape one output per point, ``(ny * nx,)`` or ``(ny * nx, 1)`` or ``(ny, nx)``,
        to ``(ny, nx)``."""
        arr = np.asarray(values, dtype=np.float64)
        n = len(self.points)
        if arr.shape in ((n,), (n, 1), self.shape):
            return arr.reshape(self.shape)
        if arr.ndim == 2 and arr.shape[0] == n:
            raise ValueError(
                f"got {arr.shape[1]} outputs per point; the plane shows one: pick a column, e.g. outputs[:, 0]"
            )
        raise ValueError(f"expected one value per grid point, shape ({n},) or {self.shape}, got {arr.shape}")


def plane_grid(
    xlim: tuple[float, float], ylim: tuple[float, float], resolution: int | tuple[int, int] = 101
) -> PlaneGrid:
    """A regular grid over ``xlim x ylim`` with batch-first points ``(ny * nx, 2)``.

    Parameters
    ----------
    xlim, ylim : (float, float)
        The rectangle, low < high.
    resolution : int or (int, int)
        Points per axis, or ``(nx, ny)``; at least 2 each.
    """
    x0, x1 = _limits("xlim", xlim)
    y0, y1 = _limits("ylim", ylim)
    sizes = np.atleast_1d(np.asarray(resolution))
    if sizes.ndim != 1 or len(sizes) not in (1, 2) or sizes.dtype.kind not in "iu":
        raise ValueError(f"resolution must be an int or a pair (nx, ny), got {resolution!r}")
    nx, ny = int(sizes[0]), int(sizes[-1])
    if nx < 2 or ny < 2:
        raise ValueError(f"resolution must be at least 2 points per axis, got {resolution!r}")
    xs, ys = np.linspace(x0, x1, nx), np.linspace(y0, y1, ny)
    gx, gy = np.meshgrid(xs, ys)  # (ny, nx) each
    return PlaneGrid(points=np.column_stack([gx.ravel(), gy.ravel()]), xs=xs, ys=ys)
