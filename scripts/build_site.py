"""Build a static HTML copy of the lesson series from the STORED notebook outputs.

    python scripts/build_site.py              # -> site/index.html (make site)
    python scripts/build_site.py --out /tmp/s

No kernel runs and nothing is fetched: every page is made from what the notebooks in
notebooks/ have stored (run scripts/execute_notebooks.py first to refresh them). The result:

    site/index.html               the table of lessons: title, what you will learn, a picture
    site/NN_name.html             one page per lesson (nbconvert's lab template), with links to
                                  the previous and next lesson, the notebook and Binder
    site/notebooks/NN_name.ipynb  the notebooks themselves, to download
    site/images/NN_name.png       the index's pictures (each lesson's first figure)
    site/mathjax/                 MathJax 2 from the jupyter-server-mathjax package, so that
                                  formulas render offline (without it: a CDN, with a warning)

Widgets show as their stored picture (their outputs carry image/png, and no widget state is
stored), with their readouts as text beneath. The Binder link needs the repository, read from
ONE place: ``[tool.nnlib-lessons] repository = "owner/name"`` (and optional ``ref``, default
"main") in pyproject.toml, by scripts/lesson_links.py; without it the pages have no Binder link.
Pages of lessons that load MNIST, and the index, credit its authors and state its licence.
Everything written is readable by every user (folders 0755, files 0644), so a web server running
as another user can serve it.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
from jinja2 import DictLoader
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from lesson_links import binder_url, read_repository

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
MARKER = ".nnlib-site"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
MATHJAX_CONFIG = "TeX-AMS-MML_HTMLorMML-full,Safe"
MATHJAX_CDN = f"https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/MathJax.js?config={MATHJAX_CONFIG}"

# MathJax 2 as shipped by jupyter-server-mathjax has only the STIX-Web fonts (as in the classic
# notebook); this runs before MathJax.js and also sets $...$ as inline math for the index page
MATHJAX_FONTS = """<script type="text/x-mathjax-config">
MathJax.Hub.Config({
  tex2jax: {inlineMath: [["$", "$"], ["\\\\(", "\\\\)"]], processEscapes: true},
  "HTML-CSS": {availableFonts: [], preferredFont: null, webFont: "STIX-Web", imageFont: null},
  messageStyle: "none"
});
</script>"""

# the lab template, without the scripts it would fetch from a CDN (require.js, mermaid), with
# our navigation, and with widget pictures followed by their readouts as text
LESSON_TEMPLATE = r"""
{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_js_mathjax -%}
{{ resources.nnlib_mathjax_fonts }}
{{ super() }}
{%- endblock html_head_js_mathjax -%}
{%- block html_head_css -%}
<style type="text/css">{{ resources.nnlib_css }}</style>
{%- endblock html_head_css -%}
{%- block body_header -%}
{{ super() }}
{{ resources.nnlib_nav_top }}
{%- endblock body_header -%}
{% block body_footer %}
{{ resources.nnlib_credit }}
{{ resources.nnlib_nav_bottom }}
{{ super() }}
{% endblock body_footer %}
{% block data_png scoped %}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}"
 alt="{{ output.data.get('text/plain', 'figure') | escape_html }}">
{%- if 'application/vnd.jupyter.widget-view+json' in output.data
      and output.data.get('text/plain') %}
<pre class="nnlib-readouts">{{ output.data['text/plain'] | escape_html }}</pre>
{%- endif %}
</div>
{% endblock data_png %}
"""

CSS = """
nav.nnlib-nav { display: flex; flex-wrap: wrap; gap: 0.4em 1.2em; align-items: center;
  padding: 0.6em 1em; margin: 0 0 1em 0; background: #f3f6f9; border-bottom: 1px solid #d0d7de;
  font-family: system-ui, sans-serif; font-size: 15px; }
