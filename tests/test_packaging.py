"""The project's set-up files agree with each other: pyproject.toml (floors), constraints.txt
(the lock), environment.yml and postBuild (Binder), the Makefile and .ci/run."""

import os
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

import floors
import lock

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PROJECT = PYPROJECT["project"]
LOCAL_PIP_LINE = re.compile(r"^(-e|--editable|-r|--requirement|-c|--constraint)\b|^\.|^file:|^/|^\.\.?/")


def _requirements(extra: str | None = None) -> list[Requirement]:
    texts = PROJECT["dependencies"] if extra is None else PROJECT["optional-dependencies"][extra]
    return [Requirement(text) for text in texts]


def _environment_yml() -> tuple[list[str], list[str]]:
    """(conda dependencies, pip lines) of environment.yml, read without a YAML library."""
    conda, pip, in_pip = [], [], False
    lines = (ROOT / "environment.yml").read_text().splitlines()
    for line in lines[lines.index("dependencies:") + 1 :]:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = re.match(r"^(\s*)-\s+(.*?)\s*$", line)
        assert item, f"environment.yml: unexpected line {line!r}"
        if item.group(2) == "pip:":
            in_pip = True
        elif in_pip and len(item.group(1)) > 2:
            pip.append(item.group(2))
        else:
            in_pip = False
            conda.append(item.group(2))
    return conda, pip


# ---------------------------------------------------------------------------------------------
# the lock: constraints.txt


def test_the_lock_pins_every_package_exactly_and_not_nnlib():
    text = (ROOT / "constraints.txt").read_text()
    for line in text.splitlines():
        if line and not line.startswith("#"):
            assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*==[0-9][0-9A-Za-z.+!-]*", line), line
    pins = lock.read_pins()
    assert "nnlib" not in pins
    assert re.fullmatch(r"3\.\d+\.\d+", lock.locked_python())


def test_the_lock_covers_every_dependency_and_respects_its_floor():
    pins = lock.read_pins()
    for requirement in _requirements() + _requirements("test"):
        name = lock.canonical(requirement.name)
        assert name in pins, f"constraints.txt has no version of {name}: run `make lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {name}=={pins[name]}, outside pyproject.toml's {requirement}"
        )
    assert SpecifierSet(PROJECT["requires-python"]).contains(lock.locked_python())


# ---------------------------------------------------------------------------------------------
# Binder: environment.yml and postBuild


def test_environment_yml_pins_python_with_equals_to_the_locked_version():
    conda, _ = _environment_yml()
    pythons = [dep for dep in conda if dep.startswith("python")]
    locked_minor = ".".join(lock.locked_python().split(".")[:2])
    assert pythons == [f"python={locked_minor}"], (
        f"environment.yml has {pythons}; repo2docker reads only python=X.Y, and the lock was made "
        f"with Python {lock.locked_python()}"
    )
    assert set(conda) == {f"python={locked_minor}", "pip"}, "every library comes from the pip list"


def test_environment_yml_installs_the_locked_versions_of_every_runtime_dependency():
    _, pip = _environment_yml()
    pins = lock.read_pins()
    listed = {}
    for line in pip:
        assert not LOCAL_PIP_LINE.search(line), (
            f"environment.yml names a local file ({line!r}): Binder would then rebuild the whole "
            "environment after every commit; nnlib is installed by postBuild"
        )
        name, _, version = line.partition("==")
        assert version, f"environment.yml: {line!r} is not pinned with =="
        listed[lock.canonical(name)] = version
    for name, version in listed.items():
        assert pins.get(name) == version, (
            f"environment.yml has {name}=={version} but constraints.txt has {pins.get(name)}: run `make lock`"
        )
    for requirement in _requirements():
        assert lock.canonical(requirement.name) in listed, (
            f"environment.yml lacks {requirement.name}, a dependency in pyproject.toml: run `make lock`"
        )
    for tool in ("pytest", "playwright", "hypothesis", "nbval"):
        assert tool not in listed, f"environment.yml installs {tool}, a test tool, on Binder"


def test_environment_yml_is_what_make_lock_writes():
    _, pip = _environment_yml()
    pins = {lock.canonical(line.partition("==")[0]): line.partition("==")[2] for line in pip}
    assert (ROOT / "environment.yml").read_text() == lock.environment_yml(lock.locked_python(), pins)


def test_binder_builds_from_environment_yml_installs_nnlib_and_prefetches_mnist():
    # repo2docker reads only binder/ when it exists; the root environment.yml must stay in charge
    assert not (ROOT / "binder").exists()
    post = ROOT / "postBuild"
    assert post.stat().st_mode & 0o111
    script = post.read_text()
    assert re.search(r"^python -m pip install --no-deps .*-e \.$", script, flags=re.M)
    assert "python -m nnlib.data" in script


