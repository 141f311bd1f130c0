"""OCR results as stored beside the index: read by the build (to skip files read before) and by the
page view (to mark matched words on a scanned page). indexer/ocr.py writes them."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

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


class OcrCache:
    """OCR results per file content hash, as JSON files in a folder beside the index."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def _path(self, content_hash: str, languages: tuple[str, ...]) -> Path | None:
        if self.folder is None or not re.fullmatch(r"[0-9a-f]{64}", content_hash):
            return None
        return self.folder / f"{content_hash}.{'+'.join(languages)}.json"

    def get(self, content_hash: str, languages: tuple[str, ...]) -> dict[int, OcrPage] | None:
        path = self._path(content_hash, languages)
        if path is None or not path.is_file():
            return None
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return {int(n): OcrPage.from_json(p) for n, p in raw.items()}
        except (OSError, ValueError, KeyError, TypeError):
            return None  # a damaged cache entry is read again

    def put(self, content_hash: str, languages: tuple[str, ...], pages: dict[int, OcrPage]) -> None:
        path = self._path(content_hash, languages)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps({str(n): p.to_json() for n, p in pages.items()}), encoding="utf-8")
        temporary.replace(path)  # a reader sees the whole entry or none
