"""The staff cookie's routes beside the app (app_pages/session_routes.py), on the real server that
run.sh starts (`streamlit run serve.py`): only a valid token becomes a cookie, always HttpOnly and
SameSite=Strict, Secure behind an HTTPS proxy; signing out removes it and revokes its token."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app_pages.access import RevokedTokens, issue_token, token_is_valid
from app_pages.staff import SIGNED_OUT_FILE
from indexer.build import build
from tests.app.conftest import running_streamlit

PASSWORD = "route-staff-password"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    src = tmp_path_factory.mktemp("routes-src")
    (src / "a.md").write_text("# A\n\nBond fund.\n")
    index = tmp_path_factory.mktemp("routes-index")
    build([src], index, progress=False)
    env = {"ARCHIVE_INDEX": str(index), "ARCHIVE_STAFF_PASSWORD": PASSWORD}
    with running_streamlit(env, tmp_path_factory.mktemp("routes-server") / "server.log") as base:
        yield base, index


def test_only_a_valid_token_becomes_an_http_only_cookie(served: tuple[str, Path]) -> None:
    base, _ = served
    for body in (b"", b"x", issue_token("another password").encode(), b"1." + b"a" * 5000):
        assert httpx.post(f"{base}/_archive/staff/session", content=body).status_code == 403
    token = issue_token(PASSWORD)
    answer = httpx.post(f"{base}/_archive/staff/session", content=token.encode())
    cookie = answer.headers["set-cookie"]
    assert answer.status_code == 204 and cookie.startswith(f"archive_staff={token};")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" not in cookie
    behind_https = httpx.post(
        f"{base}/_archive/staff/session", content=token.encode(), headers={"X-Forwarded-Proto": "https"}
    )
    assert "Secure" in behind_https.headers["set-cookie"]


def test_signing_out_removes_the_cookie_and_revokes_its_token(served: tuple[str, Path]) -> None:
    base, index = served
    token = issue_token(PASSWORD)
    answer = httpx.post(f"{base}/_archive/staff/sign-out", cookies={"archive_staff": token})
    assert answer.status_code == 204 and 'archive_staff=""' in answer.headers["set-cookie"]
    assert not token_is_valid(token, PASSWORD, revoked=RevokedTokens(index / SIGNED_OUT_FILE))
    assert httpx.post(f"{base}/_archive/staff/session", content=token.encode()).status_code == 403
