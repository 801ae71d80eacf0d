"""Exercises for lesson 08, training well.

- :data:`stop_early`: choose ``min_delta`` and ``patience`` so that early stopping with
  ``restore_best_weights=True`` keeps the weights of the lowest validation loss of the recorded run
  (epoch 12) and stops as soon as it can with that.
- :data:`early_stopping_rule`: write the early-stopping rule as a function, for a number to
  *maximise* (``val_accuracy``), checked against ``nnlib.EarlyStopping(monitor="val_accuracy")``.
- :data:`best_threshold`: the threshold with the highest accuracy on 16 given probabilities.
- :data:`precision_recall`: precision and recall of the same predictions at the 0.5 threshold.

Epochs are numbered from 1 here, as in the lesson's plots; ``nnlib.EarlyStopping``'s attributes
count from 0 (``best_epoch == 11`` is epoch 12).
"""

from __future__ import annotations

from functools import lru_cache, partial

import numpy as np

from nnlib.exercises.core import (
    FunctionExercise,
    PredicateExercise,
    ValueExercise,
    Wrong,
    expect_number,
    format_array,
)
from nnlib.training import EarlyStopping

__all__ = [
    "RECORDED_VAL_LOSS",
    "THRESHOLD_LABELS",
    "THRESHOLD_PROBS",
    "best_threshold",
    "early_stopping",
    "early_stopping_rule",
    "precision_recall",
    "stop_early",
]

#: ``val_loss`` per epoch of the lesson's recorded run (784-128-128-10 on 500 training digits,
#: 1,000 validation digits, 60 epochs), to 6 decimals: the curve of the early-stopping widget.
RECORDED_VAL_LOSS = (
    1.890522, 1.182662, 0.701906, 0.605992, 0.505018, 0.462545, 0.442605, 0.462367, 0.517838,
    0.447305, 0.462907, 0.440793, 0.456374, 0.476836, 0.466199, 0.473473, 0.473581, 0.489335,
    0.480134, 0.489008, 0.494233, 0.501101, 0.501227, 0.505605, 0.506586, 0.513717, 0.514938,
    0.518291, 0.518981, 0.528926, 0.526146, 0.528966, 0.535431, 0.534064, 0.538424, 0.540897,
    0.543396, 0.544307, 0.548933, 0.549047, 0.552570, 0.552346, 0.555501, 0.560118, 0.559224,
    0.561097, 0.564130, 0.565152, 0.567117, 0.569832, 0.569200, 0.571668, 0.573988, 0.578191,
    0.576196, 0.578806, 0.578926, 0.583047, 0.584048, 0.584734,
)  # fmt: skip


def nnlib_stop(values, min_delta: float, patience: int, monitor: str = "val_loss") -> tuple[int, int]:
    """``(epochs_trained, best_epoch)``, numbered from 1, when ``nnlib.EarlyStopping`` watches
    ``values`` one epoch at a time (its real code, fed the recorded numbers)."""
    callback = EarlyStopping(monitor=monitor, min_delta=min_delta, patience=patience)
    callback.on_train_begin({})
    for epoch, value in enumerate(values):
        callback.on_epoch_end(epoch, {monitor: float(value)})
        if callback.stopped_epoch is not None:
            return callback.stopped_epoch + 1, callback.best_epoch + 1
    return len(values), callback.best_epoch + 1


# ---------------------------------------------------------------------------
# stop early, keep the best


_LOWEST_EPOCH = int(np.argmin(RECORDED_VAL_LOSS)) + 1  # 12


@lru_cache(maxsize=1)
def _earliest_stop_keeping_lowest() -> int:
    """The fewest epochs any (min_delta, patience) trains while keeping epoch 12 (brute force)."""
    stops = [
        stop
        for d in np.arange(0.0, 0.05, 0.0005)
        for p in range(0, 21)
        for stop, best in [nnlib_stop(RECORDED_VAL_LOSS, float(d), p)]
        if best == _LOWEST_EPOCH
    ]
    return min(stops)


