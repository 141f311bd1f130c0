"""The Streamlit app through AppTest: search, filters, URL state, suggestions, first-run build."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP


def cards(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith('<div class="card">')]


def test_first_page_lists_the_archive_with_facet_counts(app: AppTest) -> None:
    app.run()
    assert not app.exception
    assert app.title[0].value == "Archive Search"
    assert len(cards(app)) == 6
    kind = app.sidebar.multiselect(key="f_kind")
    assert kind.options == ["statement (4)", "pdf (1)", "webinar (1)"]
    orgs = app.sidebar.multiselect(key="f_org").options
    assert "Just Futures Law (4)" in orgs and len(orgs) == 5  # the network and its four partners, no allies
    assert app.query_params == {}


def test_search_writes_the_url_and_shows_passages(app: AppTest) -> None:
    app.run()
    app.text_input(key="q").input("deportation pipeline").run()
    assert not app.exception
    assert app.query_params == {"q": "deportation pipeline"}
    first = cards(app)[0]
    assert "How does ending criminalization help stop deportations?" in first
    assert '<span class="where">p. 1</span>' in first and "<mark>pipeline</mark>" in first


def test_webinar_passage_shows_time_and_speaker(app: AppTest) -> None:
    app.run()
    app.text_input(key="q").input('"bond funds and commissary"').run()
    assert "▶ 2:09 · Panelist 1" in cards(app)[0]


def test_sidebar_filter_and_url(app: AppTest) -> None:
    app.run()
    app.sidebar.multiselect(key="f_kind").select("pdf").run()
    assert len(cards(app)) == 1 and app.query_params == {"kind": "pdf"}
    app.sidebar.multiselect(key="f_kind").select("webinar").run()
    assert len(cards(app)) == 2 and app.query_params == {"kind": ["pdf", "webinar"]}


def test_url_prefills_the_search(app: AppTest) -> None:
    app.query_params["q"] = "#FreeThemAll"
    app.query_params["hashtag"] = ["#FreeThemAll"]
    app.run()
    assert app.text_input(key="q").value == "#FreeThemAll"
    assert app.sidebar.multiselect(key="f_hashtag").value == ["#FreeThemAll"]
    assert len(cards(app)) == 1 and "To #FlattenTheCurve, We Must #FreeThemAll" in cards(app)[0]


def test_malformed_query_gets_a_gentle_note_and_no_traceback(app: AppTest) -> None:
    app.run()
    app.text_input(key="q").input('"free them AND').run()
    assert not app.exception
    assert "plain words" in app.info[0].value


def test_no_results_and_did_you_mean(app: AppTest) -> None:
    app.run()
    app.text_input(key="q").input("deportaton").run()
    assert "No documents match" in app.warning[0].value
    app.button(key="suggestion").click().run()
    assert app.text_input(key="q").value == "deportations"
    assert cards(app)


def test_first_run_builds_the_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHIVE_INDEX", str(tmp_path / "new-index"))
    monkeypatch.setenv("ARCHIVE_SOURCE", str(APP.parent / "corpus"))
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not at.exception
    assert len(cards(at)) == 6 and (tmp_path / "new-index").is_dir()


def test_glossary_definitions_and_related_hashtags(app: AppTest) -> None:
    app.query_params["q"] = "ICE"
    app.query_params["hashtag"] = ["#DefundPolice"]
    app.run()
    assert any("Immigration and Customs Enforcement" in c.value for c in app.caption)
    assert any("Used with #DefundPolice" in m.value and "#AbolishICE (1)" in m.value for m in app.sidebar.markdown)


def test_index_status_panel(app: AppTest) -> None:
    app.run()
    status = next(e for e in app.sidebar.expander if e.label == "Index status")
    assert any("6 documents, 25 passages" in m.value for m in status.markdown)
    assert any("pdf: 1 documents, 2 passages" in m.value for m in status.markdown)
