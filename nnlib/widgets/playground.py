"""Lesson 18's Playground: pick a data set and features, build a network, press play, watch it learn.

What this module is for
-----------------------
:class:`Playground`, one live figure (the one widget pattern of :mod:`nnlib.widgets.live`) in
the spirit of TensorFlow Playground:

- left, the network as it is laid out: the chosen features, every hidden neuron and the output,
  each drawn as a small map of its own output over the input plane, joined by the weights
  (orange positive, blue negative, thicker for larger);
- right, the output's decision surface with the training points (filled) and the test points
  (black rim), and below it the train and test loss by epoch;
- beside the figure the readouts: epoch, losses, accuracies, the network's shape.

Controls: the data set, its noise, the share held out for testing and a regenerate button; the
feature checkboxes; + and - buttons for hidden layers (0 to 6) and for the neurons of each
(1 to 8); the activation, learning rate, batch size, regularisation (none, L2, L1) and its
rate; play/pause, step, reset.

How it trains live: ``play`` starts an asyncio task on the kernel's own event loop. Each turn
trains ``epochs_per_frame`` epochs (1 by default: a circle takes a few seconds to learn, slow
enough to watch), shows the new state, then
awaits a short sleep: while it sleeps the kernel handles the messages from the browser
(a click on pause, a new learning rate), so the controls stay live and the kernel stays usable.
Each frame is rendered and sent to the browser at once (not on the browser's request, which
ipympl drops while an image is on its way). When a frame takes longer than a frame period (a
big network, a busy machine), the frames after it are skipped for as long as it took, while
training goes on:
frames are skipped, never queued, and the kernel keeps time for the browser's messages.

What it is not: the numbers. The data, features, model and training are
:mod:`nnlib.analysis.playground`; this module draws them and runs the loop.
"""

from __future__ import annotations

import asyncio
import time
from functools import partial
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.artist import Artist
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap

from nnlib._checks import rng as check_rng
from nnlib._checks import whole
from nnlib.analysis.playground import (
    ACTIVATIONS,
    DATASETS,
    MAX_LAYERS,
    MAX_NEURONS,
    PLANE,
    REGULARIZATIONS,
    History,
    PlaygroundRun,
    Settings,
    default_grid,
)
from nnlib.network import Sequential
from nnlib.plots import CLASS_MARKERS
from nnlib.widgets.canvas import figure_lock, new_figure, push_full_frame
from nnlib.widgets.live import LiveWidget, action_button
from nnlib.widgets.style import COLORS, DPI, SLIDER_STYLE

__all__ = ["BENCH_CASES", "FEATURE_CONTROLS", "LEARNING_RATES", "REG_RATES", "Playground"]

