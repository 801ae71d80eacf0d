"""Exercises for lesson 16, dropout, batch normalisation and binary classification.

- :data:`dropout_by_hand`: a dropout layer's output in training (with a given mask) and at inference.
- :data:`batchnorm_by_hand`: a batch normalisation layer's output in training, for one unit.
- :data:`best_threshold`: the threshold with the highest accuracy on 16 given probabilities.
- :data:`precision_recall`: precision and recall of the same predictions at the 0.5 threshold.
"""

from __future__ import annotations

import numpy as np

from nnlib.exercises.core import PredicateExercise, ValueExercise, Wrong, expect_number, format_array

__all__ = [
    "BN_BATCH",
    "DROPOUT_INPUT",
    "DROPOUT_KEEP",
    "THRESHOLD_LABELS",
    "THRESHOLD_PROBS",
    "batchnorm_by_hand",
    "best_threshold",
    "dropout_by_hand",
    "precision_recall",
]


# ---------------------------------------------------------------------------
# dropout by hand

DROPOUT_INPUT = np.array([2.0, 4.0, 6.0, 8.0])
DROPOUT_KEEP = np.array([1, 0, 1, 1])  # the random mask of this training batch: 1 = kept
DROPOUT_RATE = 0.25


def _dropout_solution():
    x, keep, rate = np.array([2.0, 4.0, 6.0, 8.0]), np.array([1, 0, 1, 1]), 0.25
    # training: drop the masked values, and scale the survivors so the expected value is unchanged
    train_output = x * keep / (1 - rate)
    # inference: nothing is dropped and nothing is scaled
    inference_output = x
    return train_output, inference_output


def _dropout_diagnose(train_output, inference_output) -> str | None:
    t = np.asarray(train_output, dtype=np.float64)
    i = np.asarray(inference_output, dtype=np.float64)
    x, keep = DROPOUT_INPUT, DROPOUT_KEEP
    if t.shape == x.shape and np.allclose(t, x * keep):
        return (
            "The dropped value is right, but the survivors are not scaled: divide them by "
            "(1 - rate), so that the expected output stays what it was without dropout."
        )
    if t.shape == x.shape and np.allclose(t, x * keep / DROPOUT_RATE):
        return "Divide by the share KEPT, 1 - rate = 0.75, not by the rate."
    if i.shape == x.shape and np.allclose(i, x * (1 - DROPOUT_RATE)):
        return (
            "With inverted dropout (Keras, nnlib) the scaling happens in training, so inference "
            "leaves the values alone. Scaling at inference is the older convention."
        )
    return None


dropout_by_hand = ValueExercise(
    "lesson16.dropout_by_hand",
    "dropout by hand",
    "A `Dropout(0.25)` layer receives the values x = (2, 4, 6, 8) (`lesson16.DROPOUT_INPUT`). In "
    "this training batch its random mask keeps the values marked 1 in `lesson16.DROPOUT_KEEP` = "
    "(1, 0, 1, 1). What does it output in training (`train_output`), and what for the same x at "
    "inference (`inference_output`)? Both are arrays of four numbers.",
    answer_names=("train_output", "inference_output"),
    solution=_dropout_solution,
    hints=(
        "In training a dropped value becomes 0; a kept one is scaled. At inference the layer does nothing at all.",
        "The scale keeps the expected value of each output equal to its input: a value survives "
        "with probability 1 - rate, so survivors are divided by that probability.",
        "Here 1 - rate = 0.75: multiply x by the mask, then divide by 0.75. The inference output is x itself.",
    ),
    wrong_examples=[
        (np.array([2.0, 0.0, 6.0, 8.0]), np.array([2.0, 4.0, 6.0, 8.0])),  # no scaling
        (np.array([8.0, 0.0, 24.0, 32.0]), np.array([2.0, 4.0, 6.0, 8.0])),  # divided by the rate
        (np.array([8 / 3, 0.0, 8.0, 32 / 3]), np.array([1.5, 3.0, 4.5, 6.0])),  # scaled at inference
        (np.array([0.0, 16 / 3, 0.0, 0.0]), np.array([2.0, 4.0, 6.0, 8.0])),  # mask read backwards
    ],
    diagnose=_dropout_diagnose,
    rtol=1e-3,
    success="Training output (2.67, 0, 8, 10.67): on average over many masks each value is what it "
    "was, which is why inference can use the plain x. That is the check of the lesson's first "
    "dropout cell, on numbers small enough to do by hand.",
)


