"""The Index status page lists the websites an index is built from, when each was last read and
what failed; a staff rebuild reads them again (AppTest against a real local site and index)."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP
from tests.indexer.sources.test_site_sources import build_json, network_site
from tests.wordpress_site import serve


def test_the_status_page_lists_sources_and_staff_rebuild_reads_them_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with serve(network_site(tmp_path, rest=False)) as site:
        site.failures["/about/"] = [503] * 4
        site.extra_html["/<img src=x onerror=alert(1)>/"] = ""  # listed by the sitemap, then a 404
        index = tmp_path / "index"
        build_json(f"{site.base}/", "--index", str(index))
        monkeypatch.setenv("ARCHIVE_INDEX", str(index))
        monkeypatch.setenv("ARCHIVE_STAFF_PASSWORD", "s3cret")
        st.cache_resource.clear()
        app = AppTest.from_file(str(APP), default_timeout=120)
        app.run()
        app.switch_page("app_pages/status.py").run()
        assert not app.exception
        assert "Sources" in [h.value for h in app.subheader]
        tables = "\n".join(unescape(m.value) for m in app.markdown if "<table" in m.value)
        assert f"{site.base}/" in tables and "<td>Sitemap</td>" in tables and " UTC" in tables
        assert f"{site.base}/about/" in tables and "the server answered 503 4 times" in tables
        raw = "\n".join(m.value for m in app.markdown if "<table" in m.value)
        assert f"{site.base}/<img src=x onerror=alert(1)>/" in tables  # reported, as inert text
        assert "<img" not in raw
        app.text_input[0].input("s3cret")
        app.button[0].click().run()
        site.requests.clear()
        app.button(key="rebuild").click().run()
        assert not app.exception
        assert "/about/" in site.paths_requested()  # the rebuild read the site again, not only its mirror
        assert "1 added" in app.success[0].value
