"""Facet values as bitsets, built once per index generation, so filters and counts cost no per-document work.

Each document gets an ordinal (its position in doc_id order); a set of documents is a Python int with
bit `ordinal` set. Every facet value (a hashtag, a topic, a year...) has the bitset of its documents,
so a filter is an OR of a few bitsets, combining facets is an AND, and a count is `bit_count()` of
an AND: a handful of machine-word operations per value instead of a dictionary walk per matching
document. At 10,000 documents a bitset is 1.25 KB and all facet counts of one search take about a
millisecond, where walking the metadata of every matching document took tens.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from archive.facets import FACET_NAMES, FACETS
from archive.shared import dates
from archive.shared.words import slug

if TYPE_CHECKING:  # the catalog builds its table: a run-time import would be circular
    from archive.catalog import DocumentRecord


@dataclass
class FacetTable:
    """One generation's documents by ordinal, the bitsets of every facet value, and sort orders."""

    ids: tuple[str, ...]  # ordinal -> doc_id
    ordinal: dict[str, int]
    masks: dict[str, dict[str, int]]  # facet -> value slug -> bitset of documents
    labels: dict[str, dict[str, str]]  # facet -> value slug -> display label
    starts: tuple[date | None, ...]  # ordinal -> first day of the document's date
    newest: tuple[int, ...]  # ordinals, newest first (ties: title, id)
    oldest: tuple[int, ...]  # ordinals, oldest first, undated last
    _date_masks: dict[tuple[date | None, date | None], int] = field(default_factory=dict)

    @classmethod
    def build(cls, docs: Mapping[str, DocumentRecord], display: Mapping[str, Mapping[str, str]]) -> FacetTable:
        ids = tuple(sorted(docs))
        masks: dict[str, dict[str, int]] = {name: {} for name in FACET_NAMES}
        labels: dict[str, dict[str, str]] = {name: {} for name in FACET_NAMES}
        starts: list[date | None] = []
        for n, doc_id in enumerate(ids):
            record = docs[doc_id]
            start = dates.start_of(record.date) if record.date else None
            starts.append(start)
            bit = 1 << n
            for facet in FACETS:
                name = facet.name
                for raw in facet.values_of(record, start):
                    key = slug(raw)
                    masks[name][key] = masks[name].get(key, 0) | bit
                    labels[name].setdefault(key, display.get(name, {}).get(key, raw))
        titles = [docs[d].title.casefold() for d in ids]
        day = [s.toordinal() if s else 0 for s in starts]
        everyone = range(len(ids))
        newest = sorted(everyone, key=lambda n: (-day[n], titles[n], ids[n]))
        oldest = sorted((n for n in everyone if starts[n]), key=lambda n: (day[n], titles[n], ids[n]))
        oldest += [n for n in everyone if not starts[n]]
        return cls(ids, {d: n for n, d in enumerate(ids)}, masks, labels, tuple(starts), tuple(newest), tuple(oldest))

    def _flags(self, mask: int) -> bytes:
        """A bitset as bytes, bit n in byte n >> 3: cheap to test one document at a time."""
        return mask.to_bytes((len(self.ids) + 7) // 8, "little")

    def bits(self, doc_ids: Iterable[str]) -> int:
        """The bitset of these documents (unknown ids are ignored)."""
        flags = bytearray(self._flags(0))
        ordinal = self.ordinal
        for doc_id in doc_ids:
            n = ordinal.get(doc_id)
            if n is not None:
                flags[n >> 3] |= 1 << (n & 7)
        return int.from_bytes(flags, "little")

    def bits_of_array(self, flags: np.ndarray) -> int:
        """The bitset of a boolean array indexed by ordinal (archive/engine/vector_scoring.py's form)."""
        return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")

    def array_of_bits(self, mask: int) -> np.ndarray:
        """A bitset as a boolean array indexed by ordinal."""
        packed = np.frombuffer(self._flags(mask), dtype=np.uint8)
        return np.unpackbits(packed, bitorder="little", count=len(self.ids)).astype(bool)

    def in_order(self, mask: int, order: tuple[int, ...], limit: int | None = None) -> list[str]:
        """The documents of a bitset in a precomputed order, stopping after `limit` of them."""
        flags = self._flags(mask)
        out: list[str] = []
        for n in order:
            if flags[n >> 3] >> (n & 7) & 1:
                out.append(self.ids[n])
                if limit is not None and len(out) == limit:
                    break
        return out

    def any_of(self, facet: str, slugs: Iterable[str]) -> int:
        """Documents with at least one of these values of a facet (OR within a facet)."""
        mask, values = 0, self.masks.get(facet, {})
        for value in slugs:
            mask |= values.get(value, 0)
        return mask

    def dated_between(self, low: date | None, high: date | None) -> int:
        """Documents whose date starts within [low, high]; undated documents never pass a date filter."""
        key = (low, high)
        if key not in self._date_masks:
            if len(self._date_masks) > 256:  # a bounded cache: ranges are typed by users
                self._date_masks.clear()
            self._date_masks[key] = self.bits(
                self.ids[n]
                for n, start in enumerate(self.starts)
                if start is not None and not (low and start < low) and not (high and start > high)
            )
        return self._date_masks[key]

    def counts(self, facet: str, mask: int) -> dict[str, int]:
        """Documents of `mask` per value of one facet, by display label, zero counts left out."""
        counted: dict[str, int] = {}
        labels = self.labels[facet]
        for value, value_mask in self.masks[facet].items():
            found = (mask & value_mask).bit_count()
            if found:
                label = labels[value]
                counted[label] = counted.get(label, 0) + found
        return counted
