"""Activations and losses: values, derivatives against central differences, bad input."""

import math

import numpy as np
import pytest

from nnlib import ACTIVATIONS, LOSSES, get_activation, get_loss, numerical_gradient, relative_error
from nnlib.losses import accuracy, binary_crossentropy_from_logits, to_targets

rng = np.random.default_rng(42)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_backward_matches_central_differences(name):
    act = get_activation(name)
    Z = rng.standard_normal((5, 4)) * 2
    if name in ("relu", "step"):
        Z[np.abs(Z) < 1e-3] = 0.5  # stay away from the kink
    dA = rng.standard_normal(Z.shape)
    # scalar function L = sum(dA * f(Z)) has dL/dZ = backward(dA)
    numeric = numerical_gradient(lambda: float(np.sum(dA * act.forward(Z))), Z)
    analytic = act.backward(dA, Z, act.forward(Z))
    if name == "step":
        assert np.all(analytic == 0) and np.all(numeric == 0)
    else:
        assert relative_error(analytic, numeric) < 1e-8


@pytest.mark.parametrize("name", ["linear", "sigmoid", "tanh", "relu", "step"])
def test_elementwise_derivative(name):
    act = get_activation(name)
    z = np.array([-2.0, -0.3, 0.4, 3.0])
    eps = 1e-6
    numeric = (act(z + eps) - act(z - eps)) / (2 * eps)
    assert np.allclose(act.derivative(z), numeric, atol=1e-8)


def test_known_values():
    assert get_activation("sigmoid")(np.array([0.0]))[0] == 0.5
    assert math.isclose(get_activation("sigmoid")(np.array([2.0]))[0], 1 / (1 + math.exp(-2)), rel_tol=1e-15)
    assert np.array_equal(get_activation("relu")(np.array([-1.0, 0.0, 2.5])), [0, 0, 2.5])
    assert np.array_equal(get_activation("step")(np.array([-1.0, 0.0, 2.5])), [0, 0, 1])
    s = get_activation("softmax")(np.array([[1.0, 2.0, 3.0]]))
    assert np.isclose(s.sum(), 1) and np.all(np.diff(s) > 0)


def test_sigmoid_and_softmax_do_not_overflow():
    with np.errstate(over="raise", invalid="raise"):
        s = get_activation("sigmoid")(np.array([-1e4, 1e4]))
        assert s[0] == 0.0 and s[1] == 1.0
        p = get_activation("softmax")(np.array([[1e4, 0.0, -1e4]]))
        assert np.allclose(p, [[1, 0, 0]])


def test_unknown_activation_lists_known_names():
    with pytest.raises(ValueError, match="unknown activation 'sigmod'.*'sigmoid'"):
        get_activation("sigmod")
    with pytest.raises(TypeError):
        get_activation(3)
    assert get_activation(None).name == "linear"


# losses ------------------------------------------------------------------


def _preds(name, shape):
    if name in ("binary_crossentropy", "categorical_crossentropy"):
        a = rng.uniform(0.05, 0.95, shape)
        if name == "categorical_crossentropy":
            a /= a.sum(axis=1, keepdims=True)
        return a
    return rng.standard_normal(shape)


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_loss_gradient_matches_central_differences(name):
    loss = get_loss(name)
    A = _preds(name, (6, 3))
    Y = rng.uniform(0, 1, (6, 3)) if name != "categorical_crossentropy" else np.eye(3)[rng.integers(0, 3, 6)]
    if name == "mae":
        A[np.abs(A - Y) < 1e-3] += 0.01
    numeric = numerical_gradient(lambda: loss.value(Y, A), A)
    assert relative_error(loss.gradient(Y, A), numeric) < 1e-7


def test_loss_values_by_hand():
    y = np.array([[1.0], [0.0]])
    a = np.array([[0.8], [0.4]])
    assert math.isclose(get_loss("mse")(y, a), (0.2**2 + 0.4**2) / 2)
    assert math.isclose(get_loss("mae")(y, a), (0.2 + 0.4) / 2)
    assert math.isclose(get_loss("binary_crossentropy")(y, a), -(math.log(0.8) + math.log(0.6)) / 2)
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    assert math.isclose(get_loss("categorical_crossentropy")([0, 2], p), -(math.log(0.7) + math.log(0.8)) / 2)


def test_fused_forms_agree_with_plain_forms():
    z = rng.standard_normal((5, 4))
    y = np.eye(4)[rng.integers(0, 4, 5)]
    cce = get_loss("categorical_crossentropy")
    a = get_activation("softmax")(z)
    assert math.isclose(cce.from_logits(y, z), cce.fn(y, a), rel_tol=1e-12)
    zb = rng.standard_normal((5, 1))
    yb = rng.integers(0, 2, (5, 1)).astype(float)
    bce = get_loss("binary_crossentropy")
    assert math.isclose(bce.from_logits(yb, zb), bce.fn(yb, get_activation("sigmoid")(zb)), rel_tol=1e-12)
    # extreme logits stay finite
    assert np.isfinite(cce.from_logits(np.array([[1.0, 0.0]]), np.array([[-800.0, 800.0]])))


def test_binary_crossentropy_from_logits_per_entry():
    """One value per entry; its mean is the binary_crossentropy loss of sigmoid(z), also where the
    probability rounds to 0 or 1 (a logit of -40 costs 40, not log(1e-12))."""
    z = np.array([-40.0, -3.0, -0.2, 0.0, 0.7, 5.0, 40.0])
    y = np.array([0, 1, 0, 1, 1, 0, 1])
    per_entry = binary_crossentropy_from_logits(y, z)
    assert per_entry.shape == z.shape
    p = 1.0 / (1.0 + np.exp(-z[1:-1]))
    np.testing.assert_allclose(per_entry[1:-1], -(y[1:-1] * np.log(p) + (1 - y[1:-1]) * np.log(1 - p)), rtol=1e-12)
    assert per_entry[-1] == pytest.approx(math.log1p(math.exp(-40.0)), rel=1e-12)
    assert np.isclose(per_entry.mean(), get_loss("binary_crossentropy").value(y, 1 / (1 + np.exp(-z))), rtol=1e-9)
    rows = binary_crossentropy_from_logits(y[None, :], np.stack([z, -z]))  # broadcasts
    np.testing.assert_allclose(rows[0], per_entry)


def test_targets_and_accuracy():
    assert np.array_equal(to_targets([2, 0], np.zeros((2, 3))), [[0, 0, 1], [1, 0, 0]])
    assert accuracy([1, 0, 1], np.array([[0.7], [0.6], [0.5]])) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="labels must lie in 0..2"):
        to_targets([3, 0], np.zeros((2, 3)))
    with pytest.raises(ValueError, match="do not match"):
        to_targets(np.zeros((2, 2)), np.zeros((2, 3)))
    with pytest.raises(ValueError, match="unknown loss 'msee'"):
        get_loss("msee")
    with pytest.raises(ValueError, match="empty"):
        get_loss("mse")(np.zeros((0, 1)), np.zeros((0, 1)))
    with pytest.raises(TypeError, match="numbers"):
        get_loss("mse")([["a"]], np.array([["a"]]))


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activations_take_plain_numbers(name):
    f = get_activation(name)
    out = f(0.5) if name != "softmax" else f([0.5, 1.5])
    assert np.all(np.isfinite(out))
    assert float(get_activation("sigmoid")(0.0)) == 0.5
