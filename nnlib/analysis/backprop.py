"""The numbers behind lesson 11's figures (back-propagation): a chain of three sigmoid neurons and
every factor of the chain rule along it, what each output neuron "wishes" from the layer before,
and every quantity of one forward and one backward pass through a 2-3-2 network, written out in
numpy and compared with ``nnlib``. numpy and the nnlib core only: no matplotlib, no widgets.

Batch-first as in ``nnlib``: ``X (n_samples, n_in)``, ``W (n_in, n_out)``, ``b (n_out,)``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from nnlib.activations import sigmoid
from nnlib.layers import Dense
from nnlib.losses import get_loss
from nnlib.network import Sequential

__all__ = [
    "CHAIN_PARAMS",
    "Factor",
    "STEP_B1",
    "STEP_B2",
    "STEP_W1",
    "STEP_W2",
    "STEP_X",
    "STEP_Y",
    "Step",
    "backprop_steps",
    "chain_cost",
    "chain_factors",
    "chain_values",
    "nnlib_step_values",
    "numerical_chain_derivative",
    "output_wishes",
    "stepper_model",
    "subscripts",
]

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def subscripts(text: str) -> str:
    """The digits right after a letter as subscripts: 'a3 = 0.5' -> 'a₃ = 0.5'."""
    return re.sub(r"(?<=[A-Za-z])\d+", lambda m: m.group(0).translate(_SUB), text)


CHAIN_PARAMS = ("w1", "b1", "w2", "b2", "w3", "b3")


def _chain_params(params: Mapping[str, float]) -> dict[str, float]:
    missing = [p for p in CHAIN_PARAMS if p not in params]
    if missing:
        raise ValueError(f"the chain needs values for {', '.join(CHAIN_PARAMS)}; missing {', '.join(missing)}")
    return {p: float(params[p]) for p in CHAIN_PARAMS}


def chain_values(x: float, params: Mapping[str, float]) -> tuple[np.ndarray, np.ndarray]:
    """Forward pass of the chain ``x -> a1 -> a2 -> a3``: ``z_k = w_k a_(k-1) + b_k``, ``a_k = σ(z_k)``.

    Returns
    -------
    z, a : ndarray, shape (3,)
        The weighted inputs and activations of the three neurons.
    """
    p = _chain_params(params)
    z, a = np.zeros(3), np.zeros(3)
    prev = float(x)
    for k in range(3):
        z[k] = p[f"w{k + 1}"] * prev + p[f"b{k + 1}"]
        a[k] = sigmoid(z[k])
        prev = a[k]
    return z, a


def chain_cost(x: float, y: float, params: Mapping[str, float]) -> float:
    """The cost ``C = (a3 - y)**2`` of the chain for one example ``(x, y)``."""
    _, a = chain_values(x, params)
    return float((a[2] - y) ** 2)


@dataclass(frozen=True)
class Factor:
    """One factor of the chain rule: where it sits on the chain, its name, formula and value."""

    position: float  # x position on the chain diagram: neuron k at k, the edge into it at k - 0.5
    name: str  # "∂a₂/∂z₂"
    formula: str  # "σ'(z₂)"
    value: float


def chain_factors(x: float, y: float, params: Mapping[str, float], param: str) -> list[Factor]:
    """Every factor of ``∂C/∂param`` by the chain rule, in order along the chain (input side first).

    For a parameter of neuron k: ``∂z_k/∂param`` (``a_(k-1)`` for a weight, with ``a_0 = x``; 1 for
    a bias), then ``∂a_k/∂z_k = σ'(z_k)``, then for every later neuron j ``∂z_j/∂a_(j-1) = w_j`` and
    ``∂a_j/∂z_j = σ'(z_j)``, and last ``∂C/∂a_3 = 2 (a_3 - y)``. Their product is ``∂C/∂param``.
    """
    if param not in CHAIN_PARAMS:
        raise ValueError(f"param must be one of {', '.join(CHAIN_PARAMS)}, got {param!r}")
    p = _chain_params(params)
    z, a = chain_values(x, p)
    k = int(param[1])
    prev = float(x) if k == 1 else float(a[k - 2])
    prev_name = "x" if k == 1 else f"a{k - 1}"
    factors = []
    if param[0] == "w":
        factors.append(Factor(k - 0.5, subscripts(f"∂z{k}/∂w{k}"), subscripts(prev_name), prev))
    else:
        factors.append(Factor(k - 0.5, subscripts(f"∂z{k}/∂b{k}"), "1", 1.0))
    for j in range(k, 4):
        if j > k:
            factors.append(Factor(j - 0.5, subscripts(f"∂z{j}/∂a{j - 1}"), subscripts(f"w{j}"), p[f"w{j}"]))
        factors.append(
            Factor(float(j), subscripts(f"∂a{j}/∂z{j}"), subscripts(f"σ'(z{j})"), float(a[j - 1] * (1 - a[j - 1])))
        )
    factors.append(Factor(3.5, "∂C/∂a₃", "2(a₃ − y)", float(2 * (a[2] - y))))
    return factors


def numerical_chain_derivative(x: float, y: float, params: Mapping[str, float], param: str, eps: float = 1e-6) -> float:
    """``∂C/∂param`` of the chain by central differences: ``(C(param + eps) - C(param - eps)) / (2 eps)``."""
    up, down = dict(params), dict(params)
    up[param] += eps
    down[param] -= eps
    return (chain_cost(x, y, up) - chain_cost(x, y, down)) / (2 * eps)


def output_wishes(h: Any, W: Any, b: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """Each output's wished change of each previous-layer activation, and their sum.

    One example: previous activations ``h (n_prev,)``, a sigmoid output layer ``a = σ(h @ W + b)``
    with ``W (n_prev, n_out)``, the cost ``C = Σ_k (a_k - y_k)**2``. Output ``k`` wishes the
    change ``-∂C_k/∂h_j = 2 (y_k - a_k) σ'(z_k) W[j, k]`` of neuron ``j``: proportional to how wrong
    it is and to the weight. The sum over the outputs is ``-∂C/∂h``, minus the gradient that the
    backward pass sends into the previous layer.

    Returns
    -------
    wishes : ndarray (n_prev, n_out)
    total : ndarray (n_prev,)
        ``wishes.sum(axis=1)``.
    """
    h, W, b, y = (np.asarray(v, dtype=np.float64) for v in (h, W, b, y))
    if h.ndim != 1 or W.shape != (h.size, b.size) or y.shape != b.shape:
        raise ValueError(
            f"shapes must be h (n_prev,), W (n_prev, n_out), b and y (n_out,); got "
            f"{h.shape}, {W.shape}, {b.shape}, {y.shape}"
        )
    a = sigmoid(h @ W + b)
    wishes = (2 * (y - a) * a * (1 - a))[None, :] * W
    return wishes, wishes.sum(axis=1)


@dataclass(frozen=True)
class Step:
    """One quantity of the forward or backward pass.

    Attributes
    ----------
    name : "Z1", "A1", ..., "C", "dA2", "dZ2", "dW2", "db2", ...
    formula : how it is computed from earlier quantities (numpy, batch-first)
    value : the array (or the cost as a 0-d array)
    phase : "start", "forward" or "backward"
    units : which units it belongs to: "input", "hidden", "output", "cost"
    edges : the layer of weights it uses or belongs to (1: input->hidden, 2: hidden->output), or 0
    nnlib : where ``nnlib`` keeps the same numbers, e.g. "model.layers[1].dZ"
    """

    name: str
    formula: str
    value: np.ndarray
    phase: str
    units: str
    edges: int
    nnlib: str


#: the 2-3-2 network of ``nnlib.widgets.backprop.BackpropStepper`` (numbers chosen to be easy to follow)
STEP_X = np.array([[1.0, 0.5]])
STEP_Y = np.array([[1.0, 0.0]])
STEP_W1 = np.array(
    [
        [0.4, -0.6, 0.9],
        [0.7, 0.3, -0.5],
    ]
)
STEP_B1 = np.array([0.1, -0.2, 0.0])
STEP_W2 = np.array(
    [
        [0.8, -0.4],
        [-0.7, 0.5],
        [0.6, 0.9],
    ]
)
STEP_B2 = np.array([0.0, 0.1])


def stepper_model(W1: Any = STEP_W1, b1: Any = STEP_B1, W2: Any = STEP_W2, b2: Any = STEP_B2) -> Sequential:
    """``nnlib``'s 2-3-2 sigmoid network with these weights (the network of the step-through)."""
    W1, W2 = np.asarray(W1, dtype=np.float64), np.asarray(W2, dtype=np.float64)
    model = Sequential(
        [Dense(W1.shape[1], activation="sigmoid", input_shape=[W1.shape[0]]), Dense(W2.shape[1], activation="sigmoid")]
    )
    model.set_weights([W1, np.asarray(b1, dtype=np.float64), W2, np.asarray(b2, dtype=np.float64)])
    return model


