"""The widgets and pictures of lesson 03 (nnlib.widgets.xor), driven headless under Agg."""

import numpy as np
import pytest

from nnlib import SGD, Dense, Sequential, sigmoid
from nnlib.toy import logic_gate
from nnlib.analysis.xor import (
    bump_sum,
)
from nnlib.widgets.xor import (
    GATE_TABLES,
    PARAMS,
    TARGETS,
    XOR_PRESETS,
    BumpBuilder,
    BumpSum,
    OneNeuronXOR,
    TwoLayerXOR,
    _segment,
    gates_figure,
    network_221_figure,
)

X, Y = logic_gate("xor")


@pytest.fixture
def make():
    """Create widgets and close them after the test."""
    made = []

    def _make(cls, *args, **kwargs):
        w = cls(*args, **kwargs)
        made.append(w)
        return w

    yield _make
    for w in made:
        w.close()


START = "start: two identical hidden units"


@pytest.fixture(scope="module")
def shared_two():
    """One 2-2-1 widget for the tests that only move its sliders (building one takes a while)."""
    w = TwoLayerXOR()
    yield w
    w.close()


@pytest.fixture
def two(shared_two):
    shared_two.load_preset(START)
    return shared_two


# ---------------------------------------------------------------------------------------------
# geometry helpers


def test_segment_is_drawn_from_its_left_end():
    xs, ys = _segment(-1.0, 1.0, 0.5, (-0.5, 1.5), (-0.5, 1.5))  # x2 = x1 - 0.5: right edge, then bottom
    assert xs == sorted(xs) and len(xs) == 2
    assert _segment(0.0, 0.0, 1.0, (0, 1), (0, 1)) == ([], [])  # no line at all


# ---------------------------------------------------------------------------------------------
# one neuron


def test_one_neuron_never_gets_xor_right_but_solves_and_or(make):
    w = make(OneNeuronXOR)
    assert w.readouts["correct"] == "3 of 4"  # the start is OR, right on 3 of XOR's points
    rng = np.random.default_rng(0)
    for _ in range(300):  # random settings: never all four for XOR (render only: no drawing)
        w1, w2, b = (float(v) for v in np.round(rng.uniform(-3, 3, 3), 1))
        assert w.render(w1=w1, w2=w2, b=b, gate="xor")["correct"] != "4 of 4"
    w.update(w1=1.0, w2=1.0, b=-1.5, gate="and")
    assert w.readouts["correct"] == "4 of 4"
    w.update(b=-0.5, gate="or")
    assert w.readouts["correct"] == "4 of 4"
    assert w.readouts["target"] == "OR = 0 1 1 1"


def test_one_neuron_update_changes_artists_and_readouts(make):
    w = make(OneNeuronXOR)
    line = np.array(w.line.get_xydata()).copy()
    region = w.region.get_xy().copy()
    rings = np.array(w.rings.get_xydata()).copy()
    readouts = dict(w.readouts)
    w.update(w1=-1.0, b=0.3)
    assert not np.allclose(w.line.get_xydata(), line)
    assert w.region.get_xy().shape != region.shape or not np.allclose(w.region.get_xy(), region)
    assert np.array(w.rings.get_xydata()).shape != rings.shape or not np.allclose(w.rings.get_xydata(), rings)
    assert w.readouts != readouts
    assert w.readouts["z, output at (0,0)"] == "+0.30 → 1 ✗"
    # the gate menu recolours the points and changes the target readout
    face = w.points[0].get_markerfacecolor()
    w.update(gate="xnor")
    assert w.points[0].get_markerfacecolor() != face
    assert w.readouts["target"] == "XNOR = 1 0 0 1"


def test_one_neuron_rejects_unknown_gate():
    with pytest.raises(ValueError, match="unknown gate"):
        OneNeuronXOR(gate="implies")


# ---------------------------------------------------------------------------------------------
# the 2-2-1 network


def _forward(W, b, V, c, X=X):
    H = sigmoid(X @ W + b)
    return H, sigmoid(H @ V + c)[:, 0]


def test_the_widget_starts_with_two_identical_units_on_the_diagonal(make):
    w = make(TwoLayerXOR)
    assert w.values == pytest.approx(XOR_PRESETS[START])
    assert w.readouts["correct"] == "3 of 4"
    for line in w.points_h:  # h1 = h2 for every input
        assert line.get_xdata()[0] == pytest.approx(line.get_ydata()[0])


