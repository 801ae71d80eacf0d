"""The numbers behind lesson 03's figures (XOR): the forward pass of the 2-2-1 sigmoid network,
and sigmoid "bumps" summed into a curve. numpy and the nnlib core only: no matplotlib, no widgets.

Batch-first as in ``nnlib``: inputs ``X (n_samples, 2)``, ``W_hidden (2, 2)`` with
``W_hidden[i, j]`` from input ``i`` to hidden unit ``j``, ``b_hidden (2,)``, ``W_out (2, 1)``,
``b_out (1,)``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnlib.activations import sigmoid

__all__ = ["bump_sum", "forward_221"]


def forward_221(
    X: np.ndarray, W_hidden: np.ndarray, b_hidden: np.ndarray, W_out: np.ndarray, b_out: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Forward pass of the 2-2-1 sigmoid network: ``H = sigmoid(X W_hidden + b_hidden)``,
    ``y = sigmoid(H W_out + b_out)``; returns ``H (n, 2)`` and ``y (n,)``."""
    H = sigmoid(X @ W_hidden + b_hidden)
    return H, sigmoid(H @ W_out + b_out).reshape(-1)


def bump_sum(
    x: np.ndarray,
    f: Callable[[np.ndarray], np.ndarray],
    n_bumps: int,
    sharpness: float = 10.0,
    lim: tuple[float, float] = (0.0, 1.0),
) -> tuple[np.ndarray, np.ndarray]:
    """Approximate ``f`` on ``lim`` by ``n_bumps`` bumps of height ``f(centre)``.

    The bump centres are spread evenly from ``lim[0]`` to ``lim[1]``; each bump is as wide as
    the spacing (so neighbours meet half-way) and its sigmoids have steepness
    ``sharpness / width``. One bump is two sigmoid units, so this is a hidden layer of
    ``2 * n_bumps`` units and a linear output.

    Returns
    -------
    approx : ndarray, shape (len(x),)
        The sum of the bumps at ``x``.
    each : ndarray, shape (n_bumps, len(x))
        Every bump on its own.
    """
    lo, hi = lim
    n = int(n_bumps)
    if n < 1:
        raise ValueError(f"n_bumps must be at least 1, got {n_bumps}")
    centres = np.linspace(lo, hi, n) if n > 1 else np.array([(lo + hi) / 2])
    width = (hi - lo) / (n - 1) if n > 1 else hi - lo
    s = sharpness / width
    x = np.asarray(x, dtype=np.float64)
    rise = sigmoid(s * (x[None, :] - (centres - width / 2)[:, None]))  # (n, len(x))
    fall = sigmoid(s * (x[None, :] - (centres + width / 2)[:, None]))
    each = f(centres)[:, None] * (rise - fall)
    return each.sum(axis=0), each
