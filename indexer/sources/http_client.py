"""Fetching from an organization's website as a good citizen, and within bounds.

httpx does the HTTP; this module adds what a crawler owes the site and the operator, and is the one
gate every address from any source passes (REST answers, sitemaps, an export's attachments,
redirects):
- only http(s), and only the source's own site once the client is bound to it (`only_for`);
- the path normalised (dot segments, repeated slashes, encoded unreserved characters) before it is
  matched or fetched, so `//private/` and `/./private/` meet the rule for `/private/`;
- robots.txt obeyed as RFC 9309 says (Protego: `*` and `$` in rules, the longest match wins; read
  once per host through this same client) with a User-Agent naming the project; Crawl-delay honoured
  up to MAX_CRAWL_DELAY (a longer one is capped and noted in the source's report);
- one request at a time per host, at least `delay` seconds apart (or the site's Crawl-delay);
- a timeout per read, a deadline per response (a server trickling a byte a second is cut off) and
  one for all the sources of a build (`stop_by`: the crawl stops and resumes at the next build),
  retries with exponential backoff on 429 and 5xx (honouring Retry-After, up to MAX_RETRY_AFTER);
- a size cap on what a response decodes to, across every content-encoding it names (decoded here
  a bounded step at a time: `gzip, gzip` once turned 9 KB into 4.3 GB);
- redirects followed only within the same host (a redirect elsewhere is a failure with a reason);
- conditional requests: an `ETag` / `Last-Modified` from a previous fetch is sent back, and a 304
  answer means "unchanged" without a download.
A failure is a `FetchError` whose message a person can act on ("the server answered 500 three
times", "larger than the 50 MiB cap"); the caller reports it and goes on. The source's time limit
is a `CrawlTimeLimitError`: the crawl stops there, keeps what it fetched and removes nothing.
"""

from __future__ import annotations

import functools
import math
import posixpath
import re
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx
from protego import Protego

from archive.shared.media import MEDIA_SIZE_FACTOR

USER_AGENT = "ArchiveSearch/1.0 (+https://github.com/archive-search/archive-search; an archive indexer)"
DEFAULT_DELAY = 1.0  # seconds between two requests to one host
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
RETRIES = 3
BACKOFF = 1.0  # first wait before a retry; doubles each time
MAX_RETRY_AFTER = 120.0
MAX_REDIRECTS = 5
RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_CRAWL_DELAY = 30.0  # a robots.txt asking for more (86400 s was seen) is obeyed this far, and noted
RESPONSE_SECONDS = 120.0  # one response, headers to last byte: 50 MiB at a slow 0.5 MB/s
SOURCE_SECONDS = 4 * 3600.0  # all the crawls of one build together; the next build goes on from there
DECODE_STEP = 64 * 1024  # a compressed body is decoded at most this much at a time
ENCODINGS = ("gzip", "x-gzip", "deflate", "identity")
ROBOTS_REFUSAL = "disallowed by the site's robots.txt"


class FetchError(Exception):
    """A URL that could not be fetched; `str()` says why, for the build report."""


class CrawlTimeLimitError(Exception):
    """The source's time limit was reached: its crawl stops, keeping what it fetched."""


def normalised(url: str) -> str:
    """`url` with its path normalised as a server would read it: dot segments removed, repeated
    slashes collapsed, unreserved characters decoded (`/%70rivate/` is `/private/`), so a robots
    rule or an exclude pattern cannot be walked around by spelling."""
    parts = urlsplit(url)
    path = _UNRESERVED.sub(lambda m: chr(int(m.group(1), 16)), parts.path)
    path = re.sub(r"/{2,}", "/", path)
    if path:
        trailing = path.endswith(("/", "/.", "/.."))
        path = posixpath.normpath(path).replace("//", "/")
        path = (path if path.startswith("/") else "/" + path) + ("/" if trailing and path != "/" else "")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


