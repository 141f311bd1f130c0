"""Documents to Whoosh records, written in one atomic commit.

Besides document and passage records (see archive.engine.schema), each commit writes one `profile` record
(the archive.toml text the build used) and one `build` record (time, source folders, failed and
skipped files). They travel in the same commit as the documents, so a reader always sees the
profile and status page that belong to the index generation it has open; nothing lives beside the
index that could be half-written.
"""

from __future__ import annotations

import contextlib
import errno
import json
import multiprocessing
import os
import pickle
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import TOC, clean_files
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.writing import CLEAR, IndexWriter, PostingPool, SegmentWriter

from archive.engine.codec import InlineAwareSegmentWriter, writing_codec
from archive.engine.private_names import MissingPrivateName, private, supports
from archive.engine.records import document_records
from archive.engine.schema import DOC, PASSAGE, build_schema, is_current_schema
from archive.engine.segment_writer import AnalysingSegmentWriter, add_analysed_document
from archive.engine.store import BUILD_RID, INTERNAL_INDEX, PROFILE_RID, PUBLIC_INDEX
from archive.shared.model import Document
from archive.shared.visibility import is_internal

WRITER_LOCK_TIMEOUT = 10.0
WRITER_PROCS = int(os.environ.get("ARCHIVE_WRITER_PROCS", "2"))


class IndexLockedError(RuntimeError):
    """Another build holds the index's write lock."""


class WriterProcessError(RuntimeError):
    """One of the writer's processes died before finishing its part of the index."""


DISK_FULL_EXIT, WRITE_FAILED_EXIT = 28, 3  # how a writer process that failed says why
DOCUMENT = 1  # marks a job item (DOCUMENT, Document); Whoosh's own items are (0, record fields)
DOCUMENTS_PER_JOB = 20  # small jobs keep both writer processes busy to the end of the build


# Writer processes are forked, whatever the platform's default start method (Python 3.14 makes it
# "forkserver" on Linux, which would pickle each process object and its open index).
WRITER_CONTEXT = multiprocessing.get_context("fork")


class DocumentSubWriterTask(SubWriterTask):
    """A writer process that writes with AnalysingSegmentWriter and also takes whole Documents,
    whose records it writes with their text analysed once (archive.engine.segment_writer)."""

    _Popen = staticmethod(WRITER_CONTEXT.Process._Popen)  # start as WRITER_CONTEXT starts processes

    def run(self) -> None:
        """Write this process's segment; any failure ends the process with a status that says what
        went wrong (the parent refuses the commit), and no traceback on the build's terminal."""
        try:
            self._write_segment()
        except OSError as exc:
            with contextlib.suppress(Exception):
                self.writer.cancel()
            os._exit(DISK_FULL_EXIT if exc.errno == errno.ENOSPC else WRITE_FAILED_EXIT)
        except Exception:
            with contextlib.suppress(Exception):
                self.writer.cancel()
            os._exit(WRITE_FAILED_EXIT)

    def _write_segment(self) -> None:
        """SubWriterTask.run for a multi-segment writer (the only kind CheckedMpWriter makes), with
        AnalysingSegmentWriter in place of Whoosh's SegmentWriter."""
        self.writer = AnalysingSegmentWriter(self.storage.open_index(self.indexname), _lk=False, **self.kwargs)
        while self.running:
            job = self.jobqueue.get()
            if job is None:
                break
            self._process_file(*job)
        if not self.running:
            self.writer.cancel()
            return
        fieldnames = self.writer.pool.fieldnames
        self.resultqueue.put((None, fieldnames, private(self.writer, "_finalize_segment")()), timeout=5)

    def _process_file(self, filename: str, doc_count: int) -> None:
        tempstorage = self.writer.temp_storage()
        with tempstorage.open_file(filename).raw_file() as job:
            for _ in range(doc_count):
                code, payload = pickle.load(job)
                if code == DOCUMENT:
                    add_analysed_document(self.writer, payload)
                else:
                    self.writer.add_document(**payload)
        tempstorage.delete_file(filename)


