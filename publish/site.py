"""The offline static site: every lesson, the glossary and an index as HTML pages.

Handles: exporting each lesson with its stored outputs (plots, LaTeX typeset by a MathJax
copied into the site, each widget's stored output) through nbconvert's JupyterLab page,
links between lessons and to the glossary rewritten to the pages, the series' figures and
styles copied beside them, and writing the folder atomically (publish.output).
Leaves out: running the lessons (their stored outputs are shown as `make test` checked
them) and anything fetched at view time: the pages load nothing from outside the folder.
"""

import json
import re
import shutil
from pathlib import Path

import jupyter_server_mathjax
import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor

from helpers.paths import LESSONS_DIR, lesson_paths
from publish.slides import SlideBreaks
from publish.static_widgets import StillWidgets

TEMPLATES = Path(__file__).resolve().parent / "templates"
MATHJAX = Path(jupyter_server_mathjax.__file__).resolve().parent / "static"
# "[lesson 02](02_counts_to_neural_net.ipynb)" and "[nats](glossary.md#nats)"
LOCAL_LINK = re.compile(r"\]\(((?:\d\d[a-z]?_[\w-]+)\.ipynb|glossary\.md)(#[^)]*)?\)")


def page_name(link):
    """The page a link to a lesson or the glossary goes to on the site.
    Example: page_name("03_tokens.ipynb") -> "03_tokens.html" """
    return Path(link).stem + ".html"


def site_links(markdown):
    """Markdown with its links to lessons and the glossary pointing at their pages.
    Example: site_links("[nats](glossary.md#nats)") -> "[nats](glossary.html#nats)" """
    return LOCAL_LINK.sub(lambda m: f"]({page_name(m[1])}{m[2] or ''})", markdown)


class SiteLinks(Preprocessor):
    """Rewrite the links of each markdown cell, and of each Markdown output a cell
    printed (lesson 14's table), with site_links."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown":
            cell.source = site_links(cell.source)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/markdown" in data:
                data["text/markdown"] = site_links("".join(data["text/markdown"]))
        return cell, resources


def lesson_title(nb):
    """A lesson's title: its first heading, without the hashes.
    Example: lesson_title(nb of lesson 03) -> "03 · Tokens" """
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise ValueError("the notebook has no '# ' title: give its first cell one")


def exporter(template="offline", preprocessors=()):
    """nbconvert's HTML exporter with the series' offline template and preprocessors."""
    export = HTMLExporter(
        template_name=template,
        extra_template_basedirs=[str(TEMPLATES)],
        extra_template_paths=[str(TEMPLATES)],
    )
    for preprocessor in (StillWidgets, SiteLinks, *preprocessors):
        export.register_preprocessor(preprocessor(), enabled=True)
    return export


def cloud_links(repository, notebook):
    """Links that open a lesson of the series' public repository ("owner/name" on GitHub)
    in Binder (which reads environment.yml) and in Colab.
    Example: cloud_links("me/genai", "01_x.ipynb")[0]
        -> '<a href="https://mybinder.org/v2/gh/me/genai/HEAD?urlpath=lab/tree/notebooks/01_x.ipynb">Binder</a>'"""
    binder = f"https://mybinder.org/v2/gh/{repository}/HEAD?urlpath=lab/tree/notebooks/{notebook}"
    colab = f"https://colab.research.google.com/github/{repository}/blob/main/notebooks/{notebook}"
    return [f'<a href="{binder}">Binder</a>', f'<a href="{colab}">Colab</a>']


def navigation(pages, current, twin=None, cloud=()):
    """The links bar at the top of every page: index, glossary, previous and next lesson,
    `twin` (label, page): the same lesson as slides or as a page, and `cloud` links.
    Example: navigation(["00_start_here.html", "01_x.html"], "01_x.html")
        -> '<a href="index.html">All lessons</a> ... ← 00_start_here ...'"""
    links = [
        '<a href="index.html">All lessons</a>',
        '<a href="glossary.html">Glossary</a>',
    ]
    if twin:
        links.append(f'<a href="{twin[1]}">{twin[0]}</a>')
    if current in pages:
        at = pages.index(current)
        if at > 0:
            links.append(
                f'<a href="{pages[at - 1]}">← {pages[at - 1].split(".")[0]}</a>'
            )
        if at + 1 < len(pages):
            links.append(
                f'<a href="{pages[at + 1]}">{pages[at + 1].split(".")[0]} →</a>'
            )
    return " · ".join([*links, *cloud])


def markdown_page(title, markdown):
    """A one-cell notebook holding `markdown`, to export like a lesson."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["title"] = title
    nb.cells.append(nbformat.v4.new_markdown_cell(markdown))
    return nb


