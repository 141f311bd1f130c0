"""`python -m archive search|export|show|cite|stats|serve|token`: the command line (docs/reference.md).

`search` and `export` take one repeatable flag per facet of archive.facets (`--kind`, `--topic`,
`--hashtag`, `--org`, `--agency`, `--person`, `--year`) and a date range (`--from`, `--to`).

Errors (no index, unknown document, a malformed value such as `--year 20x0` or `--from 2020-13`, a
`--strict` parse failure) print one line to stderr and exit 2; with `--json`, the line is a JSON
object on stdout instead (`{"error": "…"}`), so a script reads every answer the same way. Output
into a pipe that closes early (`… | head`) ends the command quietly.
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import sys
from pathlib import Path
from typing import NoReturn

from archive.api import Archive, DocumentNotFoundError
from archive.cite import STYLES
from archive.engine import IndexNotFoundError, default_index_dir
from archive.export import FORMATS
from archive.facets import FACETS, METADATA_LIST_KEYS
from archive.plain_text import passage_label, plain_snippet
from archive.query import QueryError
from archive.results import SearchPage
from archive.search import SORTS, Filters, SearchRequest
from archive.shared import dates
from archive.web import ApiSettings, create_api
from archive.web.settings import MAX_EXPORT_DOCUMENTS, RATE_PER_MINUTE, origin_of
from archive.web.tokens import TokenStore


class _OneLineParser(argparse.ArgumentParser):
    """argparse, but a malformed value is one line (or, with --json, a JSON object), exit 2."""

    json_errors = False

    def error(self, message: str) -> NoReturn:
        _fail(message, as_json=_OneLineParser.json_errors)
        raise SystemExit(2)


def _fail(message: str, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"error": message}, ensure_ascii=False))
    else:
        print(f"error: {message}", file=sys.stderr)


def _iso_date(value: str) -> str:
    try:
        return dates.normalize(value) or ""
    except dates.DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _year(value: str) -> str:
    if not re.fullmatch(r"\d{4}", value.strip()):
        raise argparse.ArgumentTypeError(f"expected a year such as 2020, not {value!r}")
    return value.strip()


def _time(value: str) -> float:
    """A time in a recording: seconds (`167`, `167.5`), `m:ss` (`2:47`) or `h:mm:ss` (`1:02:47`)."""
    parts = value.strip().split(":")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        numbers = []
    if not numbers or len(numbers) > 3 or any(n < 0 for n in numbers[1:]) or any(n >= 60 for n in numbers[1:]):
        raise argparse.ArgumentTypeError(f"expected seconds, m:ss or h:mm:ss, not {value!r}")
    seconds = 0.0
    for number in numbers:
        seconds = seconds * 60 + number
    return seconds


def _paragraphs(value: str) -> tuple[int, int]:
    """A statement's paragraphs: `4` or `4-6`."""
    match = re.fullmatch(r"\s*(\d{1,6})\s*(?:[-–]\s*(\d{1,6})\s*)?", value)
    if not match:
        raise argparse.ArgumentTypeError(f"expected a paragraph number or a range such as 4-6, not {value!r}")
    first = int(match.group(1))
    return first, int(match.group(2) or first)


