"""A source's line of the build report (`sources` in `build --json`, and the Index status page)."""

from __future__ import annotations

from typing import Any

from indexer.sources import SourceRead


def source_row(read: SourceRead) -> dict[str, Any]:
    """What one export or website gave this build: the `sources` row of docs/reference.md."""
    report = read.report
    return {
        "source": read.entry.location,
        "type": read.entry.type,
        "method": read.method,
        "visibility": read.entry.visibility,
        "folder": str(read.folder),
        "read_at": report.read_at,
        "complete": report.complete,
        "downloaded": report.downloaded,
        "not_modified": report.not_modified,
        "written": report.written,
        "unchanged": report.unchanged,
        "removed": report.removed,
        "skipped_robots": report.skipped_robots,
        "requests": report.requests,
        "bytes": report.bytes_received,
        "skipped": report.skipped.rows(),
        "failed": report.failed.rows(),
        "notes": list(report.notes),
    }
