"""Driving a notebook in JupyterLab 4 the way a learner does: open it, Run All, read the outputs.

Actions go through the menus and the keyboard. The notebook *model* (``window.jupyterapp``,
exposed by the test server) is only read, to tell an error output from a warning on stderr and
to know when every cell has run.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

KERNEL_STATUS = "span.jp-StatusBar-TextItem[title^='Change kernel for']"
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\s*Cell In\[\d+\], line \d+", re.M)

# One entry per cell of the current notebook: type, execution count, a summary of each output
# (type, stream name, error name and value, stderr text, mime types: never the pictures), the
# first line of its source and the prompt the learner sees ("[*]:" while queued or running).
_CELLS_JS = """() => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  const nb = panel && panel.content;
  if (!nb || !nb.model) return null;
  const summary = o => {
    const text = Array.isArray(o.text) ? o.text.join('') : (o.text || '');
    return {output_type: o.output_type, name: o.name, ename: o.ename, evalue: o.evalue,
            text: o.name === 'stderr' ? text.slice(-3000) : '',
            mimes: Object.keys(o.data || {})};
  };
  const out = [];
  nb.widgets.forEach((cell, i) => {
    const m = cell.model;
    const prompt = cell.node.querySelector('.jp-InputArea-prompt');
    out.push({index: i, type: m.type,
              count: m.type === 'code' ? m.executionCount : null,
              outputs: m.type === 'code' ? m.outputs.toJSON().map(summary) : [],
              source: m.sharedModel.getSource().split('\\n')[0].slice(0, 80),
              prompt: prompt ? prompt.innerText.trim() : ''});
  });
  return out;
}"""


@dataclass
class RunResult:
    """What one Run All left behind."""

    seconds: float
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def kernel_status(page) -> str:
    """The status bar's kernel text, e.g. 'Python 3 (ipykernel) | Idle' ('' when absent)."""
    loc = page.locator(KERNEL_STATUS)
    return loc.first.inner_text() if loc.count() else ""


def _accept_kernel_dialog(page) -> None:
    """A notebook without a known kernelspec asks which kernel to start: take the preferred."""
    dialog = page.locator(".jp-Dialog")
    if dialog.count() and "Select Kernel" in dialog.first.inner_text():
        dialog.locator(".jp-Dialog-button.jp-mod-accept").first.click()


def wait_kernel_idle(page, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    status = ""
    while time.monotonic() < deadline:
        _accept_kernel_dialog(page)
        status = kernel_status(page)
        if status.endswith("| Idle"):
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"the kernel did not become idle within {timeout:.0f} s (status bar: {status!r})")


def open_lab(page, server, *, timeout: float = 90.0) -> None:
    """Load JupyterLab (a fresh workspace) in ``page``; once per session, it takes seconds."""
    page.goto(server.lab_url())
    page.wait_for_selector(".jp-DirListing-content", timeout=timeout * 1000)
    page.wait_for_function("() => !!(window.jupyterapp && window.jupyterapp.shell)", timeout=timeout * 1000)


def open_notebook(page, name: str, *, timeout: float = 90.0, wait_kernel: bool = True) -> None:
    """Open ``name`` from the file browser (double-click); wait until its kernel is idle."""
    item = page.locator(".jp-DirListing-item").filter(
        has=page.locator(".jp-DirListing-itemText", has_text=re.compile(rf"^{re.escape(name)}$"))
    )
    item.first.wait_for(timeout=timeout * 1000)
    item.first.dblclick()
    page.wait_for_function(
        """name => { const w = window.jupyterapp.shell.currentWidget;
                     return !!(w && w.context && w.context.path === name && w.context.isReady
                               && w.content.model && w.isVisible); }""",
        arg=name,
        timeout=timeout * 1000,
    )
    page.wait_for_selector(NOTEBOOK, timeout=timeout * 1000)
    if wait_kernel:
        wait_kernel_idle(page, timeout)


def close_all(page) -> None:
    """File > Close All Tabs, discarding changes (autosave is off: nothing is written)."""
    if not page.locator(".jp-NotebookPanel").count():
        return
    page.keyboard.press("Escape")
    menu(page, "File", "application:close-all")
    deadline = time.monotonic() + 15
    while page.locator(".jp-NotebookPanel").count():
        discard = page.locator(".jp-Dialog .jp-Dialog-button").filter(has_text="Discard")
        if discard.count():
            discard.first.click()
        if time.monotonic() > deadline:
            raise AssertionError("could not close the open notebooks")
        page.wait_for_timeout(100)


