"""`python -m indexer build|extract`: the indexer's command line (contract in docs/reference.md)."""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import sys
from pathlib import Path
from typing import NamedTuple

from archive.engine import (
    WRITER_LOCK_TIMEOUT,
    ArchiveStore,
    IndexLockedError,
    IndexNotFoundError,
    WriterProcessError,
    default_index_dir,
)
from archive.shared import dates
from archive.shared.model import Document
from archive.shared.ocr_cache import tesseract_languages
from archive.shared.profile import PROFILE_NAME, ProfileError, SourceEntry, find_profile, load_profile, locate_profile
from indexer.build import MassRemovalError, build
from indexer.discover import DEFAULT_MAX_BYTES, SourceRootError
from indexer.enrich import Enricher
from indexer.errors import ExtractionError
from indexer.extract import SUPPORTED_SUFFIXES, SourceFile, extract_document
from indexer.library_log import caveat, library_messages
from indexer.ocr import OcrSettings
from indexer.pool import DEFAULT_TIMEOUT
from indexer.sources import (
    MIRRORS,
    CrawlOptions,
    ExportError,
    entry_for_argument,
    is_web_address,
    prepare_sources,
    sources_lock,
)
from indexer.sources.report import source_row
from indexer.suggest import suggest_topics


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m indexer", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build or update the index from its sources")
    b.add_argument(
        "sources",
        nargs="*",
        help="source folders, WordPress export files (*.xml) and websites (https://…) "
        "(default: the profile's [[sources]], else corpus)",
    )
    b.add_argument("--profile", type=Path, default=None, help="the archive.toml to use (default: the first folder's)")
    b.add_argument(
        "--uploads",
        type=Path,
        default=None,
        help="a copy of the site's wp-content/uploads folder, for a WordPress export's PDFs "
        "(default: uploads/ beside the export, else they are fetched from the site)",
    )
    b.add_argument("--include", action="append", default=[], help="read only a website's URL paths matching this")
    b.add_argument("--exclude", action="append", default=[], help="never read a website's URL paths matching this")
    b.add_argument("--max-pages", type=int, default=None, help="read at most this many documents of each website")
    b.add_argument("--delay", type=float, default=None, help="seconds between two requests to a website (default 1)")
    b.add_argument("--index", type=Path, default=None, help="index directory (default: $ARCHIVE_INDEX or var/index)")
    b.add_argument("--full", action="store_true", help="re-extract everything instead of only changed files")
    b.add_argument(
        "--prune",
        action="store_true",
        help="allow a build that empties a source folder or removes more than half of its documents",
    )
    b.add_argument("--json", action="store_true", help="print the build report as one JSON object")
    b.add_argument("--jobs", type=int, default=2, help="extraction worker processes (default: 2)")
    b.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds allowed per file")
    b.add_argument(
        "--wait",
        type=float,
        default=WRITER_LOCK_TIMEOUT,
        help=f"seconds to wait for another build to finish (default {WRITER_LOCK_TIMEOUT:g})",
    )
    b.add_argument(
        "--max-mb",
        type=float,
        default=DEFAULT_MAX_BYTES / 2**20,
        help=f"largest file to read, in MiB (default: {DEFAULT_MAX_BYTES // 2**20})",
    )
    t = sub.add_parser("topics", help="help grow the profile's topics")
    t.add_argument(
        "--suggest",
        action="store_true",
        required=True,
        help="list frequent distinctive phrases that no topic covers yet",
    )
    t.add_argument("--index", type=Path, default=None, help="index directory (default: $ARCHIVE_INDEX or var/index)")
    t.add_argument("--limit", type=int, default=25)
    t.add_argument("--json", action="store_true")
    e = sub.add_parser("extract", help="show what extraction makes of files (no index)")
    e.add_argument("files", nargs="+", type=Path)
    e.add_argument("--profile", type=Path, default=None, help="folder whose archive.toml to use")
    e.add_argument("--json", action="store_true", help="print JSON Lines, one object per file")
    return parser


