"""The performance benchmark end to end at a tiny N (a smoke test: it checks the script runs and
reports every figure; the figures themselves come from running it at N=10,000)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_performance_script_reports_every_figure(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks/performance.py"), "--docs", "24", "--json", "--work", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["docs"] == 24 and report["passages"] > 24
    assert set(report["build"]) >= {"seconds", "docs_per_s", "baseline_docs_per_s", "peak_rss_mb", "index_mb"}
    assert set(report["incremental"]) >= {"changed", "seconds"} and report["incremental"]["updated"] >= 1
    assert set(report["search"]) >= {"p50_ms", "p95_ms", "p99_ms", "cold_ms"} and report["search"]["queries"] >= 200
    assert set(report["baseline"]) >= {"p50_ms", "p95_ms"}
    assert report["app_rss_mb"] > 0
