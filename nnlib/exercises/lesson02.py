"""Exercises for lesson 02, the bias, the linear unit and learning.

- ``nand_gate``: a step neuron that computes NAND.
- ``threshold_bias``: the bias as minus a threshold.
- ``step_vs_sigmoid``: the slope of the loss of a step and of a sigmoid neuron, by central differences.
- ``predict_step``: predict, then move the step-versus-sigmoid widget.
"""

from __future__ import annotations

import numpy as np

from nnlib.exercises.core import PredicateExercise, PredictExercise, ValueExercise
from nnlib.exercises.lesson01 import check_gate

__all__ = ["STEP_X", "STEP_Y", "nand_gate", "predict_step", "step_vs_sigmoid", "threshold_bias"]


# ---------------------------------------------------------------------------
# NAND


def _nand_gate_solution():
    # the AND neuron with every sign flipped: z = -x1 - x2 + 1.5 is negative only for (1, 1)
    w1, w2, b = -1.0, -1.0, 1.5
    return w1, w2, b


nand_gate = PredicateExercise(
    "lesson02.nand_gate",
    "a neuron that computes NAND",
    "NAND is 'not AND': output 0 only for the input (1, 1), and 1 for (0, 0), (0, 1) and "
    "(1, 0). Choose `w1`, `w2` and `b` so that step(w1*x1 + w2*x2 + b) computes it. "
    "(XOR is the AND of an OR neuron and a NAND neuron: lesson 03 wires such neurons "
    "into a hidden layer.)",
    answer_names=("w1", "w2", "b"),
    predicate=lambda w1, w2, b: check_gate("NAND", np.array([1.0, 1.0, 1.0, 0.0]), w1, w2, b),
    solution=_nand_gate_solution,
    hints=(
        "For (0, 0) the neuron must fire, and there z = b: so `b` is positive. Switching an input on must only ever push the neuron towards silence: what sign do the weights need?",
        "Flipping the sign of all three numbers of a neuron flips the sign of every z, so it fires exactly where it used to stay silent.",
        "NAND fires exactly where AND stays silent. Start from your AND neuron and apply the previous hint.",
    ),
    wrong_examples=[
        (1.0, 1.0, -1.5),  # AND
        (-1.0, -1.0, 0.5),  # NOR: silent as soon as one input is on
        (-1.0, -1.0, 2.0),  # fires for every input
        (1.0, 1.0, 1.5),  # positive weights: fires for every input
    ],
    success="Flipping every sign of a neuron flips its output: NAND fires exactly where AND "
    "does not. The line is the same; the side that fires swapped.",
)


# ---------------------------------------------------------------------------
# the bias as a threshold


def _threshold_bias_solution():
    # z = 0.5*x1 + 0.5*x2 + b > 0  exactly when  (x1 + x2) / 2 > -b,  so -b = 0.6
    b = -0.6
    return b


def _diagnose_threshold(b):
    value = float(b)
    if abs(value - 0.6) < 1e-6:
        return (
            "That neuron fires when the average is above -0.6. z = average + b > 0 means "
            "average > -b: the threshold is minus the bias."
        )
    if abs(value + 1.2) < 1e-6:
        return (
            "That is the threshold for the sum x1 + x2. The weights 0.5 already turn the "
            "weighted sum into the average (x1 + x2) / 2."
        )
    return None


threshold_bias = ValueExercise(
    "lesson02.threshold_bias",
    "the bias is minus the threshold",
    "A neuron has the weights w1 = w2 = 0.5, so its weighted sum w1*x1 + w2*x2 is the "
    "average of x1 and x2. Which bias `b` makes it fire (z > 0) exactly when that average is "
    "above 0.6?",
    answer_names=("b",),
    solution=_threshold_bias_solution,
    diagnose=_diagnose_threshold,
    atol=1e-6,
    hints=(
        "The neuron fires when z = 0.5*x1 + 0.5*x2 + b > 0. Move `b` to the other side of the inequality.",
        "0.5*x1 + 0.5*x2 > -b: the average of the inputs must be above -b. So -b is the threshold.",
        "The threshold asked for is 0.6, and the threshold is minus the bias. Mind the sign.",
    ),
    wrong_examples=[(0.6,), (-1.2,), (0.0,), ("-0.6",)],
    success="The neuron fires when its weighted sum is above -b: a bias of -0.6 is a threshold of 0.6.",
)


# ---------------------------------------------------------------------------
# step versus sigmoid: the slope of the loss, measured

STEP_X = np.array([-2.0, -1.0, -0.5, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0])
"""The inputs of the step-versus-sigmoid widget of lesson 02, section 4."""
STEP_Y = (STEP_X >= 1.0).astype(float)
"""Their targets: 1 for inputs of 1 or more."""