def _human_report(report: dict) -> str:
    lines = [
        f"{report['documents']} documents, {report['passages']} passages in the index "
        f"({report['added']} added, {report['updated']} updated, {report['removed']} removed, "
        f"{report['unchanged']} unchanged) in {report['seconds']:.1f} s",
    ]
    if report["failed"]:
        lines.append(f"{len(report['failed'])} file(s) could not be indexed:")
        lines += [f"  {f['path']}: {f['error']}" for f in report["failed"]]
    if report["warnings"]:
        lines.append(f"{len(report['warnings'])} file(s) indexed with a warning:")
        lines += [f"  {w['path']}: {w['note']}" for w in report["warnings"]]
    lines += [f"note: {notice}" for notice in report["notices"]]
    if report["duplicates"]:
        lines.append(f"{len(report['duplicates'])} file(s) with the same content as another, indexed once:")
        lines += [f"  {d['path']}: same as {d['duplicate_of']}" for d in report["duplicates"]]
    if report["skipped"]:
        lines.append(f"{len(report['skipped'])} file(s) skipped:")
        lines += [f"  {s['path']}: {s['reason']}" for s in report["skipped"]]
    for source in report.get("sources", []):
        lines.append(
            f"{source['source']} ({source['method']}): {source['downloaded']} fetched, {source['not_modified']} not "
            f"modified, {source['written']} written, {source['unchanged']} unchanged, {source['removed']} removed, "
            f"{len(source['skipped'])} skipped ({source['skipped_robots']} by robots.txt), "
            f"{len(source['failed'])} failed"
        )
        lines += [f"  failed: {f['item']}: {f['reason']}" for f in source["failed"]]
    return "\n".join(lines)


class _ChosenSources(NamedTuple):
    entries: list[SourceEntry]
    base: Path  # the folder relative paths are under
    profile_file: Path | None
    from_profile: bool  # the profile's [[sources]], each with its own visibility


def _source_entries(args: argparse.Namespace) -> _ChosenSources:
    """The sources to read, the folder relative paths are under, and the profile file to use: the
    command line's sources, else the profile's [[sources]] (`--profile`, else corpus/archive.toml),
    else the corpus folder."""
    if args.max_pages is not None and args.max_pages < 1:
        raise ProfileError("--max-pages: expected a whole number of pages, at least 1")
    options = CrawlOptions(tuple(args.include), tuple(args.exclude), args.max_pages, args.delay)
    if args.sources:
        return _ChosenSources([entry_for_argument(a, options) for a in args.sources], Path("."), args.profile, False)
    profile_file = args.profile or Path("corpus") / PROFILE_NAME
    if profile_file.is_file():
        profile = load_profile(profile_file)
        if profile.sources:
            return _ChosenSources(list(profile.sources), profile_file.parent, profile_file, True)
    return _ChosenSources([SourceEntry("folder", "corpus")], Path("."), args.profile, False)


def _rebuild_arguments(args: argparse.Namespace, profile_file: Path | None, *, profile_sources: bool) -> list[str]:
    """What a staff rebuild from the app passes back to `build`: the same sources and options, with
    paths made absolute (the app runs from its own folder). Sources read from a profile's
    [[sources]] are passed as that profile, never as the folders they became: the folders alone
    would lose each source's visibility and make internal files public."""
    if args.sources:
        out = [a if is_web_address(a) else str(Path(a).resolve()) for a in args.sources]
    else:
        out = [] if profile_sources else [str(Path("corpus").resolve())]
    if profile_file is not None:
        out += ["--profile", str(profile_file.resolve())]
    if args.uploads is not None:
        out += ["--uploads", str(args.uploads.resolve())]
    for option, values in (("--include", args.include), ("--exclude", args.exclude)):
        for value in values:
            out += [option, value]
    if args.max_pages is not None:
        out += ["--max-pages", str(args.max_pages)]
    if args.delay is not None:
        out += ["--delay", str(args.delay)]
    return out


def _cmd_build(args: argparse.Namespace) -> int:
    index_dir = args.index or default_index_dir()
    if args.profile is not None and not args.profile.is_file():
        print(f"error: the profile {args.profile} is not a file (the index was not changed)", file=sys.stderr)
        return 2
    try:
        chosen = _source_entries(args)
    except ProfileError as exc:
        print(f"error: {exc} (the index was not changed)", file=sys.stderr)
        return 2
    # Copies of exports and websites are written before the index: the lock covers both, so two builds
    # of one index never mirror at once (one deleted the other's pages).
    mirrors = any(entry.type != "folder" for entry in chosen.entries)
    try:
        with sources_lock(index_dir, args.wait) if mirrors else contextlib.nullcontext():
            return _read_and_build(args, chosen, index_dir)
    except IndexLockedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3