_UNRESERVED = re.compile(r"%(2[DdEe]|3[0-9]|4[1-9A-Fa-f]|5[0-9Aa]|5[Ff]|6[1-9A-Fa-f]|7[0-9Aa]|7[Ee])")


@dataclass(frozen=True)
class Validators:
    """What a previous fetch of a URL said about its version, sent back to ask "has it changed?"."""

    etag: str = ""
    last_modified: str = ""

    def headers(self) -> dict[str, str]:
        out = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out


@dataclass(frozen=True)
class Fetched:
    """A fetch's outcome: the body (None when the server said 304 Not Modified) and its validators."""

    url: str  # after same-host redirects
    body: bytes | None
    content_type: str
    validators: Validators
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.body is None


class PoliteClient:
    """One client per crawl: robots.txt, pacing, retries, caps, same-host redirects."""

    def __init__(
        self,
        *,
        delay: float = DEFAULT_DELAY,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = DEFAULT_MAX_BYTES,
        retries: int = RETRIES,
        backoff: float = BACKOFF,
        sleep: Callable[[float], None] = time.sleep,
        response_seconds: float = RESPONSE_SECONDS,
    ) -> None:
        self.delay, self.max_bytes, self.retries, self.backoff = delay, max_bytes, retries, backoff
        self._limits = _Limits(max_bytes, response_seconds)
        self._sleep = sleep
        self._http = httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
            verify=_certificates(),
        )
        self._robots: dict[str, Protego | None] = {}
        self._last_request: dict[str, float] = {}
        self._site = ""  # the only host this client fetches from, once bound (only_for)
        self._ends_at = math.inf  # no request starts after this moment (stop_by: the build's deadline)
        self.requests = 0
        self.bytes_received = 0
        self.notes: list[str] = []  # what the source's report should say about the crawl (a capped delay)

    def stop_by(self, moment: float) -> None:
        """No request starts after `moment` (time.monotonic()): the build's deadline for all its sources."""
        self._ends_at = min(self._ends_at, moment)

    def only_for(self, url: str) -> None:
        """Bind the client to `url`'s site: every later address elsewhere is refused."""
        self._site = urlsplit(url).netloc.lower()

    def refusal(self, url: str) -> str | None:
        """Why the gate refuses `url` (another scheme, another site), or None."""
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            return f"not a web address ({parts.scheme or 'no scheme'}), not fetched"
        if self._site and parts.netloc.lower() != self._site:
            return f"on another site ({parts.netloc}), not fetched"
        return None

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- robots.txt ----------------------------------------------------------------------------

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets this project fetch `url` (a missing robots.txt allows all)."""
        rules = self._rules(url)
        return rules is None or rules.can_fetch(normalised(url), USER_AGENT)

    def sitemaps(self, url: str) -> list[str]:
        """The `Sitemap:` addresses the robots.txt of `url`'s site names."""
        rules = self._rules(url)
        return list(rules.sitemaps) if rules is not None else []

    def _rules(self, url: str) -> Protego | None:
        host = _origin(url)
        if host not in self._robots:
            rules = None
            try:
                found = self._request(f"{host}/robots.txt", {}, check_robots=False, limits=self._limits)
                if found.body is not None:
                    rules = Protego.parse(found.body.decode("utf-8", errors="replace"))
            except FetchError:
                rules = None  # no readable robots.txt: nothing is disallowed
            self._robots[host] = rules
            asked = rules.crawl_delay(USER_AGENT) if rules is not None else None
            if asked is not None and asked > MAX_CRAWL_DELAY:
                self.notes.append(
                    f"{host}/robots.txt asks for {asked:g} s between requests; waited {MAX_CRAWL_DELAY:g} s"
                )
        return self._robots[host]

    def _host_delay(self, url: str) -> float:
        rules = self._robots.get(_origin(url))
        crawl_delay = rules.crawl_delay(USER_AGENT) if rules is not None else None
        return max(self.delay, min(float(crawl_delay or 0), MAX_CRAWL_DELAY))

    # -- fetching ------------------------------------------------------------------------------

    def get(self, url: str, validators: Validators | None = None, *, large: bool = False) -> Fetched:
        """GET `url` within the rules above; FetchError when it cannot be had. `large`: a recording,
        allowed MEDIA_SIZE_FACTOR times the size cap and the time for one response."""
        if refused := self.refusal(url):
            raise FetchError(refused)
        url = normalised(url)
        if not self.allowed(url):
            raise FetchError(ROBOTS_REFUSAL)
        scale = MEDIA_SIZE_FACTOR if large else 1
        limits = _Limits(self._limits.max_bytes * scale, self._limits.response_seconds * scale)
        return self._request(url, (validators or Validators()).headers(), check_robots=True, limits=limits)

    def _request(self, url: str, headers: dict[str, str], *, check_robots: bool, limits: _Limits) -> Fetched:
        host = urlsplit(url).netloc
        for _ in range(MAX_REDIRECTS + 1):
            response = self._with_retries(url, headers, limits)
            if response[0] in (301, 302, 303, 307, 308):
                target = normalised(urljoin(url, response[1].get("location", "")))
                if urlsplit(target).scheme not in ("http", "https") or urlsplit(target).netloc != host:
                    raise FetchError(f"redirected to another host ({urlsplit(target).netloc or 'none'}), not followed")
                if check_robots and not self.allowed(target):
                    raise FetchError("redirected to a page the site's robots.txt disallows")
                url = target
                continue
            return self._answer(url, response)
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    def _answer(self, url: str, response: tuple[int, dict[str, str], bytes | None]) -> Fetched:
        status, headers, body = response
        validators = Validators(headers.get("etag", ""), headers.get("last-modified", ""))
        if status == 304:
            return Fetched(url, None, headers.get("content-type", ""), validators, headers)
        if status == 404:
            raise FetchError("not found (404)")
        if status >= 400:
            raise FetchError(f"the server answered {status}")
        return Fetched(url, body or b"", headers.get("content-type", ""), validators, headers)

    def _with_retries(self, url: str, headers: dict[str, str], limits: _Limits) -> _Response:
        wait = self.backoff
        for attempt in range(self.retries + 1):
            try:
                response = self._once(url, headers, limits)
            except httpx.TimeoutException:
                if attempt == self.retries:
                    raise FetchError(f"timed out {attempt + 1} times") from None
                self._sleep(wait)
                wait *= 2
                continue
            except httpx.HTTPError as exc:
                raise FetchError(f"could not connect ({type(exc).__name__})") from None
            status, response_headers, _ = response
            if status not in RETRIED_STATUSES or attempt == self.retries:
                if status in RETRIED_STATUSES:
                    raise FetchError(f"the server answered {status} {attempt + 1} times")
                return response
            self._sleep(min(_retry_after(response_headers.get("retry-after", "")) or wait, MAX_RETRY_AFTER))
            wait *= 2
        raise FetchError("no answer")  # not reached: the loop returns or raises

    def _once(self, url: str, headers: dict[str, str], limits: _Limits) -> _Response:
        origin = _origin(url)
        pause = self._last_request.get(origin, 0.0) + self._host_delay(url) - time.monotonic()
        if pause > 0 and origin in self._last_request:
            self._sleep(min(pause, max(0.0, self._ends_at - time.monotonic())))
        if time.monotonic() >= self._ends_at:
            raise CrawlTimeLimitError(
                f"the build's time limit for reading sources ({SOURCE_SECONDS / 3600:g} h) was reached; "
                "the next build goes on from here"
            )
        try:
            return _within(limits.response_seconds, lambda cancelled: self._download(url, headers, cancelled, limits))
        finally:
            self._last_request[origin] = time.monotonic()

    def _download(self, url: str, headers: dict[str, str], cancelled: threading.Event, limits: _Limits) -> _Response:
        """One GET, its body decoded within the size cap; stops reading once `cancelled` is set."""
        with self._http.stream("GET", url, headers=headers) as response:
            self.requests += 1
            body = bytearray()
            if response.status_code == 200:
                declared = response.headers.get("content-length") or "0"
                cap = limits.max_bytes
                if declared.isascii() and declared.isdigit() and int(declared) > cap:
                    raise FetchError(f"larger than the {_mib(cap)} cap ({_mib(int(declared))})")
                raw = _until(cancelled, response.iter_raw())
                for chunk in _decoded(raw, response.headers.get("content-encoding", ""), cap):
                    body += chunk
                    if len(body) > cap:
                        raise FetchError(f"larger than the {_mib(cap)} cap")
            self.bytes_received += len(body)
            return response.status_code, {k.lower(): v for k, v in response.headers.items()}, bytes(body)


