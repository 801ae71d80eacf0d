"""The numbers behind lesson 17, training deeper networks. numpy and the nnlib core only.

What it computes
----------------
- :func:`deep_stack`: one batch sent forward and backward through a stack of equal dense layers
  whose weights are drawn with a chosen scale (a multiple of ``1/sqrt(fan_in)``): each layer's
  activations and the size of each layer's weight gradient (what the deep-stack widget draws).
- :func:`init_scale`: the multiple of ``1/sqrt(fan_in)`` the LeCun, Glorot and He initialisers
  give (``nnlib.layers.initial_weights`` draws them).
- :func:`unit_spread`: how different the units of a layer are (0: all identical, the symmetry a
  constant start never breaks).
- :class:`GradientSizes`: a callback that measures each layer's gradient size on a fixed batch
  after every epoch (vanishing gradients, measured during training).
- :class:`WeightSizes` and :func:`weight_decay_runs`: one run per weight-decay strength, with its
  learning curves and the size of its weights by epoch.
- :func:`adam_path`: Adam on the two-weight narrow valley of lesson 09 (``LineProblem``), and
  :func:`settle_step`, the step from which a path stays within 1% of the lowest loss.
- :func:`shift_images`, :func:`random_shifts` and :func:`fit_augmented`: data augmentation by
  small shifts, and training on a fresh shifted copy of the images every epoch.
- :func:`epochs_to`: the first epoch a curve reaches a level (epochs to 95%).

What it is not: no drawing (``nnlib.widgets.deeper`` draws), no full MNIST runs (those are
stored by ``scripts/deeper_runs.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nnlib import _checks
from nnlib.activations import get_activation
from nnlib.analysis.descent import DIVERGED, LineProblem
from nnlib.network import Sequential, single_threaded
from nnlib.training import Callback

__all__ = [
    "STACK_ACTIVATIONS",
    "GradientSizes",
    "StackStats",
    "WeightSizes",
    "adam_path",
    "deep_stack",
    "epochs_to",
    "fit_augmented",
    "init_scale",
    "random_shifts",
    "settle_step",
    "shift_images",
    "unit_spread",
    "weight_decay_runs",
]

#: the activations the deep-stack widget offers
STACK_ACTIVATIONS: tuple[str, ...] = ("tanh", "sigmoid", "relu", "linear")


# ---------------------------------------------------------------------------------------------
# initialisation: a batch through a deep stack
# ---------------------------------------------------------------------------------------------


def _matrix(value: object, name: str) -> np.ndarray:
    arr = _checks.real_array(value, name)
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 2-d array (n_samples, n_features), got shape {arr.shape}")
    return arr.astype(np.float64, copy=False)


def init_scale(name: str, fan_in: int, fan_out: int) -> float:
    """The standard deviation of an initialiser as a multiple of ``1 / sqrt(fan_in)``.

    LeCun: ``std = sqrt(1 / fan_in)``, multiple 1. He: ``std = sqrt(2 / fan_in)``, multiple
    ``sqrt(2)``. Glorot: ``std = sqrt(2 / (fan_in + fan_out))``, multiple
    ``sqrt(2 fan_in / (fan_in + fan_out))`` (1 when the layer keeps its width).
    """
    fan_in = _checks.whole(fan_in, "fan_in", 1)
    fan_out = _checks.whole(fan_out, "fan_out", 1)
    scales = {"lecun": 1.0, "he": 2.0**0.5, "glorot": (2.0 * fan_in / (fan_in + fan_out)) ** 0.5}
    if name not in scales:
        raise ValueError(f"unknown initialiser {name!r}; choose one of {', '.join(map(repr, scales))}")
    return scales[name]


@dataclass
class StackStats:
    """One batch through a deep stack: what :func:`deep_stack` returns.

    Attributes
    ----------
    activations : list of ndarray, each (n_samples, width)
        ``A_1 ... A_depth``, the output of every layer.
    grad_rms : ndarray (depth,)
        The root mean square of each layer's weight gradient ``dW_l``, first layer first.
    signal_rms : ndarray (depth,)
        The root mean square of ``dZ_l``, the gradient signal each layer receives from above
        (per sample: ``dZ_l * n``).
    act_std : ndarray (depth,)
        The standard deviation of each layer's activations.
    """

    activations: list[np.ndarray]
    grad_rms: np.ndarray
    signal_rms: np.ndarray
    act_std: np.ndarray


def deep_stack(
    X: np.ndarray, depth: int, activation: str, scale: float, rng: np.random.Generator, width: int | None = None
) -> StackStats:
    """Send the batch ``X`` forward through ``depth`` dense layers and a gradient back.

    Every layer has ``width`` units (``X.shape[1]`` when not given), biases 0 and weights drawn
    from ``N(0, (scale / sqrt(fan_in))**2)``: ``scale = 1`` is LeCun (and Glorot for layers of
    equal width), ``sqrt(2)`` He.

    feedforward: ``Z_l = A_{l-1} @ W_l``, ``A_l = f(Z_l)``, ``A_0 = X``.
    backward: the gradient arriving at the top is ``dA_depth = G / n`` with ``G`` standard
    normal noise (any loss sends some gradient; its size is what is followed down), then
    ``dZ_l = dA_l * f'(Z_l)``, ``dW_l = A_{l-1}.T @ dZ_l``, ``dA_{l-1} = dZ_l @ W_l.T``.

    Parameters
    ----------
    X : ndarray (n_samples, n_in)
    depth : int >= 1
    activation : one of :data:`STACK_ACTIVATIONS`
    scale : float >= 0
        The weights' standard deviation as a multiple of ``1 / sqrt(fan_in)``.
    rng : numpy.random.Generator
        Draws the weights (layer by layer), then ``G``.
    width : int, optional
    """
    X = _matrix(X, "X")
    depth = _checks.whole(depth, "depth", 1)
    scale = _checks.number(scale, "scale", 0.0, why="the weights' scale, a multiple of 1/sqrt(fan_in)")
    _checks.rng(rng)
    if activation not in STACK_ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}; choose one of {', '.join(map(repr, STACK_ACTIVATIONS))}")
    width = X.shape[1] if width is None else _checks.whole(width, "width", 1)
    f = get_activation(activation)
    n = len(X)
    weights, zs, acts = [], [], [X]
    # feedforward
    # small matrices: one BLAS thread is faster than several fighting over two cores
    with single_threaded(), np.errstate(over="ignore", invalid="ignore"):
        for _ in range(depth):
            fan_in = acts[-1].shape[1]
            W = rng.standard_normal((fan_in, width)) * (scale / np.sqrt(fan_in))
            Z = acts[-1] @ W
            weights.append(W)
            zs.append(Z)
            acts.append(f.forward(Z))
        # backward pass
        dA = rng.standard_normal(acts[-1].shape) / n
        grad_rms, signal_rms = np.empty(depth), np.empty(depth)
        for layer in range(depth - 1, -1, -1):
            dZ = f.backward(dA, zs[layer], acts[layer + 1])
            dW = acts[layer].T @ dZ
            grad_rms[layer] = np.sqrt(np.mean(dW**2))
            signal_rms[layer] = np.sqrt(np.mean(dZ**2)) * n
            dA = dZ @ weights[layer].T
        act_std = np.array([a.std() for a in acts[1:]])
    return StackStats(activations=acts[1:], grad_rms=grad_rms, signal_rms=signal_rms, act_std=act_std)


def unit_spread(W: np.ndarray) -> float:
    """How different the units (columns) of a weight matrix ``W (n_in, n_units)`` are: the
    largest, over the inputs, of the range across units, ``max_i (max_j W_ij - min_j W_ij)``.
    0 means every unit has exactly the same weights."""
    W = _matrix(W, "W")
    return float(np.max(np.ptp(W, axis=1)))


# ---------------------------------------------------------------------------------------------
# measured during training: gradient sizes, weight sizes
# ---------------------------------------------------------------------------------------------


def _trained(callback: Callback) -> Sequential:
    """The model a callback is attached to (set by ``fit`` when training begins)."""
    if callback.model is None:
        raise RuntimeError(f"{type(callback).__name__} is used by fit(callbacks=[...]); it has no model yet")
    return callback.model


def _dense_rms(model: Sequential, X: np.ndarray, y: np.ndarray) -> list[float]:
    """Root mean square of every Dense layer's ``dW`` on the batch ``(X, y)``."""
    _, grads = model.loss_and_gradients(X, y)
    return [float(np.sqrt(np.mean(g[0] ** 2))) for g in grads if len(g) == 2]


