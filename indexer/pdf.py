"""PDFs (flyers, fact sheets, toolkits) to one passage per page, with links and metadata (pypdf).

PDF text comes out as positioned lines, not paragraphs: words are hyphenated at line ends and a
two-column flyer's lines are interleaved if read strictly top to bottom. We read each page in
content order by column (text fragments are grouped by the column they start in), undo line-end
hyphenation, and join lines into paragraphs, so snippets read like sentences.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, LimitReachedError, PyPdfError
from pypdf.generic import IndirectObject

from archive.shared import dates
from archive.shared.content_cache import file_digest
from archive.shared.model import Passage
from indexer.errors import ExtractionError
from indexer.ocr import LOW_CONFIDENCE, OcrReading, OcrSettings, render_pdf_page
from indexer.titles import TitleCandidate, choose_title

SCANNED_NOTE = "no extractable text (scanned?)"
OCR_FOUND_NOTHING_NOTE = "its pages are pictures, and OCR found no text on them"
UNREAD_PAGES_NOTE = "some pages are images without text and were not read (OCR is not installed)"
NO_CONTENT_NOTE = "the PDF has no text and no images: its pages are empty or drawn as shapes"

# What to tell the archivist, by what is wrong with the file (the library's words go to `detail`).
NOT_A_PDF = (
    "the file is not a PDF (it does not start like one): it may be another kind of file named .pdf, "
    "or an error page saved from a website; open it to check"
)
ENDS_EARLY = (
    "the PDF is damaged: it ends early (an incomplete download or copy); download it or export it again "
    "from the program that made it"
)
DAMAGED = (
    "the PDF is damaged and cannot be read: open it in a PDF reader and save it again (or print it to a new "
    "PDF), then rebuild"
)
PASSWORD = "the PDF has a password: save a copy without the password (or remove it), then rebuild"
UNSUPPORTED_ENCRYPTION = (
    "the PDF is encrypted in a way Archive Search cannot read: save an unencrypted copy, then rebuild"
)
BOMB = (
    "the PDF expands to far more than its size when read (a decompression bomb, or a very unusual file); "
    "if it is genuine, split it into smaller files"
)
PDF_FIRST_YEAR = 1993  # PDF 1.0; an earlier creation date is a placeholder
_HYPHENATED = re.compile(r"(\w+)-\n(\w+)")
_WORDS = re.compile(r"\w+(?:-\w+)*")
_SENTENCE_END = (".", "!", "?", ":", "”", '"', ")")


@dataclass
class PdfExtract:
    passages: list[Passage]
    title: str | None = None
    title_source: str = ""  # "pdf-metadata" or "pdf-largest-line" (indexer/titles.py)
    author: str | None = None
    date: str | None = None
    links: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    text_source: str = "text"  # "text" (the text layer), "ocr" (read from the page images) or "text+ocr"
    ocr_confidence: float | None = None  # mean word confidence of the OCR'd pages, 0-100
    incomplete: bool = False  # OCR stopped at the file's time limit: the next build reads on


def ocr_note(page: int, confidence: float) -> str:
    return f"page {page} was read by OCR with low confidence ({confidence:.0f}%): check its text against the original"


def apply_ocr(found: PdfExtract, reading: OcrReading) -> None:
    """Add what OCR read on the pages without a text layer, in page order, and say where text came from."""
    pages = reading.pages
    if note := reading.note():
        found.notes.append(note)
        found.incomplete = True
    for number, page in pages.items():
        if page.text.strip():
            found.passages.append(Passage(text=join_lines(page.text), page=number))
        if page.words and page.confidence < LOW_CONFIDENCE:
            found.notes.append(ocr_note(number, page.confidence))
    found.passages.sort(key=lambda p: p.page or 0)
    if pages:
        had_text = len(found.passages) > sum(1 for p in pages.values() if p.text.strip())
        found.text_source = "text+ocr" if had_text else "ocr"
        found.ocr_confidence = round(sum(p.confidence for p in pages.values()) / len(pages), 1)


def _resolve(obj: object) -> object:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def vocabulary(texts: list[str]) -> frozenset[str]:
    """The words a document writes whole (lowercased, hyphenated compounds as written): what a
    word split at a line end is checked against."""
    return frozenset(w.lower() for text in texts for w in _WORDS.findall(text.replace("-\n", " ")))


def _unhyphenate(match: re.Match[str], known: frozenset[str]) -> str:
    """ "immi-\ngration" -> "immigration" when the document writes "immigration" elsewhere (or, with
    no such evidence, when the second part is lower-case); "anti-\nimmigrant" -> "anti-immigrant"
    when it writes the compound with its hyphen."""
    first, second = match.group(1), match.group(2)
    joined, compound = f"{first}{second}", f"{first}-{second}"
    if joined.lower() in known:
        return joined
    if compound.lower() in known or not second.islower():
        return compound
    return joined


def join_lines(text: str, known: frozenset[str] = frozenset()) -> str:
    """Undo line-end hyphenation and join wrapped lines into paragraphs. `known`: the document's
    words (vocabulary()), which decide whether a word split at a line end had a hyphen of its own.

    Blank lines always separate paragraphs. A line break is also kept as a paragraph break when the
    line is clearly shorter than the page's usual line and ends a sentence, which is how headings
    and the last lines of paragraphs look."""
    text = text.replace("\r\n", "\n").replace("\u00ad\n", "")
    text = _HYPHENATED.sub(lambda m: _unhyphenate(m, known), text)
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [re.sub(r"[ \t]+", " ", line).strip() for line in block.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        usual = sorted(len(line) for line in lines)[len(lines) * 3 // 4]
        current: list[str] = []
        for line in lines:
            current.append(line)
            if line.endswith(_SENTENCE_END) and len(line) < 0.7 * usual:
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def _page_links(page: object) -> list[str]:
    links: list[str] = []
    annots = _resolve(page.get("/Annots")) or []  # type: ignore[attr-defined]
    for ref in annots if isinstance(annots, list) else []:
        annot = _resolve(ref)
        if not isinstance(annot, dict) or annot.get("/Subtype") != "/Link":
            continue
        action = _resolve(annot.get("/A"))
        uri = _resolve(action.get("/URI")) if isinstance(action, dict) else None
        if isinstance(uri, (str, bytes)):
            value = uri.decode("latin-1") if isinstance(uri, bytes) else str(uri)
            if value.startswith(("http://", "https://", "mailto:")):
                links.append(value)
    return links


@dataclass
class _Fragment:
    x: float
    y: float
    size: float
    text: str


def _lines_to_text(fragments: list[_Fragment]) -> str:
    """Fragments of one column, top to bottom, as lines; a blank line where the vertical gap is
    clearly larger than the usual line spacing or the font size changes (a new paragraph or heading)."""
    lines: list[list[_Fragment]] = []
    for frag in sorted(fragments, key=lambda f: (-round(f.y, 0), f.x)):
        if lines and abs(lines[-1][0].y - frag.y) < 1.5:
            lines[-1].append(frag)
        else:
            lines.append([frag])
    gaps = sorted(a[0].y - b[0].y for a, b in itertools.pairwise(lines) if a[0].y > b[0].y)
    usual = gaps[len(gaps) // 2] if gaps else 0.0
    out: list[str] = []
    for i, line in enumerate(lines):
        if i:
            gap = lines[i - 1][0].y - line[0].y
            if gap > usual * 1.45 or abs(lines[i - 1][0].size - line[0].size) > 1.0:
                out.append("")
        out.append(" ".join(f.text.strip() for f in line))
    return "\n".join(out)


def largest_line(fragments: list[_Fragment]) -> str | None:
    """The line set in the largest type (the topmost of equals): a flyer's or report's title when
    its metadata has none worth using. Lines of one or two characters are not candidates."""
    by_line: dict[tuple[int, float], list[_Fragment]] = {}
    for frag in fragments:
        by_line.setdefault((round(frag.y), frag.size), []).append(frag)
    lines = [
        (size, y, " ".join(f.text.strip() for f in sorted(frags, key=lambda f: f.x)))
        for (y, size), frags in by_line.items()
    ]
    lines = [line for line in lines if len(line[2]) > 2]
    if not lines:
        return None
    size, _, text = max(lines, key=lambda line: (round(line[0], 1), line[1]))
    return text if size > min(line[0] for line in lines) else None  # one size throughout: no title line


def _page_text(page: object) -> tuple[str, list[_Fragment]]:
    """A page's text in reading order with paragraph breaks.

    pypdf reports each text fragment with its position and size. When the fragments are whole
    lines (as most generated PDFs write them), we lay them out ourselves: a page with a clear gutter
    in the middle is read left column, then right column, and paragraphs break at large gaps and
    size changes. Otherwise (fragments of single words or glyphs) pypdf's own text is used."""
    fragments: list[_Fragment] = []

    def visit(text: str, cm: list, tm: list, font_dict: object, font_size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = (tm[2] ** 2 + tm[3] ** 2) ** 0.5 or 1.0
            for n, part in enumerate(p for p in text.split("\n") if p.strip()):
                fragments.append(_Fragment(x, y - n * font_size * scale * 1.2, font_size * scale, part))

    plain = page.extract_text(visitor_text=visit) or ""  # type: ignore[attr-defined]
    lengths = sorted(len(f.text.strip()) for f in fragments)
    if not fragments or lengths[len(lengths) // 2] < 12:
        return plain, fragments
    width = float(page.mediabox.width)  # type: ignore[attr-defined]
    left = [f for f in fragments if f.x < width * 0.45]
    right = [f for f in fragments if f.x >= width * 0.5]
    straddling = any(width * 0.45 <= f.x < width * 0.5 for f in fragments)
    if len(left) >= 3 and len(right) >= 3 and not straddling:
        # Full-width lines (headings, footers) start in the left half but run past the gutter; they
        # stay with the left column, which is read first.
        return _lines_to_text(left) + "\n\n" + _lines_to_text(right), fragments
    return _lines_to_text(fragments), fragments


def _check_contents(page: object) -> None:
    """Decode a text-less page's content streams, raising what pypdf's text extraction swallows:
    a stream over pypdf's decompression limit (a decompression bomb) must be reported as such, not
    mistaken for a scanned page. Pages with text never pay for this second decoding."""
    contents = _resolve(page.get("/Contents"))  # type: ignore[attr-defined]
    for stream in contents if isinstance(contents, list) else [contents]:
        stream = _resolve(stream)
        if hasattr(stream, "get_data"):
            try:
                stream.get_data()
            except LimitReachedError:
                raise ExtractionError(BOMB, "a compressed stream expands past pypdf's decompression limit") from None


def _scan_dpi(page: object) -> float | None:
    """The resolution of the largest image the page draws (its pixels across the page's width), or
    None when it draws none: a scan is read at the resolution it was scanned at, as OCRmyPDF does
    (rendering a 150 dpi scan at 300 dpi was slower and read fewer words, benchmarks/ocr.py)."""
    resources = _resolve(page.get("/Resources")) or {}  # type: ignore[attr-defined]
    xobjects = _resolve(resources.get("/XObject")) if hasattr(resources, "get") else None
    if not hasattr(xobjects, "values"):
        return None
    widths = [
        float(image.get("/Width") or 0)
        for image in (_resolve(x) for x in xobjects.values())
        if hasattr(image, "get") and image.get("/Subtype") == "/Image"
    ]
    if not widths:
        return None
    inches = float(page.mediabox.width) / 72 or 1.0  # type: ignore[attr-defined]
    return max(widths) / inches


def _damage(path: Path) -> str:
    """Which kind of damage a PDF that failed to open has, from its first and last bytes."""
    with path.open("rb") as handle:
        head = handle.read(1024)
        handle.seek(max(0, path.stat().st_size - 2048))
        tail = handle.read()
    if b"%PDF-" not in head:
        return NOT_A_PDF
    if b"%%EOF" not in tail:
        return ENDS_EARLY
    return DAMAGED


def extract_pdf(path: Path, ocr: OcrSettings | None = None, file_hash: str = "") -> PdfExtract:
    """Read a PDF page by page; raise ExtractionError for password-protected or broken files. Pages
    of images without a text layer are read by OCR when `ocr` is enabled (its cache keyed by
    `file_hash`, the file's SHA-256, computed here when not given)."""
    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise ExtractionError(PASSWORD, "encrypted with a user password")
            except FileNotDecryptedError:
                raise ExtractionError(PASSWORD, "encrypted with a user password") from None
            except (NotImplementedError, ImportError) as exc:
                raise ExtractionError(UNSUPPORTED_ENCRYPTION, f"{type(exc).__name__}: {exc}") from None
        pages = reader.pages
        passages: list[Passage] = []
        links: list[str] = []
        scans: dict[int, float] = {}  # pages of images without a text layer -> their scan resolution
        title_line = None
        raw_pages: list[tuple[int, str]] = []
        for number, page in enumerate(pages, start=1):
            raw, fragments = _page_text(page)
            raw_pages.append((number, raw))
            if number == 1:
                title_line = largest_line(fragments)
            links.extend(_page_links(page))
            if not raw.strip():
                _check_contents(page)
                dpi = _scan_dpi(page)
                if dpi is not None:
                    scans[number] = dpi
        known = vocabulary([raw for _, raw in raw_pages])
        for number, raw in raw_pages:
            if text := join_lines(raw, known) if raw.strip() else "":
                passages.append(Passage(text=text, page=number))
        meta: Mapping[str, Any] = reader.metadata or {}
    except ExtractionError:
        raise
    except FileNotDecryptedError:
        raise ExtractionError(PASSWORD, "encrypted with a user password") from None
    except MemoryError:
        raise ExtractionError(BOMB, "MemoryError while reading") from None
    except (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        OSError,
        IndexError,
        RecursionError,
        AssertionError,
        ZeroDivisionError,
    ) as exc:
        raise ExtractionError(_damage(path), f"{type(exc).__name__}: {exc}") from None

    title = choose_title(
        [TitleCandidate(str(meta.get("/Title") or ""), "pdf-metadata"), TitleCandidate(title_line, "pdf-largest-line")],
        refused=(path.stem, path.name),
    )
    author = str(meta.get("/Author") or "").strip() or None
    created = None
    raw_date = str(meta.get("/CreationDate") or "")
    if match := re.match(r"D:(\d{4})(\d{2})?(\d{2})?", raw_date):
        try:
            created = dates.normalize("-".join(p for p in match.groups() if p))
        except dates.DateError:
            created = None
        if created and int(created[:4]) < PDF_FIRST_YEAR:
            created = None  # a writer's placeholder (the Unix epoch), not a real date
    found = PdfExtract(
        passages=passages,
        title=title.text if title else None,
        title_source=title.source if title else "",
        author=author,
        date=created,
        links=list(dict.fromkeys(links)),
    )
    if scans and ocr is not None and ocr.enabled:
        renderers = {n: partial(render_pdf_page, path, n, dpi) for n, dpi in scans.items()}
        apply_ocr(found, ocr.read_pages(file_hash or file_digest(path), renderers))
    if not found.passages:
        read = scans and ocr is not None and ocr.enabled
        found.notes.insert(0, OCR_FOUND_NOTHING_NOTE if read else SCANNED_NOTE if scans else NO_CONTENT_NOTE)
    elif scans and not (ocr is not None and ocr.enabled):
        found.notes.append(UNREAD_PAGES_NOTE)
    return found