nav.nnlib-nav.bottom { border-top: 1px solid #d0d7de; border-bottom: none; margin: 2em 0 0 0; }
nav.nnlib-nav a { color: #0b5cad; }
nav.nnlib-nav .spacer { flex: 1; }
pre.nnlib-readouts { font-family: var(--jp-code-font-family, monospace); font-size: 13px;
  margin: 0.3em 0 0 0; color: #333; }
.nnlib-missing { color: #666; }
p.nnlib-credit { font-family: system-ui, sans-serif; font-size: 14px; color: #444;
  margin: 2em 1em 0 1em; }
"""

INDEX_CSS = """
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em;
  color: #1f2328; line-height: 1.45; }
h1 { margin-bottom: 0.2em; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #d0d7de; padding: 0.7em 0.6em; vertical-align: top;
  text-align: left; }
td.pic img { width: 240px; height: auto; border: 1px solid #d0d7de; }
td.learn ul { margin: 0; padding-left: 1.2em; }
a { color: #0b5cad; }
.links { font-size: 14px; margin-top: 0.4em; }
code { background: #f3f6f9; padding: 0 0.2em; border-radius: 3px; }
p.nnlib-credit { font-size: 14px; color: #444; margin-top: 1.5em; }
"""

# MNIST's authors and licence, wherever its digits appear (lesson pages and the index)
MNIST_SOURCE = "http://yann.lecun.com/exdb/mnist/"
CC_BY_SA_3 = "https://creativecommons.org/licenses/by-sa/3.0/"
MNIST_AUTHORS_AND_LICENCE = (
    f'the <a href="{MNIST_SOURCE}">MNIST database</a> by Yann LeCun, Corinna Cortes and '
    f'Christopher J. C. Burges, used under the <a href="{CC_BY_SA_3}">Creative Commons '
    "Attribution-Share Alike 3.0 licence (CC BY-SA 3.0)</a>"
)


@dataclass
class Lesson:
    path: Path
    nb: nbformat.NotebookNode
    title: str
    learn_html: str
    picture: bytes | None
    uses_mnist: bool

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def page(self) -> str:
        return f"{self.stem}.html"


# ---------------------------------------------------------------------------------------------
# reading the lessons


def first_heading(nb: nbformat.NotebookNode, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def what_you_will_learn(nb: nbformat.NotebookNode, max_items: int = 4) -> str:
    """The first bullets after "you will learn" in the first markdown cell, as HTML.

    A bullet's indented continuation lines belong to it; past ``max_items`` bullets, one last
    item says how many more the lesson lists.
    """
    cell = next((c for c in nb.cells if c.cell_type == "markdown"), None)
    if cell is None:
        return ""
    lines = cell.source.splitlines()
    start = next((i for i, ln in enumerate(lines) if "you will learn" in ln.lower()), None)
    if start is None:
        return ""
    bullets: list[str] = []
    for line in lines[start + 1 :]:
        if line.lstrip().startswith(("- ", "* ")):
            bullets.append(line.strip())
        elif bullets and line.strip() and line.startswith(" "):
            bullets[-1] += " " + line.strip()
        elif bullets and line.strip():
            break
    shown = bullets[:max_items]
    if len(bullets) > max_items:
        more = len(bullets) - max_items
        shown.append(f"- ... and {more} more {'thing' if more == 1 else 'things'} (see the lesson)")
    return markdown2html_mistune("\n".join(shown))


def first_picture(nb: nbformat.NotebookNode) -> bytes | None:
    import base64

    for cell in nb.cells:
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if png:
                return base64.b64decode(png if isinstance(png, str) else "".join(png))
    return None


def uses_mnist(nb: nbformat.NotebookNode) -> bool:
    """Whether a code cell of the lesson loads the MNIST digits."""
    return any(c.cell_type == "code" and "load_mnist(" in c.source for c in nb.cells)


def read_lessons(notebooks: Path) -> list[Lesson]:
    lessons = []
    for path in sorted(notebooks.glob("[0-9][0-9]*_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        lessons.append(
            Lesson(path, nb, first_heading(nb, path.stem), what_you_will_learn(nb), first_picture(nb), uses_mnist(nb))
        )
    return lessons


# ---------------------------------------------------------------------------------------------
# writing the pages


def nav_html(lessons: list[Lesson], i: int, repository: str | None, ref: str, position: str) -> str:
    lesson = lessons[i]
    parts = [f'<nav class="nnlib-nav {position}" aria-label="lessons">']
    if i > 0:
        prev = lessons[i - 1]
        parts.append(f'<a rel="prev" href="{prev.page}">← {html.escape(prev.title)}</a>')
    parts.append('<a href="index.html">All lessons</a>')
    if i + 1 < len(lessons):
        nxt = lessons[i + 1]
        parts.append(f'<a rel="next" href="{nxt.page}">{html.escape(nxt.title)} →</a>')
    parts.append('<span class="spacer"></span>')
    parts.append(f'<a href="notebooks/{lesson.path.name}" download>Download the notebook</a>')
    if repository:
        parts.append(f'<a href="{html.escape(binder_url(repository, ref, lesson.path.name))}">Run it on Binder</a>')
    parts.append("</nav>")
    return "".join(parts)


def rewrite_lesson_links(page: str, built: set[str]) -> str:
    """Links between notebooks (``01_neuron.ipynb#x``) -> pages; links to lessons not built
    (not written yet) become plain text, so that no link on the site is broken."""

    def replace(match: re.Match) -> str:
        target, fragment, text = match.group(1), match.group(2) or "", match.group(3)
        if target in built:
            return f'<a href="{target}.html{fragment}">{text}</a>'
        return f'<span class="nnlib-missing">{text}</span>'

    return re.sub(r'<a href="([0-9][0-9][a-z]?_[\w-]+)\.ipynb(#[^"]*)?"[^>]*>(.*?)</a>', replace, page, flags=re.S)


def make_exporter(mathjax_url: str) -> HTMLExporter:
    return HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"nnlib_lesson.html.j2": LESSON_TEMPLATE})],
        template_file="nnlib_lesson.html.j2",
        mathjax_url=mathjax_url,
    )


def lesson_page(exporter: HTMLExporter, lessons: list[Lesson], i: int, repository: str | None, ref: str) -> str:
    lesson = lessons[i]
    nb = nbformat.from_dict(lesson.nb)
    nb.metadata.pop("widgets", None)  # the stored pictures are the static view of every widget
    resources = {
        "metadata": {"name": lesson.title},
        "nnlib_css": CSS,
        "nnlib_mathjax_fonts": MATHJAX_FONTS,
        "nnlib_nav_top": nav_html(lessons, i, repository, ref, "top"),
        "nnlib_nav_bottom": nav_html(lessons, i, repository, ref, "bottom"),
        "nnlib_credit": (
            f'<p class="nnlib-credit">The handwritten digits in this lesson come from {MNIST_AUTHORS_AND_LICENCE}.</p>'
            if lesson.uses_mnist
            else ""
        ),
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return rewrite_lesson_links(body, {le.stem for le in lessons})


def index_page(lessons: list[Lesson], repository: str | None, ref: str, mathjax_url: str) -> str:
    rows = []
    for lesson in lessons:
        picture = (
            f'<img src="images/{lesson.stem}.png" alt="a figure from {html.escape(lesson.title)}">'
            if lesson.picture
            else ""
        )
        links = [f'<a href="notebooks/{lesson.path.name}" download>notebook</a>']
        if repository:
            links.append(f'<a href="{html.escape(binder_url(repository, ref, lesson.path.name))}">run on Binder</a>')
        rows.append(
            "<tr>"
            f'<td class="pic">{picture}</td>'
            f'<td><a href="{lesson.page}"><strong>{html.escape(lesson.title)}</strong></a>'
            f'<div class="links">{" · ".join(links)}</div></td>'
            f'<td class="learn">{lesson.learn_html}</td>'
            "</tr>"
        )
    binder_note = (
        f'<a href="{html.escape(binder_url(repository, ref, lessons[0].path.name))}">'
        "run the whole series on Binder</a>, or "
        if repository and lessons
        else ""
    )
    with_digits = [lesson.stem[:2] for lesson in lessons if lesson.uses_mnist]
    credit = ""
    if with_digits:
        which = ", ".join(with_digits[:-1]) + " and " + with_digits[-1] if len(with_digits) > 1 else with_digits[0]
        lessons_use = "Lessons {} use" if len(with_digits) > 1 else "Lesson {} uses"
        credit = (
            f'<p class="nnlib-credit">{lessons_use.format(which)} handwritten digits from '
            f"{MNIST_AUTHORS_AND_LICENCE}.</p>"
        )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>From one neuron to a digit recogniser</title>
<style>{INDEX_CSS}</style>
{MATHJAX_FONTS}
<script src="{html.escape(mathjax_url)}"></script>
</head>
<body>
<main>
<h1>From one neuron to a digit recogniser</h1>
<p>Neural networks with nothing but numpy, one lesson at a time. These pages are a static copy
of the lesson notebooks with the pictures they stored: the sliders only move in Jupyter.
To move them, {binder_note}download a notebook and open it with <code>make lab</code>.</p>
<table>
<thead><tr><th>picture</th><th>lesson</th><th>you will learn</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
{credit}
</main>
</body>
</html>
"""


def mathjax_source() -> Path | None:
    try:
        import jupyter_server_mathjax
    except ImportError:
        return None
    static = Path(jupyter_server_mathjax.__file__).parent / "static"
    return static if (static / "MathJax.js").exists() else None


def make_readable(folder: Path) -> None:
    """Folders 0755 and files 0644, whatever the umask (mkdtemp makes its folder 0700): a web
    server running as another user answers 403 for anything it cannot read."""
    folder.chmod(0o755)
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)


def build(
    out: Path, notebooks: Path = NOTEBOOKS, repository: str | None = None, ref: str = "main", offline_math: bool = True
) -> list[Path]:
    """Write the site into ``out`` (replaced whole); return the pages written."""
    lessons = read_lessons(notebooks)
    if not lessons:
        raise SystemExit(f"no lesson notebooks (NN_name.ipynb) in {notebooks}")
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SystemExit(f"{out} exists and was not made by build_site.py; not replacing it")

    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=out.parent))
    try:
        (staging / MARKER).write_text("built by scripts/build_site.py\n")
        mathjax = mathjax_source() if offline_math else None
        if mathjax is not None:
            shutil.copytree(mathjax, staging / "mathjax")
            mathjax_url = f"mathjax/MathJax.js?config={MATHJAX_CONFIG}"
        else:
            print(
                "warning: jupyter-server-mathjax is not installed; formulas will load "
                "MathJax from a CDN (pip install jupyter-server-mathjax)",
                file=sys.stderr,
            )
            mathjax_url = MATHJAX_CDN
        (staging / "notebooks").mkdir()
        (staging / "images").mkdir()
        exporter = make_exporter(mathjax_url)
        pages = []
        for i, lesson in enumerate(lessons):
            page = staging / lesson.page
            page.write_text(lesson_page(exporter, lessons, i, repository, ref), encoding="utf-8")
            pages.append(out / lesson.page)
            shutil.copy2(lesson.path, staging / "notebooks" / lesson.path.name)
            if lesson.picture:
                (staging / "images" / f"{lesson.stem}.png").write_bytes(lesson.picture)
        (staging / "index.html").write_text(index_page(lessons, repository, ref, mathjax_url), encoding="utf-8")
        make_readable(staging)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out / "index.html", *pages]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=ROOT / "site", help="output folder (default: site/, ignored by git)"
    )
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOKS)
    args = parser.parse_args(argv)
    repository, ref = read_repository()
    if repository is None:
        print("note: no [tool.nnlib-lessons] repository in pyproject.toml: no Binder links", file=sys.stderr)
    out = args.out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    pages = build(out, args.notebooks.resolve(), repository, ref)
    print(f"wrote {len(pages)} pages to {out}; open {out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
