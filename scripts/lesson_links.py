"""Launch links for the lessons (Binder, JupyterHub with nbgitpuller), from ONE setting.

    python scripts/lesson_links.py                      # print every lesson's Binder link
    python scripts/lesson_links.py --hub https://hub.example.edu
                                                        # nbgitpuller links for that JupyterHub
    python scripts/lesson_links.py --readme             # rewrite README.md's launch sections
    python scripts/lesson_links.py --check              # exit 1 if those sections are stale

The setting is ``[tool.nnlib-lessons] repository = "owner/name"`` (the public GitHub repository;
optional ``ref``, default "main") in pyproject.toml. The static site (scripts/build_site.py)
and the README's sections between ``<!-- launch:NAME -->`` and ``<!-- /launch:NAME -->`` are
made from it; while it is unset, they say so instead of showing links that lead nowhere.
``--repository owner/name`` overrides it for one run (for example a fork on your own account).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
README = ROOT / "README.md"
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"
FIRST_LESSON = "00_start_here.ipynb"
REPOSITORY_FORM = re.compile(r"[A-Za-z0-9](?:[\w.-]*)/[\w.-]+")


# ---------------------------------------------------------------------------------------------
# the setting


def check_repository(repository: str) -> str:
    """``repository`` itself if it has the form ``owner/name``; otherwise a ValueError."""
    if not REPOSITORY_FORM.fullmatch(repository) or repository.endswith(".git"):
        raise ValueError(
            f"[tool.nnlib-lessons] repository must look like 'owner/name' "
            f"(the GitHub repository, without https:// or .git), got {repository!r}"
        )
    return repository


def read_repository(pyproject: Path = ROOT / "pyproject.toml") -> tuple[str | None, str]:
    """``(owner/name, ref)`` from ``[tool.nnlib-lessons]``, or ``(None, ref)`` while unset."""
    if not pyproject.exists():
        return None, "main"
    config = tomllib.loads(pyproject.read_text()).get("tool", {}).get("nnlib-lessons", {})
    repository = str(config.get("repository", "")).strip() or None
    if repository:
        check_repository(repository)
    return repository, str(config.get("ref", "main")).strip() or "main"


def lessons(notebooks: Path = NOTEBOOKS) -> list[tuple[str, str]]:
    """``(file name, title)`` of every lesson notebook, in order; the title is its first heading."""
    found = []
    for path in sorted(notebooks.glob("[0-9][0-9]*_*.ipynb")):
        title = path.stem
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            heading = next((ln[2:].strip() for ln in source.splitlines() if ln.startswith("# ")), None)
            if cell["cell_type"] == "markdown" and heading:
                title = heading
                break
        found.append((path.name, title))
    return found


# ---------------------------------------------------------------------------------------------
# the links


def binder_url(repository: str, ref: str, notebook: str) -> str:
    """mybinder.org link that builds ``repository`` at ``ref`` and opens ``notebooks/<notebook>``
    in JupyterLab."""
    check_repository(repository)
    return (
        f"https://mybinder.org/v2/gh/{repository}/{quote(ref, safe='')}"
        f"?labpath={quote('notebooks/' + notebook, safe='')}"
    )


def binder_badge(repository: str, ref: str) -> str:
    """The Markdown of a "launch binder" badge that opens the first lesson."""
    return f"[![Launch the lessons on Binder]({BINDER_BADGE})]({binder_url(repository, ref, FIRST_LESSON)})"


def nbgitpuller_url(hub: str, repository: str, ref: str, notebook: str) -> str:
    """A JupyterHub link that clones (or updates) ``repository`` into the learner's home folder
    with nbgitpuller, then opens ``notebooks/<notebook>`` from it in JupyterLab.

    nbgitpuller puts the clone in a folder named after the repository and, on later clicks,
    merges new commits without overwriting what the learner changed.
    """
    check_repository(repository)
    parts = urlsplit(hub)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"the hub must be an address like https://hub.example.edu, got {hub!r}")
    folder = repository.split("/", 1)[1]
    return (
        f"{hub.rstrip('/')}/hub/user-redirect/git-pull"
        f"?repo={quote(f'https://github.com/{repository}', safe='')}"
        f"&branch={quote(ref, safe='')}"
        f"&urlpath={quote(f'lab/tree/{folder}/notebooks/{notebook}', safe='')}"
    )


# ---------------------------------------------------------------------------------------------
# the README's sections

EXAMPLE_HUB = "https://hub.example.edu"


def readme_sections(repository: str | None, ref: str, lesson_list: list[tuple[str, str]]) -> dict[str, str]:
    """The Markdown of each generated README section, by name."""
    if repository is None:
        binder = (
            "This copy of the lessons does not name its public repository yet "
            "(`[tool.nnlib-lessons] repository` in `pyproject.toml` is unset), so there is no "
            "Binder badge or launch link here yet. Once the repository is set, "
            "`make links` writes them into this section: a badge, and a link per lesson.\n"
            "Until then, any public GitHub copy of this repository launches on "
            "<https://mybinder.org>: enter its address there, and "
            f"`notebooks/{FIRST_LESSON}` as the file to open."
        )
        hub = (
            "Until `[tool.nnlib-lessons] repository` is set, this command prints the links "
            "for any public GitHub copy, for example a fork on your own account:\n\n"
            "```bash\n"
            f"python scripts/lesson_links.py --hub {EXAMPLE_HUB} --repository your-account/your-copy\n"
            "```"
        )
        return {"binder": binder, "jupyterhub": hub}

    rows = "\n".join(
        f"| [{title}](notebooks/{name}) | [launch on Binder]({binder_url(repository, ref, name)}) |"
        for name, title in lesson_list
    )
    binder = (
        f"{binder_badge(repository, ref)}\n\n"
        f"The badge opens lesson 00; each lesson also has its own link "
        f"(built from `{repository}` at `{ref}`):\n\n"
        "| lesson | Binder |\n|---|---|\n" + rows
    )
    first = lesson_list[0][0] if lesson_list else FIRST_LESSON
    hub = (
        f"For a hub at `{EXAMPLE_HUB}` (put your hub's address in its place), this link "
        f"opens lesson 00:\n\n{nbgitpuller_url(EXAMPLE_HUB, repository, ref, first)}\n\n"
        f"`python scripts/lesson_links.py --hub https://your.hub` prints the link of every lesson."
    )
    return {"binder": binder, "jupyterhub": hub}


def replace_sections(text: str, sections: dict[str, str]) -> str:
    """``text`` with the body between ``<!-- launch:NAME -->`` and ``<!-- /launch:NAME -->``
    replaced by ``sections[NAME]``; a ValueError if a marker pair is missing."""
    for name, body in sections.items():
        pattern = re.compile(rf"(<!-- launch:{name} [^>]*-->\n).*?(<!-- /launch:{name} -->)", re.S)
        if not pattern.search(text):
            raise ValueError(f"README.md has no <!-- launch:{name} ... --> ... <!-- /launch:{name} --> markers")
        text = pattern.sub(lambda m: m.group(1) + body.rstrip("\n") + "\n" + m.group(2), text, count=1)
    return text


def expected_readme(
    readme: Path = README, pyproject: Path = ROOT / "pyproject.toml", notebooks: Path = NOTEBOOKS
) -> str:
    repository, ref = read_repository(pyproject)
    return replace_sections(readme.read_text(encoding="utf-8"), readme_sections(repository, ref, lessons(notebooks)))


# ---------------------------------------------------------------------------------------------
# command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repository", help="owner/name (default: the pyproject.toml setting)")
    parser.add_argument("--ref", help="branch, tag or commit (default: the setting, or main)")
    parser.add_argument("--hub", help="print nbgitpuller links for the JupyterHub at this address")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--readme", action="store_true", help="rewrite README.md's launch sections")
    group.add_argument("--check", action="store_true", help="exit 1 if README.md's sections are stale")
    args = parser.parse_args(argv)

    if args.readme or args.check:
        if args.repository or args.ref or args.hub:
            parser.error("--readme and --check use the pyproject.toml setting only")
        current, expected = README.read_text(encoding="utf-8"), expected_readme()
        if args.check:
            if current != expected:
                print(
                    "README.md's launch sections do not match [tool.nnlib-lessons]: run `make links`", file=sys.stderr
                )
                return 1
            return 0
        if current != expected:
            README.write_text(expected, encoding="utf-8")
            print("rewrote the launch sections of README.md")
        return 0

    repository, ref = read_repository()
    repository = check_repository(args.repository) if args.repository else repository
    ref = args.ref or ref
    if repository is None:
        print(
            "no repository: set [tool.nnlib-lessons] repository in pyproject.toml, or pass --repository owner/name",
            file=sys.stderr,
        )
        return 1
    for name, title in lessons():
        url = nbgitpuller_url(args.hub, repository, ref, name) if args.hub else binder_url(repository, ref, name)
        print(f"{title}\n    {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
