"""nnlib.analysis.backprop: the chain of three neurons and its chain-rule factors, the output
wishes, and every step of one forward and backward pass, checked against nnlib."""

import numpy as np
import pytest

from nnlib import Dense, Sequential
from nnlib.activations import sigmoid
from nnlib.analysis.backprop import (
    CHAIN_PARAMS,
    backprop_steps,
    chain_cost,
    chain_factors,
    chain_values,
    nnlib_step_values,
    numerical_chain_derivative,
    output_wishes,
    subscripts,
)
from nnlib.gradcheck import numerical_gradient

DEFAULT = {"w1": 1.0, "b1": 0.0, "w2": 2.0, "b2": -1.0, "w3": 2.0, "b3": -1.0}


def numerical(x, y, params, name, eps=1e-6):
    up, down = dict(params), dict(params)
    up[name] += eps
    down[name] -= eps
    return (chain_cost(x, y, up) - chain_cost(x, y, down)) / (2 * eps)


def test_chain_values_follow_the_definition():
    z, a = chain_values(1.0, DEFAULT)
    assert np.isclose(z[0], 1.0) and np.isclose(a[0], 1 / (1 + np.exp(-1.0)))
    assert np.isclose(z[1], 2.0 * a[0] - 1.0) and np.isclose(z[2], 2.0 * a[1] - 1.0)
    assert np.isclose(chain_cost(1.0, 1.0, DEFAULT), (a[2] - 1.0) ** 2)
    with pytest.raises(ValueError, match="missing w3"):
        chain_values(1.0, {"w1": 1, "b1": 0, "w2": 1, "b2": 0, "b3": 0})


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_product_of_the_factors_is_the_derivative(seed):
    rng = np.random.default_rng(seed)
    params = dict(zip(CHAIN_PARAMS, rng.uniform(-3, 3, size=6)))
    x, y = rng.uniform(-2, 2), rng.uniform(0, 1)
    for name in CHAIN_PARAMS:
        factors = chain_factors(x, y, params, name)
        k = int(name[1])
        assert len(factors) == 1 + 1 + 2 * (3 - k) + 1  # dz/dp, σ'(z_k), (w_j, σ'(z_j)) per later neuron, dC/da3
        assert [f.position for f in factors] == sorted(f.position for f in factors)
        product = np.prod([f.value for f in factors])
        assert np.isclose(product, numerical(x, y, params, name), rtol=1e-6, atol=1e-10)
    with pytest.raises(ValueError, match="param must be one of"):
        chain_factors(x, y, params, "w4")


def test_output_wishes_sum_is_minus_the_backpropagated_gradient():
    rng = np.random.default_rng(3)
    h, W, b = rng.random(5), rng.normal(size=(5, 4)), rng.normal(size=4)
    y = np.eye(4)[2]
    wishes, total = output_wishes(h, W, b, y)
    assert wishes.shape == (5, 4) and np.allclose(total, wishes.sum(axis=1))
    model = Sequential([Dense(4, "sigmoid", input_shape=[5])])
    model.layers[0].W, model.layers[0].b = W, b
    a = model.forward(h[None, :])
    assert np.allclose(total, -model.backprop(2 * (a - y))[0])
    # and it is minus the numerical slope of C = sum((a - y)**2) with respect to h
    hh = h.copy()
    num = numerical_gradient(lambda: float(np.sum((sigmoid(hh @ W + b) - y) ** 2)), hh)
    assert np.allclose(total, -num, atol=1e-8)
    with pytest.raises(ValueError, match="shapes"):
        output_wishes(h, W.T, b, y)


@pytest.mark.parametrize("seed", [0, 1])
def test_backprop_steps_equal_nnlib_also_for_a_batch(seed):
    rng = np.random.default_rng(seed)
    X, Y = rng.normal(size=(5, 2)), np.eye(2)[rng.integers(0, 2, 5)]
    W1, b1, W2, b2 = rng.normal(size=(2, 3)), rng.normal(size=3), rng.normal(size=(3, 2)), rng.normal(size=2)
    steps = backprop_steps(X, Y, W1, b1, W2, b2)
    reference = nnlib_step_values(X, Y, W1, b1, W2, b2)
    assert [s.name for s in steps] == [
        "X",
        "Z1",
        "A1",
        "Z2",
        "A2",
        "C",
        "dA2",
        "dZ2",
        "dW2",
        "db2",
        "dA1",
        "dZ1",
        "dW1",
        "db1",
    ]
    for s in steps:
        assert np.allclose(s.value, reference[s.name]), s.name
    # and the gradients are the numerical ones
    by = {s.name: s.value for s in steps}
    params = [W1.copy(), b1.copy(), W2.copy(), b2.copy()]

    def cost():
        A2 = sigmoid(sigmoid(X @ params[0] + params[1]) @ params[2] + params[3])
        return float(np.mean((A2 - Y) ** 2))

    for name, p in zip(["dW1", "db1", "dW2", "db2"], params):
        assert np.allclose(by[name], numerical_gradient(cost, p), atol=1e-9)


def test_numerical_chain_derivative_equals_the_test_s_own_and_subscripts():
    for name in CHAIN_PARAMS:
        assert numerical_chain_derivative(0.5, 1.0, DEFAULT, name) == numerical(0.5, 1.0, DEFAULT, name)
    assert subscripts("a3 = 0.5, w12") == "a₃ = 0.5, w₁₂"
