"""The offline site and slides (publish): links, still widgets, the slide plan, the
command's refusals, and the built pages in Chromium with the network unused.

The browser part needs Debian's Chromium and playwright, like tests/test_browser.py, and is
skipped without them unless REQUIRE_BROWSER_TEST=1 (set by .ci/run).
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_browser import CHROMIUM, CHROMIUM_FLAGS, _missing_browser_reason

from helpers.paths import lesson_number, lesson_paths
from publish.__main__ import check_site_folder
from publish.site import cloud_links, navigation, site_links
from publish.slides import lines_of, plan_slides
from publish.static_widgets import WIDGET_STATE, WIDGET_VIEW, still_outputs

ROOT = Path(__file__).resolve().parents[1]
LESSONS = lesson_paths()
PROJECTOR = {"width": 1280, "height": 720}
MIN_ZOOM = 0.7  # slides.js shrinks a tall slide to no less than this


def notebook(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def widget_views(nb):
    """The model ids of the widget views stored in a notebook's outputs."""
    return [
        o["data"][WIDGET_VIEW]["model_id"]
        for c in nb["cells"]
        for o in c.get("outputs", [])
        if WIDGET_VIEW in o.get("data", {})
    ]


def test_links_to_lessons_and_the_glossary_point_at_pages():
    text = "[lesson 03](03_tokens.ipynb), [nats](glossary.md#nats), [x](../README.md)"
    assert site_links(text) == (
        "[lesson 03](03_tokens.html), [nats](glossary.html#nats), [x](../README.md)"
    )
    assert site_links("[06b](06b_scaling_study.ipynb#fit)") == (
        "[06b](06b_scaling_study.html#fit)"
    )


def test_navigation_names_the_neighbours():
    pages = ["00_a.html", "01_b.html", "02_c.html"]
    bar = navigation(pages, "01_b.html", ("Slides", "01_b.slides.html"))
    assert '<a href="00_a.html">← 00_a</a>' in bar
    assert '<a href="02_c.html">02_c →</a>' in bar
    assert '<a href="01_b.slides.html">Slides</a>' in bar
    assert "→" not in navigation(pages, "02_c.html")


def test_cloud_links_open_the_lesson_in_binder_and_colab():
    binder, colab = cloud_links("me/genai", "03_tokens.ipynb")
    assert (
        "mybinder.org/v2/gh/me/genai/HEAD?urlpath=lab/tree/notebooks/03_tokens.ipynb"
        in binder
    )
    assert (
        "colab.research.google.com/github/me/genai/blob/main/notebooks/03_tokens.ipynb"
        in colab
    )


def test_a_stored_widget_becomes_its_controls_and_stored_outputs():
    nb = notebook(ROOT / "notebooks" / "01_next_word_by_counting.ipynb")
    state = nb["metadata"]["widgets"][WIDGET_STATE]["state"]
    (view,) = widget_views(nb)
    controls, outputs = still_outputs(state, view)
    assert 'value="no use crying over spilled"' in controls
    assert 'type="range" disabled min="1" max="5" step="1" value="3"' in controls
    assert "Live widget" in controls
    kinds = [o["output_type"] for o in outputs]
    assert "display_data" in kinds
    assert any("image/png" in o.get("data", {}) for o in outputs)


def test_every_stored_widget_has_its_state():
    for path in LESSONS:
        nb = notebook(path)
        state = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {})
        for view in widget_views(nb):
            assert view in state.get("state", {}), f"{path.name}: record it again"


def test_lines_of_wraps_long_lines():
    assert lines_of("a" * 250 + "\nb", 100) == 4
    assert lines_of("", 100) == 1


@pytest.mark.parametrize("path", LESSONS, ids=lesson_number)
def test_each_lesson_is_marked_for_slides_from_its_title(path):
    nb = notebook(path)
    marked = [c["metadata"].get("slideshow", {}).get("slide_type") for c in nb["cells"]]
    assert marked == plan_slides(nb), (
        f"{path.name}: its slide marks are out of date: run `python -m publish mark-slides`"
    )
    assert marked[0] == "slide" and "".join(nb["cells"][0]["source"]).startswith("# ")


