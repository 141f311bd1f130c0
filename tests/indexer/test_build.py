"""Builds: every good file indexed, every bad one reported, incremental and atomic."""

from __future__ import annotations

import contextlib
import faulthandler
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from archive import Archive
from archive.engine.writer import open_or_create
from archive.originals import Original
from archive.shared.profile import ProfileError
from indexer.build import build
from indexer.pool import run_pool

GOOD_HTML = """<html><head><title>Bond fund statement</title></head><body><article><h1>Bond fund statement</h1>
<p>Our community bond fund freed twelve people from detention this month, with donations from hundreds.</p>
</article></body></html>"""
VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n<v Host>Welcome to the know your rights training.</v>\n"


def make_mixed_folder(root: Path, pdf_writer: Callable[..., Path]) -> None:
    (root / "statements").mkdir(parents=True)
    (root / "statements/bond.html").write_text(GOOD_HTML, encoding="utf-8")
    (root / "statements/note.md").write_text("# Field note\n\nICE raids were reported downtown.\n", encoding="utf-8")
    (root / "statements/legacy.txt").write_bytes("Solidaridad con José — “free them all”.".encode("cp1252"))
    (root / "webinars").mkdir()
    (root / "webinars/training.vtt").write_text(VTT, encoding="utf-8")
    (root / "webinars/training.meta.toml").write_text('title = "Know your rights"\ndate = "2021-05"\n')
    pdf_writer(root / "pdfs/flyer.pdf", ["Know your rights flyer, page one."])
    # bad files
    (root / "statements/empty.html").write_bytes(b"")
    (root / "pdfs/corrupt.pdf").write_bytes(b"%PDF-1.4\n garbage that is not a pdf")
    (root / "webinars/broken.vtt").write_text("not a caption file\n", encoding="utf-8")
    (root / "statements/random.txt").write_bytes(os.urandom(4000).replace(b"\xff\xfe", b"ab"))
    (root / "statements/bad-sidecar.html").write_text(GOOD_HTML.replace("Bond", "Other"), encoding="utf-8")
    (root / "statements/bad-sidecar.meta.toml").write_text('titel = "typo"\n')
    (root / "images").mkdir()
    (root / "images/photo.jpg").write_bytes(b"\xff\xd8\xff")  # a broken image
    (root / "images/sheet.xlsx").write_bytes(b"PK\x03\x04")
    os.symlink(root / "missing.html", root / "statements/dangling.html")
    (root / "statements/copy-of-bond.html").write_text(GOOD_HTML, encoding="utf-8")


def test_mixed_folder_indexes_every_good_file_and_reports_every_bad_one(
    tmp_path: Path, pdf_writer: Callable[..., Path]
) -> None:
    src = tmp_path / "src"
    make_mixed_folder(src, pdf_writer)
    report = build([src], tmp_path / "index", progress=False)
    failed = {f.path.removeprefix("src/"): f.error for f in report.failed}
    assert set(failed) == {
        "statements/empty.html",
        "pdfs/corrupt.pdf",
        "webinars/broken.vtt",
        "statements/random.txt",
        "statements/bad-sidecar.html",
        "statements/dangling.html",
        "images/photo.jpg",
    }
    assert failed["statements/empty.html"] == "empty file"
    assert failed["statements/dangling.html"] == "broken symbolic link"
    assert failed["pdfs/corrupt.pdf"].startswith("the PDF is damaged: it ends early")
    assert "titel: unknown key" in failed["statements/bad-sidecar.html"]
    assert "binary data" in failed["statements/random.txt"]
    assert failed["images/photo.jpg"].startswith("the image cannot be read")
    assert report.to_dict()["skipped"] == [{"path": "src/images/sheet.xlsx", "reason": "unsupported file type .xlsx"}]
    assert (report.added, report.documents) == (5, 5)

    archive = Archive(tmp_path / "index")
    docs = archive.catalog().documents
    assert sorted(docs) == [
        "pdfs/flyer.pdf",
        "statements/bond.html",
        "statements/legacy.txt",
        "statements/note.md",
        "webinars/training.vtt",
    ]
    # identical content under two paths is indexed once, with both paths kept
    assert docs["statements/bond.html"].extra_paths == ("src/statements/copy-of-bond.html",)
    assert "José — “free them all”" in archive.document("statements/legacy.txt").passages[0].text
    assert docs["webinars/training.vtt"].title == "Know your rights"
    assert docs["webinars/training.vtt"].date == "2021-05"
    assert docs["statements/note.md"].title == "Field note"
    assert archive.stats(include_internal=True).to_json()["failed"] == report.to_dict()["failed"]
    # a file whose sidecar cannot be read might be internal: only staff see it in the report
    public_rows = [f for f in report.to_dict()["failed"] if f["path"] != "src/statements/bad-sidecar.html"]
    assert archive.stats().to_json()["failed"] == public_rows


