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

import math
import time
from collections.abc import Iterable, Sequence
from typing import Any, cast

import numpy as np
from threadpoolctl import ThreadpoolController

from . import _checks
from .layers import BatchNormalization, Dense, Layer
from .losses import Loss, accuracy, get_loss
from .training import Callback, History, Optimizer, get_optimizer

__all__ = ["Sequential", "TrainingDiverged", "single_threaded"]


class TrainingDiverged(FloatingPointError):
    """Training stopped because the loss or the weights became NaN or infinite.

    ``history`` holds the epochs completed before it happened; the model keeps the weights of
    the last step that left them finite.
    """

    def __init__(self, message: str, history: History) -> None:
        super().__init__(message)
        self.history = history


class _LayerList(list[Layer]):
    """``model.layers``: readable and indexable like a list, changed only through the model.

    Appending to it directly would leave the new layer without weights; ``model.add(layer)``
    builds it and joins its parameters to the model's.
    """

    def _refuse(self, *args: object, **kwargs: object) -> None:
        raise TypeError(
            "model.layers cannot be changed in place: use model.add(layer) to append a layer, "
            "or build a new Sequential([...]) with the layers you want"
        )

    # every method that would change the list in place refuses
    append = extend = insert = remove = pop = clear = sort = reverse = _refuse  # type: ignore[assignment]  # refusing on purpose
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse  # type: ignore[assignment]  # refusing on purpose


_controller: ThreadpoolController | None = None

