"""The widgets of lesson 03 (XOR): one neuron against XOR, a 2-2-1 network with its input plane
and hidden plane side by side, and sigmoid "bumps" summed into any curve.

What this module is for
-----------------------
- :class:`OneNeuronXOR`: sliders ``w1, w2, b`` of one step neuron over the four inputs of a
  truth table; its decision line and the number of points it gets right (never 4 for XOR).
- :class:`TwoLayerXOR`: sliders on all 9 parameters of a 2-2-1 sigmoid network. Left, the input
  plane: the two hidden units' lines, the output's decision region. Right, the hidden plane:
  where the four inputs land at ``(h1, h2)``, how the whole input grid is bent, and the output
  unit's straight line there.
- :class:`BumpBuilder`: one bump ``height * (sigmoid(s (x - left)) - sigmoid(s (x - right)))``
  from two sigmoid units, with sliders for steepness, edges and height.
- :class:`BumpSum`: a target curve approximated by a sum of such bumps (a hidden layer of
  ``2 n`` sigmoid units), with the number of bumps as a slider and the largest error as a readout.
- Static pictures (show them with ``show_figure``): :func:`gates_figure` (AND, OR and XOR in the
  input plane), :func:`network_221_figure` (the 2-2-1 network with its 9 parameters named as the
  sliders are) and :func:`training_figure` (loss and accuracy of an XOR training run).
- The numbers (the 2-2-1 forward pass, the sum of bumps) are :mod:`nnlib.analysis.xor`.

What it is not
--------------
Not the lesson's code: the notebook writes the 2-2-1 forward pass and the sum of bumps out in
numpy and checks them against ``nnlib``; these classes only draw. Everything is batch-first as
in ``nnlib``: inputs ``X (n_samples, 2)``, ``W_hidden (2, 2)`` with ``W_hidden[i, j]`` from input
``i`` to hidden unit ``j``, ``b_hidden (2,)``, ``W_out (2, 1)``, ``b_out (1,)``.

Colours: points are blue circles (output 0) and orange squares (output 1), the classes' colours
in ``nnlib.plots``; the background goes from pale blue (network says 0) through white (0.5) to
pale orange (network says 1); hidden unit h1 is bluish green, h2 reddish purple (Okabe-Ito), each
with its own dash pattern, so nothing depends on colour alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon

from nnlib.activations import sigmoid
from nnlib.analysis.neuron import decision_line, positive_region
from nnlib.analysis.xor import bump_sum, forward_221
from nnlib.toy import GATES
from nnlib.plots import CLASS_COLORS, CLASS_MARKERS, decision_surface
from nnlib.widgets.backdrop import axes_contents
from nnlib.widgets.canvas import new_figure
from nnlib.widgets.live import LiveWidget
from nnlib.widgets.style import COLORS

__all__ = [
    "BENCH_CASES",
    "BumpBuilder",
    "BumpSum",
    "CMAP_OUTPUT",
    "GATE_TABLES",
    "OneNeuronXOR",
    "TARGETS",
    "TwoLayerXOR",
    "XOR_PRESETS",
    "gates_figure",
    "network_221_figure",
    "training_figure",
]

# ---------------------------------------------------------------------------------------------
# shared pieces
# ---------------------------------------------------------------------------------------------

#: the four inputs (0, 0), (0, 1), (1, 0), (1, 1), one per row, as in ``nnlib.toy.logic_gate``
INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
#: outputs for those four inputs, from ``nnlib.toy.GATES`` in the order of the gate menu; XNOR
#: is "not XOR", the other gate no line can compute
GATE_TABLES: dict[str, tuple[int, ...]] = {
    "xor": GATES["xor"],
    "xnor": tuple(1 - v for v in GATES["xor"]),
    **{name: GATES[name] for name in ("and", "or", "nand", "nor")},
}
_POINT_NAMES = ("(0,0)", "(0,1)", "(1,0)", "(1,1)")
# where each point's label sits, in points from the marker: away from the square's centre
_LABEL_OFFSETS = ((-9, -11), (-9, 9), (9, -11), (9, 9))
_LABEL_ALIGN = (("right", "top"), ("right", "bottom"), ("left", "top"), ("left", "bottom"))

PALE_BLUE, PALE_ORANGE = "#A2C8EC", "#FFBC79"  # the pale twins of the class colours
#: network output 0 -> pale blue, 0.5 -> white, 1 -> pale orange (colour-blind safe)
CMAP_OUTPUT = LinearSegmentedColormap.from_list("output_blue_orange", [PALE_BLUE, "#FFFFFF", PALE_ORANGE])
H1_COLOR, H2_COLOR = "#009E73", "#CC79A7"  # Okabe-Ito bluish green and reddish purple
H1_DASH, H2_DASH = (0, (6, 3)), (0, (2, 2))  # long dashes, short dashes
ERROR_COLOR = "#D55E00"  # Okabe-Ito vermillion


def _segment(
    w1: float, w2: float, b: float, xlim: tuple[float, float], ylim: tuple[float, float]
) -> tuple[list[float], list[float]]:
    """The decision line inside the box as ``(xs, ys)`` for ``set_data``, drawn from its left end
    (where a dashed line's pattern starts); empty when the line misses the box."""
    ends = decision_line(w1, w2, b, xlim, ylim)
    if ends is None:
        return [], []
    (xa, ya), (xb, yb) = sorted(map(tuple, ends.tolist()))
    return [xa, xb], [ya, yb]


def _point_artists(ax: Any, labels: bool = True, size: float = 9.0) -> tuple[list[Line2D], Line2D, list[Any]]:
    """Four one-point markers (recoloured per class), one ring marker for mistakes, four labels."""
    points = [
        ax.plot(
            [x],
            [y],
            linestyle="none",
            marker="o",
            markersize=size,
            markeredgecolor="black",
            markeredgewidth=0.8,
            zorder=5,
        )[0]
        for x, y in INPUTS
    ]
    (rings,) = ax.plot(
        [],
        [],
        linestyle="none",
        marker="o",
        markersize=size + 9,
        markerfacecolor="none",
        markeredgecolor="black",
        markeredgewidth=1.6,
        zorder=4,
    )
    texts = []
    if labels:
        for (x, y), name, off, (ha, va) in zip(INPUTS, _POINT_NAMES, _LABEL_OFFSETS, _LABEL_ALIGN):
            texts.append(
                ax.annotate(name, (x, y), xytext=off, textcoords="offset points", ha=ha, va=va, fontsize=8, zorder=6)
            )
    return points, rings, texts


def _style_points(points: list[Line2D], target: np.ndarray) -> None:
    for line, t in zip(points, target):
        line.set_marker(CLASS_MARKERS[int(t)])
        line.set_markerfacecolor(CLASS_COLORS[int(t)])


def _class_handles(name: str = "XOR") -> list[Line2D]:
    return [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=CLASS_MARKERS[k],
            markersize=8,
            markerfacecolor=CLASS_COLORS[k],
            markeredgecolor="black",
            label=f"{name} = {k}",
        )
        for k in (0, 1)
    ]


