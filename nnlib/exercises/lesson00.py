"""Exercises for lesson 00, start here: read a widget's readout, write the widget's formula."""

from __future__ import annotations

import numpy as np

from nnlib.exercises.core import FunctionExercise, ValueExercise

__all__ = ["read_readout", "wave_function"]


def _read_readout_solution():
    # the readout shows y = sin(frequency * x + phase) at x = 1
    y1 = np.sin(2.0 * 1.0 + 0.5)
    return y1


def _diagnose_readout(y1):
    value = float(y1)
    if abs(value - np.sin(2.0)) < 2e-3:
        return "That is the value for phase 0: move the phase slider to 0.5 as well."
    if abs(value - np.sin(1.5)) < 2e-3:
        return "That is the value for frequency 1: move the frequency slider to 2 as well."
    if abs(value - np.sin(1.0)) < 2e-3:
        return "That is the starting value: move both sliders (or run the update line) first."
    return None


read_readout = ValueExercise(
    "lesson00.read_readout",
    "read a number off a widget",
    "Set the wave to frequency 2 and phase 0.5 (move the two sliders, or run "
    "`sine.update(frequency=2, phase=0.5)`), then copy the readout `y at x = 1` into `y1`.",
    answer_names=("y1",),
    solution=_read_readout_solution,
    diagnose=_diagnose_readout,
    atol=1e-3,  # the readout shows 3 decimals
    hints=(
        "Move the sliders until they show frequency 2.0 and phase 0.5; the readouts to the right of the figure change as you move them.",
        "The readout you need is labelled `y at x = 1`. It is y = sin(frequency * x + phase) at x = 1.",
        "Copy the number the readout shows, with its 3 decimals, into `y1` (a number, not text in quotes).",
    ),
    wrong_examples=[(np.sin(2.0),), (np.sin(1.0),), ("0.598",), (np.array([0.598, 0.1]),)],
    success="Every widget in the series has readouts like this one: the numbers behind the picture.",
)


def wave(x, frequency, phase):
    """y = sin(frequency * x + phase) for every entry of the array x."""
    return np.sin(frequency * x + phase)


def _wave_without_phase(x, frequency, phase):
    return np.sin(frequency * x)


def _wave_phase_inside(x, frequency, phase):
    return np.sin(frequency * (x + phase))


def _wave_cosine(x, frequency, phase):
    return np.cos(frequency * x + phase)


wave_function = FunctionExercise(
    "lesson00.wave_function",
    "write the widget's formula",
    "Write a function `wave(x, frequency, phase)` that returns sin(frequency * x + phase) for a "
    "whole numpy array `x` at once (no loop), the curve the sine-wave widget draws.",
    solution=wave,
    test_inputs=[
        (np.linspace(0.0, 2.0 * np.pi, 5), 1.0, 0.0),
        (np.array([0.0, 1.0, 2.0]), 2.0, 0.5),
        (np.array([-1.0, 0.5]), 3.0, -1.0),
    ],
    hints=(
        "numpy's `np.sin` works on a whole array at once: `np.sin(np.array([0.0, 1.0]))` gives two values.",
        "The widget's formula is y = sin(frequency * x + phase). Which operation comes first: multiplying by the frequency, or adding the phase?",
        "Your function needs one line: return the sine of (the frequency times x, plus the phase), with no loop.",
    ),
    wrong_functions=[_wave_without_phase, _wave_phase_inside, _wave_cosine],
    success="Your function and the widget agree: the widget draws exactly this formula.",
)
