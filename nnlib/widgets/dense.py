"""The pictures and widgets of lesson 05, dense layers.

What this module is for
-----------------------
- :func:`dense_layer_figure`: one dense layer drawn as units and connections, one unit's
  weights ``W[i, j]`` and bias ``b[j]`` labelled (static).
- :func:`matmul_figure`: ``X @ W + b = Z`` drawn as four small grids of numbers, with the row,
  column and entry of one dot product outlined (static).
- :class:`DigitFlow`: an MNIST test digit flowing through a 784-16-16-10 network; the units are
  coloured by their activations, the output units carry probability bars. Controls: which digit,
  which weights (e.g. untrained or briefly trained).
- :class:`StackFit`: small 1-input regression networks with 1-3 hidden layers and a choice of
  hidden activation, fitted once to a 1-D curve; the widget switches between the finished fits
  (so the toggle is instant) and shows what each hidden unit adds.
- :class:`WiderDeeper`: parameters of an MNIST network with a chosen number of hidden layers
  and units per layer, layer by layer.

What it is not
--------------
Not the lesson's idea itself: the notebook writes the dense layer, the parameter count and the
collapse of linear layers out in full and asserts they agree with ``nnlib``. The numbers behind
these pictures (``layer_outputs``, ``train_stack_fits``, ``dense_param_counts``) are
:mod:`nnlib.analysis.dense`; this module only draws. The widgets follow the one pattern of
:mod:`nnlib.widgets.live`.

Layouts are batch-first, as everywhere in nnlib: images ``(n_samples, 784)``, ``W (n_in, n_out)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from nnlib.analysis.dense import dense_param_counts, layer_outputs, stack_curves, train_stack_fits
from nnlib.layers import Dense
from nnlib.network import Sequential, single_threaded
from nnlib.plots import network_diagram
from nnlib.widgets.backdrop import axes_contents
from nnlib.widgets.canvas import new_figure
from nnlib.widgets.live import LiveWidget
from nnlib.widgets.style import CMAP_DIVERGING, COLORS, SLIDER_STYLE, short, slider_layout

__all__ = [
    "BENCH_CASES",
    "DigitFlow",
    "StackFit",
    "WiderDeeper",
    "dense_layer_figure",
    "matmul_figure",
]


# ---------------------------------------------------------------------------------------------
# static pictures
# ---------------------------------------------------------------------------------------------


def dense_layer_figure(n_in: int = 3, n_out: int = 4, highlight: int = 0) -> Figure:
    """A dense layer of ``n_out`` units on ``n_in`` inputs: every input connects to every unit.

    The connections into unit ``highlight`` are drawn bold and labelled with their weights
    ``W[i, j]`` (batch-first: row ``i`` = input, column ``j`` = unit); beside each unit, the
    formula for its activation.

    Returns
    -------
    Figure
        Show it with ``show_figure(fig)``.
    """
    fig, ax = new_figure(figsize=(8.0, 3.2))
    ax.set_axis_off()
    y_in = np.linspace(0.78, 0.22, n_in) if n_in > 1 else np.array([0.5])
    y_out = np.linspace(0.92, 0.08, n_out) if n_out > 1 else np.array([0.5])
    x_in, x_out = 0.0, 1.0
    for i, yi in enumerate(y_in):
        for j, yj in enumerate(y_out):
            bold = j == highlight
            ax.plot(
                [x_in, x_out],
                [yi, yj],
                color=COLORS[0] if bold else "0.78",
                linewidth=2.2 if bold else 0.9,
                zorder=2 if bold else 1,
            )
            if bold:
                t = 0.36  # label position along the line, where the bold lines are apart
                ax.text(
                    x_in + t * (x_out - x_in),
                    yi + t * (yj - yi),
                    f"W[{i}, {j}]",
                    fontsize=8,
                    color=COLORS[0],
                    ha="center",
                    va="center",
                    zorder=4,
                    bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none"},
                )
    ax.scatter(np.full(n_in, x_in), y_in, s=480, color="white", edgecolors="0.3", zorder=3)
    ax.scatter(np.full(n_out, x_out), y_out, s=480, color="white", edgecolors="0.3", zorder=3)
    for i, yi in enumerate(y_in):
        ax.text(x_in, yi, f"x{i}", ha="center", va="center", fontsize=10, zorder=4)
    for j, yj in enumerate(y_out):
        ax.text(
            x_out,
            yj,
            f"a{j}",
            ha="center",
            va="center",
            fontsize=10,
            zorder=4,
            color=COLORS[0] if j == highlight else "black",
        )
        terms = (
            " + ".join(f"x{i}·W[{i}, {j}]" for i in range(n_in))
            if n_in <= 4
            else (f"x0·W[0, {j}] + ... + x{n_in - 1}·W[{n_in - 1}, {j}]")
        )
        ax.text(
            x_out + 0.16,
            yj,
            f"a{j} = f({terms} + b[{j}])",
            ha="left",
            va="center",
            fontsize=9,
            color=COLORS[0] if j == highlight else "0.2",
        )
    ax.text(x_in, 0.0, f"{n_in} inputs", ha="center", va="top", fontsize=10)
    ax.text(x_out, 0.0, f"{n_out} units", ha="center", va="top", fontsize=10)
    ax.set_xlim(-0.2, 3.3)
    ax.set_ylim(-0.1, 1.0)
    ax.set_title(
        f"A dense layer: every unit sees every input; {n_in} × {n_out} = {n_in * n_out} weights + {n_out} biases",
        fontsize=11,
    )
    return fig


def _paren(v: float) -> str:
    return f"({short(v)})" if v < 0 else short(v)


def matmul_figure(X: np.ndarray, W: np.ndarray, b: np.ndarray, Z: np.ndarray, row: int = 0, col: int = 0) -> Figure:
    """``X @ W + b = Z`` as four grids of numbers, with one dot product outlined.

    Row ``row`` of ``X``, column ``col`` of ``W``, entry ``b[col]`` and entry ``Z[row, col]`` are
    outlined: that entry is the weighted input of unit ``col`` for sample ``row``.

    Parameters
    ----------
    X : (n_samples, n_in)
    W : (n_in, n_out)
    b : (n_out,)
    Z : (n_samples, n_out), normally ``X @ W + b``
    """
    X, W, Z = (np.atleast_2d(np.asarray(a, dtype=np.float64)) for a in (X, W, Z))
    b = np.asarray(b, dtype=np.float64).reshape(1, -1)
    if X.shape[1] != W.shape[0] or W.shape[1] != b.shape[1] or Z.shape != (X.shape[0], W.shape[1]):
        raise ValueError(f"shapes do not fit X @ W + b = Z: X {X.shape}, W {W.shape}, b {b.shape[1:]}, Z {Z.shape}")
    panels = [
        ("X", X, f"X {X.shape}\nrow = one sample"),
        ("W", W, f"W {W.shape}\ncolumn = one unit's weights"),
        ("b", b, f"b ({b.shape[1]},)\none bias per unit"),
        ("Z", Z, f"Z = X @ W + b {Z.shape}\nrow = sample, column = unit"),
    ]
    widths = [a.shape[1] for _, a, _ in panels]
    fig, axes = new_figure(1, 4, figsize=(8.6, 2.9), width_ratios=widths)
    biggest = max(float(np.max(np.abs(a))) for _, a, _ in panels) or 1.0
    norm = Normalize(-biggest, biggest)
    outline: dict[str, tuple[str, Any]] = {
        "X": ("row", row),
        "W": ("col", col),
        "b": ("col", col),
        "Z": ("cell", (row, col)),
    }
    for ax, (name, a, title) in zip(axes, panels):
        ax.imshow(a, cmap=CMAP_DIVERGING, norm=norm, aspect="equal")
        ax.grid(False)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(title, fontsize=9)
        for (r, c), v in np.ndenumerate(a):
            ax.text(
                c,
                r,
                short(v),
                ha="center",
                va="center",
                fontsize=8,
                color="white" if abs(v) > 0.6 * biggest else "black",
            )
        kind, where = outline[name]
        if kind == "row":
            box = Rectangle((-0.5, where - 0.5), a.shape[1], 1)
        elif kind == "col":
            box = Rectangle((where - 0.5, -0.5), 1, a.shape[0])
        else:
            box = Rectangle((where[1] - 0.5, where[0] - 0.5), 1, 1)
        box.set(fill=False, edgecolor=COLORS[1], linewidth=2.5)
        ax.add_patch(box)
    for ax, symbol in zip(axes[:3], ("@", "+", "=")):
        ax.annotate(
            symbol,
            xy=(1.0, 0.5),
            xycoords="axes fraction",
            xytext=(6, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=16,
        )
    terms = " + ".join(f"{short(X[row, i])}·{_paren(W[i, col])}" for i in range(X.shape[1]))
    fig.suptitle(
        f"Z[{row}, {col}] = (row {row} of X) · (column {col} of W) + b[{col}] = "
        f"{terms} + {_paren(b[0, col])} = {short(Z[row, col])}",
        fontsize=10,
    )
    return fig


# ---------------------------------------------------------------------------------------------
# a digit flowing through 784-16-16-10
# ---------------------------------------------------------------------------------------------


class DigitFlow(LiveWidget):
    """An MNIST digit flowing through a dense network: units coloured by their activations.

    The input layer is drawn as the 28 × 28 image; each hidden and output unit is a circle whose
    colour is its activation (viridis, 0 dark to 1 yellow).
    Beside each output unit a bar shows its probability (the softmax output).

    Parameters
    ----------
    models : mapping of name to Sequential
        Networks with 784 inputs and 10 softmax outputs (e.g. ``{"untrained": m0, "trained":
        m1}``); the "weights" control picks one. All must have the same layer sizes.
    images : ndarray, shape (n_samples, 784)
        Pixels scaled to [0, 1].
    labels : ndarray, shape (n_samples,)
        The true digits.
    index : int
        The digit shown first.
    weights : str, optional
        The model shown first (default the first one).

    Controls: ``digit`` (row of ``images``), ``weights`` (a name from ``models``).
    Readouts: the true label, the predicted digit, the three most probable digits, how many units
    of each hidden layer are more than half on, and the chosen weights' accuracy on all of
    ``images``.
    """

    title = "A digit flowing through a dense network"

    def __init__(
        self,
        models: Mapping[str, Sequential],
        images: np.ndarray,
        labels: np.ndarray,
        *,
        index: int = 0,
        weights: str | None = None,
    ) -> None:
        if not models:
            raise ValueError("models must name at least one network, e.g. {'trained': model}")
        images = np.asarray(images)
        labels = np.asarray(labels).astype(np.int64)
        if images.ndim != 2:
            raise ValueError(
                f"images must be (n_samples, n_pixels), got shape {images.shape}: "
                "load them with load_mnist(scaled=True, flatten=True)"
            )
        if len(images) != len(labels):
            raise ValueError(f"{len(images)} images but {len(labels)} labels")
        sizes = None
        for name, model in models.items():
            if sizes is None:
                sizes = model.layer_sizes
            elif model.layer_sizes != sizes:
                raise ValueError(
                    f"model {name!r} has layer sizes {model.layer_sizes}, the "
                    f"others {sizes}: the diagram needs one shape"
                )
        assert sizes is not None
        if sizes[0] != images.shape[1]:
            raise ValueError(f"images have {images.shape[1]} pixels but the models expect {sizes[0]} inputs")
        self.sizes = list(sizes)
        self.images = images
        self.labels = labels
        self.models = dict(models)
        # every activation of every image, once: moving the slider is then only indexing
        with single_threaded():
            self.outputs = {name: layer_outputs(m, images) for name, m in self.models.items()}
        self.accuracy = {name: float(np.mean(out[-1].argmax(axis=1) == labels)) for name, out in self.outputs.items()}
        first = weights if weights is not None else next(iter(self.models))
        if first not in self.models:
            raise ValueError(f"weights={first!r} is not one of {list(self.models)}")

        fig, ax = new_figure(figsize=(7.3, 3.9))
        names = ["input 784\n(28 × 28 pixels)" if sizes[0] == 784 else f"input {sizes[0]}"]
        names += [f"hidden layer {k}\n{n} units" for k, n in enumerate(sizes[1:-1], start=1)]
        names += [f"output\n{sizes[-1]} units"]
        out_labels = [str(d) for d in range(sizes[-1])]
        # connections stay thin and grey: 416 lines coloured by weight are a blur, and this
        # picture is about the activations flowing through them
        self.diagram = network_diagram(ax, sizes, layer_names=names, output_labels=out_labels)
        # probability bars beside the output units, in the diagram's own coordinates
        n_out = sizes[-1]
        out_xy = np.asarray(self.diagram.units.get_offsets())[-n_out:]
        self._bar_x0 = float(out_xy[0, 0]) + 0.32
        self._bar_len = 0.8
        spacing = float(abs(out_xy[0, 1] - out_xy[1, 1])) if n_out > 1 else 0.1
        self.bars = ax.barh(
            out_xy[:, 1], np.zeros(n_out), left=self._bar_x0, height=0.6 * spacing, color=COLORS[0], zorder=2
        )
        ax.text(self._bar_x0, -0.08, "probability", ha="left", va="top", fontsize=9)
        (self._bar_base,) = ax.plot(
            [self._bar_x0, self._bar_x0],
            [out_xy[-1, 1] - spacing / 2, out_xy[0, 1] + spacing / 2],
            color="0.4",
            linewidth=0.8,
            zorder=2,
        )
        ax.set_xlim(ax.get_xlim()[0], self._bar_x0 + self._bar_len + 0.25)
        self.headline = ax.set_title(" ", fontsize=11)
        cbar = fig.colorbar(self.diagram.units, ax=ax, shrink=0.55, pad=0.01, aspect=25)
        cbar.set_label("activation", fontsize=9)
        cbar.set_ticks([0.0, 0.5, 1.0])
        cbar.ax.tick_params(labelsize=8)
        super().__init__(
            fig,
            {
                "digit": widgets.IntSlider(
                    value=int(index),
                    min=0,
                    max=len(images) - 1,
                    step=1,
                    description="test digit #",
                    style=SLIDER_STYLE,
                    layout=slider_layout("28em"),
                ),
                "weights": widgets.Dropdown(
                    options=list(self.models), value=first, description="weights", style=SLIDER_STYLE
                ),
            },
        )
        self.bake(dynamic=[self.diagram.units, self.diagram.image, *self.bars, self._bar_base, self.headline])

    def render(self, digit: int, weights: str) -> dict[str, str]:
        out = self.outputs[weights]
        x = self.images[digit]
        acts = [x] + [A[digit] for A in out]
        self.diagram.update(acts)
        probs = acts[-1]
        for rect, p in zip(self.bars, probs):
            rect.set_width(self._bar_len * p)
        order = np.argsort(-probs, kind="stable")
        predicted = int(order[0])
        label = int(self.labels[digit])
        verdict = "right" if predicted == label else "wrong"
        self.headline.set_text(f"test digit #{digit}: a {label};  the network says {predicted} ({verdict})")
        hidden = [int(np.sum(h > 0.5)) for h in acts[1:-1]]
        readouts = {"label": str(label), "prediction": f"{predicted} ({verdict})"}
        for rank, k in zip(("most likely", "2nd", "3rd"), order[:3]):
            readouts[rank] = f"{k} ({100 * probs[k]:.1f}%)"
        for k, (n_on, n) in enumerate(zip(hidden, self.sizes[1:-1]), start=1):
            readouts[f"hidden {k}: units > 0.5"] = f"{n_on} of {n}"
        readouts["accuracy"] = f"{100 * self.accuracy[weights]:.1f}%"
        return readouts


# ---------------------------------------------------------------------------------------------
# stacked layers with and without an activation, fitted to a 1-D curve
# ---------------------------------------------------------------------------------------------


class StackFit(LiveWidget):
    """Fit a curve with stacked dense layers: toggle the hidden activation and the depth.

    Left: the points, the network's fit, and the best straight line (dashed). Right: what each
    unit of the last hidden layer adds to the output, ``v_j · h_j(x)`` (``v`` = output weights);
    the fit is their sum plus the output bias. With a linear activation every part is a straight
    line, so their sum is one too, however many layers there are.

    Parameters
    ----------
    fits : mapping (activation, depth) -> Sequential
        From :func:`train_stack_fits`; every combination of the activations and depths in it.
    x, y : ndarray, shape (n_samples, 1)
        The points the networks were fitted to.
    activation, depth : the choice shown first.

    Controls: ``activation`` (dropdown), ``hidden layers`` passed as ``depth`` (dropdown).
    Readouts: the network's layer sizes and parameters, its mean squared error, the best straight
    line's error.
    """

    title = "Fitting a curve with stacked dense layers"

    def __init__(
        self,
        fits: Mapping[tuple[str, int], Sequential],
        x: np.ndarray,
        y: np.ndarray,
        *,
        activation: str | None = None,
        depth: int | None = None,
    ) -> None:
        x = np.asarray(x, dtype=np.float64).reshape(-1, 1)
        y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
        activations = list(dict.fromkeys(a for a, _ in fits))
        depths = sorted({d for _, d in fits})
        missing = [(a, d) for a in activations for d in depths if (a, d) not in fits]
        if missing:
            raise ValueError(f"fits is missing {missing}: train every activation at every depth")
        lo, hi = float(x.min()), float(x.max())
        pad = 0.05 * (hi - lo)
        self.grid = np.linspace(lo - pad, hi + pad, 300).reshape(-1, 1)
        self.curves = {key: stack_curves(model, self.grid, x, y) for key, model in fits.items()}
        # the best straight line y = w x + c, by least squares: no linear stack can beat it
        design = np.column_stack([x[:, 0], np.ones(len(x))])
        coef, *_ = np.linalg.lstsq(design, y[:, 0], rcond=None)
        self.best_line_mse = float(np.mean((design @ coef - y[:, 0]) ** 2))
        width = next(iter(self.curves.values())).parts.shape[1]

        fig, (ax_fit, ax_parts) = new_figure(1, 2, figsize=(7.4, 3.3))
        ax_fit.scatter(x[:, 0], y[:, 0], s=16, color=COLORS[0], zorder=3, label="points to fit")
        (self.fit_line,) = ax_fit.plot(
            self.grid[:, 0], np.zeros(len(self.grid)), color=COLORS[1], linewidth=2.5, label="network's fit", zorder=2
        )
        # on top of the fit, so it stays visible when a linear network's fit lies on it
        ax_fit.plot(
            self.grid[:, 0],
            coef[0] * self.grid[:, 0] + coef[1],
            linestyle="--",
            color=COLORS[3],
            linewidth=1.3,
            label="best straight line",
            zorder=2.5,
        )
        span = float(y.max() - y.min()) or 1.0
        ax_fit.set(
            xlim=(lo - pad, hi + pad),
            ylim=(float(y.min()) - 0.25 * span, float(y.max()) + 0.25 * span),
            xlabel="x (the one input)",
            ylabel="y",
        )
        ax_fit.legend(loc="upper left", fontsize=8)
        self.ax_parts = ax_parts
        self.part_lines = [
            ax_parts.plot(self.grid[:, 0], np.zeros(len(self.grid)), linewidth=1.3, color=COLORS[j % 2 * 4])[0]
            for j in range(width)
        ]
        ax_parts.axhline(0.0, color="0.5", linewidth=0.8)
        ax_parts.set(
            xlim=(lo - pad, hi + pad), xlabel="x", title=r"what each last-hidden unit adds: $v_j \cdot h_j(x)$"
        )
        self.ax_fit = ax_fit
        self.headline = ax_fit.set_title(" ")
        ax_parts.title.set_fontsize(10)
        ax_fit.title.set_fontsize(10)
        super().__init__(
            fig,
            {
                "activation": widgets.Dropdown(
                    options=activations,
                    value=activation or activations[0],
                    description="hidden activation",
                    style=SLIDER_STYLE,
                ),
                "depth": widgets.Dropdown(
                    options=[(str(d), d) for d in depths],
                    value=depth or depths[0],
                    description="hidden layers",
                    style=SLIDER_STYLE,
                ),
            },
        )
        # the right panel's y range follows the parts: its y axis is drawn every frame
        self.bake(
            dynamic=[
                *axes_contents(ax_fit),
                ax_fit.get_legend(),
                self.headline,
                *axes_contents(ax_parts),
                ax_parts.yaxis,
            ]
        )

    def render(self, activation: str, depth: int) -> dict[str, str]:
        c = self.curves[(activation, depth)]
        self.fit_line.set_ydata(c.fit)
        for line, part in zip(self.part_lines, c.parts.T):
            line.set_ydata(part)
        top = float(np.max(np.abs(c.parts))) or 1.0
        self.ax_parts.set_ylim(-1.1 * top, 1.1 * top)
        layers = "layer" if depth == 1 else "layers"
        self.headline.set_text(f"{depth} hidden {layers} of {c.sizes[1]} units, {activation}")
        return {
            "network": "-".join(map(str, c.sizes)),
            "parameters": str(c.n_params),
            "mean squared error": f"{c.mse:.4f}",
            "best straight line": f"{self.best_line_mse:.4f}",
        }


# ---------------------------------------------------------------------------------------------
# wider or deeper: parameter counts
# ---------------------------------------------------------------------------------------------


class WiderDeeper(LiveWidget):
    """Where the parameters of an MNIST network sit, as it gets wider or deeper.

    The network is ``n_in``, then ``hidden layers`` layers of ``units`` each, then ``n_out``.
    Left: parameters per layer (weights + biases). Right: the total against the units per layer,
    one curve per number of hidden layers, with the chosen network marked.

    Controls: ``depth`` (hidden layers), ``width`` (units per hidden layer).
    Readouts: the hidden layers, the total, the first layer's share, and the ratio to the total
    of ``reference`` ("ours", 784-16-16-10 by default).
    """

    title = "Wider or deeper: where the parameters are"

    def __init__(
        self,
        depth: int = 2,
        width: int = 16,
        *,
        n_in: int = 784,
        n_out: int = 10,
        max_depth: int = 4,
        max_width: int = 128,
        reference: Sequence[int] = (784, 16, 16, 10),
    ) -> None:
        self.n_in, self.n_out = int(n_in), int(n_out)
        self.max_depth = int(max_depth)
        self.reference = list(reference)
        self.reference_total = sum(dense_param_counts(self.reference))
        widths = np.arange(4, max_width + 1, 4)

        fig, (ax_bars, ax_total) = new_figure(1, 2, figsize=(7.2, 3.3), width_ratios=[1.1, 1.0])
        slots = np.arange(self.max_depth + 1)
        self.bars = ax_bars.bar(slots, np.zeros(len(slots)), width=0.7, color=COLORS[0])
        self.bar_counts = [ax_bars.text(s, 0.0, "", ha="center", va="bottom", fontsize=8) for s in slots]
        self.bar_names = [
            ax_bars.text(s, -0.02, "", ha="center", va="top", fontsize=8, transform=ax_bars.get_xaxis_transform())
            for s in slots
        ]
        ax_bars.set_xticks([])
        ax_bars.set_xlim(-0.6, self.max_depth + 0.6)
        ax_bars.set_ylabel("parameters (weights + biases)")
        ax_bars.set_title("parameters in each layer", fontsize=10)
        ax_bars.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        ax_bars.yaxis.set_major_locator(MaxNLocator(5))  # few tick labels: they cost draw time
        ax_bars.set_xlabel("layer (from → to units)", labelpad=18)

        for d in range(1, self.max_depth + 1):
            totals = [sum(dense_param_counts([n_in] + [int(w)] * d + [n_out])) for w in widths]
            ax_total.plot(
                widths,
                totals,
                color=COLORS[(d - 1) % len(COLORS)],
                linestyle=("-", "--", "-.", ":")[(d - 1) % 4],
                linewidth=1.8,
                label=f"{d} hidden layer{'s' if d > 1 else ''}",
            )
        ax_total.axhline(self.reference_total, color="0.5", linewidth=0.8)
        ours = "ours: " + "-".join(map(str, self.reference))
        ax_total.text(widths[-1], self.reference_total, ours, ha="right", va="bottom", fontsize=8, color="0.35")
        (self.marker,) = ax_total.plot(
            [width], [0], "D", markersize=9, color="black", markeredgecolor="white", zorder=5, label="your network"
        )
        ax_total.set(xlabel="units per hidden layer", ylabel="total parameters", xlim=(0, max_width + 4))
        ax_total.set_title("total, by width and depth", fontsize=10)
        ax_total.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        ax_total.yaxis.set_major_locator(MaxNLocator(5))
        ax_total.legend(fontsize=8, loc="upper left")
        self.ax_bars = ax_bars
        # lay out with the tallest bars the sliders can make, so the widest tick labels fit
        ax_bars.set_ylim(0, 1.15 * dense_param_counts([n_in, max_width])[0])
        super().__init__(
            fig,
            {
                "depth": widgets.IntSlider(
                    value=int(depth),
                    min=1,
                    max=self.max_depth,
                    step=1,
                    description="hidden layers",
                    style=SLIDER_STYLE,
                    layout=slider_layout("28em"),
                ),
                "width": widgets.IntSlider(
                    value=int(width),
                    min=int(widths[0]),
                    max=int(widths[-1]),
                    step=4,
                    description="units per hidden layer",
                    style=SLIDER_STYLE,
                    layout=slider_layout("28em"),
                ),
            },
        )
        # the bars' y range follows the largest layer: their y axis is drawn every frame
        self.bake(dynamic=[*axes_contents(ax_bars), ax_bars.yaxis, self.marker, ax_total.get_legend()])

    def render(self, depth: int, width: int) -> dict[str, str]:
        sizes = [self.n_in] + [int(width)] * int(depth) + [self.n_out]
        counts = dense_param_counts(sizes)
        total = sum(counts)
        top = max(counts)
        for k, (rect, count_text, name_text) in enumerate(zip(self.bars, self.bar_counts, self.bar_names)):
            if k < len(counts):
                rect.set_height(counts[k])
                count_text.set_position((k, counts[k]))
                count_text.set_text(f"{counts[k]:,}")
                name_text.set_text(f"{sizes[k]}→{sizes[k + 1]}")
            else:
                rect.set_height(0.0)
                count_text.set_text("")
                name_text.set_text("")
        self.ax_bars.set_ylim(0, 1.15 * top)
        self.marker.set_data([width], [total])
        return {
            "hidden layers": f"{depth} × {width} units",
            "parameters": f"{total:,}",
            "in layer 1": f"{100 * counts[0] / total:.1f}%",
            "vs ours": f"{total / self.reference_total:.2f} ×",
        }


# ---------------------------------------------------------------------------------------------
# benchmarks (collected by benchmarks/widgets.py)
# ---------------------------------------------------------------------------------------------


def _bench_digit_flow() -> DigitFlow:
    rng = np.random.default_rng(0)
    images = rng.random((200, 784)) * (rng.random((200, 784)) < 0.2)
    labels = rng.integers(0, 10, 200)

    def model(seed: int) -> Sequential:
        return Sequential(
            [Dense(16, "sigmoid", input_shape=[784]), Dense(16, "sigmoid"), Dense(10, "softmax")],
            rng=np.random.default_rng(seed),
        )

    return DigitFlow({"untrained": model(0), "other weights": model(1)}, images, labels)


def _bench_stack_fit() -> StackFit:
    rng = np.random.default_rng(0)
    x = np.linspace(-2.0, 2.0, 41).reshape(-1, 1)
    fits = train_stack_fits(
        x, np.sin(2 * x), activations=("linear", "relu"), depths=(1, 2), epochs=20, starts=1, rng=rng
    )
    return StackFit(fits, x, np.sin(2 * x))


BENCH_CASES = [
    ("DigitFlow", _bench_digit_flow, {"digit": 7}),
    ("DigitFlow weights", _bench_digit_flow, {"weights": "other weights"}),
    ("StackFit", _bench_stack_fit, {"activation": "relu"}),
    ("StackFit depth", _bench_stack_fit, {"depth": 2}),
    ("WiderDeeper", WiderDeeper, {"width": 64}),
    ("WiderDeeper depth", WiderDeeper, {"depth": 3}),
]
