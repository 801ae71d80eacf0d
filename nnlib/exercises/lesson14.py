"""Exercises for lesson 14, inside the digit network.

- :data:`read_confusion`: the share of each class read right (its recall) and the most frequent
  confusion, read off a small confusion matrix.
- :data:`centre_shift`: the whole-pixel shift that moves a drawing's centre of mass to (14, 14),
  the last step of MNIST's preparation.
"""

from __future__ import annotations

import sys

import numpy as np

from nnlib.exercises.core import ValueExercise

__all__ = ["CONFUSION", "SHIFT_IMAGE", "centre_shift", "read_confusion"]


# ---------------------------------------------------------------------------
# 1. read a confusion matrix

#: a confusion matrix of three classes 0, 1, 2: rows the true class, columns the prediction
CONFUSION = np.array(
    [
        [90, 2, 8],
        [3, 85, 12],
        [15, 5, 80],
    ]
)


def _read_confusion_solution():
    C = lesson14.CONFUSION
    # a row holds every example of one true class: its diagonal entry over the row's sum
    recall = C.diagonal() / C.sum(axis=1)
    off = C - np.diag(C.diagonal())  # only the mistakes
    true_digit, read_as = np.unravel_index(np.argmax(off), off.shape)
    return recall, true_digit, read_as


C = CONFUSION


def _read_confusion_diagnose(recall, true_digit, read_as) -> str | None:
    r = np.asarray(recall, dtype=np.float64)
    by_column = C.diagonal() / C.sum(axis=0)
    if r.shape == (3,) and np.allclose(r, by_column, atol=1e-3):
        return (
            "That divides by the column sums: the share of the predictions of a class that were "
            "right (its precision). Rows are the truth: divide by the row sums for the share of each "
            "true class read right."
        )
    if int(true_digit) == 0 and int(read_as) == 2:
        return "Rows are the truth and columns the prediction: C[i, j] counts true i read as j."
    if r.shape == (3,) and np.allclose(r, C.diagonal()):
        return "`recall` should be shares between 0 and 1: divide each diagonal count by its row's total."
    return None


read_confusion = ValueExercise(
    "lesson14.read_confusion",
    "read a confusion matrix",
    "`lesson14.CONFUSION` is a confusion matrix of three classes 0, 1, 2 (rows the true class, "
    "columns the prediction, as in section 2). Give `recall`, the share of each true class that "
    "was read right (an array of three), and the most frequent mistake: the true class "
    "`true_digit` and the class it was most often read as, `read_as`.",
    answer_names=("recall", "true_digit", "read_as"),
    solution=_read_confusion_solution,
    hints=(
        "Row i holds every example whose true class is i, spread over what they were read as.",
        "The right answers sit on the diagonal. A share needs the number right and the number of "
        "examples of that class: the row's total.",
        "For the mistake, look at the entries off the diagonal only and find the largest; its row "
        "is the truth and its column the prediction (np.argmax and np.unravel_index, or by eye).",
    ),
    wrong_examples=[
        (C.diagonal() / C.sum(axis=0), 2, 0),  # precision instead of recall
        (C.diagonal() / C.sum(axis=1), 0, 2),  # row and column swapped
        (C.diagonal().astype(float), 2, 0),  # counts, not shares
        (np.array([0.9, 0.85, 0.8]), 1, 2),  # the second largest mistake
    ],
    diagnose=_read_confusion_diagnose,
    rtol=1e-3,
    success="Class 2 is read right least often (80%), and most of its mistakes go to class 0: the "
    "same reading as the 4 → 9 cell of the lesson's matrix. A row's spread shows where a class's "
    "examples go; a column's shows where a prediction comes from.",
)


# ---------------------------------------------------------------------------
# 2. where does the drawing go?


def _shift_image() -> np.ndarray:
    image = np.zeros((28, 28))
    image[2:7, 18:25] = 1.0  # a solid block of ink, rows 2-6, columns 18-24
    image[7:10, 18:25] = 0.5  # a lighter part under it, rows 7-9
    return image


#: a drawing, already fitted into its box, placed in the top right of a 28 x 28 field
SHIFT_IMAGE = _shift_image()


def _centre_shift_solution():
    image = lesson14.SHIFT_IMAGE
    # the centre of mass: the ink-weighted mean row and column
    rows, cols = np.arange(28), np.arange(28)
    r = image.sum(axis=1) @ rows / image.sum()
    c = image.sum(axis=0) @ cols / image.sum()
    # whole pixels that move it to (14, 14)
    shift_rows, shift_cols = round(14 - r), round(14 - c)
    return shift_rows, shift_cols


def _centre_shift_diagnose(shift_rows, shift_cols) -> str | None:
    got = np.array([float(shift_rows), float(shift_cols)])
    if np.allclose(got, [-9, 7]):
        return "The signs are flipped: the shift goes FROM the centre of mass TO (14, 14), that is 14 minus it."
    if not np.allclose(got, np.round(got)):
        return "The image is moved by whole pixels: round the shift to the nearest whole number."
    if np.isclose(got[0], 8) or np.isclose(got[0], 9.5):
        return (
            "That is the centre of the ink box, not the centre of mass: the lighter rows at the "
            "bottom weigh half as much as the solid ones, so the centre of mass sits higher."
        )
    return None


centre_shift = ValueExercise(
    "lesson14.centre_shift",
    "where does the drawing go?",
    "`lesson14.SHIFT_IMAGE` is a 28 x 28 drawing whose ink sits in the top right: a solid block "
    "and a lighter part under it. MNIST's last preparation step moves the image by whole pixels "
    "so that its centre of mass lands on row 14, column 14. By how many rows (`shift_rows`, "
    "positive = down) and columns (`shift_cols`, positive = right) must it move?",
    answer_names=("shift_rows", "shift_cols"),
    solution=_centre_shift_solution,
    hints=(
        "The centre of mass is the ink-weighted mean position: each pixel counts as often as it "
        "has ink, so the light rows count half.",
        "Sum the image along each row to get the ink per row; the mean row is the sum of row index "
        "times ink, divided by all the ink. The same for columns (section 3's `centre_of_mass` "
        "does both).",
        "The shift is the target 14 minus the centre, once for rows and once for columns, rounded "
        "to whole pixels. A drawing in the top right moves down and left.",
    ),
    wrong_examples=[(-9, 7), (9.08, -7.0), (8, -7), (9, 7)],
    diagnose=_centre_shift_diagnose,
    rtol=0.0,
    atol=1e-9,
    success="Down 9 rows and left 7 columns. The lighter rows pull the centre of mass only half as "
    "much as the solid ones, which is why it is not the centre of the ink box.",
)


# the solutions reach the data the way a learner does, as `lesson14.CONFUSION`
lesson14 = sys.modules[__name__]
