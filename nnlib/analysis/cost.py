"""The numbers behind lesson 07's figures (the cost function): the best straight line through
points under the L2 loss (mean squared error) and under the L1 loss (mean absolute error),
both exactly; and lesson 08's learning slowdown: how fast one sigmoid neuron learns under
squared error and under cross-entropy when it starts saturated and wrong. numpy only: no
matplotlib, no widgets."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np

from nnlib import _checks
from nnlib.activations import sigmoid

__all__ = ["OUTPUT_LOSSES", "SlowdownRun", "fit_l1", "fit_l2", "line_points", "output_slope", "train_one_neuron"]


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


# ---------------------------------------------------------------------------------------------
# the learning slowdown: one sigmoid neuron, squared error against cross-entropy
# ---------------------------------------------------------------------------------------------

#: the losses of one sigmoid output a = sigmoid(z) with target y, as functions of (a, y)
OUTPUT_LOSSES = ("squared error", "cross-entropy")


def output_slope(z: Any, y: float, loss: str) -> np.ndarray:
    """The slope ``dL/dz`` of one sigmoid output's loss with respect to its weighted input ``z``.

    With ``a = sigmoid(z)`` and ``sigmoid'(z) = a (1 - a)``:

    - squared error ``L = (a - y)^2 / 2``: ``dL/dz = (a - y) * a * (1 - a)``, which is close to 0
      wherever the sigmoid is flat (``a`` near 0 or 1), right or wrong;
    - cross-entropy ``L = -(y log a + (1 - y) log(1 - a))``: ``dL/dz = a - y``; the ``a (1 - a)``
      cancels, so the slope is as large as the error.

    Parameters
    ----------
    z : float or ndarray
        Weighted inputs.
    y : float
        The target, from 0 to 1.
    loss : {"squared error", "cross-entropy"}

    Returns
    -------
    ndarray, the shape of ``z``
    """
    y = _checks.number(y, "y", 0.0, 1.0, why="a target probability")
    loss = _checks.text(loss, "loss", "'squared error' or 'cross-entropy'")
    if loss not in OUTPUT_LOSSES:
        raise ValueError(f"loss must be one of {OUTPUT_LOSSES}, got {loss!r}")
    a = sigmoid(np.asarray(z, dtype=np.float64))
    return (a - y) * a * (1.0 - a) if loss == "squared error" else a - y


@dataclass(frozen=True)
class SlowdownRun:
    """One training run of :func:`train_one_neuron`: values before every epoch and after the last.

    Attributes
    ----------
    z, output, loss : ndarray, shape (epochs + 1,)
        The weighted input ``z = w x + b``, the output ``a = sigmoid(z)`` and the loss.
    """

    z: np.ndarray
    output: np.ndarray
    loss: np.ndarray

    def epochs_to(self, y: float, within: float) -> int | None:
        """The first epoch at which ``|output - y| < within``, or None if no epoch gets there."""
        close = np.flatnonzero(np.abs(self.output - y) < within)
        return int(close[0]) if close.size else None


def train_one_neuron(z0: float, y: float, lr: float, epochs: int, loss: str) -> SlowdownRun:
    """Gradient descent on one sigmoid neuron with one input ``x = 1``: ``a = sigmoid(w + b)``.

    The neuron starts at ``w = b = z0 / 2`` (so ``z = z0``); each epoch takes one step on its one
    training pair ``(x = 1, y)``: ``w -= lr * dL/dw`` and ``b -= lr * dL/db``, where
    ``dL/dw = dL/dz * x = dL/dz`` and ``dL/db = dL/dz`` (:func:`output_slope`). So ``z`` moves by
    ``-2 * lr * dL/dz`` a step.

    Parameters
    ----------
    z0 : float
        The starting weighted input; a large ``|z0|`` is a saturated start.
    y : float
        The target, from 0 to 1.
    lr : float
        The learning rate, > 0.
    epochs : int
        The number of steps, >= 0.
    loss : {"squared error", "cross-entropy"}

    Returns
    -------
    SlowdownRun
    """
    z0 = _checks.number(z0, "z0")
    y = _checks.number(y, "y", 0.0, 1.0, why="a target probability")
    lr = _checks.number(lr, "lr", 0.0, low_open=True)
    epochs = _checks.whole(epochs, "epochs", 0)
    output_slope(z0, y, loss)  # checks loss
    w = b = z0 / 2.0
    zs = np.empty(epochs + 1)
    for t in range(epochs + 1):
        zs[t] = w + b
        if t < epochs:
            grad = float(output_slope(zs[t], y, loss))
            w -= lr * grad
            b -= lr * grad
    a = sigmoid(zs)
    if loss == "squared error":
        values = 0.5 * (a - y) ** 2
    else:  # from z, exact also where a rounds to 0 or 1: log a = -log(1 + e^-z)
        values = y * np.logaddexp(0.0, -zs) + (1.0 - y) * np.logaddexp(0.0, zs)
    return SlowdownRun(zs, a, values)
