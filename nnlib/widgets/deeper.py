"""The pictures and live widgets of lesson 17, training deeper networks.

- :class:`DeepStack`: a batch sent through a deep stack of dense layers; per-layer activation
  histograms, activation sizes and gradient sizes, with depth, width, activation and the weight
  scale (a multiple of ``1/sqrt(fan_in)``) as controls.
- :class:`OptimizerPaths`: gradient descent, momentum and Adam side by side on the narrow valley
  of lesson 09.
- :class:`WeightDecayExplorer`: finished runs with different L2 strengths: learning curves, the
  size of the weights by epoch and the weights' histogram, with the strength as a slider.
- :func:`gradient_sizes_figure`, :func:`optimizer_curves_figure`, :func:`shifted_digits_figure`,
  :func:`augmentation_figure`: static pictures.

The numbers come from :mod:`nnlib.analysis.deeper`; this module only draws.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from nnlib.analysis.deeper import (
    STACK_ACTIVATIONS,
    DecayRuns,
    adam_path,
    deep_stack,
    epochs_to,
    init_scale,
    shift_images,
)
from nnlib.analysis.descent import DIVERGED, LineProblem, descend_2d, descend_momentum_2d, line_data
from nnlib.widgets.canvas import new_figure
from nnlib.widgets.descent import B_RANGE, START, W_RANGE, _loss_map, _settles, _times_lowest, path_artists, show_path
from nnlib.widgets.live import LiveWidget
from nnlib.widgets.style import CMAP_SEQUENTIAL, COLORS, SLIDER_STYLE, slider_layout

__all__ = [
    "BENCH_CASES",
    "DeepStack",
    "OptimizerPaths",
    "WeightDecayExplorer",
    "augmentation_figure",
    "gradient_sizes_figure",
    "optimizer_curves_figure",
    "shifted_digits_figure",
]

_BLUE, _ORANGE, _GREY, _RUST = COLORS[0], COLORS[1], COLORS[2], COLORS[5]

# ---------------------------------------------------------------------------------------------
# a batch through a deep stack
# ---------------------------------------------------------------------------------------------

#: the deep-stack widget's limits: most layers, widest layer, samples in its batch
MAX_DEPTH, MAX_WIDTH, STACK_SAMPLES = 30, 200, 128
#: the value range of each activation's histogram (values beyond it land in the end bins)
_HIST_RANGE = {"tanh": (-1.0, 1.0), "sigmoid": (0.0, 1.0), "relu": (0.0, 3.0), "linear": (-3.0, 3.0)}
_BINS = 40
_STD_LIM, _GRAD_LIM = (1e-4, 1e3), (1e-22, 1e4)


def _clip_log(values: np.ndarray, lim: tuple[float, float]) -> np.ndarray:
    """Values kept inside a log axis's limits (0, NaN and overflow drawn at the edges)."""
    return np.clip(np.nan_to_num(values, nan=lim[1], posinf=lim[1]), lim[0], lim[1])


def _sci(value: float) -> str:
    return f"{value:.2e}" if np.isfinite(value) else "overflow"


def _saturated_share(activation: str, last: np.ndarray) -> float:
    """The share of the last layer's outputs where tanh or sigmoid is flat (slope below 0.02)."""
    if activation == "tanh":
        return float(np.mean(np.abs(last) > 0.99))
    if activation == "sigmoid":
        return float(np.mean((last < 0.01) | (last > 0.99)))
    return 0.0


