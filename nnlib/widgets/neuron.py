"""The widgets and pictures of lesson 01, a single neuron.

What this module is for
-----------------------
Three live figures (the one widget pattern of :mod:`nnlib.widgets.live`) and one static picture:

- :class:`NeuronPlane`: a two-input neuron ``a = f(w1*x1 + w2*x2 + b)`` with sliders for ``w1``,
  ``w2``, ``b``, a choice of activation and a movable point. Left: the output over the input
  plane as a heat map, the decision line ``z = 0`` and the weight vector ``w``. Right: the
  activation curve ``a = f(z)`` with the four corners (0, 0), (0, 1), (1, 0), (1, 1) and the
  point placed on it. Readouts: the formula, the line's equation, the threshold, the numbers at
  the point and at the corners.
- :class:`ActivationExplorer`: step, sigmoid, ReLU, tanh and linear side by side, ``f(z)`` on
  top and ``f'(z)`` below, with a slider for ``z`` and every value read out.
- :class:`StepVsSigmoidLoss`: the loss of a one-input neuron as its weight ``w`` moves, for a step
  and for a sigmoid activation, with the slope (tangent) at the current ``w``: flat for the step,
  so gradient descent has nothing to follow.
- :func:`draw_neuron`: a labelled diagram of one neuron with numbers on it (a plain figure).

What it is not
--------------
Not the neuron itself: the maths is ``nnlib.activations`` and ``nnlib.layers.Dense``; the widgets
only call it (``ACTIVATIONS[name]``) and draw. Nothing here changes global matplotlib state.

Every ``render`` only changes existing artists (``set_data``, ``set_ydata``, ``set_text``...):
the grids are computed once in the constructor.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.colorbar import Colorbar
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from nnlib.activations import ACTIVATIONS
from nnlib.analysis.neuron import decision_line
from nnlib.plots import decision_surface
from nnlib.widgets.canvas import new_figure
from nnlib.widgets.live import LiveWidget
from nnlib.widgets.style import CMAP_DIVERGING, CMAP_SEQUENTIAL, COLORS, SLIDER_STYLE, short, signed

__all__ = [
    "ACTIVATION_NAMES",
    "BENCH_CASES",
    "ActivationExplorer",
    "NeuronPlane",
    "StepVsSigmoidLoss",
    "draw_neuron",
]

#: the activations a single neuron can use in this lesson, in the order they are taught
ACTIVATION_NAMES = ("step", "sigmoid", "relu", "tanh", "linear")

#: how the lesson writes each activation's name
DISPLAY_NAMES = {"step": "step", "sigmoid": "sigmoid", "relu": "ReLU", "tanh": "tanh", "linear": "linear"}

#: what each activation's outputs can be, as written in the lesson
OUTPUT_RANGES = {
    "step": "0 or 1",
    "sigmoid": "(0, 1)",
    "relu": "[0, ∞)",
    "tanh": "(−1, 1)",
    "linear": "(−∞, ∞)",
}

# colour scale of the output over the plane: one-signed outputs on viridis, signed ones on
# RdBu_r centred on 0 (ReLU and linear have no limit: their colours stop at +-3, the readouts
# give the exact numbers)
_PLANE_SCALE = {
    "step": (CMAP_SEQUENTIAL, 0.0, 1.0),
    "sigmoid": (CMAP_SEQUENTIAL, 0.0, 1.0),
    "relu": (CMAP_SEQUENTIAL, 0.0, 3.0),
    "tanh": (CMAP_DIVERGING, -1.0, 1.0),
    "linear": (CMAP_DIVERGING, -3.0, 3.0),
}
# y range and ticks of the activation curve a = f(z) for z in [-6, 6]
_CURVE_TICKS = {"step": [0, 1], "sigmoid": [0, 0.5, 1], "relu": [0, 3, 6], "tanh": [-1, 0, 1], "linear": [-5, 0, 5]}
_CURVE_YLIM = {
    "step": (-0.15, 1.15),
    "sigmoid": (-0.15, 1.15),
    "relu": (-0.6, 6.3),
    "tanh": (-1.2, 1.2),
    "linear": (-6.3, 6.3),
}

#: the four binary inputs (x1, x2), batch-first, shape (4, 2)
CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])

# white with a black outline: visible on every colour of viridis and RdBu_r
_OUTLINE = [patheffects.Stroke(linewidth=4.0, foreground="black"), patheffects.Normal()]


def _linear_text(terms: Sequence[tuple[float, str]], constant: float | None = None) -> str:
    """``0.8·x1 - 0.4·x2 + 0.1``: a sum of terms, at most two decimals, readable signs."""
    parts = [(c, f"{short(abs(c), min_decimals=1)}·{name}") for c, name in terms]
    if constant is not None:
        parts.append((constant, short(abs(constant), min_decimals=1)))
    text = ""
    for i, (c, body) in enumerate(parts):
        negative = float(signed(c, 2)) < 0
        if i == 0:
            text = ("-" if negative else "") + body
        else:
            text += (" - " if negative else " + ") + body
    return text


def _line_equation(w1: float, w2: float, b: float) -> str:
    """The decision line ``z = 0`` solved for x2 (or x1 when w2 = 0), as text."""
    if abs(w2) > 1e-12:
        return "x2 = " + _linear_text([(-w1 / w2, "x1")], -b / w2)
    if abs(w1) > 1e-12:
        return f"x1 = {'-' if float(signed(-b / w1, 2)) < 0 else ''}{short(abs(b / w1), min_decimals=1)}"
    return "none (w1 = w2 = 0)"


def _threshold_text(w1: float, w2: float, b: float) -> str:
    """``z > 0`` written as "weighted input > threshold": ``w1·x1 + w2·x2 > -b``."""
    threshold = f"{'-' if float(signed(-b, 2)) < 0 else ''}{short(abs(b), min_decimals=1)}"
    return _linear_text([(w1, "x1"), (w2, "x2")]) + f" > {threshold}"


# ---------------------------------------------------------------------------------------------
# a two-input neuron over its input plane
# ---------------------------------------------------------------------------------------------


class NeuronPlane(LiveWidget):
    """A two-input neuron ``a = f(w1*x1 + w2*x2 + b)`` over the input plane, live.

    Parameters
    ----------
    w1, w2, b : float
        Starting weights and bias (sliders from -3 to 3).
    activation : str
        One of :data:`ACTIVATION_NAMES`.
    x1, x2 : float
        The point whose weighted input ``z`` and output ``a`` are read out (sliders over the
        plane shown, -0.5 to 1.5).
    resolution : int
        Grid points per axis of the heat map.

    The decision line is where ``z = 0``: it depends on ``w1``, ``w2`` and ``b`` only, never on
    the activation. The arrow is the weight vector ``w = (w1, w2)``: at right angles to the line,
    pointing to the side where ``z > 0``.
    """

    title = "A two-input neuron a = f(w1·x1 + w2·x2 + b)"
    xlim = (-0.5, 1.5)
    ylim = (-0.5, 1.5)

    def __init__(
        self,
        w1: float = 0.8,
        w2: float = -0.4,
        b: float = 0.1,
        activation: str = "sigmoid",
        x1: float = 1.0,
        x2: float = 0.5,
        resolution: int = 161,
    ) -> None:
        if activation not in ACTIVATION_NAMES:
            raise ValueError(f"unknown activation {activation!r}; choose one of {', '.join(ACTIVATION_NAMES)}")
        fig, (ax, ax_f) = new_figure(1, 2, figsize=(6.4, 3.1), width_ratios=(1.3, 1.0))
        self.ax, self.ax_f = ax, ax_f

        # left: the output over the input plane, its decision line and the weight vector
        self.surface = decision_surface(
            ax, None, self.xlim, self.ylim, resolution, levels=(), cmap=CMAP_SEQUENTIAL, colorbar=True
        )
        self.surface.image.set_interpolation("bilinear")
        assert self.surface.colorbar is not None  # colorbar=True
        self.colorbar: Colorbar = self.surface.colorbar
        self.colorbar.set_label("output a")
        # few tick labels: every text costs about a millisecond on every frame
        ax.set_xticks([0.0, 0.5, 1.0])
        ax.set_yticks([0.0, 0.5, 1.0])
        self.points = self.surface.grid.points  # (n, 2), batch-first, computed once
        ax.set_aspect("equal")
        ax.grid(False)
        self._arrow_t = np.linspace(0.1, 0.9, 17)
        (self.line,) = ax.plot(
            [], [], color="white", linewidth=2.2, path_effects=_OUTLINE, zorder=4, label="decision line z = 0"
        )
        self.arrow = FancyArrowPatch(
            (0.0, 0.0),
            (0.0, 0.0),
            arrowstyle="-|>",
            mutation_scale=16,
            color="white",
            linewidth=2.0,
            path_effects=_OUTLINE,
            zorder=5,
            clip_on=True,
        )
        ax.add_patch(self.arrow)
        self.arrow_label = ax.text(
            0.0,
            0.0,
            "w",
            color="black",
            fontsize=11,
            fontweight="bold",
            ha="center",
            va="center",
            zorder=6,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
        )
        self.corner_dots = ax.scatter(
            CORNERS[:, 0], CORNERS[:, 1], s=42, c="white", edgecolors="black", linewidths=1.0, zorder=6
        )
        self.corner_labels = [
            ax.text(
                x + 0.06,
                y + 0.07,
                "",
                fontsize=8,
                zorder=7,
                ha="left",
                va="bottom",
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "0.5", "alpha": 0.9},
            )
            for x, y in CORNERS
        ]
        (self.point_dot,) = ax.plot(
            [x1], [x2], marker="X", markersize=11, color=COLORS[1], markeredgecolor="black", linestyle="none", zorder=8
        )

        # right: the activation curve, with the corners and the point placed on it
        self.z_curve = np.linspace(-6.0, 6.0, 601)
        self.curves = {name: ACTIVATIONS[name](self.z_curve) for name in ACTIVATION_NAMES}
        ax_f.axhline(0.0, color="0.6", linewidth=0.8, zorder=0)
        ax_f.axvline(0.0, color="0.6", linewidth=0.8, zorder=0)
        ax_f.axvspan(0.0, 6.0, color=COLORS[7], alpha=0.25, zorder=0, linewidth=0)
        ax_f.text(0.25, 0.97, "z > 0", transform=ax_f.get_xaxis_transform(), fontsize=8, va="top", color="0.25")
        (self.curve,) = ax_f.plot(self.z_curve, self.curves[activation], color=COLORS[0], linewidth=2.0)
        (self.curve_corners,) = ax_f.plot(
            [], [], "o", markersize=7, color="white", markeredgecolor="black", zorder=5, label="corners"
        )
        (self.curve_point,) = ax_f.plot(
            [], [], "X", markersize=10, color=COLORS[1], markeredgecolor="black", zorder=6, label="the point"
        )
        ax_f.set(xlim=(-6.0, 6.0), xlabel="weighted input z", xticks=[-5, 0, 5])
        ax_f.legend(loc="upper left", fontsize=8)  # z < 0 has low outputs for every f
        self._shown_activation: str | None = None

        style = SLIDER_STYLE

        def slider(value: float, low: float, high: float, step: float, name: str) -> Any:
            return widgets.FloatSlider(
                value=value,
                min=low,
                max=high,
                step=step,
                description=name,
                continuous_update=True,
                style=style,
                readout_format=".2f",
            )

        self._show_activation(activation)
        super().__init__(
            fig,
            {
                "w1": slider(w1, -3.0, 3.0, 0.1, "weight w1"),
                "w2": slider(w2, -3.0, 3.0, 0.1, "weight w2"),
                "b": slider(b, -3.0, 3.0, 0.1, "bias b"),
                "activation": widgets.Dropdown(
                    options=list(ACTIVATION_NAMES), value=activation, description="activation f", style=style
                ),
                "x1": slider(x1, self.xlim[0], self.xlim[1], 0.05, "point x1"),
                "x2": slider(x2, self.ylim[0], self.ylim[1], 0.05, "point x2"),
            },
        )
        # drawn once: axes, ticks, titles, colour bar, the curve panel's guides (re-baked when
        # the activation changes them); every frame: the plane and what lies over it
        self.bake(
            dynamic=[
                self.surface.image,
                *ax.spines.values(),
                self.line,
                self.arrow,
                self.arrow_label,
                self.corner_dots,
                *self.corner_labels,
                self.point_dot,
                self.curve,
                self.curve_corners,
                self.curve_point,
                ax_f.get_legend(),
            ],
            key=activation,
        )

    def _show_activation(self, activation: str) -> None:
        """Switch colour map, colour range, curve and y range (only when the choice changes)."""
        if activation == self._shown_activation:
            return
        cmap, vmin, vmax = _PLANE_SCALE[activation]
        image = self.surface.image
        with image.callbacks.blocked(signal="changed"):  # the colour bars follow below
            image.set_cmap(cmap)
            image.set_clim(vmin, vmax)
        self._show_colorbar(cmap, vmin, vmax)
        clipped = activation in ("relu", "linear")
        self.ax.set_title(
            "output over the input plane"
            + (" (colours stop at ±3)" if clipped and vmin < 0 else " (colours stop at 3)" if clipped else ""),
            fontsize=10,
        )
        self.ax_f.set_yticks(_CURVE_TICKS[activation])
        self.curve.set_ydata(self.curves[activation])
        self.ax_f.set_ylim(*_CURVE_YLIM[activation])
        self.ax_f.set_title(f"a = {activation}(z), outputs {OUTPUT_RANGES[activation]}", fontsize=10)
        self._shown_activation = activation
        self.rebake(key=activation)  # colour bar, ticks, range and titles are baked

    def _show_colorbar(self, cmap: str, vmin: float, vmax: float) -> None:
        """Show the colour bar of this scale: one is built per scale, the first time it is
        needed, and swapped in (rebuilding a colour bar costs ~5 ms, more than an update may)."""
        from matplotlib.cm import ScalarMappable
        from matplotlib.colors import Normalize

        scale = (cmap, vmin, vmax)
        tick_sets: dict[tuple[float, float], list[float]] = {
            (0.0, 1.0): [0.0, 0.5, 1.0],
            (0.0, 3.0): [0, 1.5, 3],
            (-1.0, 1.0): [-1.0, 0.0, 1.0],
            (-3.0, 3.0): [-3, 0, 3],
        }
        ticks = tick_sets[(vmin, vmax)]
        if not hasattr(self, "fig"):  # still being built, before the layout: change it in place
            self.colorbar.update_normal(self.surface.image)
            self.colorbar.set_ticks(ticks)
            return
        if not hasattr(self, "_colorbars"):
            first = self.colorbar
            # the stubs of add_axes() take no Bbox, matplotlib does (as the rectangle)
            self._colorbar_box: Any = first.ax.get_position(original=True)
            self._colorbar_shape = (first.ax.get_box_aspect(), first.ax.get_anchor())
            self._colorbars = {(first.cmap.name, first.norm.vmin, first.norm.vmax): first}
            self._shown_colorbar = first
        bar = self._colorbars.get(scale)
        if bar is None:
            cax = self.fig.add_axes(self._colorbar_box)
            cax.set_box_aspect(self._colorbar_shape[0])  # as thin as the first one
            cax.set_anchor(self._colorbar_shape[1])
            bar = self.fig.colorbar(ScalarMappable(Normalize(vmin, vmax), cmap), cax=cax)
            bar.set_label("output a")
            self._colorbars[scale] = bar
            self.fig.delaxes(cax)
        if bar is not self._shown_colorbar:
            self.fig.delaxes(self._shown_colorbar.ax)
            self.fig.add_axes(bar.ax)
            bar.ax.set_visible(True)  # it may have been hidden by an earlier bake
            self._shown_colorbar = bar
        bar.set_ticks(ticks)

    def _arrow_base(self, ends: np.ndarray, unit: np.ndarray, point: np.ndarray) -> np.ndarray:
        """Where on the line the arrow starts: the spot whose arrow keeps furthest from the
        corners, their labels and the point (so that it never hides a number)."""
        t = self._arrow_t[:, None]
        bases = ends[0] + t * (ends[1] - ends[0])  # (k, 2) candidates along the line
        spots = np.concatenate([bases, bases + 0.3 * unit])  # the arrow's foot and tip
        avoid = np.vstack([CORNERS, CORNERS + (0.2, 0.12), point])
        d = np.linalg.norm(spots[:, None, :] - avoid[None, :, :], axis=-1).min(axis=1)
        k = len(bases)
        return bases[np.argmax(np.minimum(d[:k], d[k:]))]

    def render(self, w1: float, w2: float, b: float, activation: str, x1: float, x2: float) -> dict[str, str]:
        f = ACTIVATIONS[activation]
        w = np.array([w1, w2])
        self._show_activation(activation)

        # feedforward over the whole plane at once: Z = X @ w + b, A = f(Z)
        A = f(self.points @ w + b)
        self.surface.image.set_data(self.surface.grid.as_image(A))

        # the decision line z = 0 and the weight vector, at right angles to it
        ends = decision_line(w1, w2, b, self.xlim, self.ylim)
        if ends is None:
            self.line.set_data([], [])
            self.arrow.set_visible(False)
            self.arrow_label.set_visible(False)
        else:
            self.line.set_data(ends[:, 0], ends[:, 1])
            unit = w / np.linalg.norm(w)
            base = self._arrow_base(ends, unit, np.array([x1, x2]))
            self.arrow.set_positions(tuple(base), tuple(base + 0.3 * unit))
            self.arrow_label.set_position(tuple(base + 0.2 * unit + 0.14 * unit[::-1] * (1, -1)))
            self.arrow.set_visible(True)
            self.arrow_label.set_visible(True)

        # the four corners and the chosen point
        z_corners = CORNERS @ w + b
        a_corners = f(z_corners)
        for label, a in zip(self.corner_labels, a_corners):
            label.set_text(f"{a:.2f}")
        self.curve_corners.set_data(z_corners, a_corners)
        z_point = x1 * w1 + x2 * w2 + b
        a_point = float(f(np.array([z_point]))[0])
        self.point_dot.set_data([x1], [x2])
        self.curve_point.set_data([z_point], [a_point])

        readouts = {
            "z": _linear_text([(w1, "x1"), (w2, "x2")], b),
            "line z = 0": _line_equation(w1, w2, b),
            "fires when": _threshold_text(w1, w2, b),
            "point ✕": f"({x1:.2f}, {x2:.2f})",
            "z at ✕": signed(z_point, 3),
            "a = f(z) at ✕": f"{a_point:.3f}",
        }
        for (c1, c2), z, a in zip(CORNERS, z_corners, a_corners):
            readouts[f"a at ({c1:.0f}, {c2:.0f})"] = f"{a:.3f} (z = {signed(z, 2)})"
        return readouts


# ---------------------------------------------------------------------------------------------
# the activation functions side by side, with their slopes
# ---------------------------------------------------------------------------------------------


def _derivative_text(name: str, z: float, slope: float) -> str:
    if abs(z) < 1e-9 and name == "step":
        return "none (jump)"
    if abs(z) < 1e-9 and name == "relu":
        return "none (kink)"
    return f"{slope:.3f}"


class ActivationExplorer(LiveWidget):
    """Step, sigmoid, ReLU, tanh and linear side by side: ``f(z)`` on top, ``f'(z)`` below.

    A slider moves ``z``; a dot marks ``f(z)`` and ``f'(z)`` on every curve and the readouts give
    both numbers. The slope row shares one y axis, so slopes can be compared: sigmoid's is at
    most 0.25, ReLU's is 1 for every positive ``z``, step's is 0 wherever it exists.

    Parameters
    ----------
    z : float
        Starting value of the slider (-4 to 4).
    names : sequence of str
        Which activations to show, from :data:`ACTIVATION_NAMES`.
    """

    title = "Activation functions f(z) and their slopes f'(z)"

    def __init__(self, z: float = 1.0, names: Sequence[str] = ACTIVATION_NAMES) -> None:
        names = tuple(names)
        unknown = [n for n in names if n not in ACTIVATION_NAMES]
        if unknown or not names:
            raise ValueError(f"unknown activations {unknown}; choose from {', '.join(ACTIVATION_NAMES)}")
        self.names = names
        n = len(names)
        fig, axes = new_figure(2, n, figsize=(min(1.3 * n + 0.4, 6.9), 3.4), sharex=True, squeeze=False)
        self.zs = np.linspace(-4.0, 4.0, 801)  # includes z = 0 exactly (index 400)
        self.f_axes, self.d_axes = axes[0], axes[1]
        self.f_dots, self.d_dots, self.f_vlines, self.d_vlines = [], [], [], []
        for k, name in enumerate(names):
            act = ACTIVATIONS[name]
            color, d_color = COLORS[0], COLORS[5]  # f(z) blue, f'(z) dark orange, everywhere
            ax_f, ax_d = axes[0, k], axes[1, k]
            f = act(self.zs)
            d = act.derivative(self.zs)
            if name in ("step", "relu"):
                d = d.copy()
                d[np.abs(self.zs) < 1e-12] = np.nan  # no slope at the jump / kink: leave a gap
                gap = [0.0] if name == "step" else [0.0, 1.0]  # the slope's values either side
                ax_d.plot(
                    [0.0] * len(gap), gap, "o", markersize=5, markerfacecolor="white", markeredgecolor=d_color, zorder=3
                )
            ax_f.plot(self.zs, f, color=color, linewidth=2.0)
            ax_d.plot(self.zs, d, color=d_color, linewidth=2.0, linestyle="--")
            for ax in (ax_f, ax_d):
                ax.grid(False)  # the z = 0 and f = 0 lines are reference enough (and faster)
                ax.axhline(0.0, color="0.6", linewidth=0.8, zorder=0)
                ax.axvline(0.0, color="0.6", linewidth=0.8, zorder=0)
            # one line per title and few tick labels: every text costs ~1 ms on every frame
            ax_f.set_title(f"{DISPLAY_NAMES[name]}: {OUTPUT_RANGES[name]}", fontsize=9.5)
            ax_f.set_ylim({"relu": (-0.5, 4.2), "linear": (-4.2, 4.2), "tanh": (-1.2, 1.2)}.get(name, (-0.15, 1.15)))
            ax_f.set_yticks({"relu": [0, 4], "linear": [-4, 4], "tanh": [-1, 1]}.get(name, [0, 1]))
            ax_d.set_ylim(-0.12, 1.12)
            if name == "sigmoid":
                ax_d.axhline(0.25, color="0.4", linewidth=0.8, linestyle=":")
                ax_d.text(-3.9, 0.28, "max 0.25", fontsize=8, color="0.3")
            self.f_vlines.append(ax_f.axvline(z, color="0.3", linewidth=0.8, linestyle=":"))
            self.d_vlines.append(ax_d.axvline(z, color="0.3", linewidth=0.8, linestyle=":"))
            (dot_f,) = ax_f.plot([], [], "o", markersize=7, color=color, markeredgecolor="black", zorder=4)
            (dot_d,) = ax_d.plot([], [], "o", markersize=7, color=d_color, markeredgecolor="black", zorder=4)
            self.f_dots.append(dot_f)
            self.d_dots.append(dot_d)
            if k > 0:
                ax_d.tick_params(labelleft=False)
        fig.supxlabel("z", fontsize=10)
        self.f_axes[0].set_ylabel("f(z)")
        self.d_axes[0].set_ylabel("slope f'(z)")
        for ax in axes.ravel():
            ax.set_xlim(-4.0, 4.0)
            ax.set_xticks([-4, 0, 4])
        self.d_axes[0].set_yticks([0, 0.5, 1])
        for ax in self.d_axes[1:]:
            ax.tick_params(labelbottom=False)  # the first column's -4, 0, 4 serve them all
        super().__init__(
            fig,
            {
                "z": widgets.FloatSlider(
                    value=z, min=-4.0, max=4.0, step=0.1, description="z", readout_format=".1f", continuous_update=True
                ),
            },
        )
        self.bake(dynamic=[*self.f_dots, *self.d_dots, *self.f_vlines, *self.d_vlines])

    def render(self, z: float) -> dict[str, str]:
        readouts = {"z": signed(z, 2)}
        for k, name in enumerate(self.names):
            act = ACTIVATIONS[name]
            zz = np.array([z])
            fz = float(act(zz)[0])
            slope = float(act.derivative(zz)[0])
            at_gap = abs(z) < 1e-9 and name in ("step", "relu")
            self.f_dots[k].set_data([z], [fz])
            self.d_dots[k].set_data([z], [np.nan if at_gap else slope])
            self.f_vlines[k].set_xdata([z, z])
            self.d_vlines[k].set_xdata([z, z])
            readouts[DISPLAY_NAMES[name]] = f"f = {fz:.3f}, f' = {_derivative_text(name, z, slope)}"
        return readouts


# ---------------------------------------------------------------------------------------------
# why a step cannot learn by gradient
# ---------------------------------------------------------------------------------------------


def _mse(a: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Mean squared error over the last axis: mean((a - y)^2)."""
    return np.mean((a - y) ** 2, axis=-1)


