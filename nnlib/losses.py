"""Loss (cost) functions: one number for "how wrong", and its gradient.

Shapes are batch-first: predictions ``A`` are ``(n_samples, n_outputs)``; targets are either
the same shape, or, for classification, integer class labels of shape ``(n_samples,)``
(turned into one-hot rows, or into a column for a single sigmoid output).

Each loss is the *mean* over the batch, so its gradient ``dL/dA`` carries a factor ``1/n``;
back-propagation then sums over the batch and the result is the average gradient.

Two pairs have a simpler, numerically stable form when written in terms of the last layer's
pre-activation ``Z`` (the logits): sigmoid + binary cross-entropy and softmax + categorical
cross-entropy. For both, ``dL/dZ = (A - Y) / n``, and the loss itself is computed from ``Z``
with log-sum-exp, so it stays exact when the output saturates (a logit of -1000 costs 1000,
where ``log`` of the rounded probability would give infinity). ``Sequential`` uses both
automatically. The fused gradient is the derivative of the reported loss only for targets
that are probabilities: each categorical row sums to 1, each binary target lies in [0, 1];
both losses refuse other targets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = [
    "LOSSES",
    "Loss",
    "accuracy",
    "binary_crossentropy",
    "binary_crossentropy_from_logits",
    "categorical_crossentropy",
    "get_loss",
    "mean_absolute_error",
    "mean_squared_error",
    "to_targets",
]

_EPS = 1e-12  # keeps log() finite when a probability is exactly 0 or 1 (probabilities given)
_SUM_TOL = 1e-4  # how far from 1 a categorical target row may sum (float32 rounding)


def to_targets(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    """Targets shaped like ``y_pred``: integer labels become one-hot rows (or a column).

    Parameters
    ----------
    y_true : array, shape (n_samples,) or (n_samples, n_outputs)
    y_pred : array, shape (n_samples, n_outputs)

    Raises
    ------
    ValueError
        If the shapes cannot be matched, or labels are out of range.
    """
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    if y_pred.ndim != 2:
        raise ValueError(f"predictions must be 2-D (n_samples, n_outputs), got shape {y_pred.shape}")
    n, k = y_pred.shape
    if y_true.shape == y_pred.shape:
        return y_true.astype(y_pred.dtype, copy=False)
    if y_true.ndim == 1 and len(y_true) == n:
        if k == 1:
            return y_true.reshape(n, 1).astype(y_pred.dtype, copy=False)
        if y_true.dtype.kind not in "iu" and not np.all(np.mod(y_true, 1) == 0):
            raise ValueError(
                f"y has shape {y_true.shape} but the model has {k} outputs: pass integer class "
                f"labels 0..{k - 1} or one-hot rows of shape ({n}, {k})"
            )
        labels = y_true.astype(np.intp)
        if labels.size and (labels.min() < 0 or labels.max() >= k):
            raise ValueError(
                f"class labels must lie in 0..{k - 1} for a model with {k} outputs, "
                f"got values from {labels.min()} to {labels.max()}"
            )
        onehot = np.zeros((n, k), dtype=y_pred.dtype)
        onehot[np.arange(n), labels] = 1
        return onehot
    raise ValueError(
        f"targets of shape {y_true.shape} do not match predictions of shape {y_pred.shape}: "
        f"pass targets of shape {y_pred.shape}" + (f" or labels of shape ({n},)" if k > 1 else "")
    )


# ---------------------------------------------------------------------------
# value and gradient of each loss; y is already shaped like a (see to_targets)


def _mse(y: np.ndarray, a: np.ndarray) -> float:
    return float(np.mean((a - y) ** 2))


def _mse_grad(y: np.ndarray, a: np.ndarray) -> np.ndarray:
    return 2 * (a - y) / a.size


def _mae(y: np.ndarray, a: np.ndarray) -> float:
    return float(np.mean(np.abs(a - y)))


def _mae_grad(y: np.ndarray, a: np.ndarray) -> np.ndarray:
    return np.sign(a - y) / a.size  # 0 at a == y, by convention


def _bce(y: np.ndarray, a: np.ndarray) -> float:
    a = np.clip(a, _EPS, 1 - _EPS)
    return float(-np.mean(y * np.log(a) + (1 - y) * np.log1p(-a)))


def _bce_grad(y: np.ndarray, a: np.ndarray) -> np.ndarray:
    a = np.clip(a, _EPS, 1 - _EPS)
    return (a - y) / (a * (1 - a)) / a.size


def _bce_logits(y: np.ndarray, z: np.ndarray) -> float:
    return float(np.mean(binary_crossentropy_from_logits(y, z)))


def binary_crossentropy_from_logits(y_true: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Binary cross-entropy of ``p = sigmoid(z)`` against ``y_true``, one value per entry (not averaged).

    ``-[y log p + (1 - y) log(1 - p)]``, written as ``max(z, 0) - z y + log(1 + exp(-|z|))``: the
    same number without overflow or ``log(0)`` however large ``|z|`` is. Average it over the
    samples (or any axis) for the loss: its mean over all entries is what the "binary_crossentropy"
    loss reports for a sigmoid output.

    Parameters
    ----------
    y_true : ndarray
        Targets in [0, 1], broadcastable against ``z``.
    z : ndarray
        Logits (pre-activations of the sigmoid), any shape.

    Returns
    -------
    ndarray, the broadcast shape of ``y_true`` and ``z``, in ``z``'s float type (float64 for integers)
    """
    z = np.asarray(z)
    if z.dtype.kind != "f":
        z = z.astype(np.float64)
    return np.maximum(z, 0) - z * y_true + np.log1p(np.exp(-np.abs(z)))


