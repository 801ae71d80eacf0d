"""Copy each lesson's first live figure, as stored in the notebook, to docs/img/<lesson>.png.

    python scripts/readme_pictures.py            # after `make notebooks` (which runs it)
    python scripts/readme_pictures.py --check    # exit 1 if a picture is missing or stale

The README's gallery shows these pictures. Each is the image/png that the lesson's first widget
output carries (what a learner sees of that widget before running the lesson), so the gallery
always matches the stored lessons. Files are written atomically and only when they changed.
"""

from __future__ import annotations

import argparse
import base64
import os
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
IMG = ROOT / "docs" / "img"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def first_widget_picture(path: Path) -> bytes:
    """The PNG of the first widget output in the stored notebook ``path``."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data and "image/png" in data:
                png = data["image/png"]
                return base64.b64decode(png if isinstance(png, str) else "".join(png))
    raise ValueError(f"{path.name} has no stored widget output with a picture: run `make notebooks` first")


def expected_pictures(notebooks: Path = NOTEBOOKS) -> dict[str, bytes]:
    """docs/img file name -> PNG bytes, for every lesson notebook."""
    return {f"{p.stem}.png": first_widget_picture(p) for p in sorted(notebooks.glob("[0-9][0-9]*_*.ipynb"))}


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report missing or stale pictures")
    args = parser.parse_args(argv)
    stale = []
    for name, png in expected_pictures().items():
        target = IMG / name
        if target.is_file() and target.read_bytes() == png:
            continue
        stale.append(name)
        if not args.check:
            write_atomically(target, png)
            print(f"wrote docs/img/{name}")
    if args.check and stale:
        print("stale README pictures (run `python scripts/readme_pictures.py`):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
