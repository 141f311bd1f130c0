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

from archive.catalog import DocumentRecord
from archive.cite import cite
from archive.facets import METADATA_LIST_KEYS
from archive.shared.urls import safe_url

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
    text = "; ".join(value) if isinstance(value, list | tuple) else "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _row(record: DocumentRecord) -> dict[str, object]:
    """The exported columns of one document (lists as lists), its addresses http(s) only."""
    row: dict[str, object] = {}
    for key in CSV_COLUMNS:
        value = getattr(record, key)
        row[key] = safe_url(value) if key in _URL_COLUMNS else list(value) if isinstance(value, tuple) else value
    return row


def export(records: list[DocumentRecord], fmt: str, collection: str, accessed: date | None = None) -> str:
    """The documents (in result order) in `fmt`: csv, json, bibtex or ris."""
    if fmt == "json":
        return json.dumps([_row(r) for r in records], ensure_ascii=False, indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for record in records:
            row = _row(record)
            writer.writerow([csv_cell(row[k]) for k in CSV_COLUMNS])
        return out.getvalue()
    if fmt in ("bibtex", "ris"):
        # an archive without a profile has no publisher of its own: each page's site, if it names one
        return (
            "\n\n".join(
                cite(
                    r,
                    fmt,
                    collection or r.site_name,
                    accessed=accessed,
                    publisher_is_author=bool(collection),
                )
                for r in records
            )
            + "\n"
        )
    raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
