"""Every widget module's BENCH_CASES (what benchmarks/widgets.py times): each case builds its
widget, and its move changes the picture and the readouts; together they cover every widget."""

import importlib
import inspect
import pkgutil

import pytest

import nnlib.widgets
from nnlib.widgets.live import LiveWidget

MODULES = [importlib.import_module(f"nnlib.widgets.{info.name}")
           for info in pkgutil.iter_modules(nnlib.widgets.__path__)]
MODULES = [m for m in MODULES if hasattr(m, "BENCH_CASES")]
CASES = [pytest.param(make, move, id=f"{m.__name__.rsplit('.', 1)[1]}: {name}")
         for m in MODULES for name, make, move in m.BENCH_CASES]


@pytest.mark.parametrize("make, move", CASES)
def test_bench_case_changes_the_picture_and_readouts(make, move, close_after):
    widget = make()
    close_after(widget)
    picture, readouts = widget.png(), dict(widget.readouts)
    widget.update(**move)
    assert widget.readouts != readouts, f"{move} did not change the readouts"
    assert widget.png() != picture, f"{move} did not change the picture"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_bench_cases_cover_every_widget_of_the_module(module):
    widgets = {name for name, obj in vars(module).items()
               if inspect.isclass(obj) and issubclass(obj, LiveWidget) and obj.__module__ == module.__name__
               and not name.startswith("_")}
    named = {name.split()[0] for name, _, _ in module.BENCH_CASES}
    assert named == widgets
