"""The app offers every search as a feed and as JSON, and every document as JSON; served by run.sh
(`streamlit run serve.py`), those links answer on the app's own address exactly as the API server
started by `python -m archive serve` does."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import feedparser
import httpx
from streamlit.testing.v1 import AppTest

from benchmarks.api_server import running_api


def _hrefs(app: AppTest, label: str) -> list[str]:
    found = []
    for element in app.markdown:
        found += [
            unescape(h) for h, text in re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', element.value) if text == label
        ]
    return found


def test_a_search_links_its_feed_and_its_json(app: AppTest) -> None:
    app.query_params["q"] = "detention"
    app.query_params["kind"] = ["statement"]
    app.query_params["sort"] = "oldest"
    app.run()
    assert not app.exception
    # a feed lists the newest matches, whatever order the page shows
    assert _hrefs(app, "Subscribe to this search (Atom)") == ["/feeds/search.atom?q=detention&kind=statement"]
    assert _hrefs(app, "This search as JSON") == ["/api/search?q=detention&kind=statement&sort=oldest"]


def test_a_document_links_its_json(app: AppTest) -> None:
    app.query_params["doc"] = "webinars/three-principles-demo-webinar.vtt"
    app.run()
    assert _hrefs(app, "This document as JSON") == ["/api/documents/webinars/three-principles-demo-webinar.vtt"]


def test_the_apps_own_address_answers_the_api_as_the_api_server_does(streamlit_url: str, sample_index: Path) -> None:
    paths = [
        "/api/search?q=detention&kind=statement",
        "/api/documents/webinars/three-principles-demo-webinar.vtt",
        "/api/stats",
        "/api/export?q=bond&format=ris",
    ]
    with running_api(sample_index, "--rate-limit", "0") as api:
        for path in paths:
            in_app, alone = httpx.get(streamlit_url + path), httpx.get(api + path)
            assert in_app.status_code == 200 and in_app.content == alone.content, path
    feed = feedparser.parse(httpx.get(f"{streamlit_url}/feeds/search.atom?q=detention").content)
    assert not feed.bozo and feed.entries and feed.entries[0].link.startswith(f"{streamlit_url}/?q=detention&doc=")
    assert httpx.get(f"{streamlit_url}/api/nowhere").json() == {"error": "no such address: /api/nowhere"}
    assert httpx.get(f"{streamlit_url}/").status_code == 200  # the app itself is still served beside them
