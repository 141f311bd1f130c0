"""Document records for tests of the read side that need no index (citations, exports)."""

from __future__ import annotations

from typing import Any

from archive.catalog import DocumentRecord


def record(**stored: Any) -> DocumentRecord:
    """A record as the index would hold it, with an id and path when the test does not care."""
    return DocumentRecord.from_stored({"doc_id": "doc.html", "source_path": "archive/doc.html", **stored})