def _ring_handle() -> Line2D:
    return Line2D(
        [],
        [],
        linestyle="none",
        marker="o",
        markersize=12,
        markerfacecolor="none",
        markeredgecolor="black",
        markeredgewidth=1.6,
        label="wrong",
    )


def _columns(columns: list[list[Any]], headers: list[str] | None = None) -> Any:
    """Controls in several columns side by side, each under an optional bold header."""
    boxes = []
    for k, column in enumerate(columns):
        items = ([widgets.HTML(f"<b>{headers[k]}</b>")] if headers else []) + list(column)
        boxes.append(widgets.VBox(items))
    return widgets.HBox(boxes)


# ---------------------------------------------------------------------------------------------
# AND, OR, XOR in the input plane (a static picture)
# ---------------------------------------------------------------------------------------------


def gates_figure(gates: tuple[str, ...] = ("and", "or", "xor")) -> Any:
    """A figure with one panel per gate: its four points, and a separating line where one exists.

    The lines drawn are ``x1 + x2 = 1.5`` (AND), ``x1 + x2 = 0.5`` (OR) and their mirror images
    for NAND and NOR; XOR and XNOR get none (the lesson shows that none exists).
    """
    lines = {"and": (1, 1, -1.5), "or": (1, 1, -0.5), "nand": (1, 1, -1.5), "nor": (1, 1, -0.5)}
    fig, axes = new_figure(1, len(gates), figsize=(2.7 * len(gates), 3.3))
    for ax, gate in zip(np.atleast_1d(axes), gates):
        target = np.array(GATE_TABLES[gate])
        ax.set(
            xlim=(-0.4, 1.4), ylim=(-0.4, 1.4), aspect="equal", xticks=[0, 1], yticks=[0, 1], xlabel="x1", ylabel="x2"
        )
        ax.grid(False)
        points, _, _ = _point_artists(ax)
        _style_points(points, target)
        if gate in lines:
            xs, ys = _segment(*lines[gate], (-0.4, 1.4), (-0.4, 1.4))
            ax.plot(xs, ys, color="black", linewidth=1.8)
            ax.set_title(f"{gate.upper()}: a line separates")
        else:
            ax.set_title(f"{gate.upper()}: no line separates")
            ax.text(0.5, 0.5, "?", ha="center", va="center", fontsize=22, color="0.4")
    fig.legend(handles=_class_handles("output"), loc="outside lower center", ncols=2, fontsize=9)
    return fig


