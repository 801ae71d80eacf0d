"""Interactive figures for the lessons: one pattern (``nnlib.widgets.live.LiveWidget``).

The package is laid out by job:

- the pattern and its parts: ``live`` (``LiveWidget``, ``action_button``), ``canvas``
  (figures, PNGs, static pictures, and every use of pyplot's and ipympl's private names),
  ``backdrop`` (baked unchanging artists), ``stamped_text`` (texts drawn from a few cached
  looks), ``board`` (``TrainingBoard``) and ``style`` (colours, control styles, numbers as text);
- one module per lesson topic with that lesson's pictures and widgets: ``sine`` (00),
  ``neuron`` (01), ``xor`` (02), ``dense`` (03), ``cost`` (04), ``descent`` (05),
  ``backprop`` (06), ``mnist`` (07), ``training_well`` (08), ``playground`` (10, the
  Playground that trains live). The numbers behind their figures
  are computed in ``nnlib.analysis`` (numpy only), under the same topic names.

This module only re-exports the names the lessons use most.
"""

from nnlib.widgets.board import TrainingBoard
from nnlib.widgets.canvas import figure_png, new_figure, show_figure
from nnlib.widgets.live import LiveWidget, action_button
from nnlib.widgets.sine import SineWave
from nnlib.widgets.style import CMAP_DIVERGING, CMAP_SEQUENTIAL, COLORS, DPI

__all__ = [
    "CMAP_DIVERGING",
    "CMAP_SEQUENTIAL",
    "COLORS",
    "DPI",
    "LiveWidget",
    "SineWave",
    "TrainingBoard",
    "action_button",
    "figure_png",
    "new_figure",
    "show_figure",
]