def menu(page, top: str, command: str) -> None:
    """Click a main-menu entry, e.g. ``menu(page, "Run", "runmenu:run-all")``."""
    page.locator(".lm-MenuBar-item").filter(has_text=re.compile(rf"^{top}$")).first.click()
    page.locator(f"li.lm-Menu-item[data-command='{command}']").click()


def cells(page) -> list[dict]:
    return page.evaluate(_CELLS_JS) or []


def run_all(page, *, timeout: float = 120.0) -> RunResult:
    """Clear all outputs, Run All, wait until every cell ran (or one failed) and the kernel idles.

    Clearing first (Edit > Clear Outputs of All Cells) makes "every code cell has an execution
    count" mean "ran in this session". Returns the time taken and the errors seen.
    """
    menu(page, "Edit", "editmenu:clear-all")
    page.wait_for_function(f"({_CELLS_JS})().every(c => c.count === null)", timeout=10_000)
    start = time.monotonic()
    menu(page, "Run", "runmenu:run-all")
    deadline = start + timeout
    state: list[dict] = []
    while True:
        state = cells(page)
        code = [c for c in state if c["type"] == "code"]
        failed = any(o.get("output_type") == "error" for c in code for o in c["outputs"])
        running = any(c["prompt"].startswith("[*]") for c in code)
        done = all(c["count"] is not None for c in code) or failed
        if done and not running and kernel_status(page).endswith("| Idle"):
            break
        if time.monotonic() > deadline:
            waiting = [
                f"cell {c['index']} {c['prompt']} {c['source']!r}"
                for c in code
                if c["count"] is None or c["prompt"].startswith("[*]")
            ]
            raise AssertionError(
                f"Run All did not finish within {timeout:.0f} s; kernel: {kernel_status(page)!r}; "
                f"cells still waiting: {waiting[:5]}"
            )
        page.wait_for_timeout(250)
    seconds = time.monotonic() - start
    errors, warnings = output_problems(state)
    return RunResult(seconds=seconds, errors=errors, warnings=warnings)


def output_problems(state: list[dict]) -> tuple[list[str], list[str]]:
    """Error outputs and tracebacks on stderr (errors); other stderr text (warnings)."""
    errors: list[str] = []
    warnings: list[str] = []
    for cell in state:
        for out in cell["outputs"]:
            where = f"cell {cell['index']} ({cell['source']!r})"
            if out.get("output_type") == "error":
                errors.append(f"{where}: {out.get('ename')}: {out.get('evalue')}")
            elif out.get("output_type") == "stream" and out.get("name") == "stderr":
                text = out.get("text", "")
                if TRACEBACK.search(text):
                    errors.append(f"{where}: traceback on stderr:\n{text[-800:]}")
                else:
                    warnings.append(f"{where}: stderr: {text.strip()[:300]}")
    return errors, warnings