class GradientSizes(Callback):
    """Measures each Dense layer's gradient size on a fixed batch before training and after
    every epoch: ``sizes[e][l]`` is the root mean square of ``dW`` of layer ``l`` (first hidden
    layer first) after ``e`` epochs (``e = 0``: the starting weights).

    The measurement runs a forward and a backward pass outside the training steps; the
    optimiser never sees those gradients.
    """

    def __init__(self, X: np.ndarray, y: np.ndarray) -> None:
        self.X, self.y = X, y
        self.sizes: list[list[float]] = []

    def on_train_begin(self, logs: dict[str, Any]) -> None:
        if not self.sizes:
            self.sizes.append(_dense_rms(_trained(self), self.X, self.y))

    def on_epoch_end(self, epoch: int, logs: dict[str, Any]) -> None:
        self.sizes.append(_dense_rms(_trained(self), self.X, self.y))

    def as_array(self) -> np.ndarray:
        """``(n_epochs + 1, n_layers)``."""
        return np.array(self.sizes)


class WeightSizes(Callback):
    """Records ``sum(W**2)`` over every Dense layer: at the start and after every epoch."""

    def __init__(self) -> None:
        self.sizes: list[float] = []

    def _measure(self) -> float:
        return float(sum(np.vdot(layer.W, layer.W) for layer in _trained(self).dense_layers))

    def on_train_begin(self, logs: dict[str, Any]) -> None:
        if not self.sizes:
            self.sizes.append(self._measure())

    def on_epoch_end(self, epoch: int, logs: dict[str, Any]) -> None:
        self.sizes.append(self._measure())


