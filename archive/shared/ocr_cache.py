"""OCR results as stored beside the index: read by the build (to skip files read before) and by the
page view (to mark matched words on a scanned page). indexer/ocr.py writes them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from archive.shared.content_cache import ContentCache

OCR_DPI = 300  # the resolution pages are read at; word boxes are in its pixels
CACHE_FOLDER = "ocr-cache"  # inside the index folder
DEFAULT_LANGUAGES = ("eng", "spa")
_ISO_TO_TESSERACT = {
    "en": "eng",
    "es": "spa",
    "fr": "fra",
    "pt": "por",
    "ht": "hat",
    "de": "deu",
    "it": "ita",
    "zh": "chi_sim",
    "vi": "vie",
    "ko": "kor",
    "ar": "ara",
    "ru": "rus",
    "tl": "tgl",
    "ja": "jpn",
}


def tesseract_languages(profile_languages: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Tesseract's codes for the profile's languages (ISO 639-1 or Tesseract's own), or the default."""
    wanted = tuple(_ISO_TO_TESSERACT.get(code, code) for code in profile_languages) or DEFAULT_LANGUAGES
    return tuple(dict.fromkeys(wanted))


@dataclass
class OcrWord:
    text: str
    box: tuple[int, int, int, int]  # left, top, width, height, in pixels of the page image
    confidence: float


@dataclass
class OcrPage:
    """What OCR read on one page."""

    text: str
    confidence: float  # mean word confidence, 0-100 (0 for a page with no words)
    rotated: int = 0  # degrees the page was turned before reading
    width: int = 0
    height: int = 0
    words: list[OcrWord] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OcrPage:
        words = [OcrWord(w["text"], tuple(w["box"]), w["confidence"]) for w in data.get("words", [])]
        return cls(
            data["text"], data["confidence"], data.get("rotated", 0), data.get("width", 0), data.get("height", 0), words
        )


class OcrCache(ContentCache):
    """OCR results per file content hash and OCR languages, beside the index."""

    def get(self, content_hash: str, languages: tuple[str, ...]) -> dict[int, OcrPage] | None:
        return self.read(content_hash, "+".join(languages), _pages)

    def put(self, content_hash: str, languages: tuple[str, ...], pages: dict[int, OcrPage]) -> None:
        self.write(content_hash, "+".join(languages), {str(n): p.to_json() for n, p in pages.items()})


def _pages(raw: dict[str, Any]) -> dict[int, OcrPage]:
    return {int(n): OcrPage.from_json(p) for n, p in raw.items()}
