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
query_text = st.one_of(st.text(max_size=80), st.lists(QUERY_ALPHABET, max_size=40).map("".join))


@BOUNDED
@given(text=query_text)
def test_forgiving_search_never_fails(sample_archive: Archive, text: str) -> None:
    data = sample_archive.search(SearchRequest(query=text))
    assert data["total"] >= 0


@BOUNDED
@given(text=query_text)
def test_strict_parse_raises_only_query_errors(sample_archive: Archive, text: str) -> None:
    with contextlib.suppress(QueryError):
        parse_query(text, sample_archive.snapshot(), strict=True)
