"""A live WordPress site read through its REST API (`/wp-json/wp/v2/`) into the same items as an export.

What an anonymous reader gets from the API is what the site publishes: posts and pages with their
title, GMT dates, permalink, author, categories, tags and excerpt, PDF uploads (media of type
application/pdf) and recordings (media of type audio or video, transcribed at build time). Listings
are paged (`per_page=100`, `X-WP-TotalPages` says how many); category, tag and author ids are
resolved to names through their own endpoints.

Incremental: the listings ask only for each post's id, modified date and link, and a later crawl
only for what changed since (indexer/sources/rest_listing.py); only posts whose modified date
differs from the copy already mirrored are fetched in full, a hundred at a time. Everything the API
returns is data from outside: every field is type-checked, and rendered HTML goes through the same
untrusted-HTML path as a page.
"""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup

from indexer.sources.crawl_rules import CrawlRules
from indexer.sources.http_client import Fetched, FetchError, PoliteClient
from indexer.sources.mirror_folder import MirrorFolder
from indexer.sources.rest_listing import PER_PAGE, current_listing, parse_json, read_listing
from indexer.sources.wordpress_export import Export, ExportItem

LISTING_FIELDS = "id,modified_gmt,link"
POST_FIELDS = "id,date_gmt,modified_gmt,link,title,content,excerpt,categories,tags,author,status"
MEDIA_FIELDS = "id,date_gmt,modified_gmt,source_url,title,link"
# the uploads that are documents: PDFs, and recordings (an image or a spreadsheet is not asked for)
MEDIA_WANTED = ({"mime_type": "application/pdf"}, {"media_type": "audio"}, {"media_type": "video"})


def api_base(client: PoliteClient, site: str, mirror: MirrorFolder) -> tuple[str, dict[str, Any]] | None:
    """The site's `wp/v2` API address and its index (name, url), or None when the site has no
    WordPress REST API (or refuses it): the caller then reads the sitemap."""
    root = site.rstrip("/") + "/wp-json/"
    try:
        data = mirror.fetch_cached(client, root, _api_index)["items"]
    except FetchError:
        return None
    if not isinstance(data, dict) or "wp/v2" not in (data.get("namespaces") or []):
        return None
    return root + "wp/v2", data


def read_api(client: PoliteClient, api: str, index: dict[str, Any], rules: CrawlRules, mirror: MirrorFolder) -> Export:
    """The site's published posts, pages, PDFs and recordings as export items; posts the mirror already holds at
    their current modified date come without their content (`body_fetched=False`)."""
    names = _Names(client, api, mirror)
    export = Export(site_url=_text(index.get("url")), site_title=_text(index.get("name")))
    taken = 0
    for kind, post_type in (("posts", "post"), ("pages", "page")):
        listed = current_listing(client, f"{api}/{kind}", {"_fields": LISTING_FIELDS}, mirror)
        changed: dict[int, str] = {}  # id -> link
        for entry in listed:
            link, post_id = _text(entry.get("link")), entry.get("id")
            if not isinstance(post_id, int):
                continue
            refusal = rules.refusal(link, taken)
            if refusal:
                mirror.report.skipped.append((link, refusal))
                continue
            taken += 1
            copy = _mirrored(mirror, post_id)
            if copy is not None and copy.get("modified") == _gmt(entry.get("modified_gmt")):
                export.items.append(_unchanged(post_id, post_type, link))
            else:
                changed[post_id] = link
        export.items += _full_posts(client, f"{api}/{kind}", changed, post_type, names, mirror)
    media = [
        entry
        for wanted in MEDIA_WANTED
        for entry in current_listing(client, f"{api}/media", {**wanted, "_fields": MEDIA_FIELDS}, mirror)
    ]
    for entry in media:
        url = _text(entry.get("source_url"))
        refusal = rules.refusal(url, taken)
        if refusal:
            mirror.report.skipped.append((url, refusal))
            continue
        taken += 1
        export.items.append(_media(entry))
    return export


def _mirrored(mirror: MirrorFolder, post_id: int) -> dict[str, Any] | None:
    """What the mirror recorded of the post when it wrote it, if that copy is still there."""
    known = mirror.state.get(f"post:{post_id}", {})
    return known if known.get("file") and (mirror.folder / known["file"]).is_file() else None


