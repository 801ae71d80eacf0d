"""Activation functions and their derivatives, batch-first.

Every activation maps pre-activations ``Z`` of shape ``(n_samples, n_units)`` to activations
``A = f(Z)`` of the same shape. For back-propagation each one also knows how to turn
``dA = dL/dA`` into ``dZ = dL/dZ``: for element-wise functions that is ``dA * f'(Z)``; for
softmax, whose outputs depend on the whole row, it is the Jacobian-vector product.

Look one up by name with :func:`get_activation`; the names are the keys of ``ACTIVATIONS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = [
    "ACTIVATIONS",
    "ActivationFunction",
    "get_activation",
    "linear",
    "relu",
    "sigmoid",
    "softmax",
    "step",
    "tanh",
]


def _numbers(z: object, fn: str) -> np.ndarray:
    """``z`` as an array of numbers, or a clear error naming the function."""
    if isinstance(z, np.ndarray) and z.dtype.kind in "fiub":
        return z  # the fast path: every call from a layer
    try:
        arr = np.asarray(z)
    except (ValueError, TypeError):
        arr = np.asarray(None, dtype=object)
    if arr.dtype.kind not in "fiub":
        raise TypeError(f"{fn} takes numbers (a number or an array of numbers), got {type(z).__name__} {z!r:.60}")
    return arr


# ---------------------------------------------------------------------------
# the functions themselves (each works on any array shape, softmax on the last axis)


def step(z: np.ndarray) -> np.ndarray:
    """Heaviside step, the perceptron's activation: 1 where ``z > 0``, else 0.

    Its derivative is 0 everywhere it exists, which is why a step cannot learn by gradient.
    """
    z = _numbers(z, "step")
    return (z > 0).astype(z.dtype if z.dtype.kind == "f" else np.float64)


def linear(z: np.ndarray) -> np.ndarray:
    """Identity, ``f(z) = z``: a unit with it is the linear model ``y = w·x + b``."""
    return _numbers(z, "linear")


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic sigmoid ``1 / (1 + exp(-z))``: squashes any number into (0, 1).

    Computed with ``e = exp(-|z|)`` as ``1 / (1 + e)`` for ``z >= 0`` and ``e / (1 + e)`` for
    ``z < 0``: the same function, written so that ``exp`` never overflows and both tails keep
    their full relative precision (``sigmoid(-40)`` is 4.2e-18, not 0).
    """
    z = _numbers(z, "sigmoid")
    if z.ndim == 0:
        return sigmoid(z.reshape(1))[0]
    dtype = np.result_type(z.dtype, np.float32)  # dtypes, not values: numpy 1.x would turn a 0-d float64 into float32
    e = np.abs(z, dtype=dtype)
    np.negative(e, out=e)
    np.exp(e, out=e)  # e = exp(-|z|), in (0, 1]
    denominator = e + 1
    np.maximum(e, z >= 0, out=e)  # numerator: 1 where z >= 0, else e = exp(z)
    e /= denominator
    return e


def tanh(z: np.ndarray) -> np.ndarray:
    """Hyperbolic tangent: squashes any number into (-1, 1), centred on 0."""
    return np.tanh(_numbers(z, "tanh"))


def relu(z: np.ndarray) -> np.ndarray:
    """Rectified linear unit ``max(0, z)``: 0 for negative inputs, no upper limit."""
    return np.maximum(_numbers(z, "relu"), 0)


def softmax(z: np.ndarray) -> np.ndarray:
    """Softmax along the last axis: ``exp(z_k) / sum_j exp(z_j)``, each row sums to 1.

    The row maximum is subtracted first; that leaves the result unchanged and keeps
    ``exp`` from overflowing.
    """
    z = _numbers(z, "softmax")
    if z.ndim == 0 or z.shape[-1] == 0:
        raise ValueError(
            f"softmax needs at least one number along its last axis (one row per sample), got shape {z.shape}"
        )
    e = z - z.max(axis=-1, keepdims=True)
    np.exp(e, out=e)
    e /= e.sum(axis=-1, keepdims=True)
    return e


