"""The pictures and widgets of lesson 13, MNIST and its weight grids.

What this module is for
-----------------------
- The numbers behind these pictures (MNIST-style preprocessing, the confusion matrix, the
  preferred inputs, every layer's outputs) are computed in :mod:`nnlib.analysis.mnist` and
  :mod:`nnlib.analysis.dense`, which import no matplotlib.
- Static pictures: :func:`digit_gallery`, :func:`class_means_figure`,
  :func:`preprocessing_figure`, :func:`preferred_inputs_figure`.
- Widgets (the one pattern of :mod:`nnlib.widgets.live`):
  :class:`WeightGridsOverTraining` (the 16 first-layer weight grids at every saved epoch),
  :class:`DigitActivations` (a test digit through the trained network, every layer lit up),
  :class:`ConfusionExplorer` (the confusion matrix; choose or click a cell to see its digits),
  :class:`DrawDigit` (draw a digit with the mouse, watch the prediction as you draw) and
  :class:`PreferredInputs` (what the output and hidden units respond to most).

What it is not
--------------
Not the lesson's idea itself: the notebook writes the forward pass, the confusion matrix, the
preprocessing and the input gradient out in numpy and asserts they agree with this module and
with ``nnlib``. Nothing here trains a network.

Layouts are batch-first, as everywhere in nnlib: images ``(n_samples, 784)`` with pixels in
[0, 1], one image ``(28, 28)``, first-layer weights ``W (784, 16)``, points of a stroke
``(n_points, 2)`` as ``(x, y)`` = (column, row) in pixel coordinates (pixel centres at whole
numbers, as ``imshow`` draws them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import offset_copy

from nnlib.analysis.dense import layer_outputs
from nnlib.analysis.mnist import (
    CENTRE,
    FIELD,
    MnistSteps,
    as_image,
    centre_of_mass,
    confusion_matrix,
    mnist_style,
    mnist_style_steps,
    preferred_inputs,
    stroke_ink,
)
from nnlib.layers import Dense
from nnlib.network import Sequential
from nnlib.plots import network_diagram, weight_grids
from nnlib.widgets.canvas import new_figure
from nnlib.widgets.live import LiveWidget, action_button
from nnlib.widgets.style import CMAP_SEQUENTIAL, COLORS, SLIDER_STYLE

__all__ = [
    "BENCH_CASES",
    "DIGIT_CMAP",
    "EXAMPLES",
    "ConfusionExplorer",
    "DigitActivations",
    "DrawDigit",
    "PreferredInputs",
    "SHOW_OPTIONS",
    "WeightGridsOverTraining",
    "class_means_figure",
    "digit_gallery",
    "preferred_inputs_figure",
    "preprocessing_figure",
]

#: digits are drawn as ink on paper: 0 white, 1 black (greys are safe for every colour vision)
DIGIT_CMAP = "gray_r"


# ---------------------------------------------------------------------------------------------
# speed: every widget bakes its unchanging artists (LiveWidget.bake); these are drawn on top
# ---------------------------------------------------------------------------------------------


def _spines(axes: Sequence[Any]) -> list[Any]:
    """The frames of axes whose image changes: they must be drawn over the image, every frame."""
    return [spine for ax in axes for spine in ax.spines.values()]


def _as_images(images: Any) -> np.ndarray:
    """``(n, 784)`` or ``(n, 28, 28)`` -> ``(n, 28, 28)``."""
    arr = np.asarray(images)
    if arr.ndim == 2 and arr.shape[1] == FIELD * FIELD:
        return arr.reshape(-1, FIELD, FIELD)
    if arr.ndim == 3 and arr.shape[1:] == (FIELD, FIELD):
        return arr
    raise ValueError(f"images must be (n_samples, 784) or (n_samples, 28, 28), got {arr.shape}")


def _caption(ax: Any, fontsize: float) -> Any:
    """A title that changes: a plain text above the axes (``set_title`` re-measures the axes
    on every draw to place itself, which costs about a millisecond per title and frame)."""
    return ax.text(0.5, 1.02, " ", transform=ax.transAxes, ha="center", va="bottom", fontsize=fontsize)


def _image_axes(ax: Any) -> None:
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_edgecolor("0.75")


# ---------------------------------------------------------------------------------------------
# static pictures
# ---------------------------------------------------------------------------------------------


def digit_gallery(
    images: Any,
    labels: Any | None = None,
    *,
    predictions: Any | None = None,
    confidences: Any | None = None,
    captions: Sequence[str] | None = None,
    ncols: int = 10,
    title: str | None = None,
    width: float = 8.0,
) -> Figure:
    """A grid of digits, each with its label (and, for mistakes, what the network read).

    Parameters
    ----------
    images : (n, 784) or (n, 28, 28), pixels in [0, 1]
    labels : (n,) true digits, optional
    predictions : (n,) predicted digits, optional: captions become "7 → 2" for mistakes
    confidences : (n,) the probability of the prediction, optional (shown in %)
    captions : one caption per image, replacing the ones above
    ncols : images per row
    """
    imgs = _as_images(images)
    n = len(imgs)
    nrows = max(1, int(np.ceil(n / ncols)))
    cell = width / ncols
    height = cell * 1.2 * nrows + (0.35 if title else 0.0)
    fig, axes = new_figure(nrows, ncols, figsize=(width, height), squeeze=False)
    for i, ax in enumerate(axes.ravel()):
        _image_axes(ax)
        if i >= n:
            ax.set_visible(False)
            continue
        ax.imshow(imgs[i], cmap=DIGIT_CMAP, vmin=0.0, vmax=1.0, interpolation="nearest")
        if captions is not None:
            text, colour = captions[i], "black"
        elif labels is None:
            text, colour = "", "black"
        elif predictions is None:
            text, colour = str(int(labels[i])), "black"
        else:
            t, p = int(labels[i]), int(predictions[i])
            text = f"{t}" if t == p else f"{t} → {p}"
            colour = "black" if t == p else COLORS[5]
            if confidences is not None:
                text += f" ({100 * float(confidences[i]):.0f}%)"
        ax.set_title(text, fontsize=8, color=colour, pad=2)
    if title:
        fig.suptitle(title, fontsize=11)
    return fig


def class_means_figure(images: Any, labels: Any) -> Figure:
    """The average image of each digit 0-9, and how many training images each average has."""
    imgs = _as_images(images)
    labels = np.asarray(labels).astype(np.int64)
    fig, axes = new_figure(1, 10, figsize=(8.6, 1.45))
    for d, ax in enumerate(axes):
        _image_axes(ax)
        members = imgs[labels == d]
        ax.imshow(members.mean(axis=0), cmap=DIGIT_CMAP, vmin=0.0, vmax=1.0, interpolation="nearest")
        ax.set_title(f"{d}\n{len(members):,} images", fontsize=8, pad=2)
    return fig


def preprocessing_figure(drawing: np.ndarray, steps: MnistSteps | None = None) -> Figure:
    """The four stages of :func:`mnist_style_steps`: drawing and its ink box, the cut-out ink,
    the ink fitted to 20 x 20, and the result with its centre of mass at (14, 14)."""
    drawing = as_image(drawing, "drawing")
    steps = steps if steps is not None else mnist_style_steps(drawing)
    fig, axes = new_figure(1, 4, figsize=(8.6, 2.6))
    panels = [
        (drawing, "1. the drawing\nand its ink box"),
        (steps.cropped, f"2. the ink cut out\n{steps.cropped.shape[0]} × {steps.cropped.shape[1]} px"),
        (
            steps.scaled,
            f"3. resized × {steps.scale:.2f}\nto fit 20 × 20: {steps.scaled.shape[0]} × {steps.scaled.shape[1]}",
        ),
        (steps.image, "4. placed in 28 × 28,\ncentre of mass at (14, 14)"),
    ]
    for ax, (img, text) in zip(axes, panels):
        _image_axes(ax)
        if img.size:
            ax.imshow(img, cmap=DIGIT_CMAP, vmin=0.0, vmax=1.0, interpolation="nearest")
        ax.set_title(text, fontsize=9)
    if steps.box is not None:
        top, bottom, left, right = steps.box
        axes[0].add_patch(
            Rectangle(
                (left - 0.5, top - 0.5), right - left, bottom - top, fill=False, edgecolor=COLORS[1], linewidth=1.5
            )
        )
        r, c = centre_of_mass(drawing)
        axes[0].plot([c], [r], "+", color=COLORS[0], markersize=10, mew=2)
        r2, c2 = steps.centre_after
        row0, col0 = steps.offset
        axes[3].add_patch(
            Rectangle(
                (col0 - 0.5, row0 - 0.5),
                steps.scaled.shape[1],
                steps.scaled.shape[0],
                fill=False,
                edgecolor="0.55",
                linestyle="--",
                linewidth=1,
            )
        )
        axes[3].plot([c2], [r2], "+", color=COLORS[0], markersize=10, mew=2)
    return fig


def preferred_inputs_figure(
    X: np.ndarray, captions: Sequence[str], *, ncols: int = 8, title: str | None = None
) -> Figure:
    """Images found by :func:`preferred_inputs`, one per unit, each with a caption."""
    return digit_gallery(X, captions=list(captions), ncols=ncols, title=title, width=min(8.6, 1.1 * ncols))


# ---------------------------------------------------------------------------------------------
# widget: the first-layer weight grids over training
# ---------------------------------------------------------------------------------------------

_SHOW_WEIGHTS = "the weights W1, one colour scale for all epochs"
_SHOW_FITTED = "the weights W1, colour scale fitted to each epoch"
_SHOW_CHANGE = "the change since the start"
_SCALE_TICKS = (-1.0, -0.5, 0.0, 0.5, 1.0)
#: the options of WeightGridsOverTraining's "show" control
SHOW_OPTIONS = (_SHOW_WEIGHTS, _SHOW_FITTED, _SHOW_CHANGE)


def _correlation(a: np.ndarray, b: np.ndarray) -> float:
    a = a.ravel() - a.mean()
    b = b.ravel() - b.mean()
    denom = float(np.sqrt((a @ a) * (b @ b)))
    return float(a @ b) / denom if denom > 0 else 1.0


class WeightGridsOverTraining(LiveWidget):
    """The 16 first-layer units' weights as 28 x 28 grids, at each saved moment of training.

    Parameters
    ----------
    snapshots : sequence of (784, n_units) arrays
        ``W1`` at the start (index 0) and after each epoch (index k = after epoch k).
    accuracy : sequence of float, optional
        An accuracy after each epoch (``len(snapshots) - 1`` values), drawn beside the
        similarity curve and read out.
    accuracy_label : what that accuracy is ("validation accuracy", "training accuracy").
    epoch : the snapshot shown first (default the last).
    show : one of :data:`SHOW_OPTIONS`: the weights on one colour scale for all epochs (so
        growing weights look stronger), the weights on a scale fitted to the epoch shown (so
        the small random start is visible too), or the change since the start (``W1 - W1 at
        epoch 0``). Red is positive, blue negative, white 0.

    Controls: ``epoch`` (slider), ``show`` (dropdown).
    Readouts: the epoch, the accuracy after it, the largest weight, how much the
    grids still resemble their random start (correlation), and how many pixels' weights have
    never moved at all.
    """

    title = "The first layer's weights as 28 × 28 grids, epoch by epoch"

    def __init__(
        self,
        snapshots: Sequence[np.ndarray],
        accuracy: Sequence[float] | None = None,
        *,
        accuracy_label: str = "validation accuracy",
        epoch: int | None = None,
        show: str = _SHOW_WEIGHTS,
    ) -> None:
        snaps = [np.asarray(W, dtype=np.float64) for W in snapshots]
        if not snaps:
            raise ValueError("snapshots is empty: save W1 before training and after each epoch")
        shape = snaps[0].shape
        if shape[0] != FIELD * FIELD or any(W.shape != shape for W in snaps):
            raise ValueError(
                f"every snapshot must be W1 of shape (784, n_units); got {sorted({W.shape for W in snaps})}"
            )
        if accuracy is not None and len(accuracy) != len(snaps) - 1:
            raise ValueError(
                f"{len(snaps)} snapshots need {len(snaps) - 1} accuracies (one per epoch), got {len(accuracy)}"
            )
        self.snapshots = snaps
        self.accuracy = None if accuracy is None else [float(v) for v in accuracy]
        self.accuracy_label = accuracy_label
        self.n_units = shape[1]
        W0 = snaps[0]
        self.vmax = {
            _SHOW_WEIGHTS: max(float(np.max(np.abs(W))) for W in snaps) or 1.0,
            _SHOW_CHANGE: max(float(np.max(np.abs(W - W0))) for W in snaps) or 1.0,
        }
        self.similarity = [_correlation(W, W0) for W in snaps]
        self.unmoved = [int(np.sum(np.all(W == W0, axis=1))) for W in snaps]

        ncols = int(np.ceil(np.sqrt(self.n_units)))
        nrows = int(np.ceil(self.n_units / ncols))
        fig, axes = new_figure(nrows, ncols + 2, figsize=(8.6, 4.0), width_ratios=[0.85] * ncols + [0.1, 2.3])
        gs = axes[0, 0].get_gridspec()
        for ax in axes[:, ncols:].ravel():
            ax.remove()
        self.ax_curve = fig.add_subplot(gs[:, ncols + 1])
        # The images show weights divided by the colour scale, on a fixed norm of [-1, 1]; only
        # the colour bar's tick labels know the scale. (Changing the norm itself would make
        # matplotlib rebuild the colour bar, 10+ ms per move.)
        self.scale = self.vmax[_SHOW_WEIGHTS]
        self.grids = weight_grids(axes[:, :ncols], W0 / self.scale, vmax=1.0, colorbar=False, titles=False)
        # unit numbers beside the top-left corner, where titles would take room
        for j, ax in enumerate(self.grids.axes):
            ax.text(-0.03, 1.0, str(j), transform=ax.transAxes, ha="right", va="top", fontsize=7, color="0.3")
        self.colorbar = fig.colorbar(
            self.grids.images[0],
            ax=list(axes[:, :ncols].ravel()),
            shrink=0.8,
            location="left",
            pad=0.02,
            label="weight",
        )
        self.colorbar.set_ticks(list(_SCALE_TICKS))
        self.colorbar.formatter = FuncFormatter(lambda v, _pos: f"{v * self.scale + 0.0:.2f}")
        epochs = np.arange(len(snaps))
        self.ax_curve.plot(epochs, self.similarity, marker="o", markersize=3, label="similarity to the start")
        if self.accuracy is not None:
            self.ax_curve.plot(
                epochs[1:], self.accuracy, marker="s", markersize=3, linestyle="--", label=accuracy_label
            )
        self.cursor = self.ax_curve.axvline(0, color="0.3", linewidth=1)
        self.ax_curve.set(
            xlabel="epoch", ylim=(0.0, 1.02), xlim=(-0.3, len(snaps) - 0.7), title="how far have the weights moved?"
        )
        self.ax_curve.title.set_fontsize(10)
        self.ax_curve.xaxis.set_major_locator(MaxNLocator(integer=True))
        self.ax_curve.legend(loc="center right", fontsize=8)
        self.headline = fig.suptitle(" ", fontsize=10)
        last = len(snaps) - 1
        super().__init__(
            fig,
            {
                "epoch": widgets.IntSlider(
                    value=last if epoch is None else int(epoch),
                    min=0,
                    max=last,
                    step=1,
                    description="epoch",
                    style=SLIDER_STYLE,
                    layout=widgets.Layout(width="24em"),
                ),
                "show": widgets.Dropdown(
                    options=list(SHOW_OPTIONS),
                    value=show,
                    description="show",
                    style=SLIDER_STYLE,
                    layout=widgets.Layout(width="30em"),
                ),
            },
        )
        self._scale_texts()
        self.bake([*self.grids.images, self.cursor, self.headline, *self.tick_texts, self.scale_label])

    def _scale_texts(self) -> None:
        """Swap the colour bar's tick labels and label for plain texts (after the layout).

        They change with the colour scale; as texts over a baked colour bar they cost a
        fraction of redrawing the colour bar's axis on every frame.
        """
        cax = self.colorbar.ax
        ticks = cax.get_yticklabels()
        size = ticks[0].get_fontsize() if ticks else 10
        left = offset_copy(cax.transAxes, fig=self.fig, x=-6, units="points")
        self.tick_texts = [
            cax.text(
                0.0,
                (v + 1.0) / 2.0,
                self.colorbar.formatter(v, 0),
                transform=left,
                ha="right",
                va="center",
                fontsize=size,
            )
            for v in _SCALE_TICKS
        ]
        label = cax.yaxis.label
        x_label = label.get_window_extent().x0 if label.get_text() else 0.0
        self.colorbar.set_ticks(list(_SCALE_TICKS), labels=[""] * len(_SCALE_TICKS))
        self.colorbar.set_label("")
        x, _ = self.fig.transFigure.inverted().transform((x_label, 0.0))
        self.scale_label = self.fig.text(
            max(x, 0.0),
            0.5 * (cax.get_position().y0 + cax.get_position().y1),
            "weight",
            rotation=90,
            ha="left",
            va="center",
            fontsize=label.get_fontsize(),
        )

    def render(self, epoch: int, show: str) -> dict[str, str]:
        W = self.snapshots[epoch]
        shown = W - self.snapshots[0] if show == _SHOW_CHANGE else W
        m = (float(np.max(np.abs(W))) or 1.0) if show == _SHOW_FITTED else self.vmax[show]
        self.scale = m
        self.grids.update(shown / m)
        if hasattr(self, "tick_texts"):  # from the second render on (see _scale_texts)
            for text, v in zip(self.tick_texts, _SCALE_TICKS):
                text.set_text(f"{v * m + 0.0:.2f}")
            self.scale_label.set_text("change since epoch 0" if show == _SHOW_CHANGE else "weight")
        else:
            self.colorbar.set_label("change since epoch 0" if show == _SHOW_CHANGE else "weight")
        self.cursor.set_xdata([epoch, epoch])
        when = "at the start (random)" if epoch == 0 else f"after epoch {epoch}"
        self.headline.set_text(f"{show.split(',')[0]}, {when}")
        acc = "— (not trained yet)" if epoch == 0 or self.accuracy is None else f"{self.accuracy[epoch - 1]:.4f}"
        return {
            "epoch": f"{epoch} of {len(self.snapshots) - 1}",
            self.accuracy_label: acc,
            "largest |weight|": f"{float(np.max(np.abs(W))):.3f}",
            "colour scale": f"±{m:.3f}",
            "similarity to the start": f"{self.similarity[epoch]:.3f} (correlation)",
            "pixels whose weights never moved": f"{self.unmoved[epoch]} of {W.shape[0]}",
        }


# ---------------------------------------------------------------------------------------------
# widget: one test digit through the network
# ---------------------------------------------------------------------------------------------


def _probability_bars(ax: Any) -> Any:
    """Ten horizontal bars, digit 0 at the top (the order of the diagram's output units)."""
    bars = ax.barh(np.arange(10), np.zeros(10), color=COLORS[0], height=0.7)
    ax.set_yticks(np.arange(10))
    ax.set_ylim(9.6, -0.6)
    ax.set_xlim(0.0, 1.0)
    ax.set_xticks([0.0, 0.5, 1.0])
    ax.set_xlabel("probability")
    ax.grid(axis="y", visible=False)
    return bars


def _colour_bars(bars: Any, probs: np.ndarray, predicted: int | None) -> None:
    for k, (rect, p) in enumerate(zip(bars, probs)):
        rect.set_width(float(p))
        rect.set_color(COLORS[1] if k == predicted else COLORS[0])


class DigitActivations(LiveWidget):
    """A test digit through the trained network: every layer's activations, and the output.

    Parameters
    ----------
    model : a trained Sequential with 784 inputs and 10 softmax outputs
    images : (n_samples, 784) test images, pixels in [0, 1]
    labels : (n_samples,) their digits
    index : the digit shown first

    Controls: ``index`` (a slider, with a linked number box); the "next mistake" button jumps to
    the next digit the network gets wrong. Readouts: label, prediction, confidence, the
    probability given to the true digit, how many hidden units are more than half on, and which
    mistake this is.
    """

    title = "A test digit through the trained network"

    def __init__(self, model: Sequential, images: np.ndarray, labels: np.ndarray, *, index: int = 0) -> None:
        images = np.asarray(images)
        labels = np.asarray(labels).astype(np.int64)
        if images.ndim != 2 or images.shape[1] != model.n_inputs:
            raise ValueError(f"images must be (n_samples, {model.n_inputs}), got {images.shape}")
        if len(images) != len(labels):
            raise ValueError(f"{len(images)} images but {len(labels)} labels")
        self.model = model
        self.images = images
        self.labels = labels
        # every activation of every image, once: moving the slider is then only indexing
        self.outputs = layer_outputs(model, images)
        self.predictions = self.outputs[-1].argmax(axis=1)
        self.mistakes = np.flatnonzero(self.predictions != labels)
        self.sizes = model.layer_sizes

        fig, (ax, ax_p) = new_figure(1, 2, figsize=(8.8, 3.7), width_ratios=[2.5, 1])
        names = ["input: 784 pixels"]
        names += [f"hidden {k}: {n} units" for k, n in enumerate(self.sizes[1:-1], start=1)]
        names += [f"output: {self.sizes[-1]}"]
        self.diagram = network_diagram(
            ax, self.sizes, layer_names=names, output_labels=[str(d) for d in range(self.sizes[-1])]
        )
        bar = fig.colorbar(self.diagram.units, ax=ax, shrink=0.6, pad=0.01, aspect=25)
        bar.set_label("activation", fontsize=9)
        bar.set_ticks([0.0, 0.5, 1.0])
        self.bars = _probability_bars(ax_p)
        ax_p.set_ylabel("digit")
        (self.label_marker,) = ax_p.plot(
            [1.06], [0], marker="<", color="black", markersize=7, linestyle="none", clip_on=False
        )
        ax_p.set_title("output probabilities\n(◀ = the true digit)", fontsize=9)
        self.headline = fig.suptitle(" ", fontsize=11)

        slider = widgets.IntSlider(
            value=int(index),
            min=0,
            max=len(images) - 1,
            step=1,
            description="test digit #",
            style=SLIDER_STYLE,
            layout=widgets.Layout(width="30em"),
        )
        self.index_box = widgets.BoundedIntText(
            value=int(index),
            min=0,
            max=len(images) - 1,
            description="or type #",
            style=SLIDER_STYLE,
            layout=widgets.Layout(width="11em"),
        )
        self._link = widgets.link((slider, "value"), (self.index_box, "value"))
        self.next_button = action_button(
            "next mistake", self.next_mistake, width=None, tooltip="jump to the next test digit the network gets wrong"
        )
        super().__init__(fig, {"index": slider}, buttons={"next mistake": self.next_button})
        self.bake(
            [self.diagram.units, self.diagram.image, *self.bars, *_spines([ax_p]), self.label_marker, self.headline]
        )

    def control_rows(self) -> list[Any]:
        # the slider, the number box linked to it and the button, in one row
        return [widgets.HBox([self.controls["index"], self.index_box, self.next_button])]

    def next_mistake(self) -> int:
        """Show the next misread test digit after the current one (wrapping round); return it."""
        if not len(self.mistakes):
            return int(self.controls["index"].value)
        current = int(self.controls["index"].value)
        later = self.mistakes[self.mistakes > current]
        target = int(later[0] if len(later) else self.mistakes[0])
        self.update(index=target)
        return target

    def render(self, index: int) -> dict[str, str]:
        acts = [self.images[index]] + [A[index] for A in self.outputs]
        self.diagram.update(acts)
        probs = acts[-1]
        predicted = int(self.predictions[index])
        label = int(self.labels[index])
        _colour_bars(self.bars, probs, predicted)
        self.label_marker.set_ydata([label])
        verdict = "right" if predicted == label else "wrong"
        self.headline.set_text(f"test digit #{index}: a {label}; the network reads {predicted} ({verdict})")
        where = np.flatnonzero(self.mistakes == index)
        readouts = {
            "test digit #": str(index),
            "label": str(label),
            "prediction": f"{predicted} ({verdict})",
            "confidence": f"{100 * probs[predicted]:.1f}%",
            "p(true digit)": f"{100 * probs[label]:.1f}%",
        }
        for k, (h, n) in enumerate(zip(acts[1:-1], self.sizes[1:-1]), start=1):
            readouts[f"hidden {k}: units > 0.5"] = f"{int(np.sum(h > 0.5))} of {n}"
        readouts["mistake"] = (
            f"#{int(where[0]) + 1} of {len(self.mistakes)}" if len(where) else f"no ({len(self.mistakes)} in all)"
        )
        return readouts


# ---------------------------------------------------------------------------------------------
# widget: the confusion matrix, and the digits in one of its cells
# ---------------------------------------------------------------------------------------------


class ConfusionExplorer(LiveWidget):
    """The confusion matrix of a test set; choose (or click) a cell to see its digits.

    Parameters
    ----------
    images : (n_samples, 784) pixels in [0, 1]
    labels : (n_samples,) true digits
    probabilities : (n_samples, 10) the network's outputs
    true, predicted : the cell shown first
    n_show : digits shown per cell, the most confident predictions first

    Controls: ``true`` and ``predicted`` (dropdowns); clicking a cell of the matrix sets both.
    Readouts: the cell, its count, its share of that digit, what is shown.
    """

    title = "Confusion matrix of the test set (rows: true digit, columns: prediction)"

    def __init__(
        self,
        images: np.ndarray,
        labels: np.ndarray,
        probabilities: np.ndarray,
        *,
        true: int = 4,
        predicted: int = 9,
        n_show: int = 12,
    ) -> None:
        self.images = _as_images(images)
        self.labels = np.asarray(labels).astype(np.int64)
        self.probabilities = np.asarray(probabilities, dtype=np.float64)
        if self.probabilities.shape != (len(self.labels), 10):
            raise ValueError(
                f"probabilities must be (n_samples, 10) for {len(self.labels)} labels, got {self.probabilities.shape}"
            )
        self.predictions = self.probabilities.argmax(axis=1)
        self.confidence = self.probabilities.max(axis=1)
        self.C = confusion_matrix(self.labels, self.predictions)
        self.n_show = int(n_show)

        ncols_gallery = 4
        nrows_gallery = int(np.ceil(self.n_show / ncols_gallery))
        fig, axes = new_figure(
            nrows_gallery, 3 + ncols_gallery, figsize=(8.8, 4.0), width_ratios=[1.25] * 3 + [1] * ncols_gallery
        )
        gs = axes[0, 0].get_gridspec()
        for ax in axes[:, :3].ravel():
            ax.remove()
        ax_m = self.ax_matrix = fig.add_subplot(gs[:, :3])
        counts = np.where(self.C > 0, self.C, np.nan)
        self.matrix_image = ax_m.imshow(
            counts, cmap=CMAP_SEQUENTIAL, norm=LogNorm(1, max(int(self.C.max()), 2)), interpolation="nearest"
        )
        ax_m.set_facecolor("white")
        ax_m.grid(False)
        ax_m.set_xticks(range(10))
        ax_m.set_yticks(range(10))
        ax_m.tick_params(labelsize=8, length=0)
        ax_m.set_xlabel("predicted digit", fontsize=9)
        ax_m.set_ylabel("true digit", fontsize=9)
        bright = np.log(max(int(self.C.max()), 2)) * 0.6
        for (i, j), c in np.ndenumerate(self.C):
            if c:
                ax_m.text(
                    j,
                    i,
                    str(c),
                    ha="center",
                    va="center",
                    fontsize=6.5 if c < 1000 else 5.5,
                    color="black" if np.log(c) > bright else "white",
                )
        self.selection = Rectangle((-0.5, -0.5), 1, 1, fill=False, edgecolor=COLORS[1], linewidth=2.5)
        ax_m.add_patch(self.selection)
        ax_m.set_title("click a cell", fontsize=9)
        self.gallery_axes = list(axes[:, 3:].ravel())
        self.gallery_images = []
        self.gallery_titles = []
        for ax in self.gallery_axes:
            _image_axes(ax)
            self.gallery_images.append(
                ax.imshow(np.zeros((FIELD, FIELD)), cmap=DIGIT_CMAP, vmin=0.0, vmax=1.0, interpolation="nearest")
            )
            self.gallery_titles.append(_caption(ax, 7))
        self.headline = fig.suptitle(" ", fontsize=10)
        fig.canvas.mpl_connect("button_press_event", self.guarded(self._on_click, "a click on the gallery"))
        digits = [(str(d), d) for d in range(10)]
        super().__init__(
            fig,
            {
                "true": widgets.Dropdown(
                    options=digits,
                    value=int(true),
                    description="true digit",
                    style=SLIDER_STYLE,
                    layout=widgets.Layout(width="12em"),
                ),
                "predicted": widgets.Dropdown(
                    options=digits,
                    value=int(predicted),
                    description="predicted as",
                    style=SLIDER_STYLE,
                    layout=widgets.Layout(width="12em"),
                ),
            },
        )
        self.bake(
            [self.selection, *self.gallery_images, *self.gallery_titles, *_spines(self.gallery_axes), self.headline]
        )

    def control_rows(self) -> list[Any]:
        return [widgets.HBox(list(self.controls.values()))]  # the two menus side by side

    def _on_click(self, event: Any) -> None:
        if event.inaxes is not self.ax_matrix or event.xdata is None:
            return
        self.click(event.ydata, event.xdata)

    def click(self, row: float, col: float) -> None:
        """What a click on the matrix at (row, col) in data coordinates does."""
        i, j = int(round(row)), int(round(col))
        if 0 <= i < 10 and 0 <= j < 10:
            self.update(true=i, predicted=j)

    def cell_indices(self, true: int, predicted: int) -> np.ndarray:
        """Indices of the samples in one cell, the most confident prediction first."""
        idx = np.flatnonzero((self.labels == true) & (self.predictions == predicted))
        return idx[np.argsort(-self.confidence[idx], kind="stable")]

    def render(self, true: int, predicted: int) -> dict[str, str]:
        idx = self.cell_indices(true, predicted)
        self.selection.set_xy((predicted - 0.5, true - 0.5))
        for k, (img, title) in enumerate(zip(self.gallery_images, self.gallery_titles)):
            if k < len(idx):
                i = idx[k]
                img.set_data(self.images[i])
                title.set_text(f"#{i} ({100 * self.confidence[i]:.0f}%)")
            else:
                img.set_data(np.zeros((FIELD, FIELD)))
                title.set_text(" ")
        n_true = int(np.sum(self.labels == true))
        kind = "right" if true == predicted else "mistakes"
        self.headline.set_text(
            f"true {true}, read as {predicted}: {len(idx)} test digits ({kind}); the most confident first"
        )
        return {
            "cell": f"true {true}, predicted {predicted}",
            "test digits in it": str(len(idx)),
            f"share of the {true}s": f"{100 * len(idx) / max(n_true, 1):.1f}% of {n_true}",
            "shown": f"{min(len(idx), self.n_show)} of {len(idx)}",
            "all mistakes": f"{int(self.C.sum() - np.trace(self.C))} of {int(self.C.sum())}",
        }


# ---------------------------------------------------------------------------------------------
# widget: draw a digit
# ---------------------------------------------------------------------------------------------


def _ellipse(cx: float, cy: float, rx: float, ry: float, n: int = 24) -> np.ndarray:
    t = np.linspace(0.0, 2.0 * np.pi, n + 1)
    return np.column_stack([cx + rx * np.sin(t), cy - ry * np.cos(t)])


#: built-in drawings (lists of strokes, points as (x, y) on the 28 x 28 pad), each drawn the way
#: MNIST digits are not: small, large or off-centre, so the preprocessing has work to do
EXAMPLES: dict[str, list[np.ndarray]] = {
    "a small 7 in a corner": [np.array([[3.0, 3.0], [12.0, 3.0], [10.0, 7.0], [7.0, 14.0]])],
    "a 3 at the right": [
        np.array(
            [
                [13.0, 5.0],
                [17.0, 3.5],
                [21.0, 5.0],
                [21.5, 8.0],
                [17.5, 11.5],
                [22.0, 14.0],
                [22.5, 18.5],
                [19.0, 21.5],
                [14.0, 20.5],
            ]
        )
    ],
    "a wide 0": [_ellipse(14.0, 14.0, 10.5, 8.5)],
    "a 4 at the bottom": [np.array([[13.0, 10.0], [6.0, 20.0], [17.0, 20.0]]), np.array([[14.5, 13.0], [14.5, 26.0]])],
    "a 2": [np.array([[8.0, 9.0], [11.0, 5.5], [16.0, 5.0], [19.0, 8.5], [17.5, 13.0], [8.0, 22.0], [20.0, 22.0]])],
}


class DrawDigit(LiveWidget):
    """Draw a digit with the mouse and watch the network's guess change as you draw.

    Left: the 28 x 28 drawing pad (press, drag, release; each stroke is painted with a soft
    round brush). Middle: what the network gets, the drawing prepared the MNIST way (fitted
    into the dashed 20 x 20 box, centre of mass, +, at (14, 14)), or the raw pad when the
    checkbox is off. Right: the 10 output probabilities.

    Parameters
    ----------
    model : a trained Sequential with 784 inputs and 10 softmax outputs
    example : name of an :data:`EXAMPLES` drawing to start with ("" or None: an empty pad)
    brush : brush diameter in pixels
    centre : prepare the drawing the MNIST way (True) or feed the raw pad (False)

    Controls: ``brush`` (slider: repaints every stroke), ``centre`` (checkbox); buttons
    "example" (the next built-in drawing) and "clear". Headless drawing:
    :meth:`draw_stroke`, or :meth:`press` / :meth:`move` / :meth:`release` (what the mouse
    handlers call). Readouts: prediction, confidence, runner-up, what the preprocessing did.
    """

    title = "Draw a digit: the network reads it as you draw"

    def __init__(
        self,
        model: Sequential,
        *,
        example: str | None = "a small 7 in a corner",
        brush: float = 2.5,
        centre: bool = True,
    ) -> None:
        if model.n_inputs != FIELD * FIELD or model.layer_sizes[-1] != 10:
            raise ValueError(f"the model must map 784 pixels to 10 digits, it has layer sizes {model.layer_sizes}")
        self.model = model
        self.strokes: list[np.ndarray] = []
        self.pad = np.zeros((FIELD, FIELD))
        self._pad_brush = float(brush)
        self._stroke: list[tuple[float, float]] | None = None
        self._example_names = list(EXAMPLES)
        self._example = -1
        self.steps = mnist_style_steps(self.pad)
        self.probabilities = np.zeros(10)
        if example:
            self._set_strokes(EXAMPLES[example], brush)
            self._example = self._example_names.index(example)

        fig, (ax_pad, ax_in, ax_p) = new_figure(1, 3, figsize=(8.8, 3.5), width_ratios=[1.3, 1, 0.85])
        self.ax_pad = ax_pad
        self.pad_image = ax_pad.imshow(self.pad, cmap=DIGIT_CMAP, vmin=0.0, vmax=1.0, interpolation="nearest")
        _image_axes(ax_pad)
        for spine in ax_pad.spines.values():
            spine.set_edgecolor("0.3")
        ax_pad.set_title("draw here: press, drag, release\n(28 × 28 pad)", fontsize=9)
        self.ink_rect = Rectangle((0, 0), 0, 0, fill=False, edgecolor=COLORS[1], linewidth=1.2, linestyle=":")
        ax_pad.add_patch(self.ink_rect)
        self.input_image = ax_in.imshow(self.pad, cmap=DIGIT_CMAP, vmin=0.0, vmax=1.0, interpolation="nearest")
        _image_axes(ax_in)
        self.box_rect = Rectangle((0, 0), 0, 0, fill=False, edgecolor="0.55", linestyle="--", linewidth=1)
        ax_in.add_patch(self.box_rect)
        (self.com_marker,) = ax_in.plot([CENTRE], [CENTRE], "+", color=COLORS[0], markersize=11, mew=2)
        self.input_title = _caption(ax_in, 9)
        self.bars = _probability_bars(ax_p)
        ax_p.set_ylabel("digit")
        ax_p.set_title("the network's\nprobabilities", fontsize=9)
        self.headline = fig.suptitle(" ", fontsize=11)
        fig.canvas.mpl_connect("button_press_event", self.guarded(self._on_press, "drawing on the pad"))
        fig.canvas.mpl_connect("motion_notify_event", self.guarded(self._on_move, "drawing on the pad"))
        fig.canvas.mpl_connect("button_release_event", self.guarded(self._on_release, "drawing on the pad"))

        self.clear_button = action_button("clear", self.clear, width=None, tooltip="wipe the pad")
        self.example_button = action_button(
            "example", self.next_example, width=None, tooltip="draw the next built-in example"
        )
        super().__init__(
            fig,
            {
                "brush": widgets.FloatSlider(
                    value=float(brush),
                    min=1.5,
                    max=4.5,
                    step=0.25,
                    description="brush width (px)",
                    style=SLIDER_STYLE,
                    layout=widgets.Layout(width="24em"),
                ),
                "centre": widgets.Checkbox(
                    value=bool(centre),
                    description="prepare like MNIST",
                    indent=False,
                    layout=widgets.Layout(width="13em"),
                ),
            },
            buttons={"example": self.example_button, "clear": self.clear_button},
        )
        self.bake(
            [
                self.pad_image,
                self.ink_rect,
                self.input_image,
                self.box_rect,
                self.com_marker,
                self.input_title,
                *self.bars,
                *_spines([ax_pad, ax_in, ax_p]),
                self.headline,
            ]
        )

    def control_rows(self) -> list[Any]:
        # brush, checkbox and buttons in one row
        return [widgets.HBox([*self.controls.values(), *self.buttons.values()])]

    # -- the drawing -------------------------------------------------------------------------

    def _set_strokes(self, strokes: Sequence[np.ndarray], brush: float) -> None:
        self.strokes = [np.asarray(s, dtype=np.float64).reshape(-1, 2) for s in strokes]
        self._repaint(brush)

    def _repaint(self, brush: float) -> None:
        pad = np.zeros((FIELD, FIELD))
        if self.strokes:
            pad = np.max([stroke_ink(s, brush) for s in self.strokes], axis=0)
        self.pad = pad
        self._pad_brush = float(brush)

    def _brush(self) -> float:
        control = getattr(self, "controls", {}).get("brush")
        return float(control.value) if control is not None else self._pad_brush

    def draw_stroke(self, points: Any) -> None:
        """Draw one stroke through ``points`` ((x, y) pad pixels), as a mouse drag would."""
        pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
        if len(pts) == 0:
            return
        self.press(*pts[0])
        for x, y in pts[1:]:
            self.move(x, y)
        self.release()

    def press(self, x: float, y: float) -> None:
        """Start a stroke at pad position (x, y)."""
        self._stroke = [(float(x), float(y))]
        self.strokes.append(np.array(self._stroke))
        self.pad = np.maximum(self.pad, stroke_ink(self.strokes[-1], self._pad_brush))
        self.update()

    def move(self, x: float, y: float) -> None:
        """Continue the current stroke to (x, y); paints only the new segment."""
        if self._stroke is None:
            return
        self._stroke.append((float(x), float(y)))
        self.strokes[-1] = np.array(self._stroke)
        self.pad = np.maximum(self.pad, stroke_ink(self._stroke[-2:], self._pad_brush))
        self.update()

    def release(self) -> None:
        """End the current stroke."""
        self._stroke = None

    def clear(self) -> None:
        """Wipe the pad."""
        self.strokes = []
        self._stroke = None
        self.pad = np.zeros((FIELD, FIELD))
        self.update()

    def next_example(self) -> str:
        """Replace the drawing by the next built-in example; return its name."""
        self._example = (self._example + 1) % len(self._example_names)
        name = self._example_names[self._example]
        self._stroke = None
        self._set_strokes(EXAMPLES[name], self._brush())
        self.update()
        return name

    # mouse handlers (ipympl sends the browser's mouse events to the kernel)
    def _on_press(self, event: Any) -> None:
        if event.inaxes is self.ax_pad and event.xdata is not None and event.button in (1, None):
            self.press(event.xdata, event.ydata)

    def _on_move(self, event: Any) -> None:
        if self._stroke is None:
            return
        if event.inaxes is not self.ax_pad or event.xdata is None:
            self.release()  # left the pad: the stroke ends there
            return
        self.move(event.xdata, event.ydata)

    def _on_release(self, event: Any) -> None:
        self.release()

    # -- what the network sees ---------------------------------------------------------------

    def network_input(self, centre: bool = True) -> np.ndarray:
        """The (28, 28) image the network gets: prepared like MNIST, or the raw pad."""
        return mnist_style(self.pad) if centre else self.pad.copy()

    def predict(self, image: np.ndarray) -> np.ndarray:
        """The 10 probabilities for one (28, 28) image."""
        A = image.reshape(1, -1).astype(self.model.dtype)
        for layer in self.model.layers:
            A = layer.predict(A)
        return A[0].astype(np.float64)

    def render(self, brush: float, centre: bool) -> dict[str, str]:
        if brush != self._pad_brush:
            self._repaint(brush)
        self.steps = mnist_style_steps(self.pad)
        x = self.steps.image if centre else self.pad
        self.pad_image.set_data(self.pad)
        self.input_image.set_data(x)
        empty = self.steps.box is None
        self.box_rect.set_visible(centre and not empty)
        if empty:
            self.ink_rect.set_visible(False)
            self.com_marker.set_visible(False)
            self.probabilities = np.zeros(10)
            _colour_bars(self.bars, self.probabilities, None)
            self.input_title.set_text("what the network gets\n(nothing yet)")
            self.headline.set_text("an empty pad: draw a digit with the mouse")
            return {
                "prediction": "— (draw a digit)",
                "confidence": "—",
                "runner-up": "—",
                "ink (sum of pixels)": "0.0",
                "ink box": "—",
                "preparation": "—",
            }
        assert self.steps.box is not None  # an empty pad has returned above
        top, bottom, left, right = self.steps.box
        self.ink_rect.set_bounds(left - 0.5, top - 0.5, right - left, bottom - top)
        self.ink_rect.set_visible(True)
        r, c = centre_of_mass(x)
        self.com_marker.set_data([c], [r])
        self.com_marker.set_visible(True)
        probs = self.probabilities = self.predict(x)
        order = np.argsort(-probs, kind="stable")
        best, second = int(order[0]), int(order[1])
        _colour_bars(self.bars, probs, best)
        self.input_title.set_text(
            "what the network gets:\n"
            + ("ink fitted to 20 px (dashed), centred by mass (+)" if centre else "the raw pad")
        )
        self.headline.set_text(f"the network reads a {best} ({100 * probs[best]:.0f}% sure)")
        row0, col0 = self.steps.offset
        self.box_rect.set_bounds(col0 - 0.5, row0 - 0.5, self.steps.scaled.shape[1], self.steps.scaled.shape[0])
        prep = f"resized × {self.steps.scale:.2f}, placed at row {row0}, column {col0}" if centre else "none (raw pad)"
        return {
            "prediction": str(best),
            "confidence": f"{100 * probs[best]:.1f}%",
            "runner-up": f"{second} ({100 * probs[second]:.1f}%)",
            "ink (sum of pixels)": f"{self.pad.sum():.1f}",
            "ink box": f"{bottom - top} × {right - left} px",
            "preparation": prep,
            "centre of mass": f"row {r:.1f}, column {c:.1f}",
        }


# ---------------------------------------------------------------------------------------------
# widget: what the units want to see
# ---------------------------------------------------------------------------------------------

_OUTPUT = "output: the 10 digits"


def _framed(image: np.ndarray, grey: float = 0.2) -> np.ndarray:
    """A (784,) image as (30, 30) with a one-pixel light grey border: a frame that costs nothing
    to draw (four spines per image, for twenty images, would)."""
    out = np.full((FIELD + 2, FIELD + 2), grey)
    out[1:-1, 1:-1] = np.reshape(image, (FIELD, FIELD))
    return out


class PreferredInputs(LiveWidget):
    """The input image each unit responds to most, found by gradient ascent on the input.

    Parameters
    ----------
    model : a trained Sequential (784-16-16-10 in the lesson)
    l2_values : the L2 penalties to offer (each is computed once, in the constructor)
    steps, lr : of :func:`preferred_inputs`
    class_means : (10, 784) the average training image of each digit, optional: shown under
        the output units' images, and compared with them (correlation)

    Controls: ``units`` (which layer), ``l2`` (the penalty). Readouts: the mean weighted input
    reached, the mean pixel value, what the network reads in the images, and (for the outputs)
    how sure it is and how much the images resemble the average digits.
    """

    title = "What the network wants to see: the input that excites each unit most"

    def __init__(
        self,
        model: Sequential,
        *,
        l2_values: Sequence[float] = (0.0, 0.1, 0.3, 1.0),
        steps: int = 400,
        lr: float = 0.2,
        class_means: np.ndarray | None = None,
        units: str = _OUTPUT,
        l2: float | None = None,
    ) -> None:
        self.model = model
        n_layers = len(model.layers)
        self.layer_names = {_OUTPUT: n_layers - 1}
        for k in range(n_layers - 2, -1, -1):
            self.layer_names[f"hidden layer {k + 1}: {model.layers[k].n_out} units"] = k
        self.class_means = None if class_means is None else np.asarray(class_means, dtype=np.float64).reshape(10, -1)
        self.results: dict[tuple[str, float], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        for name, k in self.layer_names.items():
            for value in l2_values:
                X, z = preferred_inputs(model, k, l2=float(value), steps=steps, lr=lr)
                probs = layer_outputs(model, X)[-1].astype(np.float64)
                self.results[(name, float(value))] = (X.astype(np.float64), z, probs)
        n_units = [model.layers[k].n_out for k in self.layer_names.values()]
        n_max = max(n for n in n_units if n is not None)  # every layer of a built model has its n_out
        if self.class_means is not None:
            n_max = max(n_max, 20)  # the outputs' images, and the average digits under them
        ncols = 10
        nrows = int(np.ceil(n_max / ncols))
        fig, axes = new_figure(nrows, ncols, figsize=(8.8, 1.35 * nrows + 0.45), squeeze=False)
        self.axes = list(axes.ravel())
        self.images = []
        self.captions = []
        for ax in self.axes:
            ax.set_axis_off()  # the frame is part of the image (see _framed): 20 images draw fast
            self.images.append(
                ax.imshow(
                    _framed(np.zeros(FIELD * FIELD)), cmap=DIGIT_CMAP, vmin=0.0, vmax=1.0, interpolation="nearest"
                )
            )
            self.captions.append(_caption(ax, 7.5))
        self.headline = fig.suptitle(" ", fontsize=10)
        options = [float(v) for v in l2_values]
        super().__init__(
            fig,
            {
                "units": widgets.Dropdown(
                    options=list(self.layer_names),
                    value=units,
                    description="units",
                    style=SLIDER_STYLE,
                    layout=widgets.Layout(width="22em"),
                ),
                "l2": widgets.SelectionSlider(
                    options=options,
                    value=options[0] if l2 is None else float(l2),
                    description="L2 penalty",
                    style=SLIDER_STYLE,
                    layout=widgets.Layout(width="22em"),
                ),
            },
        )

    def render(self, units: str, l2: float) -> dict[str, str]:
        X, z, probs = self.results[(units, float(l2))]
        is_output = self.layer_names[units] == len(self.model.layers) - 1
        reads = probs.argmax(axis=1)
        means = self.class_means if is_output else None
        for j, (ax, img, cap) in enumerate(zip(self.axes, self.images, self.captions)):
            if j < len(X):
                ax.set_visible(True)
                img.set_data(_framed(X[j]))
                if is_output:
                    cap.set_text(f"for {j}: p = {probs[j, j]:.2f}")
                else:
                    cap.set_text(f"unit {j} → {reads[j]}")
            elif means is not None and j - len(X) < len(means):
                ax.set_visible(True)
                img.set_data(_framed(means[j - len(X)]))
                cap.set_text(f"average {j - len(X)}")
            else:
                ax.set_visible(False)
        self.headline.set_text(f"{units}: the input that excites each unit most (L2 penalty {l2:g})")
        readouts = {
            "mean weighted input z": f"{float(np.mean(z)):.2f}",
            "mean pixel value": f"{float(np.mean(X)):.3f}",
        }
        if is_output:
            n = len(X)
            readouts["read as the digit it was made for"] = f"{int(np.sum(reads == np.arange(n)))} of {n}"
            p_own = probs[np.arange(n), np.arange(n)]
            readouts["mean probability of that digit"] = f"{float(np.mean(p_own)):.3f}"
            if self.class_means is not None:
                corr = [_correlation(X[j], self.class_means[j]) for j in range(n)]
                readouts["similarity to the average digit"] = f"{float(np.mean(corr)):.2f}"
        else:
            readouts["digits the network reads in them"] = " ".join(str(int(d)) for d in reads)
        return readouts


# ---------------------------------------------------------------------------------------------
# benchmarks (collected by benchmarks/widgets.py): synthetic data, no download needed
# ---------------------------------------------------------------------------------------------


def _bench_model(seed: int = 0) -> Sequential:
    return Sequential(
        [Dense(16, "sigmoid", input_shape=[784]), Dense(16, "sigmoid"), Dense(10, "softmax")],
        rng=np.random.default_rng(seed),
    )


def _bench_digits(n: int = 500) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    images = rng.random((n, 784)) * (rng.random((n, 784)) < 0.2)
    return images, rng.integers(0, 10, n)


def _bench_weight_grids() -> WeightGridsOverTraining:
    rng = np.random.default_rng(0)
    W0 = rng.normal(0.0, 0.036, (784, 16))
    snaps = [W0 + 0.01 * k * rng.normal(size=(784, 16)) for k in range(11)]
    return WeightGridsOverTraining(snaps, list(np.linspace(0.9, 0.95, 10)), epoch=10)


def _bench_activations() -> DigitActivations:
    images, labels = _bench_digits()
    return DigitActivations(_bench_model(), images, labels)


def _bench_confusion() -> ConfusionExplorer:
    images, labels = _bench_digits(2000)
    probs = layer_outputs(_bench_model(), images)[-1]
    return ConfusionExplorer(images, labels, probs)


def _bench_preferred() -> PreferredInputs:
    return PreferredInputs(_bench_model(), l2_values=(0.0, 0.1), steps=20)


BENCH_CASES = [
    ("WeightGridsOverTraining", _bench_weight_grids, {"epoch": 3}),
    ("WeightGridsOverTraining change", _bench_weight_grids, {"show": _SHOW_CHANGE}),
    ("WeightGridsOverTraining fitted scale", _bench_weight_grids, {"show": _SHOW_FITTED}),
    ("DigitActivations", _bench_activations, {"index": 7}),
    ("ConfusionExplorer", _bench_confusion, {"true": 3}),
    ("DrawDigit brush (repaints every stroke)", lambda: DrawDigit(_bench_model()), {"brush": 3.5}),
    ("DrawDigit raw pad", lambda: DrawDigit(_bench_model()), {"centre": False}),
    ("PreferredInputs", _bench_preferred, {"units": "hidden layer 2: 16 units"}),
    ("PreferredInputs l2", _bench_preferred, {"l2": 0.1}),
]
