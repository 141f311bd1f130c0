"""Each field's postings from the once-analysed text are exactly what Whoosh's own analyzer and
format give for that field's value, in the same order (the order decides which encoded value
Whoosh writes with the spelling words), on texts built to hit the edges: leading stop words
(Whoosh keeps the first kept word's raw position), passages of only stop words or no words, dotted
abbreviations, accents, characters whose lower case differs in length, and Spanish documents."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from archive.engine.records import document_records
from archive.engine.schema import build_schema
from archive.engine.terms import TermCache, analyse_document
from archive.shared.model import Document, Passage

SCHEMA = build_schema()
PIECES = [
    "the",
    "The",
    "of",
    "and",
    "a",
    "detention",
    "Detained",
    "deportations",
    "U.S.",
    "U.S.-Mexico",
    "287(g)",
    "#FreeThemAll",
    "Deportación",
    "niñas",
    "İstanbul",
    "ΣΟΦΟΣ",
    "straße",
    "ﬁnal",
    "e.g.",
    "3.5",
    "_under_score",
    "...",
    "—",
    "\n\n",
    "\n",
    "   ",
]
texts = st.lists(st.sampled_from(PIECES), max_size=30).map(" ".join)


def _document(title: str, passages: list[str], *, language: str, visibility: str) -> Document:
    return Document(
        doc_id="d1",
        kind="pdf",
        title=title,
        source_path="d1.pdf",
        language=language,
        visibility=visibility,
        passages=[Passage(text) for text in passages],
    )


def assert_same_as_whoosh(doc: Document) -> None:
    records = list(document_records(doc, analyse_document(doc, SCHEMA, TermCache())))
    assert len(records) == 1 + len(doc.passages)
    checked = 0
    for record in records:
        for name, field in record.analysed.items():
            whoosh_field = SCHEMA[name]
            assert field.postings == list(whoosh_field.index(record.fields[name])), name
            checked += 1
    assert checked  # words at least: the comparison ran


@settings(max_examples=300, deadline=None)
@given(
    title=texts,
    passages=st.lists(texts, min_size=1, max_size=5),
    language=st.sampled_from(["en", "es"]),
    visibility=st.sampled_from(["public", "internal"]),
)
def test_postings_equal_whooshs_own_analysis(title: str, passages: list[str], language: str, visibility: str) -> None:
    if visibility == "internal" and language == "es":
        visibility = "public"  # nothing would be analysed here: Whoosh analyses all of it
    assert_same_as_whoosh(_document(title, passages, language=language, visibility=visibility))


def test_leading_stop_words_shift_positions_as_whoosh_does() -> None:
    doc = _document("t", ["the of and", "The detention of families", "families"], language="en", visibility="public")
    assert_same_as_whoosh(doc)
    body = dict((p[0], p) for p in analyse_document(doc, SCHEMA, TermCache()).document["body"].postings)
    # "detention" is the 5th word of the whole text and the first kept one: Whoosh numbers it 4
    assert SCHEMA["body"].format.decode_positions(body[b"detent"][3]) == [4]
    assert SCHEMA["body"].format.decode_positions(body[b"famili"][3]) == [5, 6]


def test_pairs_span_passages_in_the_document_but_not_in_a_passage() -> None:
    doc = _document("t", ["police transfers", "detention"], language="en", visibility="internal")
    analysis = analyse_document(doc, SCHEMA, TermCache())
    document, (first, second) = analysis.document, analysis.passages
    assert [p[0] for p in document["body_pairs"].postings] == [b"polic transfer", b"transfer detent"]
    assert [p[0] for p in first["ptext_pairs"].postings] == [b"polic transfer"]
    assert second["ptext_pairs"].postings == []
    assert [p[0] for p in document["words"].postings] == [b"t", b"police", b"transfers", b"detention"]
