"""Exercises for lesson 05, dense layers.

- :data:`param_count`: count the weights and biases of a small regression network.
- :data:`layer_shapes`: the shapes of ``W``, ``b`` and ``Z`` of one dense layer, batch-first.
- :data:`forward_two_layers`: a two-layer network's forward pass, one matrix product per layer.
- :data:`softmax_logit`: the logit that gives a wanted softmax probability.

Batch-first throughout: ``X (n_samples, n_in)``, ``W (n_in, n_out)``, ``b (n_out,)``,
``Z = X @ W + b``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnlib.activations import sigmoid
from nnlib.exercises.core import (
    FunctionExercise,
    PredicateExercise,
    ValueExercise,
    Wrong,
)

__all__ = ["forward_two_layers", "layer_shapes", "param_count", "softmax_logit"]


# ---------------------------------------------------------------------------
# 1. counting parameters


def _param_count_solution():
    # each layer: n_in * n_out weights + n_out biases
    n_params = (11 * 32 + 32) + (32 * 32 + 32) + (32 * 1 + 1)
    return n_params


def _diagnose_param_count(n_params: Any) -> str | None:
    n = float(n_params)
    weights_only = 11 * 32 + 32 * 32 + 32 * 1
    if n == weights_only:
        return (
            "That counts the weights only. Every unit also has a bias: how many units are "
            "there in the three layers together?"
        )
    if n == 11 * 32 + 32 * 32 + 32 + 32 + 32:
        return "Close: the output unit has a bias too (and 32 weights, one from each unit of the layer below)."
    if n == 32 * 32 + 32 + 32 * 32 + 32 + 33:
        return "The first layer's units see the 11 inputs, not 32: its weight matrix W is (11, 32)."
    if n == 11 + 32 + 32 + 1:
        return "That counts the units (nodes). The parameters are the weights and the biases."
    if n == 11 * 32 + 32 * 32 + 32 * 1 + 11 + 32 + 32 + 1:
        return "The inputs have no biases: only the units of a dense layer do (one each). Count 32 + 32 + 1 biases."
    return None


param_count = ValueExercise(
    "lesson05.param_count",
    "count a network's parameters",
    'A regression network for 11 input features: `Sequential([Dense(32, activation="relu", '
    'input_shape=[11]), Dense(32, activation="relu"), Dense(1)])`. How many weights and '
    "biases does it have in all? Work it out by hand, layer by layer, then compare with "
    "`model.count_params()`.",
    answer_names=("n_params",),
    solution=_param_count_solution,
    diagnose=_diagnose_param_count,
    rtol=0.0,
    atol=0.5,
    hints=(
        "A dense layer from n_in inputs to n_out units has one weight per (input, unit) pair and one bias per unit: n_in * n_out + n_out.",
        "The three layers go 11 -> 32, 32 -> 32 and 32 -> 1. Count each layer on its own.",
        "The first layer has 384 parameters and the second 1,056. Count the output layer the same way and add the three.",
    ),
    wrong_examples=[
        (1408,),  # weights only
        (76,),  # units
        (1505,),  # biases on the inputs too
        ("1473",),  # a string
    ],
    success="Right: 384 + 1,056 + 33 = 1,473. Most of it (1,056 of 1,473) sits in the 32 x 32 layer.",
)


# ---------------------------------------------------------------------------
# 2. shapes


def _layer_shapes_solution():
    # batch-first: W is (inputs, units), b has one entry per unit, Z one row per sample
    W_shape = (16, 10)
    b_shape = (10,)
    Z_shape = (32, 10)
    return W_shape, b_shape, Z_shape


def _as_shape(name: str, value: Any) -> tuple[int, ...]:
    if isinstance(value, np.ndarray):
        raise Wrong(
            f"`{name}` is an array; give its shape as a tuple of whole numbers, "
            "like `(3, 4)` (an array's `.shape` is such a tuple)."
        )
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        raise Wrong(
            f"`{name}` is the single number {value}; a shape is a tuple, like `(3, 4)`, "
            "and a one-dimensional shape is written with a comma: `(4,)`."
        )
    if not isinstance(value, (tuple, list)) or not value:
        raise Wrong(f"`{name}` should be a shape: a tuple of whole numbers like `(3, 4)` or `(4,)`; got {value!r}.")
    if not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in value):
        raise Wrong(f"`{name}` = {value!r}: every entry of a shape is a whole number.")
    return tuple(int(v) for v in value)


def _check_layer_shapes(W_shape: Any, b_shape: Any, Z_shape: Any) -> str:
    W_s = _as_shape("W_shape", W_shape)
    b_s = _as_shape("b_shape", b_shape)
    Z_s = _as_shape("Z_shape", Z_shape)
    if W_s == (10, 16):
        raise Wrong(
            "`W_shape` is transposed. In the math notation a' = σ(W a + b), W is "
            "(n_out, n_in); in our batch-first code `Z = X @ W + b`, so W must have one "
            "row per input: (n_in, n_out)."
        )
    if W_s != (16, 10):
        raise Wrong(
            "`W_shape` is not right yet. `X @ W` needs as many rows in W as X has "
            "columns (inputs), and gives as many columns as W has (units)."
        )
    if b_s in ((10, 1), (1, 10)):
        raise Wrong(
            f"`b_shape` = {b_s} is two-dimensional. The bias is a plain vector with one "
            "entry per unit; numpy adds it to every row of `X @ W`."
        )
    if b_s != (10,):
        raise Wrong("`b_shape` is not right yet: there is one bias per unit of this layer.")
    if Z_s == (10, 32):
        raise Wrong("`Z_shape` is transposed: batch-first, Z has one row per sample and one column per unit.")
    if Z_s != (32, 10):
        raise Wrong("`Z_shape` is not right yet. (32, 16) @ (16, 10) gives which shape?")
    return (
        "Right: X (32, 16) @ W (16, 10) + b (10,) = Z (32, 10). The inner sizes (16) must "
        "match; the outer ones are the shape of the result."
    )


layer_shapes = PredicateExercise(
    "lesson05.layer_shapes",
    "the shapes of W, b and Z",
    "Take the second hidden layer of a network whose first hidden layer has 16 units and whose "
    "second has 10 units. In our batch-first code it computes `Z = X @ W + b` for a batch `X` "
    "of the first layer's activations for 32 images. Give the shapes of `W`, `b` and `Z` as "
    "tuples, like `(3, 4)` or `(4,)`.",
    answer_names=("W_shape", "b_shape", "Z_shape"),
    predicate=_check_layer_shapes,
    solution=_layer_shapes_solution,
    hints=(
        "X has one row per image and one column per input to this layer: (32, 16). For `X @ W` to work, W needs one row per column of X.",
        "W is (n_in, n_out) = (number of inputs, number of units). b has one number per unit.",
        "A matrix product (a, k) @ (k, c) has shape (a, c), and adding b keeps that shape. Write each shape as a tuple, e.g. `(3, 4)`.",
    ),
    wrong_examples=[
        ((10, 16), (10,), (32, 10)),  # W transposed (the math-notation layout)
        ((16, 10), (10, 1), (32, 10)),  # b as a column
        ((16, 10), (10,), (10, 32)),  # Z transposed
        ((16, 10), 10, (32, 10)),  # b as a number
        ((16, 10), (16,), (32, 10)),  # one bias per input
    ],
)


# ---------------------------------------------------------------------------
# 3. a two-layer forward pass


def forward(X, W1, b1, W2, b2):
    """A regression network: a sigmoid hidden layer, then a linear output layer."""
    H = 1 / (1 + np.exp(-(X @ W1 + b1)))  # hidden activations, (n_samples, n_hidden)
    return H @ W2 + b2  # no activation on the output: any number can come out


def _forward_reference(X, W1, b1, W2, b2):
    # nnlib's own sigmoid, so the solution is checked against the library
    return sigmoid(X @ W1 + b1) @ W2 + b2


def _test_case(rng: np.random.Generator, n: int, n_in: int, n_hidden: int, n_out: int):
    # one decimal, so that a message showing them stays readable
    return (
        np.round(rng.normal(size=(n, n_in)), 1),
        np.round(rng.normal(size=(n_in, n_hidden)), 1),
        np.round(rng.normal(size=n_hidden), 1),
        np.round(rng.normal(size=(n_hidden, n_out)), 1),
        np.round(rng.normal(size=n_out), 1),
    )


_rng = np.random.default_rng(3)
# the smallest case first: a wrong answer is reported with the first case it fails
_FORWARD_INPUTS = [
    _test_case(_rng, 2, 2, 3, 1),
    _test_case(_rng, 1, 3, 2, 1),
    _test_case(_rng, 4, 3, 5, 2),
    _test_case(_rng, 6, 4, 2, 3),
]


def _forward_no_activation(X, W1, b1, W2, b2):
    return (X @ W1 + b1) @ W2 + b2


def _forward_sigmoid_output(X, W1, b1, W2, b2):
    return sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)


def _forward_no_biases(X, W1, b1, W2, b2):
    return sigmoid(X @ W1) @ W2


def _forward_bias_after_activation(X, W1, b1, W2, b2):
    return (sigmoid(X @ W1) + b1) @ W2 + b2


forward_two_layers = FunctionExercise(
    "lesson05.forward_two_layers",
    "a forward pass, one matrix product per layer",
    "Write `forward(X, W1, b1, W2, b2)` for a small regression network: a hidden dense layer "
    "with the sigmoid activation (weights `W1`, biases `b1`), then an output dense layer with "
    "no activation (`W2`, `b2`). `X` is a batch (n_samples, n_in); return the outputs "
    "(n_samples, n_out). Use one matrix product per layer, no loops. `sigmoid` is imported "
    "from nnlib, or write 1 / (1 + np.exp(-z)).",
    solution=forward,
    reference=_forward_reference,
    test_inputs=_FORWARD_INPUTS,
    hints=(
        "Two lines: first the hidden activations from X, then the output from those, the same way but without an activation.",
        "The hidden layer is one matrix product, a bias and the sigmoid: `dense_forward` of section 2 with f = sigmoid. Its result has shape (n_samples, n_hidden).",
        "The output layer takes the hidden activations as its input X, with W2 and b2, and applies no activation: a regression output can be any number.",
    ),
    wrong_functions=[
        _forward_no_activation,
        _forward_sigmoid_output,
        _forward_no_biases,
        _forward_bias_after_activation,
    ],
    success="Right: two matrix products, one per layer. Without the sigmoid in the middle, the "
    "two layers would collapse into one linear layer.",
)


# ---------------------------------------------------------------------------
# softmax backwards: which logit gives a wanted probability?


def _softmax_logit_solution():
    # p3 = e^z3 / (e^0 + e^0 + e^z3) = 0.8  ->  e^z3 = 0.8 * (2 + e^z3)  ->  0.2 e^z3 = 1.6
    z3 = np.log(1.6 / 0.2)
    return z3


def _diagnose_softmax_logit(z3):
    value = float(z3)
    if abs(value - np.log(4.0)) < 1e-3:
        return (
            "That gives 0.8 against ONE other class (e^z / (1 + e^z)), like a sigmoid. Here two "
            "other logits are 0: the sum has three terms."
        )
    if abs(value - 0.8) < 1e-6 or abs(value - np.log(0.8)) < 1e-6:
        return "0.8 is the probability, not the logit: solve p3 = e^z3 / (e^0 + e^0 + e^z3) = 0.8 for z3."
    return None


softmax_logit = ValueExercise(
    "lesson05.softmax_logit",
    "a logit for a wanted probability",
    "An output layer has three units with the logits z = (0, 0, z3). Which `z3` makes softmax give "
    "the third class the probability 0.8? (Work it out from the formula; check it with your softmax.)",
    answer_names=("z3",),
    solution=_softmax_logit_solution,
    diagnose=_diagnose_softmax_logit,
    rtol=1e-4,
    hints=(
        "Write softmax out for the third class: p3 = e^z3 / (e^0 + e^0 + e^z3). What is e^0?",
        "Set that fraction equal to 0.8 and multiply both sides by the denominator. Then collect "
        "the terms with e^z3 on one side.",
        "You get e^z3 equal to a number; z3 is its natural logarithm, `np.log(...)`. Check: "
        "`softmax(np.array([[0.0, 0.0, z3]]))` should end with 0.8.",
    ),
    wrong_examples=[(np.log(4.0),), (0.8,), (1.0,), ("2.08",)],
    success="Softmax only cares about differences of logits: (0, 0, z3) and (5, 5, z3 + 5) give the same probabilities.",
)
