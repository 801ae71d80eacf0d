"""The numbers behind lesson 15's figures (training well). numpy and the nnlib core only.

- :func:`replay_early_stopping` and :func:`stop_table`: ``nnlib.EarlyStopping`` replayed over a
  recorded curve of validation losses, so a widget can show at once where training *would*
  stop for any ``min_delta`` and ``patience`` without training again.
- :func:`train_capacity_grid`: small networks of every width and depth in a grid
  (:func:`capacity_model`), trained once on 2-D toy problems.
- :func:`confusion_counts`: a binary classifier's true and false positives and negatives at a
  threshold.

Epochs are numbered from 1 here, as in the plots and in a training log ("epoch 12 of 60");
``nnlib.EarlyStopping``'s attributes ``best_epoch`` and ``stopped_epoch`` count from 0, as Keras's
do, so epoch ``k`` here is ``best_epoch == k - 1`` there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nnlib.analysis.grid import PlaneGrid, plane_grid
from nnlib.analysis.mnist import confusion_matrix
from nnlib.layers import Dense
from nnlib.network import Sequential
from nnlib.training import SGD, EarlyStopping

__all__ = [
    "CapacityGrid",
    "CapacityRun",
    "StopPoint",
    "capacity_model",
    "confusion_counts",
    "replay_early_stopping",
    "stop_table",
    "train_capacity_grid",
]


# ---------------------------------------------------------------------------------------------
# early stopping, replayed over a recorded curve
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StopPoint:
    """Where the early-stopping rule stops on a recorded curve (epochs numbered from 1).

    Attributes
    ----------
    epochs_trained : int
        Training stops after this epoch; the whole curve's length if it never stops.
    best_epoch : int
        The epoch of the last value that counted as an improvement (beat the best so far by more
        than ``min_delta``): the weights ``restore_best_weights=True`` puts back.
    stopped : bool
        True if the rule stopped training before the end of the recorded curve.
    """

    epochs_trained: int
    best_epoch: int
    stopped: bool


def replay_early_stopping(
    values: Sequence[float] | np.ndarray, min_delta: float = 0.0, patience: int = 0, *, maximise: bool = False
) -> StopPoint:
    """Replay the early-stopping rule over a recorded curve, epoch by epoch.

    The rule (Keras's ``EarlyStopping``, and ``nnlib.EarlyStopping``): an epoch is an
    **improvement** when its value beats the best so far by more than ``min_delta``
    (``value < best - min_delta``; ``>`` and ``+`` when ``maximise``). An improvement becomes the
    new best and resets a counter of epochs without improvement; any other epoch adds 1 to it.
    Training stops once the counter reaches ``max(patience, 1)``.

    Parameters
    ----------
    values : sequence of float, one per epoch
        E.g. ``history.history["val_loss"]`` of a run that was not stopped early.
    min_delta : float >= 0
    patience : int >= 0 (0 acts like 1, as in Keras)
    maximise : bool
        True for a number that should grow, such as ``val_accuracy``.

    Returns
    -------
    StopPoint
        ``epochs_trained``, ``best_epoch`` (numbered from 1) and ``stopped``.
    """
    vals = np.asarray(values, dtype=np.float64)
    if vals.ndim != 1 or len(vals) == 0:
        raise ValueError(f"values must be a non-empty 1-D sequence, one per epoch, got shape {vals.shape}")
    if not min_delta >= 0:
        raise ValueError(f"min_delta must be >= 0, got {min_delta!r}")
    if isinstance(patience, bool) or int(patience) != patience or patience < 0:
        raise ValueError(f"patience must be a whole number of epochs >= 0, got {patience!r}")
    # the rule itself is nnlib.EarlyStopping's, fed the recorded values one epoch at a time
    monitor = "val_accuracy" if maximise else "val_loss"  # what makes it maximise or minimise
    stopper = EarlyStopping(monitor, min_delta=float(min_delta), patience=int(patience))
    stopper.on_train_begin({})
    for epoch, value in enumerate(vals):
        stopper.on_epoch_end(epoch, {monitor: float(value)})
        if stopper.stopped_epoch is not None:
            return StopPoint(epoch + 1, stopper.best_epoch + 1, True)
    return StopPoint(len(vals), stopper.best_epoch + 1, False)


def stop_table(
    values: Sequence[float] | np.ndarray,
    min_deltas: Sequence[float] | np.ndarray,
    patiences: Sequence[int] | np.ndarray,
    *,
    maximise: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`replay_early_stopping` for every pair of settings.

    Returns
    -------
    epochs_trained, best_epoch : int arrays of shape (len(patiences), len(min_deltas))
    """
    trained = np.zeros((len(patiences), len(min_deltas)), dtype=np.int64)
    best = np.zeros_like(trained)
    for i, p in enumerate(patiences):
        for j, d in enumerate(min_deltas):
            s = replay_early_stopping(values, float(d), int(p), maximise=maximise)
            trained[i, j], best[i, j] = s.epochs_trained, s.best_epoch
    return trained, best


# ---------------------------------------------------------------------------------------------
# capacity: a grid of small networks on 2-D toy problems
# ---------------------------------------------------------------------------------------------

_Split = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # X_train, y_train, X_val, y_val


def capacity_model(width: int, depth: int, *, rng: np.random.Generator, activation: str = "relu") -> Sequential:
    """A binary classifier for 2-D points: ``depth`` hidden layers of ``width`` units each, then
    one sigmoid output, e.g. ``capacity_model(8, 2)`` is 2-8-8-1 (105 parameters)."""
    layers = [Dense(width, activation=activation, input_shape=[2])]
    layers += [Dense(width, activation=activation) for _ in range(depth - 1)]
    layers.append(Dense(1, activation="sigmoid"))
    return Sequential(layers, rng=rng)


@dataclass(frozen=True)
class CapacityRun:
    """One finished training run of :func:`train_capacity_grid`.

    ``loss``, ``val_loss``, ``accuracy``, ``val_accuracy``: one value per epoch (numpy arrays);
    ``surface``: the trained network's probability of class 1 on the dataset's plane grid,
    shape ``(ny, nx)``; ``dead_units``: per hidden layer, how many ReLU units output 0 for every
    training and validation point (they pass no gradient back, so they never recover).
    """

    dataset: str
    width: int
    depth: int
    sizes: tuple[int, ...]
    n_params: int
    loss: np.ndarray
    val_loss: np.ndarray
    accuracy: np.ndarray
    val_accuracy: np.ndarray
    surface: np.ndarray
    dead_units: tuple[int, ...]

    @property
    def name(self) -> str:
        return "-".join(map(str, self.sizes))


@dataclass
class CapacityGrid:
    """Every run of :func:`train_capacity_grid`, keyed ``(dataset, width, depth)``."""

    runs: dict[tuple[str, int, int], CapacityRun]
    data: dict[str, _Split]
    planes: dict[str, PlaneGrid]
    widths: tuple[int, ...]
    depths: tuple[int, ...]
    epochs: int
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def datasets(self) -> list[str]:
        return list(self.data)

    def table(self, dataset: str) -> list[CapacityRun]:
        """The runs on one dataset, by depth then width."""
        return [self.runs[(dataset, w, d)] for d in self.depths for w in self.widths]


def train_capacity_grid(
    datasets: Mapping[str, _Split],
    widths: Sequence[int] = (2, 4, 8, 16, 32),
    depths: Sequence[int] = (1, 2, 3),
    *,
    epochs: int = 200,
    batch_size: int = 50,
    lr: float = 0.05,
    momentum: float = 0.9,
    seed: int = 0,
    resolution: int = 61,
) -> CapacityGrid:
    """Train :func:`capacity_model` for every dataset, width and depth, once.

    Every run uses the same recipe (binary cross-entropy, ``SGD(lr, momentum)``, ``epochs``,
    ``batch_size``) and the same seeds: ``default_rng(seed)`` draws the initial weights and
    ``default_rng(seed + 1)`` shuffles, so runs differ only in the network's shape.

    Parameters
    ----------
    datasets : name -> (X_train, y_train, X_val, y_val)
        2-D points ``(n, 2)`` and labels 0/1 ``(n,)``.
    widths, depths : the grid: units per hidden layer, number of hidden layers.
    resolution : grid points per axis of the decision maps.

    Returns
    -------
    CapacityGrid
    """
    runs: dict[tuple[str, int, int], CapacityRun] = {}
    data: dict[str, _Split] = {}
    planes: dict[str, PlaneGrid] = {}
    for name, (X, y, Xv, yv) in datasets.items():
        X, Xv = np.asarray(X, dtype=np.float64), np.asarray(Xv, dtype=np.float64)
        y, yv = np.asarray(y).astype(np.int64), np.asarray(yv).astype(np.int64)
        data[name] = (X, y, Xv, yv)
        both = np.vstack([X, Xv])
        pad = 0.08 * (both.max(axis=0) - both.min(axis=0))
        lo, hi = both.min(axis=0) - pad, both.max(axis=0) + pad
        planes[name] = plane_grid((lo[0], hi[0]), (lo[1], hi[1]), resolution)
        for depth in depths:
            for width in widths:
                model = capacity_model(int(width), int(depth), rng=np.random.default_rng(seed))
                model.compile(loss="binary_crossentropy", optimizer=SGD(lr=lr, momentum=momentum))
                h = model.fit(
                    X,
                    y,
                    epochs=epochs,
                    batch_size=batch_size,
                    rng=np.random.default_rng(seed + 1),
                    validation_data=(Xv, yv),
                    evaluate_train=True,
                )
                surface = planes[name].as_image(model.predict(planes[name].points))
                model.forward(np.vstack([X, Xv]))
                dead = tuple(int(np.sum(np.all(A <= 0, axis=0))) for A in model.activations[1:-1])
                curves = {k: np.array(h.history[k]) for k in ("loss", "val_loss", "accuracy", "val_accuracy")}
                runs[(name, int(width), int(depth))] = CapacityRun(
                    name,
                    int(width),
                    int(depth),
                    tuple(model.layer_sizes),
                    model.count_params(),
                    surface=surface,
                    dead_units=dead,
                    **curves,
                )
    settings = {"epochs": epochs, "batch_size": batch_size, "lr": lr, "momentum": momentum, "seed": seed}
    return CapacityGrid(
        runs, data, planes, tuple(int(w) for w in widths), tuple(int(d) for d in depths), int(epochs), settings
    )


# ---------------------------------------------------------------------------------------------
# binary classification: the threshold
# ---------------------------------------------------------------------------------------------


def confusion_counts(y_true: np.ndarray, p: np.ndarray, threshold: float = 0.5) -> tuple[int, int, int, int]:
    """``(TP, FP, FN, TN)`` when class 1 is predicted where ``p >= threshold``.

    Parameters
    ----------
    y_true : array (n,), labels 0 or 1
    p : array (n,) or (n, 1), predicted probabilities of class 1
    """
    y = np.asarray(y_true).reshape(-1).astype(bool)
    pred = np.asarray(p).reshape(-1) >= threshold
    if len(y) != len(pred):
        raise ValueError(f"{len(y)} labels but {len(pred)} probabilities")
    C = confusion_matrix(y, pred, n_classes=2)  # rows: true class, columns: predicted
    return int(C[1, 1]), int(C[0, 1]), int(C[1, 0]), int(C[0, 0])