def _run_extension_check(path_dirs: list[str]) -> subprocess.CompletedProcess:
    """The part of postBuild that checks the JupyterLab extensions, with these folders on PATH."""
    script = (ROOT / "postBuild").read_text()
    check = script[script.index("extensions=") :]
    env = dict(os.environ, PATH=os.pathsep.join(path_dirs + [os.environ.get("PATH", "")]))
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", check], env=env, text=True, capture_output=True, timeout=120
    )


def test_postbuild_passes_with_both_widget_extensions():
    import sys

    result = _run_extension_check([str(Path(sys.executable).parent)])
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("present", ["jupyter-matplotlib", "@jupyter-widgets/jupyterlab-manager"])
def test_postbuild_stops_when_one_widget_extension_is_missing(tmp_path, present):
    fake = tmp_path / "jupyter"
    fake.write_text(f"#!/bin/bash\necho 'JupyterLab v4.6.6'\necho '    {present} v1.0.0 enabled OK'\n")
    fake.chmod(0o755)
    result = _run_extension_check([str(tmp_path)])
    assert result.returncode == 1
    assert "missing or disabled" in result.stderr and present not in result.stderr.splitlines()[0]


# ---------------------------------------------------------------------------------------------
# the floors and pyproject.toml


def test_every_dependency_has_a_floor_and_python_is_311_or_newer():
    pins = floors.floors()
    names = {lock.canonical(r.name) for r in _requirements() + _requirements("test")}
    assert {lock.canonical(n) for n in pins} == names
    assert floors.python_floor() >= (3, 11), "tomllib (scripts, tests) arrived in Python 3.11"


def test_floors_are_read_as_exact_releases():
    assert floors.same_release("1.24.0", "1.24") and floors.same_release("8.0.0", "8.0")
    assert not floors.same_release("1.24.4", "1.24") and not floors.same_release("3.10", "3.1")


def test_floors_refuse_a_dependency_without_a_plain_floor(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[project]\nname = "x"\nrequires-python = ">=3.11"\n'
        'dependencies = ["numpy~=1.24"]\n[project.optional-dependencies]\ntest = []\n'
    )
    with pytest.raises(ValueError, match="no plain floor"):
        floors.floors(pyproject)


def test_license_is_an_spdx_expression():
    assert PROJECT["license"] == "MIT"
    assert "MIT License" in (ROOT / "LICENSE").read_text()


# ---------------------------------------------------------------------------------------------
# the Makefile and CI


def _make_n(*args: str) -> str:
    """What `make -n` would run (nothing is run)."""
    return subprocess.run(
        ["make", "-n", "--no-print-directory", *args], cwd=ROOT, text=True, capture_output=True, check=True, timeout=60
    ).stdout


def test_make_env_installs_with_the_lock():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"pip install .*-c constraints\.txt -e '\.\[test\]'", makefile)
    assert re.search(r"^\$\(STAMP\): pyproject\.toml constraints\.txt$", makefile, flags=re.M)


def test_make_lab_allows_root_only_as_root():
    lab = [line for line in _make_n("lab").splitlines() if "jupyter lab" in line]
    assert lab, "make lab does not start JupyterLab"
    assert ("--allow-root" in lab[0]) == (os.getuid() == 0)


def test_make_test_checks_the_mnist_files_before_any_test():
    commands = _make_n("test").splitlines()
    check = next(i for i, c in enumerate(commands) if "scripts/check_mnist.py" in c)
    first_test = next(i for i, c in enumerate(commands) if "pytest" in c)
    assert check < first_test


def test_make_test_floors_installs_exactly_the_floors_on_the_oldest_python():
    commands = _make_n("test-floors")
    oldest = "python{}.{}".format(*floors.python_floor())
    assert re.search(rf"^{re.escape(oldest)} -m venv \.venv-floors$", commands, flags=re.M)
    assert "scripts/floors.py > .venv-floors/floors.txt" in commands
    assert "scripts/floors.py --verify" in commands
    assert re.search(r'-m "not browser and not locked"', commands)
    assert "constraints.txt" not in commands


def test_ci_runs_make_test_and_the_floors():
    run = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", run, flags=re.M)
    assert re.search(r"^make test-floors$", run, flags=re.M)
    assert (ROOT / ".ci" / "run").stat().st_mode & 0o111


def test_nnlib_import_has_no_side_effects(capsys):
    import matplotlib

    before = dict(matplotlib.rcParams)
    import importlib

    import nnlib

    importlib.reload(nnlib)
    assert capsys.readouterr().out == ""
    assert dict(matplotlib.rcParams) == before
