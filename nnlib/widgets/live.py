"""The one widget pattern of the lessons: a live figure, its controls and numeric readouts.

What this module is for
-----------------------
Every interactive picture in the series is a small subclass of :class:`LiveWidget`.
Its constructor builds the figure once (with :func:`new_figure`, which works inside
``plt.ioff()``), creates its ipywidgets controls and hands both to ``LiveWidget.__init__``,
which wires ``control.observe(self._on_change, names="value")`` and draws the first state.
The subclass writes one method, :meth:`LiveWidget.render`, which changes artists in place
(``set_ydata``, ``set_data``, ``set_array``...) and returns the numbers to show as readouts.
:meth:`LiveWidget.update` validates the names, moves the controls, calls ``render`` and then
``fig.canvas.draw_idle()`` (or, once the browser has set the canvas up, ``canvas.draw()``:
before that, a frame sent is lost and the canvas stays blank).

Displaying a widget (the widget as the last line of a cell) gives ONE output whose bundle has
the live view (controls, canvas, readouts), an ``image/png`` of the figure as it is now and a
``text/plain`` copy of the readouts. Static viewers (JupyterLab before the kernel runs,
``nbconvert``, the site built by ``make site``) show the picture and the text; nbval skips the
picture and the view, and compares the text.

What it is not
--------------
Not a plotting library: the lesson-specific pictures live in ``nnlib.plots`` and in the lesson
widgets. Nothing here changes global matplotlib state at import.

Layout and buttons
------------------
By default the controls stand one per line above the figure, the readouts beside it. A widget
that wants another arrangement overrides :meth:`LiveWidget.control_rows` (what goes above the
figure); buttons are made with :func:`action_button` and handed to ``LiveWidget.__init__`` as
``buttons``, so the pattern lays them out, and closes them with the widget.

Headless use
------------
Under Agg (tests, benchmarks, ``nbconvert --execute`` without ipympl) ``fig.canvas`` is a plain
Agg canvas, not an ipywidget. ``update()`` still works; when such a widget is displayed the
canvas is replaced by an ``ipywidgets.Image`` that is refreshed on every update.
"""

from __future__ import annotations

import base64
import contextlib
import html
import math
from collections.abc import Callable, Mapping
from typing import Any

from matplotlib.figure import Figure

from nnlib.widgets import backdrop as _backdrop
from nnlib.widgets.backdrop import Backdrop
from nnlib.widgets.canvas import (
    announce_canvas_size,
    close_figure,
    figure_lock,
    figure_png,
    freeze_layout,
    is_ipympl_canvas,
    lock_drawing,
    send_full_frames,
)
from nnlib.widgets.style import format_value

__all__ = ["LIVE_CANVAS_CLASS", "LiveWidget", "action_button", "control_extremes", "refusal"]

#: the DOM class of every live widget's ipympl canvas; a second class adds "-<model id>"
LIVE_CANVAS_CLASS = "nnlib-live-canvas"


def action_button(
    description: str, action: Callable[[], Any], *, icon: str = "", tooltip: str = "", width: str | None = "auto"
) -> Any:
    """An ``ipywidgets.Button`` that calls ``action()`` when clicked (hand it to
    ``LiveWidget.__init__`` as one of its ``buttons``). ``width=None``: the browser's default."""
    import ipywidgets as widgets

    layout = {} if width is None else {"layout": widgets.Layout(width=width)}
    button = widgets.Button(description=description, icon=icon, tooltip=tooltip, **layout)

    def clicked(_button: Any) -> None:
        # LiveWidget.__init__ gives its buttons a place to report errors: the readout panel
        report = getattr(button, "_nnlib_report", None)
        if report is None:
            action()
            return
        try:
            # a click arrives on a widget thread (see canvas.figure_lock): hold the figure
            with getattr(button, "_nnlib_lock", None) or contextlib.nullcontext():
                action()
        except Exception as err:  # shown to the learner, not only in the log console
            report(err, f"the {description!r} button")

    button.on_click(clicked)
    return button


# -- what a control accepts ---------------------------------------------------------------------


def control_label(name: str, control: Any) -> str:
    """How a message names a control: its description as the learner sees it, else its name."""
    description = str(getattr(control, "description", "") or "").strip()
    return description or name


def _options(control: Any) -> tuple[Any, ...] | None:
    """The values a selection control (Dropdown, ToggleButtons...) accepts, or None."""
    values = getattr(control, "_options_values", None)
    return tuple(values) if values is not None else None


