"""The project's set-up files agree with each other."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower()


def test_environment_yml_lists_the_runtime_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    lines = (ROOT / "environment.yml").read_text().splitlines()
    conda = set()
    deps = lines[lines.index("dependencies:") + 1 :]
    for line in deps:
        m = re.match(r"^\s+-\s+([A-Za-z0-9_.\-]+)", line)
        if m and not line.strip().startswith("- -e"):
            conda.add(_name(m.group(1)))
    conda -= {"python", "pip"}
    assert conda == wanted, f"environment.yml has {sorted(conda)}, pyproject.toml has {sorted(wanted)}"
    assert any(line.strip() == "- -e ." for line in lines), "environment.yml must install nnlib itself (pip: -e .)"


def test_ci_runs_make_test():
    run = (ROOT / ".ci" / "run").read_text()
    assert "make test" in run
    assert (ROOT / ".ci" / "run").stat().st_mode & 0o111


def test_nnlib_import_has_no_side_effects(capsys):
    import matplotlib

    before = dict(matplotlib.rcParams)
    import importlib

    import nnlib

    importlib.reload(nnlib)
    assert capsys.readouterr().out == ""
    assert dict(matplotlib.rcParams) == before


def test_binder_builds_from_environment_yml_and_prefetches_mnist():
    # repo2docker reads only binder/ when it exists; the root environment.yml must stay in charge
    assert not (ROOT / "binder").exists()
    post = ROOT / "postBuild"
    assert post.stat().st_mode & 0o111
    assert "python -m nnlib.data" in post.read_text()
