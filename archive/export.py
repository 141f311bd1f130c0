"""Result sets as files: CSV and JSON for spreadsheets and scripts, BibTeX and RIS for reference
managers. Each export holds the whole result set, not only the visible page."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

from archive.cite import cite

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
    "organizations",
    "agencies",
    "people",
    "topics",
    "hashtags",
    "summary",
    "synthetic",
)


def export(metas: list[dict[str, Any]], fmt: str, collection: str, accessed: date | None = None) -> str:
    """The documents (metadata dicts, in result order) in `fmt`: csv, json, bibtex or ris."""
    if fmt == "json":
        return json.dumps([{k: m.get(k) for k in CSV_COLUMNS} for m in metas], ensure_ascii=False, indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for meta in metas:
            writer.writerow(
                ["; ".join(v) if isinstance(v := meta.get(k), list) else ("" if v is None else v) for k in CSV_COLUMNS]
            )
        return out.getvalue()
    if fmt in ("bibtex", "ris"):
        return "\n\n".join(cite(m, fmt, collection, accessed=accessed) for m in metas) + "\n"
    raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
