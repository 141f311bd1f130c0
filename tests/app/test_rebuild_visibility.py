"""A staff rebuild from the app repeats exactly the last build's sources with their visibility (#27.3).

The archive is built the way an organization configures it: `corpus/archive.toml` lists a public
folder and an internal one as [[sources]], and `python -m indexer build` is run with no arguments.
The app's rebuild once passed the folders back as public ones, so the next change to an internal
file made it publicly searchable. After the app's rebuild, every public answer must equal an
archive built without the internal source (the differential public-view check), in AppTest and
in a real browser."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from playwright.sync_api import Page, expect
from streamlit.testing.v1 import AppTest

from archive import Archive, SearchRequest
from tests.app.conftest import APP, ROOT, browser_page, running_streamlit
from tests.app.test_browser_safety import wait_idle

PASSWORD = "rebuild-secret"
QUERIES = ["", "bond fund", "zqmemo", "zqchanged", "zqnew", "detention", "memo", "zq*"]


def make_corpus(work: Path, *, internal: bool) -> None:
    """`work/corpus` with its profile listing the sources; the internal one only when `internal`."""
    corpus = work / "corpus"
    (corpus / "public").mkdir(parents=True)
    (corpus / "public/update.md").write_text("# Bond fund update\n\nOur bond fund freed neighbours from detention.\n")
    (corpus / "public/rally.md").write_text("# Rally\n\nA rally for the bond fund and against detention.\n")
    sources = '[[sources]]\ntype = "folder"\npath = "public"\n'
    if internal:
        (corpus / "memos").mkdir()
        (corpus / "memos/board.md").write_text("# Board memo\n\nzqmemo strategy for the bond fund.\n")
        sources += '\n[[sources]]\ntype = "folder"\npath = "memos"\nvisibility = "internal"\n'
    (corpus / "archive.toml").write_text(f'[collection]\nname = "Test Network"\n\n{sources}')


def build_without_arguments(work: Path) -> None:
    """`python -m indexer build` run from `work`, as the README says: the profile's sources."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "indexer", "build", "--index", str(work / "index")],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr


def change_internal_files(work: Path) -> None:
    memo = work / "corpus/memos/board.md"
    memo.write_text(memo.read_text() + "\nzqchanged detention plan.\n")
    (work / "corpus/memos/new.md").write_text("# New memo\n\nzqnew notes on the bond fund.\n")


def public_answers(archive: Archive) -> list[object]:
    answers: list[object] = []
    for query in QUERIES:
        data = archive.search(SearchRequest(query=query)).to_json()
        data.pop("generation")
        answers += [data, archive.export(SearchRequest(query=query), "csv")]
    stats = archive.stats().to_json()
    stats.pop("built_at"), stats.pop("generation")
    return [*answers, stats]


def staff_rebuild(index: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The app on `index`: signed in on the Index status page, "Rebuild the index now" clicked."""
    monkeypatch.setenv("ARCHIVE_INDEX", str(index))
    monkeypatch.setenv("ARCHIVE_STAFF_PASSWORD", PASSWORD)
    st.cache_resource.clear()
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.run()
    app.switch_page("app_pages/status.py").run()
    app.text_input[0].input(PASSWORD)
    app.button[0].click().run()
    app.button(key="rebuild").click().run()
    return app


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    """(the archive with an internal source, built; the same without it, built)."""
    with_internal, without = tmp_path / "with", tmp_path / "without"
    for work, internal in ((with_internal, True), (without, False)):
        make_corpus(work, internal=internal)
        build_without_arguments(work)
    return with_internal, without


def test_the_apps_rebuild_keeps_an_internal_source_internal(
    built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    with_internal, without = built
    change_internal_files(with_internal)
    app = staff_rebuild(with_internal / "index", monkeypatch)
    assert not app.exception
    assert "Rebuilt: 1 added, 1 updated" in app.success[0].value
    archive = Archive(with_internal / "index")
    staff = archive.search(SearchRequest(query="zqchanged OR zqnew", include_internal=True))
    assert staff.total == 2  # the rebuild did read the changed internal files
    assert public_answers(archive) == public_answers(Archive(without / "index"))


def test_an_index_the_app_cannot_repeat_is_not_rebuilt_from_its_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build from the Python API with a whole folder internal records no command line to repeat."""
    from indexer.build import build

    (tmp_path / "public").mkdir()
    (tmp_path / "public/a.md").write_text("# A\n\nBond fund.\n")
    (tmp_path / "memos").mkdir()
    (tmp_path / "memos/b.md").write_text("# B\n\nzqmemo.\n")
    build([tmp_path / "public", tmp_path / "memos"], tmp_path / "index", internal_roots=(tmp_path / "memos",))
    app = staff_rebuild(tmp_path / "index", monkeypatch)
    assert "Rebuild it once with `python -m indexer build`" in app.error[0].value
    assert Archive(tmp_path / "index").search(SearchRequest(query="zqmemo")).total == 0


@pytest.fixture
def rebuild_server(built: tuple[Path, Path], tmp_path: Path) -> Iterator[str]:
    with_internal, _ = built
    env = {"ARCHIVE_INDEX": str(with_internal / "index"), "ARCHIVE_STAFF_PASSWORD": PASSWORD}
    with running_streamlit(env, tmp_path / "server.log") as base:
        yield base


def test_in_a_browser_staff_rebuild_then_the_public_sees_nothing_internal(
    built: tuple[Path, Path], rebuild_server: str, browser: object
) -> None:
    with_internal, without = built
    change_internal_files(with_internal)
    pages = browser_page(browser, rebuild_server)
    page: Page = next(pages)
    page.goto("/status")
    wait_idle(page)
    main = page.get_by_test_id("stMain")  # the status page's own sign-in form
    main.get_by_label("Staff password").fill(PASSWORD)
    main.get_by_role("button", name="Sign in").click()
    wait_idle(page)
    page.get_by_role("button", name="Rebuild the index now").click()
    expect(page.get_by_text("Rebuilt: 1 added, 1 updated")).to_be_visible(timeout=120_000)
    next(pages, None)  # closes the staff's browser context
    public = next(visitor := browser_page(browser, rebuild_server))
    for query in ("zqchanged", "zqnew", "zqmemo"):
        public.goto(f"/?q={query}")
        wait_idle(public)
        expect(public.get_by_text("No documents match this search")).to_be_visible()
    public.goto("/?q=bond+fund")
    wait_idle(public)
    expect(public.locator("h2.card-title")).to_have_count(2)
    next(visitor, None)
    assert public_answers(Archive(with_internal / "index")) == public_answers(Archive(without / "index"))