_NO_LAYERS = "the model has no layers yet: add some with model.add(Dense(...)) or pass them to Sequential([...])"


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
    loss : Loss or None, optimizer : Optimizer or None
        Set by :meth:`compile`.
    """

    def __init__(
        self,
        layers: Sequence[Layer] | Layer | None = None,
        *,
        rng: np.random.Generator | None = None,
        dtype: type | np.dtype = np.float64,
    ) -> None:
        if layers is None:
            layers = []
        if isinstance(layers, Layer):
            layers = [layers]
        if not isinstance(layers, (list, tuple)):
            raise TypeError(
                f"Sequential takes a list of layers, e.g. [Dense(1, input_shape=[3])], got {type(layers).__name__}"
            )
        try:
            self.dtype = np.dtype(dtype)
        except TypeError:
            raise TypeError(f"dtype must be np.float32 or np.float64, got {dtype!r}") from None
        if self.dtype not in (np.dtype(np.float32), np.dtype(np.float64)):
            raise ValueError(f"dtype must be float32 or float64, got {self.dtype}")
        if rng is not None:
            _checks.rng(rng)
        self.rng = rng if rng is not None else np.random.default_rng(0)
        self.layers: list[Layer] = _LayerList()
        self.loss: Loss | None = None
        self.optimizer: Optimizer | None = None
        self.stop_training = False
        self.X: np.ndarray | None = None
        self.history: History | None = None
        for layer in layers:
            self._check_new_layer(layer)
            list.append(self.layers, layer)
        if self.layers and self.layers[0].input_shape is not None:
            self.build(self.layers[0].input_shape[0])

    def _check_new_layer(self, layer: object) -> None:
        i = len(self.layers)
        if not isinstance(layer, Layer):
            raise TypeError(f"layer {i} is a {type(layer).__name__}, not a layer such as Dense(...)")
        if any(layer is other for other in self.layers):
            raise ValueError("the same layer object appears twice; create a new Dense(...) for each layer")
        if i > 0 and layer.input_shape is not None:
            raise ValueError(f"only the first layer takes input_shape, but layer {i} ({layer!r}) has one")

    def add(self, layer: Layer) -> Sequential:
        """Append a layer (Keras's ``model.add``); a built model builds it and keeps its weights.

        ``Sequential([a, b])`` and ``Sequential()`` then ``add(a)``, ``add(b)`` make the same model.
        """
        self._check_new_layer(layer)
        list.append(self.layers, layer)
        if len(self.layers) == 1 and layer.input_shape is not None:
            self.build(layer.input_shape[0])
        elif len(self.layers) > 1 and self.layers[-2].built:
            layer.build(self.layers[-2].n_out, self.rng, self.dtype)  # type: ignore[arg-type]  # built: n_out is set
            self._allocate()
        return self

    # structure -------------------------------------------------------------

    def build(self, n_inputs: int) -> Sequential:
        """Create every layer's parameters for inputs with ``n_inputs`` features."""
        if not self.layers:
            raise RuntimeError(_NO_LAYERS)
        n = _checks.whole(n_inputs, "n_inputs", 1)
        for layer in self.layers:
            layer.build(n, self.rng, self.dtype)
            n = layer.n_out  # type: ignore[assignment]  # set by build
        return self._allocate()

    def _allocate(self) -> Sequential:
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
                layer._rehome([v[0] for v in views[k : k + m]], [v[1] for v in views[k : k + m]])
                k += m
        return self

    @property
    def built(self) -> bool:
        return bool(self.layers) and all(layer.built for layer in self.layers)

    @property
    def n_inputs(self) -> int:
        self._require_built()
        return self.layers[0].n_in  # type: ignore[return-value]  # built: set

    @property
    def layer_sizes(self) -> list[int]:
        """``[n_inputs, units of each layer...]``, e.g. ``[784, 16, 16, 10]``."""
        self._require_built()
        return [self.n_inputs] + [layer.n_out for layer in self.layers if isinstance(layer, Dense)]  # type: ignore[misc]  # built: set

    @property
    def dense_layers(self) -> list[Dense]:
        return [layer for layer in self.layers if isinstance(layer, Dense)]

    def _require_built(self) -> None:
        if not self.layers:
            raise RuntimeError(_NO_LAYERS)
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

    def _check_X(self, X: Any, what: str = "X", finite: bool = True) -> np.ndarray:
        """``X`` as a float array of the model's dtype, shape ``(n, n_inputs)``; with ``finite``
        also free of NaN and infinity (``fit`` leaves that to its batches: see ``_diverged``)."""
        self._require_built()
        X = _checks.real_array(X, what)
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
            raise ValueError(f"{what} has {X.shape[1]} columns but the first layer expects {self.n_inputs} inputs")
        X = X.astype(self.dtype, copy=False)
        # one sum first (fast, no temporary array): it is finite unless X holds NaN or infinity,
        # or its values are so large that the sum overflows, which the exact check then settles
        if finite and not np.isfinite(X.sum()) and not np.all(np.isfinite(X)):
            raise ValueError(f"{what} contains NaN or infinity; clean the data first")
        return X

    def _check_y(self, y: Any, n: int, loss: Loss, what: str = "y") -> np.ndarray:
        y = _checks.real_array(y, what)
        if y.ndim == 0 or y.shape[0] != n:
            raise ValueError(f"{what} has {y.shape[0] if y.ndim else 0} samples but X has {n}")
        if y.dtype.kind == "f" and not np.all(np.isfinite(y)):
            raise ValueError(f"{what} contains NaN or infinity")
        n_out = self.layers[-1].n_out
        return loss.targets(y, np.empty((n, n_out), dtype=self.dtype))  # type: ignore[arg-type]  # built

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
        return [self.X] + [cast(np.ndarray, layer.A) for layer in self.layers]  # all set by that pass

    @property
    def zs(self) -> list[np.ndarray]:
        """``[Z1, Z2, ...]`` (pre-activations) from the last forward pass."""
        if self.X is None:
            raise RuntimeError("no forward pass yet: call model.forward(X) first")
        return [cast(np.ndarray, layer.Z) for layer in self.layers]  # all set by that pass

    def predict(self, X: np.ndarray, batch_size: int = 4096) -> np.ndarray:
        """Output activations ``(n_samples, n_outputs)``, computed in chunks; does not keep Z, A."""
        X = self._check_X(X)
        batch_size = _checks.whole(batch_size, "batch_size", 1)
        with single_threaded():
            return self._predict_all(X, batch_size)[1]

    def _predict_all(self, X: np.ndarray, chunk: int = 8192) -> tuple[np.ndarray, np.ndarray]:
        """``(Z, A)`` of the output layer at inference, in chunks (``Z``: the logits)."""
        Zs, As = [], []
        last = self.layers[-1]
        for i in range(0, len(X), chunk):
            A = X[i : i + chunk]
            for layer in self.layers[:-1]:
                A = layer.predict(A)
            Z = last.logits(A)
            Zs.append(Z)
            As.append(last.activation.forward(Z) if last.activation is not None else Z)
        return np.concatenate(Zs), np.concatenate(As)

    # backward pass -----------------------------------------------------------

    def _loss(self, loss: str | Loss | None) -> Loss:
        if loss is not None:
            return get_loss(loss)
        if self.loss is None:
            raise RuntimeError("no loss chosen: call model.compile(loss=...) or pass loss=...")
        return self.loss

    def _fused(self, loss: Loss) -> bool:
        """True when the output activation and the loss have the stable logits form."""
        last = self.layers[-1]
        return loss.pairs_with is not None and last.activation is not None and last.activation.name == loss.pairs_with

    def _backward(self, Y: np.ndarray, loss: Loss) -> None:
        # backward pass: from the output layer down, each layer turns dA into its dW, db and
        # the dA of the layer below
        last = self.layers[-1]
        A: np.ndarray = last.A  # type: ignore[assignment]  # set by the forward pass
        if self._fused(loss):
            dX = last.backward_from_z(loss.fused_grad(Y, A), need_dX=len(self.layers) > 1)  # type: ignore[misc]  # fused: set
        else:
            dX = last.backward(loss.grad(Y, A), need_dX=len(self.layers) > 1)
        for i in range(len(self.layers) - 2, -1, -1):
            dX = self.layers[i].backward(dX, need_dX=i > 0)  # type: ignore[arg-type]  # need_dX was True

    def backprop(self, dA: np.ndarray) -> np.ndarray:
        """Send any gradient ``dA = dL/dA_out`` (shape of the output) back through the network.

        After a :meth:`forward`. Sets every layer's parameter gradients and returns
        ``dX = dL/dX``, shape ``(n_samples, n_inputs)``: with ``dA`` one-hot on output ``k`` this
        is how much each input pixel raises output ``k``, the step of gradient ascent on the input.

        This is the manual path, and it cannot be exact where the output saturates: a loss
        gradient computed from rounded probabilities (``loss.gradient(y, A)`` with ``A`` exactly
        0 or 1) loses the information the logits had, so the gradient through softmax or
        sigmoid can come out 0 where the true one is large. To go from targets to gradients use
        :meth:`backward` or :meth:`loss_and_gradients`, which work from the logits and stay exact.
        """
        if self.X is None:
            raise RuntimeError("call model.forward(X) before model.backprop(dA)")
        out: np.ndarray = self.layers[-1].A  # type: ignore[assignment]  # set by the forward pass
        grad = _checks.real_array(dA, "dA").astype(self.dtype, copy=False)
        if grad.shape != out.shape:
            raise ValueError(f"dA must have the shape of the output, {out.shape}, got {grad.shape}")
        if not np.all(np.isfinite(grad)):
            raise ValueError("dA contains NaN or infinity")
        dX: np.ndarray | None = grad
        for layer in reversed(self.layers):
            dX = layer.backward(dX, need_dX=True)  # type: ignore[arg-type]  # need_dX=True: never None
        return dX  # type: ignore[return-value]  # need_dX=True: an array

    def _loss_value(
        self, Y: np.ndarray, loss: Loss, Z: np.ndarray | None = None, A: np.ndarray | None = None, penalty: bool = True
    ) -> float:
        """The mean loss of the output ``(Z, A)`` (default: the last forward pass's), from the
        logits where the loss has that form."""
        last = self.layers[-1]
        Z = last.Z if Z is None else Z
        A = last.A if A is None else A
        if self._fused(loss):
            value = loss.from_logits(Y, Z)  # type: ignore[misc,arg-type]  # fused: both set
        else:
            value = loss.fn(Y, A)  # type: ignore[arg-type]  # set by the forward pass
        return value + self.penalty() if penalty and self._has_penalty else value

    def penalty(self) -> float:
        """The penalty terms of all layers (``Dense(..., l2=..., l1=...)``), part of every loss the
        model reports, as in Keras."""
        return sum((layer.penalty() for layer in self.layers), 0.0)

    @property
    def _has_penalty(self) -> bool:
        return any(layer.l2 or layer.l1 for layer in self.layers)

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
        Y = self._check_y(y, len(self.X), loss)
        self._backward(Y, loss)
        return [
            tuple(getattr(layer, "d" + p).copy() for p in layer.param_names)
            for layer in self.layers
            if layer.param_names
        ]

    def loss_and_gradients(
        self, X: np.ndarray, y: np.ndarray, loss: str | Loss | None = None
    ) -> tuple[float, list[tuple[np.ndarray, ...]]]:
        """Forward, then backward: ``(mean loss, [(dW1, db1), (dW2, db2), ...])``."""
        loss = self._loss(loss)
        self.forward(X, training=True)
        grads = self.backward(y, loss)
        return self._loss_value(self._check_y(y, len(self.X), loss), loss), grads  # type: ignore[arg-type]  # set by forward

    # training ----------------------------------------------------------------

    def compile(
        self,
        loss: str | Loss = "mse",
        optimizer: Optimizer | str | None = None,
        metrics: Iterable[str] | str | None = ("accuracy",),
    ) -> None:
        """Choose the loss (a name from ``nnlib.LOSSES``) and the optimiser (``SGD(...)``,
        ``Adam()``, ``RMSprop()``, or one of their names; ``None`` is ``SGD()``).

        ``metrics``: ``["accuracy"]`` (the default), ``"accuracy"``, or ``None``/``[]``;
        ``fit`` and ``evaluate`` always report accuracy, as the lessons read it.
        """
        self.loss = get_loss(loss)
        self.optimizer = get_optimizer(optimizer)
        if metrics is None:
            metrics = ()
        elif isinstance(metrics, str):
            metrics = (metrics,)
        elif not isinstance(metrics, (list, tuple)):
            raise TypeError(f"metrics must be a list of names such as ['accuracy'], got {type(metrics).__name__}")
        unknown = [m for m in metrics if m != "accuracy"]
        if unknown:
            raise ValueError(f"unknown metrics {unknown}; the one known metric is 'accuracy'")
        self.metrics = tuple(metrics)

    def evaluate(self, X: np.ndarray, y: np.ndarray) -> tuple[float, float]:
        """``(mean loss, accuracy)`` on a data set; the loss comes from the logits where it can."""
        loss = self._loss(None)
        X = self._check_X(X)
        Y = self._check_y(y, len(X), loss)
        with single_threaded():
            Z, A = self._predict_all(X)
        return self._loss_value(Y, loss, Z, A), accuracy(Y, A)

    def fit(
        self,
        X: np.ndarray,
        y: np.ndarray,
        *,
        epochs: int = 1,
        batch_size: int = 32,
        rng: np.random.Generator | None = None,
        validation_data: tuple[np.ndarray, np.ndarray] | None = None,
        callbacks: Sequence[Callback] | Callback = (),
        shuffle: bool = True,
        evaluate_train: bool = False,
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
        evaluate_train : bool, default False
            How ``loss`` and ``accuracy`` are measured on the training set. False: as Keras
            does, the mean over the epoch's mini-batches, from the forward passes training
            made anyway (free, but each batch was scored with the weights of its moment, and in
            training mode, so with dropout). True: the whole training set evaluated again after
            the epoch with its final weights, like the validation set (exact, and comparable
            with ``val_loss``; it costs one more pass over the data, about 70% of an epoch's
            steps on MNIST).
        callbacks : list of Callback (or one Callback)
            E.g. ``EarlyStopping(...)``, ``LambdaCallback(on_batch_end=...)``.

        Raises
        ------
        TrainingDiverged
            As soon as a weight becomes NaN or infinite (too large a learning rate, or inputs
            that are not scaled); the model keeps the weights from before that step.
        """
        if self.loss is None or self.optimizer is None:
            raise RuntimeError("call model.compile(loss=..., optimizer=SGD(...)) before fit")
        if self.layers and self.layers[0].input_shape is None and not self.built:
            self.build(np.shape(X)[1] if np.ndim(X) == 2 else 0)
        # NaN or infinity in X shows in the first batch that holds it (the training set is
        # not summed on every call: lesson 13 calls fit once per epoch)
        X = self._check_X(X, finite=False)
        loss, opt = self.loss, self.optimizer
        Y = self._check_y(y, len(X), loss)
        epochs = _checks.whole(epochs, "epochs", 0)
        batch_size = _checks.whole(batch_size, "batch_size", 1)
        shuffle = _checks.boolean(shuffle, "shuffle")
        evaluate_train = _checks.boolean(evaluate_train, "evaluate_train")
        if shuffle:
            if rng is None:
                raise ValueError("fit shuffles the data each epoch: pass rng=np.random.default_rng(seed)")
            _checks.rng(rng)
        val = None
        if validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
                raise ValueError("validation_data must be a pair (X_val, y_val)")
            Xv = self._check_X(validation_data[0], "X_val")
            val = (Xv, self._check_y(validation_data[1], len(Xv), loss, "y_val"))
        self._check_batches(len(X), batch_size)
        callbacks = _callback_list(callbacks)
        for cb in callbacks:
            cb.model = self
        step_listeners = [cb for cb in callbacks if cb.listens_to_steps()]

        history = History()
        has_penalty = self._has_penalty
        params, grads = [self._flat_params], [self._flat_grads]
        # the weights at the start of the epoch: what training falls back to in the rare case that
        # one step's update overflows the weights themselves (usually the outputs overflow first,
        # while the weights are still finite, and those are kept)
        epoch_start = self._flat_params.copy()
        n = len(X)
        # Keras-style report: each sample's output is kept as its batch computed it (the logits
        # where the loss uses them), and the epoch's loss and accuracy come from all of them at
        # the end of the epoch: one copy per step instead of a loss and an accuracy per step
        fused = self._fused(loss)
        kept = None if evaluate_train else np.empty((n, self.layers[-1].n_out), dtype=self.dtype)  # type: ignore[type-var]  # built: n_out is set
        self.stop_training = False
        for cb in callbacks:
            cb.on_train_begin({})
        step = 0
        # overflow is detected below and reported as divergence, with advice, instead of
        # numpy's RuntimeWarnings
        with single_threaded(), np.errstate(over="ignore", invalid="ignore"):
            for epoch in range(epochs):
                for cb in callbacks:
                    cb.on_epoch_begin(epoch, {})
                lr_used = opt.lr
                penalty_sum = 0.0
                t0 = time.perf_counter()
                order = rng.permutation(n) if shuffle else np.arange(n)  # type: ignore[union-attr]  # checked above
                epoch_start[...] = self._flat_params
                for start in range(0, n, batch_size):
                    j = order[start : start + batch_size]
                    xb, yb = X[j], Y[j]
                    out = self._forward(xb, training=True)
                    # weights or inputs that overflowed show as NaN or infinity in the output (one sum
                    # sees any): no step then, and the weights go back to the last finite ones
                    if not math.isfinite(np.add.reduce(out, axis=None)):
                        self._diverged(epoch_start, history, callbacks, epoch, step, xb)
                    if kept is not None:
                        # in the epoch's shuffled order (a slice, not a scatter): Y follows at its end
                        kept[start : start + batch_size] = self.layers[-1].Z if fused else out
                        if has_penalty:
                            penalty_sum += self.penalty() * len(j)
                    self._backward(yb, loss)
                    opt.step(params, grads)
                    if step_listeners:
                        batch_loss = self._loss_value(yb, loss)
                        for cb in step_listeners:
                            cb.on_batch_end(step, {"loss": batch_loss})
                    step += 1
                train_time = time.perf_counter() - t0
                if not np.isfinite(self._flat_params.sum()):  # the epoch's last step overflowed
                    self._diverged(epoch_start, history, callbacks, epoch, step - 1, None)
                opt.end_epoch()
                logs: dict[str, float] = {}
                if evaluate_train:
                    Z, A = self._predict_all(X)
                    logs["loss"], logs["accuracy"] = self._loss_value(Y, loss, Z, A), accuracy(Y, A)
                else:
                    assert kept is not None
                    Y_seen = Y[order]  # the targets in the order the batches saw them
                    logs["loss"] = self._loss_value(Y_seen, loss, kept, kept, penalty=False) + penalty_sum / n
                    # logits: sigmoid(z) >= 0.5 exactly where z >= 0, and softmax keeps the arg-max
                    logs["accuracy"] = accuracy(Y_seen, kept, threshold=0.0 if fused else 0.5)
                if val is not None:
                    Zv, Av = self._predict_all(val[0])
                    logs["val_loss"], logs["val_accuracy"] = (
                        self._loss_value(val[1], loss, Zv, Av),
                        accuracy(val[1], Av),
                    )
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

    def _check_batches(self, n: int, batch_size: int) -> None:
        """Batch normalisation needs two samples in every training batch, the last one too."""
        if not any(isinstance(layer, BatchNormalization) for layer in self.layers):
            return
        sizes = {min(batch_size, n), n % batch_size or batch_size}
        if min(sizes) < 2:
            raise ValueError(
                f"with {n} samples and batch_size={batch_size} a training batch would hold one sample, "
                "and BatchNormalization needs at least two (the variance of one sample is 0): choose "
                "a batch_size of at least 2 that does not leave one sample over at the end of an epoch"
            )

    def _diverged(
        self,
        epoch_start: np.ndarray,
        history: History,
        callbacks: list[Callback],
        epoch: int,
        step: int,
        batch: np.ndarray | None,
    ) -> None:
        # keep the current weights if they are still finite (only the outputs overflowed),
        # else go back to those the epoch started with
        kept = "the last finite weights"
        if not np.isfinite(self._flat_params.sum()):
            self._flat_params[...] = epoch_start
            kept = f"the weights from the start of epoch {epoch} (a step's update overflowed them)"
        if self.optimizer is not None:
            self.optimizer.reset_state()
        self.history = history
        if batch is not None and not np.all(np.isfinite(batch)):
            for cb in callbacks:
                cb.on_train_end({"diverged": "X contains NaN or infinity"})
            raise ValueError(
                f"X contains NaN or infinity (found in epoch {epoch}, step {step}); clean the data first. "
                f"The model keeps {kept}"
            )
        message = (
            f"training diverged in epoch {epoch} (step {step}): the loss became NaN or infinite, so "
            f"training stopped. The model keeps {kept}. Try a smaller "
            f"learning rate (now lr={self.optimizer.lr:g})"  # type: ignore[union-attr]  # compiled
            " or inputs scaled to small numbers (e.g. pixels / 255, or each feature standardised)."
        )
        for cb in callbacks:
            cb.on_train_end({"diverged": message})
        raise TrainingDiverged(message, history)


def _callback_list(callbacks: object) -> list[Callback]:
    if isinstance(callbacks, Callback):
        return [callbacks]
    if callbacks is None:
        return []
    if not isinstance(callbacks, (list, tuple)):
        raise TypeError(
            f"callbacks must be a list of callbacks, e.g. [EarlyStopping()], got {type(callbacks).__name__}"
        )
    for cb in callbacks:
        if not isinstance(cb, Callback):
            raise TypeError(f"callbacks must be Callback objects such as EarlyStopping(), got {type(cb).__name__}")
    return list(callbacks)