# ---------------------------------------------------------------------------
# derivatives, written in terms of z and the already computed a = f(z)


def _step_grad(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    return np.zeros_like(a)


def _linear_grad(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    return np.ones_like(a)


def _sigmoid_grad(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    return a * (1 - a)  # sigma'(z) = sigma(z) (1 - sigma(z))


def _tanh_grad(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    return 1 - a * a  # tanh'(z) = 1 - tanh(z)^2


def _relu_grad(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    return (z > 0).astype(a.dtype)  # 0 at the kink, by convention


def _softmax_diag(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    # the diagonal of the softmax Jacobian; backward() uses the full Jacobian product
    return a * (1 - a)


def _softmax_backward(da: np.ndarray, z: np.ndarray, a: np.ndarray) -> np.ndarray:
    # dz_i = sum_k da_k * a_k (delta_ik - a_i) = a_i * (da_i - sum_k da_k a_k)
    return a * (da - (da * a).sum(axis=-1, keepdims=True))


@dataclass(frozen=True)
class ActivationFunction:
    """An activation with its derivative.

    Attributes
    ----------
    name : str
        The registry name, e.g. ``"sigmoid"``.
    forward : callable
        ``A = forward(Z)``, same shape as ``Z``.
    grad : callable
        ``grad(Z, A)``: the element-wise derivative ``f'(Z)`` (for softmax only its diagonal).
    elementwise : bool
        False for softmax, whose backward pass needs the whole row.
    """

    name: str
    forward: Callable[[np.ndarray], np.ndarray]
    grad: Callable[[np.ndarray, np.ndarray], np.ndarray]
    elementwise: bool = True

    def __call__(self, z: np.ndarray) -> np.ndarray:
        return self.forward(z)

    def derivative(self, z: np.ndarray) -> np.ndarray:
        """``f'(z)`` element-wise (for softmax: the diagonal of its Jacobian)."""
        z = np.asarray(z, dtype=np.result_type(z, np.float64))
        return self.grad(z, self.forward(z))

    def backward(self, da: np.ndarray, z: np.ndarray, a: np.ndarray) -> np.ndarray:
        """``dZ = dL/dZ`` from ``dA = dL/dA``, with ``Z`` and ``A = f(Z)`` from the forward pass.

        Element-wise: ``dZ = dA * f'(Z)``. Softmax: ``dZ = A * (dA - sum(dA * A, axis=1))``.
        """
        if self.elementwise:
            return da * self.grad(z, a)
        return _softmax_backward(da, z, a)

    def __repr__(self) -> str:
        return f"ActivationFunction({self.name!r})"


ACTIVATIONS: dict[str, ActivationFunction] = {
    "step": ActivationFunction("step", step, _step_grad),
    "linear": ActivationFunction("linear", linear, _linear_grad),
    "sigmoid": ActivationFunction("sigmoid", sigmoid, _sigmoid_grad),
    "tanh": ActivationFunction("tanh", tanh, _tanh_grad),
    "relu": ActivationFunction("relu", relu, _relu_grad),
    "softmax": ActivationFunction("softmax", softmax, _softmax_diag, elementwise=False),
}


def get_activation(name: str | ActivationFunction | None) -> ActivationFunction:
    """The activation called ``name`` (``None`` means ``"linear"``, as in Keras).

    Raises
    ------
    ValueError
        For an unknown name, listing the known ones.
    """
    if name is None:
        return ACTIVATIONS["linear"]
    if isinstance(name, ActivationFunction):
        return name
    if not isinstance(name, str):
        raise TypeError(f"activation must be a name such as 'sigmoid', got {type(name).__name__}")
    key = name.lower()
    if key not in ACTIVATIONS:
        known = ", ".join(repr(k) for k in ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r}; known activations are {known}")
    return ACTIVATIONS[key]