@dataclass
class DecayRun:
    """One weight-decay run: its strength, curves by epoch and final weights."""

    l2: float
    history: dict[str, list[float]]
    weight_size: list[float]  # sum(W**2) at the start and after every epoch
    weights: np.ndarray  # every Dense weight after training, flattened


@dataclass
class DecayRuns:
    """What :func:`weight_decay_runs` returns: ``runs[i]`` trained with ``strengths[i]``."""

    strengths: list[float]
    runs: list[DecayRun] = field(default_factory=list)
    epochs: int = 0


def weight_decay_runs(
    make_model: Callable[[float], Sequential],
    train: tuple[np.ndarray, np.ndarray],
    validation: tuple[np.ndarray, np.ndarray],
    strengths: Sequence[float],
    *,
    epochs: int,
    batch_size: int,
    seed: int = 1,
) -> DecayRuns:
    """Train ``make_model(l2)`` once for each strength, shuffled alike (``default_rng(seed)``),
    with the training set scored after every epoch (``evaluate_train=True``).

    ``make_model(l2)`` must return a compiled model whose Dense layers carry ``l2``; the reported
    training loss then includes the penalty, so the curves compare the *data* loss:
    ``loss_data = loss - penalty`` is stored as ``"data_loss"`` beside ``"loss"``.
    """
    out = DecayRuns(strengths=[float(s) for s in strengths], epochs=_checks.whole(epochs, "epochs", 1))
    for l2 in out.strengths:
        model = make_model(l2)
        sizes = WeightSizes()
        penalties: list[float] = []
        record = _PenaltyLog(penalties)
        h = model.fit(
            *train,
            epochs=epochs,
            batch_size=batch_size,
            rng=np.random.default_rng(seed),
            validation_data=validation,
            callbacks=[sizes, record],
            evaluate_train=True,
        )
        history = {k: list(v) for k, v in h.history.items()}
        history["data_loss"] = [loss - p for loss, p in zip(history["loss"], penalties)]
        weights = np.concatenate([layer.W.ravel() for layer in model.dense_layers])
        out.runs.append(DecayRun(l2=l2, history=history, weight_size=sizes.sizes, weights=weights))
    return out