def _full_posts(
    client: PoliteClient,
    endpoint: str,
    links: dict[int, str],
    post_type: str,
    names: _Names,
    mirror: MirrorFolder,
) -> list[ExportItem]:
    """The posts `links` names (id -> link) with their content, a hundred per request. A batch that
    fails is reported, and the earlier copies of its posts stay as they are."""
    items: list[ExportItem] = []
    ids = list(links)
    for start in range(0, len(ids), PER_PAGE):
        chosen = ids[start : start + PER_PAGE]
        batch = ",".join(map(str, chosen))
        try:
            posts, _ = read_listing(client, endpoint, {"include": batch, "_fields": POST_FIELDS}, mirror)
        except FetchError as exc:
            mirror.report.failed.append((f"{endpoint}?include={batch}", str(exc)))
            items += [_unchanged(i, post_type, links[i]) for i in chosen if _mirrored(mirror, i) is not None]
            continue
        found = [_post(p, post_type, names) for p in posts]
        mirror.report.downloaded += len(found)
        items += found
    return items


class _Names:
    """Id → name for categories, tags and authors, each read the first time a changed post needs
    it (a crawl that finds nothing changed asks for none of them)."""

    def __init__(self, client: PoliteClient, api: str, mirror: MirrorFolder) -> None:
        self._client, self._api, self._mirror = client, api, mirror
        self._read: dict[str, dict[int, str]] = {}

    def of(self, kind: str) -> dict[int, str]:
        """{} when the site does not list them (many sites close /users), which leaves those
        fields empty rather than failing the crawl."""
        if kind not in self._read:
            try:
                listed, _ = read_listing(
                    self._client, f"{self._api}/{kind}", {"_fields": "id,name"}, self._mirror, cache_first_page=True
                )
            except FetchError:
                listed = []
            self._read[kind] = {e["id"]: _text(e.get("name")) for e in listed if isinstance(e.get("id"), int)}
        return self._read[kind]


def _post(data: dict[str, Any], post_type: str, names: _Names) -> ExportItem:
    raw_content = data.get("content")
    content: dict[str, Any] = raw_content if isinstance(raw_content, dict) else {}
    return ExportItem(
        post_id=str(data.get("id", "")),
        post_type=post_type,
        status=_text(data.get("status")) or "publish",
        title=_plain(_rendered(data.get("title"))),
        link=_text(data.get("link")),
        date_gmt=_gmt(data.get("date_gmt")),
        modified_gmt=_gmt(data.get("modified_gmt")),
        author=names.of("users").get(author, "") if isinstance(author := data.get("author"), int) else "",
        content=_rendered(content),
        excerpt=_plain(_rendered(data.get("excerpt"))),
        categories=_resolved(data.get("categories"), names.of("categories")),
        tags=_resolved(data.get("tags"), names.of("tags")),
        password_protected=bool(content.get("protected")),
    )


def _media(data: dict[str, Any]) -> ExportItem:
    return ExportItem(
        post_id=str(data.get("id", "")),
        post_type="attachment",
        status="inherit",
        title=_plain(_rendered(data.get("title"))),
        link=_text(data.get("link")),
        date_gmt=_gmt(data.get("date_gmt")),
        modified_gmt=_gmt(data.get("modified_gmt")),
        author="",
        content="",
        excerpt="",
        attachment_url=_text(data.get("source_url")),
    )


def _unchanged(post_id: int, post_type: str, link: str) -> ExportItem:
    return ExportItem(str(post_id), post_type, "publish", "", link, "", "", "", "", "", body_fetched=False)


def _api_index(fetched: Fetched) -> dict[str, Any]:
    """The API index (kept in the mirror's state under "items", as listing pages are)."""
    return {"items": parse_json(fetched.body or b"", fetched.url)}


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _rendered(value: Any) -> str:
    """WordPress's `{"rendered": "<html>"}` fields."""
    return _text(value.get("rendered")) if isinstance(value, dict) else ""


def _plain(rendered_html: str) -> str:
    """A title or excerpt as text (WordPress renders entities and tags into them: "&#8217;", <p>)."""
    return " ".join(BeautifulSoup(rendered_html, "html.parser").get_text(" ").split()) if rendered_html else ""


def _gmt(value: Any) -> str:
    """ "2020-03-19T14:02:11" as the export writes it: "2020-03-19 14:02:11"."""
    return _text(value).replace("T", " ")[:19]


def _resolved(ids: Any, names: dict[int, str]) -> tuple[str, ...]:
    return tuple(names[i] for i in ids if isinstance(i, int) and names.get(i)) if isinstance(ids, list) else ()
