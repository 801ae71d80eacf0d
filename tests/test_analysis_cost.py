"""nnlib.analysis.cost: the best straight line under the L2 and the L1 loss."""

import numpy as np
import pytest

from nnlib.analysis.cost import fit_l1, fit_l2, output_slope, train_one_neuron


@pytest.fixture
def line_data():
    rng = np.random.default_rng(0)
    x = np.linspace(0.0, 10.0, 12)
    return x, 0.8 * x + 1.0 + rng.normal(0.0, 0.6, x.size)


def test_fit_l2_is_least_squares(line_data):
    x, y = line_data
    np.testing.assert_allclose(fit_l2(x, y), np.polyfit(x, y, 1), rtol=1e-12)


def test_fit_l1_is_the_best_line_under_absolute_error(line_data):
    x, y = line_data
    y = y.copy()
    y[9] = 25.0
    slope, intercept = fit_l1(x, y)
    best = np.mean(np.abs(slope * x + intercept - y))
    # no line on a fine grid around it does better
    slopes = slope + np.linspace(-0.3, 0.3, 121)
    intercepts = intercept + np.linspace(-1.5, 1.5, 121)
    S, B = np.meshgrid(slopes, intercepts)
    mae = np.abs(S[..., None] * x + B[..., None] - y).mean(axis=-1)
    assert mae.min() >= best - 1e-12
    # and it passes through (at least) two of the points
    assert np.sum(np.abs(slope * x + intercept - y) < 1e-9) >= 2


def test_l1_fit_ignores_how_far_an_outlier_is_l2_does_not(line_data):
    x, y = line_data
    far, farther = y.copy(), y.copy()
    far[9], farther[9] = 20.0, 30.0
    np.testing.assert_allclose(fit_l1(x, far), fit_l1(x, farther))
    assert fit_l2(x, farther)[0] > fit_l2(x, far)[0] + 0.1


def test_fits_reject_bad_input():
    with pytest.raises(ValueError, match="one y per x"):
        fit_l2(np.arange(3.0), np.arange(4.0))
    with pytest.raises(ValueError, match="different x"):
        fit_l1(np.ones(3), np.arange(3.0))


# ---------------------------------------------------------------------------------------------
# the learning slowdown (lesson 08)


def _squared_error(z, y):
    return 0.5 * (1.0 / (1.0 + np.exp(-z)) - y) ** 2


def _cross_entropy(z, y):
    a = 1.0 / (1.0 + np.exp(-z))
    return -(y * np.log(a) + (1.0 - y) * np.log(1.0 - a))


@pytest.mark.parametrize("loss, f", [("squared error", _squared_error), ("cross-entropy", _cross_entropy)])
@pytest.mark.parametrize("y", [0.0, 1.0, 0.3])
def test_output_slope_is_the_central_difference_of_the_loss(loss, f, y):
    z = np.linspace(-6.0, 6.0, 25)
    h = 1e-5
    numeric = (f(z + h, y) - f(z - h, y)) / (2 * h)
    np.testing.assert_allclose(output_slope(z, y, loss), numeric, rtol=1e-6, atol=1e-10)


def test_squared_error_slope_vanishes_where_the_sigmoid_saturates_but_cross_entropy_does_not():
    # wrong and saturated: a = sigmoid(8) = 0.99966 for the target 0
    assert abs(output_slope(8.0, 0.0, "squared error")) < 4e-4
    assert output_slope(8.0, 0.0, "cross-entropy") > 0.999


def test_train_one_neuron_follows_the_gradient_descent_rule_written_out():
    z0, y, lr = 3.0, 0.0, 0.4
    run = train_one_neuron(z0, y, lr, 5, "cross-entropy")
    w = b = z0 / 2
    for t in range(6):
        assert run.z[t] == pytest.approx(w + b, abs=1e-12)
        a = 1.0 / (1.0 + np.exp(-(w + b)))
        g = a - y  # dL/dz; x = 1 so dL/dw = dL/db = g
        w, b = w - lr * g, b - lr * g
    np.testing.assert_allclose(run.loss, _cross_entropy(run.z, y), rtol=1e-12)


def test_cross_entropy_gets_there_first_from_a_saturated_start():
    se = train_one_neuron(4.0, 0.0, 0.5, 300, "squared error")
    ce = train_one_neuron(4.0, 0.0, 0.5, 300, "cross-entropy")
    assert se.epochs_to(0.0, 0.1) == 141
    assert ce.epochs_to(0.0, 0.1) == 15
    np.testing.assert_allclose(se.loss, _squared_error(se.z, 0.0), rtol=1e-12)


def test_epochs_to_is_none_when_never_close():
    run = train_one_neuron(8.0, 0.0, 0.05, 20, "squared error")
    assert run.epochs_to(0.0, 0.1) is None


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"z0": float("nan")}, "z0"),
        ({"y": 2.0}, "y"),
        ({"lr": 0.0}, "lr"),
        ({"epochs": -1}, "epochs"),
        ({"loss": "hinge"}, "loss"),
    ],
)
def test_train_one_neuron_refuses_bad_input(kwargs, match):
    args = {"z0": 1.0, "y": 0.0, "lr": 0.1, "epochs": 3, "loss": "cross-entropy", **kwargs}
    with pytest.raises((ValueError, TypeError), match=match):
        train_one_neuron(**args)