def backprop_steps(
    X: Any = STEP_X, Y: Any = STEP_Y, W1: Any = STEP_W1, b1: Any = STEP_B1, W2: Any = STEP_W2, b2: Any = STEP_B2
) -> list[Step]:
    """Every quantity of one forward and one backward pass, in the order they are computed.

    A two-layer sigmoid network with the mean squared error ``C = mean((A2 - Y)**2)`` (the mean over
    all entries, as ``nnlib``'s "mse"). Written in numpy here; :class:`BackpropStepper` checks each
    value against ``nnlib``.
    """
    X, Y, W1, b1, W2, b2 = (np.asarray(v, dtype=np.float64) for v in (X, Y, W1, b1, W2, b2))
    Z1 = X @ W1 + b1
    A1 = sigmoid(Z1)
    Z2 = A1 @ W2 + b2
    A2 = sigmoid(Z2)
    C = np.mean((A2 - Y) ** 2)
    dA2 = 2 * (A2 - Y) / A2.size
    dZ2 = dA2 * A2 * (1 - A2)
    dW2 = A1.T @ dZ2
    db2 = dZ2.sum(axis=0)
    dA1 = dZ2 @ W2.T
    dZ1 = dA1 * A1 * (1 - A1)
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0)
    return [
        Step("X", "(given)", X, "start", "input", 0, "X"),
        Step("Z1", "X @ W1 + b1", Z1, "forward", "hidden", 1, "model.layers[0].Z"),
        Step("A1", "σ(Z1)", A1, "forward", "hidden", 0, "model.layers[0].A"),
        Step("Z2", "A1 @ W2 + b2", Z2, "forward", "output", 2, "model.layers[1].Z"),
        Step("A2", "σ(Z2)", A2, "forward", "output", 0, "model.layers[1].A"),
        Step("C", "mean((A2 − Y)²)", np.asarray(C), "forward", "cost", 0, "loss"),
        Step("dA2", "2 (A2 − Y) / A2.size", dA2, "backward", "output", 0, "mse gradient"),
        Step("dZ2", "dA2 * σ'(Z2)", dZ2, "backward", "output", 0, "model.layers[1].dZ"),
        Step("dW2", "A1.T @ dZ2", dW2, "backward", "output", 2, "model.layers[1].dW"),
        Step("db2", "dZ2.sum(axis=0)", db2, "backward", "output", 0, "model.layers[1].db"),
        Step("dA1", "dZ2 @ W2.T", dA1, "backward", "hidden", 2, "(passed down by layer 1)"),
        Step("dZ1", "dA1 * σ'(Z1)", dZ1, "backward", "hidden", 0, "model.layers[0].dZ"),
        Step("dW1", "X.T @ dZ1", dW1, "backward", "hidden", 1, "model.layers[0].dW"),
        Step("db1", "dZ1.sum(axis=0)", db1, "backward", "hidden", 0, "model.layers[0].db"),
    ]


