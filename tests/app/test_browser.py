"""End to end: real Chromium against `streamlit run app.py` on the sample index."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.app.conftest import SCREENSHOTS
from tests.cli_helpers import ROOT


def wait_idle(page: Page) -> None:
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for()


def laid_out(page: Page, condition: str, what: str, element: Locator | None = None) -> None:
    """Wait until the layout holds `condition` (JavaScript; `el` is `element` when given): the app's
    style sheet arrives with the page's elements, so a measure taken the moment the script finished
    can see the page before it applies. Fails with `what` after 15 s."""
    handle = element.element_handle() if element is not None else None
    try:
        page.wait_for_function(f"el => {condition}", arg=handle, timeout=15_000)
    except PlaywrightTimeoutError:
        raise AssertionError(what) from None


def card_titles(page: Page):
    return page.locator("h2.card-title")


def test_search_in_a_real_browser(page: Page) -> None:
    external: list[str] = []
    page.on(
        "request",
        lambda r: (
            None
            if r.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))
            else external.append(r.url)
        ),
    )
    page.goto("/")
    wait_idle(page)
    expect(page.get_by_role("heading", name="Archive Search")).to_be_visible()
    expect(card_titles(page)).to_have_count(7)
    box = page.get_by_role("textbox", name="Search")
    box.fill("#FreeThemAll")
    box.press("Enter")
    expect(card_titles(page)).to_have_text(["To #FlattenTheCurve, We Must #FreeThemAll"])
    wait_idle(page)
    assert parse_qs(urlparse(page.url).query) == {"q": ["#FreeThemAll"]}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "search.png"), full_page=True)
    assert external == [], f"the page made non-local requests: {external}"


def test_shared_url_and_passage_labels(page: Page) -> None:
    page.goto("/?q=bond+funds+commissary&kind=webinar")
    wait_idle(page)
    expect(page.get_by_role("textbox", name="Search")).to_have_value("bond funds commissary")
    expect(card_titles(page)).to_have_count(1)
    expect(page.locator(".passages .where").first).to_have_text(re.compile(r"▶ 2:18 · Panelist 1"))


def test_facet_chip_click_filters(page: Page) -> None:
    page.goto("/?q=detention")
    wait_idle(page)
    page.locator("a.chip-tag", has_text="#FreeThemAll").first.click()
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"hashtag=%23FreeThemAll"))
    expect(card_titles(page)).to_have_text(["To #FlattenTheCurve, We Must #FreeThemAll"])


def test_document_page_citation_and_back(page: Page) -> None:
    page.goto("/?q=pipeline")
    wait_idle(page)
    page.get_by_role("link", name=re.compile("^How does ending criminalization")).click()
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"doc=pdfs%2Fending-criminalization-stops-deportations.pdf"))
    # the document's own heading (the results page's card may still be on screen while it is replaced)
    expect(page.locator("h2.doc-title")).to_have_text(re.compile("^How does ending criminalization"))
    expect(page.locator(".passage mark").first).to_have_text(re.compile("pipeline", re.I))
    citation = page.locator('[data-testid="stCode"]').first
    expect(citation).to_contain_text("Immigrant Justice Network. (2020). How does ending criminalization")
    expect(page.locator("p.citation i").first).to_have_text(re.compile("^How does ending criminalization"))
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the original (PDF)").click()
    assert download.value.suggested_filename == "ending-criminalization-stops-deportations.pdf"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "document.png"), full_page=True)
    page.go_back()
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"\?q=pipeline$"))
    expect(page.get_by_role("textbox", name="Search")).to_have_value("pipeline")


def test_export_download_holds_every_result_and_equals_the_command_line(page: Page, sample_index: Path) -> None:
    page.goto("/?kind=statement")
    wait_idle(page)
    for label, fmt, extension in (
        ("CSV", "csv", "csv"),
        ("JSON", "json", "json"),
        ("BibTeX", "bibtex", "bib"),
        ("RIS", "ris", "ris"),
    ):
        with page.expect_download() as download:
            page.get_by_role("button", name=label, exact=True).click()
        assert download.value.suggested_filename == f"archive-search-results.{extension}"
        downloaded = Path(download.value.path()).read_bytes()
        cli = subprocess.run(
            [
                sys.executable,
                "-m",
                "archive",
                "export",
                "--kind",
                "statement",
                "--format",
                fmt,
                "--index",
                str(sample_index),
            ],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        assert downloaded == cli.stdout, fmt
        if fmt == "csv":
            rows = downloaded.decode().strip().splitlines()
            assert rows[0].startswith("doc_id,kind,title") and len(rows) == 5


def test_browse_start_here_and_phone_width(page: Page) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto("/browse")
    wait_idle(page)
    expect(page.get_by_role("heading", name="Browse the archive")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "browse.png"), full_page=True)
    page.goto("/start-here")
    wait_idle(page)
    expect(page.get_by_role("heading", name="Topics and reading paths")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "start-here.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/?q=detention")
    wait_idle(page)
    expect(page.locator("h2.card-title").first).to_be_visible()
    laid_out(page, "document.documentElement.scrollWidth <= 375 + 1", "the page is wider than the phone")


def test_a_pdf_passage_opens_its_page_as_a_picture_with_the_words_marked(page: Page) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto("/?q=sheriffs+contracts")
    wait_idle(page)
    page.locator(".card", has_text="How does ending criminalization").locator(".where a", has_text="p. 2").click()
    wait_idle(page)
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    picture = page.get_by_test_id("stImage").locator("img")
    expect(picture).to_be_visible()
    assert picture.evaluate("img => img.naturalWidth") > 800
    expect(page.get_by_text("matched word", exact=False).first).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "page-view.png"), full_page=True)
    page.get_by_role("link", name="← Previous page").click()
    wait_idle(page)
    expect(page.get_by_text("Page 1 of 2")).to_be_visible()


def test_the_apps_own_links_stay_in_the_session_and_back_returns(page: Page) -> None:
    """A result's link opens the document without loading the app anew (a rerun in the same
    session, as fast as a search), at the top of the page; Back returns to the results."""
    page.goto("/?q=detention")
    wait_idle(page)
    # the links are ordinary links until the page's script has set them up (a click before that
    # loads the page anew, as a link does), which can come after the script run ends
    page.wait_for_function("window.archiveInSessionLinks === true")
    page.evaluate("window.sameDocument = true")  # gone if the browser loads a new page
    page.locator("main").evaluate("main => main.scrollTo(0, 400)")
    card_titles(page).first.locator('a[target="_self"]').click()
    wait_idle(page)
    expect(page.get_by_role("link", name="← Back to results")).to_be_in_viewport()
    expect(page).to_have_url(re.compile(r"\?q=detention&doc="))
    assert page.evaluate("window.sameDocument === true")
    page.go_back()
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"\?q=detention$"))
    expect(card_titles(page).first).to_be_visible()
    assert page.evaluate("window.sameDocument === true")


def test_a_chosen_filter_value_is_shown_whole(page: Page) -> None:
    page.goto("/?topic=The+administration+and+executive+action")
    wait_idle(page)
    tag = page.locator('[data-testid="stSidebar"] [data-tag] > span[title]').first
    expect(tag).to_have_text("The administration and executive action (1)")
    laid_out(page, "el.scrollWidth <= el.clientWidth + 1", "the chosen topic is cut", tag)


def _choose_in_sidebar(page: Page, label: str, option: str) -> None:
    """Pick `option` in the sidebar multiselect labelled `label` (a widget: no page load)."""
    select = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text=label)
    select.locator("input").click()
    page.get_by_role("option", name=re.compile(f"^{re.escape(option)}")).click()
    page.keyboard.press("Escape")
    wait_idle(page)


def test_back_and_forward_restore_each_search_state(page: Page) -> None:
    """Type a query, add two filters in the sidebar: Back twice returns to the query alone (its
    results and the box's text too), Forward twice to both filters."""
    page.goto("/")
    wait_idle(page)
    box = page.get_by_role("textbox", name="Search")
    box.fill("detention")
    box.press("Enter")
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"\?q=detention$"))
    alone = card_titles(page).count()
    _choose_in_sidebar(page, "Type", "PDF")
    expect(page).to_have_url(re.compile(r"q=detention&kind=pdf$"))
    _choose_in_sidebar(page, "Type", "Webinar")
    expect(page).to_have_url(re.compile(r"kind=pdf&kind=webinar$"))
    expect(card_titles(page)).to_have_count(3)  # the flyer, the demo webinar and the flyer read aloud
    both = page.url
    page.go_back()
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"q=detention&kind=pdf$"))
    expect(card_titles(page)).to_have_count(1)
    page.go_back()
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"\?q=detention$"))
    expect(box).to_have_value("detention")
    expect(card_titles(page)).to_have_count(alone)
    page.go_forward()
    wait_idle(page)
    page.go_forward()
    wait_idle(page)
    expect(page).to_have_url(both)
    expect(card_titles(page)).to_have_count(3)


