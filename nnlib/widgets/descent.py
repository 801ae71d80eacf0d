"""The widgets of lesson 09, gradient descent: walking downhill on a loss, one step at a time.

What this module is for
-----------------------
Five live figures (the one widget pattern of :mod:`nnlib.widgets.live`) on one small problem, a
linear unit ``y_hat = w * x + b`` fitted to 200 points by the mean squared error:

- :class:`OneWeightDescent`: one weight (``b`` held at 0). Top left the loss curve ``L(w)`` with
  the current point, its tangent and the path of visited points; below it the derivative
  ``dL/dw`` (the slope at every ``w``) with its sign regions "increase w" / "decrease w"; right
  the loss after each step. Sliders for the learning rate and the start, buttons **step**,
  **run 20** and **reset**, optionally a learning-rate decay slider.
- :class:`TwoValleys`: the same widget on a made-up loss with two valleys: the start decides
  which valley gradient descent ends in.
- :class:`TwoWeightDescent`: both ``w`` and ``b``. The loss as a contour map, the gradient's
  downhill direction (perpendicular to the contour line), the next step ``-lr * gradient`` with
  its two components, the path as it grows; bars of ``dL/dw`` and ``dL/db``; the loss by step.
- :class:`SGDPaths`: mini-batch stochastic gradient descent on the same contour map, the noisy
  path of the chosen batch size beside the smooth full-batch path after the same number of
  epochs; the loss by epoch; counts of updates and of per-sample gradients (the work done).
- :class:`MomentumDescent`: gradient descent with momentum beside plain gradient descent on the
  same contour map, at the same learning rate; the loss by step of both; sliders for the
  learning rate, the momentum and the number of steps.

What it is not
--------------
Not the optimiser the lessons train with: that is ``nnlib.SGD`` inside ``Sequential.fit``. The
numbers (the problem, the descent paths) are :mod:`nnlib.analysis.descent`, which redoes the same
arithmetic on two parameters, fast enough for a slider; this module only draws.

Every ``render`` only changes existing artists (``set_data``, ``set_positions``, ``set_height``,
``set_text``...); the loss curves and maps are computed once in the constructors.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib import colormaps, patheffects
from matplotlib.colors import ListedColormap
from matplotlib.patches import FancyArrowPatch
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, NullLocator

from nnlib.analysis.descent import (
    DIVERGED,
    LineProblem,
    descend_1d,
    descend_2d,
    descend_momentum_2d,
    steady_slope_speedup,
    line_data,
    sgd_path,
    two_valleys_loss,
    two_valleys_slope,
    two_valleys_stationary_points,
)
from nnlib.widgets.backdrop import axes_contents
from nnlib.widgets.canvas import new_figure
from nnlib.widgets.live import LiveWidget, action_button
from nnlib.widgets.style import CMAP_SEQUENTIAL, COLORS, SLIDER_STYLE, signed

__all__ = [
    "BENCH_CASES",
    "MomentumDescent",
    "OneWeightDescent",
    "SGDPaths",
    "TwoValleys",
    "TwoWeightDescent",
]

#: most steps a stepping widget keeps (the run button stops adding beyond this)
MAX_STEPS = 1000
#: steps taken by one press of the "run" button
RUN_STEPS = 20

# tick spacings: 1, 2 or 5 times a power of ten (no 1.5, 3.0, 4.5)
_NICE = [1, 2, 5, 10]
# colours: tableau-colorblind10
_BLUE, _ORANGE, _GREY, _DARK, _LIGHTBLUE, _RUST = (COLORS[0], COLORS[1], COLORS[2], COLORS[3], COLORS[4], COLORS[5])
# a dark line with a white halo (and the reverse) stays visible on every colour of the maps
_HALO = [patheffects.Stroke(linewidth=3.5, foreground="white"), patheffects.Normal()]
_DARK_HALO = [patheffects.Stroke(linewidth=3.5, foreground="black"), patheffects.Normal()]


def _fixed(value: float, digits: int = 3) -> str:
    """A non-negative number with fixed decimals (scientific notation once it is huge)."""
    value = float(value)
    if not np.isfinite(value):
        return "diverged"
    if abs(value) >= 1e5:
        return f"{value:.2e}"
    return f"{value:.{digits}f}"


def _near_view(values: Any, lim: tuple[float, float], spans: float = 2.0) -> np.ndarray:
    """``values`` clipped to ``spans`` view widths beyond ``lim``: what is drawn stays near the
    axes (a diverged point at 1e6 is drawn at the edge, not a million units away, which costs
    seconds per frame and can overflow the glyph rasteriser)."""
    low, high = float(min(lim)), float(max(lim))
    width = high - low
    return np.clip(np.asarray(values, dtype=np.float64), low - spans * width, high + spans * width)


def _inside(value: float, lim: tuple[float, float]) -> bool:
    return bool(min(lim) <= value <= max(lim))


def _plain_log_axis(ax: Any, ticks: tuple[float, ...] = (0.2, 1, 5, 20)) -> None:
    """Log-scaled y axis with a few plain tick labels (no mathtext, no minor ticks: cheap)."""
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(FixedLocator(ticks))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
    ax.yaxis.set_minor_locator(NullLocator())


# ---------------------------------------------------------------------------------------------
# buttons: step, run, reset
# ---------------------------------------------------------------------------------------------


class _Stepper(LiveWidget):
    """A widget whose picture is a function of ``n_steps``, with buttons that add steps."""

    n_steps: int

    def _step_buttons(self, run_steps: int = RUN_STEPS) -> dict[str, Any]:
        """The step, run and reset buttons, for ``LiveWidget.__init__(..., buttons=...)``."""
        self.step_button = action_button(
            "step", lambda: self.take_steps(1), icon="step-forward", tooltip="take one gradient-descent step"
        )
        self.run_button = action_button(
            f"run {run_steps} steps",
            lambda: self.take_steps(run_steps),
            icon="play",
            tooltip=f"take {run_steps} steps at once",
        )
        self.reset_button = action_button("reset", self.reset, icon="undo", tooltip="back to the start (step 0)")
        return {"step": self.step_button, "run": self.run_button, "reset": self.reset_button}

    def take_steps(self, k: int = 1) -> None:
        """Take ``k`` more gradient-descent steps (what the step and run buttons do)."""
        self.n_steps = min(self.n_steps + int(k), MAX_STEPS)
        self.update()

    def reset(self) -> None:
        """Back to step 0 (what the reset button does)."""
        self.n_steps = 0
        self.update()


def _verdict_1d(
    path: np.ndarray, losses: np.ndarray, slope_now: float, lr: float, lr_now: float, off_chart: bool = False
) -> str:
    """A few words on what the last steps did: diverging, overshooting, stalled, descending."""
    n = len(path) - 1
    if n == 0:
        return "not started: press step"
    rising = losses[-1] > losses[-2] + 1e-12
    if abs(path[-1]) >= DIVERGED:
        return "diverged: w ran off towards infinity (lr too large)"
    if rising and off_chart:
        return "diverged: off the chart, the loss keeps going up"
    if rising and (n == 1 or losses[-2] > losses[-3] + 1e-12):
        return "diverging: the loss keeps going up"
    if abs(slope_now) < 1e-3:
        return "at the bottom: slope ≈ 0"
    steps = np.diff(path[-3:])
    if n >= 2 and steps[-1] * steps[-2] < 0:
        return "overshooting: zig-zag across the bottom"
    if lr_now < 0.01 * lr:
        return "stalled: lr has decayed to ≈ 0"
    return "going downhill"


# ---------------------------------------------------------------------------------------------
# one weight
# ---------------------------------------------------------------------------------------------


class OneWeightDescent(_Stepper):
    """Gradient descent on one weight: loss curve, tangent, slope curve, path and loss by step.

    The model is the linear unit ``y_hat = w * x`` (no bias) and the loss
    ``L(w) = mean((w x - y)**2)``; one step is ``w <- w - lr * dL/dw``. The picture is a
    function of the controls and of the number of steps taken, so moving the learning rate
    after some steps replays the same number of steps with the new rate.

    Parameters
    ----------
    x, y : array_like, shape (n_samples,)
        The data.
    lr : float
        Learning rate (slider 0.01 to 1.2).
    w0 : float
        Start weight (slider over ``w_range``).
    steps : int
        Steps already taken when the widget appears (the buttons add more; reset goes to 0).
    lr_decay : float or None
        None: no decay control. A number: a slider "lr decay" from 0.5 to 1.0 starting there;
        step ``t`` (from 0) uses ``lr * lr_decay**t``.
    w_range : (float, float)
        The weights shown.
    """

    title = "Gradient descent on one weight"
    lr_range = (0.01, 1.2)

    def __init__(
        self,
        x: Any = None,
        y: Any = None,
        *,
        lr: float = 0.1,
        w0: float = -1.5,
        steps: int = 0,
        lr_decay: float | None = None,
        w_range: tuple[float, float] = (-2.0, 4.0),
    ) -> None:
        if x is None or y is None:
            raise ValueError("give the data: OneWeightDescent(x, y), e.g. x, y = line_data(rng=rng)")
        self.problem = LineProblem(x, y)
        self._build(w_range=w_range, lr=lr, w0=w0, steps=steps, lr_decay=lr_decay, loss_label="L(w) = mean((w·x − y)²)")
        self._bake()

    # the loss this widget descends (TwoValleys overrides both)
    def loss(self, w: Any) -> Any:
        """``L(w)`` for a number or an array of weights."""
        return self.problem.loss(w, 0.0)

    def slope(self, w: Any) -> Any:
        """``dL/dw`` for a number or an array of weights."""
        return self.problem.slope(w)

    def minima(self) -> list[float]:
        """The weights where the loss has a minimum (marked on the curve)."""
        return [self.problem.best_w()]

    def _build(
        self, *, w_range: tuple[float, float], lr: float, w0: float, steps: int, lr_decay: float | None, loss_label: str
    ) -> None:
        self.w_range = (float(w_range[0]), float(w_range[1]))
        self.n_steps = int(steps)
        self.ws = np.linspace(*self.w_range, 600)
        curve, slopes = self.loss(self.ws), self.slope(self.ws)
        low, high = float(curve.min()), float(curve.max())
        self.loss_ylim = (low - 0.06 * (high - low), high + 0.08 * (high - low))
        smax = float(np.max(np.abs(slopes))) * 1.08
        self.slope_ylim = (-smax, smax)

        fig, axes = new_figure(2, 2, figsize=(8.8, 4.3), width_ratios=[1.55, 1.0], height_ratios=[1.7, 1.0])
        self.ax_loss, self.ax_slope = axes[0, 0], axes[1, 0]
        gridspec = axes[0, 1].get_gridspec()
        axes[0, 1].remove()
        axes[1, 1].remove()
        self.ax_steps = fig.add_subplot(gridspec[:, 1])
        self.ax_steps.grid(True, alpha=0.3)

        # top left: the loss curve, the path, the point and its tangent
        ax = self.ax_loss
        ax.plot(self.ws, curve, color=_BLUE, linewidth=2.2, label=loss_label)
        minima = self.minima()
        self.floor = float(min(self.loss(wm) for wm in minima))
        ax.plot(
            minima,
            [self.loss(wm) for wm in minima],
            marker="*",
            markersize=13,
            color="white",
            markeredgecolor="black",
            zorder=3,
            linestyle="none",
        )
        (self.path_line,) = ax.plot(
            [], [], "-o", color=_GREY, markersize=4, linewidth=1.2, markerfacecolor=_DARK, markeredgewidth=0, zorder=4
        )
        (self.tangent,) = ax.plot([], [], color=_RUST, linewidth=2.0, zorder=5, label="tangent (slope)")
        (self.dot,) = ax.plot([], [], "o", markersize=10, color=_ORANGE, markeredgecolor="black", zorder=6)
        self.arrow = FancyArrowPatch(
            (0, 0), (0, 0), arrowstyle="-|>", mutation_scale=14, color=_RUST, linewidth=1.8, zorder=6
        )
        ax.add_patch(self.arrow)
        # the next step is drawn as a horizontal arrow just below the point
        self.arrow_drop = 0.07 * (self.loss_ylim[1] - self.loss_ylim[0])
        self.arrow_label = ax.text(0, 0, "", fontsize=8, color=_RUST, ha="center", va="top", zorder=6, clip_on=True)
        ax.set(xlim=self.w_range, ylim=self.loss_ylim, ylabel="loss L(w)")
        ax.tick_params(labelbottom=False)
        ax.yaxis.set_major_locator(MaxNLocator(4, steps=_NICE))
        self.off_chart = ax.text(
            0.5, 0.45, "", transform=ax.transAxes, ha="center", fontsize=9, color=_RUST, fontweight="bold", zorder=7
        )
        ax.legend(loc="upper center", fontsize=7.5, framealpha=0.9)

        # bottom left: the derivative at every w, with its sign regions
        ax = self.ax_slope
        ax.axhspan(self.slope_ylim[0], 0, color=_LIGHTBLUE, alpha=0.18, linewidth=0)
        ax.axhspan(0, self.slope_ylim[1], color=_ORANGE, alpha=0.12, linewidth=0)
        ax.axhline(0, color="0.3", linewidth=0.8)
        ax.plot(self.ws, slopes, color=_BLUE, linewidth=1.8)
        ax.text(
            0.99,
            0.05,
            "slope < 0: increase w →",
            transform=ax.transAxes,
            fontsize=8,
            color=_DARK,
            va="bottom",
            ha="right",
        )
        ax.text(
            0.01, 0.95, "← slope > 0: decrease w", transform=ax.transAxes, fontsize=8, color=_DARK, va="top", ha="left"
        )
        (self.slope_path,) = ax.plot([], [], "o", color=_DARK, markersize=3, zorder=4)
        (self.slope_dot,) = ax.plot([], [], "o", markersize=8, color=_ORANGE, markeredgecolor="black", zorder=5)
        ax.set(xlim=self.w_range, ylim=self.slope_ylim, xlabel="weight w", ylabel="dL/dw")
        ax.yaxis.set_major_locator(MaxNLocator(3, steps=_NICE))
        ax.xaxis.set_major_locator(MaxNLocator(4, steps=_NICE))

        # right: the loss after every step
        ax = self.ax_steps
        (self.step_line,) = ax.plot([], [], "-o", color=_BLUE, markersize=3.5, linewidth=1.4)
        ax.axhline(self.floor, color="0.4", linestyle="--", linewidth=1.0)
        ax.set(
            title="loss by step (dashed: lowest)",
            xlabel="step",
            ylim=(self.loss_ylim[0], self.loss_ylim[1]),
            xlim=(0, RUN_STEPS),
        )
        ax.xaxis.set_major_locator(MaxNLocator(4, integer=True, steps=_NICE))
        ax.yaxis.set_major_locator(MaxNLocator(4, steps=_NICE))

        controls: dict[str, Any] = {
            "lr": widgets.FloatSlider(
                value=lr,
                min=self.lr_range[0],
                max=self.lr_range[1],
                step=0.01,
                description="learning rate",
                readout_format=".2f",
                style=SLIDER_STYLE,
                continuous_update=True,
            ),
            "w0": widgets.FloatSlider(
                value=w0,
                min=self.w_range[0],
                max=self.w_range[1],
                step=0.05,
                description="start w",
                readout_format=".2f",
                style=SLIDER_STYLE,
                continuous_update=True,
            ),
        }
        if lr_decay is not None:
            controls["lr_decay"] = widgets.FloatSlider(
                value=lr_decay,
                min=0.5,
                max=1.0,
                step=0.01,
                readout_format=".2f",
                description="lr decay per step",
                style=SLIDER_STYLE,
                continuous_update=True,
            )
        super().__init__(fig, controls, buttons=self._step_buttons())

    def _bake(self) -> None:
        """Draw the curves, shading, labels and frames once; each frame redraws only these."""
        self.bake(
            dynamic=[
                self.path_line,
                self.tangent,
                self.dot,
                self.arrow,
                self.arrow_label,
                self.off_chart,
                self.slope_path,
                self.slope_dot,
                # the loss-by-step panel rescales as steps are added: all of it is live
                *axes_contents(self.ax_steps),
                self.ax_steps.xaxis,
                self.ax_steps.yaxis,
            ]
        )

    def path(self, lr: float, w0: float, lr_decay: float = 1.0) -> np.ndarray:
        """The weights visited after ``n_steps`` steps from ``w0`` (see :func:`descend_1d`)."""
        return descend_1d(self.slope, w0, lr, self.n_steps, lr_decay)

    def render(self, lr: float, w0: float, lr_decay: float = 1.0) -> dict[str, str]:
        path = self.path(lr, w0, lr_decay)
        shown = np.clip(path, -DIVERGED, DIVERGED)
        self.last_path = shown
        losses = self.loss(shown)
        w = float(shown[-1])
        loss, slope = float(losses[-1]), float(self.slope(w))
        lr_now = lr * lr_decay**self.n_steps
        step_next = -lr_now * slope

        off = not (self.w_range[0] <= w <= self.w_range[1]) or loss > self.loss_ylim[1]
        # what is drawn stays near the view; the point, tangent and arrow only when on it
        self.path_line.set_data(_near_view(shown, self.w_range), _near_view(losses, self.loss_ylim))
        self.dot.set_data(*(([], []) if off else ([w], [loss])))
        half = 0.12 * (self.w_range[1] - self.w_range[0])
        self.tangent.set_data(
            *(([], []) if off else ([w - half, w + half], [loss - half * slope, loss + half * slope]))
        )
        # the next step: a horizontal arrow from just below the point to the next weight
        target = float(np.clip(w + step_next, *self.w_range))
        start = float(np.clip(w, *self.w_range))
        y_arrow = loss - self.arrow_drop
        visible = not off and abs(target - start) > 0.02 * (self.w_range[1] - self.w_range[0])
        if visible:
            self.arrow.set_positions((start, y_arrow), (target, y_arrow))
            self.arrow_label.set_position(((start + target) / 2, y_arrow - 0.3 * self.arrow_drop))
        self.arrow.set_visible(visible)
        self.arrow_label.set_text("next step" if visible else "")
        self.slope_path.set_data(_near_view(shown, self.w_range), np.clip(self.slope(shown), *self.slope_ylim))
        on_axis = _inside(w, self.w_range)
        self.slope_dot.set_data(*(([w], [float(np.clip(slope, *self.slope_ylim))]) if on_axis else ([], [])))
        steps = np.arange(len(path))
        self.step_line.set_data(steps, losses)
        self.off_chart.set_text(f"the point is off the chart: w = {signed(w, 2)}" if off else "")
        self.ax_steps.set_xlim(-0.5, max(RUN_STEPS, self.n_steps) + 0.5)
        floor = self.floor
        # the whole loss history stays on screen, also when it explodes
        top = max(float(np.max(losses)), floor + 0.1)
        self.ax_steps.set_ylim(floor - 0.08 * (top - floor), top + 0.12 * (top - floor))

        last = abs(path[-1] - path[-2]) if self.n_steps else 0.0
        if abs(slope) < 5e-4:
            move = "stay (slope ≈ 0)"
        else:
            move = "increase w (slope < 0)" if slope < 0 else "decrease w (slope > 0)"
        readouts = {
            "start": f"w = {signed(w0, 2)}, loss {_fixed(self.loss(w0), 3)}",
            "step": str(self.n_steps),
            "weight w": signed(w),
            "loss L(w)": _fixed(loss, 4),
            "slope dL/dw": signed(slope),
            "so": move,
            "lr now": _fixed(lr_now, 4),
            "next step −lr·slope": signed(step_next),
            "last step size |Δw|": _fixed(last, 4),
            "verdict": _verdict_1d(shown, losses, slope, lr, lr_now, off),
        }
        return readouts


class TwoValleys(OneWeightDescent):
    """Gradient descent on a loss with two valleys: where you start decides where you end.

    The loss is :func:`two_valleys_loss`; the left valley is the global minimum, the right one
    a local minimum. Background shading marks the start points that roll into each valley when
    the steps are small (left or right of the hump). The widget opens after ``steps`` steps,
    so moving the start slider shows at once where that start ends.

    Parameters
    ----------
    lr, w0, steps : as for :class:`OneWeightDescent` (defaults 0.1, 1.0 and 60).
    """

    title = "Two valleys: a local minimum"
    lr_range = (0.01, 1.0)

    def __init__(self, *, lr: float = 0.1, w0: float = 1.0, steps: int = 60) -> None:
        left, hump, right = two_valleys_stationary_points()
        self.left_min, self.hump, self.right_min = float(left), float(hump), float(right)
        self._build(w_range=(-3.0, 3.0), lr=lr, w0=w0, steps=steps, lr_decay=None, loss_label="loss (two valleys)")
        # the starts that roll into each valley (for small steps): left or right of the hump
        for span, colour, text, (tx, ty) in (
            ((-3.0, self.hump), _LIGHTBLUE, "start here → global minimum", (0.02, 0.93)),
            ((self.hump, 3.0), _ORANGE, "start here → local minimum", (0.98, 0.07)),
        ):
            self.ax_loss.axvspan(*span, color=colour, alpha=0.13, linewidth=0, zorder=0)
            self.ax_loss.text(
                tx,
                ty,
                text,
                transform=self.ax_loss.transAxes,
                fontsize=8,
                ha="left" if tx < 0.5 else "right",
                va="center",
                color=_DARK,
            )
        self.update()  # draw the new shading with the current state, then bake it
        self._bake()

    def loss(self, w: Any) -> Any:
        return two_valleys_loss(w)

    def slope(self, w: Any) -> Any:
        return two_valleys_slope(w)

    def minima(self) -> list[float]:
        left, _, right = two_valleys_stationary_points()
        return [float(left), float(right)]

    def render(self, lr: float, w0: float, lr_decay: float = 1.0) -> dict[str, str]:
        readouts = super().render(lr, w0, lr_decay)
        path = self.last_path
        w = float(path[-1])
        settled = self.n_steps > 0 and abs(path[-1] - path[-2]) < 1e-3
        if self.n_steps == 0:
            where = "not started: press step"
        elif abs(w) >= 100:
            where = "thrown out: lr too large"
        elif settled and abs(w - self.left_min) < 0.05:
            where = f"left valley, the global minimum (loss {two_valleys_loss(self.left_min):.3f})"
        elif settled and abs(w - self.right_min) < 0.05:
            where = f"right valley, a local minimum (loss {two_valleys_loss(self.right_min):.3f})"
        else:
            where = "not settled yet: still moving"
        readouts["ends in"] = where
        return readouts


# ---------------------------------------------------------------------------------------------
# two weights: the contour map
# ---------------------------------------------------------------------------------------------

#: the (w, b) window of the contour maps, and the start of the descent
W_RANGE, B_RANGE = (-1.0, 4.5), (-3.0, 3.5)
START = (0.5, 2.8)


def _loss_map(ax: Any, problem: LineProblem, wlim: tuple[float, float], blim: tuple[float, float]) -> Any:
    """Draw the loss over the (w, b) window once: pale colour bands and contour lines.

    Returns the star that marks the minimum (a Line2D), so that a widget can keep it on top of
    the paths it draws.
    """
    ws = np.linspace(*wlim, 240)
    bs = np.linspace(*blim, 240)
    Wg, Bg = np.meshgrid(ws, bs)
    L = problem.loss(Wg, Bg)
    lmin = problem.loss(*problem.best())
    levels = [lev for lev in (0.2, 0.3, 0.5, 1, 2, 4, 8, 16, 32, 64) if lmin < lev < L.max()]
    # filled bands between the contour lines, in viridis paled towards white (cheaper to draw
    # than an image with transparency, and the paths on top stay easy to see)
    bands = np.log10([lmin, *levels, L.max()])
    pale = ListedColormap(0.45 + 0.55 * colormaps[CMAP_SEQUENTIAL](np.linspace(0, 1, 256))[:, :3])
    ax.contourf(Wg, Bg, np.log10(L), levels=bands, cmap=pale, zorder=0)
    ax.set_aspect("equal")
    contours = ax.contour(Wg, Bg, L, levels=levels, colors="0.25", linewidths=0.6, alpha=0.7, zorder=1)
    ax.clabel(contours, levels[2::3], fmt="%g", fontsize=7, inline=True)
    ax.xaxis.set_major_locator(MaxNLocator(5, steps=_NICE))
    ax.yaxis.set_major_locator(MaxNLocator(5, steps=_NICE))
    wb, bb = problem.best()
    (star,) = ax.plot(
        [wb], [bb], marker="*", markersize=14, color="white", markeredgecolor="black", zorder=10, linestyle="none"
    )
    ax.set(xlim=wlim, ylim=blim, xlabel="weight w", ylabel="bias b")
    ax.grid(False)
    return star


class TwoWeightDescent(_Stepper):
    """Gradient descent on two parameters ``(w, b)``: the gradient on the contour map.

    Left: the loss ``L(w, b) = mean((w x + b - y)**2)`` as a contour map; the current point;
    the downhill direction ``-gradient`` (a thin line of fixed length: it crosses the contour
    line at a right angle); the next step ``-lr * gradient`` as an arrow with its two
    components (along ``w`` and along ``b``); the path so far. Top right: the two components of
    the gradient as bars. Bottom right: the loss by step.

    Parameters
    ----------
    x, y : array_like, shape (n_samples,)
        The data.
    lr : float
        Learning rate (slider 0.01 to 0.7).
    steps : int
        Steps already taken when the widget appears.
    start : (float, float)
        The starting ``(w, b)``.
    """

    title = "Gradient descent on two weights (w, b)"

    def __init__(
        self, x: Any = None, y: Any = None, *, lr: float = 0.1, steps: int = 0, start: tuple[float, float] = START
    ) -> None:
        if x is None or y is None:
            raise ValueError("give the data: TwoWeightDescent(x, y)")
        self.problem = LineProblem(x, y)
        self.start = (float(start[0]), float(start[1]))
        self.n_steps = int(steps)
        self.lmin = float(self.problem.loss(*self.problem.best()))
        self.l0 = float(self.problem.loss(*self.start))

        fig, axes = new_figure(2, 2, figsize=(8.8, 4.4), width_ratios=[1.3, 1.0])
        gridspec = axes[0, 0].get_gridspec()
        axes[0, 0].remove()
        axes[1, 0].remove()
        self.ax_map = fig.add_subplot(gridspec[:, 0])
        self.ax_bars, self.ax_steps = axes[0, 1], axes[1, 1]

        ax = self.ax_map
        self.star = _loss_map(ax, self.problem, W_RANGE, B_RANGE)
        (self.path_line,) = ax.plot(
            [],
            [],
            "-o",
            color="black",
            markersize=3.5,
            linewidth=1.3,
            markerfacecolor="white",
            markeredgecolor="black",
            markeredgewidth=0.6,
            zorder=6,
        )
        (self.direction,) = ax.plot([], [], ":", color="black", linewidth=1.6, zorder=6, label="downhill: −∇L")
        self.arrow = FancyArrowPatch(
            (0, 0), (0, 0), arrowstyle="-|>", mutation_scale=16, color=_RUST, linewidth=2.2, zorder=8
        )
        self.arrow_w = FancyArrowPatch(
            (0, 0), (0, 0), arrowstyle="-|>", mutation_scale=10, color=_ORANGE, linewidth=1.6, linestyle="--", zorder=7
        )
        self.arrow_b = FancyArrowPatch(
            (0, 0), (0, 0), arrowstyle="-|>", mutation_scale=10, color=_BLUE, linewidth=1.6, linestyle="--", zorder=7
        )
        for patch in (self.arrow, self.arrow_w, self.arrow_b):
            patch.set_path_effects(_HALO)
            ax.add_patch(patch)
        (self.dot,) = ax.plot([], [], "o", markersize=7, color=_ORANGE, markeredgecolor="black", zorder=11)
        ax.plot([], [], color=_RUST, linewidth=2.2, label="step −lr·∇L")
        ax.legend(loc="lower left", fontsize=7, framealpha=0.9)

        ax = self.ax_bars
        self.bars = ax.bar([0, 1], [0.0, 0.0], color=[_ORANGE, _BLUE], width=0.55, edgecolor="black", linewidth=0.6)
        ax.axhline(0, color="0.3", linewidth=0.8)
        ax.set_xticks([0, 1], ["∂L/∂w", "∂L/∂b"])
        ax.set(title="gradient ∇L", xlim=(-0.6, 1.6))
        ax.yaxis.set_major_locator(MaxNLocator(3, symmetric=True))
        for tick, colour in zip(ax.get_xticklabels(), (_ORANGE, _BLUE)):
            tick.set_color(colour)  # the same colours as the step's two parts on the map

        ax = self.ax_steps
        (self.step_line,) = ax.plot([], [], "-o", color=_BLUE, markersize=3, linewidth=1.3)
        ax.axhline(self.lmin, color="0.4", linestyle="--", linewidth=1.0)
        _plain_log_axis(ax)
        ax.set(
            title="loss by step (dashed: lowest)",
            xlabel="step",
            xlim=(0, RUN_STEPS),
            ylim=(self.lmin * 0.8, self.l0 * 3),
        )
        ax.xaxis.set_major_locator(MaxNLocator(4, integer=True, steps=_NICE))

        super().__init__(
            fig,
            {
                "lr": widgets.FloatSlider(
                    value=lr,
                    min=0.01,
                    max=0.7,
                    step=0.01,
                    description="learning rate",
                    readout_format=".2f",
                    style=SLIDER_STYLE,
                    continuous_update=True,
                ),
            },
            buttons=self._step_buttons(),
        )
        self.bake(
            dynamic=[
                self.star,
                self.path_line,
                self.direction,
                self.arrow,
                self.arrow_w,
                self.arrow_b,
                self.dot,
                # the bars rescale their y axis; the loss-by-step panel grows along x
                *axes_contents(self.ax_bars),
                self.ax_bars.yaxis,
                *axes_contents(self.ax_steps),
                self.ax_steps.xaxis,
            ]
        )

    def path(self, lr: float) -> np.ndarray:
        """The ``(w, b)`` points visited after ``n_steps`` steps, shape (n_steps + 1, 2)."""
        return descend_2d(self.problem, self.start, lr, self.n_steps)

    def render(self, lr: float) -> dict[str, str]:
        path = np.clip(self.path(lr), -DIVERGED, DIVERGED)
        w, b = (float(v) for v in path[-1])
        gw, gb = (float(v) for v in self.problem.gradient(w, b))
        loss = float(self.problem.loss(w, b))
        norm = float(np.hypot(gw, gb))

        # what is drawn stays near the map; the point, arrows and direction only when on it
        off = not (_inside(w, W_RANGE) and _inside(b, B_RANGE))
        self.path_line.set_data(_near_view(path[:, 0], W_RANGE), _near_view(path[:, 1], B_RANGE))
        self.dot.set_data(*(([], []) if off else ([w], [b])))
        step_w, step_b = -lr * gw, -lr * gb
        for patch in (self.arrow, self.arrow_w, self.arrow_b):
            patch.set_visible(not off)
        if not off:
            # the step's end clipped near the map: an arrow patch reaching far outside the
            # axes costs seconds to draw
            end_w = float(_near_view(w + step_w, W_RANGE, 0.5))
            end_b = float(_near_view(b + step_b, B_RANGE, 0.5))
            self.arrow.set_positions((w, b), (end_w, end_b))
            self.arrow_w.set_positions((w, b), (end_w, b))
            self.arrow_b.set_positions((w, b), (w, end_b))
        if off:
            self.direction.set_data([], [])
        elif norm > 0:
            # direction only: a fixed length, longer than the step so that it shows beyond it
            reach = max(1.5, 1.3 * lr * norm)
            self.direction.set_data([w, w - reach * gw / norm], [b, b - reach * gb / norm])
        else:
            self.direction.set_data([], [])

        big = max(abs(gw), abs(gb), 0.5)
        self.ax_bars.set_ylim(-1.35 * big, 1.35 * big)
        for bar, g in zip(self.bars, (gw, gb)):
            bar.set_height(g)

        losses = self.problem.loss(path[:, 0], path[:, 1])
        self.step_line.set_data(np.arange(len(path)), losses)
        self.ax_steps.set_xlim(-0.5, max(RUN_STEPS, self.n_steps) + 0.5)

        last = float(np.hypot(*(path[-1] - path[-2]))) if self.n_steps else 0.0
        diverged = self.n_steps > 0 and losses[-1] > losses[-2] + 1e-12
        ran_off = abs(w) + abs(b) >= DIVERGED  # the walk stopped there (see descend_2d)

        def says(g: float, name: str) -> str:
            if abs(g) < 5e-4:
                return f"{name} stays (≈ 0)"
            return f"{name} should {'rise' if g < 0 else 'fall'}"

        return {
            "step": str(self.n_steps),
            "w, b": f"{signed(w)}, {signed(b)}",
            "loss L(w, b)": _fixed(loss, 4),
            "∂L/∂w": f"{signed(gw)}: {says(gw, 'w')}",
            "∂L/∂b": f"{signed(gb)}: {says(gb, 'b')}",
            "|∇L| (steepness)": _fixed(norm),
            "next step −lr·∇L": f"({signed(step_w)}, {signed(step_b)})",
            "last step length": _fixed(last),
            "verdict": (
                "not started: press step"
                if self.n_steps == 0
                else "diverged: (w, b) ran off towards infinity (lr too large)"
                if ran_off
                else "diverged: off the map, the loss keeps going up"
                if diverged and off
                else "diverging: the loss went up"
                if diverged
                else "at the bottom"
                if norm < 1e-3
                else "going downhill"
            ),
        }


# ---------------------------------------------------------------------------------------------
# stochastic gradient descent
# ---------------------------------------------------------------------------------------------

#: the mini-batch sizes offered by SGDPaths (the full batch is always drawn beside them)
BATCH_SIZES = (1, 2, 5, 10, 20, 50, 100)


class SGDPaths(LiveWidget):
    """Mini-batch SGD next to full-batch gradient descent, for the same number of epochs.

    Left: the contour map of ``L(w, b)`` with two paths from the same start: mini-batch SGD
    with the chosen batch size (thin, noisy; a dot at the end of every epoch) and full-batch
    gradient descent (one update per epoch; thick). Right: the loss on the whole data set, per
    update of the mini-batch run (thin) and at every epoch's end for both runs. Readouts:
    updates per epoch and in all, per-sample gradients computed (the same for both), the final
    losses.

    Parameters
    ----------
    x, y : array_like, shape (n_samples,)
        The data.
    batch_size : int
        One of :data:`BATCH_SIZES` below ``n_samples`` (the full batch is the black path).
    lr : float
        Learning rate for both runs (slider 0.005 to 0.5).
    epochs : int
        Passes over the data (slider 1 to 10).
    seed : int
        Seed of the generator that shuffles the data every epoch (slider 0 to 9): another
        seed, other random mini-batches.
    start : (float, float)
        The starting ``(w, b)``.
    """

    title = "Stochastic gradient descent: mini-batches versus the full batch"

    def __init__(
        self,
        x: Any = None,
        y: Any = None,
        *,
        batch_size: int = 10,
        lr: float = 0.05,
        epochs: int = 3,
        seed: int = 0,
        start: tuple[float, float] = START,
    ) -> None:
        if x is None or y is None:
            raise ValueError("give the data: SGDPaths(x, y)")
        self.problem = LineProblem(x, y)
        # mini-batches only: smaller than the data set, so that every shuffle seed matters
        self.batch_sizes = tuple(s for s in BATCH_SIZES if s < self.problem.n) or (1,)
        self.start = (float(start[0]), float(start[1]))
        self.lmin = float(self.problem.loss(*self.problem.best()))
        self.l0 = float(self.problem.loss(*self.start))

        fig, (self.ax_map, self.ax_epochs) = new_figure(1, 2, figsize=(8.8, 4.0), width_ratios=[1.25, 1.0])
        ax = self.ax_map
        self.star = _loss_map(ax, self.problem, W_RANGE, B_RANGE)
        (self.mini_line,) = ax.plot([], [], "-", color=_ORANGE, linewidth=1.0, zorder=6)
        self.mini_line.set_path_effects([patheffects.Stroke(linewidth=2.2, foreground="black"), patheffects.Normal()])
        (self.mini_epochs,) = ax.plot([], [], "o", color=_ORANGE, markeredgecolor="black", markersize=5, zorder=7)
        (self.full_line,) = ax.plot(
            [], [], "-o", color="black", linewidth=2.0, markersize=5, markerfacecolor="white", zorder=8
        )
        self.full_line.set_path_effects(_HALO)
        (self.start_marker,) = ax.plot(
            [self.start[0]], [self.start[1]], "s", color="white", markeredgecolor="black", markersize=7, zorder=9
        )
        ax.set_title("□ start, ★ lowest loss", fontsize=10)

        ax = self.ax_epochs
        ax.grid(True, alpha=0.3)
        (self.mini_curve,) = ax.plot([], [], color=_ORANGE, linewidth=0.9, label="mini-batch, per update")
        (self.mini_dots,) = ax.plot(
            [], [], "o", color=_ORANGE, markeredgecolor="black", markersize=5, label="mini-batch, per epoch"
        )
        (self.full_dots,) = ax.plot(
            [], [], "-o", color="black", markerfacecolor="white", markersize=5, linewidth=1.6, label="full batch"
        )
        ax.axhline(self.lmin, color="0.4", linestyle="--", linewidth=1.0)
        _plain_log_axis(ax)
        ax.set(
            title="loss on all data (dashed: lowest)",
            xlabel="epoch",
            ylabel="loss (log scale)",
            ylim=(self.lmin * 0.8, self.l0 * 3),
        )
        ax.xaxis.set_major_locator(MaxNLocator(6, integer=True, steps=_NICE))
        ax.legend(loc="upper right", fontsize=7)

        style = SLIDER_STYLE
        super().__init__(
            fig,
            {
                "batch_size": widgets.SelectionSlider(
                    options=list(self.batch_sizes),
                    value=batch_size if batch_size in self.batch_sizes else self.batch_sizes[3],
                    description="batch size",
                    style=style,
                    continuous_update=True,
                ),
                "lr": widgets.FloatSlider(
                    value=lr,
                    min=0.005,
                    max=0.5,
                    step=0.005,
                    description="learning rate",
                    readout_format=".3f",
                    style=style,
                    continuous_update=True,
                ),
                "epochs": widgets.IntSlider(
                    value=epochs, min=1, max=10, description="epochs", style=style, continuous_update=True
                ),
                "seed": widgets.IntSlider(
                    value=seed, min=0, max=9, description="shuffle seed", style=style, continuous_update=True
                ),
            },
        )
        self.bake(
            dynamic=[
                self.star,
                self.mini_line,
                self.mini_epochs,
                self.full_line,
                self.start_marker,
                # the loss panel's x axis follows the number of epochs
                *axes_contents(self.ax_epochs),
                self.ax_epochs.xaxis,
            ]
        )

    def paths(self, batch_size: int, lr: float, epochs: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(mini-batch path, its epoch-end rows, full-batch path)``; see :func:`sgd_path`."""
        mini, ends = sgd_path(self.problem, self.start, lr, batch_size, epochs, np.random.default_rng(seed))
        full = descend_2d(self.problem, self.start, lr, epochs)
        return mini, ends, full

    def render(self, batch_size: int, lr: float, epochs: int, seed: int) -> dict[str, str]:
        mini, ends, full = self.paths(batch_size, lr, epochs, seed)
        mini = np.clip(mini, -DIVERGED, DIVERGED)
        full = np.clip(full, -DIVERGED, DIVERGED)
        # drawn near the map only (a diverged path far outside costs seconds per frame)
        self.mini_line.set_data(_near_view(mini[:, 0], W_RANGE), _near_view(mini[:, 1], B_RANGE))
        self.mini_epochs.set_data(_near_view(mini[ends[1:], 0], W_RANGE), _near_view(mini[ends[1:], 1], B_RANGE))
        self.full_line.set_data(_near_view(full[:, 0], W_RANGE), _near_view(full[:, 1], B_RANGE))

        mini_loss = self.problem.loss(mini[:, 0], mini[:, 1])
        full_loss = self.problem.loss(full[:, 0], full[:, 1])
        per_epoch = int(ends[1]) if epochs else 0
        t = np.arange(len(mini)) / max(per_epoch, 1)
        cap = self.l0 * 1e3  # keep the log axis finite when a run diverges
        self.mini_curve.set_data(t, np.minimum(mini_loss, cap))
        self.mini_dots.set_data(np.arange(epochs + 1), np.minimum(mini_loss[ends], cap))
        self.full_dots.set_data(np.arange(epochs + 1), np.minimum(full_loss, cap))
        self.ax_epochs.set_xlim(-0.2, epochs + 0.2)

        n = self.problem.n
        best = np.array(self.problem.best())
        return {
            "batch size": f"{batch_size} of {n} samples",
            "updates per epoch": f"{per_epoch} (full batch: 1)",
            "updates in all": f"{per_epoch * epochs} (full batch: {epochs})",
            "per-sample gradients": f"{n * epochs} (full batch: {n * epochs})",
            "final loss, mini-batch": _fixed(mini_loss[-1], 4),
            "final loss, full batch": _fixed(full_loss[-1], 4),
            "lowest possible loss": _fixed(self.lmin, 4),
            "distance to best (w, b)": f"{_fixed(np.hypot(*(mini[-1] - best)))} "
            f"(full: {_fixed(np.hypot(*(full[-1] - best)))})",
        }


