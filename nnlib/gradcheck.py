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


def numerical_gradient(f: Callable[[], float], x: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """``df/dx`` by central differences, nudging each element of ``x`` in place.

    Parameters
    ----------
    f : callable
        Takes no arguments and returns a float that depends on the current contents of ``x``.
    x : ndarray (float)
        The array to nudge; it is restored exactly afterwards.
    eps : float
        The nudge size. The default 1e-5 balances the method's error (~eps**2) against float64
        rounding in the difference (~1e-16 / eps): about the cube root of float64's epsilon.

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
    """``|a - b| / max(|a| + |b|, floor)`` with Euclidean norms.

    Around 1e-9 or below means the two agree to rounding; 1e-4 or above means a bug. The floor
    (1e-8) keeps a gradient that is truly 0 from turning the rounding noise of its numerical
    estimate (~1e-10) into a "relative error" of 1.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"cannot compare arrays of shapes {a.shape} and {b.shape}")
    denom = max(float(np.linalg.norm(a) + np.linalg.norm(b)), _FLOOR)
    return float(np.linalg.norm(a - b) / denom)


_FLOOR = 1e-8


def check_gradients(
    model: Sequential, X: np.ndarray, y: np.ndarray, loss: str | Loss | None = None, eps: float = 1e-5
) -> dict[str, float]:
    """Relative error between back-propagated and numerical gradients, per parameter.

    Returns
    -------
    dict
        ``{"W1": err, "b1": err, "W2": ...}``, numbered by trainable layer from 1
        (a batch-normalisation layer's ``gamma``/``beta`` take a number too).
    """
    # Training-mode forward passes throughout (batch statistics, dropout), with every dropout
    # mask drawn once and then reused, so that all passes compute the same function.
    random_layers = [layer for layer in model.layers if hasattr(layer, "freeze_mask")]
    _, grads = model.loss_and_gradients(X, y, loss)
    grads = [tuple(g.copy() for g in pair) for pair in grads]
    Xc = model._check_X(X)
    Y = model._check_y(y, len(Xc))
    lossf = model._loss(loss)

    def f() -> float:
        model._forward(Xc, training=True)
        return model._loss_value(Y, lossf)

    for layer in random_layers:
        layer.freeze_mask = True
    try:
        return _errors(model, grads, f, eps)
    finally:
        for layer in random_layers:
            layer.freeze_mask = False


def _errors(model: Sequential, grads: list, f: Callable[[], float], eps: float) -> dict[str, float]:
    errors = {}
    trainable = [layer for layer in model.layers if layer.param_names]
    for k, (layer, pair) in enumerate(zip(trainable, grads), start=1):
        for name, g in zip(layer.param_names, pair):
            errors[f"{name}{k}"] = relative_error(g, numerical_gradient(f, getattr(layer, name), eps))
    return errors
