"""Every route of the API against its CLI twin, on the real server: byte-equal where the CLI prints
the same thing (search, show, stats, export); errors are JSON with a 4xx and a reason."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from archive import Archive, SearchRequest
from archive.cli import main as cli


def _cli(capsysbinary: pytest.CaptureFixture[bytes], index: Path, *args: str) -> bytes:
    capsysbinary.readouterr()
    assert cli([args[0], "--index", str(index), *args[1:]]) == 0
    return capsysbinary.readouterr().out


SEARCHES = [
    ("detention", {"q": "detention"}, []),
    ("page 2, 3 a page", {"q": "detention", "page": "2", "limit": "3"}, ["--page", "2", "--limit", "3"]),
    (
        "filters",
        {"topic": "COVID-19 and detention", "kind": "statement"},
        ["--topic", "COVID-19 and detention", "--kind", "statement"],
    ),
    ("hashtag and org", {"hashtag": "#FreeThemAll", "org": "ILRC"}, ["--hashtag", "#FreeThemAll", "--org", "ILRC"]),
    (
        "dates, newest",
        {"q": "ICE", "from": "2020-01", "to": "2020-12", "sort": "newest"},
        ["ICE", "--from", "2020-01", "--to", "2020-12", "--sort", "newest"],
    ),
    ("browse", {}, []),
    ("misspelt", {"q": "detension"}, []),
    ("forgiven syntax", {"q": 'bond "fund'}, []),
    ("spanish, also searched in english", {"q": "derechos"}, []),
    ("spanish, as typed only", {"q": "derechos", "translate": "0"}, ["derechos", "--no-translate"]),
]


@pytest.mark.parametrize(("name", "params", "flags"), SEARCHES, ids=[s[0] for s in SEARCHES])
def test_search_is_byte_equal_to_the_cli(
    api_url: str,
    sample_index: Path,
    capsysbinary: pytest.CaptureFixture[bytes],
    name: str,
    params: dict[str, str],
    flags: list[str],
) -> None:
    answer = httpx.get(f"{api_url}/api/search", params=params)
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json; charset=utf-8"
    query = [params["q"]] if "q" in params and flags[:1] != [params["q"]] else []
    expected = _cli(capsysbinary, sample_index, "search", *query, *flags, "--json")
    assert answer.content == expected
    assert json.loads(answer.content)["total"] >= (0 if name in ("misspelt", "spanish, as typed only") else 1)


def test_documents_citations_and_stats_are_their_cli_twins(
    api_url: str, sample_index: Path, sample_archive: Archive, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    ids = sample_archive.result_ids(SearchRequest())
    assert len(ids) >= 5
    for doc_id in ids:
        shown = httpx.get(f"{api_url}/api/documents/{doc_id}")
        assert shown.status_code == 200 and shown.content == _cli(capsysbinary, sample_index, "show", doc_id, "--json")
    pdf = next(d for d in ids if d.endswith(".pdf"))
    webinar = next(d for d in ids if sample_archive.metadata(d).kind == "webinar")
    statement = next(d for d in ids if d.endswith(".html"))
    for doc_id, pin, flags in (
        (pdf, "p1", ["--page", "1"]),
        (webinar, "t75", ["--at", "75"]),
        (statement, "para2-3", ["--para", "2-3"]),
        (statement, "", []),
    ):
        for style in ("apa", "mla", "chicago", "bibtex", "ris"):
            cited = httpx.get(f"{api_url}/api/documents/{doc_id}/cite", params={"style": style, "pin": pin})
            expected = _cli(capsysbinary, sample_index, "cite", doc_id, "--style", style, *flags).decode()
            assert cited.status_code == 200, cited.text
            assert cited.json() == {"doc_id": doc_id, "style": style, "citation": expected.removesuffix("\n")}
    stats = httpx.get(f"{api_url}/api/stats")
    assert stats.content == _cli(capsysbinary, sample_index, "stats", "--json")


@pytest.mark.parametrize("fmt", ["csv", "json", "bibtex", "ris"])
def test_exports_are_the_bytes_the_app_offers(
    api_url: str, sample_archive: Archive, sample_index: Path, capsysbinary: pytest.CaptureFixture[bytes], fmt: str
) -> None:
    answer = httpx.get(f"{api_url}/api/export", params={"q": "detention", "format": fmt})
    assert answer.status_code == 200
    assert answer.content == sample_archive.export(SearchRequest(query="detention"), fmt).encode("utf-8")
    assert answer.content == _cli(capsysbinary, sample_index, "export", "detention", "--format", fmt)
    assert "attachment" in answer.headers["content-disposition"]


def test_facets_are_the_search_answers_facets(api_url: str) -> None:
    facets = httpx.get(f"{api_url}/api/facets", params={"q": "detention", "kind": "statement"}).json()
    found = httpx.get(f"{api_url}/api/search", params={"q": "detention", "kind": "statement"}).json()
    assert facets == {"query": "detention", "total": found["total"], "facets": found["facets"]}
    assert facets["facets"]["kind"]["statement"] == found["total"]  # a facet's own counts ignore its filter


def test_an_old_document_id_still_answers_and_an_unknown_one_is_404(api_url: str) -> None:
    missing = httpx.get(f"{api_url}/api/documents/no/such.html")
    assert missing.status_code == 404 and missing.json() == {"error": "no document with id 'no/such.html'"}


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/api/search?sort=sideways", 400, "sort must be one of"),
        ("/api/search?limit=1000", 400, "limit must be a whole number from 1 to 100"),
        ("/api/search?page=0", 400, "page must be"),
        ("/api/search?from=2020-13", 400, "from:"),
        ("/api/search?topics=detention", 400, "unknown parameter 'topics'"),
        ("/api/search?q=a&q=b", 400, "q was given 2 times"),
        ("/api/search?kind=memo", 400, "kind must be one of"),
        ("/api/search?year=20x0", 400, "year must be"),
        ("/api/search?q=" + "a" * 600, 400, "at most 500"),
        ("/api/search?q=bond&strict=1&q2=", 400, "unknown parameter"),
        ("/api/search?q=bond&translate=maybe", 400, "translate must be 1 or 0"),
        ("/api/search?q=%22bond&strict=1", 400, ""),
        ("/api/export?format=docx", 400, "format must be one of"),
        ("/api/documents/statements/abolish-ice-defund-police.html/cite?pin=p9", 400, "page"),
        ("/api/documents/statements/abolish-ice-defund-police.html/cite?style=harvard", 400, "style must be"),
        ("/api/documents/statements/abolish-ice-defund-police.html/cite?pin=q1", 400, "pin must be"),
        ("/api/stats?include_internal=1", 401, "staff token"),
        ("/api/nowhere", 404, "no such address"),
        ("/api/search?" + "q=" + "b" * 4100, 414, "longer than"),
    ],
)
def test_bad_requests_are_json_errors_with_a_reason(api_url: str, path: str, status: int, says: str) -> None:
    answer = httpx.get(api_url + path)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    assert says in answer.json()["error"]


def test_only_get_is_answered(api_url: str) -> None:
    answer = httpx.post(f"{api_url}/api/search", content=b"q=x")
    assert answer.status_code == 405 and answer.json() == {"error": "only GET is answered here"}
    assert httpx.head(f"{api_url}/api/stats").status_code == 200


def test_a_server_started_before_the_first_build_says_so_and_then_answers(tmp_path: Path) -> None:
    from benchmarks.api_server import running_api
    from indexer.build import build

    index = tmp_path / "index"
    with running_api(index, "--rate-limit", "0") as base:
        waiting = httpx.get(f"{base}/api/search?q=bond")
        assert waiting.status_code == 503 and "index" in waiting.json()["error"]
        source = tmp_path / "src"
        source.mkdir()
        (source / "a.md").write_text("# Bond\n\nBond fund.\n", encoding="utf-8")
        build([source], index, progress=False)
        assert httpx.get(f"{base}/api/search?q=bond").json()["total"] == 1
