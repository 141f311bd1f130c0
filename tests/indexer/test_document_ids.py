"""Document ids are stable and unique across sources (#27.9): the first source's ids are its paths
alone, so adding a source renames nothing; other sources' ids start with a unique label (two source
folders with the same name once shared ids, and a staff search showed an internal page in place of a
public one); a document whose id changes keeps its former ids, which old links follow."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from archive import Archive, SearchRequest
from indexer.build import build
from indexer.discover import root_labels
from tests.app.conftest import APP
from tests.cli_helpers import run_module


def _note(root: Path, name: str, text: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(f"# {text}\n\n{text} about detention.\n")
    return root


def _ids(index: Path) -> list[str]:
    return sorted(Archive(index).result_ids(SearchRequest(include_internal=True)))


def test_adding_a_source_keeps_the_first_sources_ids(tmp_path: Path) -> None:
    first = _note(tmp_path / "site", "a.md", "First source")
    build([first], tmp_path / "ix", progress=False)
    assert _ids(tmp_path / "ix") == ["a.md"]
    second = _note(tmp_path / "extra", "b.md", "Second source")
    report = build([first, second], tmp_path / "ix", progress=False)
    assert _ids(tmp_path / "ix") == ["a.md", "extra/b.md"]
    assert (report.added, report.removed, report.unchanged) == (1, 0, 1)


def test_two_source_folders_with_the_same_name_get_their_own_ids(tmp_path: Path) -> None:
    public = _note(tmp_path / "a/notes", "page.md", "Public page")
    memos = _note(tmp_path / "b/notes", "page.md", "Internal memo")
    other = _note(tmp_path / "c/notes", "page.md", "Third page")
    assert list(root_labels([public, memos, other]).values()) == ["a-notes", "b-notes", "c-notes"]
    report = build([public, memos, other], tmp_path / "ix", progress=False, internal_roots=(memos,))
    assert report.added == 3 and report.failed == []
    assert _ids(tmp_path / "ix") == ["b-notes/page.md", "c-notes/page.md", "page.md"]
    archive = Archive(tmp_path / "ix")
    assert archive.metadata("page.md", include_internal=True).title == "Public page"
    assert archive.metadata("b-notes/page.md", include_internal=True).visibility == "internal"
    assert archive.result_ids(SearchRequest(query="memo")) == []
    again = build([public, memos, other], tmp_path / "ix", progress=False, internal_roots=(memos,))
    assert (again.unchanged, again.added, again.updated) == (3, 0, 0)  # nothing extracted twice


def test_a_first_source_folder_named_like_another_source_keeps_ids_unique(tmp_path: Path) -> None:
    site = _note(tmp_path / "site/notes", "x.md", "Inside the site").parent
    notes = _note(tmp_path / "notes", "x.md", "Its own source")
    build([site, notes], tmp_path / "ix", progress=False)
    assert _ids(tmp_path / "ix") == ["notes/x.md", "notes~2/x.md"]
    assert Archive(tmp_path / "ix").metadata("notes~2/x.md").title == "Its own source"


@pytest.fixture
def reordered(tmp_path: Path) -> Path:
    """An index built from two sources, then with their order swapped: every id of both changes."""
    site = _note(tmp_path / "site", "a.md", "Site page")
    extra = _note(tmp_path / "extra", "b.md", "Extra page")
    build([site, extra], tmp_path / "ix", progress=False)
    assert _ids(tmp_path / "ix") == ["a.md", "extra/b.md"]
    report = build([extra, site], tmp_path / "ix", progress=False)  # no --prune needed: nothing is lost
    assert (report.removed, report.updated, report.added) == (0, 2, 0)
    assert _ids(tmp_path / "ix") == ["b.md", "site/a.md"]
    return tmp_path / "ix"


def test_an_old_id_still_finds_its_document_in_the_api_and_the_cli(reordered: Path) -> None:
    archive = Archive(reordered)
    assert archive.current_id("a.md") == "site/a.md" and archive.current_id("extra/b.md") == "b.md"
    assert archive.current_id("nothing.md") == "nothing.md"
    shown = run_module("archive", "show", "a.md", "--index", str(reordered))
    assert shown.returncode == 0 and shown.stdout.startswith("Site page")
    cited = run_module("archive", "cite", "extra/b.md", "--index", str(reordered))
    assert cited.returncode == 0 and "Extra page" in cited.stdout


def test_an_old_link_is_redirected_in_the_app(reordered: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHIVE_INDEX", str(reordered))
    st.cache_resource.clear()
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.query_params["doc"] = "a.md"
    app.run()
    assert not app.exception and not app.error
    assert app.query_params["doc"] == "site/a.md"
    assert any("Site page" in m.value for m in app.markdown)


def test_former_ids_survive_a_later_change_of_the_file(reordered: Path, tmp_path: Path) -> None:
    (tmp_path / "site/a.md").write_text("# Site page\n\nEdited text about detention.\n")
    report = build([tmp_path / "extra", tmp_path / "site"], reordered, progress=False)
    assert report.updated == 1
    assert Archive(reordered).current_id("a.md") == "site/a.md"