class _PenaltyLog(Callback):
    def __init__(self, out: list[float]) -> None:
        self.out = out

    def on_epoch_end(self, epoch: int, logs: dict[str, Any]) -> None:
        self.out.append(_trained(self).penalty())


# ---------------------------------------------------------------------------------------------
# Adam on the narrow valley of lesson 09
# ---------------------------------------------------------------------------------------------


def adam_path(
    problem: LineProblem,
    start: tuple[float, float],
    lr: float,
    n_steps: int,
    beta_1: float = 0.9,
    beta_2: float = 0.999,
    epsilon: float = 1e-7,
) -> np.ndarray:
    """Full-batch Adam on ``(w, b)`` of a :class:`LineProblem`, the update of ``nnlib.Adam``::

        m = beta_1 m + (1 - beta_1) g;   v = beta_2 v + (1 - beta_2) g**2
        m_hat = m / (1 - beta_1**t);     v_hat = v / (1 - beta_2**t)
        p = p - lr m_hat / (sqrt(v_hat) + epsilon)

    A point with ``|w| + |b| >= DIVERGED`` stops the walk.

    Returns
    -------
    ndarray (n_steps + 1, 2): the visited points, the start first.
    """
    lr = _checks.number(lr, "lr", 0.0, low_open=True)
    n_steps = _checks.whole(n_steps, "n_steps", 0)
    beta_1 = _checks.number(beta_1, "beta_1", 0.0, 1.0, high_open=True)
    beta_2 = _checks.number(beta_2, "beta_2", 0.0, 1.0, high_open=True)
    epsilon = _checks.number(epsilon, "epsilon", 0.0, low_open=True)
    p = np.array([float(start[0]), float(start[1])])
    m = np.zeros(2)
    v = np.zeros(2)
    path = [p.copy()]
    for t in range(1, n_steps + 1):
        if np.abs(p).sum() < DIVERGED:
            g = np.array(problem.gradient(p[0], p[1]))
            m = beta_1 * m + (1 - beta_1) * g
            v = beta_2 * v + (1 - beta_2) * g**2
            m_hat = m / (1 - beta_1**t)
            v_hat = v / (1 - beta_2**t)
            p = p - lr * m_hat / (np.sqrt(v_hat) + epsilon)
        path.append(p.copy())
    return np.array(path)


def settle_step(problem: LineProblem, path: np.ndarray, tolerance: float = 0.01) -> int | None:
    """The step from which a path's loss stays within ``tolerance`` (1%) of the lowest loss, or
    None if it is not there by the path's last point (or diverged)."""
    lowest = float(problem.loss(*problem.best()))
    ratio = problem.loss(path[:, 0], path[:, 1]) / lowest
    if not np.isfinite(ratio[-1]) or ratio[-1] > 1 + tolerance:
        return None
    outside = np.flatnonzero(~(ratio <= 1 + tolerance))
    return int(outside[-1]) + 1 if outside.size else 0


# ---------------------------------------------------------------------------------------------
# data augmentation: small shifts
# ---------------------------------------------------------------------------------------------


