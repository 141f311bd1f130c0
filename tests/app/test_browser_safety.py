"""In a real browser: a hostile document cannot run script, and internal documents stay internal
until staff sign in."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from indexer.build import build
from tests.app.conftest import browser_page, running_streamlit

STAFF_PASSWORD = "correct horse battery staple"
HOSTILE_HTML = """<html><head>
<title><script>alert('title')</script>Hostile page</title>
<link rel="canonical" href="javascript:alert('canonical')">
<meta name="author" content="<svg onload=alert('author')>">
</head><body><article>
<h1>Hostile page</h1>
<p>Warning text &lt;script&gt;alert('escaped')&lt;/script&gt; with a <a href="javascript:alert('link')">bad link</a>,
an <img src="x" onerror="alert('img')"> image, and the tag #FreeThemAll<script>alert('tag')</script> inside.</p>
<p>Second paragraph <b onmouseover="alert('hover')">hover me</b>, with commas, words, and more words.</p>
<script>alert('inline')</script>
</article></body></html>"""


@pytest.fixture(scope="module")
def safety_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    src = tmp_path_factory.mktemp("safety-src")
    (src / "hostile.html").write_text(HOSTILE_HTML)
    (src / "hostile.meta.toml").write_text(
        "title = \"Hostile <img src=x onerror=alert('sidecar')> [x](javascript:alert('md'))\"\n"
        "people = [\"<script>alert('person')</script>\"]\n"
    )
    (src / "public.md").write_text("# Public bond fund update\n\nOur bond fund freed neighbours.\n")
    (src / "secret.md").write_text("# Board memo\n\nThe xylophonist strategy for the bond fund.\n")
    (src / "secret.meta.toml").write_text('visibility = "internal"\n')
    index = tmp_path_factory.mktemp("safety-index")
    assert build([src], index, progress=False).failed == []
    with running_streamlit(
        {"ARCHIVE_INDEX": str(index), "ARCHIVE_STAFF_PASSWORD": STAFF_PASSWORD},
        tmp_path_factory.mktemp("safety-server") / "server.log",
    ) as base:
        yield base


@pytest.fixture
def safe_page(browser: object, safety_url: str) -> Iterator[Page]:
    yield from browser_page(browser, safety_url)


def wait_idle(page: Page) -> None:
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for()


def no_script_ran(page: Page, dialogs: list[str]) -> None:
    assert dialogs == [], f"script ran: {dialogs}"
    assert page.locator('a[href^="javascript:" i]').count() == 0
    assert page.evaluate("document.querySelectorAll('[onerror],[onload],[onmouseover]').length") == 0


def test_a_hostile_document_runs_no_script(safe_page: Page) -> None:
    dialogs: list[str] = []
    safe_page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    safe_page.goto("/?q=hostile")
    wait_idle(safe_page)
    title = safe_page.locator("h2.card-title").first
    expect(title).to_contain_text("Hostile <img src=x onerror=alert('sidecar')>")
    safe_page.locator(".card-title a").first.hover()
    no_script_ran(safe_page, dialogs)
    title.locator('a[target="_self"]').click()
    wait_idle(safe_page)
    expect(safe_page.locator("h2.doc-title")).to_contain_text("[x](javascript:alert('md'))")
    expect(safe_page.locator(".passage").first).to_contain_text("<script>alert('escaped')</script>")
    safe_page.get_by_text("hover me").hover()
    no_script_ran(safe_page, dialogs)
    safe_page.goto("/browse")
    wait_idle(safe_page)
    no_script_ran(safe_page, dialogs)


def test_internal_documents_only_for_signed_in_staff(safe_page: Page) -> None:
    safe_page.goto("/?q=xylophonist")
    wait_idle(safe_page)
    expect(safe_page.get_by_text("No documents match this search")).to_be_visible()
    safe_page.goto("/?q=bond+fund")
    wait_idle(safe_page)
    expect(safe_page.locator("h2.card-title")).to_have_text(["Public bond fund update"])
    sidebar = safe_page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Staff", exact=True).click()
    sidebar.get_by_label("Staff password").fill(STAFF_PASSWORD)
    sidebar.get_by_role("button", name="Sign in").click()
    wait_idle(safe_page)
    expect(safe_page.locator("h2.card-title")).to_have_count(2)
    expect(safe_page.locator("h2.card-title", has_text="Board memo")).to_be_visible()
    expect(sidebar.get_by_text("Signed in: internal documents are included.")).to_be_visible()
    box = safe_page.get_by_role("textbox", name="Search")
    box.fill("xylophonist")
    box.press("Enter")
    expect(safe_page.locator("h2.card-title")).to_have_text(["Board memo"])
    assert re.search(r"q=xylophonist", safe_page.url)
