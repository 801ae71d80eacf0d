"""`make site` (scripts/build_site.py): the static HTML copy of the series, checked without a browser.

Builds the site from the stored notebooks into a temporary folder and checks that every page
exists, every link between pages resolves, every picture is there, nothing would be fetched from
the network, and no widget repr text shows. (tests/browser/ opens it in Chromium.)
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]*_*.ipynb"))
WIDGET_REPRS = ("VBox(children=", "HBox(children=", "Canvas(toolbar=", "Error displaying widget")

pytestmark = pytest.mark.skipif(not NOTEBOOKS, reason="no lesson notebooks yet")


def load_build_site():
    spec = importlib.util.spec_from_file_location("build_site", ROOT / "scripts" / "build_site.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it runs
    spec.loader.exec_module(module)
    return module


build_site = load_build_site()


class Page(HTMLParser):
    """Links, image sources, external resources and visible text of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs, self.imgs, self.resources, self.text = [], [], [], []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag == "img":
            self.imgs.append(attrs.get("src") or "")
        if tag in ("script", "img", "iframe", "source", "video", "audio") and attrs.get("src"):
            self.resources.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.resources.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def is_external(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https") or url.startswith("//")


def local_target(page_path: Path, url: str) -> Path:
    return (page_path.parent / unquote(urlsplit(url).path)).resolve()


def digest(paths):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    before = digest(NOTEBOOKS)
    out = tmp_path_factory.mktemp("site") / "site"
    build_site.build(out, ROOT / "notebooks", repository=None)
    assert digest(NOTEBOOKS) == before, "building the site changed a stored notebook"
    return out


@pytest.fixture(scope="module")
def site_with_binder(tmp_path_factory):
    out = tmp_path_factory.mktemp("site-binder") / "site"
    build_site.build(out, ROOT / "notebooks", repository="example-owner/example-lessons", offline_math=False)
    return out


def pages(site: Path) -> list[Path]:
    return [site / "index.html"] + [site / f"{nb.stem}.html" for nb in NOTEBOOKS]


def test_every_page_and_notebook_exists(site):
    for page in pages(site):
        assert page.is_file(), f"missing {page.name}"
    for nb in NOTEBOOKS:
        assert (site / "notebooks" / nb.name).read_bytes() == nb.read_bytes()


def test_every_internal_link_resolves(site):
    for page in pages(site):
        for href in parse(page).hrefs:
            if is_external(href) or href.startswith(("mailto:", "#")):
                continue
            assert local_target(page, href).exists(), f"{page.name}: broken link {href!r}"


def test_nothing_is_fetched_from_the_network(site):
    for page in pages(site):
        for url in parse(page).resources:
            assert not is_external(url), f"{page.name} loads {url} from the network"
            if not url.startswith("data:"):
                assert local_target(page, url).exists(), f"{page.name}: missing resource {url}"


def test_every_image_has_data_or_an_existing_file(site):
    for page in pages(site):
        for src in parse(page).imgs:
            if src.startswith("data:image/png;base64,"):
                raw = base64.b64decode(src.split(",", 1)[1])
                assert raw.startswith(b"\x89PNG"), f"{page.name}: broken inline PNG"
            else:
                assert src and local_target(page, src).is_file(), f"{page.name}: img {src!r}"


def test_every_stored_picture_is_on_its_page(site):
    """Widget outputs show their stored picture (no widget state, so no live view)."""
    for nb_path in NOTEBOOKS:
        nb = nbformat.read(site / "notebooks" / nb_path.name, as_version=4)  # the copy built from
        n_png = sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
        page = parse(site / f"{nb_path.stem}.html")
        n_img = sum(src.startswith("data:image/png") for src in page.imgs)
        assert n_img == n_png, f"{nb_path.name}: {n_png} stored pictures, {n_img} on the page"


def test_no_widget_repr_text(site):
    for page in pages(site):
        text = "".join(parse(page).text)
        for marker in WIDGET_REPRS:
            assert marker not in text, f"{page.name} shows {marker!r}"


def test_index_lists_every_lesson_with_title_and_picture(site):
    index = parse(site / "index.html")
    for nb_path in NOTEBOOKS:
        assert f"{nb_path.stem}.html" in index.hrefs
        nb = nbformat.read(nb_path, as_version=4)
        title = build_site.first_heading(nb, nb_path.stem)
        assert title in "".join(index.text)
        if build_site.first_picture(nb):
            assert f"images/{nb_path.stem}.png" in index.imgs
    assert "you will learn" in "".join(index.text).lower()


def test_pages_link_to_neighbours_notebook_and_index(site):
    for i, nb_path in enumerate(NOTEBOOKS):
        hrefs = parse(site / f"{nb_path.stem}.html").hrefs
        assert "index.html" in hrefs
        assert f"notebooks/{nb_path.name}" in hrefs
        if i > 0:
            assert f"{NOTEBOOKS[i - 1].stem}.html" in hrefs
        if i + 1 < len(NOTEBOOKS):
            assert f"{NOTEBOOKS[i + 1].stem}.html" in hrefs


def test_math_renders_offline_when_mathjax_is_installed(site):
    if build_site.mathjax_source() is None:
        pytest.skip("jupyter-server-mathjax not installed: math falls back to a CDN")
    for page in pages(site):
        scripts = [u for u in parse(page).resources if "MathJax.js" in u]
        assert scripts and all(u.startswith("mathjax/") for u in scripts), page.name


def test_no_binder_link_without_a_repository(site):
    for page in pages(site):
        assert "mybinder" not in page.read_text(encoding="utf-8")


def test_binder_links_when_the_repository_is_configured(site_with_binder):
    expected = f"https://mybinder.org/v2/gh/example-owner/example-lessons/main?labpath=notebooks%2F{NOTEBOOKS[0].name}"
    assert expected in parse(site_with_binder / f"{NOTEBOOKS[0].stem}.html").hrefs
    assert expected in parse(site_with_binder / "index.html").hrefs


def test_repository_is_read_from_pyproject(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.nnlib-lessons]\nrepository = "someone/lessons"\nref = "v1"\n')
    assert build_site.read_repository(pyproject) == ("someone/lessons", "v1")
    pyproject.write_text('[project]\nname = "x"\n')
    assert build_site.read_repository(pyproject) == (None, "main")
    pyproject.write_text('[tool.nnlib-lessons]\nrepository = "https://example.org/x"\n')
    with pytest.raises(ValueError, match="owner/name"):
        build_site.read_repository(pyproject)


def test_links_to_lessons_not_written_yet_become_text():
    page = (
        '<a href="01_neuron.ipynb">01</a> <a href="03_xor.ipynb#top">02</a> '
        '<a href="https://example.org/03_x.ipynb">ext</a>'
    )
    out = build_site.rewrite_lesson_links(page, {"01_neuron"})
    assert '<a href="01_neuron.html">01</a>' in out
    assert '<span class="nnlib-missing">02</span>' in out
    assert "https://example.org/03_x.ipynb" in out


def test_refuses_to_replace_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(SystemExit, match="not made by build_site"):
        build_site.build(tmp_path, ROOT / "notebooks")
    assert (tmp_path / "keep.txt").exists()


def test_html_is_not_a_widget_manager_page(site):
    """No widget state is embedded, so no page tries to load the widget manager."""
    for nb_path in NOTEBOOKS:
        html = (site / f"{nb_path.stem}.html").read_text(encoding="utf-8")
        assert "application/vnd.jupyter.widget-state+json" not in html
        assert not re.search(r"embed-amd\.js|require\.min\.js", html)


def test_what_you_will_learn_keeps_whole_bullets_and_says_what_it_left_out():
    cell = nbformat.v4.new_markdown_cell(
        "# 99 · A lesson\n\nIntro.\n\n**You will learn**\n"
        "- the first thing, which is long\n  and goes on here;\n"
        "- the second;\n* the third\n  over two lines;\n- the fourth;\n- the fifth;\n- the sixth.\n"
        "\nA paragraph after the list.\n- not a bullet of the list\n"
    )
    nb = nbformat.v4.new_notebook(cells=[cell])
    html = build_site.what_you_will_learn(nb, max_items=4)
    items = re.findall(r"<li>(.*?)</li>", html, flags=re.S)
    assert items[0] == "the first thing, which is long and goes on here;"
    assert items[2] == "the third over two lines;"
    assert items[4] == "... and 2 more things (see the lesson)"
    assert len(items) == 5 and "not a bullet" not in html
    assert build_site.what_you_will_learn(nb, max_items=6).count("<li>") == 6
    assert (
        build_site.what_you_will_learn(
            nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 99 · No list here")])
        )
        == ""
    )


def test_lessons_with_mnist_credit_its_authors_and_licence(site):
    credited = []
    for nb_path in NOTEBOOKS:
        page = (site / f"{nb_path.stem}.html").read_text(encoding="utf-8")
        uses = "load_mnist(" in "".join(
            c.source for c in nbformat.read(nb_path, as_version=4).cells if c.cell_type == "code"
        )
        has_credit = 'class="nnlib-credit"' in page
        assert has_credit == uses, f"{nb_path.name}: uses MNIST {uses}, credit {has_credit}"
        if uses:
            credited.append(nb_path.stem[:2])
            text = " ".join("".join(parse(site / f"{nb_path.stem}.html").text).split())
            assert "MNIST database by Yann LeCun, Corinna Cortes and Christopher J. C. Burges" in text, nb_path.name
            assert "(CC BY-SA 3.0)" in text
            assert "https://creativecommons.org/licenses/by-sa/3.0/" in parse(site / f"{nb_path.stem}.html").hrefs
    assert "07" in credited
    index = " ".join("".join(parse(site / "index.html").text).split())
    assert f"Lessons {', '.join(credited[:-1])} and {credited[-1]} use handwritten digits" in index
    assert "(CC BY-SA 3.0)" in index


def test_site_is_readable_by_every_user_whatever_the_umask(tmp_path):
    import os

    old = os.umask(0o077)
    try:
        out = tmp_path / "site"
        build_site.build(out, ROOT / "notebooks", offline_math=False)
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o755
    for path in out.rglob("*"):
        expected = 0o755 if path.is_dir() else 0o644
        assert path.stat().st_mode & 0o777 == expected, f"{path.relative_to(out)}"
