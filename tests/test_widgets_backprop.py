"""Lesson 11's widgets (nnlib.widgets.backprop), driven headless under Agg.

For every widget: update() and the buttons change the artists and the readouts, and the readouts
are the right numbers for a known setting. The numbers behind the pictures (chain-rule factors,
the outputs' wishes, every step of the forward and backward pass) are checked against numerical
derivatives and against nnlib.
"""

import numpy as np
import pytest

from nnlib.activations import sigmoid
from nnlib.analysis.backprop import (
    chain_cost,
    chain_factors,
    output_wishes,
)
from nnlib.widgets.backprop import (
    HIGHLIGHT,
    BackpropStepper,
    ChainRule,
    OutputWishes,
    batch_gradients_figure,
    three_ways_figure,
)
from matplotlib.colors import to_rgba


DEFAULT = {"w1": 1.0, "b1": 0.0, "w2": 2.0, "b2": -1.0, "w3": 2.0, "b3": -1.0}


def numerical(x, y, params, name, eps=1e-6):
    up, down = dict(params), dict(params)
    up[name] += eps
    down[name] -= eps
    return (chain_cost(x, y, up) - chain_cost(x, y, down)) / (2 * eps)


# ---------------------------------------------------------------------------------------------
# the chain of three neurons


def test_chain_rule_readouts_for_the_default_setting(close_after):
    w = ChainRule()
    close_after(w)
    r = w.readouts
    assert r["cost C = (a₃ − y)²"] == "0.1967"
    assert r["∂z₁/∂w₁ = x"] == "+1.0000"
    assert r["∂a₁/∂z₁ = σ'(z₁)"] == "+0.1966"
    assert r["∂C/∂a₃ = 2(a₃ − y)"] == "-0.8870"
    assert r["∂C/∂w₁ (product)"] == "-0.040822"
    assert r["numerical (C(p+h) − C(p−h))/2h"] == "-0.040822"
    assert r["they agree"] == "yes"
    # seven factors for w1: seven visible bars with their values as heights
    visible = [bar for bar in w.bars if bar.get_visible()]
    assert len(visible) == 7
    assert np.allclose([bar.get_height() for bar in visible], [f.value for f in chain_factors(1.0, 1.0, DEFAULT, "w1")])


def test_chain_rule_update_moves_bars_texts_and_readouts(close_after):
    w = ChainRule()
    close_after(w)
    heights = [bar.get_height() for bar in w.bars]
    texts = [t.get_text() for t in w.value_texts]
    colours = w.units.get_array().copy()
    readouts = dict(w.readouts)
    w.update(w2=-1.5)
    assert [bar.get_height() for bar in w.bars] != heights
    assert [t.get_text() for t in w.value_texts] != texts
    assert not np.allclose(w.units.get_array(), colours)
    assert w.readouts != readouts
    assert w.readouts["∂z₂/∂a₁ = w₂"] == "-1.5000"
    assert w.readouts["they agree"] == "yes"
    # a cut link: w2 = 0 makes dC/dw1 exactly 0
    w.update(w2=0.0)
    assert w.readouts["∂C/∂w₁ (product)"] in ("+0.000000", "-0.000000")


def test_chain_rule_parameter_choice_changes_path_bars_and_readouts(close_after):
    w = ChainRule()
    close_after(w)
    edge_colours = w.edges.get_colors().copy()
    assert np.allclose(edge_colours, to_rgba(HIGHLIGHT))  # w1: the whole chain
    w.update(param="w3")
    assert sum(bar.get_visible() for bar in w.bars) == 3
    on = [np.allclose(c, to_rgba(HIGHLIGHT)) for c in w.edges.get_colors()]
    assert on == [False, False, True, True]
    assert w.weight_texts[2].get_color() == HIGHLIGHT
    assert "∂C/∂w₃ (product)" in w.readouts and "∂C/∂w₁ (product)" not in w.readouts
    labels = [t.get_text() for t in w.bars_ax.get_xticklabels()]
    assert labels[:4] == ["", "", "", ""] and labels[4].endswith("= a₂")
    w.update(param="b1")
    assert w.readouts["∂z₁/∂b₁ = 1"] == "+1.0000"
    assert np.isclose(float(w.readouts["∂C/∂b₁ (product)"]), numerical(1.0, 1.0, DEFAULT, "b1"), atol=1e-6)


# ---------------------------------------------------------------------------------------------
# three ways, and the outputs' wishes


def test_three_ways_figure_bars_are_the_three_derivatives():
    a_prev, w, b = np.array([0.9, 0.05, 0.6, 0.3]), np.array([0.8, 1.5, -1.2, 0.4]), -0.3
    fig = three_ways_figure(a_prev, w, b)
    s = sigmoid(w @ a_prev + b) * (1 - sigmoid(w @ a_prev + b))
    heights = [[p.get_height() for p in ax.patches] for ax in fig.axes]
    assert np.allclose(heights[0], [s])
    assert np.allclose(heights[1], s * a_prev)
    assert np.allclose(heights[2], s * w)
    with pytest.raises(ValueError, match="same length"):
        three_ways_figure([0.1, 0.2], [1.0], 0.0)


