"""Finding every live widget in a notebook and moving its controls like a learner.

A *live widget* is a top-level output that is an ipywidgets view holding at least one picture
(an ipympl canvas, ``.jupyter-matplotlib-canvas-div``, or an ``ipywidgets.Image``). Each of its
pictures must have a size and not be blank once Run All is over. Then its controls are moved one
at a time, value controls first (in page order: sliders from the keyboard, dropdowns, radio and
toggle buttons, checkboxes, number boxes), buttons last (in page order, clicked once; a button
that changes nothing, like "reset" at the start, is tried again after clicking the last button
that did change something). After each move the picture's pixels must change and so must the
readout text (the ``role=status`` readouts of ``LiveWidget``, or else all the widget's text that
is not a control). A value control is then put back where it was, so every control is judged
from the state the lesson left. A further widget with the same controls as an earlier one in the
lesson has only its first control moved.

Opt-outs (ipywidgets ``control.add_class(...)``, on the control or on any box around it):

- ``nnlib-browser-skip``: never touched (on the widget's outer box: the whole widget).
- ``nnlib-no-redraw``: moved; the picture need not change (the readout must).
- ``nnlib-no-readout``: moved; the readout need not change (the picture must).
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from dataclasses import dataclass, field

try:
    from playwright.sync_api import Error as PlaywrightError
except ImportError:  # the fixtures skip (or fail in CI) with the reason
    PlaywrightError = Exception

SKIP, NO_REDRAW, NO_READOUT = "nnlib-browser-skip", "nnlib-no-redraw", "nnlib-no-readout"
PICTURES = ".jupyter-matplotlib-canvas-div, .widget-image"

# kind -> CSS selector of the control's outer element (ipywidgets 8 class names)
CONTROL_KINDS = {
    "slider": ".widget-slider",  # Int/Float/Log/Selection(Range)Slider, horizontal or vertical
    "dropdown": ".widget-dropdown",
    "select": ".widget-select, .widget-select-multiple",
    "radio": ".widget-radio",
    "togglebuttons": ".widget-toggle-buttons",
    "checkbox": ".widget-checkbox",
    "number": ".widget-text:has(input[type=number])",  # Int/FloatText and their Bounded forms
    "togglebutton": ".widget-toggle-button",
    "button": ".widget-button",
}
# seen but not moved (need lesson-specific input): listed in the test's report
UNSUPPORTED = (
    ".widget-text:not(:has(input[type=number])), .widget-textarea, .widget-play, "
    ".widget-colorpicker, .widget-datepicker, .widget-combobox, .widget-tagsinput, "
    ".widget-upload"
)
READOUT_EXCLUDE = ", ".join([*CONTROL_KINDS.values(), UNSUPPORTED, ".jupyter-matplotlib", ".widget-image"])

_DISCOVER_JS = """([kinds, unsupported, flags, pictures]) => {
  const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  const outputs = Array.from(nb.querySelectorAll('.jp-OutputArea-output'))
    .filter(o => !o.parentElement.closest('.jp-OutputArea-output'));
  const cells = Array.from(nb.querySelectorAll('.jp-Cell'));
  const found = [];
  for (const out of outputs) {
    if (!out.querySelector('.jupyter-widgets')) continue;
    const pics = out.querySelectorAll(pictures);
    if (!pics.length) continue;
    const w = found.length;
    out.setAttribute('data-nnlib-widget', String(w));
    const controls = [];
    const seen = new Set();
    for (const [kind, sel] of kinds) {
      for (const el of out.querySelectorAll(sel)) {
        if (seen.has(el) || el.closest('.jupyter-matplotlib-toolbar')) continue;
        // buttons inside a ToggleButtons group belong to the group
        if (kind === 'togglebutton' && el.closest('.widget-toggle-buttons')) continue;
        seen.add(el);
        const texts = [...el.querySelectorAll('.widget-label, .widget-label-basic')]
          .map(l => l.innerText).concat([el.innerText, el.getAttribute('title') || '']);
        const label = texts.map(t => (t || '').replace(/\u200b/g, '').trim()).find(t => t) || '';
        const myFlags = flags.filter(f => {
          const c = el.closest('.' + f);
          return c && out.contains(c);
        });
        const id = w + '-' + controls.length;
        el.setAttribute('data-nnlib-control', id);
        const order = Array.from(out.querySelectorAll('*')).indexOf(el);
        controls.push({id, kind, label: label.trim().slice(0, 40), flags: myFlags, order});
      }
    }
    const unsup = Array.from(out.querySelectorAll(unsupported))
      .filter(el => !el.closest('.jupyter-matplotlib-toolbar'))
      .map(el => el.className.split(' ').filter(c => c.startsWith('widget-')).join(' '));
    found.push({index: w, cell: cells.indexOf(out.closest('.jp-Cell')),
                pictures: pics.length, controls, unsupported: unsup});
  }
  return found;
}"""

_READOUT_JS = """(out, exclude) => {
  const status = out.querySelectorAll('[role=status]');
  if (status.length) return Array.from(status).map(s => s.innerText).join('\\n');
  const clone = out.cloneNode(true);
  clone.querySelectorAll(exclude).forEach(e => e.remove());
  return clone.textContent;
}"""


# the pixels of each picture (an ipympl canvas, or an <img>), hashed in the page
_FINGERPRINT_JS = """(out, pictures) => Array.from(out.querySelectorAll(pictures)).map(p => {
  const canvas = p.querySelector('canvas');
  const img = p.tagName === 'IMG' ? p : p.querySelector('img');
  const s = canvas ? canvas.width + 'x' + canvas.height + ':' + canvas.toDataURL()
          : img ? img.naturalWidth + 'x' + img.naturalHeight + ':' + img.src : p.innerHTML;
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
  return (h >>> 0).toString(16) + '/' + s.length;
})"""


@dataclass
class Control:
    id: str
    kind: str
    label: str
    flags: list[str]
    order: int

    @property
    def name(self) -> str:
        return f"{self.kind} {self.label!r}" if self.label else self.kind


@dataclass
class LiveWidget:
    """One live widget on the page, with handles to its pictures and readout."""

    page: object
    index: int
    cell: int
    controls: list[Control]
    unsupported: list[str] = field(default_factory=list)

    @property
    def locator(self):
        return self.page.locator(f"[data-nnlib-widget='{self.index}']")

    def control(self, control: Control):
        return self.page.locator(f"[data-nnlib-control='{control.id}']")

    @property
    def name(self) -> str:
        return f"widget {self.index + 1} (cell {self.cell})"

    def pictures(self) -> list[bytes]:
        """Element screenshots of every picture in the widget (PNG bytes; b"" when 0 x 0)."""
        pics = self.locator.locator(PICTURES)
        sized = pics.evaluate_all("""els => els.map(e => {
            const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; })""")
        return [
            pics.nth(i).screenshot(animations="disabled", timeout=15_000) if ok else b"" for i, ok in enumerate(sized)
        ]

    def fingerprint(self) -> list[str]:
        """A hash of every picture's pixels (fast: polled while waiting for a change)."""
        return self.locator.evaluate(_FINGERPRINT_JS, PICTURES)

    def readout(self) -> str:
        return self.locator.evaluate(_READOUT_JS, READOUT_EXCLUDE)


