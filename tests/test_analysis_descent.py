"""nnlib.analysis.descent: the line problem and the fast gradient-descent paths behind lesson 09's
widgets, checked against plain numpy and against nnlib's SGD."""

import numpy as np
import pytest

from nnlib import SGD, Dense, LambdaCallback, Sequential
from nnlib.analysis import descent
from nnlib.analysis.descent import (
    LineProblem,
    descend_1d,
    descend_2d,
    descend_momentum_2d,
    line_data,
    sgd_path,
    two_valleys_loss,
    two_valleys_slope,
)


@pytest.fixture(scope="module")
def data():
    return line_data(200, rng=np.random.default_rng(0))


def numpy_loss(x, y, w, b=0.0):
    return np.mean((w * x + b - y) ** 2)


def test_line_data_shapes_scale_and_seed():
    x, y = line_data(200, rng=np.random.default_rng(0))
    assert x.shape == y.shape == (200,)
    assert np.isclose(np.mean(x**2), 1.0)
    x2, y2 = line_data(200, rng=np.random.default_rng(0))
    assert np.array_equal(x, x2) and np.array_equal(y, y2)
    with pytest.raises(TypeError, match="Generator"):
        line_data(10, rng=0)
    with pytest.raises(ValueError, match="at least 2"):
        line_data(1, rng=np.random.default_rng(0))


def test_line_problem_matches_numpy(data):
    x, y = data
    problem = LineProblem(x, y)
    for w, b in [(0.5, 2.8), (-1.0, 0.0), (3.0, -1.8)]:
        assert np.isclose(problem.loss(w, b), numpy_loss(x, y, w, b))
        e = w * x + b - y
        assert np.allclose(problem.gradient(w, b), [np.mean(2 * e * x), np.mean(2 * e)])
        h = 1e-6  # central differences
        gw = (problem.loss(w + h, b) - problem.loss(w - h, b)) / (2 * h)
        gb = (problem.loss(w, b + h) - problem.loss(w, b - h)) / (2 * h)
        assert np.allclose(problem.gradient(w, b), [gw, gb], rtol=1e-6)
    best = np.linalg.lstsq(np.c_[x, np.ones_like(x)], y, rcond=None)[0]
    assert np.allclose(problem.best(), best)
    assert np.isclose(problem.slope(problem.best_w()), 0.0, atol=1e-12)
    with pytest.raises(ValueError, match="one target per input"):
        LineProblem(x, y[:-1])


def test_descend_1d_is_the_update_rule_and_shrinks_by_one_minus_2_lr(data):
    problem = LineProblem(*data)
    ws = descend_1d(problem.slope, -1.5, 0.3, 6)
    expected = [-1.5]
    for _ in range(6):
        expected.append(expected[-1] - 0.3 * problem.slope(expected[-1]))
    assert np.allclose(ws, expected)
    w_star = problem.best_w()
    ratios = (ws[1:] - w_star) / (ws[:-1] - w_star)
    assert np.allclose(ratios, 1 - 2 * 0.3)  # curvature 2 because mean(x**2) = 1
    decayed = descend_1d(problem.slope, -1.5, 0.3, 3, lr_decay=0.5)
    w1 = -1.5 - 0.3 * problem.slope(-1.5)
    w2 = w1 - 0.15 * problem.slope(w1)
    assert np.allclose(decayed[:3], [-1.5, w1, w2])
    diverged = descend_1d(problem.slope, -1.5, 5.0, 200)
    assert np.all(np.isfinite(diverged)) and abs(diverged[-1]) >= descent.DIVERGED


def test_descend_2d_equals_nnlib_full_batch_sgd(data):
    x, y = data
    problem = LineProblem(x, y)
    path = descend_2d(problem, (0.5, 2.8), 0.1, 5)
    model = Sequential([Dense(1, input_shape=[1])])
    model.set_weights([np.array([[0.5]]), np.array([2.8])])
    model.compile(loss="mse", optimizer=SGD(lr=0.1))
    model.fit(x[:, None], y[:, None], epochs=5, batch_size=len(x), shuffle=False)
    W, b = model.get_weights()
    assert np.allclose(path[-1], [W[0, 0], b[0]])


@pytest.mark.parametrize("batch_size", [1, 7, 32, 200])
def test_sgd_path_draws_the_same_batches_as_fit(data, batch_size):
    x, y = data
    problem = LineProblem(x, y)
    path, ends = sgd_path(problem, (0.5, 2.8), 0.02, batch_size, 3, np.random.default_rng(4))
    per_epoch = int(np.ceil(len(x) / batch_size))
    assert path.shape == (3 * per_epoch + 1, 2)
    assert list(ends) == [0, per_epoch, 2 * per_epoch, 3 * per_epoch]
    model = Sequential([Dense(1, input_shape=[1])])
    model.set_weights([np.array([[0.5]]), np.array([2.8])])
    model.compile(loss="mse", optimizer=SGD(lr=0.02))
    history = model.fit(
        x[:, None], y[:, None], epochs=3, batch_size=batch_size, rng=np.random.default_rng(4), evaluate_train=True
    )
    W, b = model.get_weights()
    assert np.allclose(path[-1], [W[0, 0], b[0]])
    epoch_losses = problem.loss(path[ends[1:], 0], path[ends[1:], 1])
    assert np.allclose(epoch_losses, history.history["loss"])


