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


def wave(x, period, phase):
    """y = sin(2 pi x / period + phase): the widget's curve, given by its period instead of its frequency."""
    frequency = 2 * np.pi / period  # one whole wave is 2 pi along the sine's argument
    return np.sin(frequency * x + phase)


def _wave_period_as_frequency(x, period, phase):
    return np.sin(period * x + phase)


def _wave_without_two_pi(x, period, phase):
    return np.sin(x / period + phase)


def _wave_without_phase(x, period, phase):
    return np.sin(2 * np.pi / period * x)


def _wave_phase_inside(x, period, phase):
    return np.sin(2 * np.pi / period * (x + phase))


wave_function = FunctionExercise(
    "lesson00.wave_function",
    "the widget's curve, by its period",
    "Write a function `wave(x, period, phase)` that returns the sine-wave widget's curve for a whole "
    "numpy array `x` at once (no loop), but described by its **period**, the distance along x from "
    "one peak to the next, instead of its frequency. At frequency 1 the period is 2π (about 6.28).",
    solution=wave,
    test_inputs=[
        (np.linspace(0.0, 2.0 * np.pi, 5), 2.0 * np.pi, 0.0),
        (np.array([0.0, 1.0, 2.0]), np.pi, 0.5),
        (np.array([-1.0, 0.5, 3.0]), 2.0, -1.0),
    ],
    hints=(
        "numpy's `np.sin` works on a whole array at once: `np.sin(np.array([0.0, 1.0]))` gives two "
        "values. The sine repeats itself every 2π along its argument.",
        "The widget draws sin(frequency * x + phase). When x grows by one period, frequency * x must "
        "grow by exactly 2π: so period * frequency = 2π.",
        "Turn period * frequency = 2π into a formula for the frequency, then use the widget's formula "
        "with that frequency; two lines, no loop.",
    ),
    wrong_functions=[
        _wave_period_as_frequency,
        _wave_without_two_pi,
        _wave_without_phase,
        _wave_phase_inside,
    ],
    success="Your function draws the widget's curve: a period T is a frequency of 2π/T.",
)
