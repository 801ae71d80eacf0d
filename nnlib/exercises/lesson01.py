"""Exercises for lesson 01, a single neuron.

- ``and_gate``, ``or_gate``, ``nand_gate``: weights and a bias that make one step neuron
  ``output = step(w1*x1 + w2*x2 + b)`` (``step(z) = 1 if z > 0 else 0``) compute a logic gate,
  checked on the four binary inputs. :func:`check_gate` is reusable for any two-input table.
- ``threshold_bias``: the bias as minus a threshold: fire only when the average input is above 0.6.
- ``neuron_function``: write a sigmoid neuron for a whole batch, ``sigmoid(X @ w + b)``.
"""

from __future__ import annotations

import numpy as np

from nnlib.activations import sigmoid
from nnlib.exercises.core import (
    FunctionExercise,
    PredicateExercise,
    ValueExercise,
    Wrong,
    expect_number,
)

__all__ = [
    "BINARY_INPUTS",
    "and_gate",
    "check_gate",
    "nand_gate",
    "neuron_function",
    "or_gate",
    "threshold_bias",
]

BINARY_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
"""The four inputs (x1, x2) of a two-input truth table, shape (4, 2)."""

# |z| below this counts as "on the decision line", where a step neuron is undecided
_ON_LINE = 1e-9


def _truth_table(z: np.ndarray, out: np.ndarray, target: np.ndarray, gate: str) -> str:
    rows = [f"  x1  x2 |       z | yours | {gate}"]
    for (x1, x2), zi, oi, ti in zip(BINARY_INPUTS, z, out, target):
        if abs(zi) < _ON_LINE:
            mark = "   <- on the line"
        elif oi != ti:
            mark = "   <- wrong"
        else:
            mark = ""
        rows.append(f"  {x1:2.0f}  {x2:2.0f} | {zi:7.3f} | {oi:5.0f} | {ti:3.0f}{mark}")
    return "\n".join(rows)


def check_gate(gate: str, target: np.ndarray, w1: object, w2: object, b: object) -> str:
    """Check that the step neuron with ``w1, w2, b`` outputs ``target`` on :data:`BINARY_INPUTS`.

    Parameters
    ----------
    gate : str
        The gate's name, for messages ("AND").
    target : ndarray, shape (4,)
        The wanted outputs, 0 or 1, for the inputs (0, 0), (0, 1), (1, 0), (1, 1).
    w1, w2, b : float
        The learner's weights and bias.

    Returns
    -------
    str
        A success message.

    Raises
    ------
    Wrong
        With the neuron's truth table and what to change, if any output differs or an input
        lies exactly on the decision line.
    """
    weights = np.array([expect_number("w1", w1), expect_number("w2", w2)])
    bias = expect_number("b", b)
    z = BINARY_INPUTS @ weights + bias  # (4, 2) @ (2,) + () -> (4,)
    out = (z > 0).astype(np.float64)
    on_line = np.abs(z) < _ON_LINE
    if on_line.any():
        points = " and ".join(f"({x1:.0f}, {x2:.0f})" for x1, x2 in BINARY_INPUTS[on_line])
        raise Wrong(
            f"For {points} the weighted input z = w1*x1 + w2*x2 + b is exactly 0: "
            "right on the decision line, where a step neuron is undecided. "
            "Move the line a little (change `b`) so that no input lies on it.",
            _truth_table(z, out, target, gate),
        )
    wrong = out != target
    if not wrong.any():
        return (
            f"Your neuron computes {gate}: z > 0 exactly for the inputs where {gate} is 1. "
            "The line w1*x1 + w2*x2 + b = 0 separates them from the others."
        )
    fires_wrongly = wrong & (target == 0)
    silent_wrongly = wrong & (target == 1)
    tips = []
    if fires_wrongly[0]:
        tips.append(
            "For (0, 0) both inputs are off, so z = b alone: with this `b` the neuron fires "
            "when nothing is on. Which sign must `b` have?"
        )
    elif fires_wrongly.any():
        tips.append(
            "Where it fires but should not, z must become negative: the neuron fires too "
            "easily, so its threshold (-b) is too low."
        )
    if silent_wrongly[0]:
        tips.append(
            "For (0, 0) both inputs are off, so z = b alone: with this `b` the neuron stays "
            "silent when nothing is on. Which sign must `b` have?"
        )
    elif silent_wrongly.any():
        tips.append(
            "Where it stays silent but should fire, z must become positive: the weights of "
            "the inputs that are on, plus b, must add up to more than 0."
        )
    # does switching an input on only ever turn the output on (AND, OR) or only off (NAND)?
    t = np.asarray(target).reshape(2, 2)  # t[x1, x2]
    rising = bool(np.all(t[1] >= t[0]) and np.all(t[:, 1] >= t[:, 0]))
    falling = bool(np.all(t[1] <= t[0]) and np.all(t[:, 1] <= t[:, 0]))
    if rising and min(weights) < 0:
        tips.append(
            "A negative weight makes switching that input on push the neuron away from "
            f"firing; in {gate} an input that turns on never turns the output off."
        )
    if falling and max(weights) > 0:
        tips.append(
            "A positive weight makes switching that input on push the neuron towards "
            f"firing; in {gate} an input that turns on never turns the output on."
        )
    n = int(wrong.sum())
    message = f"Your neuron gives the wrong output for {n} of the 4 inputs. " + " ".join(tips)
    raise Wrong(message, _truth_table(z, out, target, gate))


