"""A missing or damaged index gives every page a clear message, never a traceback with server paths;
the command line says it in one line and exits 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from indexer.build import build
from tests.app.conftest import APP
from tests.cli_helpers import run_module
from tests.conftest import CORPUS

PAGES = ("app_pages/search.py", "app_pages/browse.py", "app_pages/start_here.py", "app_pages/status.py")
MESSAGE = "The index is missing or damaged. Rebuild it with: python -m indexer build SOURCE"


def _damage(index: Path) -> None:
    for toc in index.glob("_PUBLIC_*.toc"):
        toc.write_bytes(b"not a table of contents")


def _shows_only_the_message(at: AppTest, index: Path) -> None:
    assert not at.exception
    assert [e.value for e in at.error] == [MESSAGE]
    everything = " ".join(str(e.value) for e in [*at.markdown, *at.error, *at.caption, *at.text])
    assert str(index) not in everything and "Traceback" not in everything


@pytest.mark.parametrize("page", PAGES)
def test_every_page_says_the_index_is_gone_when_it_is_removed_under_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    index = tmp_path / "index"
    build([CORPUS], index, progress=False)
    monkeypatch.setenv("ARCHIVE_INDEX", str(index))
    monkeypatch.setenv("ARCHIVE_SOURCE", str(tmp_path / "no-source"))
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.switch_page(page).run()
    assert not at.exception and not at.error
    shutil.rmtree(index)
    at.run()
    _shows_only_the_message(at, index)
    build([CORPUS], index, progress=False)  # rebuilt: the same app process answers again
    at.run()
    assert not at.exception and not at.error


def test_a_damaged_index_is_reported_not_built_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = tmp_path / "index"
    build([CORPUS], index, progress=False)
    _damage(index)
    before = sorted(p.name for p in index.iterdir())
    monkeypatch.setenv("ARCHIVE_INDEX", str(index))
    monkeypatch.setenv("ARCHIVE_SOURCE", str(CORPUS))
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    _shows_only_the_message(at, index)
    assert sorted(p.name for p in index.iterdir()) == before


@pytest.mark.parametrize("command", [["search", "detention"], ["show", "x"], ["stats"], ["export"], ["cite", "x"]])
def test_the_command_line_says_it_in_one_line(tmp_path: Path, command: list[str]) -> None:
    missing = run_module("archive", *command, "--index", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr.count("\n") == 1 and missing.stderr.startswith("error: no index at")
    index = tmp_path / "index"
    build([CORPUS], index, progress=False)
    _damage(index)
    damaged = run_module("archive", *command, "--index", str(index))
    assert damaged.returncode == 2 and damaged.stdout == ""
    assert damaged.stderr.count("\n") == 1 and "is damaged" in damaged.stderr
