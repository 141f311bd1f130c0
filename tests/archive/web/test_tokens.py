"""Staff tokens: made by the CLI (shown once, stored as a hash), used as `Authorization: Bearer …`
to see internal documents, refused once revoked (on the running server, without a restart), and a
wrong token is a 401, never the public view in disguise."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from archive.cli import main as cli
from archive.web.tokens import TOKENS_FILE, TokenError, TokenStore
from benchmarks.api_server import running_api
from indexer.build import build


@pytest.fixture(scope="module")
def index_with_a_memo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("src")
    (source / "public.md").write_text("# Bond fund statement\n\nThe bond fund freed people.\n", encoding="utf-8")
    (source / "memo.md").write_text("# Board memo\n\nThe bond fund budget for the board.\n", encoding="utf-8")
    (source / "memo.meta.toml").write_text('visibility = "internal"\n', encoding="utf-8")
    index = tmp_path_factory.mktemp("index")
    build([source], index, progress=False)
    return index


def _token(capsys: pytest.CaptureFixture[str], index: Path, *args: str) -> str:
    capsys.readouterr()
    assert cli(["token", "--index", str(index), *args]) == 0
    return capsys.readouterr().out.strip()


def test_a_token_sees_internal_documents_until_it_is_revoked(
    index_with_a_memo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    token = _token(capsys, index_with_a_memo, "create", "--name", "research script")
    stored = (index_with_a_memo / TOKENS_FILE).read_text(encoding="utf-8")
    assert token.startswith("ast_") and token not in stored and token.split("_", 2)[2] not in stored
    listed = json.loads(_token(capsys, index_with_a_memo, "list", "--json"))
    assert [t["name"] for t in listed] == ["research script"] and token not in str(listed)
    with running_api(index_with_a_memo, "--rate-limit", "0") as base:
        staff = {"Authorization": f"Bearer {token}"}

        def titles(headers: dict[str, str], **params: str) -> list[str]:
            answer = httpx.get(f"{base}/api/search", params={"q": "bond", **params}, headers=headers)
            assert answer.status_code == 200, answer.text
            return sorted(r["title"] for r in answer.json()["results"])

        assert titles({}) == ["Bond fund statement"]
        assert titles(staff) == ["Board memo", "Bond fund statement"]
        assert titles(staff, include_internal="1") == ["Board memo", "Bond fund statement"]
        assert titles(staff, include_internal="0") == ["Bond fund statement"]
        memo = httpx.get(f"{base}/api/documents/memo.md", headers=staff)
        assert memo.status_code == 200 and memo.headers["cache-control"] == "private, no-cache"
        assert httpx.get(f"{base}/api/documents/memo.md").status_code == 404
        assert "Board memo" in httpx.get(f"{base}/feeds/search.atom?q=bond", headers=staff).text
        assert "Board memo" not in httpx.get(f"{base}/feeds/search.atom?q=bond").text

        for wrong in (f"Bearer {token[:-1]}x", f"Basic {token}", "Bearer", f"Bearer {token} extra", "Bearer ast_0_0"):
            refused = httpx.get(f"{base}/api/search?q=bond", headers={"Authorization": wrong})
            assert refused.status_code == 401 and "not a valid token" in refused.json()["error"]
            assert refused.headers["www-authenticate"].startswith("Bearer")

        assert _token(capsys, index_with_a_memo, "revoke", "research script").startswith("revoked 'research script'")
        revoked = httpx.get(f"{base}/api/search?q=bond", headers=staff)
        assert revoked.status_code == 401


def test_the_token_file_survives_a_rebuild_and_names_are_unique(index_with_a_memo: Path, tmp_path: Path) -> None:
    store = TokenStore(index_with_a_memo)
    token = store.create("kept")
    build([next(index_with_a_memo.parent.glob("src*"))], index_with_a_memo, progress=False)
    assert TokenStore(index_with_a_memo).holder(token) is not None
    with pytest.raises(TokenError, match="exists"):
        store.create("kept")
    with pytest.raises(TokenError, match="no token named"):
        store.revoke("never made")
    for name in ("", " ", "a\x00b", "x" * 101):  # whitespace runs become one space; controls are refused
        with pytest.raises(TokenError):
            store.create(name)
    assert oct((index_with_a_memo / TOKENS_FILE).stat().st_mode & 0o777) == "0o600"
    store.revoke("kept")
    assert store.holder(token) is None
