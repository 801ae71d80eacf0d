"""Gradient checking: compare back-propagation with numerical derivatives.

The central difference ``(f(x + eps) - f(x - eps)) / (2 eps)`` approximates ``df/dx`` with an
error of order ``eps**2``; doing it for every parameter costs two forward passes per
parameter (26,004 for the 13,002 parameters of 784-16-16-10), which is why training uses one
backward pass instead and checks it this way once, on a small batch.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .losses import Loss
from .network import Sequential

__all__ = ["check_gradients", "numerical_gradient", "relative_error"]


def numerical_gradient(f: Callable[[], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """``df/dx`` by central differences, nudging each element of ``x`` in place.

    Parameters
    ----------
    f : callable
        Takes no arguments and returns a float that depends on the current contents of ``x``.
    x : ndarray (float)
        The array to nudge; it is restored exactly afterwards.
    eps : float
        The nudge size.

    Returns
    -------
    ndarray, shape of ``x``
    """
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        raise TypeError("x must be a float numpy array that f reads (nudged in place)")
    if not eps > 0:
        raise ValueError(f"eps must be positive, got {eps}")
    grad = np.zeros_like(x, dtype=np.float64)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    if not np.shares_memory(flat, x):
        raise ValueError("x must be contiguous so it can be nudged in place")
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        up = f()
        flat[i] = old - eps
        down = f()
        flat[i] = old
        gflat[i] = (up - down) / (2 * eps)
    return grad


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """``|a - b| / (|a| + |b|)`` with Euclidean norms; 0 when both are 0.

    Around 1e-9 or below means the two agree to rounding; 1e-4 or above means a bug.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"cannot compare arrays of shapes {a.shape} and {b.shape}")
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def check_gradients(
    model: Sequential, X: np.ndarray, y: np.ndarray, loss: str | Loss | None = None, eps: float = 1e-6
) -> dict[str, float]:
    """Relative error between back-propagated and numerical gradients, per parameter.

    Returns
    -------
    dict
        ``{"W1": err, "b1": err, "W2": ...}`` numbered by Dense layer from 1.
    """
    _, grads = model.loss_and_gradients(X, y, loss)
    grads = [tuple(g.copy() for g in pair) for pair in grads]
    Xc = model._check_X(X)
    Y = model._check_y(y, len(Xc))
    lossf = model._loss(loss)

    def f() -> float:
        model._forward(Xc)
        return model._loss_value(Y, lossf)

    errors = {}
    trainable = [layer for layer in model.layers if layer.param_names]
    for k, (layer, pair) in enumerate(zip(trainable, grads), start=1):
        for name, g in zip(layer.param_names, pair):
            errors[f"{name}{k}"] = relative_error(g, numerical_gradient(f, getattr(layer, name), eps))
    return errors
