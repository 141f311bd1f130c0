"""Opening the index for reading: one searcher per view and process, refreshed only when the index changes.

An index directory holds two Whoosh indexes: PUBLIC (public documents) and INTERNAL (internal
ones). The public view opens PUBLIC alone, so every public answer (ranking statistics, spelling
words, wildcard expansions, related documents, the status page) is exactly what an archive built
without the internal documents would give: nothing internal can leak through a number. Staff search
both indexes' segments as one.

A `Snapshot` is one view of one index generation with everything a search needs in memory: the
engine's searcher and scorers, and the read side's catalog (archive/catalog.py: each document's
typed metadata, the profile, the build record and the facet bitsets that filters and counts read
instead of walking stored fields per query). A new generation replaces the snapshot as a whole, so
a search never mixes two generations.
"""

from __future__ import annotations

import json
import os
import threading
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.reading import EmptyReader, IndexReader, MultiReader
from whoosh.searching import Searcher

from archive.catalog import BuildRecord, Catalog, DocumentRecord
from archive.engine.ranking import DEFAULT_RANKING, Ranking
from archive.engine.schema import DOC, is_current_schema
from archive.engine.spelling import Speller
from archive.engine.storage import MappedFileStorage
from archive.engine.vector_scoring import VectorScorer
from archive.shared.profile import Profile, ProfileError, parse_profile

PUBLIC_INDEX = "PUBLIC"  # public documents only: every public answer is computed from it alone
INTERNAL_INDEX = "INTERNAL"  # internal documents only; staff search both as one
INDEX_NAMES = (PUBLIC_INDEX, INTERNAL_INDEX)
PROFILE_RID = "profile"
BUILD_RID = "build"
DEFAULT_INDEX_DIR = Path("var/index")


class IndexNotFoundError(FileNotFoundError):
    """No usable index at the given directory (missing, damaged, or from another version).

    `str()` is for the operator (it names the directory); `public_message` is what a visitor of the
    app may read: no server paths."""

    public_message = "The index is missing or damaged. Rebuild it with: python -m indexer build SOURCE"


class IndexDamagedError(IndexNotFoundError):
    """An index is there but cannot be read (a damaged table of contents or segment, or an index
    written by another version): unlike a missing one, it is not built over on the app's first run."""


def default_index_dir() -> Path:
    return Path(os.environ.get("ARCHIVE_INDEX") or DEFAULT_INDEX_DIR)


@dataclass
class Snapshot:
    """One index generation, loaded for searching: the engine's view of the index (searcher,
    document numbers, scorers, lock) beside the read side's typed catalog of its documents."""

    searcher: Searcher
    generation: int
    catalog: Catalog  # the documents this view may see, the profile, the build record, the facet table
    docnums: dict[int, str]  # docnum of a document record -> doc_id
    docnum_of: dict[str, int]  # doc_id -> docnum of its document record
    vectors: VectorScorer  # scores of document queries as arrays, with this generation's term cache
    speller: Speller  # did-you-mean from this generation's words
    lock: threading.RLock = field(default_factory=threading.RLock)  # held while the searcher is in use
    include_internal: bool = False  # the staff view (public and internal documents) or the public one
    ranking: Ranking = DEFAULT_RANKING  # the settings its searcher scores with


def load_snapshot(
    searcher: Searcher,
    control: Searcher,
    generation: int,
    *,
    include_internal: bool,
    ranking: Ranking = DEFAULT_RANKING,
) -> Snapshot:
    """Everything a search needs from `searcher`'s documents; the profile and build report come from
    the `control` searcher's records (the public index's report lists public files only)."""
    records: list[DocumentRecord] = []
    docnums: dict[int, str] = {}
    profile = Profile()
    for docnum in searcher.document_numbers(rtype=DOC):
        record = DocumentRecord.from_stored(json.loads(searcher.stored_fields(docnum)["meta"]))
        records.append(record)
        docnums[docnum] = record.doc_id
    profile_fields = control.document(rid=PROFILE_RID)
    if profile_fields:
        try:
            profile = parse_profile(tomllib.loads(profile_fields["meta"]), "archive.toml (in index)")
        except (ProfileError, tomllib.TOMLDecodeError):
            profile = Profile()
    build_fields = control.document(rid=BUILD_RID)
    build = BuildRecord.from_stored(json.loads(build_fields["meta"]) if build_fields else {})
    catalog = Catalog.of(records, profile, build)
    ordinal = catalog.table.ordinal
    return Snapshot(
        searcher=searcher,
        generation=generation,
        catalog=catalog,
        docnums=docnums,
        docnum_of={d: n for n, d in docnums.items()},
        vectors=VectorScorer(searcher, {n: ordinal[d] for n, d in docnums.items()}, len(catalog.table.ids)),
        speller=Speller(searcher.reader()),
        include_internal=include_internal,
        ranking=ranking,
    )


