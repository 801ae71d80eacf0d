"""Exercises for lesson 09, gradient descent.

- :data:`one_step`: one gradient-descent step by hand on a linear unit with one sample.
- :data:`pick_lr`: choose a learning rate that gets within 0.01 of the minimum of a quadratic
  in 10 steps (many rates work; too small crawls, too large overshoots or diverges).
- :data:`predict_steps`: predict how many steps a learning rate needs on the lesson's data, then
  check it with the widget.
"""

from __future__ import annotations

import numpy as np

from nnlib.exercises.core import (
    PredicateExercise,
    ValueExercise,
    Wrong,
    expect_number,
    format_array,
)

__all__ = ["one_step", "pick_lr", "pick_lr_path", "predict_steps", "predict_steps_path", "steps_needed"]


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
    "lesson09.one_step",
    "one gradient-descent step by hand",
    "A linear unit y_hat = w*x + b with w = 1.0 and b = 0.5 sees one sample x = 3.0 with "
    "target y = 2.0; its loss is L = (y_hat - y)**2. Compute the slopes `dw` = dL/dw and "
    "`db` = dL/db, then the weights after one step of gradient descent with lr = 0.05: "
    "`w_new` and `b_new`. (Pencil and paper, or Python as a calculator.)",
    answer_names=("dw", "db", "w_new", "b_new"),
    solution=_one_step_solution,
    hints=(
        "Start with the error, y_hat - y, for this one sample. The loss is the error squared, and "
        "a square u**2 changes at the rate 2u.",
        "Chain rule: dL/dw = (dL/dy_hat) * (dy_hat/dw). How much does y_hat = w*x + b grow when w "
        "grows by 1? And when b grows by 1?",
        "The error is 1.5, so dL/dy_hat is 3.0. Multiply it by x for `dw` and by 1 for `db`; then "
        "move each parameter against its slope, scaled by the learning rate.",
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
    "lesson09.pick_lr",
    "a learning rate that converges in 10 steps",
    "Gradient descent on L(w) = 2·(w − 1)², whose slope is dL/dw = 4·(w − 1), starts at w = 4. "
    "Choose a learning rate `lr` such that after 10 steps w is within 0.01 of the minimum "
    "w = 1. Try some values; the checker shows the path you chose.",
    answer_names=("lr",),
    predicate=_check_pick_lr,
    solution=_pick_lr_solution,
    hints=(
        "Too small and the weights crawl, too large and they zig-zag or fly off. Try 0.01 and 0.6 "
        "to see both, then look in between.",
        "Work out one step: w_new - 1 = (w - 1) - lr * 4 (w - 1) = (1 - 4 lr)(w - 1). Every step "
        "multiplies the distance to the minimum by the same factor (1 - 4 lr).",
        "After 10 steps the distance is |1 - 4 lr|**10 * 3, and it must be below 0.01, so "
        "|1 - 4 lr| must be below about 0.56. Solve that for lr (any value in the range works).",
    ),
    wrong_examples=[(0.01,), (0.05,), (0.45,), (0.6,), (-0.1,), ("0.2",)],
)


# ---------------------------------------------------------------------------
# predict, then move: steps to the minimum

PREDICT_LR = 0.7
PREDICT_START = -1.5


def predict_steps_path(
    lr: float = PREDICT_LR, w0: float = PREDICT_START, n_steps: int = 40
) -> tuple[np.ndarray, float]:
    """The weights visited on the lesson's data (``line_data(200, rng=default_rng(0))``) and its minimum."""
    from nnlib.analysis.descent import line_data

    x, y = line_data(200, rng=np.random.default_rng(0))
    w_best = float(np.mean(x * y) / np.mean(x**2))
    ws = [float(w0)]
    for _ in range(n_steps):
        ws.append(ws[-1] - lr * float(np.mean(2 * (ws[-1] * x - y) * x)))
    return np.array(ws), w_best


def steps_needed() -> int:
    """The first step after which w is within 0.01 of the minimum, for lr 0.7 from w = -1.5."""
    ws, w_best = predict_steps_path()
    return int(np.nonzero(np.abs(ws - w_best) < 0.01)[0][0])


def _check_predict_steps(prediction) -> str:
    guess = expect_number("prediction", prediction)
    actual = steps_needed()
    if guess != round(guess) or guess < 1:
        raise Wrong(f"`prediction` = {format_array(guess)}: a number of steps is a whole number, 1 or more.")
    if abs(guess - actual) <= 1:
        return (
            f"Close enough: {int(guess)} against {actual} steps. Now check it in the first widget: "
            "press reset, set the learning rate to 0.70 and press step until the verdict says "
            "the weight has arrived. The factor |1 - 2 lr| = 0.4 shrinks the distance of about 2.66 "
            "below 0.01 after {actual} steps, zig-zagging across the minimum on the way."
        )
    if guess < actual:
        raise Wrong(
            f"{int(guess)} is too few. With lr = 0.7 each step multiplies the distance to the minimum "
            "by 1 - 2·0.7 = -0.4: it flips sides and keeps 40% of the distance. Start from the "
            "distance between w = -1.5 and the minimum (printed in section 1)."
        )
    raise Wrong(
        f"{int(guess)} is too many: a factor of size 0.4 per step shrinks the distance quickly "
        "(to 16% after two steps, to 0.4% after six)."
    )


def _predict_steps_solution():
    # distance to the minimum 1.1594 from w = -1.5: about 2.66; each step multiplies it by
    # 1 - 2 * 0.7 = -0.4, so after n steps it is 2.66 * 0.4**n, below 0.01 from n = 7 on
    distance = 1.1594 - (-1.5)
    prediction = int(np.ceil(np.log(0.01 / distance) / np.log(0.4)))
    return prediction


predict_steps = PredicateExercise(
    "lesson09.predict_steps",
    "predict, then move: how many steps?",
    "Predict first, without the widget: on the lesson's data, from w = -1.5 with the learning rate "
    "lr = 0.7, after how many steps is w within 0.01 of the minimum (for the first time)? Write "
    "`prediction` (a whole number) and check it; then set the first widget to lr = 0.70, press "
    "reset and step, and count.",
    answer_names=("prediction",),
    predicate=_check_predict_steps,
    solution=_predict_steps_solution,
    hints=(
        "Section 1 shows that on this data every step multiplies the distance to the minimum by "
        "the same factor. Which factor for lr = 0.7?",
        "The factor is 1 - 2·lr (the mean of x² is 1). Its size says how much of the distance is "
        "left after one step; the sign only says on which side of the minimum.",
        "The distance at the start is the minimum's w (printed in section 1) minus -1.5. Find the "
        "first n for which that distance times 0.4**n drops below 0.01 (logarithms, or try n = 5, 6, ...).",
    ),
    wrong_examples=[(2,), (20,), (3.5,), (0,), ("7",)],
    minutes=4,
)