def test_phone_width_reads_without_sideways_scrolling(page: Page) -> None:
    """At 390 px (a phone), result titles are at reading size and nothing scrolls sideways."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/?q=detention")
    wait_idle(page)
    title = card_titles(page).first
    expect(title).to_be_visible()
    laid_out(page, "parseFloat(getComputedStyle(el).fontSize) <= 20", "result titles are over 20px on a phone", title)
    laid_out(page, "document.scrollingElement.scrollWidth - window.innerWidth <= 1", "the page scrolls sideways")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    expect(page.get_by_role("textbox", name="Search")).to_have_value("detention")
    # the phone's first screen: a full-page capture resizes the window, and Streamlit redraws its
    # widgets as placeholders while it lays them out again
    page.screenshot(path=str(SCREENSHOTS / "search-phone.png"))
    page.goto("/?doc=pdfs/ending-criminalization-stops-deportations.pdf&page=1")
    wait_idle(page)
    heading = page.locator("h2.doc-title")
    laid_out(page, "parseFloat(getComputedStyle(el).fontSize) <= 24", "a document title is over 24px", heading)
    laid_out(page, "document.scrollingElement.scrollWidth - window.innerWidth <= 1", "the page view scrolls sideways")
    page.screenshot(path=str(SCREENSHOTS / "page-view-phone.png"))
    page.goto("/browse")
    wait_idle(page)
    page.get_by_text("Each bar counts").wait_for()
    page.get_by_test_id("stVegaLiteChart").evaluate("chart => chart.scrollIntoView()")
    page.screenshot(path=str(SCREENSHOTS / "browse-phone.png"))
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto("/?q=detention")
    wait_idle(page)
    laid_out(
        page,
        "parseFloat(getComputedStyle(el).fontSize) <= 20",
        "result titles are over 20px on a desktop",
        card_titles(page).first,
    )
    page.screenshot(path=str(SCREENSHOTS / "search-desktop.png"), full_page=True)