class CheckedMpWriter(InlineAwareSegmentWriter, MpWriter):
    """Whoosh's multi-process writer, with two changes. It takes whole Documents
    (add_archive_document) and its processes analyse each text once. And a writer process that died
    fails the commit: Whoosh itself drops a dead sub-writer's segment without a word, so its
    documents would vanish from an index that looks complete; here the commit is refused and the
    previous generation stays."""

    def __init__(self, ix: whoosh_index.Index, **kwargs: Any) -> None:
        # Each writer process writes its own segment (multisegment): merging them into one would
        # cost more than the processes save.
        # The writer processes write without the lock, which this process (or its caller) holds.
        subargs = {k: v for k, v in kwargs.items() if k not in ("_lk", "timeout")}
        super().__init__(ix, **{**kwargs, "multisegment": True, "subargs": subargs})
        self.jobqueue = WRITER_CONTEXT.Queue(self.procs * 4)
        self.resultqueue = WRITER_CONTEXT.Queue()

    def add_archive_document(self, doc: Document) -> None:
        self.docbuffer.append((DOCUMENT, doc))
        if len(self.docbuffer) >= DOCUMENTS_PER_JOB:
            self._enqueue()
        self._added_sub = True  # private_names "_added_sub": what MpWriter.add_document sets

    def _new_task(self) -> SubWriterTask:
        task = DocumentSubWriterTask(
            self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs, self.multisegment
        )
        self.tasks.append(task)
        task.start()
        return task

    def _commit(self, mergetype: Any, optimize: Any, merge: Any) -> None:
        if self.docbuffer:
            self._enqueue()
        for _ in self.tasks:
            self.jobqueue.put(None)  # each sub-writer finishes its segment when it reads this
        self._wait_for_sub_writers()
        failed = [task.exitcode for task in self.tasks if task.exitcode != 0]
        if DISK_FULL_EXIT in failed:
            raise OSError(errno.ENOSPC, "No space left on device")
        if failed:
            raise WriterProcessError(
                f"an index writer process failed (exit code {failed[0]}); nothing was committed and the "
                "previous index is unchanged"
            )
        super()._commit(mergetype, optimize, merge)  # its stop marks go unread; it collects the segments

    def cancel(self) -> None:
        """Stop the writer processes for good before the parent gives up. (Whoosh's cancel only sets
        a flag on the parent's copy of each process object, so they would go on writing segment
        files into the index folder after the build had cleaned up and left.)"""
        for task in self.tasks:
            if task.is_alive():
                task.kill()
            task.join()
        SegmentWriter.cancel(self)

    def _wait_for_sub_writers(self) -> None:
        """Wait until every sub-writer has exited; once one has died, stop the others. A sub-writer
        killed while waiting for work dies holding the job queue's read lock, so the others would wait
        for that lock, and this writer for them, forever."""
        running = list(self.tasks)
        while running:
            wait([task.sentinel for task in running])
            running = [task for task in running if task.exitcode is None]
            if any(task.exitcode not in (None, 0) for task in self.tasks):
                for task in running:
                    task.kill()
                    task.join()
                return


@dataclass
class IndexPair:
    """The two Whoosh indexes of one index directory (see archive.engine.store)."""

    public: whoosh_index.Index
    internal: whoosh_index.Index

    def stored_documents(self) -> Iterator[dict[str, Any]]:
        """The stored metadata of every document record of both indexes (public first)."""
        for ix in (self.public, self.internal):
            with ix.searcher() as searcher:
                for docnum in searcher.document_numbers(rtype=DOC):
                    yield json.loads(searcher.stored_fields(docnum)["meta"])

    def staff_build_record(self) -> dict[str, Any]:
        """The last build's full record (the internal index's copy: it holds what the public one
        leaves out), or {} before the first build."""
        with self.internal.searcher() as searcher:
            fields = searcher.document(rid=BUILD_RID)
        return json.loads(fields["meta"]) if fields else {}

    def record_counts(self) -> tuple[int, int]:
        """(documents, passages) held by both indexes together."""
        documents = passages = 0
        for ix in (self.public, self.internal):
            with ix.searcher() as searcher:
                documents += sum(1 for _ in searcher.document_numbers(rtype=DOC))
                passages += sum(1 for _ in searcher.document_numbers(rtype=PASSAGE))
        return documents, passages


