"""Exercises for lesson 06, stacking layers.

- ``collapse``: any stack of linear layers as one (a loop over the layers).
- ``predict_depth``: predict, then move the stacked-fit widget.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnlib.exercises.core import (
    PredicateExercise,
    PredictExercise,
    Wrong,
    assert_close,
    format_array,
)


__all__ = ["collapse", "predict_depth"]


# ---------------------------------------------------------------------------
# any stack of linear layers is one


def _collapse_solution():
    def collapse(layers):
        # (X @ W + b) @ Wk + bk  =  X @ (W @ Wk)  +  (b @ Wk + bk): fold the layers in one by one
        W, b = layers[0]
        for Wk, bk in layers[1:]:
            W, b = W @ Wk, b @ Wk + bk
        return W, b

    return collapse


def _stack(rng: np.random.Generator, sizes: list[int]) -> list[tuple[np.ndarray, np.ndarray]]:
    # one decimal, so that a message showing them stays readable
    return [
        (np.round(rng.normal(size=(n_in, n_out)), 1), np.round(rng.normal(size=n_out), 1))
        for n_in, n_out in zip(sizes[:-1], sizes[1:])
    ]


# two layers first (the lesson's case), then three and four, then a single layer
_COLLAPSE_CASES = [
    _stack(np.random.default_rng(7), [3, 4, 2]),
    _stack(np.random.default_rng(8), [2, 6, 3, 1]),
    _stack(np.random.default_rng(9), [4, 3, 5, 2, 3]),
    _stack(np.random.default_rng(10), [3, 2]),
]


def _forward(layers: list[tuple[np.ndarray, np.ndarray]], X: np.ndarray) -> np.ndarray:
    for W, b in layers:
        X = X @ W + b
    return X


def _check_collapse(fn: Any) -> str:
    if not callable(fn):
        raise Wrong(
            "Pass the function itself, `lesson06.collapse.check(collapse)`, without "
            "calling it (no parentheses after `collapse`)."
        )
    for layers in _COLLAPSE_CASES:
        shapes = ", ".join(f"W{k + 1} {W.shape}" for k, (W, _) in enumerate(layers))
        call = f"collapse([{len(layers)} layers: {shapes}])"
        try:
            out = fn([(W.copy(), b.copy()) for W, b in layers])
        except ValueError as err:
            if "broadcast" in str(err) or "mismatch" in str(err):
                raise Wrong(
                    f"`{call}` raised ValueError: {err}. The shapes do not fit: a bias of one "
                    "layer cannot be added to the next layer's bias as it is. It has to pass "
                    "through the next layer's weights first."
                ) from None
            raise Wrong(f"`{call}` raised ValueError: {err}") from None
        except Exception as err:  # the learner's code: report it, never crash the check
            raise Wrong(f"`{call}` raised {type(err).__name__}: {err}") from None
        if not isinstance(out, tuple) or len(out) != 2:
            got = f"{len(out)} things" if isinstance(out, tuple) else f"a {type(out).__name__}"
            raise Wrong(f"`{call}` should return two things, `return W, b`; it returned {got}.")
        W_got, b_got = out
        n_in, n_out = layers[0][0].shape[0], layers[-1][0].shape[1]
        if np.shape(W_got) == (n_out, n_in) and n_in != n_out:
            raise Wrong(
                f"For `{call}` your W has shape {np.shape(W_got)}, the transpose of the right "
                f"shape {(n_in, n_out)}. The single layer maps the first layer's inputs to the "
                "last layer's units: in which order do the weight matrices multiply?"
            )
        # judged by what matters: the one layer must give the stack's output for any X
        X = np.round(np.random.default_rng(0).normal(size=(4, n_in)), 1)
        W_want = _forward(layers, np.eye(n_in)) - _forward(layers, np.zeros((1, n_in)))
        b_want = _forward(layers, np.zeros((1, n_in)))[0]
        assert_close("W", W_got, W_want)
        if len(layers) > 1 and np.shape(b_got) == b_want.shape and np.allclose(b_got, layers[-1][1]):
            raise Wrong(
                "W is right, but b is just the last layer's bias. The earlier biases pass "
                "through the later layers' weights: where does b1 end up in "
                "(X @ W1 + b1) @ W2 + b2?"
            )
        assert_close("b", b_got, b_want)
        assert_close("X @ W + b", X @ np.asarray(W_got) + np.asarray(b_got), _forward(layers, X))
    W_want, _ = _collapse_solution()(_COLLAPSE_CASES[1])
    return (
        "Right: any stack of linear layers is one linear layer. For the three-layer test case W is\n"
        f"{format_array(W_want, 3)}"
    )


def _collapse_two_only(layers):
    (W1, b1), (W2, b2) = layers[:2]
    return W1 @ W2, b1 @ W2 + b2


def _collapse_wrong_order(layers):
    W, b = layers[0]
    for Wk, bk in layers[1:]:
        W, b = Wk.T @ W.T, b @ Wk + bk
    return W, b


def _collapse_forgets_biases(layers):
    W, _ = layers[0]
    for Wk, _bk in layers[1:]:
        W = W @ Wk
    return W, layers[-1][1]


def _collapse_adds_biases(layers):
    W, b = layers[0]
    for Wk, bk in layers[1:]:
        W, b = W @ Wk, b.sum() + bk
    return W, b


collapse = PredicateExercise(
    "lesson06.collapse",
    "any stack of linear layers is one",
    "Dense layers with no activation compute `(... ((X @ W1 + b1) @ W2 + b2) ...) @ Wk + bk`. "
    "Write `collapse(layers)`, where `layers` is a list of `(W, b)` pairs (one, two, three or "
    "more layers), that returns `(W, b)`: the weights and biases of ONE dense layer that gives "
    "exactly the same output `X @ W + b` for every X.",
    answer_names=("collapse",),
    predicate=_check_collapse,
    solution=_collapse_solution,
    hints=(
        "Section 2 collapsed two layers. Multiply out the brackets for two: (X @ W1 + b1) @ W2 + b2 "
        "= X @ (something) + (something else). Which part multiplies X, and which part does not "
        "depend on X at all?",
        "Once two layers are one layer (W, b), the third layer sees X @ W + b, exactly as the second "
        "layer saw X @ W1 + b1. So the same rule folds in one layer after another, in a loop.",
        "Start from the first layer's pair as your one layer, and for every later pair `(Wk, bk)` "
        "compute the new W and the new b from the old ones by the rule for two layers.",
    ),
    wrong_examples=[
        (_collapse_two_only,),
        (_collapse_wrong_order,),
        (_collapse_forgets_biases,),
        (_collapse_adds_biases,),
        (np.eye(2),),
    ],
    minutes=8,
)


# ---------------------------------------------------------------------------
# predict, then move: depth without activations


def _predict_depth_solution():
    # without activations every stack is one linear layer: a straight line through the data
    prediction = "a"
    return prediction


predict_depth = PredictExercise(
    "lesson06.predict_depth",
    "predict what depth does without activations",
    "In the `StackFit` widget of section 2, set the hidden activation to linear. Now go from 1 "
    "hidden layer to the most the widget offers. What does the fitted curve do?",
    choices={
        "a": "it stays a straight line, whatever the depth",
        "b": "it bends a little more with every layer",
        "c": "it follows the data closely once there are enough layers",
    },
    solution=_predict_depth_solution,
    move="pick `linear` as the hidden activation and step through every depth; then pick `relu` and do it again.",
    why_not={
        "b": "Bending needs something that is not a straight line between the layers. What does a linear activation do to z?",
        "c": "Each layer is X @ W + b. What is a linear layer of a linear layer?",
    },
    hints=(
        "With the linear activation, each hidden layer computes X @ W + b and passes it on unchanged.",
        "Exercise 1 shows that any stack of such layers is one layer X @ W + b.",
        "With one input and one output, what shape does X @ W + b trace as X moves?",
    ),
    minutes=3,
)
