"""A site's sitemaps read into the addresses of its pages, each with its `lastmod`.

Where the sitemaps are: the `Sitemap:` lines of robots.txt, else `/sitemap.xml`, `/wp-sitemap.xml`
(WordPress core) or `/sitemap_index.xml` (Yoast), whichever answers first. A sitemap index is
followed to its sitemaps (except those that list only taxonomy or author archives), on the site's
own host only, at most MAX_SITEMAPS of them. Gzipped sitemaps are decompressed within the same size
cap as any response (a small "zip bomb" cannot expand without bound). The XML is from outside and
is parsed with defusedxml: a sitemap that declares entities is refused with a reason.

Each sitemap is asked for conditionally; a 304 answer reuses the entries kept in the mirror's state
(MirrorFolder.fetch_cached).
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from indexer.sources.crawl_rules import lists_listings
from indexer.sources.http_client import Fetched, FetchError, PoliteClient
from indexer.sources.mirror_folder import MirrorFolder

MAX_SITEMAPS = 1000
MAX_SITEMAP_ENTRIES = 50_000  # the sitemap protocol's own limit per file; past it the rest is not read
WELL_KNOWN = ("/sitemap.xml", "/wp-sitemap.xml", "/sitemap_index.xml")


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    lastmod: str = ""


def read_sitemaps(client: PoliteClient, site: str, mirror: MirrorFolder) -> list[SitemapEntry]:
    """Every page the site's sitemaps list, in their order, each once. Raises FetchError when the
    site has no sitemap that can be read."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site))
    host = urlsplit(site).netloc.lower()
    queue = [u for u in client.sitemaps(site) if urlsplit(u).netloc.lower() == host]
    if not queue:
        queue = [_first_answering(client, origin, mirror)]
    seen: set[str] = set()
    entries: dict[str, SitemapEntry] = {}
    while queue and len(seen) < MAX_SITEMAPS:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        try:
            children, pages = _cached_sitemap(client, url, mirror)
        except FetchError as exc:
            if len(seen) == 1:
                raise FetchError(f"its sitemap {url}: {exc}") from None
            mirror.report.failed.append((url, str(exc)))
            continue
        for child in children:
            if urlsplit(child).netloc.lower() != host:
                mirror.report.skipped.append((child, "a sitemap on another site, not followed"))
            elif lists_listings(child):
                mirror.report.skipped.append((child, "a sitemap of category, tag or author archives (listing pages)"))
            else:
                queue.append(child)
        for entry in pages:
            entries.setdefault(entry.loc, entry)
    return list(entries.values())


def _first_answering(client: PoliteClient, origin: str, mirror: MirrorFolder) -> str:
    problems = []
    for path in WELL_KNOWN:
        try:
            _cached_sitemap(client, origin + path, mirror)
            return origin + path
        except FetchError as exc:
            problems.append(f"{path}: {exc}")
    raise FetchError(f"no sitemap: robots.txt names none, and {'; '.join(problems)}")


def _cached_sitemap(client: PoliteClient, url: str, mirror: MirrorFolder) -> tuple[list[str], list[SitemapEntry]]:
    def parsed(fetched: Fetched) -> dict[str, list]:
        children, pages = parse_sitemap(fetched.body or b"", url, client.max_bytes)
        return {"children": children, "pages": [[p.loc, p.lastmod] for p in pages]}

    data = mirror.fetch_cached(client, url, parsed)
    return list(data["children"]), [SitemapEntry(*p) for p in data["pages"]]


def parse_sitemap(body: bytes, url: str, max_bytes: int) -> tuple[list[str], list[SitemapEntry]]:
    """A sitemap's child sitemaps (a sitemap index) and pages (a urlset). FetchError when it is
    not a sitemap, is not well-formed, declares entities or expands beyond `max_bytes`."""
    if body[:2] == b"\x1f\x8b":
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            body = inflater.decompress(body, max_bytes + 1)
        except zlib.error:
            raise FetchError(f"{url}: a damaged gzip file") from None
        if len(body) > max_bytes:
            raise FetchError(f"{url}: expands beyond the {max_bytes / 2**20:.3g} MiB cap when unzipped")
    children: list[str] = []
    pages: list[SitemapEntry] = []
    events = iterparse(io.BytesIO(body), ("start", "end"), forbid_dtd=False, forbid_entities=True, forbid_external=True)
    kind, depth, root = "", 0, None
    try:
        for event, element in events:  # streamed: each entry is dropped once read
            depth += 1 if event == "start" else -1
            if root is None:
                root, kind = element, _local(element.tag)
                if kind not in ("sitemapindex", "urlset"):
                    raise FetchError(f"{url}: not a sitemap (its root is <{kind}>)")
            if event != "end" or depth != 1:
                continue
            values = {_local(child.tag): (child.text or "").strip() for child in element}
            root.clear()
            if not values.get("loc"):
                continue
            if len(children) + len(pages) >= MAX_SITEMAP_ENTRIES:
                break  # a longer list is not a sitemap as the protocol defines one
            if kind == "sitemapindex":
                children.append(values["loc"])
            else:
                pages.append(SitemapEntry(values["loc"], values.get("lastmod", "")))
    except DefusedXmlException:
        raise FetchError(f"{url}: refused: the sitemap declares XML entities, which a sitemap never needs") from None
    except ParseError as exc:
        raise FetchError(f"{url}: not well-formed XML ({exc})") from None
    return children, pages


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
