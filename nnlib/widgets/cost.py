"""The widgets of lesson 07, the cost function.

What this module is for
-----------------------
Three live figures in the one widget pattern of :mod:`nnlib.widgets.live`:

- :class:`OutlierFit`: a dozen points and two straight-line fits, one minimising the squared
  error (L2, least squares) and one minimising the absolute error (L1, least absolute
  deviations). Pick a point and drag its height: the L2 line chases it, the L1 line holds. The
  bars on the right show how hard each point pulls its line (the slope of its loss term): 2 × its
  error under L2, so a far point pulls hardest; ±1 under L1, however far the point is.
- :class:`AccuracyVsCrossEntropy`: a one-input neuron ``p = sigmoid(w * x + b)`` on a small 1-D
  binary classification data set. Accuracy as a function of ``w`` is a staircase (slope 0 on
  every stair, no slope at the jumps); cross-entropy is a smooth curve whose slope says which way
  to move ``w``.
- :class:`CostSurface`: the cost of a two-input neuron as a function of its two weights (bias
  fixed): the data with the neuron's decision line, the contour map and the 3-D surface, with
  the current weights following two sliders. The surfaces of every loss are computed once in the
  constructor; moving a slider only moves markers.
- :class:`LearningSlowdown` (lesson 08): one sigmoid neuron that starts saturated and wrong,
  trained by gradient descent under squared error and under cross-entropy side by side. Left:
  its output epoch by epoch under each loss; right: the slope ``dL/dz`` each loss hands back
  against ``z``, which squared error flattens to almost 0 where the sigmoid is flat. The runs
  are :func:`nnlib.analysis.cost.train_one_neuron`.
- The best straight line under each loss (:func:`fit_l2`, :func:`fit_l1`) is
  :mod:`nnlib.analysis.cost`.

What it is not
--------------
Not the losses themselves: those are ``nnlib.losses`` (the lesson writes them out in numpy and
checks them against it). Nothing here changes global matplotlib state.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import FancyArrowPatch
from matplotlib.ticker import MaxNLocator

from nnlib.activations import sigmoid
from nnlib.analysis.cost import OUTPUT_LOSSES, fit_l1, fit_l2, line_points, output_slope, train_one_neuron
from nnlib.losses import binary_crossentropy_from_logits
from nnlib.plots import CLASS_COLORS, CLASS_MARKERS
from nnlib.widgets.backdrop import axes_contents
from nnlib.widgets.canvas import new_figure
from nnlib.widgets.live import LiveWidget
from nnlib.widgets.style import CMAP_SEQUENTIAL, COLORS, signed

__all__ = [
    "BENCH_CASES",
    "SURFACE_LOSSES",
    "AccuracyVsCrossEntropy",
    "CostSurface",
    "LearningSlowdown",
    "OutlierFit",
]

# colours of the two fits, also told apart by line style (solid L2, dashed L1)
_L2_COLOR = COLORS[0]  # blue
_L1_COLOR = COLORS[5]  # dark orange
_MARK_COLOR = COLORS[1]  # orange: the point or weights the learner moves


def _few_ticks(*targets: Any) -> None:
    """At most about 5 ticks on these axes (or single axis objects).

    Tick labels are most of the cost of drawing a figure; the readouts carry the exact numbers.
    """
    for target in targets:
        for axis in (target.xaxis, target.yaxis) if hasattr(target, "xaxis") else (target,):
            axis.set_major_locator(MaxNLocator(5))


def _line_text(slope: float, intercept: float) -> str:
    return f"y = {signed(slope)}·x {signed(intercept)}"


# ---------------------------------------------------------------------------------------------
# L2 versus L1: drag an outlier
# ---------------------------------------------------------------------------------------------


class OutlierFit(LiveWidget):
    """Two straight-line fits to the same points: least squares (L2) and least absolute (L1).

    Parameters
    ----------
    x, y : ndarray, shape (n_samples,)
        The data (3 to 20 points).
    point : int
        Which point is moved (slider "point #"); the others stay where the data put them.
    outlier_y : float
        The moved point's height (slider "its y"). Default: where the data put it.
    y_range : (float, float)
        The range of that slider, and of the plot's y axis.

    Left: the points, the moved one as an orange diamond (its place in the data as a hollow
    circle), the L2 fit (solid blue), the L1 fit (dashed orange) and, dotted grey, the L2 fit of
    the data before anything moved. Right: each point's pull on each line, ``-d(loss term)/d(ŷ)``:
    ``2 (y - ŷ)`` for L2, ``sign(y - ŷ)`` for L1 (0 for the two points an L1 line passes through).
    """

    title = "Drag an outlier: the squared-error (L2) fit chases it, the absolute-error (L1) fit holds"

    def __init__(
        self,
        x: np.ndarray,
        y: np.ndarray,
        point: int = 0,
        outlier_y: float | None = None,
        y_range: tuple[float, float] = (-10.0, 30.0),
    ) -> None:
        self.x, self.y = line_points(x, y)
        n = self.x.size
        if not 3 <= n <= 20:
            raise ValueError(f"OutlierFit shows 3 to 20 points, got {n}")
        if not 0 <= int(point) < n:
            raise ValueError(f"point must be one of 0..{n - 1}, got {point}")
        self.y_range = (float(y_range[0]), float(y_range[1]))
        self.clean_fit = fit_l2(self.x, self.y)
        self.clean_l1_fit = fit_l1(self.x, self.y)
        self.ends = np.array([self.x.min() - 0.5, self.x.max() + 0.5])

        fig, (ax, ax_bar) = new_figure(1, 2, figsize=(9.0, 3.6), width_ratios=(1.45, 1.0))
        self.ax, self.ax_bar = ax, ax_bar
        (self.clean_line,) = ax.plot(
            self.ends,
            np.polyval(self.clean_fit, self.ends),
            ":",
            color="0.45",
            linewidth=1.5,
            label="L2 fit before the move",
        )
        (self.l2_line,) = ax.plot([], [], "-", color=_L2_COLOR, linewidth=2.4, label="L2 fit (least squares)")
        (self.l1_line,) = ax.plot([], [], "--", color=_L1_COLOR, linewidth=2.4, label="L1 fit (least absolute)")
        self.others = ax.scatter(
            [], [], s=36, color=COLORS[3], edgecolors="black", linewidths=0.5, zorder=3, label="data"
        )
        (self.home,) = ax.plot(
            [],
            [],
            "o",
            markersize=9,
            markerfacecolor="none",
            markeredgecolor=_MARK_COLOR,
            markeredgewidth=1.5,
            zorder=3,
        )
        (self.link,) = ax.plot([], [], ":", color=_MARK_COLOR, linewidth=1.2, zorder=2)
        (self.moved,) = ax.plot(
            [], [], "D", markersize=9, color=_MARK_COLOR, markeredgecolor="black", zorder=4, label="the point you move"
        )
        pad = 0.05 * (self.y_range[1] - self.y_range[0])
        ax.set(
            xlim=(self.ends[0], self.ends[1]),
            ylim=(self.y_range[0] - pad, self.y_range[1] + pad),
            xlabel="x",
            ylabel="y",
            title="two best lines, two losses",
        )
        ax.legend(loc="upper left", fontsize=7.5, ncol=2)

        # right: how hard each point pulls on its line, -d(loss term)/d(prediction)
        idx = np.arange(n)
        self.bars_l2 = ax_bar.bar(
            idx - 0.2, np.zeros(n), width=0.4, color=_L2_COLOR, label="L2: 2·(y − ŷ), grows with the error"
        )
        self.bars_l1 = ax_bar.bar(
            idx + 0.2,
            np.zeros(n),
            width=0.4,
            color=_L1_COLOR,
            hatch="////",
            edgecolor="white",
            linewidth=0,
            label="L1: sign(y − ŷ), always ±1",
        )
        ax_bar.axhline(0.0, color="black", linewidth=0.8)
        ax_bar.set_axisbelow(True)  # the grid beneath the bars (it is baked beneath them)
        ax_bar.set(
            xlim=(-0.7, n - 0.3),
            xlabel="point #",
            ylabel="pull on the line",
            title="how hard each point pulls its line",
        )
        ax_bar.set_xticks(idx if n <= 12 else idx[::2])
        ax_bar.legend(loc="upper left", fontsize=7.5)
        _few_ticks(ax, ax_bar.yaxis)
        self.bar_label = ax_bar.text(0.0, 0.0, "moved", ha="center", fontsize=8, color=_MARK_COLOR, fontweight="bold")

        super().__init__(
            fig,
            {
                "point": widgets.IntSlider(value=int(point), min=0, max=n - 1, step=1, description="point #"),
                "outlier_y": widgets.FloatSlider(
                    value=float(self.y[int(point)] if outlier_y is None else outlier_y),
                    min=self.y_range[0],
                    max=self.y_range[1],
                    step=0.5,
                    description="its y",
                    readout_format=".1f",
                ),
            },
        )
        # the bars' y range follows the largest pull: their y axis is drawn every frame
        self.bake(
            dynamic=[*axes_contents(ax), ax.get_legend(), *axes_contents(ax_bar), ax_bar.yaxis, ax_bar.get_legend()]
        )

    def data(self, point: int, outlier_y: float) -> np.ndarray:
        """The y values with point ``point`` moved to ``outlier_y``, shape (n_samples,)."""
        y = self.y.copy()
        y[int(point)] = float(outlier_y)
        return y

    def render(self, point: int, outlier_y: float) -> dict[str, str]:
        point = int(point)
        y = self.data(point, outlier_y)
        a2, b2 = fit_l2(self.x, y)
        a1, b1 = fit_l1(self.x, y)
        self.l2_line.set_data(self.ends, a2 * self.ends + b2)
        self.l1_line.set_data(self.ends, a1 * self.ends + b1)
        rest = np.arange(self.x.size) != point
        self.others.set_offsets(np.column_stack([self.x[rest], y[rest]]))
        xp, y0 = self.x[point], self.y[point]
        self.home.set_data([xp], [y0])
        self.link.set_data([xp, xp], [y0, outlier_y])
        self.moved.set_data([xp], [outlier_y])

        err2 = y - (a2 * self.x + b2)  # each point's error under the L2 fit
        err1 = y - (a1 * self.x + b1)  # ... and under the L1 fit
        # the pull of a point = -d(its loss term)/d(prediction): the direction and strength with
        # which it drags the line towards itself
        pull2 = 2.0 * err2
        pull1 = np.where(np.abs(err1) < 1e-9, 0.0, np.sign(err1))  # 0 for the points on the line
        for bar, h in zip(self.bars_l2, pull2):
            bar.set_height(h)
        for bar, h in zip(self.bars_l1, pull1):
            bar.set_height(h)
        top = max(2.5, 1.2 * float(np.abs(pull2).max()))
        self.ax_bar.set_ylim(-top, top)
        tip = pull2[point] if abs(pull2[point]) > 1.0 else pull1[point] or 1.0
        self.bar_label.set_position((point, tip + 0.04 * top * np.sign(tip)))
        self.bar_label.set_verticalalignment("bottom" if tip > 0 else "top")
        return {
            "moved point": f"#{point} at x = {xp:.2f}: y {y0:.2f} → {outlier_y:.2f}",
            "L2 fit (least squares)": _line_text(a2, b2),
            "L1 fit (least absolute)": _line_text(a1, b1),
            "before the move: L2, L1 slope": (f"{self.clean_fit[0]:+.3f}, {self.clean_l1_fit[0]:+.3f}"),
            "L2 fit: mean squared error": f"{np.mean(err2**2):.3f}",
            "L1 fit: mean absolute error": f"{np.mean(np.abs(err1)):.3f}",
            "moved point's pull on L2 line": f"{signed(pull2[point], 2)} (2 × its error)",
            "moved point's pull on L1 line": f"{signed(pull1[point], 0)} (sign of its error)",
        }


# ---------------------------------------------------------------------------------------------
# accuracy (a staircase) versus cross-entropy (smooth) as one weight moves
# ---------------------------------------------------------------------------------------------


class AccuracyVsCrossEntropy(LiveWidget):
    """Accuracy and cross-entropy of a one-input neuron ``p = sigmoid(w x + b)`` as ``w`` moves.

    Parameters
    ----------
    x : ndarray, shape (n_samples,)
        One input per sample.
    y : ndarray, shape (n_samples,)
        Labels, 0 or 1.
    w, b : float
        Starting weight (slider over ``w_range``) and bias (slider over ``b_range``).

    Left: the data (class 0 at height 0, class 1 at height 1), the neuron's output ``p(x)`` read
    as the probability of class 1, the 0.5 threshold and where ``p`` crosses it; points on the
    wrong side carry a black cross. Middle: accuracy against ``w`` (for the current ``b``), a
    staircase. Right: mean binary cross-entropy against ``w``, smooth, with its tangent at ``w``.
    """

    title = "Accuracy is a staircase, cross-entropy is smooth: one neuron p = σ(w·x + b)"
    w_range = (-1.0, 4.0)
    b_range = (-6.0, 2.0)

    def __init__(self, x: np.ndarray, y: np.ndarray, w: float = 0.5, b: float = -2.5) -> None:
        self.x = np.asarray(x, dtype=np.float64).ravel()
        self.y = np.asarray(y, dtype=np.float64).ravel()
        if self.x.shape != self.y.shape:
            raise ValueError(f"x has {self.x.size} samples but y has {self.y.size}")
        if not np.all((self.y == 0) | (self.y == 1)):
            raise ValueError("y must hold labels 0 or 1")
        self.ws = np.linspace(*self.w_range, 1401)
        span = np.ptp(self.x) or 1.0
        self.xlim = (self.x.min() - 0.15 * span, self.x.max() + 0.15 * span)
        self.xs = np.linspace(*self.xlim, 301)

        fig, (ax, ax_acc, ax_ce) = new_figure(1, 3, figsize=(9.0, 3.3), width_ratios=(1.2, 1.0, 1.0))
        self.ax, self.ax_acc, self.ax_ce = ax, ax_acc, ax_ce
        # left: data and the neuron's output
        for label in (0, 1):
            sel = self.y == label
            ax.scatter(
                self.x[sel],
                self.y[sel],
                s=34,
                color=CLASS_COLORS[label],
                marker=CLASS_MARKERS[label],
                edgecolors="black",
                linewidths=0.5,
                zorder=3,
                label=f"class {label}",
            )
        self.wrong = ax.scatter(
            [], [], s=80, marker="x", color="black", linewidths=1.6, zorder=4, label="misclassified"
        )
        ax.axhline(0.5, color="0.5", linestyle=":", linewidth=1.2)
        (self.p_curve,) = ax.plot([], [], color=COLORS[3], linewidth=2.0, label="p = σ(w·x + b)")
        (self.cut,) = ax.plot([], [], "--", color=_MARK_COLOR, linewidth=1.6, label="p = 0.5: the threshold")
        ax.set(
            xlim=self.xlim,
            ylim=(-0.12, 1.12),
            xlabel="input x",
            ylabel="p = probability of class 1",
            title="the neuron's output",
        )
        ax.legend(loc="center left", bbox_to_anchor=(0.0, 0.6), fontsize=7, framealpha=0.9)
        # middle: accuracy against w
        (self.acc_curve,) = ax_acc.plot([], [], color=COLORS[0], linewidth=2.0)
        (self.acc_dot,) = ax_acc.plot([], [], "o", color=_MARK_COLOR, markersize=8, markeredgecolor="black", zorder=4)
        ax_acc.set(xlim=self.w_range, ylim=(-0.03, 1.03), xlabel="weight w", title="accuracy: a staircase")
        # right: cross-entropy against w, with the tangent at w
        (self.ce_curve,) = ax_ce.plot([], [], color=COLORS[0], linewidth=2.0)
        (self.tangent,) = ax_ce.plot([], [], color=_MARK_COLOR, linewidth=2.2)
        (self.ce_dot,) = ax_ce.plot([], [], "o", color=_MARK_COLOR, markersize=8, markeredgecolor="black", zorder=4)
        ax_ce.set(xlim=self.w_range, xlabel="weight w", title="cross-entropy: smooth")
        _few_ticks(ax, ax_acc, ax_ce)

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
                ),
                "b": widgets.FloatSlider(
                    value=b,
                    min=self.b_range[0],
                    max=self.b_range[1],
                    step=0.1,
                    description="bias b",
                    readout_format=".1f",
                ),
            },
        )
        # the cross-entropy's y range follows its curve: that y axis is drawn every frame
        self.bake(
            dynamic=[*axes_contents(ax), ax.get_legend(), *axes_contents(ax_acc), *axes_contents(ax_ce), ax_ce.yaxis]
        )

    def scores(self, w: float, b: float) -> dict[str, float]:
        """Accuracy, cross-entropy and the slope ``dL/dw`` of the cross-entropy at ``(w, b)``.

        The prediction is class 1 where ``p >= 0.5``, i.e. where ``z = w x + b >= 0``.
        ``dL/dw = mean((p - y) x)`` (sigmoid and cross-entropy together, lesson 11 derives it).
        """
        z = w * self.x + b
        p = sigmoid(z)
        return {
            "accuracy": float(np.mean((z >= 0) == (self.y == 1))),
            "cross_entropy": float(np.mean(binary_crossentropy_from_logits(self.y, z))),
            "slope": float(np.mean((p - self.y) * self.x)),
            "on_jump": bool(np.any(np.abs(z) < 1e-9)),
        }

    def render(self, w: float, b: float) -> dict[str, str]:
        # the curves against w depend on b: recompute them (1401 x n values, well under 1 ms)
        Z = self.ws[:, None] * self.x[None, :] + b
        acc = np.mean((Z >= 0) == (self.y[None, :] == 1), axis=1)
        ce = np.mean(binary_crossentropy_from_logits(self.y[None, :], Z), axis=1)
        self.acc_curve.set_data(self.ws, acc)
        self.ce_curve.set_data(self.ws, ce)
        self.ax_ce.set_ylim(0.0, min(float(ce.max()), 4.0) * 1.05)

        s = self.scores(w, b)
        self.acc_dot.set_data([w], [s["accuracy"]])
        self.ce_dot.set_data([w], [s["cross_entropy"]])
        half = 0.6
        self.tangent.set_data(
            [w - half, w + half], [s["cross_entropy"] - half * s["slope"], s["cross_entropy"] + half * s["slope"]]
        )

        z = w * self.x + b
        self.p_curve.set_data(self.xs, sigmoid(w * self.xs + b))
        wrong = (z >= 0) != (self.y == 1)
        self.wrong.set_offsets(np.column_stack([self.x[wrong], self.y[wrong]]))
        if abs(w) > 1e-9 and self.xlim[0] <= -b / w <= self.xlim[1]:
            self.cut.set_data([-b / w, -b / w], [-0.12, 1.12])
            threshold = f"x = −b/w = {-b / w:+.2f}"
        else:
            self.cut.set_data([], [])
            threshold = "off the plot" if abs(w) > 1e-9 else "none (w = 0: p is the same for every x)"
        n_right = int(round(s["accuracy"] * self.x.size))
        return {
            "w, b": f"{w:+.2f}, {b:+.2f}",
            "p crosses 0.5 at": threshold,
            "accuracy": f"{n_right} / {self.x.size} = {s['accuracy']:.3f}",
            "accuracy's slope d(acc)/dw": ("none (a jump)" if s["on_jump"] else "0 (a flat stair)"),
            "cross-entropy": f"{s['cross_entropy']:.4f}",
            "cross-entropy's slope dL/dw": signed(s["slope"], 4),
            "to lower the cross-entropy": (
                "increase w" if s["slope"] < -5e-5 else "decrease w" if s["slope"] > 5e-5 else "stay"
            ),
        }


# ---------------------------------------------------------------------------------------------
# the cost surface over two weights
# ---------------------------------------------------------------------------------------------

#: the losses :class:`CostSurface` can show, with what their surface looks like
SURFACE_LOSSES = {
    "cross-entropy": "smooth, one bowl (convex for one sigmoid neuron)",
    "squared error": "smooth, but flat far from the bowl",
    "error rate (1 − accuracy)": "flat terraces: slope 0 almost everywhere",
}


class CostSurface(LiveWidget):
    """The cost of a two-input neuron ``p = sigmoid(w1 x1 + w2 x2 + b)`` over its two weights.

    Parameters
    ----------
    X : ndarray, shape (n_samples, 2)
        Inputs.
    y : ndarray, shape (n_samples,)
        Labels, 0 or 1.
    b : float
        The bias, held fixed: the surface is a slice of the cost through the weight plane.
    w1, w2 : float
        Starting weights (sliders from ``-lim`` to ``lim``).
    loss : str
        One of :data:`SURFACE_LOSSES`.
    lim : float
        The weight plane shown is ``[-lim, lim]²``.
    resolution : int
        Grid points per axis of the contour map.
    surface_step, terrace_step : int
        The 3-D surfaces use every ``surface_step``-th grid point (every ``terrace_step``-th for
        the error rate, whose sharp terraces need more): fewer polygons, a faster draw.

    Every loss is evaluated on the whole grid once, here; ``render`` moves markers, swaps the
    picture of the map and shows one of the precomputed 3-D surfaces.
    """

    title = "The cost over two weights (bias fixed): data, contour map and 3-D surface"

    def __init__(
        self,
        X: np.ndarray,
        y: np.ndarray,
        b: float = 0.0,
        w1: float = -2.5,
        w2: float = 3.0,
        loss: str = "cross-entropy",
        lim: float = 4.0,
        resolution: int = 81,
        surface_step: int = 4,
        terrace_step: int = 2,
    ) -> None:
        self.X = np.asarray(X, dtype=np.float64)
        self.y = np.asarray(y, dtype=np.float64).ravel()
        if self.X.ndim != 2 or self.X.shape[1] != 2:
            raise ValueError(f"X must have shape (n_samples, 2), got {self.X.shape}")
        if len(self.X) != len(self.y):
            raise ValueError(f"X has {len(self.X)} samples but y has {len(self.y)} labels")
        if not np.all((self.y == 0) | (self.y == 1)):
            raise ValueError("y must hold labels 0 or 1")
        if loss not in SURFACE_LOSSES:
            raise ValueError(f"unknown loss {loss!r}; choose one of {', '.join(SURFACE_LOSSES)}")
        self.b = float(b)
        self.lim = float(lim)

        # the grids and every loss on them, once
        self.grid = np.linspace(-self.lim, self.lim, resolution)
        self.maps = self._losses_on(self.grid)  # name -> (resolution, resolution), [w2, w1]
        # the top of each colour scale (and of the 3-D box): error rate and squared error of a
        # probability are at most 1; cross-entropy has no upper limit, so use the map's maximum
        self.top = {name: float(m.max()) if name == "cross-entropy" else 1.0 for name, m in self.maps.items()}
        self.best = {}
        for name, m in self.maps.items():
            k2, k1 = np.unravel_index(np.argmin(m), m.shape)
            self.best[name] = (float(self.grid[k1]), float(self.grid[k2]), float(m[k2, k1]))

        fig = new_figure(1, 3, figsize=(9.0, 3.4), width_ratios=(1.0, 1.0, 1.25))[0]
        ax_data, ax_map, ax_old = fig.axes
        ax_old.remove()
        ax3 = fig.add_subplot(1, 3, 3, projection="3d", computed_zorder=False)
        self.ax_data, self.ax_map, self.ax3 = ax_data, ax_map, ax3

        # left: the data and the neuron's decision line w1 x1 + w2 x2 + b = 0
        for label in (0, 1):
            sel = self.y == label
            ax_data.scatter(
                self.X[sel, 0],
                self.X[sel, 1],
                s=22,
                color=CLASS_COLORS[label],
                marker=CLASS_MARKERS[label],
                edgecolors="black",
                linewidths=0.4,
                zorder=3,
                label=f"class {label}",
            )
        # a square window around the data (equal scales, so that w looks at right angles)
        low, high = self.X.min(axis=0), self.X.max(axis=0)
        half = 0.5 * float(np.max(high - low)) + 0.4
        self.centre = 0.5 * (low + high)
        self.xlim = (self.centre[0] - half, self.centre[0] + half)
        self.ylim = (self.centre[1] - half, self.centre[1] + half)
        self.arrow_length = 0.35 * half
        (self.boundary,) = ax_data.plot([], [], color="black", linewidth=2.0, label="p = 0.5")
        self.arrow = FancyArrowPatch(
            (0.0, 0.0), (0.0, 0.0), arrowstyle="-|>", mutation_scale=14, color=_MARK_COLOR, linewidth=2.0, zorder=4
        )
        ax_data.add_patch(self.arrow)
        ax_data.set(
            xlim=self.xlim, ylim=self.ylim, xlabel="x1", ylabel="x2", title="data and decision line", aspect="equal"
        )
        ax_data.legend(loc="lower right", fontsize=7, framealpha=0.9)

        # middle: contour map of the cost over (w1, w2)
        extent = (-self.lim, self.lim, -self.lim, self.lim)
        self.image = ax_map.imshow(
            self.maps[loss],
            origin="lower",
            extent=extent,
            cmap=CMAP_SEQUENTIAL,
            vmin=0.0,
            vmax=self.top[loss],
            interpolation="bilinear",
            aspect="equal",
        )
        self.contours = {}
        for name, m in self.maps.items():
            if name.startswith("error rate"):
                continue  # terraces: the picture shows them; contour lines would only trace pixels
            levels = np.linspace(0.0, self.top[name], 12)[1:]
            self.contours[name] = ax_map.contour(
                self.grid, self.grid, m, levels=levels, colors="white", linewidths=0.6, alpha=0.7
            )
        (self.best_map,) = ax_map.plot([], [], "*", color="white", markersize=11, markeredgecolor="black", zorder=4)
        (self.dot_map,) = ax_map.plot([], [], "o", color=_MARK_COLOR, markersize=9, markeredgecolor="black", zorder=5)
        ax_map.set(xlabel="weight w1", ylabel="weight w2", title="cost over (w1, w2)")
        ax_map.grid(False)
        _few_ticks(ax_data, ax_map)

        # right: 3-D surfaces (one per loss, only the chosen one visible) and the current point
        self.surfaces = {}
        for name, m in self.maps.items():
            terraces = name.startswith("error rate")
            k = terrace_step if terraces else surface_step
            C1, C2 = np.meshgrid(self.grid[::k], self.grid[::k])
            self.surfaces[name] = ax3.plot_surface(
                C1,
                C2,
                m[::k, ::k],
                cmap=CMAP_SEQUENTIAL,
                vmin=0.0,
                vmax=self.top[name],
                rstride=1,
                cstride=1,
                linewidth=0.0 if terraces else 0.15,
                edgecolor=(1.0, 1.0, 1.0, 0.35),
                antialiased=False,
                zorder=1,
            )
        (self.stem,) = ax3.plot([], [], [], color=_MARK_COLOR, linewidth=1.5, zorder=5)
        (self.dot3,) = ax3.plot([], [], [], "o", color=_MARK_COLOR, markersize=8, markeredgecolor="black", zorder=6)
        ax3.set_xlabel("w1", labelpad=-8)
        ax3.set_ylabel("w2", labelpad=-8)
        ax3.set_xlim(-self.lim, self.lim)
        ax3.set_ylim(-self.lim, self.lim)
        ticks = [-self.lim, 0.0, self.lim]
        ax3.set_xticks(ticks)
        ax3.set_yticks(ticks)
        ax3.zaxis.set_major_locator(MaxNLocator(3))
        ax3.tick_params(labelsize=7, pad=-3)
        ax3.view_init(elev=28, azim=-60)
        ax3.set_title("the same cost in 3-D (height)", y=0.98)

        names = list(SURFACE_LOSSES)
        super().__init__(
            fig,
            {
                "w1": widgets.FloatSlider(
                    value=w1, min=-self.lim, max=self.lim, step=0.1, description="weight w1", readout_format=".1f"
                ),
                "w2": widgets.FloatSlider(
                    value=w2, min=-self.lim, max=self.lim, step=0.1, description="weight w2", readout_format=".1f"
                ),
                "loss": widgets.Dropdown(options=names, value=loss, description="loss"),
            },
        )
        # the 3-D box (its height follows the loss) is baked again when the loss changes
        self.bake(
            dynamic=[
                *axes_contents(ax_data),
                ax_data.get_legend(),
                *axes_contents(ax_map),
                *self.surfaces.values(),
                self.stem,
                self.dot3,
            ],
            key=loss,
        )

    def _losses_on(self, grid: np.ndarray) -> dict[str, np.ndarray]:
        """Every loss of :data:`SURFACE_LOSSES` at every ``(w1, w2)`` of ``grid × grid``.

        Returns arrays of shape ``(len(grid), len(grid))`` indexed ``[w2, w1]`` (rows are w2,
        as ``imshow`` and ``contour`` expect).
        """
        W1, W2 = np.meshgrid(grid, grid)
        weights = np.column_stack([W1.ravel(), W2.ravel()])  # (g², 2)
        Z = weights @ self.X.T + self.b  # (g², n_samples): every sample, every weight pair
        out = {
            "cross-entropy": np.mean(binary_crossentropy_from_logits(self.y[None, :], Z), axis=1),
            "squared error": np.mean((sigmoid(Z) - self.y[None, :]) ** 2, axis=1),
            "error rate (1 − accuracy)": np.mean((Z >= 0) != (self.y[None, :] == 1), axis=1),
        }
        return {name: v.reshape(W1.shape) for name, v in out.items()}

    def cost(self, w1: float, w2: float, loss: str) -> float:
        """The exact cost at ``(w1, w2)`` (not read off the grid)."""
        z = self.X @ np.array([w1, w2]) + self.b
        if loss == "cross-entropy":
            return float(np.mean(binary_crossentropy_from_logits(self.y, z)))
        if loss == "squared error":
            return float(np.mean((sigmoid(z) - self.y) ** 2))
        return float(np.mean((z >= 0) != (self.y == 1)))

    def render(self, w1: float, w2: float, loss: str) -> dict[str, str]:
        # the chosen loss: swap the picture, show its contour lines and its surface
        self.image.set_data(self.maps[loss])
        self.image.set_clim(0.0, self.top[loss])
        # terraces keep their sharp edges; smooth losses are drawn smooth
        self.image.set_interpolation("nearest" if loss.startswith("error rate") else "bilinear")
        for name, c in self.contours.items():
            c.set_visible(name == loss)
        for name, s in self.surfaces.items():
            s.set_visible(name == loss)
        if self.ax3.get_zlim() != (0.0, self.top[loss]):
            self.ax3.set_zlim(0.0, self.top[loss])
            self.rebake(key=loss)  # the 3-D box's height and ticks are baked

        value = self.cost(w1, w2, loss)
        shown = min(value, self.top[loss])  # the exact value may lie just above the grid's top
        self.dot_map.set_data([w1], [w2])
        self.dot3.set_data_3d([w1], [w2], [shown])
        self.stem.set_data_3d([w1, w1], [w2, w2], [0.0, shown])
        bw1, bw2, bval = self.best[loss]
        self.best_map.set_data([bw1], [bw2])

        # the decision line w1 x1 + w2 x2 + b = 0 in the data plane, and the weight vector w
        # drawn from the point of the line nearest the data's centre, at right angles to the line
        w = np.array([w1, w2])
        norm2 = float(w @ w)
        if abs(w2) >= abs(w1) and abs(w2) > 1e-9:
            xs = np.array(self.xlim)
            self.boundary.set_data(xs, -(w1 * xs + self.b) / w2)
        elif abs(w1) > 1e-9:
            ys = np.array(self.ylim)
            self.boundary.set_data(-(w2 * ys + self.b) / w1, ys)
        else:
            self.boundary.set_data([], [])
        if norm2 > 1e-18:
            foot = self.centre - (w @ self.centre + self.b) * w / norm2
            tip = foot + self.arrow_length * w / np.sqrt(norm2)
            inside = self.xlim[0] <= foot[0] <= self.xlim[1] and self.ylim[0] <= foot[1] <= self.ylim[1]
            self.arrow.set_positions(tuple(foot), tuple(tip))
            self.arrow.set_visible(inside)
        else:
            self.arrow.set_visible(False)

        z = self.X @ np.array([w1, w2]) + self.b
        acc = float(np.mean((z >= 0) == (self.y == 1)))
        return {
            "w1, w2 (b fixed)": f"{w1:+.1f}, {w2:+.1f} (b = {self.b:+.1f})",
            f"cost ({loss})": f"{value:.4f}",
            "accuracy": f"{acc:.3f}",
            "lowest on this map (★)": f"{bval:.4f} at w1 = {bw1:+.1f}, w2 = {bw2:+.1f}",
            "this surface is": SURFACE_LOSSES[loss],
        }


# ---------------------------------------------------------------------------------------------
# the learning slowdown: squared error against cross-entropy on a saturated sigmoid output
# ---------------------------------------------------------------------------------------------

_LOSS_STYLE = {"squared error": (COLORS[5], "-"), "cross-entropy": (COLORS[0], "--")}


class LearningSlowdown(LiveWidget):
    """One sigmoid neuron ``a = sigmoid(w x + b)`` with ``x = 1``, trained under two losses.

    Parameters
    ----------
    z0 : float
        The starting weighted input ``z = w + b`` (``w = b = z0 / 2``); far from 0 the sigmoid is
        saturated (flat).
    target : float
        The target ``y``, 0 or 1.
    lr : float
        The learning rate of both runs.
    epochs : int
        How many gradient-descent steps both runs take.

    Left: the output ``a`` epoch by epoch under squared error (solid) and cross-entropy (dashed),
    with the target. Right: the slope ``dL/dz`` each loss hands to gradient descent, against
    ``z``, with the starting point marked. Readouts: the starting output and slopes, and the
    epoch at which each run first gets within 0.1 of the target.
    """

    title = "The learning slowdown: squared error against cross-entropy on a sigmoid output"
    within = 0.1

    def __init__(self, z0: float = 4.0, target: float = 0.0, lr: float = 0.5, epochs: int = 300) -> None:
        self.zs = np.linspace(-8.0, 8.0, 401)
        fig, (ax, ax_slope) = new_figure(1, 2, figsize=(9.0, 3.4))
        self.ax, self.ax_slope = ax, ax_slope
        self.target_line = ax.axhline(target, color="0.4", linestyle=":", linewidth=1.4, label="target y")
        self.runs = {}
        self.slopes = {}
        self.starts = {}
        for loss in OUTPUT_LOSSES:
            colour, style = _LOSS_STYLE[loss]
            (self.runs[loss],) = ax.plot([], [], style, color=colour, linewidth=2.0, label=loss)
            (self.slopes[loss],) = ax_slope.plot([], [], style, color=colour, linewidth=2.0, label=loss)
            (self.starts[loss],) = ax_slope.plot(
                [], [], "o", color=colour, markersize=8, markeredgecolor="black", zorder=4
            )
        ax.set(ylim=(-0.05, 1.05), xlabel="epoch", ylabel="output a = σ(z)", title="the output while it learns")
        ax.legend(loc="center right", fontsize=7, framealpha=0.9)
        ax_slope.axhline(0.0, color="0.6", linewidth=0.8)
        ax_slope.set(
            xlim=(self.zs[0], self.zs[-1]),
            ylim=(-1.05, 1.05),
            xlabel="weighted input z",
            ylabel="dL/dz",
            title="the slope each loss hands back",
        )
        ax_slope.legend(loc="lower right", fontsize=7, framealpha=0.9)
        _few_ticks(ax, ax_slope)
        control_style = {"description_width": "7em"}  # room for "learning rate" beside every control
        super().__init__(
            fig,
            {
                "z0": widgets.FloatSlider(
                    value=z0,
                    min=-8.0,
                    max=8.0,
                    step=0.5,
                    description="start z",
                    readout_format=".1f",
                    style=control_style,
                ),
                "target": widgets.Dropdown(
                    options=[("0", 0.0), ("1", 1.0)], value=target, description="target y", style=control_style
                ),
                "lr": widgets.FloatSlider(
                    value=lr,
                    min=0.05,
                    max=2.0,
                    step=0.05,
                    description="learning rate",
                    readout_format=".2f",
                    style=control_style,
                ),
                "epochs": widgets.IntSlider(
                    value=epochs, min=10, max=600, step=10, description="epochs", style=control_style
                ),
            },
        )
        self.bake(dynamic=[*axes_contents(ax), ax.get_legend(), ax.xaxis, *axes_contents(ax_slope)])

    def render(self, z0: float, target: float, lr: float, epochs: int) -> dict[str, str]:
        self.target_line.set_ydata([target, target])
        self.ax.set_xlim(0, epochs)
        readouts = {"start: output a = σ(z)": f"{float(sigmoid(np.array(z0))):.4f} (target {target:g})"}
        reached = {}
        for loss in OUTPUT_LOSSES:
            run = train_one_neuron(z0, target, lr, epochs, loss)
            self.runs[loss].set_data(np.arange(epochs + 1), run.output)
            self.slopes[loss].set_data(self.zs, output_slope(self.zs, target, loss))
            slope0 = float(output_slope(z0, target, loss))
            self.starts[loss].set_data([z0], [slope0])
            reached[loss] = run.epochs_to(target, self.within)
            readouts[f"{loss}: dL/dz at the start"] = signed(slope0, 4) if abs(slope0) >= 1e-3 else f"{slope0:+.1e}"
            readouts[f"{loss}: output after {epochs} epochs"] = f"{run.output[-1]:.4f}"
        for loss in OUTPUT_LOSSES:
            n = reached[loss]
            readouts[f"{loss}: epochs to within {self.within:g}"] = f"{n}" if n is not None else f"more than {epochs}"
        return readouts


# ---------------------------------------------------------------------------------------------
# benchmark cases (collected by benchmarks/widgets.py)
# ---------------------------------------------------------------------------------------------


def _bench_line_data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    x = np.linspace(0.0, 10.0, 12)
    return x, 0.8 * x + 1.0 + rng.normal(0.0, 0.6, x.size)


def _bench_1d_data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    y = np.repeat([0.0, 1.0], 10)
    return rng.normal(1.5 + 2.0 * y, 1.0), y


def _bench_2d_data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(2)
    y = np.repeat([0.0, 1.0], 20)
    X = rng.normal(0.0, 0.8, (40, 2)) + np.where(y[:, None] == 1, [0.8, 0.6], [-0.8, -0.6])
    return X, y


BENCH_CASES = [
    ("OutlierFit", lambda: OutlierFit(*_bench_line_data(), point=9, outlier_y=25.0), {"outlier_y": 5.0}),
    ("AccuracyVsCrossEntropy", lambda: AccuracyVsCrossEntropy(*_bench_1d_data()), {"w": 1.5}),
    ("CostSurface", lambda: CostSurface(*_bench_2d_data()), {"w1": 1.0}),
    ("CostSurface (switch loss)", lambda: CostSurface(*_bench_2d_data()), {"loss": "squared error"}),
    ("LearningSlowdown", lambda: LearningSlowdown(), {"z0": -6.0}),
    ("LearningSlowdown (target 1)", lambda: LearningSlowdown(), {"target": 1.0, "lr": 1.0}),
]
