"""nnlib.analysis.deeper (lesson 17) against references outside its own code path: central
differences of a loss written here in plain numpy, the published Adam rule written out, closed-form
variances, np.roll for shifts, and brute force."""

from __future__ import annotations

import numpy as np
import pytest

from nnlib import SGD, Dense, Sequential
from nnlib.analysis.deeper import (
    GradientSizes,
    WeightSizes,
    adam_path,
    deep_stack,
    epochs_to,
    fit_augmented,
    init_scale,
    random_shifts,
    settle_step,
    shift_images,
    unit_spread,
    weight_decay_runs,
)
from nnlib.analysis.descent import LineProblem, descend_2d, line_data

# ---------------------------------------------------------------------------------------------
# initialisation scales and the deep stack

PLAIN = {
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
    "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0).astype(float)),
    "linear": (lambda z: z, lambda z: np.ones_like(z)),
}


def test_init_scales_are_the_published_ones():
    assert init_scale("lecun", 300, 100) == 1.0
    assert init_scale("he", 300, 100) == pytest.approx(np.sqrt(2))
    # Glorot: std sqrt(2 / (fan_in + fan_out)) = scale / sqrt(fan_in)
    assert init_scale("glorot", 300, 100) / np.sqrt(300) == pytest.approx(np.sqrt(2 / 400))
    assert init_scale("glorot", 64, 64) == pytest.approx(1.0)


@pytest.mark.parametrize("args", [("xavier", 3, 3), ("he", 0, 3), ("he", 3.5, 3)])
def test_init_scale_refuses_bad_arguments(args):
    with pytest.raises((ValueError, TypeError)):
        init_scale(*args)


def _plain_stack_loss(X, weights, G, activation):
    """sum(A_top * G) / n, the loss whose gradient deep_stack sends back, in plain numpy."""
    f = PLAIN[activation][0]
    A = X
    for W in weights:
        A = f(A @ W)
    return float(np.sum(A * G)) / len(X)


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu", "linear"])
def test_deep_stack_gradients_match_central_differences(activation):
    rng = np.random.default_rng(3)
    X = rng.standard_normal((6, 4))
    depth, scale = 3, 1.3
    stats = deep_stack(X, depth, activation, scale, np.random.default_rng(7))
    # the same draws, in deep_stack's documented order: the weights layer by layer, then G
    draw = np.random.default_rng(7)
    weights = [draw.standard_normal((4, 4)) * scale / 2.0 for _ in range(depth)]
    G = draw.standard_normal((6, 4))
    h = 1e-6
    for layer, W in enumerate(weights):
        numeric = np.zeros_like(W)
        for idx in np.ndindex(W.shape):
            W[idx] += h
            up = _plain_stack_loss(X, weights, G, activation)
            W[idx] -= 2 * h
            down = _plain_stack_loss(X, weights, G, activation)
            W[idx] += h
            numeric[idx] = (up - down) / (2 * h)
        assert stats.grad_rms[layer] == pytest.approx(np.sqrt(np.mean(numeric**2)), rel=1e-5)
    # the activations are the plain forward pass
    f = PLAIN[activation][0]
    A = X
    for layer, W in enumerate(weights):
        A = f(A @ W)
        np.testing.assert_allclose(stats.activations[layer], A, rtol=1e-12)
        assert stats.act_std[layer] == pytest.approx(A.std())


def test_linear_stack_grows_by_the_scale_per_layer():
    # Var(z) = fan_in * sigma_w^2 * mean(a^2) = scale^2 * mean(a^2): std times scale per layer
    X = np.random.default_rng(0).standard_normal((2000, 400))
    stats = deep_stack(X, 6, "linear", 1.5, np.random.default_rng(1))
    expected = 1.5 ** np.arange(1, 7)
    np.testing.assert_allclose(stats.act_std, expected, rtol=0.1)


def test_he_keeps_relu_steady_and_lecun_lets_it_fade():
    X = np.random.default_rng(0).standard_normal((256, 200))
    he = deep_stack(X, 20, "relu", np.sqrt(2), np.random.default_rng(1))
    lecun = deep_stack(X, 20, "relu", 1.0, np.random.default_rng(1))
    assert 0.3 < he.act_std[-1] / he.act_std[0] < 3
    # each ReLU layer halves mean(a^2) at scale 1: std falls by sqrt(2) per layer, 2^-9.5 over 19
    assert lecun.act_std[-1] / lecun.act_std[0] == pytest.approx(2**-9.5, rel=0.6)


