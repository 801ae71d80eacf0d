"""Training speed of nnlib beside a plain vectorised numpy MLP, measured in one run.

Trains 784-16-16-10 (sigmoid hidden units, softmax output, cross-entropy) on the first 50,000
MNIST training images, with nnlib and with ../shared/bench/reference_mlp.py (not part of the
project: imported from the shared folder), both in float32 and both with one BLAS thread
(nnlib chooses that itself inside fit; the reference is run inside the same limit).

Reports
  1. seconds per epoch (median of --epochs epochs, training steps only) at batch sizes 10, 64
     and 128, and the ratio nnlib / reference (target: <= 1.2);
  2. training seconds until the test accuracy first reaches 95%, with lesson 13's recipe
     (RECIPE: batch 64, lr 0.3, momentum 0.9, lr x 0.8 after each epoch; a test checks that the
     lesson trains with exactly this), on three seeds, and the ratio nnlib / reference (target:
     <= 1.5). Both start from the same weights (the reference's) and draw the same mini-batches,
     so both follow the same path to 95% and the ratio measures speed: 95% is close to where this
     small network levels off, so from different starts the number of epochs needed differs by
     luck (one seed may need 7 epochs, another never get there). --own-start shows that spread.

  python benchmarks/train_mnist.py [--epochs 5] [--seeds 0 1 2] [--batches 10 64 128]
                                  [--own-start] [--lr 0.3 --lr-decay 0.8] [--json out.json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

import nnlib
from nnlib.data import load_mnist

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "bench" / "reference_mlp.py"

RECIPE = {"batch_size": 64, "lr": 0.3, "momentum": 0.9, "lr_decay": 0.8}
TARGET = 0.95


def load_reference():
    if not REFERENCE.exists():
        sys.exit(f"the reference implementation is missing: expected {REFERENCE}")
    spec = importlib.util.spec_from_file_location("reference_mlp", REFERENCE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def data():
    (xtr, ytr), (xte, yte) = load_mnist(scaled=True, flatten=True)
    return xtr[:50_000], ytr[:50_000].astype(np.intp), xte, yte.astype(np.intp)


def nnlib_model(seed: int, lr: float, momentum: float, lr_decay: float) -> nnlib.Sequential:
    model = nnlib.Sequential(
        [
            nnlib.Dense(16, "sigmoid", input_shape=[784]),
            nnlib.Dense(16, "sigmoid"),
            nnlib.Dense(10, "softmax"),
        ],
        rng=np.random.default_rng(seed),
        dtype=np.float32,
    )
    model.compile("categorical_crossentropy", nnlib.SGD(lr=lr, momentum=momentum, lr_decay=lr_decay))
    return model


class StopAtAccuracy(nnlib.Callback):
    def __init__(self, target: float) -> None:
        self.target = target

    def on_epoch_end(self, epoch, logs):
        if logs["val_accuracy"] >= self.target:
            self.model.stop_training = True


def epoch_times(ref, d, batch: int, epochs: int, seed: int) -> tuple[list[float], list[float]]:
    """Per-epoch training seconds of both, one epoch of each in turn so drift hits both alike."""
    xtr, ytr, xte, yte = d
    model = nnlib_model(seed, 0.1, 0.9, 1.0)
    net = ref.MLP([784, 16, 16, 10], "ce", seed, 0.9)
    rng = np.random.default_rng(seed)
    ours, theirs = [], []
    for e in range(epochs):
        h = model.fit(xtr, ytr, epochs=1, batch_size=batch, rng=rng)
        ours.append(h["time"][0])
        with threadpool_limits(limits=1, user_api="blas"):
            t, _ = ref.train(net, d, batch, 0.1, 1, None, seed + e, 1.0)
        theirs.append(t[0])
    return ours, theirs


def time_to_target(ref, d, seed: int, recipe: dict = RECIPE, same_start: bool = True) -> tuple[dict, dict]:
    """Training seconds (and epochs) until the test accuracy first reaches TARGET, for both.

    ``same_start``: nnlib starts from the reference's initial weights and both draw the same
    mini-batches (``rng.permutation`` of a generator seeded alike, every epoch), so both follow
    the same path to 95% and the ratio measures speed. Otherwise each starts from its own
    initialisation, and the number of epochs differs by luck as much as by anything else.
    """
    xtr, ytr, xte, yte = d
    r = recipe
    net = ref.MLP([784, 16, 16, 10], "ce", seed, r["momentum"])
    model = nnlib_model(seed, r["lr"], r["momentum"], r["lr_decay"])
    if same_start:
        model.set_weights([p for W, b in zip(net.W, net.b) for p in (W.copy(), b.copy())])
    h = model.fit(
        xtr,
        ytr,
        epochs=30,
        batch_size=r["batch_size"],
        rng=np.random.default_rng(seed),
        validation_data=(xte, yte),
        callbacks=[StopAtAccuracy(TARGET)],
    )
    acc = h["val_accuracy"]
    hit = next((i for i, a in enumerate(acc) if a >= TARGET), None)
    ours = {
        "seconds": float(np.sum(h["time"][: hit + 1])) if hit is not None else None,
        "epochs": None if hit is None else hit + 1,
        "accuracy": acc[-1],
    }
    with threadpool_limits(limits=1, user_api="blas"):
        times, accs = ref.train(net, d, r["batch_size"], r["lr"], 30, TARGET, seed, r["lr_decay"])
    rhit = next((i for i, a in enumerate(accs) if a >= TARGET), None)
    theirs = {
        "seconds": float(np.sum(times[: rhit + 1])) if rhit is not None else None,
        "epochs": None if rhit is None else rhit + 1,
        "accuracy": accs[-1],
    }
    return ours, theirs


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--epochs", type=int, default=5, help="epochs per batch size (median taken)")
    p.add_argument(
        "--batches",
        type=int,
        nargs="*",
        default=[10, 64, 128],
        help="batch sizes for the seconds per epoch (none: skip that part)",
    )
    p.add_argument("--lr", type=float, default=RECIPE["lr"], help="to try another recipe")
    p.add_argument("--lr-decay", type=float, default=RECIPE["lr_decay"], help="to try another recipe")
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    p.add_argument(
        "--own-start",
        action="store_true",
        help="time to 95%%: each from its own random start (default: the same start)",
    )
    p.add_argument("--json", type=Path, help="also write the results here")
    args = p.parse_args()

    ref = load_reference()
    d = data()
    results: dict = {"epoch_seconds": [], "time_to_95": []}
    ok = True
    print(f"{'batch':>6} {'nnlib s/epoch':>14} {'reference':>10} {'ratio':>6}")
    for batch in args.batches:
        ours, theirs = epoch_times(ref, d, batch, args.epochs, seed=0)
        ratio = float(np.median(ours) / np.median(theirs))
        ok &= ratio <= 1.2
        results["epoch_seconds"].append({"batch": batch, "nnlib": ours, "reference": theirs, "ratio": ratio})
        print(
            f"{batch:>6} {np.median(ours):>14.3f} {np.median(theirs):>10.3f} {ratio:>6.2f}"
            f"   (range nnlib {min(ours):.3f}-{max(ours):.3f}, reference {min(theirs):.3f}-{max(theirs):.3f})"
        )
    recipe = {**RECIPE, "lr": args.lr, "lr_decay": args.lr_decay}
    print(f"\ntime to {TARGET:.0%} test accuracy, recipe {recipe}")
    print(f"{'seed':>5} {'nnlib s (epochs)':>18} {'reference s (epochs)':>22} {'ratio':>6}")
    for seed in args.seeds:
        ours, theirs = time_to_target(ref, d, seed, recipe, same_start=not args.own_start)
        if ours["seconds"] is None or theirs["seconds"] is None:
            ratio = float("nan")
            ok &= ours["seconds"] is not None
        else:
            ratio = ours["seconds"] / theirs["seconds"]
            ok &= ratio <= 1.5
        results["time_to_95"].append({"seed": seed, "nnlib": ours, "reference": theirs, "ratio": ratio})
        print(
            f"{seed:>5} {ours['seconds'] or float('nan'):>12.2f} ({ours['epochs']}) "
            f"{theirs['seconds'] or float('nan'):>15.2f} ({theirs['epochs']}) {ratio:>6.2f}"
        )
    print("\nall targets met" if ok else "\nSOME TARGETS MISSED")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