# ---------------------------------------------------------------------------
# batch normalisation by hand

BN_BATCH = np.array([1.0, 2.0, 3.0, 6.0])  # one unit's values over a batch of four samples
BN_GAMMA, BN_BETA, BN_EPSILON = 2.0, 0.5, 1e-3


def _batchnorm_solution():
    x, gamma, beta, epsilon = np.array([1.0, 2.0, 3.0, 6.0]), 2.0, 0.5, 1e-3
    # the batch's own statistics (training), the variance over n, as the layer computes it
    mean = x.mean()
    variance = ((x - mean) ** 2).mean()
    normalised = gamma * (x - mean) / np.sqrt(variance + epsilon) + beta
    return normalised


def _batchnorm_diagnose(normalised) -> str | None:
    got = np.asarray(normalised, dtype=np.float64)
    x, g, b, e = BN_BATCH, BN_GAMMA, BN_BETA, BN_EPSILON
    if got.shape != x.shape:
        return None
    plain = (x - x.mean()) / np.sqrt(x.var() + e)
    if np.allclose(got, plain, rtol=1e-3):
        return "That is x̂, the standardised values. The layer then scales by γ and shifts by β."
    if np.allclose(got, g * (x - x.mean()) / np.sqrt(x.var(ddof=1) + e) + b, rtol=1e-3):
        return "Batchnorm's variance is the mean of the squared deviations over n, not over n - 1."
    if np.allclose(got, g * (x - x.mean()) / (x.var() + e) + b, rtol=1e-3):
        return "Divide by the standard deviation, the square root of the variance (plus ε)."
    return None


batchnorm_by_hand = ValueExercise(
    "lesson16.batchnorm_by_hand",
    "batch normalisation by hand",
    "One unit of a `BatchNormalization` layer sees the batch x = (1, 2, 3, 6) in training "
    "(`lesson16.BN_BATCH`). Its γ = 2 and β = 0.5, and ε = 0.001. What does it output for the four "
    "samples (`normalised`, an array of four numbers)?",
    answer_names=("normalised",),
    solution=_batchnorm_solution,
    hints=(
        "In training the layer uses the batch's own mean and variance, then rescales with γ and β.",
        "The mean of (1, 2, 3, 6) is 3; the variance is the mean of the squared deviations, over n = 4.",
        "x̂ = (x − mean) / √(variance + ε) for each sample; the output is γ·x̂ + β. The result has "
        "mean β and standard deviation γ (almost: ε takes a little off).",
    ),
    wrong_examples=[
        ((BN_BATCH - 3.0) / np.sqrt(3.5 + 1e-3),),  # no gamma, beta
        (2.0 * (BN_BATCH - 3.0) / np.sqrt(14 / 3 + 1e-3) + 0.5,),  # variance over n - 1
        (2.0 * (BN_BATCH - 3.0) / (3.5 + 1e-3) + 0.5,),  # divided by the variance
        (BN_BATCH,),  # unchanged
    ],
    diagnose=_batchnorm_diagnose,
    rtol=1e-3,
    success="About (−1.64, −0.57, 0.50, 3.71): mean β = 0.5, standard deviation γ = 2, whatever scale "
    "x came in. At inference the layer would use its running averages instead of this batch's "
    "mean and variance.",
)


# ---------------------------------------------------------------------------
# choose the threshold; precision and recall

#: predicted probabilities of class 1 for 16 examples, and their true labels
THRESHOLD_PROBS = np.array(
    [0.05, 0.10, 0.15, 0.22, 0.30, 0.33, 0.38, 0.42, 0.44, 0.47, 0.55, 0.61, 0.70, 0.82, 0.90, 0.95]
)
THRESHOLD_LABELS = np.array([0, 0, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1])


def _accuracy_at(threshold: float) -> float:
    return float(np.mean((THRESHOLD_PROBS >= threshold) == (THRESHOLD_LABELS == 1)))


def _best_accuracy() -> float:
    candidates = np.concatenate([THRESHOLD_PROBS, [1.01]])
    return max(_accuracy_at(t) for t in candidates)


