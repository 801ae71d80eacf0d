"""Lesson 09's widgets (nnlib.widgets.descent), driven headless under Agg.

For every widget: update() and the buttons change the artists and the readouts, and the readouts
are the right numbers for a known setting. The fast gradient-descent helpers behind the widgets
are checked against plain numpy and against nnlib's SGD.
"""

import numpy as np
import pytest

from nnlib import SGD, Dense, Sequential
from nnlib.widgets import LiveWidget
from nnlib.widgets import descent
from nnlib.analysis.descent import (
    LineProblem,
    descend_2d,
    descend_momentum_2d,
    line_data,
)
from nnlib.widgets.descent import (
    BENCH_CASES,
    MomentumDescent,
    OneWeightDescent,
    SGDPaths,
    TwoValleys,
    TwoWeightDescent,
)


@pytest.fixture(scope="module")
def data():
    return line_data(200, rng=np.random.default_rng(0))


def numpy_loss(x, y, w, b=0.0):
    return np.mean((w * x + b - y) ** 2)


def line_xy(line):
    x, y = line.get_data()
    return np.asarray(x, dtype=float).copy(), np.asarray(y, dtype=float).copy()


# ---------------------------------------------------------------------------------------------
# the problem and the fast descent helpers


# ---------------------------------------------------------------------------------------------
# OneWeightDescent


def test_one_weight_known_readouts(data, close_after):
    x, y = data
    w = OneWeightDescent(x, y, lr=0.1, w0=-1.5)
    close_after(w)
    assert isinstance(w, LiveWidget)
    slope = np.mean(2 * (-1.5 * x - y) * x)
    r = w.readouts
    assert r["start"] == f"w = -1.50, loss {numpy_loss(x, y, -1.5):.3f}"
    assert r["step"] == "0"
    assert r["weight w"] == "-1.500"
    assert r["loss L(w)"] == f"{numpy_loss(x, y, -1.5):.4f}"
    assert r["slope dL/dw"] == f"{slope:+.3f}"
    assert r["so"] == "increase w (slope < 0)"
    assert r["next step −lr·slope"] == f"{-0.1 * slope:+.3f}"
    assert r["verdict"] == "not started: press step"
    assert "controls: lr = 0.1, w0 = -1.5" in w.readout_text()


def test_one_weight_buttons_step_run_reset(data, close_after):
    x, y = data
    w = OneWeightDescent(x, y, lr=0.1, w0=-1.5)
    close_after(w)
    before = line_xy(w.path_line)
    assert len(before[0]) == 1
    w.step_button.click()  # the button's own click handler
    after = line_xy(w.path_line)
    assert len(after[0]) == 2
    w1 = -1.5 - 0.1 * np.mean(2 * (-1.5 * x - y) * x)
    assert np.allclose(after[0], [-1.5, w1])
    assert np.allclose(line_xy(w.dot)[0], [w1])
    assert w.readouts["step"] == "1"
    assert w.readouts["weight w"] == f"{w1:+.3f}"
    assert w.readouts["last step size |Δw|"] == f"{abs(w1 + 1.5):.4f}"
    assert w.readouts["verdict"] == "going downhill"
    w.run_button.click()
    assert w.readouts["step"] == str(1 + descent.RUN_STEPS)
    assert len(line_xy(w.step_line)[0]) == 2 + descent.RUN_STEPS
    assert w.ax_steps.get_xlim()[1] >= 1 + descent.RUN_STEPS
    w.reset_button.click()
    assert w.readouts["step"] == "0"
    assert len(line_xy(w.path_line)[0]) == 1
    # the buttons sit in the widget's view, between the sliders and the picture
    assert w.step_button in w.view.children[1].children


def test_one_weight_sliders_change_artists_and_readouts(data, close_after):
    x, y = data
    w = OneWeightDescent(x, y, lr=0.1, w0=-1.5)
    close_after(w)
    arrow_before = np.array(w.arrow.get_path().vertices).copy()
    text_before = dict(w.readouts)
    w.update(lr=0.3)  # at step 0 the learning rate changes the next-step arrow
    assert not np.allclose(np.array(w.arrow.get_path().vertices), arrow_before)
    assert w.readouts["next step −lr·slope"] != text_before["next step −lr·slope"]
    w.update(w0=3.0)
    assert np.allclose(line_xy(w.dot)[0], [3.0])
    assert w.readouts["so"] == "decrease w (slope > 0)"
    w.take_steps(5)
    path_before = line_xy(w.path_line)
    w.update(lr=0.2)  # after some steps the learning rate replays them
    assert not np.allclose(line_xy(w.path_line)[0], path_before[0])
    assert w.readouts["step"] == "5"


