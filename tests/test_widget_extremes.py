"""No control position breaks a widget (issue 13): every widget class, every control at its
minimum, maximum and NaN (float controls), every menu option and one that is not an option, all
controls at their ends together, through ``update()`` headless. Nothing escapes, the picture
draws, and the readouts are finite numbers or the widget says why not. (How long each frame
takes is measured by benchmarks/widget_extremes.py, not here.)"""

from __future__ import annotations

import importlib.util
import math
import re
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnlib.widgets.live import LiveWidget, control_extremes


def _benchmark_module():
    """benchmarks/widget_extremes.py, which lists the widgets (one per class, and those built
    as a lesson builds them) and times the same positions."""
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "widget_extremes.py"
    spec = importlib.util.spec_from_file_location("widget_extremes", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FACTORIES = _benchmark_module().widget_factories()
_NOT_FINITE = re.compile(r"\b(nan|inf)\b", re.IGNORECASE)


def _check_state(widget: LiveWidget, where: str) -> None:
    assert widget.error is None, f"{where}: {widget.message}"
    widget.fig.canvas.draw()  # the picture draws (a raster overflow or NaN limits would raise)
    text = " ".join(widget.readouts.values())
    assert not _NOT_FINITE.search(text) or widget.message or "diverged" in text, (
        f"{where}: readouts {widget.readouts} are not finite and nothing says why"
    )


@pytest.mark.parametrize("name, factory", FACTORIES, ids=[n for n, _ in FACTORIES])
def test_every_control_position_at_the_ends(name, factory):
    widget = factory()
    try:
        start = widget.values
        for label, values in control_extremes(widget.controls):
            widget.update(**start)
            widget.update(**values)
            refused = any(isinstance(v, float) and math.isnan(v) or v == "<not an option>" for v in values.values())
            if refused:
                assert widget.message, f"{label}: a value that should be refused was taken"
                assert any(n in widget.message or widget.controls[n].description in widget.message for n in values), (
                    widget.message
                )
                assert widget.values == {**start}, f"{label}: a refused value moved a control"
            _check_state(widget, f"{name}, {label}")
        if hasattr(widget, "take_steps"):  # descent widgets: as many steps as the buttons allow
            widget.update(**dict(control_extremes(widget.controls)).get("all at max", {}))
            widget.take_steps(10_000)
            _check_state(widget, f"{name}, all steps")
    finally:
        widget.close()
        plt.close("all")


def test_an_unknown_option_names_the_options():
    from nnlib.widgets.cost import CostSurface, _bench_2d_data

    widget = CostSurface(*_bench_2d_data())
    try:
        before = widget.png()
        widget.update(loss="mse")
        assert "not one of its options" in widget.message
        options = widget.controls["loss"].options
        shown = [o[1] if isinstance(o, tuple) else o for o in options]
        assert all(repr(o) in widget.message for o in shown), widget.message
        assert widget.png() == before  # the picture keeps its last good state
        widget.update(w1=1.0)
        assert widget.message == ""
    finally:
        widget.close()


def test_nan_is_refused_with_the_range():
    from nnlib.widgets.neuron import NeuronPlane

    widget = NeuronPlane()
    try:
        control = widget.controls["w1"]
        widget.update(w1=float("nan"))
        assert "not a finite number" in widget.message
        assert f"from {control.min:g}" in widget.message.replace(".0 ", " ") or str(control.min) in widget.message
        assert np.isfinite(control.value)
        assert "note:" in widget.readout_text()
    finally:
        widget.close()


def test_a_nan_typed_into_a_slider_is_put_back():
    from nnlib.widgets.sine import SineWave

    widget = SineWave()
    try:
        name = next(iter(widget.controls))
        good = widget.controls[name].value
        widget.controls[name].value = float("nan")  # what the browser's text box can send
        assert widget.controls[name].value == good
        assert "not a finite number" in widget.message
    finally:
        widget.close()


def test_an_error_in_a_callback_is_shown_in_the_readout_panel():
    from nnlib.widgets.sine import SineWave

    widget = SineWave()
    try:

        def broken(**values):
            raise ZeroDivisionError("division by zero")

        widget.render = broken
        name = next(iter(widget.controls))
        control = widget.controls[name]
        control.value = control.max  # as if the learner moved the slider: nothing escapes
        assert isinstance(widget.error, ZeroDivisionError)
        assert "ZeroDivisionError" in widget.message and "division by zero" in widget.message
        assert "ZeroDivisionError" in widget._readout_html.value
    finally:
        widget.close()


def test_an_error_in_a_button_action_is_shown():
    from nnlib.widgets.descent import OneWeightDescent, _bench_data

    widget = OneWeightDescent(*_bench_data())
    try:

        def broken(k=1):
            raise RuntimeError("the step went wrong")

        widget.take_steps = broken
        # the button calls the action it was built with; rebuild the lambda's target
        widget.buttons["step"]._click_handlers.callbacks.clear()
        from nnlib.widgets.live import action_button

        button = action_button("step", lambda: widget.take_steps(1))
        button._nnlib_report = widget.report_error
        button.click()
        assert "the step went wrong" in widget.message and "'step' button" in widget.message
        button.close()
    finally:
        widget.close()


def test_training_board_checks_epochs_and_shows_divergence():
    from nnlib.widgets.board import TrainingBoard

    for epochs in ("10", -1, 0, 2.5):
        with pytest.raises(ValueError, match="epochs must be a whole number"):
            TrainingBoard(epochs=epochs)
    board = TrainingBoard(epochs=3)
    try:
        board.log(1, loss=0.5, accuracy=0.8)
        board.log(2, loss=float("nan"), accuracy=0.1)
        board.fig.canvas.draw()
        assert board.readouts["loss"] == "diverged"
        board.on_train_end({"diverged": "training diverged in epoch 2 (step 7)"})
        assert "diverged in epoch 2" in board.message
        assert "diverged" in board.final_text()
    finally:
        board.close()


def test_errors_in_mouse_and_menu_handlers_are_shown():
    from nnlib.widgets.xor import XOR_PRESETS, TwoLayerXOR

    xor = TwoLayerXOR()
    try:

        def broken(name):
            raise KeyError("no such preset")

        xor.load_preset = broken
        xor.preset_menu.value = next(iter(XOR_PRESETS))  # as if the learner chose a preset
        assert isinstance(xor.error, KeyError) and "loading a preset" in xor.message
    finally:
        xor.close()

    from nnlib.widgets.live import LiveWidget
    from nnlib.widgets.sine import SineWave

    sine = SineWave()
    try:
        handler = LiveWidget.guarded(sine, lambda event: 1 / 0, "drawing on the pad")
        handler(object())  # a mouse event whose handler fails: nothing escapes
        assert "ZeroDivisionError" in sine.message and "drawing on the pad" in sine.message
    finally:
        sine.close()
