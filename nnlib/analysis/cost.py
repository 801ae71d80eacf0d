"""The numbers behind lesson 04's figures (the cost function): the best straight line through
points under the L2 loss (mean squared error) and under the L1 loss (mean absolute error),
both exactly. numpy only: no matplotlib, no widgets."""

from __future__ import annotations

from itertools import combinations
from typing import Any

import numpy as np

__all__ = ["fit_l1", "fit_l2", "line_points"]


def line_points(x: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """``x`` and ``y`` as flat float arrays, checked: one ``y`` per ``x``, two different ``x`` at least."""
    x = np.asarray(x, dtype=np.float64).ravel()
    y = np.asarray(y, dtype=np.float64).ravel()
    if x.shape != y.shape:
        raise ValueError(f"x has {x.size} values but y has {y.size}; pass one y per x")
    if x.size < 2 or np.ptp(x) == 0:
        raise ValueError("a line needs at least two points with different x")
    return x, y


def fit_l2(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The line ``y = slope * x + intercept`` with the smallest mean squared error (least squares).

    Closed form: ``slope = cov(x, y) / var(x)``, ``intercept = mean(y) - slope * mean(x)``.

    Parameters
    ----------
    x, y : ndarray, shape (n_samples,)

    Returns
    -------
    slope, intercept : float
    """
    x, y = line_points(x, y)
    dx = x - x.mean()
    slope = float(dx @ (y - y.mean()) / (dx @ dx))
    return slope, float(y.mean() - slope * x.mean())


def fit_l1(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The line with the smallest mean absolute error (least absolute deviations), exactly.

    Minimising ``mean(|slope * x + intercept - y|)`` is a linear programme, and one of its best
    lines always passes through two of the data points. So: try the line through every pair of
    points (with different x) and keep the one with the smallest mean absolute error. That is
    ``n (n - 1) / 2`` lines, a few dozen for the lesson's dozen points.

    Parameters
    ----------
    x, y : ndarray, shape (n_samples,)

    Returns
    -------
    slope, intercept : float
        The first best line found (when several lines tie, the L1 fit is not unique).
    """
    x, y = line_points(x, y)
    pairs = np.array([(i, j) for i, j in combinations(range(x.size), 2) if x[i] != x[j]])
    i, j = pairs[:, 0], pairs[:, 1]
    slopes = (y[j] - y[i]) / (x[j] - x[i])
    intercepts = y[i] - slopes * x[i]
    # (n_pairs, n_samples): every candidate line's absolute errors
    mae = np.abs(slopes[:, None] * x[None, :] + intercepts[:, None] - y[None, :]).mean(axis=1)
    best = int(np.argmin(mae))
    return float(slopes[best]), float(intercepts[best])
