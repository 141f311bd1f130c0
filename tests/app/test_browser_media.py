"""In Chromium: a webinar plays from the passage's minute, and the copy button copies a plain citation."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.app.conftest import browser_page, running_streamlit
from tests.app.test_browser import wait_idle


@pytest.fixture(scope="module")
def recording_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on an index of one transcript whose recording is on YouTube."""
    from indexer.build import build

    src = tmp_path_factory.mktemp("media-src")
    (src / "talk.vtt").write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:20.000\n<v Host>Welcome to the know your rights training.</v>\n\n"
        "00:01:10.000 --> 00:01:30.000\n<v Host>Bond funds free people from detention.</v>\n",
        encoding="utf-8",
    )
    (src / "talk.meta.toml").write_text('recording_url = "https://www.youtube.com/watch?v=abcdefghijk"\n')
    index = tmp_path_factory.mktemp("media-index")
    assert build([src], index, progress=False).failed == []
    with running_streamlit({"ARCHIVE_INDEX": str(index)}, tmp_path_factory.mktemp("media") / "server.log") as base:
        yield base


@pytest.fixture
def media_page(browser: object, recording_url: str) -> Iterator[Page]:
    yield from browser_page(browser, recording_url)


def test_a_transcript_passage_opens_the_recording_at_its_minute(media_page: Page) -> None:
    page = media_page
    page.goto("/?q=bond+funds")
    wait_idle(page)
    page.get_by_role("link", name="▶ 1:10 · Host").first.click()
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"doc=talk\.vtt.*at=70|at=70.*doc=talk\.vtt"))
    player = page.locator('iframe[src*="youtube.com/embed/abcdefghijk"]')
    expect(player).to_have_count(1)
    assert "start=70" in (player.get_attribute("src") or "")
    spoken = page.locator(".passage.current").first
    expect(spoken).to_contain_text("Bond funds free people from detention")
    expect(spoken).to_be_in_viewport()


def test_the_copy_button_copies_the_plain_citation(page: Page, streamlit_url: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=streamlit_url)
    page.goto("/?doc=statements%2Fflatten-the-curve-free-them-all.html&cite=mla")
    wait_idle(page)
    code = page.locator('[data-testid="stCode"]').first
    expect(code).to_contain_text("Immigrant Justice Network")
    code.hover()
    code.get_by_role("button").first.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == code.inner_text().strip()
    # MLA: a work whose author is its publisher starts with its title; the address without https://
    assert copied.startswith("“To #FlattenTheCurve, We Must #FreeThemAll.” Immigrant Justice Network, Mar. 2020,")
    assert "*" not in copied and "<" not in copied
    assert "immigrantjusticenetwork.org/to-flattenthecurve-we-must-freethemall/" in copied


def test_the_sample_recording_plays_from_the_minute_its_words_are_heard(page: Page) -> None:
    """The bundled recording (synthetic speech, no transcript): a hit on words heard at build time
    opens its page with the archive's own file playing from that second in Chromium's player."""
    page.goto("/?q=rapid+response&kind=webinar")
    wait_idle(page)
    page.get_by_role("link", name=re.compile(r"^▶ 0:3\d$")).first.click()
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"doc=webinars%2Fflyer-read-aloud-synthetic-speech\.opus.*at=3\d"))
    start = int(re.search(r"at=(\d+)", page.url).group(1))  # type: ignore[union-attr]
    expect(page.locator("audio")).to_have_count(1)
    # Chromium has read the served Ogg Opus file (its length is known) and placed the player at the second
    page.wait_for_function(
        "start => { const a = document.querySelector('audio');"
        " return a && a.readyState >= 1 && a.duration > 60 && Math.abs(a.currentTime - start) < 1 }",
        arg=start,
        timeout=15_000,
    )
    expect(page.locator(".passage.current").first).to_contain_text("rapid response")
