"""Sequential and Dense: gradients, one hand-worked SGD step, training that learns, bad input."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlib import (
    BatchNormalization,
    Dropout,
    SGD,
    Activation,
    Dense,
    EarlyStopping,
    LambdaCallback,
    Sequential,
    check_gradients,
    numerical_gradient,
    relative_error,
)

HIDDEN = ["linear", "sigmoid", "tanh", "relu"]
OUTPUT_LOSS = [
    ("linear", "mse"),
    ("linear", "mae"),
    ("sigmoid", "mse"),
    ("sigmoid", "binary_crossentropy"),
    ("tanh", "mse"),
    ("relu", "mse"),
    ("softmax", "categorical_crossentropy"),
    ("softmax", "mse"),
]


def _targets(rng, loss, n, k):
    if loss == "categorical_crossentropy":
        return rng.integers(0, k, n)
    if loss == "binary_crossentropy":
        return rng.integers(0, 2, (n, k)).astype(float)
    return rng.standard_normal((n, k))


@settings(max_examples=80, deadline=None, derandomize=True)
@given(
    seed=st.integers(0, 2**16),
    n=st.integers(1, 6),
    sizes=st.lists(st.integers(1, 5), min_size=1, max_size=3),
    hidden=st.sampled_from(HIDDEN),
    out_loss=st.sampled_from(OUTPUT_LOSS),
)
def test_backprop_matches_central_differences(seed, n, sizes, hidden, out_loss):
    out, loss = out_loss
    rng = np.random.default_rng(seed)
    n_in, *hidden_sizes = sizes
    k = 3 if out == "softmax" else 2
    layers = [Dense(h, hidden) for h in hidden_sizes] + [Dense(k, out)]
    layers[0].input_shape = (n_in,)
    model = Sequential(layers, rng=rng)
    # move biases off zero so ReLU and MAE kinks are unlikely, then keep away from them
    model.set_weights([w + rng.uniform(0.1, 0.3, w.shape) * (i % 2) for i, w in enumerate(model.get_weights())])
    X = rng.standard_normal((n, n_in))
    y = _targets(rng, loss, n, k)
    model.forward(X)
    kink = any(np.min(np.abs(layer.Z)) < 1e-4 for layer in model.dense_layers if layer.activation.name == "relu")
    if loss == "mae":
        kink |= np.min(np.abs(model.layers[-1].A - y)) < 1e-4
    if kink:
        return
    if loss == "mae" and any(
        np.linalg.norm(g) < 1e-6 for pair in model.loss_and_gradients(X, y, loss)[1] for g in pair
    ):
        return  # the signs of the errors cancel: a gradient of exactly 0, measured as rounding noise
    errors = check_gradients(model, X, y, loss)
    assert max(errors.values()) < 1e-7, errors


def test_activation_layer_equals_dense_with_activation():
    rng = np.random.default_rng(0)
    a = Sequential([Dense(8, "relu", input_shape=[3]), Dense(1)], rng=np.random.default_rng(1))
    b = Sequential([Dense(8, input_shape=[3]), Activation("relu"), Dense(1)], rng=np.random.default_rng(1))
    b.set_weights(a.get_weights())  # the default initialisations differ (He for ReLU)
    X = rng.standard_normal((5, 3))
    assert np.allclose(a.forward(X), b.forward(X))
    ga = a.loss_and_gradients(X, np.ones((5, 1)), "mse")[1]
    gb = b.loss_and_gradients(X, np.ones((5, 1)), "mse")[1]
    for pa, pb in zip(ga, gb):
        for u, v in zip(pa, pb):
            assert np.allclose(u, v)
    assert max(check_gradients(b, X, np.ones((5, 1)), "mse").values()) < 1e-7


def _sig(x):
    return 1 / (1 + math.exp(-x))


def test_one_sgd_step_on_2_2_1_network_worked_by_hand():
    """One SGD step of a 2-2-1 sigmoid network with squared error, every number by the chain rule."""
    w = [[0.15, 0.25], [0.20, 0.30]]  # w[i][j]: input i -> hidden j
    b1 = [0.35, 0.35]
    v = [0.40, 0.45]  # hidden j -> output
    b2 = 0.60
    x, y, lr = [0.05, 0.10], 0.01, 0.5

    # by hand: forward
    h = [_sig(x[0] * w[0][j] + x[1] * w[1][j] + b1[j]) for j in range(2)]
    o = _sig(h[0] * v[0] + h[1] * v[1] + b2)
    # backward: L = (o - y)^2 (mean over one sample and one output)
    d_o = 2 * (o - y) * o * (1 - o)
    d_h = [d_o * v[j] * h[j] * (1 - h[j]) for j in range(2)]
    new_v = [v[j] - lr * d_o * h[j] for j in range(2)]
    new_b2 = b2 - lr * d_o
    new_w = [[w[i][j] - lr * d_h[j] * x[i] for j in range(2)] for i in range(2)]
    new_b1 = [b1[j] - lr * d_h[j] for j in range(2)]

    model = Sequential([Dense(2, "sigmoid", input_shape=[2]), Dense(1, "sigmoid")])
    model.set_weights([np.array(w), np.array(b1), np.array(v).reshape(2, 1), np.array([b2])])
    model.compile("mse", SGD(lr=lr))
    model.fit(np.array([x]), np.array([[y]]), epochs=1, batch_size=1, shuffle=False)
    W1, B1, W2, B2 = model.get_weights()
    assert np.allclose(W1, new_w, rtol=0, atol=1e-12)
    assert np.allclose(B1, new_b1, rtol=0, atol=1e-12)
    assert np.allclose(W2.ravel(), new_v, rtol=0, atol=1e-12)
    assert np.allclose(B2, [new_b2], rtol=0, atol=1e-12)
    # and the step really moved something
    assert abs(new_b2 - b2) > 1e-3


def test_momentum_and_decay():
    model = Sequential([Dense(1, input_shape=[1])])
    model.set_weights([np.array([[0.0]]), np.array([0.0])])
    # L = (w x + b - y)^2 with x = 1, y = 1: gradient at 0 is -2 for both w and b
    opt = SGD(lr=0.1, momentum=0.5, lr_decay=0.5)
    model.compile("mse", opt)
    h = model.fit(np.array([[1.0]]), np.array([[1.0]]), epochs=2, batch_size=1, shuffle=False)
    # step 1: v = 0.2, w = 0.2; step 2 (lr 0.05): grad = 2 (0.4 - 1) = -1.2, v = 0.1 + 0.06, w = 0.36
    assert np.allclose(model.get_weights()[0], [[0.36]], atol=1e-12)
    assert h["lr"] == [0.1, 0.05]


def test_xor_learns_to_100_percent():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array([0, 1, 1, 0])
    model = Sequential([Dense(3, "tanh", input_shape=[2]), Dense(1, "sigmoid")], rng=np.random.default_rng(1))
    model.compile("binary_crossentropy", SGD(lr=0.5, momentum=0.9))
    history = model.fit(X, y, epochs=300, batch_size=4, rng=np.random.default_rng(0))
    assert history["accuracy"][-1] == 1.0
    assert history["loss"][-1] < 0.05
    assert np.array_equal((model.predict(X)[:, 0] >= 0.5).astype(int), y)


def test_parameter_count_of_784_16_16_10():
    model = Sequential([Dense(16, "sigmoid", input_shape=[784]), Dense(16, "sigmoid"), Dense(10, "softmax")])
    assert model.count_params() == 784 * 16 + 16 + 16 * 16 + 16 + 16 * 10 + 10 == 13_002
    assert model.layers[0].count_params() == 12_560
    assert model.layer_sizes == [784, 16, 16, 10]
    assert "13,002" in model.summary()


def test_forward_keeps_every_z_and_a():
    rng = np.random.default_rng(0)
    model = Sequential([Dense(3, "relu", input_shape=[2]), Dense(2, "softmax")], rng=rng)
    X = rng.standard_normal((4, 2))
    out = model.forward(X)
    acts = model.activations
    assert [a.shape for a in acts] == [(4, 2), (4, 3), (4, 2)]
    assert np.allclose(model.zs[0], X @ model.layers[0].W + model.layers[0].b)
    assert np.allclose(acts[1], np.maximum(model.zs[0], 0))
    assert out is acts[-1]
    # predict gives the same numbers and leaves the stored activations alone
    assert np.allclose(model.predict(X[:1]), out[:1])
    assert model.activations[0].shape == (4, 2)


def test_weights_settable_by_hand_and_seeded():
    a = Sequential([Dense(2, "sigmoid", input_shape=[2])], rng=np.random.default_rng(5))
    b = Sequential([Dense(2, "sigmoid", input_shape=[2])], rng=np.random.default_rng(5))
    assert all(np.array_equal(u, v) for u, v in zip(a.get_weights(), b.get_weights()))
    a.layers[0].W = [[1, 2], [3, 4]]
    a.layers[0].b = [0.5, -0.5]
    assert np.array_equal(a.layers[0].W, [[1, 2], [3, 4]])
    z = a.forward(np.array([[1.0, 1.0]]))
    assert np.allclose(a.zs[0], [[4.5, 5.5]]) and z.shape == (1, 2)


def test_float32_model_stays_float32():
    rng = np.random.default_rng(0)
    model = Sequential([Dense(4, "sigmoid", input_shape=[3]), Dense(2, "softmax")], rng=rng, dtype=np.float32)
    model.compile("categorical_crossentropy", SGD(lr=0.1, momentum=0.9))
    X = rng.standard_normal((20, 3))
    model.fit(X, rng.integers(0, 2, 20), epochs=2, batch_size=5, rng=rng)
    assert all(w.dtype == np.float32 for w in model.get_weights())
    assert model.predict(X).dtype == np.float32


def test_early_stopping_stops_and_restores_best():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 2))
    y = (X[:, 0] > 0).astype(int)
    Xv, yv = rng.standard_normal((20, 2)), rng.integers(0, 2, 20)  # noise: val loss soon rises
    model = Sequential([Dense(16, "tanh", input_shape=[2]), Dense(1, "sigmoid")], rng=rng)
    model.compile("binary_crossentropy", SGD(lr=1.0, momentum=0.9))
    stop = EarlyStopping(min_delta=0.0, patience=3, restore_best_weights=True)
    h = model.fit(X, y, epochs=200, batch_size=8, rng=rng, validation_data=(Xv, yv), callbacks=[stop])
    assert stop.stopped_epoch is not None and len(h["loss"]) == stop.stopped_epoch + 1 < 200
    assert stop.stopped_epoch - stop.best_epoch == 3
    assert math.isclose(model.evaluate(Xv, yv)[0], min(h["val_loss"]), rel_tol=1e-9)


def test_larger_min_delta_stops_no_later_and_larger_patience_trains_no_shorter():
    def run(min_delta, patience):
        rng = np.random.default_rng(3)
        X = rng.standard_normal((60, 2))
        y = (X[:, 0] * X[:, 1] > 0).astype(int)
        model = Sequential([Dense(8, "tanh", input_shape=[2]), Dense(1, "sigmoid")], rng=rng)
        model.compile("binary_crossentropy", SGD(lr=0.3))
        h = model.fit(
            X,
            y,
            epochs=150,
            batch_size=10,
            rng=rng,
            validation_data=(X[:20], y[:20]),
            callbacks=[EarlyStopping(min_delta=min_delta, patience=patience)],
        )
        return len(h["loss"])

    assert run(0.01, 2) <= run(0.0001, 2)
    assert run(0.001, 8) >= run(0.001, 2)


def test_step_callbacks_see_every_batch():
    rng = np.random.default_rng(0)
    model = Sequential([Dense(1, "sigmoid", input_shape=[2])], rng=rng)
    model.compile("binary_crossentropy", SGD(lr=0.1))
    seen = []
    model.fit(
        rng.standard_normal((10, 2)),
        rng.integers(0, 2, 10),
        epochs=2,
        batch_size=3,
        rng=rng,
        callbacks=[LambdaCallback(on_batch_end=lambda step, logs: seen.append((step, logs["loss"])))],
    )
    assert [s for s, _ in seen] == list(range(8)) and all(np.isfinite(v) for _, v in seen)


# bad input -------------------------------------------------------------------


@pytest.fixture
def mnist_shaped():
    model = Sequential([Dense(16, "sigmoid", input_shape=[784]), Dense(10, "softmax")])
    model.compile("categorical_crossentropy", SGD(lr=0.1))
    return model


@pytest.mark.parametrize(
    "X, exc, msg",
    [
        (np.zeros((2, 3)), ValueError, "X has 3 columns but the first layer expects 784 inputs"),
        (np.zeros(784), ValueError, r"reshape\(1, -1\)"),
        (np.zeros((0, 784)), ValueError, "empty"),
        (np.full((1, 784), np.nan), ValueError, "NaN"),
        (np.array([["a"] * 784]), TypeError, "numbers"),
        (np.zeros((2, 28, 28)), ValueError, "2-D"),
    ],
)
def test_bad_inputs_give_clear_errors(mnist_shaped, X, exc, msg):
    with pytest.raises(exc, match=msg):
        mnist_shaped.forward(X)
    with pytest.raises(exc, match=msg):
        mnist_shaped.predict(X)


def test_bad_fit_arguments(mnist_shaped):
    X = np.zeros((4, 784))
    with pytest.raises(ValueError, match="y has 3 samples but X has 4"):
        mnist_shaped.fit(X, [0, 1, 2], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="pass rng"):
        mnist_shaped.fit(X, [0, 1, 2, 3])
    with pytest.raises(ValueError, match="labels must lie in 0..9"):
        mnist_shaped.fit(X, [0, 1, 2, 12], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        mnist_shaped.fit(X, [0, 1, 2, 3], batch_size=0, rng=np.random.default_rng(0))
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        mnist_shaped.fit(X, [0, 1, 2, 3], rng=42)
    with pytest.raises(ValueError, match="validation_data must be a pair"):
        mnist_shaped.fit(X, [0, 1, 2, 3], rng=np.random.default_rng(0), validation_data=X)
    with pytest.raises(ValueError, match="X_val has 2 columns"):
        mnist_shaped.fit(X, [0, 1, 2, 3], rng=np.random.default_rng(0), validation_data=(np.zeros((1, 2)), [0]))
    with pytest.raises(ValueError, match="monitors 'val_loss'.*validation_data"):
        mnist_shaped.fit(X, [0, 1, 2, 3], rng=np.random.default_rng(0), callbacks=[EarlyStopping()])


def test_bad_construction():
    with pytest.raises(ValueError, match="units must be at least 1"):
        Dense(0)
    with pytest.raises(TypeError, match="units must be a whole number"):
        Dense(2.5)
    with pytest.raises(ValueError, match="unknown activation"):
        Dense(3, activation="sigmod")
    with pytest.raises(ValueError, match="input_shape must be one positive whole number"):
        Dense(3, input_shape=[28, 28])
    with pytest.raises(RuntimeError, match="no layers yet: add some with model.add"):
        Sequential([]).count_params()
    with pytest.raises(TypeError, match="not a layer"):
        Sequential(["dense"])
    with pytest.raises(ValueError, match="only the first layer takes input_shape"):
        Sequential([Dense(2, input_shape=[2]), Dense(2, input_shape=[2])])
    layer = Dense(2, input_shape=[2])
    with pytest.raises(ValueError, match="same layer object appears twice"):
        Sequential([layer, layer])
    with pytest.raises(RuntimeError, match="no weights yet"):
        Sequential([Dense(2)]).count_params()
    with pytest.raises(ValueError, match="momentum must be < 1"):
        SGD(momentum=1.0)
    with pytest.raises(ValueError, match="lr must be > 0"):
        SGD(lr=0)
    with pytest.raises(ValueError, match="patience"):
        EarlyStopping(patience=-1)
    m = Sequential([Dense(2, input_shape=[3])])
    with pytest.raises(ValueError, match=r"shape \(3, 2\), got \(2, 3\) \(did you transpose it\?\)"):
        m.layers[0].W = np.zeros((2, 3))
    with pytest.raises(ValueError, match="NaN"):
        m.layers[0].b = [np.nan, 0]
    with pytest.raises(ValueError, match="expected 2 arrays"):
        m.set_weights([np.zeros((3, 2))])
    with pytest.raises(RuntimeError, match="compile"):
        m.fit(np.zeros((1, 3)), np.zeros((1, 2)), rng=np.random.default_rng(0))
    with pytest.raises(RuntimeError, match="forward"):
        Sequential([Dense(2, input_shape=[3])]).backward(np.zeros((1, 2)), "mse")


def test_model_without_input_shape_builds_on_fit():
    rng = np.random.default_rng(0)
    model = Sequential([Dense(3, "tanh"), Dense(1)], rng=rng)
    model.compile("mse", SGD(lr=0.01))
    model.fit(rng.standard_normal((8, 5)), rng.standard_normal((8, 1)), epochs=1, batch_size=4, rng=rng)
    assert model.layer_sizes == [5, 3, 1]


# dropout and batch normalisation -------------------------------------------------


@pytest.mark.parametrize(
    "layers",
    [
        lambda: [Dense(5, "relu", input_shape=[3]), Dropout(0.4), Dense(2, "softmax")],
        lambda: [Dense(5, input_shape=[3]), BatchNormalization(), Activation("tanh"), Dense(2, "softmax")],
        lambda: [Dense(5, "tanh", input_shape=[3]), BatchNormalization(), Dense(2, "softmax")],
        lambda: [BatchNormalization(input_shape=[3]), Dense(4, "sigmoid"), Dropout(0.3), Dense(2, "softmax")],
    ],
)
def test_dropout_and_batchnorm_gradients(layers):
    rng = np.random.default_rng(7)
    model = Sequential(layers(), rng=rng)
    X = rng.standard_normal((8, 3)) * 3 + 1
    y = rng.integers(0, 2, 8)
    # eps 1e-4: some of these gradients are ~1e-5 in size, where eps 1e-6 would measure rounding
    errors = check_gradients(model, X, y, "categorical_crossentropy", eps=1e-4)
    first = model.layers[0]
    if (
        isinstance(model.layers[1], BatchNormalization)
        and isinstance(first, Dense)
        and first.activation.name == "linear"
    ):
        # a bias just before batch normalisation is cancelled by the mean: its gradient is 0
        assert np.allclose(model.loss_and_gradients(X, y, "categorical_crossentropy")[1][0][1], 0, atol=1e-12)
        errors.pop("b1")
    assert max(errors.values()) < 1e-7, errors


def test_dropout_training_versus_inference():
    rng = np.random.default_rng(0)
    model = Sequential([Dropout(0.5, input_shape=[1000])], rng=rng)
    X = np.ones((4, 1000))
    A = model.forward(X, training=True)
    assert set(np.unique(A)) <= {0.0, 2.0}
    assert abs(A.mean() - 1.0) < 0.05  # scaled by 1 / (1 - rate): same expected value
    assert np.array_equal(model.forward(X), X)
    assert np.array_equal(model.predict(X), X)
    with pytest.raises(ValueError, match=r"rate must be .*share of units dropped"):
        Dropout(1.0)


def test_batchnorm_normalises_in_training_and_uses_running_stats_at_inference():
    rng = np.random.default_rng(0)
    model = Sequential([BatchNormalization(momentum=0.0, epsilon=1e-9, input_shape=[2])], rng=rng)
    X = rng.normal([5.0, -3.0], [2.0, 0.5], (50, 2))
    A = model.forward(X, training=True)
    assert np.allclose(A.mean(axis=0), 0, atol=1e-12) and np.allclose(A.std(axis=0), 1, atol=1e-3)
    # momentum 0: the running statistics are the last batch's, so inference now matches training
    assert np.allclose(model.predict(X), A)
    assert np.allclose(model.predict(X[:1]), A[:1])
    assert model.count_params() == 4


def test_backprop_to_the_input_matches_central_differences():
    rng = np.random.default_rng(0)
    model = Sequential([Dense(4, "sigmoid", input_shape=[3]), Dense(3, "softmax")], rng=rng)
    X = rng.standard_normal((2, 3))
    dA = np.zeros((2, 3))
    dA[:, 1] = 1  # d(sum of output 1)/dX
    model.forward(X)
    dX = model.backprop(dA)
    numeric = numerical_gradient(lambda: float(model.predict(X)[:, 1].sum()), X)
    assert relative_error(dX, numeric) < 1e-8
    with pytest.raises(ValueError, match="shape of the output"):
        model.backprop(np.zeros((2, 2)))
