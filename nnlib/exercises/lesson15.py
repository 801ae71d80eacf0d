"""Exercises for lesson 15, training well.

- :data:`stop_early`: choose ``min_delta`` and ``patience`` so that early stopping with
  ``restore_best_weights=True`` keeps the weights of the lowest validation loss of the recorded run
  (epoch 12) and stops as soon as it can with that.
- :data:`diagnose_curves`: three runs' learning curves, each to be named underfitting,
  overfitting or a good fit.

Epochs are numbered from 1 here, as in the lesson's plots; ``nnlib.EarlyStopping``'s attributes
count from 0 (``best_epoch == 11`` is epoch 12).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from nnlib.exercises.core import (
    PredicateExercise,
    Wrong,
    expect_number,
    format_array,
)
from nnlib.training import EarlyStopping

__all__ = [
    "CURVE_RUNS",
    "RECORDED_VAL_LOSS",
    "diagnose_curves",
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
    "lesson15.stop_early",
    "stop early, keep the best",
    "On the recorded run of the lesson (`lesson15.RECORDED_VAL_LOSS`, the curve in the "
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
        "improve, so the patience must outlast them.",
        "And 0.4426 - 0.4408 = 0.0018 is all epoch 12 gains: `min_delta` must be smaller than that. "
        "Then take the smallest patience that still reaches epoch 12.",
    ),
    wrong_examples=[(0.0, 2), (0.002, 5), (0.0, 10), (-0.01, 5), (0.0, 2.5)],
)


# ---------------------------------------------------------------------------
# diagnose learning curves

_EPOCHS = np.arange(1, 41)
#: three runs' learning curves (loss and val_loss by epoch), made up to show the three cases plainly
CURVE_RUNS: dict[str, dict[str, list[float]]] = {
    "run A": {
        "loss": list(2.2 * np.exp(-_EPOCHS / 4) + 0.01),
        "val_loss": list(0.45 + 1.9 * np.exp(-_EPOCHS / 4) + 0.015 * np.maximum(0, _EPOCHS - 10)),
    },
    "run B": {
        "loss": list(0.30 + 1.9 * np.exp(-_EPOCHS / 5)),
        "val_loss": list(0.36 + 1.9 * np.exp(-_EPOCHS / 5)),
    },
    "run C": {
        "loss": list(1.55 + 0.7 * np.exp(-_EPOCHS / 8)),
        "val_loss": list(1.60 + 0.7 * np.exp(-_EPOCHS / 8)),
    },
}
DIAGNOSES = ("underfitting", "overfitting", "good fit")


def _diagnosis(run: dict[str, list[float]]) -> str:
    """Read a run's curves: a high final training loss underfits; a validation loss that ends
    clearly above its minimum overfits; otherwise a good fit."""
    loss, val = np.asarray(run["loss"]), np.asarray(run["val_loss"])
    if loss[-1] > 1.0:
        return "underfitting"
    if val[-1] > 1.2 * val.min():
        return "overfitting"
    return "good fit"


def _check_diagnose_curves(run_a, run_b, run_c) -> str:
    got = []
    for name, answer in zip(("run_a", "run_b", "run_c"), (run_a, run_b, run_c)):
        if not isinstance(answer, str) or answer.strip().lower() not in DIAGNOSES:
            raise Wrong(f'`{name}` must be "underfitting", "overfitting" or "good fit", got {answer!r}.')
        got.append(answer.strip().lower())
    want = [_diagnosis(run) for run in CURVE_RUNS.values()]
    for label, g, w in zip("ABC", got, want):
        if g == w:
            continue
        run = CURVE_RUNS[f"run {label}"]
        end, low = run["val_loss"][-1], min(run["val_loss"])
        if w == "overfitting":
            raise Wrong(
                f"Run {label}: its training loss ends near {run['loss'][-1]:.2f}, and its validation "
                f"loss reached {low:.2f} and then climbed back to {end:.2f}. What does a validation "
                "loss that turns up while the training loss keeps falling mean?"
            )
        if w == "underfitting":
            raise Wrong(
                f"Run {label}: even its own training loss stays at {run['loss'][-1]:.2f} (a uniform "
                "guess over 10 digits costs 2.3). Can the network fit even the training set?"
            )
        raise Wrong(
            f"Run {label}: both losses end low ({run['loss'][-1]:.2f} and {end:.2f}), the validation "
            "loss has not turned up, and the gap is small."
        )
    return (
        "A overfits (the gap grows after its lowest validation loss: stop there, add dropout, or get more data), B is a "
        "good fit (both low, a small steady gap), C underfits (both high and flat: more capacity "
        "or better inputs, not more epochs)."
    )


def _diagnose_curves_solution():
    # A: validation loss turns up while the training loss falls; B: both low, small gap;
    # C: even the training loss stays high
    run_a = "overfitting"
    run_b = "good fit"
    run_c = "underfitting"
    return run_a, run_b, run_c


diagnose_curves = PredicateExercise(
    "lesson15.diagnose_curves",
    "diagnose three runs from their learning curves",
    "The figure shows the learning curves of three runs (`lesson15.CURVE_RUNS`). Name each: "
    '"underfitting", "overfitting" or "good fit".',
    answer_names=("run_a", "run_b", "run_c"),
    predicate=_check_diagnose_curves,
    solution=_diagnose_curves_solution,
    hints=(
        "Look at two things per run: how low the training loss gets, and what the validation "
        "loss does after its lowest point.",
        "A training loss that stays high means the network cannot fit even its own examples. A "
        "validation loss that climbs while the training loss keeps falling is section 1's big network.",
        "Section 1's table lists the signs of each case. The run whose curves are both low, close "
        "together and flat at the end is the one to keep.",
    ),
    wrong_examples=[
        ("good fit", "overfitting", "underfitting"),
        ("overfitting", "underfitting", "good fit"),
        ("underfitting", "good fit", "overfitting"),
        ("overfit", "good fit", "underfitting"),
        (1, 2, 3),
    ],
    minutes=3,
)
