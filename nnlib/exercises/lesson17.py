"""Exercises for lesson 17, training deeper networks.

- :data:`init_std`: the standard deviations He and Glorot give the weights of a 512 -> 256 layer.
- :data:`rmsprop_step`: one RMSprop update written in numpy, checked on several inputs (and, in
  the tests, against ``nnlib.RMSprop``).
- :data:`weight_decay`: the L2 penalty of a small weight matrix and its gradient.
"""

from __future__ import annotations

import numpy as np

from nnlib.exercises.core import FunctionExercise, ValueExercise, format_array

__all__ = ["DECAY_W", "init_std", "rmsprop_step", "weight_decay"]


# ---------------------------------------------------------------------------
# the initialisers' scales


def _init_std_solution():
    fan_in, fan_out = 512, 256
    he = np.sqrt(2 / fan_in)
    glorot = np.sqrt(2 / (fan_in + fan_out))
    return he, glorot


def _init_std_diagnose(he, glorot) -> str | None:
    try:
        got = (float(he), float(glorot))
    except (TypeError, ValueError):
        return None
    right = _init_std_solution()
    if np.allclose(got, right[::-1], rtol=1e-3):
        return "You swapped them: He only looks at the inputs, Glorot at inputs and outputs."
    if np.allclose(got, np.square(right), rtol=1e-3):
        return "Those are the variances. The question asks for standard deviations: take the square root."
    if np.isclose(got[0], np.sqrt(2 / 256), rtol=1e-3):
        return "He divides by the layer's number of INPUTS (fan-in, 512), not its units."
    if np.isclose(got[0], np.sqrt(1 / 512), rtol=1e-3):
        return "That is LeCun's scale, 1/fan_in. He doubles the variance for ReLU, which zeroes half its inputs."
    return None


init_std = ValueExercise(
    "lesson17.init_std",
    "the scale of He and Glorot",
    "A dense ReLU layer has 512 inputs and 256 units. What standard deviation does He "
    "initialisation give each weight (`he`)? And Glorot's normal initialisation (`glorot`)?",
    answer_names=("he", "glorot"),
    solution=_init_std_solution,
    hints=(
        "Both are variances divided by a count of connections: He uses only the fan-in, "
        "Glorot the average of fan-in and fan-out.",
        "He's variance is 2 / fan_in; Glorot's is 2 / (fan_in + fan_out). Here fan_in is the "
        "number of inputs and fan_out the number of units.",
        "The question wants standard deviations, the square roots of those variances: `np.sqrt(...)` of each.",
    ),
    wrong_examples=[(0.05103, 0.0625), (0.0039, 0.0026), (0.0884, 0.051), (0.0442, 0.051), (1.0, 1.0)],
    diagnose=_init_std_diagnose,
    rtol=1e-3,
    success="He: 0.0625, Glorot: 0.0510. `Dense(256, activation='relu', init='he')` draws exactly "
    "this (`init='glorot_normal'` the other).",
)


# ---------------------------------------------------------------------------
# RMSprop, one step


def rmsprop(p, g, s, lr, rho, epsilon):
    """One RMSprop step: returns the new parameters and the new running mean of g**2."""
    s = rho * s + (1 - rho) * g**2
    p = p - lr * g / (np.sqrt(s) + epsilon)
    return p, s


def _rms_no_sqrt(p, g, s, lr, rho, epsilon):
    s = rho * s + (1 - rho) * g**2
    return p - lr * g / (s + epsilon), s


def _rms_old_s(p, g, s, lr, rho, epsilon):
    new_s = rho * s + (1 - rho) * g**2
    return p - lr * g / (np.sqrt(s) + epsilon), new_s


def _rms_swapped_rho(p, g, s, lr, rho, epsilon):
    s = (1 - rho) * s + rho * g**2
    return p - lr * g / (np.sqrt(s) + epsilon), s


def _rms_uphill(p, g, s, lr, rho, epsilon):
    s = rho * s + (1 - rho) * g**2
    return p + lr * g / (np.sqrt(s) + epsilon), s


def _rms_abs(p, g, s, lr, rho, epsilon):
    s = rho * s + (1 - rho) * np.abs(g)
    return p - lr * g / (np.sqrt(s) + epsilon), s


