"""Interactive figures for the lessons: one pattern (see ``nnlib.widgets.base``)."""

from nnlib.widgets.base import (
    CMAP_DIVERGING,
    CMAP_SEQUENTIAL,
    COLORS,
    DPI,
    LiveWidget,
    TrainingBoard,
    figure_png,
    new_figure,
    show_figure,
)
from nnlib.widgets.sine import SineWave

__all__ = [
    "CMAP_DIVERGING",
    "CMAP_SEQUENTIAL",
    "COLORS",
    "DPI",
    "LiveWidget",
    "SineWave",
    "TrainingBoard",
    "figure_png",
    "new_figure",
    "show_figure",
]
