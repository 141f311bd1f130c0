"""In a real browser: a hostile document cannot run script, cannot make Markdown (images that
fetch from other servers, headings, links), and internal documents stay internal until staff sign in."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from indexer.build import build
from tests.app.conftest import browser_page, running_streamlit

STAFF_PASSWORD = "correct horse battery staple"
MARKDOWN_ATTACK = """Markdown attack statement about detention.

![pixel](http://tracker.example/pixel.png)

# Heading injected

Visit https://evil.example/autolink and www.evil.example today, or [click](javascript:alert('md')).

<img src="http://tracker.example/raw.png"> :red[colored] $x^2$ **bold** _em_ `code`
"""
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
    (src / "markdown-after-blank.txt").write_text(MARKDOWN_ATTACK)
    (src / "markdown-after-blank.meta.toml").write_text(
        'title = "Pixel title\\n\\n![t](http://tracker.example/title.png) # Heading from a title"\n'
        'summary = "Summary\\n\\n![s](http://tracker.example/summary.png) [s](javascript:alert(7))"\n'
        'people = ["Person\\n\\n![p](http://tracker.example/person.png)"]\n'
        'speakers = ["# Speaker heading"]\n'
    )
    (src / "![f](http:tracker.example) # file.md").write_text("# Odd name\n\nA file with a hostile name.\n")
    (src / "[broken](https:tracker.example).pdf").write_bytes(b"%PDF-1.4 broken")
    (src / "public.md").write_text("# Public bond fund update\n\nOur bond fund freed neighbours.\n")
    (src / "secret.md").write_text("# Board memo\n\nThe xylophonist strategy for the bond fund.\n")
    (src / "secret.meta.toml").write_text('visibility = "internal"\n')
    index = tmp_path_factory.mktemp("safety-index")
    assert [f.path for f in build([src], index, progress=False).failed] == [
        f"{src.name}/[broken](https:tracker.example).pdf"
    ]
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


def _only_local_requests(page: Page) -> list[str]:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    return requests


def _assert_inert(page: Page, requests: list[str]) -> None:
    external = [u for u in requests if not u.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))]
    assert external == [], f"the page made non-local requests: {external}"
    bad = page.locator(
        'img[src*="tracker"], a[href*="evil"]:not([href^="#"]):not([href^="/"]), a[href*="tracker"]:not([href^="#"]):not([href^="/"])'
    )
    assert bad.count() == 0, [bad.nth(i).evaluate("e => e.outerHTML") for i in range(bad.count())]
    headings = page.locator(":is(h1, h2, h3, h4, h5, h6):not(.card-title):not(.doc-title)", has_text="heading")
    assert headings.count() == 0, headings.all_inner_texts()
    assert page.locator("strong", has_text="bold").count() == 0 and page.locator(".katex").count() == 0


def test_markdown_in_document_strings_stays_text_on_every_page(safe_page: Page) -> None:
    requests = _only_local_requests(safe_page)
    safe_page.goto("/?q=markdown+attack")
    wait_idle(safe_page)
    card = safe_page.locator(".card").first
    expect(card).to_contain_text("Pixel title ![t](http://tracker.example/title.png) # Heading from a title")
    expect(card).to_contain_text("![pixel](http://tracker.example/pixel.png)")
    _assert_inert(safe_page, requests)
    card.locator('.card-title a[target="_self"]').click()
    wait_idle(safe_page)
    expect(safe_page.locator(".passage").first).to_contain_text("# Heading injected")
    expect(safe_page.get_by_text("Person ![p](http://tracker.example/person.png)")).to_be_visible()
    _assert_inert(safe_page, requests)
    safe_page.goto("/?q=%21%5Bq%5D%28http%3A%2F%2Ftracker.example%2Fq.png%29+detention&doc=markdown-after-blank.txt")
    wait_idle(safe_page)
    expect(safe_page.get_by_text("![q](http://tracker.example/q.png) detention", exact=False).first).to_be_visible()
    _assert_inert(safe_page, requests)
    for path in ("/?q=odd+name", "/browse", "/start-here", "/status"):
        safe_page.goto(path)
        wait_idle(safe_page)
        _assert_inert(safe_page, requests)
    expect(safe_page.get_by_text("[broken](https:tracker.example).pdf", exact=False)).to_be_visible()


def sign_in(page: Page) -> object:
    """Sign in as staff in the sidebar; returns the sidebar."""
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Staff", exact=True).click()
    sidebar.get_by_label("Staff password").fill(STAFF_PASSWORD)
    sidebar.get_by_role("button", name="Sign in").click()
    # the run after signing in has drawn the sign-out button: waiting only for an idle app could see
    # the idle state from before that run had started
    sidebar.get_by_role("button", name="Sign out").wait_for(state="attached")
    wait_idle(page)
    return sidebar


def test_internal_documents_only_for_signed_in_staff(safe_page: Page) -> None:
    safe_page.goto("/?q=xylophonist")
    wait_idle(safe_page)
    expect(safe_page.get_by_text("No documents match this search")).to_be_visible()
    safe_page.goto("/?q=bond+fund")
    wait_idle(safe_page)
    expect(safe_page.locator("h2.card-title")).to_have_text(["Public bond fund update"])
    sidebar = sign_in(safe_page)
    expect(safe_page.locator("h2.card-title")).to_have_count(2)
    expect(safe_page.locator("h2.card-title", has_text="Board memo")).to_be_visible()
    expect(sidebar.get_by_text("Signed in: internal documents are included.")).to_be_visible()
    box = safe_page.get_by_role("textbox", name="Search")
    box.fill("xylophonist")
    box.press("Enter")
    expect(safe_page.locator("h2.card-title")).to_have_text(["Board memo"])
    assert re.search(r"q=xylophonist", safe_page.url)


def staff_cookie(page: Page, seconds: float = 10.0) -> dict:
    """The signed staff cookie, once the page has set it (a component sets it after the rerun that
    signs in, so under load it can arrive a moment after the signed-in page is drawn)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [c for c in page.context.cookies() if c["name"] == "archive_staff"]
        if found:
            return found[0]
        page.wait_for_timeout(100)
    raise AssertionError(f"no archive_staff cookie after {seconds:g} s")


def no_staff_cookie(page: Page, seconds: float = 10.0) -> None:
    """Wait until signing out has removed the cookie (the page asks the server to, after the rerun)."""
    deadline = time.monotonic() + seconds
    while [c for c in page.context.cookies() if c["name"] == "archive_staff"]:
        if time.monotonic() > deadline:
            raise AssertionError(f"the archive_staff cookie was still there {seconds:g} s after signing out")
        page.wait_for_timeout(100)


def test_staff_stay_signed_in_when_they_follow_links_until_they_sign_out(safe_page: Page) -> None:
    safe_page.goto("/?q=bond+fund")
    wait_idle(safe_page)
    sidebar = sign_in(safe_page)
    expect(safe_page.locator("h2.card-title")).to_have_count(2)
    cookie = staff_cookie(safe_page)
    assert cookie["sameSite"] == "Strict" and cookie["expires"] > time.time() + 3600
    assert cookie["httpOnly"]  # set by the server's route: no script in the page can read it
    assert "archive_staff" not in safe_page.evaluate("document.cookie")
    # a link opens a new Streamlit session: the signed cookie keeps the staff member signed in
    safe_page.locator("h2.card-title", has_text="Board memo").locator('a[target="_self"]').click()
    wait_idle(safe_page)
    expect(safe_page.locator("h2.doc-title")).to_have_text("Board memo")
    expect(safe_page.get_by_text("Internal document: shown to signed-in staff only.")).to_be_visible()
    safe_page.goto("/?q=xylophonist")
    wait_idle(safe_page)
    expect(safe_page.locator("h2.card-title")).to_have_text(["Board memo"])
    sidebar.get_by_role("button", name="Sign out").click()  # the Staff box is open for staff
    # the run after signing out is drawn once the button is gone; whether the box stays open across
    # that run is the frontend's choice, so it is opened if it closed
    expect(sidebar.get_by_role("button", name="Sign out")).to_have_count(0)
    wait_idle(safe_page)
    if not sidebar.get_by_label("Staff password").is_visible():
        sidebar.get_by_text("Staff", exact=True).click()
    expect(sidebar.get_by_label("Staff password")).to_be_visible()
    no_staff_cookie(safe_page)
    safe_page.goto("/?q=xylophonist")
    wait_idle(safe_page)
    expect(safe_page.get_by_text("No documents match this search")).to_be_visible()
    assert not [c for c in safe_page.context.cookies() if c["name"] == "archive_staff"]


def test_a_forged_staff_cookie_shows_nothing_internal(safe_page: Page, safety_url: str) -> None:
    safe_page.context.add_cookies(
        [{"name": "archive_staff", "value": f"{int(time.time()) + 9999}.{'a' * 64}", "url": safety_url}]
    )
    safe_page.goto("/?q=xylophonist")
    wait_idle(safe_page)
    expect(safe_page.get_by_text("No documents match this search")).to_be_visible()


def test_a_staff_cookie_copied_before_signing_out_opens_nothing_after(
    safe_page: Page, safety_url: str, browser: object
) -> None:
    """Signing out revokes the token on the server (#27.15): it once worked for up to 8 hours."""
    safe_page.goto("/?q=bond+fund")
    wait_idle(safe_page)
    sidebar = sign_in(safe_page)
    expect(safe_page.locator("h2.card-title")).to_have_count(2)
    copied = staff_cookie(safe_page)
    sidebar.get_by_role("button", name="Sign out").click()
    expect(sidebar.get_by_role("button", name="Sign out")).to_have_count(0)
    no_staff_cookie(safe_page)
    pages = browser_page(browser, safety_url)
    thief = next(pages)
    thief.context.add_cookies([{k: copied[k] for k in ("name", "value", "domain", "path")}])
    thief.goto("/?q=xylophonist")
    wait_idle(thief)
    expect(thief.get_by_text("No documents match this search")).to_be_visible()
    next(pages, None)
