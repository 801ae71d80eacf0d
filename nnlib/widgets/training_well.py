"""The pictures and widgets of lesson 15, training well.

What this module is for
-----------------------
- :func:`replay_early_stopping` and :func:`stop_table`: the early-stopping rule (Keras's, and
  ``nnlib.EarlyStopping``'s) replayed over a recorded curve of validation losses, so a widget can
  show at once where training *would* stop for any ``min_delta`` and ``patience`` without
  training again. The tests check it against ``nnlib.EarlyStopping`` in real training.
- :class:`EarlyStoppingReplay`: sliders for ``min_delta`` and ``patience`` and a checkbox for
  ``restore_best_weights`` over one recorded run: where training stops, the epochs spent waiting,
  the level a new value had to beat, which weights are kept; beside it a map of the stopping
  epoch for every setting.
- :func:`train_capacity_grid` and :class:`CapacityExplorer`: small networks of every width and
  depth in a grid, trained once on 2-D toy problems; the widget switches between the finished runs
  (decision map, learning curves, validation accuracy of the whole grid), so its controls are
  instant.
- :func:`confusion_counts` and :class:`ThresholdExplorer`: a binary classifier's probabilities, a
  threshold slider, the decision region, the histograms of the probabilities per class, the
  confusion matrix and accuracy, precision and recall.
- :func:`learning_curves_figure`, :func:`stage_histograms_figure`: static pictures (training
  against validation loss for a few runs; histograms of a unit's values stage by stage).

What it is not
--------------
Not the ideas themselves: the lesson writes early stopping, dropout, batch normalisation and the
binary cross-entropy out in numpy and asserts they agree with ``nnlib``. This module only replays
and draws. Widgets follow the one pattern of :mod:`nnlib.widgets.live`.

Epochs are numbered from 1 here, as in the plots and in a training log ("epoch 12 of 60");
``nnlib.EarlyStopping``'s attributes ``best_epoch`` and ``stopped_epoch`` count from 0, as Keras's
do, so epoch ``k`` here is ``best_epoch == k - 1`` there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, cast

import contourpy
import ipywidgets as widgets
import numpy as np
from matplotlib.colors import ListedColormap, Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from nnlib.analysis.grid import PlaneGrid, plane_grid
from nnlib.analysis.training_well import (
    CapacityGrid,
    CapacityRun,
    StopPoint,
    capacity_model,
    confusion_counts,
    replay_early_stopping,
    stop_table,
    train_capacity_grid,
)
from nnlib.plots import CLASS_COLORS, CLASS_MARKERS
from nnlib.training import SGD
from nnlib.widgets.backdrop import axes_contents
from nnlib.widgets.canvas import new_figure
from nnlib.widgets.live import LiveWidget
from nnlib.widgets.style import CMAP_SEQUENTIAL, COLORS, SLIDER_STYLE, slider_layout

__all__ = [
    "BENCH_CASES",
    "CapacityExplorer",
    "EarlyStoppingReplay",
    "ThresholdExplorer",
    "learning_curves_figure",
    "stage_histograms_figure",
]

# the two classes of a binary problem: the colours and markers of nnlib.plots for 0 and 1
_C0, _C1 = CLASS_COLORS[0], CLASS_COLORS[1]
# light versions of the two class colours for regions of the plane (decision maps)
_REGION_CMAP = ListedColormap(["#BFD9EA", "#FFD9B3"])
# a diverging map for probabilities: purple (class 0) through white (0.5) to orange (class 1)
_PROB_CMAP = "PuOr_r"


def _few_ticks(ax: Any, n: int = 5) -> None:
    """At most about ``n`` ticks per axis: tick labels are most of a figure's drawing time."""
    ax.xaxis.set_major_locator(MaxNLocator(n, integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(n))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# ---------------------------------------------------------------------------------------------
# early stopping, replayed over a recorded curve
# ---------------------------------------------------------------------------------------------


class EarlyStoppingReplay(LiveWidget):
    """Early stopping's ``min_delta`` and ``patience`` as sliders over ONE recorded run.

    Left: the recorded validation loss by epoch. The epochs the rule never trains are greyed
    out ("not trained"); the orange band is the epochs spent waiting (``patience``) after the
    last improvement; the dotted line is the level a value had to get below to count as one
    (best − ``min_delta``); the star marks the best epoch and the ring the weights you end up
    with ("kept": the best epoch's with ``restore_best_weights``, otherwise the last epoch
    trained's). The title says where training stops and whose weights are kept.
    Right: the epoch training stops after, for every (``min_delta``, ``patience``) on the
    sliders' grid, with the current setting marked.

    Parameters
    ----------
    val_loss : sequence of float
        The recorded ``history.history["val_loss"]`` of a run trained without early stopping.
    min_delta, patience, restore_best_weights : the first setting shown.
    max_min_delta, min_delta_step, max_patience : the sliders' ranges.

    Controls: ``min_delta`` (slider), ``patience`` (slider), ``restore_best_weights`` (checkbox).
    Readouts: the rule in words, the epoch training stops after, the best epoch, the weights
    kept and their validation loss, the lowest validation loss among the epochs trained.
    """

    title = "Early stopping replayed over one recorded run"

    def __init__(
        self,
        val_loss: Sequence[float] | np.ndarray,
        *,
        min_delta: float = 0.0,
        patience: int = 2,
        restore_best_weights: bool = True,
        max_min_delta: float = 0.05,
        min_delta_step: float = 0.001,
        max_patience: int = 15,
    ) -> None:
        v = np.asarray(val_loss, dtype=np.float64)
        if v.ndim != 1 or len(v) < 2 or not np.all(np.isfinite(v)):
            raise ValueError("val_loss must be a 1-D sequence of at least 2 finite numbers, one per epoch")
        self.val_loss = v
        self.n = len(v)
        epochs = np.arange(1, self.n + 1)
        n_steps = int(round(max_min_delta / min_delta_step))
        self.min_deltas = np.round(np.arange(n_steps + 1) * min_delta_step, 10)
        self.patiences = np.arange(int(max_patience) + 1)
        self.trained_table, self.best_table = stop_table(v, self.min_deltas, self.patiences)

        fig, (ax, ax_map) = new_figure(1, 2, figsize=(8.8, 3.5), width_ratios=[1.55, 1.0])
        lo = float(v.min())
        span = float(np.median(v) - lo) or 0.1
        ax.set(
            xlim=(0.5, self.n + 0.5), ylim=(lo - 0.6 * span, lo + 5.0 * span), xlabel="epoch", ylabel="validation loss"
        )
        self.headline = ax.set_title(" ", fontsize=10)
        xaxis = ax.get_xaxis_transform()  # x in data units, y from 0 to 1 over the axes
        self.untrained = ax.add_patch(
            Rectangle(
                (self.n + 0.5, 0.0),
                0.0,
                1.0,
                transform=xaxis,
                facecolor="0.82",
                edgecolor="none",
                zorder=0,
                label="not trained",
            )
        )
        self.waiting = ax.add_patch(
            Rectangle(
                (0.5, 0.0),
                0.0,
                1.0,
                transform=xaxis,
                facecolor=COLORS[8],
                alpha=0.45,
                edgecolor="none",
                zorder=0,
                label="waiting",
            )
        )
        ax.plot(epochs, v, color=COLORS[0], marker=".", markersize=4, linewidth=1.4, zorder=2)
        (self.bar,) = ax.plot([], [], color="black", linestyle=":", linewidth=1.5, zorder=3, label="best − min_delta")
        (self.stop_line,) = ax.plot([], [], color=COLORS[3], linewidth=1.6, zorder=3)
        (self.best_marker,) = ax.plot(
            [],
            [],
            marker="*",
            markersize=13,
            color=COLORS[1],
            markeredgecolor="black",
            linestyle="none",
            zorder=5,
            label="best",
        )
        (self.kept_marker,) = ax.plot(
            [],
            [],
            marker="o",
            markersize=17,
            markerfacecolor="none",
            markeredgecolor=COLORS[5],
            markeredgewidth=2.2,
            linestyle="none",
            zorder=4,
            label="kept",
        )
        ax.legend(loc="upper right", fontsize=7.5, markerscale=0.6, framealpha=0.9)
        _few_ticks(ax, 4)

        step = float(self.min_deltas[1] - self.min_deltas[0]) if len(self.min_deltas) > 1 else 1.0
        image = ax_map.imshow(
            self.trained_table,
            origin="lower",
            aspect="auto",
            cmap=CMAP_SEQUENTIAL,
            interpolation="nearest",
            extent=(-step / 2, self.min_deltas[-1] + step / 2, -0.5, self.patiences[-1] + 0.5),
            norm=Normalize(int(self.trained_table.min()), int(self.trained_table.max())),
        )
        bar = fig.colorbar(image, ax=ax_map, label="training stops after epoch", fraction=0.08)
        bar.locator = MaxNLocator(4, integer=True)
        bar.update_ticks()
        (self.map_marker,) = ax_map.plot(
            [],
            [],
            marker="s",
            markersize=9,
            color="white",
            markeredgecolor="black",
            markeredgewidth=1.5,
            linestyle="none",
        )
        ax_map.set(xlabel="min_delta", ylabel="patience")
        ax_map.set_title("for every setting", fontsize=10)
        ax_map.grid(False)
        ax_map.xaxis.set_major_locator(MaxNLocator(3))
        ax_map.yaxis.set_major_locator(MaxNLocator(4, integer=True))
        self.ax = ax

        super().__init__(
            fig,
            {
                "min_delta": widgets.FloatSlider(
                    value=float(min_delta),
                    min=0.0,
                    max=float(self.min_deltas[-1]),
                    step=step,
                    readout_format=".3f",
                    description="min_delta",
                    style=SLIDER_STYLE,
                    layout=slider_layout("26em"),
                ),
                "patience": widgets.IntSlider(
                    value=int(patience),
                    min=0,
                    max=int(self.patiences[-1]),
                    description="patience",
                    style=SLIDER_STYLE,
                    layout=slider_layout("26em"),
                ),
                "restore_best_weights": widgets.Checkbox(
                    value=bool(restore_best_weights), description="restore_best_weights", style=SLIDER_STYLE
                ),
            },
        )
        self.bake(dynamic=[*axes_contents(ax), ax.get_legend(), self.headline, self.map_marker])

    def stop_point(self, min_delta: float, patience: int) -> StopPoint:
        """Where the rule stops the recorded run for these settings."""
        return replay_early_stopping(self.val_loss, min_delta, patience)

    def render(self, min_delta: float, patience: int, restore_best_weights: bool) -> dict[str, str]:
        # the slider's float may sit a hair off the grid: snap to it so the map and the curve agree
        min_delta = float(self.min_deltas[int(np.argmin(np.abs(self.min_deltas - min_delta)))])
        s = self.stop_point(min_delta, patience)
        v = self.val_loss
        stop, best = s.epochs_trained, s.best_epoch
        kept = best if restore_best_weights else stop
        self.untrained.set_x(stop + 0.5)
        self.untrained.set_width(self.n - stop)
        self.waiting.set_x(best + 0.5)
        self.waiting.set_width(stop - best)
        level = v[best - 1] - min_delta
        self.bar.set_data([best, stop + 0.5], [level, level])
        self.stop_line.set_data([stop + 0.5, stop + 0.5], [0.0, 1e6])
        self.best_marker.set_data([best], [v[best - 1]])
        self.kept_marker.set_data([kept], [v[kept - 1]])
        self.headline.set_text(
            (f"stops after epoch {stop} of {self.n}" if s.stopped else f"never stops: trains all {self.n} epochs")
            + f"; keeps epoch {kept}'s weights"
        )
        self.map_marker.set_data([min_delta], [patience])

        lowest = int(np.argmin(v[:stop])) + 1
        waits = max(int(patience), 1)
        return {
            "rule": (f"stop after {_plural(waits, 'epoch')} in a row without val_loss < best − {min_delta:.3f}"),
            "training stops after": (f"epoch {stop} of {self.n}" if s.stopped else f"never (all {self.n} epochs)"),
            "best epoch (last improvement)": f"{best} (val loss {v[best - 1]:.4f})",
            "weights kept": (
                f"epoch {kept} (restored)" if restore_best_weights else f"epoch {kept} (the last trained)"
            ),
            "val loss of the weights kept": f"{v[kept - 1]:.4f}",
            "lowest val loss trained": f"{v[lowest - 1]:.4f} at epoch {lowest}",
        }


# ---------------------------------------------------------------------------------------------
# capacity: a grid of small networks on 2-D toy problems
# ---------------------------------------------------------------------------------------------


def _contour_lines(plane: PlaneGrid, Z: np.ndarray, level: float) -> list[np.ndarray]:
    gen = contourpy.contour_generator(x=plane.xs, y=plane.ys, z=Z, line_type="Separate")
    # line_type="Separate": one (n_points, 2) array per line
    return list(cast("list[np.ndarray]", gen.lines(level)))


class CapacityExplorer(LiveWidget):
    """Wider or deeper, trained: switch between finished runs of a grid of network shapes.

    Left: the chosen network's probability of class 1 over the plane (orange = class 1, purple
    = class 0), its decision line (probability 0.5), and the training points. Middle: its
    learning curves (training loss solid, validation loss dashed) and the epoch of the lowest
    validation loss. Right: the validation accuracy of every width and depth, with the number of
    parameters in each cell and the chosen one outlined.

    Parameters
    ----------
    grid : CapacityGrid
        From :func:`train_capacity_grid`.
    dataset, width, depth : the run shown first.

    Controls: ``dataset`` (dropdown), ``width`` (units per hidden layer), ``depth`` (hidden layers).
    Readouts: the network, its parameters, final training and validation loss, the lowest
    validation loss and its epoch, validation accuracy, how many hidden units died (output 0 for
    every point), and the closest-sized network of another depth with its validation accuracy.
    """

    title = "Capacity: wider or deeper, trained"

    def __init__(
        self, grid: CapacityGrid, *, dataset: str | None = None, width: int | None = None, depth: int | None = None
    ) -> None:
        from matplotlib.collections import LineCollection

        self.grid = grid
        names = grid.datasets
        dataset = dataset or names[0]
        width = width if width is not None else grid.widths[len(grid.widths) // 2]
        depth = depth if depth is not None else grid.depths[0]

        fig, (ax_map, ax_curve, ax_grid) = new_figure(1, 3, figsize=(9.0, 3.5), width_ratios=[1.0, 1.05, 0.95])
        first = grid.runs[(dataset, width, depth)]
        plane = grid.planes[dataset]
        self.image = ax_map.imshow(
            first.surface,
            origin="lower",
            extent=plane.extent,
            cmap=_PROB_CMAP,
            norm=Normalize(-0.25, 1.25),
            alpha=0.75,
            interpolation="bilinear",
            aspect="auto",
            zorder=0,
        )
        self.boundary = LineCollection([], colors="black", linewidths=1.6, zorder=2)
        ax_map.add_collection(self.boundary)
        self.points = [
            ax_map.scatter(
                [], [], s=14, color=c, marker=m, edgecolors="black", linewidths=0.4, zorder=3, label=f"class {k}"
            )
            for k, (c, m) in enumerate(zip((_C0, _C1), CLASS_MARKERS[:2]))
        ]
        ax_map.set(xticks=[], yticks=[], xlabel="x1", ylabel="x2")
        ax_map.grid(False)
        self.ax_map = ax_map
        self.map_title = ax_map.set_title(" ", fontsize=10)

        epochs = np.arange(1, grid.epochs + 1)
        (self.train_line,) = ax_curve.plot(epochs, first.loss, color=COLORS[0], linewidth=1.5, label="training loss")
        (self.val_line,) = ax_curve.plot(
            epochs, first.val_loss, color=COLORS[5], linewidth=1.5, linestyle="--", label="validation loss"
        )
        (self.best_dot,) = ax_curve.plot(
            [],
            [],
            marker="o",
            color=COLORS[5],
            markersize=6,
            markeredgecolor="black",
            linestyle="none",
            label="lowest validation loss",
        )
        ax_curve.set(xlim=(0, grid.epochs), ylim=(0.0, 0.8), xlabel="epoch", ylabel="binary cross-entropy")
        ax_curve.set_title("learning curves", fontsize=10)
        ax_curve.legend(loc="upper right", fontsize=7.5)
        _few_ticks(ax_curve, 3)

        nw, nd = len(grid.widths), len(grid.depths)
        self.acc_image = ax_grid.imshow(
            np.zeros((nd, nw)),
            origin="lower",
            aspect="auto",
            cmap=CMAP_SEQUENTIAL,
            norm=Normalize(0.5, 1.0),
            interpolation="nearest",
        )
        self.cell_texts = [
            [ax_grid.text(i, j, "", ha="center", va="center", fontsize=7) for i in range(nw)] for j in range(nd)
        ]
        self.cell_box = ax_grid.add_patch(
            Rectangle((-0.5, -0.5), 1.0, 1.0, fill=False, edgecolor="white", linewidth=2.5, zorder=4)
        )
        ax_grid.set_xticks(range(nw), [str(w) for w in grid.widths])
        ax_grid.set_yticks(range(nd), [str(d) for d in grid.depths])
        ax_grid.set(xlabel="width (units per layer)", ylabel="depth (hidden layers)")
        ax_grid.set_title("validation accuracy\n(and parameters)", fontsize=9.5)
        ax_grid.grid(False)
        self.ax_grid = ax_grid
        self._shown_dataset: str | None = None

        super().__init__(
            fig,
            {
                "dataset": widgets.Dropdown(options=names, value=dataset, description="dataset", style=SLIDER_STYLE),
                "width": widgets.SelectionSlider(
                    options=list(grid.widths),
                    value=width,
                    description="width (units per layer)",
                    style=SLIDER_STYLE,
                    layout=slider_layout("26em"),
                ),
                "depth": widgets.SelectionSlider(
                    options=list(grid.depths),
                    value=depth,
                    description="depth (hidden layers)",
                    style=SLIDER_STYLE,
                    layout=slider_layout("26em"),
                ),
            },
        )
        # the accuracy grid's colours and numbers change with the dataset only: baked again then
        self.bake(
            dynamic=[
                *axes_contents(ax_map),
                self.map_title,
                self.train_line,
                self.val_line,
                self.best_dot,
                ax_curve.get_legend(),
                self.cell_box,
            ],
            key=dataset,
        )

    def _show_dataset(self, dataset: str) -> None:
        """Points, extent and the accuracy grid: only when the dataset changes."""
        X, y, _, _ = self.grid.data[dataset]
        for k, coll in enumerate(self.points):
            coll.set_offsets(X[y == k])
        plane = self.grid.planes[dataset]
        self.image.set_extent(plane.extent)
        self.ax_map.set_xlim(*plane.extent[:2])
        self.ax_map.set_ylim(*plane.extent[2:])
        acc = np.array(
            [[self.grid.runs[(dataset, w, d)].val_accuracy[-1] for w in self.grid.widths] for d in self.grid.depths]
        )
        self.acc_image.set_data(acc)
        for j, d in enumerate(self.grid.depths):
            for i, w in enumerate(self.grid.widths):
                run = self.grid.runs[(dataset, w, d)]
                text = self.cell_texts[j][i]
                text.set_text(f"{acc[j, i]:.2f}\n{run.n_params}p")
                text.set_color("black" if acc[j, i] > 0.8 else "white")
        self._shown_dataset = dataset
        self.rebake(key=dataset)

    def rival(self, dataset: str, width: int, depth: int) -> CapacityRun:
        """The run of another depth whose parameter count is closest to this one's."""
        me = self.grid.runs[(dataset, width, depth)]
        others = [self.grid.runs[(dataset, w, d)] for d in self.grid.depths if d != depth for w in self.grid.widths]
        return min(others, key=lambda r: (abs(np.log(r.n_params / me.n_params)), r.depth))

    def render(self, dataset: str, width: int, depth: int) -> dict[str, str]:
        if dataset != self._shown_dataset:
            self._show_dataset(dataset)
        run = self.grid.runs[(dataset, width, depth)]
        self.image.set_data(run.surface)
        self.boundary.set_segments(_contour_lines(self.grid.planes[dataset], run.surface, 0.5))
        self.train_line.set_ydata(run.loss)
        self.val_line.set_ydata(run.val_loss)
        k = int(np.argmin(run.val_loss))
        self.best_dot.set_data([k + 1], [min(run.val_loss[k], 0.79)])
        i, j = self.grid.widths.index(width), self.grid.depths.index(depth)
        self.cell_box.set_xy((i - 0.5, j - 0.5))
        self.map_title.set_text(f"{run.name}: probability of class 1")
        other = self.rival(dataset, width, depth)
        return {
            "network": f"{run.name} ({_plural(depth, 'hidden layer')} of {width})",
            "parameters": f"{run.n_params:,}",
            "training loss (last epoch)": f"{run.loss[-1]:.3f}",
            "validation loss (last epoch)": f"{run.val_loss[-1]:.3f}",
            "lowest validation loss": f"{run.val_loss[k]:.3f} at epoch {k + 1}",
            "validation accuracy": f"{run.val_accuracy[-1]:.3f}",
            "dead ReLU units": f"{sum(run.dead_units)} of {width * depth}",
            "closest size, other depth": (
                f"{other.name} ({other.n_params:,} parameters): {other.val_accuracy[-1]:.3f}"
            ),
        }


# ---------------------------------------------------------------------------------------------
# binary classification: the threshold
# ---------------------------------------------------------------------------------------------


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f} ({a}/{b})" if b else "undefined (0/0)"


class ThresholdExplorer(LiveWidget):
    """A binary classifier's threshold as a slider.

    Left: the plane coloured by the predicted class at this threshold (orange: class 1 where
    ``p >= threshold``), the line where ``p`` equals the threshold, and the points (misclassified
    ones ringed). Middle: histograms of the predicted probability for each true class, with the
    threshold. Right: the confusion matrix (rows: true class; columns: predicted class).

    Parameters
    ----------
    model : Sequential with one sigmoid output and 2 inputs (anything with ``predict``).
    X, y : the points to judge (e.g. the validation set) ``(n, 2)``, labels 0/1 ``(n,)``.
    threshold : the first threshold shown.
    resolution : grid points per axis of the decision map.

    Controls: ``threshold``. Readouts: the confusion counts, accuracy, precision, recall.
    """

    title = "The decision threshold of a binary classifier"

    def __init__(
        self, model: Any, X: np.ndarray, y: np.ndarray, *, threshold: float = 0.5, resolution: int = 121, bins: int = 20
    ) -> None:
        from matplotlib.collections import LineCollection

        X = np.asarray(X, dtype=np.float64)
        self.y = np.asarray(y).reshape(-1).astype(np.int64)
        self.p = np.asarray(model.predict(X), dtype=np.float64).reshape(-1)
        self.X = X
        pad = 0.08 * (X.max(axis=0) - X.min(axis=0))
        lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad
        self.plane = plane_grid((lo[0], hi[0]), (lo[1], hi[1]), resolution)
        self.surface = self.plane.as_image(model.predict(self.plane.points))

        fig, (ax_map, ax_hist, ax_cm) = new_figure(1, 3, figsize=(9.0, 3.4), width_ratios=[1.0, 1.1, 0.62])
        self.region = ax_map.imshow(
            self.surface >= threshold,
            origin="lower",
            extent=self.plane.extent,
            cmap=_REGION_CMAP,
            norm=Normalize(0, 1),
            interpolation="nearest",
            aspect="auto",
            zorder=0,
        )
        self.boundary = LineCollection([], colors="black", linewidths=1.6, zorder=2)
        ax_map.add_collection(self.boundary)
        for k in (0, 1):
            ax_map.scatter(
                *X[self.y == k].T,
                s=16,
                color=CLASS_COLORS[k],
                marker=CLASS_MARKERS[k],
                edgecolors="black",
                linewidths=0.4,
                zorder=3,
                label=f"class {k}",
            )
        self.wrong = ax_map.scatter(
            [], [], s=70, facecolors="none", edgecolors="black", linewidths=1.2, zorder=4, label="misclassified"
        )
        ax_map.set(
            xticks=[], yticks=[], xlabel="x1", ylabel="x2", xlim=self.plane.extent[:2], ylim=self.plane.extent[2:]
        )
        ax_map.grid(False)
        ax_map.legend(loc="lower left", fontsize=7, framealpha=0.9)
        ax_map.set_title("predicted class 1 where p ≥ threshold", fontsize=9.5)

        edges = np.linspace(0.0, 1.0, bins + 1)
        for k in (0, 1):
            ax_hist.hist(
                self.p[self.y == k],
                bins=edges,
                color=CLASS_COLORS[k],
                alpha=0.6 if k == 0 else 0.55,
                edgecolor=CLASS_COLORS[k],
                hatch=None if k == 0 else "//",
                label=f"true class {k}",
            )
        self.hist_line = ax_hist.axvline(threshold, color="black", linewidth=2.0, label="threshold")
        ax_hist.set(xlim=(0, 1), xlabel="predicted probability of class 1 (p)", ylabel="number of points")
        ax_hist.set_title("predicted probabilities", fontsize=9.5)
        ax_hist.legend(loc="upper center", fontsize=7.5)
        ax_hist.set_xticks([0.0, 0.25, 0.5, 0.75, 1.0])
        ax_hist.yaxis.set_major_locator(MaxNLocator(4, integer=True))

        self.cm_image = ax_cm.imshow(np.zeros((2, 2)), cmap="Greys", norm=Normalize(0, len(self.y) / 1.5), zorder=0)
        self.cm_texts = [
            [ax_cm.text(c, r, "", ha="center", va="center", fontsize=9) for c in range(2)] for r in range(2)
        ]
        ax_cm.set_xticks([0, 1], ["0", "1"])
        ax_cm.set_yticks([0, 1], ["0", "1"])
        ax_cm.set(xlabel="predicted class", ylabel="true class")
        ax_cm.set_title("confusion matrix", fontsize=9.5)
        ax_cm.grid(False)

        super().__init__(
            fig,
            {
                "threshold": widgets.FloatSlider(
                    value=float(threshold),
                    min=0.01,
                    max=0.99,
                    step=0.01,
                    readout_format=".2f",
                    description="threshold",
                    style=SLIDER_STYLE,
                    layout=slider_layout("26em"),
                ),
            },
        )
        self.bake(
            dynamic=[
                *axes_contents(ax_map),
                ax_map.get_legend(),
                self.hist_line,
                ax_hist.get_legend(),
                *axes_contents(ax_cm),
            ]
        )

    def scores(self, threshold: float) -> dict[str, float]:
        """Counts and rates at ``threshold``: tp, fp, fn, tn, accuracy, precision, recall."""
        tp, fp, fn, tn = confusion_counts(self.y, self.p, threshold)
        return {
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "tn": tn,
            "accuracy": (tp + tn) / len(self.y),
            "precision": tp / (tp + fp) if tp + fp else float("nan"),
            "recall": tp / (tp + fn) if tp + fn else float("nan"),
        }

    def render(self, threshold: float) -> dict[str, str]:
        self.region.set_data(self.surface >= threshold)
        self.boundary.set_segments(_contour_lines(self.plane, self.surface, threshold))
        self.hist_line.set_xdata([threshold, threshold])
        pred = (self.p >= threshold).astype(np.int64)
        self.wrong.set_offsets(self.X[pred != self.y].reshape(-1, 2))
        tp, fp, fn, tn = confusion_counts(self.y, self.p, threshold)
        cm = np.array([[tn, fp], [fn, tp]])
        self.cm_image.set_data(cm)
        names = [["TN", "FP"], ["FN", "TP"]]
        for r in range(2):
            for c in range(2):
                t = self.cm_texts[r][c]
                t.set_text(f"{names[r][c]}\n{cm[r, c]}")
                t.set_color("white" if cm[r, c] > len(self.y) / 3 else "black")
        n = len(self.y)
        return {
            "threshold": f"class 1 where p ≥ {threshold:.2f}",
            "TP / FP / FN / TN": f"{tp} / {fp} / {fn} / {tn}",
            "accuracy": _ratio(tp + tn, n),
            "precision = TP / (TP + FP)": _ratio(tp, tp + fp),
            "recall = TP / (TP + FN)": _ratio(tp, tp + fn),
        }


# ---------------------------------------------------------------------------------------------
# static pictures
# ---------------------------------------------------------------------------------------------


def learning_curves_figure(
    runs: Mapping[str, Any], *, ylim: tuple[float, float] | None = None, figsize: tuple[float, float] = (8.6, 3.2)
) -> Figure:
    """Training loss (solid) and validation loss (dashed) by epoch, one panel per run.

    Parameters
    ----------
    runs : title -> ``History`` (or its ``.history`` dict) with ``loss`` and ``val_loss``.
    ylim : shared y limits (default: from 0 to a little above the highest value).

    The lowest validation loss of each run is marked with a dot.
    """
    fig, axes = new_figure(1, len(runs), figsize=figsize, sharey=True)
    axes = np.atleast_1d(axes)
    top = 0.0
    for ax, (title, run) in zip(axes, runs.items()):
        h = getattr(run, "history", run)
        loss, val = np.asarray(h["loss"]), np.asarray(h["val_loss"])
        epochs = np.arange(1, len(loss) + 1)
        ax.plot(epochs, loss, color=COLORS[0], linewidth=1.6, label="training loss")
        ax.plot(epochs, val, color=COLORS[5], linewidth=1.6, linestyle="--", label="validation loss")
        k = int(np.argmin(val))
        ax.plot(
            [k + 1],
            [val[k]],
            marker="o",
            color=COLORS[5],
            markeredgecolor="black",
            linestyle="none",
            label=f"lowest validation loss (epoch {k + 1})",
        )
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("epoch")
        ax.legend(fontsize=7.5, loc="best")
        top = max(top, float(np.max(loss)), float(np.max(val)))
    axes[0].set_ylabel("loss (cross-entropy)")
    axes[0].set_ylim(*(ylim or (0.0, 1.05 * top)))
    return fig


def stage_histograms_figure(
    rows: Mapping[str, Mapping[str, np.ndarray]],
    *,
    highlight: Mapping[str, str] | None = None,
    bins: int = 30,
    figsize: tuple[float, float] = (8.8, 3.9),
) -> Figure:
    """Histograms of one unit's values at each stage of a layer, one row per arrangement.

    Parameters
    ----------
    rows : row title -> (stage name -> values of one unit over a batch); every row has the same
        number of stages.
    highlight : row title -> the stage drawn in the highlight colour (e.g. batchnorm's output).

    Each panel states the stage's mean and standard deviation.
    """
    n_cols = max(len(stages) for stages in rows.values())
    fig, axes = new_figure(len(rows), n_cols, figsize=figsize)
    axes = np.asarray(axes).reshape(len(rows), n_cols)
    for r, (row_title, stages) in enumerate(rows.items()):
        for c, (stage, values) in enumerate(stages.items()):
            ax = axes[r, c]
            values = np.asarray(values, dtype=np.float64).reshape(-1)
            lit = highlight is not None and highlight.get(row_title) == stage
            ax.hist(values, bins=bins, color=COLORS[1] if lit else COLORS[0], alpha=0.85)
            ax.set_title(stage, fontsize=9, fontweight="bold" if lit else "normal")
            ax.text(
                0.97,
                0.95,
                f"mean {values.mean():+.2f}\nstd {values.std():.2f}",
                transform=ax.transAxes,
                ha="right",
                va="top",
                fontsize=7.5,
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8},
            )
            ax.yaxis.set_major_locator(MaxNLocator(3))
            ax.xaxis.set_major_locator(MaxNLocator(4))
            ax.tick_params(labelsize=7.5)
        axes[r, 0].set_ylabel(row_title, fontsize=8.5)
    return fig


