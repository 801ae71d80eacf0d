"""How long from a key press on a slider to the changed picture, in the real browser?

Target (issue 13): every lesson's median at most 1.3 x the median of a bare ipympl figure with
one slider, measured in the same run.

One JupyterLab (tests/browser/browser_server.py) in headless Chromium (Debian's) runs first a
*baseline* notebook this script writes, ``%matplotlib widget``, one line plot and one
``FloatSlider`` whose observer calls ``set_ydata`` and ``draw_idle`` (the figure is 600 x 340
pixels, the size of a lesson figure), then every lesson (Run All, as in the browser tests). For
each slider of each live widget it presses an arrow key ``--presses`` times (right, left,
right...: the lesson stays where it was) and times, in the page, from the ``keydown`` to the
first paint of that widget's canvas whose pixels differ from before the press. Sliders only:
the arrow keys are what a learner uses to step one, and a dropdown's change is a different kind
of work.

Per press it also records how many times the canvas was painted and how many PNG frames (and
bytes) arrived before the page went quiet: the candidates to profile when a lesson is slow.

The baseline is measured again before every lesson (the load on a shared machine drifts): a
lesson's ratio is its median over the median of all the baseline's presses in the run, and
"local" is its ratio to the baseline presses taken just before it. Reports per lesson: presses
timed, median ms, both ratios, frames and paints per press, median PNG kB. Writes benchmarks/results/browser_latency.json (ignored by git). Timings on a shared
2-core machine vary by +-30%: compare ratios from one run, not numbers across runs.

    NNLIB_MNIST_DIR=... python benchmarks/browser_latency.py [--presses 3] [--only 05 07]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from browser_lab import kernel_status, open_lab, open_notebook, run_all  # noqa: E402
from browser_server import CHROMIUM_ARGS, NOTEBOOKS, JupyterLabServer, find_chromium  # noqa: E402
from browser_widgets import find_live_widgets  # noqa: E402

TARGET_RATIO = 1.3
BASELINE = "00_baseline_bare_ipympl.ipynb"
RESULTS = ROOT / "benchmarks" / "results" / "browser_latency.json"

BASELINE_SETUP = """\
%matplotlib widget
import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np"""

BASELINE_FIGURE = """\
x = np.linspace(0, 2 * np.pi, 300)
fig, ax = plt.subplots(figsize=(6, 3.4))
(line,) = ax.plot(x, np.sin(x))
ax.set_ylim(-1.1, 1.1)
slider = widgets.FloatSlider(value=1.0, min=0.5, max=3.0, step=0.1, description="frequency")


def on_change(change):
    line.set_ydata(np.sin(change["new"] * x))
    fig.canvas.draw_idle()


