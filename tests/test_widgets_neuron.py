"""The widgets and pictures of lesson 01 (nnlib.widgets.neuron), driven headless under Agg."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnlib.activations import ACTIVATIONS
from nnlib.widgets import new_figure
from nnlib.widgets.neuron import (
    ACTIVATION_NAMES,
    CORNERS,
    ActivationExplorer,
    NeuronPlane,
    StepVsSigmoidLoss,
    draw_neuron,
)

X_DATA = np.array([-2.0, -1.0, -0.5, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0])
Y_DATA = (X_DATA >= 1.0).astype(float)


@pytest.fixture
def plane():
    w = NeuronPlane()
    yield w
    w.close()


@pytest.fixture
def explorer():
    w = ActivationExplorer()
    yield w
    w.close()


@pytest.fixture
def loss_widget():
    w = StepVsSigmoidLoss(X_DATA, Y_DATA, b=-1.0, w=0.2)
    yield w
    w.close()


def _changes_every_control(widget, new_values):
    """Each control, moved alone, changes the picture (PNG pixels) and at least one readout."""
    assert set(new_values) == set(widget.controls), "give a new value for every control"
    for name, value in new_values.items():
        before_png, before_readouts = widget.png(), dict(widget.readouts)
        widget.update(**{name: value})
        assert widget.png() != before_png, f"moving {name} did not change the picture"
        assert widget.readouts != before_readouts, f"moving {name} did not change a readout"


# ---------------------------------------------------------------------------------------------
# the decision line


# ---------------------------------------------------------------------------------------------
# NeuronPlane


def test_plane_starts_as_the_worked_example(plane):
    r = plane.readouts
    assert r["z"] == "0.8·x1 - 0.4·x2 + 0.1"
    assert r["line z = 0"] == "x2 = 2.0·x1 + 0.25"
    assert r["fires when"] == "0.8·x1 - 0.4·x2 > -0.1"
    assert r["z at ✕"] == "+0.700"
    assert r["a = f(z) at ✕"] == f"{1 / (1 + np.exp(-0.7)):.3f}" == "0.668"
    assert r["a at (1, 0)"] == "0.711 (z = +0.90)"


def test_plane_and_gate_readouts_and_artists(plane):
    image, line, dots = plane.surface.image, plane.line, plane.curve_corners
    plane.update(w1=1.0, w2=1.0, b=-1.5, activation="step", x1=1.0, x2=1.0)
    assert plane.surface.image is image and plane.line is line and plane.curve_corners is dots
    r = plane.readouts
    assert r["line z = 0"] == "x2 = -1.0·x1 + 1.5"
    assert r["fires when"] == "1.0·x1 + 1.0·x2 > 1.5"
    assert r["a at (0, 0)"] == "0.000 (z = -1.50)"
    assert r["a at (0, 1)"] == "0.000 (z = -0.50)"
    assert r["a at (1, 0)"] == "0.000 (z = -0.50)"
    assert r["a at (1, 1)"] == "1.000 (z = +0.50)"
    assert r["z at ✕"] == "+0.500" and r["a = f(z) at ✕"] == "1.000"
    # the heat map is the neuron over the grid, the line lies on z = 0
    expected = ACTIVATIONS["step"](plane.points @ np.array([1.0, 1.0]) - 1.5)
    np.testing.assert_array_equal(np.asarray(image.get_array()).ravel(), expected)
    xs, ys = line.get_data()
    np.testing.assert_allclose(np.asarray(xs) + np.asarray(ys) - 1.5, 0.0, atol=1e-12)
    # the corners sit on the activation curve at their z
    zc, ac = dots.get_data()
    np.testing.assert_allclose(zc, CORNERS @ np.array([1.0, 1.0]) - 1.5)
    np.testing.assert_allclose(ac, [0.0, 0.0, 0.0, 1.0])
    assert plane.corner_labels[3].get_text() == "1.00"


def test_plane_arrow_points_to_the_side_that_fires(plane):
    plane.update(w1=-1.0, w2=2.0, b=0.3)
    start, end = (np.asarray(p) for p in plane.arrow._posA_posB)
    direction = end - start
    np.testing.assert_allclose(direction / np.linalg.norm(direction), np.array([-1.0, 2.0]) / np.sqrt(5.0), atol=1e-12)
    assert start @ np.array([-1.0, 2.0]) + 0.3 == pytest.approx(0.0, abs=1e-12)  # on the line


def test_plane_without_a_line(plane):
    plane.update(w1=0.0, w2=0.0, b=0.5)
    assert plane.readouts["line z = 0"] == "none (w1 = w2 = 0)"
    assert len(plane.line.get_xdata()) == 0 and not plane.arrow.get_visible()
    plane.update(w1=0.0, w2=1.0, b=-0.5)  # a horizontal line: x2 = 0.5
    assert plane.readouts["line z = 0"] == "x2 = 0.0·x1 + 0.5"
    plane.update(w1=2.0, w2=0.0, b=-1.0)
    assert plane.readouts["line z = 0"] == "x1 = 0.5"
    assert plane.arrow.get_visible()


def test_plane_activation_switches_colours_curve_and_range(plane):
    for name in ACTIVATION_NAMES:
        plane.update(activation=name)
        np.testing.assert_allclose(plane.curve.get_ydata(), ACTIVATIONS[name](plane.z_curve))
        assert name in plane.ax_f.get_title()
    plane.update(activation="tanh")
    assert plane.surface.image.get_cmap().name == "RdBu_r"
    assert plane.surface.image.get_clim() == (-1.0, 1.0)
    plane.update(activation="relu")
    assert plane.surface.image.get_cmap().name == "viridis"
    assert "stop at 3" in plane.ax.get_title()


def test_plane_every_control_changes_picture_and_readouts(plane):
    _changes_every_control(plane, {"w1": 1.5, "w2": 0.7, "b": -0.9, "activation": "tanh", "x1": 0.25, "x2": 1.25})


def test_plane_rejects_an_unknown_activation():
    with pytest.raises(ValueError, match="softmax"):
        NeuronPlane(activation="softmax")


def test_plane_layout_is_frozen_after_construction(plane):
    assert type(plane.fig.get_layout_engine()).__name__ == "PlaceHolderLayoutEngine"


# ---------------------------------------------------------------------------------------------
# ActivationExplorer


def test_explorer_readouts_at_one(explorer):
    r = explorer.readouts
    assert r["z"] == "+1.00"
    assert r["sigmoid"] == "f = 0.731, f' = 0.197"
    assert r["step"] == "f = 1.000, f' = 0.000"
    assert r["ReLU"] == "f = 1.000, f' = 1.000"
    assert r["tanh"] == "f = 0.762, f' = 0.420"
    assert r["linear"] == "f = 1.000, f' = 1.000"


def test_explorer_at_zero_says_where_there_is_no_slope(explorer):
    explorer.update(z=0.0)
    r = explorer.readouts
    assert r["step"] == "f = 0.000, f' = none (jump)"
    assert r["ReLU"] == "f = 0.000, f' = none (kink)"
    assert r["sigmoid"] == "f = 0.500, f' = 0.250"
    k = explorer.names.index("step")
    assert np.isnan(explorer.d_dots[k].get_ydata()[0])  # no dot where there is no slope


def test_explorer_dots_follow_the_slider(explorer):
    explorer.update(z=-2.5)
    for k, name in enumerate(explorer.names):
        act = ACTIVATIONS[name]
        assert explorer.f_dots[k].get_xdata()[0] == -2.5
        assert explorer.f_dots[k].get_ydata()[0] == pytest.approx(act(np.array([-2.5]))[0])
        assert explorer.d_dots[k].get_ydata()[0] == pytest.approx(act.derivative(np.array([-2.5]))[0])
        assert list(explorer.f_vlines[k].get_xdata()) == [-2.5, -2.5]
    assert explorer.readouts["ReLU"] == "f = 0.000, f' = 0.000"


def test_explorer_every_control_changes_picture_and_readouts(explorer):
    _changes_every_control(explorer, {"z": -1.7})


def test_explorer_subset_and_bad_names():
    w = ActivationExplorer(z=0.5, names=("sigmoid", "relu"))
    assert set(w.readouts) == {"z", "sigmoid", "ReLU"} and len(w.fig.axes) == 4
    w.close()
    with pytest.raises(ValueError, match="unknown"):
        ActivationExplorer(names=("swish",))


# ---------------------------------------------------------------------------------------------
# StepVsSigmoidLoss


def test_loss_widget_known_readouts(loss_widget):
    r = loss_widget.readouts
    assert r["step: loss"] == "0.444"  # 4 of the 9 samples wrong
    assert r["step: slope dL/dw"] == "0 (flat stair)"
    assert r["step: the slope says"] == "nothing"
    assert r["sigmoid: slope dL/dw"] == "-0.262"
    assert r["sigmoid: the slope says"] == "increase w"


def test_step_loss_is_the_fraction_wrong_and_flat(loss_widget):
    for w in (-2.5, 0.2, 1.5, 3.0):
        z = w * X_DATA - 1.0
        wrong = np.mean((z > 0) != (Y_DATA == 1))
        loss, slope = loss_widget.loss_and_slope("step", w)
        assert loss == pytest.approx(wrong) and slope == 0.0
    assert loss_widget.loss_and_slope("step", 1.5)[0] == 0.0  # perfect weights exist


def test_step_slope_does_not_exist_at_a_jump(loss_widget):
    loss_widget.update(w=2.0)  # 2.0 * 0.5 - 1 = 0: a sample sits on the jump
    assert loss_widget.readouts["step: slope dL/dw"] == "none (a jump)"
    assert len(loss_widget.tangents["step"].get_xdata()) == 0


def test_sigmoid_slope_matches_a_central_difference(loss_widget):
    h = 1e-6
    for w in (-1.0, 0.2, 1.3, 3.7):
        numerical = (
            loss_widget.loss_and_slope("sigmoid", w + h)[0] - loss_widget.loss_and_slope("sigmoid", w - h)[0]
        ) / (2 * h)
        assert loss_widget.loss_and_slope("sigmoid", w)[1] == pytest.approx(numerical, rel=1e-6)


def test_loss_widget_tangent_and_dot_move(loss_widget):
    loss_widget.update(w=-1.2)
    loss, slope = loss_widget.loss_and_slope("sigmoid", -1.2)
    xs, ys = loss_widget.tangents["sigmoid"].get_data()
    assert (ys[1] - ys[0]) / (xs[1] - xs[0]) == pytest.approx(slope)
    assert loss_widget.dots["sigmoid"].get_data()[1][0] == pytest.approx(loss)
    assert loss_widget.readouts["sigmoid: the slope says"] == "increase w"


def test_loss_widget_every_control_changes_picture_and_readouts(loss_widget):
    _changes_every_control(loss_widget, {"w": 3.3})


def test_loss_widget_checks_its_data():
    with pytest.raises(ValueError, match="samples"):
        StepVsSigmoidLoss(np.arange(3.0), np.zeros(4))


# ---------------------------------------------------------------------------------------------
# the static neuron diagram and the benchmark hook


def test_draw_neuron_numbers():
    fig, ax = new_figure()
    numbers = draw_neuron(ax, x=[1.0, 0.5], w=[0.8, -0.4], b=0.1)
    assert numbers["z"] == pytest.approx(0.7)
    assert numbers["a"] == pytest.approx(1 / (1 + np.exp(-0.7)))
    texts = [t.get_text() for t in ax.texts]
    assert "w2 = -0.4" in texts and "z = 0.70" in texts and "a =\n0.668" in texts
    with pytest.raises(ValueError, match="same length"):
        draw_neuron(ax, x=[1.0, 2.0], w=[1.0], b=0.0)
    plt.close(fig)


def test_formula_text_signs_and_decimals():
    from nnlib.widgets.neuron import _line_equation, _linear_text, _threshold_text

    assert _linear_text([(0.8, "x1"), (-0.4, "x2")], 0.1) == "0.8·x1 - 0.4·x2 + 0.1"
    assert _linear_text([(-1.25, "x1"), (0.0, "x2")], -0.0) == "-1.25·x1 + 0.0·x2 + 0.0"
    assert _threshold_text(1.0, 1.0, -1.5) == "1.0·x1 + 1.0·x2 > 1.5"
    assert _threshold_text(0.8, -0.4, 0.1) == "0.8·x1 - 0.4·x2 > -0.1"
    assert _threshold_text(1.0, 1.0, 0.0) == "1.0·x1 + 1.0·x2 > 0.0"  # never "-0.0"
    assert _line_equation(2.0, 0.0, 1.0) == "x1 = -0.5"
    assert _line_equation(1.0, 4.0, -1.0) == "x2 = -0.25·x1 + 0.25"
