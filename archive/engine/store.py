"""Opening the index for reading: one searcher per view and process, refreshed only when the index changes.

An index directory holds two Whoosh indexes: PUBLIC (public documents) and INTERNAL (internal
ones). The public view opens PUBLIC alone, so every public answer (ranking statistics, spelling
words, wildcard expansions, related documents, the status page) is exactly what an archive built
without the internal documents would give: nothing internal can leak through a number. Staff search
both indexes' segments as one.

A `Snapshot` is one view of one index generation with everything a search needs in memory: the
searcher, each document's metadata (for facets, filters, sorting and result cards), the profile and
the build report. Facet counts and filters read its facet bitsets (archive/facet_table.py) instead
of walking stored fields per query, and a new generation replaces the snapshot as a whole, so a
search never mixes two generations.
"""

from __future__ import annotations

import json
import os
import threading
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh.reading import EmptyReader, IndexReader, MultiReader
from whoosh.searching import Searcher

from archive.engine.ranking import DEFAULT_RANKING, Ranking
from archive.engine.schema import DOC, build_schema
from archive.engine.spelling import Speller
from archive.engine.storage import MappedFileStorage
from archive.engine.vector_scoring import VectorScorer
from archive.facet_table import FacetTable
from archive.facets import FACETS
from archive.profile import Profile, ProfileError, parse_profile
from archive.words import slug

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
    """One index generation, loaded for searching."""

    searcher: Searcher
    generation: int
    docs: dict[str, dict[str, Any]]  # doc_id -> metadata (Document.metadata_dict + passage_count)
    docnums: dict[int, str]  # docnum of a document record -> doc_id
    docnum_of: dict[str, int]  # doc_id -> docnum of its document record
    profile: Profile
    build: dict[str, Any]
    table: FacetTable  # facet bitsets and sort orders, built once per generation
    vectors: VectorScorer  # scores of document queries as arrays, with this generation's term cache
    speller: Speller  # did-you-mean from this generation's words
    display: dict[str, dict[str, str]] = field(default_factory=dict)  # facet -> slug -> display form
    aliases: dict[str, str] = field(default_factory=dict)  # a document's former id -> its id now
    lock: threading.RLock = field(default_factory=threading.RLock)  # held while the searcher is in use
    include_internal: bool = False  # the staff view (public and internal documents) or the public one
    ranking: Ranking = DEFAULT_RANKING  # the settings its searcher scores with

    def label(self, facet: str, value: str) -> str:
        """The display form of a facet value (e.g. the most frequent casing of a hashtag)."""
        return self.display.get(facet, {}).get(slug(value), value)

    @cached_property
    def _language_masks(self) -> dict[str, np.ndarray]:
        """Per language, which documents (the facet table's order) are written in it (ISO 639-1;
        an unknown language counts as English, as the engine analyses it)."""
        languages = np.array([self.docs[doc_id].get("language") or "en" for doc_id in self.table.ids], dtype=object)
        languages[languages == "und"] = "en"
        return {str(language): languages == language for language in set(languages.tolist())}

    @property
    def document_languages(self) -> frozenset[str]:
        """The languages its documents are written in: what a query can usefully be translated into."""
        return frozenset(self._language_masks)

    def in_language(self, language: str) -> np.ndarray:
        """Per document (the facet table's order): whether it is written in `language`."""
        return self._language_masks.get(language, np.zeros(len(self.table.ids), dtype=bool))


# Metadata whose values have a display form: the facets matched by label, and speakers (`speaker:`).
DISPLAY_KEYS = (*(f.key for f in FACETS if f.match == "label"), "speakers")


def _display_forms(docs: dict[str, dict[str, Any]]) -> dict[str, dict[str, str]]:
    """Per facet, each slug's most frequent spelling across the archive (ties: first seen)."""
    forms: dict[str, dict[str, Counter[str]]] = {}
    for meta in docs.values():
        for facet in DISPLAY_KEYS:
            values = meta.get(facet) or []
            for value in [values] if isinstance(values, str) else values:
                forms.setdefault(facet, {}).setdefault(slug(value), Counter())[value] += 1
    return {f: {s: c.most_common(1)[0][0] for s, c in by_slug.items()} for f, by_slug in forms.items()}


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
    docs: dict[str, dict[str, Any]] = {}
    docnums: dict[int, str] = {}
    profile = Profile()
    build: dict[str, Any] = {}
    for docnum in searcher.document_numbers(rtype=DOC):
        meta = json.loads(searcher.stored_fields(docnum)["meta"])
        docs[meta["doc_id"]] = meta
        docnums[docnum] = meta["doc_id"]
    profile_fields = control.document(rid=PROFILE_RID)
    if profile_fields:
        try:
            profile = parse_profile(tomllib.loads(profile_fields["meta"]), "archive.toml (in index)")
        except (ProfileError, tomllib.TOMLDecodeError):
            profile = Profile()
    build_fields = control.document(rid=BUILD_RID)
    if build_fields:
        build = json.loads(build_fields["meta"])
    display = _display_forms(docs)
    table = FacetTable.build(docs, display)
    return Snapshot(
        searcher=searcher,
        generation=generation,
        docs=docs,
        docnums=docnums,
        docnum_of={d: n for n, d in docnums.items()},
        profile=profile,
        build=build,
        display=display,
        aliases={old: d for d, meta in docs.items() for old in meta.get("former_ids") or () if old not in docs},
        table=table,
        vectors=VectorScorer(searcher, {n: table.ordinal[d] for n, d in docnums.items()}, len(table.ids)),
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
        if sorted(public.schema.names()) != sorted(build_schema().names()):
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