_Response = tuple[int, dict[str, str], bytes | None]


@dataclass(frozen=True)
class _Limits:
    """What one response may take: bytes (after decoding) and seconds from headers to last byte."""

    max_bytes: int
    response_seconds: float


def _within(seconds: float, work: Callable[[threading.Event], _Response]) -> _Response:
    """`work` run to its end within `seconds`, else FetchError. httpx's timeout is per read, so a
    server sending a byte a second never trips it; the work runs on a helper thread that is told to
    stop and left behind (it ends at its next byte, or with the process)."""
    cancelled = threading.Event()
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = work(cancelled)
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc

    helper = threading.Thread(target=run, name="fetch", daemon=True)
    helper.start()
    helper.join(seconds)
    if helper.is_alive():
        cancelled.set()
        raise FetchError(f"the server took longer than {seconds:g} s to send its answer (sending too slowly)")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def _until(cancelled: threading.Event, chunks: Iterable[bytes]) -> Iterator[bytes]:
    for chunk in chunks:
        if cancelled.is_set():
            raise FetchError("cancelled")
        yield chunk


def _decoded(raw: Iterable[bytes], content_encoding: str, max_bytes: int) -> Iterator[bytes]:
    """The body with every content-encoding undone (last applied first), each layer's output
    bounded by `max_bytes` and produced DECODE_STEP bytes at a time."""
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    unknown = [c for c in codings if c not in ENCODINGS]
    if unknown:
        raise FetchError(f"sent in an encoding this crawler does not read ({', '.join(unknown)})")
    stream: Iterable[bytes] = raw
    for coding in reversed(codings):
        if coding != "identity":
            stream = _inflated(stream, coding, max_bytes)
    return iter(stream)


