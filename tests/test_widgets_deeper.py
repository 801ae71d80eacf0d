"""The widgets of lesson 17 (nnlib.widgets.deeper), headless: every control changes the picture and
the readouts, the readouts are the right numbers, and the verdicts match the settings."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from nnlib import SGD, Dense, Sequential
from nnlib.analysis.deeper import DecayRuns, deep_stack, settle_step, weight_decay_runs
from nnlib.analysis.descent import LineProblem, line_data
from nnlib.analysis.deeper_stored import OPTIMIZER_RUNS
from nnlib.widgets.deeper import (
    DeepStack,
    OptimizerPaths,
    WeightDecayExplorer,
    augmentation_figure,
    gradient_sizes_figure,
    optimizer_curves_figure,
    shifted_digits_figure,
)


@pytest.fixture(scope="module")
def stack():
    return DeepStack(depth=10, width=50)


def _picture(widget) -> bytes:
    return widget.png()


def test_deep_stack_every_control_changes_picture_and_readouts(stack):
    for name, value in [("depth", 20), ("width", 120), ("activation", "relu"), ("scale", 1.4)]:
        before, text = _picture(stack), dict(stack.readouts)
        stack.update(**{name: value})
        assert stack.error is None, stack.message
        assert _picture(stack) != before, name
        assert stack.readouts != text, name


@pytest.mark.parametrize(
    "settings, verdict",
    [
        ({"activation": "tanh", "scale": 1.0}, "steady"),
        ({"activation": "tanh", "scale": 0.3}, "activations vanish"),
        ({"activation": "linear", "scale": 1.5}, "activations explode"),
        ({"activation": "relu", "scale": 1.0}, "activations vanish"),
        ({"activation": "relu", "scale": 1.4}, "steady"),
        ({"activation": "sigmoid", "scale": 1.0}, "gradients vanish"),
        ({"activation": "tanh", "scale": 3.0}, "saturated"),
    ],
)
def test_deep_stack_verdicts(settings, verdict):
    w = DeepStack(depth=20, width=100, **settings)
    assert w.readouts["verdict"].startswith(verdict), w.readouts


def test_deep_stack_readouts_are_the_stack_numbers():
    w = DeepStack(depth=12, width=60, activation="tanh", scale=3.0, seed=3)
    rng = np.random.default_rng(3)
    X = rng.standard_normal((128, 60))
    s = deep_stack(X, 12, "tanh", 3.0, rng)
    assert w.readouts["activation std, layer 1 → last"] == f"{s.act_std[0]:.2e} → {s.act_std[-1]:.2e}"
    share = np.mean(np.abs(s.activations[-1]) > 0.99)
    assert w.readouts["last layer"].startswith(f"{share:.0%}")
    assert share > 0.2  # scale 3 saturates tanh
    assert w.readouts["weight std"] == f"3.00 / √60 = {3 / np.sqrt(60):.4f}"
    # the histogram columns hold each layer's share of values per bin
    shares = w.image.get_array()
    np.testing.assert_allclose(shares[:, :12].sum(axis=0), 1.0)
    assert not shares[:, 12:].any()
    # each column is np.histogram of that layer over [-1, 1] in 40 bins (values beyond in the ends)
    n = s.activations[0].size
    for layer in (0, 5, 11):
        counts, _ = np.histogram(np.clip(s.activations[layer], -1, 1), bins=np.linspace(-1, 1, 41))
        np.testing.assert_allclose(shares[:, layer] * n, counts, atol=2)


def test_deep_stack_dead_relu_units_counted():
    w = DeepStack(depth=30, width=20, activation="relu", scale=0.5)
    assert "dead" in w.readouts["last layer"]


@pytest.fixture(scope="module")
def valley():
    return line_data(200, rng=np.random.default_rng(0))


def test_optimizer_paths_every_control_changes_picture_and_readouts(valley):
    w = OptimizerPaths(*valley)
    for name, value in [("lr", 0.3), ("adam_lr", 0.5), ("steps", 120)]:
        before, text = _picture(w), dict(w.readouts)
        w.update(**{name: value})
        assert w.error is None, w.message
        assert _picture(w) != before, name
        assert w.readouts != text, name


def test_optimizer_paths_readouts_agree_with_settle_step(valley):
    w = OptimizerPaths(*valley, lr=0.4, adam_lr=0.3, steps=200)
    problem = LineProblem(*valley)
    for name, path in zip(OptimizerPaths.NAMES, w.paths(0.4, 0.3)):
        assert w.readouts[f"{name}: within 1% of lowest"] == f"from step {settle_step(problem, path)} on"


def test_optimizer_paths_diverging_descent_says_so(valley):
    w = OptimizerPaths(*valley, lr=0.5, steps=200)
    w.update(lr=0.5)
    assert w.readouts["gradient descent: loss after 200 steps"] != "diverged"  # 0.5 still converges
    w2 = OptimizerPaths(*valley)
    w2.update(lr=0.5, steps=200)
    assert w2.error is None


def test_optimizer_paths_needs_data():
    with pytest.raises(ValueError, match="data"):
        OptimizerPaths()


@pytest.fixture(scope="module")
def decay_runs() -> DecayRuns:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(80, 6))
    y = (X[:, 0] + 0.8 * rng.normal(size=80) > 0).astype(int)

    def make(l2):
        net = Sequential(
            [Dense(24, "relu", input_shape=[6], l2=l2), Dense(1, "sigmoid", l2=l2)], rng=np.random.default_rng(0)
        )
        net.compile(loss="binary_crossentropy", optimizer=SGD(lr=0.1, momentum=0.9))
        return net

    return weight_decay_runs(make, (X[:40], y[:40]), (X[40:], y[40:]), [0.0, 0.003, 0.03], epochs=30, batch_size=8)


def test_weight_decay_explorer_readouts_are_the_runs(decay_runs):
    w = WeightDecayExplorer(decay_runs)
    assert w.values["l2"] == 0.003
    for run in decay_runs.runs:
        w.update(l2=run.l2)
        assert w.error is None
        assert w.readouts["sum of W² after training"] == f"{run.weight_size[-1]:.1f}"
        assert w.readouts["validation accuracy"] == f"{run.history['val_accuracy'][-1]:.3f}"
        np.testing.assert_allclose(w.val_line.get_ydata(), run.history["val_loss"])
    assert decay_runs.runs[-1].weight_size[-1] < decay_runs.runs[0].weight_size[-1]


def test_weight_decay_explorer_changes_picture(decay_runs):
    w = WeightDecayExplorer(decay_runs, l2=0.0)
    before = _picture(w)
    w.update(l2=0.03)
    assert _picture(w) != before


def test_weight_decay_explorer_refuses_empty_runs():
    with pytest.raises(ValueError, match="no runs"):
        WeightDecayExplorer(DecayRuns(strengths=[]))


def test_static_figures_draw():
    sizes = {"a": np.abs(np.random.default_rng(0).normal(size=(4, 3))) + 0.1}
    for fig in [
        gradient_sizes_figure(sizes),
        optimizer_curves_figure(OPTIMIZER_RUNS),
        shifted_digits_figure(np.random.default_rng(0).random(784), [(0, 0), (2, -1)]),
        augmentation_figure({"x": {"accuracy": [0.5, 0.9], "val_accuracy": [0.4, 0.8]}}),
    ]:
        fig.canvas.draw()


def test_stored_runs_are_complete():
    for name, h in OPTIMIZER_RUNS.items():
        assert set(h) == {"loss", "accuracy", "val_loss", "val_accuracy"}, name
        assert len({len(v) for v in h.values()}) == 1
        assert all(0 <= a <= 1 for a in h["val_accuracy"])