def _read_and_build(args: argparse.Namespace, chosen: _ChosenSources, index_dir: Path) -> int:
    try:
        prepared = prepare_sources(chosen.entries, index_dir, base=chosen.base, uploads=args.uploads)
    except (ExportError, ProfileError) as exc:
        print(f"error: {exc} (the index was not changed)", file=sys.stderr)
        return 2
    except OSError as exc:
        why = "the disk is full; free some space and build again" if exc.errno == errno.ENOSPC else exc.strerror
        print(f"error: cannot write the sources' copies under {index_dir / MIRRORS}: {why or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            f"interrupted while reading the sources: what was fetched is kept in {index_dir / MIRRORS} and the "
            "next build fetches only the rest; the index was not changed",
            file=sys.stderr,
        )
        return 130
    if prepared.nothing_to_build:
        failures = "; ".join(f"{item}: {why}" for read in prepared.read for item, why in read.report.failed)
        print(
            f"error: no source could be read ({failures or 'none given'}); the index was not changed", file=sys.stderr
        )
        return 2
    rows = [source_row(read) for read in prepared.read]
    try:
        report = build(
            prepared.folders,
            index_dir,
            full=args.full,
            prune=args.prune,
            jobs=max(1, args.jobs),
            timeout=args.timeout,
            max_bytes=int(args.max_mb * 1024 * 1024),
            progress=not args.json,
            lock_timeout=args.wait,
            profile_file=chosen.profile_file,
            sources=rows,
            rebuild_arguments=_rebuild_arguments(args, chosen.profile_file, profile_sources=chosen.from_profile),
            internal_roots=tuple(prepared.internal),
        )
    except ProfileError as exc:
        print(f"error: {exc} (the index was not changed)", file=sys.stderr)
        return 2
    except (SourceRootError, MassRemovalError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except IndexLockedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            why = "the disk is full; free some space and build again"
        else:
            why = f"{exc.strerror or exc}"
        print(f"error: cannot write the index at {index_dir}: {why} (the index was not changed)", file=sys.stderr)
        return 1
    except WriterProcessError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    data = {**report.to_dict(), "sources": rows}
    print(json.dumps(data, ensure_ascii=False) if args.json else _human_report(data))
    return 0


def _cmd_extract(args: argparse.Namespace) -> int:
    try:
        profile = find_profile(args.profile) if args.profile else locate_profile(args.files[0])
    except ProfileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    enricher = Enricher.for_profile(profile)
    ocr = OcrSettings.for_build(None, tesseract_languages(profile.languages))
    status = 0
    for path in args.files:
        with library_messages() as messages:
            try:
                if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                    raise ExtractionError(f"unsupported file type {path.suffix.lower() or '(none)'}")
                if not path.is_file():
                    raise ExtractionError("file not found")
                doc = extract_document(SourceFile(path, path.name, path.as_posix()), profile, enricher, "", ocr)
                failure = None
            except ExtractionError as exc:
                failure = exc
        if failure is not None:
            status = 1
            detail = "; ".join(filter(None, [failure.detail, *messages]))
            if args.json:
                row = {"path": str(path), "ok": False, "error": str(failure), **({"detail": detail} if detail else {})}
                print(json.dumps(row, ensure_ascii=False))
            else:
                print(f"{path}: error: {failure}" + (f" ({detail})" if detail else ""))
            continue
        data = doc.to_dict()
        passages = data.pop("passages")
        warnings = [*doc.notes, *filter(None, [caveat(messages)])]
        decided = _decisions(doc)
        if args.json:
            row = {
                "path": str(path),
                "ok": True,
                "decided": decided,
                "document": data,
                "passages": passages,
                "warnings": warnings,
            }
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(f"{path}: {doc.kind} · {doc.title!r} · {doc.date or 'undated'} · {len(passages)} passages")
            print(
                f"  title from {decided['title']['source']}; "
                + (f"date from {doc.date_source} ({decided['date']['precision']}); " if doc.date else "no date found; ")
                + f"language {doc.language}"
                + (f" ({doc.language_confidence:.0%} sure)" if doc.language_confidence is not None else " (given)")
            )
            for key in ("hashtags", "organizations", "agencies", "topics", "people"):
                print(f"  {key}: {', '.join(data[key]) or '-'}")
            for warning in warnings:
                print(f"  warning: {warning}")
    return status


def _decisions(doc: Document) -> dict[str, dict[str, object]]:
    """What extraction decided and from what, for `extract`: the first thing to check on a new site."""
    return {
        "title": {"value": doc.title, "source": doc.title_source},
        "date": {
            "value": doc.date,
            "source": doc.date_source or None,
            "precision": dates.precision(doc.date) if doc.date else None,
        },
        "language": {"code": doc.language, "confidence": doc.language_confidence},
    }


def _cmd_topics(args: argparse.Namespace) -> int:
    try:
        snapshot = ArchiveStore(args.index or default_index_dir()).snapshot()
    except IndexNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    suggestions = suggest_topics(snapshot, limit=args.limit)
    if args.json:
        print(json.dumps([s.__dict__ for s in suggestions], ensure_ascii=False))
        return 0
    print("Phrases no topic covers yet (count, documents):")
    for s in suggestions:
        print(f"  {s.phrase}  ({s.count}, {s.documents})")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    commands = {"build": _cmd_build, "extract": _cmd_extract, "topics": _cmd_topics}
    return commands[args.command](args)
