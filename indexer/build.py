"""A build: discover -> hash -> extract (in workers) -> enrich -> write, incremental and atomic.

Incremental by content hash: a document's hash covers its file, its sidecar and the profile, so
editing a sidecar or the taxonomy re-indexes exactly what it affects. Identical files under two
paths are indexed once, with both paths kept and the copies reported. A file that fails keeps its
previous good version in the index (if any) and is reported; nothing else in the build is lost.
Public documents go to the public index, internal ones to the internal index (archive.engine.writer),
each committed atomically.

Operator mistakes stop the build before anything is written: a missing or unreadable source folder,
an invalid profile, an `internal_folders` entry that names no folder, or a build that would empty a
folder or remove most of its documents (unless `--prune`).
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from archive import engine
from archive.shared.content_cache import file_digest
from archive.shared.model import Document
from archive.shared.ocr_cache import tesseract_languages
from archive.shared.profile import PROFILE_NAME, Profile, ProfileError, profile_from_text, read_profile_text
from archive.shared.visibility import is_internal, unmatched_folders
from indexer import language
from indexer.discover import DEFAULT_MAX_BYTES, Discovery, check_roots, discover
from indexer.enrich import Enricher
from indexer.errors import ExtractionError
from indexer.extract import SourceFile, extract_document
from indexer.library_log import caveat
from indexer.ocr import OcrSettings, install_hint
from indexer.pdf import SCANNED_NOTE, UNREAD_PAGES_NOTE
from indexer.pool import DEFAULT_TIMEOUT, children_die_with_this_process, run_pool
from indexer.report import BuildReport, Caveat, Duplicate, Failure, Skipped, public_source_rows
from indexer.sidecar import declared_visibility, file_visibility, inside_root, sidecar_bytes, sidecar_path
from indexer.site_furniture import head_lines, learn_furniture, site_of
from indexer.speech import SpeechSettings


@dataclass(frozen=True)
class _Task:
    """One extraction job: picklable, self-contained."""

    source: SourceFile
    content_hash: str
    file_hash: str
    extra_paths: tuple[str, ...]
    visibility: str  # the build's one decision of it (indexer.sidecar.file_visibility), handed to extraction

    @property
    def internal(self) -> bool:
        return is_internal(self.visibility)


def _content_hash(file_hash: str, side_bytes: bytes, profile_text: str) -> str:
    return hashlib.sha256(
        file_hash.encode() + hashlib.sha256(side_bytes).digest() + hashlib.sha256(profile_text.encode()).digest()
    ).hexdigest()


class MassRemovalError(RuntimeError):
    """A build would remove most of a source folder's documents; it needs `--prune` to go ahead."""


def _load_build_profile(root: Path, given: Path | None = None) -> tuple[Profile, str]:
    """The profile given on the command line (`--profile`), else the one at the first root, and its
    text. Like a sidecar, a root's profile is read only when it is a regular file inside its root."""
    if given is not None:
        text = read_profile_text(given)
        return profile_from_text(text, str(given)), text
    path = root / PROFILE_NAME
    if not path.exists() and not path.is_symlink():
        # No profile: the collection is named after its folder (never "Archive"), and is not taken
        # for an organization (citations give its documents no invented author).
        text = f"[collection]\nname = {json.dumps(root.resolve().name)}\n"
        return profile_from_text(text, str(path)), text
    if not inside_root(path, root):
        raise ProfileError(
            f"{path}: is a link to a file outside the source folder (or not a regular file); "
            "the profile must be a regular file inside it"
        )
    text = read_profile_text(path)
    return profile_from_text(text, str(path)), text


# Set in the parent before the workers fork, read by them: the profile and its compiled matchers.
_WORKER_STATE: dict[str, Any] = {}


def _extract_task(task: _Task) -> Document:
    profile: Profile = _WORKER_STATE["profile"]
    enricher: Enricher = _WORKER_STATE["enricher"]
    doc = extract_document(
        task.source,
        profile,
        enricher,
        task.content_hash,
        _WORKER_STATE["ocr"],
        _WORKER_STATE["furniture"],
        _WORKER_STATE["speech"],
        task.file_hash,
        visibility=task.visibility,
    )
    doc.file_hash = task.file_hash
    doc.extra_paths = list(task.extra_paths)
    return doc


@dataclass(frozen=True)
class _Indexed:
    content_hash: str
    source_path: str  # "root-name/relative/path"
    former_ids: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # the caveats it was indexed with: an unchanged file keeps reporting them
    internal: bool = False


