"""Reading text out of pictures of text (Tesseract, through pytesseract): scanned PDF pages and image flyers.

Advocacy flyers are often image-only PDFs, or PNG and JPEG images shared on social media: without
OCR an advocate who searches a flyer's words finds nothing. A PDF page that has a text layer keeps
it; a page without one is rendered (pypdfium2, at its scan's resolution, 150-300 dpi) and read,
after Tesseract's orientation detection has turned it upright. Each page has its own time limit,
and a file's OCR as a whole at most FILE_SECONDS: a 2,000-page scan once held a build for hours with
nothing committed. Past that, the pages read so far are indexed, the rest noted, and the next build
reads on (each page is cached as soon as it is read).
Results are cached by the file's content hash in a folder beside the index, so a rebuild (`--full`
included) never reads an unchanged file again. Without Tesseract the build still works: scanned
pages stay unread, and the build report says once how to install OCR.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive.page_view import within_budget
from archive.shared.ocr_cache import CACHE_FOLDER, DEFAULT_LANGUAGES, OCR_DPI, OcrCache, OcrPage, OcrWord
from indexer.pool import more_time

PAGE_SECONDS = 60.0  # per page
FILE_SECONDS = 1800.0  # per file, all its pages together: no page is started after this
MIN_DPI, MAX_DPI = 150, OCR_DPI  # a page is rendered at its scan's resolution, within these bounds
MAX_OCR_PIXELS = 40_000_000  # and within this many pixels: a 14,400-point page at 150 dpi is 900 MP
LOW_CONFIDENCE = 60.0  # mean word confidence (0-100) under which a page is flagged in the report


def install_hint(languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> str:
    """What the build report says when scanned pages were left unread for want of Tesseract."""
    packages = " ".join(["tesseract-ocr", *(f"tesseract-ocr-{code}" for code in languages)])
    return f"scanned pages and images were not read: install Tesseract OCR (apt-get install {packages}) and rebuild"


class OcrUnavailable(RuntimeError):
    """Tesseract (or one of the languages asked for) is not installed."""


def available(languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> bool:
    """Is Tesseract installed with these languages?"""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        return False
    # Asked of Tesseract itself (what pytesseract.get_languages runs), not through pytesseract: importing
    # it imports pandas when installed (Streamlit installs it), 77 MB in the build's main process
    # that no build uses; the workers import it only when a page is read by OCR.
    try:
        listed = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):  # a broken installation is as good as none
        return False
    installed = {line.strip() for line in listed.stdout.splitlines()[1:] if line.strip()}
    return listed.returncode == 0 and set(languages) <= installed


def _osd_rotation(image: Any) -> int:
    """The rotation Tesseract's orientation detection proposes (0 when it cannot tell)."""
    import pytesseract

    try:
        osd = pytesseract.image_to_osd(image, config="--psm 0", timeout=PAGE_SECONDS)
    except Exception:  # too little text to tell, or no orientation data installed
        return 0
    match = re.search(r"Rotate: (\d+)", osd)
    return int(match.group(1)) % 360 if match else 0


def read_image(image: Any, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> OcrPage:
    """OCR one page image: its words in reading order, their boxes and confidences. When orientation
    detection proposes a rotation, the page is read both ways and the reading with the higher mean
    word confidence is kept: the detection alone once turned an upright page upside down (it guessed
    "Thai script") and its text became garbage."""
    image = image.convert("RGB")
    rotation = _osd_rotation(image)
    as_is = _read(image, languages, 0)
    if not rotation:
        return as_is
    turned = _read(image.rotate(-rotation, expand=True), languages, rotation)
    return turned if turned.confidence > as_is.confidence else as_is


def _read(image: Any, languages: tuple[str, ...], rotated: int) -> OcrPage:
    import pytesseract

    try:
        data = pytesseract.image_to_data(
            image, lang="+".join(languages), config="--psm 3", output_type=pytesseract.Output.DICT, timeout=PAGE_SECONDS
        )
    except RuntimeError as exc:  # pytesseract's time limit
        raise TimeoutError(f"OCR of one page took longer than {PAGE_SECONDS:g} s") from exc
    words: list[OcrWord] = []
    lines: dict[tuple[int, int, int], list[str]] = {}
    for i, text in enumerate(data["text"]):
        confidence = float(data["conf"][i])
        if not text.strip() or confidence < 0:
            continue
        box = (data["left"][i], data["top"][i], data["width"][i], data["height"][i])
        words.append(OcrWord(text, box, confidence))
        lines.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(text)
    paragraphs: dict[tuple[int, int], list[str]] = {}
    for (block, par, _), line in lines.items():
        paragraphs.setdefault((block, par), []).append(" ".join(line))
    text = "\n\n".join("\n".join(p) for p in paragraphs.values())
    mean = sum(w.confidence for w in words) / len(words) if words else 0.0
    return OcrPage(text, round(mean, 1), rotated, image.width, image.height, words)


def render_pdf_page(path: Path, number: int, dpi: float = MAX_DPI) -> Any:
    """Page `number` (1-based) of a PDF as an image, at `dpi` kept within MIN_DPI..MAX_DPI."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        page = document[number - 1]
        scale = min(MAX_DPI, max(MIN_DPI, dpi)) / 72
        width, height = page.get_size()
        return page.render(scale=scale * within_budget(width * scale, height * scale, MAX_OCR_PIXELS)).to_pil()
    finally:
        document.close()


@dataclass(frozen=True)
class OcrReading:
    """What OCR read of a file's pages, and how many it left for the next build (its time was up)."""

    pages: dict[int, OcrPage] = field(default_factory=dict)
    unread: int = 0

    def note(self) -> str | None:
        """What the build report says of a file whose OCR stopped at the file's time limit."""
        if not self.unread:
            return None
        total = len(self.pages) + self.unread
        return (
            f"OCR read {len(self.pages)} of {total} scanned pages within its time limit "
            f"({FILE_SECONDS / 60:g} minutes per file); the next build reads the rest"
        )


@dataclass(frozen=True)
class OcrSettings:
    """How a build reads pictures of text: with which languages, caching where (None: OCR is off
    because Tesseract is missing, and `missing` says so)."""

    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    cache_folder: Path | None = None
    enabled: bool = True
    file_seconds: float = FILE_SECONDS

    @classmethod
    def for_build(cls, index_dir: Path | None, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> OcrSettings:
        return cls(languages, index_dir / CACHE_FOLDER if index_dir else None, available(languages), FILE_SECONDS)

    def read_pages(self, file_hash: str, pages: dict[int, Any]) -> OcrReading:
        """OCR of the given pages ({number: a function giving its image}), from the cache when the
        file was read before; each page read is cached at once, and no page but the first is
        started once the file's time is up (so every build gets further)."""
        cache = OcrCache(self.cache_folder)
        cached = cache.get(file_hash, self.languages) or {}
        started = time.monotonic()
        read_now = unread = 0
        for number, image in sorted(pages.items()):
            if number in cached:
                continue
            if read_now and time.monotonic() - started >= self.file_seconds:  # each build reads one at least
                unread += 1
                continue
            read_now += 1
            more_time(PAGE_SECONDS)  # each page has its own limit, on top of the file's
            cached[number] = read_image(image(), self.languages)
            cache.put(file_hash, self.languages, cached)
        return OcrReading({n: cached[n] for n in sorted(pages) if n in cached}, unread)
