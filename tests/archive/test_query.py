"""The query language: syntax checks, strict mode, shorthand rewriting."""

from __future__ import annotations

import pytest

from archive import Archive, QueryError, SearchRequest
from archive.query import parse_query, syntax_problems


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ('"unclosed', "an unclosed quotation mark"),
        ("(a OR b", "unbalanced parentheses"),
        ("AND OR", "has nothing on one side"),
        ("detention OR", "has nothing on one side"),
        ("a AND OR b", "two operators in a row"),
        ("title:", "the field title: has no value"),
        ("date:2020-13", "is not a date"),
    ],
)
def test_syntax_problems(query: str, problem: str) -> None:
    assert any(problem in p for p in syntax_problems(query))


@pytest.mark.parametrize(
    "query",
    [
        '"free them all"',
        "a AND NOT b",
        "NOT ice",
        "deport* OR detain~",
        "-word x",
        "title:curve",
        "#FreeThemAll",
        "date:2020-03..2020-06",
        "Note: a colon",
    ],
)
def test_well_formed(query: str) -> None:
    assert syntax_problems(query) == []


def test_strict_mode_raises_and_forgiving_mode_explains(sample_archive: Archive) -> None:
    catalog = sample_archive.catalog()
    with pytest.raises(QueryError, match="unclosed quotation mark"):
        parse_query('"free them', catalog, strict=True)
    forgiving = parse_query('"free them', catalog)
    assert forgiving.query is not None and "plain words" in (forgiving.notice or "")


def test_overlong_queries_are_cut(sample_archive: Archive) -> None:
    parsed = parse_query("detention " * 100, sample_archive.catalog())
    assert parsed.notice and "500 characters" in parsed.notice
    with pytest.raises(QueryError):
        parse_query("detention " * 100, sample_archive.catalog(), strict=True)


def test_shorthands_become_exact_facet_terms(sample_archive: Archive) -> None:
    catalog = sample_archive.catalog()
    assert str(parse_query("org:ILRC", catalog).query) == "organizations:immigrant_legal_resource_center"
    assert str(parse_query("#FreeThemAll", catalog).query) == "hashtags:freethemall"
    assert str(parse_query("kind:PDF", catalog).query) == "kind:pdf"
    assert "date:[20200301 TO 20200630]" in str(parse_query("date:2020-03..2020-06", catalog).query)


def test_empty_query_is_browse(sample_archive: Archive) -> None:
    assert parse_query("   ", sample_archive.catalog()).query is None


@pytest.mark.parametrize("query", ["DATE:x", "Year:abc", "Date:2020-99", "YEAR:2020-13-40..", "date:..x"])
def test_capitalised_field_names_are_forgiven_like_lower_case_ones(sample_archive: Archive, query: str) -> None:
    data = sample_archive.search(SearchRequest(query=query)).to_json()
    assert "is not a date" in data["notice"] and "plain words" in data["notice"]
    with pytest.raises(QueryError, match="is not a date"):
        sample_archive.search(SearchRequest(query=query, strict=True)).to_json()


def test_field_names_are_case_insensitive(sample_archive: Archive) -> None:
    def found(query: str) -> list[str]:
        return sorted(
            r["doc_id"] for r in sample_archive.search(SearchRequest(query=query, per_page=50)).to_json()["results"]
        )

    assert found("YEAR:2020") == found("year:2020") != []
    assert found("TOPIC:detention") == found("topic:detention") != []
    assert found("Kind:PDF") == found("kind:pdf") != []
    assert found("ORG:ILRC") == found("org:ILRC") != []
