"""Property-based tests of the query language: arbitrary input never raises anything but the documented error, and each
call finishes within a bounded time (hypothesis's deadline)."""

from __future__ import annotations

import contextlib
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive import Archive, QueryError, SearchRequest
from archive.query import parse_query

BOUNDED = settings(
    max_examples=150,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

QUERY_ALPHABET = st.sampled_from(
    list(
        "abc deportation ICE #\"():*~-+^[]{}/\\!?'.,AND OR NOT TO title: org: kind: "
        "year: date: topic: speaker: 2020..2021 é ñ \x00\n\t"
    )
)
FIELD_NAMES = ["title", "body", "org", "topic", "kind", "speaker", "person", "hashtag", "tag", "year", "date", "x"]
FIELD_VALUES = [
    "",
    '""',
    "x",
    "abc",
    "2020",
    "2020-99",
    "2020-13-40",
    "2020..",
    "..2021",
    "2020-03..2020-06",
    '"Just Futures"',
    "ILRC",
    "pdf",
    "détention",
    "*",
    "~",
    "(",
    "#",
]
WORDS = [
    "detention",
    "deport*",
    "detension~",
    '"free them',
    "AND",
    "OR",
    "NOT",
    "-bail",
    "(",
    ")",
    "#FreeThemAll",
    "ICE",
    "ice",
    "^2",
    "[2020 TO 2021]",
    "{",
    "\\",
    ":",
    "é",
]


@st.composite
def field_clause(draw: st.DrawFn) -> str:
    """A field clause with the name in any casing (DATE:, Year:, tOpIc:) and any value, good or bad."""
    name = draw(st.sampled_from(FIELD_NAMES))
    cased = "".join(c.upper() if draw(st.booleans()) else c for c in name)
    return f"{draw(st.sampled_from(['', '-']))}{cased}:{draw(st.sampled_from(FIELD_VALUES))}"


tokens = st.lists(st.one_of(field_clause(), st.sampled_from(WORDS)), max_size=6).map(" ".join)
query_text = st.one_of(st.text(max_size=80), st.lists(QUERY_ALPHABET, max_size=40).map("".join), tokens)


@BOUNDED
@given(text=query_text)
def test_forgiving_search_never_fails(sample_archive: Archive, text: str) -> None:
    data = sample_archive.search(SearchRequest(query=text)).to_json()
    assert data["total"] >= 0


@BOUNDED
@given(text=query_text)
def test_every_api_call_that_takes_a_query_answers_in_forgiving_mode(sample_archive: Archive, text: str) -> None:
    request = SearchRequest(query=text, per_page=3)
    assert sample_archive.search(request).to_json()["total"] == len(sample_archive.result_ids(request))
    sample_archive.search(SearchRequest(query=text, include_internal=True, sort="newest")).to_json()
    assert sample_archive.export(request, "ris").count("TY  - ") == len(sample_archive.result_ids(request))
    sample_archive.document_view("webinars/three-principles-demo-webinar.vtt", text)
    sample_archive.glossary_for(text)
    sample_archive.autocomplete(text)


@BOUNDED
@given(text=query_text)
def test_strict_parse_raises_only_query_errors(sample_archive: Archive, text: str) -> None:
    with contextlib.suppress(QueryError):
        parse_query(text, sample_archive.catalog(), strict=True)