def _indexed(indexes: engine.IndexPair) -> dict[str, _Indexed]:
    """What each index holds, by document id. A document found in both (a build stopped between the
    two commits) gets no hash, so it is extracted again and lands in the right one."""
    found: dict[str, _Indexed] = {}
    for meta in indexes.stored_documents():
        doc_id = meta["doc_id"]
        content_hash = "" if doc_id in found else meta.get("content_hash", "")
        found[doc_id] = _Indexed(
            content_hash,
            meta.get("source_path", ""),
            tuple(meta.get("former_ids") or ()),
            tuple(meta.get("notes") or ()),
            is_internal(meta.get("visibility", "public")),
        )
    return found


def _former_ids(previous: dict[str, _Indexed], tasks: list[_Task]) -> dict[str, tuple[str, ...]]:
    """For each document the ids it had before, so old links still find it: a file whose id changed
    (its source's label or its place among the sources) is known by the same source path, and it
    keeps the ids its old id had collected."""
    by_path = {held.source_path: doc_id for doc_id, held in previous.items()}
    wanted = {t.source.doc_id for t in tasks}
    former: dict[str, tuple[str, ...]] = {}
    for task in tasks:
        doc_id = task.source.doc_id
        kept = previous[doc_id].former_ids if doc_id in previous else ()
        old = by_path.get(task.source.source_path)
        if old is not None and old != doc_id and old not in wanted:
            kept = (*kept, old, *previous[old].former_ids)
        if kept:
            former[doc_id] = tuple(dict.fromkeys(kept))
    return former


def _check_removals(
    indexed: dict[str, _Indexed], removed: set[str], found: Discovery, roots: list[Path], prune: bool
) -> None:
    """Refuse a build that would empty a source folder, or remove more than half of a folder's
    documents, unless `prune` says so: a mistyped or unmounted folder must not wipe the archive."""
    if prune:
        return
    per_root: dict[str, list[int]] = {}  # root name -> [documents in the index, documents to remove]
    for doc_id, held in indexed.items():
        counts = per_root.setdefault(held.source_path.partition("/")[0], [0, 0])
        counts[0] += 1
        counts[1] += doc_id in removed
    for root in roots:
        label = found.labels[root]
        held_count = per_root.get(label, [0, 0])[0]
        if held_count and not found.files_by_root.get(label):
            raise MassRemovalError(
                f"the source folder {root} has no files, but the index holds {held_count} documents from it; "
                "nothing was changed (is the disk mounted? to empty the archive on purpose, add --prune)"
            )
    for label, (held_count, removing) in sorted(per_root.items()):
        if removing * 2 > held_count:
            raise MassRemovalError(
                f"this build would remove {removing} of the {held_count} documents from {label}; nothing was "
                "changed (check the source folders given; to remove them on purpose, add --prune)"
            )


class Progress:
    """A one-line progress bar on a terminal's stderr; silent when stderr is not a terminal."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.enabled = total, 0, enabled and sys.stderr.isatty() and total > 0

    def step(self, label: str) -> None:
        self.done += 1
        self.show(label)

    def show(self, label: str) -> None:
        """The bar as it stands, labelled with how far a long file has got (a recording's minutes)."""
        if self.enabled:
            filled = int(30 * self.done / self.total)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} {label[-40:]:<40}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


def _tasks(found: Discovery, profile: Profile, profile_text: str, report: BuildReport) -> list[_Task]:
    """One extraction task per distinct document: files with identical content (bytes, sidecar) and
    the same visibility are indexed once, under the first path; the others are reported as its
    duplicates and kept as its extra paths. A public file is never merged into an internal one, nor
    the reverse (the public document would carry an internal path, or vanish from the public)."""
    groups: dict[tuple[str, str, str], list[SourceFile]] = {}
    for source in found.files:
        try:
            side = sidecar_bytes(source.path, source.source_root)
        except ExtractionError as exc:  # a sidecar outside the source: its visibility is unknown
            report.failed.append(Failure(source.source_path, str(exc), exc.detail, internal=True))
            continue
        said = declared_visibility(side, sidecar_path(source.path).name)
        visibility = file_visibility(
            source.relative, said, profile.internal_folders, whole_source_internal=source.root_internal
        )
        try:
            digest = file_digest(source.path)
        except OSError as exc:
            reason = f"unreadable file: {exc.strerror or exc}"
            report.failed.append(Failure(source.source_path, reason, internal=is_internal(visibility)))
            continue
        groups.setdefault((_content_hash(digest, side, profile_text), digest, visibility), []).append(source)
    tasks = []
    for (content_hash, digest, visibility), sources in groups.items():
        primary, *copies = sorted(sources, key=lambda s: s.doc_id)
        task = _Task(primary, content_hash, digest, tuple(c.source_path for c in copies), visibility)
        report.duplicates += [Duplicate(c.source_path, primary.source_path, internal=task.internal) for c in copies]
        tasks.append(task)
    return tasks


