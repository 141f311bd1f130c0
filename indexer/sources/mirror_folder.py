"""The folder a web source or an export is mirrored into, which the build then indexes like any other.

A mirror is rewritten only where something changed, so the build counts the rest unchanged; a
document gone from its source leaves the folder (and so the index, under the build's guard against
mass removal) only when the source was read to the end: an interrupted crawl removes nothing, and
what it fetched is kept with its state (`.fetched.json`: validators, lastmod, modified dates), so
the next run resumes instead of starting over.
"""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from archive.shared.media import MEDIA_SUFFIXES
from indexer.sources.http_client import Fetched, PoliteClient, Validators

STATE_FILE = ".fetched.json"
MAX_REPORT_ROWS = 1000  # skipped or failed items listed one by one per source; the rest are counted
DOCUMENT_SUFFIXES = (".html", ".pdf", *MEDIA_SUFFIXES)  # what a mirror writes: pages, PDFs, recordings
_SAFE_SEGMENT = re.compile(r"[^A-Za-z0-9._-]+")


class ReportRows(list[tuple[str, str]]):
    """A report's (item, reason) rows, at most MAX_REPORT_ROWS kept: a sitemap of a million pages
    read with a page limit of 5 once made an 85 MB report. The rest are counted in `more`."""

    def __init__(self) -> None:
        super().__init__()
        self.more = 0

    def append(self, row: tuple[str, str]) -> None:
        if len(self) < MAX_REPORT_ROWS:
            super().append(row)
        else:
            self.more += 1

    def rows(self) -> list[dict[str, str]]:
        """As the report's JSON rows, with one row counting those not kept."""
        out = [{"item": item, "reason": reason} for item, reason in self]
        if self.more:
            out.append({"item": f"{self.more} more", "reason": f"not listed one by one (over {MAX_REPORT_ROWS})"})
        return out


@dataclass
class MirrorReport:
    """What one source gave when it was read: files written, left as they were, removed, requests
    made and what came of them, and what was not used (each with a reason)."""

    written: int = 0
    unchanged: int = 0
    removed: int = 0
    downloaded: int = 0  # documents fetched in full
    not_modified: int = 0  # conditional requests the server answered 304 Not Modified
    skipped_robots: int = 0
    requests: int = 0
    bytes_received: int = 0
    complete: bool = True  # False when the source could not be read to the end (nothing was removed)
    read_at: str = ""
    skipped: ReportRows = field(default_factory=lambda: ReportRows())  # (item or URL, reason)
    failed: ReportRows = field(default_factory=lambda: ReportRows())
    notes: list[str] = field(default_factory=list)  # what the crawl had to adjust (a capped Crawl-delay)


def document_path(url: str, fallback: str) -> str:
    """A URL's path as a relative file path without suffix: safe segments only ("..", empty and odd
    characters cannot climb out of the folder); `fallback` when there is no usable path."""
    segments = [_SAFE_SEGMENT.sub("-", unquote(s)).strip("-.") for s in urlsplit(url).path.split("/")]
    segments = [s for s in segments if s]
    if segments and segments[-1].lower().endswith((".htm", ".php", ".aspx", *DOCUMENT_SUFFIXES)):
        segments[-1] = segments[-1].rsplit(".", 1)[0]
    return "/".join(segments) or _SAFE_SEGMENT.sub("-", fallback) or "index"


def is_document(path: Path) -> bool:
    """A mirrored document (not a sidecar, the state or a partial write)."""
    return path.is_file() and path.suffix in DOCUMENT_SUFFIXES


