"""Where a passage stands, as the terminal, feeds and the app's links say it."""

from __future__ import annotations

from archive.plain_text import passage_label, plain_snippet
from archive.results import PassageHit
from archive.shared.model import Passage


def test_passage_labels() -> None:
    assert passage_label(Passage("", page=3)) == "p. 3"
    assert (
        passage_label(PassageHit(None, 754.2, 800.0, "Panelist 1", "", None, "/?doc=w&at=754", 3, 9))
        == "▶ 12:34 · Panelist 1"
    )
    assert passage_label(Passage("", start=3725)) == "▶ 1:02:05"
    # a statement's passages say where they stand in it
    assert passage_label(Passage(""), 2, 3) == "Part 2 of 3"
    assert passage_label(Passage(""), 1, 1) == "Full text"
    assert passage_label(Passage("")) == "Excerpt"


def test_a_snippet_without_its_html() -> None:
    snippet = "Free &lt;them&gt; <mark>all</mark> now"
    assert plain_snippet(snippet) == "Free <them> **all** now"
    assert plain_snippet(snippet, "") == "Free <them> all now"
