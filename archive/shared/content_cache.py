"""Results worked out from a file (OCR's words, a recording's machine transcript) kept as JSON beside
the index, keyed by the file's content hash and the settings that made them: an unchanged file is
never read by Tesseract or Whisper twice, and another setting works it out again. One entry per
file; a reader sees a whole entry or none; a damaged entry reads as missing (worked out again)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, read a megabyte at a time: what names a file's entries here,
    what the build records as a document's `file_hash`, and what an original must still have."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class ContentCache:
    """JSON entries in `folder` (none kept when it is None), named `<sha256>.<variant>.json`."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def _path(self, content_hash: str, variant: str) -> Path | None:
        if self.folder is None or not re.fullmatch(r"[0-9a-f]{64}", content_hash):
            return None
        return self.folder / f"{content_hash}.{variant}.json"

    def read(self, content_hash: str, variant: str, decode: Callable[[Any], T]) -> T | None:
        """The entry, decoded; None when there is none or it cannot be read or decoded."""
        path = self._path(content_hash, variant)
        if path is None or not path.is_file():
            return None
        try:
            return decode(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def write(self, content_hash: str, variant: str, data: Any) -> None:
        path = self._path(content_hash, variant)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data), encoding="utf-8")
        temporary.replace(path)  # a reader sees the whole entry or none
