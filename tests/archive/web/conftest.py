"""The API server (`python -m archive serve`) on the bundled corpus's index, started once for the
session, with the per-client limit off (the limit has its own server in test_limits.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.api_server import running_api

PUBLIC_URL = "https://archive.example.org"


@pytest.fixture(scope="session")
def api_url(sample_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("api") / "server.log"
    with running_api(sample_index, "--rate-limit", "0", "--public-url", PUBLIC_URL, log_path=log) as base:
        yield base
