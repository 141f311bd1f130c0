"""Site furniture learned from the archive itself: a line that heads many pages of one site is the
site's, not any page's title.

Real sites put the same banner, skip link, donation appeal or section heading over every page, and
the same `<title>` or `<h1>` on many; in a folder of saved pages or text files that line is often
the first thing a title rule sees. No list of phrases can know every site's furniture, but the
archive shows it: a line found at the head of MIN_PAGES or more files of one site (one source)
identifies none of them. Before extraction, the head of each web page and text file to be
read is scanned cheaply (lxml, the first bytes only); the lines shared that way are refused as
titles during extraction (indexer/titles.py). What was learned is kept with the build, so a page
added later is judged against the furniture its site's earlier pages showed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

import lxml.html
from lxml import etree

from indexer.titles import words_only

MIN_PAGES = 3  # a title names one document; a line over three pages of a site names none of them
HEAD_LINES = 12  # as many lines as a title rule reads (indexer/titles.HEADLINE_LINES)
HEAD_BYTES = 128 * 1024  # a page's head: its <title>, headings and first lines are in its first bytes
_BLOCKS = frozenset("p h1 h2 h3 h4 h5 h6 li td th dt dd div section header blockquote figcaption a span strong".split())
_NEVER_TEXT = ("script", "style", "noscript", "template", "svg")


def _html_head_lines(data: bytes) -> list[str]:
    try:
        root = lxml.html.fromstring(data)
    except (etree.ParserError, ValueError):
        return []
    etree.strip_elements(root, *_NEVER_TEXT, with_tail=False)
    found = [" ".join(t.text_content().split()) for t in root.iter("title", "h1", "h2")]
    body = root.find("body")
    for element in (body if body is not None else root).iter():
        if len(found) >= 2 * HEAD_LINES:
            break
        if not isinstance(element.tag, str) or element.tag not in _BLOCKS:
            continue
        if any(isinstance(child.tag, str) and child.tag in _BLOCKS for child in element):
            text = element.text or ""  # a container: only the text written directly in it
        else:
            text = element.text_content()
        if text := " ".join(text.split()):
            found.append(text)
    return found


def _text_head_lines(data: bytes) -> list[str]:
    text = data.decode("utf-8", errors="replace")
    return [line.strip() for line in text.splitlines() if line.strip()][:HEAD_LINES]


def head_lines(path: Path) -> list[str]:
    """The lines a title could be taken from: a web page's <title>, headings and first text blocks,
    a text file's first lines (an unreadable file has none: extraction reports it)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(HEAD_BYTES)
    except OSError:
        return []
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        return _html_head_lines(data) if data.strip() else []
    if suffix in (".txt", ".md"):
        return _text_head_lines(data)
    return []


def site_of(source_path: str) -> str:
    """The site a file belongs to: its source ("root-name/relative/path": a mirrored website, an
    export and a folder of saved pages each keep one site's pages together)."""
    return PurePosixPath(source_path).parts[0] if source_path else ""


def learn_furniture(pages: Iterable[tuple[str, list[str]]]) -> frozenset[str]:
    """The line keys that head MIN_PAGES or more pages of one site. `pages`: (site, head lines)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for site, lines in pages:
        counts[site].update({key for line in lines if (key := words_only(line))})
    return frozenset(key for per_site in counts.values() for key, n in per_site.items() if n >= MIN_PAGES)
