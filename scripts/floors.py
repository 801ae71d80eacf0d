"""The dependency floors of pyproject.toml as exact pins, for `make test-floors`.

    python scripts/floors.py              # print "numpy==1.24" ... (nnlib's and the test extra's)
    python scripts/floors.py --verify     # exit 1 unless exactly those versions are installed

`make test-floors` runs this with the interpreter of a fresh virtual environment, installs the
printed pins with nnlib, checks them with --verify and runs the unit tests there. So the floors
it tests are the ones pyproject.toml declares, read from that one place. Every dependency must
have a ``>=`` floor, and the interpreter must be the oldest Python that ``requires-python``
allows (both are errors otherwise), so that nothing is tested with newer releases by accident.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*>=\s*([0-9][0-9A-Za-z.]*)\s*$")


def floors(pyproject: Path = ROOT / "pyproject.toml", extras: tuple[str, ...] = ("test",)) -> dict[str, str]:
    """``{name: oldest version}`` for every dependency of nnlib and of the given extras.

    Raises ValueError for a dependency that is not written ``name>=version``.
    """
    project = tomllib.loads(pyproject.read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in extras:
        requirements += project["optional-dependencies"][extra]
    found = {}
    for requirement in requirements:
        match = FLOOR.match(requirement)
        if not match:
            raise ValueError(
                f"{requirement!r} in pyproject.toml has no plain floor: write it as "
                "'name>=version' (the oldest release the tests pass with)"
            )
        found[match.group(1).lower()] = match.group(2)
    return found


def python_floor(pyproject: Path = ROOT / "pyproject.toml") -> tuple[int, int]:
    """The oldest Python ``requires-python = ">=X.Y"`` allows, as ``(X, Y)``."""
    spec = tomllib.loads(pyproject.read_text())["project"]["requires-python"]
    match = re.fullmatch(r"\s*>=\s*(\d+)\.(\d+)\s*", spec)
    if not match:
        raise ValueError(f"requires-python must be written '>=X.Y', got {spec!r}")
    return int(match.group(1)), int(match.group(2))


def same_release(installed: str, floor: str) -> bool:
    """``1.24.0`` is the release ``1.24`` names (pip reads ``==1.24`` the same way)."""

    def parts(version: str) -> list[str]:
        items = version.split(".")
        while len(items) > 1 and items[-1] == "0":
            items.pop()
        return items

    return parts(installed) == parts(floor)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--verify", action="store_true", help="check that exactly the floors are installed in this environment"
    )
    args = parser.parse_args(argv)
    oldest = python_floor()
    if sys.version_info[:2] != oldest:
        print(
            f"the floors are tested on Python {oldest[0]}.{oldest[1]} (requires-python), but this is "
            f"{sys.version_info[0]}.{sys.version_info[1]}: run `make test-floors "
            f"FLOORS_PYTHON=python{oldest[0]}.{oldest[1]}` with that interpreter",
            file=sys.stderr,
        )
        return 1
    pins = floors()
    if not args.verify:
        print("\n".join(f"{name}=={version}" for name, version in pins.items()))
        return 0
    wrong = []
    for name, version in pins.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "not installed"
        if not same_release(installed, version):
            wrong.append(f"{name}: {installed} installed, the floor is {version}")
    if wrong:
        print("not the floors:\n  " + "\n  ".join(wrong), file=sys.stderr)
        return 1
    print(
        f"Python {sys.version.split()[0]} and exactly the floors of {len(pins)} dependencies: "
        + ", ".join(f"{name} {version}" for name, version in pins.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
