"""Exercises for lesson 01, a single neuron.

- ``and_gate``, ``or_gate``: weights and a bias that make one step neuron
  ``output = step(w1*x1 + w2*x2 + b)`` (``step(z) = 1 if z > 0 else 0``) compute a logic gate,
  checked on the four binary inputs. :func:`check_gate` is reusable for any two-input table
  (lesson 02's NAND uses it).
- ``neuron_function``: write a sigmoid neuron for a whole batch, ``sigmoid(X @ w + b)``.
- ``predict_bias``: predict, then move: what raising the bias does to the decision line.
"""

from __future__ import annotations

import numpy as np

from nnlib.activations import sigmoid
from nnlib.exercises.core import (
    PredictExercise,
    FunctionExercise,
    PredicateExercise,
    Wrong,
    expect_number,
)

__all__ = [
    "BINARY_INPUTS",
    "and_gate",
    "check_gate",
    "neuron_function",
    "or_gate",
    "predict_bias",
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
        "Start with the input (0, 0): there z = b. The neuron must stay silent, so what sign must `b` have? Then think about (1, 1), where z = w1 + w2 + b must be positive.",
        "Try w1 = w2 = 1. Then z is b, 1 + b, 1 + b and 2 + b for the four inputs.",
        "Pick `b` so that only 2 + b is above 0, and none of the four values is exactly 0 (the neuron is undecided there).",
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
        "Keep the weights of your AND neuron. OR should fire as soon as one input is on, so the neuron must fire more easily: lower its threshold -b.",
        "With w1 = w2 = 1, z is b, 1 + b, 1 + b and 2 + b for the four inputs.",
        "Pick `b` so that only the first of those, b itself, is below 0, and none is exactly 0.",
    ),
    wrong_examples=[
        (1.0, 1.0, -1.5),  # computes AND
        (1.0, 1.0, 0.5),  # fires for (0, 0) as well
        (1.0, 0.0, -0.5),  # ignores x2
        (np.array([1.0, 1.0]), 1.0, -0.5),  # an array where a number belongs
    ],
)


# ---------------------------------------------------------------------------
# a sigmoid neuron for a whole batch


def neuron(X, w, b):
    """A sigmoid neuron on a batch: X (n_samples, n_in), w (n_in,), b a number -> (n_samples,)."""
    z = X @ w + b  # one weighted input per sample
    e = np.exp(-np.abs(z))  # the exponent is never positive, so this never overflows
    # 1 / (1 + e^-z) for z >= 0; the same fraction times e^z / e^z, e^z / (e^z + 1), for z < 0
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _neuron_reference(X, w, b):
    return sigmoid(np.asarray(X, dtype=np.float64) @ np.asarray(w, dtype=np.float64) + b)


def _neuron_overflows(X, w, b):
    # lesson 01's sigmoid as it is written: e^-z overflows for z = -1000
    return 1.0 / (1.0 + np.exp(-(X @ w + b)))


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
    "1 / (1 + e^(-z)) yourself with `np.exp`, so that it works for weighted inputs as large as "
    "1000 and as small as -1000 without overflowing (e^1000 is too large for a float).",
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
        (np.array([[1.0, 0.0], [-1.0, 0.0], [0.001, 0.0]]), np.array([1000.0, 5.0]), 0.0),
    ],
    no_overflow=True,
    hints=(
        "Two steps: the weighted inputs z for all rows at once (`X @ w` gives shape (n_samples,); add "
        "`b`), then squash every entry with the sigmoid. Section 1's one-line sigmoid overflows for "
        "z = -1000: e^(-z) = e^1000.",
        "For z < 0, multiply the top and the bottom of 1 / (1 + e^(-z)) by e^z: the same number, "
        "written e^z / (e^z + 1), whose exponent is now negative. For z >= 0 the usual form is safe.",
        "Compute e to the power of minus |z| once for all entries, write both fractions with it, and "
        "choose between them entry by entry with `np.where` on the sign of z.",
    ),
    wrong_functions=[
        _neuron_overflows,
        _neuron_without_bias,
        _neuron_without_activation,
        _neuron_wrong_sign,
        _neuron_sums_over_samples,
    ],
    success="Your neuron handles a whole batch with one matrix product, and any z without "
    "overflowing: this is what nnlib's Dense(units=1, activation='sigmoid') computes, with the same "
    "trick (e to the minus |z|) inside nnlib.sigmoid.",
)


# ---------------------------------------------------------------------------
# predict, then move: the bias shifts the decision line


def _predict_bias_solution():
    # z = 0.8*x1 - 0.4*x2 + b: a larger b makes z larger everywhere, so more points have z > 0
    prediction = "b"
    return prediction


predict_bias = PredictExercise(
    "lesson01.predict_bias",
    "predict what the bias does to the decision line",
    "The neuron of section 3 has w1 = 0.8, w2 = -0.4 and b = 0.1. Keep the weights and raise "
    "the bias from 0.1 to 1.0. What does the decision line z = 0 do?",
    choices={
        "a": "it turns around the origin",
        "b": "it moves parallel to itself, so that more of the plane has z > 0",
        "c": "it moves parallel to itself, so that less of the plane has z > 0",
        "d": "it stays put; only the colours change",
    },
    solution=_predict_bias_solution,
    move="in the widget `plane`, drag `b` from 0.1 to 1.0 (or run `plane.update(b=1.0)`) and "
    "watch the line and the side marked z > 0.",
    why_not={
        "a": "Turning the line is what the weights do: they set its direction.",
        "c": "Think of one point: raising b adds the same amount to z at every point.",
        "d": "The colours follow z, and z changes at every point when b changes.",
    },
    hints=(
        "z = w1*x1 + w2*x2 + b. Which of the three numbers sets the line's direction, and which "
        "one only adds the same amount everywhere?",
        "Raising b adds 0.9 to z at every point of the plane. Points that had z a little below 0 now have z above 0.",
        "So the line z = 0 cannot keep its place, and its direction is set by (w1, w2), which did "
        "not change. Does the region z > 0 grow or shrink?",
    ),
    minutes=3,
)
