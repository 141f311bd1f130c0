"""A live website as a source: its WordPress REST API, else its sitemap, against a real server on
127.0.0.1 (tests/wordpress_site.py) that injects faults. Builds run through the real command line
into real indexes; nothing reaches beyond 127.0.0.1."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive import Archive, SearchRequest
from archive.shared.profile import SourceEntry
from indexer.sources import prepare_sources
from indexer.sources.http_client import FetchError, PoliteClient
from indexer.sources.sitemap import parse_sitemap
from tests.cli_helpers import ROOT, run_module
from tests.conftest import speak, write_pdf
from tests.indexer.sources.test_wordpress_export import WEBINAR_SENTENCES, site_export
from tests.wordpress_site import Gate, Post, SiteState, Upload, serve

STATEMENT = (
    "<p>The network calls for the release of everyone held in immigration detention during the pandemic.</p>"
    "<p>Detention centers cannot keep people safe; community bond funds stand ready to welcome people home.</p>"
)


def network_site(tmp_path: Path, **options: object) -> SiteState:
    flyer = write_pdf(tmp_path / "made/flyer.pdf", ["Three principles for ending criminalization of immigrants."])
    return SiteState(
        posts=[
            Post(11, "free-them-all", "To Free Them All, Close the Centers", STATEMENT, categories=(1,), tags=(1,)),
            Post(
                12,
                "day-of-resistance",
                "Immigrants Speak Out: a Day of Resistance",
                "<p>Immigrants and allies gathered at the capitol against bills that criminalize immigrants.</p>"
                "<p>The network stands with every community targeted by police and immigration agents.</p>",
                date_gmt="2019-05-01T16:00:00",
                modified_gmt="2019-05-01T16:00:00",
                categories=(2,),
            ),
            Post(
                13,
                "about",
                "About the network",
                "<p>The network brings together legal and advocacy organizations for immigrant justice.</p>"
                "<p>Its partners defend immigrants in criminal and immigration courts across the country.</p>",
                type="page",
            ),
        ],
        uploads=[
            Upload(21, "/wp-content/uploads/2020/04/principles-flyer.pdf", "Three principles", flyer.read_bytes())
        ],
        **options,  # type: ignore[arg-type]
    )


@pytest.fixture
def wordpress(tmp_path: Path) -> Iterator[SiteState]:
    with serve(network_site(tmp_path)) as state:
        yield state


@pytest.fixture
def static_site(tmp_path: Path) -> Iterator[SiteState]:
    with serve(network_site(tmp_path, rest=False)) as state:
        yield state


def build_json(*args: str) -> dict:
    result = run_module("indexer", "build", *args, "--json", "--delay", "0")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def documents(index: Path) -> dict[str, dict]:
    archive = Archive(index)
    return {d: archive.metadata(d) for d in archive.result_ids(SearchRequest())}


def test_a_wordpress_site_is_read_through_its_rest_api_with_cms_facts(wordpress: SiteState, tmp_path: Path) -> None:
    wordpress.max_per_page = 1  # the site pages its listings by one: the crawl must follow X-WP-TotalPages
    index = tmp_path / "index"
    report = build_json(f"{wordpress.base}/", "--index", str(index))
    assert report["failed"] == []
    (source,) = report["sources"]
    assert source["method"] == "wordpress" and source["failed"] == [] and source["complete"]
    assert source["downloaded"] == 4  # two posts and a page in full, and the flyer
    docs = documents(index)
    post = next(d for d in docs.values() if d.title == "To Free Them All, Close the Centers")
    assert post.date == "2020-03-19" and post.url == f"{wordpress.base}/2020/03/free-them-all/"
    assert post.hashtags == ("#FreeThemAll",) and "Detention" in post.tags
    flyer = next(d for d in docs.values() if d.kind == "pdf")
    assert flyer.url == f"{wordpress.base}/wp-content/uploads/2020/04/principles-flyer.pdf"
    assert flyer.title == "Three principles" and flyer.date == "2020-04-23"
    assert len(docs) == 4 and not any("category" in d for d in docs)  # listing pages never enter
    paths = wordpress.paths_requested()
    assert (
        "/wp-json/wp/v2/posts?_fields=id%2Cmodified_gmt%2Clink&orderby=modified&order=desc&per_page=100&page=2" in paths
    )


def test_a_recording_in_the_media_library_is_transcribed_and_may_be_larger_than_the_cap(
    wordpress: SiteState, tmp_path: Path
) -> None:
    """Audio and video uploads are listed (`media_type`), downloaded with ten times the size cap
    (60 MiB here, over the 50 MiB cap of pages and PDFs), transcribed, and found at their second with
    the upload's address as the player's; an image in the library is never asked for (#30)."""
    starts = speak(WEBINAR_SENTENCES, tmp_path / "made/kyr-webinar.wav")
    path = "/wp-content/uploads/2021/05/kyr-webinar.wav"
    wordpress.uploads += [
        Upload(22, path, "Know your rights webinar", (tmp_path / "made/kyr-webinar.wav").read_bytes(), mime="audio/wav"),
        Upload(23, "/wp-content/uploads/2021/05/banner.jpg", "Banner", b"\xff\xd8\xff", mime="image/jpeg"),
    ]
    wordpress.oversized.add(path)  # 60 MiB of padding after the sound
    index = tmp_path / "index"
    report = build_json(f"{wordpress.base}/", "--index", str(index))
    assert report["failed"] == []
    (source,) = report["sources"]
    assert source["failed"] == [] and source["downloaded"] == 5  # two posts and a page, the flyer, the recording
    docs = documents(index)
    webinar = next(d for d in docs.values() if d.kind == "webinar")
    assert webinar.title == "Know your rights webinar" and webinar.recording_url == wordpress.base + path
    found = Archive(index).search(SearchRequest(query="immigration agents knock on the door")).results
    assert found[0].kind == "webinar" and abs((found[0].passages[0].start or 0.0) - starts[1]) <= 3.0
    assert not any("banner" in p for p in wordpress.paths_requested())


def test_a_second_crawl_asks_only_what_changed_and_a_vanished_post_leaves(wordpress: SiteState, tmp_path: Path) -> None:
    index = tmp_path / "index"
    build_json(f"{wordpress.base}/", "--index", str(index))
    wordpress.requests.clear()
    again = build_json(f"{wordpress.base}/", "--index", str(index))
    (source,) = again["sources"]
    assert again["unchanged"] == 4 and again["added"] == again["updated"] == 0
    assert source["downloaded"] == 0 and source["not_modified"] == source["requests"] - 1  # all but robots.txt
    assert all("If-None-Match" in h for p, h in wordpress.requests if p != "/robots.txt" and p != "/wp-json/")
    # one post edited, one deleted: only the edited post is fetched in full, the deleted one leaves
    wordpress.posts[0].content += "<p>Updated: the campaign continues in every state.</p>"
    wordpress.posts[0].modified_gmt = "2020-03-20T09:00:00"
    del wordpress.posts[1]
    wordpress.requests.clear()
    third = build_json(f"{wordpress.base}/", "--index", str(index))
    assert third["updated"] == 1 and third["removed"] == 1 and third["unchanged"] == 2
    assert [p.split("&")[0] for p in wordpress.paths_requested() if "include=" in p] == [
        "/wp-json/wp/v2/posts?include=11"
    ]
    assert Archive(index).search(SearchRequest(query='"campaign continues"')).total == 1


def test_a_site_an_export_and_a_folder_build_one_archive_in_one_command(wordpress: SiteState, tmp_path: Path) -> None:
    (tmp_path / "export").mkdir()
    export = site_export(tmp_path / "export", with_flyer=False)
    folder = tmp_path / "memos"
    folder.mkdir()
    (folder / "note.txt").write_text("Synthetic test note: the bond fund meets on Tuesdays.", encoding="utf-8")
    index = tmp_path / "index"
    report = build_json(f"{wordpress.base}/", str(export), str(folder), "--index", str(index))
    assert [row["method"] for row in report["sources"]] == ["wordpress", "wordpress-export"]  # the folder: no row
    docs = documents(index)
    # the same page ("about") from the site and from the export: one document each, told apart by source
    abouts = sorted(d for d, m in docs.items() if m.title == "About the network")
    assert len(abouts) == 2 and len({a.split("/")[0] for a in abouts}) == 2
    assert any(d.startswith("memos/") for d in docs) and report["failed"] == []


def test_posts_whose_full_fetch_fails_keep_their_earlier_copies(wordpress: SiteState, tmp_path: Path) -> None:
    index = tmp_path / "index"
    build_json(f"{wordpress.base}/", "--index", str(index))
    wordpress.posts[0].modified_gmt = "2020-03-20T09:00:00"  # changed, but its fetch will fail
    wordpress.failures["/wp-json/wp/v2/posts?include="] = [503] * 4
    again = build_json(f"{wordpress.base}/", "--index", str(index))
    (source,) = again["sources"]
    assert [f["reason"] for f in source["failed"]] == ["the server answered 503 4 times"]
    assert again["removed"] == 0 and again["unchanged"] == 4 and len(documents(index)) == 4


def test_a_site_without_the_api_is_read_from_its_sitemap_with_faults_reported(
    static_site: SiteState, tmp_path: Path
) -> None:
    static_site.extra_html = {
        "/elsewhere/": "",  # redirected to another host
        "/huge/": "",  # oversized
    }
    static_site.redirects["/elsewhere/"] = "https://other.example/page/"
    static_site.oversized.add("/huge/")
    static_site.failures["/2020/03/free-them-all/"] = [500]  # then success
    static_site.failures["/wp-content/uploads/2020/04/principles-flyer.pdf"] = [429]
    static_site.retry_after["/wp-content/uploads/2020/04/principles-flyer.pdf"] = "1"
    index = tmp_path / "index"
    report = build_json(f"{static_site.base}/", "--index", str(index))
    (source,) = report["sources"]
    assert source["method"] == "sitemap"
    failed = {f["item"].removeprefix(static_site.base): f["reason"] for f in source["failed"]}
    assert failed == {
        "/elsewhere/": "redirected to another host (other.example), not followed",
        "/huge/": "larger than the 50 MiB cap (60 MiB)",
    }
    skipped = {s["item"].removeprefix(static_site.base): s["reason"] for s in source["skipped"]}
    assert skipped["/private/memo/"] == "disallowed by the site's robots.txt" and source["skipped_robots"] == 1
    assert "listing pages" in skipped["/wp-sitemap-taxonomies-category-1.xml"]
    docs = documents(index)
    assert len(docs) == 4  # the two posts, the page (from the gzipped sitemap) and the flyer
    post = next(d for d in docs.values() if d.title == "To Free Them All, Close the Centers")
    assert post.date == "2020-03-19" and post.url == f"{static_site.base}/2020/03/free-them-all/"
    assert any(d.kind == "pdf" and d.url.endswith("principles-flyer.pdf") for d in docs.values())
    # unchanged lastmod: the pages are not asked for again; the sitemaps only conditionally
    static_site.requests.clear()
    again = build_json(f"{static_site.base}/", "--index", str(index))
    asked = [p for p in static_site.paths_requested() if p not in ("/robots.txt", "/wp-json/")]  # rules; the API?
    retried = ("/elsewhere/", "/huge/")  # what failed is tried again
    assert again["unchanged"] == 4 and all(p.startswith("/wp-sitemap") or p in retried for p in asked)
    assert again["sources"][0]["not_modified"] == 3  # the index and its two document sitemaps


def test_a_crawl_cut_short_keeps_what_it_read_and_resumes_there(static_site: SiteState, tmp_path: Path) -> None:
    index = tmp_path / "index"
    down = {"/2020/03/day-of-resistance/": [503] * 4, "/about/": [503] * 4}  # the site fails mid-crawl
    static_site.failures.update({k: list(v) for k, v in down.items()})
    first = build_json(f"{static_site.base}/", "--index", str(index))
    assert {f["item"].removeprefix(static_site.base) for f in first["sources"][0]["failed"]} == set(down)
    assert first["added"] == 2  # what could be read is indexed
    static_site.requests.clear()
    second = build_json(f"{static_site.base}/", "--index", str(index))
    pages = [p for p in static_site.paths_requested() if not p.startswith(("/wp-sitemap", "/robots", "/wp-json"))]
    assert sorted(pages) == sorted(down)  # only what the first crawl could not read
    assert second["added"] == 2 and second["unchanged"] == 2


def test_ctrl_c_during_a_crawl_keeps_what_was_fetched_and_the_next_build_resumes(
    static_site: SiteState, tmp_path: Path
) -> None:
    index = tmp_path / "index"
    pages = ["/2020/03/free-them-all/", "/2020/03/day-of-resistance/", "/about/"]
    gate = Gate(let_through=1)
    static_site.held.update({path: gate for path in pages})  # the first page asked for comes, the rest wait
    build = subprocess.Popen(
        [sys.executable, "-m", "indexer", "build", f"{static_site.base}/", "--index", str(index), "--delay", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},  # SIGABRT then prints where each thread is
        # as from a terminal: a test run started in the background of a script ignores SIGINT, and
        # a child inherits that (Python then installs no KeyboardInterrupt for it)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    # interrupted while it waits for a held page, with the first one written: states, not times
    while time.monotonic() < deadline and not (
        list(index.rglob("*.html")) and len(set(static_site.paths_requested()) & set(pages)) == 2
    ):
        time.sleep(0.05)
    reached = time.monotonic() < deadline
    build.send_signal(signal.SIGINT)  # what Ctrl-C sends
    try:
        _, stderr = build.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        build.send_signal(signal.SIGABRT)
        _, stderr = build.communicate(timeout=60)
        raise AssertionError(f"the build did not end after Ctrl-C (state reached: {reached}):\n{stderr}") from None
    finally:
        gate.open()
    static_site.held.clear()
    assert build.returncode == 130, stderr
    assert "interrupted while reading the sources" in stderr and "Traceback" not in stderr
    assert [p.name for p in index.iterdir()] == ["sources"]  # the mirror only: no index was written
    fetched = {p.relative_to(index) for p in index.rglob("*.html")}
    assert 1 <= len(fetched) < len(pages)
    static_site.requests.clear()
    resumed = build_json(f"{static_site.base}/", "--index", str(index))
    asked = [p for p in static_site.paths_requested() if p in pages]
    assert len(asked) == len(pages) - len(fetched)  # the page(s) fetched before Ctrl-C were not asked again
    assert resumed["added"] == 4 and resumed["sources"][0]["complete"]


def test_a_site_that_cannot_be_reached_keeps_its_documents(static_site: SiteState, tmp_path: Path) -> None:
    index = tmp_path / "index"
    build_json(f"{static_site.base}/", "--index", str(index))
    for path in ("/wp-sitemap.xml", "/wp-json/"):
        static_site.failures[path] = [503] * 8
    again = build_json(f"{static_site.base}/", "--index", str(index))
    (source,) = again["sources"]
    assert not source["complete"] and "503" in source["failed"][0]["reason"]
    assert again["removed"] == 0 and len(documents(index)) == 4


def test_the_profile_lists_sources_with_patterns_limits_and_visibility(
    wordpress: SiteState, static_site: SiteState, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "memo.md").write_text("# Staff memo\n\nThe xylophone fund is for staff eyes only.\n", encoding="utf-8")
    profile = tmp_path / "archive.toml"
    profile.write_text(
        f"""[collection]
name = "Test Network"

[[sources]]
type = "folder"
path = "notes"
visibility = "internal"

[[sources]]
type = "wordpress"
url = "{wordpress.base}/"
include = ["/2020/*/free-*"]
delay = 0

[[sources]]
type = "sitemap"
url = "{static_site.base}/"
exclude = ["/wp-content/*"]
page_limit = 1
visibility = "internal"
delay = 0
""",
        encoding="utf-8",
    )
    index = tmp_path / "index"
    report = build_json("--profile", str(profile), "--index", str(index))
    api, sitemap = report["sources"]
    assert [d.title for d in documents(index).values()] == ["To Free Them All, Close the Centers"]
    assert any(s["reason"].startswith("not matched by include") for s in api["skipped"])
    assert sitemap["downloaded"] == 1 and any("page limit" in s["reason"] for s in sitemap["skipped"])
    staff = Archive(index).search(SearchRequest(include_internal=True))
    assert staff.total == 3  # plus the internal folder's memo and the internal site's one page
    stats = Archive(index).stats()
    assert [s["source"] for s in stats.sources] == [f"{wordpress.base}/"]  # the internal source is staff's
    assert isinstance(stats.sources[0]["skipped"], int)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('type = "ftp"\nurl = "ftp://x"', "'ftp' is not one of"),
        ('type = "sitemap"', "needs 'url'"),
        ('type = "wordpress"\nurl = "example.org"', "not an http:// or https:// address"),
        ('type = "folder"\npath = "x"\nvisibility = "secret"', "'secret' is not 'public' or 'internal'"),
        ('type = "sitemap"\nurl = "https://x.org/"\npage_limit = 0', "at least 1"),
    ],
)
def test_a_mistyped_source_entry_is_refused_naming_it(tmp_path: Path, entry: str, message: str) -> None:
    profile = tmp_path / "archive.toml"
    profile.write_text(f'[collection]\nname = "N"\n\n[[sources]]\n{entry}\n', encoding="utf-8")
    result = run_module("indexer", "build", "--profile", str(profile), "--index", str(tmp_path / "index"))
    assert result.returncode == 2 and "sources[0]" in result.stderr and message in result.stderr