def test_two_layer_known_solution_gets_4_of_4_with_right_outputs(two):
    w = two
    w.load_preset("solution: h1 = OR, h2 = AND")
    assert w.readouts["correct"] == "4 of 4"
    H, y = _forward(*w.weights())
    assert w.readouts["y at (0,1)"] == f"{y[1]:.3f} → 1 ✓"
    assert w.readouts["y at (1,1)"] == f"{y[3]:.3f} → 0 ✓"
    loss = -np.mean(Y * np.log(y) + (1 - Y) * np.log(1 - y))
    assert w.readouts["cross-entropy loss"] == f"{loss:.4g}"
    # the hidden-plane points sit at (h1, h2); no rings when every point is right
    for line, (h1, h2) in zip(w.points_h, H):
        assert line.get_xdata()[0] == pytest.approx(h1) and line.get_ydata()[0] == pytest.approx(h2)
    assert len(w.rings_in.get_xdata()) == 0 and len(w.rings_h.get_xdata()) == 0


@pytest.mark.parametrize("name", list(XOR_PRESETS))
def test_presets_give_what_the_lesson_says(two, name):
    w = two
    w.load_preset(name)
    expected = {
        "start: two identical hidden units": "3 of 4",
        "solution: h1 = OR, h2 = AND": "4 of 4",
        "solution: h1 = NAND, h2 = OR": "4 of 4",
        "small weights: barely bent": "2 of 4",
    }
    assert w.readouts["correct"] == expected[name]
    assert w.values == pytest.approx(XOR_PRESETS[name])  # every preset fits the sliders


def test_the_lessons_guided_path_from_the_start_reaches_4_of_4(two):
    w = two
    w.update(b2=-7.5)
    assert w.readouts["correct"] != "4 of 4"
    w.update(v2=-5.0, c=-2.5)
    assert w.readouts["correct"] == "4 of 4"


@pytest.mark.parametrize("name", PARAMS)
def test_every_slider_changes_the_pictures_and_the_readouts(two, name):
    w = two
    image_in = w.surface_in.image.get_array().copy()
    image_h = w.surface_h.image.get_array().copy()
    points = np.array([p.get_xydata()[0] for p in w.points_h])
    lines = [np.array(line.get_xydata()).copy() for line in (w.line_h1, w.line_h2)]
    readouts = dict(w.readouts)
    w.update(**{name: w.values[name] + 1.0})
    changed = [
        not np.allclose(w.surface_in.image.get_array(), image_in),
        not np.allclose(w.surface_h.image.get_array(), image_h),
        not np.allclose([p.get_xydata()[0] for p in w.points_h], points),
        any(
            np.array(line.get_xydata()).shape != old.shape or not np.allclose(line.get_xydata(), old)
            for line, old in zip((w.line_h1, w.line_h2), lines)
        ),
    ]
    assert changed[0], "the output over the input plane must change"
    assert any(changed[1:]), "the hidden plane must change"
    assert w.readouts != readouts


def test_browser_order_load_menu_then_each_slider_changes_the_readouts(two):
    """What the browser test does: pick the menu's first preset, then page every slider up."""
    w = two
    w.preset_menu.value = list(XOR_PRESETS)[0]
    for name in PARAMS:
        before = dict(w.readouts)
        w.update(**{name: w.values[name] + 0.5})  # one keyboard page of a 0.1-step slider
        assert w.readouts != before, name


def test_bent_grid_is_the_input_grid_through_the_hidden_layer(two):
    w = two
    w.load_preset("solution: h1 = NAND, h2 = OR")
    W, b, _, _ = w.weights()
    segments = w.bent_grid.get_segments()
    assert len(segments) == len(w.grid_lines)
    np.testing.assert_allclose(segments[3], sigmoid(w.grid_lines[3] @ W + b))


def test_preset_menu_loads_and_resets_itself(two):
    w = two
    w.preset_menu.value = "solution: h1 = NAND, h2 = OR"
    assert w.values == pytest.approx(XOR_PRESETS["solution: h1 = NAND, h2 = OR"])
    assert w.preset_menu.value == ""
    assert w.readouts["correct"] == "4 of 4"
    with pytest.raises(ValueError, match="unknown preset"):
        w.load_preset("nope")


def test_weights_and_set_weights_round_trip_in_nnlib_shapes(two):
    w = two
    W = np.array([[1.0, -2.0], [3.0, -4.0]])
    b, V, c = np.array([0.5, -0.5]), np.array([[2.0], [-3.0]]), np.array([0.25])
    w.set_weights(W, b, V, c)
    for got, want in zip(w.weights(), (W, b, V, c)):
        np.testing.assert_allclose(got, want)
    with pytest.raises(ValueError, match="W_hidden"):
        w.set_weights(W.T[:1], b, V, c)


