"""Every stored lesson notebook, checked without a kernel or a browser.

Outputs are stored in git and are what a learner sees before running a lesson (JupyterLab,
a code-hosting preview, the static site), so they are checked here: every code cell has run and
shown something, no output is a widget's text repr, every widget output carries a picture and
readable text, no tracebacks, small files, and the lesson shape of STYLE.md.
"""

from __future__ import annotations

import base64
import re
import struct
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]*_*.ipynb"))
MAX_BYTES = 2 * 1024 * 1024
MAX_PNG_WIDTH = 1400  # pixels: 9 inches at the widgets' 100 dpi, with room to spare
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_REPRS = re.compile(
    r"VBox\(children=|HBox\(|Canvas\(toolbar=|Error displaying widget|"
    r"FloatSlider\(|IntSlider\(|Output\(\)|Figure\(\d+x\d+\)|"
    r"<Figure size \d+x\d+ with"
)

pytestmark = pytest.mark.skipif(not NOTEBOOKS, reason="no lesson notebooks yet")


def lesson_id(path: Path) -> str:
    return path.stem


@pytest.fixture(params=NOTEBOOKS, ids=lesson_id)
def notebook(request):
    path = request.param
    return path, nbformat.read(path, as_version=4)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def output_texts(output):
    """Every piece of text an output shows: stream text and text/* mime data."""
    if output.output_type == "stream":
        yield output.text
    for mime, value in output.get("data", {}).items():
        if mime.startswith("text/"):
            yield value if isinstance(value, str) else "".join(value)
    if output.output_type == "error":
        yield "\n".join(output.get("traceback", []))


def png_size(b64: str) -> tuple[int, int]:
    raw = base64.b64decode(b64)
    assert raw[:8] == b"\x89PNG\r\n\x1a\n", "image/png is not a PNG"
    return struct.unpack(">II", raw[16:24])


def test_notebooks_exist():
    assert (NOTEBOOKS_DIR / "00_start_here.ipynb").exists()


def test_valid_nbformat_and_kernel(notebook):
    path, nb = notebook
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"


def test_every_code_cell_ran_in_order_and_shows_output(notebook):
    path, nb = notebook
    cells = code_cells(nb)
    counts = [c.execution_count for c in cells]
    missing = [i for i, c in enumerate(cells) if c.execution_count is None or not c.outputs]
    assert not missing, (
        f"{path.name}: code cells {missing} have no stored output; every code cell shows "
        "something. Re-execute with scripts/execute_notebooks.py"
    )
    assert counts == list(range(1, len(cells) + 1)), (
        f"{path.name}: execution counts {counts} are not 1..n: the notebook was not run top to "
        "bottom in one go; re-execute with scripts/execute_notebooks.py"
    )


def test_no_widget_repr_in_stored_text(notebook):
    path, nb = notebook
    for i, cell in enumerate(code_cells(nb)):
        for output in cell.outputs:
            for text in output_texts(output):
                match = WIDGET_REPRS.search(text)
                assert not match, (
                    f"{path.name} code cell {i}: stored output shows {match.group(0)!r}; display "
                    "figures with a LiveWidget or nnlib.widgets.show_figure"
                )


def test_widget_outputs_carry_a_picture_and_readable_text(notebook):
    path, nb = notebook
    for i, cell in enumerate(code_cells(nb)):
        for output in cell.outputs:
            data = output.get("data", {})
            if WIDGET_VIEW in data:
                assert "image/png" in data, f"{path.name} code cell {i}: widget without picture"
                assert data.get("text/plain", "").strip(), f"{path.name} code cell {i}: widget without readable text"


def test_pictures_have_a_sensible_size(notebook):
    path, nb = notebook
    for i, cell in enumerate(code_cells(nb)):
        for output in cell.outputs:
            png = output.get("data", {}).get("image/png")
            if png:
                width, height = png_size(png)
                assert 0 < width <= MAX_PNG_WIDTH and 0 < height <= MAX_PNG_WIDTH, (
                    f"{path.name} code cell {i}: picture {width}x{height} px; use figsize <= 9 in"
                )


def test_no_tracebacks_or_warnings_stored(notebook):
    path, nb = notebook
    for i, cell in enumerate(code_cells(nb)):
        for output in cell.outputs:
            assert output.output_type != "error", f"{path.name} code cell {i}: stored error"
            for text in output_texts(output):
                assert "Traceback (most recent call last)" not in text, f"{path.name} code cell {i}: stored traceback"
            if output.output_type == "stream" and output.name == "stderr":
                assert "Warning" not in output.text, f"{path.name} code cell {i}: stored warning: {output.text[:200]}"


def test_small_and_without_widget_state(notebook):
    path, nb = notebook
    size = path.stat().st_size
    assert size <= MAX_BYTES, f"{path.name} is {size / 1e6:.2f} MB (limit 2 MB)"
    assert "widgets" not in nb.metadata, (
        f"{path.name}: widget state stored in the metadata; re-execute with "
        "scripts/execute_notebooks.py, which leaves it out"
    )


def test_no_code_cell_ends_with_semicolon(notebook):
    path, nb = notebook
    for i, cell in enumerate(code_cells(nb)):
        lines = [ln.split("#")[0].rstrip() for ln in cell.source.splitlines()]
        lines = [ln for ln in lines if ln]
        assert not (lines and lines[-1].endswith(";")), (
            f"{path.name} code cell {i} ends with ';' (write `_ = ax.plot(...)` instead)"
        )