def _open_or_create_one(index_dir: Path, name: str) -> tuple[whoosh_index.Index, bool]:
    if whoosh_index.exists_in(str(index_dir), indexname=name):
        ix = whoosh_index.open_dir(str(index_dir), indexname=name)
        if is_current_schema(ix.schema):
            return ix, False
    return whoosh_index.create_in(str(index_dir), build_schema(), indexname=name), True


def open_or_create(index_dir: Path) -> tuple[IndexPair, bool]:
    """The indexes at `index_dir`, and whether either is new (the build then indexes everything). An
    index written by an older version of the schema is replaced by a new, empty one."""
    index_dir.mkdir(parents=True, exist_ok=True)
    public, public_new = _open_or_create_one(index_dir, PUBLIC_INDEX)
    internal, internal_new = _open_or_create_one(index_dir, INTERNAL_INDEX)
    return IndexPair(public, internal), public_new or internal_new


def _acquire(ix: whoosh_index.Index, timeout: float) -> Any:
    """The index's write lock, an OS file lock (flock) that the kernel releases when its holder dies,
    so a killed build never leaves a lock that blocks the next one; a build that is still running
    makes this one wait `timeout` seconds, then refuse."""
    lock = ix.lock("WRITELOCK")
    wait_for_lock(lambda: lock.acquire(blocking=False), timeout, "writing this index")
    return lock


def wait_for_lock(try_lock: Callable[[], bool], seconds: float, doing: str) -> None:
    """Return once `try_lock()` (which must not block) has taken a lock; IndexLockedError after
    `seconds`, saying that another build is `doing` something with the index."""
    deadline = time.monotonic() + seconds
    while not try_lock():
        if time.monotonic() >= deadline:
            raise IndexLockedError(
                f"another build is {doing} (waited {seconds:g} s for its lock); try again when it has finished"
            )
        time.sleep(0.05)


def remove_leftovers(ix: whoosh_index.Index) -> None:
    """Delete what builds that never committed left in the index folder: the temporary folder of
    posting runs and job files, and segment files that no table of contents names. Called only
    while holding the index's lock, so no other build's files are touched."""
    toc = TOC.read(ix.storage, ix.indexname)
    clean_files(ix.storage, ix.indexname, toc.generation, toc.segments)
    folder = Path(ix.storage.folder)
    for temporary in folder.glob(f"{ix.indexname}*.tmp"):
        shutil.rmtree(temporary, ignore_errors=True)


def fast_writing_supported() -> bool:
    """Whether this Whoosh has every private name the fast writers use (private_names.TABLE)."""
    return supports(
        *((SegmentWriter, n) for n in ("_check_state", "_doc_boost", "_check_fields", "_field_boost")),
        *((SegmentWriter, n) for n in ("_flush_segment", "_finalize_segment")),
        *((PostingPool, n) for n in ("_write_run", "_read_run", "_open_run", "_remove_run")),
        *((MpWriter, n) for n in ("_new_task", "_enqueue", "_commit")),
        (SubWriterTask, "_process_file"),
    )


