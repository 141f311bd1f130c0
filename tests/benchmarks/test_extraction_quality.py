"""The extraction benchmark's metric and runner, on a tiny gold set made here (a smoke test; the
real figures come from running the script on the shared dataset)."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from extraction_quality import page_counts, score  # noqa: E402


def test_metric() -> None:
    assert page_counts("one two three four five", "one two three four five") == (1.0, 0.0, 0.0)
    tp, fp, fn = page_counts("a b c d e f", "a b c d x y z w")
    # true shingles: abcd bcde cdef; predicted: abcd bcdx cdxy dxyz xyzw
    assert (tp, fp, fn) == pytest.approx((1 / 7, 4 / 7, 2 / 7))
    assert score([(1.0, 0.0, 0.0), (0.0, 1.0, 0.0)]) == {"f1": 0.6667, "precision": 0.5, "recall": 1.0}


def test_runner_on_a_tiny_gold_set(tmp_path: Path) -> None:
    articles = {
        "p1": "Our community bond fund freed twelve neighbours from detention this month, with your help.",
        "p2": "The county ended its contract with immigration detention after years of organizing by families.",
    }
    (tmp_path / "html").mkdir()
    for key, article in articles.items():
        page = (
            f"<html><body><nav>Home About Donate</nav><article><p>{article}</p></article>"
            "<footer>© 2020</footer></body></html>"
        )
        (tmp_path / f"html/{key}.html.gz").write_bytes(gzip.compress(page.encode()))
    (tmp_path / "gold.json").write_text(json.dumps({k: {"articleBody": a} for k, a in articles.items()}))
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks/extraction_quality.py"),
            "--html-dir",
            str(tmp_path / "html"),
            "--gold",
            str(tmp_path / "gold.json"),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    report = json.loads(result.stdout)
    assert report["pages"] == 2
    assert report["extractors"]["archive-search"]["f1"] == 1.0
    assert report["extractors"]["get_text"]["precision"] < 1.0
    assert set(report["extractors"]) == {
        "archive-search",
        "density-only",
        "get_text",
        "trafilatura",
        "trafilatura-precision",
    }
    cv = report["cross_validated"]
    assert cv["folds"] == 2 and len(cv["chosen_per_fold"]) == 2 and cv["f1"] == 1.0
