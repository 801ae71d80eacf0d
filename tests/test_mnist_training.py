"""Training learns on real MNIST: a small subset overfits, and the lesson recipe generalises."""

import numpy as np
import pytest

from nnlib import SGD, Dense, Sequential
from nnlib.data import load_mnist


@pytest.fixture(scope="module")
def mnist():
    (x, y), (xt, yt) = load_mnist(scaled=True, flatten=True, download=False)
    return x, y, xt, yt


def _net(rng, hidden=16):
    return Sequential(
        [Dense(hidden, "sigmoid", input_shape=[784]), Dense(hidden, "sigmoid"), Dense(10, "softmax")],
        rng=rng,
        dtype=np.float32,
    )


def test_2000_images_overfit_to_99_percent(mnist):
    x, y, _, _ = mnist
    rng = np.random.default_rng(0)
    model = Sequential([Dense(64, "sigmoid", input_shape=[784]), Dense(10, "softmax")], rng=rng, dtype=np.float32)
    model.compile("categorical_crossentropy", SGD(lr=0.5, momentum=0.9))
    history = model.fit(x[:2000], y[:2000], epochs=40, batch_size=32, rng=rng)
    assert history["accuracy"][-1] >= 0.99
    assert history["loss"][-1] < history["loss"][0] / 5


def test_784_16_16_10_learns_a_5000_image_subset(mnist):
    x, y, xt, yt = mnist
    rng = np.random.default_rng(1)
    model = _net(rng)
    model.compile("categorical_crossentropy", SGD(lr=0.3, momentum=0.9, lr_decay=0.9))
    history = model.fit(x[:5000], y[:5000], epochs=10, batch_size=32, rng=rng, validation_data=(xt[:2000], yt[:2000]))
    assert history["val_accuracy"][-1] > 0.85
    assert history["val_loss"][-1] < history["val_loss"][0]