def _is_float_control(control: Any) -> bool:
    import ipywidgets as widgets

    return isinstance(
        control,
        (
            widgets.FloatSlider,
            widgets.FloatLogSlider,
            widgets.FloatText,
            widgets.BoundedFloatText,
            widgets.FloatRangeSlider,
        ),
    )


def _is_int_control(control: Any) -> bool:
    import ipywidgets as widgets

    return isinstance(control, (widgets.IntSlider, widgets.IntText, widgets.BoundedIntText))


def _range_text(control: Any) -> str:
    low, high = getattr(control, "min", None), getattr(control, "max", None)
    if low is None or high is None:
        return "a finite number"
    return f"a number from {format_value(low)} to {format_value(high)}"


def refusal(name: str, control: Any, value: Any) -> str | None:
    """Why ``control`` cannot take ``value`` (naming the control and its range or options), or
    None if it can. Numbers outside a slider's range are accepted: the slider clips them."""
    label = control_label(name, control)
    options = _options(control)
    if options is not None:
        if any(value is option or _same(value, option) for option in options):
            return None
        shown = ", ".join(repr(o) for o in options)
        return f"{label}: {value!r} is not one of its options ({shown})."
    if _is_float_control(control) or _is_int_control(control):
        if isinstance(value, bool) or not isinstance(value, (int, float)) and not hasattr(value, "__float__"):
            return f"{label}: {value!r} is not a number; it takes {_range_text(control)}."
        try:
            number = float(value)
        except (TypeError, ValueError):
            return f"{label}: {value!r} is not a number; it takes {_range_text(control)}."
        if not math.isfinite(number):
            return f"{label}: {number} is not a finite number; it takes {_range_text(control)}."
    return None