class MirrorFolder:
    """Writes one source's documents and sidecars into `folder`, keeping what did not change."""

    def __init__(self, folder: Path, *, visibility: str = "public") -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.visibility = visibility
        self.report = MirrorReport(read_at=datetime.now(UTC).isoformat(timespec="seconds"))
        self.state: dict[str, dict[str, Any]] = _read_state(folder)
        self._wanted: set[Path] = set()

    def claim(self, relative: str, suffix: str, key: str) -> Path:
        """The file for a document at `relative` (a sibling named after `key` when another document
        of this read already took that name)."""
        path = self.folder / f"{relative}{suffix}"
        if path in self._wanted:
            path = path.with_name(f"{path.stem}-{_SAFE_SEGMENT.sub('-', key)}{suffix}")
        self._wanted.add(path)
        return path

    def release(self, path: Path) -> None:
        """`path` will not be written after all (its source failed and no earlier copy exists)."""
        self._wanted.discard(path)

    def write(self, path: Path, data: bytes) -> None:
        """Write `data` unless the file already holds it (so the build sees it unchanged)."""
        if path.is_file() and path.read_bytes() == data:
            self.report.unchanged += 1
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        _replace_atomically(path, lambda temporary: temporary.write_bytes(data))
        self.report.written += 1

    def copy(self, path: Path, source: Path) -> None:
        """`write` for a file on disk, a block at a time (a webinar's video is not read into memory)."""
        if path.is_file() and filecmp.cmp(path, source, shallow=False):
            self.report.unchanged += 1
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        _replace_atomically(path, lambda temporary: shutil.copyfile(source, temporary))
        self.report.written += 1

    def keep(self, path: Path) -> None:
        """The source says `path` has not changed since it was written: it stays as it is."""
        self._wanted.add(path)
        self.report.unchanged += 1

    def sidecar(self, document: Path, values: dict[str, str]) -> None:
        """The document's sidecar with `values` and the source's visibility (none when empty)."""
        if self.visibility != "public":
            values = {**values, "visibility": self.visibility}
        sidecar = document.with_name(document.stem + ".meta.toml")
        if not values:
            sidecar.unlink(missing_ok=True)
            return
        text = "".join(f"{key} = {json.dumps(value, ensure_ascii=False)}\n" for key, value in values.items())
        if not sidecar.is_file() or sidecar.read_text(encoding="utf-8") != text:
            sidecar.write_text(text, encoding="utf-8")

    def validators(self, key: str) -> Validators:
        """What the last fetch of `key` (a URL) said about its version, to ask "has it changed?"."""
        known = self.state.get(key, {})
        return Validators(known.get("etag", ""), known.get("last_modified", ""))

    def fetch_cached(self, client: PoliteClient, url: str, parse: Callable[[Fetched], Any]) -> Any:
        """`parse` of `url`'s answer, asked for conditionally: a 304 answer reuses the parsed copy
        kept in the state (listings and sitemaps, which a second crawl must read but need not
        download again)."""
        cached = "data" in self.state.get(url, {})
        fetched = client.get(url, self.validators(url) if cached else None)
        if fetched.not_modified and cached:
            self.report.not_modified += 1
            return self.state[url]["data"]
        data = parse(fetched)
        self.state[url] = {
            "etag": fetched.validators.etag,
            "last_modified": fetched.validators.last_modified,
            "data": data,
        }
        return data

    def save_state(self) -> None:
        """Written compactly: an indented dump goes through json's pure-Python encoder, which cost a
        large site's unchanged crawl more than its requests."""
        text = json.dumps(self.state, separators=(",", ":"), sort_keys=True)
        _replace_atomically(self.folder / STATE_FILE, lambda temporary: temporary.write_text(text, encoding="utf-8"))

    def finish(self) -> MirrorReport:
        """The source was read to the end: documents it no longer has leave the folder, and so do
        folders left empty."""
        for directory, _subfolders, files in os.walk(self.folder, topdown=False):
            here = Path(directory)
            for name in files:
                path = here / name
                if is_document(path) and path not in self._wanted:
                    path.unlink()
                    path.with_name(path.stem + ".meta.toml").unlink(missing_ok=True)
                    self.report.removed += 1
            if here != self.folder and not any(here.iterdir()):
                here.rmdir()
        self.save_state()
        return self.report

    def holds_documents(self) -> bool:
        return any(is_document(p) for p in self.folder.rglob("*"))

    def interrupted(self, source: str, reason: str) -> MirrorReport:
        """The source could not be read to the end: what was fetched stays, nothing is removed."""
        self.report.complete = False
        self.report.failed.append((source, reason))
        self.save_state()
        return self.report


def _replace_atomically(path: Path, fill: Callable[[Path], object]) -> None:
    """`path` holds what `fill` writes into a temporary file beside it, or (a full disk, say) what it
    held before and no leftover `.part`."""
    temporary = path.with_name(path.name + ".part")
    try:
        fill(temporary)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _read_state(folder: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, dict)} if isinstance(data, dict) else {}