@pytest.mark.parametrize(
    "lr, verdict",
    [
        (1.05, "diverged: off the chart, the loss keeps going up"),
        (0.8, "overshooting: zig-zag across the bottom"),
        (0.3, "going downhill"),
        (0.5, "at the bottom: slope ≈ 0"),
    ],
)
def test_one_weight_verdicts(data, close_after, lr, verdict):
    w = OneWeightDescent(*data, lr=lr, w0=-1.5, steps=8)
    close_after(w)
    assert w.readouts["verdict"] == verdict


def test_one_weight_divergence_is_announced(data, close_after):
    w = OneWeightDescent(*data, lr=1.05, w0=-1.5, steps=12)
    close_after(w)
    assert w.off_chart.get_text().startswith("the point is off the chart")
    assert w.ax_steps.get_ylim()[1] > 50  # the exploding loss stays on screen


def test_one_weight_decay_slider(data, close_after):
    x, y = data
    w = OneWeightDescent(x, y, lr=0.95, w0=-1.5, steps=20, lr_decay=1.0)
    close_after(w)
    assert set(w.controls) == {"lr", "w0", "lr_decay"}
    assert w.readouts["verdict"] == "overshooting: zig-zag across the bottom"
    before = line_xy(w.path_line)
    w.update(lr_decay=0.9)
    assert not np.allclose(line_xy(w.path_line)[0], before[0])
    assert w.readouts["lr now"] == f"{0.95 * 0.9**20:.4f}"
    assert w.readouts["verdict"] == "at the bottom: slope ≈ 0"
    w.update(lr=0.1, lr_decay=0.7)
    assert w.readouts["verdict"] == "stalled: lr has decayed to ≈ 0"


def test_one_weight_needs_data():
    with pytest.raises(ValueError, match="give the data"):
        OneWeightDescent()


# ---------------------------------------------------------------------------------------------
# TwoValleys


def test_two_valleys_start_decides_the_valley(close_after):
    w = TwoValleys(lr=0.1, w0=1.0, steps=60)
    close_after(w)
    assert w.readouts["ends in"].startswith("right valley, a local minimum")
    before = line_xy(w.path_line)
    w.update(w0=-0.5)
    assert w.readouts["ends in"].startswith("left valley, the global minimum")
    assert not np.allclose(line_xy(w.path_line)[0][:5], before[0][:5])
    w.update(w0=3.0, lr=0.7)  # one long step over the hump
    assert w.readouts["ends in"].startswith("left valley")
    w.update(lr=0.9)  # too long for the left valley: bounces for ever
    assert w.readouts["ends in"] == "not settled yet: still moving"
    w.reset_button.click()
    assert w.readouts["ends in"] == "not started: press step"


# ---------------------------------------------------------------------------------------------
# TwoWeightDescent


def test_two_weights_known_readouts_and_arrows(data, close_after):
    x, y = data
    w = TwoWeightDescent(x, y, lr=0.1)
    close_after(w)
    e = 0.5 * x + 2.8 - y
    gw, gb = np.mean(2 * e * x), np.mean(2 * e)
    r = w.readouts
    assert r["step"] == "0"
    assert r["loss L(w, b)"] == f"{numpy_loss(x, y, 0.5, 2.8):.4f}"
    assert r["∂L/∂w"] == f"{gw:+.3f}: w should fall"
    assert r["∂L/∂b"] == f"{gb:+.3f}: b should fall"
    assert r["|∇L| (steepness)"] == f"{np.hypot(gw, gb):.3f}"
    assert r["next step −lr·∇L"] == f"({-0.1 * gw:+.3f}, {-0.1 * gb:+.3f})"
    assert np.allclose([bar.get_height() for bar in w.bars], [gw, gb])
    # the step arrow goes from (w, b) to (w, b) - lr * gradient
    assert np.allclose(w.arrow._posA_posB, [(0.5, 2.8), (0.5 - 0.1 * gw, 2.8 - 0.1 * gb)])
    assert np.allclose(w.arrow_w._posA_posB, [(0.5, 2.8), (0.5 - 0.1 * gw, 2.8)])
    assert np.allclose(w.arrow_b._posA_posB, [(0.5, 2.8), (0.5, 2.8 - 0.1 * gb)])
    # the downhill line points along -gradient
    dx, dy = np.diff(np.array(line_xy(w.direction)), axis=1).ravel()
    assert np.isclose(np.arctan2(dy, dx), np.arctan2(-gb, -gw))


