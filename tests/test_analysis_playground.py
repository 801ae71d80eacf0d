"""The numbers behind lesson 18's Playground (nnlib.analysis.playground), checked from outside:
data sets against their defining shapes, features against their formulas, one SGD step against
the update rule with a central-difference gradient, the L1 gradient against central differences,
and seeded runs repeating exactly."""

import numpy as np
import pytest

from nnlib import Dense, Sequential
from nnlib.analysis.grid import plane_grid
from nnlib.analysis.playground import (
    DATASETS,
    FEATURES,
    PlaygroundRun,
    Settings,
    build_model,
    feature_matrix,
    make_dataset,
    split,
)


def _bce(p, y):
    """Mean binary cross-entropy, written out: -mean(y log p + (1 - y) log(1 - p))."""
    p = np.clip(p, 1e-15, 1 - 1e-15)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _forward(model, X):
    """The model's output by hand: each Dense layer's activation of X @ W + b."""
    A = X
    for layer in model.layers:
        Z = A @ layer.W + layer.b
        name = layer.activation.name
        A = {
            "tanh": np.tanh,
            "relu": lambda z: np.maximum(z, 0),
            "linear": lambda z: z,
            "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
        }[name](Z)
    return A


@pytest.mark.parametrize("name", DATASETS)
def test_every_data_set_is_two_balanced_classes_in_the_plane_and_seeded(name):
    X, y = make_dataset(name, noise=0.3, rng=np.random.default_rng(1))
    assert X.shape == (500, 2) and y.shape == (500,)
    assert set(np.unique(y)) == {0, 1} and abs(np.mean(y) - 0.5) < 0.01
    assert np.all(np.abs(X) < 6)
    X2, y2 = make_dataset(name, noise=0.3, rng=np.random.default_rng(1))
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    X3, _ = make_dataset(name, noise=0.3, rng=np.random.default_rng(2))
    assert not np.array_equal(X, X3)


def test_clean_circles_lie_on_their_two_radii():
    X, y = make_dataset("circles", noise=0.0, rng=np.random.default_rng(0))
    r = np.hypot(X[:, 0], X[:, 1])
    assert np.allclose(r[y == 1], 2.5) and np.allclose(r[y == 0], 2.5 * 0.45)


def test_clean_xor_labels_follow_the_signs_of_x1_times_x2():
    X, y = make_dataset("xor", noise=0.0, rng=np.random.default_rng(0))
    agree = np.mean((X[:, 0] * X[:, 1] < 0) == (y == 1))
    assert agree > 0.98  # a cluster 3.7 standard deviations from the axes: a handful cross them


def test_noise_mixes_the_classes():
    def overlap(noise):
        X, y = make_dataset("blobs", noise=noise, rng=np.random.default_rng(0))
        return np.mean((X.sum(axis=1) > 0) != (y == 1))  # wrong side of the line x1 + x2 = 0

    assert overlap(0.0) < 0.01 < overlap(1.0)


@pytest.mark.parametrize(
    "bad, match",
    [({"name": "ring"}, "unknown data set"), ({"noise": 2.0}, "noise"), ({"noise": float("nan")}, "noise")],
)
def test_bad_data_requests_are_named(bad, match):
    kwargs = {"name": "circles", "noise": 0.1, **bad}
    with pytest.raises((ValueError, TypeError), match=match):
        make_dataset(kwargs.pop("name"), rng=np.random.default_rng(0), **kwargs)


def test_split_holds_out_the_share_and_keeps_every_point_once():
    X = np.arange(200, dtype=float).reshape(100, 2)
    y = np.arange(100) % 2
    Xa, ya, Xb, yb = split(X, y, 0.3, np.random.default_rng(0))
    assert len(Xb) == 30 and len(Xa) == 70
    assert sorted(np.concatenate([Xa[:, 0], Xb[:, 0]])) == sorted(X[:, 0])
    with pytest.raises(ValueError):
        split(X, y, 1.0, np.random.default_rng(0))


def test_features_are_their_formulas_in_the_menu_order():
    X = np.array([[0.5, -2.0], [3.0, 1.0]])
    F = feature_matrix(X, ["sin(x2)", "x1", "x1·x2", "x2²", "x1²", "sin(x1)", "x2"])
    x1, x2 = X[:, 0], X[:, 1]
    expected = np.column_stack([x1, x2, x1**2, x2**2, x1 * x2, np.sin(x1), np.sin(x2)])
    assert list(FEATURES) == ["x1", "x2", "x1²", "x2²", "x1·x2", "sin(x1)", "sin(x2)"]
    assert np.allclose(F, expected)
    with pytest.raises(ValueError, match="at least one feature"):
        feature_matrix(X, [])
    with pytest.raises(ValueError, match="unknown features"):
        feature_matrix(X, ["x3"])


def test_build_model_has_the_asked_layers_and_a_sigmoid_output():
    model = build_model(3, (4, 2), "relu", rng=np.random.default_rng(0))
    assert model.layer_sizes == [3, 4, 2, 1]
    assert [layer.activation.name for layer in model.layers] == ["relu", "relu", "sigmoid"]
    assert build_model(2, (), "tanh", rng=np.random.default_rng(0)).layer_sizes == [2, 1]
    for bad in [(9,), (1,) * 7, (0,)]:
        with pytest.raises(ValueError):
            build_model(2, bad, "tanh", rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="unknown activation"):
        build_model(2, (2,), "swish", rng=np.random.default_rng(0))