def _writer(ix: whoosh_index.Index, processes: int) -> IndexWriter:
    """One index's writer; the caller holds the lock. Segments stay as separate files
    (compound=False): Whoosh opens a compound segment by copying each part out of its memory map
    into a BytesIO, so a reader held the whole index in its own memory (1 GB at 10,000 documents);
    separate files are read through the page cache. A Whoosh without the private names of the
    fast writers gets its own public writer, in this process (the same index, slower). Short posting
    lists are written inside their terms' entries (archive.engine.codec)."""
    codec = writing_codec()
    if not fast_writing_supported():
        return InlineAwareSegmentWriter(ix, compound=False, _lk=False, codec=codec)
    try:
        if processes > 1:
            return CheckedMpWriter(ix, procs=processes, limitmb=128, compound=False, _lk=False, codec=codec)
        return AnalysingSegmentWriter(ix, compound=False, _lk=False, codec=codec)
    except MissingPrivateName:
        return InlineAwareSegmentWriter(ix, compound=False, _lk=False, codec=codec)


def add_document(writer: IndexWriter, doc: Document) -> None:
    """Add `doc`'s records (archive.engine.records) to one index's writer, with their text analysed
    once (by Whoosh's public add_document, record by record, on the fallback writer)."""
    if isinstance(writer, CheckedMpWriter):
        writer.add_archive_document(doc)
    elif isinstance(writer, AnalysingSegmentWriter):
        add_analysed_document(writer, doc)
    else:
        for record in document_records(doc):
            writer.add_document(**record.fields)


class ArchiveWriter:
    """The writers of both indexes as one. Documents go to the index of their visibility; a
    document's old records are removed from both (its visibility may have changed). Internal
    documents are few, so their index is written by one process in the build itself."""

    def __init__(self, indexes: IndexPair, timeout: float = WRITER_LOCK_TIMEOUT) -> None:
        self.indexes = indexes
        self._locks = [_acquire(indexes.public, timeout)]  # the public lock first: builds queue on it
        try:
            self._locks.append(_acquire(indexes.internal, timeout))
            for ix in (indexes.public, indexes.internal):
                remove_leftovers(ix)
            self.public = _writer(indexes.public, WRITER_PROCS)
            self.internal = _writer(indexes.internal, 1)
        except BaseException:
            self._release()
            raise

    def _release(self) -> None:
        for lock in reversed(self._locks):
            with contextlib.suppress(Exception):
                lock.release()
        self._locks = []

    def add_document(self, doc: Document) -> None:
        """Add `doc`'s records (archive.engine.records) with their text analysed once."""
        add_document(self.internal if is_internal(doc.visibility) else self.public, doc)

    def delete_document(self, doc_id: str) -> None:
        for target in (self.public, self.internal):
            target.delete_by_term("doc_id", doc_id)

    def write_control_records(
        self, profile_text: str, public_build: dict[str, Any], staff_build: dict[str, Any]
    ) -> None:
        """The profile and the build report, in the same commits as the documents: the public index
        gets the report's rows about public files only."""
        for target, build_info in ((self.public, public_build), (self.internal, staff_build)):
            target.update_document(rid=PROFILE_RID, rtype="profile", meta=profile_text)
            target.update_document(rid=BUILD_RID, rtype="build", meta=json.dumps(build_info))

    def commit(self, *, full: bool) -> None:
        """Commit each index atomically (Whoosh swaps its table of contents by rename); `full` drops
        every older segment in the same step, so a full rebuild never shows a moment with an empty
        index. The public index commits first: a document that became internal leaves the public
        view before it joins the internal one, so no moment shows it to the public."""
        mergetype = CLEAR if full else None
        try:
            self.public.commit(mergetype=mergetype)
            self.internal.commit(mergetype=mergetype)
        except BaseException:
            self.cancel()
            raise
        self._release()

    def cancel(self) -> None:
        """Abandon the build: its writer processes stopped, its files removed (a failed write, such as
        a full disk, leaves nothing behind to trip the next build), then the locks released."""
        for target in (self.public, self.internal):
            with contextlib.suppress(Exception):
                target.cancel()
        for ix in (self.indexes.public, self.indexes.internal):
            with contextlib.suppress(Exception):
                remove_leftovers(ix)
        self._release()
