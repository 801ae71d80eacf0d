"""Training helpers: the SGD optimiser, the training history and callbacks.

``Sequential.fit`` runs mini-batch stochastic gradient descent::

    for each epoch:
        shuffle the training set with rng
        for each mini-batch (X_b, y_b):
            forward, backward -> gradients g of the mean loss over the batch
            v = momentum * v - lr * g ;  p += v      (momentum 0: p -= lr * g)
        lr *= lr_decay

Callbacks see every step and every epoch; a lesson uses them for progress bars and live
curves. Nothing here prints.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _checks

if TYPE_CHECKING:
    from .network import Sequential

__all__ = ["SGD", "Callback", "EarlyStopping", "History", "LambdaCallback"]


class SGD:
    """Mini-batch stochastic gradient descent, optionally with momentum and learning-rate decay.

    Parameters
    ----------
    lr : float
        Learning rate: the step is ``-lr * gradient``.
    momentum : float in [0, 1)
        ``v = momentum * v - lr * g; p += v``. 0 gives plain SGD.
    lr_decay : float in (0, 1]
        The learning rate is multiplied by this after every epoch (1: constant).
    """

    def __init__(self, lr: float = 0.1, momentum: float = 0.0, lr_decay: float = 1.0) -> None:
        self.lr = _checks.number(lr, "lr", 0.0, low_open=True)
        self.momentum = _checks.number(momentum, "momentum", 0.0, 1.0, high_open=True)
        self.lr_decay = _checks.number(lr_decay, "lr_decay", 0.0, 1.0, low_open=True)
        self.initial_lr = self.lr
        self._velocity: dict[int, np.ndarray] = {}

    def __repr__(self) -> str:
        return f"SGD(lr={self.lr:g}, momentum={self.momentum:g}, lr_decay={self.lr_decay:g})"

    def reset(self) -> None:
        """Forget the momentum and restore the initial learning rate."""
        self._velocity.clear()
        self.lr = self.initial_lr

    def reset_velocity(self) -> None:
        """Forget the momentum only (after a step that had to be undone)."""
        self._velocity.clear()

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """Update every parameter in place from its gradient (gradients are overwritten)."""
        lr, mu = self.lr, self.momentum
        if mu == 0.0:
            for p, g in zip(params, grads):
                g *= lr
                p -= g
            return
        for i, (p, g) in enumerate(zip(params, grads)):
            v = self._velocity.get(i)
            if v is None or v.shape != p.shape:
                v = self._velocity[i] = np.zeros_like(p)
            v *= mu
            g *= lr
            v -= g
            p += v

    def end_epoch(self) -> None:
        self.lr *= self.lr_decay


class Callback:
    """Base class: override any of the hooks. ``self.model`` is set when training begins.

    ``logs`` holds the numbers known at that moment: after a step ``{"loss": batch loss}``
    (only computed when some callback listens to steps), after an epoch the history entries;
    at the end ``{"diverged": message}`` when training stopped because the weights blew up.
    """

    model: Sequential | None = None

    def on_train_begin(self, logs: dict[str, Any]) -> None: ...

    def on_epoch_begin(self, epoch: int, logs: dict[str, Any]) -> None: ...

    def on_batch_end(self, step: int, logs: dict[str, Any]) -> None: ...

    def on_epoch_end(self, epoch: int, logs: dict[str, Any]) -> None: ...

    def on_train_end(self, logs: dict[str, Any]) -> None: ...

    def listens_to_steps(self) -> bool:
        """True when this callback has its own ``on_batch_end`` (fit then computes batch losses)."""
        return type(self).on_batch_end is not Callback.on_batch_end or "on_batch_end" in vars(self)


class LambdaCallback(Callback):
    """A callback made of plain functions, e.g. ``LambdaCallback(on_epoch_end=lambda e, logs: ...)``."""

    def __init__(
        self,
        on_epoch_end: Callable[[int, dict[str, Any]], None] | None = None,
        on_batch_end: Callable[[int, dict[str, Any]], None] | None = None,
        on_train_begin: Callable[[dict[str, Any]], None] | None = None,
        on_train_end: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        for name, fn in [
            ("on_epoch_end", on_epoch_end),
            ("on_batch_end", on_batch_end),
            ("on_train_begin", on_train_begin),
            ("on_train_end", on_train_end),
        ]:
            if fn is not None:
                if not callable(fn):
                    raise TypeError(f"{name} must be a function, got {type(fn).__name__}")
                setattr(self, name, fn)


class History:
    """What ``fit`` returns: ``history.history["loss"]`` etc., one entry per epoch.

    Keys: ``loss`` and ``accuracy`` on the training set (by default the mean over the epoch's
    mini-batches, as Keras reports them; with ``fit(..., evaluate_train=True)`` the whole
    training set evaluated after the epoch), ``val_loss`` and ``val_accuracy`` (with validation
    data, evaluated after the epoch), ``lr`` (the rate used in that epoch) and ``time`` (seconds
    spent on the training steps of that epoch, evaluation excluded).
    """

    def __init__(self) -> None:
        self.history: dict[str, list[float]] = {}
        self.epoch: list[int] = []

    def append(self, epoch: int, logs: dict[str, float]) -> None:
        self.epoch.append(epoch)
        for k, v in logs.items():
            self.history.setdefault(k, []).append(float(v))

    def __getitem__(self, key: str) -> list[float]:
        return self.history[key]

    def __repr__(self) -> str:
        keys = ", ".join(self.history)
        return f"History({len(self.epoch)} epochs: {keys})"


class EarlyStopping(Callback):
    """Stop training when a monitored number has stopped improving.

    An epoch counts as an improvement when the monitored value beats the best so far by more
    than ``min_delta``. After ``patience`` epochs in a row without improvement, training stops.
    So a larger ``min_delta`` stops sooner, a larger ``patience`` trains longer.

    Parameters
    ----------
    monitor : str
        A history key, ``"val_loss"`` by default; keys ending in ``accuracy`` are maximised.
    min_delta : float >= 0
    patience : int >= 0
    restore_best_weights : bool
        At the end of training, put back the weights of the best epoch.

    Attributes
    ----------
    best_epoch : int
        Epoch (0-based) with the best value. ``stopped_epoch`` : the epoch training stopped
        after, or ``None`` if it ran to the end.
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        min_delta: float = 0.0,
        patience: int = 0,
        restore_best_weights: bool = False,
    ) -> None:
        self.monitor = _checks.text(monitor, "monitor", "val_loss")
        self.min_delta = _checks.number(min_delta, "min_delta", 0.0)
        self.patience = _checks.whole(patience, "patience", 0, why="epochs to wait")
        self.restore_best_weights = _checks.boolean(restore_best_weights, "restore_best_weights")
        self.maximise = monitor.endswith("accuracy")

    def on_train_begin(self, logs: dict[str, Any]) -> None:
        self.best = -np.inf if self.maximise else np.inf
        self.best_epoch = -1
        self.wait = 0
        self.stopped_epoch: int | None = None
        self.best_weights: list[np.ndarray] | None = None

    def is_improvement(self, value: float) -> bool:
        if self.maximise:
            return value > self.best + self.min_delta
        return value < self.best - self.min_delta

    def on_epoch_end(self, epoch: int, logs: dict[str, Any]) -> None:
        if self.monitor not in logs:
            known = ", ".join(logs)
            hint = " (pass validation_data to fit)" if self.monitor.startswith("val_") else ""
            raise ValueError(f"EarlyStopping monitors {self.monitor!r}, which fit does not record{hint}; recorded: {known}")
        value = float(logs[self.monitor])
        if self.is_improvement(value):
            self.best, self.best_epoch, self.wait = value, epoch, 0
            if self.restore_best_weights and self.model is not None:
                self.best_weights = self.model.get_weights()
            return
        self.wait += 1
        if self.wait >= self.patience:  # as Keras: patience 0 and 1 both stop at the first miss
            self.stopped_epoch = epoch
            if self.model is not None:
                self.model.stop_training = True

    def on_train_end(self, logs: dict[str, Any]) -> None:
        if self.restore_best_weights and self.best_weights is not None and self.model is not None:
            self.model.set_weights(self.best_weights)
