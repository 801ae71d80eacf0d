"""Exercises for lesson 03, XOR: solve XOR by hand with a 2-2-1 network, count the gates one
neuron can compute, and predict what two identical hidden units allow (lesson 04's bump reuses
:func:`_bias`).

The networks are batch-first, as in ``nnlib``: ``W_hidden[i, j]`` is the weight from input ``i``
to hidden unit ``j``, ``H = sigmoid(X @ W_hidden + b_hidden)``, ``y = f(H @ W_out + b_out)``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnlib.activations import sigmoid
from nnlib.exercises.core import PredicateExercise, PredictExercise, ValueExercise, Wrong, expect_array, expect_number

__all__ = ["INPUTS", "XOR", "count_gates", "predict_collapse", "xor_by_hand"]

INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
"""The four inputs (x1, x2), shape (4, 2)."""
XOR = np.array([0, 1, 1, 0])
"""x1 XOR x2 for those inputs."""


def _bias(name: str, value: Any, n: int) -> np.ndarray:
    """A bias vector of n entries; for n = 1 a plain number is accepted too."""
    try:
        ndim = np.ndim(value)
    except Exception:  # a ragged list: expect_array says what is wrong with it
        ndim = -1
    if n == 1 and ndim == 0 and not isinstance(value, str):
        return np.array([expect_number(name, value)])
    return expect_array(name, value, (n,))


# ---------------------------------------------------------------------------
# XOR by hand


def _xor_table(H: np.ndarray, y: np.ndarray) -> str:
    rows = ["  x1  x2 |    h1     h2 |     y | yours | XOR"]
    for (x1, x2), (h1, h2), yi, t in zip(INPUTS, H, y, XOR):
        out = int(yi > 0.5)
        mark = "   <- on the threshold" if abs(yi - 0.5) < 1e-9 else ("   <- wrong" if out != t else "")
        rows.append(f"  {x1:2.0f}  {x2:2.0f} | {h1:5.3f}  {h2:5.3f} | {yi:5.3f} | {out:5d} | {t:3d}{mark}")
    return "\n".join(rows)


def _check_xor(W_hidden: object, b_hidden: object, W_out: object, b_out: object) -> str:
    W = expect_array("W_hidden", W_hidden, (2, 2))
    b = _bias("b_hidden", b_hidden, 2)
    V = expect_array("W_out", W_out, (2, 1))
    c = _bias("b_out", b_out, 1)
    H = sigmoid(INPUTS @ W + b)  # (4, 2): each input's point in the hidden plane
    y = sigmoid(H @ V + c).reshape(-1)  # (4,)
    table = _xor_table(H, y)
    if np.any(np.abs(y - 0.5) < 1e-9):
        raise Wrong(
            "For at least one input the output is exactly 0.5, right on the threshold, where "
            "the network is undecided. Nudge `b_out` a little.",
            table,
        )
    out = (y > 0.5).astype(int)
    wrong = out != XOR
    gates = {tuple(int(v) for v in column) for column in (H > 0.5).T}
    if not wrong.any() and gates == {_OR, _AND}:
        raise Wrong(
            "Your network computes XOR, but with the lesson's own solution: one hidden unit "
            "is OR and the other AND. Find a different one: for example let a hidden unit "
            "compute NAND (1 unless both inputs are on). Which two gates in the hidden layer "
            "then make XOR easy for the output?",
            table,
        )
    if not wrong.any():
        margin = float(np.min(np.abs(y - 0.5)))
        note = ""
        if margin < 0.1:
            note = (
                f" It is right, but only just: the output closest to the threshold is "
                f"{0.5 + np.copysign(margin, y[np.argmin(np.abs(y - 0.5))] - 0.5):.3f}. Larger "
                "weights (with the biases scaled along) make the sigmoids steeper and the answers "
                "clearer."
            )
        return (
            "Your network computes XOR. Its hidden layer moved the four points so that one line "
            "in the hidden plane separates the 1s from the 0s." + note
        )
    if wrong.all():
        raise Wrong(
            "Every output is the opposite of XOR: your network computes XNOR (1 when the inputs "
            "are equal). The output unit is on the wrong side of its own line: flip the signs of "
            "`W_out` and `b_out` (sigmoid(-z) = 1 - sigmoid(z)).",
            table,
        )
    if np.allclose(W[:, 0], W[:, 1]) and np.isclose(b[0], b[1]):
        raise Wrong(
            "Your two hidden units have the same weights and bias, so h1 = h2 for every input: "
            "the hidden plane collapses onto its diagonal, and the network can do no more than "
            "one neuron. Give the two units different jobs, e.g. one that fires for 'at least "
            "one input on' (OR) and one for 'not both on' (NAND).",
            table,
        )
    n = int(wrong.sum())
    tips = []
    if np.ptp(y) < 0.2:
        tips.append(
            "The four outputs are all close together: the weights may be too small for the "
            "sigmoids to bend anything; try weights around 10 with matching biases."
        )
    tips.append(
        "Check the hidden layer first: in the table, do h1 and h2 each behave like a simple "
        "gate (close to 0 or 1, in a pattern)? Then ask which line in the (h1, h2) plane puts "
        "(0, 1) and (1, 0) on one side and (0, 0), (1, 1) on the other, and set `W_out`, "
        "`b_out` to that line."
    )
    raise Wrong(f"Your network gives the wrong output for {n} of the 4 inputs. " + " ".join(tips), table)


#: the hidden-unit truth tables of the lesson's own solution, over the inputs in INPUTS order
_OR, _AND = (0, 1, 1, 1), (0, 0, 0, 1)


def _xor_by_hand_solution():
    # h1 = NAND (fires unless x1 + x2 > 1.5), h2 = OR (fires if x1 + x2 > 0.5); y = h1 AND h2
    W_hidden = np.array([[-10.0, 10.0], [-10.0, 10.0]])
    b_hidden = np.array([15.0, -5.0])
    W_out = np.array([[10.0], [10.0]])
    b_out = np.array([-15.0])
    return W_hidden, b_hidden, W_out, b_out


xor_by_hand = PredicateExercise(
    "lesson03.xor_by_hand",
    "solve XOR by hand",
    "Choose the 9 parameters of the 2-2-1 network h = sigmoid(x @ W_hidden + b_hidden), "
    "y = sigmoid(h @ W_out + b_out) so that it computes XOR: y > 0.5 for the inputs (0, 1) and "
    "(1, 0), y < 0.5 for (0, 0) and (1, 1). Shapes as in nnlib: `W_hidden` (2, 2) with "
    "`W_hidden[i, j]` from input i to hidden unit j, `b_hidden` (2,), `W_out` (2, 1), `b_out` (1,). "
    "Find a solution different from the lesson's (where h1 is OR and h2 is AND).",
    answer_names=("W_hidden", "b_hidden", "W_out", "b_out"),
    predicate=_check_xor,
    solution=_xor_by_hand_solution,
    hints=(
        "Split the job into two gates you built with one neuron in lessons 01 and 02. XOR is 1 when 'at least one input is on' (OR) AND 'not both are on' (NAND).",
        "Let h1 compute NAND and h2 OR, then let the output compute h1 AND h2. With a sigmoid, scale lesson 01's step weights by about 10 so that it is nearly a step.",
        "Column j of `W_hidden` holds hidden unit j's two weights and `b_hidden[j]` its bias. Write each gate's weights and bias from lessons 01 and 02, times 10, into its place.",
    ),
    wrong_examples=[
        # the lesson's own solution (h1 = OR, h2 = AND): right, but not the learner's own
        (
            np.array([[10.0, 10.0], [10.0, 10.0]]),
            np.array([-5.0, -15.0]),
            np.array([[10.0], [-10.0]]),
            np.array([-5.0]),
        ),
        # two identical hidden units (both OR): no better than one neuron
        (np.array([[10.0, 10.0], [10.0, 10.0]]), np.array([-5.0, -5.0]), np.array([[10.0], [-10.0]]), np.array([-5.0])),
        # XNOR: the output's signs flipped
        (np.array([[10.0, 10.0], [10.0, 10.0]]), np.array([-5.0, -15.0]), np.array([[-10.0], [10.0]]), np.array([5.0])),
        # W_out as a row instead of a column
        (np.array([[10.0, 10.0], [10.0, 10.0]]), np.array([-5.0, -15.0]), np.array([[10.0, -10.0]]), np.array([-5.0])),
        # weights too small: every output near 0.45
        (np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([-0.5, -1.5]), np.array([[1.0], [-1.0]]), np.array([-0.5])),
    ],
)


# ---------------------------------------------------------------------------
# how many of the 16 two-input gates can one neuron compute?


def _count_gates_solution():
    # try every truth table (16 of them) against a grid of step neurons
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    values = np.linspace(-2.0, 2.0, 17)
    w1, w2, b = (a.ravel() for a in np.meshgrid(values, values, values))
    outputs = (np.outer(w1, X[:, 0]) + np.outer(w2, X[:, 1]) + b[:, None] > 0).astype(int)
    tables = np.array([[(k >> i) & 1 for i in range(4)] for k in range(16)])
    n_gates = sum(bool(np.any(np.all(outputs == t, axis=1))) for t in tables)
    return n_gates


def _diagnose_count(n_gates: object) -> str | None:
    n = expect_number("n_gates", n_gates)
    if n == 16:
        return (
            "16 would mean every truth table, XOR included; but the lesson showed that no line separates XOR's points."
        )
    if n == 15:
        return (
            "XOR is not the only one. Which gate gives the opposite answer of XOR for every input? "
            "It has the same problem."
        )
    if n < 8:
        return (
            "There are 16 possible truth tables for two inputs (2 outputs for each of 4 rows: "
            "2**4). Count all of them, not only the named gates, and include the two constant ones "
            "and the ones that copy or negate one input."
        )
    if n > 16:
        return "There are only 2**4 = 16 different truth tables for two inputs."
    return None


count_gates = ValueExercise(
    "lesson03.count_gates",
    "which gates can one neuron compute?",
    "A two-input truth table has 4 rows and an output of 0 or 1 in each, so there are 16 of them "
    "(AND, OR, XOR and 13 more, including 'always 0' and 'copy x1'). How many of the 16 can one "
    "step neuron output = step(w1*x1 + w2*x2 + b) compute? Put the number in `n_gates`.",
    answer_names=("n_gates",),
    solution=_count_gates_solution,
    diagnose=_diagnose_count,
    hints=(
        "A neuron can compute a table exactly when some straight line separates its 1s from its 0s. There are 2^4 = 16 tables of two inputs.",
        "Either reason it out, or reuse the lesson's search over many (w1, w2, b) and loop over all 16 tables, counting those some neuron on the grid computes.",
        "Only the tables whose 1s sit on one diagonal of the square and whose 0s sit on the other fail. Count those, and subtract.",
    ),
    wrong_examples=[(16,), (15,), (4,), ("14",)],
    success="14 of the 16: every table except XOR and XNOR (its negation), the two whose 1s lie on "
    "one diagonal of the square and 0s on the other.",
)


# ---------------------------------------------------------------------------
# predict, then move: two identical hidden units


def _predict_collapse_solution():
    # h1 = h2 for every input: the output sees one number, (v1 + v2) * h + c, rising with h
    prediction = "b"
    return prediction


predict_collapse = PredictExercise(
    "lesson03.predict_collapse",
    "predict what the output layer can do with two identical hidden units",
    "Load 'start: two identical hidden units' in the widget `xor_widget` of section 3: both "
    "hidden units compute the same soft OR. Now you may move only the output layer's `v1`, `v2` "
    "and `c`. What is the best count you can reach?",
    choices={"a": "4 of 4, with the right output weights", "b": "3 of 4 at most", "c": "2 of 4 at most"},
    solution=_predict_collapse_solution,
    move="load the preset, then try every `v1`, `v2` and `c` you like and watch the count and the "
    "hidden plane: all four points sit on its diagonal.",
    why_not={
        "a": "In the hidden plane the four points lie on one straight line, with (0, 1) and (1, 0) between "
        "the other two. Can one line cut the middle out of a row of points?",
        "c": "One line can still separate (0, 0) from the other three.",
    },
    hints=(
        "With h1 = h2 the output is sigmoid((v1 + v2) * h + c): it depends on one number h only.",
        "Along h the inputs come in the order (0, 0), then (0, 1) and (1, 0) together, then (1, 1). "
        "The targets in that order are 0, 1, 1, 0.",
        "A function that only rises (or only falls) with h can cut that row of targets once. "
        "How many of the four can it get right at best?",
    ),
    minutes=3,
)
