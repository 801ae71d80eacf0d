"""Exercises for lesson 03, dense layers.

- :data:`param_count`: count the weights and biases of a small regression network.
- :data:`layer_shapes`: the shapes of ``W``, ``b`` and ``Z`` of one dense layer, batch-first.
- :data:`forward_two_layers`: a two-layer network's forward pass, one matrix product per layer.
- :data:`collapse`: the one linear layer that equals two stacked layers without activation.

Batch-first throughout: ``X (n_samples, n_in)``, ``W (n_in, n_out)``, ``b (n_out,)``,
``Z = X @ W + b``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from nnlib.activations import sigmoid
from nnlib.exercises.core import (
    FunctionExercise,
    PredicateExercise,
    ValueExercise,
    Wrong,
    assert_close,
    format_array,
)

__all__ = ["collapse", "forward_two_layers", "layer_shapes", "param_count"]


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
    "lesson03.param_count",
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
        "A dense layer from n_in inputs to n_out units has one weight per (input, unit) pair "
        "and one bias per unit: n_in * n_out + n_out. The three layers go 11 -> 32, 32 -> 32 "
        "and 32 -> 1.",
        "Layer 1: 11 * 32 + 32 = 384. Layer 2: 32 * 32 + 32 = 1,056. Now the output layer, then add the three.",
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
    "lesson03.layer_shapes",
    "the shapes of W, b and Z",
    "Take the second hidden layer of a network whose first hidden layer has 16 units and whose "
    "second has 10 units. In our batch-first code it computes `Z = X @ W + b` for a batch `X` "
    "of the first layer's activations for 32 images. Give the shapes of `W`, `b` and `Z` as "
    "tuples, like `(3, 4)` or `(4,)`.",
    answer_names=("W_shape", "b_shape", "Z_shape"),
    predicate=_check_layer_shapes,
    solution=_layer_shapes_solution,
    hints=(
        "X has one row per image and one column per input to this layer: (32, 16). "
        "For `X @ W` to work, W needs one row per column of X.",
        "W is (n_in, n_out) = (number of inputs, number of units). b has one number per unit. "
        "A matrix product (a, k) @ (k, c) has shape (a, c).",
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
    "lesson03.forward_two_layers",
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
        "Two lines: first the hidden activations H = f(X @ W1 + b1), then the output from H, "
        "the same way but without an activation.",
        "`H = sigmoid(X @ W1 + b1)` then `return H @ W2 + b2`.",
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
# 4. two linear layers are one


def _collapse_solution():
    def collapse(W1, b1, W2, b2):
        # (X @ W1 + b1) @ W2 + b2  =  X @ (W1 @ W2)  +  (b1 @ W2 + b2)
        W = W1 @ W2
        b = b1 @ W2 + b2
        return W, b

    return collapse


_COLLAPSE_CASES = [
    _test_case(np.random.default_rng(7), 5, 3, 4, 2)[1:],
    _test_case(np.random.default_rng(8), 5, 2, 6, 1)[1:],
    _test_case(np.random.default_rng(9), 5, 4, 3, 3)[1:],
]


def _check_collapse(fn: Any) -> str:
    if not callable(fn):
        raise Wrong(
            "Pass the function itself, `lesson03.collapse.check(collapse)`, without "
            "calling it (no parentheses after `collapse`)."
        )
    reference: Callable[..., tuple[np.ndarray, np.ndarray]] = _collapse_solution()
    for W1, b1, W2, b2 in _COLLAPSE_CASES:
        call = f"collapse(W1 {W1.shape}, b1 {b1.shape}, W2 {W2.shape}, b2 {b2.shape})"
        try:
            out = fn(W1.copy(), b1.copy(), W2.copy(), b2.copy())
        except ValueError as err:
            if "broadcast" in str(err):  # typically b1 + b2: a (hidden,) and an (output,) vector
                raise Wrong(
                    f"`{call}` raised ValueError: {err}. The shapes do not fit: b needs one "
                    f"entry per output unit, shape {b2.shape}, and b1 has one per hidden "
                    f"unit, shape {b1.shape}, so b1 cannot be added to b2 as it is. It has "
                    "to pass through the second layer first: what does the second layer "
                    "do to the constant b1?"
                ) from None
            raise Wrong(f"`{call}` raised ValueError: {err}") from None
        except Exception as err:  # the learner's code: report it, never crash the check
            raise Wrong(f"`{call}` raised {type(err).__name__}: {err}") from None
        if not isinstance(out, tuple) or len(out) != 2:
            got = f"{len(out)} things" if isinstance(out, tuple) else f"a {type(out).__name__}"
            raise Wrong(f"`{call}` should return two things, `return W, b`; it returned {got}.")
        W_want, b_want = reference(W1, b1, W2, b2)
        W_got, b_got = out
        if np.shape(W_got) == W_want.shape[::-1] and W_want.shape[0] != W_want.shape[1]:
            raise Wrong(
                f"For `{call}` your W has shape {np.shape(W_got)}, the transpose of the "
                f"right shape {W_want.shape}. The single layer maps n_in inputs to "
                "n_out units, so W is (n_in, n_out): which order of W1 and W2 gives that?"
            )
        assert_close("W", W_got, W_want)
        if np.shape(b_got) == b_want.shape and np.allclose(b_got, b2):
            raise Wrong(
                "W is right, but b is just b2. The first layer's biases b1 also pass "
                "through the second layer's weights: where does b1 end up in "
                "(X @ W1 + b1) @ W2 + b2?"
            )
        assert_close("b", b_got, b_want)
    W_want, b_want = reference(*_COLLAPSE_CASES[0])
    return f"Right: W = W1 @ W2 and b = b1 @ W2 + b2. For the first test case W is\n{format_array(W_want, 3)}"


def _collapse_wrong_order(W1, b1, W2, b2):
    return W2.T @ W1.T, b1 @ W2 + b2


def _collapse_forgets_b1(W1, b1, W2, b2):
    return W1 @ W2, b2


def _collapse_adds_biases(W1, b1, W2, b2):
    return W1 @ W2, b1 + b2


def _collapse_one_thing(W1, b1, W2, b2):
    return W1 @ W2


collapse = PredicateExercise(
    "lesson03.collapse",
    "two linear layers are one",
    "Two dense layers with no activation compute `(X @ W1 + b1) @ W2 + b2`. Write "
    "`collapse(W1, b1, W2, b2)` that returns `(W, b)`: the weights and biases of ONE dense "
    "layer that gives exactly the same output `X @ W + b` for every X.",
    answer_names=("collapse",),
    predicate=_check_collapse,
    solution=_collapse_solution,
    hints=(
        "Multiply out the brackets: (X @ W1 + b1) @ W2 = X @ W1 @ W2 + b1 @ W2. Which part "
        "multiplies X, and which part does not depend on X at all?",
        "Everything that multiplies X is the new W; everything else is the new b. `return W1 @ W2, b1 @ W2 + b2`.",
    ),
    wrong_examples=[
        (_collapse_wrong_order,),
        (_collapse_forgets_b1,),
        (_collapse_adds_biases,),
        (_collapse_one_thing,),
        (np.eye(2),),
    ],
)
