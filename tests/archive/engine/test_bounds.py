"""Bounds on queries: term expansion is capped, slow searches return partial results with a notice."""

from __future__ import annotations

import pytest

from archive import Archive, SearchRequest
from archive.engine import bounds


def test_wildcard_expansion_is_capped_with_a_notice(sample_archive: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bounds, "MAX_EXPANSIONS", 3)
    data = sample_archive.search(SearchRequest(query="c*")).to_json()
    assert data["total"] > 0
    assert "matched too many words; its 3 most frequent were searched" in data["notice"]
    assert sample_archive.search(SearchRequest(query="commissar*")).to_json()["notice"] is None


def test_a_search_past_its_time_limit_returns_partial_results_with_a_notice(
    sample_archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bounds, "SEARCH_SECONDS", 0.0)
    data = sample_archive.search(SearchRequest(query="immigrants")).to_json()
    assert "may be incomplete" in data["notice"]
    assert data["total"] < 6
    monkeypatch.setattr(bounds, "SEARCH_SECONDS", 5.0)
    assert sample_archive.search(SearchRequest(query="immigrants")).to_json()["notice"] is None
