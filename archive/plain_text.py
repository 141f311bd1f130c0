"""Results as plain text, for the terminal (`python -m archive search`), feeds and the app's links:
where a passage stands in its document, and a snippet without its HTML."""

from __future__ import annotations

import re
from html import unescape
from typing import Protocol

from archive.shared.timecode import format_timestamp


class Located(Protocol):
    """Where a passage is: a page, or a start time and speaker (Passage and PassageHit both say)."""

    @property
    def page(self) -> int | None: ...
    @property
    def start(self) -> float | None: ...
    @property
    def speaker(self) -> str | None: ...


def passage_label(passage: Located, part: int | None = None, parts: int | None = None) -> str:
    """'p. 3' for a PDF page, '▶ 12:34 · Panelist 1' for a transcript window, else where the
    passage stands in its document: 'Part 2 of 3', or 'Full text' when it is the only one."""
    if passage.page:
        return f"p. {passage.page}"
    if passage.start is not None:
        speaker = f" · {passage.speaker}" if passage.speaker else ""
        return f"▶ {format_timestamp(passage.start)}{speaker}"
    if parts == 1:
        return "Full text"
    return f"Part {part} of {parts}" if part and parts else "Excerpt"


def plain_snippet(snippet: str, marker: str = "**") -> str:
    """A snippet's HTML (text escaped, matches in <mark>) as plain text, each match between
    `marker`s: `**bold**` for a terminal, nothing for a feed's plain-text summary."""
    return unescape(re.sub(r"</?mark>", marker, snippet))