def test_the_command_refuses_a_folder_of_other_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ValueError, match="not a site built by"):
        check_site_folder(tmp_path, force=False)
    assert check_site_folder(tmp_path, force=True) == tmp_path
    with pytest.raises(ValueError, match="under data/"):
        check_site_folder(ROOT / "data" / "site", force=False)


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    reason = _missing_browser_reason()
    if reason:
        if os.environ.get("REQUIRE_BROWSER_TEST") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    out = tmp_path_factory.mktemp("site") / "site"
    done = subprocess.run(
        [sys.executable, "-m", "publish", "site", "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def browser_page(built_site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        page = browser.new_page(viewport=PROJECTOR)
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        yield page, requests
        browser.close()


def open_page(page, url):
    page.goto(url)
    page.wait_for_function(
        "window.MathJax && MathJax.isReady && MathJax.Hub.queue.pending === 0",
        timeout=60_000,
    )


def test_every_link_inside_the_site_arrives(built_site):
    pages = sorted(built_site.glob("*.html"))
    ids = {
        p.name: set(re.findall(r'id="([^"]+)"', p.read_text("utf-8"))) for p in pages
    }
    broken = []
    for page in pages:
        for target, anchor in re.findall(
            r'(?:href|src)="([^"#:?]*)(?:\?[^"#]*)?(?:#([^"]*))?"',
            page.read_text("utf-8"),
        ):
            target = target or page.name
            if not (built_site / target).exists():
                broken.append(f"{page.name} -> {target}")
            elif anchor and target.endswith(".html") and anchor not in ids[target]:
                broken.append(f"{page.name} -> {target}#{anchor}")
    assert broken == [], broken[:5]


@pytest.mark.parametrize("path", LESSONS, ids=lesson_number)
def test_a_lesson_page_renders_offline(built_site, browser_page, path):
    page, requests = browser_page
    requests.clear()
    open_page(page, (built_site / f"{path.stem}.html").as_uri())
    text = page.inner_text("body")
    nb = notebook(path)
    markdown = "".join("".join(c["source"]) for c in nb["cells"])
    if "$" in markdown:
        assert page.locator(".MathJax").count() > 0, "no LaTeX was typeset"
    assert page.locator(".MathJax_Error, merror").count() == 0
    assert "$$" not in text
    assert "interactive(children=" not in text
    assert page.locator(".static-widget").count() == len(widget_views(nb))
    broken = page.evaluate(
        "Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0)"
        ".map(i => i.src.slice(0, 80))"
    )
    assert broken == []
    away = [u for u in requests if not u.startswith(("file:", "data:", "about:"))]
    assert away == [], f"requests that left the machine: {away[:3]}"


@pytest.mark.parametrize("path", LESSONS, ids=lesson_number)
def test_each_slide_fits_a_projector(built_site, browser_page, path):
    page, requests = browser_page
    deck = (built_site / f"{path.stem}.slides.html").as_uri()
    open_page(page, deck)
    count = page.locator("section.slide").count()
    assert count > 1
    assert page.locator("section.slide").first.locator("h1").count() == 1  # title slide
    too_tall = []
    page.keyboard.press("Home")  # fit slide 1 again now that its LaTeX is typeset
    for number in range(1, count + 1):
        zoom, bottom = page.evaluate(
            "(() => { const s = document.querySelector('section.slide.current');"
            " return [parseFloat(s.style.zoom), s.getBoundingClientRect().bottom]; })()"
        )
        if zoom < MIN_ZOOM or bottom > PROJECTOR["height"]:
            too_tall.append((number, round(zoom, 2), round(bottom)))
        page.keyboard.press("ArrowRight")
    assert too_tall == [], f"slides that do not fit 1280 x 720: {too_tall}"
