"""A WordPress export written out as a folder the build indexes like any other.

Each published post or page becomes an HTML page carrying what WordPress knows about it as the
meta tags a live page would have (og:title, canonical permalink, article:published_time in GMT,
author, article:tag for categories and tags, description for the excerpt), so it goes through the
same HTML extraction, dating and enrichment as a saved page; a private one gets a sidecar making it
internal. Each PDF attachment is copied from a local copy of the uploads folder when one is given,
else fetched from its upload URL (indexer/sources/http_client.py), with a sidecar giving that URL.

A document's id is its permalink's path ("2020/03/to-flattenthecurve"), stable across exports.
The folder is rewritten only where something changed, so the build counts the rest unchanged; an
item gone from the export leaves the folder, and so the index, under the build's guard against mass
removal. A fetched upload's ETag and Last-Modified are kept (`.fetched.json`), so the next export
re-downloads only uploads that changed.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from indexer.sources.http_client import FetchError, PoliteClient, Validators
from indexer.sources.wordpress_export import Export, ExportItem

STATE_FILE = ".fetched.json"
UPLOADS_PATH = "/wp-content/uploads/"
_SAFE_SEGMENT = re.compile(r"[^A-Za-z0-9._-]+")
_BLOCK_TAG = re.compile(r"^\s*<(?:p|div|h[1-6]|ul|ol|li|blockquote|table|figure|pre|hr|section|article)\b", re.I)


@dataclass
class MirrorReport:
    """What one export gave: files written, left as they were, removed, and what was not used."""

    written: int = 0
    unchanged: int = 0
    removed: int = 0
    downloaded: int = 0
    not_modified: int = 0  # uploads the server said had not changed (a conditional request)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (item, reason)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (item or URL, reason)


def mirror_export(
    export: Export,
    folder: Path,
    *,
    uploads: Path | None = None,
    client: PoliteClient | None = None,
) -> MirrorReport:
    """Write `export` into `folder` (created when missing). Uploads come from `uploads` (the site's
    wp-content/uploads folder, copied beside the export) or, without it, through `client`."""
    folder.mkdir(parents=True, exist_ok=True)
    report = MirrorReport()
    state = _read_state(folder)
    wanted: set[Path] = set()
    for item in export.items:
        name = item.title or item.link or f"item {item.post_id}"
        reason = item.skip_reason
        if reason:
            report.skipped.append((name, reason))
            continue
        if item.post_type == "attachment":
            _mirror_upload(item, folder, uploads, client, state, wanted, report)
        else:
            page = _unique(folder / f"{_path_of(item.link, item.post_id)}.html", wanted, item.post_id)
            _write(page, _page_html(item, export), report)
            _write_sidecar(page, {"visibility": item.visibility} if item.visibility != "public" else {})
    _remove_others(folder, wanted, report)
    (folder / STATE_FILE).write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
    return report


def _path_of(url: str, post_id: str) -> str:
    """The permalink's path as a relative file path: safe segments only ("..", empty and odd
    characters cannot climb out of the folder); `post-<id>` when there is no usable path."""
    segments = [_SAFE_SEGMENT.sub("-", unquote(s)).strip("-.") for s in urlsplit(url).path.split("/")]
    segments = [s for s in segments if s]
    if segments and segments[-1].lower().endswith((".html", ".htm", ".php")):
        segments[-1] = segments[-1].rsplit(".", 1)[0]
    return "/".join(segments) or f"post-{_SAFE_SEGMENT.sub('-', post_id) or 'unknown'}"


def _unique(path: Path, wanted: set[Path], post_id: str) -> Path:
    """`path`, or a sibling named after the post id when another item already took it."""
    if path in wanted:
        path = path.with_name(f"{path.stem}-{_SAFE_SEGMENT.sub('-', post_id)}{path.suffix}")
    wanted.add(path)
    return path


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


def _mirror_upload(
    item: ExportItem,
    folder: Path,
    uploads: Path | None,
    client: PoliteClient | None,
    state: dict[str, dict[str, str]],
    wanted: set[Path],
    report: MirrorReport,
) -> None:
    url = item.attachment_url
    path = urlsplit(url).path
    relative = _path_of(url, item.post_id).rsplit(".", 1)[0] + ".pdf"
    target = _unique(folder / relative, wanted, item.post_id)
    # WordPress titles an upload after its file name ("3-principles-flyer") unless someone wrote one
    sidecar = {"url": url, "title": item.title} if " " in item.title.strip() else {"url": url}
    if item.date_gmt:
        sidecar["date"] = item.date_gmt[:10]
    if uploads is not None:
        inside = path.split(UPLOADS_PATH, 1)[1] if UPLOADS_PATH in path else path.lstrip("/")
        source = (uploads / unquote(inside)).resolve()
        if not source.is_relative_to(uploads.resolve()) or not source.is_file():
            report.failed.append((url, f"not in the uploads folder {uploads} (looked for {inside})"))
            wanted.discard(target)
            return
        _write(target, source.read_bytes(), report)
    elif client is not None:
        known = state.get(url, {})
        validators = Validators(known.get("etag", ""), known.get("last_modified", "")) if target.exists() else None
        try:
            fetched = client.get(url, validators)
        except FetchError as exc:
            report.failed.append((url, str(exc)))
            if not target.exists():
                wanted.discard(target)
            return  # a copy from an earlier export stays until the upload can be read again
        if fetched.not_modified:
            report.not_modified += 1
            report.unchanged += 1
        else:
            report.downloaded += 1
            _write(target, fetched.body or b"", report)
        state[url] = {"etag": fetched.validators.etag, "last_modified": fetched.validators.last_modified}
    else:
        report.failed.append((url, "no uploads folder given and no web access to fetch it"))
        wanted.discard(target)
        return
    _write_sidecar(target, sidecar)


def _write(path: Path, data: bytes, report: MirrorReport) -> None:
    """Write `data` unless the file already holds it (so the build sees it unchanged)."""
    if path.is_file() and path.read_bytes() == data:
        report.unchanged += 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".part")
    temporary.write_bytes(data)
    temporary.replace(path)
    report.written += 1


def _write_sidecar(document: Path, values: dict[str, str]) -> None:
    """The document's sidecar with `values` (none at all when there are none)."""
    sidecar = document.with_name(document.stem + ".meta.toml")
    if not values:
        if sidecar.exists():
            sidecar.unlink()
        return
    text = "".join(f"{key} = {json.dumps(value, ensure_ascii=False)}\n" for key, value in values.items())
    if not sidecar.is_file() or sidecar.read_text(encoding="utf-8") != text:
        sidecar.write_text(text, encoding="utf-8")


def _remove_others(folder: Path, wanted: set[Path], report: MirrorReport) -> None:
    """Remove documents (and their sidecars) that the export no longer has, and emptied folders."""
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file() and path.suffix in (".html", ".pdf") and path not in wanted:
            path.unlink()
            path.with_name(path.stem + ".meta.toml").unlink(missing_ok=True)
            report.removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            shutil.rmtree(path)


def _read_state(folder: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
