"""Gradient checking: compare back-propagation with numerical derivatives.

The central difference ``(f(x + eps) - f(x - eps)) / (2 eps)`` approximates ``df/dx`` with an
error of order ``eps**2``; doing it for every parameter costs two forward passes per
parameter (26,004 for the 13,002 parameters of 784-16-16-10), which is why training uses one
backward pass instead and checks it this way once, on a small batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from . import _checks
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
    if not callable(f):
        raise TypeError(f"f must be a function of no arguments that returns a number, got {type(f).__name__}")
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        raise TypeError("x must be a float numpy array that f reads (nudged in place)")
    eps = _checks.number(eps, "eps", 0.0, low_open=True, why="the nudge size, e.g. 1e-5")
    grad = np.zeros_like(x, dtype=np.float64)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    if not np.shares_memory(flat, x):
        raise ValueError("x must be contiguous so it can be nudged in place")
    for i in range(flat.size):
        old = flat[i]
        try:
            flat[i] = old + eps
            up = _scalar(f())
            flat[i] = old - eps
            down = _scalar(f())
        finally:
            flat[i] = old
        gflat[i] = (up - down) / (2 * eps)
    return grad


def _scalar(value: object) -> float:
    """``value`` as one float: what ``f`` must return in :func:`numerical_gradient`."""
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(()).item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        what = (
            f"an array of shape {value.shape}"
            if isinstance(value, np.ndarray)
            else f"{type(value).__name__} {value!r:.40}"
        )
        raise TypeError(f"f must return one number (e.g. the loss), but it returned {what}")
    return float(value)


def relative_error(a: np.ndarray, b: np.ndarray, floor: float = 1e-8) -> float:
    """``|a - b| / max(|a| + |b|, floor)`` with Euclidean norms.

    Around 1e-9 or below means the two agree to rounding; 1e-4 or above means a bug. The floor
    keeps two arrays that are both (nearly) 0 from turning rounding noise into a "relative
    error" of 1: below it, differences are measured against ``floor`` instead.
    :func:`check_gradients` sets it from the resolution of its numerical derivative.
    """
    a, b = _checks.real_array(a, "a").astype(np.float64), _checks.real_array(b, "b").astype(np.float64)
    if a.shape != b.shape:
        raise ValueError(f"cannot compare arrays of shapes {a.shape} and {b.shape}")
    floor = _checks.number(floor, "floor", 0.0, low_open=True)
    denom = max(float(np.linalg.norm(a) + np.linalg.norm(b)), floor)
    return float(np.linalg.norm(a - b) / denom)


def check_gradients(
    model: Sequential, X: np.ndarray, y: np.ndarray, loss: str | Loss | None = None, eps: float = 1e-5
) -> dict[str, float]:
    """Relative error between back-propagated and numerical gradients, per parameter.

    Returns
    -------
    dict
        ``{"W1": err, "b1": err, "W2": ...}``, numbered by trainable layer from 1
        (a batch-normalisation layer's ``gamma``/``beta`` take a number too).

    Notes
    -----
    The check runs training-mode passes (batch statistics, dropout with one mask drawn and
    then reused), as training does, and leaves the model exactly as it found it: weights,
    running statistics, stored activations and the random generator. A parameter whose true
    gradient is 0 (a bias feeding batch normalisation) is compared against the resolution of
    the central difference, about ``1e-16 * |loss| / eps`` per element, not against 0.
    """
    if not isinstance(model, Sequential):
        raise TypeError(f"model must be a Sequential network, got {type(model).__name__}")
    if model.dtype != np.float64:
        raise ValueError(
            "check_gradients needs a float64 model: float32 keeps about 7 digits, too few for "
            "central differences. Build the model with dtype=np.float64 for the check"
        )
    eps = _checks.number(eps, "eps", 0.0, low_open=True, why="the nudge size, e.g. 1e-5")
    with _model_restored(model):
        return _check(model, X, y, loss, eps)


def _check(model: Sequential, X: np.ndarray, y: np.ndarray, loss: str | Loss | None, eps: float) -> dict[str, float]:
    random_layers = [layer for layer in model.layers if hasattr(layer, "freeze_mask")]
    _, grads = model.loss_and_gradients(X, y, loss)
    grads = [tuple(g.copy() for g in pair) for pair in grads]
    lossf = model._loss(loss)
    Xc = model._check_X(X)
    Y = model._check_y(y, len(Xc), lossf)

    def f() -> float:
        model._forward(Xc, training=True)
        return model._loss_value(Y, lossf)

    for layer in random_layers:
        layer.freeze_mask = True  # every pass reuses the mask the first one drew
    # the numerical derivative's rounding: each difference of two losses carries about
    # eps_machine * |loss|, divided by 2 eps
    resolution = float(np.finfo(np.float64).eps) * max(abs(f()), 1.0) / eps
    errors = {}
    trainable = [layer for layer in model.layers if layer.param_names]
    for k, (layer, pair) in enumerate(zip(trainable, grads), start=1):
        for name, g in zip(layer.param_names, pair):
            numeric = numerical_gradient(f, getattr(layer, name), eps)
            # a difference at the resolution of the estimate scores about 1e-6, never a false alarm
            floor = max(1e-8, 1e6 * resolution * np.sqrt(g.size))
            errors[f"{name}{k}"] = relative_error(g, numeric, floor)
    return errors


@contextmanager
def _model_restored(model: Sequential) -> Iterator[None]:
    """Put back every attribute of the model and its layers, and its generator's state."""
    saved: list[tuple[Any, dict[str, Any], list[tuple[np.ndarray, np.ndarray]]]] = []
    for obj in [model, *model.layers]:
        attrs = dict(vars(obj))
        arrays = [(v, v.copy()) for v in attrs.values() if isinstance(v, np.ndarray)]
        saved.append((obj, attrs, arrays))
    rng_state = model.rng.bit_generator.state
    try:
        yield
    finally:
        for obj, attrs, arrays in saved:
            vars(obj).clear()
            vars(obj).update(attrs)
            for arr, copy in arrays:
                arr[...] = copy  # in place: parameters are views of the model's flat buffers
        model.rng.bit_generator.state = rng_state