def shift_images(images: np.ndarray, dx: Any, dy: Any, side: int = 28) -> np.ndarray:
    """Shift square images by whole pixels, filling the uncovered edge with 0.

    ``images`` is ``(n, side*side)`` (flattened, as the lessons feed them) or ``(n, side, side)``;
    ``dx`` (right is positive) and ``dy`` (down is positive) are one int for all images or one per
    image, shape ``(n,)``. Pixels pushed past the edge are lost. Returns the same shape and dtype.
    """
    images = _checks.real_array(images, "images")
    flat = images.ndim == 2
    if flat and images.shape[1] != side * side:
        raise ValueError(f"images have {images.shape[1]} pixels each, not {side}×{side} = {side * side}")
    if not flat and images.shape[1:] != (side, side):
        raise ValueError(f"images must be (n, {side * side}) or (n, {side}, {side}), got {images.shape}")
    grid = images.reshape(-1, side, side)
    n = len(grid)
    dxs = np.broadcast_to(np.asarray(dx), (n,))
    dys = np.broadcast_to(np.asarray(dy), (n,))
    if dxs.dtype.kind not in "iu" or dys.dtype.kind not in "iu":
        raise ValueError(f"dx and dy must be whole numbers of pixels, got {dx!r} and {dy!r}")
    out = np.zeros_like(grid)
    for sx in np.unique(dxs):
        for sy in np.unique(dys):
            rows = np.flatnonzero((dxs == sx) & (dys == sy))
            if rows.size == 0 or abs(sx) >= side or abs(sy) >= side:
                continue
            # target rows/cols [y0:y1, x0:x1] receive source [y0-sy:y1-sy, x0-sx:x1-sx]
            y0, y1 = max(sy, 0), side + min(sy, 0)
            x0, x1 = max(sx, 0), side + min(sx, 0)
            out[rows, y0:y1, x0:x1] = grid[rows, y0 - sy : y1 - sy, x0 - sx : x1 - sx]
    return out.reshape(images.shape)


def random_shifts(images: np.ndarray, max_shift: int, rng: np.random.Generator, side: int = 28) -> np.ndarray:
    """Each image shifted by its own ``dx, dy`` drawn uniformly from ``-max_shift ... max_shift``."""
    max_shift = _checks.whole(max_shift, "max_shift", 0)
    _checks.rng(rng)
    n = len(images)
    dx = rng.integers(-max_shift, max_shift + 1, size=n)
    dy = rng.integers(-max_shift, max_shift + 1, size=n)
    return shift_images(images, dx, dy, side)


def fit_augmented(
    model: Sequential,
    train: tuple[np.ndarray, np.ndarray],
    validation: tuple[np.ndarray, np.ndarray],
    *,
    epochs: int,
    batch_size: int,
    max_shift: int,
    rng: np.random.Generator,
) -> dict[str, list[float]]:
    """Train for ``epochs`` epochs, each on a fresh randomly shifted copy of the training images
    (``max_shift = 0``: the images as they are), shuffling with ``rng``; the optimiser keeps its
    state between epochs. Returns the history, with ``loss`` and ``accuracy`` measured on the
    *unshifted* training images after each epoch, so the gap to validation compares like with like.
    """
    X, y = train
    epochs = _checks.whole(epochs, "epochs", 1)
    history: dict[str, list[float]] = {}
    for _ in range(epochs):
        X_epoch = random_shifts(X, max_shift, rng) if max_shift else X
        h = model.fit(X_epoch, y, epochs=1, batch_size=batch_size, rng=rng, validation_data=validation)
        logs = {k: v[-1] for k, v in h.history.items()}
        logs["loss"], logs["accuracy"] = model.evaluate(X, y)
        for k, v in logs.items():
            history.setdefault(k, []).append(float(v))
    return history


def epochs_to(curve: Sequence[float], level: float) -> int | None:
    """The first epoch (numbered from 1) at which ``curve`` reaches ``level`` or more, or None."""
    above = np.flatnonzero(np.asarray(curve, dtype=float) >= level)
    return int(above[0]) + 1 if above.size else None
