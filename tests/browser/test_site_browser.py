"""Issue 7: the static HTML site (``make site``) works in a real browser with no network.

The site is built from the stored lessons (scripts/build_site.py) into a temporary folder and
opened in headless Chromium through file:// URLs, with every request off this machine blocked.
Starting at index.html, every page reachable through local links is visited: it must load
without a script error, every <img> must have loaded (non-zero natural size), no widget repr
text may show, and every local link (and its #anchor) must resolve. Every lesson has a page.
Screenshots go to screenshots/site/.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest

from browser_lab import WIDGET_REPR
from browser_server import ROOT, lesson_dir, lesson_names

pytestmark = pytest.mark.browser

BUILD_SITE = ROOT / "scripts" / "build_site.py"
# anywhere on a page (prose never contains these); a bare "HBox(" only counts inside outputs
ANYWHERE_REPR = re.compile(r"Box\(children=|Canvas\(toolbar=|Error displaying widget")

_PAGE_JS = """() => {
  const outputs = Array.from(document.querySelectorAll('.jp-OutputArea-output'))
    .map(o => o.innerText);
  return {
    title: document.title,
    text: document.body ? document.body.innerText : '',
    outputs,
    ids: Array.from(document.querySelectorAll('[id], a[name]')).map(e => e.id || e.name),
    links: Array.from(document.querySelectorAll('a[href]')).map(a => ({
      href: a.getAttribute('href'), url: a.href, text: a.innerText.trim().slice(0, 40)})),
    images: Array.from(document.querySelectorAll('img')).map(i => ({
      src: i.getAttribute('src') ? i.getAttribute('src').slice(0, 80) : '(no src)',
      complete: i.complete, width: i.naturalWidth, height: i.naturalHeight})),
  };
}"""


@dataclass
class SiteReport:
    root: Path
    pages: dict[str, dict] = field(default_factory=dict)  # path relative to root -> page facts
    problems: list[str] = field(default_factory=list)  # load, picture and repr problems
    link_problems: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


def _build(out: Path) -> None:
    if not BUILD_SITE.exists():
        pytest.fail("scripts/build_site.py is missing: `make site` cannot build the site", pytrace=False)
    proc = subprocess.run(
        [sys.executable, str(BUILD_SITE), "--out", str(out), "--notebooks", str(lesson_dir())],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    if proc.returncode != 0:
        pytest.fail(f"build_site.py failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}", pytrace=False)


def _load_all_images(page) -> None:
    """Scroll every picture into view (lazy images load only then) and wait for them."""
    page.evaluate("""async () => {
      for (const img of document.querySelectorAll('img')) {
        img.loading = 'eager';
        if (!img.complete) {
          img.scrollIntoView();
          await new Promise(r => { img.addEventListener('load', r, {once: true});
                                   img.addEventListener('error', r, {once: true});
                                   setTimeout(r, 5000); });
        }
      }
      window.scrollTo(0, 0);
    }""")


def _crawl(page, root: Path, shots: Path) -> SiteReport:
    report = SiteReport(root=root)
    page_errors: list[str] = []
    page.on("pageerror", lambda err: page_errors.append(str(err)))
    queue = deque(["index.html"])
    seen = {"index.html"}
    while queue:
        rel = queue.popleft()
        page_errors.clear()
        page.goto((root / rel).as_uri(), wait_until="load")
        _load_all_images(page)
        facts = page.evaluate(_PAGE_JS)
        report.pages[rel] = facts
        where = rel
        if not facts["text"].strip():
            report.problems.append(f"{where}: the page shows no text")
        for err in page_errors:
            report.problems.append(f"{where}: script error: {err[:200]}")
        for img in facts["images"]:
            if not (img["complete"] and img["width"] > 0 and img["height"] > 0):
                report.problems.append(f"{where}: picture not loaded: {img['src']}")
        for match in ANYWHERE_REPR.finditer(facts["text"]):
            shown = facts["text"][match.start() :][:60]
            report.problems.append(f"{where}: widget repr text: {shown!r}")
        for text in facts["outputs"]:
            match = WIDGET_REPR.search(text)
            if match and not ANYWHERE_REPR.search(text):
                report.problems.append(f"{where}: output shows {text[match.start() :][:60]!r}")
        page.screenshot(path=str(shots / (Path(rel).stem + ".png")), full_page=True)
        for link in facts["links"]:
            target, fragment = urldefrag(link["url"])
            parts = urlsplit(target)
            if parts.scheme in ("http", "https", "mailto"):
                continue
            if parts.scheme != "file":
                report.link_problems.append(f"{where}: odd link {link['href']!r}")
                continue
            path = Path(unquote(parts.path))
            if not path.exists():
                report.link_problems.append(f"{where}: link {link['text']!r} -> {link['href']!r}: no such file")
                continue
            try:
                target_rel = path.resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                report.link_problems.append(f"{where}: link {link['href']!r} leaves the site")
                continue
            if fragment:
                report.pages.setdefault("#anchors", {}).setdefault(target_rel, set()).add(
                    (where, link["href"], fragment)
                )
            if target_rel.endswith(".html") and target_rel not in seen:
                seen.add(target_rel)
                queue.append(target_rel)
    anchors = report.pages.pop("#anchors", {})
    for target_rel, wanted in anchors.items():
        ids = set(report.pages.get(target_rel, {}).get("ids", ())) if target_rel.endswith(".html") else None
        for where, href, fragment in sorted(wanted):
            # as browsers do: the fragment as written, then percent-decoded
            if ids is not None and fragment not in ids and unquote(fragment) not in ids:
                report.link_problems.append(f"{where}: link {href!r}: no #{fragment} there")
    report.blocked = list(page.blocked_requests)
    return report


@pytest.fixture(scope="module")
def site(tmp_path_factory, chromium, screenshot_dir):
    if not lesson_names():
        pytest.skip("no lessons in notebooks/ yet")
    out = tmp_path_factory.mktemp("site") / "site"
    _build(out)
    shots = screenshot_dir / "site"
    shots.mkdir(exist_ok=True)
    context = chromium.new_context(viewport={"width": 1200, "height": 900})
    blocked: list[str] = []

    def route(route_):
        if route_.request.url.startswith(("file://", "data:", "blob:")):
            route_.continue_()
        else:
            blocked.append(route_.request.url)
            route_.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.blocked_requests = blocked
    try:
        yield _crawl(page, out, shots)
    finally:
        context.close()


def test_every_page_loads_with_its_pictures_and_no_widget_repr(site):
    assert "index.html" in site.pages, "index.html was not built"
    if site.problems:
        pytest.fail(f"{len(site.problems)} problem(s) in the site:\n" + "\n".join(site.problems), pytrace=False)


def test_every_lesson_has_a_page_linked_from_the_index(site):
    linked = {Path(link["url"]).name for link in site.pages["index.html"]["links"]}
    missing = [
        name
        for name in lesson_names()
        if Path(name).stem + ".html" not in site.pages or Path(name).stem + ".html" not in linked
    ]
    assert not missing, f"lessons without a page reachable from the index: {missing}"


def test_every_link_between_pages_resolves(site):
    if site.link_problems:
        pytest.fail("broken links:\n" + "\n".join(site.link_problems), pytrace=False)


def test_no_request_leaves_the_machine(site):
    """The site works offline: nothing (MathJax, fonts, badges, scripts) comes from a server."""
    if site.blocked:
        unique = sorted(set(site.blocked))
        pytest.fail(f"{len(unique)} request(s) off this machine (blocked):\n" + "\n".join(unique), pytrace=False)