# ---------------------------------------------------------------------------------------------
# momentum
# ---------------------------------------------------------------------------------------------

#: steps MomentumDescent computes (its steps slider goes up to this): the horizon of
#: its "within 1% of the lowest loss" readouts
MOMENTUM_HORIZON = 100


def path_artists(ax: Any, colour: Any, zorder: int, label: str | None = None) -> tuple[Any, Any]:
    """A descent path (a haloed line of small dots) and its end point (a large dot), empty."""
    (line,) = ax.plot([], [], "-o", color=colour, linewidth=1.6, markersize=2.5, zorder=zorder, label=label)
    line.set_path_effects(_HALO)
    (dot,) = ax.plot([], [], "o", color=colour, markeredgecolor="black", markersize=8, zorder=zorder + 2)
    return line, dot


def show_path(line: Any, dot: Any, path: np.ndarray, steps: int) -> None:
    """Draw the first ``steps`` steps of a path on the (w, b) map made by :func:`_loss_map`, and
    its end dot (hidden when the end is off the map). Only the part near the map is drawn: a
    diverged path a million units out costs seconds."""
    line.set_data(_near_view(path[: steps + 1, 0], W_RANGE), _near_view(path[: steps + 1, 1], B_RANGE))
    end_w, end_b = float(path[steps, 0]), float(path[steps, 1])
    on_map = _inside(end_w, W_RANGE) and _inside(end_b, B_RANGE)
    dot.set_data(*(([end_w], [end_b]) if on_map else ([], [])))


