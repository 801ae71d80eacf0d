"""nnlib.analysis.dense: the small regression networks fitted to a curve, and parameters per layer
(layer_outputs is checked in test_widgets_dense.py and test_widgets_mnist.py, beside its pictures)."""

import numpy as np
import pytest

from nnlib import Dense, Sequential
from nnlib.analysis.dense import dense_param_counts, stack_curves, stack_model, train_stack_fits


def test_train_stack_fits_keeps_the_best_start_and_models_have_linear_outputs():
    x = np.linspace(-1.0, 1.0, 11).reshape(-1, 1)
    y = np.abs(x)
    one = train_stack_fits(x, y, activations=("relu",), depths=(1,), epochs=60, starts=1, rng=np.random.default_rng(5))
    three = train_stack_fits(
        x, y, activations=("relu",), depths=(1,), epochs=60, starts=3, rng=np.random.default_rng(5)
    )
    mse = {k: float(np.mean((m[("relu", 1)].predict(x) - y) ** 2)) for k, m in (("one", one), ("three", three))}
    assert mse["three"] <= mse["one"] + 1e-12
    model = three[("relu", 1)]
    assert model.layers[-1].activation.name == "linear" and model.layer_sizes == [1, 8, 1]
    assert stack_model("tanh", 3, 4, rng=np.random.default_rng(0)).layer_sizes == [1, 4, 4, 4, 1]


def test_dense_param_counts():
    assert dense_param_counts([784, 16, 16, 10]) == [12_560, 272, 170]
    assert sum(dense_param_counts([784, 16, 16, 10])) == 13_002
    model = Sequential([Dense(5, input_shape=[3]), Dense(7), Dense(2)])
    assert sum(dense_param_counts(model.layer_sizes)) == model.count_params()
    with pytest.raises(ValueError):
        dense_param_counts([784])


def test_stack_curves_add_up_to_the_network_s_output():
    x = np.linspace(-1.0, 1.0, 11).reshape(-1, 1)
    model = stack_model("tanh", 2, 4, rng=np.random.default_rng(0))
    grid = np.linspace(-1.5, 1.5, 31).reshape(-1, 1)
    curves = stack_curves(model, grid, x, np.abs(x))
    np.testing.assert_allclose(curves.fit, model.predict(grid)[:, 0], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(curves.parts.sum(axis=1) + curves.bias, curves.fit)
    assert curves.parts.shape == (31, 4) and curves.sizes == [1, 4, 4, 1]
    assert curves.n_params == model.count_params()
    assert curves.mse == pytest.approx(float(np.mean((model.predict(x) - np.abs(x)) ** 2)))
