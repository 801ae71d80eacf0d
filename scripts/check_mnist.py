"""Make sure the MNIST files are there before tests or lessons need them (`make test` runs this).

    python scripts/check_mnist.py

Uses the loader's own rules (nnlib.data): the folder in NNLIB_MNIST_DIR when it holds the four
files, otherwise data/mnist/, where missing files are downloaded once from the mirrors, with a
progress bar, and checked against their SHA-256. When the files are missing and cannot be
downloaded (no network, every mirror failed) it prints one message saying what to do and exits
with status 1, so that `make test` stops before any test runs instead of failing in the middle.
"""

from __future__ import annotations

import sys

from nnlib.data import ENV_DIR, MNISTError, load_mnist, mnist_dir


def main() -> int:
    try:
        load_mnist(progress=True)
    except MNISTError as error:
        print(
            "\nStopped before the tests: the lessons and tests/test_mnist_training.py need the MNIST "
            "digits, and they are not here.\n"
            f"{error}\n"
            f"When the four files are in place (or {ENV_DIR} names a folder that holds them), "
            "run the command again.",
            file=sys.stderr,
        )
        return 1
    print(f"MNIST: the four files in {mnist_dir()} are complete and verified")
    return 0


if __name__ == "__main__":
    sys.exit(main())
