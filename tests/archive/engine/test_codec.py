"""Short posting lists are written inside their terms' entries, and read back exactly as the blocks
Whoosh writes by default would be."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import fields, index
from whoosh.codec.whoosh3 import W3Codec, W3TermInfo
from whoosh.query import Phrase, Term
from whoosh.writing import SegmentWriter

from archive.engine import codec
from archive.engine.codec import INLINE_BELOW, writing_codec

SCHEMA = fields.Schema(id=fields.ID(stored=True), body=fields.TEXT(), tags=fields.KEYWORD())


def written(folder: Path, chosen: W3Codec) -> index.Index:
    """The same records in a fresh index: "common" in INLINE_BELOW of them, "rare" in two."""
    ix = index.create_in(folder, SCHEMA)
    writer = SegmentWriter(ix, codec=chosen)
    for n in range(INLINE_BELOW + 4):
        words = ["common"] * (n % 3 + 1) + (["rare", "words", "together"] if n in (3, 11) else ["filler"])
        if n < INLINE_BELOW:
            words.append("often")
        writer.add_document(id=str(n), body=" ".join(words), tags=f"t{n % 2}")
    writer.commit()
    return ix


def postings(ix: index.Index) -> dict[tuple[str, bytes], list[tuple[int, float, bytes | None]]]:
    with ix.reader() as reader:
        out = {}
        for fieldname, btext in reader.all_terms():
            matcher = reader.postings(fieldname, btext)
            items = []
            while matcher.is_active():
                # a field that stores no value per posting (an ID field) reads None from a block, "" from a list
                items.append((matcher.id(), matcher.weight(), matcher.value() or None))
                matcher.next()
            out[(fieldname, btext)] = items
        return out


def test_short_lists_are_inlined_and_long_ones_are_blocks(tmp_path: Path) -> None:
    ix = written(tmp_path, writing_codec())
    with ix.reader() as reader:
        assert reader.term_info("body", "rare").is_inlined()
        assert reader.doc_frequency("body", "often") == INLINE_BELOW
        assert not reader.term_info("body", "often").is_inlined()


def test_every_posting_reads_back_as_whoosh_wrote_it_by_default(tmp_path: Path) -> None:
    (tmp_path / "inlined").mkdir()
    (tmp_path / "blocks").mkdir()
    ours, theirs = written(tmp_path / "inlined", writing_codec()), written(tmp_path / "blocks", W3Codec())
    assert postings(ours) == postings(theirs)
    for query in (Term("body", "rare"), Term("body", "common"), Phrase("body", ["rare", "words"]), Term("tags", "t1")):
        with ours.searcher() as a, theirs.searcher() as b:
            found = [(hit["id"], hit.score) for hit in a.search(query, limit=None)]
            assert found == [(hit["id"], hit.score) for hit in b.search(query, limit=None)]
            assert found, query


def test_a_whoosh_without_the_term_entrys_inline_method_writes_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(W3TermInfo, "set_inline", raising=False)
    monkeypatch.delattr(W3TermInfo, "set_inlined")
    assert not codec._inlining_works()
    chosen = writing_codec()
    assert chosen._inlinelimit == W3Codec()._inlinelimit


@pytest.mark.parametrize("processes", [1, 2])
def test_segments_with_inlined_lists_merge(tmp_path: Path, processes: int) -> None:
    """An incremental build's commit merges small segments, reading their postings back: an inlined
    list of an ID field gives "" for its missing values, which Whoosh's posting pool refused."""
    from archive.engine.writer import _writer

    ix = index.create_in(tmp_path, SCHEMA)
    for n in range(3):
        writer = _writer(ix, 1)
        writer.add_document(id=f"d{n}", body=f"rare words {n}", tags="t1")
        writer.commit(merge=False)
    assert len(ix.reader().leaf_readers()) == 3
    writer = _writer(ix, processes)
    writer.commit(optimize=True)
    assert ix.doc_count() == 3 and len(ix.reader().leaf_readers()) == 1
    with ix.searcher() as searcher:
        assert [hit["id"] for hit in searcher.search(Term("body", "rare"), limit=None, sortedby="id")] == [
            "d0",
            "d1",
            "d2",
        ]
        assert [hit["id"] for hit in searcher.search(Term("id", "d1"))] == ["d1"]
