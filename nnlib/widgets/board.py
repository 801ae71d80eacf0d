"""Live training curves: the board a lesson shows in one cell and feeds from the next."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import numpy as np

from nnlib.training import Callback
from nnlib.widgets.canvas import figure_lock, new_figure, push_full_frame
from nnlib.widgets.live import LiveWidget
from nnlib.widgets.style import COLORS

__all__ = ["TrainingBoard"]


class TrainingBoard(LiveWidget, Callback):
    """Live loss and accuracy curves: show the board in one cell, run the loop in the next.

    >>> board = TrainingBoard(epochs=20)      # cell 1 ends with:  board
    >>> for epoch in range(1, 21):            # cell 2
    ...     board.log(epoch, loss=..., accuracy=..., val_loss=..., val_accuracy=...)
    >>> board.finish()                        # prints the final numbers

    With ``accuracy=True`` (default) metrics whose name contains "acc" go to the right-hand
    axes and the others to the left; ``accuracy=False`` draws one loss axes. ``xlabel`` names
    the x axis, the progress bar and the readout ("epoch", or "step" for a plain loop);
    ``val_<name>`` is drawn dashed in the colour of ``<name>``. ``finish()`` prints the final
    values and replaces the picture stored in cell 1's output by the final curves, so the saved
    notebook and the static site show the finished board. The board's text copy is the same
    before and after training, so nbval's comparison of cell 1 stays stable.

    It can also be handed to a training loop as a callback: ``on_epoch_end(epoch, logs)`` logs
    ``logs`` at ``epoch + 1`` (0-based epochs, as in Keras).
    """

    title = "Training board"
    freeze_layout = False  # the loss axis rescales as training goes: keep laying it out
    #: at most this many full frames per second are pushed to the browser during a loop
    max_fps = 5.0

    def __init__(
        self,
        epochs: int | None = None,
        *,
        accuracy: bool = True,
        xlabel: str = "epoch",
        title: str | None = None,
        figsize: tuple[float, float] | None = None,
    ) -> None:
        import ipywidgets as widgets

        if epochs is not None and (isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 1):
            raise ValueError(
                f"epochs must be a whole number of at least 1 (or None when the "
                f"number is not known), got {epochs!r}; e.g. TrainingBoard(epochs=10)"
            )
        #: why training stopped early (a run that diverged), or "" while all is well
        self.diverged = ""
        if accuracy:
            fig, (self.ax_loss, self.ax_acc) = new_figure(1, 2, figsize=figsize or (7.0, 3.0))
            self.ax_acc.set(title="accuracy", xlabel=xlabel, ylim=(0.0, 1.0))
        else:
            fig, self.ax_loss = new_figure(figsize=figsize or (5.0, 3.0))
            self.ax_acc = None
        self.ax_loss.set(title="loss", xlabel=xlabel)
        self.epochs = epochs
        self.xlabel = xlabel
        if epochs:
            for ax in self._axes():
                ax.set_xlim(0, epochs)
        self.history: dict[str, list[float]] = {}
        self.epoch_numbers: list[int] = []
        self._lines: dict[str, Any] = {}
        self._last_push = 0.0
        self._handles: list[Any] = []
        self.progress = widgets.IntProgress(
            value=0, min=0, max=max(int(epochs or 1), 1), description=xlabel, layout=widgets.Layout(width="20em")
        )
        super().__init__(fig, {}, title=title)

    def control_rows(self) -> list[Any]:
        return [self.progress]

    def _axes(self) -> list[Any]:
        return [ax for ax in (self.ax_loss, self.ax_acc) if ax is not None]

    def render(self) -> Mapping[str, Any]:
        if not self.epoch_numbers:
            return {self.xlabel: "not started"}
        total = f" / {self.epochs}" if self.epochs else ""
        readouts: dict[str, Any] = {self.xlabel: f"{self.epoch_numbers[-1]}{total}"}
        readouts.update(
            {
                name: f"{values[-1]:.4g}" if np.isfinite(values[-1]) else "diverged"
                for name, values in self.history.items()
            }
        )
        if self.diverged:
            readouts["training"] = "diverged: try a smaller learning rate"
        return readouts

    def log(self, epoch: int, **metrics: float) -> None:
        """Add one point per metric at ``epoch`` and move the curves, progress bar and readouts."""
        # the browser's requests for a frame are served on another thread (see figure_lock)
        with figure_lock(self.fig):
            self._log(epoch, metrics)

    def _log(self, epoch: int, metrics: Mapping[str, float]) -> None:
        self.epoch_numbers.append(int(epoch))
        for name, value in metrics.items():
            self.history.setdefault(name, []).append(float(value))
            line = self._lines.get(name) or self._new_line(name)
            values = np.asarray(self.history[name])
            if not np.isfinite(values[-1]) and not self.diverged:
                self.diverged = f"{name} became {values[-1]} at {self.xlabel} {int(epoch)}"
            # a NaN or infinite value is a gap in the curve (an infinite one would make the
            # axis limits infinite); the readouts say that training diverged
            line.set_data(self.epoch_numbers[-len(values) :], np.where(np.isfinite(values), values, np.nan))
        for ax in self._axes():
            ax.relim()
            ax.autoscale_view(scalex=not self.epochs, scaley=ax is self.ax_loss)
        if self.ax_acc is not None:
            # accuracy up to 1, from a multiple of 0.05 below the lowest value so far: 92% and
            # 97% look different (on a 0-1 axis every curve above 90% is a flat line at the top)
            accuracies = [v for name, vals in self.history.items() if "acc" in name for v in vals]
            if accuracies:
                low = max(0.0, float(np.floor((min(accuracies) - 0.01) * 20) / 20))
                self.ax_acc.set_ylim(low, 1.0 + 0.02 * (1.0 - low))  # 100% clear of the frame
        self.progress.value = min(int(epoch), self.progress.max)
        self.set_readouts(self.render())
        self._push_frame()

    def on_epoch_end(self, epoch: int, logs: Mapping[str, float] | None = None) -> None:
        """Callback form of :meth:`log` (``epoch`` counted from 0), so ``fit(..., callbacks=[board])``
        works. Only the loss and accuracy curves are drawn: ``fit``'s ``lr`` and ``time`` entries
        are left out (a duration would also make the printed summary differ on every run)."""
        metrics = {k: v for k, v in (logs or {}).items() if k.endswith(("loss", "accuracy"))}
        self.log(epoch + 1, **metrics)

    def on_train_end(self, logs: Mapping[str, Any] | None = None) -> None:
        """Callback: ``fit`` ends with ``{"diverged": message}`` when the weights blew up;
        the board says so in its readout panel (``fit`` then raises ``TrainingDiverged``)."""
        message = (logs or {}).get("diverged")
        if message:
            with figure_lock(self.fig):
                self._show_diverged(str(message))

    def _show_diverged(self, message: str) -> None:
        self.diverged = message
        self.set_readouts(self.render())
        self._show_message(f"Training diverged: {message}")
        self._last_push = 0.0
        self._push_frame()

    def finish(self) -> None:
        """Draw the final state, store it as the board's picture, print the final numbers."""
        with figure_lock(self.fig):
            self._last_push = 0.0
            self._push_frame()
            if not self._live_canvas and self._displayed:
                self._picture.value = self.png()
        for handle in self._handles:
            handle.update(self._mimebundle(), raw=True)
        print(self.final_text())

    def final_text(self) -> str:
        """One line with the last value of every metric, e.g. 'epoch 20: loss 0.1234, ...'."""
        if not self.epoch_numbers:
            return "no epochs logged"
        parts = [f"{name} {values[-1]:.4g}" for name, values in self.history.items()]
        text = f"{self.xlabel} {self.epoch_numbers[-1]}: " + ", ".join(parts)
        return f"{text} (diverged: {self.diverged})" if self.diverged else text

    def readout_text(self) -> str:
        # constant, so that the stored output of the board's cell compares equal before and
        # after training; the numbers are printed by finish()
        what = "loss and accuracy" if self.ax_acc is not None else "loss"
        return f"{self.title}: {what} by {self.xlabel} (the final values are printed when training finishes)"

    def _new_line(self, name: str) -> Any:
        base = name[4:] if name.startswith("val_") else name
        ax = self.ax_acc if "acc" in base and self.ax_acc is not None else self.ax_loss
        bases = [n for n in dict.fromkeys(k[4:] if k.startswith("val_") else k for k in self.history)]
        color = COLORS[bases.index(base) % len(COLORS)]
        (line,) = ax.plot(
            [],
            [],
            color=color,
            linestyle="--" if name != base else "-",
            marker="." if self.epochs and self.epochs <= 40 else None,
            label=f"{base} (validation)" if name != base else name,
        )
        # accuracy climbs towards the top of its axis: its legend goes to the empty bottom corner
        ax.legend(loc="lower right" if ax is self.ax_acc else "best", fontsize=8)
        self._lines[name] = line
        return line

    def _push_frame(self) -> None:
        """Show the new curves now, even though the training loop keeps the kernel busy.

        ``draw_idle()`` only asks the browser to ask the kernel for a frame, and the kernel
        cannot answer until the loop ends; so during a loop the board renders a full frame and
        pushes it whole (never a diff on a blank canvas).
        """
        if not self._live_canvas:
            if self._displayed:
                self._picture.value = self.png()
            return
        now = time.monotonic()
        if now - self._last_push < 1.0 / self.max_fps:
            return
        push_full_frame(self.fig.canvas)
        # measured from the end of the draw: a draw slower than 1 / max_fps must not make
        # every later log() draw again
        self._last_push = time.monotonic()

    def _ipython_display_(self) -> None:
        # displayed with a display id, so that finish() can store the final picture in place
        from IPython.display import display

        self._handles.append(display(self._mimebundle(), raw=True, display_id=True))
