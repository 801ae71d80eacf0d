"""Exercises for lesson 05, gradient descent.

- :data:`one_step`: one gradient-descent step by hand on a linear unit with one sample.
- :data:`update_rule`: the same step as a function, ``linear_unit_step``, for a whole batch.
- :data:`pick_lr`: choose a learning rate that gets within 0.01 of the minimum of a quadratic
  in 10 steps (many rates work; too small crawls, too large overshoots or diverges).
- :data:`count_updates`: how many updates one epoch and five epochs of mini-batch SGD make.
"""

from __future__ import annotations

import numpy as np

from nnlib.exercises.core import (
    FunctionExercise,
    PredicateExercise,
    ValueExercise,
    Wrong,
    expect_number,
    format_array,
)

__all__ = ["count_updates", "linear_unit_step", "one_step", "pick_lr", "pick_lr_path", "update_rule"]


# ---------------------------------------------------------------------------
# one step by hand


def _one_step_solution():
    # the unit y_hat = w*x + b on one sample, loss L = (y_hat - y)**2
    x, y = 3.0, 2.0
    w, b, lr = 1.0, 0.5, 0.05
    error = w * x + b - y  # 3.5 - 2 = 1.5
    dw = 2 * error * x  # chain rule: dL/dy_hat = 2 * error, dy_hat/dw = x
    db = 2 * error  # dy_hat/db = 1
    w_new = w - lr * dw
    b_new = b - lr * db
    return dw, db, w_new, b_new


def _one_step_diagnose(dw, db, w_new, b_new) -> str | None:
    answers = [float(v) for v in (dw, db, w_new, b_new)]
    if np.allclose(answers[:2], [4.5, 1.5]):
        return (
            "Your gradients are half the right size: the derivative of error**2 is "
            "2 * error (the power comes down as a factor)."
        )
    if np.isclose(answers[0], 3.0):
        return (
            "`dw` is missing a factor: by the chain rule dL/dw = dL/dy_hat * dy_hat/dw, and "
            "y_hat = w*x + b changes by x when w changes by 1."
        )
    if np.allclose(answers[2:], [1.45, 0.65]):
        return (
            "Your new weights moved uphill: the slopes are positive, so the loss grows as "
            "w and b grow. Gradient descent subtracts lr * gradient."
        )
    if np.allclose(answers[2:], [1.0 - 9.0, 0.5 - 3.0]):
        return "The learning rate is missing from your update: the step is lr * gradient."
    return None


one_step = ValueExercise(
    "lesson05.one_step",
    "one gradient-descent step by hand",
    "A linear unit y_hat = w*x + b with w = 1.0 and b = 0.5 sees one sample x = 3.0 with "
    "target y = 2.0; its loss is L = (y_hat - y)**2. Compute the slopes `dw` = dL/dw and "
    "`db` = dL/db, then the weights after one step of gradient descent with lr = 0.05: "
    "`w_new` and `b_new`. (Pencil and paper, or Python as a calculator.)",
    answer_names=("dw", "db", "w_new", "b_new"),
    solution=_one_step_solution,
    hints=(
        "First the error: y_hat - y = 1.0*3.0 + 0.5 - 2.0. The loss is the error squared, so dL/dy_hat = 2 * error.",
        "dL/dw = 2 * error * x and dL/db = 2 * error (y_hat grows by x per unit of w, by 1 per "
        "unit of b). Then w_new = w - lr * dw and b_new = b - lr * db.",
    ),
    wrong_examples=[
        (4.5, 1.5, 0.775, 0.425),  # forgot the factor 2
        (3.0, 3.0, 0.85, 0.35),  # forgot the x in dw
        (9.0, 3.0, 1.45, 0.65),  # moved uphill
        (9.0, 3.0, -8.0, -2.5),  # forgot the learning rate
        ("9", 3.0, 0.55, 0.35),  # a string
    ],
    diagnose=_one_step_diagnose,
    rtol=1e-4,
    success="Both parameters go down because both slopes are positive: a smaller w and b give "
    "a smaller y_hat, closer to y. The new error is 0.55*3 + 0.35 - 2 = 0.0: on this one sample "
    "(by luck of the numbers) a single step lands exactly on the target.",
)


# ---------------------------------------------------------------------------
# the step as a function, for a batch


def linear_unit_step(w, b, x, y, lr):
    """One gradient-descent step for y_hat = w*x + b and L = mean((y_hat - y)**2)."""
    error = w * x + b - y  # one error per sample
    dw = np.mean(2 * error * x)
    db = np.mean(2 * error)
    return np.array([w - lr * dw, b - lr * db])


