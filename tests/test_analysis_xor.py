"""nnlib.analysis.xor: the 2-2-1 forward pass and the sum of sigmoid bumps."""

import numpy as np
import pytest

from nnlib import Dense, Sequential
from nnlib.analysis.xor import bump_sum, forward_221


def test_forward_221_equals_nnlib():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(7, 2))
    W, b, V, c = rng.normal(size=(2, 2)), rng.normal(size=2), rng.normal(size=(2, 1)), rng.normal(size=1)
    model = Sequential([Dense(2, activation="sigmoid", input_shape=[2]), Dense(1, activation="sigmoid")])
    model.set_weights([W, b, V, c])
    H, y = forward_221(X, W, b, V, c)
    assert H.shape == (7, 2) and y.shape == (7,)
    np.testing.assert_allclose(H, model.layers[0].predict(X), rtol=1e-12)
    np.testing.assert_allclose(y, model.predict(X)[:, 0], rtol=1e-12)


def test_bump_sum_matches_its_formula_and_gets_better_with_more_bumps():
    x = np.linspace(0.0, 1.0, 1001)

    def wave(x):
        return 0.6 * np.sin(2 * np.pi * x) + 0.3 * np.sin(5 * np.pi * x)

    errors = [np.max(np.abs(bump_sum(x, wave, n)[0] - wave(x))) for n in (5, 10, 20, 40)]
    assert errors == sorted(errors, reverse=True) and errors[-1] < 0.05
    approx, each = bump_sum(x, wave, 7)
    assert each.shape == (7, len(x))
    np.testing.assert_allclose(each.sum(axis=0), approx)
    with pytest.raises(ValueError, match="n_bumps"):
        bump_sum(x, wave, 0)
