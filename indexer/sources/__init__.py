"""Sources beyond folders: what the build command is given is turned into folders it indexes.

A WordPress export file (`site-export.xml`) is mirrored into a folder under the index
(`<index>/sources/<export name>/`, indexer/sources/export_mirror.py), which the build then reads like
any source folder: the same extraction, enrichment, incremental update and guards. Folders pass
through unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from indexer.sources.export_mirror import MirrorReport, mirror_export
from indexer.sources.http_client import PoliteClient
from indexer.sources.wordpress_export import ExportError, read_export

__all__ = ["ExportError", "PreparedSources", "is_export", "prepare_sources"]

MIRRORS = "sources"  # the folder of mirrored sources, inside the index directory


@dataclass
class PreparedSources:
    """The folders to build, and what each non-folder source gave when it was read."""

    folders: list[Path] = field(default_factory=list)
    mirrored: dict[str, MirrorReport] = field(default_factory=dict)  # source as given -> its report


def is_export(source: Path) -> bool:
    return source.suffix.lower() == ".xml" and source.is_file()


def uploads_beside(export: Path) -> Path | None:
    """A copy of the site's uploads folder next to the export ("uploads/" or "wp-content/uploads/")."""
    for candidate in (export.parent / "uploads", export.parent / "wp-content" / "uploads"):
        if candidate.is_dir():
            return candidate
    return None


def prepare_sources(
    sources: list[Path], index_dir: Path, *, uploads: Path | None = None, client: PoliteClient | None = None
) -> PreparedSources:
    """Folders as they are; each export mirrored first (ExportError when one cannot be read)."""
    prepared = PreparedSources()
    for source in sources:
        if not is_export(source):
            prepared.folders.append(source)
            continue
        export = read_export(source)
        folder = index_dir / MIRRORS / source.stem
        prepared.mirrored[str(source)] = mirror_export(
            export, folder, uploads=uploads or uploads_beside(source), client=client
        )
        prepared.folders.append(folder)
    return prepared
