"""Exercises for lesson 08, the output layer derived.

- ``output_slopes``: dL/dz of a sigmoid output under cross-entropy and under squared error.
- ``softmax_gradient``: the gradient (P - Y) / n at the logits, for a batch with integer labels.
- ``predict_slowdown``: predict, then move the learning-slowdown widget.
"""

from __future__ import annotations

import numpy as np

from nnlib.activations import softmax
from nnlib.exercises.core import FunctionExercise, PredictExercise, ValueExercise

__all__ = ["output_slopes", "predict_slowdown", "softmax_gradient"]


# ---------------------------------------------------------------------------
# the slope at a sigmoid output, by hand


def _output_slopes_solution():
    z, y = -2.5, 1.0
    p = 1.0 / (1.0 + np.exp(-z))
    slope_ce = p - y  # binary cross-entropy: the p(1 - p) cancels
    slope_se = (p - y) * p * (1.0 - p)  # squared error (p - y)^2 / 2: it does not
    return slope_ce, slope_se


def _diagnose_output_slopes(slope_ce, slope_se):
    ce, se = float(slope_ce), float(slope_se)
    want_ce, want_se = _output_slopes_solution()
    if ce > 0 or se > 0:
        return (
            "A slope here is negative: the output p = 0.076 is below its target 1, so raising z "
            "lowers the loss. Which order did you subtract in?"
        )
    if abs(se - 2 * want_se) < 1e-4:
        return "Off by 2: the squared error here is (p - y)^2 / 2, whose slope has no factor 2."
    if abs(se - want_ce) < 1e-4:
        return "That is the cross-entropy slope again. Squared error keeps the sigmoid's own slope p(1 - p)."
    return None


output_slopes = ValueExercise(
    "lesson08.output_slopes",
    "the slope at a sigmoid output, by hand",
    "A sigmoid output has the weighted input z = -2.5 and the target y = 1: it is confidently wrong. "
    "Compute dL/dz under binary cross-entropy (`slope_ce`) and under squared error "
    "L = (p - y)^2 / 2 (`slope_se`).",
    answer_names=("slope_ce", "slope_se"),
    solution=_output_slopes_solution,
    diagnose=_diagnose_output_slopes,
    rtol=1e-4,
    atol=1e-6,
    hints=(
        "First the output: p = sigmoid(-2.5). Both slopes start from the error p - y.",
        "Section 2 derived both: one of them is the error alone, the other is the error times the "
        "sigmoid's own slope at z.",
        "The sigmoid's slope is p(1 - p). Both answers are negative; compare their sizes: that "
        "ratio is the learning slowdown.",
    ),
    wrong_examples=[(0.924, 0.0648), (-0.924, -0.924), (-0.924, -0.1296), ("-0.92", -0.06)],
    success="Cross-entropy hands back almost the whole error; squared error about 7% of it. "
    "Gradient descent moves z in proportion to these numbers.",
)


# ---------------------------------------------------------------------------
# the output gradient for a batch with integer labels


def output_gradient(Z, labels):
    """dL/dZ of the mean cross-entropy of softmax(Z) against integer labels: (P - Y) / n."""
    n = Z.shape[0]
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    P[np.arange(n), labels] -= 1.0  # subtract the one-hot Y without building it
    return P / n


def _output_gradient_reference(Z, labels):
    Z = np.asarray(Z, dtype=np.float64)
    Y = np.eye(Z.shape[1])[np.asarray(labels)]
    return (softmax(Z) - Y) / Z.shape[0]


def _gradient_not_averaged(Z, labels):
    return _output_gradient_reference(Z, labels) * Z.shape[0]


def _gradient_sign_flipped(Z, labels):
    return -_output_gradient_reference(Z, labels)


def _gradient_without_labels(Z, labels):
    return softmax(Z) / Z.shape[0]


def _gradient_of_probabilities(Z, labels):
    P = softmax(Z)
    return -np.eye(Z.shape[1])[labels] / P / Z.shape[0]  # dL/dP, one step short of z


softmax_gradient = FunctionExercise(
    "lesson08.softmax_gradient",
    "the output gradient for a batch with integer labels",
    "Write `output_gradient(Z, labels)`: `Z` holds the logits of a batch, shape (n, n_classes), "
    "`labels` the true classes as whole numbers, shape (n,). Return dL/dZ, shape (n, n_classes), "
    "for L = the mean over the batch of the cross-entropy of softmax(Z). Logits may be as large as 1000.",
    solution=output_gradient,
    reference=_output_gradient_reference,
    test_inputs=[
        (np.array([[1.0, 2.0, 0.5]]), np.array([1])),
        (np.array([[0.0, 0.0], [3.0, -1.0], [-2.0, 2.0]]), np.array([0, 1, 1])),
        (np.array([[1000.0, 999.0, 0.0], [-5.0, 5.0, 0.0]]), np.array([2, 1])),
    ],
    hints=(
        "Section 2 derived the slope for one example and one-hot targets. What changes for a mean over n examples?",
        "You need softmax(Z) row by row (subtract each row's largest logit first: the inputs go up to "
        "1000), and the one-hot rows Y built from `labels`.",
        "`np.eye(n_classes)[labels]` gives one-hot rows. Combine P and Y as section 2 says, and remember the mean.",
    ),
    wrong_functions=[
        _gradient_not_averaged,
        _gradient_sign_flipped,
        _gradient_without_labels,
        _gradient_of_probabilities,
    ],
    success="This is the first line of every backward pass of a softmax classifier: lesson 11 "
    "starts from exactly this (A - Y) / n.",
)


# ---------------------------------------------------------------------------
# predict, then move: a more saturated start


def _predict_slowdown_solution():
    # at z = 8 the sigmoid's slope p(1 - p) is 0.0003: squared error's first steps are tiny
    prediction = "b"
    return prediction


predict_slowdown = PredictExercise(
    "lesson08.predict_slowdown",
    "predict the slowdown from a more saturated start",
    "In the widget `slowdown` of section 2 (target 0, learning rate 0.5, 300 epochs), squared "
    "error needs 141 epochs from `start z` = 4 to get within 0.1 of the target. Move the start to "
    "z = 8. What happens to squared error's epochs?",
    choices={
        "a": "about the same, 141 or so",
        "b": "many more: it may not get there within the 300 epochs at all",
        "c": "fewer: it starts with a larger error, so it learns faster",
    },
    solution=_predict_slowdown_solution,
    move="drag `start z` from 4 to 8 and read both 'epochs to within 0.1'; look where the dots sit on the slope curves.",
    why_not={
        "a": "The slope each step uses is (p - y) p(1 - p). How does p(1 - p) change from z = 4 to z = 8?",
        "c": "The error grows a little (0.98 to 0.9997), but what multiplies it?",
    },
    hints=(
        "Squared error's slope is (p - y) p(1 - p). Compute p(1 - p) at z = 4 and at z = 8.",
        "p(1 - p) is 0.0177 at z = 4. At z = 8 it is about fifty times smaller.",
        "Each step moves z by about 2 * lr * slope. With a slope fifty times smaller, how long does the plateau last?",
    ),
    minutes=3,
)
