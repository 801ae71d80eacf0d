"""Argument checks shared by every public function of ``nnlib``.

Each check returns the value in its plain Python form, or raises a ``TypeError`` (wrong kind
of value) or ``ValueError`` (right kind, wrong value) whose message names the argument, what it
got and what it accepts, so that a learner never sees a traceback from inside numpy instead.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["boolean", "number", "real_array", "rng", "text", "whole"]


def number(
    value: object,
    name: str,
    low: float | None = None,
    high: float | None = None,
    *,
    low_open: bool = False,
    high_open: bool = False,
    why: str = "",
) -> float:
    """``value`` as a finite float within ``[low, high]`` (ends excluded where ``*_open``)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    v = float(value)
    if not np.isfinite(v):
        raise ValueError(f"{name} must be a finite number, got {v}")
    suffix = f" ({why})" if why else ""
    if low is not None and (v < low or (low_open and v == low)):
        raise ValueError(f"{name} must be {'>' if low_open else '>='} {low:g}{suffix}, got {v:g}")
    if high is not None and (v > high or (high_open and v == high)):
        raise ValueError(f"{name} must be {'<' if high_open else '<='} {high:g}{suffix}, got {v:g}")
    return v


def whole(value: object, name: str, low: int | None = None, *, why: str = "") -> int:
    """``value`` as an int of at least ``low`` (``True``/``False`` and floats are refused)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {type(value).__name__} {value!r}")
    v = int(value)
    if low is not None and v < low:
        raise ValueError(f"{name} must be at least {low}{f' ({why})' if why else ''}, got {v}")
    return v


def boolean(value: object, name: str) -> bool:
    """``value`` as a bool; only ``True`` and ``False`` (also numpy's) are accepted.

    A string such as ``"False"`` is refused rather than read as true.
    """
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")
    return bool(value)


def text(value: object, name: str, example: str) -> str:
    """``value`` as a non-empty string."""
    if not isinstance(value, str) or not value:
        raise TypeError(f"{name} must be a name such as {example!r}, got {type(value).__name__} {value!r}")
    return value


def rng(value: object, name: str = "rng") -> np.random.Generator:
    """``value`` if it is a ``numpy.random.Generator``."""
    if not isinstance(value, np.random.Generator):
        raise TypeError(
            f"{name} must be a numpy.random.Generator, e.g. {name} = np.random.default_rng(0), "
            f"got {type(value).__name__}"
        )
    return value


def real_array(value: object, name: str) -> np.ndarray:
    """``value`` as a numpy array of real numbers (bools count as 0/1).

    Raises a clear error for ragged nested lists, strings and other non-numbers.
    """
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError) as exc:  # ragged lists: "inhomogeneous shape"
        raise ValueError(f"{name} must be a rectangular array of numbers (every row the same length): {exc}") from None
    if arr.dtype.kind not in "fiub":
        if arr.dtype.kind == "O":
            raise ValueError(f"{name} must be a rectangular array of numbers (every row the same length)")
        raise TypeError(f"{name} must be numbers, got dtype {arr.dtype} ({type(value).__name__})")
    return arr
