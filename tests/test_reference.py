"""nnlib against references that are not its own code path.

Each gradient here is compared with central differences of what the model *reports* (its
``predict`` or its loss), with a closed form worked out by hand, or with a published rule; the
bad inputs are the ones an outside check found escaping as numpy or Python errors.
"""

from __future__ import annotations

import math
import traceback
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nnlib
from nnlib import (
    SGD,
    Activation,
    BatchNormalization,
    Dense,
    Dropout,
    EarlyStopping,
    LambdaCallback,
    Sequential,
    check_gradients,
    get_loss,
    numerical_gradient,
    relative_error,
    sigmoid,
    softmax,
)
from nnlib.network import TrainingDiverged

NNLIB_DIR = Path(nnlib.__file__).resolve().parent


def central(f, x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """A plain central-difference derivative of ``f()`` with respect to ``x`` (written here,
    not nnlib's ``numerical_gradient``, so that the reference shares no code with nnlib)."""
    g = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        up = f()
        x[i] = old - eps
        down = f()
        x[i] = old
        g[i] = (up - down) / (2 * eps)
    return g


def rel(a, b) -> float:
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-300))


# ----------------------------------------------------------------------------- batch normalisation


def test_batchnorm_backward_after_inference_forward_is_the_affine_map():
    m = Sequential([BatchNormalization(input_shape=[1])])
    m.forward([[0.0], [2.0]], training=True)
    m.forward([[1.0], [3.0]])
    dX = m.backprop(np.ones((2, 1)))
    bn = m.layers[0]
    exact = bn.gamma / np.sqrt(bn.running_var + bn.epsilon)  # d/dX of gamma (X - mu) / sigma + beta
    assert dX == pytest.approx(np.full((2, 1), exact[0]), rel=1e-12)
    assert dX[0, 0] == pytest.approx(0.9995, abs=1e-4)


def test_batchnorm_backward_on_a_model_never_trained():
    m = Sequential([BatchNormalization(input_shape=[1])])
    m.forward([[1.0], [3.0]])
    assert m.backprop(np.ones((2, 1))) == pytest.approx(np.full((2, 1), 1 / math.sqrt(1 + 1e-3)), rel=1e-12)


@pytest.mark.parametrize("training", [False, True])
def test_batchnorm_gradients_match_central_differences_of_what_the_model_reports(training):
    rng = np.random.default_rng(3)
    m = Sequential([Dense(5, "tanh", input_shape=[3]), BatchNormalization(), Dense(2, "sigmoid")], rng=rng)
    m.compile(loss="mse")
    X, dA = rng.standard_normal((6, 3)), rng.standard_normal((6, 2))
    m.fit(X, rng.random((6, 2)), epochs=3, batch_size=3, rng=rng)  # running statistics away from 0/1
    bn = m.layers[1]
    bn.gamma, bn.beta = rng.uniform(0.5, 2, 5), rng.standard_normal(5)

    def reported() -> float:  # inference: predict; training: the training-mode output
        out = m.forward(X, training=True) if training else m.predict(X)
        return float((out * dA).sum())

    running = (bn.running_mean.copy(), bn.running_var.copy())
    numeric_X = central(reported, X)
    numeric_gamma = central(reported, bn.gamma)
    bn.running_mean[...], bn.running_var[...] = running
    m.forward(X, training=training)
    dX = m.backprop(dA)
    assert rel(dX, numeric_X) < 1e-8
    assert rel(bn.dgamma, numeric_gamma) < 1e-8


def test_batchnorm_refuses_a_training_batch_of_one():
    m = Sequential([BatchNormalization(input_shape=[2])])
    with pytest.raises(ValueError, match="at least two samples per training batch"):
        m.forward([[1.0, 2.0]], training=True)
    assert m.forward([[1.0, 2.0]]).shape == (1, 2)  # inference takes one sample
    m.compile(loss="mse")
    with pytest.raises(ValueError, match=r"batch_size=2 a training batch would hold one sample"):
        m.fit(np.zeros((5, 2)), np.zeros((5, 2)), batch_size=2, rng=np.random.default_rng(0))


# ----------------------------------------------------------------------------- saturated logits


def softmax_model(w: float) -> Sequential:
    m = Sequential([Dense(2, "softmax", input_shape=[1])])
    m.layers[0].W = [[w, -w]]
    m.compile(loss="categorical_crossentropy", optimizer=SGD(lr=1e-9))
    return m


