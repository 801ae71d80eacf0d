"""How long does ``load_mnist()`` take from files already on disk? Target: <= 0.3 s.

Times the full call (read, SHA-256 check, gzip decompression, IDX parsing, fresh arrays)
for all four files, from the folder ``load_mnist()`` would use (``$NNLIB_MNIST_DIR`` or
``data/mnist``). Never downloads. The first call in a fresh process is reported
separately (it is the one a lesson pays); the target applies to the median of the
repeated calls.

    python benchmarks/load_mnist.py [--repeats 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from nnlib.data import MNISTError, load_mnist, mnist_dir

TARGET_S = 0.3


def time_call(**kwargs) -> float:
    start = time.perf_counter()
    load_mnist(download=False, **kwargs)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="timed calls per variant (default 7)")
    args = parser.parse_args()

    print(f"MNIST folder: {mnist_dir()}")
    try:
        first = time_call()
    except MNISTError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"first call in this process:          {first:.3f} s")

    results = {}
    for label, kwargs in [
        ("load_mnist()", {}),
        ("load_mnist(scaled=True, flatten=True)", {"scaled": True, "flatten": True}),
    ]:
        times = [time_call(**kwargs) for _ in range(args.repeats)]
        results[label] = statistics.median(times)
        spread = f"min {min(times):.3f}, max {max(times):.3f}, {args.repeats} runs"
        print(f"{label:<38} median {results[label]:.3f} s  ({spread})")

    median = results["load_mnist()"]
    verdict = "meets" if median <= TARGET_S else "MISSES"
    print(f"load_mnist() from cached files: median {median:.3f} s, {verdict} the target of <= {TARGET_S} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
