"""A WordPress-like website served on 127.0.0.1, for the tests of web sources and their benchmark.

It speaks the parts of the WordPress REST API a crawler reads (posts, pages, media, categories,
tags, users; `per_page`, `page`, `include`, `_fields`, `mime_type`; the X-WP-Total and
X-WP-TotalPages headers; its 400 past the last page), serves robots.txt, a sitemap index with
post, page and taxonomy sitemaps (one of them gzipped), HTML pages with the meta tags WordPress
themes write, category listing pages, and PDF uploads. Every answer has an ETag and honours
If-None-Match. Faults are injected per path: statuses to answer first (500, 429 with Retry-After),
slowness, redirects, an oversized body. Everything it serves is synthetic test material.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import html
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Post:
    id: int
    slug: str
    title: str
    content: str  # HTML, as WordPress renders it
    date_gmt: str = "2020-03-19T15:00:00"
    modified_gmt: str = "2020-03-19T15:00:00"
    type: str = "post"  # "post" or "page"
    categories: tuple[int, ...] = ()
    tags: tuple[int, ...] = ()
    author: int = 1


@dataclass
class Upload:
    id: int
    path: str  # "/wp-content/uploads/2020/04/flyer.pdf"
    title: str
    body: bytes
    date_gmt: str = "2020-04-23T10:00:00"
    modified_gmt: str = "2020-04-23T10:00:00"
    mime: str = "application/pdf"


class Gate:
    """Holds requests until the test opens it; the first `let_through` requests pass at once."""

    def __init__(self, let_through: int = 0) -> None:
        self._open = threading.Event()
        self._lock = threading.Lock()
        self._passes = let_through

    def wait(self, seconds: float) -> None:
        with self._lock:
            if self._passes > 0:
                self._passes -= 1
                return
        self._open.wait(seconds)

    def open(self) -> None:
        self._open.set()


@dataclass
class SiteState:
    """What the site holds, how it misbehaves, and every request it saw (path, headers)."""

    name: str = "Test Network (synthetic)"
    posts: list[Post] = field(default_factory=list)
    uploads: list[Upload] = field(default_factory=list)
    categories: dict[int, str] = field(default_factory=lambda: {1: "Detention", 2: "Criminalization"})
    tags: dict[int, str] = field(default_factory=lambda: {1: "#FreeThemAll", 2: "covid-19"})
    users: dict[int, str] = field(default_factory=lambda: {1: "Communications team"})
    rest: bool = True
    max_per_page: int = 100
    honours_orderby: bool = True  # False: listings by date whatever `orderby` asks (a plugin can do that)
    disallow: tuple[str, ...] = ("/private/",)
    gzip_pages_sitemap: bool = True
    extra_html: dict[str, str] = field(default_factory=dict)  # path -> page (served and in the sitemap)
    failures: dict[str, list[int]] = field(default_factory=dict)  # path (or "path?query-start") -> statuses
    retry_after: dict[str, str] = field(default_factory=dict)
    slow: dict[str, float] = field(default_factory=dict)
    held: dict[str, Gate] = field(default_factory=dict)  # path -> answered once its gate opens
    redirects: dict[str, str] = field(default_factory=dict)
    oversized: set[str] = field(default_factory=set)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    base: str = ""

    def link(self, post: Post) -> str:
        return f"{self.base}/{post.slug}/" if post.type == "page" else f"{self.base}/2020/03/{post.slug}/"

    def paths_requested(self) -> list[str]:
        return [p for p, _ in self.requests]


def post_page(state: SiteState, post: Post) -> str:
    """The post as a theme renders it: navigation, the article, a footer; meta tags in the head."""
    e = html.escape
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{e(post.title)} – {e(state.name)}</title>
<meta property="og:title" content="{e(post.title)}">
<meta property="og:site_name" content="{e(state.name)}">
<link rel="canonical" href="{e(state.link(post))}">
<meta property="article:published_time" content="{post.date_gmt}+00:00">
<meta property="article:modified_time" content="{post.modified_gmt}+00:00">
</head><body><header><nav><a href="/">Home</a> <a href="/category/detention/">Detention</a></nav></header>
<main><article><h1 class="entry-title">{e(post.title)}</h1><div class="entry-content">{post.content}</div></article></main>
<footer><p>WPML not installed and activated.</p></footer></body></html>"""


