"""The Atom feed of a search, read by a real feed parser (feedparser): valid, newest first, absolute
links to the app, stable ids, a 304 for an unchanged archive and a new tag after a rebuild; hostile
document text cannot break it."""

from __future__ import annotations

from pathlib import Path

import feedparser
import httpx

from benchmarks.api_server import running_api
from indexer.build import build
from tests.conftest import PUBLIC_URL


def _parsed(answer: httpx.Response) -> feedparser.FeedParserDict:
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(answer.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_a_search_feed_lists_the_newest_matches_with_links_into_the_app(api_url: str) -> None:
    answer = httpx.get(f"{api_url}/feeds/search.atom", params={"q": "detention", "kind": "statement"})
    feed = _parsed(answer)
    found = httpx.get(f"{api_url}/api/search", params={"q": "detention", "kind": "statement", "sort": "newest"}).json()
    assert [e.id for e in feed.entries] == [
        f"{PUBLIC_URL}/?doc={r['doc_id'].replace('/', '%2F')}" for r in found["results"]
    ]
    assert [e.title for e in feed.entries] == [r["title"] for r in found["results"]]
    updated = [e.updated for e in feed.entries]
    assert updated == sorted(updated, reverse=True) and len(updated) == found["total"] >= 2
    first = feed.entries[0]
    assert first.link.startswith(f"{PUBLIC_URL}/?q=detention&kind=statement&doc=")
    assert first.summary and "<mark>" not in first.summary and first.summary_detail.type == "text/plain"
    assert feed.feed.title == "Immigrant Justice Network: “detention”; type: statement"
    assert feed.feed.link == f"{PUBLIC_URL}/?q=detention&kind=statement"
    assert any(link.rel == "self" for link in feed.feed.links)


def test_a_feed_reader_s_conditional_request_is_a_304_until_the_archive_changes(
    tmp_path: Path, sample_index: Path
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.md").write_text("# Courthouse arrests\n\nICE arrests at courthouses.\n", encoding="utf-8")
    index = tmp_path / "index"
    build([source], index, progress=False)
    with running_api(index, "--rate-limit", "0") as base:
        url = f"{base}/feeds/search.atom?q=courthouse"
        first = httpx.get(url)
        assert len(_parsed(first).entries) == 1
        tag = first.headers["etag"]
        again = httpx.get(url, headers={"If-None-Match": tag})
        assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
        (source / "b.md").write_text("# More courthouse arrests\n\nA new statement.\n", encoding="utf-8")
        build([source], index, progress=False)
        after = httpx.get(url, headers={"If-None-Match": tag})
        assert after.status_code == 200 and after.headers["etag"] != tag
        assert len(_parsed(after).entries) == 2


def test_hostile_document_text_cannot_break_the_feed(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    hostile = "Bond </title><script>alert(1)</script> &amp; ]]>"
    (source / "h.md").write_text(f"# {hostile}\n\nBond fund {hostile} text.\n", encoding="utf-8")
    # characters XML 1.0 cannot hold, in the title a sidecar gives (a text file holding them is refused as binary)
    (source / "h.meta.toml").write_text('title = "Bond \\u0001\\u000b\\uFFFE fund </title>"\n', encoding="utf-8")
    index = tmp_path / "index"
    build([source], index, progress=False)
    with running_api(index, "--rate-limit", "0", "--public-url", PUBLIC_URL) as base:
        feed = _parsed(httpx.get(f"{base}/feeds/search.atom", params={"q": "bond"}))
    (entry,) = feed.entries
    assert entry.title == "Bond  fund </title>"  # escaped text; the characters XML cannot hold are dropped
    assert "alert(1)" in entry.summary and [link.href[: len(PUBLIC_URL)] for link in entry.links] == [PUBLIC_URL]