def test_opens_with_title_what_you_will_learn_and_one_setup_cell(notebook):
    path, nb = notebook
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# "), (
        f"{path.name}: the first cell is the lesson's '# Title'"
    )
    assert "you will learn" in first.source.lower(), f"{path.name}: no 'you will learn' up front"
    cells = code_cells(nb)
    setup = [i for i, c in enumerate(cells) if "%matplotlib" in c.source]
    assert setup == [0], (
        f"{path.name}: exactly one setup cell with %matplotlib, the first code cell (found in code cells {setup})"
    )
    assert cells[0].source.splitlines()[0].strip() == "%matplotlib widget"
    if any(re.search(r"\brng\b", c.source) for c in cells[1:]):
        assert re.search(r"^rng = np\.random\.default_rng\(", cells[0].source, re.M), (
            f"{path.name}: create the seeded `rng = np.random.default_rng(...)` in the setup cell"
        )


def neighbours(path: Path) -> list[Path]:
    """The lessons just before and after ``path`` in the series' order (``05_...``, ``05b_...``, ``06_...``)."""
    i = NOTEBOOKS.index(path)
    return NOTEBOOKS[max(i - 1, 0) : i] + NOTEBOOKS[i + 1 : i + 2]


def test_ends_with_summary_exercises_and_links_to_neighbours(notebook):
    path, nb = notebook
    headings = [
        ln.lower() for c in nb.cells if c.cell_type == "markdown" for ln in c.source.splitlines() if ln.startswith("#")
    ]
    assert any("summary" in h for h in headings), f"{path.name}: no '## Summary'"
    assert any("exercise" in h for h in headings), f"{path.name}: no '## Exercises'"
    checks = [c for c in code_cells(nb) if ".check(" in c.source]
    assert len(checks) >= 2, f"{path.name}: fewer than two checked exercises"
    last = nb.cells[-1]
    assert last.cell_type == "markdown", f"{path.name}: end with the links to the neighbours"
    for neighbour in neighbours(path):
        assert f"]({neighbour.name})" in last.source, f"{path.name}: the last cell does not link to {neighbour.name}"

    # the closing part (summary and exercises, in either order) starts no new teaching section
    def heading_at(pattern):
        return [
            i
            for i, c in enumerate(nb.cells)
            if c.cell_type == "markdown" and re.search(rf"^#+ .*{pattern}", c.source, re.I | re.M)
        ]

    closing = min(heading_at("summary") + heading_at("exercise"))
    for cell in nb.cells[closing:]:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if line.startswith("#"):
                assert re.search(r"summary|exercise|next|previous|lessons", line, re.I), (
                    f"{path.name}: section {line!r} comes after the summary/exercises; "
                    "the lesson ends with its summary, exercises and the links"
                )


def test_lesson_07_trains_with_the_benchmarked_recipe():
    """benchmarks/train_mnist.py times "95% with lesson 13's recipe": one recipe, in both places."""
    import ast

    bench = (NOTEBOOKS_DIR.parent / "benchmarks" / "train_mnist.py").read_text(encoding="utf-8")
    recipe = next(
        ast.literal_eval(node.value)
        for node in ast.parse(bench).body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "RECIPE"
    )
    expected = f"lr={recipe['lr']}, momentum={recipe['momentum']}, lr_decay={recipe['lr_decay']}"
    for name in ("13_mnist.ipynb", "14_inside_mnist.ipynb"):  # 14 retrains the same network
        lesson = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
        code = "\n".join(c.source for c in lesson.cells if c.cell_type == "code")
        optimisers = re.findall(r"SGD\(([^)]*)\)", code)
        assert optimisers == [expected], f"{name} trains with SGD({optimisers}), the benchmark with SGD({expected})"
        batches = set(re.findall(r"batch_size=(\d+)", code))
        assert batches == {str(recipe["batch_size"])}, f"{name} batch sizes {batches}, benchmark {recipe['batch_size']}"
    lesson = nbformat.read(NOTEBOOKS_DIR / "13_mnist.ipynb", as_version=4)
    prose = "\n".join(c.source for c in lesson.cells if c.cell_type == "markdown")
    assert f"learning rate {recipe['lr']}" in prose and f"multiplied by {recipe['lr_decay']}" in prose
    # accuracy_by_training_size's defaults are the same recipe (its 60,000 run is lesson 13's)
    import inspect

    from nnlib.analysis.mnist import accuracy_by_training_size

    defaults = {k: v.default for k, v in inspect.signature(accuracy_by_training_size).parameters.items()}
    assert {k: defaults[k] for k in recipe} == recipe


def test_readme_pictures_are_the_stored_lessons_first_figures():
    """docs/img/<lesson>.png (the README's gallery) is the lesson's first widget picture as stored."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "readme_pictures", NOTEBOOKS_DIR.parent / "scripts" / "readme_pictures.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    readme = (NOTEBOOKS_DIR.parent / "README.md").read_text(encoding="utf-8")
    for name, png in module.expected_pictures().items():
        path = NOTEBOOKS_DIR.parent / "docs" / "img" / name
        assert path.is_file() and path.read_bytes() == png, (
            f"docs/img/{name} is not lesson {name[:-4]}'s first figure: run python scripts/readme_pictures.py"
        )
        assert f"(docs/img/{name})" in readme, f"the README does not show docs/img/{name}"
