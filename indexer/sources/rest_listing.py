"""A WordPress REST listing (posts, pages, media) kept between crawls, so that a second crawl asks
for what changed instead of paging through everything again.

Listings are read newest-modified first (`orderby=modified&order=desc`, in WordPress since 4.7).
The first crawl reads every page and keeps the listing in the mirror's state. A later crawl asks
only for the first page, conditionally (an unchanged site answers 304), and for further pages only
while they still hold items modified since (a day before) the newest one it knows: an edit gives a
post a later modified date, so every edited or newly published post is in those first pages. The
count the site gives (`X-WP-Total`) must then equal what is known plus what is new. When it does
not (a post deleted or unpublished, or published with an old modified date), or the site ignored
the order (a full listing that did not come newest-modified first is never trusted to), or the
last full listing is more than FULL_LISTING_EVERY old, the whole listing is read again. A site
without ETags answers the first page in full every time: one request instead of every page, still.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from indexer.sources.http_client import Fetched, FetchError, PoliteClient
from indexer.sources.mirror_folder import MirrorFolder

PER_PAGE = 100
MAX_LISTING_PAGES = 500  # 50,000 items of one kind: beyond that a listing is looping, not a site
FULL_LISTING_EVERY = timedelta(days=7)
EDIT_MARGIN = timedelta(days=1)  # items modified this long before the newest known are looked at again
NEWEST_FIRST = {"orderby": "modified", "order": "desc"}


def current_listing(
    client: PoliteClient, endpoint: str, params: dict[str, str], mirror: MirrorFolder
) -> list[dict[str, Any]]:
    """Every item of the listing as the site has it now, newest-modified first (FetchError when
    the site cannot be read)."""
    key = f"listing:{endpoint}?{urlencode(params)}"
    known = mirror.state.get(key, {})
    ordered = {**params, **NEWEST_FIRST}
    now = datetime.now(UTC)
    entries = None
    # a kept listing the site did not give newest-modified first (it ignores the order) is never updated
    kept = known.get("entries")
    if isinstance(kept, list) and _newest_first(kept) and _recent_enough(known.get("full_at"), now):
        entries = _known_with_changes(client, endpoint, ordered, mirror, kept)
        full_at = known["full_at"]
    if entries is None:
        entries, _ = read_listing(client, endpoint, ordered, mirror, cache_first_page=True)
        full_at = now.isoformat(timespec="seconds")
    mirror.state[key] = {"full_at": full_at, "entries": entries}
    return entries


def read_listing(
    client: PoliteClient,
    endpoint: str,
    params: dict[str, str],
    mirror: MirrorFolder,
    *,
    cache_first_page: bool = False,
    stop: Callable[[list[dict[str, Any]]], bool] | None = None,
) -> tuple[list[dict[str, Any]], int | None]:
    """The items of a paged listing, page after page until X-WP-TotalPages (or until `stop`, a
    predicate on a page's items, says the rest is not needed), and the count the site gives for
    the whole listing (X-WP-Total, None without it). The first page is kept to be asked for
    conditionally next time when `cache_first_page`."""
    items: list[dict[str, Any]] = []
    page, pages, total = 1, 1, None
    while page <= min(pages, MAX_LISTING_PAGES):
        answer = _page(client, endpoint, params, page, mirror, cached=cache_first_page and page == 1)
        pages = answer["pages"]
        if page == 1:
            total = answer["total"]
        items += answer["items"]
        if not answer["items"] or (stop is not None and stop(answer["items"])):
            break  # an empty page ends a listing, whatever page count the site claims
        page += 1
    return items, total


def _known_with_changes(
    client: PoliteClient, endpoint: str, ordered: dict[str, str], mirror: MirrorFolder, known: list[Any]
) -> list[dict[str, Any]] | None:
    """The known listing updated with the items modified since it was read (asked for with the
    `ordered` parameters), or None when the site's answers do not add up to it (the whole listing
    must be read again)."""
    by_id = {e["id"]: e for e in known if isinstance(e, dict) and isinstance(e.get("id"), int)}
    floor = _since(by_id.values())
    changed, total = read_listing(
        client, endpoint, ordered, mirror, cache_first_page=True, stop=lambda items: _older_than(items, floor)
    )
    if not _newest_first(changed):  # the site ignored the order
        return None
    by_id.update({e["id"]: e for e in changed if isinstance(e.get("id"), int) and _modified(e) >= floor})
    if total != len(by_id):
        return None
    return sorted(by_id.values(), key=_modified, reverse=True)


def _page(
    client: PoliteClient, endpoint: str, params: dict[str, str], page: int, mirror: MirrorFolder, *, cached: bool
) -> dict[str, Any]:
    url = f"{endpoint}?" + urlencode({**params, "per_page": PER_PAGE, "page": page})
    return mirror.fetch_cached(client, url, _listing_page) if cached else _listing_page(client.get(url))


def _listing_page(fetched: Fetched) -> dict[str, Any]:
    """A listing page's items (the dicts of its JSON list), the listing's page count
    (X-WP-TotalPages) and item count (X-WP-Total, None when absent)."""
    data = parse_json(fetched.body or b"", fetched.url)
    items = [item for item in data if isinstance(item, dict)] if isinstance(data, list) else []
    pages, total = _count(fetched.headers.get("x-wp-totalpages", "")), _count(fetched.headers.get("x-wp-total", ""))
    return {"items": items, "pages": pages if pages is not None else 1, "total": total}


def _count(header: str) -> int | None:
    """A count header as a number: ASCII digits only (`²` is a digit to str.isdigit, not to int)."""
    header = header.strip()
    return int(header) if header.isascii() and header.isdigit() and len(header) <= 9 else None


def parse_json(body: bytes, url: str) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError):  # RecursionError: JSON nested thousands of levels deep
        raise FetchError(f"{url} did not answer with JSON (or with JSON nested too deeply)") from None


def _newest_first(entries: list[Any]) -> bool:
    modified = [_modified(e) if isinstance(e, dict) else "" for e in entries]
    return modified == sorted(modified, reverse=True)


def _older_than(items: list[dict[str, Any]], floor: str) -> bool:
    return not items or _modified(items[-1]) < floor


def _since(entries: Any) -> str:
    """A day before the newest modified date known (GMT, as WordPress writes it)."""
    newest = max((_modified(e) for e in entries), default="")
    try:
        return (datetime.fromisoformat(newest) - EDIT_MARGIN).isoformat(timespec="seconds")
    except (ValueError, OverflowError):  # not a date, or one in year 1 (a day before it is no date)
        return ""


def _modified(entry: dict[str, Any]) -> str:
    """An item's modified date as WordPress writes it (`2020-03-19T15:00:00`), else ""."""
    value = entry.get("modified_gmt")
    return value if isinstance(value, str) and _GMT.fullmatch(value) else ""


_GMT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")


def _recent_enough(full_at: Any, now: datetime) -> bool:
    try:
        return now - datetime.fromisoformat(full_at) < FULL_LISTING_EVERY
    except (TypeError, ValueError):
        return False
