"""Sources beyond folders: what the build is given is turned into folders it indexes.

A source is a folder, a WordPress export file (`site-export.xml`), or a website by its address:
its WordPress REST API when it answers `/wp-json/`, its sitemap otherwise. Each non-folder source
is mirrored into a folder of its own under the index (`<index>/sources/<name>/`,
indexer/sources/mirror_folder.py), which the build then reads like any source folder: the same
extraction, enrichment, incremental update and guards. A website that cannot be read at all is
reported and its earlier mirror, if any, is indexed as it was.
"""

from __future__ import annotations

import fcntl
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from archive.engine import wait_for_lock
from archive.shared.profile import SourceEntry
from indexer.sources.crawl_rules import CrawlRules
from indexer.sources.export_mirror import mirror_export
from indexer.sources.http_client import SOURCE_SECONDS, CrawlTimeLimitError, FetchError, PoliteClient
from indexer.sources.mirror_folder import MirrorFolder, MirrorReport
from indexer.sources.site_pages import mirror_pages
from indexer.sources.sitemap import read_sitemaps
from indexer.sources.wordpress_api import api_base, read_api
from indexer.sources.wordpress_export import ExportError, read_export

__all__ = [
    "CrawlOptions",
    "ExportError",
    "PreparedSources",
    "SourceRead",
    "entry_for_argument",
    "is_web_address",
    "prepare_sources",
    "sources_lock",
]

MIRRORS = "sources"  # the folder of mirrored sources, inside the index directory
LOCK_FILE = ".lock"  # in MIRRORS: held while a build reads its sources and until it has committed
_WEB_ADDRESS = re.compile(r"^https?://", re.I)


@dataclass
class SourceRead:
    """One non-folder source as it was read this time: how, into which folder, and what it gave."""

    entry: SourceEntry
    method: str  # "wordpress-export", "wordpress" (REST API) or "sitemap"
    folder: Path
    report: MirrorReport
    has_documents: bool  # the mirror holds documents (from this read or an earlier one)


@dataclass
class PreparedSources:
    """The folders to build, and what each non-folder source gave when it was read."""

    folders: list[Path] = field(default_factory=list)
    read: list[SourceRead] = field(default_factory=list)
    internal: list[Path] = field(default_factory=list)  # folders of sources marked internal

    @property
    def nothing_to_build(self) -> bool:
        """Only websites (and exports) were given, and none could be read nor holds an earlier copy."""
        only_read = len(self.read) == len(self.folders)
        return only_read and all(not r.report.complete and not r.has_documents for r in self.read)


