"""Site furniture learned from the archive itself: a line that heads many pages of one site is the
site's, not any page's title.

Real sites put the same banner, skip link, donation appeal or section heading over every page, and
the same `<title>` or `<h1>` on many; in a folder of saved pages or text files that line is often
the first thing a title rule sees. No list of phrases can know every site's furniture, but the
archive shows it: a line found at the head of MIN_PAGES or more files of one site (one source)
identifies none of them. Unless it is about each of them: a folder of pages saved from many sites
(or one site's pages on one subject) can hold several headed "Immigration Consequences of Criminal
Convictions", each page then speaking of immigration, consequences, crimes and convictions; a banner,
a skip link or a section's name is not what the text under it speaks of. So a shared line whose
every content word recurs in the other head lines of most pages it heads is a headline they share,
and stays furniture only where it heads half the site's pages or more (a banner over every page).

Before extraction, the head of each web page and text file to be read is scanned cheaply (lxml,
the first bytes only); the lines shared that way are refused as titles during extraction
(indexer/titles.py). What was learned is kept with the build, so a page
added later is judged against the furniture its site's earlier pages showed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

import lxml.html
from lxml import etree

from archive.shared.words import ENGLISH_STOP_WORDS
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
    """The line keys that head MIN_PAGES or more pages of one site and are not a headline those pages
    share (see the module's docstring). `pages`: (site, head lines)."""
    heading: dict[str, Counter[str]] = defaultdict(Counter)  # site -> line key -> pages it heads
    about: dict[str, Counter[str]] = defaultdict(Counter)  # ... -> pages whose other lines speak of it
    pages_read: Counter[str] = Counter()
    for site, lines in pages:
        keys = {key for line in lines if (key := words_only(line))}
        if not keys:
            continue
        pages_read[site] += 1
        heading[site].update(keys)
        about[site].update(key for key in keys if _is_about_its_page(key, keys))
    return frozenset(
        key
        for site, per_site in heading.items()
        for key, n in per_site.items()
        if n >= MIN_PAGES and (2 * n >= pages_read[site] or 2 * about[site][key] <= n)
    )


def _is_about_its_page(key: str, keys: set[str]) -> bool:
    """Whether every content word (two or more) of a head line recurs in the page's other head lines,
    those that do not hold the line itself (a <title> "Headline | Site" repeats its banner)."""
    content = {word for word in key.split() if len(word) > 3 and word not in ENGLISH_STOP_WORDS}
    if len(content) < 2:
        return False
    elsewhere = {word for other in keys if f" {key} " not in f" {other} " for word in other.split()}
    return content <= elsewhere