def _site_furniture(todo: list[_Task], learned_before: Iterable[str]) -> frozenset[str]:
    """The lines that head many pages of one site (indexer/site_furniture.py): learned from the public
    files this build reads, with what earlier builds learned (their pages are not read again)."""
    # public files only: what internal files share must not change a public document's title
    heads = ((site_of(t.source.source_path), head_lines(t.source.path)) for t in todo if not t.internal)
    return learn_furniture(heads) | frozenset(str(k) for k in learned_before)


def _rebuild_from_roots(roots: list[Path], internal_roots: tuple[Path, ...], profile_file: Path | None) -> list[str]:
    """The command line that repeats a build called with folders: empty (no staff rebuild from the
    app) when a folder is internal as a whole, which no command-line argument can say."""
    if internal_roots:
        return []
    return [str(r.resolve()) for r in roots] + (["--profile", str(profile_file.resolve())] if profile_file else [])


def build(
    roots: list[Path],
    index_dir: Path,
    *,
    full: bool = False,
    prune: bool = False,
    jobs: int = 2,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool = True,
    on_document: Callable[[Document], None] | None = None,
    lock_timeout: float = engine.WRITER_LOCK_TIMEOUT,
    profile_file: Path | None = None,
    sources: list[dict[str, Any]] | None = None,
    rebuild_arguments: list[str] | None = None,
    internal_roots: tuple[Path, ...] = (),
) -> BuildReport:
    """Build or update the index at `index_dir` from the source folders `roots`.

    Stops before the index is touched when a root is missing or unreadable (SourceRootError), when
    the profile (the first root's archive.toml) is invalid (ProfileError), and when the build would
    empty a root or remove most of its documents without `prune` (MassRemovalError). Raises
    engine.IndexLockedError when another build holds the index. `sources` (what each export or
    website gave, indexer/sources/report.py) and `rebuild_arguments` (what a staff rebuild passes back
    to the command line) are kept with the build for the Index status page. Every file of a root in
    `internal_roots` is internal."""
    started = time.monotonic()
    children_die_with_this_process()
    check_roots(roots)
    profile, profile_text = _load_build_profile(roots[0], profile_file)
    named_after_folder = profile_file is None and not (roots[0] / PROFILE_NAME).exists()
    missing = unmatched_folders(profile.internal_folders, roots)
    if missing:
        raise ProfileError(
            f"{roots[0] / PROFILE_NAME}: collection.internal_folders: {', '.join(map(repr, missing))} matches no "
            "folder of the source; fix the name, or that folder's files would be public"
        )
    report = BuildReport()
    if named_after_folder:
        report.notices.append(
            f"{roots[0].resolve().name} has no {PROFILE_NAME}, so the collection is called {profile.name!r} after "
            f"its folder and has no organizations, topics or glossary: create {PROFILE_NAME} in that folder with "
            "[collection] name (the organization, as citations should name it) and [[organizations]] "
            "and [[topics]] (see 'The collection profile' in docs/reference.md)"
        )
    found = discover(
        roots, max_bytes=max_bytes, internal_folders=profile.internal_folders, internal_roots=frozenset(internal_roots)
    )
    report.skipped = list(found.skipped)
    report.failed = list(found.failed)
    tasks = _tasks(found, profile, profile_text, report)

    indexes, created = engine.open_or_create(index_dir)
    full = full or created
    # Take the lock first, then read what is indexed: a build that ran meanwhile has committed by
    # now, so this build works from the state it will change (two builds started together would
    # otherwise both add the same new files).
    index_writer = engine.ArchiveWriter(indexes, lock_timeout)
    try:
        previous = _indexed(indexes)
        indexed = {} if full else previous  # a full build starts from empty indexes
        wanted = {t.source.doc_id for t in tasks}
        present = {f.source_path for f in found.files} | {f.path for f in report.failed}
        removed = set(previous) - wanted
        former = _former_ids(previous, tasks)
        renamed = {old for ids in former.values() for old in ids}
        gone = {d for d in removed - renamed if previous[d].source_path not in present}
        _check_removals(previous, gone, found, roots, prune)
        todo = [t for t in tasks if indexed.get(t.source.doc_id, _Indexed("", "")).content_hash != t.content_hash]
        report.unchanged = len(tasks) - len(todo)
        changing = {t.source.doc_id for t in todo}
        for doc_id in sorted(wanted - changing):  # what a build noticed stays noticed until the file changes
            held = indexed[doc_id]
            report.warnings += [Caveat(held.source_path, n, internal=held.internal) for n in held.notes]
        for doc_id in set(indexed) - wanted:
            index_writer.delete_document(doc_id)
        report.removed = len(removed - renamed)
        ocr = OcrSettings.for_build(index_dir, tesseract_languages(profile.languages))
        furniture = _site_furniture(todo, () if full else indexes.staff_build_record().get("site_furniture", ()))
        _WORKER_STATE.update(
            profile=profile,
            enricher=Enricher.for_profile(profile),
            ocr=ocr,
            furniture=tuple(sorted(furniture)),
            speech=SpeechSettings.for_build(index_dir, profile),
        )
        if todo and (problem := language.model_problem()):  # loads it once here, for the forked workers
            report.notices.append(problem)
        hint = install_hint(ocr.languages)
        bar = Progress(len(todo), progress)

        def heard(task: _Task, text: str) -> None:  # a long recording's minutes, as they are heard
            bar.show(f"{task.source.source_path} {text}")

        for outcome in run_pool(todo, _extract_task, jobs=jobs, timeout=timeout, on_progress=heard):
            task: _Task = outcome.task
            bar.step(task.source.source_path)
            if outcome.document is None and outcome.skipped:
                report.skipped.append(Skipped(task.source.source_path, outcome.error or "", internal=task.internal))
                if task.source.doc_id in indexed:  # it was indexed as a document by an earlier version
                    index_writer.delete_document(task.source.doc_id)
                    report.removed += 1
                continue
            if outcome.document is None:
                error = outcome.error or "unknown error"
                detail = "; ".join(filter(None, [outcome.detail, *outcome.messages]))
                report.failed.append(Failure(task.source.source_path, error, detail, internal=task.internal))
                continue
            doc_id = task.source.doc_id
            if doc_id in indexed or set(former.get(doc_id, ())) & removed:  # a renamed one is updated
                report.updated += 1
            else:
                report.added += 1
            if not full:  # a full build starts from empty indexes (CLEAR); otherwise replace, never duplicate
                index_writer.delete_document(doc_id)
            outcome.document.former_ids = list(former.get(doc_id, ()))
            # the libraries' caveat is kept with the document, so later builds report it as well
            outcome.document.notes += list(filter(None, [caveat(outcome.messages)]))
            index_writer.add_document(outcome.document)
            internal = is_internal(outcome.document.visibility)
            notes = outcome.document.notes
            if not ocr.enabled and hint not in report.notices and {SCANNED_NOTE, UNREAD_PAGES_NOTE} & set(notes):
                report.notices.append(hint)
            report.warnings += [Caveat(task.source.source_path, n, internal=internal) for n in notes]
            if on_document:
                on_document(outcome.document)
        bar.close()
        for topic in profile.topics:
            unknown = [d for d in topic.reading_path if d not in wanted]
            if unknown:
                report.notices.append(
                    f"topic {topic.name!r}: its reading_path names {', '.join(map(repr, unknown))}, which "
                    "the archive does not hold (a document id is its path inside the source folder)"
                )
        built = {
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "roots": [str(r.resolve()) for r in roots],
            "notices": report.notices,
            "named_after_folder": named_after_folder,
            "rebuild_arguments": (
                _rebuild_from_roots(roots, internal_roots, profile_file)
                if rebuild_arguments is None
                else rebuild_arguments
            ),
        }
        index_writer.write_control_records(
            profile_text,
            {**built, **report.file_rows(public_only=True), "sources": public_source_rows(sources or [])},
            {
                **built,
                **report.file_rows(public_only=False),
                "sources": sources or [],
                "site_furniture": sorted(furniture),  # from internal files too: kept in the staff record only
            },
        )
        index_writer.commit(full=full)
    except BaseException:
        index_writer.cancel()
        raise

    report.documents, report.passages = indexes.record_counts()
    report.seconds = time.monotonic() - started
    return report
