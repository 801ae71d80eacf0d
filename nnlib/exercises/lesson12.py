"""Exercises for lesson 12, backpropagation in code.

- :data:`relu_backward`: the backward pass of a dense ReLU layer, as a function.
- :data:`find_bug`: which gradients of :func:`backward_with_bug` fail a gradient check.
- :data:`fix_bug`: the same backward pass with the bug fixed, verified by a gradient check.
- :data:`count_passes`: parameters of a 784-32-10 network, and the forward passes that central
  differences would need for its gradient.

:func:`backward_with_bug`, :func:`bug_cost` and :func:`bug_network` are the planted bug and the
network it runs on; the lesson prints the buggy function's source. The bug is one name in one line,
in code that looks like the lesson's: a gradient check finds it faster than reading does.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import numpy as np

from nnlib.activations import sigmoid
from nnlib.exercises.core import (
    PredicateExercise,
    ValueExercise,
    Wrong,
    assert_close,
    expect_array,
    is_placeholder,
)
from nnlib.gradcheck import numerical_gradient, relative_error

__all__ = [
    "backward_with_bug",
    "bug_cost",
    "bug_network",
    "count_passes",
    "find_bug",
    "fix_bug",
    "relu_backward",
]


# ---------------------------------------------------------------------------
# 1. the backward pass of a dense ReLU layer


def _relu_reference(dA, Z, A_prev, W):
    dZ = dA * (Z > 0)
    return dZ @ W.T, A_prev.T @ dZ, dZ.sum(axis=0)


def _relu_backward_solution():
    def relu_dense_backward(dA, Z, A_prev, W):
        # ReLU'(z) is 1 where z > 0 and 0 elsewhere: the gradient passes or stops
        dZ = dA * (Z > 0)
        dW = A_prev.T @ dZ
        db = dZ.sum(axis=0)
        dA_prev = dZ @ W.T
        return dA_prev, dW, db

    return relu_dense_backward


def _relu_inputs() -> list[tuple[np.ndarray, ...]]:
    one = (
        np.array([[0.5, -1.0]]),  # dA (1, 2)
        np.array([[1.2, -0.3]]),  # Z: the second unit is off
        np.array([[0.2, 0.0, 1.5]]),  # A_prev (1, 3)
        np.array([[0.1, -0.4], [0.7, 0.2], [-0.5, 0.3]]),
    )  # W (3, 2)
    rng = np.random.default_rng(6)
    batch = (rng.normal(size=(4, 2)), rng.normal(size=(4, 2)), rng.random((4, 3)), rng.normal(size=(3, 2)))
    return [one, batch]


_RELU_INPUTS = _relu_inputs()


def _call(fn: Callable[..., Any], args: tuple[Any, ...], label: str) -> Any:
    try:
        return fn(*[np.copy(a) for a in args])
    except Exception as err:  # the learner's code: report it, never crash the check
        hint = ""
        if isinstance(err, ValueError) and "matmul" in str(err):
            hint = (
                " The shapes of a matrix product do not fit: going back through a layer uses "
                "`W.T` (n_out, n_in), and `dW` is `A_prev.T @ dZ`."
            )
        raise Wrong(f"`{label}` raised {type(err).__name__}: {err}.{hint}") from None


def _three_arrays(out: Any, names: tuple[str, ...], label: str) -> tuple[Any, ...]:
    if is_placeholder(out):
        raise Wrong(f"`{label}` returned a blank `____`: finish the function body.")
    if not isinstance(out, (tuple, list)) or len(out) != len(names):
        raise Wrong(
            f"`{label}` should return {len(names)} arrays, `{', '.join(names)}`, in that "
            f"order (`return {', '.join(names)}`); it returned {type(out).__name__} "
            f"{'of length ' + str(len(out)) if isinstance(out, (tuple, list)) else ''}".rstrip()
        )
    return tuple(out)


def _check_relu_backward(fn: Any) -> str | None:
    if not callable(fn):
        raise Wrong(
            "Pass the function itself, `lesson12.relu_backward.check(relu_dense_backward)`, "
            "without calling it (no parentheses after its name)."
        )
    names = ("dA_prev", "dW", "db")
    for case, args in enumerate(_RELU_INPUTS, start=1):
        dA, Z, A_prev, W = args
        label = f"relu_dense_backward(dA, Z, A_prev, W)  (test {case}: {len(dA)} sample(s))"
        got = _three_arrays(_call(fn, args, label), names, label)
        want = _relu_reference(*args)
        no_derivative = (dA @ W.T, A_prev.T @ dA, dA.sum(axis=0))
        for name, g, w, nd in zip(names, got, want, no_derivative):
            try:
                assert_close(name, g, w, rtol=1e-6, atol=1e-9)
            except Wrong as wrong:
                try:
                    g_arr = np.asarray(g, dtype=np.float64)
                except Exception:  # not numbers at all: the message of assert_close says so
                    raise Wrong(f"In test {case}: {wrong.message}") from None
                if g_arr.shape == nd.shape and np.allclose(g_arr, nd):
                    raise Wrong(
                        f"In test {case}, `{name}` is what you get without the ReLU's derivative. "
                        "Where Z < 0 the unit is off: ReLU'(z) = 0 there, so dZ = dA * (Z > 0) and "
                        "no gradient flows through that unit."
                    ) from None
                if name == "db" and g_arr.shape == w.shape and np.allclose(g_arr * len(dA), w):
                    raise Wrong(
                        "`db` is the mean of dZ over the batch; it should be the sum. dA already "
                        "contains the 1/n of the mean cost, so averaging again divides twice."
                    ) from None
                raise Wrong(f"In test {case}: {wrong.message}") from None
    return None


relu_backward = PredicateExercise(
    "lesson12.relu_backward",
    "the backward pass of a dense ReLU layer",
    "Write `relu_dense_backward(dA, Z, A_prev, W)` for a dense layer with ReLU activation, "
    "A = relu(A_prev @ W + b), batch-first. Given `dA` = dC/dA (n_samples, n_out), the layer's "
    "weighted inputs `Z` (n_samples, n_out), its inputs `A_prev` (n_samples, n_in) and weights `W` "
    "(n_in, n_out), return `dA_prev, dW, db` = dC/dA_prev, dC/dW, dC/db. ReLU's derivative is 1 "
    "where z > 0 and 0 where z < 0.",
    answer_names=("relu_dense_backward",),
    predicate=_check_relu_backward,
    solution=_relu_backward_solution,
    hints=(
        "It is section 2's `dense_backward` with one thing changed: the activation's derivative. "
        "First through the activation (dZ), then dW, db and dA_prev from dZ.",
        "ReLU's derivative is 1 where z > 0 and 0 elsewhere. In numpy the comparison `Z > 0` gives "
        "an array of True/False, and True counts as 1 in arithmetic.",
        "Shapes to aim for: dW like W (n_in, n_out), so A_prev's transpose times dZ; db (n_out,), a "
        "sum over the samples; dA_prev like A_prev, so dZ times W's transpose.",
    ),
    wrong_examples=[
        (lambda dA, Z, A_prev, W: (dA @ W.T, A_prev.T @ dA, dA.sum(axis=0)),),  # no derivative
        (
            lambda dA, Z, A_prev, W: ((dA * (Z > 0)) @ W.T, A_prev.T @ (dA * (Z > 0)), (dA * (Z > 0)).mean(axis=0)),
        ),  # db as a mean
        (
            lambda dA, Z, A_prev, W: ((dA * (Z > 0)) @ W.T, (dA * (Z > 0)).T @ A_prev, (dA * (Z > 0)).sum(axis=0)),
        ),  # dW transposed
        (
            lambda dA, Z, A_prev, W: ((dA * (Z > 0)) @ W, A_prev.T @ (dA * (Z > 0)), (dA * (Z > 0)).sum(axis=0)),
        ),  # W not transposed: fails
        (lambda dA, Z, A_prev, W: (dA * (Z > 0)) @ W.T,),  # only one array
    ],
    success="ReLU's whole role in backpropagation is this factor of 0 or 1: the gradient passes "
    "unchanged through units that were on and stops at units that were off.",
)


# ---------------------------------------------------------------------------
# 2 and 3. a planted bug, found by a gradient check, then fixed


def bug_network() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A small data set and network for the bug hunt: ``X, Y, W1, b1, W2, b2``.

    Five examples with 4 features and one-hot targets for 3 classes; a 4-3-3 network (sigmoid
    hidden layer, sigmoid outputs). Fresh arrays on every call.
    """
    rng = np.random.default_rng(60)
    X = rng.normal(size=(5, 4))
    Y = np.eye(3)[[0, 2, 1, 1, 0]]
    W1, b1 = rng.normal(size=(4, 3)), rng.normal(size=3) * 0.5
    W2, b2 = rng.normal(size=(3, 3)), rng.normal(size=3) * 0.5
    return X, Y, W1, b1, W2, b2


