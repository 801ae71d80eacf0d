"""What ``fit`` costs on top of its training steps, per MNIST epoch.

    python benchmarks/fit_overhead.py [--epochs 5]

Lesson 13 trains 784-16-16-10 (float32, batches of 64) by calling ``fit(..., epochs=1)`` once per
epoch. This script times, alternately so that both see the same machine load:

- the bare steps: forward, backward and an SGD step over the epoch's shuffled mini-batches,
  nothing else (the floor any ``fit`` must pay);
- ``fit(x_train, y_train, epochs=1)`` with the default report (the mean over the batches);
- the same with ``evaluate_train=True`` (the whole training set scored again after the epoch).

It prints the median wall time of each and the ratio to the bare steps. The goal: the default
``fit`` at most 1.15x its steps.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from nnlib import SGD, Dense, Sequential, single_threaded
from nnlib.data import load_mnist


def network(seed: int) -> Sequential:
    model = Sequential(
        [Dense(16, "sigmoid", input_shape=[784]), Dense(16, "sigmoid"), Dense(10, "softmax")],
        rng=np.random.default_rng(seed),
        dtype=np.float32,
    )
    model.compile(loss="categorical_crossentropy", optimizer=SGD(lr=0.3, momentum=0.9))
    return model


def bare_epoch(model: Sequential, X: np.ndarray, Y: np.ndarray, rng: np.random.Generator, batch_size: int) -> float:
    """One epoch of steps only; returns its wall time."""
    loss, opt = model.loss, model.optimizer
    assert loss is not None and opt is not None
    params, grads = [model._flat_params], [model._flat_grads]
    t0 = time.perf_counter()
    with single_threaded():
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            j = order[start : start + batch_size]
            model._forward(X[j], training=True)
            model._backward(Y[j], loss)
            opt.step(params, grads)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=5, help="epochs timed for each variant (default 5)")
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()

    (x_train, y_train), _ = load_mnist(scaled=True, flatten=True)
    Y = np.eye(10, dtype=np.float32)[y_train]
    models = {"bare steps": network(0), "fit (default)": network(0), "fit (evaluate_train=True)": network(0)}
    rngs = {name: np.random.default_rng(1) for name in models}
    times: dict[str, list[float]] = {name: [] for name in models}
    for _ in range(args.epochs):
        for name, model in models.items():
            if name == "bare steps":
                times[name].append(bare_epoch(model, x_train, Y, rngs[name], args.batch_size))
            else:
                t0 = time.perf_counter()
                model.fit(
                    x_train,
                    y_train,
                    epochs=1,
                    batch_size=args.batch_size,
                    rng=rngs[name],
                    evaluate_train=name.endswith("True)"),
                )
                times[name].append(time.perf_counter() - t0)

    base = float(np.median(times["bare steps"]))
    print(f"784-16-16-10, float32, batch {args.batch_size}, 60,000 images; median of {args.epochs} epochs")
    for name, ts in times.items():
        median = float(np.median(ts))
        print(f"  {name:28} {median:6.3f} s per epoch   {median / base:5.2f}x the bare steps")


if __name__ == "__main__":
    main()