@dataclass(frozen=True)
class CrawlOptions:
    """Options the command line gives every web source it names."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    page_limit: int | None = None
    delay: float | None = None


def is_web_address(argument: str) -> bool:
    return bool(_WEB_ADDRESS.match(argument))


@contextmanager
def sources_lock(index_dir: Path, wait: float) -> Iterator[None]:
    """Held from the first request to a source until the build that uses its copies has committed:
    two builds of one index mirroring at once deleted each other's pages. An OS file lock (flock),
    released by the kernel when its holder dies; a second build waits `wait` seconds, then
    IndexLockedError."""
    folder = index_dir / MIRRORS
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_FILE, "a+b") as handle:

        def try_lock() -> bool:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True

        wait_for_lock(try_lock, wait, "reading this index's sources")
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def entry_for_argument(argument: str, options: CrawlOptions = CrawlOptions()) -> SourceEntry:
    """A command-line source: an address is a website, an existing `*.xml` file an export, anything
    else a folder (a missing folder is reported by the build, naming it)."""
    if is_web_address(argument):
        return SourceEntry("site", argument, options.include, options.exclude, options.page_limit, options.delay)
    if argument.lower().endswith(".xml") and Path(argument).is_file():
        return SourceEntry("wordpress-export", argument)
    return SourceEntry("folder", argument)


def prepare_sources(
    entries: list[SourceEntry],
    index_dir: Path,
    *,
    base: Path = Path("."),
    uploads: Path | None = None,
    client_for: Callable[[SourceEntry], PoliteClient] | None = None,
) -> PreparedSources:
    """Folders as they are (relative ones under `base`, the profile's folder); each export and
    website mirrored first. ExportError when an export cannot be read (nothing is built then)."""
    client_for = client_for or _client
    prepared = PreparedSources()
    ends_at = time.monotonic() + SOURCE_SECONDS  # one deadline for all the build's sources together
    for entry in entries:
        folder = base / entry.location if entry.type == "folder" else index_dir / MIRRORS / _mirror_name(entry)
        if entry.visibility != "public":
            prepared.internal.append(folder)
        if entry.type == "folder":
            prepared.folders.append(folder)
            continue
        export = read_export(base / entry.location) if entry.type == "wordpress-export" else None
        mirror = MirrorFolder(folder, visibility=entry.visibility)
        with client_for(entry) as client:
            client.only_for(export.site_url if export is not None else entry.location)
            client.stop_by(ends_at)
            try:
                if export is not None:
                    given = base / entry.uploads if entry.uploads else uploads or _uploads_beside(base / entry.location)
                    method, report = entry.type, mirror_export(export, mirror, uploads=given, client=client)
                else:
                    method, report = _read_site(entry, mirror, client)
            except CrawlTimeLimitError as exc:
                method, report = entry.type, mirror.interrupted(entry.location, str(exc))
            except KeyboardInterrupt:
                mirror.interrupted(entry.location, "the crawl was interrupted")
                raise
            except OSError:
                raise  # the mirror cannot be written (a full disk): the build stops, saying so
            except Exception as exc:  # a site's answer that no check foresaw: this source alone fails
                why = f"could not be read: the site's answers were not understood ({type(exc).__name__}: {exc})"
                method, report = entry.type, mirror.interrupted(entry.location, why[:500])
            report.requests, report.bytes_received = client.requests, client.bytes_received
            report.notes += client.notes
        prepared.read.append(SourceRead(entry, method, folder, report, mirror.holds_documents()))
        prepared.folders.append(folder)  # even emptied: the build's guard against mass removal speaks
    return prepared


def _read_site(entry: SourceEntry, mirror: MirrorFolder, client: PoliteClient) -> tuple[str, MirrorReport]:
    """Mirror a website: its REST API when it has one, else its sitemap. A crawl that cannot go on
    (the site is down, an interrupt) keeps what it fetched and removes nothing."""
    rules = CrawlRules(urlsplit(entry.location).netloc, entry.include, entry.exclude, entry.page_limit)
    method = "sitemap" if entry.type == "sitemap" else "wordpress"
    try:
        found = api_base(client, entry.location, mirror) if entry.type != "sitemap" else None
        if found is not None:
            api, index = found
            export = read_api(client, api, index, rules, mirror)
            return method, mirror_export(export, mirror, client=client)
        if entry.type == "wordpress":
            return method, mirror.interrupted(
                entry.location, "the site does not answer /wp-json/ (no WordPress REST API)"
            )
        method = "sitemap"
        mirror_pages(read_sitemaps(client, entry.location, mirror), rules, mirror, client)
        return method, mirror.finish()
    except FetchError as exc:
        return method, mirror.interrupted(entry.location, f"could not be read to the end: {exc}")


def _client(entry: SourceEntry) -> PoliteClient:
    return PoliteClient() if entry.delay is None else PoliteClient(delay=entry.delay)


def _mirror_name(entry: SourceEntry) -> str:
    """The mirror folder's name: the export's file name, or the site's host and path."""
    if entry.type == "wordpress-export":
        return Path(entry.location).stem
    parts = urlsplit(entry.location)
    return re.sub(r"[^A-Za-z0-9.-]+", "-", f"{parts.netloc}{parts.path}").strip("-.") or "site"


def _uploads_beside(export: Path) -> Path | None:
    """A copy of the site's uploads folder next to the export ("uploads/" or "wp-content/uploads/")."""
    for candidate in (export.parent / "uploads", export.parent / "wp-content" / "uploads"):
        if candidate.is_dir():
            return candidate
    return None