def bug_cost(X, Y, W1, b1, W2, b2) -> float:
    """The cost ``C = mean((A2 - Y)**2)`` of the two-layer sigmoid network (nnlib's "mse")."""
    A2 = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    return float(np.mean((A2 - Y) ** 2))


def backward_with_bug(X, Y, W1, b1, W2, b2):
    """Gradients dW1, db1, dW2, db2 of C = mean((A2 - Y)**2). One line is wrong."""
    # forward pass
    Z1 = X @ W1 + b1
    A1 = 1 / (1 + np.exp(-Z1))
    Z2 = A1 @ W2 + b2
    A2 = 1 / (1 + np.exp(-Z2))
    # backward pass
    dA2 = 2 * (A2 - Y) / A2.size
    dZ2 = dA2 * A2 * (1 - A2)
    dW2 = A1.T @ dZ2
    db2 = dZ2.sum(axis=0)
    dA1 = dZ2 @ W2.T
    dZ1 = dA1 * A1 * (1 - A1)
    dW1 = X.T @ dA1
    db1 = dZ1.sum(axis=0)
    return dW1, db1, dW2, db2


_PARAM_NAMES = ("W1", "b1", "W2", "b2")
_BUGGY = frozenset({"W1"})


def _find_bug_solution():
    from nnlib.gradcheck import numerical_gradient, relative_error

    X, Y, W1, b1, W2, b2 = lesson12.bug_network()
    grads = lesson12.backward_with_bug(X, Y, W1, b1, W2, b2)

    def cost():
        return lesson12.bug_cost(X, Y, W1, b1, W2, b2)

    wrong_gradients = []
    for name, param, grad in zip(["W1", "b1", "W2", "b2"], [W1, b1, W2, b2], grads):
        if relative_error(grad, numerical_gradient(cost, param)) > 1e-6:
            wrong_gradients.append(name)
    return wrong_gradients


