"""A translated query's words weighed as concepts (archive/engine/concepts.py), on a real index of
invented pages: five English pages on asylum, and two Spanish ones, one of them on asylum."""

from __future__ import annotations

import pytest
from whoosh import query as wq

from archive import Archive, SearchRequest
from archive.engine import as_concepts, compile_query
from archive.engine.ranking import field_records, rsj_idf
from archive.query import parse_query
from tests.conftest import titled_archive

# Invented pages. "asylum-hearings" and "asilo-audiencias" say the same in two languages.
PAGES = {
    "asylum-hearings.html": ("Hearings", "Families wait months for their asylum hearings in court."),
    "asylum-office.html": ("The office", "The asylum office closed its doors to new interviews this spring."),
    "asylum-clinic.html": ("A clinic", "Volunteers at the clinic help people fill in asylum forms."),
    "asylum-letter.html": ("A letter", "Our letter asks the agency to process every asylum case on time."),
    "asylum-report.html": ("A report", "The report counts the asylum cases decided in each city."),
    "asilo-audiencias.html": ("Audiencias", "Las familias esperan meses sus audiencias de asilo en la corte."),
    "fianza.html": ("Fianza", "El fondo de fianza paga la fianza de las personas detenidas por inmigración."),
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    found = titled_archive(tmp_path_factory, "concept", PAGES)
    languages = {doc_id: meta.language for doc_id, meta in found.catalog().documents.items()}
    assert sorted(doc for doc, language in languages.items() if language == "es") == ["asilo-audiencias.html", "fianza.html"]
    return found


def _boosts(query: wq.Query) -> dict[str, float]:
    return {f"{t.fieldname}:{t.text}": t.boost for t in query.leaves() if isinstance(t, wq.Term)}


def test_a_translated_word_takes_the_idf_of_its_concept(archive: Archive) -> None:
    snapshot = archive.snapshot()
    compiled = compile_query(parse_query("asilo", snapshot.catalog).query)
    assert compiled is not None
    weighed = _boosts(as_concepts(snapshot, compiled, [("asilo", "asylum", "en")]).whoosh)
    records = field_records(snapshot.searcher, "body_es")
    # one Spanish page holds "asilo", five English pages "asylum": the concept is in six of seven
    assert weighed["body_es:asil"] == pytest.approx(rsj_idf(records, 6) / rsj_idf(records, 1))
    assert weighed["body_es:asil"] < 0.2
    # a word without a partner, or a partner no page holds, is left as it was
    assert as_concepts(snapshot, compiled, []) == compiled
    assert as_concepts(snapshot, compiled, [("asilo", "zzzunknown", "en")]) == compiled


def test_a_page_in_the_smaller_language_does_not_outrank_the_same_page_in_the_query_language(
    archive: Archive,
) -> None:
    """Before: "asilo" (in 1 of 2 Spanish pages) weighed 1.67 against "asylum" (in 5 of 5 English
    pages) 0.37, so the Spanish page, saying what the English one says, came first for an English
    query."""
    page = archive.search(SearchRequest(query="asylum families"))
    assert [t.text for t in page.translations] == ["familias de asilo"]
    ranked = [r.doc_id for r in page.results]
    assert ranked[0] == "asylum-hearings.html"
    assert ranked.index("asilo-audiencias.html") > 0  # still found, through the translation


def test_the_typed_query_ranks_its_own_language_as_it_would_untranslated(archive: Archive) -> None:
    def english(cross_language: bool) -> list[tuple[str, float]]:
        page = archive.search(SearchRequest(query="asylum cases", cross_language=cross_language))
        return [(r.doc_id, r.score) for r in page.results if r.doc_id.startswith("asylum-")]

    assert english(True) == english(False)