def _times_lowest(loss: float, lowest: float, point: np.ndarray) -> str:
    """``1.83 × lowest``: a loss as a multiple of the lowest loss, or ``diverged``."""
    if not np.isfinite(loss) or abs(point[0]) + abs(point[1]) >= DIVERGED:
        return "diverged"
    ratio = loss / lowest
    return f"{ratio:.1e} × lowest" if ratio >= 1e4 else f"{ratio:.2f} × lowest"


def _settles(path: np.ndarray, relative: np.ndarray) -> str:
    """From which step on the loss stays within 1% of the lowest (over the computed steps)."""
    if abs(path[-1, 0]) + abs(path[-1, 1]) >= DIVERGED or not np.isfinite(relative[-1]):
        return "diverged"
    outside = np.flatnonzero(relative > 1.01)
    if outside.size and outside[-1] == len(relative) - 1:
        return f"not within {len(relative) - 1} steps"
    return f"from step {outside[-1] + 1 if outside.size else 0} on"


class MomentumDescent(LiveWidget):
    """Gradient descent with and without momentum, side by side on the contour map.

    Momentum keeps a running velocity: ``v <- momentum * v - lr * gradient``, then
    ``(w, b) <- (w, b) + v`` (the rule of ``nnlib.SGD``). On a steady slope (a gradient ``g``
    that stays the same) the steps grow to ``lr * g / (1 - momentum)``, ten times the plain step
    ``lr * g`` for momentum 0.9: a ball that gathers speed downhill, and keeps some of it past
    the bottom.

    Left: the loss ``L(w, b) = mean((w x + b - y)**2)`` as a contour map (long, narrow
    ellipses) with two paths from the same start, ``steps`` steps each at the same learning
    rate: plain gradient descent (blue, "no momentum") and gradient descent with momentum
    (rust), each ending in a dot. With a small learning rate the plain path crawls along the
    floor of the valley; the momentum path rolls down it, overshoots the minimum and comes
    back. Right: the loss of both paths by step, on a log scale (dashed: the lowest loss).
    Readouts: each loss after the steps as a multiple of the lowest loss, the step from which
    each stays within 1% of the lowest loss (within :data:`MOMENTUM_HORIZON` steps), and the
    step on a steady slope as a multiple of the plain step, ``1 / (1 - momentum)``.

    Parameters
    ----------
    x, y : array_like, shape (n_samples,)
        The data (noisy: the lowest loss must be above 0).
    lr : float
        Learning rate of both paths (slider 0.01 to 0.5).
    momentum : float
        Momentum of the second path (slider 0 to 0.98).
    steps : int
        Steps of both paths (slider 1 to 100).
    start : (float, float)
        The starting ``(w, b)`` of both paths.
    """

    title = "Gradient descent with momentum"

    def __init__(
        self,
        x: Any = None,
        y: Any = None,
        *,
        lr: float = 0.05,
        momentum: float = 0.9,
        steps: int = 30,
        start: tuple[float, float] = START,
    ) -> None:
        if x is None or y is None:
            raise ValueError("give the data: MomentumDescent(x, y)")
        self.problem = LineProblem(x, y)
        self.start = (float(start[0]), float(start[1]))
        self.lmin = float(self.problem.loss(*self.problem.best()))
        self.l0 = float(self.problem.loss(*self.start))
        if not self.lmin > 1e-12 * max(self.l0, 1.0):
            raise ValueError(
                "the points lie exactly on a line (lowest loss 0), so losses "
                "cannot be shown as multiples of it; give noisy data, e.g. "
                "line_data(rng=rng)"
            )

        fig, (self.ax_map, self.ax_steps) = new_figure(1, 2, figsize=(8.8, 4.0), width_ratios=[1.25, 1.0])
        ax = self.ax_map
        self.star = _loss_map(ax, self.problem, W_RANGE, B_RANGE)
        paths = []
        for colour, label, zorder in ((_BLUE, "no momentum", 6), (_RUST, "momentum", 7)):
            paths.append(path_artists(ax, colour, zorder, label))
        (self.plain_line, self.plain_dot), (self.heavy_line, self.heavy_dot) = paths
        (self.start_marker,) = ax.plot(
            [self.start[0]], [self.start[1]], "s", color="white", markeredgecolor="black", markersize=7, zorder=10
        )
        ax.set_title("□ start, ★ lowest loss", fontsize=10)
        self.legend = ax.legend(loc="upper right", fontsize=8, framealpha=0.9)
        self.heavy_label = self.legend.get_texts()[1]

        ax = self.ax_steps
        ax.grid(True, alpha=0.3)
        (self.plain_curve,) = ax.plot([], [], "-o", color=_BLUE, markersize=2.5, linewidth=1.4)
        (self.heavy_curve,) = ax.plot([], [], "-o", color=_RUST, markersize=2.5, linewidth=1.4)
        ax.axhline(self.lmin, color="0.4", linestyle="--", linewidth=1.0)
        _plain_log_axis(ax)
        ax.set(
            title="loss by step (dashed: lowest)",
            xlabel="step",
            ylabel="loss (log scale)",
            ylim=(self.lmin * 0.8, self.l0 * 3),
        )
        ax.xaxis.set_major_locator(MaxNLocator(5, integer=True, steps=_NICE))

        style = SLIDER_STYLE
        super().__init__(
            fig,
            {
                "lr": widgets.FloatSlider(
                    value=lr,
                    min=0.01,
                    max=0.5,
                    step=0.01,
                    description="learning rate",
                    readout_format=".2f",
                    style=style,
                    continuous_update=True,
                ),
                "momentum": widgets.FloatSlider(
                    value=momentum,
                    min=0.0,
                    max=0.98,
                    step=0.01,
                    description="momentum",
                    readout_format=".2f",
                    style=style,
                    continuous_update=True,
                ),
                "steps": widgets.IntSlider(
                    value=steps, min=1, max=MOMENTUM_HORIZON, description="steps", style=style, continuous_update=True
                ),
            },
        )
        self.bake(
            dynamic=[
                self.star,
                self.plain_line,
                self.plain_dot,
                self.heavy_line,
                self.heavy_dot,
                self.start_marker,
                # the legend names the momentum, over the paths
                self.legend,
                # the loss panel's x axis follows the number of steps
                *axes_contents(self.ax_steps),
                self.ax_steps.xaxis,
            ]
        )

    def paths(self, lr: float, momentum: float) -> tuple[np.ndarray, np.ndarray]:
        """``(plain, with momentum)``: :data:`MOMENTUM_HORIZON` steps of each, shape (101, 2)."""
        return (
            descend_2d(self.problem, self.start, lr, MOMENTUM_HORIZON),
            descend_momentum_2d(self.problem, self.start, lr, momentum, MOMENTUM_HORIZON),
        )

    def render(self, lr: float, momentum: float, steps: int) -> dict[str, str]:
        plain, heavy = (np.clip(path, -DIVERGED, DIVERGED) for path in self.paths(lr, momentum))
        t = np.arange(steps + 1)
        cap = self.l0 * 1e3  # keep the log axis finite when a run diverges
        after, settles = [], []
        for path, line, dot, curve in (
            (plain, self.plain_line, self.plain_dot, self.plain_curve),
            (heavy, self.heavy_line, self.heavy_dot, self.heavy_curve),
        ):
            losses = self.problem.loss(path[:, 0], path[:, 1])
            # drawn near the map only: a diverged path a million units out costs seconds
            show_path(line, dot, path, steps)
            curve.set_data(t, np.minimum(losses[: steps + 1], cap))
            after.append(_times_lowest(float(losses[steps]), self.lmin, path[steps]))
            settles.append(_settles(path, losses / self.lmin))
        # a little room on the right: the layout is frozen with the first tick labels, and a
        # label "100" at the very edge would stick out of the figure
        self.ax_steps.set_xlim(-0.5, steps + 0.5 + 0.03 * steps)
        self.heavy_label.set_text(f"momentum {round(momentum, 2):g}")

        speedup = steady_slope_speedup(momentum)
        return {
            "loss after the steps, no momentum": after[0],
            "loss after the steps, momentum": after[1],
            "within 1% of lowest, no momentum": settles[0],
            "within 1% of lowest, momentum": settles[1],
            "step on a steady slope": f"lr·g / (1 − momentum) = {speedup:.3g} × the plain step lr·g",
        }


