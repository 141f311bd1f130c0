"""One page of a PDF (or an image flyer) as a picture, with the words a search matched marked on it.

An advocate who searched lands on the page itself, not on a wall of extracted text: the page is
rendered from the original file (pypdfium2), and each matched word gets a yellow box, from the
PDF's own character boxes where the page has a text layer, or from the OCR's word boxes where its
text was read from the image (archive/ocr_cache.py). Rendered pages are kept in memory, so paging
back and forth does not render again.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path

from archive.ocr_cache import OCR_DPI, OcrCache, OcrPage
from archive.results import ShownPassage

VIEW_SCALE = 1.5  # 108 dpi: a letter page is 918 px wide, legible on a laptop and a phone
HIGHLIGHT = (255, 221, 0, 110)  # translucent yellow over the page


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


def _pdf_page(path: Path, number: int, words: tuple[str, ...]) -> tuple[object, list[tuple[float, ...]]]:
    """The page rendered at VIEW_SCALE, and the pixel boxes of `words` in its text layer."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        page = document[number - 1]
        image = page.render(scale=VIEW_SCALE).to_pil()
        _, height = page.get_size()
        text = page.get_textpage()
        boxes = []
        for word in words:
            searcher = text.search(word, match_case=False, match_whole_word=True)
            while occurrence := searcher.get_next():
                for i in range(text.count_rects(*occurrence)):
                    left, bottom, right, top = text.get_rect(i)
                    boxes.append(
                        (
                            left * VIEW_SCALE,
                            (height - top) * VIEW_SCALE,
                            right * VIEW_SCALE,
                            (height - bottom) * VIEW_SCALE,
                        )
                    )
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
    """Page `number` of the file at `path` with `words` marked (cached: same page, same words)."""
    from PIL import Image, ImageDraw

    ocr = (OcrCache(ocr_folder).get(file_hash, languages) or {}).get(number) if ocr_folder else None
    if path.suffix.lower() == ".pdf":
        image, boxes = _pdf_page(path, number, words)
        if not boxes and ocr is not None:  # no text layer: the words OCR read there, scaled to this picture
            boxes = _ocr_boxes(ocr, words, image.width / ocr.width if ocr.width else VIEW_SCALE * 72 / OCR_DPI)
    else:
        with Image.open(path) as source:
            source.seek(number - 1)
            image = source.convert("RGB")
        boxes = _ocr_boxes(ocr, words, 1.0)
    image = image.convert("RGBA")
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for box in boxes:
        draw.rectangle(box, fill=HIGHLIGHT)
    out = io.BytesIO()
    Image.alpha_composite(image, overlay).convert("RGB").save(out, format="PNG", optimize=False)
    return PageImage(out.getvalue(), len(boxes))
