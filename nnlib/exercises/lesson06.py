"""Exercises for lesson 06, backpropagation.

- :data:`chain_rule`: two derivatives of a chain of two sigmoid neurons, by hand.
- :data:`relu_backward`: the backward pass of a dense ReLU layer, as a function.
- :data:`find_bug`: which gradients of :func:`backward_with_bug` fail a gradient check.
- :data:`fix_bug`: the same backward pass with the bug fixed, verified by a gradient check.
- :data:`count_passes`: parameters of a 784-32-10 network, and the forward passes that central
  differences would need for its gradient.

:func:`backward_with_bug`, :func:`bug_cost` and :func:`bug_network` are the planted bug and the
network it runs on; the lesson prints the buggy function's source.
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
    "chain_rule",
    "count_passes",
    "find_bug",
    "fix_bug",
    "relu_backward",
]


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
        return ("Both have the wrong sign. a2 = 0.5 is below the target 1, so raising the weights "
                "lowers the cost: the slopes are negative. ∂C/∂a2 = 2 (a2 − y), not 2 (y − a2).")
    if np.allclose(got, [-0.0625, -0.125]):
        return "Both are half the right size: the derivative of (a2 − y)² is 2 (a2 − y)."
    if np.isclose(got[0], -0.5):
        return ("`dC_dw2` is missing a factor: between C and w2 sits the sigmoid of neuron 2, whose "
                "slope σ'(z2) = a2 (1 − a2) multiplies the chain.")
    if np.isclose(got[1], -1.0) or np.isclose(got[1], -0.5):
        return ("`dC_dw1` is missing a factor σ'(z): every neuron the chain passes through "
                "contributes its slope σ'(z) = a (1 − a), neuron 1 as well as neuron 2.")
    if np.isclose(got[1], -0.125):
        return ("`dC_dw1` is missing the last factor, ∂z1/∂w1: z1 = w1·x + b1 grows by x = 2 when "
                "w1 grows by 1.")
    return None


chain_rule = ValueExercise(
    "lesson06.chain_rule",
    "the chain rule by hand",
    "A chain of two sigmoid neurons: z1 = w1·x + b1, a1 = σ(z1), z2 = w2·a1 + b2, a2 = σ(z2), "
    "with the cost C = (a2 − y)² for one example x = 2.0, y = 1.0. The parameters are w1 = 0.5, "
    "b1 = −1.0, w2 = 2.0, b2 = −1.0 (they make z1 = z2 = 0, so the numbers come out round). "
    "Compute `dC_dw2` = ∂C/∂w2 and `dC_dw1` = ∂C/∂w1 with the chain rule. Remember "
    "σ'(z) = σ(z)(1 − σ(z)).",
    answer_names=("dC_dw2", "dC_dw1"),
    solution=_chain_rule_solution,
    hints=(
        "Forward first: z1 = 0.5·2 − 1 = 0, a1 = σ(0) = 0.5; z2 = 2·0.5 − 1 = 0, a2 = 0.5. Then "
        "backward from the cost: ∂C/∂a2 = 2 (a2 − y) = −1 and σ'(0) = 0.25.",
        "∂C/∂w2 = ∂C/∂a2 · σ'(z2) · a1. For w1 the chain is longer: "
        "∂C/∂w1 = ∂C/∂a2 · σ'(z2) · w2 · σ'(z1) · x.",
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
# 2. the backward pass of a dense ReLU layer


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
    one = (np.array([[0.5, -1.0]]),                 # dA (1, 2)
           np.array([[1.2, -0.3]]),                 # Z: the second unit is off
           np.array([[0.2, 0.0, 1.5]]),             # A_prev (1, 3)
           np.array([[0.1, -0.4], [0.7, 0.2], [-0.5, 0.3]]))  # W (3, 2)
    rng = np.random.default_rng(6)
    batch = (rng.normal(size=(4, 2)), rng.normal(size=(4, 2)), rng.random((4, 3)),
             rng.normal(size=(3, 2)))
    return [one, batch]


_RELU_INPUTS = _relu_inputs()


def _call(fn: Callable[..., Any], args: tuple[Any, ...], label: str) -> Any:
    try:
        return fn(*[np.copy(a) for a in args])
    except Exception as err:  # the learner's code: report it, never crash the check
        hint = ""
        if isinstance(err, ValueError) and "matmul" in str(err):
            hint = (" The shapes of a matrix product do not fit: going back through a layer uses "
                    "`W.T` (n_out, n_in), and `dW` is `A_prev.T @ dZ`.")
        raise Wrong(f"`{label}` raised {type(err).__name__}: {err}.{hint}") from None


def _three_arrays(out: Any, names: tuple[str, ...], label: str) -> tuple[Any, ...]:
    if is_placeholder(out):
        raise Wrong(f"`{label}` returned a blank `____`: finish the function body.")
    if not isinstance(out, (tuple, list)) or len(out) != len(names):
        raise Wrong(f"`{label}` should return {len(names)} arrays, `{', '.join(names)}`, in that "
                    f"order (`return {', '.join(names)}`); it returned {type(out).__name__} "
                    f"{'of length ' + str(len(out)) if isinstance(out, (tuple, list)) else ''}".rstrip())
    return tuple(out)


def _check_relu_backward(fn: Any) -> str | None:
    if not callable(fn):
        raise Wrong("Pass the function itself, `lesson06.relu_backward.check(relu_dense_backward)`, "
                    "without calling it (no parentheses after its name).")
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
                        "no gradient flows through that unit.") from None
                if name == "db" and g_arr.shape == w.shape and np.allclose(g_arr * len(dA), w):
                    raise Wrong(
                        "`db` is the mean of dZ over the batch; it should be the sum. dA already "
                        "contains the 1/n of the mean cost, so averaging again divides twice.") from None
                raise Wrong(f"In test {case}: {wrong.message}") from None
    return None


relu_backward = PredicateExercise(
    "lesson06.relu_backward",
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
        "Four lines, as in the lesson's `dense_backward`: first dZ = dA times the activation's "
        "derivative at Z; then dW, db and dA_prev from dZ. For ReLU the derivative is the array "
        "`(Z > 0)` (True counts as 1).",
        "`dZ = dA * (Z > 0)`, `dW = A_prev.T @ dZ` (n_in, n_out), `db = dZ.sum(axis=0)` (n_out,), "
        "`dA_prev = dZ @ W.T` (n_samples, n_in).",
    ),
    wrong_examples=[
        (lambda dA, Z, A_prev, W: (dA @ W.T, A_prev.T @ dA, dA.sum(axis=0)),),  # no derivative
        (lambda dA, Z, A_prev, W: ((dA * (Z > 0)) @ W.T, A_prev.T @ (dA * (Z > 0)),
                                   (dA * (Z > 0)).mean(axis=0)),),  # db as a mean
        (lambda dA, Z, A_prev, W: ((dA * (Z > 0)) @ W.T, (dA * (Z > 0)).T @ A_prev,
                                   (dA * (Z > 0)).sum(axis=0)),),  # dW transposed
        (lambda dA, Z, A_prev, W: ((dA * (Z > 0)) @ W, A_prev.T @ (dA * (Z > 0)),
                                   (dA * (Z > 0)).sum(axis=0)),),  # W not transposed: fails
        (lambda dA, Z, A_prev, W: (dA * (Z > 0)) @ W.T,),  # only one array
    ],
    success="ReLU's whole role in backpropagation is this factor of 0 or 1: the gradient passes "
    "unchanged through units that were on and stops at units that were off.",
)


# ---------------------------------------------------------------------------
# 3 and 4. a planted bug, found by a gradient check, then fixed


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
    dA1 = dZ2 @ W2
    dZ1 = dA1 * A1 * (1 - A1)
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0)
    return dW1, db1, dW2, db2


_PARAM_NAMES = ("W1", "b1", "W2", "b2")
_BUGGY = frozenset({"W1", "b1"})


def _find_bug_solution():
    from nnlib.gradcheck import numerical_gradient, relative_error

    X, Y, W1, b1, W2, b2 = lesson06.bug_network()
    grads = lesson06.backward_with_bug(X, Y, W1, b1, W2, b2)

    def cost():
        return lesson06.bug_cost(X, Y, W1, b1, W2, b2)

    wrong_gradients = []
    for name, param, grad in zip(["W1", "b1", "W2", "b2"], [W1, b1, W2, b2], grads):
        if relative_error(grad, numerical_gradient(cost, param)) > 1e-6:
            wrong_gradients.append(name)
    return wrong_gradients


def _names(answer: Any) -> set[str]:
    if isinstance(answer, str):
        answer = [answer]
    if not isinstance(answer, (list, tuple, set, frozenset)):
        raise Wrong("`wrong_gradients` should be a list of parameter names, like `[\"W2\"]`.")
    names = set()
    for item in answer:
        if not isinstance(item, str):
            raise Wrong(f"Write the names as strings in quotes, like \"W1\"; got {item!r}.")
        clean = item.strip().removeprefix("d")
        if clean not in _PARAM_NAMES:
            raise Wrong(f"{item!r} is not one of the parameters; they are "
                        f"{', '.join(repr(n) for n in _PARAM_NAMES)}.")
        names.add(clean)
    return names


def _check_find_bug(wrong_gradients: Any) -> str | None:
    names = _names(wrong_gradients)
    if not names:
        raise Wrong("An empty list says every gradient passes the check. Compute the relative error "
                    "of each one against `numerical_gradient`: some are far above 1e-6.")
    passing = sorted(names - _BUGGY)
    if passing:
        raise Wrong(f"{', '.join(f'`{n}`' for n in passing)}: its gradient agrees with the numerical "
                    "one to about 1e-10, so it is right. Only gradients with a relative error far "
                    "above 1e-6 are wrong.")
    if names != _BUGGY:
        raise Wrong("Right so far, but one more gradient fails the check. Look at all four.")
    return ("`dW2` and `db2` pass, `dW1` and `db1` fail. So the bug sits after `dW2` and `db2` are "
            "computed and before `dW1` and `db1`: in the line for `dA1` or `dZ1`, or in the last two. "
            "Read those lines against the lesson's `dense_backward`.")


find_bug = PredicateExercise(
    "lesson06.find_bug",
    "find the planted bug with a gradient check",
    "`lesson06.backward_with_bug(X, Y, W1, b1, W2, b2)` returns the gradients `dW1, db1, dW2, db2` "
    "of a two-layer sigmoid network with the cost `lesson06.bug_cost(X, Y, W1, b1, W2, b2)`, but "
    "one of its lines is wrong. Run it on `X, Y, W1, b1, W2, b2 = lesson06.bug_network()` and "
    "compare each gradient with `numerical_gradient` (relative error above 1e-6 means wrong). "
    "Which gradients are wrong? Answer with a list of names, e.g. `[\"W2\"]`.",
    answer_names=("wrong_gradients",),
    predicate=_check_find_bug,
    solution=_find_bug_solution,
    hints=(
        "As in section 8: `def cost(): return lesson06.bug_cost(X, Y, W1, b1, W2, b2)`, then for each "
        "parameter `relative_error(grad, numerical_gradient(cost, param))`. `numerical_gradient` "
        "nudges the array you pass in place, and `cost` reads the same array.",
        "`for name, param, grad in zip([\"W1\", \"b1\", \"W2\", \"b2\"], [W1, b1, W2, b2], "
        "lesson06.backward_with_bug(X, Y, W1, b1, W2, b2)):` print `name` and the relative error. "
        "Two are about 1e-10, two are far larger.",
    ),
    wrong_examples=[([],), (["W2"],), (["W1"],), (["W1", "b1", "W2"],), ("dW9",), (42,)],
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
        dA1 = dZ2 @ W2.T  # the fix: W2 is (n_hidden, n_out), so back to the hidden layer is W2.T
        dZ1 = dA1 * A1 * (1 - A1)
        dW1 = X.T @ dZ1
        db1 = dZ1.sum(axis=0)
        return dW1, db1, dW2, db2

    return backward_fixed


def _fix_bug_cases() -> list[tuple[np.ndarray, ...]]:
    X, Y, W1, b1, W2, b2 = bug_network()
    rng = np.random.default_rng(61)
    other = (rng.normal(size=(3, 4)), np.eye(3)[[2, 0, 1]], rng.normal(size=(4, 3)),
             rng.normal(size=3), rng.normal(size=(3, 3)), rng.normal(size=3))
    return [(X, Y, W1, b1, W2, b2), (X[:1], Y[:1], W1, b1, W2, b2), other]


def _check_fix_bug(fn: Any) -> str | None:
    if not callable(fn):
        raise Wrong("Pass the function itself, `lesson06.fix_bug.check(backward_fixed)`, without "
                    "calling it.")
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
                raise Wrong(f"In test {case}, `{name}` has {shape}; it must have the shape of its "
                            f"parameter, {numerical.shape}.")
            err = relative_error(g_arr, numerical)
            if not err < 1e-6:
                failed.append(f"`{name}` (relative error {err:.1e})")
        if failed:
            raise Wrong(f"The gradient check fails in test {case} for {', '.join(failed)}: "
                        "compare with the lesson's `dense_backward`, line by line, and mind the "
                        "shapes: every `dA_prev` must look like the layer's input.")
    return None


fix_bug = PredicateExercise(
    "lesson06.fix_bug",
    "fix the planted bug",
    "Copy `backward_with_bug` (its source is printed above) into a function "
    "`backward_fixed(X, Y, W1, b1, W2, b2)` and fix the wrong line. The checker runs a gradient "
    "check on it: every gradient must agree with central differences to a relative error "
    "below 1e-6, on the bug hunt's network and on two others.",
    answer_names=("backward_fixed",),
    predicate=_check_fix_bug,
    solution=_fix_bug_solution,
    hints=(
        "The gradient check said `dW2` and `db2` are right and `dW1`, `db1` wrong, so the bug is in "
        "a line between them: the one for `dA1`, `dZ1`, `dW1` or `db1`. Compare each with "
        "`dense_backward` in section 6.",
        "`dA1 = dZ2 @ W2` runs without an error only because W2 happens to be square (3, 3). Going "
        "back through a layer multiplies by the transposed weights: `dA1 = dZ2 @ W2.T`.",
    ),
    wrong_examples=[(backward_with_bug,), ("backward_fixed",), (lambda X, Y, W1, b1, W2, b2: None,)],
    success="This is why a gradient check is worth its cost once: the bug ran without an error and "
    "gave gradients of the right shapes, and training with them would still lower the cost a "
    "little, just slowly and wrongly.",
)


# ---------------------------------------------------------------------------
# 5. why one backward pass: counting forward passes


def _count_passes_solution():
    n_params = (784 * 32 + 32) + (32 * 10 + 10)  # weights and biases of both layers
    n_forward = 2 * n_params  # central differences: C(p + eps) and C(p - eps) for every parameter
    return n_params, n_forward


def _count_passes_diagnose(n_params, n_forward) -> str | None:
    p, f = float(n_params), float(n_forward)
    if p == 784 * 32 + 32 * 10:
        return "`n_params` leaves out the biases: one per unit, 32 + 10 of them."
    if p == 25450 and f == 25450:
        return ("Central differences evaluate the cost twice per parameter, at p + eps and at "
                "p − eps.")
    if p == 784 * 32 + 32 + 32 * 10 + 10 and f == 2 * p + 1:
        return ("Close: but central differences do not need C(p) itself, only C(p + eps) and "
                "C(p − eps) for each parameter.")
    return None


count_passes = ValueExercise(
    "lesson06.count_passes",
    "the price of nudging every weight",
    "A network 784-32-10 (one hidden layer of 32 units, 10 outputs, dense layers with biases). "
    "How many parameters does it have (`n_params`), and how many forward passes does a gradient "
    "by central differences need (`n_forward`)? (Backpropagation needs one forward and one "
    "backward pass.)",
    answer_names=("n_params", "n_forward"),
    solution=_count_passes_solution,
    hints=(
        "A dense layer from n_in to n_out has n_in × n_out weights and n_out biases. Central "
        "differences compute (C(p + eps) − C(p − eps)) / 2 eps for each parameter p.",
        "n_params = 784·32 + 32 + 32·10 + 10; each parameter costs two forward passes.",
    ),
    wrong_examples=[(25408, 50816), (25450, 25450), (25450, 50901), (25451, 50902)],
    diagnose=_count_passes_diagnose,
    rtol=0.0,
    atol=0.1,
    success="50,900 forward passes against about three passes' worth of work for forward + "
    "backward: backpropagation's advantage grows with the number of parameters.",
)


# the solutions call the helpers the way a learner does, as `lesson06.bug_network()`
lesson06 = sys.modules[__name__]