def sigmoid_model(w: float) -> Sequential:
    m = Sequential([Dense(1, "sigmoid", input_shape=[1])])
    m.layers[0].W = [[w]]
    m.compile(loss="binary_crossentropy", optimizer=SGD(lr=1e-9))
    return m


def test_saturated_softmax_loss_and_gradient_match_the_closed_form():
    # logits (1000, -1000), target class 1: loss = logsumexp(z) - z_1 = 2000 (exp(-2000) is 0)
    m = softmax_model(500.0)
    X, y = np.array([[2.0]]), np.array([1])
    loss, acc = m.evaluate(X, y)
    assert loss == pytest.approx(2000.0, rel=1e-12) and acc == 0.0
    value, [(dW, db)] = m.loss_and_gradients(X, y)
    assert value == pytest.approx(2000.0, rel=1e-12)
    # dL/dz = p - y = (1, -1); dW = x.T (p - y) = (2, -2)
    assert dW == pytest.approx(np.array([[2.0, -2.0]]), rel=1e-12)
    assert db == pytest.approx(np.array([1.0, -1.0]), rel=1e-12)
    history = m.fit(X, y, epochs=1, batch_size=1, rng=np.random.default_rng(0))
    assert history["loss"][0] == pytest.approx(2000.0, rel=1e-6)  # lr 1e-9 barely moves it


def test_saturated_sigmoid_loss_and_gradient_match_the_closed_form():
    # z = 1000 with target 0: loss = softplus(1000) = 1000; dL/dz = sigmoid(z) - y = 1
    m = sigmoid_model(1000.0)
    X, y = np.array([[1.0]]), np.array([0])
    assert m.evaluate(X, y)[0] == pytest.approx(1000.0, rel=1e-12)
    value, [(dW, db)] = m.loss_and_gradients(X, y)
    assert value == pytest.approx(1000.0, rel=1e-12)
    assert dW == pytest.approx(np.array([[1.0]]), rel=1e-12) and db == pytest.approx([1.0], rel=1e-12)
    m.forward(X)
    assert m.backward(y)[0][0] == pytest.approx(np.array([[1.0]]), rel=1e-12)
    assert m.fit(X, y, epochs=1, batch_size=1, rng=np.random.default_rng(0))["loss"][0] == pytest.approx(
        1000.0, rel=1e-6
    )


def test_loss_from_logits_matches_central_differences_of_the_reported_loss_near_saturation():
    m = softmax_model(30.0)
    X, y = np.array([[1.0], [-0.5], [2.0]]), np.array([1, 0, 0])
    numeric = central(lambda: m.evaluate(X, y)[0], m.layers[0].W)
    _, [(dW, _)] = m.loss_and_gradients(X, y)
    assert rel(dW, numeric) < 1e-9


def test_manual_backprop_docstring_says_it_cannot_be_exact_when_saturated():
    doc = Sequential.backprop.__doc__
    assert "saturates" in doc and "loss_and_gradients" in doc


# ----------------------------------------------------------------------------- targets


def test_multi_hot_targets_are_refused_with_the_fix():
    m = Sequential([Dense(3, "softmax", input_shape=[2])])
    m.compile(loss="categorical_crossentropy")
    X, Y = np.ones((2, 2)), np.array([[1, 1, 0], [0, 1, 0]])
    with pytest.raises(ValueError, match=r"row 0 is \[1.0, 1.0, 0.0\] \(sum 2\).*binary_crossentropy"):
        m.loss_and_gradients(X, Y)
    with pytest.raises(ValueError, match="probability distribution"):
        m.fit(X, Y, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="probability distribution"):
        get_loss("categorical_crossentropy").value(Y, np.full((2, 3), 1 / 3))
    soft = np.array([[0.8, 0.1, 0.1], [0.0, 0.5, 0.5]])  # proper distributions are fine
    value, [(dW, db)] = m.loss_and_gradients(X, soft)
    numeric = central(lambda: m.evaluate(X, soft)[0], m.layers[0].W)
    assert rel(dW, numeric) < 1e-9


@pytest.mark.parametrize(
    "layers",
    [lambda: [Dense(1, "softmax", input_shape=[2])], lambda: [Dense(1, input_shape=[2]), Activation("softmax")]],
)
def test_a_softmax_over_one_unit_is_refused(layers):
    with pytest.raises(ValueError, match="softmax over a single unit.*sigmoid.*binary_crossentropy"):
        Sequential(layers())


