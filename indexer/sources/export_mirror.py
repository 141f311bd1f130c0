"""A WordPress export (or a site's REST API, read into the same items) written out as a folder the
build indexes like any other (indexer/sources/mirror_folder.py).

Each published post or page becomes an HTML page carrying what WordPress knows about it as the
meta tags a live page would have (og:title, canonical permalink, article:published_time in GMT,
author, article:tag for categories and tags, description for the excerpt), so it goes through the
same HTML extraction, dating and enrichment as a saved page; a private one gets a sidecar making it
internal. Each PDF or recording attachment is copied from a local copy of the uploads folder when one
is given, else fetched from its upload URL (indexer/sources/http_client.py), with a sidecar giving that
URL (for a recording also as `recording_url`, the address its player plays from). A recording may be
ten times the size cap of other files, as in a folder (archive.shared.media.MEDIA_SIZE_FACTOR).

A document's id is its permalink's path ("2020/03/to-flattenthecurve"), stable across exports. An
upload whose WordPress modified date has not changed is not requested again; one that may have
changed is asked for with its ETag / Last-Modified, so an unchanged file is not downloaded again.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from indexer.sources.http_client import FetchError, PoliteClient
from indexer.sources.mirror_folder import MirrorFolder, MirrorReport, document_path
from indexer.sources.wordpress_export import Export, ExportItem

UPLOADS_PATH = "/wp-content/uploads/"
_BLOCK_TAG = re.compile(r"^\s*<(?:p|div|h[1-6]|ul|ol|li|blockquote|table|figure|pre|hr|section|article)\b", re.I)


def mirror_export(
    export: Export,
    mirror: MirrorFolder,
    *,
    uploads: Path | None = None,
    client: PoliteClient | None = None,
) -> MirrorReport:
    """Write `export` into the mirror and finish it. Uploads come from `uploads` (the site's
    wp-content/uploads folder, copied beside the export) or, without it, through `client`."""
    report = mirror.report
    for item in export.items:
        name = item.title or item.link or f"item {item.post_id}"
        reason = item.skip_reason
        if reason:
            report.skipped.append((name, reason))
        elif item.post_type == "attachment":
            _mirror_upload(item, mirror, uploads, client)
        else:
            _mirror_post(item, export, mirror)
    return mirror.finish()


def _mirror_post(item: ExportItem, export: Export, mirror: MirrorFolder) -> None:
    key = f"post:{item.post_id}"
    if not item.body_fetched:  # the REST API listed it with the modified date of the copy we have
        mirror.keep(mirror.folder / mirror.state[key]["file"])
        return
    page = mirror.claim(document_path(item.link, f"post-{item.post_id}"), ".html", item.post_id)
    mirror.write(page, _page_html(item, export))
    mirror.sidecar(page, {"visibility": item.visibility} if item.visibility != "public" else {})
    mirror.state[key] = {"modified": item.modified_gmt, "file": str(page.relative_to(mirror.folder))}


def _page_html(item: ExportItem, export: Export) -> bytes:
    """The post as a web page with WordPress's facts in its head (all values escaped; the body is
    the post's own HTML, which extraction treats as untrusted like any page)."""
    e = lambda value: html.escape(value, quote=True)  # noqa: E731
    head = [
        '<meta charset="utf-8">',
        f"<title>{e(item.title)}</title>",
        f'<meta property="og:title" content="{e(item.title)}">',
        f'<meta property="og:site_name" content="{e(export.site_title)}">',
    ]
    if item.link:
        head.append(f'<link rel="canonical" href="{e(item.link)}">')
    if item.date_gmt:
        head.append(f'<meta property="article:published_time" content="{e(item.date_gmt.replace(" ", "T"))}Z">')
    if item.author:
        head.append(f'<meta name="author" content="{e(item.author)}">')
    head += [f'<meta property="article:tag" content="{e(t)}">' for t in (*item.categories, *item.tags)]
    if item.excerpt:
        head.append(f'<meta name="description" content="{e(item.excerpt)}">')
    body = f"<article><h1>{e(item.title)}</h1>\n{_paragraphs(item.content)}\n</article>"
    return f"<!doctype html>\n<html><head>\n{chr(10).join(head)}\n</head><body>\n{body}\n</body></html>\n".encode()


def _paragraphs(content: str) -> str:
    """WordPress stores a post's paragraphs as blank-line-separated text and adds <p> when it shows
    them (wpautop); blocks that are already HTML blocks are left as they are."""
    blocks = [b for b in re.split(r"\n\s*\n", content.strip()) if b.strip()]
    return "\n".join(b if _BLOCK_TAG.match(b) else f"<p>{b}</p>" for b in blocks)


def _mirror_upload(item: ExportItem, mirror: MirrorFolder, uploads: Path | None, client: PoliteClient | None) -> None:
    url = item.attachment_url
    target = mirror.claim(document_path(url, f"upload-{item.post_id}"), item.upload_suffix, item.post_id)
    # WordPress titles an upload after its file name ("3-principles-flyer") unless someone wrote one
    sidecar = {"url": url, "title": item.title} if " " in item.title.strip() else {"url": url}
    if item.is_recording:
        sidecar["recording_url"] = url
    if item.date_gmt:
        sidecar["date"] = item.date_gmt[:10]
    if uploads is not None:
        path = urlsplit(url).path
        inside = path.split(UPLOADS_PATH, 1)[1] if UPLOADS_PATH in path else path.lstrip("/")
        source = (uploads / unquote(inside)).resolve()
        if not source.is_relative_to(uploads.resolve()) or not source.is_file():
            mirror.report.failed.append((url, f"not in the uploads folder {uploads.name}/ (looked for {inside})"))
            mirror.release(target)
            return
        mirror.copy(target, source)
    elif client is not None:
        if not _fetch_upload(item, target, mirror, client):
            return
    else:
        mirror.report.failed.append((url, "no uploads folder given and no web access to fetch it"))
        mirror.release(target)
        return
    mirror.sidecar(target, sidecar)


def _fetch_upload(item: ExportItem, target: Path, mirror: MirrorFolder, client: PoliteClient) -> bool:
    """Download an upload unless WordPress or the server says it has not changed; False when it
    could not be had (a copy from an earlier read stays until it can be read again)."""
    url, known = item.attachment_url, mirror.state.get(item.attachment_url, {})
    if target.exists() and item.modified_gmt and known.get("modified") == item.modified_gmt:
        mirror.keep(target)
        return True
    try:
        fetched = client.get(url, mirror.validators(url) if target.exists() else None, large=item.is_recording)
    except FetchError as exc:
        mirror.report.failed.append((url, str(exc)))
        if not target.exists():
            mirror.release(target)
        return False
    if fetched.not_modified:
        mirror.report.not_modified += 1
        mirror.keep(target)
    else:
        mirror.report.downloaded += 1
        mirror.write(target, fetched.body or b"")
    mirror.state[url] = {
        "etag": fetched.validators.etag,
        "last_modified": fetched.validators.last_modified,
        "modified": item.modified_gmt,
    }
    return True