# ---------------------------------------------------------------------------
# AND


def _and_gate_solution():
    # fire only when both inputs are on: z = x1 + x2 - 1.5 is positive only for (1, 1)
    w1, w2, b = 1.0, 1.0, -1.5
    return w1, w2, b


and_gate = PredicateExercise(
    "lesson01.and_gate",
    "a neuron that computes AND",
    "Choose the weights `w1`, `w2` and the bias `b` so that the neuron "
    "output = step(w1*x1 + w2*x2 + b) computes x1 AND x2: output 1 for the input (1, 1) "
    "and 0 for (0, 0), (0, 1) and (1, 0).",
    answer_names=("w1", "w2", "b"),
    predicate=lambda w1, w2, b: check_gate("AND", np.array([0.0, 0.0, 0.0, 1.0]), w1, w2, b),
    solution=_and_gate_solution,
    hints=(
        "Start with the input (0, 0): there z = b. The neuron must stay silent, so what sign "
        "must `b` have? Then think about (1, 1), where z = w1 + w2 + b must be positive.",
        "Try w1 = w2 = 1. Then z is b, 1 + b, 1 + b and 2 + b for the four inputs. Pick `b` so "
        "that only 2 + b is above 0 (and none of them is exactly 0).",
    ),
    wrong_examples=[
        (1.0, 1.0, -0.5),  # computes OR
        (1.0, 1.0, -1.0),  # (0, 1) and (1, 0) sit exactly on the decision line
        (1.0, 1.0, 0.5),  # fires for every input
        (-1.0, -1.0, 1.5),  # NAND
        (1, 1, "-1.5"),  # a string
    ],
)


# ---------------------------------------------------------------------------
# OR


def _or_gate_solution():
    # fire when at least one input is on: z = x1 + x2 - 0.5 is negative only for (0, 0)
    w1, w2, b = 1.0, 1.0, -0.5
    return w1, w2, b


or_gate = PredicateExercise(
    "lesson01.or_gate",
    "a neuron that computes OR",
    "Now make the same neuron compute x1 OR x2: output 0 for the input (0, 0) and 1 for "
    "(0, 1), (1, 0) and (1, 1). Only the threshold has to move.",
    answer_names=("w1", "w2", "b"),
    predicate=lambda w1, w2, b: check_gate("OR", np.array([0.0, 1.0, 1.0, 1.0]), w1, w2, b),
    solution=_or_gate_solution,
    hints=(
        "Keep the weights of your AND neuron. OR should fire as soon as one input is on, so "
        "the neuron must fire more easily: lower its threshold -b.",
        "With w1 = w2 = 1, z is b, 1 + b, 1 + b and 2 + b. Pick `b` so that only the first one, b, is below 0.",
    ),
    wrong_examples=[
        (1.0, 1.0, -1.5),  # computes AND
        (1.0, 1.0, 0.5),  # fires for (0, 0) as well
        (1.0, 0.0, -0.5),  # ignores x2
        (np.array([1.0, 1.0]), 1.0, -0.5),  # an array where a number belongs
    ],
)


# ---------------------------------------------------------------------------
# NAND


def _nand_gate_solution():
    # the AND neuron with every sign flipped: z = -x1 - x2 + 1.5 is negative only for (1, 1)
    w1, w2, b = -1.0, -1.0, 1.5
    return w1, w2, b


