"""How the widgets look: colours, figure size, control styles, and how numbers are written.

One definition of each: every widget module takes its colours, slider style and number
formatting from here, so two lessons never show the same number two ways.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnlib.plots import CLASS_COLORS, CMAP_DIVERGING, CMAP_SEQUENTIAL

__all__ = [
    "CMAP_DIVERGING",
    "CMAP_SEQUENTIAL",
    "COLORS",
    "DPI",
    "FIGSIZE",
    "RC_PARAMS",
    "STYLE",
    "SLIDER_STYLE",
    "format_value",
    "signed",
    "short",
    "slider_layout",
]

#: colour-blind safe defaults, applied per figure (never through global rcParams)
STYLE = "tableau-colorblind10"
#: the line colours of the 'tableau-colorblind10' cycle, for artists that need a fixed colour;
#: the colour maps: CMAP_SEQUENTIAL for one-signed values, CMAP_DIVERGING for signed ones
#: (one definition, in nnlib.plots)
COLORS = CLASS_COLORS
#: resolution of the figures and of their stored PNG: 6 x 3.4 inches -> 600 x 340 pixels
DPI = 100
FIGSIZE = (6.0, 3.4)
#: the rc settings of every widget figure (applied per figure by new_figure)
RC_PARAMS: Any = {
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "image.cmap": CMAP_SEQUENTIAL,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
}


#: controls show their whole description (ipywidgets cuts long ones to a fixed width otherwise)
SLIDER_STYLE = {"description_width": "initial"}


def slider_layout(width: str = "26em") -> Any:
    """The layout of a slider (or dropdown) this wide; a fresh ``ipywidgets.Layout`` each call."""
    import ipywidgets as widgets

    return widgets.Layout(width=width)


# ---------------------------------------------------------------------------------------------
# numbers as text
# ---------------------------------------------------------------------------------------------


def signed(value: float, digits: int = 3) -> str:
    """``+1.500`` / ``-0.250``: a number with its sign and ``digits`` decimals, never ``-0.000``.

    Not-a-number and infinity read "diverged" (what they mean in a descent), and numbers of
    100,000 or more are written in scientific notation (``+1.23e+07``).
    """
    value = float(value)
    if not np.isfinite(value):
        return "diverged"
    if abs(value) >= 1e5:
        return f"{value:+.2e}"
    text = f"{value:+.{digits}f}"
    # a negative number that rounds to zero is zero
    return "+" + text[1:] if float(text) == 0.0 else text


def short(value: float, *, min_decimals: int = 0) -> str:
    """A number with at most 2 decimals and no trailing zeros: ``1.5``, ``-0.25``, ``2``.

    ``min_decimals=1`` keeps a whole number looking like a float: ``2.0``. Never ``-0``.
    """
    text = f"{float(value):.2f}".rstrip("0")
    if text.endswith("."):
        text = text + "0" if min_decimals else text[:-1]
    if float(text) == 0.0:
        text = text.lstrip("-")
    return text


def format_value(value: Any) -> str:
    """A readout: strings as they are, whole numbers as such, floats with 4 significant digits."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        text = f"{float(value):.4g}"
        # keep a float looking like a float: "1.0", not "1"
        return text + ".0" if text.lstrip("-").isdigit() else text
    return str(value)