def test_hostile_sitemaps_are_refused_with_reasons(static_site: SiteState, tmp_path: Path) -> None:
    lol = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 8))
    bomb = f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY l0 "x">{lol}]><urlset>&l7;</urlset>'
    with pytest.raises(FetchError, match="declares XML entities"):
        parse_sitemap(bomb.encode(), "https://x.org/s.xml", 10_000)
    with pytest.raises(FetchError, match="expands beyond"):
        parse_sitemap(gzip.compress(b"<urlset>" + b" " * 200_000 + b"</urlset>"), "https://x.org/s.xml.gz", 10_000)
    entry = SourceEntry("sitemap", f"{static_site.base}/", delay=0)
    with PoliteClient(delay=0) as client:
        prepared = prepare_sources([entry], tmp_path / "index", client_for=lambda _: client)
    assert prepared.read[0].report.complete


def test_a_site_never_reached_is_an_error_and_builds_nothing(tmp_path: Path) -> None:
    index = tmp_path / "index"
    result = run_module("indexer", "build", "http://127.0.0.1:9/", "--index", str(index), "--delay", "0")
    assert (
        result.returncode == 2 and "no source could be read" in result.stderr and "could not connect" in result.stderr
    )
    assert not any(index.glob("*.toc"))


def test_a_site_that_empties_meets_the_guard_against_mass_removal(static_site: SiteState, tmp_path: Path) -> None:
    index = tmp_path / "index"
    build_json(f"{static_site.base}/", "--index", str(index))
    static_site.posts.clear()
    static_site.uploads.clear()
    result = run_module("indexer", "build", f"{static_site.base}/", "--index", str(index), "--delay", "0")
    assert result.returncode == 2 and "--prune" in result.stderr
    assert len(documents(index)) == 4