def _check_best_threshold(threshold) -> str:
    t = expect_number("threshold", threshold)
    acc, best = _accuracy_at(t), _best_accuracy()
    n = len(THRESHOLD_LABELS)
    if acc < best:
        extra = " At 0.5, four of the class-1 examples sit just below the threshold." if 0.47 < t <= 0.55 else ""
        raise Wrong(
            f"At threshold {format_array(t)} the accuracy is {round(acc * n)}/{n}. "
            f"A better threshold exists.{extra} Only where the threshold sits between "
            "two of the sorted probabilities matters: try each gap."
        )
    return (
        f"Accuracy {round(acc * n)}/{n} = {acc:.3f}, the best possible on these 16 "
        "(0.5 gives 11/16). The model's probabilities run low for class 1, so a lower "
        "threshold suits it. Choosing the threshold on the data you report is optimistic, "
        "though: choose it on validation data and report on test data."
    )


def _best_threshold_solution():
    from nnlib.exercises import lesson16

    p, y = lesson16.THRESHOLD_PROBS, lesson16.THRESHOLD_LABELS
    # only thresholds at the probabilities themselves can change the predictions
    accuracies = [np.mean((p >= t) == (y == 1)) for t in p]
    threshold = p[int(np.argmax(accuracies))]
    return threshold


best_threshold = PredicateExercise(
    "lesson16.best_threshold",
    "the threshold with the highest accuracy",
    "`lesson16.THRESHOLD_PROBS` holds a binary classifier's predicted probabilities of class 1 "
    "for 16 examples and `lesson16.THRESHOLD_LABELS` their true classes. Class 1 is predicted "
    "where `p >= threshold`. Find a `threshold` that gives the highest accuracy on these 16.",
    answer_names=("threshold",),
    predicate=_check_best_threshold,
    solution=_best_threshold_solution,
    hints=(
        "The accuracy only changes when the threshold crosses one of the 16 probabilities. "
        "Try each probability as the threshold.",
        "For one threshold t, the predictions are `p >= t` (True for class 1); the accuracy is "
        "the share of examples where that agrees with `y == 1`.",
        "Compute that accuracy for every t in p (a list comprehension), then pick the t whose "
        "accuracy is largest: `np.argmax` gives its position.",
    ),
    wrong_examples=[(0.5,), (0.0,), (1.0,), ("0.4",)],
)


def _precision_recall_solution():
    from nnlib.exercises import lesson16

    p, y = lesson16.THRESHOLD_PROBS, lesson16.THRESHOLD_LABELS
    predicted = p >= 0.5
    tp = np.sum(predicted & (y == 1))
    fp = np.sum(predicted & (y == 0))
    fn = np.sum(~predicted & (y == 1))
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    return precision, recall


def _precision_recall_diagnose(precision, recall) -> str | None:
    right = _precision_recall_solution()
    try:
        got = (float(precision), float(recall))
    except (TypeError, ValueError):
        return None
    if np.allclose(got, right[::-1], rtol=1e-3):
        return (
            "You swapped them: precision asks how many of the PREDICTED class-1 examples are "
            "right, recall how many of the TRUE class-1 examples were found."
        )
    if np.isclose(got[0], 11 / 16, rtol=1e-3) or np.isclose(got[1], 11 / 16, rtol=1e-3):
        return "11/16 is the accuracy; precision and recall only look at parts of the table."
    return None


precision_recall = ValueExercise(
    "lesson16.precision_recall",
    "precision and recall at 0.5",
    "With the same 16 examples and the usual threshold 0.5 (class 1 where p >= 0.5), count the "
    "true positives (TP), false positives (FP) and false negatives (FN), then compute "
    "`precision` = TP / (TP + FP) and `recall` = TP / (TP + FN).",
    answer_names=("precision", "recall"),
    solution=_precision_recall_solution,
    hints=(
        "Six examples have p >= 0.5. How many of them are truly class 1? And how many class-1 "
        "examples are there in all?",
        "A true positive is predicted 1 and labelled 1; a false positive predicted 1, labelled 0; "
        "a false negative predicted 0, labelled 1. numpy: combine boolean arrays with `&` and `~`.",
        "There are 9 class-1 examples and 5 of them are above 0.5; one example above 0.5 is "
        "class 0. Put those counts into the two formulas.",
    ),
    wrong_examples=[(5 / 9, 5 / 6), (11 / 16, 11 / 16), (5 / 6, 5 / 16), (1.0, 1.0)],
    diagnose=_precision_recall_diagnose,
    rtol=1e-3,
    success="Precision 5/6: when this model says 'class 1' at 0.5 it is usually right. Recall "
    "5/9: it finds only about half of the class-1 examples. Lowering the threshold trades "
    "some precision for more recall.",
)