def test_two_weights_step_matches_nnlib_and_buttons_work(data, close_after):
    x, y = data
    w = TwoWeightDescent(x, y, lr=0.1)
    close_after(w)
    w.step_button.click()
    assert w.readouts["step"] == "1"
    assert w.readouts["w, b"] == "+0.186, +2.272"  # nnlib's SGD gives 0.185961, 2.271807
    px, py = line_xy(w.path_line)
    assert np.allclose(px, [0.5, 0.185961], atol=1e-6) and np.allclose(py, [2.8, 2.271807], atol=1e-6)
    w.run_button.click()
    assert len(line_xy(w.path_line)[0]) == 2 + descent.RUN_STEPS
    bars_before = [bar.get_height() for bar in w.bars]
    w.update(lr=0.45)
    assert [bar.get_height() for bar in w.bars] != bars_before
    assert w.readouts["step"] == str(1 + descent.RUN_STEPS)
    w.update(lr=0.65)
    assert w.readouts["verdict"] == "diverged: off the map, the loss keeps going up"
    w.reset_button.click()
    assert w.readouts["verdict"] == "not started: press step"
    assert len(line_xy(w.path_line)[0]) == 1


# ---------------------------------------------------------------------------------------------
# SGDPaths


def test_sgd_paths_known_readouts_match_nnlib(data, close_after):
    x, y = data
    w = SGDPaths(x, y, batch_size=10, lr=0.05, epochs=3, seed=1)
    close_after(w)
    model = Sequential([Dense(1, input_shape=[1])])
    model.set_weights([np.array([[0.5]]), np.array([2.8])])
    model.compile(loss="mse", optimizer=SGD(lr=0.05))
    history = model.fit(
        x[:, None], y[:, None], epochs=3, batch_size=10, rng=np.random.default_rng(1), evaluate_train=True
    )
    r = w.readouts
    assert r["updates per epoch"] == "20 (full batch: 1)"
    assert r["updates in all"] == "60 (full batch: 3)"
    assert r["per-sample gradients"] == "600 (full batch: 600)"
    assert r["final loss, mini-batch"] == f"{history.history['loss'][-1]:.4f}"
    mx, my = line_xy(w.mini_line)
    W, b = model.get_weights()
    assert np.allclose([mx[-1], my[-1]], [W[0, 0], b[0]])
    assert len(mx) == 61 and len(line_xy(w.full_line)[0]) == 4


@pytest.mark.parametrize("change", [{"batch_size": 1}, {"lr": 0.2}, {"epochs": 5}, {"seed": 3}])
def test_sgd_paths_every_control_changes_the_path_and_readouts(data, close_after, change):
    w = SGDPaths(*data, batch_size=10, lr=0.05, epochs=3, seed=1)
    close_after(w)
    before_path, before_text = line_xy(w.mini_line), dict(w.readouts)
    w.update(**change)
    after_path = line_xy(w.mini_line)
    assert after_path[0].shape != before_path[0].shape or not np.allclose(after_path[0], before_path[0])
    assert w.readouts != before_text


def test_sgd_paths_offers_mini_batches_only(data, close_after):
    w = SGDPaths(*data, batch_size=100, lr=0.05, epochs=4, seed=0)
    close_after(w)
    assert max(w.controls["batch_size"].options) < len(data[0])
    assert w.readouts["updates per epoch"] == "2 (full batch: 1)"
    assert len(line_xy(w.full_line)[0]) == 5  # one update per epoch, plus the start
    before = line_xy(w.mini_line)
    w.update(seed=1)  # even the largest mini-batch depends on the shuffle
    assert not np.allclose(line_xy(w.mini_line)[0], before[0])


# ---------------------------------------------------------------------------------------------
# the baked backdrop: every frame draws only the moving artists over a picture of the rest


def canvas_pixels(widget):
    widget.fig.canvas.draw()
    return np.asarray(widget.fig.canvas.buffer_rgba()).copy()


