"""Reproduce the stored MNIST runs of lesson 17 (SGD, momentum and Adam compared).

Trains the same 784-64-64-10 ReLU network (same starting weights, same shuffling) with each
optimiser on the first 50,000 MNIST training images for 15 epochs, scoring the other 10,000 after
every epoch, and writes the curves to ``nnlib/analysis/deeper_stored.py`` (a small module the
lesson imports, so the lesson itself runs in seconds). Takes a few minutes on two cores.

    NNLIB_MNIST_DIR=/path/to/mnist python scripts/deeper_runs.py
"""

from __future__ import annotations

import platform
import pprint
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from nnlib import SGD, Adam, Dense, Sequential
from nnlib.data import load_mnist

OUT = Path(__file__).resolve().parent.parent / "nnlib" / "analysis" / "deeper_stored.py"
EPOCHS = 15
BATCH = 64
#: name -> optimiser factory: the Keras defaults, and SGD at a rate tuned for this network
OPTIMIZERS = {
    "SGD lr 0.01": lambda: SGD(lr=0.01),
    "SGD lr 0.1": lambda: SGD(lr=0.1),
    "momentum 0.9, lr 0.01": lambda: SGD(lr=0.01, momentum=0.9),
    "Adam lr 0.001": lambda: Adam(lr=0.001),
}


def network() -> Sequential:
    return Sequential(
        [Dense(64, "relu", input_shape=[784]), Dense(64, "relu"), Dense(10, "softmax")],
        rng=np.random.default_rng(0),
        dtype=np.float32,
    )


def main() -> None:
    (x, y), _ = load_mnist(scaled=True, flatten=True)
    train, val = (x[:50_000], y[:50_000]), (x[50_000:], y[50_000:])
    runs = {}
    for name, make in OPTIMIZERS.items():
        model = network()
        model.compile(loss="categorical_crossentropy", optimizer=make())
        t0 = time.perf_counter()
        h = model.fit(*train, epochs=EPOCHS, batch_size=BATCH, rng=np.random.default_rng(1), validation_data=val)
        print(f"{name:24} {time.perf_counter() - t0:6.1f} s, val accuracy {h.history['val_accuracy'][-1]:.4f}")
        runs[name] = {k: [round(v, 5) for v in h.history[k]] for k in ("loss", "accuracy", "val_loss", "val_accuracy")}
    text = (
        '"""Stored MNIST runs of lesson 17, written by scripts/deeper_runs.py (do not edit by hand).\n\n'
        f"784-64-64-10 ReLU, softmax; 50,000 training and 10,000 validation images; {EPOCHS} epochs, "
        f"batches of {BATCH};\nthe same starting weights and shuffling for every optimiser. "
        f"Made with numpy {np.__version__} on {platform.machine()}.\n"
        '"""\n\n'
        f"EPOCHS = {EPOCHS}\nBATCH_SIZE = {BATCH}\n"
        f"OPTIMIZER_RUNS: dict[str, dict[str, list[float]]] = {pprint.pformat(runs, width=110, compact=True, sort_dicts=False)}\n"
    )
    OUT.write_text(text)
    # the stored module is formatted like the rest of nnlib (make lint checks it)
    subprocess.run([sys.executable, "-m", "ruff", "format", str(OUT)], check=True)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
