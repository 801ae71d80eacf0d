"""Layers: ``Dense`` (fully connected) and ``Activation``, batch-first.

A dense layer computes, for a batch ``X`` of shape ``(n_samples, n_in)``::

    Z = X @ W + b        W: (n_in, units), b: (units,), Z: (n_samples, units)
    A = f(Z)             f: the activation, applied to every unit

and keeps ``Z`` and ``A`` from its last forward pass so a lesson can show them. Its backward
pass turns ``dA = dL/dA`` into the gradients ``dW``, ``db`` and ``dX = dL/dX`` for the layer
below::

    dZ = dA * f'(Z)      (softmax: the Jacobian product, see nnlib.activations)
    dW = X.T @ dZ        db = dZ summed over the batch        dX = dZ @ W.T

The names mirror Keras (``Dense(units, activation=None, input_shape=None)``) so that code in
notes written for Keras maps one to one.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import _checks
from .activations import ActivationFunction, get_activation

__all__ = ["INITIALIZERS", "Activation", "BatchNormalization", "Dense", "Dropout", "Layer", "initial_weights"]


class Layer:
    """Base class: a layer maps a batch ``(n_samples, n_in)`` to ``(n_samples, n_out)``.

    The contract ``Sequential`` relies on:

    - :meth:`build` sets ``n_in``/``n_out`` and creates the parameters named in
      ``param_names`` (the gradient of parameter ``p`` is stored as attribute ``"d" + p``
      after a backward pass);
    - :meth:`forward` returns ``A`` and keeps it (and, for layers with an activation, the
      pre-activation ``Z``) for the backward pass; :meth:`predict` computes the same output
      without keeping anything;
    - :meth:`backward` turns ``dA = dL/dA`` into the parameter gradients and returns
      ``dX = dL/dX`` for the layer below; :meth:`backward_from_z` does the same from
      ``dZ = dL/dZ`` (layers without an activation have ``Z = A``, so it is ``backward``);
    - layers with an activation set ``activation`` and answer :meth:`logits` (their ``Z`` at
      inference), which lets a model compute cross-entropy from logits.
    """

    param_names: tuple[str, ...] = ()
    input_shape: tuple[int, ...] | None = None
    activation: ActivationFunction | None = None
    l2: float = 0.0  # weight-decay strength: a layer with l2 > 0 adds penalty() to the loss
    l1: float = 0.0  # L1 strength: a layer with l1 > 0 adds penalty() to the loss

    def __init__(self) -> None:
        self.n_in: int | None = None
        self.n_out: int | None = None
        self.name: str = type(self).__name__.lower()
        self.Z: np.ndarray | None = None
        self.A: np.ndarray | None = None

    @property
    def built(self) -> bool:
        return self.n_in is not None

    def build(self, n_in: int, rng: np.random.Generator, dtype: np.dtype) -> None:
        self.n_in = self.n_out = int(n_in)

    def forward(self, X: np.ndarray, training: bool = False) -> np.ndarray:
        raise NotImplementedError(f"{type(self).__name__} must define forward()")

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The inference-time output, without keeping anything for a backward pass."""
        raise NotImplementedError(f"{type(self).__name__} must define predict()")

    def backward(self, dA: np.ndarray, need_dX: bool = True) -> np.ndarray | None:
        raise NotImplementedError(f"{type(self).__name__} must define backward()")

    def backward_from_z(self, dZ: np.ndarray, need_dX: bool = True) -> np.ndarray | None:
        """``backward`` from ``dZ = dL/dZ``; without an activation ``Z`` is the output."""
        return self.backward(dZ, need_dX)

    def logits(self, X: np.ndarray) -> np.ndarray:
        """The inference-time pre-activation ``Z`` (the output itself for layers without one)."""
        return self.predict(X)

    def penalty(self) -> float:
        """What this layer adds to the loss (weight decay, L1); 0 for most layers."""
        return 0.0

    def count_params(self) -> int:
        return sum(int(getattr(self, p).size) for p in self.param_names)

    def _rehome(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        # take views of a model's flat parameter and gradient buffers (values copied in);
        # parameter p is stored as attribute "_p" behind a checking property "p"
        for name, p, g in zip(self.param_names, params, grads):
            p[...] = getattr(self, name)
            setattr(self, "_" + name, p)
            setattr(self, "d" + name, g)


def _shape_tuple(input_shape: int | Sequence[int] | None) -> tuple[int, ...] | None:
    if input_shape is None:
        return None
    if isinstance(input_shape, (int, np.integer)) and not isinstance(input_shape, bool):
        shape: tuple[object, ...] = (input_shape,)
    elif isinstance(input_shape, (list, tuple, np.ndarray)):
        shape = tuple(input_shape)
    else:
        shape = ()
    if len(shape) != 1 or not all(
        isinstance(s, (int, np.integer)) and not isinstance(s, bool) and s > 0 for s in shape
    ):
        raise ValueError(
            f"input_shape must be one positive whole number of features, like [3] or [784], got {input_shape!r}"
        )
    return (int(shape[0]),)  # type: ignore[call-overload]  # checked to be one int just above


def _positive_int(value: object, what: str) -> int:
    return _checks.whole(value, what, 1)


def _built(param: np.ndarray | None, layer: Layer) -> np.ndarray:
    """A parameter that exists once the layer is built, or a clear error before that."""
    if param is None:
        raise RuntimeError(
            f"{layer!r} has no weights yet: give the first layer input_shape=[n_features] "
            "or call model.build(n_features)"
        )
    return param


def _no_forward(layer: Layer) -> RuntimeError:
    return RuntimeError(f"{layer!r}: call forward() before backward()")


def _stored(value: np.ndarray | None, layer: Layer) -> np.ndarray:
    """A value kept by the last forward pass, or a clear error when there was none."""
    if value is None:
        raise _no_forward(layer)
    return value


def _no_one_unit_softmax(activation: ActivationFunction, units: int, layer: str) -> None:
    if activation.name == "softmax" and units == 1:
        raise ValueError(
            f"{layer} has softmax over a single unit, whose output is always exactly 1, so it cannot "
            "learn: for two classes use one unit with activation='sigmoid' and loss='binary_crossentropy', "
            "or softmax over two units"
        )


# Weight initialisers by name (Keras's names; "lecun" and "he" are the short forms the lessons
# use). Each maps (n_in, n_out) to the standard deviation of every weight; *_normal draws from a
# normal distribution with it, *_uniform from U(-limit, limit) with limit = sqrt(3) * std.
_INIT_STD = {
    "lecun_normal": lambda n_in, n_out: n_in**-0.5,
    "lecun_uniform": lambda n_in, n_out: n_in**-0.5,
    "he_normal": lambda n_in, n_out: (2 / n_in) ** 0.5,
    "he_uniform": lambda n_in, n_out: (2 / n_in) ** 0.5,
    "glorot_normal": lambda n_in, n_out: (2 / (n_in + n_out)) ** 0.5,
    "glorot_uniform": lambda n_in, n_out: (2 / (n_in + n_out)) ** 0.5,
    "standard_normal": lambda n_in, n_out: 1.0,
    "zeros": lambda n_in, n_out: 0.0,
}
_INIT_ALIASES = {"lecun": "lecun_normal", "he": "he_normal", "xavier": "glorot_uniform"}
INITIALIZERS: tuple[str, ...] = ("auto", *_INIT_STD, *_INIT_ALIASES)


def initial_weights(
    init: str, n_in: int, n_out: int, rng: np.random.Generator, dtype: np.dtype | type = np.float64
) -> np.ndarray:
    """Draw a weight matrix ``(n_in, n_out)`` by the initialiser called ``init``.

    Variances (``n_in``: fan-in, ``n_out``: fan-out):

    - LeCun ``1 / n_in``: keeps the variance of ``z`` equal to that of the inputs (tanh, sigmoid,
      linear; Keras's default for SELU);
    - He ``2 / n_in``: the same for ReLU, which zeroes half of its inputs;
    - Glorot (Xavier) ``2 / (n_in + n_out)``: a compromise between the forward and the backward
      pass (Keras's default for ``Dense``: ``glorot_uniform``);
    - ``standard_normal``: variance 1 whatever the layer's size (too large for wide layers);
    - ``zeros``: every weight 0 (every unit of the layer then stays identical: no learning).

    ``*_normal`` draws ``N(0, variance)`` (Keras truncates its normal at two standard
    deviations and rescales; this plain normal has exactly the stated variance);
    ``*_uniform`` draws ``U(-limit, limit)`` with ``limit = sqrt(3 * variance)``.
    """
    name = _INIT_ALIASES.get(init, init)
    if name not in _INIT_STD:
        known = ", ".join(repr(k) for k in INITIALIZERS if k != "auto")
        raise ValueError(f"unknown initialiser {init!r}; choose one of {known}")
    std = _INIT_STD[name](n_in, n_out)
    if name.endswith("_uniform"):
        limit = 3**0.5 * std
        return rng.uniform(-limit, limit, size=(n_in, n_out)).astype(dtype)
    return (rng.standard_normal((n_in, n_out)) * std).astype(dtype)


class Dense(Layer):
    """A fully connected layer: every unit sees every input.

    ``Z = X @ W + b``, ``A = activation(Z)``.

    Parameters
    ----------
    units : int
        Number of units (outputs) of the layer.
    activation : str or None
        A name from ``nnlib.ACTIVATIONS``; ``None`` means linear, as in Keras.
    input_shape : sequence of one int, optional
        Number of input features, for the first layer of a model (``input_shape=[3]``).
    init : str, default "auto"
        How ``W`` is drawn (see :func:`initial_weights`): ``"lecun"`` N(0, 1/n_in), ``"he"``
        N(0, 2/n_in), ``"glorot_uniform"`` U(±sqrt(6/(n_in+units))), their other Keras forms
        (``"lecun_uniform"``, ``"he_uniform"``, ``"glorot_normal"``), ``"standard_normal"``
        N(0, 1) or ``"zeros"``. ``"auto"`` picks He for ReLU, else LeCun. Biases start at 0.
    l2 : float >= 0, default 0
        Weight decay: adds ``l2 * sum(W**2)`` to the loss the model reports and minimises, so
        ``dW`` gains ``2 * l2 * W`` (Keras: ``kernel_regularizer=regularizers.l2(l2)``). Biases
        are not penalised.
    l1 : float >= 0, default 0
        Adds ``l1 * sum(|W|)`` to the loss, so ``dW`` gains ``l1 * sign(W)`` (at a weight of
        exactly 0 the subgradient 0, which leaves it alone; Keras: ``regularizers.l1(l1)``).

    Attributes
    ----------
    W : ndarray, shape (n_in, units)
    b : ndarray, shape (units,)
    Z, A : ndarray, shape (n_samples, units)
        From the last forward pass.
    dW, db : ndarray
        From the last backward pass.
    """

    param_names = ("W", "b")
    INITS = INITIALIZERS
    activation: ActivationFunction  # always set (linear when None is given)

    def __init__(
        self,
        units: int,
        activation: str | ActivationFunction | None = None,
        input_shape: int | Sequence[int] | None = None,
        *,
        init: str = "auto",
        l2: float = 0.0,
        l1: float = 0.0,
    ) -> None:
        super().__init__()
        self.units = _positive_int(units, "units")
        self.activation = get_activation(activation)
        _no_one_unit_softmax(self.activation, self.units, f"Dense({self.units}, activation='softmax')")
        self.input_shape = _shape_tuple(input_shape)
        if not isinstance(init, str) or init not in self.INITS:
            raise ValueError(f"unknown init {init!r}; choose one of {', '.join(map(repr, self.INITS))}")
        self.init = init
        self.l2 = _checks.number(l2, "l2", 0.0, why="the weight-decay strength")
        self.l1 = _checks.number(l1, "l1", 0.0, why="the L1 penalty's strength")
        self.n_out = self.units
        self._W: np.ndarray | None = None
        self._b: np.ndarray | None = None
        self.X: np.ndarray | None = None
        self.dW: np.ndarray | None = None
        self.db: np.ndarray | None = None
        self.name = "dense"

    def __repr__(self) -> str:
        shape = f", input_shape=[{self.input_shape[0]}]" if self.input_shape else ""
        l2 = f", l2={self.l2:g}" if self.l2 else ""
        l1 = f", l1={self.l1:g}" if self.l1 else ""
        return f"Dense({self.units}, activation={self.activation.name!r}{shape}{l2}{l1})"

    # parameters ----------------------------------------------------------

    def build(self, n_in: int, rng: np.random.Generator, dtype: np.dtype) -> None:
        """Draw ``W`` with shape ``(n_in, units)`` from ``rng``; set ``b`` to zeros."""
        n_in = _positive_int(n_in, "number of inputs")
        if self.input_shape and self.input_shape[0] != n_in:
            raise ValueError(f"{self!r} expects {self.input_shape[0]} inputs, but gets {n_in}")
        self.n_in = n_in
        init = self.init
        if init == "auto":
            init = "he" if self.activation.name == "relu" else "lecun"
        self._W = initial_weights(init, n_in, self.units, rng, dtype)
        self._b = np.zeros(self.units, dtype=dtype)

    @property
    def W(self) -> np.ndarray:
        """Weights, shape ``(n_in, units)``: ``W[i, j]`` connects input ``i`` to unit ``j``."""
        return _built(self._W, self)

    @W.setter
    def W(self, value: np.ndarray) -> None:
        W = _built(self._W, self)
        W[...] = _checked_param(value, W.shape, "W", self)

    @property
    def b(self) -> np.ndarray:
        """Biases, shape ``(units,)``."""
        return _built(self._b, self)

    @b.setter
    def b(self, value: np.ndarray) -> None:
        b = _built(self._b, self)
        b[...] = _checked_param(value, b.shape, "b", self)

    # feedforward -----------------------------------------------------------

    def forward(self, X: np.ndarray, training: bool = False) -> np.ndarray:
        """``A = f(X @ W + b)``; keeps ``X``, ``Z`` and ``A``."""
        # the training hot path: the attributes directly, without the checking properties
        if self._W is None or self._b is None:
            _built(None, self)
        Z = X @ self._W
        Z += self._b
        self.X, self.Z = X, Z
        self.A = self.activation.forward(Z)
        return self.A

    def predict(self, X: np.ndarray) -> np.ndarray:
        return self.activation.forward(self.logits(X))

    def penalty(self) -> float:
        """``l2 * sum(W**2) + l1 * sum(|W|)``, the penalty this layer adds to the loss."""
        if not (self.l2 or self.l1):
            return 0.0
        W = self.W
        out = self.l2 * float(np.vdot(W, W)) if self.l2 else 0.0
        return out + self.l1 * float(np.abs(W).sum()) if self.l1 else out

    def logits(self, X: np.ndarray) -> np.ndarray:
        """``Z = X @ W + b`` for a batch, without keeping anything."""
        Z = X @ self.W
        Z += self.b
        return Z

    # backward pass ---------------------------------------------------------

    def backward(self, dA: np.ndarray, need_dX: bool = True) -> np.ndarray | None:
        """Gradients from ``dA = dL/dA``: sets ``dW``, ``db``; returns ``dX`` (or None)."""
        Z, A = self.Z, self.A
        if Z is None or A is None:
            raise _no_forward(self)
        return self.backward_from_z(self.activation.backward(dA, Z, A), need_dX)

    def backward_from_z(self, dZ: np.ndarray, need_dX: bool = True) -> np.ndarray | None:
        """Gradients when ``dZ = dL/dZ`` is already known (the stable output-layer form)."""
        self.dZ = dZ
        W, X = self._W, self.X
        if W is None or X is None:
            raise _no_forward(self)
        if self.dW is None or self.db is None or self.dW.dtype != dZ.dtype:
            self.dW = np.empty_like(W)
            self.db = np.empty_like(self.b)
        # written into dW and db in place: Sequential keeps them as views of one flat buffer
        np.matmul(X.T, dZ, out=self.dW)
        if self.l2:
            self.dW += (2 * self.l2) * W  # the weight-decay penalty's gradient
        if self.l1:
            self.dW += self.l1 * np.sign(W)  # the L1 penalty's (sub)gradient
        np.add.reduce(dZ, axis=0, out=self.db)  # = dZ.sum(axis=0), without np.sum's wrapper
        return dZ @ W.T if need_dX else None


class Activation(Layer):
    """An activation on its own: ``Dense(8)`` then ``Activation("relu")`` equals
    ``Dense(8, activation="relu")``. No parameters.
    """

    activation: ActivationFunction

    def __init__(self, activation: str | ActivationFunction, input_shape: int | Sequence[int] | None = None) -> None:
        super().__init__()
        self.activation = get_activation(activation)
        self.input_shape = _shape_tuple(input_shape)
        self.name = "activation"

    def __repr__(self) -> str:
        return f"Activation({self.activation.name!r})"

    def build(self, n_in: int, rng: np.random.Generator, dtype: np.dtype) -> None:
        self.n_in = self.n_out = _positive_int(n_in, "number of inputs")
        _no_one_unit_softmax(self.activation, self.n_in, "Activation('softmax') after a layer with one unit")

    def forward(self, X: np.ndarray, training: bool = False) -> np.ndarray:
        self.Z = X
        self.A = self.activation.forward(X)
        return self.A

    def predict(self, X: np.ndarray) -> np.ndarray:
        return self.activation.forward(X)

    def logits(self, X: np.ndarray) -> np.ndarray:
        return X

    def backward(self, dA: np.ndarray, need_dX: bool = True) -> np.ndarray | None:
        return self.activation.backward(dA, _stored(self.Z, self), _stored(self.A, self))

    def backward_from_z(self, dZ: np.ndarray, need_dX: bool = True) -> np.ndarray | None:
        return dZ


def _checked_param(value: object, shape: tuple[int, ...], name: str, layer: Layer) -> np.ndarray:
    arr = np.asarray(value)
    if arr.dtype.kind not in "fiub":
        raise TypeError(f"{name} must be numbers, got dtype {arr.dtype}")
    if arr.shape != shape:
        hint = " (did you transpose it?)" if arr.shape == shape[::-1] and len(shape) == 2 else ""
        raise ValueError(f"{name} of {layer!r} must have shape {shape}, got {arr.shape}{hint}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} of {layer!r} contains NaN or infinity")
    return arr


class Dropout(Layer):
    """Randomly silence a fraction ``rate`` of the inputs while training.

    Training: ``A = X * mask / (1 - rate)`` with ``mask`` drawn fresh for every batch (each entry
    kept with probability ``1 - rate``); dividing by ``1 - rate`` keeps the expected value of
    every unit unchanged. Inference (``predict``, ``evaluate``): ``A = X``. The masks come from
    the model's ``rng``, so runs repeat exactly.
    """

    def __init__(self, rate: float, input_shape: int | Sequence[int] | None = None) -> None:
        super().__init__()
        self.rate = _checks.number(rate, "rate", 0.0, 1.0, high_open=True, why="the share of units dropped")
        self.input_shape = _shape_tuple(input_shape)
        self.mask: np.ndarray | None = None
        self.freeze_mask = False  # reuse the last mask (gradient checking)
        self.name = "dropout"

    def __repr__(self) -> str:
        return f"Dropout({self.rate:g})"

    def build(self, n_in: int, rng: np.random.Generator, dtype: np.dtype) -> None:
        self.n_in = self.n_out = _positive_int(n_in, "number of inputs")
        self.rng = rng

    def forward(self, X: np.ndarray, training: bool = False) -> np.ndarray:
        self.X = X
        if not training or self.rate == 0:
            self.mask = None
            self.A = X
            return X
        if not (self.freeze_mask and self.mask is not None and self.mask.shape == X.shape):
            keep = self.rng.random(X.shape) >= self.rate
            self.mask = keep.astype(X.dtype) / (1 - self.rate)
        self.A = X * self.mask
        return self.A

    def predict(self, X: np.ndarray) -> np.ndarray:
        return X

    def backward(self, dA: np.ndarray, need_dX: bool = True) -> np.ndarray | None:
        return dA if self.mask is None else dA * self.mask


class BatchNormalization(Layer):
    """Normalise every unit over the batch, then scale and shift it.

    Training, for a batch ``X (n_samples, n_units)``::

        mu = mean(X, axis=0)    var = var(X, axis=0)
        X_hat = (X - mu) / sqrt(var + epsilon)
        A = gamma * X_hat + beta            gamma, beta: (n_units,), learned

    and running averages of ``mu`` and ``var`` are kept
    (``running = momentum * running + (1 - momentum) * batch``). Inference uses those running
    averages instead of the batch's, so one sample gives the same answer alone or in a batch.
    As a first layer it learns to standardise the inputs, like a scaler fitted during training.

    A training batch needs at least two samples (the variance of one sample is 0, and every
    output would be ``beta``). The backward pass follows the mode of the last forward pass:
    through the batch statistics after a training pass, and through the fixed affine map
    ``A = gamma * (X - running_mean) / sqrt(running_var + epsilon) + beta`` after an
    inference pass.
    """

    param_names = ("gamma", "beta")

    def __init__(
        self, momentum: float = 0.99, epsilon: float = 1e-3, input_shape: int | Sequence[int] | None = None
    ) -> None:
        super().__init__()
        self.momentum = _checks.number(momentum, "momentum", 0.0, 1.0, high_open=True)
        self.epsilon = _checks.number(epsilon, "epsilon", 0.0, low_open=True)
        self.input_shape = _shape_tuple(input_shape)
        self._gamma: np.ndarray | None = None
        self._beta: np.ndarray | None = None
        self.dgamma: np.ndarray | None = None
        self.dbeta: np.ndarray | None = None
        self.X_hat: np.ndarray | None = None
        self.training = False  # the mode of the last forward pass, which backward follows
        self.name = "batch_normalization"

    def __repr__(self) -> str:
        return "BatchNormalization()"

    def build(self, n_in: int, rng: np.random.Generator, dtype: np.dtype) -> None:
        self.n_in = self.n_out = _positive_int(n_in, "number of inputs")
        self._gamma = np.ones(n_in, dtype=dtype)
        self._beta = np.zeros(n_in, dtype=dtype)
        self.running_mean = np.zeros(n_in, dtype=dtype)
        self.running_var = np.ones(n_in, dtype=dtype)

    @property
    def gamma(self) -> np.ndarray:
        """Scale, shape ``(n_units,)``."""
        return _built(self._gamma, self)

    @gamma.setter
    def gamma(self, value: np.ndarray) -> None:
        gamma = _built(self._gamma, self)
        gamma[...] = _checked_param(value, gamma.shape, "gamma", self)

    @property
    def beta(self) -> np.ndarray:
        """Shift, shape ``(n_units,)``."""
        return _built(self._beta, self)

    @beta.setter
    def beta(self, value: np.ndarray) -> None:
        beta = _built(self._beta, self)
        beta[...] = _checked_param(value, beta.shape, "beta", self)

    def forward(self, X: np.ndarray, training: bool = False) -> np.ndarray:
        self.training = training
        if not training:
            self.inv_std = 1 / np.sqrt(self.running_var + self.epsilon)
            self.X_hat = (X - self.running_mean) * self.inv_std
            self.A = self.gamma * self.X_hat + self.beta
            return self.A
        if len(X) < 2:
            raise ValueError(
                f"BatchNormalization needs at least two samples per training batch, got {len(X)}: "
                "the variance of one sample is 0. Use batch_size >= 2 (and avoid a last batch of one "
                "sample), or call predict() for single samples"
            )
        mu = X.mean(axis=0)
        var = X.var(axis=0)
        self.inv_std = 1 / np.sqrt(var + self.epsilon)
        self.X_hat = (X - mu) * self.inv_std
        self.A = self.gamma * self.X_hat + self.beta
        m = self.momentum
        self.running_mean = m * self.running_mean + (1 - m) * mu
        self.running_var = m * self.running_var + (1 - m) * var
        return self.A

    def predict(self, X: np.ndarray) -> np.ndarray:
        return self.gamma * (X - self.running_mean) / np.sqrt(self.running_var + self.epsilon) + self.beta

    def backward(self, dA: np.ndarray, need_dX: bool = True) -> np.ndarray | None:
        """Gradients after the last forward pass: through the batch statistics (training mode),
        or through the fixed affine map (inference mode)."""
        if self.X_hat is None:
            raise RuntimeError("call forward() on this layer (or the model) before backward()")
        gamma = self.gamma
        if self.dgamma is None or self.dbeta is None:
            self.dgamma, self.dbeta = np.empty_like(gamma), np.empty_like(gamma)
        self.dgamma[...] = (dA * self.X_hat).sum(axis=0)
        self.dbeta[...] = dA.sum(axis=0)
        if not need_dX:
            return None
        dX_hat = dA * gamma
        if not self.training:  # inference: X_hat = (X - running_mean) * inv_std, constants
            return dX_hat * self.inv_std
        n = len(dA)
        # d/dX of (X - mu) / sigma, with mu and sigma depending on every row of the batch
        return self.inv_std / n * (n * dX_hat - dX_hat.sum(axis=0) - self.X_hat * (dX_hat * self.X_hat).sum(axis=0))