def _check_stop_early(min_delta, patience) -> str:
    md = expect_number("min_delta", min_delta)
    p = expect_number("patience", patience)
    if md < 0:
        raise Wrong("`min_delta` is a size of improvement, so it cannot be negative.")
    if p < 0 or p != int(p):
        raise Wrong("`patience` is a whole number of epochs, 0 or more.")
    stop, best = nnlib_stop(RECORDED_VAL_LOSS, md, int(p))
    v = RECORDED_VAL_LOSS
    shown = (
        f"min_delta = {format_array(md)}, patience = {int(p)}: training stops after epoch "
        f"{stop}, restore_best_weights keeps epoch {best} (val loss {v[best - 1]:.4f})"
    )
    if best != _LOWEST_EPOCH:
        if stop < _LOWEST_EPOCH:
            raise Wrong(
                f"Training stops after epoch {stop}, before it ever reaches epoch 12. "
                "Look at the epochs after the last improvement: how many of them in a "
                "row fail to improve? `patience` must outlast them.",
                shown,
            )
        raise Wrong(
            f"Training gets past epoch 12, but epoch 12 did not count as an improvement, "
            f"so the weights kept are epoch {best}'s. Epoch 12 beats the best before it "
            "by only a little: compare that amount with your `min_delta`.",
            shown,
        )
    earliest = _earliest_stop_keeping_lowest()
    if stop > earliest:
        raise Wrong(
            f"Epoch 12's weights are kept, but training runs until epoch {stop}. Every "
            "epoch of patience after epoch 12 is an epoch trained for nothing: what is "
            "the least patience that still reaches epoch 12?",
            shown,
        )
    return (
        f"Training stops after epoch {stop} and keeps epoch 12, the lowest validation loss "
        "of all 60 epochs. After epoch 7 come four epochs without improvement (8 to 11), so "
        "patience 5 is the least that survives them; and epoch 12 beats epoch 7 by only "
        f"{v[6] - v[11]:.4f}, so `min_delta` must stay below that. A min_delta of 0.002, "
        "reasonable-looking, would have kept epoch 7 instead."
    )


def _stop_early_solution():
    # epochs 8-11 fail to beat epoch 7: patience must outlast 4 misses
    # epoch 12 beats epoch 7 by 0.0018: min_delta must be smaller than that
    min_delta = 0.0
    patience = 5
    return min_delta, patience


stop_early = PredicateExercise(
    "lesson08.stop_early",
    "stop early, keep the best",
    "On the recorded run of the lesson (`lesson08.RECORDED_VAL_LOSS`, the curve in the "
    "early-stopping widget), the lowest validation loss is at epoch 12. Choose `min_delta` and "
    "`patience` so that `EarlyStopping(min_delta=min_delta, patience=patience, "
    "restore_best_weights=True)` keeps the weights of epoch 12, and training stops as early as "
    "it can while doing so. (The widget's sliders are a good place to try settings.)",
    answer_names=("min_delta", "patience"),
    predicate=_check_stop_early,
    solution=_stop_early_solution,
    hints=(
        "Move the widget's sliders until the ring (weights kept) sits on epoch 12. Two things can "
        "go wrong: training stops before epoch 12, or epoch 12 does not count as an improvement.",
        "Between epoch 7 (val loss 0.4426) and epoch 12 (0.4408) four epochs in a row fail to "
        "improve. And 0.4426 - 0.4408 = 0.0018 is all epoch 12 gains.",
    ),
    wrong_examples=[(0.0, 2), (0.002, 5), (0.0, 10), (-0.01, 5), (0.0, 2.5)],
)


# ---------------------------------------------------------------------------
# the rule as a function, for a number to maximise


def early_stopping(values, min_delta, patience):
    """Early stopping on a number that should go UP (e.g. val_accuracy), replayed."""
    best, best_epoch, wait = -np.inf, 0, 0
    for epoch, value in enumerate(values, start=1):
        if value > best + min_delta:  # an improvement: a new best, the count starts again
            best, best_epoch, wait = value, epoch, 0
        else:
            wait += 1
            if wait >= max(patience, 1):  # patience 0 acts like 1, as in Keras
                return epoch, best_epoch
    return len(values), best_epoch


def _reference_rule(values, min_delta, patience):
    return nnlib_stop(values, min_delta, patience, monitor="val_accuracy")


def _mistaken_rule(
    values,
    min_delta,
    patience,
    *,
    minimise=False,
    ties_improve=False,
    wait_past_patience=False,
    count_from_zero=False,
    never_resets=False,
):
    """:func:`early_stopping` with one mistake a learner might make; the checker must reject each.

    ``minimise``: treats lower as better; ``ties_improve``: ``>=`` instead of ``>``;
    ``wait_past_patience``: stops only once the count passes ``patience`` (0 is not like 1);
    ``count_from_zero``: numbers the epochs from 0; ``never_resets``: the count never goes back
    to 0 after an improvement.
    """
    sign = -1.0 if minimise else 1.0  # lower is better: compare -value, exactly the same test
    best, best_epoch, wait = -np.inf, 0, 0
    start = 0 if count_from_zero else 1
    for epoch, value in enumerate(values, start=start):
        value = sign * value
        if value >= best + min_delta if ties_improve else value > best + min_delta:
            best, best_epoch = value, epoch
            if not never_resets:
                wait = 0
        else:
            wait += 1
            if wait > patience if wait_past_patience else wait >= max(patience, 1):
                return epoch, best_epoch
    return len(values) - 1 + start, best_epoch


_rule_minimises = partial(_mistaken_rule, minimise=True)
_rule_patience_zero = partial(_mistaken_rule, wait_past_patience=True)
_rule_ties_improve = partial(_mistaken_rule, ties_improve=True)
_rule_from_zero = partial(_mistaken_rule, count_from_zero=True)
_rule_never_resets = partial(_mistaken_rule, never_resets=True)


