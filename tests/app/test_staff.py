"""Staff sign-in in the app (AppTest): guesses throttled, and the identity-provider option tested with
AppTest's simulated `st.user`."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from app_pages.access import THROTTLE
from indexer.build import build
from tests.app.conftest import APP

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def staff_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("staff-src")
    (src / "public.md").write_text("# Public bond fund update\n\nOur bond fund freed neighbours.\n")
    (src / "secret.md").write_text("# Board memo\n\nThe xylophonist strategy for the bond fund.\n")
    (src / "secret.meta.toml").write_text('visibility = "internal"\n')
    index = tmp_path_factory.mktemp("staff-index")
    build([src], index, progress=False)
    return index


def _app(index: Path, monkeypatch: pytest.MonkeyPatch, password: str | None = PASSWORD) -> AppTest:
    monkeypatch.setenv("ARCHIVE_INDEX", str(index))
    if password:
        monkeypatch.setenv("ARCHIVE_STAFF_PASSWORD", password)
    else:
        monkeypatch.delenv("ARCHIVE_STAFF_PASSWORD", raising=False)
    st.cache_resource.clear()
    THROTTLE.records.clear()
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["q"] = "bond fund"
    return at


def _titles(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith('<div class="card">')]


def _guess(at: AppTest, password: str) -> None:
    next(t for t in at.sidebar.text_input if t.label == "Staff password").input(password)
    next(b for b in at.sidebar.button if b.label == "Sign in").click().run()


def test_forty_wrong_guesses_then_the_right_one_is_still_refused(
    staff_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(THROTTLE, "clock", lambda: 1000.0)  # no delay runs out while a busy machine guesses
    at = _app(staff_index, monkeypatch).run()
    for _ in range(40):
        _guess(at, "wrong")
    _guess(at, PASSWORD)
    assert any("Too many wrong passwords" in e.value for e in at.sidebar.error)
    assert len(_titles(at)) == 1  # the public document only: not signed in


def test_the_right_password_signs_in_after_a_few_wrong_ones(staff_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _app(staff_index, monkeypatch).run()
    _guess(at, "wrong")
    _guess(at, PASSWORD)
    assert len(_titles(at)) == 2 and any("Board memo" in t for t in _titles(at))


def test_staff_from_the_identity_provider_are_those_on_the_staff_list(
    staff_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _app(staff_index, monkeypatch, password=None)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32}
    at.secrets["staff_emails"] = ["@ijn.example", "ally@partner.example"]
    at.user = {"is_logged_in": False}
    at.run()
    assert any(b.label == "Sign in with your organization" for b in at.sidebar.button)
    assert len(_titles(at)) == 1
    for email, sees_internal in (
        ("ana@ijn.example", True),
        ("ally@partner.example", True),
        ("x@elsewhere.example", False),
    ):
        at.user = {"is_logged_in": True, "email": email, "name": "Someone"}
        at.run()
        assert (len(_titles(at)) == 2) is sees_internal, email
    assert any("not on the staff list" in w.value for w in at.sidebar.warning)


def test_the_status_page_lists_internal_files_for_staff_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "src"
    (src / "board").mkdir(parents=True)
    (src / "archive.toml").write_text('[collection]\nname = "Test"\ninternal_folders = ["board"]\n')
    (src / "public.md").write_text("# Public\n\nA public statement.\n")
    (src / "broken.pdf").write_bytes(b"not a pdf")
    (src / "board/salaries-2024.pdf").write_bytes(b"not a pdf either")
    (src / "board/memo.md").write_text("# Memo\n\nInternal.\n")
    (src / "board/memo-copy.md").write_text("# Memo\n\nInternal.\n")
    build([src], tmp_path / "ix", progress=False)
    at = _app(tmp_path / "ix", monkeypatch)
    at.switch_page("app_pages/status.py").run()
    public = unescape(" ".join(m.value for m in at.markdown))
    assert "broken.pdf" in public and "salaries" not in public and "memo" not in public
    assert "1 documents" in public
    next(t for t in at.text_input if t.label == "Staff password").input(PASSWORD)
    next(b for b in at.button if b.label == "Sign in").click().run()
    staff = unescape(" ".join(m.value for m in at.markdown))
    assert "src/board/salaries-2024.pdf" in staff and "src/board/memo-copy.md" in staff
    assert "2 documents" in staff
