"""A page of search results as an Atom 1.0 feed (RFC 4287), for feed readers and alert services.

Every string comes from documents and is hostile until written safely: ElementTree escapes markup,
and characters XML 1.0 cannot hold (controls, lone surrogates) are dropped first, since one of them
would make the whole feed unreadable. Summaries are plain text (`type="text"`), never HTML.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from archive.plain_text import plain_snippet
from archive.results import ResultCard, SearchPage
from archive.shared import dates

ATOM = "http://www.w3.org/2005/Atom"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
SUMMARY_CHARS = 600


def xml_text(text: str) -> str:
    """`text` with the characters XML 1.0 cannot hold removed."""
    return _NOT_XML.sub("", text)


def atom_time(date: str | None, built_at: str) -> str:
    """A document's date (YYYY, YYYY-MM or YYYY-MM-DD) as an Atom timestamp, its first day at
    midnight UTC; an undated document takes the index's build time."""
    when = None
    if date:
        try:
            day = dates.start_of(date)
            when = datetime(day.year, day.month, day.day, tzinfo=UTC)
        except dates.DateError:
            when = None
    if when is None:
        try:
            when = datetime.fromisoformat(built_at).astimezone(UTC)
        except (TypeError, ValueError):
            when = datetime(1970, 1, 1, tzinfo=UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class FeedLinks:
    """The feed's addresses: itself, the same search in the app, a document's stable id (its page in
    the app) and the page a reader opens (the same, with the search's words marked)."""

    self_url: str
    search_url: str
    document_id: Callable[[str], str]
    document_page: Callable[[str], str]


def _element(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    child = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: xml_text(v) for k, v in attributes.items()})
    if text is not None:
        child.text = xml_text(text)
    return child


def _summary(result: ResultCard) -> str:
    text = " ".join(plain_snippet(result.snippet, marker="").split())
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1].rstrip() + "…"


def atom_feed(found: SearchPage, *, title: str, author: str, links: FeedLinks, built_at: str) -> bytes:
    """The feed of one page of results (newest first, as asked), UTF-8 with its XML declaration."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _element(feed, "title", title)
    _element(feed, "id", links.self_url)
    _element(feed, "link", rel="self", type="application/atom+xml", href=links.self_url)
    _element(feed, "link", rel="alternate", type="text/html", href=links.search_url)
    entries = [(r, atom_time(r.date, built_at)) for r in found.results]
    _element(feed, "updated", max((u for _, u in entries), default=atom_time(None, built_at)))
    _element(_element(feed, "author"), "name", author or "Archive Search")
    _element(feed, "generator", "Archive Search")
    for result, updated in entries:
        entry = _element(feed, "entry")
        page = links.document_page(result.doc_id)
        _element(entry, "id", links.document_id(result.doc_id))
        _element(entry, "title", result.title or result.doc_id)
        _element(entry, "updated", updated)
        _element(entry, "link", rel="alternate", type="text/html", href=page)
        if result.url:
            _element(entry, "link", rel="related", href=result.url)
        _element(entry, "summary", _summary(result), type="text")
        for term in (result.kind, *result.topics, *result.hashtags):
            _element(entry, "category", term=term)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