def control_extremes(controls: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The control positions at the ends, as ``(label, update kwargs)``: every control at its
    minimum and maximum and at NaN (float controls), every option of every menu and one that is
    not an option, a checkbox both ways, then all controls at their minimum and all at their
    maximum together. What the tests and ``benchmarks/widget_extremes.py`` drive ``update`` with.
    """
    import ipywidgets as widgets

    positions: list[tuple[str, dict[str, Any]]] = []
    lows: dict[str, Any] = {}
    highs: dict[str, Any] = {}
    for name, control in controls.items():
        options = _options(control)
        if options is not None:
            positions += [(f"{name}={option!r}", {name: option}) for option in options]
            positions.append((f"{name}=<not an option>", {name: "<not an option>"}))
            lows[name], highs[name] = options[0], options[-1]
        elif isinstance(control, widgets.Checkbox):
            positions += [(f"{name}=True", {name: True}), (f"{name}=False", {name: False})]
        elif hasattr(control, "min") and hasattr(control, "max"):
            low, high = control.min, control.max
            if isinstance(control, widgets.FloatLogSlider):
                low, high = control.base**low, control.base**high
            lows[name], highs[name] = low, high
            positions += [(f"{name}=min", {name: low}), (f"{name}=max", {name: high})]
            if _is_float_control(control):
                positions.append((f"{name}=nan", {name: float("nan")}))
    if len(lows) > 1:
        positions += [("all at min", lows), ("all at max", highs)]
    return positions


def _same(value: Any, option: Any) -> bool:
    try:
        return bool(value == option)
    except Exception:  # an array or an object whose == is not a truth value
        return False


def _render_not_defined(self: LiveWidget, **values: Any) -> Mapping[str, Any] | None:
    raise NotImplementedError(f"{type(self).__name__} must define render(**values)")


class LiveWidget:
    """Base class of every interactive figure: controls -> ``render`` -> artists + readouts.

    A subclass constructor builds its figure with :func:`new_figure` and its artists, creates
    its controls, then calls ``super().__init__(fig, controls)``. It implements :meth:`render`.

    Parameters
    ----------
    fig : the figure built once by the subclass.
    controls : name -> ipywidgets value widget (``FloatSlider``, ``IntSlider``, ``Dropdown``,
        ``Checkbox``...). The names are the keyword arguments of ``update`` and ``render``.
    buttons : name -> button made with :func:`action_button` (actions, not values: they are
        not arguments of ``render``). By default they stand in one row under the controls.
    title : first line of the text copy (defaults to the class's ``title`` attribute).

    Attributes
    ----------
    fig, controls, buttons, readouts (label -> formatted text, after the last render),
    view (the VBox: :meth:`control_rows`, then the figure with the readouts beside it).
    """

    #: shown as the first line of the plain-text copy of the widget
    title: str = ""
    #: lay the figure out once (constrained layout on the first state), then keep the axes
    #: where they are: constrained layout on every frame costs tens of ms. Set False in a
    #: subclass whose labels or colour bars change size as the controls move.
    freeze_layout: bool = True
    #: the baked picture of the unchanging artists (see :meth:`bake`), or None
    backdrop: Backdrop | None = None
    #: what a subclass writes: change the figure's artists for these control values (every
    #: control's current value as a keyword argument) and return the readouts, label -> value
    #: (strings are shown as they are, numbers with 4 significant digits; format numbers
    #: yourself when units or a fixed number of decimals matter). Declared as a callable, not a
    #: method, because each widget's ``render`` takes its own control names.
    render: Callable[..., Mapping[str, Any] | None] = _render_not_defined

    def __init__(
        self,
        fig: Figure,
        controls: Mapping[str, Any] | None = None,
        *,
        buttons: Mapping[str, Any] | None = None,
        title: str | None = None,
    ) -> None:
        import ipywidgets as widgets

        self.fig = fig
        self.controls: dict[str, Any] = dict(controls or {})
        self.buttons: dict[str, Any] = dict(buttons or {})
        if title is not None:
            self.title = title
        self.readouts: dict[str, str] = {}
        #: what went wrong in the last update (a refused value, an error), shown above the
        #: readouts; "" when all is well
        self.message = ""
        #: the last exception raised inside ``render`` or a button's action (for tests), or None
        self.error: BaseException | None = None
        self._good_values: dict[str, Any] = {}
        self._syncing = False
        self._displayed = False
        self._live_canvas = is_ipympl_canvas(fig.canvas)
        #: a browser has set this (ipympl) canvas up: frames can be sent without being asked for
        self._browser_ready = False

        for name, control in self.controls.items():
            if not hasattr(control, "value"):
                raise TypeError(
                    f"control {name!r} is a {type(control).__name__}, "
                    "which has no 'value'; use a slider, dropdown, checkbox..."
                )
            control.observe(self._on_change, names="value")
        for button in self.buttons.values():
            button._nnlib_report = self.report_error
            button._nnlib_lock = figure_lock(fig)

        self._readout_html = widgets.HTML(layout=widgets.Layout(min_width="11em"))
        picture: Any
        if self._live_canvas:
            picture = fig.canvas
            announce_canvas_size(fig)
            send_full_frames(picture)
            lock_drawing(picture)
            # lets a browser test find this canvas's figure in the kernel (tests/browser)
            picture.add_class(LIVE_CANVAS_CLASS)
            picture.add_class(f"{LIVE_CANVAS_CLASS}-{picture.model_id}")
            picture.on_msg(self._on_canvas_message)
        else:
            # Agg and other non-widget canvases: a refreshed PNG takes the canvas's place
            picture = widgets.Image(format="png", layout=widgets.Layout(width="auto"))
        self._picture = picture
        # the readouts sit beside the figure when there is room and wrap below it when not
        figure_row = widgets.HBox(
            [picture, self._readout_html], layout=widgets.Layout(align_items="center", flex_flow="row wrap")
        )
        self.view = widgets.VBox([*self.control_rows(), figure_row])
        self.update()
        if self.freeze_layout:
            freeze_layout(fig)

    def control_rows(self) -> list[Any]:
        """What stands above the figure, top to bottom: the layout hook of the pattern.

        Default: the controls one per line, then the buttons in one row. Override it to arrange
        them otherwise (columns, a row, a menu first); it is called once, by ``__init__``, after
        ``controls`` and ``buttons`` are set. Every control should appear in what it returns.
        """
        import ipywidgets as widgets

        rows = [widgets.VBox(list(self.controls.values()))] if self.controls else []
        if self.buttons:
            rows.append(widgets.HBox(list(self.buttons.values())))
        return rows

    def _on_canvas_message(self, _canvas: Any, content: Any, _buffers: Any) -> None:
        """Once the browser's canvas is set up ("initialized", its last start-up message), ask it
        to fetch a frame, the usual way (draw_idle: the browser requests, the kernel draws).

        Under "Run All" the next cell (a training loop) keeps the kernel busy while the browser
        sets the canvas up, and the start-up messages wait until the last cell has run; frames
        sent before the canvas existed in the browser are lost, and nothing else would ask for
        one: the figure would stay blank.
        """
        if isinstance(content, Mapping) and content.get("type") == "initialized":
            self._browser_ready = True
            self.fig.canvas.draw_idle()

    # -- speed: a baked backdrop (opt-in) -----------------------------------------------------

    def bake(self, dynamic: Any, key: Any = None) -> None:
        """Draw every artist except ``dynamic`` once, as a picture beneath the rest.

        Call it LAST in the constructor (after ``super().__init__``, so the layout is frozen),
        with every artist that ``render`` (or any other method) changes: lines, images,
        collections, patches, texts whose content or visibility changes, and the axis
        (``ax.xaxis`` / ``ax.yaxis``) of axes whose limits or ticks change. Artists drawn over
        a dynamic one (spines or grid lines over an image, a legend over a curve) must be
        dynamic too, or they end up beneath it (:func:`axes_contents` lists a plot's content).
        Later frames draw the picture and only these artists: a busy figure's draw drops from
        100-300 ms to a few tens. If a control changes static artists (another axis range,
        colour bar, title...), call :meth:`rebake` after changing them. ``key`` names the
        state of the static artists (see :meth:`rebake`). ``png()`` shows the complete figure
        either way. Does nothing when ``nnlib.widgets.backdrop.BAKE_STATIC`` is False (for comparisons).
        """
        if self.backdrop is not None:
            self.unbake()
        if not _backdrop.BAKE_STATIC:
            return
        freeze_layout(self.fig)
        self.backdrop = Backdrop(self.fig, dynamic, key)

    def rebake(self, key: Any = None) -> None:
        """Take the static artists as they are now (after a control changed some of them).

        The new picture is rendered on the next draw (one full render), not here, so
        ``update()`` stays fast. With a ``key`` naming the static state (e.g. the chosen
        dataset), its picture is kept: coming back to that state costs nothing.
        """
        if self.backdrop is not None:
            self.backdrop.bake(key)

    def unbake(self) -> None:
        """Remove the static picture: the figure draws every artist again."""
        if self.backdrop is not None:
            self.backdrop.restore()
            self.backdrop.picture.remove()
            self.backdrop = None

    # -- the pattern ---------------------------------------------------------------------------

    @property
    def values(self) -> dict[str, Any]:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self, **values: Any) -> None:
        """Set some controls (by name), recompute, change artists in place, ``draw_idle()``.

        ``w.update(w1=0.5)`` does what moving the w1 slider to 0.5 does (the slider moves too;
        sliders clip to their range). ``w.update()`` redraws with the current values.

        Every value is checked here, whether it comes from a call or from a control: a value
        a control cannot take (NaN or infinity, a word that is not one of a menu's options) is
        refused with a message in the readout panel, naming the control and what it takes,
        and the control keeps its last good value. An error while drawing is shown there too
        (and kept in ``error``); the picture keeps its last good state. Nothing is raised.

        Raises
        ------
        ValueError : a name that is not one of the widget's controls (a mistake in the code
            that calls ``update``, not a value a learner chose).
        """
        # a control moved in the browser calls this on a widget thread (JupyterLab's subshell)
        # while the notebook's cells run on the main one: one update or render at a time
        with figure_lock(self.fig):
            self._update(values)

    def _update(self, values: Mapping[str, Any]) -> None:
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            known = ", ".join(self.controls) or "(none)"
            raise ValueError(
                f"{type(self).__name__} has no control named {', '.join(map(repr, unknown))}; its controls are: {known}"
            )
        refused = []
        self._syncing = True
        try:
            for name, value in values.items():
                problem = refusal(name, self.controls[name], value)
                if problem is None:
                    problem = self._set_control(name, value)
                if problem:
                    refused.append(problem)
            # a value that reached a control without passing here (typed into a slider's box)
            for name, control in self.controls.items():
                problem = refusal(name, control, control.value)
                if problem:
                    refused.append(problem)
                    if name in self._good_values:
                        self._set_control(name, self._good_values[name])
        finally:
            self._syncing = False
        if refused and self._good_values:
            self._show_message(" ".join(refused) + " Kept the last good value.")
            return
        try:
            readouts = self.render(**self.values)
        except Exception as err:  # shown to the learner; the picture keeps its last state
            if not self._good_values:
                raise  # the first state cannot be drawn: a mistake in building the widget
            self.report_error(err, "drawing this picture")
            return
        self._good_values = self.values
        self.error = None
        self.message = ""
        self.set_readouts(readouts or {})
        self._draw()

    def _set_control(self, name: str, value: Any) -> str:
        """Move one control; "" if it took the value, else why not."""
        try:
            self.controls[name].value = value
        except Exception as err:  # a traitlets TraitError: a value of the wrong kind
            label = control_label(name, self.controls[name])
            return f"{label} cannot take {value!r} ({type(err).__name__})."
        return ""

    def _draw(self) -> None:
        if self._browser_ready:
            # the browser's canvas is set up: render and send the frame now. draw_idle() asks
            # the browser to ask for one: a round trip more for every move of a control. Moves
            # do not pile up: ipywidgets sends a control's next value once the kernel has
            # handled the last one.
            self.fig.canvas.draw()
        else:
            self.fig.canvas.draw_idle()
        if self._displayed and not self._live_canvas:
            self._picture.value = figure_png(self.fig)

    def guarded(self, handler: Callable[..., Any], where: str) -> Callable[..., None]:
        """``handler`` wrapped for use as a callback of its own (a mouse event, a menu's
        ``observe``): an exception it raises is shown in the readout panel, never lost in the
        log console."""

        def call(*args: Any, **kwargs: Any) -> None:
            try:
                with figure_lock(self.fig):  # a callback runs on a widget thread (figure_lock)
                    handler(*args, **kwargs)
            except Exception as err:  # noqa: BLE001 - any error is shown to the learner
                self.report_error(err, where)

        return call

    def report_error(self, err: BaseException, where: str = "drawing this picture") -> None:
        """Show an exception raised in a callback in the readout panel, short, with what to
        do (an exception in a callback otherwise goes only to JupyterLab's log console)."""
        self.error = err
        text = str(err).strip().splitlines()[0] if str(err).strip() else ""
        if len(text) > 160:
            text = text[:157] + "..."
        self._show_message(
            f"Something went wrong in {where}: {type(err).__name__}"
            + (f": {text}" if text else "")
            + ". Move the control back to where it worked, or run the cell again to start over."
        )

    def _show_message(self, message: str) -> None:
        """Show ``message`` above the (last good) readouts."""
        self.message = message
        self.set_readouts(self.readouts)

    def set_readouts(self, readouts: Mapping[str, Any]) -> None:
        """Show label -> value readouts beside the canvas (also kept as text in ``readouts``)."""
        self.readouts = {str(k): format_value(v) for k, v in readouts.items()}
        rows = "".join(
            f"<tr><td style='padding-right:0.6em;white-space:nowrap'>{html.escape(k)}</td>"
            f"<td style='font-family:monospace;text-align:right;white-space:nowrap'>{html.escape(v)}</td></tr>"
            for k, v in self.readouts.items()
        )
        note = ""
        if self.message:
            note = (
                f"<div class='nnlib-widget-message' role='alert' style='max-width:22em;"
                f"color:#A84A00;border-left:3px solid #D55E00;padding-left:0.4em;"  # text 5.8:1 on white
                f"margin-bottom:0.3em'>{html.escape(self.message)}</div>"
            )
        self._readout_html.value = f"{note}<div role='status' aria-live='polite'><table>{rows}</table></div>"

    def readout_text(self) -> str:
        """The widget's state as plain text: title, control values and readouts, one a line."""
        lines = [self.title or type(self).__name__]
        if self.controls:
            lines.append(
                "controls: "
                + ", ".join(f"{name} = {format_value(control.value)}" for name, control in self.controls.items())
            )
        lines += [f"{label}: {value}" for label, value in self.readouts.items()]
        if self.message:
            lines.append(f"note: {self.message}")
        return "\n".join(lines)

    def png(self) -> bytes:
        """The figure as it is now, as PNG bytes."""
        return figure_png(self.fig)

    def close(self) -> None:
        """Close the figure and every control (frees the kernel-side widgets)."""
        close_figure(self.fig)
        for control in [*self.controls.values(), *self.buttons.values()]:
            control.close()
        self._readout_html.close()
        if not self._live_canvas:
            self._picture.close()
        self.view.close()

    # -- display -------------------------------------------------------------------------------

    def _on_change(self, change: Mapping[str, Any]) -> None:
        if not self._syncing:
            self.update()

    def _mimebundle(self) -> dict[str, Any]:
        self._displayed = True
        if not self._live_canvas:
            self._picture.value = self.png()
        data = dict(self.view._repr_mimebundle_())
        data["image/png"] = base64.b64encode(self.png()).decode("ascii")
        data["text/plain"] = self.readout_text()
        return data

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """One output: live view + PNG of the current state + readouts as text (issue 7)."""
        return self._mimebundle()

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.readout_text().splitlines()[0]}>"
