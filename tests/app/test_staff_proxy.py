"""Behind a reverse proxy every visitor comes from the proxy's address, so the password throttle's
per-address key was one key for everyone: one guesser locked staff out (#27.15). With the proxy's
header named in ARCHIVE_CLIENT_ADDRESS_HEADER, each client is its own key. A real server and two
browser contexts that a proxy would tell apart by X-Real-IP; the throttle's per-key behaviour is
tested in test_access.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.app.conftest import running_streamlit
from tests.app.test_browser_safety import wait_idle

SCRIPT = """
import streamlit as st
from app_pages.staff import _client_keys
st.write("keys: " + " ".join(k for k in _client_keys() if k.startswith("address:")))
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("proxy")
    script = folder / "show_client.py"
    script.write_text(SCRIPT)
    env = {"ARCHIVE_CLIENT_ADDRESS_HEADER": "X-Real-IP", "ARCHIVE_INDEX": str(folder / "index")}
    with running_streamlit(env, folder / "server.log", script=script) as base:
        yield base, folder


@pytest.mark.parametrize(
    ("sent", "key"), [("203.0.113.7", "203.0.113.7"), ("198.51.100.20, 10.0.0.1", "198.51.100.20")]
)
def test_the_throttle_keys_each_client_by_the_proxys_header(
    browser: object, server: tuple[str, Path], sent: str, key: str
) -> None:
    base, _ = server
    context = browser.new_context(base_url=base, extra_http_headers={"X-Real-IP": sent})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto("/")
    wait_idle(page)
    expect(page.get_by_text(f"keys: address:{key}", exact=True)).to_be_visible()
    context.close()