def test_output_wishes_widget_readouts_and_artists(close_after):
    w = OutputWishes()
    close_after(w)
    assert w.readouts["output 0: a → target"] == "0.794 → 1 (+0.206)"
    assert w.readouts["sum of wishes for h₂"] == "-0.5277"
    assert w.readouts["= −∂C/∂h from nnlib's backprop"] == "yes"
    wishes, total = output_wishes(w.H[0], w.W, w.b, np.eye(3)[0])
    assert np.allclose([bar.get_height() for bar in w.sum_bars], total)
    assert np.allclose([bar.get_height() for bar in w.wish_bars[1]], wishes[:, 1])
    before_sum = [bar.get_height() for bar in w.sum_bars]
    before_units = w.prev_units.get_array().copy()
    before = dict(w.readouts)
    w.update(answer=2)
    assert [bar.get_height() for bar in w.sum_bars] != before_sum
    assert w.readouts != before and w.readouts["output 2: a → target"].endswith("→ 1 (+0.636)")
    before = dict(w.readouts)
    w.update(example=3)
    assert not np.allclose(w.prev_units.get_array(), before_units)
    assert w.readouts != before
    assert w.readouts["= −∂C/∂h from nnlib's backprop"] == "yes"


# ---------------------------------------------------------------------------------------------
# the step-through


def test_stepper_readouts_for_known_steps(close_after):
    w = BackpropStepper()
    close_after(w)
    assert w.readouts["step"] == "0 of 13 (start)"
    w.update(step=8)
    assert w.readouts["computing"] == "dW2 = A1.T @ dZ2"
    assert w.readouts["value"] == "-0.0508 +0.1034 | -0.0249 +0.0506 | -0.0476 +0.0969"
    assert w.readouts["shape"] == "(3, 2)"
    assert w.readouts["nnlib keeps it as"] == "model.layers[1].dW"
    assert w.readouts["nnlib's numbers agree"] == "yes"
    w.update(step=5)
    assert w.readouts["value"] == "0.25985" and w.readouts["shape"] == "a number"
    assert all(w.agrees.values())


def _outlined(w):
    return [i for i, c in enumerate(w.units.get_edgecolors()) if np.allclose(c, to_rgba(HIGHLIGHT))]


def test_stepper_buttons_advance_highlight_and_readouts(close_after):
    w = BackpropStepper()
    close_after(w)
    assert _outlined(w) == [0, 1]  # the two inputs
    row_y = w.row_box.get_y()
    readouts = dict(w.readouts)
    w.next_button.click()  # the button's own click handler
    assert w.step_slider.value == 1 and w.values == {"step": 1}
    assert _outlined(w) == [2, 3, 4]  # Z1: the hidden units
    assert w.edge_highlight[1].get_visible() and not w.edge_highlight[2].get_visible()
    assert [t.get_text() for t in w.edge_texts[1]] == ["+0.4", "-0.6", "+0.9", "+0.7", "+0.3", "-0.5"]
    assert w.row_box.get_y() != row_y
    assert w.readouts != readouts and w.readouts["computing"] == "Z1 = X @ W1 + b1"
    assert w.ledger_texts[1].get_text() == "Z1  = X @ W1 + b1 = +0.850 -0.650 +0.650"
    assert w.ledger_texts[1].get_fontweight() == "bold"
    assert w.ledger_texts[2].get_text() == "A1  = σ(Z1)"  # still to come: the formula only
    w.next_button.click()
    assert w.ledger_texts[1].get_text() == "Z1  = +0.850 -0.650 +0.650"  # done: the value
    w.previous_button.click()
    for _ in range(4):
        w.next_button.click()
    assert w.readouts["computing"] == "C = mean((A2 − Y)²)"
    assert _outlined(w) == [] and w.cost_text.get_text() == "C\n0.2598"
    w.previous_button.click()
    assert w.step_slider.value == 4 and _outlined(w) == [5, 6]
    assert w.cost_text.get_text() == "C\n?"
    w.update(step=12)  # dW1: the edge labels show the slopes
    assert w.edge_texts[1][0].get_text() == "-0.025"
    faces = w.units.get_facecolors().copy()
    w.reset_button.click()
    assert w.step_slider.value == 0 and w.readouts["step"] == "0 of 13 (start)"
    assert not np.allclose(w.units.get_facecolors(), faces)  # hidden and outputs back to grey
    w.previous_button.click()  # stays at the start
    assert w.step_slider.value == 0
    w.end_button.click()  # the whole pass at once
    assert w.step_slider.value == 13 and w.readouts["computing"] == "db1 = dZ1.sum(axis=0)"
    assert _outlined(w) == [2, 3, 4]
    w.next_button.click()  # stays at the end
    assert w.step_slider.value == 13
    # the buttons sit in the widget's view, before the picture
    first_row = w.view.children[0]
    assert w.next_button in first_row.children[0].children


def test_stepper_rejects_a_batch():
    with pytest.raises(ValueError, match="one row"):
        BackpropStepper(X=np.ones((2, 2)), Y=np.ones((2, 2)))


# ---------------------------------------------------------------------------------------------
# the mini-batch figure and the benchmark cases


def test_batch_gradients_figure_draws_the_mean():
    G = np.arange(12.0).reshape(3, 4)
    fig = batch_gradients_figure(G, ["a", "b", "c", "d"])
    bars = [p for p in fig.axes[0].patches]
    assert np.allclose([b.get_height() for b in bars], G.mean(axis=0))
    with pytest.raises(ValueError, match="per_example"):
        batch_gradients_figure(G, ["a", "b"])