def _stack_verdict(std: np.ndarray, grads: np.ndarray, saturated: float) -> str:
    """Steady, vanishing, exploding or saturated: from the activations' sizes, the share of
    saturated outputs in the last layer and the ratio of the first layer's gradient to the last's."""
    if not np.all(np.isfinite(std)) or not np.all(np.isfinite(grads)):
        return "overflow: the numbers left floating point's range"
    shrink = std[-1] / max(std[0], 1e-300)
    ratio = grads[0] / max(grads[-1], 1e-300)
    if shrink < 0.01:
        return "activations vanish: they shrink layer by layer towards 0"
    if shrink > 10:
        return "activations explode: they grow layer by layer"
    if saturated > 0.2:
        return "saturated: many outputs sit on the flat ends, where the slope is near 0"
    if ratio < 0.01:
        return "gradients vanish on the way down: the first layers barely learn"
    if ratio > 100:
        return "gradients explode on the way down"
    return "steady: activations and gradients keep their size"


def _saturation(activation: str, last: np.ndarray) -> str:
    """The share of the last layer's activations stuck where the slope is (almost) 0."""
    if activation == "tanh":
        return f"{_saturated_share(activation, last):.0%} of tanh outputs beyond ±0.99 (slope < 0.02)"
    if activation == "sigmoid":
        return f"{_saturated_share(activation, last):.0%} of sigmoid outputs below 0.01 or above 0.99"
    if activation == "relu":
        return f"{np.mean(np.all(last <= 0, axis=0)):.0%} of units output 0 for every sample (dead)"
    return "linear: no flat parts"


