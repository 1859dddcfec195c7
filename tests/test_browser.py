"""The main job, as a learner does it: open lesson 01 in JupyterLab in a real browser,
run every cell, and play with the next-word widget; and, before anything runs, see its
stored widget drawn once the lesson is trusted (what `make lab` does), not its Python text.
JupyterLab runs with the series' own settings (jupyter/overrides.json: no news pop-up).

Needs Debian's Chromium (`apt-get install chromium`) and the Python package playwright
(`pip install -e ".[browser]"`, which `make` does). Playwright never downloads a browser here:
it drives /usr/bin/chromium. Without them the test is skipped, unless REQUIRE_BROWSER_TEST=1
(set by .ci/run), where it fails instead.
"""

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "notebooks" / "01_next_word_by_counting.ipynb"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TOKEN = "browser-test-token"


def _missing_browser_reason():
    if not Path(CHROMIUM).exists():
        return (
            f"{CHROMIUM} not found: install it with `apt-get install chromium` to run "
            "the browser test"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return (
            'playwright is not installed: `pip install -e ".[browser]"` (never '
            "`playwright install`)"
        )
    return None


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_server(url, process, seconds=90):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"JupyterLab exited early with code {process.returncode}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"JupyterLab did not answer at {url} within {seconds} s")


@contextlib.contextmanager
def _serve(tmp_path, lesson, trust):
    """A headless JupyterLab on a free local port, serving a copy of `lesson` (trusted
    first with `jupyter trust` if `trust`), with the series' settings and its own Jupyter
    folders under tmp_path; yields the lesson's URL and stops the server afterwards."""
    reason = _missing_browser_reason()
    if reason:
        if os.environ.get("REQUIRE_BROWSER_TEST") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    served = tmp_path / "served"
    served.mkdir()
    shutil.copy(lesson, served / lesson.name)
    env = dict(
        os.environ,
        JUPYTER_DATA_DIR=str(tmp_path / "data"),  # the trust database and its key
        JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
    )
    if trust:
        jupyter = Path(sys.executable).with_name("jupyter")
        subprocess.run(
            [jupyter, "trust", served / lesson.name], env=env, check=True, timeout=60
        )
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--IdentityProvider.token={TOKEN}",
        f"--ServerApp.root_dir={served}",
        "--ServerApp.port_retries=0",
        f"--LabApp.app_settings_dir={ROOT / 'jupyter'}",  # what `make install` copies
        "--allow-root",
    ]
    log = open(tmp_path / "jupyterlab.log", "w")
    process = subprocess.Popen(
        command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        _wait_for_server(f"http://127.0.0.1:{port}/api/status?token={TOKEN}", process)
        yield f"http://127.0.0.1:{port}/lab/tree/{lesson.name}?token={TOKEN}"
    finally:
        if process.poll() is None:
            os.killpg(
                process.pid, signal.SIGTERM
            )  # the server and the kernels it started
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()


@pytest.fixture
def jupyterlab(tmp_path):
    """JupyterLab serving a copy of lesson 01, as a student opens it with `jupyter lab`."""
    with _serve(tmp_path, LESSON, trust=False) as url:
        yield url


@pytest.fixture
def trusted_jupyterlab(tmp_path):
    """JupyterLab serving a copy of lesson 01 trusted first, as `make lab` does."""
    with _serve(tmp_path, LESSON, trust=True) as url:
        yield url


def _settings(url, plugin):
    """The settings JupyterLab's API reports for `plugin` (its schema defaults include
    the overrides from the application settings folder)."""
    base = url.split("/lab/tree/")[0]
    with urllib.request.urlopen(
        f"{base}/lab/api/settings/{plugin}?token={TOKEN}", timeout=10
    ) as response:
        return json.load(response)


def _widget_readout(page):
    """The text line the next-word widget prints above its chart ("n=3 uses ...")."""
    return page.locator(".widget-interact .jp-OutputArea-output pre").first.inner_text(
        timeout=5_000
    )


def test_lesson01_runs_in_a_browser_and_the_widget_responds(jupyterlab, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(jupyterlab)
            expect(page.locator(".jp-Notebook")).to_be_visible(timeout=90_000)
            expect(
                page.get_by_role("button", name=re.compile(r"\| Idle"))
            ).to_be_visible(timeout=90_000)

            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_role("menuitem", name="Run All Cells", exact=True).click()

            slider = page.locator(".widget-interact .widget-slider").first
            expect(slider).to_be_visible(timeout=240_000)
            expect(
                page.locator(".widget-interact .jp-OutputArea-output pre").first
            ).to_contain_text("n=3", timeout=60_000)
            before = _widget_readout(page)

            handle = slider.locator(".noUi-handle")
            handle.focus()
            handle.press("ArrowLeft")  # n: 3 -> 2
            expect(
                page.locator(".widget-interact .jp-OutputArea-output pre").first
            ).to_contain_text("n=2", timeout=60_000)
            after = _widget_readout(page)
            page.screenshot(path=str(tmp_path / "lesson01_widget.png"), full_page=False)
        finally:
            browser.close()

    assert before.startswith("n=3") and after.startswith("n=2")
    assert before != after
    assert "milk" in before
    assert (tmp_path / "lesson01_widget.png").stat().st_size > 10_000


def test_trusted_lesson_draws_its_stored_widget_before_anything_runs(
    trusted_jupyterlab, tmp_path
):
    from playwright.sync_api import expect, sync_playwright

    notification = _settings(
        trusted_jupyterlab, "@jupyterlab/apputils-extension:notification"
    )
    defaults = {
        k: v["default"] for k, v in notification["schema"]["properties"].items()
    }
    assert defaults["fetchNews"] == "false" and defaults["checkForUpdates"] is False

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(trusted_jupyterlab)
            expect(page.locator(".jp-Notebook")).to_be_visible(timeout=90_000)
            expect(
                page.get_by_role("button", name=re.compile(r"\| Idle"))
            ).to_be_visible(timeout=90_000)  # a kernel is up, and no cell has run

            widget = page.locator(".widget-interact").first
            broken = page.get_by_text("Error displaying widget")
            widget.or_(broken).first.scroll_into_view_if_needed(timeout=30_000)
            assert broken.count() == 0, (
                "the lesson's stored widget state lacks the model its output shows; "
                "record it with a client that saves nbclient's widget state "
                "(set_widgets_metadata)"
            )
            expect(widget).to_contain_text("Live widget (needs a running kernel)")
            expect(widget.locator(".widget-slider")).to_have_count(2)  # n, temperature
            expect(widget.locator(".widget-text input")).to_have_value(
                "no use crying over spilled"
            )
            stored = widget.locator(".jp-OutputArea-output pre").first
            expect(stored).to_contain_text('n=3 uses "over spilled"')
            expect(widget.locator(".jp-OutputArea-output img")).to_have_count(1)
            notebook_text = page.locator(".jp-Notebook").text_content()
            news = page.get_by_text("official Jupyter news").count()
            widget.screenshot(path=str(tmp_path / "lesson01_stored_widget.png"))
        finally:
            browser.close()

    assert "interactive(children=" not in notebook_text
    assert news == 0  # the news pop-up is off
    shot = tmp_path / "lesson01_stored_widget.png"
    assert shot.stat().st_size > 10_000  # the controls and the stored chart
