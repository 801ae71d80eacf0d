"""The numbers behind lesson 18's Playground: data, features, the network and its training.

What this module is for
-----------------------
Everything the Playground widget shows, computed with numpy and the nnlib core only:

- :func:`make_dataset`: five 2-D problems from :mod:`nnlib.toy` (circles, XOR as four clusters,
  two Gaussian blobs, moons, spirals), scaled to the square ``PLANE`` x ``PLANE``, with a noise
  level from 0 to 1 and labels 0/1;
- :func:`split`: a seeded train/test split;
- :func:`feature_matrix`: the feature column (``x1``, ``x2``, ``x1²``, ``x2²``, ``x1·x2``,
  ``sin(x1)``, ``sin(x2)``) the network sees instead of the raw point;
- :func:`build_model`: hidden layers of the chosen sizes and activation, one sigmoid output,
  binary cross-entropy, SGD;
- :class:`PlaygroundRun`: one seeded run (data, model, training chunks, history) and
  :meth:`PlaygroundRun.neuron_maps`, every neuron's output over a grid of the plane.

What it is not: a drawing. ``nnlib.widgets.playground`` draws these numbers.

Seeds: a run is a function of its ``seed`` and its settings. The data come from
``default_rng([seed, 0, regeneration])``, the initial weights from ``default_rng([seed, 1])`` and
the shuffling from ``default_rng([seed, 2])``, so resetting a run gives back the same start and
the same training, epoch by epoch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from nnlib import _checks, toy
from nnlib.analysis.grid import PlaneGrid, plane_grid
from nnlib.layers import Dense
from nnlib.network import Sequential, TrainingDiverged
from nnlib.training import SGD

__all__ = [
    "ACTIVATIONS",
    "DATASETS",
    "FEATURES",
    "MAX_LAYERS",
    "MAX_NEURONS",
    "PLANE",
    "REGULARIZATIONS",
    "PlaygroundRun",
    "Settings",
    "build_model",
    "feature_matrix",
    "make_dataset",
    "split",
]

#: the data sets, in the order of the menu
DATASETS: tuple[str, ...] = ("circles", "xor", "blobs", "moons", "spirals")
#: the feature column: name -> what it computes from the point (x1, x2)
FEATURES: dict[str, str] = {
    "x1": "x1",
    "x2": "x2",
    "x1²": "x1 squared",
    "x2²": "x2 squared",
    "x1·x2": "x1 times x2",
    "sin(x1)": "sine of x1",
    "sin(x2)": "sine of x2",
}
#: hidden activations offered (the output is always a sigmoid)
ACTIVATIONS: tuple[str, ...] = ("tanh", "relu", "sigmoid", "linear")
#: weight penalties offered
REGULARIZATIONS: tuple[str, ...] = ("none", "L2", "L1")
#: at most this many hidden layers, and this many neurons in one
MAX_LAYERS, MAX_NEURONS = 6, 8
#: the input plane is [-PLANE, PLANE] x [-PLANE, PLANE]
PLANE = 3.0
#: turns of each spiral arm from the centre to the rim
SPIRAL_TURNS = 1.75
#: points in a data set (train and test together)
N_POINTS = 500


# ---------------------------------------------------------------------------------------------
# data
# ---------------------------------------------------------------------------------------------


def make_dataset(
    name: str, *, noise: float = 0.0, n_samples: int = N_POINTS, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """One of the Playground's data sets, inside the square ``[-2.6, 2.6]`` (noise aside).

    Parameters
    ----------
    name : one of :data:`DATASETS`.
    noise : float from 0 to 1
        0: the clean shape; 1: the classes overlap a good deal (each shape's own noise
        parameter, scaled so that 1 means about the same mess for every data set).
    n_samples : int, at least 4
    rng : numpy.random.Generator

    Returns
    -------
    X : ndarray (n_samples, 2), float64
    y : ndarray (n_samples,), int64 labels 0 or 1
    """
    key = _checks.text(name, "name", "'circles'")
    if key not in DATASETS:
        raise ValueError(f"unknown data set {name!r}; the data sets are {', '.join(DATASETS)}")
    noise = _checks.number(noise, "noise", 0.0, 1.0, why="0 is clean, 1 is very noisy")
    n = _checks.whole(n_samples, "n_samples", 4, why="one point per XOR cluster")
    _checks.rng(rng)
    if key == "circles":
        X, y = toy.make_circles(n, noise=0.2 * noise, factor=0.45, rng=rng)
        return 2.5 * X, 1 - y  # the inner circle is class 0, as in the Playground
    if key == "xor":
        corners = np.array([[1.0, 1.0], [-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0]])
        X, blob = toy.make_blobs(n, centers=1.3 * corners, std=0.35 + 0.6 * noise, rng=rng)
        return X, (blob >= 2).astype(np.int64)  # class 1 where x1 and x2 have opposite signs
    if key == "blobs":
        X, y = toy.make_blobs(n, centers=[[-1.3, -1.3], [1.3, 1.3]], std=0.5 + 0.7 * noise, rng=rng)
        return X, y
    if key == "moons":
        X, y = toy.make_moons(n, noise=0.05 + 0.3 * noise, rng=rng)
        return 1.7 * (X - [0.5, 0.25]), y
    X, y = toy.make_spirals(n, noise=0.05 + 0.3 * noise, rng=rng)
    # toy's arms make one turn; turned further by an angle growing with the radius, they make
    # SPIRAL_TURNS, as in the Playground (a harder problem)
    r = np.hypot(X[:, 0], X[:, 1])
    angle = -2 * np.pi * (SPIRAL_TURNS - 1) * r  # toy winds clockwise (x = r sin, y = r cos)
    cos, sin = np.cos(angle), np.sin(angle)
    X = np.column_stack([cos * X[:, 0] - sin * X[:, 1], sin * X[:, 0] + cos * X[:, 1]])
    return 2.6 * X, y


def split(
    X: np.ndarray, y: np.ndarray, test_share: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(X_train, y_train, X_test, y_test)``: a random ``test_share`` of the points held out.

    At least one point lands on each side.
    """
    share = _checks.number(test_share, "test_share", 0.0, 1.0, low_open=True, high_open=True)
    n = len(X)
    n_test = min(max(int(round(share * n)), 1), n - 1)
    order = rng.permutation(n)
    test, train = order[:n_test], order[n_test:]
    return X[train], y[train], X[test], y[test]