# ---------------------------------------------------------------------------------------------
# benchmark cases (benchmarks/widgets.py): one per widget class and per kind of control
# ---------------------------------------------------------------------------------------------


def _bench_data() -> tuple[np.ndarray, np.ndarray]:
    return line_data(200, rng=np.random.default_rng(0))


BENCH_CASES = [
    ("OneWeightDescent", lambda: OneWeightDescent(*_bench_data(), steps=20), {"lr": 0.8}),
    (
        "OneWeightDescent (decay)",
        lambda: OneWeightDescent(*_bench_data(), lr=0.9, steps=20, lr_decay=1.0),
        {"lr_decay": 0.8},
    ),
    ("TwoValleys", lambda: TwoValleys(), {"w0": -0.5}),
    ("TwoWeightDescent", lambda: TwoWeightDescent(*_bench_data(), steps=40), {"lr": 0.45}),
    # lesson 09's decay widget pushed to its ends: the path leaves the chart (issue 13)
    (
        "OneWeightDescent (lesson 09, lr and decay at their maxima)",
        lambda: OneWeightDescent(*_bench_data(), lr=0.95, w0=-1.5, steps=20, lr_decay=0.9),
        {"lr": 1.2, "lr_decay": 1.0},
    ),
    ("TwoWeightDescent (40 steps, lr at its maximum)", lambda: TwoWeightDescent(*_bench_data(), steps=40), {"lr": 0.7}),
    ("SGDPaths (batch 1, 10 epochs)", lambda: SGDPaths(*_bench_data(), epochs=10), {"batch_size": 1}),
    ("SGDPaths (lr)", lambda: SGDPaths(*_bench_data()), {"lr": 0.2}),
    ("MomentumDescent (momentum)", lambda: MomentumDescent(*_bench_data()), {"momentum": 0.5}),
    ("MomentumDescent (lr, 100 steps)", lambda: MomentumDescent(*_bench_data(), steps=100), {"lr": 0.1}),
]
