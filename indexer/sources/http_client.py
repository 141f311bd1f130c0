"""Fetching from an organization's website as a good citizen, and within bounds.

httpx does the HTTP; this module adds what a crawler owes the site and the operator:
- it obeys robots.txt (read once per host, through this same client; Crawl-delay honoured) and sends
  a User-Agent naming the project and its address;
- one request at a time per host, at least `delay` seconds apart (or the site's Crawl-delay);
- a per-request timeout, retries with exponential backoff on 429 and 5xx (honouring Retry-After,
  up to MAX_RETRY_AFTER), and a size cap per response (read as a stream, stopped at the cap);
- redirects followed only within the same host (a redirect elsewhere is a failure with a reason);
- conditional requests: an `ETag` / `Last-Modified` from a previous fetch is sent back, and a 304
  answer means "unchanged" without a download.
A failure is a `FetchError` whose message a person can act on ("the server answered 500 three
times", "larger than the 50 MiB cap"); the caller reports it and goes on.
"""

from __future__ import annotations

import functools
import ssl
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

USER_AGENT = "ArchiveSearch/1.0 (+https://github.com/archive-search/archive-search; an archive indexer)"
DEFAULT_DELAY = 1.0  # seconds between two requests to one host
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
RETRIES = 3
BACKOFF = 1.0  # first wait before a retry; doubles each time
MAX_RETRY_AFTER = 120.0
MAX_REDIRECTS = 5
RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})


class FetchError(Exception):
    """A URL that could not be fetched; `str()` says why, for the build report."""


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
    ) -> None:
        self.delay, self.max_bytes, self.retries, self.backoff = delay, max_bytes, retries, backoff
        self._sleep = sleep
        self._http = httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT},
            trust_env=False,
            verify=_certificates(),
        )
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._last_request: dict[str, float] = {}
        self.requests = 0
        self.bytes_received = 0

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
        return rules is None or rules.can_fetch(USER_AGENT, url)

    def sitemaps(self, url: str) -> list[str]:
        """The `Sitemap:` addresses the robots.txt of `url`'s site names."""
        rules = self._rules(url)
        return list(rules.site_maps() or []) if rules is not None else []

    def _rules(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        if host not in self._robots:
            rules = None
            try:
                found = self._request(f"{host}/robots.txt", {}, check_robots=False)
                if found.body is not None:
                    rules = urllib.robotparser.RobotFileParser()
                    rules.parse(found.body.decode("utf-8", errors="replace").splitlines())
            except FetchError:
                rules = None  # no readable robots.txt: nothing is disallowed
            self._robots[host] = rules
        return self._robots[host]

    def _host_delay(self, url: str) -> float:
        rules = self._robots.get(_origin(url))
        crawl_delay = rules.crawl_delay(USER_AGENT) if rules is not None else None
        return max(self.delay, float(crawl_delay or 0))

    # -- fetching ------------------------------------------------------------------------------

    def get(self, url: str, validators: Validators | None = None) -> Fetched:
        """GET `url` within the rules above; FetchError when it cannot be had."""
        if not self.allowed(url):
            raise FetchError("disallowed by the site's robots.txt")
        return self._request(url, (validators or Validators()).headers(), check_robots=True)

    def _request(self, url: str, headers: dict[str, str], *, check_robots: bool) -> Fetched:
        host = urlsplit(url).netloc
        for _ in range(MAX_REDIRECTS + 1):
            response = self._with_retries(url, headers)
            if response[0] in (301, 302, 303, 307, 308):
                target = urljoin(url, response[1].get("location", ""))
                if urlsplit(target).netloc != host:
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

    def _with_retries(self, url: str, headers: dict[str, str]) -> _Response:
        wait = self.backoff
        for attempt in range(self.retries + 1):
            try:
                response = self._once(url, headers)
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

    def _once(self, url: str, headers: dict[str, str]) -> _Response:
        origin = _origin(url)
        pause = self._last_request.get(origin, 0.0) + self._host_delay(url) - time.monotonic()
        if pause > 0 and origin in self._last_request:
            self._sleep(pause)
        try:
            with self._http.stream("GET", url, headers=headers) as response:
                self.requests += 1
                body = bytearray()
                if response.status_code == 200:
                    declared = int(response.headers.get("content-length") or 0)
                    if declared > self.max_bytes:
                        raise FetchError(f"larger than the {_mib(self.max_bytes)} cap ({_mib(declared)})")
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > self.max_bytes:
                            raise FetchError(f"larger than the {_mib(self.max_bytes)} cap")
                self.bytes_received += len(body)
                return response.status_code, {k.lower(): v for k, v in response.headers.items()}, bytes(body)
        finally:
            self._last_request[origin] = time.monotonic()


_Response = tuple[int, dict[str, str], bytes | None]


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
