"""The numbers behind lesson 09's figures (gradient descent): a linear unit ``y_hat = w * x + b``
fitted by the mean squared error, its loss from five sums (:class:`LineProblem`), gradient descent
on one or two parameters (plain, with momentum, with mini-batches) and a made-up loss with two
valleys. numpy only: no matplotlib, no widgets.

Not the optimiser the lessons train with: that is ``nnlib.SGD`` inside ``Sequential.fit``. These
functions redo the same arithmetic on two parameters with sums precomputed once, so that a widget
answers a slider in well under 5 ms; the tests check them against ``nnlib``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = [
    "DIVERGED",
    "LineProblem",
    "descend_1d",
    "descend_2d",
    "descend_momentum_2d",
    "line_data",
    "sgd_path",
    "two_valleys_loss",
    "two_valleys_slope",
    "two_valleys_stationary_points",
]

#: a weight further than this from 0 counts as diverged; the path stops growing there
DIVERGED = 1e6


# ---------------------------------------------------------------------------------------------
# the problem: a linear unit fitted by mean squared error
# ---------------------------------------------------------------------------------------------


def line_data(n_samples: int = 200, *, rng: np.random.Generator, noise: float = 0.4) -> tuple[np.ndarray, np.ndarray]:
    """Points near the line ``y = 2 x - 1``, with ``mean(x**2) = 1`` exactly.

    ``x`` is drawn from a normal distribution (mean 1, standard deviation 0.8) and rescaled so
    that ``mean(x**2) = 1``; then ``y = 2 x - 1 + noise * N(0, 1)``. The rescaling makes the
    one-weight loss ``L(w) = mean((w x - y)**2)`` have curvature ``L''(w) = 2 mean(x**2) = 2``,
    so its learning-rate thresholds are round numbers (0.5: one step to the bottom, 1: diverge).

    Parameters
    ----------
    n_samples : int
        Number of points (at least 2).
    rng : numpy.random.Generator
        Source of ``x`` and of the noise (``n_samples`` draws each, in that order).
    noise : float
        Standard deviation of the noise on ``y``.

    Returns
    -------
    x, y : ndarray, shape (n_samples,)
        One input and one target per sample (``x[:, None]`` is the batch-first ``X``).
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy.random.Generator, got {type(rng).__name__}; "
            "create one with rng = np.random.default_rng(0)"
        )
    if int(n_samples) < 2:
        raise ValueError(f"n_samples must be at least 2, got {n_samples}")
    x = rng.normal(1.0, 0.8, int(n_samples))
    x = x / np.sqrt(np.mean(x**2))
    y = 2.0 * x - 1.0 + noise * rng.normal(0.0, 1.0, int(n_samples))
    return x, y


class LineProblem:
    """The loss ``L(w, b) = mean((w x + b - y)**2)`` of a linear unit, from five sums.

    ``L`` is a quadratic in ``(w, b)``, so the means ``mean(x**2)``, ``mean(x)``, ``mean(x y)``,
    ``mean(y)``, ``mean(y**2)`` give it, its gradient and its minimum exactly, for any number of
    points ``(w, b)`` at once (arrays broadcast).

    Parameters
    ----------
    x, y : array_like, shape (n_samples,)
        Inputs and targets.
    """

    def __init__(self, x: Any, y: Any) -> None:
        self.x = np.asarray(x, dtype=np.float64).ravel()
        self.y = np.asarray(y, dtype=np.float64).ravel()
        if self.x.shape != self.y.shape:
            raise ValueError(f"x has {self.x.size} samples but y has {self.y.size}; give one target per input")
        if self.x.size < 2:
            raise ValueError("give at least 2 samples")
        self.n = self.x.size
        self.sxx = float(np.mean(self.x**2))
        self.sx = float(np.mean(self.x))
        self.sxy = float(np.mean(self.x * self.y))
        self.sy = float(np.mean(self.y))
        self.syy = float(np.mean(self.y**2))

    def loss(self, w: Any, b: Any = 0.0) -> Any:
        """``mean((w x + b - y)**2)`` for scalars or arrays ``w``, ``b`` (broadcast)."""
        return w * w * self.sxx + 2 * w * b * self.sx + b * b - 2 * w * self.sxy - 2 * b * self.sy + self.syy

    def gradient(self, w: Any, b: Any = 0.0) -> tuple[Any, Any]:
        """``(dL/dw, dL/db) = (mean(2 e x), mean(2 e))`` with the errors ``e = w x + b - y``."""
        return (2 * (w * self.sxx + b * self.sx - self.sxy), 2 * (w * self.sx + b - self.sy))

    def slope(self, w: Any) -> Any:
        """``dL/dw`` of the one-weight loss ``L(w) = mean((w x - y)**2)`` (``b`` = 0)."""
        return 2 * (w * self.sxx - self.sxy)

    def best_w(self) -> float:
        """The minimum of the one-weight loss: ``mean(x y) / mean(x**2)``."""
        return self.sxy / self.sxx

    def best(self) -> tuple[float, float]:
        """The ``(w, b)`` of least loss (the least-squares line)."""
        det = self.sxx - self.sx**2
        w = (self.sxy - self.sx * self.sy) / det
        return float(w), float(self.sy - w * self.sx)

    def hessian(self) -> np.ndarray:
        """The constant second derivatives ``[[L_ww, L_wb], [L_bw, L_bb]]``, shape (2, 2)."""
        return 2 * np.array([[self.sxx, self.sx], [self.sx, 1.0]])


