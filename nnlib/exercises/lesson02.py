"""Exercises for lesson 02, XOR: solve XOR by hand with a 2-2-1 network, build a bump from two
sigmoids, and count the gates one neuron can compute.

The networks are batch-first, as in ``nnlib``: ``W_hidden[i, j]`` is the weight from input ``i``
to hidden unit ``j``, ``H = sigmoid(X @ W_hidden + b_hidden)``, ``y = f(H @ W_out + b_out)``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnlib.activations import sigmoid
from nnlib.exercises.core import PredicateExercise, ValueExercise, Wrong, expect_array, expect_number

__all__ = ["INPUTS", "XOR", "bump", "count_gates", "xor_by_hand"]

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
    "lesson02.xor_by_hand",
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
        "Split the job into two gates you built with one neuron in lesson 01 (with a sigmoid, use "
        "weights about 10 so it is nearly a step). XOR is 1 when 'at least one input is on' (OR) "
        "AND 'not both are on' (NAND): let h1 compute NAND, h2 compute OR, and the output AND them.",
        "Column j of `W_hidden` holds hidden unit j's two weights. NAND: weights -10, -10 and bias "
        "15; OR: weights 10, 10 and bias -5. For the output 'h1 and h2' use weights 10, 10 and a "
        "bias of -15.",
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
# a bump from two sigmoids

_BUMP_LEFT, _BUMP_RIGHT, _BUMP_HEIGHT = 2.0, 5.0, 3.0
_BUMP_TOL = 0.3
_INSIDE = np.linspace(_BUMP_LEFT + 0.5, _BUMP_RIGHT - 0.5, 41)
_OUTSIDE = np.concatenate([np.linspace(-3.0, _BUMP_LEFT - 0.5, 41), np.linspace(_BUMP_RIGHT + 0.5, 10.0, 41)])


def _one_two_one(x: np.ndarray, W: np.ndarray, b: np.ndarray, V: np.ndarray, c: np.ndarray) -> np.ndarray:
    """1-2-1 network with sigmoid hidden units and a linear output, for inputs x (n,)."""
    return (sigmoid(x[:, None] @ W + b) @ V + c).reshape(-1)


def _crossing(x: np.ndarray, y: np.ndarray, level: float) -> float | None:
    above = y > level
    k = np.flatnonzero(above[1:] != above[:-1])
    return float(x[k[0]]) if len(k) else None


def _check_bump(W_hidden: object, b_hidden: object, W_out: object, b_out: object) -> str:
    W = expect_array("W_hidden", W_hidden, (1, 2))
    b = _bias("b_hidden", b_hidden, 2)
    V = expect_array("W_out", W_out, (2, 1))
    c = _bias("b_out", b_out, 1)
    inside = _one_two_one(_INSIDE, W, b, V, c)
    outside = _one_two_one(_OUTSIDE, W, b, V, c)
    if np.all(np.abs(inside - _BUMP_HEIGHT) <= _BUMP_TOL) and np.all(np.abs(outside) <= _BUMP_TOL):
        return (
            "That is a bump of height 3 from x = 2 to x = 5: two sigmoid units that switch on at "
            "2 and at 5, added with opposite signs. Many such bumps side by side can follow any "
            "continuous curve."
        )
    x = np.linspace(-3.0, 10.0, 1301)
    y = _one_two_one(x, W, b, V, c)
    peak = y[np.argmax(np.abs(y))]
    if peak < -_BUMP_TOL and np.max(y) < _BUMP_TOL:
        raise Wrong(
            "Your bump points down (its largest size is negative). Swap the signs of the two output weights in `W_out`."
        )
    if np.any(W == 0):
        raise Wrong(
            "A hidden unit with weight 0 ignores x and is the same everywhere: it can't make an "
            "edge. Both units need a non-zero weight in `W_hidden`."
        )
    edges = -b / W[0]  # sigmoid(w x + b) is 0.5 where w x + b = 0, i.e. at x = -b / w
    tips = []
    left, right = _crossing(x, y, _BUMP_HEIGHT / 2), None
    above = np.flatnonzero(y > _BUMP_HEIGHT / 2)
    if len(above):
        right = float(x[above[-1]])
    if left is None or right is None:
        tips.append(
            f"Your output never reaches half the height (1.5); its largest value is "
            f"{np.max(y):.2f}. The output weights set the height."
        )
    elif abs(left - _BUMP_LEFT) > 0.25 or abs(right - _BUMP_RIGHT) > 0.25:
        tips.append(
            f"Your bump rises at x = {left:.2f} and falls at x = {right:.2f} (at half height). "
            f"The sigmoid unit sigmoid(w*x + b) switches at x = -b/w; yours switch at "
            f"{edges[0]:.2f} and {edges[1]:.2f}."
        )
    if np.max(y) > 0 and abs(np.max(y) - _BUMP_HEIGHT) > _BUMP_TOL and not tips:
        tips.append(
            f"The top of your bump is at {np.max(y):.2f}, not 3: the output weights are the height (one +, one -)."
        )
    if not tips:
        tips.append(
            "The edges and height are right, but the bump is too soft: inside it (2.5 to 4.5) or "
            "outside it (below 1.5, above 5.5) the output is more than 0.3 away from where it "
            "should be. Make the sigmoids steeper: multiply each unit's weight and bias by the "
            "same number."
        )
    raise Wrong(" ".join(tips))


def _bump_solution():
    # unit 1 switches on at x = 2, unit 2 at x = 5 (sigmoid(10 x - 10 * edge)); the output
    # adds 3 * unit 1 and subtracts 3 * unit 2
    W_hidden = np.array([[10.0, 10.0]])
    b_hidden = np.array([-20.0, -50.0])
    W_out = np.array([[3.0], [-3.0]])
    b_out = np.array([0.0])
    return W_hidden, b_hidden, W_out, b_out


bump = PredicateExercise(
    "lesson02.bump",
    "a bump from two sigmoids",
    "Build a bump of height 3 from x = 2 to x = 5 with a 1-2-1 network: two sigmoid hidden units "
    "and a linear output, y = sigmoid(x @ W_hidden + b_hidden) @ W_out + b_out. Shapes: `W_hidden` "
    "(1, 2), `b_hidden` (2,), `W_out` (2, 1), `b_out` (1,). Checked: |y - 3| <= 0.3 for x from 2.5 "
    "to 4.5, and |y| <= 0.3 for x below 1.5 or above 5.5.",
    answer_names=("W_hidden", "b_hidden", "W_out", "b_out"),
    predicate=_check_bump,
    solution=_bump_solution,
    hints=(
        "One unit should switch on at x = 2, the other at x = 5. A unit sigmoid(w*x + b) switches (is "
        "0.5) where w*x + b = 0, that is at x = -b/w. Then add the first unit and subtract the second, "
        "each times the height.",
        "Pick a steepness w = 10 for both units, so `W_hidden = [[10, 10]]`; the biases are then "
        "-10 * 2 and -10 * 5. The output weights are +3 and -3, and `b_out` is 0.",
    ),
    wrong_examples=[
        (np.array([[10.0, 10.0]]), np.array([-20.0, -50.0]), np.array([[-3.0], [3.0]]), np.array([0.0])),
        (np.array([[10.0, 10.0]]), np.array([-2.0, -5.0]), np.array([[3.0], [-3.0]]), np.array([0.0])),
        (np.array([[1.0, 1.0]]), np.array([-2.0, -5.0]), np.array([[3.0], [-3.0]]), np.array([0.0])),
        (np.array([[10.0], [10.0]]), np.array([-20.0, -50.0]), np.array([[3.0], [-3.0]]), np.array([0.0])),
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
    "lesson02.count_gates",
    "which gates can one neuron compute?",
    "A two-input truth table has 4 rows and an output of 0 or 1 in each, so there are 16 of them "
    "(AND, OR, XOR and 13 more, including 'always 0' and 'copy x1'). How many of the 16 can one "
    "step neuron output = step(w1*x1 + w2*x2 + b) compute? Put the number in `n_gates`.",
    answer_names=("n_gates",),
    solution=_count_gates_solution,
    diagnose=_diagnose_count,
    hints=(
        "A neuron can compute a table exactly when some straight line separates its 1s from its 0s. "
        "Reuse the search over many (w1, w2, b) from the lesson, and loop over all 16 tables.",
        "Only the tables whose 1s sit on one diagonal of the square and whose 0s sit on the other "
        "fail. How many tables are like that?",
    ),
    wrong_examples=[(16,), (15,), (4,), ("14",)],
    success="14 of the 16: every table except XOR and XNOR (its negation), the two whose 1s lie on "
    "one diagonal of the square and 0s on the other.",
)
