"""Exercises for lesson 13, MNIST and its weight grids.

- :data:`which_set`: which of the three sets (training, validation, test) does which job.
- :data:`top_bar_detector`: weights and a bias that make one sigmoid unit fire for a
  horizontal bar at the top of the image and stay off for everything else it is shown.

Batch-first throughout: ``W (784, n_units)``, so unit ``j``'s weights are the column ``W[:, j]``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnlib.activations import sigmoid
from nnlib.exercises.core import PredicateExercise, Wrong, expect_array, expect_number

__all__ = ["DETECTOR_IMAGES", "top_bar_detector", "which_set"]


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
    "lesson13.top_bar_detector",
    "make a unit sensitive to a feature",
    "Build one sigmoid unit, `a = σ(Σ x·w + b)` over the 28 x 28 pixels `x`, that detects a "
    "horizontal bar at the top of the image (roughly rows 3-6). It must fire (activation above "
    "0.9) for the three images that have such a bar and stay off (below 0.1) for the others in "
    "`lesson13.DETECTOR_IMAGES`: a blank image, bars in the middle, at the bottom and upright, "
    "and ink everywhere. Give `w` as a 28 x 28 array of weights and `b` as a number.",
    answer_names=("w", "b"),
    predicate=_check_detector,
    solution=_detector_solution,
    hints=(
        "Three things to set: which pixels should push the unit on (positive weights), which "
        "should push it off (negative weights, so that 'ink everywhere' does not look like a "
        "bar), and how much net ink it takes to fire (the bias is minus that threshold).",
        "Start from a grid that is slightly negative everywhere (np.full), then give a band of "
        "rows at the top, a little wider than the bars, weight +1 with slicing `w[rows, cols] = ...`.",
        "Count: the shorter test bar has 3 × 10 = 30 inked pixels, so with weight 1 on the band it "
        "reaches 30 before the bias. Choose a negative bias that leaves it well above 0 but keeps a "
        "blank image (z = b) and the other bars below -2.2.",
    ),
    wrong_examples=[
        (np.zeros((28, 28)), 0.0),  # never fires, and sits at 0.5 for a blank image
        (np.ones((28, 28)), -20.0),  # positive everywhere: fires for any blob
        (np.where(np.arange(28)[:, None] < 7, 1.0, 0.0) * np.ones((28, 28)), -20.0),  # no negatives
        (np.full((28, 28), -0.5), -20.0),  # negative everywhere: never fires
        (np.zeros(10), -5.0),  # wrong shape
    ],
)


# ---------------------------------------------------------------------------
# which set for which job?

SET_NAMES = ("training", "validation", "test")


def _check_which_set(fit_weights, choose_epochs, report_accuracy) -> str:
    got = []
    for name, answer in zip(
        ("fit_weights", "choose_epochs", "report_accuracy"), (fit_weights, choose_epochs, report_accuracy)
    ):
        if not isinstance(answer, str) or answer.strip().lower() not in SET_NAMES:
            raise Wrong(f'`{name}` must be "training", "validation" or "test", got {answer!r}.')
        got.append(answer.strip().lower())
    fit, choose, report = got
    if fit != "training":
        raise Wrong(
            "The weights are what gradient descent changes, and it changes them to lower the cost on one set only."
        )
    if choose == "test":
        raise Wrong(
            "Choosing the number of epochs by the test set bends the result towards those very "
            "images: the test accuracy you then report is optimistic. Which set did the first run "
            "of section 2 watch?"
        )
    if choose == "training":
        raise Wrong(
            "The training loss keeps falling for as long as you train, so it cannot say when to "
            "stop: only images the weights were not fitted to can."
        )
    if report != "test":
        raise Wrong(
            "The number you report must come from images used for nothing else. The validation "
            "set has been used to choose the epochs, so it is a little optimistic."
        )
    return (
        "Training fits the weights, validation chooses (epochs, learning rate, network size), and "
        "the test set measures once, at the end. Lesson 15 uses the same split to tell underfitting "
        "from overfitting."
    )


def _which_set_solution():
    # gradient descent fits the weights to one set; choices are made on a second; the third
    # is kept for one honest measurement at the end
    fit_weights = "training"
    choose_epochs = "validation"
    report_accuracy = "test"
    return fit_weights, choose_epochs, report_accuracy


which_set = PredicateExercise(
    "lesson13.which_set",
    "which set for which job?",
    'Three jobs, three sets. Answer each with "training", "validation" or "test": which set do '
    "the weights learn from (`fit_weights`)? Which set decides how many epochs to train "
    "(`choose_epochs`)? Which set gives the accuracy you report at the very end (`report_accuracy`)?",
    answer_names=("fit_weights", "choose_epochs", "report_accuracy"),
    predicate=_check_which_set,
    solution=_which_set_solution,
    hints=(
        "Each set is used for one kind of thing only, and using a set for a choice makes it a "
        "little optimistic about the network.",
        "Gradient descent lowers the cost on the images it is given. A choice like 'how many "
        "epochs' needs images the weights were not fitted to.",
        "The final number must come from images that played no part in training or in any "
        "choice. Section 1's list of the three sets says which is kept aside until the end.",
    ),
    wrong_examples=[
        ("training", "test", "test"),
        ("training", "training", "test"),
        ("training", "validation", "validation"),
        ("validation", "validation", "test"),
        ("train", "validation", "test"),
    ],
    minutes=3,
)
