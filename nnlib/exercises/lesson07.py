"""Exercises for lesson 07, the cost function: cross-entropy by hand and for a batch, a robust loss.

- :data:`cross_entropy_by_hand`: the cross-entropy of one softmax prediction against its label.
- :data:`sparse_cross_entropy`: write the cross-entropy of a batch from integer labels (checked
  against ``nnlib.losses``).
- :data:`robust_constant`: the best single prediction for data with an outlier under L2 and
  under L1 (the mean and the median), and which of the two losses the outlier moves less.
"""

from __future__ import annotations

import numpy as np

from nnlib.exercises.core import (
    FunctionExercise,
    PredicateExercise,
    ValueExercise,
    Wrong,
    expect_number,
)
from nnlib.losses import categorical_crossentropy

__all__ = ["OUTLIER_TARGETS", "PREDICTION", "cross_entropy_by_hand", "robust_constant", "sparse_cross_entropy"]


# ---------------------------------------------------------------------------
# cross-entropy of a batch, from integer labels


def cross_entropy(labels, P):
    """Mean cross-entropy of softmax outputs ``P (n_samples, n_classes)`` against integer labels."""
    n = len(labels)
    # row i, column labels[i]: the probability each sample gave its true class
    p_true = P[np.arange(n), labels]
    return -np.mean(np.log(p_true))


def _nnlib_cross_entropy(labels, P):
    # the trusted reference: nnlib's categorical cross-entropy, which accepts integer labels
    return categorical_crossentropy.value(np.asarray(labels), np.asarray(P, dtype=np.float64))


def _ce_of_the_biggest(labels, P):
    return -np.mean(np.log(P.max(axis=1)))


def _ce_summed(labels, P):
    return -np.sum(np.log(P[np.arange(len(labels)), labels]))


def _ce_no_minus(labels, P):
    return np.mean(np.log(P[np.arange(len(labels)), labels]))


def _ce_column_indexing(labels, P):
    return -np.mean(np.log(P[:, labels]))


def _ce_every_class(labels, P):
    return -np.mean(np.log(P))


def _ce_log10(labels, P):
    return -np.mean(np.log10(P[np.arange(len(labels)), labels]))


sparse_cross_entropy = FunctionExercise(
    "lesson07.sparse_cross_entropy",
    "cross-entropy from integer labels",
    "The lesson wrote cross-entropy with one-hot targets Y. MNIST comes with integer labels "
    "(7, 2, 1, ...) instead. Write `cross_entropy(labels, P)` for integer `labels` of shape "
    "`(n_samples,)` and softmax outputs `P` of shape `(n_samples, n_classes)`: the mean over "
    "the samples of −ln(the probability the sample gave its true class). No loop, no one-hot.",
    solution=cross_entropy,
    reference=_nnlib_cross_entropy,
    test_inputs=[
        (np.array([0]), np.array([[0.2, 0.7, 0.1]])),
        (np.array([2, 0, 1]), np.array([[0.1, 0.2, 0.7], [0.5, 0.25, 0.25], [0.3, 0.3, 0.4]])),
        (
            np.array([1, 1, 0, 3]),
            np.array([[0.1, 0.6, 0.2, 0.1], [0.25, 0.25, 0.25, 0.25], [0.97, 0.01, 0.01, 0.01], [0.4, 0.3, 0.2, 0.1]]),
        ),
    ],
    hints=(
        "For each row i you need one number, the probability row i gave its true class, `P[i, labels[i]]`.",
        "numpy picks one entry per row when you index with two arrays of the same length: rows `np.arange(n)` and columns `labels`. (`P[:, labels]` is different: it takes whole columns, an (n, n) array.)",
        "Take the natural logarithm of those n probabilities, average them, and mind the sign of cross-entropy.",
    ),
    wrong_functions=[_ce_of_the_biggest, _ce_summed, _ce_no_minus, _ce_column_indexing, _ce_every_class, _ce_log10],
    success="That is `nnlib`'s categorical cross-entropy for integer labels (Keras calls this "
    "form `sparse_categorical_crossentropy`). Lesson 13 trains on MNIST with exactly this cost.",
)


# ---------------------------------------------------------------------------
# a cross-entropy by hand

#: the softmax output of the exercise, for the classes 0, 1, 2
PREDICTION = np.array([0.2, 0.7, 0.1])


def _cross_entropy_solution():
    # the label is class 0: the one-hot target puts all its probability there
    y = np.array([1.0, 0.0, 0.0])
    p = np.array([0.2, 0.7, 0.1])
    ce = -np.sum(y * np.log(p))  # only the true class's term survives: -ln(0.2)
    return ce


def _diagnose_cross_entropy(ce):
    value = float(ce)
    known = {
        -np.log(0.7): "That is −ln(0.7), the term of the class the network *predicts* (1). "
        "Cross-entropy scores the probability given to the *true* class, the label 0.",
        np.log(0.2): "Mind the sign: ln(p) is negative for p < 1, and the cross-entropy is "
        "−Σ y·ln(p), a positive number.",
        -np.log10(0.2): "That is a base-10 logarithm. Cross-entropy uses the natural log, `np.log` (ln).",
        -np.sum(np.log(PREDICTION)): "You added −ln(p) of every class. The one-hot target is "
        "0 for the wrong classes, so their terms drop out: only the true class counts.",
        -(np.log(0.2) + np.log(0.3) + np.log(0.9)): "That treats every output as its own yes/no "
        "question (binary cross-entropy per output). Here the three probabilities form one "
        "distribution over the classes: use −Σ y_k ln p_k.",
        0.8: "1 − 0.2 is how much probability the network put elsewhere, not the cross-entropy: take the logarithm.",
    }
    for wrong, message in known.items():
        if abs(value - wrong) < 2e-3:
            return message
    return None