def feature_matrix(X: np.ndarray, features: Sequence[str]) -> np.ndarray:
    """The columns the network sees, one per chosen feature, for points ``X (n, 2)``.

    ``features`` names some of :data:`FEATURES` (in any order; the columns follow the order
    of :data:`FEATURES`). Returns ``(n, len(features))``.
    """
    chosen = _chosen_features(features)
    x1, x2 = X[:, 0], X[:, 1]
    columns = {
        "x1": lambda: x1,
        "x2": lambda: x2,
        "x1²": lambda: x1 * x1,
        "x2²": lambda: x2 * x2,
        "x1·x2": lambda: x1 * x2,
        "sin(x1)": lambda: np.sin(x1),
        "sin(x2)": lambda: np.sin(x2),
    }
    return np.column_stack([columns[name]() for name in chosen])


def _chosen_features(features: Sequence[str]) -> list[str]:
    if isinstance(features, str):
        features = [features]
    unknown = [f for f in features if f not in FEATURES]
    if unknown:
        raise ValueError(f"unknown features {unknown}; the features are {', '.join(FEATURES)}")
    if not features:
        raise ValueError("choose at least one feature (e.g. x1): the network needs an input")
    return [name for name in FEATURES if name in features]


# ---------------------------------------------------------------------------------------------
# the network
# ---------------------------------------------------------------------------------------------