slider.observe(on_change, names="value")
widgets.VBox([slider, fig.canvas])"""

# Installed once per widget: every paint of the widget's canvases (drawImage on their 2-D
# context) is recorded with its time and a hash of a sample of the pixels; every PNG frame that
# reaches the page (ipympl makes an object URL of each) is recorded with its size.
_INSTRUMENT_JS = """(out) => {
  window.__nnlib = window.__nnlib || {frames: [], keydown: 0};
  if (!window.__nnlib.urlHooked) {
    const create = URL.createObjectURL;
    URL.createObjectURL = function (blob) {
      if (blob && blob.type === 'image/png') window.__nnlib.frames.push([performance.now(), blob.size]);
      return create.apply(this, arguments);
    };
    window.addEventListener('keydown', () => { window.__nnlib.keydown = performance.now(); }, true);
    window.__nnlib.urlHooked = true;
  }
  const canvases = Array.from(out.querySelectorAll('.jupyter-matplotlib-canvas-div canvas:first-child'));
  out.__nnlibPaints = out.__nnlibPaints || [];
  const hash = (canvas) => {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let h = 2166136261;
    for (let i = 0; i < data.length; i += 4 * 7) { h ^= data[i] ^ (data[i + 1] << 8) ^ (data[i + 2] << 16); h = Math.imul(h, 16777619); }
    return h >>> 0;
  };
  out.__nnlibHash = () => canvases.map(hash).join(',');
  for (const canvas of canvases) {
    const ctx = canvas.getContext('2d');
    if (ctx.__nnlibHooked) continue;
    const draw = ctx.drawImage.bind(ctx);
    ctx.drawImage = (...args) => {
      const t = performance.now();
      draw(...args);
      out.__nnlibPaints.push([t, out.__nnlibHash()]);
    };
    ctx.__nnlibHooked = true;
  }
  return canvases.length;
}"""

_STATE_JS = """(out) => ({now: performance.now(), hash: out.__nnlibHash(), paints: out.__nnlibPaints.length,
                       frames: window.__nnlib.frames.length, keydown: window.__nnlib.keydown})"""

_SINCE_JS = """(out, [paints, frames]) => ({now: performance.now(), keydown: window.__nnlib.keydown,
  paints: out.__nnlibPaints.slice(paints), frames: window.__nnlib.frames.slice(frames)})"""


def baseline_notebook() -> dict:
    cells = [
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": src}
        for src in (BASELINE_SETUP, BASELINE_FIGURE)
    ]
    return {
        "cells": cells,
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _slider_value(handle) -> str:
    return handle.get_attribute("aria-valuetext") or handle.get_attribute("aria-valuenow") or ""


def time_press(page, out, handle, key: str, *, quiet_ms: float = 400, timeout_ms: float = 8000) -> dict | None:
    """Press ``key`` on a focused slider handle; time until the canvas pixels change.

    Returns None when the slider did not move (at its end). Waits until no paint and no frame
    came for ``quiet_ms`` and the kernel is idle, so that presses do not overlap.
    """
    before = out.evaluate(_STATE_JS)
    value = _slider_value(handle)
    handle.press(key)
    if _slider_value(handle) == value:
        return None
    start = time.monotonic()
    result = None
    while (time.monotonic() - start) * 1000 < timeout_ms:
        page.wait_for_timeout(50)
        since = out.evaluate(_SINCE_JS, [before["paints"], before["frames"]])
        changed = [t for t, h in since["paints"] if h != before["hash"]]
        last = max([t for t, _ in since["paints"]] + [t for t, _ in since["frames"]] + [since["keydown"]])
        if changed and since["now"] - last > quiet_ms and kernel_status(page).endswith("| Idle"):
            result = {
                "ms": changed[0] - since["keydown"],
                "paints": len(since["paints"]),
                "frames": len(since["frames"]),
                "png_bytes": [size for _, size in since["frames"]],
            }
            break
    if result is None:
        result = {"ms": None, "paints": 0, "frames": 0, "png_bytes": []}
    return result


def measure_notebook(page, name: str, presses: int) -> dict:
    open_notebook(page, name)
    run = run_all(page, timeout=600)
    if run.errors:  # e.g. no MNIST files: set NNLIB_MNIST_DIR
        print(f"  {name}: errors under Run All: {' '.join(run.errors[0].split())[:200]}")
    page.wait_for_timeout(1500)  # the canvases fetch their first frames
    records = []
    for widget in find_live_widgets(page):
        sliders = [c for c in widget.controls if c.kind == "slider"]
        if not sliders:
            continue
        out = widget.locator
        out.evaluate(_INSTRUMENT_JS)
        for control in sliders:
            handle = widget.control(control).locator(".noUi-handle").last
            handle.scroll_into_view_if_needed()
            handle.focus()
            keys = ["ArrowRight", "ArrowLeft"]
            timed = 0
            for i in range(presses * 2):
                if timed >= presses:
                    break
                record = time_press(page, out, handle, keys[i % 2])
                if record is None:  # at the end of its range: go the other way
                    keys.reverse()
                    continue
                record.update(widget=widget.name, control=control.label)
                records.append(record)
                timed += 1
    _close(page)
    return {"name": name, "run_all_s": run.seconds, "errors": run.errors, "presses": records}


def _close(page) -> None:
    from browser_lab import close_all

    close_all(page)


def summarise(result: dict) -> dict:
    times = [p["ms"] for p in result["presses"] if p["ms"] is not None]
    sizes = [b for p in result["presses"] for b in p["png_bytes"]]
    return {
        "presses": len(result["presses"]),
        "missed": sum(p["ms"] is None for p in result["presses"]),
        "median_ms": statistics.median(times) if times else None,
        "frames_per_press": statistics.mean(p["frames"] for p in result["presses"]) if result["presses"] else None,
        "paints_per_press": statistics.mean(p["paints"] for p in result["presses"]) if result["presses"] else None,
        "median_png_kb": statistics.median(sizes) / 1000 if sizes else None,
        "slowest": sorted(
            ((p["ms"], p["widget"], p["control"]) for p in result["presses"] if p["ms"] is not None), reverse=True
        )[:3],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=3, help="timed presses per slider of a lesson (default 3)")
    parser.add_argument(
        "--baseline-presses", type=int, default=8, help="timed presses of the baseline before each lesson (default 8)"
    )
    parser.add_argument("--only", nargs="*", default=None, help="lesson name prefixes, e.g. 05 07")
    parser.add_argument("--check", action="store_true", help="exit 1 if a lesson is above the target ratio")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    executable = find_chromium()
    if executable is None:
        print("Chromium not found (apt-get install chromium, or set NNLIB_CHROMIUM)")
        return 2
    lessons = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    if args.only:
        lessons = [n for n in lessons if n.startswith(tuple(args.only))]
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "source"
        shutil.copytree(NOTEBOOKS, source, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        (source / BASELINE).write_text(json.dumps(baseline_notebook()))
        server = JupyterLabServer(source, Path(tmp) / "lab")
        server.start()
        results = {}
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
                page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
                open_lab(page, server)
                baseline: list[dict] = []
                for name in lessons:
                    # the baseline again before every lesson: the load on a shared machine drifts,
                    # and every lesson is compared with presses taken under the same load
                    before = measure_notebook(page, BASELINE, args.baseline_presses)["presses"]
                    server.shutdown_kernels()
                    baseline += before
                    started = time.monotonic()
                    results[name] = measure_notebook(page, name, args.presses)
                    results[name]["baseline_before"] = [p["ms"] for p in before]
                    server.shutdown_kernels()
                    print(f"{name}: {len(results[name]['presses'])} presses in {time.monotonic() - started:.0f} s")
                results[BASELINE] = {"name": BASELINE, "presses": baseline}
                browser.close()
        finally:
            server.stop()

    summary = {name: summarise(r) for name, r in results.items()}
    base = summary[BASELINE]["median_ms"]
    print(
        f"\n{'notebook':34} {'presses':>7} {'median ms':>9} {'ratio':>6} {'local':>6} "
        f"{'frames':>6} {'paints':>6} {'PNG kB':>6}"
    )
    worst = 0.0
    for name in [BASELINE, *lessons]:
        s = summary[name]
        ratio = s["median_ms"] / base if s["median_ms"] is not None and base else None
        nearby = [ms for ms in results[name].get("baseline_before", []) if ms is not None]
        local = s["median_ms"] / statistics.median(nearby) if s["median_ms"] is not None and nearby else None
        s["ratio"], s["ratio_to_the_baseline_just_before"] = ratio, local
        if ratio is not None and name != BASELINE:
            worst = max(worst, ratio)
        print(
            f"{name:34} {s['presses']:>7} {fmt(s['median_ms'], '9.0f')} {fmt(ratio, '6.2f')} {fmt(local, '6.2f')} "
            f"{fmt(s['frames_per_press'], '6.2f')} {fmt(s['paints_per_press'], '6.2f')} {fmt(s['median_png_kb'], '6.1f')}"
        )
    print(f"\nbaseline {fmt_ms(base)}; worst lesson ratio {worst:.2f} (target <= {TARGET_RATIO})")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"summary": summary, "presses": results}, indent=1))
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 1 if args.check and worst > TARGET_RATIO else 0


def fmt(value: float | None, spec: str) -> str:
    return format(value, spec) if value is not None else "-"


def fmt_ms(value: float | None) -> str:
    return f"{value:.0f} ms" if value is not None else "(not measured)"


if __name__ == "__main__":
    sys.exit(main())
