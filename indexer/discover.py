"""Find the files to index under one or more source folders, and say why any others are left out.

A document's id is its path relative to its source folder, so it stays the same however the folder
is reached (a relative path today, an absolute one in a cron job tomorrow), and bookmarks survive.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from indexer.extract import SUPPORTED_SUFFIXES, SourceFile
from indexer.sidecar import SIDECAR_SUFFIX

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
IGNORED_NAMES = frozenset({"archive.toml", "README.md", "README.txt", "LICENSE", ".DS_Store", "Thumbs.db"})


@dataclass
class Discovery:
    files: list[SourceFile] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): not ours to index
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): ours, but unreadable


def _walk(root: Path) -> list[Path]:
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")) and d != "__pycache__")
        found.extend(Path(dirpath) / name for name in sorted(filenames) if not name.startswith("."))
    return found


def discover(roots: list[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> Discovery:
    """All indexable files under `roots`, with skipped and failed files listed with reasons."""
    result = Discovery()
    prefix_with_root = len(roots) > 1
    for root in roots:
        if not root.is_dir():
            result.failed.append((str(root), "source folder not found"))
            continue
        for path in _walk(root):
            rel = path.relative_to(root).as_posix()
            # Named from the source folder down ("corpus/statements/x.html"), however the folder was
            # given, so the index does not depend on the machine or the working directory.
            shown = f"{root.resolve().name}/{rel}"
            if path.name in IGNORED_NAMES or path.name.endswith(SIDECAR_SUFFIX):
                continue
            if path.is_symlink() and not path.exists():
                result.failed.append((shown, "broken symbolic link"))
                continue
            if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
                result.failed.append((shown, "symbolic link points outside the source folder"))
                continue
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                result.skipped.append((shown, f"unsupported file type {path.suffix.lower() or '(none)'}"))
                continue
            try:
                size = path.stat().st_size
            except OSError as exc:
                result.failed.append((shown, f"unreadable file: {exc.strerror or exc}"))
                continue
            if size > max_bytes:
                result.failed.append((shown, f"file too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.1f} MB cap)"))
                continue
            if not os.access(path, os.R_OK):
                result.failed.append((shown, "unreadable file: permission denied"))
                continue
            doc_id = f"{root.name}/{rel}" if prefix_with_root else rel
            result.files.append(SourceFile(path=path, doc_id=doc_id, source_path=shown))
    return result
