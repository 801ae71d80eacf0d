"""Does each live canvas in the page show what its figure in the kernel looks like?

ipympl paints a canvas from the frames the kernel sends; a lost, reordered or half-rendered
frame leaves a picture that is partial (a panel, the tick labels or the grid missing) until the
next frame, which may never come. The static outputs and nbval cannot see that (they render
with Agg), and "not blank" does not catch it. Here every canvas that ``LiveWidget`` marked with
``LIVE_CANVAS_CLASS`` is read back from the page (its pixels, ``toDataURL``) and compared with
the figure's own PNG rendered in the kernel (a silent execute, ``figure_png``) for the same
model id.
"""

from __future__ import annotations

import ast
import base64
import io
import json
import time

import numpy as np

LIVE_CANVAS_CLASS = "nnlib-live-canvas"  # nnlib.widgets.live.LIVE_CANVAS_CLASS
#: a pixel differs when one of its channels differs by more than this (out of 255)
PIXEL_TOLERANCE = 48
#: a canvas matches its figure when at most this fraction of its pixels differ
MAX_DIFFERENT = 0.005

# every marked canvas of the current notebook: model id -> [width, height, PNG data URL]
_CANVASES_JS = """(cls) => {
  const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  const out = {};
  for (const el of nb.querySelectorAll('.' + cls)) {
    const id = Array.from(el.classList).find(c => c.startsWith(cls + '-'));
    const canvas = el.querySelector('.jupyter-matplotlib-canvas-div canvas');
    if (!id || !canvas || !canvas.width || !canvas.height) continue;
    out[id.slice(cls.length + 1)] = [canvas.width, canvas.height, canvas.toDataURL('image/png')];
  }
  return out;
}"""

# run silently in the kernel: model id -> base64 PNG of the figure of every marked canvas
_KERNEL_CODE = f"""
def _nnlib_live_frames():
    import base64, json
    from ipywidgets.widgets.widget import _instances
    from nnlib.widgets.canvas import figure_png
    frames = {{}}
    for model_id, widget in list(_instances.items()):
        if {LIVE_CANVAS_CLASS!r} in getattr(widget, "_dom_classes", ()) and widget.figure is not None:
            frames[model_id] = base64.b64encode(figure_png(widget.figure)).decode("ascii")
    return json.dumps(frames)
"""

_EXECUTE_JS = """async ([code, expression]) => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session.kernel;
  const future = kernel.requestExecute({code, silent: true, store_history: false,
                                        user_expressions: {value: expression}});
  const reply = await future.done;
  const value = reply.content.user_expressions.value;
  if (value.status !== 'ok') return {error: value.ename + ': ' + value.evalue};
  return {text: value.data['text/plain']};
}"""


def run_in_kernel(page, code: str, expression: str = "None") -> str:
    """Run ``code`` silently in the current notebook's kernel; the repr of ``expression`` after."""
    result = page.evaluate(_EXECUTE_JS, [code, expression])
    if "error" in result:
        raise AssertionError(f"running code in the kernel failed: {result['error']}")
    return result["text"]


def kernel_frames(page) -> dict[str, bytes]:
    """model id -> PNG bytes of each marked canvas's figure, rendered now in the kernel."""
    frames = json.loads(ast.literal_eval(run_in_kernel(page, _KERNEL_CODE, "_nnlib_live_frames()")))
    return {model_id: base64.b64decode(png) for model_id, png in frames.items()}


def page_canvases(page) -> dict[str, tuple[int, int, bytes]]:
    """model id -> (width, height, PNG bytes) of each marked canvas as the page shows it."""
    found = page.evaluate(_CANVASES_JS, LIVE_CANVAS_CLASS)
    return {
        model_id: (width, height, base64.b64decode(url.split(",", 1)[1]))
        for model_id, (width, height, url) in found.items()
    }


def on_white(png: bytes) -> np.ndarray:
    """The picture as RGB over a white background (a canvas never painted is transparent)."""
    from PIL import Image

    rgba = np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"), dtype=float)
    alpha = rgba[..., 3:] / 255.0
    return rgba[..., :3] * alpha + 255.0 * (1.0 - alpha)


def different_fraction(shown: bytes, expected: bytes) -> float:
    """The fraction of pixels that differ (1.0 when the sizes differ by more than a pixel).

    A figure 4.6 inches tall at 100 dpi is 459 pixels on the canvas (Agg truncates) and 460 in
    ``savefig`` (which rounds): sizes one pixel apart are compared on their common part.
    """
    a, b = on_white(shown), on_white(expected)
    if any(abs(n - m) > 1 for n, m in zip(a.shape[:2], b.shape[:2])):
        return 1.0
    rows, cols = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
    a, b = a[:rows, :cols], b[:rows, :cols]
    return float((np.abs(a - b).max(axis=2) > PIXEL_TOLERANCE).mean())


def frame_mismatches(page, folder=None, *, timeout: float = 8.0) -> tuple[list[str], int, float]:
    """Problems with canvases whose pixels do not match their figure; how many were compared;
    the largest fraction of different pixels found (0.0 when every canvas matches exactly).

    Compared again until ``timeout``: a frame still on its way is not a problem, a canvas that
    stays different is. With ``folder``, a canvas that differs is saved there twice, as the page
    shows it (``canvas-<id>-page.png``) and as the kernel draws it (``canvas-<id>-kernel.png``).
    """
    deadline = time.monotonic() + timeout
    while True:
        expected = kernel_frames(page)
        shown = page_canvases(page)
        problems = []
        worst = 0.0
        for model_id, png in expected.items():
            if model_id not in shown:
                continue  # not displayed (or closed): nothing to compare
            width, height, pixels = shown[model_id]
            fraction = different_fraction(pixels, png)
            worst = max(worst, fraction)
            if fraction > MAX_DIFFERENT:
                if folder is not None and time.monotonic() > deadline:
                    (folder / f"canvas-{model_id[:8]}-page.png").write_bytes(pixels)
                    (folder / f"canvas-{model_id[:8]}-kernel.png").write_bytes(png)
                problems.append(
                    f"canvas {model_id[:8]} ({width} x {height}) differs from its figure in the kernel in "
                    f"{fraction:.1%} of its pixels (a partial or stale frame)"
                )
        compared = len(set(expected) & set(shown))
        if not problems or time.monotonic() > deadline:
            return problems, compared, worst
        page.wait_for_timeout(500)
