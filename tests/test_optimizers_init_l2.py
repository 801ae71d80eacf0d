"""Adam, RMSprop, weight decay and the initialisers, against their published definitions."""

from __future__ import annotations

import numpy as np
import pytest

from nnlib import SGD, Adam, Dense, RMSprop, Sequential
from nnlib.layers import INITIALIZERS, initial_weights

# ----------------------------------------------------------------------------- optimisers


def adam_by_hand(p, grads, lr, b1, b2, eps):
    """Kingma and Ba (2015), Algorithm 1, written out in plain Python floats."""
    p = [float(v) for v in p]
    m = [0.0] * len(p)
    v = [0.0] * len(p)
    for t, g in enumerate(grads, start=1):
        for i, gi in enumerate(g):
            m[i] = b1 * m[i] + (1 - b1) * gi
            v[i] = b2 * v[i] + (1 - b2) * gi * gi
            m_hat = m[i] / (1 - b1**t)
            v_hat = v[i] / (1 - b2**t)
            p[i] -= lr * m_hat / (v_hat**0.5 + eps)
    return p


def test_adam_follows_algorithm_1_step_by_step():
    grads = [[0.5, -2.0, 1e-3], [0.4, -1.0, -1e-3], [-3.0, 0.0, 2e-3]]
    opt = Adam(lr=0.01, beta_1=0.8, beta_2=0.99, epsilon=1e-6)
    p = np.array([1.0, -1.0, 0.25])
    for g in grads:
        opt.step([p], [np.array(g)])
    assert p == pytest.approx(adam_by_hand([1.0, -1.0, 0.25], grads, 0.01, 0.8, 0.99, 1e-6), rel=1e-13, abs=1e-15)


def test_adam_first_step_moves_every_weight_by_about_lr():
    # after bias correction the first step is lr * g / (|g| + eps): the same size for every weight
    p = np.zeros(3)
    Adam(lr=0.1).step([p], [np.array([1e-4, -5.0, 300.0])])
    assert p == pytest.approx([-0.1, 0.1, -0.1], rel=1e-3)


def test_rmsprop_step_by_hand():
    opt = RMSprop(lr=0.01, rho=0.9, epsilon=1e-7)
    p = np.array([1.0, 2.0])
    s = np.zeros(2)
    expected = p.copy()
    for g in ([1.0, -4.0], [0.5, 2.0]):
        g = np.array(g)
        s = 0.9 * s + 0.1 * g * g
        expected = expected - 0.01 * g / (np.sqrt(s) + 1e-7)
        opt.step([p], [g.copy()])
    assert p == pytest.approx(expected, rel=1e-14)


def test_sgd_with_momentum_by_hand():
    opt = SGD(lr=0.1, momentum=0.5)
    p = np.array([1.0])
    opt.step([p], [np.array([2.0])])  # v = -0.2
    opt.step([p], [np.array([2.0])])  # v = 0.5 * -0.2 - 0.2 = -0.3
    assert p == pytest.approx([0.5])


@pytest.mark.parametrize("name", ["sgd", "adam", "rmsprop", "Adam"])
def test_compile_takes_an_optimiser_name(name):
    m = Sequential([Dense(1, "sigmoid", input_shape=[2])])
    m.compile(loss="binary_crossentropy", optimizer=name)
    assert type(m.optimizer).__name__.lower() == name.lower()


def test_adam_learns_xor():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array([0, 1, 1, 0])
    m = Sequential([Dense(8, "tanh", input_shape=[2]), Dense(1, "sigmoid")], rng=np.random.default_rng(0))
    m.compile(loss="binary_crossentropy", optimizer=Adam(lr=0.05))
    m.fit(X, y, epochs=300, batch_size=4, rng=np.random.default_rng(1))
    assert np.array_equal(m.predict(X)[:, 0] > 0.5, y == 1)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Adam(beta_1=1.0), "beta_1 must be < 1"),
        (lambda: Adam(lr=0), "lr must be > 0"),
        (lambda: RMSprop(rho="0.9"), "rho must be a number"),
        (lambda: Sequential([Dense(1, input_shape=[1])]).compile(optimizer="adamw"), "optimizer must be"),
        (lambda: Dense(3, l2=-0.1), "l2 must be >= 0"),
        (lambda: Dense(3, l2="0.1"), "l2 must be a number"),
        (lambda: Dense(3, l1=-0.1), "l1 must be >= 0"),
        (lambda: Dense(3, l1=float("nan")), "l1"),
        (lambda: Dense(3, init="glorot"), "unknown init"),
    ],
)
def test_bad_arguments(make, message):
    with pytest.raises((TypeError, ValueError), match=message):
        make()


# ----------------------------------------------------------------------------- weight decay