def test_sigmoid_stack_gradient_vanishes_towards_the_input():
    X = np.random.default_rng(0).standard_normal((128, 100))
    s = deep_stack(X, 20, "sigmoid", 1.0, np.random.default_rng(1))
    assert s.grad_rms[0] < 1e-6 * s.grad_rms[-1]
    assert np.all(np.diff(np.log(s.signal_rms[:-1])) > 0)  # the signal shrinks layer after layer


def test_deep_stack_overflows_without_warnings():
    X = np.random.default_rng(0).standard_normal((16, 200))
    s = deep_stack(X, 30, "linear", 3.0, np.random.default_rng(1))  # 3^30 * sqrt(200) std: still finite
    assert s.act_std[-1] > 1e12


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"depth": 0}, ValueError),
        ({"depth": 2.5}, TypeError),
        ({"activation": "softmax"}, ValueError),
        ({"scale": -1.0}, ValueError),
        ({"scale": float("nan")}, ValueError),
        ({"X": np.zeros(5)}, ValueError),
        ({"X": [["a", "b"]]}, (TypeError, ValueError)),
        ({"rng": 0}, TypeError),
    ],
)
def test_deep_stack_refuses_bad_arguments(kwargs, error):
    args = {"X": np.zeros((3, 4)), "depth": 2, "activation": "tanh", "scale": 1.0, "rng": np.random.default_rng(0)}
    with pytest.raises(error):
        deep_stack(**{**args, **kwargs})


def test_unit_spread():
    assert unit_spread(np.tile([[1.0], [-2.0], [0.5]], (1, 4))) == 0.0
    assert unit_spread(np.array([[0.0, 1.0], [3.0, -1.0]])) == 4.0
    with pytest.raises(ValueError):
        unit_spread(np.zeros(3))


def test_zero_start_keeps_the_units_identical_and_random_start_does_not():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(64, 5)), rng.integers(0, 3, size=64)
    spreads = {}
    for init in ["zeros", "lecun"]:
        net = Sequential([Dense(6, "tanh", input_shape=[5], init=init), Dense(3, "softmax", init=init)])
        net.compile(loss="categorical_crossentropy", optimizer=SGD(lr=0.5))
        net.fit(X, y, epochs=5, batch_size=8, rng=np.random.default_rng(1))
        spreads[init] = unit_spread(net.layers[0].W)
    assert spreads["zeros"] == 0.0 and spreads["lecun"] > 0.1


# ---------------------------------------------------------------------------------------------
# measured during training


def _tiny(l2: float = 0.0, activation: str = "sigmoid") -> Sequential:
    net = Sequential(
        [Dense(4, activation, input_shape=[3], l2=l2), Dense(4, activation, l2=l2), Dense(2, "softmax", l2=l2)],
        rng=np.random.default_rng(0),
    )
    net.compile(loss="categorical_crossentropy", optimizer=SGD(lr=0.3))
    return net


def _numeric_dw_rms(net: Sequential, X, y) -> list[float]:
    """RMS of each Dense layer's dW from central differences of what evaluate() reports."""
    out = []
    h = 1e-6
    for layer in net.dense_layers:
        W = layer.W
        numeric = np.zeros_like(W)
        for idx in np.ndindex(W.shape):
            old = W[idx]
            W[idx] = old + h
            up = net.evaluate(X, y)[0]
            W[idx] = old - h
            down = net.evaluate(X, y)[0]
            W[idx] = old
            numeric[idx] = (up - down) / (2 * h)
        out.append(float(np.sqrt(np.mean(numeric**2))))
    return out


def test_gradient_sizes_match_central_differences_before_and_after_training():
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(40, 3)), rng.integers(0, 2, size=40)
    net = _tiny()
    meter = GradientSizes(X[:10], y[:10])
    expected_start = _numeric_dw_rms(net, X[:10], y[:10])
    net.fit(X, y, epochs=3, batch_size=8, rng=np.random.default_rng(1), callbacks=[meter])
    sizes = meter.as_array()
    assert sizes.shape == (4, 3)
    np.testing.assert_allclose(sizes[0], expected_start, rtol=1e-5)
    np.testing.assert_allclose(sizes[-1], _numeric_dw_rms(net, X[:10], y[:10]), rtol=1e-5)


