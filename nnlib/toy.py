"""Small toy datasets for the early lessons: logic gates and 2-D point clouds.

What this module is for: problems small enough to see whole (4 rows of a truth table,
a few hundred points in the plane) so a lesson can plot every example and watch a
decision boundary move. What it is not: a benchmark suite; the generators follow
scikit-learn's well-known shapes but are not bit-for-bit copies of them.

Every generator draws from the ``rng`` you pass (``rng = np.random.default_rng(0)``),
so the same seed gives the same data. All return ``X`` of shape (n_samples, 2), float64,
and ``y`` of shape (n_samples,), int64 class labels 0..k-1, shuffled so that classes
are mixed (mini-batches then hold every class).
"""

from __future__ import annotations

import numbers

import numpy as np
from numpy.typing import ArrayLike

from . import _checks

__all__ = ["GATES", "logic_gate", "make_blobs", "make_circles", "make_moons", "make_spirals"]

# Truth tables, output for the inputs (0, 0), (0, 1), (1, 0), (1, 1) in that order.
GATES: dict[str, tuple[int, int, int, int]] = {
    "and": (0, 0, 0, 1),
    "or": (0, 1, 1, 1),
    "xor": (0, 1, 1, 0),
    "nand": (1, 1, 1, 0),
    "nor": (1, 0, 0, 0),
}

# How many full turns each spiral arm makes from the centre to radius 1.
_SPIRAL_TURNS = 1.0


def logic_gate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The truth table of a two-input logic gate.

    Parameters
    ----------
    name : str
        One of "and", "or", "xor", "nand", "nor" (any letter case).

    Returns
    -------
    X : ndarray of shape (4, 2), float64
        The inputs (0, 0), (0, 1), (1, 0), (1, 1), one per row.
    y : ndarray of shape (4,), int64
        The gate's output (0 or 1) for each row. For a loss that wants a column of
        floats, use ``y.reshape(-1, 1).astype(float)``.
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string such as 'xor', got {type(name).__name__}")
    key = name.strip().lower()
    if key not in GATES:
        raise ValueError(f"unknown logic gate {name!r}; known gates: {', '.join(GATES)}")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    y = np.array(GATES[key], dtype=np.int64)
    return X, y


