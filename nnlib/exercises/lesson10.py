"""Exercises for lesson 10: momentum, mini-batches and local minima.

- :data:`count_updates`: how many updates one epoch and five epochs of mini-batch SGD make.
- :data:`momentum_steps`: the first three velocities of momentum on a steady slope, and the step
  it grows to.
- :data:`batch_noise`: predict how much the spread of a mini-batch gradient shrinks when the batch
  grows four times, then measure it and move the widget.
- :data:`which_valley`: predict where descent on the two-valley loss ends from three starts,
  then check with the widget.
"""

from __future__ import annotations

import numpy as np

from nnlib.analysis.descent import line_data, two_valleys_slope, two_valleys_stationary_points
from nnlib.exercises.core import PredicateExercise, ValueExercise, Wrong, expect_number, format_array

__all__ = [
    "batch_gradient_spread",
    "batch_noise",
    "count_updates",
    "descend_two_valleys",
    "momentum_steps",
    "which_valley",
]


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
    "lesson10.count_updates",
    "updates per epoch",
    "Mini-batch SGD trains on 200 samples with batch_size = 32 for 5 epochs, updating the "
    "weights once per batch as `Sequential.fit` does (the last batch of an epoch may be "
    "smaller). How many updates happen in one epoch (`updates_per_epoch`), and in all 5 "
    "(`total_updates`)?",
    answer_names=("updates_per_epoch", "total_updates"),
    solution=_count_updates_solution,
    hints=(
        "One epoch = every sample seen once, one update per batch. How many batches does it take?",
        "Batches of 32 cover 192 samples in 6 batches. What happens to the samples that are left?",
        "The leftover samples form one more, smaller batch. Count the batches of one epoch, then "
        "multiply by the number of epochs.",
    ),
    wrong_examples=[(6.25, 31.25), (6, 30), (200, 1000), (7, 7)],
    diagnose=_count_updates_diagnose,
    success="7 updates per epoch, 35 in all, and each of the 200 samples has been used "
    "5 times. With batch_size = 200 it would have been 1 update per epoch, 5 in all, for "
    "the same number of per-sample gradients.",
)


# ---------------------------------------------------------------------------
# momentum on a steady slope

MOMENTUM_LR, MOMENTUM_MU, MOMENTUM_SLOPE = 0.1, 0.8, 3.0


def _momentum_steps_solution():
    # v <- mu * v - lr * g from v = 0, with g = 3 at every step
    lr, mu, g = 0.1, 0.8, 3.0
    v1 = mu * 0.0 - lr * g
    v2 = mu * v1 - lr * g
    v3 = mu * v2 - lr * g
    # the velocities tend to -lr * g / (1 - mu); the step is its size
    step_limit = lr * g / (1 - mu)
    return v1, v2, v3, step_limit


def _momentum_steps_diagnose(v1, v2, v3, step_limit) -> str | None:
    v = [float(a) for a in (v1, v2, v3)]
    limit = float(step_limit)
    if np.isclose(limit, MOMENTUM_LR / (1 - MOMENTUM_MU)):
        return (
            "`step_limit` = lr / (1 - momentum) leaves out the slope: the velocity adds lr * g at "
            "every step, so the limit carries the factor g too."
        )
    if np.isclose(limit, -MOMENTUM_LR * MOMENTUM_SLOPE / (1 - MOMENTUM_MU)):
        return "`step_limit` asks for the size of the step (a positive number), not the signed velocity."
    if np.allclose(v, [0.3, 0.54, 0.732]):
        return "The velocity points downhill: with a positive slope it is negative (v <- mu v - lr g)."
    if np.allclose(v, [-0.3, -0.6, -0.9]):
        return "The old velocity fades by the momentum at every step: multiply it by 0.8 before adding."
    return None


