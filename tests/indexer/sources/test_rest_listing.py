"""A REST listing kept between crawls (indexer/sources/rest_listing.py): a later crawl reads only the
newest-modified pages of a listing, and reads the whole listing again whenever the site's count,
its order or the age of the last full listing says the kept one may be wrong. Against the
WordPress-like server on 127.0.0.1 (tests/wordpress_site.py), paging two posts at a time."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from archive.shared.profile import SourceEntry
from indexer.sources import prepare_sources
from indexer.sources.mirror_folder import STATE_FILE, is_document
from indexer.sources.rest_listing import FULL_LISTING_EVERY
from tests.wordpress_site import Post, SiteState, serve


def _post(number: int, modified: str) -> Post:
    text = f"<p>Synthetic test post number {number} about community bond funds and detention.</p>"
    return Post(number, f"post-{number}", f"Test post {number}", text, modified, modified)


@pytest.fixture
def site() -> Iterator[SiteState]:
    posts = [_post(n, f"2018-0{n % 9 + 1}-10T10:00:00") for n in range(1, 8)]  # seven posts: four pages
    with serve(SiteState(posts=posts, max_per_page=2, disallow=())) as state:
        yield state


def crawl(site: SiteState, work: Path) -> set[str]:
    """Read the site into the mirror; the mirrored documents' names."""
    site.requests.clear()
    (read,) = prepare_sources([SourceEntry("wordpress", f"{site.base}/", delay=0)], work).read
    assert read.report.complete and read.report.failed == []
    return {p.stem for p in read.folder.rglob("*") if is_document(p)}


def listing_pages(site: SiteState) -> list[int]:
    """The pages of the posts listing (ids and dates, not full posts) the last crawl asked for."""
    asked = [parse_qs(urlsplit(p).query) for p in site.paths_requested() if p.startswith("/wp-json/wp/v2/posts?")]
    return [int(q["page"][0]) for q in asked if "include" not in q]


def fetched_in_full(site: SiteState) -> list[str]:
    return [parse_qs(urlsplit(p).query)["include"][0] for p in site.paths_requested() if "include=" in p]


def test_a_later_crawl_reads_only_the_newest_pages_and_what_changed(site: SiteState, tmp_path: Path) -> None:
    assert len(crawl(site, tmp_path)) == 7 and listing_pages(site) == [1, 2, 3, 4]
    assert crawl(site, tmp_path) == {f"post-{n}" for n in range(1, 8)}
    assert listing_pages(site) == [1] and fetched_in_full(site) == []  # one conditional page: nothing changed
    assert all("If-None-Match" in headers for path, headers in site.requests if "/wp/v2/posts" in path)
    site.posts[0].modified_gmt = "2021-01-01T10:00:00"  # an edit, and a new post
    site.posts.append(_post(8, "2021-01-02T10:00:00"))
    assert "post-8" in crawl(site, tmp_path)
    assert listing_pages(site) == [1, 2]  # page 2 starts below the newest date known before: the rest is known
    assert fetched_in_full(site) == ["8,1"]


def test_a_deleted_post_makes_the_count_disagree_and_the_whole_listing_is_read(site: SiteState, tmp_path: Path) -> None:
    crawl(site, tmp_path)
    oldest = min(site.posts, key=lambda p: p.modified_gmt)
    site.posts.remove(oldest)  # not on the first page: only X-WP-Total tells
    assert f"post-{oldest.id}" not in crawl(site, tmp_path)
    assert listing_pages(site) == [1, 1, 2, 3]  # the newest page, then, the count being off, all (now three)


def test_a_post_published_with_an_old_modified_date_is_found(site: SiteState, tmp_path: Path) -> None:
    crawl(site, tmp_path)
    site.posts.append(_post(9, "2017-01-01T10:00:00"))  # a scheduled post going live keeps its old date
    assert "post-9" in crawl(site, tmp_path) and fetched_in_full(site) == ["9"]


def test_a_site_that_ignores_the_order_is_read_whole_every_time(site: SiteState, tmp_path: Path) -> None:
    site.honours_orderby = False  # it lists by publication date whatever it is asked
    site.posts[3].modified_gmt = "2019-01-01T10:00:00"  # edited once: the listing is not newest-modified first
    crawl(site, tmp_path)
    site.posts[1].modified_gmt = "2021-01-01T10:00:00"  # listed on page 3: a crawl of page 1 would miss it
    crawl(site, tmp_path)
    assert listing_pages(site) == [1, 2, 3, 4] and fetched_in_full(site) == ["2"]


def test_the_whole_listing_is_read_again_once_a_week(site: SiteState, tmp_path: Path) -> None:
    crawl(site, tmp_path)
    state_file = next(tmp_path.rglob(STATE_FILE))
    state = json.loads(state_file.read_text())
    listing = next(key for key in state if key.startswith("listing:") and "/posts?" in key)
    state[listing]["full_at"] = (datetime.now(UTC) - FULL_LISTING_EVERY - timedelta(hours=1)).isoformat()
    state_file.write_text(json.dumps(state))
    crawl(site, tmp_path)
    assert listing_pages(site) == [1, 2, 3, 4]
    crawl(site, tmp_path)
    assert listing_pages(site) == [1]
