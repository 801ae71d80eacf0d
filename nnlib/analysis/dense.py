"""The numbers behind lesson 03's figures (dense layers) and of every picture of a network's
layers: :func:`layer_outputs`. numpy and the nnlib core only: no matplotlib, no widgets."""

from __future__ import annotations

import numpy as np

from nnlib.layers import Dense
from nnlib.network import Sequential, single_threaded

__all__ = ["layer_outputs"]


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
            A = X[start:start + chunk]
            per_layer: list[np.ndarray] = []
            for layer in model.layers:
                A = layer.predict(A)
                if isinstance(layer, Dense):
                    per_layer.append(A)
                elif per_layer:  # an Activation layer after a Dense: it changes that layer's output
                    per_layer[-1] = A
            outs.append(per_layer)
    return [np.concatenate([o[k] for o in outs]) for k in range(len(outs[0]))]
