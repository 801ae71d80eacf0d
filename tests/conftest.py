"""Shared pytest set-up for the whole suite: the Agg backend, the `browser` marker and fixtures
used by several files."""

import matplotlib
import pytest

# every test draws headless: widgets' update() runs under Agg, as in nbconvert and benchmarks
matplotlib.use("Agg")


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "browser: drives JupyterLab or the static site in headless Chromium "
        "(tests/browser; deselect with -m 'not browser')",
    )
    config.addinivalue_line(
        "markers",
        "locked: holds only with the exact versions of constraints.txt, e.g. pictures compared "
        "pixel by pixel (`make test-floors` deselects these with -m 'not locked')",
    )


@pytest.fixture
def close_after():
    """``close_after(widget)``: close that widget (and its figure) when the test ends, pass or fail."""
    made = []
    yield made.append
    for widget in made:
        widget.close()