nand_gate = PredicateExercise(
    "lesson01.nand_gate",
    "a neuron that computes NAND",
    "NAND is 'not AND': output 0 only for the input (1, 1), and 1 for (0, 0), (0, 1) and "
    "(1, 0). Choose `w1`, `w2` and `b` so that step(w1*x1 + w2*x2 + b) computes it. "
    "(XOR is the AND of an OR neuron and a NAND neuron: lesson 02 wires such neurons "
    "into a hidden layer.)",
    answer_names=("w1", "w2", "b"),
    predicate=lambda w1, w2, b: check_gate("NAND", np.array([1.0, 1.0, 1.0, 0.0]), w1, w2, b),
    solution=_nand_gate_solution,
    hints=(
        "For (0, 0) the neuron must fire, and there z = b: so `b` is positive. Switching an "
        "input on must only ever push the neuron towards silence: what sign do the weights need?",
        "Take your AND neuron (w1 = w2 = 1, b = -1.5) and flip the sign of all three numbers: "
        "every z changes sign, so the neuron fires exactly where it used to stay silent.",
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
    "lesson01.threshold_bias",
    "the bias is minus the threshold",
    "A neuron has the weights w1 = w2 = 0.5, so its weighted sum w1*x1 + w2*x2 is the "
    "average of x1 and x2. Which bias `b` makes it fire (z > 0) exactly when that average is "
    "above 0.6?",
    answer_names=("b",),
    solution=_threshold_bias_solution,
    diagnose=_diagnose_threshold,
    atol=1e-6,
    hints=(
        "The neuron fires when z = 0.5*x1 + 0.5*x2 + b > 0. Move `b` to the other side: "
        "0.5*x1 + 0.5*x2 > -b. What must -b be?",
        "The threshold is 0.6 and the threshold is -b.",
    ),
    wrong_examples=[(0.6,), (-1.2,), (0.0,), ("-0.6",)],
    success="The neuron fires when its weighted sum is above -b: a bias of -0.6 is a threshold of 0.6.",
)


# ---------------------------------------------------------------------------
# a sigmoid neuron for a whole batch


def neuron(X, w, b):
    """A sigmoid neuron on a batch: X (n_samples, n_in), w (n_in,), b a number -> (n_samples,)."""
    z = X @ w + b  # one weighted input per sample
    return 1.0 / (1.0 + np.exp(-z))


def _neuron_reference(X, w, b):
    return sigmoid(np.asarray(X, dtype=np.float64) @ np.asarray(w, dtype=np.float64) + b)


def _neuron_without_bias(X, w, b):
    return 1.0 / (1.0 + np.exp(-(X @ w)))


def _neuron_without_activation(X, w, b):
    return X @ w + b


def _neuron_wrong_sign(X, w, b):
    return 1.0 / (1.0 + np.exp(X @ w + b))


def _neuron_sums_over_samples(X, w, b):
    return 1.0 / (1.0 + np.exp(-(np.sum(X * w, axis=0) + b)))


neuron_function = FunctionExercise(
    "lesson01.neuron_function",
    "write a sigmoid neuron for a batch",
    "Write `neuron(X, w, b)` that returns the outputs sigmoid(z) of one neuron for every row "
    "of `X` at once: `X` has shape (n_samples, n_in), `w` shape (n_in,), `b` is a number, and "
    "z = x·w + b for each row x. Return an array of shape (n_samples,). Write the sigmoid "
    "1 / (1 + e^(-z)) yourself with `np.exp`.",
    solution=neuron,
    reference=_neuron_reference,
    test_inputs=[
        (np.array([[1.0, 0.5, -1.0]]), np.array([0.8, -0.4, 0.3]), 0.1),
        (
            np.array([[0.0, 1.0, 2.0], [1.0, 1.0, 1.0], [-2.0, 0.5, 0.0], [3.0, -1.0, 0.5]]),
            np.array([0.5, -1.0, 0.25]),
            -0.5,
        ),
        (np.zeros((2, 3)), np.array([1.0, 2.0, 3.0]), 2.0),
    ],
    hints=(
        "`X @ w` multiplies every row of `X` by `w` and adds up: shape (n_samples, n_in) @ "
        "(n_in,) gives (n_samples,). Add `b`, then squash with the sigmoid.",
        "Two lines: `z = X @ w + b`, then `return 1.0 / (1.0 + np.exp(-z))`.",
    ),
    wrong_functions=[
        _neuron_without_bias,
        _neuron_without_activation,
        _neuron_wrong_sign,
        _neuron_sums_over_samples,
    ],
    success="Your neuron handles a whole batch in one line of matrix maths: this is exactly "
    "what nnlib's Dense(units=1, activation='sigmoid') computes.",
)