class StepVsSigmoidLoss(LiveWidget):
    """The loss of a one-input neuron as its weight moves: step (left) and sigmoid (right).

    The neuron is ``a = f(w * x + b)`` with ``b`` fixed; the loss is the mean squared error
    ``L(w) = mean((a - y)^2)`` over the data ``(x, y)``. A slider moves ``w``; the dot marks
    ``L(w)`` and the short line is the tangent, whose slope ``dL/dw`` is what gradient descent
    follows. For the step the loss is a staircase: its slope is 0 on every stair and does not
    exist at the jumps, so it never says which way to move ``w``.

    Parameters
    ----------
    x, y : ndarray, shape (n_samples,)
        One input per sample and its target, 0 or 1.
    b : float
        The fixed bias.
    w : float
        Starting weight (slider from -3 to 5).
    """

    title = "Loss as the weight w moves: step versus sigmoid"
    w_range = (-3.0, 5.0)

    def __init__(self, x: np.ndarray, y: np.ndarray, b: float = -1.0, w: float = 0.2) -> None:
        self.x = np.asarray(x, dtype=np.float64).ravel()
        self.y = np.asarray(y, dtype=np.float64).ravel()
        if self.x.shape != self.y.shape:
            raise ValueError(f"x has {self.x.size} samples but y has {self.y.size}")
        self.b = float(b)
        self.ws = np.linspace(*self.w_range, 1601)
        Z = self.ws[:, None] * self.x[None, :] + self.b  # (n_w, n_samples)
        self.loss_curves = {name: _mse(ACTIVATIONS[name](Z), self.y) for name in ("step", "sigmoid")}
        fig, axes = new_figure(1, 2, figsize=(6.4, 2.9), sharey=True)
        self.axes = dict(zip(("step", "sigmoid"), axes))
        self.dots, self.tangents = {}, {}
        for k, (name, ax) in enumerate(self.axes.items()):
            curve = self.loss_curves[name]
            if name == "step":
                # stairs with gaps at the jumps (a faint dotted line joins them for the eye)
                ax.plot(self.ws, curve, color="0.6", linewidth=0.8, linestyle=":")
                curve = curve.copy()
                curve[1:][np.diff(curve) != 0] = np.nan
            ax.plot(self.ws, curve, color=COLORS[k], linewidth=2.2)
            (self.tangents[name],) = ax.plot(
                [], [], color="black", linewidth=2.0, label="slope dL/dw (tangent)", zorder=3
            )
            (self.dots[name],) = ax.plot(
                [], [], "o", markersize=8, color="white", markeredgecolor="black", markeredgewidth=1.5, zorder=4
            )
            ax.set(title=f"{name} neuron", xlabel="weight w", xlim=self.w_range, ylim=(-0.03, 0.85))
            ax.set_xticks([-2, 0, 2, 4])
        axes[1].legend(loc="upper right", fontsize=8)
        axes[0].set_yticks([0.0, 0.4, 0.8])
        axes[0].set_ylabel("loss L(w) = mean((a − y)²)")
        super().__init__(
            fig,
            {
                "w": widgets.FloatSlider(
                    value=w,
                    min=self.w_range[0],
                    max=self.w_range[1],
                    step=0.05,
                    description="weight w",
                    readout_format=".2f",
                    continuous_update=True,
                ),
            },
        )
        self.bake(dynamic=[*self.dots.values(), *self.tangents.values(), axes[1].get_legend()])

    def loss_and_slope(self, name: str, w: float) -> tuple[float, float | None]:
        """``L(w)`` and ``dL/dw`` for one activation; the slope is None where it does not exist.

        Sigmoid: ``dL/dw = mean(2 (a - y) a (1 - a) x)`` (the chain rule). Step: 0, because
        ``step'(z) = 0`` for every ``z != 0``; it does not exist when some ``z`` is exactly 0.
        """
        act = ACTIVATIONS[name]
        z = w * self.x + self.b
        a = act(z)
        loss = float(_mse(a, self.y))
        if name == "step":
            on_jump = bool(np.any(np.abs(z) < 1e-9))  # some sample sits exactly on the jump
            return loss, None if on_jump else 0.0
        return loss, float(np.mean(2.0 * (a - self.y) * act.derivative(z) * self.x))

    def render(self, w: float) -> dict[str, str]:
        readouts = {"w": f"{w:.2f}"}
        half = 0.6  # the tangent is drawn from w - half to w + half
        for name in ("step", "sigmoid"):
            loss, slope = self.loss_and_slope(name, w)
            self.dots[name].set_data([w], [loss])
            if slope is None:
                self.tangents[name].set_data([], [])
                slope_text, move = "none (a jump)", "no direction"
            else:
                self.tangents[name].set_data([w - half, w + half], [loss - half * slope, loss + half * slope])
                if name == "step":
                    slope_text, move = "0 (flat stair)", "nothing"
                elif abs(slope) < 5e-4:
                    slope_text, move = signed(slope, 3), "stay (the bottom)"
                else:
                    slope_text = signed(slope, 3)
                    move = "increase w" if slope < 0 else "decrease w"
            readouts[f"{name}: loss"] = f"{loss:.3f}"
            readouts[f"{name}: slope dL/dw"] = slope_text
            readouts[f"{name}: the slope says"] = move
        return readouts