class DeepStack(LiveWidget):
    """A batch of 128 random inputs sent forward, and a gradient sent back, through a stack of
    equal dense layers whose weights are drawn from ``N(0, (scale / sqrt(fan_in))**2)``.

    Left: each layer's histogram of activations (one column per layer, white: no values, darker
    blue: more values there). Middle: the standard deviation of each layer's activations. Right: the size (root
    mean square) of each layer's weight gradient ``dW`` and of the gradient signal ``dZ`` the
    layer receives from above. Both on log scales. The same random numbers are used for every
    setting, so moving ``scale`` only stretches the same weights.

    Parameters
    ----------
    depth, width : int
        Layers (1 to 30) and units per layer (10 to 200; the inputs have as many features).
    activation : one of ``"tanh"``, ``"sigmoid"``, ``"relu"``, ``"linear"``
    scale : float
        The weights' standard deviation as a multiple of ``1/sqrt(fan_in)`` (0.1 to 3):
        1 is LeCun (and Glorot, the layers having equal widths), ``sqrt(2)`` is He.
    seed : int
        Seed of the inputs, the weights and the gradient sent back.
    """

    title = "A batch through a deep stack"

    def __init__(
        self, depth: int = 10, width: int = 100, activation: str = "tanh", scale: float = 1.0, *, seed: int = 0
    ) -> None:
        self.seed = seed
        fig, (self.ax_hist, self.ax_std, self.ax_grad) = new_figure(1, 3, figsize=(9.0, 3.4))
        self.image = self.ax_hist.imshow(
            np.zeros((_BINS, MAX_DEPTH)),
            origin="lower",
            aspect="auto",
            cmap="Blues",  # white where no values fall, dark blue where most do
            vmin=0.0,
            vmax=0.12,
            interpolation="nearest",
        )
        self.ax_hist.set(title="activations, layer by layer", xlabel="layer", ylabel="activation value")
        self.ax_hist.grid(False)
        (self.std_line,) = self.ax_std.plot([], [], "-o", color=_BLUE, markersize=3)
        self.ax_std.set(title="activation std", xlabel="layer", yscale="log", ylim=_STD_LIM)
        (self.dw_line,) = self.ax_grad.plot([], [], "-o", color=_RUST, markersize=3, label="weights dW")
        (self.dz_line,) = self.ax_grad.plot([], [], "--s", color=_GREY, markersize=3, label="signal dZ (per sample)")
        self.ax_grad.set(title="gradient size (RMS)", xlabel="layer", yscale="log", ylim=_GRAD_LIM)
        grad_legend = self.ax_grad.legend(loc="best", fontsize=8)
        slider = {"style": SLIDER_STYLE, "continuous_update": False, "layout": slider_layout("30em")}
        super().__init__(
            fig,
            {
                "depth": widgets.IntSlider(value=depth, min=1, max=MAX_DEPTH, description="depth (layers)", **slider),
                "width": widgets.IntSlider(
                    value=width, min=10, max=MAX_WIDTH, step=10, description="width (units)", **slider
                ),
                "activation": widgets.Dropdown(options=STACK_ACTIVATIONS, value=activation, description="activation"),
                "scale": widgets.FloatSlider(
                    value=scale,
                    min=0.1,
                    max=3.0,
                    step=0.05,
                    description="weight scale × 1/√fan_in",
                    readout_format=".2f",
                    **slider,
                ),
            },
        )
        # every panel's x axis follows the depth, the histogram's y axis the activation
        self.bake(
            dynamic=[
                self.image,
                *self.ax_hist.spines.values(),
                self.std_line,
                self.dw_line,
                self.dz_line,
                grad_legend,
                self.ax_hist.xaxis,
                self.ax_hist.yaxis,
                self.ax_std.xaxis,
                self.ax_grad.xaxis,
            ]
        )

    def stats(self, depth: int, width: int, activation: str, scale: float) -> Any:
        """The :class:`~nnlib.analysis.deeper.StackStats` of this setting."""
        rng = np.random.default_rng(self.seed)
        X = rng.standard_normal((STACK_SAMPLES, width))
        return deep_stack(X, depth, activation, scale, rng)

    def render(self, depth: int, width: int, activation: str, scale: float) -> dict[str, str]:
        s = self.stats(depth, width, activation, scale)
        lo, hi = _HIST_RANGE[activation]
        # every layer's histogram at once: bin index + layer * bins, counted by one bincount
        values = np.stack([a.ravel() for a in s.activations])  # (depth, n_samples * width)
        values = np.nan_to_num(values, nan=hi, posinf=hi, neginf=lo)
        bins = np.clip(((values - lo) * (_BINS / (hi - lo))).astype(np.int64), 0, _BINS - 1)
        bins += np.arange(depth)[:, None] * _BINS
        counts = np.bincount(bins.ravel(), minlength=depth * _BINS).reshape(depth, _BINS)
        shares = np.zeros((_BINS, MAX_DEPTH))
        shares[:, :depth] = counts.T / values.shape[1]
        self.image.set_data(shares)
        self.image.set_extent((0.5, MAX_DEPTH + 0.5, lo, hi))
        self.ax_hist.set_ylim(lo, hi)
        layers = np.arange(1, depth + 1)
        self.std_line.set_data(layers, _clip_log(s.act_std, _STD_LIM))
        self.dw_line.set_data(layers, _clip_log(s.grad_rms, _GRAD_LIM))
        self.dz_line.set_data(layers, _clip_log(s.signal_rms, _GRAD_LIM))
        for ax in (self.ax_hist, self.ax_std, self.ax_grad):
            ax.set_xlim(0.5, depth + 0.5)
        he = init_scale("he", width, width)
        return {
            "weight std": f"{scale:.2f} / √{width} = {scale / np.sqrt(width):.4f}",
            "LeCun = Glorot here, He": f"1.00 and {he:.2f} × 1/√fan_in",
            "activation std, layer 1 → last": f"{_sci(s.act_std[0])} → {_sci(s.act_std[-1])}",
            "last layer": _saturation(activation, s.activations[-1]),
            "dW size, layer 1 / last": f"{_sci(s.grad_rms[0])} / {_sci(s.grad_rms[-1])}",
            "verdict": _stack_verdict(s.act_std, s.grad_rms, _saturated_share(activation, s.activations[-1])),
        }


# ---------------------------------------------------------------------------------------------
# SGD, momentum and Adam on the narrow valley
# ---------------------------------------------------------------------------------------------