def network_221_figure() -> Any:
    """A labelled diagram of the 2-2-1 network: every one of its 9 parameters named where it acts.

    Weights are written on their connections (``w11`` from x1 to h1, ``w21`` from x2 to h1, ...,
    ``v1`` from h1 to y); each unit's bias is written under it. The names are the sliders' names
    in :class:`TwoLayerXOR`.
    """
    fig, ax = new_figure(figsize=(5.6, 2.9))
    ax.set_axis_off()
    ax.set(xlim=(-0.3, 2.3), ylim=(-0.42, 1.32))
    pos = {"x1": (0.0, 1.0), "x2": (0.0, 0.0), "h1": (1.0, 1.0), "h2": (1.0, 0.0), "y": (2.0, 0.5)}
    # where along each connection its name sits (the crossing ones away from the crossing)
    edges = [
        ("x1", "h1", "w11", 0.5),
        ("x2", "h1", "w21", 0.27),
        ("x1", "h2", "w12", 0.27),
        ("x2", "h2", "w22", 0.5),
        ("h1", "y", "v1", 0.5),
        ("h2", "y", "v2", 0.5),
    ]
    for a, b, name, t in edges:
        (xa, ya), (xb, yb) = pos[a], pos[b]
        ax.plot([xa, xb], [ya, yb], color="0.45", linewidth=1.4, zorder=1)
        ax.text(
            xa + t * (xb - xa),
            ya + t * (yb - ya),
            name,
            ha="center",
            va="center",
            fontsize=10,
            bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none"),
            zorder=2,
        )
    colours = {"x1": "white", "x2": "white", "h1": H1_COLOR, "h2": H2_COLOR, "y": "0.85"}
    biases = {"h1": "b1", "h2": "b2", "y": "c"}
    for unit, (x, y) in pos.items():
        ax.scatter([x], [y], s=900, color=colours[unit], edgecolors="black", linewidths=1.2, zorder=3)
        ax.text(
            x,
            y,
            unit,
            ha="center",
            va="center",
            fontsize=11,
            zorder=4,
            color="white" if unit in ("h1", "h2") else "black",
            fontweight="bold",
        )
        if unit in biases:
            ax.text(x, y - 0.25, f"bias {biases[unit]}", ha="center", va="top", fontsize=9)
    ax.set_title("a 2-2-1 network and its 9 parameters", fontsize=10, loc="left")
    for x, text in [(0.0, "input"), (1.0, "hidden layer (sigmoid)"), (2.0, "output (sigmoid)")]:
        ax.text(x, 1.3, text, ha="center", va="top", fontsize=9, color="0.3")
    return fig


# ---------------------------------------------------------------------------------------------
# one neuron against a truth table
# ---------------------------------------------------------------------------------------------


class OneNeuronXOR(LiveWidget):
    """One step neuron ``output = step(w1*x1 + w2*x2 + b)`` over the four inputs of a gate.

    The input plane is shaded where the neuron outputs 1 (pale orange) and 0 (pale blue); the
    black line is ``w1*x1 + w2*x2 + b = 0``; rings mark the points it gets wrong. Readouts: the
    weighted input ``z`` and the output at each point, and how many of the 4 are right (for XOR
    and XNOR never 4). The ``gate`` menu switches the truth table (AND, OR... are possible).
    """

    title = "One neuron: output = step(w1*x1 + w2*x2 + b)"
    LIM = (-0.5, 1.5)

    def __init__(self, w1: float = 1.0, w2: float = 1.0, b: float = -0.5, gate: str = "xor") -> None:
        if gate not in GATE_TABLES:
            raise ValueError(f"unknown gate {gate!r}; choose one of {', '.join(GATE_TABLES)}")
        fig, ax = new_figure(figsize=(5.4, 3.9))
        ax.set(
            xlim=self.LIM,
            ylim=self.LIM,
            aspect="equal",
            xlabel="x1",
            ylabel="x2",
            title="input plane",
            xticks=[-0.5, 0, 0.5, 1, 1.5],
            yticks=[-0.5, 0, 0.5, 1, 1.5],
        )
        ax.set_facecolor(PALE_BLUE)
        ax.grid(False)
        self.region = Polygon(np.zeros((3, 2)), closed=True, facecolor=PALE_ORANGE, edgecolor="none", zorder=0)
        ax.add_patch(self.region)
        (self.line,) = ax.plot([], [], color="black", linewidth=2, zorder=3)
        self.points, self.rings, _ = _point_artists(ax)
        handles = [
            Patch(facecolor=PALE_ORANGE, label="neuron says 1"),
            Patch(facecolor=PALE_BLUE, label="neuron says 0"),
            Line2D([], [], color="black", linewidth=2, label="z = 0"),
            *_class_handles("target"),
            _ring_handle(),
        ]
        ax.legend(handles=handles, loc="center left", bbox_to_anchor=(1.02, 0.5), fontsize=9)
        style = {"description_width": "2.5em"}
        slider = dict(min=-3.0, max=3.0, step=0.1, style=style, continuous_update=True)
        options = [(name.upper(), name) for name in GATE_TABLES]
        super().__init__(
            fig,
            {
                "w1": widgets.FloatSlider(value=w1, description="w1", **slider),
                "w2": widgets.FloatSlider(value=w2, description="w2", **slider),
                "b": widgets.FloatSlider(value=b, description="b", **slider),
                "gate": widgets.Dropdown(value=gate, options=options, description="gate", style=style),
            },
        )
        self.bake(dynamic=axes_contents(ax))  # the plane; the axis, title and legend are baked

    def render(self, w1: float, w2: float, b: float, gate: str) -> dict[str, str]:
        target = np.array(GATE_TABLES[gate])
        z = INPUTS @ np.array([w1, w2]) + b  # (4, 2) @ (2,) + () -> (4,)
        out = (z > 0).astype(int)
        right = out == target
        corners = positive_region(w1, w2, b, self.LIM, self.LIM)
        self.region.set_xy(corners if len(corners) >= 3 else np.full((3, 2), np.nan))
        self.line.set_data(*_segment(w1, w2, b, self.LIM, self.LIM))
        _style_points(self.points, target)
        self.rings.set_data(INPUTS[~right, 0], INPUTS[~right, 1])
        readouts = {"target": f"{gate.upper()} = " + " ".join(map(str, target))}
        for name, zi, oi, ok in zip(_POINT_NAMES, z, out, right):
            readouts[f"z, output at {name}"] = f"{zi:+.2f} → {oi} {'✓' if ok else '✗'}"
        readouts["correct"] = f"{int(right.sum())} of 4"
        return readouts


