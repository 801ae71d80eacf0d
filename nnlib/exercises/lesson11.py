"""Exercises for lesson 11, backpropagation.

- :data:`chain_rule`: two derivatives of a chain of two sigmoid neurons, by hand.
- :data:`best_change`: predict which single change raises an output neuron's activation most
  (its bias, one weight, or one input activation), then compare with the lesson's three panels.

The exercises on backpropagation in code are in :mod:`nnlib.exercises.lesson12`.
"""

from __future__ import annotations

import numpy as np

from nnlib.activations import sigmoid
from nnlib.exercises.core import PredicateExercise, ValueExercise, Wrong

__all__ = ["best_change", "chain_rule", "change_slopes"]


# ---------------------------------------------------------------------------
# 1. the chain rule by hand


def _chain_rule_solution():
    # x -> a1 = σ(w1 x + b1) -> a2 = σ(w2 a1 + b2) -> C = (a2 - y)**2
    x, y = 2.0, 1.0
    w1, b1, w2, b2 = 0.5, -1.0, 2.0, -1.0
    a1 = 1 / (1 + np.exp(-(w1 * x + b1)))  # z1 = 0, so a1 = 0.5
    a2 = 1 / (1 + np.exp(-(w2 * a1 + b2)))  # z2 = 0, so a2 = 0.5
    dC_da2 = 2 * (a2 - y)  # -1
    dC_dz2 = dC_da2 * a2 * (1 - a2)  # times σ'(z2) = 0.25
    dC_dw2 = dC_dz2 * a1  # ∂z2/∂w2 = a1
    dC_dz1 = dC_dz2 * w2 * a1 * (1 - a1)  # ∂z2/∂a1 = w2, then σ'(z1) = 0.25
    dC_dw1 = dC_dz1 * x  # ∂z1/∂w1 = x
    return dC_dw2, dC_dw1


def _chain_rule_diagnose(dC_dw2, dC_dw1) -> str | None:
    got = np.array([float(dC_dw2), float(dC_dw1)])
    if np.allclose(got, [0.125, 0.25]):
        return (
            "Both have the wrong sign. a2 = 0.5 is below the target 1, so raising the weights "
            "lowers the cost: the slopes are negative. ∂C/∂a2 = 2 (a2 − y), not 2 (y − a2)."
        )
    if np.allclose(got, [-0.0625, -0.125]):
        return "Both are half the right size: the derivative of (a2 − y)² is 2 (a2 − y)."
    if np.isclose(got[0], -0.5):
        return (
            "`dC_dw2` is missing a factor: between C and w2 sits the sigmoid of neuron 2, whose "
            "slope σ'(z2) = a2 (1 − a2) multiplies the chain."
        )
    if np.isclose(got[1], -1.0) or np.isclose(got[1], -0.5):
        return (
            "`dC_dw1` is missing a factor σ'(z): every neuron the chain passes through "
            "contributes its slope σ'(z) = a (1 − a), neuron 1 as well as neuron 2."
        )
    if np.isclose(got[1], -0.125):
        return "`dC_dw1` is missing the last factor, ∂z1/∂w1: z1 = w1·x + b1 grows by x = 2 when w1 grows by 1."
    return None


chain_rule = ValueExercise(
    "lesson11.chain_rule",
    "the chain rule by hand",
    "A chain of two sigmoid neurons: z1 = w1·x + b1, a1 = σ(z1), z2 = w2·a1 + b2, a2 = σ(z2), "
    "with the cost C = (a2 − y)² for one example x = 2.0, y = 1.0. The parameters are w1 = 0.5, "
    "b1 = −1.0, w2 = 2.0, b2 = −1.0 (they make z1 = z2 = 0, so the numbers come out round). "
    "Compute `dC_dw2` = ∂C/∂w2 and `dC_dw1` = ∂C/∂w1 with the chain rule. Remember "
    "σ'(z) = σ(z)(1 − σ(z)).",
    answer_names=("dC_dw2", "dC_dw1"),
    solution=_chain_rule_solution,
    hints=(
        "Forward first: compute z1, a1, z2 and a2 (the numbers are chosen so that both z are 0, and σ(0) = 0.5).",
        "Then backward from the cost: ∂C/∂a2 = 2 (a2 − y), and each sigmoid on the way contributes "
        "σ'(z) = a (1 − a), which is 0.25 at z = 0.",
        "∂C/∂w2 is a product of three factors: ∂C/∂a2, σ'(z2) and the input that w2 multiplies. "
        "For w1 the chain goes on through w2, σ'(z1) and x: multiply those in too.",
    ),
    wrong_examples=[
        (0.125, 0.25),  # sign flipped
        (-0.0625, -0.125),  # forgot the 2
        (-0.5, -1.0),  # forgot every σ'
        (-0.125, -0.5),  # forgot σ'(z1)
        (-0.125, -0.125),  # forgot x
        ("-0.125", -0.25),  # a string
    ],
    diagnose=_chain_rule_diagnose,
    rtol=1e-4,
    success="Each factor is local: a derivative of one small step of the chain. Backpropagation "
    "computes ∂C/∂z2 = −0.25 once and reuses it for w2 and for everything before neuron 2.",
)