def test_from_model_shows_a_trained_network_and_widens_the_sliders(make):
    rng = np.random.default_rng(0)
    model = Sequential([Dense(2, activation="sigmoid", input_shape=[2]), Dense(1, activation="sigmoid")], rng=rng)
    model.compile(loss="binary_crossentropy", optimizer=SGD(lr=1.0, momentum=0.9))
    model.fit(X, Y, epochs=300, batch_size=4, rng=rng)
    w = TwoLayerXOR.from_model(model)
    try:
        y_model = model.predict(X)[:, 0]
        for name, yi in zip(("(0,0)", "(0,1)", "(1,0)", "(1,1)"), y_model):
            assert w.readouts[f"y at {name}"].startswith(f"{yi:.3f}")
        assert w.readouts["correct"] == "4 of 4"
        big = [layer.W * 3 for layer in model.layers]  # beyond the default range of 15
        w.set_weights(big[0], model.layers[0].b, big[1], model.layers[1].b)
        np.testing.assert_allclose(w.weights()[0], big[0])
        assert w.controls["w11"].max >= np.abs(big[1]).max()
    finally:
        w.close()
    wrong = Sequential([Dense(3, activation="sigmoid", input_shape=[2]), Dense(1, activation="sigmoid")])
    with pytest.raises(ValueError, match="2-2-1"):
        TwoLayerXOR.from_model(wrong)


def test_two_layer_rejects_unknown_parameters():
    with pytest.raises(ValueError, match="unknown parameters"):
        TwoLayerXOR(w13=1.0)


# ---------------------------------------------------------------------------------------------
# bumps


def test_bump_builder_update_changes_curves_and_readouts(make):
    w = make(BumpBuilder)
    bump = w.bump.get_ydata().copy()
    for name, value in [("steepness", 10.0), ("left", 1.0), ("right", 8.0), ("height", -1.5)]:
        readouts = dict(w.readouts)
        w.update(**{name: value})
        assert not np.allclose(w.bump.get_ydata(), bump), name
        assert w.readouts != readouts, name
        bump = w.bump.get_ydata().copy()
    # the readouts are the weights of the 1-2-1 network: w = s, b = -s * edge
    assert w.readouts["hidden unit 1: w, b"] == "10.0, -10.00"
    assert w.readouts["hidden unit 2: w, b"] == "10.0, -80.00"
    assert w.readouts["output weights"] == "-1.5, +1.5"
    x = w.x
    want = -1.5 * (sigmoid(10 * (x - 1.0)) - sigmoid(10 * (x - 8.0)))
    np.testing.assert_allclose(w.bump.get_ydata(), want)
    np.testing.assert_allclose(w.unit1.get_ydata() + w.unit2.get_ydata(), want)


def test_bump_sum_widget_draws_the_sum_and_reads_out_its_error(make):
    wave = TARGETS["smooth wave"]
    w = make(BumpSum)
    assert w.readouts["hidden units"] == "10"
    line = w.approx.get_ydata().copy()
    readouts = dict(w.readouts)
    w.update(n_bumps=40)
    assert not np.allclose(w.approx.get_ydata(), line)
    assert w.readouts["hidden units"] == "80"
    assert len(w.each.get_segments()) == 40
    err = np.max(np.abs(bump_sum(w.x, wave, 40)[0] - wave(w.x)))
    assert w.readouts["largest error"].startswith(f"{err:.3f}")
    assert w.readouts != readouts
    for name, value in [("sharpness", 3.0), ("target", "wiggly curve")]:
        readouts = dict(w.readouts)
        line = w.approx.get_ydata().copy()
        w.update(**{name: value})
        assert not np.allclose(w.approx.get_ydata(), line), name
        assert w.readouts != readouts, name


def test_a_jump_keeps_an_error_of_half_the_jump(make):
    w = make(BumpSum, target="jump (not continuous)")
    for n in (5, 20, 60):
        w.update(n_bumps=n, sharpness=50.0)
        assert float(w.readouts["largest error"].split()[0]) >= 0.49


# ---------------------------------------------------------------------------------------------
# static pictures and the benchmark hook


def test_static_figures_draw():
    from nnlib.widgets.canvas import figure_png

    for fig in (gates_figure(), gates_figure(("nand", "xnor")), network_221_figure()):
        assert figure_png(fig)[:8] == b"\x89PNG\r\n\x1a\n"
    assert set(GATE_TABLES) >= {"xor", "xnor", "and", "or", "nand", "nor"}