def _parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(prog="python -m archive", description="Search the archive's index.")
    sub = parser.add_subparsers(dest="command", required=True)

    def index_option(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument(
            "--index", type=Path, default=None, help="index directory (default: $ARCHIVE_INDEX or var/index)"
        )
        return p

    def with_index(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        internal = "include documents marked internal"
        index_option(p).add_argument("--include-internal", action="store_true", help=internal)
        return p

    def with_filters(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("query", nargs="?", default="", help="the query (empty: browse by filters)")
        for facet in FACETS:
            p.add_argument(
                facet.cli_flag,
                dest=facet.name,
                action="append",
                default=[],
                choices=list(facet.choices) if facet.choices else None,
                type=_year if facet.name == "year" else str,
                help=f"{facet.label.lower()} (repeat for any of several)",
            )
        p.add_argument("--from", dest="date_from", type=_iso_date, default=None)
        p.add_argument("--to", dest="date_to", type=_iso_date, default=None)
        p.add_argument("--sort", choices=SORTS, default="relevance")
        p.add_argument("--strict", action="store_true", help="report query syntax errors instead of forgiving them")
        p.add_argument(
            "--no-translate",
            dest="cross_language",
            action="store_false",
            help="search the query only as typed, not also in the archive's other languages",
        )
        return p

    s = with_filters(with_index(sub.add_parser("search", help="search documents")))
    s.add_argument("--limit", type=int, default=10, help="results per page (default 10, at most 100)")
    s.add_argument("--page", type=int, default=1)
    s.add_argument("--json", action="store_true")

    ex = with_filters(with_index(sub.add_parser("export", help="every result of a search as a file, to stdout")))
    ex.add_argument("--format", choices=FORMATS, default="csv", help="csv, json, bibtex or ris (default csv)")

    sh = with_index(sub.add_parser("show", help="show one document"))
    sh.add_argument("doc_id")
    sh.add_argument("--json", action="store_true")

    c = with_index(sub.add_parser("cite", help="cite one document"))
    c.add_argument("doc_id")
    c.add_argument("--style", choices=STYLES, default="apa")
    pin = c.add_mutually_exclusive_group()
    pin.add_argument("--page", type=int, default=None, help="cite a PDF page")
    pin.add_argument("--at", type=_time, default=None, help="cite a recording at a time: seconds, m:ss or h:mm:ss")
    pin.add_argument("--para", type=_paragraphs, default=None, help="cite a statement's paragraph N or paragraphs N-M")

    st = with_index(sub.add_parser("stats", help="what the index holds"))
    st.add_argument("--json", action="store_true")

    sv = index_option(sub.add_parser("serve", help="serve the JSON API and Atom feeds over HTTP"))
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    sv.add_argument("--port", type=int, default=8000)
    sv.add_argument("--public-url", default="", help="the app's address, for the links in feeds")
    sv.add_argument(
        "--cors-origin", action="append", default=[], help="a site whose pages may call the API (repeatable)"
    )
    sv.add_argument("--rate-limit", type=int, default=RATE_PER_MINUTE, help="requests per minute per client (0: off)")
    sv.add_argument("--max-export", type=int, default=MAX_EXPORT_DOCUMENTS, help="most documents in one export")
    sv.add_argument("--client-address-header", default="", help="header holding the client's address (proxy)")

    tk = index_option(sub.add_parser("token", help="staff API tokens: create, list, revoke"))
    tk_sub = tk.add_subparsers(dest="token_command", required=True)
    tk_sub.add_parser("create", help="make a token (printed once)").add_argument("--name", required=True)
    tk_sub.add_parser("list", help="the tokens' names, ids and dates (never the tokens)").add_argument(
        "--json", action="store_true"
    )
    tk_sub.add_parser("revoke", help="revoke a token by name or id").add_argument("name_or_id")
    return parser


def _print_search(found: SearchPage) -> None:
    if found.notice:
        print(f"note: {found.notice}")
    print(f"{found.total} result(s)" + (f", showing {found.first_shown}-{found.last_shown}" if found.results else ""))
    if found.suggestion:
        print(f"did you mean: {found.suggestion}")
    for r in found.results:
        print(f"\n[{r.kind}] {r.title}  ({r.date or 'undated'})  id: {r.doc_id}")
        if r.hashtags or r.organizations:
            print("   " + " ".join([*r.hashtags, *(f"@{o}" for o in r.organizations)]))
        print(f"   {plain_snippet(r.snippet)}")
        for p in r.passages:
            print(f"   - {passage_label(p, p.part, p.parts)}: {plain_snippet(p.snippet)}")


def _request(args: argparse.Namespace) -> SearchRequest:
    return SearchRequest(
        query=args.query,
        filters=Filters.of({f.name: getattr(args, f.name) for f in FACETS}, args.date_from, args.date_to),
        sort=args.sort,
        page=getattr(args, "page", 1),
        per_page=getattr(args, "limit", 10),
        include_internal=args.include_internal,
        strict=args.strict,
        cross_language=args.cross_language,
    )


def _cmd_search(archive: Archive, args: argparse.Namespace) -> int:
    found = archive.search(_request(args))
    if args.json:
        print(json.dumps(found.to_json(), ensure_ascii=False))
    else:
        _print_search(found)
    return 0


def _cmd_show(archive: Archive, args: argparse.Namespace) -> int:
    view = archive.document_view(args.doc_id, include_internal=args.include_internal)
    if args.json:
        print(json.dumps(view.to_json(), ensure_ascii=False))
        return 0
    doc = view.document
    print(f"{doc.title}\n{doc.kind} · {doc.date or 'undated'} · {doc.source_path}")
    for label, address in (("url", doc.url), ("recording_url", doc.recording_url)):
        if address:
            print(f"{label}: {address}")
    for key in (*METADATA_LIST_KEYS, "speakers"):
        if getattr(doc, key):
            print(f"{key}: {', '.join(getattr(doc, key))}")
    if doc.synthetic:
        print("synthetic: demo material, not a real event")
    for part, shown in view.numbered():
        passage = shown.passage
        print(f"\n[{passage_label(passage, part, view.passage_count)}]\n{passage.text}")
    return 0


def _cmd_stats(archive: Archive, args: argparse.Namespace) -> int:
    stats = archive.stats(include_internal=args.include_internal)
    if args.json:
        print(json.dumps(stats.to_json(), ensure_ascii=False))
        return 0
    print(f"{stats.collection}: {stats.documents} documents, {stats.passages} passages (built {stats.built_at})")
    for kind, counts in stats.by_kind.items():
        print(f"  {kind}: {counts.documents} documents, {counts.passages} passages")
    for failure in stats.failed:
        print(f"  failed: {failure['path']}: {failure['error']}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    index = args.index or default_index_dir()
    if not (0 < args.port < 65536) or args.rate_limit < 0 or args.max_export < 1:
        raise ValueError("--port must be 1-65535, --rate-limit 0 or more and --max-export 1 or more")
    origins = tuple(origin_of(o) for o in args.cors_origin)
    if "" in origins:
        raise ValueError("--cors-origin takes an address such as https://www.example.org")
    settings = ApiSettings(
        index_dir=index,
        public_url=args.public_url,
        cors_origins=origins,
        rate_per_minute=args.rate_limit,
        max_export_documents=args.max_export,
        client_address_header=args.client_address_header,
    )
    api = create_api(settings)
    print(f"serving the API of {index} at http://{args.host}:{args.port}/api/search (Ctrl-C stops)", flush=True)
    uvicorn.run(api, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0


def _cmd_token(args: argparse.Namespace) -> int:
    store = TokenStore(args.index or default_index_dir())
    if args.token_command == "create":
        print(store.create(args.name))
        print(f"(token {args.name!r}: shown once; only its hash is kept, in {store.path})", file=sys.stderr)
    elif args.token_command == "revoke":
        record = store.revoke(args.name_or_id)
        print(f"revoked {record.name!r} ({record.token_id})")
    elif args.json:
        print(json.dumps([{"id": r.token_id, "name": r.name, "created": r.created} for r in store.records()]))
    else:
        for record in store.records():
            print(f"{record.token_id}  {record.created}  {record.name}")
    return 0


def stop_quietly_when_the_reader_has_gone() -> None:
    """`python -m archive search … | head`: end the process quietly when the pipe closes. For the
    process's entry point only (archive/__main__.py): a process that calls `main` in-process (a test,
    a server) keeps Python's SIGPIPE handling, or a write to a closed socket would kill it."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def main(argv: list[str] | None = None) -> int:
    _OneLineParser.json_errors = "--json" in (sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(argv)
    try:
        if args.command == "serve":
            return _cmd_serve(args)
        if args.command == "token":
            return _cmd_token(args)
        archive = Archive(args.index or default_index_dir())
        if args.command == "search":
            return _cmd_search(archive, args)
        if args.command == "export":
            sys.stdout.buffer.write(archive.export(_request(args), args.format).encode("utf-8"))
            return 0
        if args.command in ("show", "cite"):  # an old id (its source since renamed) still finds it
            args.doc_id = archive.current_id(args.doc_id, include_internal=args.include_internal)
        if args.command == "show":
            return _cmd_show(archive, args)
        if args.command == "cite":
            print(
                archive.cite(
                    args.doc_id,
                    args.style,
                    page=args.page,
                    at=args.at,
                    paragraphs=args.para,
                    include_internal=args.include_internal,
                )
            )
            return 0
        return _cmd_stats(archive, args)
    except (IndexNotFoundError, DocumentNotFoundError, QueryError, ValueError) as exc:  # TokenError is one
        _fail(str(exc), as_json=getattr(args, "json", False))
        return 2
