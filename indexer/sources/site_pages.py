"""The pages a sitemap lists, fetched into a mirror folder as the site serves them.

Each page is saved as it was served (an HTML page keeps its own meta tags, which extraction reads
for the title, date and canonical address; a PDF stays a PDF), with a sidecar giving its address.
A page whose sitemap `lastmod` is the one already mirrored is not requested at all; any other page
the mirror holds is asked for conditionally (ETag / Last-Modified), so an unchanged page costs a 304
and no download. A page that fails is reported and its earlier copy, if any, stays.
"""

from __future__ import annotations

from pathlib import Path

from indexer.sources.crawl_rules import CrawlRules
from indexer.sources.http_client import ROBOTS_REFUSAL, FetchError, PoliteClient
from indexer.sources.mirror_folder import MirrorFolder, document_path
from indexer.sources.sitemap import SitemapEntry

SAVE_EVERY = 50  # pages between two saves of the crawl state, so a killed crawl resumes near where it stopped


def mirror_pages(entries: list[SitemapEntry], rules: CrawlRules, mirror: MirrorFolder, client: PoliteClient) -> None:
    """Fetch the admitted entries into `mirror` (the caller finishes it)."""
    taken = 0
    for position, entry in enumerate(entries):
        if rules.page_limit is not None and taken >= rules.page_limit:  # the rest is counted, not listed
            rest = len(entries) - position
            mirror.report.skipped.append((f"{rest} more pages", f"beyond the page limit ({rules.page_limit})"))
            break
        refusal = rules.refusal(entry.loc, taken)
        if refusal:
            mirror.report.skipped.append((entry.loc, refusal))
            continue
        taken += 1
        _mirror_page(entry, mirror, client)
        if taken % SAVE_EVERY == 0:
            mirror.save_state()


def _mirror_page(entry: SitemapEntry, mirror: MirrorFolder, client: PoliteClient) -> None:
    known = mirror.state.get(entry.loc, {})
    copy = mirror.folder / known["file"] if known.get("file") else None
    copy = copy if copy is not None and copy.is_file() else None
    if copy is not None and entry.lastmod and known.get("lastmod") == entry.lastmod:
        _keep(copy, entry, mirror)
        return
    try:
        fetched = client.get(entry.loc, mirror.validators(entry.loc) if copy else None)
    except FetchError as exc:
        if str(exc) == ROBOTS_REFUSAL:  # the site asks not to be read there: an earlier copy leaves too
            mirror.report.skipped_robots += 1
            mirror.report.skipped.append((entry.loc, str(exc)))
        else:
            mirror.report.failed.append((entry.loc, str(exc)))
            if copy is not None:
                _keep(copy, entry, mirror)
        return
    if fetched.not_modified and copy is not None:
        mirror.report.not_modified += 1
        target = _keep(copy, entry, mirror)
    else:
        suffix = _suffix(fetched.content_type, fetched.url)
        if suffix is None:
            mirror.report.skipped.append((entry.loc, f"not a web page or PDF ({fetched.content_type or 'no type'})"))
            return
        target = mirror.claim(document_path(fetched.url, "page"), suffix, entry.loc)
        mirror.report.downloaded += 1
        mirror.write(target, fetched.body or b"")
    mirror.sidecar(target, {"url": fetched.url})
    mirror.state[entry.loc] = {
        "etag": fetched.validators.etag or known.get("etag", ""),
        "last_modified": fetched.validators.last_modified or known.get("last_modified", ""),
        "lastmod": entry.lastmod,
        "file": str(target.relative_to(mirror.folder)),
    }


def _keep(copy: Path, entry: SitemapEntry, mirror: MirrorFolder) -> Path:
    """The mirrored copy of `entry` stays as it is."""
    path = mirror.claim(str(copy.relative_to(mirror.folder).with_suffix("")), copy.suffix, entry.loc)
    mirror.keep(path)
    return path


def _suffix(content_type: str, url: str) -> str | None:
    """The file type a response is saved as; None for what is neither a page nor a PDF."""
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/pdf" or (not kind and url.lower().endswith(".pdf")):
        return ".pdf"
    if kind in ("text/html", "application/xhtml+xml") or not kind:
        return ".html"
    return None
