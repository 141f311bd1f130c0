"""The ranking's statistics and its phrase bonus, on small archive-shaped indexes built here."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from archive import Archive, SearchRequest
from archive.engine.analysis import english_analyzer, spanish_analyzer
from archive.engine.ranking import DEFAULT_RANKING, Ranking, average_field_length, rsj_idf
from archive.engine.writer import ArchiveWriter, open_or_create
from archive.shared.model import Document, Passage

FILLER = (
    "The network works with community groups across the country to support people facing the system. "
    "Members share resources, trainings and updates with partners and allies every month. "
)


def _archive(
    tmp_path: Path,
    docs: dict[str, tuple[str, list[str]]],
    ranking: Ranking = DEFAULT_RANKING,
    languages: dict[str, str] | None = None,
) -> Archive:
    """An index of statements: doc_id -> (title, passages); `languages`: doc_id -> language, if not English."""
    indexes, _ = open_or_create(tmp_path / "index")
    writer = ArchiveWriter(indexes)
    for doc_id, (title, texts) in docs.items():
        passages = [Passage(text=t) for t in texts]
        language = (languages or {}).get(doc_id, "en")
        writer.add_document(
            Document(
                doc_id=doc_id,
                kind="statement",
                title=title,
                source_path=f"{doc_id}.md",
                passages=passages,
                language=language,
            )
        )
    writer.write_control_records("", {}, {})
    writer.commit(full=True)
    return Archive(tmp_path / "index", ranking)


def _ranked(archive: Archive, query: str) -> list[str]:
    return archive.result_ids(SearchRequest(query=query))


def test_idf_is_robertson_sparck_jones_over_the_records_a_field_belongs_to(tmp_path: Path) -> None:
    # four documents of five passages each: 4 document records, 20 passage records
    docs = {f"d{i}": ("", [FILLER + ("bond fund" if i == 0 else "")] + [FILLER] * 4) for i in range(4)}
    searcher = _archive(tmp_path, docs).snapshot().searcher
    assert searcher.idf("body", b"bond") == pytest.approx(rsj_idf(4, 1))
    assert searcher.idf("ptext", b"bond") == pytest.approx(rsj_idf(20, 1))
    assert rsj_idf(4, 1) == pytest.approx(math.log(1 + 3.5 / 1.5))
    assert rsj_idf(1000, 1000) > 0  # a word in every document still counts, a little


def test_average_length_of_a_document_field_counts_documents_not_passages(tmp_path: Path) -> None:
    docs = {f"d{i}": ("", [FILLER] * 10) for i in range(3)}  # 3 documents, 30 passages
    searcher = _archive(tmp_path, docs).snapshot().searcher
    words_per_document = len(list(english_analyzer()(FILLER))) * 10  # all three are alike
    assert average_field_length(searcher, "body") == pytest.approx(words_per_document)
    # Whoosh's own average divides by every record (3 + 30 + control records): ten times too short
    assert searcher.avg_field_length("body") < average_field_length(searcher, "body") / 10


def test_a_long_toolkit_on_the_subject_is_not_buried_by_its_length(tmp_path: Path) -> None:
    """A twenty-page toolkit with a bond fund on five of its pages against a short statement that
    names one once. (When a field's average length was divided by passage records too, every
    document looked ten times longer than it was and the toolkit fell below the statement.)"""
    toolkit = [FILLER * 3 + ("How a bond fund pays for release." if page % 4 == 0 else "") for page in range(20)]
    docs = {
        "toolkit": ("Community defense toolkit", toolkit),
        "statement": ("Statement on the budget", [FILLER * 2 + "A bond fund was mentioned at the meeting."]),
    }
    assert _ranked(_archive(tmp_path, docs), "bond fund")[0] == "toolkit"


def test_words_side_by_side_rank_above_the_same_words_apart(tmp_path: Path) -> None:
    docs = {
        "scattered": (
            "Statement on children and courts",
            [FILLER + "Each family deserves a hearing. " + FILLER + "Detention harms everyone it touches. " + FILLER],
        ),
        "phrase": (
            "Statement on the border",
            [FILLER + "We oppose family detention in every form. " + FILLER * 2],
        ),
        "neither": ("Statement on the budget", [FILLER * 3]),
    }
    archive = _archive(tmp_path, docs)
    assert _ranked(archive, "family detention")[:2] == ["phrase", "scattered"]
    # without the bonus the two hold the same words once each, and the phrase no longer decides
    plain = _archive(tmp_path / "plain", docs, Ranking(phrase_weight=0.0))
    ranked_plain = plain.search(SearchRequest(query="family detention")).results
    scores = {r.doc_id: r.score for r in ranked_plain}
    assert scores["phrase"] == pytest.approx(scores["scattered"], rel=0.05)
    with_bonus = {r.doc_id: r.score for r in archive.search(SearchRequest(query="family detention")).results}
    assert with_bonus["phrase"] > with_bonus["scattered"] * 1.05


def test_a_title_holding_the_phrase_ranks_first(tmp_path: Path) -> None:
    docs = {
        "titled": ("End family detention now", [FILLER + "Detention of families must end. " + FILLER]),
        "apart": ("Statement on courts", [FILLER + "A family waits. Detention continues. " + FILLER]),
    }
    assert _ranked(_archive(tmp_path, docs), "family detention")[0] == "titled"


def test_every_query_word_beats_one_word_repeated(tmp_path: Path) -> None:
    """ "parole reconciliation bill": a page about parole in the reconciliation bill ranks above a
    page that only has many bills (term frequency saturates; BM25's k1)."""
    docs = {
        "bills": ("Legislative update", [FILLER + "This bill, that bill and another bill. " * 6 + FILLER]),
        "parole": (
            "Parole in the reconciliation bill",
            [FILLER + "The reconciliation bill would grant parole to long-time residents. " + FILLER],
        ),
    }
    assert _ranked(_archive(tmp_path, docs), "parole reconciliation bill")[0] == "parole"


def test_a_spanish_titles_articles_do_not_pull_it_up(tmp_path: Path) -> None:
    """Titles of every language share one field analysed as English, where "de" and "los" are not
    stop words: a Spanish page whose title holds only the query's articles must not outrank the one
    about the query (texts invented)."""
    docs = {
        "calendario": (
            "Calendario de los eventos de la comunidad",
            ["El sábado hay una feria con música y comida. Los inmigrantes y sus familias están invitados."],
        ),
        "guia": (
            "Lo que deben saber",
            ["Los inmigrantes detenidos tienen derechos: pueden pedir un abogado y no tienen que firmar nada."],
        ),
    }
    archive = _archive(tmp_path, docs, languages={"calendario": "es", "guia": "es"})
    assert _ranked(archive, "derechos de los inmigrantes detenidos")[0] == "guia"
    reader = archive.snapshot().searcher.reader()
    assert reader.doc_frequency("title", "de") == 0 and reader.doc_frequency("title", "calendario") == 1


def test_one_query_word_in_a_title_does_not_outrank_a_page_with_every_query_word(tmp_path: Path) -> None:
    """ "ice" is in every page's text but in one title only: counted over titles alone it looked rare
    there, and that title outranked the page about ICE raids (texts invented)."""
    docs = {f"d{i}": (f"Statement {i}", [FILLER + f"ICE detained people in county {i}."]) for i in range(8)}
    docs["title"] = ("ICE notes", [FILLER + "A list of phone numbers for the office and the board."])
    docs["raids"] = (
        "Statement on the week",
        [FILLER + "ICE raids at workplaces: ICE raids must end, and ICE must leave."],
    )
    archive = _archive(tmp_path, docs)
    assert _ranked(archive, "ice raids")[0] == "raids"
    reader = archive.snapshot().searcher
    assert reader.idf("title", b"ice") == pytest.approx(reader.idf("body", b"ice"))


def test_a_body_fields_average_length_is_over_the_documents_of_its_language(tmp_path: Path) -> None:
    """Two Spanish documents among twelve English ones: averaged over all fourteen, the Spanish text
    looked seven times longer than it is, and a Spanish page holding every word of a Spanish query
    lost to English pages holding one of them, "TPS", in title and text (texts invented)."""
    spanish = "Los beneficiarios pueden obtener autorización de empleo y autorización de viaje durante el plazo. "
    docs = {
        f"en{i}": ("Statement on TPS", [FILLER + "TPS holders need a permanent solution. TPS now."])
        if i < 2
        else (f"Statement {i}", [FILLER + "Other news."])
        for i in range(12)
    }
    docs["es-tps"] = ("Estatus de protección temporal", [spanish * 3 + "El TPS no conduce a la residencia."])
    docs["es-otro"] = ("Calendario", [spanish * 3])
    archive = _archive(tmp_path, docs, languages={"es-tps": "es", "es-otro": "es"})
    searcher = archive.snapshot().searcher
    spanish_words = len(list(spanish_analyzer()(spanish * 3 + "El TPS no conduce a la residencia.")))
    spanish_words += len(list(spanish_analyzer()(spanish * 3)))
    assert average_field_length(searcher, "body_es") == pytest.approx(spanish_words / 2)
    assert average_field_length(searcher, "body") == pytest.approx(searcher.field_length("body") / 12)
    assert _ranked(archive, "autorización de empleo TPS")[0] == "es-tps"
