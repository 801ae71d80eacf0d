"""How fast do the lesson widgets react? Targets: update() <= 5 ms, a full Agg draw <= 50 ms.

Collects ``BENCH_CASES`` from every module of ``nnlib.widgets``: a list of
``(name, factory, update_kwargs)``, where ``factory()`` builds the widget and
``update_kwargs`` is one move of its controls. For each case it reports the median of

- ``update()``: what the kernel does when a slider moves: ``render`` (recompute, change artists
  in place) and the readouts. ``fig.canvas.draw_idle()`` is replaced by a no-op while timing,
  because under ipympl it only sends a message and the drawing happens on the next request
  (under Agg, draw_idle would draw at once and be counted twice);
- ``draw``: a full Agg render of the figure after that update, which is what ipympl does for
  every frame it sends to the browser.

Each timing alternates between the case's move and the widget's initial values, so every call
changes something. Results go to benchmarks/results/widgets.json (ignored by git).

    python benchmarks/widgets.py [--repeats 15] [--only NAME] [--check]
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import statistics
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import nnlib.widgets  # noqa: E402

UPDATE_TARGET_MS = 5.0
DRAW_TARGET_MS = 50.0
RESULTS = Path(__file__).resolve().parent / "results" / "widgets.json"


def collect_cases() -> list[tuple[str, str, object, dict]]:
    """(module, name, factory, update kwargs) for every BENCH_CASES entry in nnlib.widgets."""
    cases = []
    for info in sorted(pkgutil.iter_modules(nnlib.widgets.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"nnlib.widgets.{info.name}")
        for name, factory, kwargs in getattr(module, "BENCH_CASES", []):
            cases.append((info.name, name, factory, dict(kwargs)))
    return cases


def median_ms(times: list[float]) -> float:
    return 1000.0 * statistics.median(times)


def bench_case(factory, kwargs: dict, repeats: int) -> dict:
    widget = factory()
    try:
        initial = {k: widget.values[k] for k in kwargs}
        moves = [kwargs, initial]
        canvas = widget.fig.canvas
        canvas.draw()  # warm-up: fonts, text layout caches
        update_times, draw_times = [], []
        for i in range(repeats):
            canvas.draw_idle = lambda *a, **k: None
            start = time.perf_counter()
            widget.update(**moves[i % 2])
            update_times.append(time.perf_counter() - start)
            del canvas.draw_idle
            start = time.perf_counter()
            canvas.draw()
            draw_times.append(time.perf_counter() - start)
        return {"update_ms": median_ms(update_times), "draw_ms": median_ms(draw_times)}
    finally:
        widget.close()
        plt.close("all")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="timed moves per case")
    parser.add_argument("--only", help="run only the cases whose name contains this")
    parser.add_argument("--check", action="store_true", help="exit 1 if any case misses a target")
    args = parser.parse_args(argv)

    cases = [c for c in collect_cases() if not args.only or args.only in c[1]]
    if not cases:
        print("no BENCH_CASES found in nnlib.widgets", file=sys.stderr)
        return 1
    results, slow = [], []
    print(f"{'widget':40s} {'update ms':>10s} {'draw ms':>9s}")
    for module, name, factory, kwargs in cases:
        timing = bench_case(factory, kwargs, args.repeats)
        flags = []
        if timing["update_ms"] > UPDATE_TARGET_MS:
            flags.append(f"update > {UPDATE_TARGET_MS:g} ms")
        if timing["draw_ms"] > DRAW_TARGET_MS:
            flags.append(f"draw > {DRAW_TARGET_MS:g} ms")
        if flags:
            slow.append(name)
        print(
            f"{name:40s} {timing['update_ms']:10.2f} {timing['draw_ms']:9.1f}"
            f"  {'SLOW: ' + ', '.join(flags) if flags else 'ok'}"
        )
        results.append({"module": module, "name": name, "move": {k: repr(v) for k, v in kwargs.items()}, **timing})
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "update_target_ms": UPDATE_TARGET_MS,
                "draw_target_ms": DRAW_TARGET_MS,
                "repeats": args.repeats,
                "cases": results,
            },
            indent=2,
        )
        + "\n"
    )
    print(
        f"{len(results)} cases, {len(slow)} over a target; results in "
        f"{RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}"
    )
    return 1 if args.check and slow else 0


if __name__ == "__main__":
    sys.exit(main())
