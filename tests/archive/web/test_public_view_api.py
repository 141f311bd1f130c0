"""The public view over HTTP depends on public documents only: the API and the feeds of an archive
with internal documents of every kind answer exactly as those of the same archive built without
them (the archives of tests/archive/test_public_view.py), for every route and many searches."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import feedparser
import httpx
import pytest

from archive import Archive, SearchRequest
from benchmarks.api_server import running_api
from tests.archive.test_public_view import WORDS, archives  # noqa: F401 (the fixture, built here too)

PUBLIC = "https://archive.example.org"


@pytest.fixture(scope="module")
def servers(archives: tuple[Archive, Archive]) -> Iterator[tuple[str, str]]:  # noqa: F811
    with_internal, without = archives
    args = ("--rate-limit", "0", "--public-url", PUBLIC)
    with running_api(with_internal.store.index_dir, *args) as one, running_api(without.store.index_dir, *args) as two:
        yield one, two


def _json(base: str, path: str, params: dict[str, str] | None = None) -> Any:
    answer = httpx.get(base + path, params=params, timeout=60)
    data = json.loads(answer.content) if answer.headers["content-type"].startswith("application/json") else None
    if isinstance(data, dict):
        for varies in ("generation", "built_at"):  # when each index was built, not what it holds
            data.pop(varies, None)
    return answer.status_code, data


def _feed(base: str, params: dict[str, str]) -> list[tuple[str, str, str, str]]:
    feed = feedparser.parse(httpx.get(f"{base}/feeds/search.atom", params=params).content)
    assert not feed.bozo
    return [(e.id, e.title, e.link, e.summary) for e in feed.entries]


def test_every_public_api_answer_is_the_one_without_internal_documents(
    servers: tuple[str, str],
    archives: tuple[Archive, Archive],  # noqa: F811
) -> None:
    one, two = servers
    for n, word in enumerate([*WORDS, ""]):
        assert _json(one, "/api/search", {"q": word}) == _json(two, "/api/search", {"q": word}), word
        assert _feed(one, {"q": word}) == _feed(two, {"q": word}), word
        if n % 3:  # the rest for a third of the words: the suite stays fast, every route is still compared
            continue
        for params in (
            {"q": word, "sort": "newest", "limit": "3", "page": "2"},
            {"q": word, "hashtag": "#FreeThemAll"},
        ):
            assert _json(one, "/api/search", params) == _json(two, "/api/search", params), params
        assert _json(one, "/api/facets", {"q": word}) == _json(two, "/api/facets", {"q": word})
        fmt = ("csv", "json", "bibtex", "ris")[n // 3 % 4]
        exported = [httpx.get(f"{base}/api/export", params={"q": word, "format": fmt}).content for base in servers]
        assert exported[0] == exported[1]
    assert _json(one, "/api/stats") == _json(two, "/api/stats")
    with_internal, _ = archives
    staff_ids = with_internal.result_ids(SearchRequest(include_internal=True))
    public_ids = set(with_internal.result_ids(SearchRequest()))
    for doc_id in staff_ids:
        assert _json(one, f"/api/documents/{doc_id}") == _json(two, f"/api/documents/{doc_id}")
        assert _json(one, f"/api/documents/{doc_id}/cite") == _json(two, f"/api/documents/{doc_id}/cite")
        if doc_id not in public_ids:
            assert _json(one, f"/api/documents/{doc_id}")[0] == 404