def index_markdown(lessons):
    """The index page: every lesson with its title and study time, and the glossary.
    Example: index_markdown([("00_start_here.html", "00 · Start here", "15")]) -> "# ..." """
    rows = [
        f"- [{title}]({page}), about {minutes} minutes"
        for page, title, minutes in lessons
    ]
    return "\n".join(
        [
            "# Generative AI, built on a laptop CPU",
            "",
            "The lessons as they were recorded, with their stored outputs. To run them and",
            "play with the widgets, open them in JupyterLab (`make lab`, see the README).",
            "",
            *rows,
            "",
            "[Glossary](glossary.html): the words the lessons use.",
        ]
    )


SLIDES = ".slides.html"
STUDY = re.compile(r"\*\*Time:\*\* about (\d+) minutes to study")


def write_pages(folder, export, lessons, suffix=".html", repository=None):
    """Export each lesson into `folder` as pages (suffix ".html") or slides (".slides.html");
    return (page, title, study minutes) for each."""
    pages = [p.stem + suffix for p in lessons]
    written = []
    for path, page in zip(lessons, pages):
        nb = nbformat.read(path, as_version=4)
        twin = (
            ("Page", path.stem + ".html")
            if suffix == SLIDES
            else ("Slides", path.stem + SLIDES)
        )
        resources = {
            "static_prefix": "_static/",
            "series_nav": navigation(
                pages,
                page,
                twin,
                cloud_links(repository, path.name) if repository else (),
            ),
            "metadata": {"name": lesson_title(nb)},
        }
        body, _ = export.from_notebook_node(nb, resources=resources)
        (folder / page).write_text(body, encoding="utf-8")
        minutes = STUDY.search("\n".join(c.source for c in nb.cells))
        written.append((page, lesson_title(nb), minutes[1] if minutes else "?"))
    return written


def copy_assets(folder):
    """MathJax, the series' styles and the lessons' figures, into the site folder."""
    static = folder / "_static"
    shutil.copytree(MATHJAX, static / "mathjax")
    for name in ("series.css", "slides.css", "slides.js"):
        shutil.copy(TEMPLATES / name, static / name)
    figures = LESSONS_DIR / "figures"
    if figures.is_dir():
        shutil.copytree(figures, folder / "figures")


def build_site(folder, lessons=None, repository=None):
    """Write the site into `folder` (which must exist and be empty): a page and a slide
    deck per lesson, glossary.html, index.html and _static/; with `repository` ("owner/name"
    of the series on GitHub) each lesson also links to Binder and Colab. Returns the pages.
    Example: build_site(Path("runs/site")) -> ["00_start_here.html", ...]"""
    lessons = list(lessons or lesson_paths())
    export = exporter()
    written = write_pages(folder, export, lessons, repository=repository)
    slides = exporter("slides", [SlideBreaks])
    write_pages(folder, slides, lessons, suffix=SLIDES, repository=repository)
    pages = [page for page, _, _ in written]
    extra = {
        "glossary.html": ("Glossary", (LESSONS_DIR / "glossary.md").read_text("utf-8")),
        "index.html": ("Generative AI, built on a laptop CPU", index_markdown(written)),
    }
    for page, (title, markdown) in extra.items():
        resources = {
            "static_prefix": "_static/",
            "series_nav": navigation(pages, page),
            "metadata": {"name": title},
        }
        body, _ = export.from_notebook_node(markdown_page(title, markdown), resources)
        (folder / page).write_text(body, encoding="utf-8")
    copy_assets(folder)
    (folder / "site.json").write_text(
        json.dumps({"built_by": "publish", "pages": pages})
    )
    return pages + list(extra)