def _names(answer: Any) -> set[str]:
    if isinstance(answer, str):
        answer = [answer]
    if not isinstance(answer, (list, tuple, set, frozenset)):
        raise Wrong('`wrong_gradients` should be a list of parameter names, like `["W2"]`.')
    names = set()
    for item in answer:
        if not isinstance(item, str):
            raise Wrong(f'Write the names as strings in quotes, like "W1"; got {item!r}.')
        clean = item.strip().removeprefix("d")
        if clean not in _PARAM_NAMES:
            raise Wrong(f"{item!r} is not one of the parameters; they are {', '.join(repr(n) for n in _PARAM_NAMES)}.")
        names.add(clean)
    return names


def _check_find_bug(wrong_gradients: Any) -> str | None:
    names = _names(wrong_gradients)
    if not names:
        raise Wrong(
            "An empty list says every gradient passes the check. Compute the relative error "
            "of each one against `numerical_gradient`: some are far above 1e-6."
        )
    passing = sorted(names - _BUGGY)
    if passing:
        raise Wrong(
            f"{', '.join(f'`{n}`' for n in passing)}: its gradient agrees with the numerical "
            "one to about 1e-10, so it is right. Only gradients with a relative error far "
            "above 1e-6 are wrong."
        )
    if names != _BUGGY:
        raise Wrong("Right so far, but one more gradient fails the check. Look at all four.")
    return (
        "Only `dW1` fails; `db1`, `dW2` and `db2` pass. `db1` comes from `dZ1`, so `dZ1` and "
        "everything before it are right: the bug is in the one line that only `dW1` uses. "
        "Read that line against section 2's `dense_backward`."
    )


