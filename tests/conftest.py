"""Shared pytest set-up for the whole suite: only the `browser` marker lives here."""


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "browser: drives JupyterLab or the static site in headless Chromium "
        "(tests/browser; deselect with -m 'not browser')",
    )
