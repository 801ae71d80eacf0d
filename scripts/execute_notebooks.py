"""Re-execute the lesson notebooks and store their outputs, deterministically.

    python scripts/execute_notebooks.py                 # every notebooks/*.ipynb
    python scripts/execute_notebooks.py notebooks/00_start_here.ipynb

This is the ONE way outputs get into the stored notebooks (never "Run All + save" by hand).
Each notebook runs top to bottom in a fresh python3 kernel of the current environment, with
the notebooks folder as working directory and the caller's environment (NNLIB_MNIST_DIR included)
plus PYTHONHASHSEED=0. Any cell error stops that notebook and the script exits non-zero; the
stored file is only replaced (atomically: temporary file + os.replace) after a clean run.

Normalisation, so that an unchanged lesson re-executes to an unchanged file:
- no widget state in the notebook metadata (``store_widget_state=False``). Decision: the output
  of every widget already carries an image/png of its figure and its readouts as text, which is
  what JupyterLab (for a notebook not yet run), nbconvert and the static site show; stored state
  would add every figure a second time as ipympl's ``_data_url``, change on every run and give
  nothing a learner needs before running the lesson.
- no execution timing metadata in cells; ``language_info.version`` dropped; a fixed kernelspec.
- widget-view model ids in outputs (random uuids, meaningless once the kernel is gone) replaced
  by ids derived from the notebook name and the output's position.
- missing cell ids filled with stable ``cell-NN`` ids.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
LANGUAGE_INFO_KEYS = ("name", "codemirror_mode", "file_extension", "mimetype", "nbconvert_exporter", "pygments_lexer")


def stable_model_id(notebook_name: str, cell_index: int, output_index: int) -> str:
    """A 32-hex-digit id that depends only on where the output sits."""
    key = f"{notebook_name}:{cell_index}:{output_index}".encode()
    return hashlib.sha256(key).hexdigest()[:32]


def normalise(nb: nbformat.NotebookNode, notebook_name: str) -> nbformat.NotebookNode:
    """Strip run-to-run noise from an executed notebook (see the module docstring)."""
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    info = nb.metadata.get("language_info", {})
    nb.metadata["language_info"] = {k: info[k] for k in LANGUAGE_INFO_KEYS if k in info}
    nb.nbformat, nb.nbformat_minor = 4, max(nb.get("nbformat_minor", 5), 5)
    used_ids = set()
    for i, cell in enumerate(nb.cells):
        if not cell.get("id") or cell["id"] in used_ids:
            cell["id"] = f"cell-{i:02d}"
        used_ids.add(cell["id"])
        cell.metadata.pop("execution", None)
        for j, output in enumerate(cell.get("outputs", [])):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view and view.get("model_id"):
                view["model_id"] = stable_model_id(notebook_name, i, j)
            output.pop("transient", None)
    return nb


def write_atomically(nb: nbformat.NotebookNode, path: Path) -> None:
    """Write ``nb`` to ``path`` through a temporary file in the same folder and os.replace."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".ipynb.tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            nbformat.write(nb, f)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def execute(path: Path, timeout: int) -> float:
    """Run one notebook in a fresh kernel and store its normalised outputs; return seconds."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
        allow_errors=False,
        store_widget_state=False,
        record_timing=False,
    )
    env = dict(os.environ, PYTHONHASHSEED="0")
    env.pop("MPLBACKEND", None)  # the setup cell chooses the backend (%matplotlib widget)
    start = time.perf_counter()
    client.execute(env=env, cwd=str(NOTEBOOKS))
    seconds = time.perf_counter() - start
    nb = normalise(nb, path.name)
    nbformat.validate(nb)
    write_atomically(nb, path)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks to execute (default: every notebooks/*.ipynb)")
    parser.add_argument(
        "--timeout", type=int, default=900, help="seconds one cell may run before the run fails (default 900)"
    )
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.paths] or sorted(NOTEBOOKS.glob("*.ipynb"))
    if not paths:
        print(f"no notebooks found in {NOTEBOOKS}", file=sys.stderr)
        return 1
    failed = []
    for path in paths:
        if not path.is_file():
            print(f"FAILED {path}: no such notebook", file=sys.stderr)
            failed.append(path)
            continue
        print(f"executing {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} ...", flush=True)
        try:
            seconds = execute(path, args.timeout)
        except (CellExecutionError, CellTimeoutError) as error:
            print(f"FAILED {path.name} (stored notebook left unchanged):\n{error}", file=sys.stderr)
            failed.append(path)
            continue
        size_kb = path.stat().st_size / 1024
        print(f"  ok in {seconds:.1f} s, {size_kb:.0f} KB", flush=True)
    if failed:
        print(f"{len(failed)} notebook(s) failed: " + ", ".join(p.name for p in failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
