"""The typed results write the README's JSON contract: the keys it names, in its order, as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict

from archive import Archive, SearchRequest
from archive.results import DocumentView, IndexStats, SearchPage
from archive.shared.model import Document

PAGE_KEYS = [
    "query",
    "generation",
    "total",
    "page",
    "per_page",
    "sort",
    "suggestion",
    "notice",
    "also_searched",
    "results",
    "facets",
]
RESULT_KEYS = (
    "doc_id, kind, title, date, url, recording_url, source_path, score, hashtags, organizations, agencies, "
    "people, topics, visibility, synthetic, notes, text_source, snippet, passages, more_passages"
).split(", ")
PASSAGE_KEYS = ["page", "start", "end", "speaker", "snippet", "link", "view", "part", "parts"]
FACET_KEYS = ["kind", "topics", "hashtags", "organizations", "agencies", "also_named", "people", "year"]
STATS_KEYS = [
    "collection",
    "documents",
    "passages",
    "by_kind",
    "built_at",
    "failed",
    "skipped",
    "warnings",
    "duplicates",
    "notices",
    "sources",
    "cross_language",
    "generation",
]


def test_search_page_json_is_the_contract(sample_archive: Archive) -> None:
    found = sample_archive.search(SearchRequest(query="detention", per_page=3))
    assert isinstance(found, SearchPage)
    data = json.loads(json.dumps(found.to_json()))
    assert list(data) == PAGE_KEYS
    assert list(data["facets"]) == FACET_KEYS
    assert data["results"] and all(list(r) == RESULT_KEYS for r in data["results"])
    passages = [p for r in data["results"] for p in r["passages"]]
    assert passages and all(list(p) == PASSAGE_KEYS for p in passages)
    assert (found.first_shown, found.last_shown) == (1, len(found.results))
    # the typed fields and the JSON say the same
    assert [r.doc_id for r in found.results] == [r["doc_id"] for r in data["results"]]
    assert found.facets.of("kind") == data["facets"]["kind"]


def test_an_empty_page_shows_nothing(sample_archive: Archive) -> None:
    found = sample_archive.search(SearchRequest(query="zzzzunfindable"))
    assert found.total == 0 and found.results == () and found.first_shown == 0 and found.last_shown == 0


def test_document_view_json_is_the_stored_metadata_and_passages(sample_archive: Archive) -> None:
    doc_id = sample_archive.search(SearchRequest(query="detention")).results[0].doc_id
    view = sample_archive.document_view(doc_id)
    assert isinstance(view, DocumentView)
    data = view.to_json()
    stored = sample_archive.metadata(doc_id)
    assert {k: v for k, v in data.items() if k != "passages"} == json.loads(json.dumps(asdict(stored)))
    document = sample_archive.document(doc_id)
    assert isinstance(document, Document)
    assert data["passages"] == [p.to_dict() for p in document.passages]
    assert view.passage_count == stored.passage_count == len(view.passages)


def test_stats_json_is_the_contract(sample_archive: Archive) -> None:
    stats = sample_archive.stats()
    assert isinstance(stats, IndexStats)
    data = json.loads(json.dumps(stats.to_json()))
    assert list(data) == STATS_KEYS
    assert data["documents"] == sum(k["documents"] for k in data["by_kind"].values()) == stats.documents


def test_every_passage_has_an_app_address_even_without_a_web_address(sample_archive: Archive) -> None:
    """The sample flyer has no web address: its passages still say where the app shows the page."""
    found = sample_archive.search(SearchRequest(query="criminalization", per_page=20))
    flyer = next(r for r in found.results if r.kind == "pdf")
    assert flyer.url is None and all(p.link is None for p in flyer.passages)
    assert [p.view for p in flyer.passages] == [
        f"/?doc=pdfs%2Fending-criminalization-stops-deportations.pdf&page={p.page}" for p in flyer.passages
    ]
    webinar = next(r for r in found.results if r.kind == "webinar")
    assert all(p.view.endswith(f"&at={int(p.start)}") for p in webinar.passages if p.start is not None)