# ---------------------------------------------------------------------------------------------
# benchmarks (collected by benchmarks/widgets.py)
# ---------------------------------------------------------------------------------------------


def _bench_curve() -> np.ndarray:
    rng = np.random.default_rng(0)
    epochs = np.arange(60)
    return 0.45 + 1.5 * np.exp(-epochs / 3) + 0.003 * epochs + rng.normal(0, 0.01, 60)


@lru_cache(maxsize=1)
def _bench_grid() -> CapacityGrid:
    """A small grid, trained once per process (the widgets built from it never change it)."""
    from nnlib.toy import make_moons, make_spirals

    rng = np.random.default_rng(0)
    data = {}
    for name, (X, y) in {
        "moons": make_moons(120, noise=0.3, rng=rng),
        "spirals": make_spirals(120, noise=0.4, rng=rng),
    }.items():
        data[name] = (X[:60], y[:60], X[60:], y[60:])
    return train_capacity_grid(data, widths=(2, 8, 32), depths=(1, 2, 3), epochs=10)


def _bench_threshold() -> ThresholdExplorer:
    from nnlib.toy import make_moons

    rng = np.random.default_rng(0)
    X, y = make_moons(300, noise=0.3, rng=rng)
    model = capacity_model(8, 1, rng=rng)
    model.compile(loss="binary_crossentropy", optimizer=SGD(lr=0.1, momentum=0.9))
    model.fit(X, y, epochs=20, batch_size=32, rng=rng)
    return ThresholdExplorer(model, X, y)


BENCH_CASES = [
    ("EarlyStoppingReplay min_delta", lambda: EarlyStoppingReplay(_bench_curve()), {"min_delta": 0.02}),
    ("EarlyStoppingReplay patience", lambda: EarlyStoppingReplay(_bench_curve()), {"patience": 6}),
    ("EarlyStoppingReplay restore", lambda: EarlyStoppingReplay(_bench_curve()), {"restore_best_weights": False}),
    ("CapacityExplorer width", lambda: CapacityExplorer(_bench_grid()), {"width": 32}),
    ("CapacityExplorer depth", lambda: CapacityExplorer(_bench_grid()), {"depth": 3}),
    ("CapacityExplorer dataset", lambda: CapacityExplorer(_bench_grid()), {"dataset": "spirals"}),
    ("ThresholdExplorer", _bench_threshold, {"threshold": 0.3}),
]