find_bug = PredicateExercise(
    "lesson12.find_bug",
    "find the planted bug with a gradient check",
    "`lesson12.backward_with_bug(X, Y, W1, b1, W2, b2)` returns the gradients `dW1, db1, dW2, db2` "
    "of a two-layer sigmoid network with the cost `lesson12.bug_cost(X, Y, W1, b1, W2, b2)`, but "
    "one of its lines is wrong. Run it on `X, Y, W1, b1, W2, b2 = lesson12.bug_network()` and "
    "compare each gradient with `numerical_gradient` (relative error above 1e-6 means wrong). "
    'Which gradients are wrong? Answer with a list of names, e.g. `["W2"]`.',
    answer_names=("wrong_gradients",),
    predicate=_check_find_bug,
    solution=_find_bug_solution,
    hints=(
        "Do what section 4 did for the 2-3-2 network: a cost function with no arguments that reads "
        "the arrays, and `numerical_gradient` for each parameter array, compared with "
        "`relative_error`.",
        "`numerical_gradient(f, x)` nudges the very array `x` you pass, in place, so the cost "
        "function must read that same array (the W1, b1, W2, b2 that `bug_network()` gave you).",
        "Loop over the four names, parameter arrays and returned gradients together (`zip`), and "
        "print each relative error. Right ones are around 1e-10; collect the names of the others.",
    ),
    wrong_examples=[([],), (["W2"],), (["W1", "b1"],), (["W1", "b1", "W2"],), ("dW9",), (42,)],
)


def _fix_bug_solution():
    def backward_fixed(X, Y, W1, b1, W2, b2):
        # forward pass
        Z1 = X @ W1 + b1
        A1 = 1 / (1 + np.exp(-Z1))
        Z2 = A1 @ W2 + b2
        A2 = 1 / (1 + np.exp(-Z2))
        # backward pass
        dA2 = 2 * (A2 - Y) / A2.size
        dZ2 = dA2 * A2 * (1 - A2)
        dW2 = A1.T @ dZ2
        db2 = dZ2.sum(axis=0)
        dA1 = dZ2 @ W2.T
        dZ1 = dA1 * A1 * (1 - A1)
        dW1 = X.T @ dZ1  # the fix: through the sigmoid first, dZ1, then the weights
        db1 = dZ1.sum(axis=0)
        return dW1, db1, dW2, db2

    return backward_fixed


def _fix_bug_cases() -> list[tuple[np.ndarray, ...]]:
    X, Y, W1, b1, W2, b2 = bug_network()
    rng = np.random.default_rng(61)
    other = (
        rng.normal(size=(3, 4)),
        np.eye(3)[[2, 0, 1]],
        rng.normal(size=(4, 3)),
        rng.normal(size=3),
        rng.normal(size=(3, 3)),
        rng.normal(size=3),
    )
    return [(X, Y, W1, b1, W2, b2), (X[:1], Y[:1], W1, b1, W2, b2), other]


def _check_fix_bug(fn: Any) -> str | None:
    if not callable(fn):
        raise Wrong("Pass the function itself, `lesson12.fix_bug.check(backward_fixed)`, without calling it.")
    names = ("dW1", "db1", "dW2", "db2")
    for case, args in enumerate(_fix_bug_cases(), start=1):
        label = f"backward_fixed(X, Y, W1, b1, W2, b2)  (test {case}: {len(args[0])} sample(s))"
        got = _three_arrays(_call(fn, args, label), names, label)
        X, Y, *params = [np.array(a, dtype=np.float64) for a in args]

        def cost() -> float:
            return bug_cost(X, Y, *params)

        failed = []
        for name, g, p in zip(names, got, params):
            numerical = numerical_gradient(cost, p)
            g_arr = expect_array(f"{name} (test {case})", g) if not is_placeholder(g) else None
            if g_arr is None or g_arr.shape != numerical.shape:
                shape = "a blank" if g_arr is None else f"shape {g_arr.shape}"
                raise Wrong(
                    f"In test {case}, `{name}` has {shape}; it must have the shape of its parameter, {numerical.shape}."
                )
            err = relative_error(g_arr, numerical)
            if not err < 1e-6:
                failed.append(f"`{name}` (relative error {err:.1e})")
        if failed:
            raise Wrong(
                f"The gradient check fails in test {case} for {', '.join(failed)}: "
                "compare with the lesson's `dense_backward`, line by line, and mind the "
                "shapes: every `dA_prev` must look like the layer's input."
            )
    return None


