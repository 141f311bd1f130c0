"""The polite client against a real HTTP server on 127.0.0.1 that injects faults."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from indexer.sources.export_mirror import mirror_export
from indexer.sources.http_client import USER_AGENT, FetchError, PoliteClient, Validators
from indexer.sources.mirror_folder import MirrorFolder
from indexer.sources.wordpress_export import read_export
from tests.conftest import write_pdf
from tests.indexer.sources.test_wordpress_export import wxr, wxr_item


class Site:
    """What the test server serves and what it saw."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[bytes, str]] = {}  # path -> (body, etag)
        self.robots = "User-agent: *\nDisallow: /private/\n"
        self.failures: dict[str, list[int]] = {}  # path -> statuses to answer first, in order
        self.retry_after: dict[str, str] = {}
        self.slow: set[str] = set()
        self.redirects: dict[str, str] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []


@pytest.fixture
def site() -> Iterator[tuple[Site, str]]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            state.requests.append((self.path, dict(self.headers)))
            if self.path == "/robots.txt":
                return self._send(200, state.robots.encode(), "text/plain")
            if self.path in state.slow:
                time.sleep(1.5)
            pending = state.failures.get(self.path)
            if pending:
                status = pending.pop(0)
                extra = {"Retry-After": state.retry_after[self.path]} if self.path in state.retry_after else {}
                return self._send(status, b"busy", "text/plain", extra)
            if self.path in state.redirects:
                return self._send(302, b"", "text/plain", {"Location": state.redirects[self.path]})
            if self.path not in state.files:
                return self._send(404, b"missing", "text/plain")
            body, etag = state.files[self.path]
            if self.headers.get("If-None-Match") == etag:
                return self._send(304, b"", "application/pdf", {"ETag": etag})
            self._send(200, body, "application/pdf", {"ETag": etag})

        def _send(self, status: int, body: bytes, kind: str, extra: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def client(**kw: float) -> PoliteClient:
    waits: list[float] = []
    made = PoliteClient(delay=kw.pop("delay", 0.0), sleep=waits.append, **kw)  # type: ignore[arg-type]
    made.waits = waits  # type: ignore[attr-defined]
    return made


def test_it_names_itself_and_asks_robots_txt_first(site: tuple[Site, str]) -> None:
    state, base = site
    state.files["/a.pdf"] = (b"%PDF-1.4 a", '"v1"')
    with client() as c:
        assert c.get(f"{base}/a.pdf").body == b"%PDF-1.4 a"
        with pytest.raises(FetchError, match=r"robots\.txt"):
            c.get(f"{base}/private/memo.pdf")
    assert [p for p, _ in state.requests] == ["/robots.txt", "/a.pdf"]
    assert all(h["User-Agent"] == USER_AGENT for _, h in state.requests)


def test_a_500_then_success_is_retried_and_a_429_waits_as_asked(site: tuple[Site, str]) -> None:
    state, base = site
    state.files["/a.pdf"] = (b"A", '"1"')
    state.failures["/a.pdf"] = [500, 503]
    state.files["/b.pdf"] = (b"B", '"1"')
    state.failures["/b.pdf"] = [429]
    state.retry_after["/b.pdf"] = "7"
    with client(backoff=0.5) as c:
        assert c.get(f"{base}/a.pdf").body == b"A"
        assert c.waits == [0.5, 1.0]  # type: ignore[attr-defined]
        assert c.get(f"{base}/b.pdf").body == b"B"
        assert c.waits[-1] == 7.0  # type: ignore[attr-defined]
    state.failures["/a.pdf"] = [500] * 10
    with client() as c, pytest.raises(FetchError, match="answered 500 4 times"):
        c.get(f"{base}/a.pdf")


def test_timeouts_redirects_elsewhere_and_oversized_answers_fail_with_reasons(site: tuple[Site, str]) -> None:
    state, base = site
    state.files["/slow.pdf"] = (b"S", '"1"')
    state.slow.add("/slow.pdf")
    state.redirects["/moved.pdf"] = "https://elsewhere.example/moved.pdf"
    state.redirects["/here.pdf"] = "/a.pdf"
    state.files["/a.pdf"] = (b"A", '"1"')
    state.files["/big.pdf"] = (b"x" * 5000, '"1"')
    with client(timeout=0.5, retries=1, max_bytes=1000) as c:
        with pytest.raises(FetchError, match="timed out 2 times"):
            c.get(f"{base}/slow.pdf")
        with pytest.raises(FetchError, match="another host"):
            c.get(f"{base}/moved.pdf")
        assert c.get(f"{base}/here.pdf").url == f"{base}/a.pdf"  # the same host: followed
        with pytest.raises(FetchError, match="cap"):
            c.get(f"{base}/big.pdf")
        with pytest.raises(FetchError, match="404"):
            c.get(f"{base}/none.pdf")


def test_requests_to_one_host_are_spaced_by_the_delay_or_the_sites_crawl_delay(site: tuple[Site, str]) -> None:
    state, base = site
    state.robots = "User-agent: *\nCrawl-delay: 3\n"
    state.files["/a.pdf"] = (b"A", '"1"')
    with client(delay=0.2) as c:
        c.get(f"{base}/a.pdf")
        c.get(f"{base}/a.pdf")
        assert c.waits and 2.5 < max(c.waits) <= 3.0  # type: ignore[attr-defined]


def test_a_conditional_request_says_unchanged_without_a_download(site: tuple[Site, str]) -> None:
    state, base = site
    state.files["/a.pdf"] = (b"A", '"v1"')
    with client() as c:
        first = c.get(f"{base}/a.pdf")
        again = c.get(f"{base}/a.pdf", first.validators)
        assert again.not_modified and again.body is None
        assert state.requests[-1][1]["If-None-Match"] == '"v1"'
        state.files["/a.pdf"] = (b"A2", '"v2"')
        assert c.get(f"{base}/a.pdf", Validators(etag='"v1"')).body == b"A2"


def test_an_exports_uploads_are_fetched_once_then_asked_about(site: tuple[Site, str], tmp_path: Path) -> None:
    state, base = site
    pdf = write_pdf(tmp_path / "flyer.pdf", ["Three principles."]).read_bytes()
    state.files["/wp-content/uploads/2020/04/flyer.pdf"] = (pdf, '"f1"')
    export_file = tmp_path / "export.xml"
    upload = wxr_item(
        "The flyer",
        "flyer",
        post_type="attachment",
        status="inherit",
        attachment_url=f"{base}/wp-content/uploads/2020/04/flyer.pdf",
        post_id=5,
    )
    missing = wxr_item(
        "Lost flyer",
        "lost",
        post_type="attachment",
        status="inherit",
        attachment_url=f"{base}/wp-content/uploads/2020/04/lost.pdf",
        post_id=6,
    )
    export_file.write_text(wxr([upload, missing]), encoding="utf-8")
    export = read_export(export_file)
    with client() as c:
        first = mirror_export(export, MirrorFolder(tmp_path / "mirror"), client=c)
    assert first.downloaded == 1 and first.failed == [
        (f"{base}/wp-content/uploads/2020/04/lost.pdf", "not found (404)")
    ]
    assert (tmp_path / "mirror/wp-content/uploads/2020/04/flyer.pdf").read_bytes() == pdf
    with client() as c:
        second = mirror_export(export, MirrorFolder(tmp_path / "mirror"), client=c)
    assert second.downloaded == 0 and second.not_modified == 1 and second.written == 0
    assert [h.get("If-None-Match") for p, h in state.requests if p.endswith("flyer.pdf")] == [None, '"f1"']
