"""The pictures and widgets of lesson 11, backpropagation.

What this module is for
-----------------------
- :class:`ChainRule`: a chain
  of three single sigmoid neurons, ``x -> a1 -> a2 -> a3 -> C = (a3 - y)**2``; the widget has a
  slider for every weight and bias and shows every factor of the chain rule for one chosen
  parameter, their product and the numerical derivative.
- :func:`three_ways_figure`: how sensitive one output neuron's activation is to its bias, to
  each incoming weight and to each activation of the previous layer (static).
- :class:`OutputWishes`: each output neuron's wish for each neuron of
  the previous layer, weighted by how wrong the output is, and their sum, which is the backward
  pass into that layer.
- :class:`BackpropStepper`: forward then backward through a 2-3-2
  sigmoid network with squared error, one quantity (``Z``, ``A``, ``C``, ``dA``, ``dZ``, ``dW``,
  ``db``) per click, highlighted on the network diagram, each checked against ``nnlib``.
- :func:`batch_gradients_figure`: per-example gradients of every parameter and their mean (static).

What it is not
--------------
Not the lesson's idea itself: the notebook writes the backward pass out in numpy and asserts that
it equals ``nnlib``'s. The numbers behind these pictures (the chain and its factors, the wishes,
the steps of the 2-3-2 pass) are :mod:`nnlib.analysis.backprop`; this module only draws. The widgets
follow the one pattern of :mod:`nnlib.widgets.live`.

Layouts are batch-first, as everywhere in nnlib: ``X (n_samples, n_in)``, ``W (n_in, n_out)``,
``b (n_out,)``, ``Z = X @ W + b``, ``A = f(Z)``; ``dZ`` is dC/dZ (the "delta" of a layer).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import matplotlib
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Rectangle

from nnlib.activations import sigmoid
from nnlib.layers import Dense
from nnlib.network import Sequential
from nnlib.analysis.backprop import (
    CHAIN_PARAMS,
    STEP_B1,
    STEP_B2,
    STEP_W1,
    STEP_W2,
    STEP_X,
    STEP_Y,
    backprop_steps,
    chain_factors,
    chain_values,
    nnlib_step_values,
    numerical_chain_derivative,
    output_wishes,
    subscripts,
)
from nnlib.widgets.backdrop import axes_contents
from nnlib.widgets.canvas import new_figure
from nnlib.widgets.live import LiveWidget, action_button
from nnlib.widgets.stamped_text import stamped_text
from nnlib.widgets.style import CMAP_DIVERGING, CMAP_SEQUENTIAL, COLORS, SLIDER_STYLE, signed, slider_layout

__all__ = [
    "BENCH_CASES",
    "BackpropStepper",
    "ChainRule",
    "OutputWishes",
    "batch_gradients_figure",
    "three_ways_figure",
]

#: the colour that marks "this is what we are computing now"
HIGHLIGHT = COLORS[1]  # orange of 'tableau-colorblind10'
#: positive and negative bars (the two ends of RdBu_r, distinguishable with common colour-blindness)
POSITIVE, NEGATIVE = "#b2182b", "#2166ac"
_UNSET = "#e8e8e8"  # a unit whose value is not computed yet


def _sign_colours(values: np.ndarray) -> list[str]:
    return [POSITIVE if v >= 0 else NEGATIVE for v in np.ravel(values)]


# ---------------------------------------------------------------------------------------------
# 1. a chain of single neurons
# ---------------------------------------------------------------------------------------------


class ChainRule(LiveWidget):
    """A chain of three sigmoid neurons with every factor of the chain rule shown.

    ``x -> [w1, b1] -> a1 -> [w2, b2] -> a2 -> [w3, b3] -> a3 -> C = (a3 - y)**2``. Sliders set
    the six parameters; the dropdown chooses which derivative ``∂C/∂param`` to take apart. The top
    shows the chain with its values and, in orange, the path from the parameter to the cost; the
    bars below are the factors, each under the part of the chain it belongs to. The readouts list
    every factor, their product and the numerical derivative ``(C(p + h) - C(p - h)) / 2h``.
    """

    title = "The chain rule on a chain of three neurons"

    def __init__(
        self,
        *,
        x: float = 1.0,
        y: float = 1.0,
        param: str = "w1",
        w1: float = 1.0,
        b1: float = 0.0,
        w2: float = 2.0,
        b2: float = -1.0,
        w3: float = 2.0,
        b3: float = -1.0,
    ) -> None:
        self.x, self.y = float(x), float(y)
        fig, (ax, bars_ax) = new_figure(2, 1, figsize=(8.0, 4.6), height_ratios=[1.0, 1.45], sharex=True)
        self.ax, self.bars_ax = ax, bars_ax
        ax.set(xlim=(-0.45, 4.45), ylim=(0.0, 1.0))
        ax.set_axis_off()
        # the chain: input, three neurons, the cost
        self.edges = LineCollection(
            [[(k, 0.5), (k + 1, 0.5)] for k in range(4)], colors="0.6", linewidths=1.5, zorder=1
        )
        ax.add_collection(self.edges)
        ax.text(
            0,
            0.5,
            f"x = {self.x:g}",
            ha="center",
            va="center",
            fontsize=9,
            zorder=3,
            bbox=dict(boxstyle="round", facecolor="white", edgecolor="0.35"),
        )
        self.cost_text = ax.text(
            4,
            0.5,
            "",
            ha="center",
            va="center",
            fontsize=9,
            zorder=3,
            bbox=dict(boxstyle="round", facecolor="white", edgecolor="0.35"),
        )
        self.units = ax.scatter(
            [1, 2, 3],
            [0.5] * 3,
            s=700,
            c=[0.5] * 3,
            cmap=CMAP_SEQUENTIAL,
            norm=Normalize(0, 1),
            edgecolors="0.35",
            linewidths=1.0,
            zorder=3,
        )
        self.value_texts = [ax.text(k, 0.2, "", ha="center", va="top", fontsize=8.5) for k in (1, 2, 3)]
        self.weight_texts = [ax.text(k - 0.5, 0.56, "", ha="center", va="bottom", fontsize=8.5) for k in (1, 2, 3)]
        self.bias_texts = [ax.text(k, 0.8, "", ha="center", va="bottom", fontsize=8.5) for k in (1, 2, 3)]
        ax.text(4, 0.2, f"target y = {self.y:g}", ha="center", va="top", fontsize=8.5)

        # the factors, each under its part of the chain
        self.slots = np.arange(0.5, 3.6, 0.5)  # 0.5, 1, ..., 3.5
        self.bars = bars_ax.bar(self.slots, np.zeros(len(self.slots)), width=0.32, zorder=2)
        self.bar_texts = [bars_ax.text(s, 0.0, "", ha="center", fontsize=8) for s in self.slots]
        bars_ax.axhline(0.0, color="0.3", linewidth=0.8)
        bars_ax.set_ylim(-3.6, 3.6)
        bars_ax.set_ylabel("factor")
        bars_ax.set_xticks(self.slots)
        bars_ax.set_xticklabels([""] * len(self.slots))
        bars_ax.grid(axis="x", visible=False)
        self.product_text = bars_ax.set_title("", fontsize=10)
        self._factor_labels: tuple[str, ...] | None = None

        sliders = {
            name: widgets.FloatSlider(
                value=value,
                min=-3.0,
                max=3.0,
                step=0.1,
                description=subscripts(name),
                readout_format="+.1f",
                style=SLIDER_STYLE,
                layout=slider_layout("20em"),
            )
            for name, value in zip(CHAIN_PARAMS, (w1, b1, w2, b2, w3, b3))
        }
        controls = {
            "param": widgets.Dropdown(
                options=[(f"∂C/∂{subscripts(p)}", p) for p in CHAIN_PARAMS],
                value=param,
                description="take apart",
                style=SLIDER_STYLE,
                layout=widgets.Layout(width="14em"),
            ),
            **sliders,
        }
        super().__init__(fig, controls)
        # the chain (numbers, colours), the factor bars and the product (the title) change; the
        # factors' names (x tick labels) depend on the parameter only: baked again when it changes
        self.bake(dynamic=[*axes_contents(ax), *axes_contents(bars_ax), self.product_text], key=param)

    def control_rows(self) -> list[Any]:
        # the dropdown, then the sliders in two columns, so the picture stays near the top
        names = list(CHAIN_PARAMS)
        grid = widgets.HBox(
            [
                widgets.VBox([self.controls[n] for n in names[0::2]]),
                widgets.VBox([self.controls[n] for n in names[1::2]]),
            ]
        )
        return [widgets.VBox([self.controls["param"], grid])]

    def render(self, param: str, **params: float) -> dict[str, str]:
        x, y = self.x, self.y
        z, a = chain_values(x, params)
        cost = float((a[2] - y) ** 2)
        k = int(param[1])
        self.units.set_array(a)
        for j in range(3):
            self.value_texts[j].set_text(subscripts(f"z{j + 1} = {signed(z[j], 2)}\na{j + 1} = {a[j]:.3f}"))
            self.weight_texts[j].set_text(subscripts(f"w{j + 1} = {signed(params[f'w{j + 1}'], 1)}"))
            self.bias_texts[j].set_text(subscripts(f"b{j + 1} = {signed(params[f'b{j + 1}'], 1)}"))
        self.cost_text.set_text(f"C = {cost:.4f}")
        # the path from the parameter to the cost: every edge it flows along is orange
        on_path = np.arange(4) >= (k - 1 if param[0] == "w" else k)
        self.edges.set_color([HIGHLIGHT if p else "0.6" for p in on_path])
        self.edges.set_linewidth([4.0 if p else 1.5 for p in on_path])
        for j in range(3):
            for texts, kind in ((self.weight_texts, "w"), (self.bias_texts, "b")):
                chosen = j + 1 == k and kind == param[0]
                texts[j].set_color(HIGHLIGHT if chosen else "black")
                texts[j].set_fontweight("bold" if chosen else "normal")

        factors = chain_factors(x, y, params, param)
        by_slot = {f.position: f for f in factors}
        labels = []
        for bar, text, slot in zip(self.bars, self.bar_texts, self.slots):
            f = by_slot.get(float(slot))
            if f is None:
                bar.set_height(0.0)
                bar.set_visible(False)
                text.set_text("")
                labels.append("")
                continue
            bar.set_visible(True)
            bar.set_height(f.value)
            bar.set_color(POSITIVE if f.value >= 0 else NEGATIVE)
            text.set_position((slot, f.value + (0.15 if f.value >= 0 else -0.15)))
            text.set_verticalalignment("bottom" if f.value >= 0 else "top")
            text.set_text(signed(f.value, 3))
            labels.append(f"{f.name}\n= {f.formula}")
        if tuple(labels) != self._factor_labels:  # names and formulas: they depend on param only
            self.bars_ax.set_xticklabels(labels, fontsize=8)
            self._factor_labels = tuple(labels)
            self.rebake(key=param)
        product = float(np.prod([f.value for f in factors]))
        numerical = numerical_chain_derivative(x, y, params, param)
        self.product_text.set_text(
            f"∂C/∂{subscripts(param)} = product of the bars = {product:+.5f}   (numerical: {numerical:+.5f})"
        )
        readouts: dict[str, str] = {"cost C = (a₃ − y)²": f"{cost:.4f}"}
        for f in factors:
            readouts[f"{f.name} = {f.formula}"] = signed(f.value, 4)
        readouts[f"∂C/∂{subscripts(param)} (product)"] = f"{product:+.6f}"
        readouts["numerical (C(p+h) − C(p−h))/2h"] = f"{numerical:+.6f}"
        readouts["they agree"] = "yes" if abs(product - numerical) <= 1e-7 + 1e-6 * abs(product) else "NO"
        return readouts


# ---------------------------------------------------------------------------------------------
# 2. three ways to raise one output's activation
# ---------------------------------------------------------------------------------------------


def three_ways_figure(a_prev: Sequence[float], w: Sequence[float], b: float) -> Figure:
    """How much one sigmoid neuron's activation ``a = σ(w · a_prev + b)`` rises per unit of each change.

    Three panels, on one scale: (1) its bias, ``∂a/∂b = σ'(z)``; (2) each incoming weight,
    ``∂a/∂w_j = σ'(z) a_j``, large for the bright (highly active) neurons of the previous layer;
    (3) each activation of the previous layer, ``∂a/∂a_j = σ'(z) w_j``, positive where the weight
    is positive (raise that neuron) and negative where it is negative (lower it).
    """
    acts, weights = np.asarray(a_prev, dtype=float), np.asarray(w, dtype=float)
    if acts.shape != weights.shape or acts.ndim != 1:
        raise ValueError(f"a_prev and w must be 1-D of the same length, got {acts.shape} and {weights.shape}")
    z = float(weights @ acts + b)
    a = float(sigmoid(np.asarray(z)))
    s = float(sigmoid(np.asarray(z)) * (1 - sigmoid(np.asarray(z))))
    n = len(weights)
    fig, axes = new_figure(1, 3, figsize=(8.6, 3.0), width_ratios=[1.3, n, n], sharey=True)
    names = [subscripts(f"a{j + 1}") for j in range(n)]
    panels: list[tuple[str, list[str], np.ndarray, str]] = [
        ("1. raise its bias", ["b"], np.array([s]), "∂a/∂b = σ'(z)"),
        (
            "2. raise the weights\nfrom bright neurons",
            [subscripts(f"w{j + 1}") for j in range(n)],
            s * acts,
            "∂a/∂wⱼ = σ'(z)·aⱼ",
        ),
        ("3. change the previous\nactivations (sign of wⱼ)", names, s * weights, "∂a/∂aⱼ = σ'(z)·wⱼ"),
    ]
    top = max(abs(s), float(np.max(np.abs(s * weights))), float(np.max(np.abs(s * acts)))) * 1.35
    for ax, (title, labels, values, formula) in zip(axes, panels):
        pos = np.arange(len(values))
        ax.bar(pos, values, color=_sign_colours(values), width=0.6, zorder=2)
        for p, v in zip(pos, values):
            ax.text(
                p,
                v + (0.02 if v >= 0 else -0.02) * top / 0.3,
                f"{v:+.3f}",
                ha="center",
                va="bottom" if v >= 0 else "top",
                fontsize=8,
            )
        ax.axhline(0.0, color="0.3", linewidth=0.8)
        ax.set_xticks(pos, labels)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel(formula, fontsize=9)
        ax.grid(axis="x", visible=False)
    axes[0].set_ylim(-top, top)
    axes[0].set_ylabel("rise of a per unit of change")
    # the previous layer's activations and the weights, written under the middle panel's bars
    for j in range(n):
        axes[1].text(j, -0.93 * top, f"a={acts[j]:.2g}", ha="center", fontsize=7.5, color="0.3")
        axes[2].text(j, -0.93 * top, f"w={w[j]:+.2g}", ha="center", fontsize=7.5, color="0.3")
    fig.suptitle(f"One output neuron: z = {z:+.2f}, a = σ(z) = {a:.3f}, σ'(z) = {s:.3f}", fontsize=10)
    return fig


# ---------------------------------------------------------------------------------------------
# 3. the wishes of all outputs add up
# ---------------------------------------------------------------------------------------------

#: the output layer of :class:`OutputWishes`: 4 neurons of the previous layer -> 3 outputs
WISH_W = np.array(
    [
        [1.6, -0.8, 0.4],
        [-1.2, 1.4, 0.9],
        [0.7, 0.6, -1.5],
        [-0.3, -1.1, 1.2],
    ]
)
WISH_B = np.array([-0.4, 0.1, -0.2])
#: the previous layer's activations for five examples
WISH_H = np.array(
    [
        [0.9, 0.1, 0.7, 0.2],
        [0.2, 0.8, 0.3, 0.9],
        [0.6, 0.5, 0.1, 0.4],
        [0.1, 0.3, 0.9, 0.8],
        [0.95, 0.85, 0.05, 0.1],
    ]
)


def _wishes_model(W: np.ndarray, b: np.ndarray) -> Sequential:
    model = Sequential([Dense(W.shape[1], activation="sigmoid", input_shape=[W.shape[0]])])
    layer = model.dense_layers[0]
    layer.W, layer.b = W, b
    return model


class OutputWishes(LiveWidget):
    """What each output neuron wants from the previous layer, and the sum of those wishes.

    Left: four neurons of the previous layer (coloured by activation) connected to three sigmoid
    outputs (edge colour: weight sign, width: size); each output says how it should move (target
    minus activation). Right: for each previous-layer neuron, one bar per output (its wished
    change, ``2 (y_k - a_k) σ'(z_k) W[j, k]``) and the hollow bar of their sum, ``-∂C/∂h_j``.
    Controls: which output is the right answer, which example.
    """

    title = "The wishes of all outputs add up"

    def __init__(self, *, answer: int = 0, example: int = 0, W: Any = None, b: Any = None, H: Any = None) -> None:
        self.W = np.array(WISH_W if W is None else W, dtype=np.float64)
        self.b = np.array(WISH_B if b is None else b, dtype=np.float64)
        self.H = np.array(WISH_H if H is None else H, dtype=np.float64)
        n_prev, n_out = self.W.shape
        if self.b.shape != (n_out,) or self.H.ndim != 2 or self.H.shape[1] != n_prev:
            raise ValueError("W must be (n_prev, n_out), b (n_out,) and H (n_examples, n_prev)")
        self.model = _wishes_model(self.W, self.b)
        fig, (ax, bars_ax) = new_figure(1, 2, figsize=(8.8, 3.6), width_ratios=[1.0, 1.5])
        self.ax, self.bars_ax = ax, bars_ax
        ax.set_axis_off()
        ax.set(xlim=(-0.35, 1.95), ylim=(-0.12, 1.08))
        y_prev = np.linspace(0.92, 0.08, n_prev)
        y_out = np.linspace(0.8, 0.2, n_out)
        segments = [[(0, y_prev[j]), (1, y_out[k])] for j in range(n_prev) for k in range(n_out)]
        scaled = (self.W / np.max(np.abs(self.W))).ravel()
        ax.add_collection(
            LineCollection(
                segments,
                colors=matplotlib.colormaps[CMAP_DIVERGING](0.5 + 0.5 * scaled),
                linewidths=0.4 + 2.2 * np.abs(scaled),
                zorder=1,
            )
        )
        norm = Normalize(0, 1)
        self.prev_units = ax.scatter(
            np.zeros(n_prev),
            y_prev,
            s=380,
            c=np.zeros(n_prev),
            cmap=CMAP_SEQUENTIAL,
            norm=norm,
            edgecolors="0.35",
            zorder=3,
        )
        self.out_units = ax.scatter(
            np.ones(n_out),
            y_out,
            s=380,
            c=np.zeros(n_out),
            cmap=CMAP_SEQUENTIAL,
            norm=norm,
            edgecolors="0.35",
            zorder=3,
        )
        self.prev_texts = [ax.text(-0.12, y_prev[j], "", ha="right", va="center", fontsize=8.5) for j in range(n_prev)]
        self.out_labels = [
            ax.text(1, y_out[k], str(k), ha="center", va="center", fontsize=8.5, zorder=4, fontweight="bold")
            for k in range(n_out)
        ]
        self.out_texts = [ax.text(1.12, y_out[k], "", ha="left", va="center", fontsize=8.5) for k in range(n_out)]
        ax.text(0, -0.06, "previous layer", ha="center", va="top", fontsize=9)
        ax.text(1, -0.06, "outputs", ha="center", va="top", fontsize=9)

        # grouped bars: one group per previous-layer neuron, one bar per output, the sum behind
        self.colors = [COLORS[i] for i in (0, 1, 3, 4, 5)][:n_out]
        pos = np.arange(n_prev)
        width = 0.8 / n_out
        self.sum_bars = bars_ax.bar(
            pos, np.zeros(n_prev), width=0.9, facecolor="none", edgecolor="black", linewidth=1.6, zorder=3, label="sum"
        )
        self.wish_bars = [
            bars_ax.bar(
                pos + (k - (n_out - 1) / 2) * width,
                np.zeros(n_prev),
                width=width * 0.92,
                color=self.colors[k],
                zorder=2,
                label=f"output {k}'s wish",
            )
            for k in range(n_out)
        ]
        self.sum_texts = [bars_ax.text(p, 0.0, "", ha="center", fontsize=8, fontweight="bold") for p in pos]
        bars_ax.axhline(0.0, color="0.3", linewidth=0.8)
        bars_ax.set_xticks(pos, [subscripts(f"h{j + 1}") for j in range(n_prev)])
        bars_ax.set_ylabel("wished change of the activation")
        bars_ax.set_title("each output's wish for each neuron, and their sum", fontsize=10)
        bars_ax.grid(axis="x", visible=False)
        # one fixed scale for every example and answer, so the bars can be compared
        top = max(
            np.max(np.abs(output_wishes(h, self.W, self.b, np.eye(n_out)[t])[i]))
            for h in self.H
            for t in range(n_out)
            for i in (0, 1)
        )
        bars_ax.set_ylim(-1.3 * top, 1.3 * top)
        bars_ax.legend(loc="lower left", fontsize=7.5, ncol=2, framealpha=0.9)
        self.top = top
        controls = {
            "answer": widgets.Dropdown(
                options=[(f"output {k}", k) for k in range(n_out)],
                value=answer,
                description="right answer",
                style=SLIDER_STYLE,
                layout=widgets.Layout(width="16em"),
            ),
            "example": widgets.IntSlider(
                value=example,
                min=0,
                max=len(self.H) - 1,
                description="example",
                style=SLIDER_STYLE,
                layout=slider_layout("20em"),
            ),
        }
        super().__init__(fig, controls)
        self.bake(
            dynamic=[
                self.prev_units,
                self.out_units,
                *self.prev_texts,
                *self.out_labels,
                *self.out_texts,
                *axes_contents(bars_ax),
                bars_ax.get_legend(),
            ]
        )

    def nnlib_gradient(self, answer: int, example: int) -> np.ndarray:
        """``∂C/∂h`` from ``nnlib``: forward, then ``model.backprop(dC/da)``."""
        h = self.H[example][None, :]
        y = np.eye(self.W.shape[1])[answer][None, :]
        a = self.model.forward(h)
        return self.model.backprop(2 * (a - y))[0]

    def render(self, answer: int, example: int) -> dict[str, str]:
        h = self.H[example]
        n_out = self.W.shape[1]
        y = np.eye(n_out)[answer]
        a = sigmoid(h @ self.W + self.b)
        wishes, total = output_wishes(h, self.W, self.b, y)
        self.prev_units.set_array(h)
        self.out_units.set_array(a)
        for j, text in enumerate(self.prev_texts):
            text.set_text(subscripts(f"h{j + 1} = {h[j]:.2f}"))
        for k, text in enumerate(self.out_texts):
            arrow = "↑" if y[k] > a[k] else "↓"
            text.set_text(f"a = {a[k]:.2f}, wants {y[k]:.0f}\n{arrow} {y[k] - a[k]:+.2f}")
            text.set_color(self.colors[k])
            self.out_labels[k].set_color("black" if a[k] > 0.6 else "white")
        for k, bars in enumerate(self.wish_bars):
            for j, bar in enumerate(bars):
                bar.set_height(wishes[j, k])
        for j, (bar, text) in enumerate(zip(self.sum_bars, self.sum_texts)):
            bar.set_height(total[j])
            # the label goes beyond the tallest bar of the group, on the side of the sum
            offset = 0.06 * self.top
            if total[j] >= 0:
                y_text = max(total[j], wishes[j].max(), 0.0) + offset
            else:
                y_text = min(total[j], wishes[j].min(), 0.0) - offset
            text.set_position((j, y_text))
            text.set_verticalalignment("bottom" if total[j] >= 0 else "top")
            text.set_text(signed(total[j], 3))
        backprop = self.nnlib_gradient(answer, example)
        readouts: dict[str, str] = {}
        for k in range(n_out):
            readouts[f"output {k}: a → target"] = f"{a[k]:.3f} → {y[k]:.0f} ({y[k] - a[k]:+.3f})"
        for j in range(len(h)):
            readouts[subscripts(f"sum of wishes for h{j + 1}")] = signed(total[j], 4)
        same = np.allclose(total, -backprop, rtol=1e-10, atol=1e-12)
        readouts["= −∂C/∂h from nnlib's backprop"] = "yes" if same else "NO"
        return readouts


# ---------------------------------------------------------------------------------------------
# 4. forward then backward through a 2-3-2 network, one step per click
# ---------------------------------------------------------------------------------------------


def _format_values(value: np.ndarray, digits: int = 3) -> str:
    """'+0.123 -0.456' for a row; rows of a matrix separated by ' | '."""
    value = np.asarray(value)
    if value.ndim == 0:
        return f"{float(value):.{digits + 1}f}"
    rows = value.reshape(-1, value.shape[-1]) if value.ndim > 1 else value[None, :]
    return " | ".join(" ".join(signed(v, digits) for v in row) for row in rows)


class BackpropStepper(LiveWidget):
    """Forward, then backward, through a 2-3-2 sigmoid network: one quantity per click.

    Left: the network (units coloured by activation once computed, edges by weight), with the
    units, weights or cost that the current step computes outlined in orange and their values
    written beside them. Right: the ledger of all 14 steps, the current one highlighted, earlier
    ones with their values, later ones still to come. Buttons: next, previous, to the end, reset;
    the slider jumps to any step. Every value is checked against ``nnlib``'s ``layer.Z``, ``A``, ``dZ``,
    ``dW``, ``db`` after ``model.loss_and_gradients(X, Y, "mse")``.
    """

    title = "Backpropagation step by step (2-3-2 network, sigmoid, squared error)"

    def __init__(
        self,
        *,
        step: int = 0,
        X: Any = STEP_X,
        Y: Any = STEP_Y,
        W1: Any = STEP_W1,
        b1: Any = STEP_B1,
        W2: Any = STEP_W2,
        b2: Any = STEP_B2,
    ) -> None:
        self.X, self.Y = np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)
        if self.X.shape[0] != 1:
            raise ValueError("the step-through shows one example: X must have one row")
        self.W1, self.W2 = np.asarray(W1, dtype=np.float64), np.asarray(W2, dtype=np.float64)
        self.b1, self.b2 = np.asarray(b1, dtype=np.float64), np.asarray(b2, dtype=np.float64)
        self.steps = backprop_steps(X, Y, W1, b1, W2, b2)
        self.nnlib = nnlib_step_values(X, Y, W1, b1, W2, b2)
        self.agrees = {
            s.name: bool(np.allclose(s.value, self.nnlib[s.name], rtol=1e-10, atol=1e-13)) for s in self.steps
        }
        if not all(self.agrees.values()):
            bad = [n for n, ok in self.agrees.items() if not ok]
            raise AssertionError(f"numpy and nnlib disagree on {', '.join(bad)}")
        by_name = {s.name: s.value for s in self.steps}
        self.quantities = by_name
        n_in, n_hid = self.W1.shape
        n_out = self.W2.shape[1]
        self.sizes = (n_in, n_hid, n_out)

        fig, (ax, led) = new_figure(1, 2, figsize=(9.6, 4.6), width_ratios=[1.2, 1.3])
        self.ax, self.ledger_ax = ax, led
        ax.set_axis_off()
        ax.set(xlim=(-0.35, 3.1), ylim=(-0.02, 1.02))
        ys = [np.linspace(0.5 + 0.16 * (n - 1), 0.5 - 0.16 * (n - 1), n) for n in self.sizes]
        self.unit_xy = np.concatenate(
            [np.column_stack([np.full(n, float(i)), y]) for i, (n, y) in enumerate(zip(self.sizes, ys))]
        )
        self.layer_slices = {
            "input": slice(0, n_in),
            "hidden": slice(n_in, n_in + n_hid),
            "output": slice(n_in + n_hid, n_in + n_hid + n_out),
        }
        cost_xy = (2.85, 0.5)
        # edges, coloured by weight (blue negative, red positive), width by size
        self.edge_segments: dict[int, Any] = {}  # (n_edges, 2, 2) arrays: the stubs want sequences
        for layer, (W, y0, y1, x0) in {1: (self.W1, ys[0], ys[1], 0.0), 2: (self.W2, ys[1], ys[2], 1.0)}.items():
            segs: Any = np.array([[(x0, y0[i]), (x0 + 1, y1[j])] for i in range(W.shape[0]) for j in range(W.shape[1])])
            self.edge_segments[layer] = segs
            scaled = W.ravel() / np.max(np.abs(W))
            ax.add_collection(
                LineCollection(
                    segs,
                    colors=matplotlib.colormaps[CMAP_DIVERGING](0.5 + 0.5 * scaled),
                    linewidths=0.5 + 2.0 * np.abs(scaled),
                    zorder=1,
                )
            )
        ax.add_collection(LineCollection([[(2.0, y), cost_xy] for y in ys[2]], colors="0.7", linewidths=0.8, zorder=1))
        # the orange overlay on the edges that the current step uses
        self.edge_highlight = {
            layer: LineCollection(segs, colors=HIGHLIGHT, linewidths=4.0, alpha=0.45, zorder=2, visible=False)
            for layer, segs in self.edge_segments.items()
        }
        for coll in self.edge_highlight.values():
            ax.add_collection(coll)
        # the values written on the edges (weights while the forward pass uses them, dW after)
        self.edge_texts = {
            layer: [
                stamped_text(
                    ax,
                    0.7 * s[0][0] + 0.3 * s[1][0],
                    0.7 * s[0][1] + 0.3 * s[1][1],
                    "",
                    fontsize=6.5,
                    ha="center",
                    va="center",
                    zorder=5,
                    bbox=dict(boxstyle="round,pad=0.12", facecolor="white", edgecolor="none", alpha=0.85),
                )
                for s in segs
            ]
            for layer, segs in self.edge_segments.items()
        }
        self.units = ax.scatter(
            self.unit_xy[:, 0],
            self.unit_xy[:, 1],
            s=560,
            zorder=3,
            facecolors=_UNSET,
            edgecolors="0.35",
            linewidths=0.8,
        )
        self.norm = Normalize(0, 1)
        self.cmap = matplotlib.colormaps[CMAP_SEQUENTIAL]
        self.unit_names = (
            [subscripts(f"x{i + 1}") for i in range(n_in)]
            + [subscripts(f"h{i + 1}") for i in range(n_hid)]
            + [subscripts(f"o{i + 1}") for i in range(n_out)]
        )
        for (x, y), name in zip(self.unit_xy, self.unit_names):
            stamped_text(ax, x, y, name, ha="center", va="center", fontsize=8, zorder=4, color="0.1")
        box = dict(boxstyle="round,pad=0.1", facecolor="white", edgecolor="none", alpha=0.8)
        self.forward_texts = [
            stamped_text(ax, x, y - 0.065, "", ha="center", va="top", fontsize=7, zorder=4, bbox=box)
            for x, y in self.unit_xy
        ]
        self.backward_texts = [
            stamped_text(ax, x, y - 0.11, "", ha="center", va="top", fontsize=7, zorder=4, color="#8c2d04", bbox=box)
            for x, y in self.unit_xy
        ]
        for y, target in zip(ys[2], self.Y[0]):
            stamped_text(ax, 2.0, y + 0.07, f"target {target:g}", ha="center", va="bottom", fontsize=7, color="0.3")
        self.cost_box = FancyBboxPatch(
            (cost_xy[0] - 0.2, cost_xy[1] - 0.07),
            0.4,
            0.14,
            boxstyle="round,pad=0.02",
            facecolor="white",
            edgecolor="0.35",
            linewidth=0.8,
            zorder=3,
        )
        ax.add_patch(self.cost_box)
        self.cost_text = stamped_text(ax, *cost_xy, "C", ha="center", va="center", fontsize=8, zorder=4)
        for i, name in enumerate(("input", "hidden", "output")):
            stamped_text(ax, i, 0.0, name, ha="center", va="bottom", fontsize=8.5, color="0.3")
        self.phase_text = ax.set_title("", fontsize=10)

        # the ledger
        led.set_axis_off()
        led.set(xlim=(0, 1), ylim=(0, 1))
        n = len(self.steps)
        rows = n + 2  # two headers
        self.row_y: list[float] = []
        y = 0.985
        dy = 0.97 / rows
        header_y = {}
        for s in self.steps:
            if s.phase in ("forward", "backward") and s.phase not in header_y:
                header_y[s.phase] = y - dy / 2
                y -= dy
            self.row_y.append(y - dy / 2)
            y -= dy
        for phase, hy in header_y.items():
            label = "forward pass" if phase == "forward" else "backward pass"
            led.text(0.0, hy, label, fontsize=8.5, fontweight="bold", va="center")
        self.row_box = Rectangle((-0.01, 0), 1.02, dy, facecolor=HIGHLIGHT, alpha=0.28, edgecolor="none")
        led.add_patch(self.row_box)
        # one monospaced text per row (name, formula, value in columns); each row takes three
        # looks (later, now, done), so each is a stamped text, rasterised once per look
        self.ledger_texts = [
            stamped_text(led, 0.01, yy, "", va="center", fontfamily="monospace", fontsize=7.8) for yy in self.row_y
        ]

        self.step_slider = widgets.IntSlider(
            value=step, min=0, max=n - 1, description="step", style=SLIDER_STYLE, layout=slider_layout("20em")
        )
        self.next_button = action_button(
            "next", lambda: self.go(+1), icon="step-forward", tooltip="compute the next quantity"
        )
        self.previous_button = action_button(
            "previous", lambda: self.go(-1), icon="step-backward", tooltip="go back one quantity"
        )
        self.end_button = action_button(
            "to the end",
            lambda: self.go(len(self.steps)),
            icon="fast-forward",
            tooltip="jump to the last step: every gradient computed",
        )
        self.reset_button = action_button("reset", self.reset, icon="undo", tooltip="back to the input (step 0)")
        super().__init__(
            fig,
            {"step": self.step_slider},
            buttons={
                "next": self.next_button,
                "previous": self.previous_button,
                "to the end": self.end_button,
                "reset": self.reset_button,
            },
        )
        # everything but the weighted edges (beneath the rest) and the ledger's headers changes
        static = {
            id(c)
            for c in ax.collections
            if isinstance(c, LineCollection) and not any(c is h for h in self.edge_highlight.values())
        }
        self.bake(
            dynamic=[
                *(a for a in axes_contents(ax) if id(a) not in static),
                self.phase_text,
                self.row_box,
                *self.ledger_texts,
            ]
        )

    def control_rows(self) -> list[Any]:
        # the buttons, then the slider, in one row
        return [widgets.HBox([widgets.HBox(list(self.buttons.values())), self.step_slider])]

    # -- the buttons -------------------------------------------------------------------------

    def go(self, k: int) -> None:
        """Move ``k`` steps (next: +1, previous: -1, to the end: all); stops at the ends."""
        self.step_slider.value = int(np.clip(self.step_slider.value + k, 0, len(self.steps) - 1))

    def reset(self) -> None:
        """Back to step 0, the input (what the reset button does)."""
        self.step_slider.value = 0

    # -- drawing -----------------------------------------------------------------------------

    def ledger_row(self, i: int, state: str = "now") -> str:
        """Row ``i`` of the ledger.

        ``"now"``: name, formula and value ('dW2 = A1.T @ dZ2 = -0.051 +0.103 | ...');
        ``"done"``: name and value; ``"later"``: name and formula, the value still to come.
        (Few characters per row: drawing text is what a frame of this figure costs.)
        """
        s = self.steps[i]
        if state == "later":
            return f"{s.name:<4s}= {s.formula}"
        if state == "done":
            return f"{s.name:<4s}= {_format_values(s.value)}"
        return f"{s.name:<4s}= {s.formula} = {_format_values(s.value)}"

    def _unit_values(self, name: str) -> np.ndarray:
        return np.asarray(self.quantities[name])[0]

    def render(self, step: int) -> dict[str, str]:
        current = self.steps[step]
        done = {s.name for s in self.steps[: step + 1]}
        sl = self.layer_slices
        # unit fill: the activation once it is known (inputs from the start)
        faces = [_UNSET] * len(self.unit_xy)
        for layer, name in (("input", "X"), ("hidden", "A1"), ("output", "A2")):
            if name in done:
                for i, v in zip(range(sl[layer].start, sl[layer].stop), self._unit_values(name)):
                    faces[i] = self.cmap(self.norm(v))
        self.units.set_facecolors(faces)
        edge_colors = ["0.35"] * len(self.unit_xy)
        widths = np.full(len(self.unit_xy), 0.8)
        if current.units in sl:
            for i in range(sl[current.units].start, sl[current.units].stop):
                edge_colors[i], widths[i] = HIGHLIGHT, 3.5
        self.units.set_edgecolors(edge_colors)
        self.units.set_linewidths(widths)
        self.cost_box.set_edgecolor(HIGHLIGHT if current.units == "cost" else "0.35")
        self.cost_box.set_linewidth(3.0 if current.units == "cost" else 0.8)
        self.cost_text.set_text(f"C\n{float(self.quantities['C']):.4f}" if "C" in done else "C\n?")

        # forward text under each unit: the latest of z, a known; backward text: dZ (= db here)
        fwd = [""] * len(self.unit_xy)
        bwd = [""] * len(self.unit_xy)
        for i, v in zip(range(sl["input"].start, sl["input"].stop), self._unit_values("X")):
            fwd[i] = f"{v:g}"
        for layer, zname, aname, dname in (("hidden", "Z1", "A1", "dZ1"), ("output", "Z2", "A2", "dZ2")):
            idx = range(sl[layer].start, sl[layer].stop)
            if zname in done:
                zs = self._unit_values(zname)
                avals = self._unit_values(aname) if aname in done else None
                for n, i in enumerate(idx):
                    fwd[i] = f"z {signed(zs[n], 2)}" + (f" a {avals[n]:.2f}" if avals is not None else "")
            if dname in done:
                for n, i in enumerate(idx):
                    bwd[i] = f"dz {signed(self._unit_values(dname)[n], 3)}"
            elif layer == "output" and "dA2" in done:
                for n, i in enumerate(idx):
                    bwd[i] = f"da {signed(self._unit_values('dA2')[n], 3)}"
            elif layer == "hidden" and "dA1" in done:
                for n, i in enumerate(idx):
                    bwd[i] = f"da {signed(self._unit_values('dA1')[n], 3)}"
        for text, value in zip(self.forward_texts, fwd):
            text.set_text(value)
        for text, value in zip(self.backward_texts, bwd):
            text.set_text(value)

        # edges: the weights while Z uses them, dW when it is computed, W again when dA1 uses it
        for edge_layer in (1, 2):
            used = current.edges == edge_layer
            self.edge_highlight[edge_layer].set_visible(used)
            if used and current.name.startswith("dW"):
                values = np.asarray(current.value).ravel()
                labels = [f"{v:+.3f}" for v in values]
            elif used:
                labels = [f"{v:+.1f}" for v in (self.W1 if edge_layer == 1 else self.W2).ravel()]
            else:
                labels = [""] * len(self.edge_texts[edge_layer])
            for text, label in zip(self.edge_texts[edge_layer], labels):
                text.set_text(label)
                text.set_visible(bool(label))

        # the ledger
        for i, text in enumerate(self.ledger_texts):
            state = "done" if i < step else "now" if i == step else "later"
            text.set_text(self.ledger_row(i, state))
            text.set_color("0.55" if state == "later" else "black")
            text.set_fontweight("bold" if state == "now" else "normal")
        self.row_box.set_y(self.row_y[step] - self.row_box.get_height() / 2)
        phase = {"start": "the input", "forward": "forward", "backward": "backward"}
        self.phase_text.set_text(f"step {step} of {len(self.steps) - 1}: {phase[current.phase]}")

        current_value = np.asarray(current.value)
        return {
            "step": f"{step} of {len(self.steps) - 1} ({current.phase})",
            "computing": f"{current.name} = {current.formula}",
            "value": _format_values(current_value, 4),
            "shape": str(current_value.shape) if current_value.ndim else "a number",
            "nnlib keeps it as": current.nnlib,
            "nnlib's numbers agree": "yes" if self.agrees[current.name] else "NO",
        }


# ---------------------------------------------------------------------------------------------
# 5. a mini-batch: per-example gradients and their mean
# ---------------------------------------------------------------------------------------------


def batch_gradients_figure(per_example: Any, names: Sequence[str], mean: Any | None = None) -> Figure:
    """Each example's gradient (dots) and the mini-batch gradient, their mean (black bars).

    Parameters
    ----------
    per_example : array (n_examples, n_params)
        One row per example: the gradient of that example's cost, parameters flattened.
    names : sequence of str
        One label per parameter ("W1[0,0]", ..., "b2[1]").
    mean : array (n_params,), optional
        The batch gradient to draw; defaults to ``per_example.mean(axis=0)``.
    """
    G = np.asarray(per_example, dtype=np.float64)
    if G.ndim != 2 or G.shape[1] != len(names):
        raise ValueError(f"per_example must be (n_examples, {len(names)}), got {G.shape}")
    mean = G.mean(axis=0) if mean is None else np.asarray(mean, dtype=np.float64)
    fig, ax = new_figure(figsize=(8.6, 3.6))
    pos = np.arange(G.shape[1])
    jitter = np.linspace(-0.22, 0.22, G.shape[0])
    for i, row in enumerate(G):
        ax.scatter(
            pos + jitter[i],
            row,
            s=14,
            color=COLORS[0],
            alpha=0.75,
            zorder=2,
            label="one example's gradient" if i == 0 else None,
        )
    ax.bar(
        pos,
        mean,
        width=0.7,
        facecolor="none",
        edgecolor="black",
        linewidth=1.4,
        zorder=3,
        label=f"mean over the {G.shape[0]} examples = the batch gradient",
    )
    ax.axhline(0.0, color="0.3", linewidth=0.8)
    ax.set_xticks(pos, names, rotation=60, fontsize=7.5)
    ax.set_ylabel("∂C/∂parameter")
    ax.set_title("Each example pulls every parameter its own way; the batch gradient is the average", fontsize=10)
    ax.grid(axis="x", visible=False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2, fontsize=8, frameon=False)
    return fig


# ---------------------------------------------------------------------------------------------
# benchmark cases (benchmarks/widgets.py): one per widget class and per kind of control
# ---------------------------------------------------------------------------------------------

BENCH_CASES = [
    ("ChainRule (weight)", lambda: ChainRule(), {"w2": -1.5}),
    ("ChainRule (parameter)", lambda: ChainRule(), {"param": "b3"}),
    ("OutputWishes (answer)", lambda: OutputWishes(), {"answer": 2}),
    ("OutputWishes (example)", lambda: OutputWishes(), {"example": 3}),
    ("BackpropStepper", lambda: BackpropStepper(), {"step": 8}),
]
