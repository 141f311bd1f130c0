"""Cross-language search on a real index of invented bilingual documents, with the real Apertium
(Debian `apertium` + `apertium-en-es`, installed by scripts/system_packages.sh)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from archive import Archive, SearchRequest
from archive.cross_language import query_language, query_translations
from archive.search import Filters
from archive.translation import analyser, translate
from indexer.build import build
from tests.conftest import ROOT, write_titled_pages

# Invented documents (not the organization's words): two English statements, two Spanish flyers.
DOCUMENTS = {
    "hunger-strike.html": (
        "Hunger strike at the detention center",
        "People held in immigration detention began a hunger strike this week. They refused meals to protest "
        "the conditions inside the facility and the months they have waited for a hearing. Their families ask "
        "for their release and for the detention center to be closed.",
    ),
    "bail-fund.html": (
        "A bail fund for our neighbors",
        "Our community bail fund pays the bond of people held by immigration authorities so that they can "
        "prepare their cases at home with their families. Every donation goes directly to a bond payment.",
    ),
    "derechos.html": (
        "Conozca sus derechos en su casa",
        "Si los agentes de inmigración llegan a su casa, usted no tiene que abrir la puerta. Pida que le "
        "muestren una orden firmada por un juez. Tiene derecho a guardar silencio y a hablar con un abogado "
        "antes de firmar cualquier documento.",
    ),
    "fondo.html": (
        "Un fondo de fianza para la comunidad",
        "Nuestro fondo de fianza paga la fianza de las personas detenidas por las autoridades de inmigración, "
        "para que puedan preparar su caso en casa con sus familias. Cada donación se destina a pagar una fianza.",
    ),
}


# Its profile gives Spanish names: a topic's Spanish signals, a glossary term's Spanish alias.
PROFILE = """
[collection]
name = "Test Network"
languages = ["en", "es"]

[[topics]]
name = "Bail and bond"
description = "Paying bonds to free people from detention."
signals = { "bail fund" = 3, "bond" = 2, "fondo de fianza" = 3, "fianza" = 2 }
threshold = 4

[[glossary]]
term = "Bond"
aliases = ["fianza"]
definition = "Money paid so that a person held in detention is released while their case goes on."

