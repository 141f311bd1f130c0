"""Bytes to text for files whose encoding nobody wrote down, and plain-text/Markdown statements.

Archives hold text saved by many tools over many years: UTF-8 with or without a BOM, UTF-16 from
Windows editors, legacy cp1252 with smart quotes, and now and then GB2312 subtitles or Cyrillic
cp1251. We try the encodings that announce themselves (BOMs), then strict UTF-8; bytes that are not
UTF-8 go to charset-normalizer, and are read as cp1252 (a superset of Latin-1 for printable text,
the likeliest legacy encoding here) unless its best guess reads them differently, in which case the
guess is used and the document says so (a guess is never silent). Data that looks binary is refused
rather than guessed into text.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from archive.shared.model import Passage
from indexer.errors import ExtractionError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# C0 control characters other than tab, newline, carriage return and form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class DecodedText:
    """A file's text, and a note for the reader when its encoding had to be guessed."""

    text: str
    note: str | None = None


def _legacy(data: bytes) -> DecodedText:
    """Bytes that are not UTF-8: cp1252, unless charset-normalizer reads them as something else."""
    from charset_normalizer import from_bytes

    western = data.decode("cp1252", errors="replace")
    best = from_bytes(data).best()
    if best is None or str(best) == western:
        return DecodedText(western)
    as_western = from_bytes(data, cp_isolation=["cp1252"]).best()
    if "\ufffd" not in western and as_western is not None and as_western.chaos <= best.chaos + 0.05:
        return DecodedText(western)  # cp1252 reads as well as the guess (cp1250 and cp1252 share most letters)
    return DecodedText(
        str(best),
        f"the file does not say its encoding and is not UTF-8; it was read as {best.encoding} (detected): "
        "check that its text reads correctly, or save it as UTF-8",
    )


def decode_text(data: bytes) -> DecodedText:
    """Decode file bytes to text; raise ExtractionError for empty or binary-looking data."""
    if not data.strip():
        raise ExtractionError("empty file")
    text: str | None = None
    note: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ExtractionError(f"invalid {encoding} text: {exc.reason}") from None
            break
    if text is None:
        head = data[:4096]
        if head.count(0) > max(8, len(head) // 100):  # UTF-16 without a BOM is half NULs; stray NULs are noise
            raise ExtractionError(
                "binary data, not text: it may be another kind of file (a document or an image) with a text "
                "file's name; open it to check",
                "NUL bytes and no UTF-16 byte-order mark",
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            legacy = _legacy(data)
            text, note = legacy.text, legacy.note
    sample = text[:20_000]
    bad = len(_CONTROL.findall(sample)) + sample.count("\ufffd")
    if sample and bad / len(sample) > 0.02:
        raise ExtractionError(
            "binary data, not text: it may be another kind of file (a document or an image) with a text "
            "file's name; open it to check",
            "too many control or undecodable characters",
        )
    return DecodedText(text.replace("\r\n", "\n").replace("\r", "\n"), note)


def drop_boilerplate(lines: list[str], boilerplate: tuple[str, ...]) -> list[str]:
    """The lines that are not, as a whole, one of the profile's boilerplate lines (case and
    surrounding space ignored)."""
    drop = {b.strip().casefold() for b in boilerplate}
    return [line for line in lines if line.strip().casefold() not in drop]


def paragraphs(text: str) -> list[str]:
    """Split text into paragraphs: at blank lines, and at line breaks that end a line rather than wrap
    it. Text saved from a web page (trafilatura's, a browser's) writes one paragraph, heading or date
    per line, with no blank lines between: joining its lines lost the headline and the date line in
    one long paragraph. Text wrapped at a margin (an editor's, a PDF's) breaks sentences at lines of
    about the same length. So a line break joins two lines when the next one starts in lower case,
    when the line ends on a comma or a word no sentence ends on ("of", "the"), or, in text wrapped at
    a margin (`_wrap_width`), when the line reaches near the margin without ending a sentence and the
    next one either does the same or ends one ("…by Immigration and Customs" / "Enforcement (ICE),
    found …"); a short line (a title, a date, a name) stands alone."""
    width = _wrap_width(text)
    found: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:  # blank lines before the text, after it, or a block of spaces
            continue
        current: list[str] = []
        for line, following in zip(lines, [*lines[1:], None], strict=True):
            current.append(line)
            if following is None or not _wraps_into(line, following, width):
                found.append(" ".join(current))
                current = []
    return found


_SENTENCE_ENDS = (".", "!", "?", "\u201d", '"', ")")  # a full stop, perhaps inside a quote or a bracket
_NO_SENTENCE_ENDS_ON = frozenset(
    "a an and or but the of to in on for with by at from as that than into over under "
    "de del la el los las y o en con por para que".split()
)
_MARGIN_SHARE = 0.75  # a line this close to the widest lines reached the margin


def _wraps_into(line: str, following: str, width: int | None) -> bool:
    """Whether the line break between `line` and `following` wraps one paragraph (see paragraphs)."""
    if following[0].islower() or line.endswith((",", "-")):
        return True
    if line.rsplit(None, 1)[-1].casefold() in _NO_SENTENCE_ENDS_ON:
        return True
    if width is None or len(line) < _MARGIN_SHARE * width or line.endswith(_SENTENCE_ENDS):
        return False
    return len(following) >= _MARGIN_SHARE * width or following.endswith(_SENTENCE_ENDS)


def _wrap_width(text: str) -> int | None:
    """The margin a text is wrapped at, or None when its lines are paragraphs: the widest lines (the
    90th percentile of lengths) are at most 120 characters, and at least a third of the lines reach
    near them without ending a sentence."""
    lines = [stripped for line in text.splitlines() if (stripped := line.strip())]
    if len(lines) < 3:
        return None
    width = sorted(len(line) for line in lines)[len(lines) * 9 // 10]
    if width > 120:
        return None
    wrapped = sum(1 for line in lines if len(line) >= _MARGIN_SHARE * width and not line.endswith(_SENTENCE_ENDS))
    return width if 3 * wrapped >= len(lines) else None


def chunk_paragraphs(paras: list[str], max_words: int = 250) -> list[Passage]:
    """Group consecutive paragraphs into passages of at most about `max_words` words, so a long
    statement gives a few passages with focused snippets rather than one wall of text."""
    passages: list[Passage] = []
    current: list[str] = []
    count = 0
    for para in paras:
        words = len(para.split())
        if current and count + words > max_words:
            passages.append(Passage(text="\n\n".join(current)))
            current, count = [], 0
        current.append(para)
        count += words
    if current:
        passages.append(Passage(text="\n\n".join(current)))
    return passages


_MD_SYNTAX = re.compile(r"^\s{0,3}(#{1,6}\s+|[-*+]\s+|>\s?|\d+\.\s+)")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\((https?://[^)\s]+)[^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")


def markdown_to_text(text: str) -> tuple[str, str | None, list[str]]:
    """Strip Markdown syntax; return (text, first heading as title, link targets)."""
    links = [m.group(2) for m in _MD_LINK.finditer(text)]
    title = None
    lines = []
    for line in text.splitlines():
        heading = re.match(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        if heading and title is None:
            title = _MD_EMPHASIS.sub("", _MD_LINK.sub(r"\1", heading.group(1))).strip()
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_SYNTAX.sub("", line)
        lines.append(_MD_EMPHASIS.sub("", line))
    return "\n".join(lines), title, links
