"""What a build tells its operator, and the part of it the public may see.

Every row names a file inside the source (`root-name/relative/path`) and says whether the file is
internal. The operator (`indexer build`) sees every row; the public index stores only the rows of
public files, so the status page of an archive with internal documents is the same as that of the
archive without them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from indexer.sources import is_web_address


@dataclass(frozen=True)
class Failure:
    """A file that could not be indexed: `error` says what to do, `detail` what the library said."""

    path: str
    error: str
    detail: str = ""
    internal: bool = False


@dataclass(frozen=True)
class Skipped:
    """A file that is not the archive's to index (an unsupported type, a listing page)."""

    path: str
    reason: str
    internal: bool = False


@dataclass(frozen=True)
class Caveat:
    """A file that was indexed with a caveat (a PDF without a text layer)."""

    path: str
    note: str
    internal: bool = False


@dataclass(frozen=True)
class Duplicate:
    """A file with the same bytes as one already indexed: indexed once, under `duplicate_of`."""

    path: str
    duplicate_of: str
    internal: bool = False


Row = Failure | Skipped | Caveat | Duplicate


def row_dict(row: Row) -> dict[str, str]:
    """A row as the report's JSON has it: its fields in order, without the `internal` mark."""
    return {f.name: getattr(row, f.name) for f in fields(row) if f.name != "internal"}


def _rows(rows: list[Any], public_only: bool) -> list[dict[str, str]]:
    return [row_dict(r) for r in sorted(rows, key=lambda r: r.path) if not (public_only and r.internal)]


@dataclass
class BuildReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    failed: list[Failure] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Caveat] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # about the whole build (OCR is not installed)
    documents: int = 0
    passages: int = 0
    seconds: float = 0.0

    def file_rows(self, *, public_only: bool) -> dict[str, list[dict[str, str]]]:
        """The per-file lists, all of them or only those about public files."""
        return {
            "failed": _rows(self.failed, public_only),
            "skipped": _rows(self.skipped, public_only),
            "warnings": _rows(self.warnings, public_only),
            "duplicates": _rows(self.duplicates, public_only),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            **self.file_rows(public_only=False),
            "notices": self.notices,
            "documents": self.documents,
            "passages": self.passages,
            "seconds": round(self.seconds, 3),
        }


def public_source_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sources' rows as the public may see them: none for an internal source; what was skipped
    as a count only (a skipped item can be a draft, whose title is not published)."""
    return [
        {
            **row,
            "skipped": len(row["skipped"]),
            # no server path in public: an export by its file name, a mirror by its folder's name
            "source": row["source"] if is_web_address(row["source"]) else Path(row["source"]).name,
            "folder": Path(row["folder"]).name,
        }
        for row in rows
        if row["visibility"] == "public"
    ]