# ---------------------------------------------------------------------------------------------
# the 2-2-1 network: input plane and hidden plane
# ---------------------------------------------------------------------------------------------

#: parameter order of the sliders: hidden unit 1, hidden unit 2, output unit
PARAMS = ("w11", "w21", "b1", "w12", "w22", "b2", "v1", "v2", "c")

#: settings of the 9 sliders that the lesson talks about (the solutions first: the menu's first
#: option after "choose a preset" is then always a change from the start)
XOR_PRESETS: dict[str, dict[str, float]] = {
    # h1 = OR, h2 = AND, output = h1 AND NOT h2
    "solution: h1 = OR, h2 = AND": dict(
        w11=10.0, w21=10.0, b1=-5.0, w12=10.0, w22=10.0, b2=-15.0, v1=10.0, v2=-10.0, c=-5.0
    ),
    # h1 = NAND, h2 = OR, output = h1 AND h2
    "solution: h1 = NAND, h2 = OR": dict(
        w11=-10.0, w21=-10.0, b1=15.0, w12=10.0, w22=10.0, b2=-5.0, v1=10.0, v2=10.0, c=-15.0
    ),
    # the OR/AND solution with weights ten times smaller: the sigmoids are nearly straight there
    "small weights: barely bent": dict(w11=1.0, w21=1.0, b1=-0.5, w12=1.0, w22=1.0, b2=-1.5, v1=1.0, v2=-1.0, c=-0.5),
    # both hidden units compute the same soft OR: the hidden plane collapses onto its diagonal
    "start: two identical hidden units": dict(
        w11=5.0, w21=5.0, b1=-2.5, w12=5.0, w22=5.0, b2=-2.5, v1=5.0, v2=5.0, c=-5.0
    ),
}