def _leaf_readers(ix: whoosh_index.Index) -> list[IndexReader]:
    reader = ix.reader()
    return [] if isinstance(reader, EmptyReader) else [r for r, _ in reader.leaf_readers()]


class ArchiveStore:
    """Thread-safe access to the current snapshots of one index directory: the public one, and the
    staff one (public and internal documents searched as one index), each loaded on first use and
    reloaded only after a build has committed."""

    def __init__(self, index_dir: Path | str, ranking: Ranking = DEFAULT_RANKING) -> None:
        self.index_dir = Path(index_dir)
        self.ranking = ranking
        self._lock = threading.Lock()
        self._snapshots: dict[bool, tuple[tuple[int, int], Snapshot]] = {}
        self._public_ix, self._internal_ix = self._open()

    def _missing(self, why: str, error: type[IndexNotFoundError] = IndexNotFoundError) -> IndexNotFoundError:
        return error(f"{why} (build one with: python -m indexer build SOURCE --index {self.index_dir})")

    def _open(self) -> tuple[whoosh_index.Index, whoosh_index.Index | None]:
        storage = MappedFileStorage(str(self.index_dir))
        try:
            if not whoosh_index.exists_in(str(self.index_dir), indexname=PUBLIC_INDEX):
                raise self._missing(f"no index at {self.index_dir}")
            public = storage.open_index(PUBLIC_INDEX)
            internal = (
                storage.open_index(INTERNAL_INDEX)
                if whoosh_index.exists_in(str(self.index_dir), indexname=INTERNAL_INDEX)
                else None
            )
        except IndexNotFoundError:
            raise
        except Exception as exc:  # a damaged table of contents or segment: Whoosh raises many kinds
            why = f"the index at {self.index_dir} is damaged and cannot be opened ({type(exc).__name__})"
            raise self._missing(why, IndexDamagedError) from exc
        if not is_current_schema(public.schema):
            why = f"the index at {self.index_dir} was built by another version of Archive Search"
            raise self._missing(why, IndexDamagedError)
        return public, internal

    def _generations(self) -> tuple[int, int]:
        try:
            internal = self._internal_ix.latest_generation() if self._internal_ix is not None else -1
            return self._public_ix.latest_generation(), internal
        except Exception as exc:  # the folder was removed or emptied under a running app
            raise self._missing(f"the index at {self.index_dir} is gone or damaged") from exc

    def _load(self, generations: tuple[int, int], include_internal: bool) -> Snapshot:
        try:
            weighting = self.ranking.weighting()
            public = self._public_ix.searcher(weighting=weighting)
            if not include_internal or self._internal_ix is None:
                return load_snapshot(
                    public, public, generations[0], include_internal=include_internal, ranking=self.ranking
                )
            control = self._internal_ix.searcher()
            readers = _leaf_readers(self._public_ix) + _leaf_readers(self._internal_ix)
            both = Searcher(MultiReader(readers), weighting=weighting)
            return load_snapshot(both, control, generations[0], include_internal=True, ranking=self.ranking)
        except IndexNotFoundError:
            raise
        except Exception as exc:
            why = f"the index at {self.index_dir} is damaged and cannot be read ({type(exc).__name__})"
            raise self._missing(why, IndexDamagedError) from exc

    def snapshot(self, include_internal: bool = False) -> Snapshot:
        """The newest generation of the public view (or, for staff, of both indexes): a cheap check of
        the tables of contents per call, a reload only after a commit."""
        with self._lock:
            try:
                generations = self._generations()
            except IndexNotFoundError:
                self._snapshots.clear()
                self._public_ix, self._internal_ix = self._open()  # rebuilt since? else raises again
                generations = self._generations()
            held = self._snapshots.get(include_internal)
            if held is not None and held[0] == generations:
                return held[1]
            if held is not None:  # a build has committed since: read the new tables of contents
                self._public_ix, self._internal_ix = self._open()
                generations = self._generations()
            snapshot = self._load(generations, include_internal)
            self._snapshots[include_internal] = (generations, snapshot)
            return snapshot