_CURVE = np.array([0.50, 0.60, 0.65, 0.64, 0.66, 0.66, 0.65, 0.64])
_RULE_INPUTS = [
    (_CURVE, 0.0, 2),
    (_CURVE, 0.02, 2),
    (_CURVE, 0.0, 0),
    (_CURVE, 0.0, 1),
    (np.array([0.1, 0.2, 0.3, 0.4, 0.5]), 0.0, 1),
    (np.array([0.70, 0.71, 0.69, 0.72, 0.70, 0.70, 0.73, 0.71, 0.71]), 0.015, 3),
    (np.array([0.80, 0.80, 0.80, 0.81]), 0.0, 3),
]

early_stopping_rule = FunctionExercise(
    "lesson08.early_stopping_rule",
    "early stopping on a number that should go up",
    "The lesson replayed early stopping on `val_loss`, where lower is better. Write "
    "`early_stopping(values, min_delta, patience)` for a number where HIGHER is better, such as "
    "`val_accuracy` (Keras and nnlib pick this mode for any monitor ending in 'accuracy'). "
    "`values` holds one number per epoch. Return `(epochs_trained, best_epoch)`, epochs "
    "numbered from 1: the epoch training stops after (`len(values)` if it never stops) and the "
    "epoch of the last improvement (the weights `restore_best_weights` keeps). As in Keras, an "
    "improvement must beat the best by MORE than `min_delta`, and `patience` 0 acts like 1.",
    solution=early_stopping,
    test_inputs=_RULE_INPUTS,
    reference=_reference_rule,
    hints=(
        "Keep three things as you walk through the epochs: the best value so far (start at "
        "`-np.inf`), the epoch it came from, and how many epochs in a row have not improved.",
        "An epoch improves when `value > best + min_delta`: then it becomes the best and the "
        "count goes back to 0. Otherwise the count goes up by 1, and once it reaches "
        "`max(patience, 1)` training stops after this epoch.",
    ),
    wrong_functions=[_rule_minimises, _rule_patience_zero, _rule_ties_improve, _rule_from_zero, _rule_never_resets],
    answer_name="early_stopping",
    success="That is the rule of Keras's `EarlyStopping(monitor='val_accuracy')`, checked "
    "against nnlib's callback on every test curve.",
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
    from nnlib.exercises import lesson08

    p, y = lesson08.THRESHOLD_PROBS, lesson08.THRESHOLD_LABELS
    # only thresholds at the probabilities themselves can change the predictions
    accuracies = [np.mean((p >= t) == (y == 1)) for t in p]
    threshold = p[int(np.argmax(accuracies))]
    return threshold


best_threshold = PredicateExercise(
    "lesson08.best_threshold",
    "the threshold with the highest accuracy",
    "`lesson08.THRESHOLD_PROBS` holds a binary classifier's predicted probabilities of class 1 "
    "for 16 examples and `lesson08.THRESHOLD_LABELS` their true classes. Class 1 is predicted "
    "where `p >= threshold`. Find a `threshold` that gives the highest accuracy on these 16.",
    answer_names=("threshold",),
    predicate=_check_best_threshold,
    solution=_best_threshold_solution,
    hints=(
        "The accuracy only changes when the threshold crosses one of the 16 probabilities. "
        "Try each probability as the threshold.",
        "`accuracies = [np.mean((p >= t) == (y == 1)) for t in p]`, then take the `t` with the "
        "largest accuracy (`np.argmax`).",
    ),
    wrong_examples=[(0.5,), (0.0,), (1.0,), ("0.4",)],
)


def _precision_recall_solution():
    from nnlib.exercises import lesson08

    p, y = lesson08.THRESHOLD_PROBS, lesson08.THRESHOLD_LABELS
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
    "lesson08.precision_recall",
    "precision and recall at 0.5",
    "With the same 16 examples and the usual threshold 0.5 (class 1 where p >= 0.5), count the "
    "true positives (TP), false positives (FP) and false negatives (FN), then compute "
    "`precision` = TP / (TP + FP) and `recall` = TP / (TP + FN).",
    answer_names=("precision", "recall"),
    solution=_precision_recall_solution,
    hints=(
        "Six examples have p >= 0.5. How many of them are truly class 1? And how many class-1 "
        "examples are there in all?",
        "TP = 5, FP = 1, FN = 4.",
    ),
    wrong_examples=[(5 / 9, 5 / 6), (11 / 16, 11 / 16), (5 / 6, 5 / 16), (1.0, 1.0)],
    diagnose=_precision_recall_diagnose,
    rtol=1e-3,
    success="Precision 5/6: when this model says 'class 1' at 0.5 it is usually right. Recall "
    "5/9: it finds only about half of the class-1 examples. Lowering the threshold trades "
    "some precision for more recall.",
)