def test_incremental_updates_removals_and_failures_keep_the_last_good_version(
    tmp_path: Path, pdf_writer: Callable[..., Path]
) -> None:
    src, index = tmp_path / "src", tmp_path / "index"
    src.mkdir()
    (src / "a.html").write_text(GOOD_HTML, encoding="utf-8")
    (src / "b.vtt").write_text(VTT, encoding="utf-8")
    pdf_writer(src / "c.pdf", ["Original flyer text."])
    first = build([src], index, progress=False)
    assert (first.added, first.unchanged) == (3, 0)

    again = build([src], index, progress=False)
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 3)

    (src / "a.html").write_text(GOOD_HTML.replace("twelve", "twenty"), encoding="utf-8")
    (src / "b.vtt").unlink()
    (src / "c.pdf").write_bytes(b"%PDF-1.4 truncated")  # now broken: the indexed version stays
    (src / "c.meta.toml").write_text('title = "Flyer"\n')
    third = build([src], index, progress=False)
    assert (third.added, third.updated, third.removed, third.unchanged) == (0, 1, 1, 0)
    assert [f.path for f in third.failed] == ["src/c.pdf"]
    archive = Archive(index)
    assert sorted(archive.catalog().documents) == ["a.html", "c.pdf"]
    assert "twenty people" in archive.document("a.html").passages[0].text
    assert "Original flyer text." in archive.document("c.pdf").passages[0].text

    # editing only a sidecar re-indexes that document
    (src / "a.meta.toml").write_text('title = "Renamed statement"\n')
    fourth = build([src], index, progress=False)
    assert fourth.updated == 1
    assert archive.metadata("a.html").title == "Renamed statement"  # the open Archive sees the new generation


def test_full_rebuild_replaces_everything(tmp_path: Path) -> None:
    src, index = tmp_path / "src", tmp_path / "index"
    src.mkdir()
    (src / "a.html").write_text(GOOD_HTML, encoding="utf-8")
    build([src], index, progress=False)
    report = build([src], index, full=True, progress=False)
    assert (report.added, report.documents) == (1, 1)


def test_invalid_profile_stops_before_the_index_is_touched(tmp_path: Path) -> None:
    src, index = tmp_path / "src", tmp_path / "index"
    src.mkdir()
    (src / "a.html").write_text(GOOD_HTML, encoding="utf-8")
    build([src], index, progress=False)
    generation = open_or_create(index)[0].public.latest_generation()
    (src / "archive.toml").write_text('[collection]\nname = "X"\ncolour = "red"\n')
    (src / "b.html").write_text(GOOD_HTML, encoding="utf-8")
    with pytest.raises(ProfileError, match=r"archive.toml: collection.colour: unknown key"):
        build([src], index, progress=False)
    assert open_or_create(index)[0].public.latest_generation() == generation
    assert sorted(Archive(index).catalog().documents) == ["a.html"]


def _slow_or_fast(task: str):
    if task == "hang":
        time.sleep(30)
    if task == "crash":
        os._exit(3)
    if task == "bug":
        raise RuntimeError("boom")
    if task == "memory":  # what a C library does when it runs out of memory: take all it can, then abort
        hoard = []
        with contextlib.suppress(MemoryError):
            while True:
                hoard.append(bytearray(16 * 2**20))
        faulthandler.disable()  # pytest's, inherited through fork: it would print the abort to the terminal
        os.abort()
    from archive.shared.model import Document

    return Document(doc_id=task, kind="statement", title=task, source_path=task)


