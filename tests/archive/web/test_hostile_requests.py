"""Hostile requests never make the server fail: fuzzed parameters, paths and headers get a 2xx or a
JSON 4xx, never a 5xx or a traceback; a page of another site may call the API only if allowed."""

from __future__ import annotations

from urllib.parse import quote

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.facets import FACETS

NAMES = ["q", "from", "to", "sort", "page", "limit", "strict", "format", "style", "pin", "include_internal"]
NAMES += [f.url_param for f in FACETS]
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80)
VALUES = st.one_of(
    TEXT,
    st.sampled_from(["", "0", "-1", "1e9", "99999999999", "nan", "2020-13", "20x0", "p0", "t-1", "para9-1", "*", "~9"]),
    st.sampled_from(['"', "(", "AND", "NOT", "org:", 'topic:"', "zz*", "a~2", "date:2020..", "%00", "\x00", "../.."]),
)
PATHS = ["/api/search", "/api/facets", "/api/export", "/api/stats", "/feeds/search.atom"]
DOC_PATHS = st.one_of(TEXT, st.sampled_from(["../../etc/passwd", "%2e%2e/", "a/../b", "\x00", "statements/", "/"]))


def _check(answer: httpx.Response) -> None:
    assert answer.status_code < 500, (answer.status_code, answer.text[:300])
    if answer.status_code >= 400:
        assert set(answer.json()) == {"error"} and "Traceback" not in answer.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(PATHS),
    params=st.lists(st.tuples(st.one_of(st.sampled_from(NAMES), TEXT), VALUES), max_size=6),
)
def test_fuzzed_parameters_get_an_answer_or_a_json_4xx(api_url: str, path: str, params: list[tuple[str, str]]) -> None:
    _check(httpx.get(api_url + path, params=params, timeout=60))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=DOC_PATHS, cite=st.booleans(), params=st.lists(st.tuples(st.sampled_from(NAMES), VALUES), max_size=3))
def test_fuzzed_document_addresses_get_an_answer_or_a_json_4xx(
    api_url: str, doc: str, cite: bool, params: list[tuple[str, str]]
) -> None:
    path = "/api/documents/" + quote(doc, safe="/").lstrip("/") + ("/cite" if cite else "")
    _check(httpx.get(api_url + path, params=params, timeout=60))


def test_hostile_headers_are_refused_plainly(api_url: str) -> None:
    for header in ("Bearer " + "A" * 5000, "Bearer \u00e9", "", f"Bearer ast_{'0' * 12}_{'a' * 43}"):
        answer = httpx.get(f"{api_url}/api/stats", headers={"Authorization": header.encode("utf-8")})
        assert answer.status_code == 401, answer.text
    _check(httpx.get(f"{api_url}/api/search?q=bond", headers={"If-None-Match": "*" * 3000}))


def test_only_allowed_sites_may_call_the_api_from_a_browser(api_url: str) -> None:
    """The profile's base_url is the organization's own site: its pages may call the API; others may not."""
    own = "https://www.immigrantjusticenetwork.org"
    allowed = httpx.get(f"{api_url}/api/search?q=bond", headers={"Origin": own})
    assert allowed.headers["access-control-allow-origin"] == own
    other = httpx.get(f"{api_url}/api/search?q=bond", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    preflight = httpx.options(
        f"{api_url}/api/search",
        headers={
            "Origin": own,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert preflight.status_code == 200 and "authorization" in preflight.headers["access-control-allow-headers"].lower()
    refused = httpx.options(
        f"{api_url}/api/search", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}
    )
    assert refused.status_code == 400