# ---------------------------------------------------------------------------------------------
# gradient descent, written for speed on one or two parameters
# ---------------------------------------------------------------------------------------------


def descend_1d(
    slope: Callable[[float], float], w0: float, lr: float, n_steps: int, lr_decay: float = 1.0
) -> np.ndarray:
    """The weights visited by gradient descent ``w <- w - lr_t * slope(w)`` on one weight.

    The learning rate of step ``t`` (counted from 0) is ``lr_t = lr * lr_decay**t``
    (``lr_decay = 1``: constant). A weight beyond ``DIVERGED`` stops the walk: the rest of the
    path repeats that weight.

    Returns
    -------
    ndarray, shape (n_steps + 1,)
        ``w_0 = w0, w_1, ..., w_n``.
    """
    path = np.empty(int(n_steps) + 1)
    w = float(w0)
    path[0] = w
    rate = float(lr)
    for t in range(1, int(n_steps) + 1):
        if abs(w) < DIVERGED:
            w = w - rate * float(slope(w))
            rate *= lr_decay
        path[t] = w
    return path


def descend_2d(problem: LineProblem, start: tuple[float, float], lr: float, n_steps: int) -> np.ndarray:
    """Full-batch gradient descent on ``(w, b)``: ``(w, b) <- (w, b) - lr * gradient``.

    :func:`descend_momentum_2d` with no momentum (the same points, bit for bit).

    Returns
    -------
    ndarray, shape (n_steps + 1, 2)
        The visited points, the start first.
    """
    return descend_momentum_2d(problem, start, lr, 0.0, n_steps)


def descend_momentum_2d(
    problem: LineProblem, start: tuple[float, float], lr: float, momentum: float, n_steps: int
) -> np.ndarray:
    """Full-batch gradient descent with momentum on ``(w, b)``, the rule of ``nnlib.SGD``.

    ``v <- momentum * v - lr * gradient;  (w, b) <- (w, b) + v``, with the velocity ``v``
    starting at 0. ``momentum = 0`` is plain gradient descent (:func:`descend_2d`). A point with
    ``|w| + |b| >= DIVERGED`` stops the walk: the rest of the path repeats it.

    Returns
    -------
    ndarray, shape (n_steps + 1, 2)
        The visited points, the start first.
    """
    if not 0.0 <= momentum < 1.0:
        raise ValueError(
            f"momentum must be in [0, 1), got {momentum}; 0 is plain gradient descent, 0.9 is the usual choice"
        )
    sxx, sx, sxy, sy = problem.sxx, problem.sx, problem.sxy, problem.sy
    w, b = float(start[0]), float(start[1])
    vw = vb = 0.0
    ws, bs = [w], [b]
    for _ in range(int(n_steps)):
        if abs(w) + abs(b) < DIVERGED:
            gw = 2 * (w * sxx + b * sx - sxy)
            gb = 2 * (w * sx + b - sy)
            # the velocity remembers the earlier steps: a steady slope speeds it up
            vw, vb = momentum * vw - lr * gw, momentum * vb - lr * gb
            w, b = w + vw, b + vb
        ws.append(w)
        bs.append(b)
    return np.column_stack([ws, bs])