_RMS_INPUTS = [
    (np.array([1.0, -2.0, 0.5]), np.array([0.2, -0.4, 3.0]), np.zeros(3), 0.01, 0.9, 1e-7),
    (np.array([1.0, -2.0, 0.5]), np.array([0.2, -0.4, 3.0]), np.array([0.04, 0.5, 1.0]), 0.1, 0.9, 1e-7),
    (np.array([[0.3, 0.1], [-0.7, 2.0]]), np.array([[1e-3, -5.0], [0.0, 0.25]]), np.full((2, 2), 0.1), 0.05, 0.5, 0.1),
]

rmsprop_step = FunctionExercise(
    "lesson17.rmsprop_step",
    "RMSprop in numpy",
    "RMSprop is Adam without the momentum part: it keeps only `s`, a running mean of the "
    "squared gradient, and divides each step by its square root. Write "
    "`rmsprop(p, g, s, lr, rho, epsilon)` that returns `(new_p, new_s)` for arrays `p` "
    "(parameters), `g` (their gradient) and `s`, element by element: first "
    "s ← rho·s + (1 − rho)·g², then p ← p − lr·g / (√s + epsilon) with the NEW `s`.",
    solution=rmsprop,
    test_inputs=_RMS_INPUTS,
    hints=(
        "Two lines, in order: update `s` first, then use it to update `p`. Everything is element "
        "by element, so plain numpy arithmetic on the arrays does it, no loop.",
        "The new `s` mixes the old `s` (weight `rho`) with the square of the gradient (weight "
        "`1 - rho`). The step is the gradient divided by the square root of that, plus `epsilon`.",
        "Mind the sign (downhill: subtract) and that `epsilon` is added after the square root. "
        "Return both arrays as a tuple, parameters first.",
    ),
    wrong_functions=[_rms_no_sqrt, _rms_old_s, _rms_swapped_rho, _rms_uphill, _rms_abs],
    answer_name="rmsprop",
    success="That is `nnlib.RMSprop`'s step (and Keras's). Its steps are about `lr` long "
    "whatever the gradient's size, like Adam's.",
)


# ---------------------------------------------------------------------------
# the L2 penalty and its gradient

#: the weights of the weight-decay exercise
DECAY_W = np.array([[0.5, -1.0], [2.0, 0.0], [-0.5, 1.5]])
_DECAY_L2 = 0.01


def _weight_decay_solution():
    from nnlib.exercises import lesson17

    W, l2 = lesson17.DECAY_W, 0.01
    penalty = l2 * np.sum(W**2)
    grad = 2 * l2 * W
    return penalty, grad


def _weight_decay_diagnose(penalty, grad) -> str | None:
    try:
        p = float(penalty)
        g = np.asarray(grad, dtype=float)
    except (TypeError, ValueError):
        return None
    if g.shape == DECAY_W.shape and np.allclose(g, _DECAY_L2 * DECAY_W):
        return "The derivative of w² is 2w: the gradient is 2·λ·W, twice what you have."
    if np.isclose(p, _DECAY_L2 * np.abs(DECAY_W).sum()):
        return "That penalty sums |w| (L1). L2 sums the squares."
    if np.isclose(p, np.sum(DECAY_W**2)):
        return "That is sum(W²) without λ: the penalty is λ times it."
    return None


weight_decay = ValueExercise(
    "lesson17.weight_decay",
    "the weight-decay penalty and its gradient",
    "A `Dense` layer with `l2=0.01` has the weights `lesson17.DECAY_W` (shape (3, 2)). Compute "
    "the `penalty` it adds to the loss, λ·sum(W²), and its contribution to the layer's "
    "gradient, `grad` (shape (3, 2)).",
    answer_names=("penalty", "grad"),
    solution=_weight_decay_solution,
    hints=(
        "The penalty is one number for the whole matrix; its gradient has one entry per weight, the same shape as W.",
        "Square every weight, add them up, multiply by λ = 0.01. For the gradient, differentiate "
        "λ·w² with respect to one weight w.",
        "d(λ·w²)/dw = 2·λ·w, for every weight at once: a multiple of the matrix itself.",
    ),
    wrong_examples=[
        (0.0775, 0.01 * DECAY_W),
        (0.055, 0.02 * DECAY_W),
        (7.75, 0.02 * DECAY_W),
        (0.0775, 0.02 * DECAY_W.T),
    ],
    diagnose=_weight_decay_diagnose,
    success="Penalty 0.0775, gradient 0.02·W: every step pulls each weight towards 0 by "
    "lr·2λ·w, a fixed share of itself, hence the name weight *decay*. "
    f"(grad = {format_array(2 * _DECAY_L2 * DECAY_W)})",
)