momentum_steps = ValueExercise(
    "lesson10.momentum_steps",
    "momentum on a steady slope",
    "Gradient descent with momentum, v <- momentum·v - lr·g and w <- w + v, runs on a steady "
    "slope: the gradient is g = 3.0 at every step. lr = 0.1, momentum = 0.8, and v starts at 0. "
    "Give the first three velocities `v1`, `v2`, `v3`, and the step size the steps grow to in the "
    "long run, `step_limit` (a positive number). Then predict: in the momentum widget, what does "
    "the last readout say for momentum 0.8? Move the slider and see.",
    answer_names=("v1", "v2", "v3", "step_limit"),
    solution=_momentum_steps_solution,
    hints=(
        "Apply the rule three times by hand, starting from v = 0. The first velocity is just the "
        "plain gradient-descent step.",
        "Each new velocity keeps 80% of the old one and adds the same -lr·g. Written out, v3 is "
        "-lr·g·(1 + 0.8 + 0.8²).",
        "In the long run the sum 1 + 0.8 + 0.8² + ... becomes a geometric series with the sum "
        "1/(1 - 0.8). The step is that sum times the size of one plain step.",
    ),
    wrong_examples=[
        (-0.3, -0.54, -0.732, 0.5),  # lr / (1 - mu), no g
        (-0.3, -0.54, -0.732, -1.5),  # the signed velocity
        (0.3, 0.54, 0.732, 1.5),  # uphill
        (-0.3, -0.6, -0.9, 1.5),  # no fading
        ("x", -0.54, -0.732, 1.5),
    ],
    diagnose=_momentum_steps_diagnose,
    rtol=1e-3,
    success="The velocities -0.3, -0.54, -0.732 approach -1.5: on a steady slope momentum 0.8 makes "
    "the step 1/(1 - 0.8) = 5 times the plain step lr·g = 0.3. The widget's readout says the same "
    "factor, 5 × the plain step. Where the slope flips sign, the same memory cancels the steps instead.",
)


# ---------------------------------------------------------------------------
# batch size and noise


def batch_gradient_spread(batch_size: int, n_batches: int = 4000, seed: int = 0) -> float:
    """The standard deviation of the mini-batch slope dL/dw at (w, b) = (0.5, 2.8) on lesson 09's data.

    Batches are drawn as ``fit`` draws one: ``batch_size`` distinct samples out of the 200.
    """
    x, y = line_data(200, rng=np.random.default_rng(0))
    rng = np.random.default_rng(seed)
    per_sample = 2 * (0.5 * x + 2.8 - y) * x  # each sample's own slope dL/dw
    means = [per_sample[rng.choice(len(x), batch_size, replace=False)].mean() for _ in range(n_batches)]
    return float(np.std(means))


def _check_batch_noise(spread_ratio) -> str:
    ratio = expect_number("spread_ratio", spread_ratio)
    measured = batch_gradient_spread(40) / batch_gradient_spread(10)
    if not 0 < ratio < 1.5:
        raise Wrong(
            f"`spread_ratio` = {format_array(ratio)}: a ratio of two spreads is positive, and a bigger "
            "batch averages more samples, so its gradient should wobble less, not more."
        )
    if abs(ratio - 0.25) < 0.03:
        raise Wrong(
            "Four times the batch does not cut the spread to a quarter: averaging B numbers divides "
            "their variance by B, and the spread (standard deviation) is the square root of the variance."
        )
    if abs(ratio - 0.5) <= 0.06:
        return (
            f"Right: about 1/√4 = 0.5 (measured on 4,000 random batches of the lesson's data: "
            f"{measured:.3f}, a little lower: a batch of 40 is a fifth of all 200 samples, drawn "
            "without repeats, and that averages out a little more than independent draws). Now move the batch size of the SGD widget from 10 to 40: the "
            "orange path wobbles about half as much per step, and makes a quarter as many steps."
        )
    raise Wrong(
        f"Not quite: {format_array(ratio)}. A mini-batch gradient is the mean of B per-sample "
        "gradients. How does the spread of a mean depend on how many numbers it averages?"
    )


def _batch_noise_solution():
    # a mean of B independent numbers has 1/B of their variance, so 1/sqrt(B) of their spread:
    # from B = 10 to B = 40 the spread shrinks by sqrt(10 / 40)
    spread_ratio = np.sqrt(10 / 40)
    return spread_ratio


batch_noise = PredicateExercise(
    "lesson10.batch_noise",
    "batch size and noise (predict, then move)",
    "Each mini-batch gives a noisy estimate of the full gradient. Predict: if the batch grows from "
    "10 to 40 samples, by what factor does the spread (standard deviation) of the mini-batch "
    "gradient change? Write `spread_ratio` = spread with 40 / spread with 10. The checker measures "
    "it on the lesson's data; then move the SGD widget's batch size from 10 to 40 and watch.",
    answer_names=("spread_ratio",),
    predicate=_check_batch_noise,
    solution=_batch_noise_solution,
    hints=(
        "A mini-batch gradient is the mean of the per-sample gradients of the samples in the batch.",
        "Averaging B independent numbers divides their variance by B. The spread is the standard "
        "deviation, the square root of the variance.",
        "So the spread of the mean scales as 1/√B. Take the ratio of that for B = 40 and B = 10.",
    ),
    wrong_examples=[(0.25,), (4.0,), (2.0,), (1.0,), (-0.5,), ("half",)],
    minutes=4,
)


