"""The main job, as a learner does it: open lesson 01 in JupyterLab in a real browser,
run every cell, and play with the next-word widget.

Needs Debian's Chromium (`apt-get install chromium`) and the Python package playwright
(`pip install -e ".[browser]"`, which `make` does). Playwright never downloads a browser here:
it drives /usr/bin/chromium. Without them the test is skipped, unless REQUIRE_BROWSER_TEST=1
(set by .ci/run), where it fails instead.
"""

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


@pytest.fixture
def jupyterlab(tmp_path):
    """A headless JupyterLab on a free local port, serving a copy of lesson 01; stopped
    afterwards."""
    reason = _missing_browser_reason()
    if reason:
        if os.environ.get("REQUIRE_BROWSER_TEST") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    served = tmp_path / "served"
    served.mkdir()
    shutil.copy(LESSON, served / LESSON.name)
    settings = tmp_path / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    env = dict(
        os.environ,
        JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
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
        "--allow-root",
    ]
    log = open(tmp_path / "jupyterlab.log", "w")
    process = subprocess.Popen(
        command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        _wait_for_server(f"http://127.0.0.1:{port}/api/status?token={TOKEN}", process)
        yield f"http://127.0.0.1:{port}/lab/tree/{LESSON.name}?token={TOKEN}"
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