#: the learning rates and penalty rates offered (the Playground's menus)
LEARNING_RATES = (0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
REG_RATES = (0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
#: the checkbox control of each feature (a control's name is a Python keyword of ``update``)
FEATURE_CONTROLS = {
    "x1": "x1",
    "x2": "x2",
    "x1_squared": "x1²",
    "x2_squared": "x2²",
    "x1_x2": "x1·x2",
    "sin_x1": "sin(x1)",
    "sin_x2": "sin(x2)",
}
#: the shortest time between two frames while playing (at most 15 frames a second)
FRAME_PERIOD = 1 / 15

#: classes that tell the generic browser test (tests/browser) to keep off a control, or not to
#: expect the picture to change when it moves
BROWSER_SKIP, BROWSER_NO_REDRAW = "nnlib-browser-skip", "nnlib-no-redraw"

_BLUE, _ORANGE = COLORS[0], COLORS[1]
# class 0 blue, class 1 orange, white between: the colour-blind safe pair of tableau-colorblind10
_CMAP = LinearSegmentedColormap.from_list("playground", [_BLUE, "#FFFFFF", _ORANGE])
# the same colours as a table of 256 RGBA bytes, for values -1..1 (the node maps)
_LUT = np.rint(_CMAP(np.linspace(0.0, 1.0, 256)) * 255).astype(np.uint8)
_FIGSIZE = (9.6, 4.5)
# figure fractions: the network on the left, the surface top right, the loss curves below it
_NET_RECT = (0.005, 0.02, 0.575, 0.86)
_OUT_RECT = (0.66, 0.40, 0.26, 0.54)
_LOSS_RECT = (0.655, 0.08, 0.31, 0.2)
_MAP_RES = 18  # grid points per side of a neuron's map
_TILE_SCALE = 2  # pixels per grid point in a map
_TILE = _MAP_RES * _TILE_SCALE  # pixels per side of a map
_OUT_RES = 50  # grid points per side of the decision surface


class Playground(LiveWidget):
    """Train a small network on a 2-D data set and watch every neuron learn, live.

    Parameters
    ----------
    dataset : one of ``"circles"``, ``"xor"``, ``"blobs"``, ``"moons"``, ``"spirals"``.
    seed : int, optional
        Decides the data, the initial weights and the shuffling: the same seed and settings
        give the same run, epoch by epoch. Default: drawn from ``rng``.
    rng : numpy.random.Generator, optional
        Where the seed comes from when ``seed`` is not given (one of the two is required).
    features : the features checked at the start, names from ``nnlib.analysis.playground.FEATURES``.
    hidden : the neurons of each hidden layer, e.g. ``(4, 2)``; ``()`` for none.
    activation, lr, batch_size, noise, test_share, regularization, reg_rate : the controls'
        starting values (lr and reg_rate: one of :data:`LEARNING_RATES` and :data:`REG_RATES`).
    epochs : epochs trained before the widget is first shown.

    Attributes
    ----------
    model : nnlib.Sequential, the network as trained so far (use it in the next cell).
    history : the loss and accuracy of both sets at every epoch (``history.loss``...).
    seed : int.
    epoch : epochs trained since the last reset.
    playing : True while the live loop trains.
    frames : frames shown (renders) since the widget was built; ``skipped``: frames not shown
        because the browser had not drawn the previous one yet.
    """

    title = "Playground"

    def __init__(
        self,
        dataset: str = "circles",
        *,
        seed: int | None = None,
        rng: np.random.Generator | None = None,
        features: Sequence[str] = ("x1", "x2"),
        hidden: Sequence[int] = (4, 2),
        activation: str = "tanh",
        lr: float = 0.03,
        batch_size: int = 10,
        noise: float = 0.0,
        test_share: float = 0.5,
        regularization: str = "none",
        reg_rate: float = 0.0,
        epochs: int = 0,
    ) -> None:
        if seed is None:
            if rng is None:
                raise ValueError("give a seed or an rng: Playground(rng=rng) or Playground(seed=0)")
            seed = int(check_rng(rng).integers(0, 2**31))
        settings = Settings(
            dataset=dataset,
            noise=noise,
            test_share=test_share,
            features=tuple(features),
            hidden=tuple(hidden),
            activation=activation,
            lr=lr,
            batch_size=batch_size,
            regularization=regularization,
            reg_rate=reg_rate,
        ).checked()
        if lr not in LEARNING_RATES:
            raise ValueError(f"lr must be one of {LEARNING_RATES}, got {lr!r}")
        if reg_rate not in REG_RATES:
            raise ValueError(f"reg_rate must be one of {REG_RATES}, got {reg_rate!r}")
        self.seed = whole(seed, "seed", 0)
        self.regeneration = 0
        self.run = PlaygroundRun(settings, self.seed)
        self.hidden: tuple[int, ...] = settings.hidden
        self.playing = False
        self.frames = 0
        self.skipped = 0
        #: epochs trained between two frames while playing
        self.epochs_per_frame = 1
        self._task: asyncio.Task[None] | None = None
        self._live_frame = False  # the frame being drawn is one of the live loop's
        self._frame_done = 0.0  # when the last live frame was shown
        self._frame_cost = 0.0  # seconds that frame took, training chunk included
        self._layout_key: Any = None
        self._grid = default_grid(_MAP_RES)
        self._out_grid = default_grid(_OUT_RES)

        fig, _ = new_figure(figsize=_FIGSIZE, layout="none")
        fig.clf()
        self._build_axes(fig)
        controls = self._make_controls(settings)
        buttons = self._make_buttons()
        self._net_artists: list[Any] = []
        self._build_network()
        super().__init__(fig, controls, buttons=buttons)
        self._bake()
        if epochs:
            self.train(epochs)

    # -- the figure --------------------------------------------------------------------------------

    def _build_axes(self, fig: Any) -> None:
        net = fig.add_axes(_NET_RECT)
        net.set_axis_off()
        w_px, h_px = fig.bbox.width * _NET_RECT[2], fig.bbox.height * _NET_RECT[3]
        net.set_xlim(0, w_px)
        net.set_ylim(0, h_px)
        self.net_ax, self._net_size = net, (w_px, h_px)

        out = fig.add_axes(_OUT_RECT)
        extent = self._out_grid.extent
        self.surface = out.imshow(
            np.zeros(self._out_grid.shape),
            origin="lower",
            extent=extent,
            cmap=_CMAP,
            vmin=-1,
            vmax=1,
            interpolation="bilinear",
        )
        out.set_xlim(-PLANE, PLANE)
        out.set_ylim(-PLANE, PLANE)
        out.set_xticks([-3, 3])
        out.set_yticks([-3, 3])
        out.grid(False)
        out.set_title("output: class 1 (orange) or 0 (blue)", fontsize=9)
        out.set_xlabel("x1", labelpad=-10)
        out.set_ylabel("x2", labelpad=-12)
        self.out_ax = out
        # one scatter per class and set, so each class keeps its marker
        self.points = {
            (part, k): out.scatter(
                [],
                [],
                s=18 if part == "train" else 14,
                marker=CLASS_MARKERS[k],
                color=(_BLUE, _ORANGE)[k],
                edgecolors="white" if part == "train" else "black",
                linewidths=0.7 if part == "train" else 0.9,
                zorder=3,
            )
            for part in ("train", "test")
            for k in (0, 1)
        }

        loss = fig.add_axes(_LOSS_RECT)
        (self.train_line,) = loss.plot([], [], color=COLORS[3], lw=1.5, label="train")
        (self.test_line,) = loss.plot([], [], color=COLORS[1], lw=1.5, ls="--", label="test")
        loss.set_xlabel("epoch", labelpad=0)
        loss.set_ylabel("loss")
        loss.legend(loc="upper right", fontsize=8, frameon=False)
        self.loss_ax = loss
        self._loss_lims: tuple[float, float] = (0.0, 0.0)

    def _node_positions(self) -> list[list[tuple[float, float]]]:
        """The centre of every node (pixels in the network axes), column by column."""
        w_px, h_px = self._net_size
        sizes = [len(self.run.settings.features), *self.hidden, 1]
        margin = 40.0  # room for the feature names left of the first column
        pitch_x = (w_px - margin) / max(len(sizes), 4)
        left = margin + (w_px - margin - pitch_x * len(sizes)) / 2
        pitch_y = (h_px - 30) / 8
        columns = []
        for c, n in enumerate(sizes):
            top = (h_px - 30) / 2 + pitch_y * (n - 1) / 2
            columns.append([(left + pitch_x * (c + 0.5), top - pitch_y * i) for i in range(n)])
        return columns

    def _build_network(self) -> None:
        """(Re)create the node maps, connections and labels for the current features and layers.

        Every node's map is a tile of one picture covering the network panel (transparent
        between the tiles, so the connections beneath show): one image to draw instead of up
        to 56, each costing a few milliseconds of Agg's image pipeline per frame.
        """
        for artist in self._net_artists:
            artist.remove()
        ax = self.net_ax
        columns = self._node_positions()
        w_px, h_px = self._net_size
        half = _TILE / 2
        #: lower-left pixel (column, row) of every node's tile, column by column
        self._tiles: list[list[tuple[int, int]]] = [
            [(int(round(x - half)), int(round(y - half))) for x, y in column] for column in columns
        ]
        #: what each node's tile shows, in [-1, 1] per grid point, column by column (after a render)
        self.node_values: list[np.ndarray] = []
        self._net_rgba = np.zeros((int(np.ceil(h_px)), int(np.ceil(w_px)), 4), dtype=np.uint8)
        self.node_picture = _PixelPicture(ax, self._net_rgba)
        ax.add_artist(self.node_picture)
        artists: list[Any] = [self.node_picture]
        # connections: one segment per weight, from each node's right edge to the next's left
        segments = [
            [(x0 + half, y0), (x1 - half, y1)]
            for c in range(len(columns) - 1)
            for (x0, y0) in columns[c]
            for (x1, y1) in columns[c + 1]
        ]
        self.connections = LineCollection(segments, zorder=1, capstyle="round")
        ax.add_collection(self.connections)
        artists.append(self.connections)
        self._dynamic_net = list(artists)
        # labels (static: baked)
        names = list(self.run.settings.features)
        for (x, y), name in zip(columns[0], names):
            artists.append(ax.text(x - half - 4, y, name, ha="right", va="center", fontsize=8))
        headers = ["features", *(f"layer {i + 1}: {n}" for i, n in enumerate(self.hidden)), "output"]
        top = max(column[0][1] for column in columns) + half + 6  # above the tallest column
        for column, header in zip(columns, headers):
            artists.append(ax.text(column[0][0], top, header, ha="center", va="bottom", fontsize=8))
        self._net_artists = artists

    def _dynamic(self) -> list[Any]:
        return [
            *self._dynamic_net,
            self.surface,
            *self.points.values(),
            self.train_line,
            self.test_line,
        ]

    def _bake(self) -> None:
        self.bake(dynamic=self._dynamic(), key=self._static_key())

    def _static_key(self) -> Any:
        return (self.run.settings.features, self.hidden, self._loss_lims)

    # -- controls and buttons ------------------------------------------------------------------------

    def _make_controls(self, s: Settings) -> dict[str, Any]:
        def menu(description: str, options: Sequence[Any], value: Any, width: str = "auto") -> Any:
            return widgets.Dropdown(
                options=list(options),
                value=value,
                description=description,
                style=SLIDER_STYLE,
                layout=widgets.Layout(width=width),
            )

        controls: dict[str, Any] = {
            "dataset": menu("data", DATASETS, s.dataset),
            "noise": widgets.FloatSlider(
                value=s.noise, min=0.0, max=1.0, step=0.05, description="noise", style=SLIDER_STYLE
            ),
            "test_share": widgets.FloatSlider(
                value=s.test_share, min=0.1, max=0.9, step=0.05, description="test share", style=SLIDER_STYLE
            ),
        }
        for name, feature in FEATURE_CONTROLS.items():
            controls[name] = widgets.Checkbox(
                value=feature in s.features,
                description=feature,
                indent=False,
                layout=widgets.Layout(width="auto"),
            )
        controls["activation"] = menu("activation", ACTIVATIONS, s.activation)
        controls["lr"] = menu("learning rate", LEARNING_RATES, s.lr)
        controls["batch_size"] = widgets.IntSlider(
            value=s.batch_size, min=1, max=50, description="batch size", style=SLIDER_STYLE
        )
        controls["regularization"] = menu("regularisation", REGULARIZATIONS, s.regularization)
        controls["reg_rate"] = menu("rate", REG_RATES, s.reg_rate)
        return controls

    def _make_buttons(self) -> dict[str, Any]:
        buttons = {
            "play": action_button("play", self.toggle_play, icon="play", tooltip="train continuously / pause"),
            "step": action_button("step", self.step, icon="step-forward", tooltip="train one epoch"),
            "reset": action_button("reset", self.reset, icon="undo", tooltip="back to the untrained start"),
            "regenerate": action_button(
                "regenerate", self.regenerate, icon="refresh", tooltip="draw a new sample of the data"
            ),
            "add_layer": action_button("+ layer", self.add_layer, tooltip="add a hidden layer"),
            "remove_layer": action_button("- layer", self.remove_layer, tooltip="remove the last hidden layer"),
        }
        for i in range(MAX_LAYERS):
            buttons[f"add_neuron_{i}"] = action_button(
                "+", partial(self.add_neuron, i), tooltip=f"one more neuron in hidden layer {i + 1}"
            )
            buttons[f"remove_neuron_{i}"] = action_button(
                "-", partial(self.remove_neuron, i), tooltip=f"one neuron fewer in hidden layer {i + 1}"
            )
        return buttons

    def control_rows(self) -> list[Any]:
        c, b = self.controls, self.buttons
        self._layer_labels = [widgets.Label(layout=widgets.Layout(width="auto")) for _ in range(MAX_LAYERS)]
        self._layer_boxes = [
            widgets.HBox(
                [b[f"remove_neuron_{i}"], self._layer_labels[i], b[f"add_neuron_{i}"]],
                layout=widgets.Layout(border="1px solid #ccc", margin="0 4px 0 0", align_items="center"),
            )
            for i in range(MAX_LAYERS)
        ]
        # The browser test's generic pass clicks every button once, in page order. The boxes of
        # layers not there at the start are hidden (a click would wait for them forever), and
        # play would leave the network training under the rest of the test: its own test
        # (tests/browser/browser_actions.py) adds layers and plays, pauses and steps.
        for i in range(len(self.hidden), MAX_LAYERS):
            self._layer_boxes[i].add_class(BROWSER_SKIP)
        b["play"].add_class(BROWSER_SKIP)
        # these apply from the next step on: the picture changes only once training goes on
        for name in ("lr", "batch_size", "regularization", "reg_rate"):
            c[name].add_class(BROWSER_NO_REDRAW)
        self._layers_label = widgets.Label()
        self._sync_layer_controls()
        return [
            widgets.HBox([c["dataset"], c["noise"], c["test_share"], b["regenerate"]]),
            widgets.HBox([widgets.Label("features:"), *(c[name] for name in FEATURE_CONTROLS)]),
            widgets.HBox(
                [b["remove_layer"], self._layers_label, b["add_layer"], *self._layer_boxes],
                layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
            ),
            widgets.HBox([c["activation"], c["lr"], c["batch_size"], c["regularization"], c["reg_rate"]]),
            widgets.HBox([b["play"], b["step"], b["reset"]]),
        ]

    def _sync_layer_controls(self) -> None:
        """Show one +/- box per hidden layer, and disable the buttons at their limits."""
        if not hasattr(self, "_layer_boxes"):
            return
        n = len(self.hidden)
        self._layers_label.value = f"{n} hidden layer{'s' if n != 1 else ''}"
        self.buttons["add_layer"].disabled = n >= MAX_LAYERS
        self.buttons["remove_layer"].disabled = n == 0
        for i, box in enumerate(self._layer_boxes):
            box.layout.display = "flex" if i < n else "none"
            if i < n:
                self._layer_labels[i].value = f"layer {i + 1}: {self.hidden[i]} neurons"
                self.buttons[f"add_neuron_{i}"].disabled = self.hidden[i] >= MAX_NEURONS
                self.buttons[f"remove_neuron_{i}"].disabled = self.hidden[i] <= 1

    # -- the public actions ----------------------------------------------------------------------------

    @property
    def model(self) -> Sequential:
        """The network as trained so far (an ordinary ``nnlib.Sequential``)."""
        return self.run.model

    @property
    def history(self) -> History:
        """Loss and accuracy on the training and test sets at every epoch since the reset."""
        return self.run.history

    @property
    def epoch(self) -> int:
        return self.run.epoch

    @property
    def features(self) -> tuple[str, ...]:
        """The features the network sees now, in the order of its inputs."""
        return self.run.settings.features

    def predict(self, X: Any) -> np.ndarray:
        """The model's probability of class 1 at points ``X (n, 2)`` of the plane (features applied)."""
        return self.run.predict_points(X)

    def train(self, epochs: int = 1) -> None:
        """Train ``epochs`` epochs now (synchronously), then show the result."""
        self.run.train(epochs)
        if self.run.diverged:
            self.pause()
        self.update()

    def step(self) -> None:
        """One epoch (the step button)."""
        self.train(1)

    def reset(self) -> None:
        """Back to the untrained start of this seed and these settings (the reset button)."""
        self.run.reset()
        self.update()

    def regenerate(self) -> None:
        """A new sample of the data set, and a fresh start (the regenerate button)."""
        self.regeneration += 1
        self._new_run(self._settings())
        self.update()

    def set_architecture(self, hidden: Sequence[int]) -> None:
        """Hidden layers of these sizes (e.g. ``(4, 4)``, or ``()``), and a fresh start."""
        hidden = tuple(int(whole(h, "neurons", 1)) for h in hidden)
        if len(hidden) > MAX_LAYERS or any(h > MAX_NEURONS for h in hidden):
            raise ValueError(f"at most {MAX_LAYERS} hidden layers of at most {MAX_NEURONS} neurons, got {hidden}")
        self.hidden = hidden
        self._sync_layer_controls()
        self.update()

    def add_layer(self) -> None:
        """One more hidden layer (of 2 neurons) at the end, if there are fewer than 6."""
        if len(self.hidden) < MAX_LAYERS:
            self.set_architecture((*self.hidden, 2))

    def remove_layer(self) -> None:
        """Remove the last hidden layer, if there is one."""
        if self.hidden:
            self.set_architecture(self.hidden[:-1])

    def add_neuron(self, layer: int) -> None:
        """One more neuron in hidden layer ``layer`` (from 0), up to 8."""
        if 0 <= layer < len(self.hidden) and self.hidden[layer] < MAX_NEURONS:
            self.set_architecture(self.hidden[:layer] + (self.hidden[layer] + 1,) + self.hidden[layer + 1 :])

    def remove_neuron(self, layer: int) -> None:
        """One neuron fewer in hidden layer ``layer`` (from 0), down to 1."""
        if 0 <= layer < len(self.hidden) and self.hidden[layer] > 1:
            self.set_architecture(self.hidden[:layer] + (self.hidden[layer] - 1,) + self.hidden[layer + 1 :])

    # -- the live loop ---------------------------------------------------------------------------------

    def close(self) -> None:
        """Stop the live training, then close the figure and the controls."""
        self.playing = False
        super().close()

    def toggle_play(self) -> None:
        """Play if paused, pause if playing (the play/pause button)."""
        if self.playing:
            self.pause()
        else:
            self.play()

    def play(self) -> None:
        """Train continuously on the kernel's event loop, showing frames, until :meth:`pause`.

        Returns at once: the training runs as an asyncio task between the kernel's other work.
        """
        if self.playing or self.run.diverged:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            raise RuntimeError(
                "play() trains on the event loop of a Jupyter kernel, and none is running here "
                "(a plain Python script?): call train(epochs=...) instead"
            ) from None
        self.playing = True
        self._sync_play_button()
        self._task = loop.create_task(self._play_loop())

    def pause(self) -> None:
        """Stop the live training after the chunk it is in (the pause button)."""
        self.playing = False
        self._sync_play_button()
        self._show_status()

    async def _play_loop(self) -> None:
        try:
            while self.playing:
                started = time.perf_counter()
                self._train_chunk()
                if self.run.diverged:
                    self.pause()
                if self._frame_cost > FRAME_PERIOD and started - self._frame_done < self._frame_cost:
                    # drawing falls behind (the last frame took longer than a frame period, and
                    # longer than the time since): skip this frame rather than let frames pile
                    # up and take the kernel over; training goes on
                    self.skipped += 1
                else:
                    self._live_frame = True
                    try:
                        self.update()
                    finally:
                        self._live_frame = False
                    self._frame_done = time.perf_counter()
                    self._frame_cost = self._frame_done - started
                # let the kernel handle the browser's messages (pause, new settings) meanwhile
                await asyncio.sleep(max(0.005, FRAME_PERIOD - (time.perf_counter() - started)))
        except Exception as err:  # shown to the learner, not lost in the log console
            self.playing = False
            self._sync_play_button()
            self.report_error(err, "the training loop")

    def _train_chunk(self) -> None:
        """``epochs_per_frame`` epochs (fewer if a pause or a divergence comes in between)."""
        for _ in range(self.epochs_per_frame):
            # a button (a new layer, reset) acts from a widget thread under the figure's lock:
            # hold it too, so the model never changes in the middle of an epoch
            with figure_lock(self.fig):
                if not self.playing or self.run.diverged:
                    break
                self.run.train(1)

    def _draw(self) -> None:
        if self._live_frame and self._live_canvas:
            # while playing, the frame is rendered and sent now, whole: waiting for the browser
            # to ask for it (draw_idle) loses frames, as ipympl's browser side drops a request
            # that comes while it still waits for the last image
            push_full_frame(self.fig.canvas)
        else:
            super()._draw()

    def _sync_play_button(self) -> None:
        button = self.buttons["play"]
        button.description = "pause" if self.playing else "play"
        button.icon = "pause" if self.playing else "play"

    def _show_status(self) -> None:
        if self.readouts:
            self.set_readouts({**self.readouts, "status": self._status()})

    def _status(self) -> str:
        if self.run.diverged:
            return "diverged: press reset, lower the learning rate"
        return "training" if self.playing else "paused"

    # -- render ------------------------------------------------------------------------------------------

    def _settings(self) -> Settings:
        v = self.values
        return Settings(
            dataset=v["dataset"],
            noise=float(v["noise"]),
            test_share=float(v["test_share"]),
            features=tuple(feature for name, feature in FEATURE_CONTROLS.items() if v[name]),
            hidden=self.hidden,
            activation=v["activation"],
            lr=float(v["lr"]),
            batch_size=int(v["batch_size"]),
            regularization=v["regularization"],
            reg_rate=float(v["reg_rate"]),
        )

    def _new_run(self, settings: Settings) -> None:
        self.run = PlaygroundRun(settings, self.seed, self.regeneration)

    def render(self, **values: Any) -> dict[str, Any]:
        settings = self._settings()
        if not settings.features:
            raise ValueError("tick at least one feature (e.g. x1): the network needs an input")
        old = self.run.settings
        start_over = ("dataset", "noise", "test_share", "features", "hidden", "activation")
        if any(getattr(settings, name) != getattr(old, name) for name in start_over):
            self._new_run(settings)
        else:
            if settings.lr != old.lr:
                self.run.set_lr(settings.lr)
            if settings.batch_size != old.batch_size:
                self.run.set_batch_size(settings.batch_size)
            if (settings.regularization, settings.reg_rate) != (old.regularization, old.reg_rate):
                self.run.set_regularization(settings.regularization, settings.reg_rate)
        layout_key = (self.run.settings.features, self.hidden)
        if layout_key != self._layout_key:
            self._layout_key = layout_key
            self._build_network()
            if self.backdrop is not None:
                self._bake()
        if getattr(self, "_points_of", None) is not self.run:
            self._show_points()
        self._show_maps()
        self._show_curves()
        self.frames += 1
        return self._readouts()

    def _show_points(self) -> None:
        self._points_of = self.run
        r = self.run
        for (part, k), scatter in self.points.items():
            X, y = (r.X_train, r.y_train) if part == "train" else (r.X_test, r.y_test)
            scatter.set_offsets(np.clip(X[y == k], -PLANE, PLANE))

    def _show_maps(self) -> None:
        maps = self.run.neuron_maps(self._grid)
        values = []
        with np.errstate(invalid="ignore"):
            # features and hidden neurons: each map scaled by its own largest size, so its shape shows
            for layer in maps[:-1]:
                peak = np.max(np.abs(layer), axis=0)
                peak[~np.isfinite(peak) | (peak == 0)] = 1.0
                values.append(np.clip(np.nan_to_num(layer / peak, posinf=1.0, neginf=-1.0), -1.0, 1.0))
        # the output: its probability, 0 (blue) to 1 (orange)
        values.append(np.clip(np.nan_to_num(2 * maps[-1] - 1), -1.0, 1.0))
        self.node_values = values
        # colour every tile by table look-up, each grid point a square of _TILE_SCALE pixels
        rgba = self._net_rgba
        for tiles, layer in zip(self._tiles, values):
            codes = np.rint((layer + 1) * 127.5).astype(np.intp)  # (n_points, units) in 0..255
            colours = _LUT[codes]  # (n_points, units, 4)
            for j, (x0, y0) in enumerate(tiles):
                tile = colours[:, j].reshape(_MAP_RES, _MAP_RES, 4)
                tile = tile.repeat(_TILE_SCALE, axis=0).repeat(_TILE_SCALE, axis=1)
                rgba[y0 : y0 + _TILE, x0 : x0 + _TILE] = tile
        self.node_picture.stale = True
        out = self.run.neuron_maps(self._out_grid)[-1][:, 0]
        self.surface.set_data(self._out_grid.as_image(np.nan_to_num(2 * out - 1)))
        weights = np.concatenate([layer.W.ravel() for layer in self.model.dense_layers])
        weights = np.nan_to_num(weights)
        big = max(float(np.max(np.abs(weights))), 1e-12)
        self.connections.set_linewidth(0.3 + 3.2 * np.abs(weights) / big)
        colors = np.where(weights[:, None] >= 0, _rgba(_ORANGE), _rgba(_BLUE))
        self.connections.set_color(colors)  # type: ignore[arg-type]  # an (n, 4) RGBA array is accepted

    def _show_curves(self) -> None:
        h = self.history
        epochs = np.asarray(h.epoch, dtype=float)
        train, test = _finite(h.loss), _finite(h.test_loss)
        high_epoch = 50.0
        while high_epoch < epochs[-1]:
            high_epoch *= 2
        top = max(float(np.max(train)), float(np.max(test)), 1e-3)
        high_loss = 1.0
        while high_loss < top and high_loss < 1e6:
            high_loss *= 2
        lims = (high_epoch, high_loss)
        if lims != self._loss_lims:
            self._loss_lims = lims
            self.loss_ax.set_xlim(0, high_epoch)
            self.loss_ax.set_ylim(0, high_loss)
            if self.backdrop is not None:
                self.rebake(self._static_key())
        self.train_line.set_data(epochs, np.minimum(train, high_loss))
        self.test_line.set_data(epochs, np.minimum(test, high_loss))

    def _readouts(self) -> dict[str, Any]:
        h, s = self.history, self.run.settings
        sizes = [len(self.features), *self.hidden, 1]
        return {
            "epoch": f"{self.epoch}",
            "train loss": _fixed(h.loss[-1]),
            "test loss": _fixed(h.test_loss[-1]),
            "train accuracy": f"{100 * h.accuracy[-1]:.1f}%",
            "test accuracy": f"{100 * h.test_accuracy[-1]:.1f}%",
            "network": "-".join(map(str, sizes)) + f" ({self.model.count_params()} parameters)",
            "training": f"lr {s.lr:g}, batch {s.batch_size}, "
            + (
                f"no penalty (rate {s.reg_rate:g} unused)"
                if s.regularization == "none"
                else f"{s.regularization} {s.reg_rate:g}"
            ),
            "status": self._status(),
        }


class _PixelPicture(Artist):
    """An RGBA picture (rows bottom-up) whose pixels are the axes' data units, copied onto the
    canvas as it is: no resampling (``imshow`` resamples even at its own size, about 15 ms for
    the network panel). Scaled up by whole-pixel repetition when the figure is drawn at a
    higher dpi (ipympl on a high-resolution screen, a saved PNG)."""

    def __init__(self, ax: Any, rgba: np.ndarray) -> None:
        super().__init__()
        self.ax = ax
        self.rgba = rgba
        self.set_zorder(2)

    def get_array(self) -> np.ndarray:
        """The picture at the figure's own dpi (rows bottom-up)."""
        return self.rgba

    def draw(self, renderer: Any) -> None:
        if not self.get_visible():
            return
        scale = renderer.dpi / DPI
        picture = self.rgba
        if abs(scale - 1) > 1e-9:  # nearest pixel: rows and columns repeated
            rows = (np.arange(int(round(picture.shape[0] * scale))) / scale).astype(np.intp)
            cols = (np.arange(int(round(picture.shape[1] * scale))) / scale).astype(np.intp)
            picture = picture[rows[:, None], cols[None, :]]
        x0, y0 = self.ax.transData.transform((0.0, 0.0))
        gc = renderer.new_gc()
        renderer.draw_image(gc, int(round(x0)), int(round(y0)), picture)
        gc.restore()
        self.stale = False


def _rgba(color: str) -> np.ndarray:
    from matplotlib.colors import to_rgba

    return np.array(to_rgba(color, 0.8))


def _finite(values: list[float]) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    return np.where(np.isfinite(arr), arr, 1e6)


def _fixed(value: float) -> str:
    return f"{value:.3f}" if np.isfinite(value) else "diverged"


def _bench_playground() -> Playground:
    return Playground("circles", seed=0, hidden=(4, 4))


BENCH_CASES = [
    ("Playground activation", _bench_playground, {"activation": "relu"}),
    ("Playground dataset", _bench_playground, {"dataset": "spirals"}),
    ("Playground feature", _bench_playground, {"x1_squared": True}),
]
