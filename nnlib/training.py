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

__all__ = [
    "OPTIMIZERS",
    "SGD",
    "Adam",
    "Callback",
    "EarlyStopping",
    "History",
    "LambdaCallback",
    "Optimizer",
    "RMSprop",
    "get_optimizer",
]


class Optimizer:
    """Base class: turns gradients into parameter updates, in place.

    Every optimiser has a learning rate ``lr`` and an ``lr_decay`` (the rate is multiplied by
    it after every epoch). ``step(params, grads)`` updates the parameters in place and may
    overwrite the gradients; whatever it remembers between steps (velocities, moment
    estimates) is kept per parameter array and forgotten by :meth:`reset_state`.
    """

    def __init__(self, lr: float, lr_decay: float = 1.0) -> None:
        self.lr = _checks.number(lr, "lr", 0.0, low_open=True)
        self.lr_decay = _checks.number(lr_decay, "lr_decay", 0.0, 1.0, low_open=True)
        self.initial_lr = self.lr
        self._state: dict[int, tuple[np.ndarray, ...]] = {}

    def reset(self) -> None:
        """Forget everything learned from earlier steps and restore the initial learning rate."""
        self.reset_state()
        self.lr = self.initial_lr

    def reset_state(self) -> None:
        """Forget the velocities or moment estimates only (after a step that had to be undone)."""
        self._state.clear()

    def _arrays(self, i: int, p: np.ndarray, k: int) -> tuple[np.ndarray, ...]:
        """The ``k`` arrays this optimiser keeps for parameter ``i``, zeros at first."""
        kept = self._state.get(i)
        if kept is None or kept[0].shape != p.shape or kept[0].dtype != p.dtype:
            kept = self._state[i] = tuple(np.zeros_like(p) for _ in range(k))
        return kept

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        raise NotImplementedError(f"{type(self).__name__} must define step()")

    def end_epoch(self) -> None:
        self.lr *= self.lr_decay


class SGD(Optimizer):
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
        super().__init__(lr, lr_decay)
        self.momentum = _checks.number(momentum, "momentum", 0.0, 1.0, high_open=True)

    def __repr__(self) -> str:
        return f"SGD(lr={self.lr:g}, momentum={self.momentum:g}, lr_decay={self.lr_decay:g})"

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """Update every parameter in place from its gradient (gradients are overwritten)."""
        lr, mu = self.lr, self.momentum
        if mu == 0.0:
            for p, g in zip(params, grads):
                g *= lr
                p -= g
            return
        for i, (p, g) in enumerate(zip(params, grads)):
            (v,) = self._arrays(i, p, 1)
            v *= mu
            g *= lr
            v -= g
            p += v


class RMSprop(Optimizer):
    """RMSprop (Hinton's lecture 6e): divide each step by a running size of its own gradients.

    ``s = rho * s + (1 - rho) * g**2;  p -= lr * g / (sqrt(s) + epsilon)``, element by element,
    so every weight gets a step of about ``lr`` whatever the scale of its gradient. Defaults as
    in Keras.
    """

    def __init__(self, lr: float = 0.001, rho: float = 0.9, epsilon: float = 1e-7, lr_decay: float = 1.0) -> None:
        super().__init__(lr, lr_decay)
        self.rho = _checks.number(rho, "rho", 0.0, 1.0, high_open=True)
        self.epsilon = _checks.number(epsilon, "epsilon", 0.0, low_open=True)

    def __repr__(self) -> str:
        return f"RMSprop(lr={self.lr:g}, rho={self.rho:g}, epsilon={self.epsilon:g})"

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """Update every parameter in place (gradients are overwritten)."""
        for i, (p, g) in enumerate(zip(params, grads)):
            (s,) = self._arrays(i, p, 1)
            s *= self.rho
            s += (1 - self.rho) * g * g
            g *= self.lr
            g /= np.sqrt(s) + self.epsilon
            p -= g


class Adam(Optimizer):
    """Adam (Kingma and Ba, 2015, Algorithm 1): momentum and RMSprop together, bias-corrected.

    For step ``t = 1, 2, ...`` and each parameter, element by element::

        m = beta_1 * m + (1 - beta_1) * g          the running mean of the gradient
        v = beta_2 * v + (1 - beta_2) * g**2       the running mean of its square
        m_hat = m / (1 - beta_1**t)                both start at 0: undo that bias
        v_hat = v / (1 - beta_2**t)
        p -= lr * m_hat / (sqrt(v_hat) + epsilon)

    Defaults as in Keras (lr 0.001, betas 0.9 and 0.999, epsilon 1e-7). Keras adds epsilon
    before the bias correction of ``v``, the paper after it, as here; the two differ only
    where ``v_hat`` is close to ``epsilon``.
    """

    def __init__(
        self,
        lr: float = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        lr_decay: float = 1.0,
    ) -> None:
        super().__init__(lr, lr_decay)
        self.beta_1 = _checks.number(beta_1, "beta_1", 0.0, 1.0, high_open=True)
        self.beta_2 = _checks.number(beta_2, "beta_2", 0.0, 1.0, high_open=True)
        self.epsilon = _checks.number(epsilon, "epsilon", 0.0, low_open=True)
        self.t = 0

    def __repr__(self) -> str:
        return f"Adam(lr={self.lr:g}, beta_1={self.beta_1:g}, beta_2={self.beta_2:g}, epsilon={self.epsilon:g})"

    def reset_state(self) -> None:
        super().reset_state()
        self.t = 0

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """Update every parameter in place (gradients are overwritten)."""
        self.t += 1
        b1, b2 = self.beta_1, self.beta_2
        step_size = self.lr / (1 - b1**self.t)
        v_scale = 1 / (1 - b2**self.t)
        for i, (p, g) in enumerate(zip(params, grads)):
            m, v = self._arrays(i, p, 2)
            m *= b1
            m += (1 - b1) * g
            g *= g
            v *= b2
            v += (1 - b2) * g
            np.multiply(v, v_scale, out=g)  # g now holds v_hat
            np.sqrt(g, out=g)
            g += self.epsilon
            np.divide(m, g, out=g)
            g *= step_size
            p -= g


OPTIMIZERS: dict[str, Callable[[], Optimizer]] = {"sgd": SGD, "rmsprop": RMSprop, "adam": Adam}


def get_optimizer(optimizer: str | Optimizer | None) -> Optimizer:
    """An optimiser instance: ``None`` gives ``SGD()``; a name (``"sgd"``, ``"rmsprop"``,
    ``"adam"``, as Keras accepts) gives that optimiser with its defaults."""
    if optimizer is None:
        return SGD()
    if isinstance(optimizer, Optimizer):
        return optimizer
    if isinstance(optimizer, str) and optimizer.lower() in OPTIMIZERS:
        return OPTIMIZERS[optimizer.lower()]()
    known = ", ".join(repr(k) for k in OPTIMIZERS)
    raise TypeError(
        f"optimizer must be an optimiser such as SGD(lr=0.1) or Adam(), or one of the names {known}, "
        f"got {type(optimizer).__name__} {optimizer!r:.40}"
    )


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
            raise ValueError(
                f"EarlyStopping monitors {self.monitor!r}, which fit does not record{hint}; recorded: {known}"
            )
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