@pytest.mark.parametrize("case", BENCH_CASES, ids=[name for name, _, _ in BENCH_CASES])
def test_baked_canvas_changes_when_a_control_moves(case):
    name, make, change = case
    widget = make()
    try:
        assert widget.backdrop is not None, f"{name}: no baked backdrop"
        before = canvas_pixels(widget)
        widget.update(**change)
        assert not np.array_equal(canvas_pixels(widget), before), name
    finally:
        widget.close()


def test_baked_canvas_changes_when_the_step_button_is_clicked(data):
    for widget in (OneWeightDescent(*data), TwoWeightDescent(*data)):
        before = canvas_pixels(widget)
        widget.step_button.click()
        assert not np.array_equal(canvas_pixels(widget), before)
        widget.close()


# ---------------------------------------------------------------------------------------------
# benchmark cases


# ---------------------------------------------------------------------------------------------
# momentum: descend_momentum_2d and MomentumDescent


def test_momentum_widget_default_readouts(data, close_after):
    x, y = data
    w = MomentumDescent(x, y)
    close_after(w)
    assert w.values == {"lr": 0.05, "momentum": 0.9, "steps": 30}
    problem = LineProblem(x, y)
    lowest = numpy_loss(x, y, *problem.best())
    plain = descend_2d(problem, descent.START, 0.05, 30)[-1]
    heavy = descend_momentum_2d(problem, descent.START, 0.05, 0.9, 30)[-1]
    # the dots are the ends of the two paths
    assert np.allclose(np.ravel(w.plain_dot.get_data()), plain)
    assert np.allclose(np.ravel(w.heavy_dot.get_data()), heavy)
    r = w.readouts
    assert (
        r["loss after the steps, no momentum"] == f"{numpy_loss(x, y, *plain) / lowest:.2f} × lowest" == "5.89 × lowest"
    )
    assert r["loss after the steps, momentum"] == f"{numpy_loss(x, y, *heavy) / lowest:.2f} × lowest" == "2.35 × lowest"
    assert r["within 1% of lowest, no momentum"] == "not within 100 steps"
    assert r["within 1% of lowest, momentum"] == "from step 75 on"
    assert r["step on a steady slope"] == "lr·g / (1 − momentum) = 10 × the plain step lr·g"
    # after 30 steps the ball with momentum is much closer to the minimum than plain descent
    best = np.array(problem.best())
    assert np.hypot(*(heavy - best)) < 0.4 * np.hypot(*(plain - best))
    assert w.heavy_label.get_text() == "momentum 0.9"
    assert len(line_xy(w.heavy_line)[0]) == len(line_xy(w.plain_curve)[0]) == 31


@pytest.mark.parametrize("change", [{"lr": 0.1}, {"momentum": 0.5}, {"steps": 60}])
def test_momentum_widget_every_control_changes_readouts_and_pixels(data, close_after, change):
    w = MomentumDescent(*data)
    close_after(w)
    assert w.backdrop is not None
    readouts, pixels = dict(w.readouts), canvas_pixels(w)
    heavy = line_xy(w.heavy_line)
    w.update(**change)
    assert w.readouts != readouts
    assert not np.array_equal(canvas_pixels(w), pixels)
    assert not np.array_equal(line_xy(w.heavy_line)[0], heavy[0])
    if "momentum" in change:
        assert w.heavy_label.get_text() == "momentum 0.5"
        assert w.readouts["step on a steady slope"] == "lr·g / (1 − momentum) = 2 × the plain step lr·g"
    if "steps" in change:
        assert len(line_xy(w.plain_line)[0]) == 61


def test_momentum_widget_survives_divergence(data, close_after):
    x, y = data
    # 3 x: nine times the curvature along w, so lr 0.5 throws both paths out
    w = MomentumDescent(3 * x, y, lr=0.5, momentum=0.3, steps=20)
    close_after(w)
    for label, value in w.readouts.items():
        if label != "step on a steady slope":
            assert value == "diverged", label
    for line in (w.plain_line, w.heavy_line, w.plain_curve, w.heavy_curve):
        assert np.all(np.isfinite(line_xy(line)[1]))
    canvas_pixels(w)  # draws without error
    w.update(lr=0.01)
    assert w.readouts["loss after the steps, no momentum"].endswith("× lowest")


def test_momentum_widget_needs_noisy_data():
    with pytest.raises(ValueError, match="give the data"):
        MomentumDescent()
    x = np.linspace(-1.0, 2.0, 20)
    with pytest.raises(ValueError, match="exactly on a line"):
        MomentumDescent(x, 2 * x - 1)
