"""Every private Whoosh name the engine uses, why, and what happens without it.

Whoosh's public API is enough to be correct; these names make the engine fast (scores as arrays,
text analysed once per build, chunked posting runs, the writer processes' error handling). A
Whoosh release may rename any of them, so each use goes through `private()` / `supports()`: a
missing name is logged once as a warning and the caller takes Whoosh's public path (the fallback
named here), never an exception in a search or a build. tests/archive/engine/test_private_names.py
fails when the engine uses a private Whoosh name that is not in this table, and checks that the
fallbacks give the same answers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

LOG = logging.getLogger("archive.engine")


@dataclass(frozen=True)
class PrivateName:
    name: str
    owner: str  # where Whoosh (2.7.4) defines it
    why: str
    fallback: str


SCORE_FALLBACK = "the query is scored by Whoosh's own matchers (public search), slower"
WRITER_FALLBACK = "the build writes with Whoosh's own writer (public add_document), slower"

TABLE = (
    PrivateName("_field_B", "whoosh.scoring.BM25F", "each field's b for array scoring", SCORE_FALLBACK),
    PrivateName(
        "_perdoc",
        "whoosh.reading.SegmentReader",
        "a segment's length column, read whole; its deleted records, listed at once",
        SCORE_FALLBACK + "; deletions listed by asking for every live record",
    ),
    PrivateName("_cached_reader", "whoosh.codec.whoosh3.W3PerDocReader", "the length column's reader", SCORE_FALLBACK),
    PrivateName("_dbfile", "whoosh.columns.FixedBytesColumn.Reader", "the column's bytes", SCORE_FALLBACK),
    PrivateName("_basepos", "whoosh.columns.FixedBytesColumn.Reader", "where the column starts", SCORE_FALLBACK),
    PrivateName("_count", "whoosh.columns.FixedBytesColumn.Reader", "how many lengths it holds", SCORE_FALLBACK),
    PrivateName(
        "_terms",
        "whoosh.reading.SegmentReader",
        "open a term's postings without listing the segment's deletions and decoding its first block",
        "the public postings call, slower",
    ),
    PrivateName("_read_ids", "whoosh.codec.whoosh3.W3LeafMatcher", "decode a posting block's ids", SCORE_FALLBACK),
    PrivateName("_read_weights", "whoosh.codec.whoosh3.W3LeafMatcher", "decode its weights", SCORE_FALLBACK),
    PrivateName("_ids", "whoosh.codec.whoosh3.W3LeafMatcher", "the decoded ids, as one array", SCORE_FALLBACK),
    PrivateName("_weights", "whoosh.codec.whoosh3.W3LeafMatcher", "the decoded weights", SCORE_FALLBACK),
    PrivateName("_dataoffset", "whoosh.codec.whoosh3.W3LeafMatcher", "where a block is: its cache key", SCORE_FALLBACK),
    PrivateName("_next_block", "whoosh.codec.whoosh3.W3LeafMatcher", "step a block at a time", SCORE_FALLBACK),
    PrivateName("_check_state", "whoosh.writing.SegmentWriter", "add_document's own first step", WRITER_FALLBACK),
    PrivateName("_doc_boost", "whoosh.writing.SegmentWriter", "add_document's document boost", WRITER_FALLBACK),
    PrivateName("_check_fields", "whoosh.writing.SegmentWriter", "add_document's field check", WRITER_FALLBACK),
    PrivateName("_field_boost", "whoosh.writing.SegmentWriter", "add_document's field boost", WRITER_FALLBACK),
    PrivateName("_added", "whoosh.writing.SegmentWriter", "marks the segment as changed", WRITER_FALLBACK),
    PrivateName("_tempstorage", "whoosh.writing.SegmentWriter", "where posting runs spill", WRITER_FALLBACK),
    PrivateName("_flush_segment", "whoosh.writing.SegmentWriter", "postings with lengths read once", WRITER_FALLBACK),
    PrivateName("_finalize_segment", "whoosh.writing.SegmentWriter", "a writer process's segment", WRITER_FALLBACK),
    PrivateName("_write_run", "whoosh.writing.PostingPool", "spill postings in chunks", WRITER_FALLBACK),
    PrivateName("_read_run", "whoosh.writing.PostingPool", "read chunked runs back", WRITER_FALLBACK),
    PrivateName("_open_run", "whoosh.writing.PostingPool", "open a spilled run", WRITER_FALLBACK),
    PrivateName("_remove_run", "whoosh.writing.PostingPool", "delete a spilled run", WRITER_FALLBACK),
    PrivateName("_process_file", "whoosh.multiproc.SubWriterTask", "a job's whole Documents", WRITER_FALLBACK),
    PrivateName("_new_task", "whoosh.multiproc.MpWriter", "start our writer processes", WRITER_FALLBACK),
    PrivateName("_enqueue", "whoosh.multiproc.MpWriter", "hand a job of documents to them", WRITER_FALLBACK),
    PrivateName("_added_sub", "whoosh.multiproc.MpWriter", "marks that they have work", WRITER_FALLBACK),
    PrivateName("_commit", "whoosh.multiproc.MpWriter", "refuse a commit after a process died", WRITER_FALLBACK),
    PrivateName(
        "_lk",
        "whoosh.writing.SegmentWriter (keyword)",
        "open a writer without taking the lock the build already holds",
        "none: without it no writer opens while the build holds the lock (the whoosh3 canary run checks it)",
    ),
)
NAMES = frozenset(entry.name for entry in TABLE)
_warned: set[str] = set()


class MissingPrivateName(AttributeError):
    """This Whoosh has no such private name: take the public path."""


def _warn(name: str) -> None:
    if name not in _warned:
        _warned.add(name)
        entry = next(e for e in TABLE if e.name == name)
        LOG.warning("this Whoosh has no %s.%s; %s", entry.owner, name, entry.fallback)


def _lookup(obj: Any, name: str) -> Any:
    """How a private name is read (one place, so a test can play a Whoosh that renamed one)."""
    return getattr(obj, name)


def private(obj: Any, name: str) -> Any:
    """`obj.<name>` for a name of TABLE; MissingPrivateName (warned once) when this Whoosh lacks it."""
    if name not in NAMES:
        raise KeyError(f"{name} is not in archive/engine/private_names.TABLE")
    try:
        return _lookup(obj, name)
    except AttributeError:
        _warn(name)
        raise MissingPrivateName(name) from None


def supports(*pairs: tuple[Any, str]) -> bool:
    """Whether every (class, name) exists; the first missing one is warned about."""
    for owner, name in pairs:
        try:
            private(owner, name)
        except MissingPrivateName:
            return False
    return True