# ---------------------------------------------------------------------------
# 2. which change pays most? (the three ways of section 3)

CHANGE_A_PREV = np.array([0.1, 0.8, 0.4])
CHANGE_W = np.array([2.0, 0.3, -0.9])
CHANGE_B = 0.2
CHANGE_NAMES = ("b", "w1", "w2", "w3", "a1", "a2", "a3")


def change_slopes() -> dict[str, float]:
    """The slope of ``a = σ(w · a_prev + b)`` with respect to ``b``, each ``w_j`` and each ``a_j``."""
    a = float(sigmoid(CHANGE_W @ CHANGE_A_PREV + CHANGE_B))
    slope = a * (1 - a)
    values = [slope] + list(slope * CHANGE_A_PREV) + list(slope * CHANGE_W)
    return dict(zip(CHANGE_NAMES, (float(v) for v in values)))


def _check_best_change(best) -> str:
    if not isinstance(best, str) or best.strip() not in CHANGE_NAMES:
        raise Wrong(f"`best` must be one of {', '.join(repr(n) for n in CHANGE_NAMES)}, got {best!r}.")
    slopes = change_slopes()
    answer = best.strip()
    winner = max(slopes, key=lambda k: slopes[k])
    shown = ", ".join(f"{k}: {v:+.3f}" for k, v in slopes.items())
    if answer == winner:
        return (
            f"Right: raising a1 by 1 raises a at the rate {slopes[winner]:.3f}, because its weight "
            f"(2.0) is the largest, even though neuron 1 itself is nearly off (a1 = 0.1), which makes "
            f"its weight w1 almost useless to change ({slopes['w1']:.3f}). All slopes: {shown}."
        )
    if answer == "w1":
        raise Wrong(
            "w1 is the largest weight, but the slope for a weight is σ'(z) times the activation it "
            "multiplies, and a1 = 0.1 is nearly off: raising w1 does little."
        )
    if answer.startswith("w"):
        raise Wrong(
            "A weight's slope is σ'(z) times its neuron's activation, at most σ'(z) × 0.8 here. Is "
            "there a change whose factor is larger than any activation?"
        )
    if answer == "b":
        raise Wrong("The bias's slope is σ'(z) times 1. One of the other changes has a factor larger than 1.")
    raise Wrong(
        f"Raising {answer} changes a by σ'(z) times its weight, and that weight is not the largest "
        "(and a negative weight makes the output fall)."
    )


def _best_change_solution():
    # every slope is σ'(z) times a factor: 1 for b, a_j for w_j, w_j for a_j;
    # the largest factor is the weight 2.0 from neuron 1, so raising a1 pays most
    best = "a1"
    return best


best_change = PredicateExercise(
    "lesson11.best_change",
    "which change pays most? (predict, then check)",
    "An output neuron computes a = σ(w · a_prev + b) with the previous activations "
    "a_prev = (0.1, 0.8, 0.4), the weights w = (2.0, 0.3, −0.9) and b = 0.2. Predict, before "
    'computing anything: which single change, by +1 unit, raises a the fastest: the bias `"b"`, '
    'a weight `"w1"`, `"w2"`, `"w3"`, or an activation of the previous layer `"a1"`, '
    '`"a2"`, `"a3"`? Set `best` to its name. Then draw the three panels for these numbers with '
    "`show_figure(three_ways_figure(a_prev, w, b))` and see.",
    answer_names=("best",),
    predicate=_check_best_change,
    solution=_best_change_solution,
    hints=(
        "Section 3's three ways: each slope is σ'(z) times one factor. σ'(z) is the same for all "
        "seven changes, so only the factor matters.",
        "The factor is 1 for the bias, the activation a_j for the weight w_j (way 2), and the "
        "weight w_j for the activation a_j (way 3).",
        "List the seven factors: 1, then 0.1, 0.8, 0.4, then 2.0, 0.3, −0.9. The largest one wins; "
        "which change does it belong to?",
    ),
    wrong_examples=[("w1",), ("b",), ("w2",), ("a3",), ("z",), (1,)],
    minutes=3,
)
