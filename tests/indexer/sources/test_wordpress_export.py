"""A WordPress export (WXR) built into the archive: generated here in WordPress's own format (as its
importer's sample exports are written), indexed through the command line into real indexes."""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from archive import Archive, SearchRequest
from indexer.sources.wordpress_export import ExportError, read_export
from tests.cli_helpers import run_module
from tests.conftest import speak, write_pdf

SITE = "https://network.example.org"


def wxr_item(
    title: str,
    slug: str,
    *,
    status: str = "publish",
    post_type: str = "post",
    content: str = "",
    date_gmt: str = "2020-03-19 15:00:00",
    categories: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
    attachment_url: str = "",
    password: str = "",
    post_id: int = 1,
) -> str:
    link = f"{SITE}/?attachment_id={post_id}" if attachment_url else f"{SITE}/{slug}/"
    cats = "".join(f'<category domain="category" nicename="c"><![CDATA[{c}]]></category>' for c in categories)
    cats += "".join(f'<category domain="post_tag" nicename="t"><![CDATA[{t}]]></category>' for t in tags)
    attachment = f"<wp:attachment_url>{escape(attachment_url)}</wp:attachment_url>" if attachment_url else ""
    return f"""
  <item>
    <title>{escape(title)}</title>
    <link>{escape(link)}</link>
    <pubDate>Thu, 19 Mar 2020 15:00:00 +0000</pubDate>
    <dc:creator><![CDATA[comms]]></dc:creator>
    <guid isPermaLink="false">{SITE}/?p={post_id}</guid>
    <content:encoded><![CDATA[{content}]]></content:encoded>
    <excerpt:encoded><![CDATA[]]></excerpt:encoded>
    <wp:post_id>{post_id}</wp:post_id>
    <wp:post_date_gmt><![CDATA[{date_gmt}]]></wp:post_date_gmt>
    <wp:post_name><![CDATA[{slug}]]></wp:post_name>
    <wp:status><![CDATA[{status}]]></wp:status>
    <wp:post_type><![CDATA[{post_type}]]></wp:post_type>
    <wp:post_password><![CDATA[{password}]]></wp:post_password>
    {attachment}{cats}
  </item>"""


def wxr(items: list[str], version: str = "1.2") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/{version}/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/{version}/">
<channel>
  <title>Network Example</title>
  <link>{SITE}</link>
  <wp:wxr_version>{version}</wp:wxr_version>
  <wp:base_site_url>{SITE}</wp:base_site_url>
  <wp:base_blog_url>{SITE}</wp:base_blog_url>
  {"".join(items)}
