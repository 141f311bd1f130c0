"""The product's titles on real pages against the headlines a reader sees, on a labelled set no
ranking set holds.

Usage:
  python benchmarks/titles.py --pages DIR [--set titles1|titles2|titles3] [--json]

A title set (benchmarks/real_archive/titles1/: 16 pages of 16 sites, 5 in Spanish; titles2/: 18 pages
of 18 more sites, 6 in Spanish; titles3/: 19 pages of 19 more sites, 6 in Spanish) lists pages
(pages.tsv) and each page's headline (labels.tsv), written
before the product was run on them. DIR holds `PAGE_ID.txt`, each page's text from its beginning
(benchmarks/collect_real_pages.py --set titles1 fetches them; the repository keeps addresses and
labels, never third-party text). Each text
is rebuilt as a bare web page (benchmarks/real_archive.as_bare_page: no <title>, headings or meta
tags, as a folder of saved pages gives the product nothing more), the archive is built as a new
organization would (no archive.toml), and a title is sensible when its words match the headline's
(token F1 >= 0.8, benchmarks/real_archive.is_sensible_title).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive import Archive
from benchmarks.real_archive import SETS, as_bare_page, is_sensible_title, tsv_rows
from indexer.build import build

TITLE_SETS = ("titles1", "titles2", "titles3")


def load_titles(title_set: str) -> tuple[dict[str, str], dict[str, str]]:
    """(page id -> address, page id -> headline) of a title set."""
    folder = SETS / title_set
    pages = {page: url for page, url in tsv_rows(folder, "pages.tsv")}
    return pages, {page: title for page, title in tsv_rows(folder, "labels.tsv")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, required=True, help="folder of PAGE_ID.txt")
    parser.add_argument("--set", dest="title_set", choices=TITLE_SETS, default="titles1")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    pages, headlines = load_titles(args.title_set)
    missing = [p for p in pages if not (args.pages / f"{p}.txt").is_file()]
    if missing:
        sys.exit(f"{args.pages}: no text for {', '.join(missing)} (run benchmarks/collect_real_pages.py)")
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "saved-pages"
        folder.mkdir()
        for page in pages:
            text = (args.pages / f"{page}.txt").read_text(encoding="utf-8")
            (folder / f"{page}.html").write_text(as_bare_page(text), encoding="utf-8")
        build([folder], Path(work) / "index", progress=False)
        catalog = Archive(Path(work) / "index").catalog()
        rows = []
        for page, headline in headlines.items():
            record = catalog.get(f"{page}.html")
            title = record.title if record else ""
            sensible = is_sensible_title(title, headline)
            rows.append({"page": page, "title": title, "headline": headline, "sensible": sensible})
    sensible_titles = sum(bool(r["sensible"]) for r in rows)
    if args.json:
        report = {"set": args.title_set, "sensible": sensible_titles, "labelled": len(rows), "titles": rows}
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    print(f"{args.title_set}: sensible titles {sensible_titles}/{len(rows)}")
    for row in rows:
        if not row["sensible"]:
            print(f"  {row['page']}: {row['title']!r} (headline: {row['headline']!r})")


if __name__ == "__main__":
    main()
