"""A page's main text: trafilatura first, the project's own density extractor when trafilatura misses.

Measured on the article-extraction benchmark (181 real news and blog pages, benchmarks/
extraction_quality.py, which reports each candidate and the combination in one run with a
cross-validated figure): trafilatura with `favor_precision` scores F1 0.959 at about 17 ms a page,
the project's own extractor (indexer/html.py, readability-style density scoring) 0.933 at 88 ms.
Trafilatura's failures are different in kind: on a few pages it returns almost nothing (unusual
markup it does not recognise as an article), where the density extractor still finds the text.
So trafilatura reads every page, and only when it returns less than FALLBACK_BELOW_CHARS are the
fallbacks run: trafilatura favouring recall, kept only when it finds a text of that length (on a few
pages precision mode keeps nothing but a date line; on a short page recall mode adds the menu), then
the density extractor; each is kept only when it finds more. The threshold and `favor_precision` were
chosen by cross-validation (settings picked on one half of the pages, scored on the other).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

FAVOR_PRECISION = True
FALLBACK_BELOW_CHARS = 500
_BLOCK_TAGS = frozenset({"p", "head", "item", "quote", "cell", "code"})


@dataclass
class MainText:
    """The main text as blocks (paragraphs, headings, list items), the links inside it, and which
    extractor found it ("trafilatura" or "density")."""

    blocks: list[str]
    links: list[str] = field(default_factory=list)
    source: str = "trafilatura"

    @property
    def chars(self) -> int:
        return sum(len(b) for b in self.blocks)


def _block_text(element: object) -> str:
    """An element's text with <lb/> as a line break (a contact block's lines stay lines)."""
    parts: list[str] = []

    def visit(node: object) -> None:
        if node.text:  # type: ignore[attr-defined]
            parts.append(node.text)  # type: ignore[attr-defined]
        for child in node:  # type: ignore[attr-defined]
            if child.tag == "lb":
                parts.append("\n")
            else:
                visit(child)
            if child.tail:
                parts.append(child.tail)

    visit(element)
    return "".join(parts)


def trafilatura_text(html: str | bytes, *, favor_precision: bool = FAVOR_PRECISION) -> MainText:
    """Trafilatura's main text of a page as blocks, and the links in it (empty when it finds none)."""
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(
        html, output_format="xml", include_links=True, include_comments=False, favor_precision=favor_precision
    )
    if not xml:
        return MainText([])
    root = etree.fromstring(xml.encode("utf-8"), parser=etree.XMLParser(resolve_entities=False, no_network=True))
    main = root.find("main")
    if main is None:
        return MainText([])
    blocks: list[str] = []
    for element in main.iter():
        if element.tag in _BLOCK_TAGS and not any(d.tag in _BLOCK_TAGS for d in element.iterdescendants()):
            lines = [" ".join(line.split()) for line in _block_text(element).split("\n")]
            blocks.extend(line for line in lines if line)
    links = [str(ref.get("target")) for ref in main.iter("ref") if ref.get("target")]
    return MainText(blocks, links)


def needs_fallback(found: MainText, below: int = FALLBACK_BELOW_CHARS) -> bool:
    """Whether trafilatura found too little to trust it missed nothing."""
    return found.chars < below


def long_enough(found: MainText, below: int = FALLBACK_BELOW_CHARS) -> MainText:
    """`found` when it is long enough to trust as a page's main text, else nothing: trafilatura
    favouring recall, on a short page, finds the article plus its menu and footer lines."""
    return MainText([], source=found.source) if needs_fallback(found, below) else found


def longest_main_text(
    found: MainText, *fallbacks: Callable[[], MainText], below: int = FALLBACK_BELOW_CHARS
) -> MainText:
    """`found`, or while what is kept is shorter than `below`, each fallback in turn, kept where it
    finds more."""
    for fallback in fallbacks:
        if not needs_fallback(found, below):
            break
        candidate = fallback()
        if candidate.chars > found.chars:
            found = candidate
    return found
