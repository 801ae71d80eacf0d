"""Exercises for lesson 07, MNIST and its weight grids.

- :data:`unit_grid`: a first-layer unit's 784 weights as its 28 x 28 grid.
- :data:`confusion`: the confusion matrix of a set of predictions (rows true, columns predicted).
- :data:`top_bar_detector`: weights and a bias that make one sigmoid unit fire for a
  horizontal bar at the top of the image and stay off for everything else it is shown.

Batch-first throughout: ``W (784, n_units)``, so unit ``j``'s weights are the column ``W[:, j]``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnlib.activations import sigmoid
from nnlib.exercises.core import (
    FunctionExercise,
    PredicateExercise,
    Wrong,
    expect_array,
    expect_number,
)

__all__ = ["DETECTOR_IMAGES", "confusion", "top_bar_detector", "unit_grid"]


# ---------------------------------------------------------------------------
# 1. a unit's weight grid


def weight_grid(W, j):
    """Unit ``j``'s weights ``W[:, j]`` (one per pixel, row by row) as a 28 x 28 image."""
    # column j holds the 784 weights into unit j; the pixels were flattened row by row
    return W[:, j].reshape(28, 28)


def _grid_of_row(W, j):
    return W[j]


def _grid_transposed(W, j):
    return W[:, j].reshape(28, 28).T


def _grid_fortran(W, j):
    return W[:, j].reshape(28, 28, order="F")


def _grid_of_first_784(W, j):
    return W.ravel()[:784].reshape(28, 28)


_W_TEST = np.arange(784 * 3, dtype=np.float64).reshape(784, 3) / 100.0
_W_RANDOM = np.random.default_rng(7).normal(0.0, 0.05, (784, 16))

unit_grid = FunctionExercise(
    "lesson07.unit_grid",
    "a unit's weight grid",
    "`W` is a first-layer weight matrix of shape `(784, n_units)`, batch-first as always "
    "(`Z = X @ W + b`). Write `weight_grid(W, j)` that returns unit `j`'s 784 weights as a "
    "28 x 28 array, each weight at the position of its pixel (the images were flattened row by "
    "row, as `load_mnist(flatten=True)` does).",
    solution=weight_grid,
    test_inputs=[(_W_TEST, 0), (_W_TEST, 2), (_W_RANDOM, 5), (_W_RANDOM, 15)],
    hints=(
        "Which weights belong to unit `j`? In `Z = X @ W + b`, unit `j`'s weighted input is "
        "column `j` of `Z`: the pixels times column `j` of `W`. Then reshape those 784 numbers.",
        "`W[:, j]` is the column, and `.reshape(28, 28)` fills the grid row by row, the order "
        "in which the pixels were flattened.",
    ),
    wrong_functions=[_grid_of_row, _grid_transposed, _grid_fortran, _grid_of_first_784],
    success="That is exactly what `nnlib.plots.weight_grids` draws for every unit.",
)


# ---------------------------------------------------------------------------
# 2. the confusion matrix


def confusion_counts(y_true, y_pred):
    """``C[i, j]`` = how many samples of digit ``i`` were predicted as digit ``j`` (10 x 10)."""
    C = np.zeros((10, 10), dtype=int)
    for t, p in zip(y_true, y_pred):
        C[t, p] += 1  # row: the true digit, column: what the network said
    return C


def _confusion_transposed(y_true, y_pred):
    return confusion_counts(y_pred, y_true)


def _confusion_mistakes_only(y_true, y_pred):
    C = confusion_counts(y_true, y_pred)
    np.fill_diagonal(C, 0)
    return C


def _confusion_rates(y_true, y_pred):
    C = confusion_counts(y_true, y_pred).astype(float)
    return C / np.maximum(C.sum(axis=1, keepdims=True), 1)