# ---------------------------------------------------------------------------
# which valley?

VALLEY_CASES = ((0.2, 0.1), (0.4, 0.1), (2.0, 0.7))  # (start w, learning rate), 60 steps each


def descend_two_valleys(w0: float, lr: float, n_steps: int = 60) -> float:
    """Where gradient descent on the lesson's two-valley loss is after ``n_steps`` steps."""
    w = float(w0)
    for _ in range(n_steps):
        w = w - lr * float(two_valleys_slope(w))
    return w


def valley_of(w: float) -> str:
    """``"left"`` or ``"right"``: the valley a settled weight sits in."""
    return "left" if w < two_valleys_stationary_points()[1] else "right"


def _check_which_valley(*answers) -> str:
    want = [valley_of(descend_two_valleys(w0, lr)) for w0, lr in VALLEY_CASES]
    got = []
    for name, answer in zip(("from_0_2", "from_0_4", "from_2_0"), answers):
        if not isinstance(answer, str) or answer.strip().lower() not in ("left", "right"):
            raise Wrong(f'`{name}` must be "left" or "right", got {answer!r}.')
        got.append(answer.strip().lower())
    wrong = [i for i in range(3) if got[i] != want[i]]
    if not wrong:
        return (
            "All three right. Check them in the two-valley widget (start w and learning rate, 60 "
            "steps). 0.2 and 0.4 sit on either side of the hump at 0.30, so they drain into "
            "different valleys. From 2.0 the slope is only 0.3, so the first step with lr 0.7 is "
            "0.21 long and w stays right, while from 3.0 the steep wall (slope 4.05) throws it "
            "over the hump."
        )
    first = wrong[0]
    w0, lr = VALLEY_CASES[first]
    if first < 2:
        raise Wrong(
            f"The start w = {w0} with lr = {lr}: with small steps descent only rolls downhill from "
            "where it starts. On which side of the hump (w ≈ 0.30) is it?"
        )
    raise Wrong(
        "From w = 2.0 with lr = 0.7: compute the first step, -lr · dL/dw, with the slope "
        "dL/dw = w (w² - 4)/4 + 0.3 at w = 2.0. Does it carry w over the hump at 0.30?"
    )


def _which_valley_solution():
    # small steps roll downhill from the start: the hump near w = 0.30 divides the starts;
    # from 2.0 the slope is 0.3, so the first step with lr 0.7 is only -0.21: no jump
    from_0_2 = "left"
    from_0_4 = "right"
    from_2_0 = "right"
    return from_0_2, from_0_4, from_2_0


which_valley = PredicateExercise(
    "lesson10.which_valley",
    "which valley? (predict, then move)",
    'Predict where 60 steps of gradient descent on the two-valley loss end, "left" or "right", '
    "for three settings: start w = 0.2 with lr = 0.1 (`from_0_2`), start w = 0.4 with lr = 0.1 "
    "(`from_0_4`), and start w = 2.0 with lr = 0.7 (`from_2_0`). Then set each in the widget and see.",
    answer_names=("from_0_2", "from_0_4", "from_2_0"),
    predicate=_check_which_valley,
    solution=_which_valley_solution,
    hints=(
        "With a small learning rate descent only rolls downhill from where it starts. Where is the "
        "top of the hump between the valleys?",
        "The hump is near w = 0.30 (the lesson says so): starts on either side drain into different "
        "valleys. A large lr can only jump the hump if the first step is long.",
        "For the third case compute the first step, -0.7 · dL/dw at w = 2.0, with "
        "dL/dw = w (w² - 4)/4 + 0.3, and see whether it carries w past 0.30.",
    ),
    wrong_examples=[
        ("right", "right", "right"),
        ("left", "left", "left"),
        ("left", "right", "left"),
        ("up", "left", "right"),
    ],
    minutes=4,
)