def test_binary_targets_outside_zero_one_are_refused():
    m = Sequential([Dense(1, "sigmoid", input_shape=[2])])
    m.compile(loss="binary_crossentropy")
    with pytest.raises(ValueError, match="between 0 and 1.*got values from 0 to 9"):
        m.fit(np.zeros((3, 2)), [0, 9, 1], rng=np.random.default_rng(0))


# ----------------------------------------------------------------------------- gradient checking


def bn_model() -> tuple[Sequential, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    m = Sequential(
        [Dense(4, "linear", input_shape=[3]), BatchNormalization(), Dropout(0.25), Dense(3, "softmax")], rng=rng
    )
    m.compile(loss="categorical_crossentropy")
    X, y = rng.standard_normal((10, 3)), rng.integers(0, 3, 10)
    m.fit(X, y, epochs=2, batch_size=5, rng=rng)
    return m, X, y


def test_check_gradients_has_no_false_alarm_on_a_bias_whose_gradient_is_zero():
    m, X, y = bn_model()
    errors = check_gradients(m, X, y)
    assert errors["b1"] < 1e-4  # the bias feeding batch normalisation: true gradient exactly 0
    assert max(errors.values()) < 1e-6


def test_check_gradients_still_catches_a_wrong_zero_gradient(monkeypatch):
    m, X, y = bn_model()
    real = Dense.backward_from_z

    def broken(self, dZ, need_dX=True):
        out = real(self, dZ, need_dX)
        self.dW[...] = 0  # a bug: the weights never learn
        return out

    monkeypatch.setattr(Dense, "backward_from_z", broken)
    errors = check_gradients(m, X, y)
    assert errors["W1"] > 0.5 and errors["W3"] > 0.5


def model_state(m: Sequential) -> list:
    state = []
    for obj in [m, *m.layers]:
        for key, value in sorted(vars(obj).items()):
            if isinstance(value, np.ndarray):
                state.append((type(obj).__name__, key, value.copy()))
    state.append(("rng", repr(m.rng.bit_generator.state)))
    return state


def test_check_gradients_leaves_every_array_of_the_model_unchanged():
    m, X, y = bn_model()
    m.forward(X[:4], training=True)  # some stored activations, as a lesson would leave them
    before, prediction = model_state(m), m.predict(X)
    check_gradients(m, X, y)
    after = model_state(m)
    assert len(before) == len(after)
    for b, a in zip(before, after):
        assert b[:2] == a[:2]
        if isinstance(b[-1], np.ndarray):
            assert np.array_equal(b[-1], a[-1]), b[:2]
        else:
            assert b == a
    assert np.array_equal(m.predict(X), prediction)
    # and training afterwards is exactly what it would have been without the check
    twin, _, _ = bn_model()
    twin.forward(X[:4], training=True)
    m.fit(X, y, epochs=1, batch_size=5, rng=np.random.default_rng(1))
    twin.fit(X, y, epochs=1, batch_size=5, rng=np.random.default_rng(1))
    assert all(np.array_equal(a, b) for a, b in zip(m.get_weights(), twin.get_weights()))


def test_check_gradients_refuses_float32_models():
    m = Sequential([Dense(2, input_shape=[2])], dtype=np.float32)
    with pytest.raises(ValueError, match="float64"):
        check_gradients(m, np.ones((2, 2)), np.ones((2, 2)), "mse")


# ----------------------------------------------------------------------------- sigmoid tails


def test_sigmoid_keeps_full_relative_precision_in_both_tails():
    z = np.linspace(-740, 740, 2961)
    exact = np.array([1 / (1 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v)) for v in z])
    assert np.all(sigmoid(z) > 0)
    assert np.max(np.abs(sigmoid(z) - exact) / exact) < 4e-16
    assert sigmoid(-40.0) == pytest.approx(4.248354255291589e-18, rel=1e-15)
    z32 = np.array([-80.0, -20.0, 0.0, 20.0], dtype=np.float32)
    out = sigmoid(z32)
    assert out.dtype == np.float32 and out[0] > 0
    assert out == pytest.approx([math.exp(-80), 1 / (1 + math.exp(20)), 0.5, 1 / (1 + math.exp(-20))], rel=1e-6)


# ----------------------------------------------------------------------------- property test


ACTS = ["sigmoid", "tanh", "linear", "relu"]