def _step_vs_sigmoid_solution():
    from nnlib.exercises import lesson02  # the widget's data, as a lesson cell reaches it

    x, y = lesson02.STEP_X, lesson02.STEP_Y
    b, w, h = -1.0, 0.2, 1e-4

    def loss(f, w):
        return np.mean((f(w * x + b) - y) ** 2)

    def step(z):
        return np.where(z > 0, 1.0, 0.0)

    def sigmoid(z):
        return 1.0 / (1.0 + np.exp(-z))

    slope_step = (loss(step, w + h) - loss(step, w - h)) / (2 * h)
    slope_sigmoid = (loss(sigmoid, w + h) - loss(sigmoid, w - h)) / (2 * h)
    return slope_step, slope_sigmoid


def _diagnose_step(slope_step, slope_sigmoid):
    got = float(slope_step), float(slope_sigmoid)
    want = _step_vs_sigmoid_solution()
    if abs(got[0]) > 1e-9:
        return (
            "The step's loss does not change at all between w = 0.2 - h and 0.2 + h: no input "
            "crosses z = 0 there. Its slope is exactly 0."
        )
    if abs(got[1] + want[1]) < 1e-3 * abs(want[1]):
        return "The sigmoid's slope has the wrong sign: (L(w + h) - L(w - h)) / (2h), in that order."
    if abs(got[1] - 2 * want[1]) < 1e-3 * abs(want[1]) or abs(2 * got[1] - want[1]) < 1e-3 * abs(want[1]):
        return "Off by a factor 2: divide the difference by 2h, the distance between w - h and w + h."
    return None


step_vs_sigmoid = ValueExercise(
    "lesson02.step_vs_sigmoid",
    "measure the slope of the loss: step against sigmoid",
    "A one-input neuron a = f(w*x + b) with b = -1 is trained on `lesson02.STEP_X`, "
    "`lesson02.STEP_Y` (the data of the widget in section 4), with the loss "
    "L(w) = mean((a - y)**2). At w = 0.2, estimate the slope dL/dw by central differences, "
    "(L(w + h) - L(w - h)) / (2h) with h = 1e-4, once with f = step (`slope_step`) and once with "
    "f = sigmoid (`slope_sigmoid`).",
    answer_names=("slope_step", "slope_sigmoid"),
    solution=_step_vs_sigmoid_solution,
    diagnose=_diagnose_step,
    rtol=1e-4,
    atol=1e-9,
    hints=(
        "Write the loss as a function of the activation and the weight, `loss(f, w)`, that "
        "computes the nine outputs f(w*x + b) and averages their squared errors.",
        "Evaluate it twice for each activation, at 0.2 + h and at 0.2 - h; the difference "
        "divided by 2h is the slope. `nnlib.step` and `nnlib.sigmoid` are the two activations.",
        "For the step, ask first whether any input x has w*x + b = 0 for a w between 0.1999 and "
        "0.2001. For the sigmoid the number is negative: raising w lowers the loss.",
    ),
    wrong_examples=[(0.1, -0.06), (0.0, 0.06), ("0", -0.06), (0.0, np.nan)],
    success="The step's slope is 0: gradient descent would not know which way to move w. The "
    "sigmoid's slope is small but not 0, and its sign says 'raise w'.",
)


def _predict_step_solution():
    # no input crosses z = w*x - 1 = 0 for w between 0.2 and 0.3 (the nearest is x = 3 at w = 1/3)
    prediction = "b"
    return prediction


predict_step = PredictExercise(
    "lesson02.predict_step",
    "predict the step neuron's loss",
    "In the step-versus-sigmoid widget of section 4, move the weight w from 0.2 to 0.3. What does "
    "the step neuron's loss do?",
    choices={
        "a": "it falls a little, like the sigmoid's",
        "b": "it stays exactly the same",
        "c": "it jumps down by one stair",
    },
    solution=_predict_step_solution,
    move="drag `weight w` from 0.2 to 0.3 and read both losses; then go on to 0.35.",
    why_not={
        "a": "The step's output is 0 or 1: it cannot change a little.",
        "c": "A stair comes only where some input crosses z = w*x + b = 0. Does one cross between w = 0.2 and 0.3?",
    },
    hints=(
        "The step's output changes only when z = w*x + b crosses 0 for some input x.",
        "With b = -1, the input x crosses z = 0 at w = 1/x. The inputs are listed in `lesson02.STEP_X`.",
        "Work out 1/x for the positive inputs and see whether any lies between 0.2 and 0.3.",
    ),
    minutes=3,
)
