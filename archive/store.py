"""Opening the index for reading: one searcher per process, refreshed only when the index changes.

A `Snapshot` is one index generation with everything a search needs in memory: the searcher, each
document's metadata (for facets, filters, sorting and result cards), the profile and the build
report. Facet counts and filters read its facet bitsets (archive/facet_table.py) instead of walking
stored fields per query,
and a new generation replaces the snapshot as a whole, so a search never mixes two generations.
"""

from __future__ import annotations

import json
import os
import threading
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.searching import Searcher

from archive.analysis import slug
from archive.facet_table import FacetTable
from archive.mapped_storage import MappedFileStorage
from archive.profile import Profile, ProfileError, parse_profile
from archive.schema import DOC, WEIGHTING, build_schema
from archive.vector_scoring import VectorScorer

INDEX_NAME = "MAIN"
PROFILE_RID = "profile"
BUILD_RID = "build"
DEFAULT_INDEX_DIR = Path("var/index")


class IndexNotFoundError(FileNotFoundError):
    """No index at the given directory (build one with `python -m indexer build`)."""


def default_index_dir() -> Path:
    return Path(os.environ.get("ARCHIVE_INDEX") or DEFAULT_INDEX_DIR)


@dataclass
class Snapshot:
    """One index generation, loaded for searching."""

    searcher: Searcher
    generation: int
    docs: dict[str, dict[str, Any]]  # doc_id -> metadata (Document.metadata_dict + passage_count)
    docnums: dict[int, str]  # docnum of a document record -> doc_id
    profile: Profile
    build: dict[str, Any]
    table: FacetTable  # facet bitsets and sort orders, built once per generation
    vectors: VectorScorer  # scores of document queries as arrays, with this generation's term cache
    display: dict[str, dict[str, str]] = field(default_factory=dict)  # facet -> slug -> display form
    lock: threading.RLock = field(default_factory=threading.RLock)  # held while the searcher is in use
    public: frozenset[str] = frozenset()  # ids of documents everyone may see
    public_mask: int = 0  # the same, as a bitset of the table

    def label(self, facet: str, value: str) -> str:
        """The display form of a facet value (e.g. the most frequent casing of a hashtag)."""
        return self.display.get(facet, {}).get(slug(value), value)


FACET_KEYS = ("kind", "topics", "hashtags", "organizations", "agencies", "people", "speakers")


def _display_forms(docs: dict[str, dict[str, Any]]) -> dict[str, dict[str, str]]:
    """Per facet, each slug's most frequent spelling across the archive (ties: first seen)."""
    forms: dict[str, dict[str, Counter[str]]] = {}
    for meta in docs.values():
        for facet in FACET_KEYS:
            values = meta.get(facet) or []
            for value in [values] if isinstance(values, str) else values:
                forms.setdefault(facet, {}).setdefault(slug(value), Counter())[value] += 1
    return {f: {s: c.most_common(1)[0][0] for s, c in by_slug.items()} for f, by_slug in forms.items()}


def load_snapshot(ix: whoosh_index.Index) -> Snapshot:
    searcher = ix.searcher(weighting=WEIGHTING)
    docs: dict[str, dict[str, Any]] = {}
    docnums: dict[int, str] = {}
    profile = Profile()
    build: dict[str, Any] = {}
    for docnum in searcher.document_numbers(rtype=DOC):
        meta = json.loads(searcher.stored_fields(docnum)["meta"])
        docs[meta["doc_id"]] = meta
        docnums[docnum] = meta["doc_id"]
    profile_fields = searcher.document(rid=PROFILE_RID)
    if profile_fields:
        try:
            profile = parse_profile(tomllib.loads(profile_fields["meta"]), "archive.toml (in index)")
        except (ProfileError, tomllib.TOMLDecodeError):
            profile = Profile()
    build_fields = searcher.document(rid=BUILD_RID)
    if build_fields:
        build = json.loads(build_fields["meta"])
    display = _display_forms(docs)
    table = FacetTable.build(docs, display)
    public = frozenset(d for d, m in docs.items() if m.get("visibility") != "internal")
    return Snapshot(
        searcher=searcher,
        generation=ix.latest_generation(),
        docs=docs,
        docnums=docnums,
        profile=profile,
        build=build,
        display=display,
        table=table,
        vectors=VectorScorer(searcher, {n: table.ordinal[d] for n, d in docnums.items()}, len(table.ids)),
        public=public,
        public_mask=table.bits(public),
    )


class ArchiveStore:
    """Thread-safe access to the current snapshot of one index directory."""

    def __init__(self, index_dir: Path | str) -> None:
        self.index_dir = Path(index_dir)
        if not whoosh_index.exists_in(str(self.index_dir), indexname=INDEX_NAME):
            raise IndexNotFoundError(
                f"no index at {self.index_dir} "
                f"(build one with: python -m indexer build SOURCE --index {self.index_dir})"
            )
        self._ix = self._open()
        if sorted(self._ix.schema.names()) != sorted(build_schema().names()):
            raise IndexNotFoundError(
                f"the index at {self.index_dir} was built by another version of Archive Search; "
                f"rebuild it with: python -m indexer build SOURCE --index {self.index_dir}"
            )
        self._lock = threading.Lock()
        self._snapshot = load_snapshot(self._ix)

    def _open(self) -> whoosh_index.Index:
        return MappedFileStorage(str(self.index_dir)).open_index(INDEX_NAME)

    def snapshot(self) -> Snapshot:
        """The newest generation: a cheap TOC check per call, a reload only after a commit."""
        with self._lock:
            current = self._snapshot
            if current.searcher.up_to_date():
                return current
            self._ix = self._open()
            self._snapshot = load_snapshot(self._ix)
            return self._snapshot