@st.composite
def networks(draw):
    n_in = draw(st.integers(1, 4))
    widths = draw(st.lists(st.integers(1, 5), min_size=0, max_size=2))
    acts = [draw(st.sampled_from(ACTS)) for _ in widths]
    use_bn = draw(st.booleans()) and bool(widths)
    head = draw(st.sampled_from(["mse", "bce", "cce", "bce_multi"]))
    batch = draw(st.integers(2 if use_bn else 1, 17))
    training = draw(st.booleans())
    seed = draw(st.integers(0, 2**16))
    return n_in, widths, acts, use_bn, head, batch, training, seed


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_backward_matches_central_differences_of_the_reported_loss(spec):
    n_in, widths, acts, use_bn, head, batch, training, seed = spec
    rng = np.random.default_rng(seed)
    layers: list = []
    for i, (w, a) in enumerate(zip(widths, acts)):
        layers.append(Dense(w, a, input_shape=[n_in] if i == 0 else None))
        if use_bn and i == 0:
            layers.append(BatchNormalization())
    n_out, out_act, loss = {
        "mse": (2, "linear", "mse"),
        "bce": (1, "sigmoid", "binary_crossentropy"),
        "cce": (3, "softmax", "categorical_crossentropy"),
        "bce_multi": (3, "sigmoid", "binary_crossentropy"),
    }[head]
    layers.append(Dense(n_out, out_act, input_shape=None if layers else [n_in]))
    m = Sequential(layers, rng=rng)
    m.compile(loss=loss)
    X = rng.standard_normal((batch, n_in))
    if head == "cce":
        y = rng.integers(0, 3, batch)
    elif head == "mse":
        y = rng.standard_normal((batch, 2))
    else:
        y = (rng.random((batch, n_out)) < 0.5).astype(float)
    for layer in m.layers:
        if isinstance(layer, BatchNormalization):
            layer.running_mean[...] = rng.standard_normal(layer.n_in)
            layer.running_var[...] = rng.uniform(0.5, 2, layer.n_in)

    def reported() -> float:
        if training:  # the loss loss_and_gradients reports for this batch
            return m.loss_and_gradients(X, y)[0]
        return m.evaluate(X, y)[0]

    dense = [layer for layer in m.layers if isinstance(layer, Dense)]
    numeric = [central(reported, layer.W, eps=1e-5) for layer in dense]
    m.forward(X, training=training)
    grads = m.backward(y)
    trainable = [layer for layer in m.layers if layer.param_names]
    analytic = [g[0] for g, layer in zip(grads, trainable) if isinstance(layer, Dense)]
    for a, n in zip(analytic, numeric):
        scale = max(np.abs(n).max(), 1e-3)
        assert np.abs(a - n).max() / scale < 1e-5, (spec, a, n)


# ----------------------------------------------------------------------------- divergence


@pytest.mark.parametrize("case", ["huge learning rate", "huge inputs"])
def test_training_that_blows_up_stops_with_finite_weights(case):
    rng = np.random.default_rng(0)
    m = Sequential([Dense(8, "relu", input_shape=[2]), Dense(1)], rng=rng)
    lr = 50.0 if case == "huge learning rate" else 0.1
    m.compile(loss="mse", optimizer=SGD(lr=lr, momentum=0.9))
    X = rng.standard_normal((64, 2)) * (1e300 if case == "huge inputs" else 1)
    y = X[:, :1] * 3 if case == "huge learning rate" else rng.standard_normal((64, 1))
    seen, start = [], m.get_weights()
    with pytest.raises(TrainingDiverged, match="diverged.*smaller learning rate.*scaled") as info:
        m.fit(X, y, epochs=50, batch_size=8, rng=rng, callbacks=LambdaCallback(on_train_end=seen.append))
    assert all(np.all(np.isfinite(w)) for w in m.get_weights())
    if case == "huge inputs":  # the first output overflowed: no step was taken
        assert all(np.array_equal(a, b) for a, b in zip(m.get_weights(), start))
        assert np.all(np.isfinite(m.predict(rng.standard_normal((5, 2)))))
    assert info.value.history is m.history
    assert "diverged" in seen[0]


# ----------------------------------------------------------------------------- model.add


