"""A throw-away JupyterLab server for the browser tests, and where Chromium is.

The server runs from this venv (``python -m jupyter lab``) on 127.0.0.1, at a free port, with a
random token, on a *temporary copy* of the lessons (autosave and "Run All" never touch the stored
outputs), with its own Jupyter config, runtime, settings, workspace and IPython directories
under a temporary folder. The system data paths stay, so the ipympl and ipywidgets lab
extensions installed in the venv load. Nothing reaches the network: news, update checks and
the extension manager's package index are switched off.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"

#: Debian's Chromium; Playwright's own browser download does not work on these machines
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# JupyterLab settings for a quiet, deterministic test session (plugin id -> settings)
LAB_SETTINGS = {
    # no news feed, no update check (both would go to the network), no toasts over the page
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
        "doNotDisturbMode": True,
    },
    "@jupyterlab/extensionmanager-extension:plugin": {"enabled": False},
    # every cell attached to the DOM, so every output can be found and screenshotted;
    # closing a notebook shuts its kernel down (nine lessons, 2 cores)
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none", "kernelShutdown": True},
    # the temporary copy is never written back, not even to itself
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
}


def find_chromium() -> str | None:
    """Path of the Chromium to drive: $NNLIB_CHROMIUM, else Debian's, else None."""
    env = os.environ.get("NNLIB_CHROMIUM")
    if env:
        return env if Path(env).exists() else None
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def lesson_dir() -> Path:
    """The lessons under test: notebooks/, or $NNLIB_BROWSER_NOTEBOOKS (a scratch folder)."""
    return Path(os.environ.get("NNLIB_BROWSER_NOTEBOOKS", NOTEBOOKS)).resolve()


def lesson_names() -> list[str]:
    """File names of every lesson (``*.ipynb``), in order."""
    return sorted(p.name for p in lesson_dir().glob("*.ipynb"))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class JupyterLabServer:
    """One JupyterLab on a temporary copy of the lessons; ``start()``, then ``stop()``.

    Parameters
    ----------
    source : folder of notebooks to copy (``*.ipynb`` and any files beside them).
    workdir : an empty temporary folder; holds the copy, the Jupyter dirs and the server log.
    """

    def __init__(self, source: Path, workdir: Path) -> None:
        self.source = Path(source)
        self.workdir = Path(workdir)
        self.root_dir = self.workdir / "notebooks"
        self.log_path = self.workdir / "jupyterlab.log"
        self.token = secrets.token_hex(16)
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self._log = None

    # -- urls ----------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def lab_url(self) -> str:
        """URL of JupyterLab in a fresh workspace (``reset``) that also logs in."""
        return f"{self.base_url}/lab?reset&token={self.token}"

    # -- life cycle ----------------------------------------------------------------------------

    def _prepare(self) -> dict[str, str]:
        shutil.copytree(self.source, self.root_dir, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        # lessons reach the data through nnlib (NNLIB_MNIST_DIR); a data/ beside notebooks/
        # is linked so that a lesson using ../data still finds it
        if (ROOT / "data").is_dir() and self.source.resolve() == NOTEBOOKS.resolve():
            (self.workdir / "data").symlink_to(ROOT / "data", target_is_directory=True)
        dirs = {
            name: self.workdir / f"jupyter-{name}"
            for name in ("config", "runtime", "data", "settings", "workspaces", "ipython")
        }
        for path in dirs.values():
            path.mkdir()
        # labconfig/default_setting_overrides.json is read from JUPYTER_CONFIG_DIR
        (dirs["config"] / "labconfig").mkdir()
        (dirs["config"] / "labconfig" / "default_setting_overrides.json").write_text(json.dumps(LAB_SETTINGS, indent=1))
        env = dict(os.environ)
        env.update(
            JUPYTER_CONFIG_DIR=str(dirs["config"]),
            JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
            JUPYTER_DATA_DIR=str(dirs["data"]),  # also a fresh notary: stored lessons are untrusted
            JUPYTERLAB_SETTINGS_DIR=str(dirs["settings"]),
            JUPYTERLAB_WORKSPACES_DIR=str(dirs["workspaces"]),
            IPYTHONDIR=str(dirs["ipython"]),
        )
        env.pop("JUPYTER_PATH", None)
        return env

    def start(self, timeout: float = 90.0) -> None:
        env = self._prepare()
        cmd = [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root_dir}",
            "--ServerApp.terminals_enabled=False",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
            # window.jupyterapp: lets the tests read the notebook model (output types,
            # execution counts); every action is still done through the menus and the keyboard
            "--LabApp.expose_app_in_browser=True",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            cmd, env=env, cwd=self.workdir, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {self.proc.returncode}:\n{self.log_tail()}")
            try:
                self.api("GET", "/api/status", timeout=2)
                self.api("GET", "/lab", timeout=5, raw=True)
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"JupyterLab not ready after {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        """Ask the server to shut down (kernels too); terminate it if it does not."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:
                self.api("POST", "/api/shutdown", timeout=5)
            except Exception:  # noqa: BLE001 - stopping anyway
                pass
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(timeout=10)
        if self._log is not None:
            self._log.close()
        self.proc = None

    # -- REST ----------------------------------------------------------------------------------

    def api(self, method: str, path: str, *, timeout: float = 10, raw: bool = False):
        request = urllib.request.Request(
            self.base_url + path,
            method=method,
            headers={"Authorization": f"token {self.token}"},
            data=b"" if method in ("POST", "PUT", "PATCH") else None,
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - loopback
            body = response.read()
        if raw or not body:
            return body
        return json.loads(body)

    def shutdown_kernels(self) -> None:
        """End every session and its kernel (between lessons: two cores, nine lessons)."""
        for session in self.api("GET", "/api/sessions"):
            try:
                self.api("DELETE", f"/api/sessions/{session['id']}")
            except urllib.error.HTTPError:
                pass

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])