#: the most steps OptimizerPaths shows (its steps slider goes up to this)
PATH_HORIZON = 200
#: the momentum of the middle path
PATH_MOMENTUM = 0.9


class OptimizerPaths(LiveWidget):
    """Gradient descent, momentum (0.9) and Adam from the same start on lesson 09's narrow valley,
    ``L(w, b) = mean((w x + b - y)**2)``, side by side.

    Gradient descent and momentum share one learning rate; Adam has its own (its steps are about
    ``lr`` long whatever the gradient's size, so its rate is a step length, not a multiplier).
    Readouts: each loss after the steps as a multiple of the lowest loss, and the step from which
    it stays within 1% of the lowest (within :data:`PATH_HORIZON` steps).

    Parameters
    ----------
    x, y : array_like (n_samples,)
        The data (noisy).
    lr : float
        Learning rate of gradient descent and momentum (0.01 to 0.5).
    adam_lr : float
        Adam's learning rate (0.01 to 1).
    steps : int
        Steps shown (1 to 200).
    start : (float, float)
    """

    title = "Gradient descent, momentum and Adam on a narrow valley"
    NAMES = ("gradient descent", f"momentum {PATH_MOMENTUM}", "Adam")

    def __init__(
        self,
        x: Any = None,
        y: Any = None,
        *,
        lr: float = 0.05,
        adam_lr: float = 0.1,
        steps: int = 50,
        start: tuple[float, float] = START,
    ) -> None:
        if x is None or y is None:
            raise ValueError("give the data: OptimizerPaths(x, y)")
        self.problem = LineProblem(x, y)
        self.start = (float(start[0]), float(start[1]))
        self.lmin = float(self.problem.loss(*self.problem.best()))
        self._cached: tuple[tuple[float, float], tuple[np.ndarray, np.ndarray, np.ndarray]] | None = None
        fig, axes = new_figure(1, 3, figsize=(9.0, 3.3), sharey=True)
        self.paths_artists = []
        dynamic: list[Any] = []
        for ax, name, colour in zip(axes, self.NAMES, (_BLUE, _RUST, _ORANGE)):
            star = _loss_map(ax, self.problem, W_RANGE, B_RANGE)
            line, dot = path_artists(ax, colour, 6)
            (mark,) = ax.plot(
                [self.start[0]], [self.start[1]], "s", color="white", markeredgecolor="black", markersize=7, zorder=9
            )
            ax.set_title(name, fontsize=10)
            self.paths_artists.append((line, dot))
            dynamic += [line, dot, star, mark]
        for ax in axes[1:]:
            ax.set_ylabel("")
        slider = {"style": SLIDER_STYLE, "continuous_update": True, "readout_format": ".2f"}
        super().__init__(
            fig,
            {
                "lr": widgets.FloatSlider(
                    value=lr,
                    min=0.01,
                    max=0.5,
                    step=0.01,
                    description="learning rate (descent, momentum)",
                    layout=slider_layout("32em"),
                    **slider,
                ),
                "adam_lr": widgets.FloatSlider(
                    value=adam_lr,
                    min=0.01,
                    max=1.0,
                    step=0.01,
                    description="Adam's learning rate",
                    layout=slider_layout("32em"),
                    **slider,
                ),
                "steps": widgets.IntSlider(
                    value=steps,
                    min=1,
                    max=PATH_HORIZON,
                    description="steps",
                    style=SLIDER_STYLE,
                    layout=slider_layout("32em"),
                ),
            },
        )
        self.bake(dynamic=dynamic)

    def paths(self, lr: float, adam_lr: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Gradient descent, momentum and Adam: :data:`PATH_HORIZON` steps each, (201, 2).
        The last rates' paths are kept, so moving only the steps slider recomputes nothing."""
        if self._cached is None or self._cached[0] != (lr, adam_lr):
            paths = (
                descend_2d(self.problem, self.start, lr, PATH_HORIZON),
                descend_momentum_2d(self.problem, self.start, lr, PATH_MOMENTUM, PATH_HORIZON),
                adam_path(self.problem, self.start, adam_lr, PATH_HORIZON),
            )
            self._cached = ((lr, adam_lr), paths)
        return self._cached[1]

    def render(self, lr: float, adam_lr: float, steps: int) -> dict[str, str]:
        out = {}
        for name, path, (line, dot) in zip(self.NAMES, self.paths(lr, adam_lr), self.paths_artists):
            path = np.clip(path, -DIVERGED, DIVERGED)
            losses = self.problem.loss(path[:, 0], path[:, 1])
            show_path(line, dot, path, steps)
            after = _times_lowest(float(losses[steps]), self.lmin, path[steps])
            out[f"{name}: loss after {steps} steps"] = after
            out[f"{name}: within 1% of lowest"] = _settles(path, losses / self.lmin)
        return out


# ---------------------------------------------------------------------------------------------
# weight decay: finished runs, one per strength
# ---------------------------------------------------------------------------------------------


def _strength_label(l2: float) -> str:
    return "0 (none)" if l2 == 0 else f"{l2:g}"


class WeightDecayExplorer(LiveWidget):
    """Finished runs of one network with different L2 strengths, chosen with a slider.

    Left: the chosen run's training loss (data part, without the penalty; solid) and validation
    loss (dashed), with the run without weight decay in grey. Middle: ``sum(W**2)`` by epoch for
    every run (the chosen one in colour). Right: the histogram of the final weights, the chosen
    run against no decay.

    Parameters
    ----------
    runs : :class:`~nnlib.analysis.deeper.DecayRuns`
        From :func:`~nnlib.analysis.deeper.weight_decay_runs`; the first strength should be 0.
    l2 : float, optional
        The strength shown first (one of ``runs.strengths``; default the second).
    """

    title = "Weight decay: strength, curves and weights"

    def __init__(self, runs: DecayRuns, l2: float | None = None) -> None:
        if not runs.runs:
            raise ValueError("runs holds no runs: make them with weight_decay_runs(...)")
        self.runs = {run.l2: run for run in runs.runs}
        strengths = list(self.runs)
        if l2 is None:
            l2 = strengths[min(1, len(strengths) - 1)]
        base = runs.runs[0]
        fig, (self.ax_curves, self.ax_size, self.ax_hist) = new_figure(1, 3, figsize=(9.0, 3.3))
        epochs = np.arange(1, runs.epochs + 1)
        ax = self.ax_curves
        ax.plot(epochs, base.history["data_loss"], color="0.6", linewidth=1.0)
        ax.plot(epochs, base.history["val_loss"], color="0.6", linewidth=1.0, linestyle="--", label="no decay")
        (self.train_line,) = ax.plot(epochs, base.history["data_loss"], color=_BLUE, label="training (data part)")
        (self.val_line,) = ax.plot(epochs, base.history["val_loss"], color=_RUST, linestyle="--", label="validation")
        top = max(max(max(r.history["val_loss"]), max(r.history["data_loss"])) for r in runs.runs)
        ax.set(title="loss by epoch", xlabel="epoch", ylim=(0.0, 1.05 * top))
        curves_legend = ax.legend(fontsize=7.5, loc="upper right")
        ax = self.ax_size
        sizes = np.arange(0, runs.epochs + 1)
        for run in runs.runs:
            ax.plot(sizes, run.weight_size, color="0.75", linewidth=1.0)
        (self.size_line,) = ax.plot(sizes, base.weight_size, color=_BLUE, linewidth=2.0)
        ax.set(title="sum of W² by epoch", xlabel="epoch", yscale="log")
        ax = self.ax_hist
        limit = float(np.quantile(np.abs(base.weights), 0.999))
        self.edges = np.linspace(-limit, limit, 61)
        counts, _ = np.histogram(base.weights, self.edges)
        ax.stairs(counts, self.edges, color="0.6", label="no decay")
        self.stairs = ax.stairs(counts, self.edges, color=_BLUE, linewidth=1.6, label="chosen")
        ax.set(title="final weights", xlabel="weight", yscale="log", ylim=(0.8, counts.max() * 3))
        hist_legend = ax.legend(fontsize=7.5, loc="upper right")
        super().__init__(
            fig,
            {
                "l2": widgets.SelectionSlider(
                    options=[(_strength_label(s), s) for s in strengths],
                    value=l2,
                    description="L2 strength λ",
                    style=SLIDER_STYLE,
                    layout=slider_layout("30em"),
                )
            },
        )
        self.bake(dynamic=[self.train_line, self.val_line, self.size_line, self.stairs, curves_legend, hist_legend])

    def render(self, l2: float) -> dict[str, str]:
        run = self.runs[l2]
        h = run.history
        self.train_line.set_ydata(h["data_loss"])
        self.val_line.set_ydata(h["val_loss"])
        self.size_line.set_ydata(run.weight_size)
        counts, _ = np.histogram(run.weights, self.edges)
        self.stairs.set_data(np.maximum(counts, 0.5))
        return {
            "training loss (data part)": f"{h['data_loss'][-1]:.3f}",
            "validation loss": f"{h['val_loss'][-1]:.3f} (lowest {min(h['val_loss']):.3f})",
            "gap, validation − training": f"{h['val_loss'][-1] - h['data_loss'][-1]:.3f}",
            "validation accuracy": f"{h['val_accuracy'][-1]:.3f}",
            "sum of W² after training": f"{run.weight_size[-1]:.1f}",
            "penalty λ·sum W²": f"{l2 * run.weight_size[-1]:.4f}",
        }


# ---------------------------------------------------------------------------------------------
# static pictures
# ---------------------------------------------------------------------------------------------


def gradient_sizes_figure(sizes: Mapping[str, np.ndarray], figsize: tuple[float, float] = (9.0, 3.4)) -> Figure:
    """Each layer's gradient size by epoch, one panel per run, log scale.

    ``sizes``: title -> array ``(n_epochs + 1, n_layers)`` (``GradientSizes.as_array()``).
    """
    fig, axes = new_figure(1, len(sizes), figsize=figsize, sharey=True)
    axes = np.atleast_1d(axes)
    for ax, (title, grid) in zip(axes, sizes.items()):
        grid = np.asarray(grid)
        colours = _layer_colours(grid.shape[1])
        for layer in range(grid.shape[1]):
            ax.plot(np.arange(len(grid)), grid[:, layer], color=colours[layer], label=f"layer {layer + 1}")
        ax.set(title=title, xlabel="epoch", yscale="log")
    axes[0].set_ylabel("RMS of dW (log scale)")
    axes[-1].legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5))
    return fig