def find_live_widgets(page) -> list[LiveWidget]:
    kinds = list(CONTROL_KINDS.items())
    found = page.evaluate(_DISCOVER_JS, [kinds, UNSUPPORTED, [SKIP, NO_REDRAW, NO_READOUT], PICTURES])
    widgets = []
    for w in found:
        controls = [Control(**c) for c in w["controls"]]
        # value controls in page order, then the buttons in page order
        controls.sort(key=lambda c: (c.kind == "button", c.order))
        widgets.append(LiveWidget(page, w["index"], w["cell"], controls, w["unsupported"]))
    return widgets


def is_blank(png: bytes) -> bool:
    """True when every pixel of the picture has one colour (e.g. an ipympl canvas never drawn)."""
    from PIL import Image

    if not png:
        return True
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return all(lo == hi for lo, hi in image.getextrema())


def blank_pictures(widget: LiveWidget, *, timeout: float = 10.0) -> list[str]:
    """Problems with pictures still blank (or 0 x 0) after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        pics = widget.pictures()
        bad = [i for i, png in enumerate(pics) if is_blank(png)]
        if not bad or time.monotonic() > deadline:
            break
        widget.page.wait_for_timeout(250)
    return [
        f"{widget.name}: picture {i + 1} "
        + ("has no size (0 x 0)" if not pics[i] else "is blank (one colour)")
        + " after Run All"
        for i in bad
    ]


def settle(widget: LiveWidget, kernel_idle, *, timeout: float = 4.0) -> list[str]:
    """Wait until the kernel is idle and the pictures stop changing; return their fingerprint."""
    deadline = time.monotonic() + timeout
    last = widget.fingerprint()
    while time.monotonic() < deadline:
        widget.page.wait_for_timeout(120)
        now = widget.fingerprint()
        if now == last and kernel_idle():
            return now
        last = now
    return last


@dataclass
class Move:
    """The outcome of moving one control: a problem (None when it moved) and how to undo it."""

    problem: str | None = None
    undo: Callable[[], None] | None = None


def _slider_value(handle) -> str:
    # aria-valuenow is rounded to one decimal by noUiSlider; aria-valuetext is not
    return handle.get_attribute("aria-valuetext") or handle.get_attribute("aria-valuenow") or ""


def _as_number(text: str) -> float | None:
    try:
        return float(text.replace("\u2212", "-"))
    except ValueError:
        return None


def _move_slider(widget: LiveWidget, el) -> Move:
    handle = el.locator(".noUi-handle").last
    before = _slider_value(handle)
    handle.focus()
    opposite = {"PageUp": "PageDown", "PageDown": "PageUp", "ArrowRight": "ArrowLeft", "ArrowLeft": "ArrowRight"}
    for key in opposite:
        handle.press(key)
        if _slider_value(handle) != before:
            break
    else:
        return Move(f"the keyboard did not move the slider (value stays {before})")

    def undo() -> None:
        handle.focus()
        handle.press(opposite[key])
        target = _as_number(before)
        for _ in range(30):  # the first press may overshoot where the move was clipped
            now = _slider_value(handle)
            value = _as_number(now)
            if now == before or value is None or target is None or value == target:
                return
            handle.press("ArrowLeft" if value > target else "ArrowRight")

    return Move(undo=undo)


def move(widget: LiveWidget, control: Control) -> Move:
    """Move one control as a learner would (keyboard or mouse); say how to move it back."""
    el = widget.control(control)
    el.scroll_into_view_if_needed()
    kind = control.kind
    if kind == "slider":
        return _move_slider(widget, el)
    if kind in ("dropdown", "select"):
        select = el.locator("select")
        n = select.locator("option").count()
        if n < 2:
            return Move(f"only {n} option(s) to choose from")
        current = select.evaluate("s => s.selectedIndex")
        select.select_option(index=(current + 1) % n)

        def undo() -> None:
            # an action menu ("load a preset") puts itself back: then there is nothing to undo
            if select.evaluate("s => s.selectedIndex") != current:
                select.select_option(index=current, timeout=3000)

        return Move(undo=undo)
    if kind in ("togglebuttons", "radio"):
        if kind == "togglebuttons":
            options, chosen = el.locator("button"), ".mod-active"
        else:
            options, chosen = el.locator("input[type=radio]"), ":checked"
        states = options.evaluate_all(f"els => els.map(e => e.matches({chosen!r}))")
        other = [i for i, on in enumerate(states) if not on]
        if not other:
            return Move("no other option to choose")
        options.nth(other[0]).click()
        was = states.index(True) if True in states else None
        return Move(undo=None if was is None else lambda: options.nth(was).click())
    if kind == "checkbox":
        box = el.locator("input[type=checkbox]")
        box.click()
        return Move(undo=box.click)
    if kind == "number":
        box = el.locator("input")
        before = box.input_value()
        box.focus()
        box.press("ArrowUp")
        key, back = ("ArrowUp", "ArrowDown") if box.input_value() != before else ("", "")
        if not key:
            box.press("ArrowDown")
            key, back = "ArrowDown", "ArrowUp"
        box.press("Enter")
        box.press("Tab")
        if box.input_value() == before:
            return Move(f"the value stays {before}")

        def undo() -> None:
            box.focus()
            box.press(back)
            box.press("Enter")
            box.press("Tab")

        return Move(undo=undo)
    if kind == "togglebutton":
        el.click()
        return Move(undo=el.click)
    if kind == "button":
        el.click()
        return Move()
    return Move(f"no way to move a {kind}")


def expect_change(
    widget: LiveWidget,
    action,
    *,
    picture: bool = True,
    readout: bool = True,
    kernel_idle=lambda: True,
    timeout: float = 6.0,
) -> list[str]:
    """Run ``action()`` and wait until the picture and/or the readout change; return problems.

    ``action()`` returns None, or a string saying why it could not act.
    """
    before_pics = settle(widget, kernel_idle)
    before_text = widget.readout()
    problem = action()
    if problem:
        return [problem]
    deadline = time.monotonic() + timeout
    pic_changed = text_changed = False
    while time.monotonic() < deadline:
        pic_changed = pic_changed or (picture and widget.fingerprint() != before_pics)
        text_changed = text_changed or (readout and widget.readout() != before_text)
        if (pic_changed or not picture) and (text_changed or not readout):
            return []
        widget.page.wait_for_timeout(100)
    problems = []
    if picture and not pic_changed:
        problems.append(f"the picture did not change within {timeout:.0f} s")
    if readout and not text_changed:
        problems.append(
            f"the readout did not change within {timeout:.0f} s (it says {' '.join(before_text.split())[:120]!r})"
        )
    return problems


def signature(widget: LiveWidget) -> tuple:
    """What makes two widgets copies of one kind: the same controls, with the same labels."""
    return tuple((c.kind, c.label) for c in widget.controls)


def exercise(widget: LiveWidget, kernel_idle, *, only_first: bool = False) -> tuple[list[str], list[str]]:
    """Move every control of ``widget``; return (problems, notes) as readable lines.

    ``only_first``: move only the first control (for a further copy of a widget kind that was
    already exercised in full in this lesson).
    """
    problems: list[str] = []
    notes: list[str] = []
    problems += blank_pictures(widget)
    controls = [c for c in widget.controls if SKIP not in c.flags]
    if only_first and len(controls) > 1:
        notes.append(f"{widget.name}: same controls as an earlier widget: only {controls[0].name} moved")
        controls = controls[:1]
    changers: list[Control] = []  # buttons whose click changed the widget
    for control in widget.controls:
        if control not in controls and SKIP not in control.flags:
            continue
        if SKIP in control.flags:
            notes.append(f"{widget.name}: {control.name} skipped ({SKIP})")
            continue
        done: list[Move] = []

        def act(c: Control = control) -> str | None:
            done.append(move(widget, c))
            return done[-1].problem

        wanted = {"picture": NO_REDRAW not in control.flags, "readout": NO_READOUT not in control.flags}
        found = expect_change(widget, act, kernel_idle=kernel_idle, **wanted)
        if found and control.kind == "button" and changers:
            # a "reset" or "previous" has nothing to do where the other buttons left the
            # widget (next, previous: back at the start): make a change, then try it again
            widget.control(changers[-1]).click()
            found = expect_change(widget, act, kernel_idle=kernel_idle, **wanted)
        if not found and control.kind == "button":
            changers.append(control)
        problems += [f"{widget.name}: {control.name}: {p}" for p in found]
        # back to where the lesson left it, so that each control is judged from that state
        if done and done[-1].undo:
            try:
                done[-1].undo()
            except PlaywrightError as err:  # e.g. a dropdown whose options changed
                notes.append(f"{widget.name}: {control.name} not put back: {str(err).splitlines()[0]}")
    for kind in widget.unsupported:
        notes.append(
            f"{widget.name}: a {kind} control is not moved by the generic test "
            "(add an extra action in browser_actions.py)"
        )
    return problems, notes
