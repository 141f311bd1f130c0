"""The read side's typed catalog: one record per document, the same fields the indexer's Document has."""

from __future__ import annotations

import dataclasses
import json

import pytest

from archive import Archive, SearchRequest
from archive.catalog import BuildRecord, DocumentRecord, named_by_acronym
from archive.facets import FACETS
from archive.shared.model import Document, Passage


def _read_type(annotation: str) -> str:
    """A Document field's type as its record holds it: lists are tuples, dicts read-only mappings."""
    return annotation.replace("list[", "tuple[").replace("tuple[str]", "tuple[str, ...]").replace(
        "tuple[int]", "tuple[int, ...]"
    ).replace("dict[", "Mapping[")


def test_a_record_has_every_field_of_a_document_but_its_passages() -> None:
    written = {f.name: _read_type(str(f.type)) for f in dataclasses.fields(Document) if f.name != "passages"}
    read = {f.name: str(f.type) for f in dataclasses.fields(DocumentRecord)}
    assert read == {**written, "passage_count": "int"}  # a field added or renamed on one side fails here


def test_every_facet_reads_a_field_of_the_record() -> None:
    names = {f.name for f in dataclasses.fields(DocumentRecord)}
    assert {facet.key for facet in FACETS} <= names


def test_a_stored_document_reads_back_as_the_same_document() -> None:
    document = Document(
        doc_id="a.html",
        kind="statement",
        title="Bond funds",
        source_path="src/a.html",
        date="2020-06",
        hashtags=["#FreeThemAll"],
        people_roles={"Ana Ruiz": "policy director"},
        low_confidence_parts=[2],
        passages=[Passage("one"), Passage("two")],
    )
    stored = json.loads(json.dumps({**document.metadata_dict(), "passage_count": 2}))
    record = DocumentRecord.from_stored(stored)
    assert record.hashtags == ("#FreeThemAll",) and record.passage_count == 2
    assert record.document(document.passages) == document
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.title = "changed"  # type: ignore[misc]


def test_keys_it_does_not_know_are_ignored_and_missing_or_null_ones_take_defaults() -> None:
    record = DocumentRecord.from_stored(
        {"doc_id": "a", "kind": "pdf", "title": "T", "source_path": "s/a", "added_later": 1, "language": None}
    )
    assert record.language == "en" and record.topics == () and record.passage_count == 0
    build = BuildRecord.from_stored({"roots": ["/x"], "failed": [{"path": "a", "error": "e"}], "new_key": True})
    assert build.roots == ("/x",) and build.failed == ({"path": "a", "error": "e"},) and build.built_at is None


def test_the_catalog_is_one_object_per_generation(sample_archive: Archive) -> None:
    catalog = sample_archive.catalog()
    assert sample_archive.catalog() is catalog
    assert len(catalog) == len(catalog.documents) == sample_archive.stats().documents
    assert all(isinstance(r, DocumentRecord) for r in catalog)
    assert catalog.get("no/such/document") is None


def _record(
    doc_id: str,
    also_named: tuple[str, ...] = (),
    named: dict[str, str] | None = None,
    used: tuple[str, ...] = (),
    agencies: tuple[str, ...] = (),
    language: str = "en",
) -> DocumentRecord:
    return DocumentRecord(
        doc_id,
        "statement",
        doc_id,
        f"s/{doc_id}",
        language=language,
        also_named=also_named,
        agencies=agencies,
        named_acronyms=named or {},
        acronyms=used,
    )


def test_a_page_using_an_acronym_another_page_defines_names_that_organization() -> None:
    documents = {
        "defines": _record("defines", ("Detention Watch Network",), {"DWN": "Detention Watch Network"}, ("DWN",)),
        "uses": _record("uses", ("Casa Project",), used=("FOR", "DWN")),
        "ambiguous-1": _record("ambiguous-1", ("Alpha Coalition",), {"AC": "Alpha Coalition"}, ("AC",)),
        "ambiguous-2": _record("ambiguous-2", ("Acme Center",), {"AC": "Acme Center"}, ("AC",)),
        "uses-ambiguous": _record("uses-ambiguous", used=("AC",)),
        "neither": _record("neither", used=("dwn",)),
    }
    tagged = named_by_acronym(documents)
    assert tagged["uses"].also_named == ("Casa Project", "Detention Watch Network")
    assert tagged["defines"] == documents["defines"]  # named once, not twice
    # an acronym defined for two names says neither where it is only used; each defining page keeps
    # its own; a word in other capitals is not the acronym
    assert tagged["uses-ambiguous"].also_named == ()
    assert tagged["ambiguous-1"] == documents["ambiguous-1"] and tagged["ambiguous-2"] == documents["ambiguous-2"]
    assert tagged["neither"] is documents["neither"]


