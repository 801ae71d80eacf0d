"""Exercises for lesson 18, the Playground.

- :data:`smallest_network`: the fewest hidden neurons that reach 95% test accuracy on circles
  from x1 and x2 alone.
- :data:`xor_feature`: the one feature that lets a network with no hidden layer solve XOR.
- :data:`use_the_model`: the trained model of the Playground, used in the next cell, on a point
  of the plane (its features computed by hand).

Every check trains the same seeded run as the Playground would (``nnlib.analysis.playground``):
seed 0, tanh, learning rate 0.1, batch size 10, no noise, half the points held out for testing.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from nnlib.analysis.playground import FEATURES, MAX_LAYERS, MAX_NEURONS, PlaygroundRun, Settings
from nnlib.exercises.core import PredicateExercise, ValueExercise, Wrong, expect_number

__all__ = ["smallest_network", "test_accuracy", "use_the_model", "xor_feature"]

#: the settings every check trains with (what the exercises tell the learner to set)
SEED, LR, EPOCHS = 0, 0.1, 100
#: the fewest hidden neurons that reach 95% on circles with x1, x2 (tests/test_exercises.py
#: trains every smaller network and checks that none does)
FEWEST_NEURONS = 3


def test_accuracy(dataset: str, hidden: Sequence[int], features: Sequence[str], epochs: int = EPOCHS) -> float:
    """Test accuracy after ``epochs`` epochs of the Playground's seeded run with these settings."""
    run = PlaygroundRun(Settings(dataset=dataset, hidden=tuple(hidden), features=tuple(features), lr=LR), SEED)
    run.train(epochs)
    return run.history.test_accuracy[-1]


test_accuracy.__test__ = False  # type: ignore[attr-defined]  # a helper, not a pytest test


# ---------------------------------------------------------------------------
# the smallest network for circles


def _layer_sizes(hidden: Any) -> tuple[int, ...]:
    if isinstance(hidden, (str, bytes, dict)) or not isinstance(hidden, (Sequence, np.ndarray)):
        raise Wrong(
            "`hidden` is the neurons of each hidden layer, as a tuple of whole numbers: "
            f"`(4, 2)` for two layers, `(5,)` for one; got {type(hidden).__name__}."
        )
    sizes = []
    for units in hidden:
        if isinstance(units, (bool, np.bool_)) or not isinstance(units, (int, np.integer)):
            raise Wrong(f"every entry of `hidden` is a whole number of neurons; got {units!r:.40}.")
        sizes.append(int(units))
    if len(sizes) > MAX_LAYERS or any(not 1 <= s <= MAX_NEURONS for s in sizes):
        raise Wrong(f"the Playground has at most {MAX_LAYERS} hidden layers of 1 to {MAX_NEURONS} neurons.")
    return tuple(sizes)


def _check_smallest(hidden: Any) -> str:
    sizes = _layer_sizes(hidden)
    total = sum(sizes)
    if total > FEWEST_NEURONS:
        raise Wrong(
            f"{total} hidden neurons is more than needed: a network with fewer reaches 95% too. "
            "Take neurons away, one at a time, and train again after each."
        )
    accuracy = test_accuracy("circles", sizes, ("x1", "x2"))
    shown = f"hidden = {sizes}: test accuracy {100 * accuracy:.1f}% after {EPOCHS} epochs"
    if accuracy < 0.95:
        raise Wrong(
            f"{shown}, short of 95%. Look at the hidden neurons' maps: each draws one straight "
            "edge across the plane. How many edges does it take to fence in the inner circle?",
            shown,
        )
    return (
        f"{shown}. Each tanh neuron of the first hidden layer splits the plane along a line; three "
        "lines are the fewest that close a region around the centre (a triangle), and the output "
        "turns their overlap into the inner class. Two lines leave a strip open at both ends."
    )


def _smallest_solution():
    # three neurons draw three lines: a triangle around the inner circle
    hidden = (3,)
    return hidden


smallest_network = PredicateExercise(
    "lesson18.smallest_network",
    "the smallest network for circles",
    "Circles, features x1 and x2 only, seed 0, tanh, learning rate 0.1, batch size 10, no noise, "
    f"test share 0.5: find the network with the FEWEST hidden neurons (all layers together) that "
    f"reaches 95% test accuracy within {EPOCHS} epochs. Answer with its hidden layers as a tuple, "
    "e.g. `(4, 2)`.",
    answer_names=("hidden",),
    predicate=_check_smallest,
    solution=_smallest_solution,
    hints=(
        "Start from the Playground's default network, press play and watch the test accuracy; "
        "then remove neurons with the - buttons (and whole layers with - layer) and play again.",
        "Look at the hidden neurons' own maps: with x1 and x2 as inputs, each neuron of the first "
        "layer is bright on one side of a straight line and dark on the other.",
        "The inner circle must be fenced in on every side. What is the fewest number of straight "
        "lines that close a region? One hidden layer is enough.",
    ),
    wrong_examples=[((2,),), ((4,),), ((2, 1),), ((1, 1, 1),), ((),), ((8, 8),)],
    success="Three is the least: one layer of three neurons.",
    minutes=8,
)