def make_moons(n_samples: int, *, noise: float = 0.1, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles ("two moons").

    Class 0: (cos t, sin t); class 1: (1 - cos t, 0.5 - sin t), for t evenly spaced
    in [0, pi]; then Gaussian noise with standard deviation ``noise`` on every coordinate.

    Parameters
    ----------
    n_samples : int
        Number of points, at least 2; class 0 gets ``n_samples // 2``, class 1 the rest.
    noise : float, default 0.1
        Standard deviation of the Gaussian noise (>= 0).
    rng : numpy.random.Generator
        Source of the noise and of the shuffling.

    Returns
    -------
    X : ndarray of shape (n_samples, 2), float64
    y : ndarray of shape (n_samples,), int64 labels 0 or 1
    """
    _checks.rng(rng)
    _checks.whole(n_samples, "n_samples", 2, why="one point per moon")
    _check_nonnegative("noise", noise)
    n_outer = n_samples // 2
    n_inner = n_samples - n_outer
    t_outer = np.linspace(0.0, np.pi, n_outer)
    t_inner = np.linspace(0.0, np.pi, n_inner)
    X = np.concatenate(
        [
            np.column_stack([np.cos(t_outer), np.sin(t_outer)]),
            np.column_stack([1.0 - np.cos(t_inner), 0.5 - np.sin(t_inner)]),
        ]
    )
    y = np.repeat(np.arange(2, dtype=np.int64), [n_outer, n_inner])
    return _noisy_shuffled(X, y, noise, rng)


def make_circles(
    n_samples: int, *, noise: float = 0.05, factor: float = 0.5, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """A small circle inside a large one.

    Class 0: the unit circle; class 1: a circle of radius ``factor``; points evenly
    spaced in angle, then Gaussian noise with standard deviation ``noise``.

    Parameters
    ----------
    n_samples : int
        Number of points, at least 2; the outer circle gets ``n_samples // 2``.
    noise : float, default 0.05
        Standard deviation of the Gaussian noise (>= 0).
    factor : float, default 0.5
        Radius of the inner circle relative to the outer one, strictly between 0 and 1.
    rng : numpy.random.Generator
        Source of the noise and of the shuffling.

    Returns
    -------
    X : ndarray of shape (n_samples, 2), float64
    y : ndarray of shape (n_samples,), int64 labels 0 (outer) or 1 (inner)
    """
    _checks.rng(rng)
    _checks.whole(n_samples, "n_samples", 2, why="one point per circle")
    _check_nonnegative("noise", noise)
    _checks.number(factor, "factor")
    if not 0.0 < factor < 1.0:
        raise ValueError(
            f"factor must be strictly between 0 and 1 (the inner circle's radius relative to the "
            f"outer one), got {factor}"
        )
    n_outer = n_samples // 2
    n_inner = n_samples - n_outer
    t_outer = np.linspace(0.0, 2 * np.pi, n_outer, endpoint=False)
    t_inner = np.linspace(0.0, 2 * np.pi, n_inner, endpoint=False)
    X = np.concatenate(
        [
            np.column_stack([np.cos(t_outer), np.sin(t_outer)]),
            factor * np.column_stack([np.cos(t_inner), np.sin(t_inner)]),
        ]
    )
    y = np.repeat(np.arange(2, dtype=np.int64), [n_outer, n_inner])
    return _noisy_shuffled(X, y, noise, rng)


def make_spirals(
    n_samples: int, *, n_classes: int = 2, noise: float = 0.2, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spiral arms, one per class.

    Point i of class k sits at radius r_i (evenly spaced in [0, 1]) and angle
    theta = 2 pi (k / n_classes + turns * r_i) + noise * N(0, 1), at (r sin theta, r cos theta);
    each arm makes one full turn. The noise jitters the angle (in radians), so it
    grows with the radius.

    Parameters
    ----------
    n_samples : int
        Total number of points, at least ``n_classes``, shared as evenly as possible.
    n_classes : int, default 2
        Number of arms (classes), at least 2.
    noise : float, default 0.2
        Standard deviation of the angular noise in radians (>= 0).
    rng : numpy.random.Generator
        Source of the noise and of the shuffling.

    Returns
    -------
    X : ndarray of shape (n_samples, 2), float64
    y : ndarray of shape (n_samples,), int64 labels 0..n_classes-1
    """
    _checks.rng(rng)
    _checks.whole(n_classes, "n_classes", 2)
    _checks.whole(n_samples, "n_samples", n_classes, why=f"one point per arm (n_classes={n_classes})")
    _check_nonnegative("noise", noise)
    counts = _split_evenly(n_samples, n_classes)
    y = np.repeat(np.arange(n_classes, dtype=np.int64), counts)
    r = np.concatenate([np.linspace(0.0, 1.0, c) for c in counts])
    theta = 2 * np.pi * (y / n_classes + _SPIRAL_TURNS * r) + noise * rng.standard_normal(n_samples)
    X = r[:, None] * np.column_stack([np.sin(theta), np.cos(theta)])
    order = rng.permutation(n_samples)
    return X[order], y[order]


def make_blobs(
    n_samples: int, *, centers: int | ArrayLike = 3, std: float = 1.0, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian blobs: ``X = centers[y] + std * N(0, I)``.

    Parameters
    ----------
    n_samples : int
        Total number of points, at least the number of blobs, shared as evenly as possible.
    centers : int or array-like of shape (k, 2), default 3
        Either the number of blobs, whose centres are then drawn uniformly from the
        square [-10, 10] x [-10, 10], or the centres themselves.
    std : float, default 1.0
        Standard deviation of each blob along each axis (>= 0).
    rng : numpy.random.Generator
        Source of the centres (when drawn), the points and the shuffling.

    Returns
    -------
    X : ndarray of shape (n_samples, 2), float64
    y : ndarray of shape (n_samples,), int64 labels 0..k-1 (the blob each point came from)
    """
    _checks.rng(rng)
    _check_nonnegative("std", std)
    if isinstance(centers, numbers.Integral) and not isinstance(centers, (bool, np.bool_)):
        _checks.whole(centers, "centers", 1)
        k = int(centers)
        _checks.whole(n_samples, "n_samples", k, why=f"one point per blob (centers={k})")
        means = rng.uniform(-10.0, 10.0, size=(k, 2))
    else:
        if isinstance(centers, (bool, np.bool_, str)) or np.isscalar(centers):
            raise TypeError(f"centers must be an int or an array of shape (k, 2), got {centers!r}")
        means = np.asarray(centers, dtype=np.float64)
        if means.ndim != 2 or means.shape[1] != 2 or len(means) == 0:
            raise ValueError(f"centers must have shape (k, 2) with k >= 1, got shape {means.shape}")
        if not np.all(np.isfinite(means)):
            raise ValueError("centers contains NaN or infinity")
        k = len(means)
        _checks.whole(n_samples, "n_samples", k, why=f"one point per blob ({k} centers)")
    y = np.repeat(np.arange(k, dtype=np.int64), _split_evenly(n_samples, k))
    X = means[y] + std * rng.standard_normal((n_samples, 2))
    order = rng.permutation(n_samples)
    return X[order], y[order]


# ----------------------------------------------------------------------------- helpers


def _noisy_shuffled(X: np.ndarray, y: np.ndarray, noise: float, rng: np.random.Generator):
    X = X + noise * rng.standard_normal(X.shape)
    order = rng.permutation(len(X))
    return X[order], y[order]


def _split_evenly(n: int, k: int) -> list[int]:
    """Share n items among k groups; the first n % k groups get one more."""
    return [n // k + (i < n % k) for i in range(k)]


# The point clouds span about 2 units; noise beyond this only buries them (and a huge value
# would overflow to infinity).
_MAX_NOISE = 100.0


def _check_nonnegative(name: str, value: object) -> None:
    _checks.number(value, name, 0.0, _MAX_NOISE, why="a standard deviation; the data spans about 2 units")