def _confusion_present_classes(y_true, y_pred):
    classes = np.unique(np.concatenate([y_true, y_pred]))
    C = np.zeros((len(classes), len(classes)), dtype=int)
    for t, p in zip(np.searchsorted(classes, y_true), np.searchsorted(classes, y_pred)):
        C[t, p] += 1
    return C


_rng = np.random.default_rng(3)
_Y_TRUE = _rng.integers(0, 10, 200)
_Y_PRED = np.where(_rng.random(200) < 0.8, _Y_TRUE, _rng.integers(0, 10, 200))

confusion = FunctionExercise(
    "lesson07.confusion",
    "a confusion matrix",
    "Write `confusion_counts(y_true, y_pred)` for two arrays of digits 0-9 of the same length: it "
    "returns a 10 x 10 array of counts `C` with `C[i, j]` = how many samples of true digit `i` "
    "were predicted as `j`. Rows are the true digits, columns the predictions, so the right "
    "answers sit on the diagonal. Always 10 x 10, even if some digit never appears.",
    solution=confusion_counts,
    test_inputs=[
        (np.array([0, 1, 2, 2]), np.array([0, 1, 2, 7])),
        (np.array([4, 4, 9, 9, 9]), np.array([9, 4, 4, 9, 9])),
        (_Y_TRUE, _Y_PRED),
    ],
    hints=(
        "Start from `C = np.zeros((10, 10), dtype=int)` and add 1 to one cell per sample: "
        "which row does the true digit choose, which column the prediction?",
        "`for t, p in zip(y_true, y_pred): C[t, p] += 1`. (Without a loop: `np.add.at(C, (y_true, y_pred), 1)`.)",
    ),
    wrong_functions=[_confusion_transposed, _confusion_mistakes_only, _confusion_rates, _confusion_present_classes],
    success="Its diagonal divided by the row sums is the accuracy for each digit; "
    "`nnlib.analysis.mnist.confusion_matrix` computes the same.",
)


# ---------------------------------------------------------------------------
# 3. make a unit sensitive to a feature


def _blank() -> np.ndarray:
    return np.zeros((28, 28))


def _bar(rows: slice, cols: slice) -> np.ndarray:
    img = _blank()
    img[rows, cols] = 1.0
    return img


def _seven() -> np.ndarray:
    img = _bar(slice(3, 6), slice(6, 22))
    for r in range(6, 25):  # a diagonal stem from the bar's right end down to the left
        c = int(round(20 - (r - 6) * 0.45))
        img[r, c - 1 : c + 2] = 1.0
    return img


#: the images the detector is tested on: name -> (28, 28) image, and whether it should fire
DETECTOR_IMAGES: dict[str, tuple[np.ndarray, bool]] = {
    "a top bar (rows 3-5, columns 6-21)": (_bar(slice(3, 6), slice(6, 22)), True),
    "a shorter top bar (rows 4-6, columns 9-18)": (_bar(slice(4, 7), slice(9, 19)), True),
    "a 7 (a top bar and a stem)": (_seven(), True),
    "a blank image": (_blank(), False),
    "a bar in the middle (rows 13-15)": (_bar(slice(13, 16), slice(6, 22)), False),
    "a bar at the bottom (rows 22-24)": (_bar(slice(22, 25), slice(6, 22)), False),
    "a vertical bar (columns 13-15)": (_bar(slice(3, 25), slice(13, 16)), False),
    "ink everywhere": (np.ones((28, 28)), False),
}


def _detector_solution():
    w = np.full((28, 28), -0.5)  # ink anywhere else counts against the feature
    w[2:7, 4:24] = 1.0  # ink in the top band (rows 2-6) counts for it
    b = -20.0  # the threshold: fire only when the band's ink wins by more than 20
    return w, b


