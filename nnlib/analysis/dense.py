"""The numbers behind lesson 05's figures (dense layers) and of every picture of a network's
layers: :func:`layer_outputs`; the small regression networks fitted to a 1-D curve
(:func:`train_stack_fits`) and the parameters per layer (:func:`dense_param_counts`). numpy and
the nnlib core only: no matplotlib, no widgets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nnlib.layers import Dense
from nnlib.network import Sequential, TrainingDiverged, single_threaded
from nnlib.training import SGD

__all__ = [
    "StackCurves",
    "dense_param_counts",
    "layer_outputs",
    "stack_curves",
    "stack_model",
    "train_stack_fits",
]


def layer_outputs(model: Sequential, X: np.ndarray, chunk: int = 4096) -> list[np.ndarray]:
    """Every Dense layer's activations for all rows of ``X``: ``[A1, A2, ..., output]``.

    An ``Activation`` layer after a Dense layer changes that layer's output (so a network of
    Dense layers gives one array per layer). Computed in chunks with each layer's ``predict``,
    so the model keeps no reference to the (large) batch ``X (n_samples, n_in)``.
    """
    X = np.asarray(X, dtype=model.dtype)
    outs: list[list[np.ndarray]] = []
    with single_threaded():
        for start in range(0, len(X), chunk):
            A = X[start : start + chunk]
            per_layer: list[np.ndarray] = []
            for layer in model.layers:
                A = layer.predict(A)
                if isinstance(layer, Dense):
                    per_layer.append(A)
                elif per_layer:  # an Activation layer after a Dense: it changes that layer's output
                    per_layer[-1] = A
            outs.append(per_layer)
    return [np.concatenate([o[k] for o in outs]) for k in range(len(outs[0]))]


def stack_model(activation: str, depth: int, width: int = 8, *, rng: np.random.Generator) -> Sequential:
    """A 1-input regression network: ``depth`` hidden Dense layers of ``width`` units with
    ``activation``, then ``Dense(1)`` with no activation (the output may be any number)."""
    layers = [Dense(width, activation=activation, input_shape=[1])]
    layers += [Dense(width, activation=activation) for _ in range(depth - 1)]
    layers.append(Dense(1))
    return Sequential(layers, rng=rng)


def train_stack_fits(
    x: np.ndarray,
    y: np.ndarray,
    *,
    activations: Sequence[str] = ("linear", "relu", "tanh"),
    depths: Sequence[int] = (1, 2, 3),
    width: int = 8,
    epochs: int = 500,
    lr: float = 0.05,
    starts: int = 3,
    rng: np.random.Generator,
) -> dict[tuple[str, int], Sequential]:
    """Fit one small regression network per (activation, depth) to the points ``(x, y)``.

    Each is :func:`stack_model`, trained by gradient descent with momentum on the mean squared
    error over all points (lessons 07-12 explain how), from ``starts`` random starting weights;
    the best of them is kept. (A small network sometimes gets stuck from an unlucky start: a
    ReLU unit whose weighted input is negative for every point outputs 0 and stops learning.)
    About 0.05-0.1 s per training run.

    Parameters
    ----------
    x, y : ndarray, shape (n_samples, 1)
        The points to fit.
    activations : the hidden activations to try.
    depths : the numbers of hidden layers to try.
    width : units per hidden layer.
    epochs, lr : length and learning rate of each training run.
    starts : training runs per network; the one with the lowest error is kept.
    rng : draws the initial weights.

    Returns
    -------
    dict mapping (activation, depth) to the trained Sequential.
    """
    x = np.asarray(x, dtype=np.float64).reshape(-1, 1)
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    fits = {}
    for activation in activations:
        for depth in depths:
            best, best_mse = None, np.inf
            for _ in range(starts):
                model = stack_model(activation, int(depth), width, rng=rng)
                model.compile(loss="mse", optimizer=SGD(lr=lr, momentum=0.9))
                try:
                    model.fit(x, y, epochs=epochs, batch_size=len(x), shuffle=False)
                except TrainingDiverged:
                    continue  # a run that blows up is simply not kept
                mse = float(np.mean((model.predict(x) - y) ** 2))
                if mse < best_mse:
                    best, best_mse = model, mse
            if best is None:
                raise RuntimeError(
                    f"every training run of the {activation} network with {depth} hidden layers blew up; lower lr"
                )
            fits[(activation, int(depth))] = best
    return fits


@dataclass(frozen=True)
class StackCurves:
    """What :class:`nnlib.widgets.dense.StackFit` draws of one fitted network over a grid of inputs."""

    fit: np.ndarray  # (n_grid,) the network's output
    parts: np.ndarray  # (n_grid, width) what each last-hidden unit adds: v_j * h_j(x)
    bias: float  # the output bias c: fit = parts.sum(1) + c
    mse: float  # mean squared error on the training points
    n_params: int
    sizes: list[int]


def stack_curves(model: Sequential, grid: np.ndarray, x: np.ndarray, y: np.ndarray) -> StackCurves:
    """The fit of a :func:`stack_model` network over ``grid (n_grid, 1)`` and what each unit of its
    last hidden layer adds to it (``v_j * h_j(x)``), with its error on the points ``(x, y)``."""
    A = grid
    for layer in model.layers[:-1]:
        A = layer.predict(A)
    out = model.dense_layers[-1]  # the last layer: Dense(1)
    parts = A * out.W[:, 0]  # (n_grid, width)
    fit = parts.sum(axis=1) + out.b[0]
    mse = float(np.mean((model.predict(x) - y) ** 2))
    return StackCurves(fit, parts, float(out.b[0]), mse, model.count_params(), model.layer_sizes)


def dense_param_counts(sizes: Sequence[int]) -> list[int]:
    """Parameters of each dense layer of a network with these layer sizes, input first.

    A layer from ``n_in`` to ``n_out`` units has ``n_in * n_out`` weights and ``n_out`` biases.
    ``dense_param_counts([784, 16, 16, 10]) == [12560, 272, 170]`` (13,002 in all).
    """
    sizes = [int(n) for n in sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"sizes needs at least two positive layer sizes, got {sizes}")
    return [n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:])]