def test_weight_sizes_by_hand():
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(20, 3)), rng.integers(0, 2, size=20)
    net = _tiny()
    start = sum(float(np.sum(layer.W**2)) for layer in net.dense_layers)
    sizes = WeightSizes()
    net.fit(X, y, epochs=2, batch_size=5, rng=np.random.default_rng(1), callbacks=[sizes])
    assert sizes.sizes[0] == pytest.approx(start)
    assert sizes.sizes[-1] == pytest.approx(sum(float(np.sum(layer.W**2)) for layer in net.dense_layers))
    assert len(sizes.sizes) == 3


def test_callbacks_used_outside_fit_say_so():
    with pytest.raises(RuntimeError, match="fit"):
        WeightSizes().on_train_begin({})


def test_weight_decay_runs_shrink_the_weights_and_report_the_data_loss():
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(60, 3)), rng.integers(0, 2, size=60)
    runs = weight_decay_runs(
        lambda l2: _tiny(l2, "relu"), (X[:40], y[:40]), (X[40:], y[40:]), [0.0, 0.05], epochs=8, batch_size=8
    )
    none, decayed = runs.runs
    assert runs.strengths == [0.0, 0.05] and runs.epochs == 8
    assert none.history["data_loss"] == pytest.approx(none.history["loss"])
    assert decayed.weight_size[-1] < none.weight_size[-1]
    assert decayed.weight_size[0] == pytest.approx(none.weight_size[0])  # the same start
    # the data loss is the reported loss less the penalty: evaluate a model without l2 by hand
    plain = _tiny(0.0, "relu")
    for a, b in zip(plain.dense_layers, [*_trained_copy(runs, X, y)]):
        a.W, a.b = b
    assert decayed.history["data_loss"][-1] == pytest.approx(plain.evaluate(X[:40], y[:40])[0], rel=1e-9)


def _trained_copy(runs, X, y):
    """Train the decayed model again (same seeds) and return its (W, b) per layer."""
    model = _tiny(0.05, "relu")
    model.fit(X[:40], y[:40], epochs=8, batch_size=8, rng=np.random.default_rng(1), evaluate_train=True)
    return [(layer.W.copy(), layer.b.copy()) for layer in model.dense_layers]


# ---------------------------------------------------------------------------------------------
# Adam on the valley


def _published_adam(grad, p, lr, steps, b1=0.9, b2=0.999, eps=1e-7):
    """Kingma and Ba's Algorithm 1 (epsilon added to sqrt(v_hat), as Keras and nnlib do)."""
    p = np.array(p, dtype=float)
    m = np.zeros_like(p)
    v = np.zeros_like(p)
    out = [p.copy()]
    for t in range(1, steps + 1):
        g = np.array(grad(*p))
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        p = p - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
        out.append(p.copy())
    return np.array(out)


def test_adam_path_is_the_published_rule():
    x, y = line_data(50, rng=np.random.default_rng(0))
    problem = LineProblem(x, y)
    path = adam_path(problem, (0.5, 2.8), 0.1, 30)
    np.testing.assert_allclose(path, _published_adam(problem.gradient, (0.5, 2.8), 0.1, 30), rtol=1e-12)


def test_adam_first_step_is_lr_against_the_gradient_sign():
    x, y = line_data(50, rng=np.random.default_rng(0))
    problem = LineProblem(x, y)
    path = adam_path(problem, (0.5, 2.8), 0.25, 1)
    g = np.array(problem.gradient(0.5, 2.8))
    np.testing.assert_allclose(path[1] - path[0], -0.25 * np.sign(g), rtol=1e-6)
    assert adam_path(problem, (0.5, 2.8), 0.25, 0).tolist() == [[0.5, 2.8]]


@pytest.mark.parametrize(
    "kwargs", [{"lr": 0.0}, {"lr": float("nan")}, {"n_steps": -1}, {"beta_1": 1.0}, {"epsilon": 0.0}]
)
def test_adam_path_refuses_bad_arguments(kwargs):
    problem = LineProblem(*line_data(20, rng=np.random.default_rng(0)))
    with pytest.raises(ValueError):
        adam_path(problem, (0.0, 0.0), **{"lr": 0.1, "n_steps": 3, **kwargs})