def _layer_colours(n: int) -> list[Any]:
    from matplotlib import colormaps

    return [colormaps[CMAP_SEQUENTIAL](v) for v in np.linspace(0.0, 0.85, n)]


def optimizer_curves_figure(
    runs: Mapping[str, Mapping[str, Sequence[float]]], level: float = 0.95, figsize: tuple[float, float] = (9.0, 3.4)
) -> Figure:
    """Training loss and validation accuracy by epoch, one line per optimiser; the dotted line
    marks ``level`` and a dot the first epoch each run reaches it."""
    fig, (ax_loss, ax_acc) = new_figure(1, 2, figsize=figsize)
    for (name, h), colour in zip(runs.items(), (COLORS[2], _BLUE, _RUST, _ORANGE, COLORS[3])):
        epochs = np.arange(1, len(h["loss"]) + 1)
        ax_loss.plot(epochs, h["loss"], color=colour, label=name)
        ax_acc.plot(epochs, h["val_accuracy"], color=colour, label=name)
        first = epochs_to(h["val_accuracy"], level)
        if first is not None:
            ax_acc.plot([first], [h["val_accuracy"][first - 1]], "o", color=colour, markeredgecolor="black")
    ax_loss.set(title="training loss", xlabel="epoch", yscale="log")
    ax_acc.axhline(level, color="0.3", linestyle=":", linewidth=1.0)
    ax_acc.set(title="validation accuracy", xlabel="epoch", ylim=(0.88, 1.0))
    ax_acc.legend(fontsize=8, loc="lower right")
    return fig