def test_add_builds_the_same_model_as_a_list():
    X = np.random.default_rng(1).standard_normal((5, 3))
    listed = Sequential([Dense(4, "relu", input_shape=[3]), Dense(2, "softmax")], rng=np.random.default_rng(0))
    added = Sequential(rng=np.random.default_rng(0))
    added.add(Dense(4, "relu", input_shape=[3]))
    added.add(Dense(2, "softmax"))
    assert all(np.array_equal(a, b) for a, b in zip(listed.get_weights(), added.get_weights()))
    assert np.array_equal(listed.predict(X), added.predict(X))
    added.compile(loss="categorical_crossentropy", optimizer=SGD(lr=0.5))
    before = added.get_weights()
    added.fit(X, [0, 1, 0, 1, 1], epochs=2, batch_size=2, rng=np.random.default_rng(0))
    assert not np.array_equal(before[0], added.get_weights()[0])  # the added layers train
    assert added.layers[0].W.base is not None  # still views of one flat buffer


def test_appending_to_model_layers_directly_says_to_use_add():
    m = Sequential([Dense(2, input_shape=[2])])
    for change in (lambda: m.layers.append(Dense(1)), lambda: m.layers.insert(0, Dense(1)), lambda: m.layers.pop()):
        with pytest.raises(TypeError, match=r"use model.add\(layer\)"):
            change()
    assert len(m.layers) == 1 and isinstance(m.layers[0], Dense)


# ----------------------------------------------------------------------------- bad input battery


def _model() -> Sequential:
    m = Sequential([Dense(2, "softmax", input_shape=[3])])
    m.compile(loss="categorical_crossentropy")
    return m


BAD_INPUTS = {
    "Dense input_shape float": lambda: Dense(4, input_shape=784.0),
    "Dense input_shape string": lambda: Dense(4, input_shape="784"),
    "Dense init not a string": lambda: Dense(4, init=None),
    "BatchNormalization momentum string": lambda: BatchNormalization(momentum="0.9"),
    "BatchNormalization epsilon None": lambda: BatchNormalization(epsilon=None),
    "Dropout rate string": lambda: Dropout("0.5"),
    "compile metrics unknown string": lambda: _model().compile(metrics="acc"),
    "compile metrics a number": lambda: _model().compile(metrics=3),
    "EarlyStopping monitor None": lambda: EarlyStopping(monitor=None),
    "EarlyStopping restore_best_weights string": lambda: EarlyStopping(restore_best_weights="False"),
    "fit callbacks not callbacks": lambda: _model().fit(
        np.ones((2, 3)), [0, 1], rng=np.random.default_rng(0), callbacks=[print]
    ),
    "fit callbacks a string": lambda: _model().fit(
        np.ones((2, 3)), [0, 1], rng=np.random.default_rng(0), callbacks="early"
    ),
    "fit shuffle string": lambda: _model().fit(np.ones((2, 3)), [0, 1], rng=np.random.default_rng(0), shuffle="yes"),
    "predict batch_size 0": lambda: _model().predict(np.ones((2, 3)), batch_size=0),
    "predict batch_size -1": lambda: _model().predict(np.ones((2, 3)), batch_size=-1),
    "predict batch_size 2.5": lambda: _model().predict(np.ones((2, 3)), batch_size=2.5),
    "predict ragged list": lambda: _model().predict([[1, 2, 3], [1, 2]]),
    "predict strings": lambda: _model().predict([["a", "b", "c"]]),
    "fit ragged labels": lambda: _model().fit(np.ones((2, 3)), [[0, 1], [1]], rng=np.random.default_rng(0)),
    "backprop ragged dA": lambda: (lambda m: (m.forward(np.ones((2, 3))), m.backprop([[1, 0], [1]])))(_model()),
    "sigmoid string": lambda: sigmoid("abc"),
    "softmax empty": lambda: softmax(np.array([])),
    "softmax empty rows": lambda: softmax(np.zeros((3, 0))),
    "check_gradients string model": lambda: check_gradients("model", np.ones((2, 3)), [0, 1]),
    "check_gradients string eps": lambda: check_gradients(_model(), np.ones((2, 3)), [0, 1], eps="1e-5"),
    "numerical_gradient returns None": lambda: numerical_gradient(lambda: None, np.zeros(3)),
    "numerical_gradient returns an array": lambda: numerical_gradient(lambda: np.zeros(2), np.zeros(3)),
    "numerical_gradient not a function": lambda: numerical_gradient(3.0, np.zeros(3)),
    "relative_error strings": lambda: relative_error("a", "b"),
    "Sequential of a string": lambda: Sequential("dense"),
    "Sequential dtype int": lambda: Sequential([Dense(1, input_shape=[1])], dtype=int),
    "Sequential build 0 inputs": lambda: Sequential([Dense(1)]).build(0),
    "add a string": lambda: Sequential().add("dense"),
    "empty model predict": lambda: Sequential().predict(np.ones((1, 1))),
    "SGD lr string": lambda: SGD(lr="0.1"),
    "SGD momentum nan": lambda: SGD(momentum=float("nan")),
}


