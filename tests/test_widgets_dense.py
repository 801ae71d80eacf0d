"""The widgets and pictures of lesson 05 (nnlib.widgets.dense), driven headless under Agg."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnlib import Dense, Sequential
from nnlib.analysis.dense import (
    train_stack_fits,
)
from nnlib.widgets.dense import (
    DigitFlow,
    StackFit,
    WiderDeeper,
    dense_layer_figure,
    matmul_figure,
)


def _digit_model(seed: int) -> Sequential:
    return Sequential(
        [
            Dense(16, activation="sigmoid", input_shape=[784]),
            Dense(16, activation="sigmoid"),
            Dense(10, activation="softmax"),
        ],
        rng=np.random.default_rng(seed),
    )


@pytest.fixture(scope="module")
def digits():
    rng = np.random.default_rng(0)
    images = rng.random((30, 784)) * (rng.random((30, 784)) < 0.25)
    labels = rng.integers(0, 10, 30)
    return images, labels


@pytest.fixture
def flow(digits):
    images, labels = digits
    # a network that always answers 3: output bias for digit 3 far above the others
    sure = _digit_model(1)
    sure.layers[-1].W = np.zeros((16, 10))
    b = np.zeros(10)
    b[3] = 10.0
    sure.layers[-1].b = b
    w = DigitFlow({"random": _digit_model(0), "always 3": sure}, images, labels)
    yield w
    w.close()


def test_digit_flow_update_recolours_units_and_changes_readouts(flow, digits):
    images, labels = digits
    colours = flow.diagram.units.get_array().copy()
    picture = flow.diagram.image.get_array().copy()
    readouts = dict(flow.readouts)
    flow.update(digit=5)
    assert not np.allclose(flow.diagram.units.get_array(), colours)
    assert not np.allclose(flow.diagram.image.get_array(), picture)
    np.testing.assert_allclose(flow.diagram.image.get_array(), images[5].reshape(28, 28))
    assert flow.readouts != readouts
    assert flow.readouts["label"] == str(labels[5])


def test_digit_flow_readouts_match_the_model(flow, digits):
    images, labels = digits
    model = flow.models["random"]
    for index in (0, 7, 29):
        flow.update(digit=index, weights="random")
        probs = model.predict(images[index : index + 1])[0]
        predicted = int(np.argmax(probs))
        verdict = "right" if predicted == labels[index] else "wrong"
        assert flow.readouts["prediction"] == f"{predicted} ({verdict})"
        top = np.argsort(-probs, kind="stable")[:3]
        for rank, k in zip(("most likely", "2nd", "3rd"), top):
            assert flow.readouts[rank] == f"{k} ({100 * probs[k]:.1f}%)"
        hidden = model.layers[0].predict(images[index : index + 1])[0]
        assert flow.readouts["hidden 1: units > 0.5"] == f"{int(np.sum(hidden > 0.5))} of 16"
        # bars: one per output unit, length proportional to its probability
        widths = np.array([bar.get_width() for bar in flow.bars])
        np.testing.assert_allclose(widths / widths.sum(), probs, atol=1e-12)
    accuracy = np.mean(model.predict(images).argmax(axis=1) == labels)
    assert flow.readouts["accuracy"] == f"{100 * accuracy:.1f}%"
    # the hidden readouts follow the chosen network
    for name, net in flow.models.items():
        flow.update(digit=11, weights=name)
        A1 = net.layers[0].predict(images[11:12])[0]
        A2 = net.layers[1].predict(A1[None, :])[0]
        assert flow.readouts["hidden 1: units > 0.5"] == f"{int(np.sum(A1 > 0.5))} of 16"
        assert flow.readouts["hidden 2: units > 0.5"] == f"{int(np.sum(A2 > 0.5))} of 16"


def test_digit_flow_weights_control_switches_networks(flow, digits):
    images, labels = digits
    flow.update(digit=2, weights="random")
    colours = flow.diagram.units.get_array().copy()
    flow.update(weights="always 3")
    assert not np.allclose(flow.diagram.units.get_array(), colours)
    assert flow.readouts["prediction"].startswith("3 (")
    assert flow.readouts["most likely"] == "3 (100.0%)"
    assert flow.readouts["accuracy"] == f"{100 * np.mean(labels == 3):.1f}%"
    assert flow.bars[3].get_width() > 0.99 * flow._bar_len


def test_digit_flow_rejects_mismatched_inputs(digits):
    images, labels = digits
    with pytest.raises(ValueError, match="labels"):
        DigitFlow({"m": _digit_model(0)}, images, labels[:5])
    small = Sequential([Dense(4, input_shape=[9]), Dense(10, activation="softmax")])
    with pytest.raises(ValueError, match="layer sizes"):
        DigitFlow({"a": _digit_model(0), "b": small}, images, labels)
    with pytest.raises(ValueError, match="not one of"):
        DigitFlow({"m": _digit_model(0)}, images, labels, weights="other")


@pytest.fixture(scope="module")
def curve_fits():
    x = np.linspace(-2.0, 2.0, 21).reshape(-1, 1)
    y = np.sin(2 * x)
    fits = train_stack_fits(
        x, y, activations=("linear", "tanh"), depths=(1, 2), epochs=150, starts=1, rng=np.random.default_rng(0)
    )
    return x, y, fits


@pytest.fixture
def stack(curve_fits):
    x, y, fits = curve_fits
    w = StackFit(fits, x, y)
    yield w
    w.close()


def test_stack_fit_controls_change_the_curves_and_readouts(stack, curve_fits):
    x, y, fits = curve_fits
    assert stack.values == {"activation": "linear", "depth": 1}
    fit_before = stack.fit_line.get_ydata().copy()
    parts_before = stack.part_lines[0].get_ydata().copy()
    readouts = dict(stack.readouts)
    stack.update(activation="tanh")
    assert not np.allclose(stack.fit_line.get_ydata(), fit_before)
    assert not np.allclose(stack.part_lines[0].get_ydata(), parts_before)
    assert stack.readouts["mean squared error"] != readouts["mean squared error"]
    title = stack.headline.get_text()
    stack.update(depth=2)
    assert stack.headline.get_text() != title
    assert stack.readouts["network"] == "1-8-8-1" and stack.readouts["parameters"] == "97"


def test_stack_fit_readouts_are_the_networks_numbers(stack, curve_fits):
    x, y, fits = curve_fits
    for (activation, depth), model in fits.items():
        stack.update(activation=activation, depth=depth)
        np.testing.assert_allclose(stack.fit_line.get_ydata(), model.predict(stack.grid)[:, 0], atol=1e-12)
        # the parts add up to the fit (plus the output bias)
        parts = np.array([line.get_ydata() for line in stack.part_lines]).sum(axis=0)
        np.testing.assert_allclose(parts + model.layers[-1].b[0], stack.fit_line.get_ydata(), atol=1e-12)
        mse = np.mean((model.predict(x) - y) ** 2)
        assert stack.readouts["mean squared error"] == f"{mse:.4f}"
    line = np.polyfit(x[:, 0], y[:, 0], 1)
    best = np.mean((np.polyval(line, x[:, 0]) - y[:, 0]) ** 2)
    assert stack.readouts["best straight line"] == f"{best:.4f}"


def test_linear_stacks_fit_a_straight_line(stack, curve_fits):
    x, y, fits = curve_fits
    best = float(stack.readouts["best straight line"])
    for depth in (1, 2):
        stack.update(activation="linear", depth=depth)
        fit = stack.fit_line.get_ydata()
        assert np.allclose(np.diff(fit, 2), 0.0, atol=1e-9), "a linear stack bends"
        assert float(stack.readouts["mean squared error"]) >= best - 1e-4


def test_stack_fit_needs_every_combination(curve_fits):
    x, y, fits = curve_fits
    partial = {k: v for k, v in fits.items() if k != ("tanh", 2)}
    with pytest.raises(ValueError, match="missing"):
        StackFit(partial, x, y)


def test_wider_deeper_readouts_for_a_known_setting():
    w = WiderDeeper()
    assert w.readouts["hidden layers"] == "2 × 16 units"
    assert w.readouts["parameters"] == "13,002"
    assert w.readouts["in layer 1"] == f"{100 * 12560 / 13002:.1f}%"
    assert w.readouts["vs ours"] == "1.00 ×"
    heights = [bar.get_height() for bar in w.bars]
    assert heights == [12_560, 272, 170, 0.0, 0.0]
    w.close()


def test_wider_deeper_sliders_change_bars_marker_and_readouts():
    w = WiderDeeper()
    heights = [bar.get_height() for bar in w.bars]
    marker = np.array(w.marker.get_data(), dtype=float).copy()
    w.update(width=32)
    assert [bar.get_height() for bar in w.bars] != heights
    assert not np.allclose(np.array(w.marker.get_data(), dtype=float), marker)
    assert w.readouts["parameters"] == f"{784 * 32 + 32 + 32 * 32 + 32 + 32 * 10 + 10:,}"
    names = [t.get_text() for t in w.bar_names]
    w.update(depth=3)
    assert [t.get_text() for t in w.bar_names] != names
    assert w.readouts["hidden layers"] == "3 × 32 units"
    assert w.readouts["vs ours"] == f"{(784 * 32 + 32 + 2 * (32 * 32 + 32) + 330) / 13002:.2f} ×"
    assert [t.get_text() for t in w.bar_names] == ["784→32", "32→32", "32→32", "32→10", ""]
    assert w.bars[3].get_height() == 32 * 10 + 10
    w.close()


def test_static_figures_draw():
    fig = dense_layer_figure(3, 4)
    assert "12 weights + 4 biases" in fig.axes[0].get_title()
    plt.close(fig)
    X = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 1.0]])
    W = np.array([[0.5, -1.0], [1.0, 0.5], [0.25, 1.0]])
    b = np.array([0.1, -0.5])
    fig = matmul_figure(X, W, b, X @ W + b)
    assert fig._suptitle.get_text().endswith("= 1.1")
    plt.close(fig)
    with pytest.raises(ValueError, match="shapes"):
        matmul_figure(X, W.T, b, X @ W + b)
