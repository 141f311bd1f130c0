"""`python -m indexer build|extract` as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_helpers import run_module


def test_build_json_report_on_the_bundled_corpus(tmp_path: Path) -> None:
    result = run_module("indexer", "build", "corpus", "--index", str(tmp_path / "ix"), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) >= {"added", "updated", "removed", "unchanged", "failed", "documents", "passages", "seconds"}
    assert report["documents"] >= 6 and report["failed"] == [] and report["added"] == report["documents"]
    again = json.loads(run_module("indexer", "build", "corpus", "--index", str(tmp_path / "ix"), "--json").stdout)
    assert (again["added"], again["unchanged"]) == (0, report["documents"])


def test_human_summary_lists_failures(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src/ok.md").write_text("# Fine\n\nA statement.\n")
    (tmp_path / "src/bad.pdf").write_bytes(b"not a pdf")
    result = run_module("indexer", "build", str(tmp_path / "src"), "--index", str(tmp_path / "ix"))
    assert result.returncode == 0
    assert "1 documents" in result.stdout
    assert (
        "1 file(s) could not be indexed:" in result.stdout
        and "bad.pdf: the file is not a PDF (it does not start like one)" in result.stdout
    )


def test_profile_error_exits_non_zero_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src/archive.toml").write_text("[collection]\nname = 1\n")
    result = run_module("indexer", "build", str(tmp_path / "src"), "--index", str(tmp_path / "ix"))
    assert result.returncode == 2
    assert result.stderr.strip().startswith("error:") and "collection.name" in result.stderr
    assert not (tmp_path / "ix").exists()


def test_extract_json_lines_in_order() -> None:
    result = run_module(
        "indexer",
        "extract",
        "corpus/webinars/three-principles-demo-webinar.vtt",
        "corpus/pdfs/ending-criminalization-stops-deportations.pdf",
        "corpus/missing.html",
        "--json",
    )
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["ok"] for line in lines] == [True, True, False]
    webinar, pdf, missing = lines
    assert webinar["document"]["kind"] == "webinar" and webinar["document"]["synthetic"] is True
    assert webinar["passages"][0]["start"] == 3.0 and webinar["passages"][0]["speaker"] == "Moderator"
    assert [p["page"] for p in pdf["passages"]] == [1, 2]
    assert missing == {"path": "corpus/missing.html", "ok": False, "error": "file not found"}
    assert result.returncode == 1


def test_topics_suggest_lists_uncovered_phrases(tmp_path: Path) -> None:
    assert run_module("indexer", "build", "corpus", "--index", str(tmp_path / "ix")).returncode == 0
    result = run_module("indexer", "topics", "--suggest", "--index", str(tmp_path / "ix"), "--json")
    phrases = [s["phrase"] for s in json.loads(result.stdout)]
    assert "three principles" in phrases and "immigration system" in phrases
    covered = ("deportation", "detention", "mutual aid", "just futures", "immigrant justice network", "ice")
    assert not [p for p in phrases if any(c in p.split() or c == p for c in covered)]
    assert all(len(p.split()) in (2, 3) for p in phrases)