def _inflated(chunks: Iterable[bytes], coding: str, max_bytes: int) -> Iterator[bytes]:
    inflater: zlib._Decompress | None = None
    produced = 0
    for chunk in chunks:
        if inflater is None:
            if coding == "deflate" and chunk and (chunk[0] & 0x0F) != 8:  # a raw deflate stream
                inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            else:
                inflater = zlib.decompressobj(zlib.MAX_WBITS | (16 if coding != "deflate" else 0))
        data = chunk
        while data and not inflater.eof:
            try:
                out = inflater.decompress(data, DECODE_STEP)
            except zlib.error as exc:
                raise FetchError(f"its {coding} encoding is damaged ({exc})") from None
            data = inflater.unconsumed_tail
            produced += len(out)
            if produced > max_bytes:
                raise FetchError(f"larger than the {_mib(max_bytes)} cap once decoded ({coding})")
            if out:
                yield out


@functools.cache
def _certificates() -> ssl.SSLContext:
    """One TLS context for every client of the process: loading the certificate bundle costs
    about 30 ms, more than a whole unchanged re-crawl of a site's listings."""
    return httpx.create_ssl_context(trust_env=False)


def _mib(size: int) -> str:
    return f"{size / 2**20:.3g} MiB"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _retry_after(value: str) -> float | None:
    """Seconds from a Retry-After header (a number of seconds or an HTTP date)."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None
