"""Documents to Whoosh records, written in one atomic commit.

Besides document and passage records (see archive.schema), each commit writes one `profile` record
(the archive.toml text the build used) and one `build` record (time, source folders, failed and
skipped files). They travel in the same commit as the documents, so a reader always sees the
profile and status page that belong to the index generation it has open; nothing lives beside the
index that could be half-written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.multiproc import MpWriter
from whoosh.writing import CLEAR, IndexWriter

from archive import dates
from archive.analysis import hashtag_words, slug
from archive.model import Document
from archive.schema import DOC, PASSAGE, build_schema
from archive.store import BUILD_RID, INDEX_NAME, PROFILE_RID

WRITER_LOCK_TIMEOUT = 10.0
WRITER_PROCS = int(__import__("os").environ.get("ARCHIVE_WRITER_PROCS", "2"))


class IndexLockedError(RuntimeError):
    """Another build holds the index's write lock."""


class WriterProcessError(RuntimeError):
    """One of the writer's processes died before finishing its part of the index."""


class CheckedMpWriter(MpWriter):
    """Whoosh's multi-process writer, except that a sub-writer that died fails the commit. Whoosh
    itself drops a dead sub-writer's segment without a word, so its documents would vanish from an
    index that looks complete; here the commit is refused and the previous generation stays."""

    def _commit(self, mergetype: Any, optimize: Any, merge: Any) -> None:
        if self.docbuffer:
            self._enqueue()
        for _ in self.tasks:
            self.jobqueue.put(None)  # each sub-writer finishes its segment when it reads this
        self._wait_for_sub_writers()
        failed = [task.exitcode for task in self.tasks if task.exitcode != 0]
        if failed:
            raise WriterProcessError(
                f"an index writer process failed (exit code {failed[0]}); nothing was committed and the "
                "previous index is unchanged"
            )
        super()._commit(mergetype, optimize, merge)  # its stop marks go unread; it collects the segments

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


def open_or_create(index_dir: Path) -> tuple[whoosh_index.Index, bool]:
    """The index at `index_dir`, and whether it is new. An index written by an older version of the
    schema is replaced by a new, empty one (the build then indexes everything)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    if whoosh_index.exists_in(str(index_dir), indexname=INDEX_NAME):
        ix = whoosh_index.open_dir(str(index_dir), indexname=INDEX_NAME)
        if sorted(ix.schema.names()) == sorted(build_schema().names()):
            return ix, False
    return whoosh_index.create_in(str(index_dir), build_schema(), indexname=INDEX_NAME), True


def open_writer(ix: whoosh_index.Index, timeout: float = WRITER_LOCK_TIMEOUT) -> IndexWriter:
    """The index's one writer. Whoosh's lock is an OS file lock (flock), which the kernel releases
    when its holder dies, so a killed build never leaves a lock that blocks the next one; a build
    that is still running makes this one wait `timeout` seconds, then refuse."""
    from whoosh.index import LockError

    try:
        # Segments stay as separate files (compound=False): Whoosh opens a compound segment by copying
        # each part out of its memory map into a BytesIO, so a reader held the whole index in its own
        # memory (1 GB at 10,000 documents); separate files are read through the page cache.
        if WRITER_PROCS > 1:
            return CheckedMpWriter(
                ix, timeout=timeout, procs=WRITER_PROCS, multisegment=True, limitmb=128, compound=False
            )
        return ix.writer(timeout=timeout, compound=False)
    except LockError:
        raise IndexLockedError(
            f"another build is writing this index (waited {timeout:g} s for its lock); try again when it has finished"
        ) from None


def _tokens(values: Iterable[str]) -> str:
    return " ".join(slug(v) for v in values if slug(v))


def document_records(doc: Document) -> Iterable[dict[str, Any]]:
    """The index records of one document: its document record, then one per passage."""
    spanish = doc.language == "es"
    year = dates.year_of(doc.date)
    # Facet values and the file name are searchable as words too (a scanned PDF has nothing else).
    facet_words = [*doc.organizations, *doc.agencies, *doc.topics, *doc.people, *doc.speakers, *doc.tags, doc.file_name]
    words_of_hashtags = " ".join(w for tag in doc.hashtags for w in hashtag_words(tag))
    yield {
        "rid": f"d:{doc.doc_id}",
        "rtype": DOC,
        "doc_id": doc.doc_id,
        "visibility": doc.visibility,
        "title": doc.title,
        "title_pairs": doc.title,
        "body_es" if spanish else "body": doc.full_text,
        "body_pairs": "" if spanish else doc.full_text,
        "hashtag_words": words_of_hashtags,
        "hashtag_words_pairs": words_of_hashtags,
        "facet_text": " ".join(facet_words),
        "facet_text_pairs": " ".join(facet_words),
        "public_words": f"{doc.title}\n{doc.full_text}" if doc.visibility == "public" else "",
        "hashtags": _tokens(doc.hashtags),
        "kind": doc.kind,
        "topics": _tokens(doc.topics),
        "organizations": _tokens([*doc.organizations, *doc.agencies]),
        "people": _tokens(doc.people),
        "speakers": _tokens(doc.speakers),
        "year": str(year) if year else "",
        "lang": doc.language,
        "date": dates.start_of(doc.date).strftime("%Y%m%d") if doc.date else "",
        "meta": json.dumps({**doc.metadata_dict(), "passage_count": len(doc.passages)}),
    }
    for n, passage in enumerate(doc.passages):
        yield {
            "rid": f"p:{doc.doc_id}:{n}",
            "rtype": PASSAGE,
            "doc_id": doc.doc_id,
            "visibility": doc.visibility,
            "ptext_es" if spanish else "ptext": passage.text,
            "ptext_pairs": "" if spanish else passage.text,
            "ord": n,
            "pinfo": json.dumps(passage.to_dict()),
        }


def add_document(writer: IndexWriter, doc: Document) -> None:
    for record in document_records(doc):
        writer.add_document(**record)


def delete_document(writer: IndexWriter, doc_id: str) -> None:
    writer.delete_by_term("doc_id", doc_id)


def write_control_records(writer: IndexWriter, profile_text: str, build_info: dict[str, Any]) -> None:
    writer.update_document(rid=PROFILE_RID, rtype="profile", meta=profile_text)
    writer.update_document(rid=BUILD_RID, rtype="build", meta=json.dumps(build_info))


def commit(writer: IndexWriter, *, full: bool) -> None:
    """Commit atomically (Whoosh swaps its table of contents by rename); `full` drops every older
    segment in the same step, so a full rebuild never shows a moment with an empty index."""
    writer.commit(mergetype=CLEAR if full else None)
