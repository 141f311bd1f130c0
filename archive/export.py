"""Result sets as files: CSV and JSON for spreadsheets and scripts, BibTeX and RIS for reference
managers. Each export holds the whole result set, not only the visible page.

Every value comes from a document, so each format is written so that no value can act: a CSV cell
that a spreadsheet would read as a formula (it begins with =, +, -, @, a tab or a carriage return:
OWASP's rule for CSV injection) starts with an apostrophe instead; BibTeX and RIS values are one
line with balanced braces (archive.cite); URLs are absolute http(s) addresses or nothing.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

from archive.cite import cite
from archive.facets import METADATA_LIST_KEYS
from archive.urls import safe_url

FORMATS = {
    "csv": "text/csv",
    "json": "application/json",
    "bibtex": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
}
EXTENSIONS = {"csv": "csv", "json": "json", "bibtex": "bib", "ris": "ris"}
CSV_COLUMNS = (
    "doc_id",
    "kind",
    "title",
    "date",
    "url",
    "recording_url",
    "source_path",
    *METADATA_LIST_KEYS,  # a column per facet of archive.facets that lists values (topics ... people)
    "summary",
    "synthetic",
)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_URL_COLUMNS = ("url", "recording_url")


def csv_cell(value: object) -> str:
    """A value as a CSV cell a spreadsheet shows as text, never runs as a formula."""
    text = "; ".join(value) if isinstance(value, list) else "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _row(meta: dict[str, Any]) -> dict[str, Any]:
    """The exported columns of one document, its addresses http(s) only."""
    row = {k: meta.get(k) for k in CSV_COLUMNS}
    for key in _URL_COLUMNS:
        row[key] = safe_url(row[key])
    return row


def export(metas: list[dict[str, Any]], fmt: str, collection: str, accessed: date | None = None) -> str:
    """The documents (metadata dicts, in result order) in `fmt`: csv, json, bibtex or ris."""
    if fmt == "json":
        return json.dumps([_row(m) for m in metas], ensure_ascii=False, indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for meta in metas:
            row = _row(meta)
            writer.writerow([csv_cell(row[k]) for k in CSV_COLUMNS])
        return out.getvalue()
    if fmt in ("bibtex", "ris"):
        # an archive without a profile has no publisher of its own: each page's site, if it names one
        return (
            "\n\n".join(
                cite(
                    m,
                    fmt,
                    collection or m.get("site_name", ""),
                    accessed=accessed,
                    publisher_is_author=bool(collection),
                )
                for m in metas
            )
            + "\n"
        )
    raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
