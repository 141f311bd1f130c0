"""What a hostile website could once do to a build (#27), each against a real server on 127.0.0.1
(127.0.0.2 stands in for another host): fetch other hosts through an export, decode a small answer
into gigabytes, hold a build with a Crawl-delay of a day or a byte a second, crash the build with a
malformed REST answer, walk around robots.txt by spelling, cost thousands of requests with a false
page count or a million-entry sitemap, and leave a half-written state on a full disk."""

from __future__ import annotations

import gzip
import json
import resource
import signal
import subprocess
import sys
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive import Archive, SearchRequest
from indexer import sources
from indexer.sources import SourceEntry, prepare_sources
from indexer.sources.http_client import MAX_CRAWL_DELAY, ROBOTS_REFUSAL, FetchError, PoliteClient
from tests.cli_helpers import ROOT, run_module
from tests.hostile_server import Hostile, send, serve, trickle
from tests.indexer.sources.test_wordpress_export import wxr, wxr_item

PAGE = (
    b"<html><head><title>Statement</title></head><body><article><h1>Bond funds</h1>"
    + (b"<p>Bond funds free people from immigration detention every week.</p>" * 5)
    + b"</article></body></html>"
)


@pytest.fixture
def hostile() -> Iterator[Hostile]:
    with serve() as state:
        yield state


def client(**options: float) -> PoliteClient:
    return PoliteClient(delay=0, backoff=0, **options)


def build(*args: str) -> dict:
    done = run_module("indexer", "build", *args, "--json", "--delay", "0")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_an_exports_attachments_on_another_host_are_not_fetched(hostile: Hostile, tmp_path: Path) -> None:
    with serve("127.0.0.2") as other:
        other.routes["/secret.pdf"] = send(200, b"%PDF-1.4 from another host", {"Content-Type": "application/pdf"})
        items = [
            wxr_item(
                "Elsewhere",
                "elsewhere",
                post_type="attachment",
                status="inherit",
                post_id=7,
                attachment_url=f"{other.base}/secret.pdf",
            ),
            wxr_item("Statement", "statement", content="Bond funds free people from detention.", post_id=8),
        ]
        export = tmp_path / "export.xml"
        export.write_text(wxr(items).replace("https://network.example.org", hostile.base), encoding="utf-8")
        report = build(str(export), "--index", str(tmp_path / "index"))
        assert other.requested == []  # not even robots.txt
    [row] = report["sources"]
    assert row["failed"] == [
        {
            "item": f"{other.base}/secret.pdf",
            "reason": "on another site (127.0.0.2:" + other.base.rsplit(":", 1)[1] + "), not fetched",
        }
    ]
    assert report["documents"] == 1
    public = json.dumps(Archive(tmp_path / "index").stats().to_json())
    assert str(tmp_path) not in public and '"source": "export.xml"' in public  # no server path in public