def listing_page(state: SiteState, name: str) -> str:
    teasers = "".join(
        f'<article><h2><a href="{state.link(p)}">{html.escape(p.title)}</a></h2><p>Read more</p></article>'
        for p in state.posts
    )
    return f"<!doctype html><html><head><title>{name} – {state.name}</title></head><body>{teasers}</body></html>"


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:16] + '"'


def _fields(record: dict, query: dict[str, list[str]]) -> dict:
    wanted = query.get("_fields", [""])[0]
    return {k: v for k, v in record.items() if k in wanted.split(",")} if wanted else record


def _post_json(state: SiteState, post: Post) -> dict:
    return {
        "id": post.id,
        "date_gmt": post.date_gmt,
        "modified_gmt": post.modified_gmt,
        "link": state.link(post),
        "status": "publish",
        "type": post.type,
        "title": {"rendered": html.escape(post.title).replace("&#x27;", "&#8217;")},
        "content": {"rendered": post.content, "protected": False},
        "excerpt": {"rendered": ""},
        "author": post.author,
        "categories": list(post.categories),
        "tags": list(post.tags),
    }


def _media_json(state: SiteState, upload: Upload) -> dict:
    return {
        "id": upload.id,
        "date_gmt": upload.date_gmt,
        "modified_gmt": upload.modified_gmt,
        "source_url": state.base + upload.path,
        "link": f"{state.base}/?attachment_id={upload.id}",
        "title": {"rendered": html.escape(upload.title)},
        "mime_type": upload.mime,
        "media_type": "file" if upload.mime.startswith("application/") else upload.mime.split("/")[0],
    }