def nnlib_step_values(
    X: Any = STEP_X, Y: Any = STEP_Y, W1: Any = STEP_W1, b1: Any = STEP_B1, W2: Any = STEP_W2, b2: Any = STEP_B2
) -> dict[str, np.ndarray]:
    """The same quantities from ``nnlib``: ``loss_and_gradients`` keeps every Z, A, dZ, dW, db."""
    model = stepper_model(W1, b1, W2, b2)
    loss, _ = model.loss_and_gradients(X, Y, "mse")
    l1, l2 = model.dense_layers
    kept = {
        "Z1": l1.Z,
        "A1": l1.A,
        "Z2": l2.Z,
        "A2": l2.A,
        "dZ2": l2.dZ,
        "dW2": l2.dW,
        "db2": l2.db,
        "dZ1": l1.dZ,
        "dW1": l1.dW,
        "db1": l1.db,
    }
    values = {name: _kept(value, name) for name, value in kept.items()}
    values["X"] = np.asarray(X, dtype=np.float64)
    values["C"] = np.asarray(loss)
    values["dA2"] = get_loss("mse").gradient(Y, values["A2"])
    values["dA1"] = values["dZ2"] @ l2.W.T  # what layer 1's backward passed down (not kept by nnlib)
    order = ("X", "Z1", "A1", "Z2", "A2", "C", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1")
    return {name: values[name] for name in order}


def _kept(value: np.ndarray | None, name: str) -> np.ndarray:
    """An array a layer keeps after a forward and backward pass (None before the first one)."""
    if value is None:
        raise RuntimeError(f"nnlib kept no {name}: it is set by a forward and backward pass")
    return value
