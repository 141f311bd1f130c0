"""The API's routes, and what every answer shares: who is asking (public, or staff with a token),
the per-client limit, conditional requests, CORS and errors as JSON.

Each route's body is what its CLI twin prints (`search --json`, `show --json`, `stats --json`) or
what the app offers for download (exports), so the three faces cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp

from archive.api import Archive, DocumentNotFoundError
from archive.engine import IndexNotFoundError
from archive.export import EXTENSIONS, FORMATS
from archive.facets import FACETS
from archive.query import QueryError
from archive.web import params as p
from archive.web.feed import FeedLinks, atom_feed
from archive.web.rate_limit import RateLimiter
from archive.web.settings import FEED_ENTRIES, MAX_URL_CHARS, ApiSettings, client_address, origin_of
from archive.web.tokens import TokenStore

log = logging.getLogger(__name__)
JSON = "application/json"
ATOM = "application/atom+xml; charset=utf-8"
FEED_PARAMS = p.SEARCH_PARAMS - {"page", "limit", "sort", "strict"}
VIEW_PARAMS = frozenset({"include_internal"})


class ApiError(Exception):
    """An answer other than 200, with the reason a person can act on."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


@dataclass(frozen=True)
class Call:
    """One request as a route sees it: its parameters and whether it sees internal documents."""

    request: Request
    staff: bool

    @property
    def params(self) -> p.Params:
        return {key: self.request.query_params.getlist(key) for key in self.request.query_params}

    def known(self, names: frozenset[str]) -> p.Params:
        p.check_known(self.params, names | VIEW_PARAMS)
        return self.params


@dataclass(frozen=True)
class Body:
    content: bytes
    media_type: str
    headers: dict[str, str] = dataclasses.field(default_factory=dict)