def test_pool_time_limit_crash_and_bug_are_reported_and_the_rest_goes_on() -> None:
    started = time.monotonic()
    outcomes = {
        o.task: o
        for o in run_pool(
            ["a", "hang", "b", "crash", "bug", "memory", "c"], _slow_or_fast, jobs=2, timeout=5.0, memory_bytes=2**28
        )
    }
    assert time.monotonic() - started < 30
    assert {t for t, o in outcomes.items() if o.document} == {"a", "b", "c"}
    assert outcomes["hang"].error.startswith("reading this file took longer than 5 s, so it was stopped")
    assert outcomes["crash"].error.startswith("the extractor stopped unexpectedly on this file")
    assert outcomes["crash"].detail.startswith("worker exit code 3")
    assert outcomes["memory"].error.startswith("the file needed more than 256 MiB of memory to read")
    assert outcomes["memory"].detail.startswith("worker exit code -6")
    assert (
        outcomes["bug"].error == "extraction failed because of a bug in Archive Search; please report it with the file"
    )
    assert outcomes["bug"].detail == "RuntimeError: boom"


def test_scanned_pdf_is_listed_by_title_and_file_name_and_the_report_says_so(tmp_path: Path) -> None:
    from fpdf import FPDF

    src = tmp_path / "src"
    src.mkdir()
    from PIL import Image

    pdf = FPDF()
    pdf.set_title("Scanned know your rights card")
    pdf.add_page()
    pdf.image(Image.new("L", (300, 200), 128), x=10, y=10, w=100)  # a scan: an image and no text
    pdf.output(str(src / "kyr-card.pdf"))
    report = build([src], tmp_path / "ix", progress=False)
    assert report.failed == []
    # OCR (installed by test.sh) read the scan and found no text: it says so, not "(scanned?)" (#28)
    found_nothing = "its pages are pictures, and OCR found no text on them"
    assert report.to_dict()["warnings"] == [{"path": "src/kyr-card.pdf", "note": found_nothing}]
    archive = Archive(tmp_path / "ix")
    meta = archive.metadata("kyr-card.pdf")
    assert meta.title == "Scanned know your rights card" and meta.notes == (found_nothing,)
    from archive import SearchRequest

    assert [r["doc_id"] for r in archive.search(SearchRequest(query="know your rights card")).to_json()["results"]] == [
        "kyr-card.pdf"
    ]
    assert [r["doc_id"] for r in archive.search(SearchRequest(query="kyr-card.pdf")).to_json()["results"]] == [
        "kyr-card.pdf"
    ]


def test_size_cap(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "big.txt").write_text("word " * 300_000)
    (src / "small.txt").write_text("A small statement.")
    report = build([src], tmp_path / "ix", max_bytes=1_000_000, progress=False)
    assert [f.path for f in report.failed] == ["src/big.txt"]
    assert report.failed[0].error.startswith("file too large (1.5 MB > 1.0 MB cap)")
    assert report.documents == 1


def test_webinar_passages_link_to_the_recording_at_their_time(tmp_path: Path) -> None:
    from archive import SearchRequest

    src = tmp_path / "src"
    src.mkdir()
    cues = "".join(
        f"00:{m:02d}:00.000 --> 00:{m:02d}:20.000\n<v Host>Minute {m} talks about topic {m}.</v>\n\n"
        for m in range(0, 5)
    )
    (src / "talk.vtt").write_text("WEBVTT\n\n" + cues)
    (src / "talk.meta.toml").write_text('recording_url = "https://video.example/watch?v=xyz"\n')
    (src / "page.html").write_text(
        "<html><head><meta property='article:tag' content='Detention'></head><body><article>"
        "<p>A statement about bond funds with enough words to be an article paragraph, truly.</p>"
        "<a rel='category tag' href='/c/statements'>Statements</a></article></body></html>"
    )
    build([src], tmp_path / "ix", progress=False)
    archive = Archive(tmp_path / "ix")
    passage = archive.search(SearchRequest(query='"topic 3"')).to_json()["results"][0]["passages"][0]
    assert 180 <= passage["start"] <= 200  # within the cue of 3:00-3:20 that says it
    assert passage["link"] == f"https://video.example/watch?v=xyz&t={int(passage['start'])}"
    assert archive.metadata("page.html").tags == ("Detention", "Statements")


def test_a_decompression_bomb_beside_good_files(tmp_path: Path) -> None:
    from tests.indexer.test_pdf import write_decompression_bomb

    src = tmp_path / "src"
    src.mkdir()
    write_decompression_bomb(src / "bomb.pdf")
    (src / "good.md").write_text("# Good\n\nA fine statement.\n")
    report = build([src], tmp_path / "ix", progress=False, timeout=60)
    assert [f.path for f in report.failed] == ["src/bomb.pdf"]
    assert report.failed[0].error.startswith("the PDF expands to far more than its size when read")
    assert report.documents == 1


