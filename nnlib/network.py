"""``Sequential``: a stack of layers, trained by back-propagation and mini-batch SGD.

What it is for: the lessons' networks, from a single neuron to 784-16-16-10 on MNIST, with
every intermediate value kept so it can be shown. What it is not: a framework (no automatic
differentiation, no GPU, no convolutions).

Data layout is batch-first: ``X`` has shape ``(n_samples, n_features)``; targets are either
``(n_samples, n_outputs)`` or integer labels ``(n_samples,)``.

The names follow Keras so that notes written for Keras map one to one::

    model = Sequential([Dense(16, activation="sigmoid", input_shape=[784]),
                        Dense(16, activation="sigmoid"),
                        Dense(10, activation="softmax")], rng=rng)
    model.compile(loss="categorical_crossentropy", optimizer=SGD(lr=0.5, momentum=0.9))
    history = model.fit(x_train, y_train, epochs=10, batch_size=64, rng=rng)
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from threadpoolctl import ThreadpoolController

from .layers import Dense, Layer
from .losses import Loss, accuracy, get_loss, to_targets
from .training import SGD, Callback, History, _overrides

__all__ = ["Sequential", "single_threaded"]


_controller: ThreadpoolController | None = None


def single_threaded():  # -> a context manager
    """A context in which numpy's BLAS uses one thread.

    The matrix products of small networks (a few thousand multiply-adds per sample) are too
    small to split across threads; on a 2-core machine two BLAS threads make them slower and
    very erratic (single epochs 2-100x slower when the threads wait on each other). ``fit``,
    ``predict`` and ``evaluate`` run inside this context. The controller that finds the BLAS
    libraries is made once (about 0.5 ms); entering the context afterwards costs microseconds.
    """
    global _controller
    if _controller is None:
        _controller = ThreadpoolController()
    return _controller.limit(limits=1, user_api="blas")


class Sequential:
    """A network made of layers applied one after another.

    Parameters
    ----------
    layers : sequence of Layer
        E.g. ``[Dense(2, "sigmoid", input_shape=[2]), Dense(1, "sigmoid")]``.
    rng : numpy.random.Generator, optional
        Draws the initial weights. ``None`` uses ``np.random.default_rng(0)``, so a model is
        always reproducible; pass your own to choose the seed.
    dtype : numpy float dtype
        ``np.float64`` (default, exact enough for gradient checks) or ``np.float32`` (faster).

    Attributes
    ----------
    layers : list of Layer
    loss : Loss or None, optimizer : SGD or None
        Set by :meth:`compile`.
    """

    def __init__(
        self,
        layers: Sequence[Layer],
        *,
        rng: np.random.Generator | None = None,
        dtype: type | np.dtype = np.float64,
    ) -> None:
        if isinstance(layers, Layer):
            layers = [layers]
        if not isinstance(layers, (list, tuple)) or not layers:
            raise ValueError("Sequential needs a non-empty list of layers, e.g. [Dense(1, input_shape=[3])]")
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise TypeError(f"layer {i} is a {type(layer).__name__}, not a layer such as Dense(...)")
        if len({id(layer) for layer in layers}) != len(layers):
            raise ValueError("the same layer object appears twice; create a new Dense(...) for each layer")
        for i, layer in enumerate(layers[1:], start=1):
            if layer.input_shape is not None:
                raise ValueError(f"only the first layer takes input_shape, but layer {i} ({layer!r}) has one")
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.dtype(np.float32), np.dtype(np.float64)):
            raise ValueError(f"dtype must be float32 or float64, got {self.dtype}")
        if rng is not None and not isinstance(rng, np.random.Generator):
            raise TypeError(f"rng must be a numpy.random.Generator (np.random.default_rng(seed)), got {type(rng).__name__}")
        self.rng = rng if rng is not None else np.random.default_rng(0)
        self.layers: list[Layer] = list(layers)
        self.loss: Loss | None = None
        self.optimizer: SGD | None = None
        self.stop_training = False
        self.X: np.ndarray | None = None
        first = self.layers[0].input_shape
        if first is not None:
            self.build(first[0])

    # structure -------------------------------------------------------------

    def build(self, n_inputs: int) -> Sequential:
        """Create every layer's parameters for inputs with ``n_inputs`` features."""
        n = n_inputs
        for layer in self.layers:
            layer.build(n, self.rng, self.dtype)
            n = layer.n_out  # type: ignore[assignment]
        # All parameters live in one flat array and all gradients in another, each layer's
        # W, b, dW, db being views into them: an SGD step is then a few whole-array operations
        # instead of several per parameter, which matters for small batches.
        shapes = [getattr(layer, p).shape for layer in self.layers for p in layer.param_names]
        sizes = [int(np.prod(s)) for s in shapes]
        self._flat_params = np.zeros(sum(sizes), dtype=self.dtype)
        self._flat_grads = np.zeros(sum(sizes), dtype=self.dtype)
        offsets = np.cumsum([0, *sizes])
        views = [
            (self._flat_params[a:b].reshape(s), self._flat_grads[a:b].reshape(s))
            for a, b, s in zip(offsets[:-1], offsets[1:], shapes)
        ]
        k = 0
        for layer in self.layers:
            m = len(layer.param_names)
            if m:
                layer._rehome([v[0] for v in views[k : k + m]], [v[1] for v in views[k : k + m]])  # type: ignore[attr-defined]
                k += m
        return self

    @property
    def built(self) -> bool:
        return all(layer.built for layer in self.layers)

    @property
    def n_inputs(self) -> int:
        self._require_built()
        return self.layers[0].n_in  # type: ignore[return-value]

    @property
    def layer_sizes(self) -> list[int]:
        """``[n_inputs, units of each layer...]``, e.g. ``[784, 16, 16, 10]``."""
        self._require_built()
        return [self.n_inputs] + [layer.n_out for layer in self.layers if isinstance(layer, Dense)]  # type: ignore[misc]

    @property
    def dense_layers(self) -> list[Dense]:
        return [layer for layer in self.layers if isinstance(layer, Dense)]

    def _require_built(self) -> None:
        if not self.built:
            raise RuntimeError(
                "the model has no weights yet: give the first layer input_shape=[n_features] "
                "or call model.build(n_features)"
            )

    def count_params(self) -> int:
        """Number of weights and biases: 784-16-16-10 has 12,560 + 272 + 170 = 13,002."""
        self._require_built()
        return sum(layer.count_params() for layer in self.layers)

    def summary(self) -> str:
        """A table of the layers, their output shapes and parameter counts."""
        self._require_built()
        rows = [f"{'layer':<52}{'output shape':<16}{'parameters':>10}"]
        for layer in self.layers:
            rows.append(f"{layer!r:<52}{'(n, ' + str(layer.n_out) + ')':<16}{layer.count_params():>10,}")
        rows.append(f"{'total':<68}{self.count_params():>10,}")
        return "\n".join(rows)

    def __repr__(self) -> str:
        inner = ",\n    ".join(repr(layer) for layer in self.layers)
        return f"Sequential([\n    {inner},\n])"

    # parameters ------------------------------------------------------------

    def _params(self) -> list[np.ndarray]:
        return [getattr(layer, p) for layer in self.layers for p in layer.param_names]

    def get_weights(self) -> list[np.ndarray]:
        """Copies of every parameter, in order ``[W1, b1, W2, b2, ...]``."""
        self._require_built()
        return [p.copy() for p in self._params()]

    def set_weights(self, weights: Sequence[np.ndarray]) -> None:
        """Set every parameter from a list shaped like :meth:`get_weights`."""
        self._require_built()
        params = self._params()
        if len(weights) != len(params):
            raise ValueError(f"expected {len(params)} arrays [W1, b1, W2, b2, ...], got {len(weights)}")
        names = [(layer, p) for layer in self.layers for p in layer.param_names]
        for (layer, name), value in zip(names, weights):
            setattr(layer, name, value)  # the layer checks shape and values

    # feedforward -----------------------------------------------------------

    def _check_X(self, X: Any, what: str = "X") -> np.ndarray:
        self._require_built()
        X = np.asarray(X)
        if X.dtype.kind not in "fiub":
            raise TypeError(f"{what} must be numbers, got dtype {X.dtype}")
        if X.ndim == 1 and self.n_inputs == X.shape[0]:
            raise ValueError(
                f"{what} has shape {X.shape}: one sample must still be a batch, pass {what}.reshape(1, -1) "
                f"(shape (1, {self.n_inputs}))"
            )
        if X.ndim != 2:
            raise ValueError(f"{what} must be 2-D (n_samples, n_features), got shape {X.shape}")
        if X.shape[0] == 0:
            raise ValueError(f"{what} is empty: pass at least one sample")
        if X.shape[1] != self.n_inputs:
            raise ValueError(
                f"{what} has {X.shape[1]} columns but the first layer expects {self.n_inputs} inputs"
            )
        X = X.astype(self.dtype, copy=False)
        if not np.all(np.isfinite(X)):
            raise ValueError(f"{what} contains NaN or infinity; clean the data first")
        return X

    def _check_y(self, y: Any, n: int, what: str = "y") -> np.ndarray:
        y = np.asarray(y)
        if y.dtype.kind not in "fiub":
            raise TypeError(f"{what} must be numbers, got dtype {y.dtype}")
        if y.ndim == 0 or y.shape[0] != n:
            raise ValueError(f"{what} has {y.shape[0] if y.ndim else 0} samples but X has {n}")
        if y.dtype.kind == "f" and not np.all(np.isfinite(y)):
            raise ValueError(f"{what} contains NaN or infinity")
        n_out = self.layers[-1].n_out
        return to_targets(y, np.empty((n, n_out), dtype=self.dtype))

    def _forward(self, X: np.ndarray, training: bool = False) -> np.ndarray:
        # feedforward: each layer keeps its Z and A
        self.X = X
        A = X
        for layer in self.layers:
            A = layer.forward(A, training)
        return A

    def forward(self, X: np.ndarray, training: bool = False) -> np.ndarray:
        """Output activations for a batch ``X (n_samples, n_inputs)``; keeps every Z and A."""
        return self._forward(self._check_X(X), training)

    __call__ = forward

    @property
    def activations(self) -> list[np.ndarray]:
        """``[X, A1, A2, ...]`` from the last forward pass."""
        if self.X is None:
            raise RuntimeError("no forward pass yet: call model.forward(X) first")
        return [self.X] + [layer.A for layer in self.layers]  # type: ignore[misc]

    @property
    def zs(self) -> list[np.ndarray]:
        """``[Z1, Z2, ...]`` (pre-activations) from the last forward pass."""
        if self.X is None:
            raise RuntimeError("no forward pass yet: call model.forward(X) first")
        return [layer.Z for layer in self.layers]  # type: ignore[attr-defined,misc]

    def predict(self, X: np.ndarray, batch_size: int = 4096) -> np.ndarray:
        """Output activations ``(n_samples, n_outputs)``, computed in chunks; does not keep Z, A."""
        X = self._check_X(X)
        with single_threaded():
            return np.concatenate([self._predict_chunk(X[i : i + batch_size]) for i in range(0, len(X), batch_size)])

    def _predict_chunk(self, X: np.ndarray) -> np.ndarray:
        A = X
        for layer in self.layers:
            A = layer.predict(A)
        return A

    # backward pass -----------------------------------------------------------

    def _loss(self, loss: str | Loss | None) -> Loss:
        if loss is not None:
            return get_loss(loss)
        if self.loss is None:
            raise RuntimeError("no loss chosen: call model.compile(loss=...) or pass loss=...")
        return self.loss

    def _fused(self, loss: Loss) -> bool:
        last = self.layers[-1]
        return loss.pairs_with is not None and getattr(last, "activation", None) is not None and last.activation.name == loss.pairs_with  # type: ignore[attr-defined]

    def _backward(self, Y: np.ndarray, loss: Loss) -> None:
        # backward pass: from the output layer down, each layer turns dA into its dW, db and
        # the dA of the layer below
        last = self.layers[-1]
        A = last.A
        if self._fused(loss):
            dX = last.backward_from_z(loss.fused_grad(Y, A), need_dX=len(self.layers) > 1)  # type: ignore[attr-defined,misc]
        else:
            dX = last.backward(loss.grad(Y, A), need_dX=len(self.layers) > 1)  # type: ignore[arg-type]
        for i in range(len(self.layers) - 2, -1, -1):
            dX = self.layers[i].backward(dX, need_dX=i > 0)  # type: ignore[arg-type]

    def backprop(self, dA: np.ndarray) -> np.ndarray:
        """Send any gradient ``dA = dL/dA_out`` (shape of the output) back through the network.

        After a :meth:`forward`. Sets every layer's parameter gradients and returns
        ``dX = dL/dX``, shape ``(n_samples, n_inputs)``: with ``dA`` one-hot on output ``k`` this
        is how much each input pixel raises output ``k``, the step of gradient ascent on the input.
        """
        if self.X is None:
            raise RuntimeError("call model.forward(X) before model.backprop(dA)")
        out = self.layers[-1].A
        dA = np.asarray(dA, dtype=self.dtype)
        if dA.shape != out.shape:  # type: ignore[union-attr]
            raise ValueError(f"dA must have the shape of the output, {out.shape}, got {dA.shape}")  # type: ignore[union-attr]
        for layer in reversed(self.layers):
            dA = layer.backward(dA, need_dX=True)  # type: ignore[assignment]
        return dA

    def _loss_value(self, Y: np.ndarray, loss: Loss) -> float:
        last = self.layers[-1]
        if self._fused(loss):
            return loss.from_logits(Y, last.Z)  # type: ignore[attr-defined,misc]
        return loss.fn(Y, last.A)  # type: ignore[arg-type]

    def backward(self, y: np.ndarray, loss: str | Loss | None = None) -> list[tuple[np.ndarray, ...]]:
        """Gradients of the mean loss after a :meth:`forward` on the same batch.

        Returns
        -------
        list of tuples
            One ``(dW, db)`` per Dense layer (in order), each shaped like ``(W, b)``.
        """
        if self.X is None:
            raise RuntimeError("call model.forward(X) before model.backward(y)")
        loss = self._loss(loss)
        Y = self._check_y(y, len(self.X))
        self._backward(Y, loss)
        return [tuple(getattr(layer, "d" + p).copy() for p in layer.param_names) for layer in self.layers if layer.param_names]

    def loss_and_gradients(
        self, X: np.ndarray, y: np.ndarray, loss: str | Loss | None = None
    ) -> tuple[float, list[tuple[np.ndarray, ...]]]:
        """Forward, then backward: ``(mean loss, [(dW1, db1), (dW2, db2), ...])``."""
        loss = self._loss(loss)
        self.forward(X, training=True)
        grads = self.backward(y, loss)
        return self._loss_value(self._check_y(y, len(self.X)), loss), grads  # type: ignore[arg-type]

    # training ----------------------------------------------------------------

    def compile(self, loss: str | Loss = "mse", optimizer: SGD | None = None, metrics: Iterable[str] = ("accuracy",)) -> None:
        """Choose the loss (a name from ``nnlib.LOSSES``) and the optimiser (``SGD(...)``)."""
        self.loss = get_loss(loss)
        if optimizer is None:
            optimizer = SGD()
        if not isinstance(optimizer, SGD):
            raise TypeError(f"optimizer must be SGD(...), got {type(optimizer).__name__}")
        self.optimizer = optimizer
        self.metrics = tuple(metrics)
        unknown = [m for m in self.metrics if m != "accuracy"]
        if unknown:
            raise ValueError(f"unknown metrics {unknown}; the one known metric is 'accuracy'")

    def evaluate(self, X: np.ndarray, y: np.ndarray) -> tuple[float, float]:
        """``(mean loss, accuracy)`` on a data set."""
        loss = self._loss(None)
        A = self.predict(X)
        Y = self._check_y(y, len(A))
        return loss.fn(Y, A), accuracy(Y, A)

    def fit(
        self,
        X: np.ndarray,
        y: np.ndarray,
        *,
        epochs: int = 1,
        batch_size: int = 32,
        rng: np.random.Generator | None = None,
        validation_data: tuple[np.ndarray, np.ndarray] | None = None,
        callbacks: Sequence[Callback] = (),
        shuffle: bool = True,
    ) -> History:
        """Train with mini-batch SGD; returns a :class:`History`.

        Parameters
        ----------
        X : array (n_samples, n_inputs)
        y : array (n_samples, n_outputs) or integer labels (n_samples,)
        epochs : int
            Passes over the whole training set.
        batch_size : int
            Samples per gradient step; the last batch of an epoch may be smaller.
        rng : numpy.random.Generator
            Shuffles the samples each epoch (required when ``shuffle`` is True).
        validation_data : (X_val, y_val), optional
            Evaluated after every epoch (``val_loss``, ``val_accuracy``).
        callbacks : list of Callback
            E.g. ``EarlyStopping(...)``, ``LambdaCallback(on_batch_end=...)``.
        """
        if self.loss is None or self.optimizer is None:
            raise RuntimeError("call model.compile(loss=..., optimizer=SGD(...)) before fit")
        if self.layers[0].input_shape is None and not self.built:
            self.build(np.shape(X)[1] if np.ndim(X) == 2 else 0)
        X = self._check_X(X)
        Y = self._check_y(y, len(X))
        epochs = _whole(epochs, "epochs", 0)
        batch_size = _whole(batch_size, "batch_size", 1)
        if shuffle:
            if rng is None:
                raise ValueError("fit shuffles the data each epoch: pass rng=np.random.default_rng(seed)")
            if not isinstance(rng, np.random.Generator):
                raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
        val = None
        if validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
                raise ValueError("validation_data must be a pair (X_val, y_val)")
            Xv = self._check_X(validation_data[0], "X_val")
            val = (Xv, self._check_y(validation_data[1], len(Xv), "y_val"))
        callbacks = list(callbacks)
        for cb in callbacks:
            if not isinstance(cb, Callback):
                raise TypeError(f"callbacks must be Callback objects, got {type(cb).__name__}")
            cb.model = self
        step_listeners = [cb for cb in callbacks if _overrides(cb, "on_batch_end")]

        loss, opt = self.loss, self.optimizer
        fused = self._fused(loss)
        history = History()
        params, grads = [self._flat_params], [self._flat_grads]
        n = len(X)
        self.stop_training = False
        for cb in callbacks:
            cb.on_train_begin({})
        step = 0
        with single_threaded():
            for epoch in range(epochs):
                for cb in callbacks:
                    cb.on_epoch_begin(epoch, {})
                lr_used = opt.lr
                t0 = time.perf_counter()
                order = rng.permutation(n) if shuffle else np.arange(n)  # type: ignore[union-attr]
                for start in range(0, n, batch_size):
                    j = order[start : start + batch_size]
                    xb, yb = X[j], Y[j]
                    self._forward(xb, training=True)
                    self._backward(yb, loss)
                    opt.step(params, grads)
                    if step_listeners:
                        logs = {"loss": loss.from_logits(yb, self.layers[-1].Z) if fused else loss.fn(yb, self.layers[-1].A)}  # type: ignore[attr-defined,misc]
                        for cb in step_listeners:
                            cb.on_batch_end(step, logs)
                    step += 1
                train_time = time.perf_counter() - t0
                opt.end_epoch()
                logs: dict[str, float] = {}
                A = self._predict_all(X)
                logs["loss"], logs["accuracy"] = loss.fn(Y, A), accuracy(Y, A)
                if val is not None:
                    Av = self._predict_all(val[0])
                    logs["val_loss"], logs["val_accuracy"] = loss.fn(val[1], Av), accuracy(val[1], Av)
                logs["lr"], logs["time"] = lr_used, train_time
                history.append(epoch, logs)
                for cb in callbacks:
                    cb.on_epoch_end(epoch, dict(logs))
                if self.stop_training:
                    break
        for cb in callbacks:
            cb.on_train_end({})
        self.history = history
        return history

    def _predict_all(self, X: np.ndarray, chunk: int = 8192) -> np.ndarray:
        return np.concatenate([self._predict_chunk(X[i : i + chunk]) for i in range(0, len(X), chunk)])


def _whole(value: object, name: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    if value < low:
        raise ValueError(f"{name} must be at least {low}, got {value}")
    return int(value)