def test_a_page_using_an_agency_s_acronym_another_page_defines_names_that_agency() -> None:
    agency, spanish = "Immigration and Customs Enforcement", "Servicio de Inmigración y Control de Aduanas"
    documents = {
        "defines": _record("defines", named={"ICE": agency}, used=("ICE",), agencies=(agency,)),
        "defines-too": _record("defines-too", named={"ICE": agency}, used=("ICE",), agencies=(agency,)),
        "spanish": _record("spanish", named={"ICE": spanish}, used=("ICE",), agencies=(spanish,), language="es"),
        "uses": _record("uses", ("Casa Project",), used=("ICE",)),
        "knows": _record("knows", used=("ICE",), agencies=(agency,)),
        "uses-in-french": _record("uses-in-french", used=("ICE",), language="fr"),
    }
    tagged = named_by_acronym(documents)
    # an agency where the defining pages count it, never "Also named"; in a language no page defines
    # it in, the one most of all the defining pages give (an even split means neither, as the test
    # above shows)
    assert tagged["uses"].agencies == (agency,) and tagged["uses"].also_named == ("Casa Project",)
    assert tagged["uses-in-french"].agencies == (agency,)
    # a page's own definition is what the acronym means there: one agency, one name
    assert tagged["spanish"] == documents["spanish"]
    assert tagged["knows"] == documents["knows"] and tagged["defines"] == documents["defines"]


def test_an_acronym_means_what_pages_in_the_page_s_own_language_define_it_as() -> None:
    english, spanish = "Immigration and Customs Enforcement", "Servicio de Inmigración y Control de Aduanas"
    documents = {
        **{
            f"es-{n}": _record(f"es-{n}", named={"ICE": spanish}, used=("ICE",), agencies=(spanish,), language="es")
            for n in range(3)
        },
        "en-defines": _record("en-defines", named={"ICE": english}, used=("ICE",), agencies=(english,)),
        "en-uses": _record("en-uses", used=("ICE",)),
        "es-uses": _record("es-uses", used=("ICE",), language="es"),
        "de-uses": _record("de-uses", used=("ICE",), language="de"),
    }
    tagged = named_by_acronym(documents)
    # three Spanish definitions against one English: an English page's "ICE" is still the English name
    assert tagged["en-uses"].agencies == (english,)
    assert tagged["es-uses"].agencies == (spanish,)
    assert tagged["de-uses"].agencies == (spanish,)  # no German definition: the majority of all
    assert tagged["en-defines"] == documents["en-defines"]


def test_a_body_named_with_and_without_its_country_is_one_meaning_of_an_acronym() -> None:
    short, long = (
        "Servicio de Inmigración y Control de Aduanas",
        "Servicio de Inmigración y Control de Aduanas de Estados Unidos",
    )
    documents = {
        "short": _record("short", named={"ICE": short}, used=("ICE",), agencies=(short,), language="es"),
        "long": _record("long", named={"ICE": long}, used=("ICE",), agencies=(long,), language="es"),
        "other": _record("other", named={"ICE": "Servicio de Aduanas"}, used=("ICE",), language="es"),
        "uses": _record("uses", used=("ICE",), language="es"),
    }
    tagged = named_by_acronym(documents)
    # two of three definitions name one body: a majority, under its shorter name; each definer keeps its own
    assert tagged["uses"].agencies == (short,)
    assert tagged["long"] == documents["long"]


def test_a_built_archive_finds_every_page_naming_an_organization_by_its_acronym(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from tests.conftest import titled_archive

    archive = titled_archive(
        tmp_path_factory,
        "acronyms",
        {
            "a.html": ("Rally", "The Zenith Bond Coalition (ZBC) held a rally against detention."),
            "b.html": ("Vigil", "ZBC volunteers held a vigil against detention."),
            "c.html": ("Picnic", "Neighbours held a picnic; no coalition was there."),
            "d.html": ("Raid", "The Zenith Border Enforcement Agency (ZBEA) raided a detention camp."),
            "e.html": ("Camp", "ZBEA agents run the detention camp."),
        },
    )
    found = archive.search(SearchRequest(query="detention"))
    assert found.facets.of("also_named") == {"Zenith Bond Coalition": 2}
    assert found.facets.of("agencies") == {"Zenith Border Enforcement Agency": 2}
    assert archive.document_view("e.html").document.agencies == ["Zenith Border Enforcement Agency"]
    assert archive.document_view("b.html").document.also_named == ["Zenith Bond Coalition"]