def _innermost_frame(exc: BaseException) -> str:
    return traceback.extract_tb(exc.__traceback__)[-1].filename


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_gets_a_clear_error_from_nnlib(case):
    with pytest.raises((TypeError, ValueError, RuntimeError)) as info:
        BAD_INPUTS[case]()
    where = Path(_innermost_frame(info.value)).resolve()
    assert NNLIB_DIR in where.parents, f"{case}: raised from {where}: {info.value}"
    message = str(info.value)
    assert 20 < len(message) < 600, message


def test_keras_habits_that_are_accepted():
    m = Sequential([Dense(2, "softmax", input_shape=[3])])
    for metrics in (None, "accuracy", ["accuracy"], ()):
        m.compile(loss="categorical_crossentropy", metrics=metrics)
    stopper = EarlyStopping(monitor="loss", patience=1)
    history = m.fit(np.ones((4, 3)), [0, 1, 0, 1], epochs=3, rng=np.random.default_rng(0), callbacks=stopper)
    assert len(history.epoch) >= 1 and stopper.model is m  # one callback, not in a list
    assert m.predict(np.ones((5, 3)), batch_size=2).shape == (5, 2)


# ----------------------------------------------------------------------------- what fit reports


def test_fit_reports_the_batch_mean_by_default_and_the_exact_value_on_request():
    rng = np.random.default_rng(5)
    X, y = rng.standard_normal((12, 3)), rng.integers(0, 2, 12)

    def fresh() -> Sequential:
        m = Sequential([Dense(4, "tanh", input_shape=[3]), Dense(2, "softmax")], rng=np.random.default_rng(0))
        m.compile(loss="categorical_crossentropy", optimizer=SGD(lr=0.5))
        return m

    # one full batch, no shuffling: the batch mean is the loss *before* the step
    m = fresh()
    before = m.evaluate(X, y)
    h = m.fit(X, y, epochs=1, batch_size=12, shuffle=False)
    assert h["loss"][0] == pytest.approx(before[0], rel=1e-12)
    assert h["accuracy"][0] == pytest.approx(before[1])
    # evaluate_train=True: the whole set scored again with the weights after the epoch
    m = fresh()
    h = m.fit(X, y, epochs=1, batch_size=5, shuffle=False, evaluate_train=True)
    assert (h["loss"][0], h["accuracy"][0]) == pytest.approx(m.evaluate(X, y), rel=1e-12)
    # batches of 5, 5 and 2 are weighted by their size: step through them by hand
    m, ref = fresh(), fresh()
    losses, right = [], 0
    for start in (0, 5, 10):
        xb, yb = X[start : start + 5], y[start : start + 5]
        value, _ = ref.loss_and_gradients(xb, yb)
        right += int(np.sum(ref.predict(xb).argmax(axis=1) == yb))
        losses.append(value * len(xb))
        ref.fit(xb, yb, epochs=1, batch_size=len(xb), shuffle=False)
    h = m.fit(X, y, epochs=1, batch_size=5, shuffle=False)
    assert h["loss"][0] == pytest.approx(sum(losses) / 12, rel=1e-12)
    assert h["accuracy"][0] == pytest.approx(right / 12)
    with pytest.raises(TypeError, match="evaluate_train must be True or False"):
        m.fit(X, y, shuffle=False, evaluate_train="yes")


def test_nan_in_the_training_inputs_is_named_when_training_reaches_it():
    m = Sequential([Dense(2, "softmax", input_shape=[3])])
    m.compile(loss="categorical_crossentropy")
    X = np.ones((10, 3))
    X[7, 1] = np.nan
    before = m.get_weights()
    with pytest.raises(ValueError, match=r"X contains NaN or infinity \(found in epoch 0, step 1\)"):
        m.fit(X, [0, 1] * 5, batch_size=5, shuffle=False)
    assert all(np.all(np.isfinite(w)) for w in m.get_weights())
    assert not all(np.array_equal(a, b) for a, b in zip(before, m.get_weights()))  # the first batch trained
    with pytest.raises(ValueError, match="X contains NaN or infinity; clean the data first"):
        m.predict(X)
