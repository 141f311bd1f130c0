"""A word's matches in a document's fields saturated together (archive/engine/bm25f.py), on a real
index of invented pages."""

from __future__ import annotations

import pytest
from whoosh import query as wq

from archive import Archive, SearchRequest
from archive.engine import compile_query, evaluate
from archive.engine.bm25f import AcrossFields
from archive.engine.ranking import average_field_length
from archive.query import parse_query
from tests.conftest import titled_archive

# Invented pages: the FAQ names the rule in its title and all through its text; the update holds
# every word of the query in its text once.
PAGES = {
    "faq.html": (
        "Public charge questions and answers",
        "What is public charge? The public charge rule decides who may get a green card. Public charge "
        "is assessed when a person applies. Ask us about public charge before you apply.",
    ),
    "update.html": (
        "A new rule for families",
        "Under the new public charge rule, Medicaid and SNAP no longer count against a family's application.",
    ),
    "bond.html": ("Bond hearings", "A judge sets the bond at a hearing; families pay it to free a relative."),
    "vigil.html": ("A vigil", "Neighbours held a vigil outside the detention center on Sunday."),
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    return titled_archive(tmp_path_factory, "bm25f", PAGES)


def test_a_title_and_body_full_of_two_words_do_not_outrank_a_text_holding_every_word(archive: Archive) -> None:
    """Scored field by field and added, "public charge" in the FAQ's title and text counted twice
    over, each field saturated on its own, and the FAQ came first."""
    ranked = [r.doc_id for r in archive.search(SearchRequest(query="public charge Medicaid SNAP")).results]
    assert ranked[:2] == ["update.html", "faq.html"]


def test_a_word_in_title_and_body_scores_bm25f_as_published(archive: Archive) -> None:
    snapshot = archive.snapshot()
    searcher = snapshot.searcher
    compiled = compile_query(parse_query("charge", snapshot.catalog).query)
    assert compiled is not None and isinstance(compiled.whoosh, AcrossFields)
    found = evaluate(snapshot, compiled).scored
    ordinal = snapshot.catalog.table.ordinal["faq.html"]
    docnum = next(n for n, doc_id in snapshot.docnums.items() if doc_id == "faq.html")
    weighting = searcher.weighting
    frequency = idf_mass = 0.0
    for term in compiled.whoosh.subqueries:
        assert isinstance(term, wq.Term)
        btext = searcher.schema[term.fieldname].to_bytes(term.text)
        if (term.fieldname, btext) not in searcher.reader():
            continue
        postings = dict(searcher.postings(term.fieldname, btext).items_as("weight"))
        if docnum not in postings:
            continue
        b = weighting._field_B.get(term.fieldname, weighting.B)
        length = searcher.reader().doc_field_length(docnum, term.fieldname, 1) or 1
        normalised = postings[docnum] / ((1 - b) + b * length / average_field_length(searcher, term.fieldname))
        frequency += normalised
        idf_mass += normalised * searcher.idf(term.fieldname, btext)
    assert {t.fieldname for t in compiled.whoosh.subqueries} >= {"title", "body"} and frequency > 0
    expected = idf_mass * (weighting.K1 + 1) / (frequency + weighting.K1)
    assert found.scores[ordinal] == pytest.approx(expected)
    # saturated once: never more than one word's ceiling, (k1 + 1) times the largest idf
    ceiling = (weighting.K1 + 1) * max(
        searcher.idf(t.fieldname, searcher.schema[t.fieldname].to_bytes(t.text)) for t in compiled.whoosh.subqueries
    )
    assert found.scores[ordinal] < ceiling


def test_a_word_found_in_one_field_scores_as_that_fields_bm25(archive: Archive) -> None:
    snapshot = archive.snapshot()
    compiled = compile_query(parse_query("vigil", snapshot.catalog).query)
    body_only = compile_query(parse_query("body:vigil", snapshot.catalog).query)
    assert compiled is not None and body_only is not None
    ordinal = snapshot.catalog.table.ordinal["vigil.html"]
    title_and_body = evaluate(snapshot, compiled).scored.scores[ordinal]
    title_only = evaluate(snapshot, compile_query(parse_query("title:vigil", snapshot.catalog).query)).scored
    both_fields = title_only.scores[ordinal] + evaluate(snapshot, body_only).scored.scores[ordinal]
    assert 0 < title_and_body < both_fields  # found in two fields: less than the two added
    bond = compile_query(parse_query("relative", snapshot.catalog).query)  # in bond.html's text only
    assert bond is not None
    body = compile_query(parse_query("body:relative", snapshot.catalog).query)
    assert body is not None
    bond_ordinal = snapshot.catalog.table.ordinal["bond.html"]
    assert evaluate(snapshot, bond).scored.scores[bond_ordinal] == pytest.approx(
        evaluate(snapshot, body).scored.scores[bond_ordinal]
    )