def shifted_digits_figure(image: np.ndarray, shifts: Sequence[tuple[int, int]], side: int = 28) -> Figure:
    """One digit (``side*side`` pixels) drawn at each ``(dx, dy)`` shift, with a grid line at
    the centre so the shift shows."""
    fig, axes = new_figure(1, len(shifts), figsize=(1.6 * len(shifts), 1.9))
    for ax, (dx, dy) in zip(np.atleast_1d(axes), shifts):
        shifted = shift_images(np.asarray(image).reshape(1, -1), dx, dy, side)[0].reshape(side, side)
        ax.imshow(shifted, cmap="gray_r", vmin=0, vmax=1)
        ax.axvline(side / 2 - 0.5, color=_RUST, linewidth=0.6)
        ax.axhline(side / 2 - 0.5, color=_RUST, linewidth=0.6)
        ax.set(title=f"dx {dx:+d}, dy {dy:+d}", xticks=[], yticks=[])
        ax.grid(False)
    return fig


def augmentation_figure(runs: Mapping[str, Mapping[str, Sequence[float]]], figsize=(9.0, 3.3)) -> Figure:
    """Training (solid) and validation (dashed) accuracy by epoch, one panel per run."""
    fig, axes = new_figure(1, len(runs), figsize=figsize, sharey=True)
    for ax, (title, h) in zip(np.atleast_1d(axes), runs.items()):
        epochs = np.arange(1, len(h["accuracy"]) + 1)
        ax.plot(epochs, h["accuracy"], color=_BLUE, label="training (unshifted images)")
        ax.plot(epochs, h["val_accuracy"], color=_RUST, linestyle="--", label="validation")
        ax.set(title=title, xlabel="epoch")
        ax.legend(fontsize=7.5, loc="lower right")
    np.atleast_1d(axes)[0].set_ylabel("accuracy")
    return fig