fix_bug = PredicateExercise(
    "lesson12.fix_bug",
    "fix the planted bug",
    "Copy `backward_with_bug` (its source is printed above) into a function "
    "`backward_fixed(X, Y, W1, b1, W2, b2)` and fix the wrong line (Exercise 2's gradient check "
    "tells you which gradient to look at). The checker runs a gradient "
    "check on it: every gradient must agree with central differences to a relative error "
    "below 1e-6, on the bug hunt's network and on two others.",
    answer_names=("backward_fixed",),
    predicate=_check_fix_bug,
    solution=_fix_bug_solution,
    hints=(
        "The gradient check said only `dW1` is wrong. `db1` is right, and it is built from `dZ1`: "
        "so every line up to `dZ1` is right.",
        "Compare the line for `dW1` with section 2's `dense_backward`, where `dW = A_prev.T @ dZ`. "
        "Which array does it multiply, and which one does the buggy line use?",
        "The weight slope needs the delta AFTER the activation's derivative has been applied. Copy "
        "the function, change that one name, and run the check.",
    ),
    wrong_examples=[(backward_with_bug,), ("backward_fixed",), (lambda X, Y, W1, b1, W2, b2: None,)],
    success="This is why a gradient check is worth its cost once: the bug ran without an error and "
    "gave gradients of the right shapes, and training with them would still lower the cost a "
    "little, just slowly and wrongly.",
)


# ---------------------------------------------------------------------------
# 4. why one backward pass: counting forward passes


def _count_passes_solution():
    n_params = (784 * 32 + 32) + (32 * 10 + 10)  # weights and biases of both layers
    n_forward = 2 * n_params  # central differences: C(p + eps) and C(p - eps) for every parameter
    return n_params, n_forward


def _count_passes_diagnose(n_params, n_forward) -> str | None:
    p, f = float(n_params), float(n_forward)
    if p == 784 * 32 + 32 * 10:
        return "`n_params` leaves out the biases: one per unit, 32 + 10 of them."
    if p == 25450 and f == 25450:
        return "Central differences evaluate the cost twice per parameter, at p + eps and at p − eps."
    if p == 784 * 32 + 32 + 32 * 10 + 10 and f == 2 * p + 1:
        return (
            "Close: but central differences do not need C(p) itself, only C(p + eps) and C(p − eps) for each parameter."
        )
    return None


count_passes = ValueExercise(
    "lesson12.count_passes",
    "the price of nudging every weight",
    "A network 784-32-10 (one hidden layer of 32 units, 10 outputs, dense layers with biases). "
    "How many parameters does it have (`n_params`), and how many forward passes does a gradient "
    "by central differences need (`n_forward`)? (Backpropagation needs one forward and one "
    "backward pass.)",
    answer_names=("n_params", "n_forward"),
    solution=_count_passes_solution,
    hints=(
        "A dense layer from n_in to n_out has n_in × n_out weights and n_out biases. Count both layers.",
        "Central differences compute (C(p + eps) − C(p − eps)) / 2 eps for each parameter p: how "
        "many times is the network run forward for one parameter?",
        "The first layer has 784·32 weights and 32 biases, the second 32·10 and 10. Add them; each "
        "of them needs two runs of the cost.",
    ),
    wrong_examples=[(25408, 50816), (25450, 25450), (25450, 50901), (25451, 50902)],
    diagnose=_count_passes_diagnose,
    rtol=0.0,
    atol=0.1,
    success="50,900 forward passes against about three passes' worth of work for forward + "
    "backward: backpropagation's advantage grows with the number of parameters.",
)


# the solutions call the helpers the way a learner does, as `lesson12.bug_network()`
lesson12 = sys.modules[__name__]