def test_weight_decay_is_in_the_reported_loss_and_its_gradient():
    rng = np.random.default_rng(2)
    m = Sequential([Dense(5, "tanh", input_shape=[3], l2=0.03), Dense(2, "softmax", l2=0.2)], rng=rng)
    m.compile(loss="categorical_crossentropy")
    X, y = rng.standard_normal((7, 3)), rng.integers(0, 2, 7)
    plain = Sequential([Dense(5, "tanh", input_shape=[3]), Dense(2, "softmax")], rng=np.random.default_rng(2))
    plain.compile(loss="categorical_crossentropy")
    W1, W2 = m.layers[0].W, m.layers[1].W
    penalty = 0.03 * np.sum(W1**2) + 0.2 * np.sum(W2**2)
    assert m.evaluate(X, y)[0] == pytest.approx(plain.evaluate(X, y)[0] + penalty, rel=1e-12)

    def reported() -> float:
        return m.evaluate(X, y)[0]

    eps = 1e-6
    for layer in m.layers:
        W = layer.W
        numeric = np.zeros_like(W)
        for i in np.ndindex(W.shape):
            old = W[i]
            W[i] = old + eps
            up = reported()
            W[i] = old - eps
            down = reported()
            W[i] = old
            numeric[i] = (up - down) / (2 * eps)
        m.forward(X)
        m.backward(y)
        assert np.abs(layer.dW - numeric).max() < 1e-8 * max(1.0, np.abs(numeric).max())


def test_l1_penalty_is_in_the_reported_loss_and_its_gradient():
    rng = np.random.default_rng(5)
    m = Sequential([Dense(4, "tanh", input_shape=[3], l1=0.05), Dense(1, "sigmoid", l1=0.3)], rng=rng)
    m.compile(loss="binary_crossentropy")
    X, y = rng.standard_normal((9, 3)), rng.integers(0, 2, (9, 1)).astype(float)
    plain_loss = m.evaluate(X, y)[0] - 0.05 * np.abs(m.layers[0].W).sum() - 0.3 * np.abs(m.layers[1].W).sum()
    m.layers[0].l1 = m.layers[1].l1 = 0.0
    assert m.evaluate(X, y)[0] == pytest.approx(plain_loss, rel=1e-12)
    m.layers[0].l1, m.layers[1].l1 = 0.05, 0.3
    eps = 1e-6
    for layer in m.layers:
        W = layer.W
        numeric = np.zeros_like(W)
        for i in np.ndindex(W.shape):
            old = W[i]
            W[i] = old + eps
            up = m.evaluate(X, y)[0]
            W[i] = old - eps
            down = m.evaluate(X, y)[0]
            W[i] = old
            numeric[i] = (up - down) / (2 * eps)
        m.forward(X)
        m.backward(y)
        assert np.abs(layer.dW - numeric).max() < 1e-7 * max(1.0, np.abs(numeric).max())
    assert "l1=0.05" in repr(m.layers[0])


def test_weight_decay_shrinks_the_weights():
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((64, 4)), rng.integers(0, 2, 64)

    def trained(l2: float) -> float:
        m = Sequential(
            [Dense(16, "relu", input_shape=[4], l2=l2), Dense(1, "sigmoid", l2=l2)], rng=np.random.default_rng(0)
        )
        m.compile(loss="binary_crossentropy", optimizer=SGD(lr=0.1, momentum=0.9))
        m.fit(X, y, epochs=100, batch_size=16, rng=np.random.default_rng(1))
        return float(sum(np.sum(layer.W**2) for layer in m.layers))

    assert trained(0.01) < 0.5 * trained(0.0)


# ----------------------------------------------------------------------------- initialisers


VARIANCE = {
    "lecun_normal": lambda i, o: 1 / i,
    "lecun_uniform": lambda i, o: 1 / i,
    "lecun": lambda i, o: 1 / i,
    "he_normal": lambda i, o: 2 / i,
    "he_uniform": lambda i, o: 2 / i,
    "he": lambda i, o: 2 / i,
    "glorot_normal": lambda i, o: 2 / (i + o),
    "glorot_uniform": lambda i, o: 2 / (i + o),
    "xavier": lambda i, o: 2 / (i + o),
    "standard_normal": lambda i, o: 1.0,
}


@pytest.mark.parametrize("name", sorted(VARIANCE))
def test_each_initialiser_has_its_stated_variance(name):
    n_in, n_out = 400, 600
    W = initial_weights(name, n_in, n_out, np.random.default_rng(0))
    assert W.shape == (n_in, n_out)
    assert abs(W.mean()) < 0.01 * VARIANCE[name](n_in, n_out) ** 0.5 * 5
    assert W.var() == pytest.approx(VARIANCE[name](n_in, n_out), rel=0.02)
    if name.endswith("uniform") or name == "xavier":
        assert np.abs(W).max() <= (3 * VARIANCE[name](n_in, n_out)) ** 0.5


def test_every_listed_initialiser_is_known_and_auto_is_unchanged():
    assert set(INITIALIZERS) == {"auto", "zeros", *VARIANCE}
    assert not initial_weights("zeros", 3, 2, np.random.default_rng(0)).any()
    # "auto": He for ReLU, LeCun otherwise, drawn exactly as the lessons' stored outputs were
    for activation, scale in (("relu", (2 / 784) ** 0.5), ("sigmoid", 784**-0.5)):
        layer = Dense(16, activation, input_shape=[784])
        Sequential([layer], rng=np.random.default_rng(0))
        assert np.array_equal(layer.W, np.random.default_rng(0).standard_normal((784, 16)) * scale)