# ---------------------------------------------------------------------------------------------
# benchmark cases (benchmarks/widgets.py)
# ---------------------------------------------------------------------------------------------


def _bench_runs() -> DecayRuns:
    from nnlib import SGD, Dense, Sequential
    from nnlib.analysis.deeper import weight_decay_runs

    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 5))
    y = (X[:, 0] + 0.5 * rng.normal(size=60) > 0).astype(int)

    def make(l2: float) -> Sequential:
        model = Sequential([Dense(16, "relu", input_shape=[5], l2=l2), Dense(1, "sigmoid", l2=l2)], rng=rng)
        model.compile(loss="binary_crossentropy", optimizer=SGD(lr=0.1))
        return model

    return weight_decay_runs(make, (X[:40], y[:40]), (X[40:], y[40:]), [0.0, 0.01], epochs=5, batch_size=10)


BENCH_CASES = [
    ("DeepStack (scale)", lambda: DeepStack(), {"scale": 0.5}),
    ("DeepStack (30 layers, width 200, relu)", lambda: DeepStack(), {"depth": 30, "width": 200, "activation": "relu"}),
    (
        "OptimizerPaths (200 steps)",
        lambda: OptimizerPaths(*line_data(200, rng=np.random.default_rng(0))),
        {"steps": 200, "adam_lr": 0.5},
    ),
    ("WeightDecayExplorer (strength)", lambda: WeightDecayExplorer(_bench_runs(), l2=0.0), {"l2": 0.01}),
]