# ---------------------------------------------------------------------------------------------
# a static diagram of one neuron, with numbers
# ---------------------------------------------------------------------------------------------


def draw_neuron(
    ax: Axes, x: Sequence[float], w: Sequence[float], b: float, activation: str = "sigmoid"
) -> dict[str, float]:
    """Draw one neuron with its numbers: inputs, weights, the sum z with the bias, f, output.

    Parameters
    ----------
    ax : Axes
        Where to draw (its axis lines are switched off).
    x, w : sequence of float, length n_in (1 to 4)
        The inputs and their weights.
    b : float
        The bias.
    activation : str
        A name from :data:`ACTIVATION_NAMES`.

    Returns
    -------
    dict
        ``{"z": z, "a": a}``: the weighted input ``z = x·w + b`` and the output ``a = f(z)``.
    """
    xs = np.asarray(x, dtype=np.float64).ravel()
    ws = np.asarray(w, dtype=np.float64).ravel()
    if xs.shape != ws.shape or not 1 <= xs.size <= 4:
        raise ValueError(f"x and w need the same length, 1 to 4; got {xs.size} and {ws.size}")
    z = float(xs @ ws + b)
    a = float(ACTIVATIONS[activation](np.array([z]))[0])

    ax.set_xlim(0.0, 10.0)
    ax.set_ylim(0.0, 5.0)
    ax.set_aspect("equal")
    ax.set_axis_off()
    sum_xy = (5.0, 2.5)
    ys = np.linspace(4.1, 0.9, xs.size) if xs.size > 1 else np.array([2.5])
    for i, (xi, wi, yi) in enumerate(zip(xs, ws, ys), start=1):
        ax.add_patch(Circle((1.0, yi), 0.5, facecolor=COLORS[7], edgecolor="black", zorder=3))
        ax.text(1.0, yi, f"x{i}\n{short(xi, min_decimals=1)}", ha="center", va="center", fontsize=9, zorder=4)
        start = np.array([1.5, yi])
        end = np.array([sum_xy[0] - 0.75, sum_xy[1] + 0.25 * (yi - 2.5)])
        ax.add_patch(
            FancyArrowPatch(
                tuple(start),
                tuple(end),
                arrowstyle="-|>",
                mutation_scale=12,
                color="0.3",
                linewidth=1.2 + 1.2 * min(abs(wi), 2.0),
                zorder=2,
            )
        )
        # the weight's label beside the middle of its arrow, on the outer side
        along = (end - start) / np.linalg.norm(end - start)
        normal = np.array([-along[1], along[0]])
        if normal[1] * (yi - 2.5) < 0 or (yi == 2.5 and normal[1] < 0):
            normal = -normal
        spot = (start + end) / 2 + 0.38 * normal
        ax.text(
            spot[0],
            spot[1],
            f"w{i} = {short(wi, min_decimals=1)}",
            ha="center",
            va="center",
            fontsize=9,
            color=COLORS[0] if wi >= 0 else COLORS[5],
            fontweight="bold",
            rotation=np.degrees(np.arctan2(along[1], along[0])),
            rotation_mode="anchor",
        )
    ax.add_patch(Circle(sum_xy, 0.75, facecolor="white", edgecolor="black", linewidth=1.5, zorder=3))
    ax.text(*sum_xy, "Σ", ha="center", va="center", fontsize=16, zorder=4)
    ax.text(sum_xy[0], sum_xy[1] + 0.95, f"+ bias b = {short(b, min_decimals=1)}", ha="center", va="bottom", fontsize=9)
    ax.text(sum_xy[0], sum_xy[1] - 0.95, f"z = {z:.2f}", ha="center", va="top", fontsize=10, fontweight="bold")
    ax.add_patch(
        FancyArrowPatch((5.75, 2.5), (6.6, 2.5), arrowstyle="-|>", mutation_scale=12, color="0.3", linewidth=1.5)
    )
    ax.add_patch(
        FancyBboxPatch(
            (6.65, 1.95), 1.3, 1.1, boxstyle="round,pad=0.05", facecolor=COLORS[8], edgecolor="black", zorder=3
        )
    )
    ax.text(7.3, 2.5, f"f =\n{activation}", ha="center", va="center", fontsize=9, zorder=4)
    ax.add_patch(
        FancyArrowPatch((8.0, 2.5), (8.9, 2.5), arrowstyle="-|>", mutation_scale=12, color="0.3", linewidth=1.5)
    )
    ax.text(9.45, 2.5, f"a =\n{a:.3f}", ha="center", va="center", fontsize=10, fontweight="bold")
    return {"z": z, "a": a}


# ---------------------------------------------------------------------------------------------
# benchmark hook (benchmarks/widgets.py): every widget class, a control and a new value for it
# ---------------------------------------------------------------------------------------------

_BENCH_X = np.array([-2.0, -1.0, -0.5, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0])
_BENCH_Y = (_BENCH_X >= 1.0).astype(np.float64)

BENCH_CASES = [
    ("NeuronPlane", lambda: NeuronPlane(), {"w1": 1.7}),
    ("NeuronPlane (activation)", lambda: NeuronPlane(), {"activation": "tanh"}),
    ("ActivationExplorer", lambda: ActivationExplorer(), {"z": -1.3}),
    ("StepVsSigmoidLoss", lambda: StepVsSigmoidLoss(_BENCH_X, _BENCH_Y), {"w": 1.55}),
]
