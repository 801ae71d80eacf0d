"""The sine-wave widget of lesson 00: the smallest live figure, used to check that widgets work."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from nnlib.widgets.backdrop import axes_contents
from nnlib.widgets.canvas import new_figure
from nnlib.widgets.style import SLIDER_STYLE
from nnlib.widgets.live import LiveWidget

__all__ = ["BENCH_CASES", "SineWave"]


class SineWave(LiveWidget):
    """y = sin(frequency * x + phase) on [0, 2 pi], with sliders for frequency and phase.

    A dot marks the curve at x = 1; the readouts show its height and the wave's period
    2 pi / frequency.
    """

    title = "Sine wave y = sin(frequency * x + phase)"

    def __init__(self, frequency: float = 1.0, phase: float = 0.0) -> None:
        self.x = np.linspace(0.0, 2.0 * np.pi, 300)
        fig, ax = new_figure(figsize=(6.0, 3.0))
        (self.line,) = ax.plot(self.x, np.sin(self.x), linewidth=2)
        (self.dot,) = ax.plot([1.0], [np.sin(1.0)], "o", markersize=8)
        ax.axvline(1.0, color="0.6", linestyle=":", linewidth=1)
        ax.set(xlabel="x", ylabel="y", xlim=(0.0, 2.0 * np.pi), ylim=(-1.15, 1.15))
        style = SLIDER_STYLE
        super().__init__(
            fig,
            {
                "frequency": widgets.FloatSlider(
                    value=frequency, min=0.5, max=4.0, step=0.1, description="frequency", style=style
                ),
                "phase": widgets.FloatSlider(
                    value=phase, min=-3.1, max=3.1, step=0.1, description="phase", style=style
                ),
            },
        )
        self.bake(dynamic=axes_contents(ax))  # axes, ticks and labels: drawn once

    def render(self, frequency: float, phase: float) -> dict[str, str]:
        self.line.set_ydata(np.sin(frequency * self.x + phase))
        y1 = np.sin(frequency * 1.0 + phase)
        self.dot.set_ydata([y1])
        return {"y at x = 1": f"{y1:+.3f}", "period 2π/frequency": f"{2 * np.pi / frequency:.3f}"}


#: (name, factory, update keyword arguments) for benchmarks/widgets.py
BENCH_CASES = [
    ("SineWave", SineWave, {"frequency": 2.5}),
    ("SineWave phase", SineWave, {"phase": 1.0}),
]