def _cce(y: np.ndarray, a: np.ndarray) -> float:
    return float(-np.sum(y * np.log(np.clip(a, _EPS, 1.0))) / len(a))


def _cce_grad(y: np.ndarray, a: np.ndarray) -> np.ndarray:
    return -y / np.clip(a, _EPS, 1.0) / len(a)


def _cce_logits(y: np.ndarray, z: np.ndarray) -> float:
    # log softmax(z)_k = z_k - logsumexp(z)
    m = z.max(axis=1, keepdims=True)
    log_sum = np.log(np.exp(z - m).sum(axis=1, keepdims=True)) + m
    return float(-np.sum(y * (z - log_sum)) / len(z))


def _fused_grad_per_output(y: np.ndarray, a: np.ndarray) -> np.ndarray:
    return (a - y) / a.size  # sigmoid + BCE, mean over every output


def _fused_grad_per_sample(y: np.ndarray, a: np.ndarray) -> np.ndarray:
    return (a - y) / len(a)  # softmax + CCE, mean over samples


@dataclass(frozen=True)
class Loss:
    """A loss with its gradient.

    Attributes
    ----------
    name : str
    fn, grad : callable
        ``fn(Y, A) -> float`` and ``grad(Y, A) -> dL/dA`` (shape of ``A``), ``Y`` shaped like ``A``.
    pairs_with : str or None
        The output activation whose combination with this loss has the stable form
        ``dL/dZ = fused_grad(Y, A)`` and value ``from_logits(Y, Z)``.
    check_targets : callable or None
        ``check_targets(Y)`` raises ``ValueError`` for targets the loss is not defined for.
    """

    name: str
    fn: Callable[[np.ndarray, np.ndarray], float]
    grad: Callable[[np.ndarray, np.ndarray], np.ndarray]
    pairs_with: str | None = None
    from_logits: Callable[[np.ndarray, np.ndarray], float] | None = None
    fused_grad: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None
    check_targets: Callable[[np.ndarray], None] | None = None

    def targets(self, y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
        """Targets shaped like ``y_pred`` (see :func:`to_targets`), checked for this loss."""
        Y = to_targets(y_true, y_pred)
        labels_to_rows = np.ndim(y_true) == 1 and Y.shape[1] > 1  # one-hot by construction
        if self.check_targets is not None and not labels_to_rows:
            self.check_targets(Y)
        return Y

    def value(self, y_true: np.ndarray, y_pred: np.ndarray) -> float:
        """The loss, averaged over the batch, from predicted values ``y_pred``.

        For the cross-entropies ``y_pred`` are probabilities, clipped to [1e-12, 1 - 1e-12]
        before the log, so a saturated output costs at most 27.6 per sample here; a model
        computes the exact value from its logits instead.
        """
        y_pred = _check_pred(y_pred)
        return self.fn(self.targets(y_true, y_pred), y_pred)

    def gradient(self, y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
        """``dL/dA``, shape of ``y_pred`` (clipped like :meth:`value` for the cross-entropies)."""
        y_pred = _check_pred(y_pred)
        return self.grad(self.targets(y_true, y_pred), y_pred)

    __call__ = value

    def __repr__(self) -> str:
        return f"Loss({self.name!r})"


def _binary_targets(y: np.ndarray) -> None:
    if y.size and (y.min() < 0 or y.max() > 1):
        raise ValueError(
            f"binary cross-entropy needs targets between 0 and 1 (a label 0 or 1, or a probability), "
            f"got values from {y.min():g} to {y.max():g}: for several classes use softmax outputs "
            "with categorical cross-entropy"
        )


def _categorical_targets(y: np.ndarray) -> None:
    if y.shape[1] == 1:
        raise ValueError(
            "categorical cross-entropy needs one output per class (two or more); for a single "
            "output use activation='sigmoid' with loss='binary_crossentropy'"
        )
    sums = y.sum(axis=1)
    bad = (y.min(axis=1) < 0) | (np.abs(sums - 1) > _SUM_TOL)
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(
            f"categorical cross-entropy needs each target row to be a probability distribution "
            f"(numbers >= 0 that sum to 1, like a one-hot row), but row {i} is {np.round(y[i], 4).tolist()} "
            f"(sum {sums[i]:g}); {int(bad.sum())} of {len(y)} rows are not. For several labels per sample "
            "(multi-hot rows) use sigmoid outputs with loss='binary_crossentropy'"
        )


def _check_pred(y_pred: np.ndarray) -> np.ndarray:
    try:
        a = np.asarray(y_pred)
    except (ValueError, TypeError):
        raise ValueError("predictions must be a rectangular array of numbers") from None
    if a.ndim == 1:
        a = a.reshape(-1, 1)
    if a.size == 0:
        raise ValueError("predictions are empty: pass at least one sample")
    if a.dtype.kind not in "fiu":
        raise TypeError(f"predictions must be numbers, got dtype {a.dtype}")
    return a.astype(np.result_type(a.dtype, np.float32), copy=False)


LOSSES: dict[str, Loss] = {
    "mse": Loss("mse", _mse, _mse_grad),
    "mae": Loss("mae", _mae, _mae_grad),
    "binary_crossentropy": Loss(
        "binary_crossentropy", _bce, _bce_grad, "sigmoid", _bce_logits, _fused_grad_per_output, _binary_targets
    ),
    "categorical_crossentropy": Loss(
        "categorical_crossentropy",
        _cce,
        _cce_grad,
        "softmax",
        _cce_logits,
        _fused_grad_per_sample,
        _categorical_targets,
    ),
}
_ALIASES = {
    "mean_squared_error": "mse",
    "l2": "mse",
    "mean_absolute_error": "mae",
    "l1": "mae",
    "sparse_categorical_crossentropy": "categorical_crossentropy",
    "crossentropy": "categorical_crossentropy",
}

mean_squared_error = LOSSES["mse"]
mean_absolute_error = LOSSES["mae"]
binary_crossentropy = LOSSES["binary_crossentropy"]
categorical_crossentropy = LOSSES["categorical_crossentropy"]


def get_loss(name: str | Loss) -> Loss:
    """The loss called ``name``: ``"mse"`` (L2), ``"mae"`` (L1), ``"binary_crossentropy"``,
    ``"categorical_crossentropy"`` (also Keras's long names and ``"l1"``/``"l2"``).

    Raises
    ------
    ValueError
        For an unknown name, listing the known ones.
    """
    if isinstance(name, Loss):
        return name
    if not isinstance(name, str):
        raise TypeError(f"loss must be a name such as 'mse', got {type(name).__name__}")
    key = _ALIASES.get(name.lower(), name.lower())
    if key not in LOSSES:
        known = ", ".join(repr(k) for k in [*LOSSES, *_ALIASES])
        raise ValueError(f"unknown loss {name!r}; known losses are {known}")
    return LOSSES[key]


def accuracy(y_true: np.ndarray, y_pred: np.ndarray, threshold: float = 0.5) -> float:
    """Fraction of samples classified correctly.

    One output column: the class is 1 where ``y_pred >= threshold`` (Keras's default 0.5).
    Several columns: the class is the arg-max of each row.
    """
    a = _check_pred(y_pred)
    y = to_targets(y_true, a)
    if a.shape[1] == 1:
        return float(np.mean((a >= threshold) == (y >= 0.5)))
    return float(np.mean(a.argmax(axis=1) == y.argmax(axis=1)))