def _step_uphill(w, b, x, y, lr):
    error = w * x + b - y
    return np.array([w + lr * np.mean(2 * error * x), b + lr * np.mean(2 * error)])


def _step_sum(w, b, x, y, lr):
    error = w * x + b - y
    return np.array([w - lr * np.sum(2 * error * x), b - lr * np.sum(2 * error)])


def _step_no_x(w, b, x, y, lr):
    error = w * x + b - y
    return np.array([w - lr * np.mean(2 * error), b - lr * np.mean(2 * error)])


def _step_half(w, b, x, y, lr):
    error = w * x + b - y
    return np.array([w - lr * np.mean(error * x), b - lr * np.mean(error)])


def _step_gradient_only(w, b, x, y, lr):
    error = w * x + b - y
    return np.array([np.mean(2 * error * x), np.mean(2 * error)])


_UPDATE_RULE_INPUTS = [
    (1.0, 0.5, np.array([3.0]), np.array([2.0]), 0.05),  # the sample of the exercise above
    (0.0, 0.0, np.array([1.0, 2.0, 3.0]), np.array([2.0, 4.0, 6.0]), 0.1),
    (2.0, -1.0, np.array([-1.0, 0.5, 2.0, 4.0]), np.array([0.0, 1.0, -2.0, 3.0]), 0.01),
    (0.5, 2.8, np.array([0.2, 1.1, 1.7]), np.array([-0.5, 1.2, 2.3]), 0.3),
]

update_rule = FunctionExercise(
    "lesson05.update_rule",
    "the update rule as a function",
    "Write `linear_unit_step(w, b, x, y, lr)`: one step of gradient descent for the linear unit "
    "y_hat = w*x + b with the loss L = mean((y_hat - y)**2) over a batch. `w`, `b` and `lr` are "
    "numbers, `x` and `y` arrays of shape (n_samples,). Return the new weight and bias as "
    "`np.array([w_new, b_new])`.",
    solution=linear_unit_step,
    test_inputs=_UPDATE_RULE_INPUTS,
    hints=(
        "Compute the errors first, `error = w * x + b - y` (one per sample). The slopes are "
        "means over the batch: dL/dw = mean(2 * error * x), dL/db = mean(2 * error).",
        "Then move against the slopes: `w - lr * dw` and `b - lr * db`, returned as `np.array([..., ...])`.",
    ),
    wrong_functions=[_step_uphill, _step_sum, _step_no_x, _step_half, _step_gradient_only],
    answer_name="linear_unit_step",
    success="That is the whole update rule: every parameter moves against its own slope, "
    "scaled by the learning rate. nnlib's SGD does exactly this for every weight of a network.",
)


# ---------------------------------------------------------------------------
# pick a learning rate

PICK_LR_START = 4.0
PICK_LR_STEPS = 10
PICK_LR_TOLERANCE = 0.01


def pick_lr_path(lr: float, w0: float = PICK_LR_START, n_steps: int = PICK_LR_STEPS) -> np.ndarray:
    """The weights visited on ``L(w) = 2 (w - 1)**2`` (slope ``4 (w - 1)``) from ``w0``."""
    ws = [float(w0)]
    for _ in range(n_steps):
        ws.append(ws[-1] - lr * 4.0 * (ws[-1] - 1.0))
    return np.array(ws)


def _check_pick_lr(lr) -> str:
    rate = expect_number("lr", lr)
    if rate <= 0:
        raise Wrong(
            f"`lr` = {format_array(rate)}: the learning rate must be positive, or the steps go uphill (or nowhere)."
        )
    ws = pick_lr_path(rate)
    shown = "w: " + " → ".join(f"{w:.3g}" for w in ws)
    gap = abs(ws[-1] - 1.0)
    if not np.isfinite(gap) or gap >= 1e6:
        raise Wrong(
            "The weights fly off to huge values: with this learning rate every step "
            "overshoots the minimum by more than it started from (divergence). "
            "Try a smaller `lr`.",
            shown,
        )
    if gap < PICK_LR_TOLERANCE:
        return (
            f"After 10 steps w = {ws[-1]:.4f}, within 0.01 of the minimum at w = 1. "
            "Every step multiplies the distance to the minimum by (1 - 4·lr); any lr between "
            "about 0.11 and 0.39 makes that factor small enough, and lr = 0.25 (factor 0) "
            "lands in one step."
        )
    signs = np.sign(np.diff(ws))
    if np.any(signs[1:] * signs[:-1] < 0):
        if abs(ws[-1] - 1.0) > abs(ws[0] - 1.0):
            raise Wrong(
                "The steps overshoot further each time and move away from the minimum: "
                "diverging. A smaller `lr` tames the zig-zag.",
                shown,
            )
        raise Wrong(
            f"The weights zig-zag across the minimum (overshooting) and are still "
            f"{gap:.3f} away after 10 steps. A somewhat smaller `lr` shrinks the "
            "zig-zag faster.",
            shown,
        )
    raise Wrong(
        f"The weights crawl towards the minimum and are still {gap:.3f} away after "
        "10 steps: the steps are too small. Try a larger `lr`.",
        shown,
    )


