"""Fixtures of the browser tests: one Chromium and one JupyterLab server per session.

Chromium is Debian's (/usr/bin/chromium, or $NNLIB_CHROMIUM), driven by Playwright for Python.
Without it (or without Playwright) the browser tests are skipped locally with the reason, and
fail in CI (``CI=true``). Lessons come from notebooks/ (or $NNLIB_BROWSER_NOTEBOOKS).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the browser_* helper modules beside this file

from browser_lab import close_all, open_lab  # noqa: E402
from browser_server import (  # noqa: E402
    CHROMIUM_ARGS,
    ROOT,
    JupyterLabServer,
    find_chromium,
    lesson_dir,
    lesson_names,
)

SCREENSHOTS = ROOT / "screenshots"
VIEWPORT = {"width": 1400, "height": 1000}


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def unavailable(reason: str) -> None:
    """Skip locally; in CI a missing browser or server is a failure, not a skip."""
    if _in_ci():
        pytest.fail(f"{reason} (CI=true: the browser tests must run in CI)", pytrace=False)
    pytest.skip(reason)


def pytest_generate_tests(metafunc):
    if "lesson" in metafunc.fixturenames:
        names = lesson_names()
        metafunc.parametrize("lesson", names, ids=[Path(n).stem for n in names])


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed (pip install -e '.[test]')")
    executable = find_chromium()
    if executable is None:
        unavailable(
            "Chromium not found: install Debian's package (apt-get install chromium) or set NNLIB_CHROMIUM to its path"
        )
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory, chromium):
    """JupyterLab on a temporary copy of the lessons, started once and shut down at the end."""
    server = JupyterLabServer(lesson_dir(), tmp_path_factory.mktemp("jupyterlab"))
    server.start()
    yield server
    server.stop()


def _block_off_machine(context) -> list[str]:
    """Abort every request that would leave this machine; return the list they are noted in."""
    blocked: list[str] = []

    def route(route_):
        url = route_.request.url
        if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "file://", "data:", "blob:")):
            route_.continue_()
        else:
            blocked.append(url)
            route_.abort()

    context.route("**/*", route)
    return blocked


@pytest.fixture
def chromium_page(chromium):
    """A fresh browser context and page; every request off this machine is blocked."""
    context = chromium.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.blocked_requests = _block_off_machine(context)
    yield page
    context.close()


@pytest.fixture(scope="session")
def lab_app(chromium, lab_server):
    """One JupyterLab page for the session: loading JupyterLab takes seconds, a lesson less."""
    context = chromium.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.blocked_requests = _block_off_machine(context)
    open_lab(page, lab_server)
    yield page
    context.close()


@pytest.fixture
def lab_page(lab_app, lab_server):
    """The JupyterLab page with no notebook open; afterwards its notebooks and kernels close."""
    page = lab_app
    page.blocked_requests.clear()
    yield page
    try:
        close_all(page)
    except Exception:  # noqa: BLE001 - a test left JupyterLab in a bad state: start afresh
        open_lab(page, lab_server)
    finally:
        lab_server.shutdown_kernels()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
