"""The relevance benchmark's measures and runner on a tiny collection made here (a smoke test)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from relevance import average_precision, ndcg_at  # noqa: E402


def test_measures() -> None:
    assert ndcg_at(["a", "b"], {"a"}) == 1.0
    assert ndcg_at(["x", "a"], {"a"}) == pytest.approx(1 / 1.5849625)
    assert average_precision(["a", "x", "b"], {"a", "b", "c"}) == pytest.approx((1 + 2 / 3) / 3)


def test_runner_on_a_tiny_collection(tmp_path: Path) -> None:
    docs = {
        "1": "bond funds free people from immigration detention",
        "2": "the weather turned to ice and snow in the mountains",
        "3": "detention conditions during the pandemic",
    }
    (tmp_path / "docs.trec").write_text("".join(f"<DOC>\n<DOCNO>{k}</DOCNO>\n{v}\n</DOC>\n" for k, v in docs.items()))
    (tmp_path / "q.trec").write_text("<top>\n<num>1</num><title>\nBOND FUNDS AND DETENTION\n</title>\n</top>\n")
    (tmp_path / "qrels").write_text("1 0 1 1\n1 0 3 1\n")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks/relevance.py"),
            "--docs",
            str(tmp_path / "docs.trec"),
            "--queries",
            str(tmp_path / "q.trec"),
            "--qrels",
            str(tmp_path / "qrels"),
            "--run",
            str(tmp_path / "out.run"),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    report = json.loads(result.stdout)
    assert report["archive_search"]["ndcg@10"] == 1.0
    assert report["reference_bm25"]["ndcg@10"] == 1.0 and report["reference_bm25"]["queries"] == 1
    assert (tmp_path / "out.run").read_text().splitlines()[0].split()[:4] == ["1", "Q0", "1", "1"]
