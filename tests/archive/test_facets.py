"""One facet registry: every facet filters and counts the same way in search, the CLI and exports."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import fields
from pathlib import Path

import pytest

from archive import Archive, Filters, SearchRequest
from archive.catalog import DocumentRecord
from archive.export import CSV_COLUMNS
from archive.facets import BY_URL_PARAM, FACET_NAMES, FACETS, METADATA_LIST_KEYS
from archive.shared.dates import year_of
from archive.shared.words import slug
from tests.cli_helpers import run_module


def test_filters_have_one_field_per_facet() -> None:
    assert [f.name for f in fields(Filters)] == [*FACET_NAMES, "date_from", "date_to"]
    assert len(BY_URL_PARAM) == len(FACETS)
    assert len({f.cli_flag for f in FACETS}) == len(FACETS)


def _has(record: DocumentRecord, facet_name: str, value: str) -> bool:
    facet = next(f for f in FACETS if f.name == facet_name)
    if facet.match == "year":
        return str(year_of(record.date)) == value
    found = getattr(record, facet.key) or []
    return slug(value) in {slug(v) for v in ([found] if isinstance(found, str) else found)}


@pytest.mark.parametrize("facet", FACET_NAMES)
def test_every_facet_value_filters_to_exactly_the_documents_counted(sample_archive: Archive, facet: str) -> None:
    counts = sample_archive.search(SearchRequest()).facets.of(facet)
    assert counts, f"the sample corpus has no {facet}: the test would prove nothing"
    for value, count in counts.items():
        # the value as a user might type it: another casing (values match by slug)
        found = sample_archive.search(SearchRequest(filters=Filters.of({facet: [value.swapcase()]}), per_page=100))
        assert found.total == count, (facet, value)
        for result in found.results:
            assert _has(sample_archive.metadata(result.doc_id), facet, value), (facet, value, result.doc_id)


def test_within_a_facet_values_combine_with_or_and_its_counts_ignore_its_selection(sample_archive: Archive) -> None:
    everything = sample_archive.search(SearchRequest())
    years = list(everything.facets.of("year"))[:2]
    chosen = sample_archive.search(SearchRequest(filters=Filters(year=years)))
    assert chosen.total == sum(everything.facets.of("year")[y] for y in years)
    assert chosen.facets.of("year") == everything.facets.of("year")


def test_cli_takes_one_flag_per_facet(sample_index: Path) -> None:
    """--year and --agency (new) filter as the API does; --help lists every facet's flag."""
    help_text = run_module("archive", "search", "--help").stdout
    for facet in FACETS:
        assert facet.cli_flag in help_text
    archive = Archive(sample_index)
    for facet_name, flag in (("year", "--year"), ("agencies", "--agency")):
        value, count = next(iter(archive.search(SearchRequest()).facets.of(facet_name).items()))
        out = run_module("archive", "search", "--index", str(sample_index), flag, value.lower(), "--json")
        assert out.returncode == 0, out.stderr
        data = json.loads(out.stdout)
        assert data["total"] == count
        assert all(_has(archive.metadata(r["doc_id"]), facet_name, value) for r in data["results"])


@pytest.mark.parametrize(
    ("flag", "facet", "typed", "name"),
    [
        ("--agency", "agencies", "ice", "Immigration and Customs Enforcement"),
        ("--agency", "agencies", "Ice", "Immigration and Customs Enforcement"),
        ("--org", "organizations", "ILRC", "Immigrant Legal Resource Center"),
        ("--org", "organizations", "ilrc", "Immigrant Legal Resource Center"),
    ],
)
def test_an_organization_filters_by_its_acronym_in_any_casing_as_by_its_name(
    sample_index: Path, sample_archive: Archive, flag: str, facet: str, typed: str, name: str
) -> None:
    by_name = sample_archive.search(SearchRequest(filters=Filters.of({facet: [name]}), per_page=100))
    by_acronym = sample_archive.search(SearchRequest(filters=Filters.of({facet: [typed]}), per_page=100))
    assert by_name.total > 0
    assert [r.doc_id for r in by_acronym.results] == [r.doc_id for r in by_name.results]
    out = run_module("archive", "search", "--index", str(sample_index), flag, typed, "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["total"] == by_name.total


def test_export_columns_hold_every_listed_facet(sample_archive: Archive) -> None:
    assert set(METADATA_LIST_KEYS) <= set(CSV_COLUMNS)
    agency = next(iter(sample_archive.search(SearchRequest()).facets.of("agencies")))
    rows = list(csv.DictReader(io.StringIO(sample_archive.export(SearchRequest(query=f'"{agency}"'), "csv"))))
    assert rows and any(agency in row["agencies"] for row in rows)
