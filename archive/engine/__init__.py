"""The search engine: everything that knows Whoosh, behind the small interface named here.

Nothing else in the project imports Whoosh (tests/archive/engine/test_engine_boundary.py reads the
source tree to hold that). The rest of `archive/` speaks the query language's own tree
(archive/query_model.py) and plain metadata; this package turns them into index operations.

Reading:  ArchiveStore(index_dir, ranking).snapshot(include_internal) -> Snapshot (open and refresh);
          compile_query(node) -> CompiledQuery; evaluate(snapshot, compiled) -> Evaluation
          (every document's score, with the phrase bonus);
          best_passages (of given documents); marks (what to highlight); spelling (a
          correction from the snapshot's own words); passages (a document's, in order);
          related_documents (more like this); all_passages (for the topic suggester);
          analysis_language (which analyzer a document's language goes through).
Writing:  open_or_create(index_dir) -> IndexPair; ArchiveWriter(indexes) adds and deletes
          documents and commits a generation atomically (public index first).
Layout:   schema.py (fields and their roles), analysis.py (analyzers), records.py (a Document as
          records), terms.py + segment_writer.py (text analysed once per build), writer.py (the
          writer processes), store.py + storage.py (snapshots, memory-mapped files), translate.py,
          ranking.py (BM25F settings, RSJ idf), concepts.py (a word and its translation weighed
          as one), evaluate.py, vector_scoring.py (BM25F as arrays),
          phrases.py, bounds.py, snippets.py, related.py, private_names.py (every private Whoosh name used,
          with its fallback).
"""

from archive.engine.concepts import as_concepts
from archive.engine.evaluate import (
    Evaluation,
    PassageMatches,
    all_passages,
    best_passages,
    evaluate,
    marks,
    passages,
    spelling,
)
from archive.engine.ranking import DEFAULT_RANKING, Ranking
from archive.engine.related import related_documents
from archive.engine.schema import analysis_language
from archive.engine.snippets import Highlight, Snippet, match_spans, snippet
from archive.engine.store import ArchiveStore, IndexDamagedError, IndexNotFoundError, Snapshot, default_index_dir
from archive.engine.translate import CompiledQuery, compile_query
from archive.engine.vector_scoring import Scored
from archive.engine.writer import (
    WRITER_LOCK_TIMEOUT,
    ArchiveWriter,
    IndexLockedError,
    IndexPair,
    WriterProcessError,
    open_or_create,
    wait_for_lock,
)

__all__ = [
    "DEFAULT_RANKING",
    "WRITER_LOCK_TIMEOUT",
    "ArchiveStore",
    "ArchiveWriter",
    "CompiledQuery",
    "Evaluation",
    "Highlight",
    "IndexDamagedError",
    "IndexLockedError",
    "IndexNotFoundError",
    "IndexPair",
    "PassageMatches",
    "Ranking",
    "Scored",
    "Snapshot",
    "Snippet",
    "WriterProcessError",
    "all_passages",
    "analysis_language",
    "as_concepts",
    "best_passages",
    "compile_query",
    "default_index_dir",
    "evaluate",
    "marks",
    "match_spans",
    "open_or_create",
    "passages",
    "related_documents",
    "snippet",
    "spelling",
    "wait_for_lock",
]