</channel>
</rss>
"""


STATEMENT = (
    "The network calls for the release of everyone held in immigration detention.\n\n"
    "Detention centers cannot keep people safe during a pandemic; bond funds stand ready."
)


def site_export(folder: Path, *, with_flyer: bool = True, extra: list[str] | None = None) -> Path:
    items = [
        wxr_item(
            "To Free Them All, Close the Centers",
            "free-them-all",
            content=STATEMENT,
            tags=("#FreeThemAll",),
            categories=("Statements",),
            post_id=11,
        ),
        wxr_item(
            "About the network", "about", post_type="page", content="<p>Who we are and the bond fund.</p>", post_id=12
        ),
        wxr_item(
            "Board notes on the budget", "board-notes", status="private", content="Xylophone budget plans.", post_id=13
        ),
        wxr_item("Unfinished draft", "draft", status="draft", content="Not ready.", post_id=14),
        wxr_item("Old post", "old", status="trash", content="Gone.", post_id=15),
        wxr_item("Members only", "members", content="Secret words.", password="letmein", post_id=16),
        wxr_item("Home", "home", post_type="nav_menu_item", post_id=17),
        wxr_item(
            "photo",
            "photo",
            post_type="attachment",
            status="inherit",
            attachment_url=f"{SITE}/wp-content/uploads/2020/04/photo.jpg",
            post_id=18,
        ),
        *(extra or []),
    ]
    if with_flyer:
        items.append(
            wxr_item(
                "Three principles flyer",
                "flyer",
                post_type="attachment",
                status="inherit",
                attachment_url=f"{SITE}/wp-content/uploads/2020/04/principles.pdf",
                post_id=19,
            )
        )
    path = folder / "site-export.xml"
    path.write_text(wxr(items), encoding="utf-8")
    return path


def build_json(*args: str) -> dict:
    result = run_module("indexer", "build", *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_an_export_becomes_the_archive_with_wordpress_facts(tmp_path: Path) -> None:
    export = site_export(tmp_path)
    write_pdf(tmp_path / "uploads/2020/04/principles.pdf", ["Three principles for ending criminalization."])
    index = tmp_path / "index"
    report = build_json(str(export), "--index", str(index))
    assert report["failed"] == []
    (source,) = report["sources"]
    assert source["failed"] == [] and source["written"] == 4  # two posts, a page, the PDF
    assert {s["item"]: s["reason"] for s in source["skipped"]} == {
        "Unfinished draft": "a draft",
        "Old post": "in the trash",
        "Members only": "password-protected",
        "Home": "a WordPress nav_menu_item, not a post or page",
        "photo": "an attachment that is not a PDF or a recording",
    }
    archive = Archive(index)
    public = {d: archive.metadata(d) for d in archive.result_ids(SearchRequest())}
    assert set(public) == {"free-them-all.html", "about.html", "wp-content/uploads/2020/04/principles.pdf"}
    post = public["free-them-all.html"]
    assert post.title == "To Free Them All, Close the Centers"
    assert post.date == "2020-03-19"
    assert post.url == f"{SITE}/free-them-all/"
    assert post.hashtags == ("#FreeThemAll",) and {"Statements", "#FreeThemAll"} <= set(post.tags)
    flyer = public["wp-content/uploads/2020/04/principles.pdf"]
    assert flyer.url == f"{SITE}/wp-content/uploads/2020/04/principles.pdf" and flyer.kind == "pdf"
    assert flyer.title == "Three principles flyer"
    # the private post is internal: staff find it, the public never does
    assert archive.search(SearchRequest(query="xylophone")).total == 0
    assert archive.search(SearchRequest(query="xylophone", include_internal=True)).total == 1


def test_a_second_build_of_the_same_export_changes_nothing_and_a_gone_post_leaves(tmp_path: Path) -> None:
    export = site_export(tmp_path)
    write_pdf(tmp_path / "uploads/2020/04/principles.pdf", ["Three principles."])
    index = tmp_path / "index"
    build_json(str(export), "--index", str(index))
    again = build_json(str(export), "--index", str(index))
    assert again["added"] == again["updated"] == again["removed"] == 0 and again["unchanged"] == 4
    assert again["sources"][0]["written"] == 0
    site_export(tmp_path, with_flyer=False)
    third = build_json(str(export), "--index", str(index))
    assert third["removed"] == 1 and third["sources"][0]["removed"] == 1
    assert "wp-content/uploads/2020/04/principles.pdf" not in Archive(index).result_ids(SearchRequest())


def test_every_version_of_the_export_namespace_is_read(tmp_path: Path) -> None:
    for version in ("1.0", "1.1", "1.2"):
        path = tmp_path / f"v{version}.xml"
        path.write_text(wxr([wxr_item("A post", "a-post", content="Text.")], version), encoding="utf-8")
        (item,) = read_export(path).items
        assert (item.post_type, item.status, item.date_gmt) == ("post", "publish", "2020-03-19 15:00:00")


def test_an_entity_bomb_is_refused_with_a_reason_and_the_index_is_untouched(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xml"
    lol = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    bomb.write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">{lol}]><rss><channel>&lol9;</channel></rss>'
    )
    with pytest.raises(ExportError, match="declares XML entities"):
        read_export(bomb)
    result = run_module("indexer", "build", str(bomb), "--index", str(tmp_path / "index"))
    assert result.returncode == 2 and "refused" in result.stderr
    assert not (tmp_path / "index").exists() or not any((tmp_path / "index").glob("*.toc"))


def test_a_file_that_is_not_an_export_says_so(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text('<?xml version="1.0"?><rss><channel><title>Feed</title></channel></rss>')
    with pytest.raises(ExportError, match="not a WordPress export"):
        read_export(feed)
    broken = tmp_path / "broken.xml"
    broken.write_text("<rss><channel>")
    with pytest.raises(ExportError, match="not well-formed"):
        read_export(broken)


def test_hostile_permalinks_stay_inside_the_mirror(tmp_path: Path) -> None:
    evil = wxr_item("Climb", "x", content="Climbing words.", post_id=30).replace(
        f"<link>{SITE}/x/</link>", f"<link>{SITE}/../../../etc/passwd</link>"
    )
    export = site_export(tmp_path, with_flyer=False, extra=[evil])
    index = tmp_path / "index"
    build_json(str(export), "--index", str(index))
    assert "etc/passwd.html" in Archive(index).result_ids(SearchRequest(query="climbing"))
    assert all(p.resolve().is_relative_to((index / "sources").resolve()) for p in (index / "sources").rglob("*"))


# Written for this test (nobody's words).
WEBINAR_SENTENCES = [
    "Welcome to the know your rights webinar for families.",
    "Tonight we explain what to do when immigration agents knock on the door.",
    "You have the right to remain silent and to speak with a lawyer.",
]


def test_a_recording_attachment_is_transcribed_and_plays_from_its_upload_address(tmp_path: Path) -> None:
    """A webinar uploaded to WordPress with no transcript (#30): copied from the uploads folder,
    transcribed at build time, found by its spoken words at their second, its player at the upload's
    address; an image beside it is still skipped, and a second build transcribes nothing again."""
    url = f"{SITE}/wp-content/uploads/2021/05/kyr-webinar.wav"
    recording = wxr_item(
        "Know your rights webinar",
        "kyr",
        post_type="attachment",
        status="inherit",
        attachment_url=url,
        date_gmt="2021-05-04 18:00:00",
        post_id=20,
    )
    export = site_export(tmp_path, with_flyer=False, extra=[recording])
    starts = speak(WEBINAR_SENTENCES, tmp_path / "uploads/2021/05/kyr-webinar.wav")
    index = tmp_path / "index"
    report = build_json(str(export), "--index", str(index))
    assert report["failed"] == []
    (source,) = report["sources"]
    assert source["written"] == 4  # two posts, a page, the recording
    assert {s["item"]: s["reason"] for s in source["skipped"]}["photo"] == "an attachment that is not a PDF or a recording"
    archive = Archive(index)
    doc_id = "wp-content/uploads/2021/05/kyr-webinar.wav"
    webinar = archive.metadata(doc_id)
    assert webinar.kind == "webinar" and webinar.title == "Know your rights webinar"
    assert webinar.url == url and webinar.recording_url == url and webinar.date == "2021-05-04"
    assert webinar.speech_model == "Whisper tiny.en"
    found = archive.search(SearchRequest(query="immigration agents knock on the door")).results
    assert found[0].doc_id == doc_id
    assert abs((found[0].passages[0].start or 0.0) - starts[1]) <= 3.0
    again = build_json(str(export), "--index", str(index))
    assert again["unchanged"] == 4 and again["added"] == again["updated"] == 0


def test_a_recording_attachment_with_a_script_address_is_refused_not_played(tmp_path: Path) -> None:
    """An export is outside data: an attachment whose address is `javascript:` (its file in the
    uploads folder) would become the player's address; it fails with a reason and is not indexed."""
    url = "javascript:alert(1)//x/wp-content/uploads/talk.wav"
    item = wxr_item("Webinar", "kyr", post_type="attachment", status="inherit", attachment_url=url, post_id=20)
    export = tmp_path / "site-export.xml"
    export.write_text(wxr([item]), encoding="utf-8")
    speak(["Bond funds free people from detention."], tmp_path / "uploads/talk.wav")
    index = tmp_path / "index"
    report = build_json(str(export), "--index", str(index))
    assert [(f["path"].rsplit("/", 1)[-1], f["error"]) for f in report["failed"]] == [
        ("talk.wav", "talk.meta.toml: url: must be an http(s) address")
    ]
    assert Archive(index).result_ids(SearchRequest()) == []
