"""Find the files to index under one or more source folders, and say why any others are left out.

A document's id is its path relative to its source folder, so it stays the same however the folder
is reached (a relative path today, an absolute one in a cron job tomorrow), and bookmarks survive.
The first source's ids are its paths alone, so adding a source later renames nothing; the other
sources' ids start with the source's label (its folder's name, with its parents' names when two
sources share a name), so ids are unique across sources.

A source folder that is missing or unreadable is not "a folder with no files": it is an operator's
mistake (a typo, an unmounted disk), and `SourceRootError` stops the build before the index is
touched, since indexing nothing would remove every document.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from archive.shared.media import MEDIA_SIZE_FACTOR, TRANSCRIPT_SUFFIXES, is_media, recording_key
from indexer.extract import SUPPORTED_SUFFIXES, SourceFile
from indexer.report import Failure, Skipped
from indexer.sidecar import SIDECAR_SUFFIX, is_internal_file

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
IGNORED_NAMES = frozenset({"archive.toml", "README.md", "README.txt", "LICENSE", ".DS_Store", "Thumbs.db"})


class SourceRootError(RuntimeError):
    """A source folder that does not exist or cannot be read; the message names it."""


@dataclass
class Discovery:
    files: list[SourceFile] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # not ours to index
    failed: list[Failure] = field(default_factory=list)  # ours, but unreadable
    files_by_root: dict[str, int] = field(default_factory=dict)  # root label -> files found (good or bad)
    labels: dict[Path, str] = field(default_factory=dict)  # each root as given -> its label


def check_roots(roots: list[Path]) -> None:
    """Refuse source folders that are missing or unreadable, naming the first such folder."""
    for root in roots:
        if not root.exists():
            raise SourceRootError(f"the source folder {root} does not exist (a typo, or a disk that is not mounted?)")
        if not root.is_dir():
            raise SourceRootError(f"the source {root} is not a folder")
        try:
            next(os.scandir(root), None)
        except OSError as exc:
            raise SourceRootError(f"the source folder {root} cannot be read: {exc.strerror or exc}") from None


def _walk(root: Path) -> list[Path]:
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")) and d != "__pycache__")
        found.extend(Path(dirpath) / name for name in sorted(filenames) if not name.startswith("."))
    return found


def root_labels(roots: list[Path]) -> dict[Path, str]:
    """The name each source folder is known by in ids, paths and reports: its own name however it is
    reached, or, when two sources share a name, with as many parent names as make it unique
    ("a-notes", "b-notes"); a folder given twice is one source."""
    resolved = list(dict.fromkeys(r.resolve() for r in roots))
    depth = dict.fromkeys(resolved, 1)
    while True:
        labels = {r: "-".join(r.parts[max(1, len(r.parts) - depth[r]) :]) or r.name for r in resolved}
        seen: dict[str, list[Path]] = {}
        for folder, label in labels.items():
            seen.setdefault(label, []).append(folder)
        clashes = [f for group in seen.values() if len(group) > 1 for f in group if depth[f] < len(f.parts)]
        if not clashes:
            break
        for folder in clashes:
            depth[folder] += 1
    return {root: labels[root.resolve()] for root in roots}


def discover(
    roots: list[Path],
    max_bytes: int = DEFAULT_MAX_BYTES,
    internal_folders: tuple[str, ...] = (),
    internal_roots: frozenset[Path] = frozenset(),
) -> Discovery:
    """All indexable files under `roots`, with skipped and failed files listed with reasons. Every
    file of a root in `internal_roots` (a source the profile marks internal) is internal, whatever
    its sidecar says. Call check_roots first: a root that is not a readable folder is skipped here."""
    result = Discovery()
    labels = result.labels = root_labels(roots)
    primary = roots[0].resolve() if roots else None
    ids: set[str] = set()
    for root in dict.fromkeys(roots):
        if not root.is_dir() or (root != roots[0] and root.resolve() == primary):
            continue
        label = labels[root]
        result.files_by_root[label] = 0
        for path in _walk(root):
            rel = path.relative_to(root).as_posix()
            # Named from the source folder down ("corpus/statements/x.html"), however the folder was
            # given, so the index does not depend on the machine or the working directory.
            shown = f"{label}/{rel}"
            if path.name in IGNORED_NAMES or path.name.endswith(SIDECAR_SUFFIX):
                continue
            result.files_by_root[label] += 1

            root_internal = root in internal_roots

            def internal(rel: str = rel, path: Path = path, root: Path = root, whole: bool = root_internal) -> bool:
                return is_internal_file(path, rel, root, internal_folders, whole_source_internal=whole)

            if path.is_symlink() and not path.exists():
                result.failed.append(Failure(shown, "broken symbolic link", internal=internal()))
                continue
            if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
                result.failed.append(
                    Failure(shown, "symbolic link points outside the source folder", internal=internal())
                )
                continue
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                reason = f"unsupported file type {path.suffix.lower() or '(none)'}"
                result.skipped.append(Skipped(shown, reason, internal=internal()))
                continue
            try:
                size = path.stat().st_size
            except OSError as exc:
                result.failed.append(Failure(shown, f"unreadable file: {exc.strerror or exc}", internal=internal()))
                continue
            # a recording is read a few minutes at a time and bounded by its length, not its bytes
            cap = max_bytes * MEDIA_SIZE_FACTOR if is_media(path) else max_bytes
            if size > cap:
                reason = f"file too large ({size / 1e6:.1f} MB > {cap / 1e6:.1f} MB cap)"
                result.failed.append(Failure(shown, reason, internal=internal()))
                continue
            if not os.access(path, os.R_OK):
                result.failed.append(Failure(shown, "unreadable file: permission denied", internal=internal()))
                continue
            doc_id = _unique_id(rel if root.resolve() == primary else f"{label}/{rel}", label, rel, ids)
            result.files.append(
                SourceFile(
                    path=path, doc_id=doc_id, source_path=shown, relative=rel, root=root, root_internal=root_internal
                )
            )
    _prefer_transcripts(result, internal_folders)
    return result


def _prefer_transcripts(result: Discovery, internal_folders: tuple[str, ...]) -> None:
    """A recording with a transcript file beside it is not transcribed: the uploaded transcript
    always wins over a machine one (it was checked by a person, and names its speakers)."""
    transcripts = {recording_key(f.path): f for f in result.files if f.path.suffix.lower() in TRANSCRIPT_SUFFIXES}
    kept = []
    for source in result.files:
        written = transcripts.get(recording_key(source.path)) if is_media(source.path) else None
        if written is None:
            kept.append(source)
            continue
        reason = (
            f"its transcript {written.path.name} is indexed instead (a transcript file wins over a machine transcript)"
        )
        internal = is_internal_file(
            source.path,
            source.relative,
            source.source_root,
            internal_folders,
            whole_source_internal=source.root_internal,
        )  # an internal recording's name is not shown to the public, skipped or not
        result.skipped.append(Skipped(source.source_path, reason, internal=internal))
    result.files = kept


def _unique_id(wanted: str, label: str, rel: str, ids: set[str]) -> str:
    """`wanted`, unless the first source holds the same id (its folder named like another source):
    then the other source's label with a number."""
    doc_id, number = wanted, 1
    while doc_id in ids:
        number += 1
        doc_id = f"{label}~{number}/{rel}"
    ids.add(doc_id)
    return doc_id
