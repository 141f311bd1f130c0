"""App fixtures: AppTest against the sample index, and a real `streamlit run` server with Chromium.

Browser recipe: Playwright drives Debian's /usr/bin/chromium; Playwright's own
browser download is never used. The server's output goes to a file, not a pipe."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from benchmarks.streamlit_server import running_streamlit

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "screenshots"))


@pytest.fixture
def app(sample_index: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("ARCHIVE_INDEX", str(sample_index))
    st.cache_resource.clear()
    return AppTest.from_file(str(APP), default_timeout=60)


@pytest.fixture(scope="session")
def streamlit_url(sample_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_streamlit(
        {"ARCHIVE_INDEX": str(sample_index)}, tmp_path_factory.mktemp("streamlit") / "server.log"
    ) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object, streamlit_url: str) -> Iterator[object]:
    yield from browser_page(browser, streamlit_url)


def browser_page(browser: object, base_url: str) -> Iterator[object]:
    """A fresh browser context on `base_url` (desktop size, 20 s default timeout), closed after use.
    Assertions wait as long for their state as actions do: Playwright's `expect` gives up after 5 s
    of its own, which a rerun after signing in outlasted on a busy CI machine."""
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()
