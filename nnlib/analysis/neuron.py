"""The numbers behind lesson 01's figures (a single neuron) and of every picture of a neuron's
decision line: where the line ``w1*x1 + w2*x2 + b = 0`` crosses a box, and the half of the box
where the neuron says "yes" (``z > 0``). numpy only: no matplotlib, no widgets."""

from __future__ import annotations

import numpy as np

__all__ = ["decision_line", "positive_region"]


def decision_line(
    w1: float, w2: float, b: float, xlim: tuple[float, float], ylim: tuple[float, float]
) -> np.ndarray | None:
    """The part of the line ``w1*x1 + w2*x2 + b = 0`` inside a rectangle.

    Parameters
    ----------
    w1, w2, b : float
        The neuron's weights and bias.
    xlim, ylim : (float, float)
        The rectangle ``x1`` in ``xlim``, ``x2`` in ``ylim``.

    Returns
    -------
    ndarray, shape (2, 2), or None
        The two end points ``[[x1, x2], [x1, x2]]``, or None when the line misses the rectangle
        (or there is no line: ``w1 = w2 = 0``). The end points come in the order the edges are
        searched: the left and right edges first, then the bottom and top.
    """
    tol = 1e-12
    points = []
    if abs(w2) > tol:  # crossings of the left and right edges
        for x in xlim:
            y = -(w1 * x + b) / w2
            if ylim[0] - tol <= y <= ylim[1] + tol:
                points.append((x, y))
    if abs(w1) > tol:  # crossings of the bottom and top edges
        for y in ylim:
            x = -(w2 * y + b) / w1
            if xlim[0] - tol <= x <= xlim[1] + tol:
                points.append((x, y))
    if len(points) < 2:
        return None
    pts = np.array(points)
    # the two points furthest apart (a line through a corner is found twice)
    d = np.linalg.norm(pts[:, None, :] - pts[None, :, :], axis=-1)
    i, j = np.unravel_index(np.argmax(d), d.shape)
    if d[i, j] < tol:
        return None
    return pts[[i, j]]


def positive_region(w1: float, w2: float, b: float, xlim: tuple[float, float], ylim: tuple[float, float]) -> np.ndarray:
    """The corners of the part of the rectangle where ``w1*x1 + w2*x2 + b > 0``.

    The rectangle clipped against one half-plane (Sutherland-Hodgman): a convex polygon.

    Returns
    -------
    ndarray, shape (n_corners, 2)
        Its corners in order around it; ``(0, 2)`` when ``z > 0`` nowhere in the rectangle.
    """
    (x0, x1), (y0, y1) = xlim, ylim
    box = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    out = []
    for k in range(4):
        p, q = np.array(box[k]), np.array(box[(k + 1) % 4])
        zp, zq = w1 * p[0] + w2 * p[1] + b, w1 * q[0] + w2 * q[1] + b
        if zp > 0:
            out.append(p)
        if (zp > 0) != (zq > 0):
            t = zp / (zp - zq)
            out.append(p + t * (q - p))
    return np.array(out) if out else np.zeros((0, 2))