class _Handler(BaseHTTPRequestHandler):
    state: SiteState

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        state = self.state
        state.requests.append((self.path, dict(self.headers)))
        path, query = urlsplit(self.path).path, parse_qs(urlsplit(self.path).query)
        if path in state.slow:
            time.sleep(state.slow[path])
        if path in state.held:  # a state the test waits for, not a time: the request is in, unanswered
            state.held[path].wait(120)
        # a failure is keyed by the path, or by the start of a path with its query ("/x?include=")
        key = next((k for k in state.failures if k == path or ("?" in k and self.path.startswith(k))), path)
        pending = state.failures.get(key)
        if pending:
            status = pending.pop(0)
            extra = {"Retry-After": state.retry_after[key]} if key in state.retry_after else {}
            return self._send(status, b"busy", "text/plain", extra)
        if path in state.redirects:
            return self._send(302, b"", "text/plain", {"Location": state.redirects[path]})
        answer = self._route(path, query)
        if answer is None:
            return self._send(404, b"<html><body>Not found</body></html>", "text/html")
        status, body, kind, extra = answer
        if path in state.oversized:
            body = body + b" " * (60 * 1024 * 1024)
        etag = _etag(body + extra.get("X-WP-Total", "").encode())  # the count is part of what a listing says
        if status == 200 and self.headers.get("If-None-Match") == etag:
            return self._send(304, b"", kind, {"ETag": etag})
        self._send(status, body, kind, {"ETag": etag, **extra})

    def _route(self, path: str, query: dict[str, list[str]]) -> tuple[int, bytes, str, dict[str, str]] | None:
        state = self.state
        if path == "/robots.txt":
            rules = "".join(f"Disallow: {d}\n" for d in state.disallow)
            return 200, f"User-agent: *\n{rules}\nSitemap: {state.base}/wp-sitemap.xml\n".encode(), "text/plain", {}
        if path.startswith("/wp-json"):
            return self._rest(path, query) if state.rest else None
        if path == "/wp-sitemap.xml":
            return 200, self._sitemap_index(), "application/xml", {}
        if path == "/wp-sitemap-posts-post-1.xml":
            return 200, self._urlset([p for p in state.posts if p.type == "post"], extra=True), "application/xml", {}
        if path == "/wp-sitemap-posts-page-1.xml.gz":
            body = self._urlset([p for p in state.posts if p.type == "page"], uploads=True)
            return 200, gzip.compress(body, mtime=0), "application/gzip", {}
        if path == "/wp-sitemap-taxonomies-category-1.xml":
            return 200, self._locs([f"{state.base}/category/detention/"]), "application/xml", {}
        if path.startswith("/category/"):
            return 200, listing_page(state, "Detention").encode(), "text/html; charset=utf-8", {}
        if path in state.extra_html:
            return 200, state.extra_html[path].encode(), "text/html; charset=utf-8", {}
        for upload in state.uploads:
            if upload.path == path:
                return 200, upload.body, upload.mime, {}
        for post in state.posts:
            if urlsplit(state.link(post)).path == path:
                return 200, post_page(state, post).encode(), "text/html; charset=utf-8", {}
        return None

    def _rest(self, path: str, query: dict[str, list[str]]) -> tuple[int, bytes, str, dict[str, str]] | None:
        state = self.state
        if path in ("/wp-json", "/wp-json/"):
            index = {"name": state.name, "url": state.base, "namespaces": ["oembed/1.0", "wp/v2"]}
            return 200, json.dumps(index).encode(), "application/json", {}
        kind = path.removeprefix("/wp-json/wp/v2/").strip("/")
        found: list
        if kind in ("posts", "pages"):
            wanted = "post" if kind == "posts" else "page"
            found = [p for p in state.posts if p.type == wanted]
            if "include" in query:
                ids = {int(i) for i in query["include"][0].split(",") if i.isdigit()}
                found = [p for p in found if p.id in ids]
            render = _post_json
        elif kind == "media":  # filtered as WordPress does: by exact mime type, or by its first part
            found, render = list(state.uploads), _media_json
            if "mime_type" in query:
                found = [u for u in found if u.mime == query["mime_type"][0]]
            if "media_type" in query:
                found = [u for u in found if u.mime.split("/")[0] == query["media_type"][0]]
        elif kind in ("categories", "tags", "users"):
            found = [{"id": i, "name": n} for i, n in getattr(state, kind).items()]
            render = lambda _state, record: record  # noqa: E731
        else:
            return None
        if kind in ("posts", "pages", "media"):  # WordPress's default order is by date, newest first
            by_modified = query.get("orderby") == ["modified"] and state.honours_orderby
            order = "modified_gmt" if by_modified else "date_gmt"
            found.sort(key=lambda item: getattr(item, order), reverse=query.get("order", ["desc"]) != ["asc"])
        per_page = min(int(query.get("per_page", ["10"])[0]), state.max_per_page)
        page = int(query.get("page", ["1"])[0])
        total_pages = max(1, -(-len(found) // per_page))
        if page > total_pages:
            error = {"code": "rest_post_invalid_page_number", "data": {"status": 400}}
            return 400, json.dumps(error).encode(), "application/json", {}
        chosen = [_fields(render(state, r), query) for r in found[(page - 1) * per_page : page * per_page]]
        headers = {"X-WP-Total": str(len(found)), "X-WP-TotalPages": str(total_pages)}
        return 200, json.dumps(chosen).encode(), "application/json", headers

    def _sitemap_index(self) -> bytes:
        base = self.state.base
        children = [
            f"{base}/wp-sitemap-posts-post-1.xml",
            f"{base}/wp-sitemap-posts-page-1.xml.gz",
            f"{base}/wp-sitemap-taxonomies-category-1.xml",
        ]
        items = "".join(f"<sitemap><loc>{c}</loc></sitemap>" for c in children)
        return f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>'.encode()

    def _urlset(self, posts: list[Post], *, extra: bool = False, uploads: bool = False) -> bytes:
        state = self.state
        rows = [(state.link(p), p.modified_gmt + "+00:00") for p in posts]
        if extra:
            rows += [(state.base + p, "") for p in state.extra_html]
            rows += [(f"{state.base}{d}memo/", "") for d in state.disallow]
        if uploads:
            rows += [(state.base + u.path, u.modified_gmt + "+00:00") for u in state.uploads]
        items = "".join(
            f"<url><loc>{html.escape(loc)}</loc>" + (f"<lastmod>{m}</lastmod>" if m else "") + "</url>"
            for loc, m in rows
        )
        return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</urlset>'.encode()

    def _locs(self, locs: list[str]) -> bytes:
        items = "".join(f"<url><loc>{loc}</loc></url>" for loc in locs)
        return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</urlset>'.encode()

    def _send(self, status: int, body: bytes, kind: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body) if status != 304 else 0))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if status != 304:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)  # a client may stop reading an oversized answer: that is the point


@contextmanager
def serve(state: SiteState) -> Iterator[SiteState]:
    """Serve `state` on 127.0.0.1 (its `base` is set to the address) until the block ends."""
    handler = type("Handler", (_Handler,), {"state": state})
    with serving(handler) as state.base:
        yield state


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler], host: str = "127.0.0.1") -> Iterator[str]:
    """A threaded HTTP server on `host` with `handler`, on a free port: its base address."""
    server = ThreadingHTTPServer((host, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