def _pick_lr_solution():
    # slope 4 (w - 1): each step multiplies the distance to w = 1 by (1 - 4 lr);
    # lr = 0.25 makes that factor 0, and nearby rates work too
    lr = 0.2
    return lr


pick_lr = PredicateExercise(
    "lesson05.pick_lr",
    "a learning rate that converges in 10 steps",
    "Gradient descent on L(w) = 2·(w − 1)², whose slope is dL/dw = 4·(w − 1), starts at w = 4. "
    "Choose a learning rate `lr` such that after 10 steps w is within 0.01 of the minimum "
    "w = 1. Try some values; the checker shows the path you chose.",
    answer_names=("lr",),
    predicate=_check_pick_lr,
    solution=_pick_lr_solution,
    hints=(
        "Too small and the weights crawl, too large and they zig-zag or fly off. Work out one "
        "step: w_new - 1 = (w - 1) - lr * 4 (w - 1) = (1 - 4 lr)(w - 1).",
        "After 10 steps the distance is |1 - 4 lr|**10 * 3. It must be below 0.01, so "
        "|1 - 4 lr| must be below about 0.56. Which lr makes 1 - 4 lr exactly 0?",
    ),
    wrong_examples=[(0.01,), (0.05,), (0.45,), (0.6,), (-0.1,), ("0.2",)],
)


# ---------------------------------------------------------------------------
# counting updates


def _count_updates_solution():
    n_samples, batch_size, epochs = 200, 32, 5
    # 6 full batches of 32 (192 samples) and a last, smaller batch of 8
    updates_per_epoch = int(np.ceil(n_samples / batch_size))
    total_updates = updates_per_epoch * epochs
    return updates_per_epoch, total_updates


def _count_updates_diagnose(per_epoch, total) -> str | None:
    per_epoch, total = float(per_epoch), float(total)
    if np.isclose(per_epoch, 6.25) or np.isclose(total, 31.25):
        return (
            "A batch is a whole number of samples: 200 / 32 = 6.25 means 6 full batches "
            "and one more batch with the 8 samples left over."
        )
    if np.isclose(per_epoch, 6) or np.isclose(total, 30):
        return (
            "Every sample is seen once per epoch, including the 8 that do not fill a whole "
            "batch: they form a last, smaller batch, which is one more update."
        )
    if np.isclose(per_epoch, 200) or np.isclose(total, 1000):
        return "That counts samples, not updates: each update uses a whole batch of 32 samples."
    return None


count_updates = ValueExercise(
    "lesson05.count_updates",
    "updates per epoch",
    "Mini-batch SGD trains on 200 samples with batch_size = 32 for 5 epochs, updating the "
    "weights once per batch as `Sequential.fit` does (the last batch of an epoch may be "
    "smaller). How many updates happen in one epoch (`updates_per_epoch`), and in all 5 "
    "(`total_updates`)?",
    answer_names=("updates_per_epoch", "total_updates"),
    solution=_count_updates_solution,
    hints=(
        "One epoch = every sample seen once. How many batches of 32 does it take to cover "
        "200 samples, if the last batch may hold fewer?",
        "200 = 6 × 32 + 8: six full batches and one batch of 8. `np.ceil(200 / 32)`.",
    ),
    wrong_examples=[(6.25, 31.25), (6, 30), (200, 1000), (7, 7)],
    diagnose=_count_updates_diagnose,
    success="7 updates per epoch, 35 in all, and each of the 200 samples has been used "
    "5 times. With batch_size = 200 it would have been 1 update per epoch, 5 in all, for "
    "the same number of per-sample gradients.",
)
