"""The load script's API part, at a tiny size (a smoke test; the figures come from running it)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from load import load_api  # noqa: E402


def test_api_load_smoke(sample_index: Path) -> None:
    report = load_api(sample_index, threads=3, max_requests=30, max_seconds=20)
    assert report["errors"] == 0 and report["requests"] == 30 and report["p95_ms"] > 0