def json_body(data: object) -> Body:
    """JSON exactly as the CLI prints it (one line, UTF-8, a newline at the end)."""
    return Body((json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8"), f"{JSON}; charset=utf-8")


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps({"error": message}, ensure_ascii=False) + "\n"
    return Response(body, status, headers={"Cache-Control": "no-store", **(headers or {})}, media_type=JSON)


class Api:
    """The routes over one index directory."""

    def __init__(self, settings: ApiSettings, archive: Archive | None = None) -> None:
        self.settings = settings
        self._archive = archive
        self._opening = threading.Lock()
        self.tokens = TokenStore(settings.index_dir)
        # a burst of at most a minute's worth: `--rate-limit 5` means 5 at once, then one per 12 s
        self.limiter = RateLimiter(settings.rate_per_minute, min(settings.rate_burst, settings.rate_per_minute))

    @property
    def archive(self) -> Archive:
        """The archive, opened on first use: a server started before the first build answers 503
        until the index exists (IndexNotFoundError), then answers from it."""
        with self._opening:
            if self._archive is None:
                self._archive = Archive(self.settings.index_dir)
            return self._archive

    def allowed_origins(self) -> set[str]:
        """The sites whose pages may call the API: the configured ones and the profile's `base_url`."""
        origins = set(self.settings.cors_origins)
        try:
            own_site = origin_of(self.archive.profile().base_url)
        except IndexNotFoundError:
            own_site = ""
        return origins | {own_site} - {""}

    # What every route shares ------------------------------------------------------------------

    def route(self, path: str, handler: Callable[[Call], Body], *, host_dependent: bool = False) -> Route:
        async def endpoint(request: Request) -> Response:
            try:
                call = self._admit(request)
                tag = self._etag(call, host_dependent)
                headers = {
                    "ETag": tag,
                    "Cache-Control": "private, no-cache" if call.staff else "no-cache",
                    "Vary": "Authorization",  # and Origin, which the CORS middleware adds
                    "X-Content-Type-Options": "nosniff",
                }
                if tag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
                    return Response(status_code=304, headers=headers)
                body = await run_in_threadpool(handler, call)
                return Response(body.content, 200, headers={**headers, **body.headers}, media_type=body.media_type)
            except ApiError as exc:
                return _error(exc.status, str(exc), exc.headers)
            except DocumentNotFoundError as exc:
                return _error(404, str(exc))
            except IndexNotFoundError as exc:
                return _error(503, str(exc))
            except (QueryError, ValueError) as exc:  # a parameter, a query or a pinpoint it cannot use
                return _error(400, str(exc))

        return Route(path, endpoint, methods=["GET"])

    def _admit(self, request: Request) -> Call:
        """Who is asking, and may they: a valid token or none (401 otherwise), within the limit (429)."""
        if len(str(request.url)) > MAX_URL_CHARS:
            raise ApiError(414, f"the address is longer than {MAX_URL_CHARS} characters")
        staff_id = None
        authorization = request.headers.get("authorization")
        if authorization is not None:
            scheme, _, token = authorization.partition(" ")
            record = self.tokens.holder(token.strip()) if scheme.lower() == "bearer" else None
            if record is None:
                raise ApiError(401, "not a valid token (revoked, mistyped or not a Bearer token)", _bearer())
            staff_id = record.token_id
        wanted = request.query_params.get("include_internal", "")
        if wanted not in ("", "0", "1"):
            raise ApiError(400, "include_internal must be 1 or 0")
        if wanted == "1" and staff_id is None:
            raise ApiError(401, "internal documents need a staff token (Authorization: Bearer …)", _bearer())
        wait = self.limiter.wait_for(f"token:{staff_id}" if staff_id else f"address:{self._client(request)}")
        if wait:
            raise ApiError(429, f"too many requests; try again in {wait} s", {"Retry-After": str(wait)})
        return Call(request, staff=staff_id is not None and wanted != "0")

    def _client(self, request: Request) -> str:
        header = self.settings.client_address_header
        return client_address(request.headers.get(header) if header else None, request.client and request.client.host)

    def _etag(self, call: Call, host_dependent: bool) -> str:
        """One tag per index generation, view, day (exports and citations carry the access date),
        and address: a feed reader's conditional request is a 304 until the archive changes."""
        try:
            generation = self.archive.generation(include_internal=call.staff)
        except IndexNotFoundError as exc:
            raise ApiError(503, str(exc)) from None
        url = call.request.url
        key = "|".join(
            (
                str(generation),
                str(call.staff),
                date.today().isoformat(),
                url.path,
                str(url.query),
                url.netloc if host_dependent else "",
            )
        )
        return '"' + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + '"'

    # The routes ---------------------------------------------------------------------------------

    def search(self, call: Call) -> Body:
        request = p.search_request(call.known(p.SEARCH_PARAMS), include_internal=call.staff)
        return json_body(self.archive.search(request).to_json())

    def facets(self, call: Call) -> Body:
        request = p.search_request(
            call.known(p.SEARCH_PARAMS - {"page", "limit"}), include_internal=call.staff, per_page=1
        )
        found = self.archive.search(request)
        return json_body({"query": found.query, "total": found.total, "facets": found.facets.to_json()})

    def export(self, call: Call) -> Body:
        params = call.known(p.SEARCH_PARAMS - {"page", "limit"} | {"format"})
        fmt = p.export_format(params)
        request = p.search_request(params, include_internal=call.staff, per_page=1)
        total = self.archive.search(request).total
        most = self.settings.max_export_documents
        if total > most:
            raise ApiError(413, f"this search has {total} results; exports hold at most {most}: narrow it")
        name = f"archive-search-results.{EXTENSIONS[fmt]}"
        media = FORMATS[fmt] + ("; charset=utf-8" if fmt in ("csv", "json") else "")
        content = self.archive.export(request, fmt).encode("utf-8")
        return Body(content, media, {"Content-Disposition": f'attachment; filename="{name}"'})

    def _doc_id(self, call: Call) -> str:
        return self.archive.current_id(call.request.path_params["doc_id"], include_internal=call.staff)

    def document(self, call: Call) -> Body:
        call.known(frozenset())
        return json_body(self.archive.document_view(self._doc_id(call), include_internal=call.staff).to_json())

    def cite(self, call: Call) -> Body:
        params = call.known(frozenset({"style", "pin"}))
        doc_id, style = self._doc_id(call), p.cite_style(params)
        text = self.archive.cite(doc_id, style, include_internal=call.staff, **p.pinpoint(params))
        return json_body({"doc_id": doc_id, "style": style, "citation": text})

    def stats(self, call: Call) -> Body:
        call.known(frozenset())
        return json_body(self.archive.stats(include_internal=call.staff).to_json())

    def feed(self, call: Call) -> Body:
        params = call.known(FEED_PARAMS)
        request = p.search_request(params, include_internal=call.staff, per_page=FEED_ENTRIES)
        found = self.archive.search(dataclasses.replace(request, sort="newest"))
        stats = self.archive.stats(include_internal=call.staff)
        base = (self.settings.public_url or str(call.request.base_url)).rstrip("/")
        search = {k: v for k, v in params.items() if k in p.SEARCH_PARAMS}
        links = FeedLinks(
            self_url=str(call.request.url),
            search_url=f"{base}/" + ("?" + urlencode(search, doseq=True) if search else ""),
            document_id=lambda doc_id: f"{base}/?" + urlencode({"doc": doc_id}),
            document_page=lambda doc_id: f"{base}/?" + urlencode({**search, "doc": doc_id}, doseq=True),
        )
        title = f"{stats.collection}: {_described(request.query, params)}"
        return Body(
            atom_feed(found, title=title, author=stats.collection, links=links, built_at=stats.built_at or ""), ATOM
        )


def _bearer() -> dict[str, str]:
    return {"WWW-Authenticate": 'Bearer realm="archive"'}


def _described(query: str, params: p.Params) -> str:
    """What a feed follows, in words: the query and each filter."""
    parts = [f"“{query}”"] if query else []
    for facet in FACETS:
        values = params.get(facet.url_param) or []
        if values:
            parts.append(f"{facet.label.lower()}: {', '.join(values)}")
    for key in ("from", "to"):
        if params.get(key):
            parts.append(f"{key} {params[key][0]}")
    return "; ".join(parts) or "everything new"


def create_api(settings: ApiSettings, archive: Archive | None = None) -> Starlette:
    """The API as one ASGI application (run on its own, or `mounted` beside the Streamlit app)."""
    api = Api(settings, archive)
    routes = [
        api.route("/api/search", api.search),
        api.route("/api/facets", api.facets),
        api.route("/api/export", api.export),
        api.route("/api/stats", api.stats),
        api.route("/api/documents/{doc_id:path}/cite", api.cite),
        api.route("/api/documents/{doc_id:path}", api.document),
        api.route("/feeds/search.atom", api.feed, host_dependent=True),
    ]
    return Starlette(
        routes=routes,
        middleware=[
            Middleware(
                _ArchiveCors,  # type: ignore[arg-type]  # Starlette types a middleware class by its __call__, not its base
                allowed=api.allowed_origins,
                allow_methods=["GET"],
                allow_headers=["Authorization"],
                expose_headers=["ETag", "Retry-After"],
                max_age=600,
            )
        ],
        exception_handlers={HTTPException: _http_error, Exception: _unexpected},
    )


class _ArchiveCors(CORSMiddleware):
    """Starlette's CORS, with the allowed sites asked for per request: the profile's `base_url`
    is known only once an index exists, and changes with a rebuild."""

    def __init__(self, app: ASGIApp, *, allowed: Callable[[], set[str]], **options: Any) -> None:
        super().__init__(app, **options)
        self.allowed = allowed

    def is_allowed_origin(self, origin: str) -> bool:
        return origin in self.allowed()


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    messages = {404: f"no such address: {request.url.path[:200]}", 405: "only GET is answered here"}
    return _error(exc.status_code, messages.get(exc.status_code, str(exc.detail)), dict(exc.headers or {}))


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error answering %s", request.url.path[:200])
    return _error(500, "the server failed to answer; the error is in its log")


def mounted(api: Starlette) -> list[BaseRoute]:
    """Routes that hand `/api/…` and `/feeds/…` to the API inside another Starlette application
    (the Streamlit app's `st.App`), paths unchanged."""
    return [Route("/api/{rest:path}", api), Route("/feeds/{rest:path}", api)]