def test_settle_step_by_brute_force():
    problem = LineProblem(*line_data(200, rng=np.random.default_rng(0)))
    path = descend_2d(problem, (0.5, 2.8), 0.3, 100)
    lowest = problem.loss(*problem.best())
    ratios = [problem.loss(w, b) / lowest for w, b in path]
    first = next(k for k in range(len(ratios)) if all(r <= 1.01 for r in ratios[k:]))
    assert settle_step(problem, path) == first
    assert settle_step(problem, path[:5]) is None  # not there yet
    assert settle_step(problem, descend_2d(problem, (0.5, 2.8), 1.0, 100)) is None  # diverges


def test_epochs_to():
    assert epochs_to([0.5, 0.94, 0.95, 0.93, 0.97], 0.95) == 3
    assert epochs_to([0.5, 0.6], 0.95) is None
    assert epochs_to([], 0.5) is None


# ---------------------------------------------------------------------------------------------
# shifts


def _rolled(image, dx, dy):
    """np.roll with the wrapped-around part blanked: the reference for one 28x28 shift."""
    out = np.roll(np.roll(image, dy, axis=0), dx, axis=1)
    if dy > 0:
        out[:dy] = 0
    elif dy < 0:
        out[dy:] = 0
    if dx > 0:
        out[:, :dx] = 0
    elif dx < 0:
        out[:, dx:] = 0
    return out


def test_shift_images_matches_np_roll_with_blank_edges():
    rng = np.random.default_rng(0)
    images = rng.random((7, 28, 28))
    shifts = [(0, 0), (2, 0), (-2, 0), (0, 3), (0, -1), (1, -2), (-27, 5)]
    dx, dy = np.array(shifts).T
    out = shift_images(images, dx, dy)
    for k, (sx, sy) in enumerate(shifts):
        np.testing.assert_array_equal(out[k], _rolled(images[k], sx, sy))
    flat = shift_images(images.reshape(7, 784), 2, -1)
    assert flat.shape == (7, 784)
    np.testing.assert_array_equal(flat[3].reshape(28, 28), _rolled(images[3], 2, -1))
    assert not shift_images(images, 28, 0).any()  # shifted out entirely


def test_shift_images_keeps_dtype_and_refuses_bad_input():
    images = np.ones((2, 784), dtype=np.float32)
    assert shift_images(images, 1, 1).dtype == np.float32
    with pytest.raises(ValueError, match="whole numbers"):
        shift_images(images, 0.5, 0)
    with pytest.raises(ValueError, match="pixels"):
        shift_images(np.ones((2, 100)), 1, 1)
    with pytest.raises(ValueError):
        shift_images(np.ones((2, 5, 5)), 1, 1)


def test_random_shifts_draws_each_image_its_own_shift_within_the_limit():
    images = np.random.default_rng(0).random((50, 784))
    out = random_shifts(images, 2, np.random.default_rng(4))
    draw = np.random.default_rng(4)
    dx, dy = draw.integers(-2, 3, size=50), draw.integers(-2, 3, size=50)
    np.testing.assert_array_equal(out, shift_images(images, dx, dy))
    assert set(dx) == {-2, -1, 0, 1, 2}
    np.testing.assert_array_equal(random_shifts(images, 0, np.random.default_rng(4)), images)


def test_fit_augmented_without_shifts_is_plain_fit():
    rng = np.random.default_rng(0)
    X, y = rng.random((60, 784)), rng.integers(0, 3, size=60)
    Xv, yv = rng.random((20, 784)), rng.integers(0, 3, size=20)

    def model():
        net = Sequential([Dense(8, "relu", input_shape=[784]), Dense(3, "softmax")], rng=np.random.default_rng(0))
        net.compile(loss="categorical_crossentropy", optimizer=SGD(lr=0.1, momentum=0.9))
        return net

    ours = fit_augmented(model(), (X, y), (Xv, yv), epochs=3, batch_size=10, max_shift=0, rng=np.random.default_rng(1))
    plain = model().fit(X, y, epochs=3, batch_size=10, rng=np.random.default_rng(1), validation_data=(Xv, yv))
    np.testing.assert_allclose(ours["val_loss"], plain.history["val_loss"], rtol=1e-12)
    shifted = fit_augmented(
        model(), (X, y), (Xv, yv), epochs=3, batch_size=10, max_shift=2, rng=np.random.default_rng(1)
    )
    assert shifted["val_loss"] != ours["val_loss"]
    assert len(shifted["accuracy"]) == 3
