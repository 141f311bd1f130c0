"""The load script's API part, at a tiny size (a smoke test; the figures come from running it)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from load import load_api, load_http  # noqa: E402

from benchmarks.api_server import running_api  # noqa: E402


def test_api_load_smoke(sample_index: Path) -> None:
    report = load_api(sample_index, threads=3, max_requests=30, max_seconds=20)
    assert report["errors"] == 0 and report["requests"] == 30 and report["p95_ms"] > 0


def test_http_load_smoke(api_url: str) -> None:
    report = load_http(api_url, clients=4, max_requests=40, max_seconds=60)
    assert report["errors"] == 0 and report["requests"] == 40 and report["p95_ms"] > 0


def test_an_http_error_is_counted_not_timed(sample_index: Path) -> None:
    with running_api(sample_index, "--rate-limit", "1") as base:  # one request a minute: the rest are 429s
        report = load_http(base, clients=2, max_requests=6, max_seconds=60)
    assert report["requests"] == 1 and report["errors"] == 5
