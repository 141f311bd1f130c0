"""The performance benchmark end to end at a tiny N (a smoke test: it checks the script runs and
reports every figure; the figures themselves come from running it at N=10,000)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
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
    assert report["build"]["cpu_seconds"] > 0 and report["build"]["docs_per_cpu_s"] > 0
    assert report["build"]["baseline_cpu_seconds"] > 0 and report["ratios"]["build_cpu_vs_baseline_cpu"] > 0
    assert set(report["incremental"]) >= {"changed", "seconds"} and report["incremental"]["updated"] >= 1
    assert set(report["search"]) >= {"p50_ms", "p95_ms", "p99_ms", "cold_ms"} and report["search"]["queries"] >= 200
    assert set(report["baseline"]) >= {"p50_ms", "p95_ms", "cpu_p50_ms", "cpu_p95_ms"}
    assert {"cpu_p50_ms", "cpu_p95_ms", "cold_cpu_ms"} <= set(report["search"])
    stages = report["search"]["cpu_ms_by_stage"]
    assert {"match", "passages", "snippets", "facets", "suggestion", "other"} <= set(stages)
    assert all(ms >= 0 for stage, ms in stages.items() if stage != "other") and stages["match"] > 0
    assert report["app_rss_mb"] > 0
    targets = report["targets"]
    assert {"search CPU p50 vs the bare query", "cold first search (ms)"} <= set(targets)
    assert all(isinstance(t["met"], bool) and t["measured"] >= 0 for t in targets.values())


def test_a_stage_called_inside_another_is_charged_to_itself_only() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from performance import StageClock

    def spin(seconds: float) -> None:
        until = time.thread_time() + seconds
        while time.thread_time() < until:
            pass

    class Calls:
        @staticmethod
        def inner() -> None:
            spin(0.05)

        @staticmethod
        def outer() -> None:
            spin(0.05)
            Calls.inner()

    clock = StageClock()
    clock.wrap(Calls, "inner", "inner")
    clock.wrap(Calls, "outer", "outer")
    Calls.outer()
    assert (
        0.05 <= clock.seconds["inner"] < 0.09 and 0.05 <= clock.seconds["outer"] < 0.09
    )  # not 0.1: inner not counted twice