def _full_batch_loss(model, X, y, l2=0.0, l1=0.0):
    weights = [layer.W for layer in model.layers]
    return (
        _bce(_forward(model, X)[:, 0], y)
        + l2 * sum(float(np.sum(W**2)) for W in weights)
        + l1 * sum(float(np.sum(np.abs(W))) for W in weights)
    )


def _central_gradient(model, loss):
    flat = model._flat_params
    grad = np.zeros_like(flat)
    for i in range(len(flat)):
        keep = flat[i]
        flat[i] = keep + 1e-6
        up = loss()
        flat[i] = keep - 1e-6
        down = loss()
        flat[i] = keep
        grad[i] = (up - down) / 2e-6
    return grad


@pytest.mark.parametrize("regularization, rate", [("none", 0.0), ("L2", 0.01), ("L1", 0.01)])
def test_one_full_batch_epoch_is_one_sgd_step_with_the_chosen_lr_and_penalty(regularization, rate):
    settings = Settings(hidden=(3,), batch_size=10_000, lr=0.3, regularization=regularization, reg_rate=rate)
    run = PlaygroundRun(settings, seed=4)
    run.set_lr(0.1)  # applies from the next step on
    model = run.model
    l2, l1 = (rate, 0.0) if regularization == "L2" else (0.0, rate) if regularization == "L1" else (0.0, 0.0)
    grad = _central_gradient(model, lambda: _full_batch_loss(model, run.F_train, run.y_train, l2, l1))
    before = model._flat_params.copy()
    assert run.train(1) == 1
    assert np.allclose(model._flat_params, before - 0.1 * grad, atol=1e-7)


def test_l1_gradients_match_central_differences_on_a_batch():
    run = PlaygroundRun(Settings(hidden=(4, 3), features=("x1", "x2", "x1·x2")), seed=2)
    run.set_regularization("L1", 0.05)
    model, X, y = run.model, run.F_train[:17], run.y_train[:17]
    loss, _ = model.loss_and_gradients(X, y)
    assert np.isclose(loss, _full_batch_loss(model, X, y, l1=0.05))
    analytic = model._flat_grads.copy()
    numeric = _central_gradient(model, lambda: _full_batch_loss(model, X, y, l1=0.05))
    assert np.allclose(analytic, numeric, atol=1e-6)
    layer = Sequential([Dense(1, input_shape=[3], l1=0.5)]).layers[0]
    layer.W = np.array([[1.0], [-2.0], [-3.0]])
    assert layer.penalty() == 3.0


def test_a_run_learns_and_reset_gives_back_the_same_start_and_the_same_training():
    run = PlaygroundRun(Settings(hidden=(4, 2)), seed=7)
    start = run.model._flat_params.copy()
    run.train(40)
    after = run.model._flat_params.copy()
    assert run.epoch == 40 and len(run.history.loss) == 41
    assert run.history.loss[-1] < 0.5 * run.history.loss[0]
    run.reset()
    assert run.epoch == 0 and np.array_equal(run.model._flat_params, start)
    run.train(40)
    assert np.array_equal(run.model._flat_params, after)
    other = PlaygroundRun(Settings(hidden=(4, 2)), seed=8)
    assert not np.array_equal(other.model._flat_params, start)


def test_history_losses_are_the_models_losses_on_each_set():
    run = PlaygroundRun(Settings(hidden=(2,), dataset="moons", noise=0.4), seed=1)
    run.train(3)
    assert np.isclose(run.history.loss[-1], _bce(_forward(run.model, run.F_train)[:, 0], run.y_train))
    p_test = _forward(run.model, run.F_test)[:, 0]
    assert np.isclose(run.history.test_loss[-1], _bce(p_test, run.y_test))
    assert np.isclose(run.history.test_accuracy[-1], np.mean((p_test >= 0.5) == run.y_test))


def test_a_huge_learning_rate_diverges_and_keeps_finite_weights():
    settings = Settings(hidden=(8, 8), activation="linear", features=tuple(FEATURES), lr=10.0, batch_size=1)
    run = PlaygroundRun(settings, seed=0)
    run.train(20)
    assert run.diverged and "diverged" in run.diverged
    assert np.all(np.isfinite(run.model._flat_params))
    assert run.train(5) == 0  # a diverged run stays put until reset


def test_neuron_maps_are_each_layers_output_over_the_grid():
    run = PlaygroundRun(Settings(hidden=(3, 2), features=("x1", "x2", "x1²")), seed=3)
    run.train(5)
    grid = plane_grid((-3, 3), (-3, 3), 11)
    maps = run.neuron_maps(grid)
    F = feature_matrix(grid.points, ("x1", "x2", "x1²"))
    assert np.allclose(maps[0], F)
    h1 = np.tanh(F @ run.model.layers[0].W + run.model.layers[0].b)
    assert np.allclose(maps[1], h1)
    assert np.allclose(maps[-1][:, 0], _forward(run.model, F)[:, 0])
    assert np.allclose(run.predict_points(grid.points), maps[-1][:, 0])