[[glossary]]
term = "Hunger strike"
definition = "Refusing food as a protest."
"""


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bilingual-pages")
    write_titled_pages(folder, DOCUMENTS)
    (folder / "archive.toml").write_text(PROFILE, encoding="utf-8")
    index = tmp_path_factory.mktemp("bilingual-index")
    report = build([folder], index, progress=False)
    assert report.failed == []
    return index


@pytest.fixture(scope="module")
def archive(bilingual: Path) -> Archive:
    found = Archive(bilingual)
    languages = {doc_id: meta.language for doc_id, meta in found.catalog().documents.items()}
    assert languages == {"hunger-strike.html": "en", "bail-fund.html": "en", "derechos.html": "es", "fondo.html": "es"}
    return found


def _ids(archive: Archive, query: str, *, cross_language: bool = True) -> list[str]:
    return [r.doc_id for r in archive.search(SearchRequest(query=query, cross_language=cross_language)).results]


def test_a_spanish_query_finds_the_english_statement_and_says_how(archive: Archive) -> None:
    page = archive.search(SearchRequest(query="huelga de hambre"))
    assert [r.doc_id for r in page.results] == ["hunger-strike.html"]
    assert [(t.language, t.text) for t in page.translations] == [("en", "hunger strike")]
    assert page.notice == "Also searched in English: hunger strike."
    assert page.to_json()["also_searched"] == [{"language": "en", "language_name": "English", "query": "hunger strike"}]
    assert "<mark>hunger</mark>" in page.results[0].snippet  # the translated words are marked


def test_an_english_query_finds_the_spanish_flyer(archive: Archive) -> None:
    page = archive.search(SearchRequest(query="know your rights at home"))
    assert [t.language for t in page.translations] == ["es"]
    assert "derechos" in page.translations[0].text
    assert page.results[0].doc_id == "derechos.html"
    assert "derechos.html" not in _ids(archive, "know your rights at home", cross_language=False)


def test_a_misspelled_word_the_translation_keeps_as_typed_still_gets_a_suggestion(archive: Archive) -> None:
    page = archive.search(SearchRequest(query="hunger strik detention"))
    assert page.translations and all("strik" in t.text.split() for t in page.translations)
    assert page.suggestion == "hunger strike detention"
    # the words of a query in the other language are translated: known words, never "corrected"
    assert archive.search(SearchRequest(query="huelga de hambre")).suggestion is None


def test_the_switch_searches_only_as_typed(archive: Archive) -> None:
    page = archive.search(SearchRequest(query="huelga de hambre", cross_language=False))
    assert page.results == () and page.translations == () and page.notice is None
    assert page.to_json()["also_searched"] == []
    assert _ids(archive, "hunger strike", cross_language=False) == ["hunger-strike.html"]


def test_names_hashtags_and_numbers_are_kept_as_typed_not_translated(archive: Archive) -> None:
    catalog = archive.catalog()
    assert translate("ICE raids", "en", "es").text.lower().endswith("hielo")  # what Apertium alone makes of ICE
    (spanish,) = query_translations("ICE raids #FreeThemAll I-200", catalog)
    assert spanish.language == "es"
    assert spanish.text.split()[-3:] == ["ICE", "#FreeThemAll", "I-200"] and "hielo" not in spanish.text
    assert query_translations("DACA TPS", catalog) == ()  # names only: nothing to translate


@pytest.mark.parametrize(
    "query",
    ['"huelga de hambre"', "title:huelga", "huelga AND hambre", "huelg*", "huelga~", "-huelga hambre", "(huelga)"],
)
def test_queries_with_syntax_are_searched_as_typed(archive: Archive, query: str) -> None:
    assert query_translations(query, archive.catalog()) == ()


def test_a_query_is_told_by_the_dictionary_that_knows_most_of_its_words() -> None:
    assert query_language("audiencia de fianza", ("en", "es")) == "es"
    assert query_language("bond hearing", ("en", "es")) == "en"
    assert query_language("hospital", ("en", "es")) is None  # a word both dictionaries know
    assert query_language("xqzt", ("en", "es")) is None


@pytest.mark.parametrize("hostile", ["fianza ^$@/<x>{y}[z]\\", "fianza\x00huelga", "fianza " + "a" * 400, "¿fianza?"])
def test_apertiums_own_syntax_and_control_characters_in_a_query_are_only_text(archive: Archive, hostile: str) -> None:
    archive.search(SearchRequest(query=hostile))  # no error, no hang
    words, known = analyser("es").known_words("fianza ^$@/<x>{y}[z]\\")
    assert known >= 1 and words >= 1
    assert analyser("es").known_words("huelga")[1] == 1  # the shared analyser still answers


def test_an_archive_in_one_language_gives_english_queries_the_same_results(sample_archive: Archive) -> None:
    catalog = sample_archive.catalog()
    assert catalog.document_languages == {"en"}
    for query in ("abolish ICE", "free them all", "detention", "bail"):
        assert query_translations(query, catalog) == ()
        on = sample_archive.result_ids(SearchRequest(query=query))
        assert on == sample_archive.result_ids(SearchRequest(query=query, cross_language=False))


def test_a_topic_with_spanish_signals_gathers_both_languages_under_one_name(archive: Archive) -> None:
    page = archive.search(SearchRequest(filters=Filters.of({"topics": ["Bail and bond"]})))
    assert sorted(r.doc_id for r in page.results) == ["bail-fund.html", "fondo.html"]


def test_glossary_terms_are_explained_for_a_query_in_either_language(archive: Archive) -> None:
    assert [g["term"] for g in archive.glossary_for("audiencia de fianza", cross_language=False)] == ["Bond"]  # alias
    assert [g["term"] for g in archive.glossary_for("huelga de hambre")] == ["Hunger strike"]  # its translation
    assert archive.glossary_for("huelga de hambre", cross_language=False) == []


def test_the_status_says_cross_language_search_is_on(archive: Archive) -> None:
    assert archive.stats().cross_language == (
        "on: queries translated English to Spanish, Spanish to English (Apertium)"
    )


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "archive", *args], capture_output=True, text=True, cwd=ROOT, env=env, check=False
    )


def test_the_cli_searches_across_languages_and_its_switch_turns_it_off(bilingual: Path) -> None:
    found = json.loads(_cli("search", "huelga de hambre", "--index", str(bilingual), "--json").stdout)
    assert found["also_searched"] == [{"language": "en", "language_name": "English", "query": "hunger strike"}]
    assert found["notice"] == "Also searched in English: hunger strike."
    assert [r["doc_id"] for r in found["results"]] == ["hunger-strike.html"]
    plain = json.loads(_cli("search", "huelga de hambre", "--index", str(bilingual), "--json", "--no-translate").stdout)
    assert plain["also_searched"] == [] and plain["results"] == []
    text = _cli("search", "huelga de hambre", "--index", str(bilingual)).stdout
    assert "Also searched in English: hunger strike." in text


def test_without_apertium_search_still_works_and_the_status_says_it_is_off(bilingual: Path) -> None:
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}  # the venv's programs, no Apertium
    found = _cli("search", "hunger strike", "--index", str(bilingual), "--json", env=env)
    assert found.returncode == 0, found.stderr
    page = json.loads(found.stdout)
    assert page["also_searched"] == [] and [r["doc_id"] for r in page["results"]] == ["hunger-strike.html"]
    untranslated = json.loads(_cli("search", "huelga de hambre", "--index", str(bilingual), "--json", env=env).stdout)
    assert untranslated["results"] == [] and untranslated["also_searched"] == []
    stats = json.loads(_cli("stats", "--index", str(bilingual), "--json", env=env).stdout)
    assert stats["cross_language"].startswith("off: Apertium is not installed")