def _check_detector(w: Any, b: Any) -> str:
    arr = expect_array("w", w)  # None, strings, ragged lists, dicts: a message, not a crash
    if arr.size != 784:
        got = "one number" if arr.ndim == 0 else f"shape {arr.shape}"
        raise Wrong(f"`w` should hold one weight per pixel: a 28 x 28 array (or 784 numbers), got {got}.")
    w28 = arr.reshape(28, 28)
    bias = expect_number("b", b)
    names = list(DETECTOR_IMAGES)
    zs = np.array([np.sum(DETECTOR_IMAGES[name][0] * w28) + bias for name in names])
    z = dict(zip(names, zs.tolist()))
    fired = dict(zip(names, sigmoid(zs).tolist()))
    if fired["a blank image"] >= 0.1:
        raise Wrong(
            f"Your unit is on for a blank image (activation {fired['a blank image']:.2f}"
            f", z = b = {bias:.2f}). With no ink every weight is multiplied by 0, so only "
            "the bias is left: make `b` negative enough to be a threshold the ink must "
            "beat (σ(z) < 0.1 needs z < -2.2)."
        )
    for name, (_, should_fire) in DETECTOR_IMAGES.items():
        a = fired[name]
        if should_fire and a <= 0.9:
            raise Wrong(
                f"It stays off for {name}: z = {z[name]:.2f}, activation {a:.2f} (it "
                "should be above 0.9). Give the pixels of the top rows larger positive "
                "weights, or lower the threshold (a less negative `b`)."
            )
        if not should_fire and a >= 0.1:
            if name == "ink everywhere":
                raise Wrong(
                    f"It fires for ink everywhere (activation {a:.2f}): with only "
                    "positive weights any big blob of ink looks like the feature. Give "
                    "the pixels around the top band negative weights, so that ink there "
                    "counts against it."
                )
            raise Wrong(
                f"It fires for {name} (z = {z[name]:.2f}, activation {a:.2f}; it "
                "should be below 0.1). Which of your positive weights does that image "
                "cover? Make the weights outside the top band negative, or raise the "
                "threshold."
            )
    return (
        "Your unit is a top-bar detector: positive weights where the feature's ink goes, "
        "negative weights around it (so ink elsewhere, or ink everywhere, counts against "
        "it) and a negative bias as the threshold. Its weight grid is the picture of the "
        "feature it looks for; trained units are rarely this tidy."
    )


top_bar_detector = PredicateExercise(
    "lesson07.top_bar_detector",
    "make a unit sensitive to a feature",
    "Build one sigmoid unit, `a = σ(Σ x·w + b)` over the 28 x 28 pixels `x`, that detects a "
    "horizontal bar at the top of the image (roughly rows 3-6). It must fire (activation above "
    "0.9) for the three images that have such a bar and stay off (below 0.1) for the others in "
    "`lesson07.DETECTOR_IMAGES`: a blank image, bars in the middle, at the bottom and upright, "
    "and ink everywhere. Give `w` as a 28 x 28 array of weights and `b` as a number.",
    answer_names=("w", "b"),
    predicate=_check_detector,
    solution=_detector_solution,
    hints=(
        "Three things to set: which pixels should push the unit on (positive weights), which "
        "should push it off (negative weights, so that 'ink everywhere' does not look like a "
        "bar), and how much net ink it takes to fire (the bias is minus that threshold).",
        "Start from `w = np.full((28, 28), -0.5)`, set `w[2:7, 4:24] = 1.0`, and try a bias "
        "around -20: the shorter bar covers 30 pixels of the band, so z = 30 - 20 = +10 for it, "
        "while a blank image gives z = -20.",
    ),
    wrong_examples=[
        (np.zeros((28, 28)), 0.0),  # never fires, and sits at 0.5 for a blank image
        (np.ones((28, 28)), -20.0),  # positive everywhere: fires for any blob
        (np.where(np.arange(28)[:, None] < 7, 1.0, 0.0) * np.ones((28, 28)), -20.0),  # no negatives
        (np.full((28, 28), -0.5), -20.0),  # negative everywhere: never fires
        (np.zeros(10), -5.0),  # wrong shape
    ],
)
