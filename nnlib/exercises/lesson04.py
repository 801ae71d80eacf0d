"""Exercises for lesson 04, learning XOR and any curve.

- ``bump``: two sigmoid units and a linear output that make a bump.
- ``predict_jump``: predict, then move the bump-sum widget on a jump.
"""

from __future__ import annotations

import numpy as np

from nnlib.activations import sigmoid
from nnlib.exercises.core import PredicateExercise, PredictExercise, Wrong, expect_array
from nnlib.exercises.lesson03 import _bias  # a bias vector, or one number for one unit

__all__ = ["bump", "predict_jump"]


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
    "lesson04.bump",
    "a bump from two sigmoids",
    "Build a bump of height 3 from x = 2 to x = 5 with a 1-2-1 network: two sigmoid hidden units "
    "and a linear output, y = sigmoid(x @ W_hidden + b_hidden) @ W_out + b_out. Shapes: `W_hidden` "
    "(1, 2), `b_hidden` (2,), `W_out` (2, 1), `b_out` (1,). Checked: |y - 3| <= 0.3 for x from 2.5 "
    "to 4.5, and |y| <= 0.3 for x below 1.5 or above 5.5.",
    answer_names=("W_hidden", "b_hidden", "W_out", "b_out"),
    predicate=_check_bump,
    solution=_bump_solution,
    hints=(
        "One unit should switch on at x = 2, the other at x = 5. A unit sigmoid(w*x + b) switches (is 0.5) where w*x + b = 0, that is at x = -b/w.",
        "Pick one steepness w = 10 for both units; each bias then follows from its edge and -b/w = edge.",
        "The output adds the first unit and subtracts the second, each times the height 3, with no output bias.",
    ),
    wrong_examples=[
        (np.array([[10.0, 10.0]]), np.array([-20.0, -50.0]), np.array([[-3.0], [3.0]]), np.array([0.0])),
        (np.array([[10.0, 10.0]]), np.array([-2.0, -5.0]), np.array([[3.0], [-3.0]]), np.array([0.0])),
        (np.array([[1.0, 1.0]]), np.array([-2.0, -5.0]), np.array([[3.0], [-3.0]]), np.array([0.0])),
        (np.array([[10.0], [10.0]]), np.array([-20.0, -50.0]), np.array([[3.0], [-3.0]]), np.array([0.0])),
    ],
)


# ---------------------------------------------------------------------------
# predict, then move: bumps against a jump


def _predict_jump_solution():
    # a sum of sigmoids is continuous: near the jump it passes through every value in between
    prediction = "b"
    return prediction


predict_jump = PredictExercise(
    "lesson04.predict_jump",
    "predict how well bumps follow a jump",
    "In the `BumpSum` widget of section 2, pick the target 'jump (not continuous)' and raise "
    "`bumps` from 5 to 60. What does the largest error do?",
    choices={
        "a": "it shrinks towards 0, as for the smooth targets",
        "b": "it stays at about half the jump's height",
        "c": "it grows with the number of bumps",
    },
    solution=_predict_jump_solution,
    move="set `target` to 'jump (not continuous)', drag `bumps` from 5 to 60 and read the largest error; "
    "raise `sharpness` too.",
    why_not={
        "a": "The theorem of section 2 is about continuous targets. What must a continuous curve do where the target jumps?",
        "c": "More bumps never make the best sum worse: the extra ones could have height 0.",
    },
    hints=(
        "Every sigmoid is continuous, so any sum of them is continuous too: it cannot jump.",
        "To get from the low side of the jump to the high side, a continuous curve passes through "
        "every value in between, right next to the jump.",
        "At the point where the curve is halfway up, how far is it from the target on either side?",
    ),
    minutes=3,
)
