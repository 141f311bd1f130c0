"""The embeddable search box (docs/embed-search-box.html) in Chromium, pasted into a page of
another site (another origin on 127.0.0.1): it searches the archive through the API, writes hostile
titles as text, and gets nothing from an API that does not allow that site."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from benchmarks.api_server import running_api
from indexer.build import build
from tests.app.conftest import ROOT, browser_page

HOSTILE_TITLE = '<img src=x onerror="window.pwned=1"> Bond fund statement'


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("embed-src")
    (source / "bond.md").write_text(
        "# Bond fund statement\n\nThe community bond fund freed people.\n", encoding="utf-8"
    )
    (source / "bond.meta.toml").write_text(f"title = '{HOSTILE_TITLE}'\n", encoding="utf-8")
    (source / "other.md").write_text("# Courthouse arrests\n\nICE at the courthouse.\n", encoding="utf-8")
    index = tmp_path_factory.mktemp("embed-index")
    build([source], index, progress=False)
    return index


@pytest.fixture(scope="module")
def website(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """An organization's website: a folder served on its own loopback port (its own origin)."""
    folder = tmp_path_factory.mktemp("website")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SimpleHTTPRequestHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _paste_the_box(folder: Path, archive_url: str) -> str:
    snippet = (ROOT / "docs/embed-search-box.html").read_text(encoding="utf-8")
    assert 'data-archive="https://archive.example.org"' in snippet
    page = f"<!doctype html><html><body><h1>Our site</h1>{snippet.replace('https://archive.example.org', archive_url)}</body></html>"
    (folder / "search.html").write_text(page, encoding="utf-8")
    return "/search.html"


@pytest.fixture
def page(browser: object, website: tuple[Path, str]) -> Iterator[Page]:
    yield from browser_page(browser, website[1])


def test_the_box_on_an_allowed_site_lists_results_as_text(page: Page, index: Path, website: tuple[Path, str]) -> None:
    folder, site = website
    with running_api(index, "--rate-limit", "0", "--cors-origin", site) as api:
        page.goto(_paste_the_box(folder, api))
        page.fill("input[name=q]", "bond fund")
        page.click("button[type=submit]")
        results = page.locator(".archive-search-results li")
        expect(results).to_have_count(1)
        expect(page.locator(".archive-search-status")).to_have_text("1 result")
        title = results.locator("a")
        expect(title).to_have_text(HOSTILE_TITLE)  # the title's markup is shown as text
        assert title.get_attribute("href") == f"{api}/?q=bond%20fund&doc=bond.md"
        expect(results.locator("p")).to_contain_text("community bond fund freed people")
        assert page.locator(".archive-search-results img").count() == 0
        assert page.evaluate("window.pwned") is None


def test_the_box_on_a_site_the_api_does_not_allow_gets_nothing(
    page: Page, index: Path, website: tuple[Path, str]
) -> None:
    folder, _ = website
    with running_api(index, "--rate-limit", "0", "--cors-origin", "https://www.example.org") as api:
        page.goto(_paste_the_box(folder, api))
        page.fill("input[name=q]", "bond fund")
        page.click("button[type=submit]")
        expect(page.locator(".archive-search-status")).to_have_text("The archive could not be reached.")
        expect(page.locator(".archive-search-results li")).to_have_count(0)
