"""The worst frame of every widget at the ends of its controls (issue 13). Target: < 200 ms.

For every widget class (one of its ``BENCH_CASES`` in ``nnlib.widgets``; every case whose name
mentions a lesson is a widget of its own, built as that lesson builds it) this drives
``update()`` through :func:`nnlib.widgets.live.control_extremes`: each control at its minimum,
maximum and NaN, every menu option and one that is not an option, all controls at their ends
together, and for the descent widgets as many steps as the buttons allow. A frame is
``update()`` plus a full Agg draw (what ipympl renders for every frame it sends). It reports
each widget's worst frame and where it happened, and anything that raised.

    python benchmarks/widget_extremes.py [--only NAME] [--check]

Not a timed test: the machine is shared, so its numbers are for reading, not for CI.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import nnlib.widgets  # noqa: E402
from nnlib.widgets.live import control_extremes  # noqa: E402

FRAME_TARGET_MS = 200.0
RESULTS = Path(__file__).resolve().parent / "results" / "widget_extremes.json"


def widget_factories() -> list[tuple[str, Callable[[], Any]]]:
    """(name, factory): the first BENCH_CASES entry of each widget class, and every entry
    whose name mentions a lesson (a widget built with that lesson's arguments)."""
    found: dict[str, Callable[[], Any]] = {}
    for info in sorted(pkgutil.iter_modules(nnlib.widgets.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"nnlib.widgets.{info.name}")
        for name, factory, _ in getattr(module, "BENCH_CASES", []):
            found.setdefault(name if "lesson" in name else name.split()[0], factory)
    return sorted(found.items())


def frames(widget: Any) -> list[tuple[str, float, str]]:
    """(position, seconds for update + full draw, error or "") over every end position."""
    out = []
    canvas = widget.fig.canvas
    canvas.draw()  # warm-up: fonts, text layout caches
    start_values = widget.values
    steps: list[tuple[str, Callable[[], None]]] = [
        (label, lambda v=values: widget.update(**v)) for label, values in control_extremes(widget.controls)
    ]
    if hasattr(widget, "take_steps"):
        highs = dict(control_extremes(widget.controls)).get("all at max", {})
        steps.append(
            ("all at max, every step the buttons allow", lambda: (widget.update(**highs), widget.take_steps(10_000)))
        )
    for label, action in steps:
        widget.update(**start_values)
        canvas.draw()
        t0 = time.perf_counter()
        error = ""
        try:
            action()
            canvas.draw()
            if getattr(widget, "error", None) is not None:
                error = f"shown: {widget.message}"
        except Exception as err:  # before issue 13 some positions raised: report, go on
            error = f"raised {type(err).__name__}: {str(err)[:100]}"
        out.append((label, time.perf_counter() - t0, error))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only the widgets whose name contains this")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if a frame is over the target or a position raised"
    )
    args = parser.parse_args(argv)

    results, bad = [], []
    print(f"{'widget':56s} {'worst ms':>9s}  at")
    for name, factory in widget_factories():
        if args.only and args.only not in name:
            continue
        widget = factory()
        try:
            timed = frames(widget)
        finally:
            widget.close()
            plt.close("all")
        label, worst, _ = max(timed, key=lambda f: f[1])
        errors = [f"{lab}: {err}" for lab, _, err in timed if err]
        flag = "" if worst * 1000 < FRAME_TARGET_MS else f"  SLOW (> {FRAME_TARGET_MS:g} ms)"
        print(f"{name:56s} {worst * 1000:9.1f}  {label}{flag}")
        for error in errors:
            print(f"{'':58s}{error}")
        if flag or any(e.split(": ", 1)[1].startswith("raised") for e in errors):
            bad.append(name)
        results.append(
            {
                "widget": name,
                "worst_ms": round(worst * 1000, 1),
                "worst_at": label,
                "positions": len(timed),
                "errors": errors,
            }
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"frame_target_ms": FRAME_TARGET_MS, "widgets": results}, indent=2) + "\n")
    overall = max(results, key=lambda r: r["worst_ms"])
    print(
        f"{len(results)} widgets; worst frame {overall['worst_ms']:.1f} ms "
        f"({overall['widget']}, {overall['worst_at']}); {len(bad)} over the target or raising"
    )
    return 1 if args.check and bad else 0


if __name__ == "__main__":
    sys.exit(main())
