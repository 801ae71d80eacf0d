"""Every widget module's BENCH_CASES (what benchmarks/widgets.py times): each case builds its
widget and its move changes the picture and the text copy; together they cover every widget."""

import importlib
import inspect
import pkgutil

import pytest

import nnlib.widgets
from nnlib.widgets.live import LiveWidget

MODULES = [
    importlib.import_module(f"nnlib.widgets.{info.name}") for info in pkgutil.iter_modules(nnlib.widgets.__path__)
]
MODULES = [m for m in MODULES if hasattr(m, "BENCH_CASES")]
CASES = [
    pytest.param(name, make, move, id=f"{m.__name__.rsplit('.', 1)[1]}: {name}")
    for m in MODULES
    for name, make, move in m.BENCH_CASES
]
# moves that only relabel the picture: at the last epoch the fitted colour scale is the fixed one
SAME_PICTURE = {"WeightGridsOverTraining fitted scale"}


@pytest.mark.parametrize("name, make, move", CASES)
def test_bench_case_changes_the_picture_and_text(name, make, move, close_after):
    widget = make()
    close_after(widget)
    picture, text = widget.png(), widget.readout_text()
    widget.update(**move)
    # the text copy holds the control values and the readouts
    assert widget.readout_text() != text, f"{move} did not change the text"
    assert (widget.png() != picture) != (name in SAME_PICTURE), f"{move}: picture changed or not?"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_bench_cases_cover_every_widget_of_the_module(module):
    widgets = {
        name
        for name, obj in vars(module).items()
        if inspect.isclass(obj)
        and issubclass(obj, LiveWidget)
        and obj.__module__ == module.__name__
        and not name.startswith("_")
    }
    named = {name.split()[0] for name, _, _ in module.BENCH_CASES}
    assert named == widgets
