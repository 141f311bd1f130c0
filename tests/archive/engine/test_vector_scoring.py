"""Array scoring gives Whoosh's own matches and scores, and a page of results is the top of the full
ranking, on an index with several segments and deleted documents."""

from __future__ import annotations

import random

import pytest
from whoosh import query as wq

from archive import Archive, SearchRequest
from archive.engine.bounds import cap_expansions
from archive.engine.evaluate import _live_in_one_segment, passage_numbers, to_passage_query, whoosh_scores
from archive.engine.phrases import phrases_as_pairs
from archive.engine.translate import compile_query
from archive.engine.vector_scoring import stepped_scores
from archive.query import parse_query
from benchmarks.make_scale_corpus import make
from indexer.build import build
from tests.archive.engine.test_private_names import without

WORDS = ["immigrants", "detention", "justice", "police", "community", "families", "deportation", "covid"]
QUERIES = [
    "immigrants",
    "detention justice",
    '"immigrant justice"',
    '"end the detention"',
    "#FreeThemAll",
    "org:ILRC detention",
    "immigrants AND police",
    "immigrants -police",
    "(justice OR families) AND NOT covid",
    "deportation ANDMAYBE community",
    "ICE",
    "title:justice",
    "zzzznotaword",
    "detention^3 police",
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    """A generated archive built twice, the second time after changing some files, so the index
    has more than one segment and deleted records."""
    src = tmp_path_factory.mktemp("vector-src")
    index = tmp_path_factory.mktemp("vector-index")
    make(40, src)
    assert build([src], index, progress=False).failed == []
    for path in sorted(src.rglob("*.vtt"))[:3]:
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert build([src], index, progress=False).updated
    loaded = Archive(index)
    assert len(loaded.snapshot().searcher.reader().leaf_readers()) > 1
    assert loaded.snapshot().searcher.reader().has_deletions()
    return loaded


def random_queries(n: int) -> list[str]:
    rng = random.Random(5)
    out = []
    for _ in range(n):
        words = rng.sample(WORDS, rng.randint(1, 3))
        joint = rng.choice([" ", " AND ", " OR ", " -"])
        out.append(joint.join(words) if joint != " -" else f"{words[0]} -{words[-1]}")
    return out


@pytest.mark.parametrize("text", QUERIES + random_queries(30))
def test_array_scores_equal_whoosh_scores(archive: Archive, text: str) -> None:
    snapshot = archive.snapshot()
    compiled = compile_query(parse_query(text, snapshot.catalog).query)
    if compiled is None:
        pytest.fail(f"{text!r} parsed to nothing")
    query = phrases_as_pairs(cap_expansions(compiled.whoosh, snapshot.searcher.reader())[0])
    ours, timedout = snapshot.vectors.evaluate(query, 5.0)
    if ours is None:
        assert isinstance(query, wq.Not) or any(isinstance(q, wq.Not) for q in query.children()), query
        return
    whoosh, _ = whoosh_scores(snapshot, query)
    assert not timedout
    assert ours.matched.tolist() == whoosh.matched.tolist()
    assert ours.scores == pytest.approx(whoosh.scores, rel=1e-9, abs=1e-12)


def test_queries_with_unsupported_parts_are_left_to_whoosh(archive: Archive) -> None:
    snapshot = archive.snapshot()
    assert snapshot.vectors.evaluate(wq.Prefix("body", "immigr"), 5.0) == (None, False)
    assert snapshot.vectors.evaluate(wq.Not(wq.Term("body", "polic")), 5.0) == (None, False)
    # a Spanish phrase of words the field lacks matches nothing, without word positions
    scored, _ = snapshot.vectors.evaluate(wq.Phrase("body_es", ["zzz", "qqq"]), 5.0)
    assert scored is not None and not scored.matched.any()
    # and the public search still answers both kinds
    assert archive.search(SearchRequest(query="immigr*")).to_json()["total"] > 0
    everything = archive.search(SearchRequest()).to_json()["total"]
    assert archive.search(SearchRequest(query="-zzzznotaword")).to_json()["total"] == everything


@pytest.mark.parametrize("text", ["immigrants", "detention justice", "#FreeThemAll", "org:ILRC", "police -covid"])
def test_every_page_is_the_matching_slice_of_the_full_ranking(archive: Archive, text: str) -> None:
    full = archive.result_ids(SearchRequest(query=text))
    assert full, text
    for page in (1, 2, 3):
        data = archive.search(SearchRequest(query=text, page=page, per_page=7)).to_json()
        assert [r["doc_id"] for r in data["results"]] == full[(page - 1) * 7 : page * 7]
        assert data["total"] == len(full)


def test_equal_scores_are_ranked_newest_first_across_the_page_boundary(archive: Archive) -> None:
    """A search on a facet field gives every matching document the same score; the page must hold
    the newest of them, not whichever ones a top-N selection happened to keep."""
    snapshot = archive.snapshot()
    data = archive.search(SearchRequest(query="kind:statement", per_page=3)).to_json()
    tied = archive.search(SearchRequest(query="kind:statement", per_page=100)).to_json()["results"]
    best = max(r["score"] for r in tied)
    top_tied = [r for r in tied if r["score"] == best]
    assert len(top_tied) > 3, "the fixture should have more tied documents than a page"
    starts = {r["doc_id"]: snapshot.catalog.table.starts[snapshot.catalog.table.ordinal[r["doc_id"]]] for r in top_tied}
    newest = sorted(
        top_tied, key=lambda r: (-(starts[r["doc_id"]].toordinal() if starts[r["doc_id"]] else 0), r["doc_id"])
    )
    assert [r["doc_id"] for r in data["results"]] == [r["doc_id"] for r in newest[:3]]


@pytest.mark.parametrize("text", QUERIES + random_queries(20))
def test_a_pages_passages_score_as_whoosh_scores_them(archive: Archive, text: str) -> None:
    """The passages of a page of documents, scored from their posting blocks only, match and rank
    exactly as Whoosh's own matcher stepping to each of them (phrases included)."""
    snapshot = archive.snapshot()
    compiled = compile_query(parse_query(text, snapshot.catalog).query)
    passage_query = to_passage_query(compiled.whoosh if compiled else None)
    if passage_query is None:
        return
    query = phrases_as_pairs(cap_expansions(passage_query, snapshot.searcher.reader())[0])
    page = archive.result_ids(SearchRequest(query=text))[:10] or list(snapshot.catalog.documents)[:10]
    numbers = sorted(n for d in page for n in passage_numbers(snapshot, d))
    ours = snapshot.vectors.records(numbers).scored(query, 5.0)
    whoosh = stepped_scores(snapshot.searcher, query, numbers)
    assert [n for n, _ in ours] == [n for n, _ in whoosh]
    assert [s for _, s in ours] == pytest.approx([s for _, s in whoosh], rel=1e-9, abs=1e-12)


def test_passages_score_the_same_from_remembered_blocks_of_every_segment(archive: Archive) -> None:
    """Scored again with its posting blocks already decoded (kept for the generation), a set of
    passages spread over several segments scores as Whoosh scores it; blocks at the same place in
    different segments' files are remembered apart."""
    snapshot = archive.snapshot()
    numbers = sorted(n for d in snapshot.catalog.documents for n in passage_numbers(snapshot, d))
    query = to_passage_query(compile_query(parse_query("detention justice immigrants", snapshot.catalog).query).whoosh)
    whoosh = stepped_scores(snapshot.searcher, query, numbers)
    assert len(whoosh) > 50
    for _ in range(2):
        ours = snapshot.vectors.records(numbers).scored(query, 5.0)
        assert [n for n, _ in ours] == [n for n, _ in whoosh]
        assert [s for _, s in ours] == pytest.approx([s for _, s in whoosh], rel=1e-9, abs=1e-12)
    remembered_from = {segment for segment, _ in snapshot.vectors._decoded}
    assert len(remembered_from) > 1
    assert remembered_from <= {offset for _, offset in snapshot.searcher.reader().leaf_readers()}


def test_passage_numbers_are_the_records_of_the_document(archive: Archive) -> None:
    """Read from the layout (a document's passages follow its record) or from its doc_id postings,
    a document's passage records are the same, on an index with several segments and deletions."""
    snapshot = archive.snapshot()
    searcher = snapshot.searcher
    for doc_id in snapshot.catalog.documents:
        own = snapshot.docnum_of[doc_id]
        by_postings = sorted(n for n in searcher.docs_for_query(wq.Term("doc_id", doc_id)) if n != own)
        assert passage_numbers(snapshot, doc_id) == by_postings
        assert len(by_postings) == snapshot.catalog.documents[doc_id].passage_count


def test_a_run_across_a_segment_end_or_over_deleted_records_is_not_taken(archive: Archive) -> None:
    searcher = archive.snapshot().searcher
    _, (second, offset) = searcher.reader().leaf_readers()[:2]
    assert not _live_in_one_segment(searcher, range(offset - 1, offset + 1))
    assert _live_in_one_segment(searcher, range(offset, offset + 1)) != second.is_deleted(0)
    deleted = next(
        n
        for leaf, start in searcher.reader().leaf_readers()
        for n in range(start, start + leaf.doc_count_all())
        if leaf.is_deleted(n - start)
    )
    assert not _live_in_one_segment(searcher, range(deleted, deleted + 1))


@pytest.mark.parametrize("missing", [None, "_perdoc"])
def test_each_record_is_live_as_whoosh_says_with_or_without_the_deletion_set(
    archive: Archive, missing: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every single record is taken exactly when Whoosh says it is live (its segment's deletions are
    listed at once, or, in a Whoosh without that private name, by its live records)."""
    if missing:
        without(monkeypatch, missing)
    searcher = Archive(archive.store.index_dir).snapshot().searcher  # a new reader: nothing cached
    reader = searcher.reader()
    live = [
        not leaf.is_deleted(n) for leaf, _ in reader.leaf_readers() for n in range(leaf.doc_count_all())
    ]
    assert not all(live)
    assert [_live_in_one_segment(searcher, range(n, n + 1)) for n in range(reader.doc_count_all())] == live


SPANISH = "La detención de familias inmigrantes es injusta. Las familias merecen justicia y libertad. " * 6
FRENCH = "La détention des familles immigrées est injuste. Les familles méritent la justice et la liberté. " * 6


def test_phrases_of_fields_without_word_pairs_are_scored_as_arrays(tmp_path) -> None:
    """A phrase in Spanish or unstemmed text is read from word positions only on the records that
    hold all its words; the rest of the query stays arrays, and the scores are Whoosh's own."""
    src, index = tmp_path / "src", tmp_path / "index"
    src.mkdir()
    for name, language, text in [("es", "es", SPANISH), ("fr", "fr", FRENCH), ("es2", "es", SPANISH[::-1])]:
        page = (
            f"<html lang='{language}'><head><title>{name}</title></head><body><main><p>{text}</p></main></body></html>"
        )
        (src / f"{name}.html").write_text(page, encoding="utf-8")
    assert build([src], index, progress=False).failed == []
    snapshot = Archive(index).snapshot()
    for field, words in [("body_es", ["famili", "merec"]), ("body_plain", ["familles", "meritent"])]:
        phrase = wq.Phrase(field, words)
        query = wq.Or([phrase, wq.Term("title", "es")])
        ours, _ = snapshot.vectors.evaluate(query, 5.0)
        assert ours is not None, field
        whoosh, _ = whoosh_scores(snapshot, query)
        assert ours.matched.tolist() == whoosh.matched.tolist()
        assert ours.matched.sum() >= 1
        assert ours.scores == pytest.approx(whoosh.scores, rel=1e-9, abs=1e-12)
        # the words apart, not side by side, are not the phrase
        assert not snapshot.vectors.evaluate(wq.Phrase(field, words[::-1]), 5.0)[0].matched.any()


def test_the_index_holds_short_lists_in_term_entries_and_long_ones_in_blocks(archive: Archive) -> None:
    """So the comparisons above read both kinds of posting list (archive.engine.codec)."""
    kinds = {
        segment.term_info(fieldname, btext).is_inlined()
        for segment, _ in archive.snapshot().searcher.reader().leaf_readers()
        for fieldname, btext in segment.all_terms()
    }
    assert kinds == {True, False}
