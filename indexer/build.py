"""A build: discover -> hash -> extract (in workers) -> enrich -> write, incremental and atomic.

Incremental by content hash: a document's hash covers its file, its sidecar and the profile, so
editing a sidecar or the taxonomy re-indexes exactly what it affects. Identical files under two
paths are indexed once, with both paths kept. A file that fails keeps its previous good version in
the index (if any) and is reported; nothing else in the build is lost. All changes land in one
commit, or none do.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from archive.model import Document
from archive.profile import PROFILE_NAME, Profile, load_profile
from archive.schema import DOC
from indexer import writer
from indexer.discover import DEFAULT_MAX_BYTES, discover
from indexer.enrich import Enricher
from indexer.extract import SourceFile, extract_document
from indexer.pool import DEFAULT_TIMEOUT, die_with_parent, remember_forking_parent, run_pool
from indexer.sidecar import sidecar_path


@dataclass
class BuildReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)  # indexed, with a caveat (a scanned PDF)
    documents: int = 0
    passages: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "skipped": self.skipped,
            "warnings": self.warnings,
            "documents": self.documents,
            "passages": self.passages,
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True)
class _Task:
    """One extraction job: picklable, self-contained."""

    source: SourceFile
    content_hash: str
    extra_paths: tuple[str, ...]


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _content_hash(file_hash: str, path: Path, profile_text: str) -> str:
    side = sidecar_path(path)
    side_bytes = side.read_bytes() if side.exists() else b""
    return hashlib.sha256(
        file_hash.encode() + hashlib.sha256(side_bytes).digest() + hashlib.sha256(profile_text.encode()).digest()
    ).hexdigest()


# Every process a build forks (extraction workers, Whoosh's writer processes) dies with the build,
# even when the build is SIGKILLed: orphans would hold the index's files and the caller's pipes.
os.register_at_fork(before=remember_forking_parent, after_in_child=die_with_parent)

# Set in the parent before the workers fork, read by them: the profile and its compiled matchers.
_WORKER_STATE: dict[str, Any] = {}


def _extract_task(task: _Task) -> Document:
    profile: Profile = _WORKER_STATE["profile"]
    enricher: Enricher = _WORKER_STATE["enricher"]
    doc = extract_document(task.source, profile, enricher, task.content_hash)
    doc.extra_paths = list(task.extra_paths)
    return doc


def _indexed_hashes(ix: Any) -> dict[str, str]:
    with ix.searcher() as searcher:
        return {
            meta["doc_id"]: meta.get("content_hash", "")
            for meta in (json.loads(searcher.stored_fields(n)["meta"]) for n in searcher.document_numbers(rtype=DOC))
        }


class Progress:
    """A one-line progress bar on a terminal's stderr; silent when stderr is not a terminal."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.enabled = total, 0, enabled and sys.stderr.isatty() and total > 0

    def step(self, label: str) -> None:
        self.done += 1
        if self.enabled:
            filled = int(30 * self.done / self.total)
            name = label[-40:]
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} {name:<40}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


def build(
    roots: list[Path],
    index_dir: Path,
    *,
    full: bool = False,
    jobs: int = 2,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool = True,
    on_document: Callable[[Document], None] | None = None,
    lock_timeout: float = writer.WRITER_LOCK_TIMEOUT,
) -> BuildReport:
    """Build or update the index at `index_dir` from the source folders `roots`.

    The profile is read from the first root's archive.toml; a ProfileError stops the build before the
    index is touched. Raises writer.IndexLockedError when another build holds the index."""
    started = time.monotonic()
    profile_path = roots[0] / PROFILE_NAME
    profile = load_profile(profile_path)
    profile_text = profile_path.read_text(encoding="utf-8") if profile_path.exists() else ""
    report = BuildReport()
    found = discover(roots, max_bytes=max_bytes)
    report.skipped = [{"path": p, "reason": r} for p, r in found.skipped]
    report.failed = [{"path": p, "error": e} for p, e in found.failed]

    # Hash every file; identical bytes under several paths become one document.
    by_bytes: dict[str, list[SourceFile]] = {}
    for source in found.files:
        try:
            by_bytes.setdefault(_file_hash(source.path), []).append(source)
        except OSError as exc:
            report.failed.append({"path": source.source_path, "error": f"unreadable file: {exc.strerror or exc}"})
    tasks: list[_Task] = []
    for file_hash, sources in by_bytes.items():
        primary, *copies = sorted(sources, key=lambda s: s.doc_id)
        tasks.append(
            _Task(primary, _content_hash(file_hash, primary.path, profile_text), tuple(c.source_path for c in copies))
        )

    ix, created = writer.open_or_create(index_dir)
    full = full or created
    # Take the lock first, then read what is indexed: a build that ran meanwhile has committed by
    # now, so this build works from the state it will change (two builds started together would
    # otherwise both add the same new files).
    index_writer = writer.open_writer(ix, lock_timeout)
    try:
        indexed = {} if full else _indexed_hashes(ix)
        wanted = {t.source.doc_id for t in tasks}
        todo = [t for t in tasks if indexed.get(t.source.doc_id) != t.content_hash]
        report.unchanged = len(tasks) - len(todo)
        for doc_id in set(indexed) - wanted:
            writer.delete_document(index_writer, doc_id)
            report.removed += 1
        _WORKER_STATE.update(profile=profile, enricher=Enricher.for_profile(profile))
        bar = Progress(len(todo), progress)
        for outcome in run_pool(todo, _extract_task, jobs=jobs, timeout=timeout):
            task: _Task = outcome.task
            bar.step(task.source.source_path)
            if outcome.document is None:
                report.failed.append({"path": task.source.source_path, "error": outcome.error or "unknown error"})
                continue
            doc_id = task.source.doc_id
            if doc_id in indexed:
                report.updated += 1
            else:
                report.added += 1
            if not full:  # a full build starts from an empty index (CLEAR); otherwise replace, never duplicate
                writer.delete_document(index_writer, doc_id)
            writer.add_document(index_writer, outcome.document)
            report.warnings.extend({"path": task.source.source_path, "note": n} for n in outcome.document.notes)
            if on_document:
                on_document(outcome.document)
        bar.close()
        report.failed.sort(key=lambda f: f["path"])
        build_info = {
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "roots": [str(r.resolve()) for r in roots],
            "failed": report.failed,
            "skipped": report.skipped,
            "warnings": report.warnings,
        }
        writer.write_control_records(index_writer, profile_text, build_info)
        writer.commit(index_writer, full=full)
    except BaseException:
        index_writer.cancel()
        raise

    with ix.searcher() as searcher:
        report.documents = sum(1 for _ in searcher.document_numbers(rtype=DOC))
        report.passages = sum(1 for _ in searcher.document_numbers(rtype="passage"))
    report.seconds = time.monotonic() - started
    return report