cross_entropy_by_hand = ValueExercise(
    "lesson07.cross_entropy_by_hand",
    "compute a cross-entropy",
    "A network's softmax output for one image is p = [0.2, 0.7, 0.1] over the classes 0, 1, 2. "
    "The true label is class 0, so the target distribution is the one-hot y = [1, 0, 0]. "
    "Compute the cross-entropy −Σ_k y_k ln(p_k) (natural logarithm) and store it in `ce`.",
    answer_names=("ce",),
    solution=_cross_entropy_solution,
    diagnose=_diagnose_cross_entropy,
    rtol=1e-3,
    atol=1e-3,
    hints=(
        "The target y = [1, 0, 0] is 0 for classes 1 and 2, so only one term of the sum -sum_k y_k ln p_k is left.",
        "Which probability does that term use: the biggest one (0.7), or the true class's?",
        "The loss is minus the natural logarithm (`np.log`) of the probability the network gave the true class, class 0.",
    ),
    wrong_examples=[
        (-np.log(0.7),),
        (np.log(0.2),),
        (-np.log10(0.2),),
        (-np.sum(np.log(PREDICTION)),),
        ("1.609",),
    ],
    success="−ln(0.2) ≈ 1.609. Had the network given the true class 0.7, the cost would be "
    "−ln(0.7) ≈ 0.357; had it been sure and right (1.0), 0; sure and wrong (→ 0), no limit.",
)


# ---------------------------------------------------------------------------
# which loss does an outlier move less?

#: five targets, the last one an outlier
OUTLIER_TARGETS = np.array([1.0, 2.0, 3.0, 4.0, 40.0])

_L1_NAMES = {"l1", "mae", "mean absolute error", "mean_absolute_error", "absolute error", "absolute"}
_L2_NAMES = {"l2", "mse", "mean squared error", "mean_squared_error", "squared error", "squared"}


def _robust_constant_solution():
    y = np.array([1.0, 2.0, 3.0, 4.0, 40.0])
    # one constant c for every target: mean((c - y)^2) is lowest at the mean of y,
    # mean(|c - y|) at the median (as many targets above c as below)
    c_l2 = np.mean(y)
    c_l1 = np.median(y)
    robust = "L1"
    return c_l2, c_l1, robust


def _judge_robust_constant(c_l2, c_l1, robust):
    y = OUTLIER_TARGETS
    c2 = expect_number("c_l2", c_l2)
    c1 = expect_number("c_l1", c_l1)
    if not isinstance(robust, str):
        raise Wrong('`robust` is the name of a loss, as a string: "L1" or "L2".')
    name = robust.strip().lower()
    mean, median = float(np.mean(y)), float(np.median(y))
    if abs(c2 - median) < 1e-3 and abs(c1 - mean) < 1e-3:
        raise Wrong("You swapped the two: squared error is lowest at the mean, absolute error at the median.")
    if abs(c2 - mean) > 1e-3:
        mse = np.mean((c2 - y) ** 2)
        raise Wrong(
            f"`c_l2` = {c2:g} gives a mean squared error of {mse:.2f}; some other constant gives "
            "less. Try a few values of c and watch the MSE, or think about the average of y."
        )
    if abs(c1 - median) > 1e-3:
        mae = np.mean(np.abs(c1 - y))
        raise Wrong(
            f"`c_l1` = {c1:g} gives a mean absolute error of {mae:.2f}; some other constant "
            "gives less. Moving c up by a little changes the MAE by (how many targets lie "
            "below c − how many lie above) / 5: where does that stop helping?"
        )
    if name in _L2_NAMES:
        raise Wrong(
            "Look at your own two numbers: the outlier 40 dragged the L2 answer from "
            "about 2.5 to 10, far from every target, and left the L1 answer at 3. "
            "Squaring makes the big error dominate L2."
        )
    if name not in _L1_NAMES:
        raise Wrong(f'`robust` = {robust!r}: answer with the loss\'s name, "L1" or "L2".')
    return (
        "Squared error is lowest at the mean (10, dragged up by the outlier); absolute "
        "error at the median (3, which ignores how far away 40 is). L1 is the robust one."
    )


robust_constant = PredicateExercise(
    "lesson07.robust_constant",
    "an outlier, the mean and the median",
    "A model that may only predict one constant c for every sample, on the targets "
    "y = [1, 2, 3, 4, 40] (the 40 is an outlier). Find `c_l2`, the c with the lowest mean "
    "squared error, and `c_l1`, the c with the lowest mean absolute error (exact numbers; "
    "scanning many values of c with numpy works). Then name in `robust` the loss whose best c "
    'the outlier moved less: "L1" or "L2".',
    answer_names=("c_l2", "c_l1", "robust"),
    predicate=_judge_robust_constant,
    solution=_robust_constant_solution,
    hints=(
        "Try it numerically: `cs = np.linspace(0, 40, 4001)`, compute the MSE and the MAE of every c (broadcast `cs[:, None] - y[None, :]`), and take the c with the smallest of each.",
        "Then recognise the two numbers: each is a familiar summary of y, one pulled by the outlier 40 and one not.",
        "The mean squared error of a constant is lowest at one of the two usual 'averages' of y, the mean absolute error at the other. Which one ignores how far away 40 is?",
    ),
    wrong_examples=[
        (3.0, 10.0, "L1"),  # swapped
        (10.0, 3.0, "L2"),  # the wrong loss
        (2.5, 3.0, "L1"),  # the mean without the outlier
        (10.0, 3.0, 1),  # not a string
    ],
)