# ---------------------------------------------------------------------------
# one feature for XOR


def _check_xor_feature(feature: Any) -> str:
    if not isinstance(feature, str):
        raise Wrong(f"`feature` is the name of one feature as a string, e.g. 'x1'; got {type(feature).__name__}.")
    if feature not in FEATURES:
        raise Wrong(f"{feature!r:.40} is not one of the features: {', '.join(repr(f) for f in FEATURES)}.")
    accuracy = test_accuracy("xor", (), (feature,))
    shown = f"feature = {feature!r}, no hidden layer: test accuracy {100 * accuracy:.1f}%"
    if accuracy < 0.95:
        raise Wrong(
            f"{shown}. With no hidden layer the output is sigmoid(w * feature + b): it can only "
            "say 'class 1 where the feature is large' (or small). Which feature is large in two "
            "opposite corners and small in the other two?",
            shown,
        )
    return (
        f"{shown}. x1·x2 is positive where x1 and x2 have the same sign and negative where they "
        "differ: XOR's two classes exactly, so one weight and a bias are enough. The feature did "
        "the work the hidden layer of lesson 03 did."
    )


def _xor_feature_solution():
    # positive in two opposite corners, negative in the other two
    feature = "x1·x2"
    return feature


xor_feature = PredicateExercise(
    "lesson18.xor_feature",
    "one feature for XOR",
    "XOR (four clusters), seed 0, learning rate 0.1, NO hidden layer, and ONE feature ticked: which "
    f"feature lets the network reach 95% test accuracy within {EPOCHS} epochs? Answer with its name "
    "as the Playground writes it, e.g. `'x1'`.",
    answer_names=("feature",),
    predicate=_check_xor_feature,
    solution=_xor_feature_solution,
    hints=(
        "Remove every hidden layer, untick all features but one, and try them one after another; "
        "the feature's own map in the network panel shows what the output gets to see.",
        "With no hidden layer the output is a sigmoid of one weighted feature plus a bias: it can "
        "only pick out where that feature is large (or where it is small).",
        "Class 1 sits in the corners where x1 and x2 have opposite signs. Which feature's sign "
        "tells whether two numbers have the same sign?",
    ),
    wrong_examples=[("x1",), ("x1²",), ("sin(x2)",), ("x1*x2",)],
    minutes=4,
)


# ---------------------------------------------------------------------------
# the trained model, in the next cell


def _use_the_model_solution():
    from nnlib.widgets.playground import Playground

    pg = Playground("circles", seed=0, features=("x1", "x2", "x1²", "x2²"), hidden=(), lr=0.1, epochs=100)
    x1, x2 = 2.0, 1.0
    # the model's inputs are the features, in the order of the feature column
    row = np.array([[x1, x2, x1**2, x2**2]])
    p = pg.model.predict(row)[0, 0]
    return p


# the solution trains for a second or so: computed once (the check runs it on every call, and
# the diagnosis once more); inspect still shows the function's own source
_use_the_model_once = lru_cache(maxsize=1)(_use_the_model_solution)


def _diagnose_use(p: Any) -> str | None:
    expected = float(_use_the_model_once())
    value = expect_number("p", p)
    if abs(value - (1 - expected)) < 1e-4:
        return "That is the probability of class 0; `predict` gives class 1's (the outer ring)."
    if not 0 <= value <= 1:
        return "`p` is a probability, between 0 and 1: the sigmoid output of `pg.model.predict`."
    return None


use_the_model = ValueExercise(
    "lesson18.use_the_model",
    "use the trained model",
    "Build `Playground('circles', seed=0, features=('x1', 'x2', 'x1²', 'x2²'), hidden=(), lr=0.1, "
    "epochs=100)`, a network with no hidden layer on four features, trained 100 epochs. Using "
    "its `model` (an ordinary `nnlib.Sequential`), compute `p`, the probability it gives class 1 "
    "at the point x1 = 2, x2 = 1.",
    answer_names=("p",),
    solution=_use_the_model_once,
    diagnose=_diagnose_use,
    rtol=1e-4,
    atol=1e-6,
    hints=(
        "The model does not see the point (2, 1) itself: its inputs are the ticked features. "
        "`pg.model.layer_sizes` tells how many inputs it takes.",
        "Build one row with the four features of the point, in the order of the feature column "
        "(x1, x2, x1², x2²), as an array of shape (1, 4).",
        "`pg.model.predict` takes that row and returns an array of shape (1, 1): take its only "
        "entry. `pg.predict` does the same from the point itself, to compare.",
    ),
    wrong_examples=[(0.5,), (1.0,), (0.0,)],
    success="The trained network is an ordinary model: any cell after the Playground can use it.",
    minutes=5,
)
