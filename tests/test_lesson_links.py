"""scripts/lesson_links.py: Binder and nbgitpuller links from [tool.nnlib-lessons] repository.

The public repository is not known yet, so the links are built for a sample owner/name and their
form is checked piece by piece; the README's generated sections must match the current setting
(and, while it is unset, must say so rather than show a link that leads nowhere).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

import lesson_links

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = "example-owner/example-lessons"
LESSONS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]*_*.ipynb"))


def test_binder_url_builds_the_repository_and_opens_the_lesson():
    url = lesson_links.binder_url(SAMPLE, "main", "13_mnist.ipynb")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc) == ("https", "mybinder.org")
    assert parts.path == "/v2/gh/example-owner/example-lessons/main"
    assert parse_qs(parts.query) == {"labpath": ["notebooks/13_mnist.ipynb"]}
    assert url == ("https://mybinder.org/v2/gh/example-owner/example-lessons/main?labpath=notebooks%2F13_mnist.ipynb")


def test_binder_url_quotes_a_ref_with_a_slash():
    url = lesson_links.binder_url(SAMPLE, "release/2025", "00_start_here.ipynb")
    assert urlsplit(url).path == "/v2/gh/example-owner/example-lessons/release%2F2025"


def test_badge_opens_the_first_lesson():
    badge = lesson_links.binder_badge(SAMPLE, "main")
    assert badge == (
        "[![Launch the lessons on Binder](https://mybinder.org/badge_logo.svg)]"
        "(https://mybinder.org/v2/gh/example-owner/example-lessons/main"
        "?labpath=notebooks%2F00_start_here.ipynb)"
    )


@pytest.mark.parametrize("hub", ["https://hub.example.edu", "https://hub.example.edu/"])
def test_nbgitpuller_url_clones_the_repository_and_opens_the_lesson(hub):
    url = lesson_links.nbgitpuller_url(hub, SAMPLE, "main", "05_dense_layers.ipynb")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.example.edu", "/hub/user-redirect/git-pull")
    # nbgitpuller clones into a folder named after the repository, in the learner's home
    assert parse_qs(parts.query) == {
        "repo": ["https://github.com/example-owner/example-lessons"],
        "branch": ["main"],
        "urlpath": ["lab/tree/example-lessons/notebooks/05_dense_layers.ipynb"],
    }


@pytest.mark.parametrize("hub", ["hub.example.edu", "ftp://hub.example.edu", "https://hub.example.edu/?x=1"])
def test_nbgitpuller_url_refuses_a_hub_that_is_not_an_address(hub):
    with pytest.raises(ValueError, match="hub"):
        lesson_links.nbgitpuller_url(hub, SAMPLE, "main", "00_start_here.ipynb")


@pytest.mark.parametrize("repository", ["https://github.com/a/b", "a/b/c", "a", "a/b.git", "<owner>/<repository>"])
def test_repository_must_be_owner_slash_name(repository):
    with pytest.raises(ValueError, match="owner/name"):
        lesson_links.check_repository(repository)


def test_repository_and_ref_are_read_from_pyproject(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.nnlib-lessons]\nrepository = "someone/lessons"\nref = "v1"\n')
    assert lesson_links.read_repository(pyproject) == ("someone/lessons", "v1")
    pyproject.write_text('[tool.nnlib-lessons]\n# repository = "owner/name"\n')
    assert lesson_links.read_repository(pyproject) == (None, "main")


def test_readme_sections_for_a_sample_repository_link_every_lesson():
    sections = lesson_links.readme_sections(SAMPLE, "main", lesson_links.lessons())
    binder = sections["binder"]
    assert binder.startswith(lesson_links.binder_badge(SAMPLE, "main"))
    for name in LESSONS:
        assert f"({lesson_links.binder_url(SAMPLE, 'main', name)})" in binder
        assert f"(notebooks/{name})" in binder
    hub = sections["jupyterhub"]
    assert lesson_links.nbgitpuller_url(lesson_links.EXAMPLE_HUB, SAMPLE, "main", LESSONS[0]) in hub


def test_readme_sections_without_a_repository_say_so_and_link_nothing():
    sections = lesson_links.readme_sections(None, "main", lesson_links.lessons())
    assert "is unset" in sections["binder"]
    assert "mybinder.org/v2" not in sections["binder"] and "git-pull" not in sections["jupyterhub"]


def test_readme_launch_sections_match_the_setting():
    current = (ROOT / "README.md").read_text(encoding="utf-8")
    assert current == lesson_links.expected_readme(), "README.md's launch sections are stale: run `make links`"


def test_readme_has_no_placeholder_links():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "<owner>" not in readme and "<repository>" not in readme


def test_replace_sections_needs_its_markers():
    text = "a\n<!-- launch:binder x -->\nold\n<!-- /launch:binder -->\nb\n"
    assert lesson_links.replace_sections(text, {"binder": "new"}) == (
        "a\n<!-- launch:binder x -->\nnew\n<!-- /launch:binder -->\nb\n"
    )
    with pytest.raises(ValueError, match="markers"):
        lesson_links.replace_sections("no markers", {"binder": "new"})