def build_model(
    n_features: int,
    hidden: Sequence[int],
    activation: str,
    *,
    l2: float = 0.0,
    l1: float = 0.0,
    lr: float = 0.03,
    rng: np.random.Generator,
) -> Sequential:
    """Hidden ``Dense`` layers of ``hidden`` units with ``activation``, then ``Dense(1, "sigmoid")``;
    compiled with binary cross-entropy and ``SGD(lr)``. ``l2`` and ``l1`` are each layer's penalty
    strengths (``Dense(l2=..., l1=...)``)."""
    n_features = _checks.whole(n_features, "n_features", 1)
    if len(hidden) > MAX_LAYERS:
        raise ValueError(f"at most {MAX_LAYERS} hidden layers, got {len(hidden)}")
    for units in hidden:
        _checks.whole(units, "neurons in a hidden layer", 1)
        if units > MAX_NEURONS:
            raise ValueError(f"at most {MAX_NEURONS} neurons in a hidden layer, got {units}")
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}; choose one of {', '.join(ACTIVATIONS)}")
    sizes = [*hidden, 1]
    layers = [
        Dense(
            units,
            "sigmoid" if i == len(hidden) else activation,
            input_shape=[n_features] if i == 0 else None,
            l2=l2,
            l1=l1,
        )
        for i, units in enumerate(sizes)
    ]
    model = Sequential(layers, rng=rng)
    model.compile(loss="binary_crossentropy", optimizer=SGD(lr=lr))
    return model


@dataclass(frozen=True)
class Settings:
    """Everything that decides a run: the data, the features, the network and its training."""

    dataset: str = "circles"
    noise: float = 0.0
    test_share: float = 0.5
    features: tuple[str, ...] = ("x1", "x2")
    hidden: tuple[int, ...] = (4, 2)
    activation: str = "tanh"
    lr: float = 0.03
    batch_size: int = 10
    regularization: str = "none"
    reg_rate: float = 0.0

    def checked(self) -> Settings:
        """These settings, with every value checked (a clear error names a bad one)."""
        if self.dataset not in DATASETS:
            raise ValueError(f"unknown data set {self.dataset!r}; the data sets are {', '.join(DATASETS)}")
        features = tuple(_chosen_features(self.features))
        if self.regularization not in REGULARIZATIONS:
            raise ValueError(
                f"unknown regularization {self.regularization!r}; choose one of {', '.join(REGULARIZATIONS)}"
            )
        _checks.number(self.lr, "lr", 0.0, 10.0, low_open=True)
        _checks.number(self.reg_rate, "reg_rate", 0.0, 10.0)
        _checks.whole(self.batch_size, "batch_size", 1)
        return replace(self, features=features, hidden=tuple(int(h) for h in self.hidden))


@dataclass
class History:
    """One entry per epoch trained (epoch 0 is the untrained start)."""

    epoch: list[int] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    test_loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    test_accuracy: list[float] = field(default_factory=list)