def _gzip_layers(size: int, layers: int) -> bytes:
    """`size` zero bytes gzipped `layers` times, without holding them in memory."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    data = b"".join(packer.compress(block) for _ in range(size >> 20)) + packer.flush()
    for _ in range(layers - 1):
        data = gzip.compress(data, 9)
    return data


def test_nested_content_encodings_are_decoded_within_the_cap(hostile: Hostile) -> None:
    bomb = _gzip_layers(400 << 20, 2)  # 400 MiB of zeros in a few KB
    hostile.routes["/bomb"] = send(200, bomb, {"Content-Encoding": "gzip, gzip"})
    hostile.routes["/unknown"] = send(200, b"x", {"Content-Encoding": "br, gzip"})
    hostile.routes["/fine"] = send(200, gzip.compress(PAGE), {"Content-Encoding": "gzip"})
    tracemalloc.start()
    try:
        with client(max_bytes=1 << 20) as c, pytest.raises(FetchError, match="cap once decoded"):
            c.get(f"{hostile.base}/bomb")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(bomb) < 64 << 10 and peak < 16 << 20  # httpx decoded each chunk whole: gigabytes
    with client() as c:
        with pytest.raises(FetchError, match=r"encoding this crawler does not read \(br\)"):
            c.get(f"{hostile.base}/unknown")
        assert c.get(f"{hostile.base}/fine").body == PAGE


def test_a_crawl_delay_of_a_day_is_capped_and_noted(hostile: Hostile) -> None:
    hostile.routes["/robots.txt"] = send(200, b"User-agent: *\nCrawl-delay: 86400\n", {"Content-Type": "text/plain"})
    hostile.routes["/a"] = hostile.routes["/b"] = send(200, PAGE)
    waits: list[float] = []
    with PoliteClient(delay=0, sleep=waits.append) as c:
        c.get(f"{hostile.base}/a")
        c.get(f"{hostile.base}/b")
    assert waits and max(waits) <= MAX_CRAWL_DELAY
    assert c.notes == [f"{hostile.base}/robots.txt asks for 86400 s between requests; waited 30 s"]


@pytest.mark.parametrize("where", ["body", "headers", "robots.txt"])
def test_a_server_trickling_bytes_is_cut_off(hostile: Hostile, where: str) -> None:
    stop = threading.Event()
    path = "/robots.txt" if where == "robots.txt" else "/slow"
    hostile.routes[path] = trickle(stop, headers_too=where != "body")
    hostile.routes["/slow"] = hostile.routes.get("/slow") or send(200, PAGE)
    try:
        with client(response_seconds=2, timeout=5) as c:
            started = time.monotonic()
            if where == "robots.txt":  # an unreadable robots.txt is none: the page is fetched after it
                assert c.get(f"{hostile.base}/slow").body == PAGE
            else:
                with pytest.raises(FetchError, match="sending too slowly"):
                    c.get(f"{hostile.base}/slow")
            assert time.monotonic() - started < 60  # a byte at a time would have taken hours
    finally:
        stop.set()


def test_the_builds_time_limit_stops_its_crawls_and_keeps_what_they_fetched(
    hostile: Hostile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    urls = "".join(f"<url><loc>{hostile.base}/p{n}/</loc></url>" for n in range(5))
    hostile.routes["/sitemap.xml"] = send(200, f"<urlset>{urls}</urlset>".encode(), {"Content-Type": "text/xml"})
    for n in range(5):
        hostile.routes[f"/p{n}/"] = send(200, PAGE.replace(b"Bond funds", f"Page {n}".encode()))
    monkeypatch.setattr(sources, "SOURCE_SECONDS", 0.0)  # the build's time for its sources is spent at once
    entries = [SourceEntry("sitemap", f"{hostile.base}/", delay=0), SourceEntry("site", f"{hostile.base}/", delay=0)]
    prepared = prepare_sources(entries, tmp_path, client_for=lambda _: PoliteClient(delay=0))
    for read in prepared.read:
        assert not read.report.complete and "time limit for reading sources" in read.report.failed[-1][1]


def _wordpress(hostile: Hostile, posts: bytes, headers: dict[str, str]) -> None:
    index = {"namespaces": ["wp/v2"], "url": hostile.base, "name": "Hostile"}
    hostile.routes["/wp-json/"] = send(200, json.dumps(index).encode(), {"Content-Type": "application/json"})
    for kind in ("posts", "pages", "media"):
        hostile.routes[f"/wp-json/wp/v2/{kind}"] = send(
            200, posts if kind == "posts" else b"[]", {"Content-Type": "application/json", **headers}
        )


@pytest.mark.parametrize(
    ("posts", "headers"),
    [
        (
            b"[]",
            {"X-WP-TotalPages": "\u00b2".encode().decode("latin-1"), "X-WP-Total": "\u00b2".encode().decode("latin-1")},
        ),
        (b"[" * 100_000 + b"]" * 100_000, {}),
        (b'[{"id": 1, "modified_gmt": "0001-01-01T00:00:00", "link": "LINK/2020/03/a/"}]', {"X-WP-Total": "1"}),
        (b'[{"id": "1", "modified_gmt": 5, "link": ["x"]}, 7, null]', {}),
    ],
    ids=["superscript-page-count", "deeply-nested-json", "year-one", "wrong-field-types"],
)
def test_a_malformed_rest_answer_fails_that_source_alone(
    hostile: Hostile, tmp_path: Path, posts: bytes, headers: dict[str, str]
) -> None:
    _wordpress(hostile, posts.replace(b"LINK", hostile.base.encode()), headers)
    hostile.routes["/2020/03/a/"] = send(200, PAGE)
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "note.md").write_text("# Folder note\n\nA note about bond funds.\n")
    for _ in range(2):  # the second crawl reads what the first kept (a date in year 1 once broke it)
        report = build(f"{hostile.base}/", str(folder), "--index", str(tmp_path / "index"))
    titles = {
        Archive(tmp_path / "index").metadata(d).title
        for d in Archive(tmp_path / "index").result_ids(SearchRequest())
    }
    assert "Folder note" in titles  # the folder was built whatever the site answered
    assert len(report["sources"]) == 1


def test_robots_rules_hold_however_the_path_is_spelled(hostile: Hostile) -> None:
    rules = b"User-agent: *\nDisallow: /private/\nDisallow: /*.pdf$\nAllow: /private/open/\n"
    hostile.routes["/robots.txt"] = send(200, rules, {"Content-Type": "text/plain"})
    for path in ("/private/a", "/a.pdf", "/a.pdf?x=1", "/private/open/b", "/fine"):
        hostile.routes[path] = send(200, PAGE)
    with client() as c:
        for path in ("//private/a", "/./private/a", "/x/../private/a", "/%70rivate/a", "/a.pdf", "/docs/../a.pdf"):
            with pytest.raises(FetchError, match=ROBOTS_REFUSAL):
                c.get(hostile.base + path)
        for path in ("/a.pdf?x=1", "/private/open/b", "/fine"):
            assert c.get(hostile.base + path).body == PAGE
    assert [p for p in hostile.requested if "private/a" in p or p == "/a.pdf"] == []


def test_a_false_page_count_costs_one_request_per_listing(hostile: Hostile, tmp_path: Path) -> None:
    _wordpress(hostile, b"[]", {"X-WP-TotalPages": "100000", "X-WP-Total": "0"})
    build(f"{hostile.base}/", "--index", str(tmp_path / "index"))
    listings = [p for p in hostile.requested if p.startswith("/wp-json/wp/v2/")]
    assert len(listings) == 5, listings  # posts, pages, media (PDFs, audio, video): one page each


def test_a_huge_sitemap_with_a_page_limit_stays_small(hostile: Hostile, tmp_path: Path) -> None:
    urls = "".join(f"<url><loc>{hostile.base}/p{n}/</loc></url>" for n in range(200_000))
    hostile.routes["/sitemap.xml"] = send(
        200, gzip.compress(f"<urlset>{urls}</urlset>".encode()), {"Content-Type": "application/x-gzip"}
    )
    for n in range(10):
        hostile.routes[f"/p{n}/"] = send(200, PAGE.replace(b"Bond funds", f"Page {n}".encode()))
    report = build(f"{hostile.base}/", "--max-pages", "5", "--index", str(tmp_path / "index"))
    [row] = report["sources"]
    assert report["documents"] == 5 and row["requests"] <= 10  # robots, API probe, sitemap, 5 pages
    assert row["skipped"][-1] == {"item": "49995 more pages", "reason": "beyond the page limit (5)"}
    assert len(json.dumps(report)) < 20_000


def test_a_full_disk_while_mirroring_is_one_line_and_leaves_no_partial_state(hostile: Hostile, tmp_path: Path) -> None:
    hostile.routes["/sitemap.xml"] = send(200, f"<urlset><url><loc>{hostile.base}/big/</loc></url></urlset>".encode())
    hostile.routes["/big/"] = send(200, PAGE + b"<!--" + b"x" * 400_000 + b"-->")

    def limit() -> None:  # writes past 200 KB fail with EFBIG, as a full disk fails with ENOSPC
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "indexer",
            "build",
            f"{hostile.base}/",
            "--index",
            str(tmp_path / "index"),
            "--delay",
            "0",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        preexec_fn=limit,
        timeout=300,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: cannot write the sources' copies under") and done.stderr.count("\n") == 1
    assert list((tmp_path / "index").rglob("*.part")) == []


def test_two_web_builds_of_one_index_do_not_mirror_at_once(hostile: Hostile, tmp_path: Path) -> None:
    """Sources were mirrored before the lock: one build deleted the other's pages."""
    stop = threading.Event()
    urls = "".join(f"<url><loc>{hostile.base}/p{n}/</loc></url>" for n in range(4))
    hostile.routes["/sitemap.xml"] = send(200, f"<urlset>{urls}</urlset>".encode(), {"Content-Type": "text/xml"})
    for n in range(4):
        hostile.routes[f"/p{n}/"] = send(200, PAGE.replace(b"Bond funds", f"Page {n}".encode()))
    held = threading.Event()
    page_two = hostile.routes["/p2/"]

    def slow_page(handler: object) -> None:  # held until the second build has been turned away
        held.set()
        stop.wait(120)
        page_two(handler)

    hostile.routes["/p2/"] = slow_page
    index = tmp_path / "index"
    command = [sys.executable, "-m", "indexer", "build", f"{hostile.base}/", "--index", str(index), "--delay", "0"]
    first = subprocess.Popen([*command, "--json"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert held.wait(120), "the first build never reached the held page"
        second = subprocess.run([*command, "--wait", "0"], cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert second.returncode == 3 and "another build is reading this index's sources" in second.stderr
    finally:
        stop.set()
        out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert json.loads(out)["documents"] == 4
