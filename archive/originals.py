"""A document's original file, for download: only the very file that was indexed.

The file is looked up inside the source folders of the last build (symbolic links followed, and the
result must stay inside a source folder, so a crafted id or a link planted later leads nowhere) and
served only while its bytes still have the hash the build recorded: a file replaced after indexing
would otherwise be handed out under the indexed document's title, visibility and citation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from archive.catalog import DocumentRecord
from archive.shared.content_cache import file_digest


@dataclass(frozen=True)
class Original:
    """Where a document's original is, if it can be served; `changed` when the file is there but is
    no longer the file that was indexed."""

    path: Path | None
    changed: bool = False


_DIGESTS: dict[tuple[str, int, int], str] = {}  # (path, size, mtime_ns) -> digest: pages are opened often


def _cached_digest(path: Path) -> str:
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _DIGESTS:
        if len(_DIGESTS) > 10_000:
            _DIGESTS.clear()
        _DIGESTS[key] = file_digest(path)
    return _DIGESTS[key]


def locate_original(record: DocumentRecord, roots: Iterable[str]) -> Original:
    """The original of the document `record` (its source_path is "root-name/relative/path")."""
    first, _, rest = record.source_path.partition("/")
    for root in (Path(r) for r in roots):
        if root.name != first or not rest:
            continue
        candidate = (root / rest).resolve()
        if not (candidate.is_relative_to(root.resolve()) and candidate.is_file()):
            continue
        expected = record.file_hash
        try:
            if expected and _cached_digest(candidate) != expected:
                return Original(None, changed=True)
        except OSError:
            return Original(None)
        return Original(candidate)
    return Original(None)