class PlaygroundRun:
    """One seeded run: the data, the model and its training, epoch by epoch.

    Parameters
    ----------
    settings : Settings
    seed : int
        With the settings, decides everything (see the module docstring).
    regeneration : int
        Which draw of the data (the "regenerate" button counts up).

    Attributes
    ----------
    X, y : all the points and labels; X_train, y_train, X_test, y_test : the split.
    model : nnlib.Sequential, trained in place.
    history : History, the loss and accuracy on both sets at every epoch so far.
    epoch : int, epochs trained.
    """

    def __init__(self, settings: Settings, seed: int, regeneration: int = 0) -> None:
        self.settings = settings.checked()
        self.seed = _checks.whole(seed, "seed", 0)
        self.regeneration = _checks.whole(regeneration, "regeneration", 0)
        s = self.settings
        data_rng = np.random.default_rng([self.seed, 0, self.regeneration])
        self.X, self.y = make_dataset(s.dataset, noise=s.noise, rng=data_rng)
        self.X_train, self.y_train, self.X_test, self.y_test = split(self.X, self.y, s.test_share, data_rng)
        self.F_train = feature_matrix(self.X_train, s.features)
        self.F_test = feature_matrix(self.X_test, s.features)
        self.reset()

    def reset(self) -> None:
        """Back to the untrained, seeded start (same weights, same shuffling to come)."""
        s = self.settings
        self.model = build_model(
            len(s.features),
            s.hidden,
            s.activation,
            **self._penalties(),
            lr=s.lr,
            rng=np.random.default_rng([self.seed, 1]),
        )
        self.shuffle_rng = np.random.default_rng([self.seed, 2])
        self.epoch = 0
        self.history = History()
        self.diverged = ""
        self._record()

    # -- settings that apply at the next step, without starting over ----------------------------

    def set_lr(self, lr: float) -> None:
        """A new learning rate, used from the next step on."""
        lr = _checks.number(lr, "lr", 0.0, 10.0, low_open=True)
        self.settings = replace(self.settings, lr=lr)
        self.model.optimizer.lr = lr  # type: ignore[union-attr]  # compiled by build_model

    def set_batch_size(self, batch_size: int) -> None:
        """A new batch size, used from the next epoch on."""
        self.settings = replace(self.settings, batch_size=_checks.whole(batch_size, "batch_size", 1))

    def set_regularization(self, regularization: str, rate: float) -> None:
        """A new penalty (none, L2 or L1) and rate, used from the next step on."""
        self.settings = replace(self.settings, regularization=regularization, reg_rate=rate).checked()
        penalties = self._penalties()
        for layer in self.model.layers:  # Dense reads them at every step
            layer.l2, layer.l1 = penalties["l2"], penalties["l1"]
        self._record_last()

    def _penalties(self) -> dict[str, float]:
        """The ``l2`` and ``l1`` strengths of every layer under the chosen regularisation."""
        s = self.settings
        return {
            "l2": s.reg_rate if s.regularization == "L2" else 0.0,
            "l1": s.reg_rate if s.regularization == "L1" else 0.0,
        }

    # -- training ----------------------------------------------------------------------------------

    def train(self, epochs: int = 1) -> int:
        """Train ``epochs`` more epochs of mini-batch SGD; returns the epochs actually trained.

        The penalty (L2 or L1) is the layers' own (``Dense(l2=..., l1=...)``). A run that
        diverges keeps its last finite weights, sets ``diverged`` and stops.
        """
        epochs = _checks.whole(epochs, "epochs", 0)
        if self.diverged:
            return 0
        s = self.settings
        done = 0
        for _ in range(epochs):
            try:
                self.model.fit(self.F_train, self.y_train, epochs=1, batch_size=s.batch_size, rng=self.shuffle_rng)
            except TrainingDiverged:
                self._diverge()
                break
            self.epoch += 1
            done += 1
            self._record()
            if not np.isfinite(self.history.loss[-1]):
                self._diverge()
                break
        return done

    def _diverge(self) -> None:
        self.diverged = (
            f"training diverged in epoch {self.epoch + 1}: the loss became NaN or infinite "
            f"(learning rate {self.settings.lr:g} too large for these features?)"
        )

    def penalty(self) -> float:
        """The regularisation term now in the loss (0 with none)."""
        return self.model.penalty()

    def _scores(self) -> tuple[float, float, float, float]:
        with np.errstate(over="ignore", invalid="ignore"):
            loss, acc = self.model.evaluate(self.F_train, self.y_train)
            test_loss, test_acc = self.model.evaluate(self.F_test, self.y_test)
        return loss, test_loss, acc, test_acc

    def _record(self) -> None:
        h = self.history
        loss, test_loss, acc, test_acc = self._scores()
        h.epoch.append(self.epoch)
        h.loss.append(loss)
        h.test_loss.append(test_loss)
        h.accuracy.append(acc)
        h.test_accuracy.append(test_acc)

    def _record_last(self) -> None:
        """Rescore the last entry (the penalty changed, the weights did not)."""
        h = self.history
        h.loss[-1], h.test_loss[-1], h.accuracy[-1], h.test_accuracy[-1] = self._scores()

    # -- what the pictures show --------------------------------------------------------------------

    def neuron_maps(self, grid: PlaneGrid) -> list[np.ndarray]:
        """Every neuron's output at every grid point, layer by layer.

        Returns ``[F, A1, ..., A_out]``: the features ``(n_points, n_features)``, each hidden
        layer's activations ``(n_points, units)`` and the output probability ``(n_points, 1)``.
        """
        A = feature_matrix(grid.points, self.settings.features)
        maps = [A]
        with np.errstate(over="ignore", invalid="ignore"):
            for layer in self.model.layers:
                A = layer.predict(A)
                maps.append(A)
        return maps

    def predict_points(self, X: np.ndarray) -> np.ndarray:
        """The probability of class 1 at points ``X (n, 2)`` of the plane, shape ``(n,)``."""
        return self.model.predict(feature_matrix(np.asarray(X, dtype=np.float64), self.settings.features))[:, 0]


def default_grid(resolution: int = 40) -> PlaneGrid:
    """The grid of the plane that the maps are computed on."""
    return plane_grid((-PLANE, PLANE), (-PLANE, PLANE), resolution)