def test_links_outside_the_source_folder_are_refused_and_never_served(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "private.md").write_text("# Private\n\nNot part of the archive.\n")
    src = tmp_path / "src"
    src.mkdir()
    (src / "public.md").write_text("# Public\n\nPart of the archive.\n")
    os.symlink(outside / "private.md", src / "leak.md")
    os.symlink(outside, src / "linked-folder")  # folder links are not followed
    report = build([src], tmp_path / "ix", progress=False)
    assert [(f.path, f.error) for f in report.failed] == [
        ("src/leak.md", "symbolic link points outside the source folder")
    ]
    archive = Archive(tmp_path / "ix")
    assert list(archive.catalog().documents) == ["public.md"]
    assert archive.original("public.md").path == (src / "public.md").resolve()
    # a file swapped for a link to outside after the build is not served
    (src / "public.md").unlink()
    os.symlink(outside / "private.md", src / "public.md")
    assert archive.original("public.md").path is None
    for crafted in ("../outside/private.md", "/etc/passwd", "src/../../outside/private.md"):
        with pytest.raises(KeyError):
            archive.original(crafted)


def test_an_original_that_changed_since_indexing_is_not_served(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.md").write_text("# A\n\nThe indexed words.\n")
    build([src], tmp_path / "ix", progress=False)
    archive = Archive(tmp_path / "ix")
    assert archive.original("a.md") == Original((src / "a.md").resolve())
    (src / "a.md").write_text("# A\n\nWords written after the build.\n")
    assert archive.original("a.md") == Original(None, changed=True)


def test_an_index_from_another_schema_version_is_refused_then_rebuilt(tmp_path: Path) -> None:
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, TEXT, Schema

    from archive.engine.store import PUBLIC_INDEX, IndexNotFoundError

    src, index = tmp_path / "src", tmp_path / "ix"
    src.mkdir()
    index.mkdir()
    (src / "a.md").write_text("# A\n\nSome text.\n")
    whoosh_index.create_in(str(index), Schema(rid=ID(stored=True), body=TEXT), indexname=PUBLIC_INDEX)
    with pytest.raises(IndexNotFoundError, match="built by another version"):
        Archive(index)
    report = build([src], index, progress=False)
    assert (report.added, report.documents) == (1, 1)
    assert list(Archive(index).catalog().documents) == ["a.md"]


def test_an_index_whose_words_were_split_by_another_rule_is_refused_then_rebuilt(tmp_path: Path) -> None:
    """Same fields, another tokenizer (an index written before "287G" became "287" "g"): its terms
    would not meet the queries' terms, so it is another version's index, refused and rebuilt."""
    from whoosh import index as whoosh_index
    from whoosh.analysis import LowercaseFilter, RegexTokenizer

    from archive import SearchRequest
    from archive.engine.schema import build_schema
    from archive.engine.store import PUBLIC_INDEX, IndexNotFoundError

    src, index = tmp_path / "src", tmp_path / "ix"
    src.mkdir()
    index.mkdir()
    (src / "a.md").write_text("# A\n\nThe 287G program ended.\n")
    older = build_schema()
    older["body"].analyzer = RegexTokenizer(r"\w+(?:\.?\w+)*") | LowercaseFilter()
    whoosh_index.create_in(str(index), older, indexname=PUBLIC_INDEX)
    with pytest.raises(IndexNotFoundError, match="built by another version"):
        Archive(index)
    report = build([src], index, progress=False)
    assert (report.added, report.documents) == (1, 1)
    found = Archive(index).search(SearchRequest(query="287(g)")).to_json()["results"]
    assert [r["doc_id"] for r in found] == ["a.md"]


def test_library_warnings_go_into_the_report_never_to_the_terminal(
    tmp_path: Path, pdf_writer: Callable[..., Path]
) -> None:
    from tests.cli_helpers import run_module

    src = tmp_path / "src"
    good = pdf_writer(src / "flyer.pdf", ["A flyer about bond funds."]).read_bytes()
    position = good.rindex(b"startxref") + len(b"startxref\n")
    end = good.index(b"\n", position)
    (src / "flyer.pdf").write_bytes(good[:position] + b"12" + good[end:])  # a wrong cross-reference offset
    (src / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage")
    result = run_module("indexer", "build", str(src), "--index", str(tmp_path / "ix"), "--json")
    assert result.returncode == 0 and result.stderr == ""
    report = json.loads(result.stdout)
    assert [w["path"] for w in report["warnings"]] == ["src/flyer.pdf"]
    assert report["warnings"][0]["note"].startswith("read despite problems in the file; the library reading it said:")
    assert "startxref" in report["warnings"][0]["note"]
    assert report["failed"][0]["error"].startswith("the PDF is damaged: it ends early")
    assert "EOF marker not found" in report["failed"][0]["detail"]


def _asks_for_time(task: str):
    from archive.shared.model import Document
    from indexer.pool import more_time

    for _ in range(4):  # like OCR: each page asks for its own time, so the whole outlasts the file's limit
        more_time(1.0)
        time.sleep(0.6)
    return Document(doc_id=task, kind="pdf", title=task, source_path=task)


def test_work_that_asks_for_more_time_per_piece_is_not_stopped_at_the_files_limit() -> None:
    outcomes = list(run_pool(["long scan"], _asks_for_time, jobs=1, timeout=1.5))
    assert outcomes[0].document is not None, outcomes[0].error


LISTING = (
    '<html><body class="archive category"><main>'
    + "".join(
        f'<article><h2><a href="/p{i}/">Statement {i} on detention and the deportation pipeline</a></h2>'
        f'<p>Teaser {i}, with commas, and a sentence.</p><a href="/p{i}/">Read more</a></article>'
        for i in range(6)
    )
    + "</main></body></html>"
)


def test_a_listing_page_is_skipped_with_its_reason_and_leaves_the_index(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "bond.html").write_text(GOOD_HTML, encoding="utf-8")
    (src / "category-statements.html").write_text(LISTING, encoding="utf-8")
    report = build([src], tmp_path / "ix", progress=False)
    assert report.failed == []
    skipped = report.to_dict()["skipped"]
    assert [row["path"] for row in skipped] == ["src/category-statements.html"]
    assert "listing page" in skipped[0]["reason"] and "'archive'" in skipped[0]["reason"]
    assert sorted(Archive(tmp_path / "ix").catalog().documents) == ["bond.html"]


def test_a_folder_without_a_profile_is_named_after_itself_and_invents_no_author(tmp_path: Path) -> None:
    src = tmp_path / "community-archive"
    src.mkdir()
    (src / "bond.html").write_text(GOOD_HTML, encoding="utf-8")
    report = build([src], tmp_path / "ix", progress=False)
    assert any("has no archive.toml" in n and "'community-archive'" in n for n in report.notices)
    archive = Archive(tmp_path / "ix")
    assert archive.stats().collection == "community-archive"
    apa = archive.cite("bond.html", "apa")
    # neither author nor publisher: the folder's name is nobody's (#28; a page's og:site_name would be)
    assert apa.startswith("Bond fund statement. (n.d.).") and "community-archive" not in apa
    assert "AU  -" not in archive.cite("bond.html", "ris")
    assert "author =" not in archive.cite("bond.html", "bibtex")


def test_what_a_build_noticed_stays_noticed_until_the_file_changes(tmp_path: Path) -> None:
    """#28: the warnings of unchanged files vanished from the report, `stats` and the status page
    after a rebuild that changed nothing."""
    from PIL import Image

    src = tmp_path / "src"
    src.mkdir()
    Image.new("L", (400, 300), 255).save(src / "blank-flyer.png")  # nothing to read on it
    (src / "note.md").write_text("# Note\n\nA note about bond funds.\n")
    first = build([src], tmp_path / "ix", progress=False)
    noticed = [(w.path, w.note) for w in first.warnings]
    assert noticed == [("src/blank-flyer.png", "no text read from the image")]
    again = build([src], tmp_path / "ix", progress=False)
    assert again.unchanged == 2 and [(w.path, w.note) for w in again.warnings] == noticed
    assert [(w["path"], w["note"]) for w in Archive(tmp_path / "ix").stats().to_json()["warnings"]] == noticed
    (src / "blank-flyer.png").unlink()
    assert build([src], tmp_path / "ix", progress=False, prune=True).warnings == []