def steady_slope_speedup(momentum: float) -> float:
    """How many times the plain step ``lr * g`` momentum's step grows to on a steady slope.

    With a gradient ``g`` that stays the same, ``v <- momentum * v - lr * g`` from ``v = 0``
    gives ``v_n = -lr * g * (1 - momentum**n) / (1 - momentum)``, a geometric series that tends
    to ``-lr * g / (1 - momentum)``: the factor ``1 / (1 - momentum)`` (10 for 0.9). The step
    keeps the units of ``lr * g``; it is not ``lr / (1 - momentum)``.
    """
    if not 0.0 <= momentum < 1.0:
        raise ValueError(
            f"momentum must be in [0, 1), got {momentum}; 0 is plain gradient descent, 0.9 is the usual choice"
        )
    return 1.0 / (1.0 - momentum)


def sgd_path(
    problem: LineProblem, start: tuple[float, float], lr: float, batch_size: int, epochs: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Mini-batch SGD on ``(w, b)``, drawing batches exactly as ``Sequential.fit`` does.

    Each epoch shuffles the samples with ``rng.permutation(n)`` and walks through them in
    batches of ``batch_size`` (the last batch of an epoch may be smaller); each batch gives one
    update with the gradient of the mean loss over that batch.

    Returns
    -------
    path : ndarray, shape (n_updates + 1, 2)
        The visited points, the start first.
    epoch_ends : ndarray of int, shape (epochs + 1,)
        Row of ``path`` at the end of each epoch (0 for the start).
    """
    n, size = problem.n, int(batch_size)
    if size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    order = np.concatenate([rng.permutation(n) for _ in range(int(epochs))]) if epochs else np.empty(0, dtype=int)
    x, y = problem.x[order], problem.y[order]
    # running sums: a batch's sums are differences of these at its two ends
    cums = [np.concatenate([[0.0], np.cumsum(v)]) for v in (x * x, x, x * y, y)]
    per_epoch = np.arange(0, n, size)
    starts = (np.arange(int(epochs))[:, None] * n + per_epoch[None, :]).ravel()
    ends = np.minimum(starts + size, (starts // n + 1) * n)
    sums = [(c[ends] - c[starts]).tolist() for c in cums]
    counts = (ends - starts).tolist()
    w, b = float(start[0]), float(start[1])
    ws, bs = [w], [b]
    for m, s_xx, s_x, s_xy, s_y in zip(counts, *sums):
        if abs(w) + abs(b) < DIVERGED:
            gw = 2.0 * (w * s_xx + b * s_x - s_xy) / m
            gb = 2.0 * (w * s_x + b * m - s_y) / m
            w, b = w - lr * gw, b - lr * gb
        ws.append(w)
        bs.append(b)
    epoch_ends = np.arange(int(epochs) + 1) * len(per_epoch)
    return np.column_stack([ws, bs]), epoch_ends


def two_valleys_loss(w: Any) -> Any:
    """A made-up loss with two valleys: ``L(w) = (w**2 - 4)**2 / 16 + 0.3 w + 1.2``.

    The left valley (near ``w = -2.14``) is the global minimum, the right one (near
    ``w = 1.83``) a local minimum; the hump between them tops out near ``w = 0.30``.
    """
    return (w * w - 4.0) ** 2 / 16.0 + 0.3 * w + 1.2


def two_valleys_slope(w: Any) -> Any:
    """``dL/dw = w (w**2 - 4) / 4 + 0.3`` of :func:`two_valleys_loss`."""
    return w * (w * w - 4.0) / 4.0 + 0.3


def two_valleys_stationary_points() -> np.ndarray:
    """The three points where :func:`two_valleys_slope` is 0, in increasing order: the left valley,
    the hump, the right valley."""
    return np.sort(np.roots([0.25, 0.0, -1.0, 0.3]).real)