def log_console_errors(page) -> list[str]:
    """Errors raised in widget callbacks: ipywidgets sends them to JupyterLab's log console.

    The status bar shows a counter when the log has entries; open the console and return the
    text of every entry logged at error or critical level.
    """
    item = page.locator(".jp-LogConsoleStatusItem:not(.lm-mod-hidden)")
    if not item.count():
        return []
    item.first.click()
    panel = page.locator(".jp-LogConsolePanel")
    panel.first.wait_for(timeout=5000)
    texts = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.jp-LogConsolePanel .jp-OutputArea-child')).filter(child => {
          const p = child.querySelector('[data-log-level]');
          return p && ['error', 'critical'].includes(p.dataset.logLevel);
        }).map(child => child.innerText)""")
    # one entry per distinct error, its last lines (where the exception is)
    tails = ["\n".join(t.strip().splitlines()[-12:]) for t in texts]
    return list(dict.fromkeys(tails))


# -- what a learner sees ------------------------------------------------------------------------

#: text that means a widget or figure is shown as its Python repr instead of a picture
WIDGET_REPR = re.compile(
    r"\b(?:V|H|Grid)?Box\(children=|\bHBox\(|\bVBox\(|Canvas\(toolbar=|"
    r"Error displaying widget|Loading widget\.\.\.|<Figure size \d+x\d+ with"
)

_OUTPUT_TEXTS_JS = """() => {
  const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  const cells = Array.from(nb.querySelectorAll('.jp-Cell'));
  return Array.from(nb.querySelectorAll('.jp-OutputArea-output'))
    .filter(o => !o.parentElement.closest('.jp-OutputArea-output'))
    .map(o => ({cell: cells.indexOf(o.closest('.jp-Cell')), text: o.innerText}));
}"""


def widget_reprs(page, *, timeout: float = 5.0) -> list[str]:
    """Outputs whose visible text is a widget's or a figure's repr, or a widget error.

    Widget views render a moment after their output arrives ("Loading widget..."): the check
    is repeated for up to ``timeout`` seconds before anything is reported.
    """
    deadline = time.monotonic() + timeout
    while True:
        found = []
        for out in page.evaluate(_OUTPUT_TEXTS_JS):
            match = WIDGET_REPR.search(out["text"])
            if match:
                start = max(match.start() - 20, 0)
                snippet = " ".join(out["text"][start : match.end() + 60].split())
                found.append(f"cell {out['cell']}: {snippet!r}")
        if not found or time.monotonic() > deadline:
            return found
        page.wait_for_timeout(250)


def notebook_screenshots(page, folder: Path, stem: str, *, part_height: int = 4000) -> list[Path]:
    """Screenshots of the whole notebook, top to bottom, in parts of about ``part_height`` px.

    The window is made tall for them (JupyterLab scrolls the notebook inside a fixed frame, so a
    "full page" screenshot would show one screen). Returns the paths: ``<stem>-1.png``, ...
    """
    size = page.viewport_size
    outer = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer"
    page.set_viewport_size({"width": size["width"], "height": part_height})
    paths = []
    try:
        page.wait_for_timeout(300)
        total, visible = page.evaluate(
            "sel => { const o = document.querySelector(sel); o.scrollTop = 0;"
            " return [o.scrollHeight, o.clientHeight]; }",
            outer,
        )
        # the notebook ends with empty room to scroll past its end: stop at the last cell
        last = page.evaluate(
            "sel => { const o = document.querySelector(sel);"
            " const cells = o.querySelectorAll('.jp-Cell');"
            " if (!cells.length) return 0;"
            " const r = cells[cells.length - 1].getBoundingClientRect();"
            " return r.bottom - o.getBoundingClientRect().top + o.scrollTop; }",
            outer,
        )
        end = min(total, int(last) + 40) if last else total
        for i, top in enumerate(range(0, max(end, 1), max(visible, 1)), start=1):
            page.evaluate("([sel, top]) => { document.querySelector(sel).scrollTop = top; }", [outer, top])
            page.wait_for_timeout(150)
            path = folder / f"{stem}-{i}.png"
            page.screenshot(path=str(path))
            paths.append(path)
    finally:
        page.set_viewport_size(size)
    return paths


_FIGURES_JS = """() => {
  const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  return Array.from(nb.querySelectorAll('.jp-Cell')).map(cell => {
    const imgs = Array.from(cell.querySelectorAll('.jp-OutputArea-output img'));
    return {loaded: imgs.filter(i => i.complete && i.naturalWidth > 0 && i.naturalHeight > 0
                                     && i.getBoundingClientRect().width > 0).length,
            broken: imgs.filter(i => i.complete && !(i.naturalWidth > 0))
                        .map(i => i.src.slice(0, 80)),
            pending: imgs.filter(i => !i.complete).length};
  });
}"""

FIGURE_MIMES = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")


def figure_problems(page, state: list[dict]) -> list[str]:
    """Every stored figure (an output with an image) shows as a loaded, visible <img>."""
    deadline = time.monotonic() + 10
    shown = page.evaluate(_FIGURES_JS)
    while any(c["pending"] for c in shown) and time.monotonic() < deadline:
        page.wait_for_timeout(200)
        shown = page.evaluate(_FIGURES_JS)
    problems = []
    for cell, dom in zip(state, shown):
        figures = sum(1 for out in cell["outputs"] if set(out["mimes"]) & set(FIGURE_MIMES))
        if dom["loaded"] < figures:
            problems.append(
                f"cell {cell['index']} ({cell['source']!r}): {figures} stored "
                f"figure(s), {dom['loaded']} shown as an image"
            )
        for src in dom["broken"]:
            problems.append(f"cell {cell['index']}: an image did not load ({src}...)")
    return problems
