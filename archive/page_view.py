"""One page of a PDF (or an image flyer) as a picture, with the words a search matched marked on it.

An advocate who searched lands on the page itself, not on a wall of extracted text: the page is
rendered from the original file (pypdfium2), and each matched word gets a yellow box, from the
PDF's own character boxes where the page has a text layer, or from the OCR's word boxes where its
text was read from the image (archive/shared/ocr_cache.py). Rendered pages are kept in memory, so paging
back and forth does not render again.

A page is drawn within a pixel budget decided from its page box before anything is rendered (a PDF
page may be 14,400 points square: at the view's scale that one request took 7.4 GB), and one page
is drawn at a time per process, so visitors cannot multiply that budget by asking together. An
image flyer too large to decode within a bounded memory is refused with a reason.
"""

from __future__ import annotations

import functools
import io
import math
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from archive.results import ShownPassage
from archive.shared.ocr_cache import OCR_DPI, OcrCache, OcrPage

if TYPE_CHECKING:  # Pillow is imported where a page is drawn, not when the module loads
    from PIL import Image

VIEW_SCALE = 1.5  # 108 dpi: a letter page is 918 px wide, legible on a laptop and a phone
HIGHLIGHT = (255, 221, 0, 110)  # translucent yellow over the page
# At most this many pixels are drawn for one page: 8 MP is a letter page at 260 dpi, far more than a
# screen shows, and about 160 MB at the peak of drawing and marking it.
MAX_VIEW_PIXELS = 8_000_000
# An image with more pixels than this is not decoded for the view (its decoded bitmap alone would be
# gigabytes); a JPEG is first decoded at a reduced size, which costs little.
MAX_DECODED_PIXELS = 64_000_000
_ONE_AT_A_TIME = threading.Lock()


class PageTooLargeError(ValueError):
    """A page that cannot be drawn within the view's memory budget."""


@dataclass(frozen=True)
class PageView:
    """What the page view shows: the page's picture (None without the original file), its passage
    (text as inert HTML, label, link; None for a page without text) and the document's page count."""

    page: int
    page_count: int
    image: PageImage | None
    passage: ShownPassage | None
    url: str | None = None


@dataclass(frozen=True)
class PageImage:
    """A rendered page: PNG bytes, and how many of the matched words were marked on it."""

    png: bytes
    marked: int


def page_count(path: Path) -> int:
    """How many pages the file has (an image: its frames)."""
    if path.suffix.lower() == ".pdf":
        import pypdfium2

        document = pypdfium2.PdfDocument(str(path))
        try:
            return len(document)
        finally:
            document.close()
    from PIL import Image

    with Image.open(path) as image:
        return getattr(image, "n_frames", 1)


def within_budget(width: float, height: float, budget: float) -> float:
    """1, or the factor that brings a `width` × `height` picture within `budget` pixels (a little
    under it: renderers round the sides up to whole pixels). The page view and OCR both use it."""
    area = max(width, 1.0) * max(height, 1.0)
    return 1.0 if area <= budget else math.sqrt(budget / area) * 0.995


def view_scale(width_points: float, height_points: float) -> float:
    """VIEW_SCALE, or less so that the rendered page holds at most MAX_VIEW_PIXELS."""
    return VIEW_SCALE * within_budget(width_points * VIEW_SCALE, height_points * VIEW_SCALE, MAX_VIEW_PIXELS)


def _pdf_page(path: Path, number: int, words: tuple[str, ...]) -> tuple[Image.Image, list[tuple[float, ...]]]:
    """The page rendered at its view scale, and the pixel boxes of `words` in its text layer."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        page = document[number - 1]
        width, height = page.get_size()
        scale = view_scale(width, height)
        image = page.render(scale=scale).to_pil()
        text = page.get_textpage()
        boxes: list[tuple[float, ...]] = []
        for word in words:
            searcher = text.search(word, match_case=False, match_whole_word=True)
            while occurrence := searcher.get_next():
                for i in range(text.count_rects(*occurrence)):
                    left, bottom, right, top = text.get_rect(i)
                    boxes.append((left * scale, (height - top) * scale, right * scale, (height - bottom) * scale))
        return image, boxes
    finally:
        document.close()


def _ocr_boxes(page: OcrPage | None, words: tuple[str, ...], scale: float) -> list[tuple[float, ...]]:
    """Pixel boxes of `words` among an OCR'd page's words (boxes of an upright page only)."""
    if page is None or page.rotated:
        return []
    wanted = {w.casefold() for w in words}
    return [
        (x * scale, y * scale, (x + w) * scale, (y + h) * scale)
        for word in page.words
        if word.text.strip(".,;:!?()\"'“”’").casefold() in wanted
        for x, y, w, h in [word.box]
    ]


@functools.lru_cache(maxsize=64)
def render_page(
    path: Path, number: int, words: tuple[str, ...], ocr_folder: Path | None, file_hash: str, languages: tuple[str, ...]
) -> PageImage:
    """Page `number` of the file at `path` with `words` marked (cached: same page, same words).
    Raises PageTooLargeError for an image too large to draw within the budget."""
    with _ONE_AT_A_TIME:
        return _render(path, number, words, ocr_folder, file_hash, languages)


def _image_page(path: Path, number: int) -> tuple[Image.Image, float]:
    """Frame `number` of an image file within the pixel budget, and the factor it was shrunk by."""
    from PIL import Image

    try:
        opened = Image.open(path)
    except Image.DecompressionBombError as exc:
        raise PageTooLargeError(f"this image is too large to show here ({exc}); download the original") from exc
    with opened as source:
        source.seek(number - 1)
        width, height = source.size
        if width * height > MAX_VIEW_PIXELS:
            source.draft("RGB", _budget_size(width, height))  # JPEG: decoded at a reduced size
        if source.size[0] * source.size[1] > MAX_DECODED_PIXELS:
            raise PageTooLargeError(
                f"this image is too large to show here ({width:,} × {height:,} pixels); download the original"
            )
        image = source.convert("RGB")
    if image.width * image.height > MAX_VIEW_PIXELS:
        image = image.resize(_budget_size(image.width, image.height))
    return image, image.width / width


def _budget_size(width: int, height: int) -> tuple[int, int]:
    shrink = within_budget(width, height, MAX_VIEW_PIXELS)
    return max(1, int(width * shrink)), max(1, int(height * shrink))


def _render(
    path: Path, number: int, words: tuple[str, ...], ocr_folder: Path | None, file_hash: str, languages: tuple[str, ...]
) -> PageImage:
    from PIL import Image, ImageDraw

    ocr = (OcrCache(ocr_folder).get(file_hash, languages) or {}).get(number) if ocr_folder else None
    if path.suffix.lower() == ".pdf":
        image, boxes = _pdf_page(path, number, words)
        if not boxes and ocr is not None:  # no text layer: the words OCR read there, scaled to this picture
            boxes = _ocr_boxes(ocr, words, image.width / ocr.width if ocr.width else VIEW_SCALE * 72 / OCR_DPI)
    else:
        image, shrink = _image_page(path, number)
        boxes = _ocr_boxes(ocr, words, shrink)
    image = image.convert("RGBA")
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for box in boxes:
        draw.rectangle(box, fill=HIGHLIGHT)
    out = io.BytesIO()
    Image.alpha_composite(image, overlay).convert("RGB").save(out, format="PNG", optimize=False)
    return PageImage(out.getvalue(), len(boxes))
