"""Write constraints.txt (the exact versions of everything installed) and environment.yml from it.

    python3 scripts/lock.py          # `make lock`: needs PyPI; takes about a minute

The stored notebook outputs are only reproducible with the library versions that made them, so
those versions are recorded, and every place that runs the lessons installs them:

- constraints.txt: ``pip freeze`` of a fresh virtual environment into which ``nnlib[test]`` was
  installed with today's newest releases (nnlib itself left out). `make env` (and so `make lab`,
  `make test`, `make notebooks`) installs with ``pip install -c constraints.txt``.
- environment.yml (conda, Binder): Python pinned with ``=`` to the interpreter that ran this
  script, and nnlib's runtime dependencies with everything they pull in, at exactly the versions of
  constraints.txt (not the test tools). No local files are named in it, so Binder can build and
  cache it before it copies the repository, and postBuild installs nnlib.

After `make lock`, re-execute the lessons (`make notebooks`) and commit all three.
tests/test_packaging.py checks that the files agree with each other and with pyproject.toml.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONSTRAINTS = ROOT / "constraints.txt"
ENVIRONMENT = ROOT / "environment.yml"

CONSTRAINTS_HEADER = """\
# The exact versions the stored notebook outputs were made with, on Python {python}.
# Written by `make lock` (scripts/lock.py) from a fresh install of nnlib[test]; do not edit by hand.
# `make env`, `make lab`, `make test` and `make notebooks` install with `pip install -c` this file,
# and environment.yml (Binder) pins the same versions, so a lesson run there prints what is stored.
# python=={python}
"""

ENVIRONMENT_HEADER = """\
# Conda / Binder environment, written by `make lock` (scripts/lock.py); do not edit by hand.
# Python is pinned with `=` (the only form repo2docker reads), and nnlib's runtime dependencies,
# with everything they pull in, at exactly the versions in constraints.txt, which made the stored
# notebook outputs. nnlib itself is installed by postBuild (Binder) or by hand with conda:
#   conda env create -f environment.yml && conda activate nnlib-lessons
#   pip install --no-deps -e .
# Naming no local file here lets Binder build and cache this environment before it copies the
# repository, so a new commit does not rebuild it. tests/test_packaging.py checks this file.
name: nnlib-lessons
channels:
  - conda-forge
dependencies:
  - python={python_minor}
  - pip
  - pip:
"""


def canonical(name: str) -> str:
    """The normalised form of a distribution name (PEP 503): ``Jinja2`` -> ``jinja2``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(path: Path = CONSTRAINTS) -> dict[str, str]:
    """``{canonical name: version}`` of the ``name==version`` lines of a constraints file."""
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[canonical(name)] = version.strip()
    return pins


def locked_python(path: Path = CONSTRAINTS) -> str:
    """The Python version recorded in the ``# python==X.Y.Z`` line of constraints.txt."""
    match = re.search(r"^# python==(\d+\.\d+\.\d+)$", path.read_text(), flags=re.M)
    if not match:
        raise ValueError(f"{path.name} has no '# python==X.Y.Z' line")
    return match.group(1)


def runtime_closure(root: str = "nnlib") -> dict[str, str]:
    """``{canonical name: installed version}`` of everything ``root`` needs at run time (its
    dependencies, theirs, and so on, extras followed), in the environment running this."""
    from packaging.requirements import Requirement  # packaging comes with the Jupyter stack

    found: dict[str, str] = {}
    visited = set()
    todo = [(root, frozenset())]
    while todo:
        name, extras = todo.pop()
        if (canonical(name), extras) in visited:
            continue
        visited.add((canonical(name), extras))
        dist = metadata.distribution(name)
        if canonical(name) != canonical(root):
            found[canonical(name)] = dist.version
        for text in dist.requires or []:
            requirement = Requirement(text)
            wanted = requirement.marker is None or any(
                requirement.marker.evaluate({"extra": extra}) for extra in (extras | {""})
            )
            if wanted:
                todo.append((requirement.name, frozenset(requirement.extras)))
    return dict(sorted(found.items()))


def environment_yml(python: str, pins: dict[str, str]) -> str:
    """The text of environment.yml for this Python version and these ``{name: version}`` pins."""
    python_minor = ".".join(python.split(".")[:2])
    lines = [ENVIRONMENT_HEADER.format(python_minor=python_minor)]
    lines += [f"      - {name}=={version}\n" for name, version in sorted(pins.items())]
    return "".join(lines)


def run(*command: str | Path) -> str:
    return subprocess.run([str(c) for c in command], check=True, text=True, stdout=subprocess.PIPE, cwd=ROOT).stdout


def main() -> int:
    python = ".".join(str(n) for n in sys.version_info[:3])
    with tempfile.TemporaryDirectory(prefix="nnlib-lock-") as tmp:
        venv_python = Path(tmp) / "bin" / "python"
        print(f"creating a fresh environment with Python {python} and installing nnlib[test] ...", flush=True)
        run(sys.executable, "-m", "venv", tmp)
        run(venv_python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(venv_python, "-m", "pip", "install", "--quiet", "-e", ".[test]")
        frozen = run(venv_python, "-m", "pip", "freeze", "--exclude-editable")
        closure = run(venv_python, Path(__file__).resolve(), "--runtime-closure")
    pins = [line for line in frozen.splitlines() if line and not line.startswith("#")]
    CONSTRAINTS.write_text(CONSTRAINTS_HEADER.format(python=python) + "\n".join(pins) + "\n")
    locked = read_pins()
    runtime = {name: locked[name] for name in closure.split()}
    ENVIRONMENT.write_text(environment_yml(python, runtime))
    print(
        f"wrote constraints.txt ({len(locked)} packages) and environment.yml "
        f"({len(runtime)} of them, what nnlib needs at run time); now run `make notebooks`"
    )
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--runtime-closure"]:  # run inside the fresh environment by main()
        print("\n".join(runtime_closure()))
        sys.exit(0)
    sys.exit(main())