class TwoLayerXOR(LiveWidget):
    """A 2-2-1 sigmoid network with a slider on each of its 9 parameters.

    ``h1 = sigmoid(w11*x1 + w21*x2 + b1)``, ``h2 = sigmoid(w12*x1 + w22*x2 + b2)``,
    ``y = sigmoid(v1*h1 + v2*h2 + c)``; a point counts as 1 when ``y > 0.5``.

    Left: the input plane, shaded by the output ``y``, with each hidden unit's line (where it is
    0.5) and the output's decision boundary ``y = 0.5`` (black). Right: the hidden plane, where
    each input lands at ``(h1, h2)``; the grey grid is the input plane's grid after the hidden
    layer has moved and bent it (the darker outline is the unit square with the four points at
    its corners), and the black line is the output unit's line ``v1*h1 + v2*h2 + c = 0``.
    The ``load`` menu sets all 9 sliders to one of :data:`XOR_PRESETS`.

    Use :meth:`from_model` to show a trained ``nnlib`` 2-2-1 model, :meth:`weights` to get the
    slider settings as nnlib-shaped arrays.
    """

    title = "2-2-1 network on XOR"
    XLIM = (-0.5, 1.5)
    HLIM = (-0.15, 1.15)

    def __init__(
        self, preset: str = "start: two identical hidden units", weight_range: float = 15.0, **values: float
    ) -> None:
        if preset not in XOR_PRESETS:
            raise ValueError(f"unknown preset {preset!r}; choose one of {', '.join(XOR_PRESETS)}")
        unknown = sorted(set(values) - set(PARAMS))
        if unknown:
            raise ValueError(f"unknown parameters {unknown}; the 9 parameters are {', '.join(PARAMS)}")
        start = {**XOR_PRESETS[preset], **values}
        self.target = np.array(GATE_TABLES["xor"])

        fig, (ax_in, ax_h) = new_figure(1, 2, figsize=(7.6, 3.7))
        self.ax_in, self.ax_h = ax_in, ax_h
        # input plane: output heat map + decision boundary (nnlib.plots), hidden-unit lines, grid
        # grids of 80 x 80 and 60 x 60 points: smooth at this size, cheap to recompute and draw
        self.surface_in = decision_surface(ax_in, None, self.XLIM, self.XLIM, resolution=80)
        self.surface_in.image.set_cmap(CMAP_OUTPUT)
        ax_in.set(aspect="equal", title="input plane (x1, x2)", xticks=[0, 0.5, 1], yticks=[0, 0.5, 1])
        (self.line_h1,) = ax_in.plot([], [], color=H1_COLOR, linestyle=H1_DASH, linewidth=2.2, zorder=3)
        (self.line_h2,) = ax_in.plot([], [], color=H2_COLOR, linestyle=H2_DASH, linewidth=2.6, zorder=3)
        # the grid of the input plane, and its image in the hidden plane
        t = np.linspace(self.XLIM[0], self.XLIM[1], 41)
        levels = np.linspace(self.XLIM[0], self.XLIM[1], 9)
        self.grid_lines = np.concatenate(
            [
                np.stack([np.column_stack([np.full_like(t, v), t]) for v in levels]),  # x1 = const
                np.stack([np.column_stack([t, np.full_like(t, v)]) for v in levels]),  # x2 = const
            ]
        )  # (18, 41, 2)
        # the unit square's outline, (0, 0) -> (1, 0) -> (1, 1) -> (0, 1) -> (0, 0), 21 points a side
        s, zero, one = np.linspace(0.0, 1.0, 21), np.zeros(21), np.ones(21)
        self.square = np.concatenate(
            [np.column_stack(pair) for pair in [(s, zero), (one, s), (s[::-1], one), (zero, s[::-1])]]
        )
        grid_style: dict[str, Any] = dict(colors="0.45", linewidths=0.6, alpha=0.5, zorder=1)
        ax_in.add_collection(LineCollection(list(self.grid_lines), **grid_style))
        ax_in.plot(self.square[:, 0], self.square[:, 1], color="0.25", linewidth=1.2, zorder=1)
        self.points_in, self.rings_in, _ = _point_artists(ax_in)
        _style_points(self.points_in, self.target)

        # hidden plane: output of the output unit over (h1, h2), the bent grid, the points
        self.surface_h = decision_surface(ax_h, None, self.HLIM, self.HLIM, resolution=60)
        self.surface_h.image.set_cmap(CMAP_OUTPUT)
        ax_h.set(aspect="equal", title="hidden plane (h1, h2)", xticks=[0, 0.5, 1], yticks=[0, 0.5, 1])
        ax_h.set_xlabel("h1", color=H1_COLOR, fontweight="bold")
        ax_h.set_ylabel("h2", color=H2_COLOR, fontweight="bold")
        self.bent_grid = LineCollection([], **grid_style)
        ax_h.add_collection(self.bent_grid)
        (self.bent_square,) = ax_h.plot([], [], color="0.25", linewidth=1.2, zorder=1)
        self.points_h, self.rings_h, self.labels_h = _point_artists(ax_h)
        _style_points(self.points_h, self.target)
        for ax in (ax_in, ax_h):
            ax.grid(False)
        fig.colorbar(self.surface_h.image, ax=[ax_in, ax_h], shrink=0.8, pad=0.02, label="output y", ticks=[0, 0.5, 1])
        handles = [
            Line2D([], [], color=H1_COLOR, linestyle=H1_DASH, linewidth=2.2, label="h1 = 0.5"),
            Line2D([], [], color=H2_COLOR, linestyle=H2_DASH, linewidth=2.6, label="h2 = 0.5"),
            Line2D([], [], color="black", linewidth=1.8, label="y = 0.5"),
            *_class_handles("XOR"),
            _ring_handle(),
        ]
        fig.legend(handles=handles, loc="outside lower center", ncols=6, fontsize=9)

        r = float(weight_range)
        style = {"description_width": "2.6em"}
        layout = widgets.Layout(width="19em")
        controls = {
            name: widgets.FloatSlider(
                value=start[name],
                min=-r,
                max=r,
                step=0.1,
                description=name,
                style=style,
                layout=layout,
                readout_format=".1f",
            )
            for name in PARAMS
        }
        # a menu of actions: its resting option is "choose...", and picking a preset loads it
        options = [("choose a preset…", ""), *((name, name) for name in XOR_PRESETS)]
        self.preset_menu = widgets.Dropdown(
            options=options,
            value="",
            description="load",
            style={"description_width": "3em"},
            layout=widgets.Layout(width="24em"),
        )
        super().__init__(fig, controls)
        # the two planes change; titles, ticks, colour bar and legend are baked
        self.bake(dynamic=[*axes_contents(ax_in), *axes_contents(ax_h)])
        self.preset_menu.observe(self.guarded(self._on_preset, "loading a preset"), names="value")

    def control_rows(self) -> list[Any]:
        # the preset menu, then the 9 sliders in three columns, one per unit
        c = self.controls
        return [
            self.preset_menu,
            _columns(
                [[c[n] for n in PARAMS[0:3]], [c[n] for n in PARAMS[3:6]], [c[n] for n in PARAMS[6:9]]],
                headers=["h1 = σ(w11·x1 + w21·x2 + b1)", "h2 = σ(w12·x1 + w22·x2 + b2)", "y = σ(v1·h1 + v2·h2 + c)"],
            ),
        ]

    # -- loading weights -------------------------------------------------------------------

    def _on_preset(self, change: Mapping[str, Any]) -> None:
        name = change["new"]
        if not name:
            return
        self.load_preset(name)
        self.preset_menu.value = ""  # back to "choose...", so the same preset can be loaded again

    def load_preset(self, name: str) -> None:
        """Set the 9 sliders to the preset ``name`` (a key of :data:`XOR_PRESETS`)."""
        if name not in XOR_PRESETS:
            raise ValueError(f"unknown preset {name!r}; choose one of {', '.join(XOR_PRESETS)}")
        self.update(**XOR_PRESETS[name])

    def weights(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The sliders as nnlib-shaped arrays.

        Returns ``W_hidden (2, 2), b_hidden (2,), W_out (2, 1), b_out (1,)``.
        """
        v = self.values
        return (
            np.array([[v["w11"], v["w12"]], [v["w21"], v["w22"]]]),
            np.array([v["b1"], v["b2"]]),
            np.array([[v["v1"]], [v["v2"]]]),
            np.array([v["c"]]),
        )

    def set_weights(self, W_hidden: Any, b_hidden: Any, W_out: Any, b_out: Any) -> None:
        """Move the 9 sliders to these nnlib-shaped weights (the ranges widen if a weight needs it)."""
        W, b = np.asarray(W_hidden, float), np.asarray(b_hidden, float).reshape(-1)
        V, c = np.asarray(W_out, float).reshape(-1), np.asarray(b_out, float).reshape(-1)
        if W.shape != (2, 2) or b.shape != (2,) or V.shape != (2,) or c.shape != (1,):
            raise ValueError(
                "expected W_hidden (2, 2), b_hidden (2,), W_out (2, 1) and b_out (1,), got "
                f"{W.shape}, {b.shape}, {np.shape(W_out)} and {np.shape(b_out)}"
            )
        values = dict(w11=W[0, 0], w21=W[1, 0], b1=b[0], w12=W[0, 1], w22=W[1, 1], b2=b[1], v1=V[0], v2=V[1], c=c[0])
        biggest = max(abs(x) for x in values.values())
        for slider in self.controls.values():
            if biggest > slider.max:
                slider.max = float(np.ceil(biggest))
                slider.min = -slider.max
        self.update(**{k: float(x) for k, x in values.items()})

    @classmethod
    def from_model(cls, model: Any) -> TwoLayerXOR:
        """A widget showing a trained ``nnlib`` model ``Dense(2, "sigmoid") -> Dense(1, "sigmoid")``."""
        dense = [layer for layer in model.layers if getattr(layer, "param_names", ())]
        sizes = [(layer.W.shape, getattr(layer.activation, "name", "")) for layer in dense]
        if sizes != [((2, 2), "sigmoid"), ((2, 1), "sigmoid")]:
            raise ValueError(f"from_model needs a 2-2-1 network with sigmoid activations, got layers {sizes}")
        widget = cls()
        widget.set_weights(dense[0].W, dense[0].b, dense[1].W, dense[1].b)
        return widget

    # -- drawing ---------------------------------------------------------------------------

    def render(self, **p: float) -> dict[str, str]:
        W, b, V, c = self.weights()
        # input plane: output y at every grid point, and the hidden units' lines
        _, y_grid = forward_221(self.surface_in.grid.points, W, b, V, c)
        self.surface_in.update(values=y_grid)
        self.line_h1.set_data(*_segment(W[0, 0], W[1, 0], b[0], self.XLIM, self.XLIM))
        self.line_h2.set_data(*_segment(W[0, 1], W[1, 1], b[1], self.XLIM, self.XLIM))
        # hidden plane: the output unit alone, the bent grid and square, the four points
        self.surface_h.update(values=sigmoid(self.surface_h.grid.points @ V + c))
        self.bent_grid.set_segments(list(sigmoid(self.grid_lines @ W + b)))
        bent = sigmoid(self.square @ W + b)
        self.bent_square.set_data(bent[:, 0], bent[:, 1])
        H, y = forward_221(INPUTS, W, b, V, c)
        out = (y > 0.5).astype(int)
        right = out == self.target
        for line, label, (dx, dy), (h1, h2) in zip(self.points_h, self.labels_h, _LABEL_OFFSETS, H):
            line.set_data([h1], [h2])
            label.xy = (h1, h2)
            # a label whose side would run out of the axes goes to the other side
            if (dx > 0 and h1 > 0.85) or (dx < 0 and h1 < 0.15):
                dx = -dx
            label.xyann = (dx, dy)
            label.set_horizontalalignment("left" if dx > 0 else "right")
        self.rings_in.set_data(INPUTS[~right, 0], INPUTS[~right, 1])
        self.rings_h.set_data(H[~right, 0], H[~right, 1])

        readouts = {
            f"y at {name}": f"{yi:.3f} → {oi} {'✓' if ok else '✗'}"
            for name, yi, oi, ok in zip(_POINT_NAMES, y, out, right)
        }
        readouts["correct"] = f"{int(right.sum())} of 4"
        eps = 1e-12
        loss = -np.mean(self.target * np.log(y + eps) + (1 - self.target) * np.log(1 - y + eps))
        readouts["cross-entropy loss"] = f"{loss:.4g}"  # significant digits: small moves show
        return readouts


def training_figure(history: Any) -> Any:
    """Loss and accuracy by epoch of an XOR training run (``model.fit``'s History).

    The loss panel marks ln 2, the cross-entropy of answering 0.5 to every input, where XOR
    training typically sits for a while before the hidden units split up the work.
    """
    loss = np.asarray(history["loss"], dtype=float)
    acc = np.asarray(history["accuracy"], dtype=float)
    epochs = np.arange(1, len(loss) + 1)
    fig, (ax_loss, ax_acc) = new_figure(1, 2, figsize=(8.0, 3.0))
    ax_loss.plot(epochs, loss, color=COLORS[0], linewidth=2, label="loss")
    ax_loss.axhline(np.log(2), color="0.4", linestyle=":", linewidth=1.2)
    ax_loss.text(
        epochs[0], np.log(2) + 0.02, "ln 2: answering 0.5 to every input", fontsize=8, va="bottom", color="0.3"
    )
    ax_loss.set(title="loss (binary cross-entropy)", xlabel="epoch", ylim=(0.0, 0.85))
    ax_acc.plot(epochs, acc, color=COLORS[1], linewidth=2, drawstyle="steps-post")
    ax_acc.set(
        title="accuracy (share of the 4 inputs right)",
        xlabel="epoch",
        ylim=(-0.05, 1.05),
        yticks=[0, 0.25, 0.5, 0.75, 1],
    )
    for ax in (ax_loss, ax_acc):
        ax.set_xlim(0, len(loss) + 1)
    return fig


# ---------------------------------------------------------------------------------------------
# bumps: two sigmoids make a bump, many bumps make any curve
# ---------------------------------------------------------------------------------------------


class BumpBuilder(LiveWidget):
    """``height * (sigmoid(s (x - left)) - sigmoid(s (x - right)))``: a bump from two sigmoid units.

    As a network: one input x, a hidden layer of two sigmoid units with weight ``s`` and biases
    ``-s * left`` and ``-s * right``, and a linear output with weights ``+height`` and
    ``-height``. The dashed curves are the two units times their output weights; the black curve
    is their sum.
    """

    title = "A bump from two sigmoids"
    XLIM = (0.0, 10.0)

    def __init__(self, steepness: float = 3.0, left: float = 3.0, right: float = 6.0, height: float = 1.0) -> None:
        self.x = np.linspace(*self.XLIM, 400)
        fig, ax = new_figure(figsize=(6.6, 3.4))
        (self.unit1,) = ax.plot(
            self.x, 0 * self.x, color=H1_COLOR, linestyle=H1_DASH, linewidth=2, label="+height · σ(s·(x − left))"
        )
        (self.unit2,) = ax.plot(
            self.x, 0 * self.x, color=H2_COLOR, linestyle=H2_DASH, linewidth=2.4, label="−height · σ(s·(x − right))"
        )
        (self.bump,) = ax.plot(self.x, 0 * self.x, color="black", linewidth=2.4, label="sum: the bump")
        self.edge_left = ax.axvline(left, color=H1_COLOR, linewidth=0.9, alpha=0.8)
        self.edge_right = ax.axvline(right, color=H2_COLOR, linewidth=0.9, alpha=0.8)
        ax.axhline(0.0, color="0.5", linewidth=0.8)
        ax.set(xlim=self.XLIM, ylim=(-2.3, 2.3), xlabel="x", ylabel="output")
        ax.legend(loc="lower left", fontsize=8)
        style = {"description_width": "5.5em"}
        super().__init__(
            fig,
            {
                "steepness": widgets.FloatSlider(
                    value=steepness, min=0.5, max=20.0, step=0.5, description="steepness s", style=style
                ),
                "left": widgets.FloatSlider(
                    value=left, min=0.0, max=10.0, step=0.1, description="left edge", style=style
                ),
                "right": widgets.FloatSlider(
                    value=right, min=0.0, max=10.0, step=0.1, description="right edge", style=style
                ),
                "height": widgets.FloatSlider(
                    value=height, min=-2.0, max=2.0, step=0.1, description="height", style=style
                ),
            },
        )
        self.bake(dynamic=[*axes_contents(ax), ax.get_legend()])

    def render(self, steepness: float, left: float, right: float, height: float) -> dict[str, str]:
        s = steepness
        a = height * sigmoid(s * (self.x - left))
        d = -height * sigmoid(s * (self.x - right))
        self.unit1.set_ydata(a)
        self.unit2.set_ydata(d)
        self.bump.set_ydata(a + d)
        self.edge_left.set_xdata([left, left])
        self.edge_right.set_xdata([right, right])
        middle = np.array([0.5 * (left + right)])
        at_middle = float((height * (sigmoid(s * (middle - left)) - sigmoid(s * (middle - right))))[0])
        return {
            "hidden unit 1: w, b": f"{s:.1f}, {-s * left:+.2f}",
            "hidden unit 2: w, b": f"{s:.1f}, {-s * right:+.2f}",
            "output weights": f"{height:+.1f}, {-height:+.1f}",
            "bump at its middle": f"{at_middle:+.3f}",
            "largest value": f"{float(np.max(a + d)):+.3f}",
        }


#: target curves on [0, 1] for :class:`BumpSum` (the last one is not continuous)
TARGETS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "smooth wave": lambda x: 0.6 * np.sin(2 * np.pi * x) + 0.3 * np.sin(5 * np.pi * x),
    "wiggly curve": lambda x: 0.2 + 0.4 * x**2 + 0.3 * x * np.sin(15 * x) + 0.05 * np.cos(50 * x),
    "kink |x - 0.5|": lambda x: 0.8 - 1.6 * np.abs(x - 0.5),
    "jump (not continuous)": lambda x: np.where(x < 0.43, -0.4, 0.6),
}


class BumpSum(LiveWidget):
    """A target curve (grey) and a sum of ``n_bumps`` sigmoid bumps (black) that approximates it.

    Each bump has the target's height at its centre; the thin curves are the bumps on their own.
    The readouts give the number of hidden units (two per bump) and the largest and mean error
    over [0, 1]; the vermillion bar marks where the error is largest.
    """

    title = "A sum of bumps approximating a curve"

    def __init__(self, n_bumps: int = 5, sharpness: float = 10.0, target: str = "smooth wave") -> None:
        if target not in TARGETS:
            raise ValueError(f"unknown target {target!r}; choose one of {', '.join(TARGETS)}")
        self.x = np.linspace(0.0, 1.0, 1001)
        fig, ax = new_figure(figsize=(6.6, 3.4))
        self.each = LineCollection([], colors=COLORS[4], linewidths=0.9, alpha=0.7, zorder=1)
        ax.add_collection(self.each)
        (self.target_line,) = ax.plot(
            self.x, 0 * self.x, color="0.55", linewidth=4, alpha=0.7, label="target f(x)", zorder=2
        )
        (self.approx,) = ax.plot(self.x, 0 * self.x, color="black", linewidth=1.6, label="sum of bumps", zorder=3)
        (self.worst,) = ax.plot(
            [], [], color=ERROR_COLOR, linewidth=2.5, marker="_", markersize=10, label="largest error", zorder=4
        )
        handles = [
            self.target_line,
            self.approx,
            Line2D([], [], color=COLORS[4], linewidth=0.9, label="each bump"),
            self.worst,
        ]
        ax.legend(handles=handles, loc="upper right", fontsize=8)
        ax.set(xlim=(0.0, 1.0), ylim=(-1.15, 1.15), xlabel="x", ylabel="output")
        ax.axhline(0.0, color="0.5", linewidth=0.8, zorder=0)
        ax.set_axisbelow(True)  # the grid beneath the bumps (it is baked beneath them)
        style = {"description_width": "5.5em"}
        super().__init__(
            fig,
            {
                "n_bumps": widgets.IntSlider(value=n_bumps, min=1, max=60, description="bumps", style=style),
                "sharpness": widgets.FloatSlider(
                    value=sharpness, min=1.0, max=50.0, step=1.0, description="sharpness", style=style
                ),
                "target": widgets.Dropdown(value=target, options=list(TARGETS), description="target", style=style),
            },
        )
        self.bake(dynamic=[*axes_contents(ax), ax.get_legend()])

    def render(self, n_bumps: int, sharpness: float, target: str) -> dict[str, str]:
        f = TARGETS[target]
        fx = f(self.x)
        approx, each = bump_sum(self.x, f, n_bumps, sharpness)
        self.target_line.set_ydata(fx)
        self.approx.set_ydata(approx)
        self.each.set_segments([np.column_stack([self.x, e]) for e in each])
        err = np.abs(approx - fx)
        k = int(np.argmax(err))
        self.worst.set_data([self.x[k], self.x[k]], [fx[k], approx[k]])
        return {
            "hidden units": f"{2 * n_bumps}",
            "largest error": f"{err[k]:.3f} at x = {self.x[k]:.3f}",
            "mean error": f"{float(err.mean()):.4f}",
        }


# ---------------------------------------------------------------------------------------------
# benchmark hook (benchmarks/widgets.py): every widget class, one control moved
# ---------------------------------------------------------------------------------------------

BENCH_CASES = [
    ("OneNeuronXOR", lambda: OneNeuronXOR(), {"w1": 2.0}),
    ("TwoLayerXOR", lambda: TwoLayerXOR(), {"b2": -7.5}),
    ("BumpBuilder", lambda: BumpBuilder(), {"steepness": 10.0}),
    ("BumpSum", lambda: BumpSum(), {"n_bumps": 20}),
]