def test_two_valleys_has_two_minima_and_a_hump():
    left, hump, right = descent.two_valleys_stationary_points()
    assert left < hump < right
    for w in (left, hump, right):
        assert abs(two_valleys_slope(w)) < 1e-9
    assert two_valleys_loss(left) < two_valleys_loss(right) < two_valleys_loss(hump)
    h = 1e-6
    w = np.linspace(-3, 3, 13)
    numeric = (two_valleys_loss(w + h) - two_valleys_loss(w - h)) / (2 * h)
    assert np.allclose(two_valleys_slope(w), numeric, atol=1e-6)


@pytest.mark.parametrize("lr", [0.05, 0.3, 0.6])
def test_descend_momentum_2d_without_momentum_is_descend_2d(data, lr):
    problem = LineProblem(*data)
    assert np.array_equal(
        descend_momentum_2d(problem, (0.5, 2.8), lr, 0.0, 40), descend_2d(problem, (0.5, 2.8), lr, 40)
    )


def test_descend_momentum_2d_hand_worked_two_steps():
    # x = [1, -1], y = [2, 0]: mean(x**2) = 1, mean(x) = 0, mean(x y) = 1, mean(y) = 1, so
    # dL/dw = 2 (w - 1), dL/db = 2 (b - 1) and the minimum is (1, 1)
    problem = LineProblem([1.0, -1.0], [2.0, 0.0])
    path = descend_momentum_2d(problem, (0.0, 2.0), 0.25, 0.9, 2)
    # step 1: gradient (-2, +2), v = -0.25 * gradient = (+0.5, -0.5)        -> (0.5, 1.5)
    # step 2: gradient (-1, +1), v = 0.9 * v - 0.25 * gradient = (+0.7, -0.7) -> (1.2, 0.8)
    assert np.allclose(path, [[0.0, 2.0], [0.5, 1.5], [1.2, 0.8]])
    # without momentum the second step is only -0.25 * gradient: (0.75, 1.25), short of (1, 1);
    # with momentum it rolls past the minimum
    assert np.allclose(descend_2d(problem, (0.0, 2.0), 0.25, 2)[-1], [0.75, 1.25])
    with pytest.raises(ValueError, match="momentum must be in"):
        descend_momentum_2d(problem, (0.0, 2.0), 0.25, 1.0, 2)


@pytest.mark.parametrize("lr, momentum", [(0.05, 0.9), (0.1, 0.5), (0.3, 0.0)])
def test_descend_momentum_2d_equals_nnlib_sgd_with_momentum(data, lr, momentum):
    # nnlib's "mse" is mean((y_hat - y)**2) over the samples (its gradient 2 (y_hat - y) / n):
    # the same loss as LineProblem, so full-batch SGD takes the same steps
    x, y = data
    path = descend_momentum_2d(LineProblem(x, y), (0.5, 2.8), lr, momentum, 6)
    model = Sequential([Dense(1, input_shape=[1])])
    model.set_weights([np.array([[0.5]]), np.array([2.8])])
    model.compile(loss="mse", optimizer=SGD(lr, momentum=momentum))
    visited = [(0.5, 2.8)]

    def keep(_epoch, _logs):
        W, b = model.get_weights()
        visited.append((W[0, 0], b[0]))

    # one batch of all samples per epoch: one step per epoch
    model.fit(
        x[:, None],
        y[:, None],
        epochs=6,
        batch_size=len(x),
        shuffle=False,
        callbacks=[LambdaCallback(on_epoch_end=keep)],
    )
    assert np.allclose(path, visited, rtol=0, atol=1e-10)


def test_descend_momentum_2d_stops_growing_when_it_diverges(data):
    problem = LineProblem(*data)
    path = descend_momentum_2d(problem, (0.5, 2.8), 0.5, 0.98, 2000)
    assert np.all(np.isfinite(path))  # lr 0.5 with momentum 0.98 still converges here
    path = descend_momentum_2d(problem, (0.5, 2.8), 2.0, 0.5, 200)
    assert np.all(np.isfinite(path))
    size = np.abs(path).sum(axis=1)
    first = int(np.argmax(size >= descent.DIVERGED))
    assert first > 0 and np.all(path[first:] == path[first])


@pytest.mark.parametrize("momentum", [0.0, 0.5, 0.9, 0.97])
def test_steady_slope_speedup_is_the_limit_of_nnlib_sgd_steps(momentum):
    # a loss with a constant gradient g: L(w) = g * w. nnlib's SGD with momentum, stepped by
    # hand, must settle on steps of lr * g / (1 - momentum): the gradient is part of the step
    lr, g = 0.05, 2.0
    w = np.array([0.0])
    opt = SGD(lr=lr, momentum=momentum)
    steps = []
    for _ in range(2000):
        before = w.copy()
        opt.step([w], [np.array([g])])
        steps.append(float(before[0] - w[0]))
    assert steps[-1] == pytest.approx(lr * g * descent.steady_slope_speedup(momentum), rel=1e-9)
    assert steps[-1] == pytest.approx(lr * g / (1 - momentum), rel=1e-9)


@pytest.mark.parametrize("bad", [1.0, -0.1, 1.5])
def test_steady_slope_speedup_refuses_momentum_outside_0_1(bad):
    with pytest.raises(ValueError, match=r"momentum must be in \[0, 1\)"):
        descent.steady_slope_speedup(bad)
