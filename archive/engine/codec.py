"""How the build writes posting lists: a term found in only a few records keeps its postings inside
its term entry instead of in a block of the postings file of its own.

Most of an archive's terms are rare: of the 134,073 terms of 200 generated documents, 94% are in
fewer than 16 records (word pairs above all). Whoosh 2.7's writer gives every such term a posting block of
its own, pickled and zlib-compressed, and the reader decompresses and unpickles that block again for
each look-up. Whoosh's own codec can instead keep a short list in the term's entry ("inlining": the
term table stores ids, weights and values as one pickle, and reading it returns a plain list
matcher); here lists of fewer than INLINE_BELOW postings are kept so. Writing the segment of those
200 documents in one process, interleaved three times: 12.1 / 12.2 / 11.7 s CPU with blocks, 9.4 / 7.4
/ 8.0 s inlined. The index is not smaller (an inlined list is pickled uncompressed): 1.7% smaller for
those 200 documents, 3% larger at 2,000 (benchmarks/performance.py).

Merging segments (an incremental build's commit merges small ones) reads every posting back through
Whoosh's public `iter_postings`: an inlined list of a field that stores no value per posting (an ID
field) says "" where a block says None, and Whoosh's posting pool refuses "" (a str, not bytes). Every
writer the build opens is an InlineAwareSegmentWriter, which hands the pool None there, as from a block.

Whoosh 2.7.4's writer calls the term entry's `set_inline`, a method its term entry class names
`set_inlined` (a typo that makes its `inlinelimit` option crash on the first short list), so this module
gives the class the name its writer calls. A Whoosh that has neither name writes every list as
blocks (the codec's default), which every reader of either kind reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3TermInfo
from whoosh.writing import SegmentWriter

INLINE_BELOW = 16  # postings; a Whoosh posting block holds up to 128


def _inlining_works() -> bool:
    """Whether this Whoosh's term entry has the method its writer calls for an inlined list, giving
    it that name first where only the misspelled one exists (once; later calls find it)."""
    if not hasattr(W3TermInfo, "set_inline") and hasattr(W3TermInfo, "set_inlined"):
        W3TermInfo.set_inline = W3TermInfo.set_inlined
    return hasattr(W3TermInfo, "set_inline")


def writing_codec() -> W3Codec:
    """The codec new segments are written with: Whoosh's own, short posting lists inlined. (Only
    writing differs: a segment records its codec, and any Whoosh 2.7 reader reads inlined lists.)"""
    return W3Codec(inlinelimit=INLINE_BELOW) if _inlining_works() else W3Codec()


class InlineAwareSegmentWriter(SegmentWriter):
    """Whoosh's segment writer, merging segments with inlined lists as it merges blocks."""

    def add_postings_to_pool(self, reader: Any, startdoc: int, docmap: Any) -> None:
        super().add_postings_to_pool(_BlockValues(reader), startdoc, docmap)


class _BlockValues:
    """A segment reader's postings as the merge reads them, with an inlined list's "" for "no value"
    given as None, what a block gives."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes | None]]:
        for fieldname, btext, docnum, weight, value in self._reader.iter_postings():
            yield fieldname, btext, docnum, weight, None if value == "" else value
