"""Collect the text of the real-archive benchmark's pages (benchmarks/real_archive/SET/pages.tsv) into a
folder of your own, for benchmarks/real_archive.py. Needs the internet.

Usage:
  python benchmarks/collect_real_pages.py --out DIR
                                          [--set dev|heldout|heldout2|heldout3|heldout4|heldout5|heldout6|
                                                 titles1|titles2|titles3]
                                          [--chars 2500]

Each address is fetched once (the project's user agent, a 30 s limit), its text taken with
trafilatura (headings and paragraphs, blank lines between blocks) and cut to its first `--chars`
characters, as the judgments were made on each page's opening text. Pages change: a page that now
reads differently from when it was judged changes the figures, so the output says which pages it
fetched and which failed. The texts stay in DIR: third-party text is never added to the repository.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
import trafilatura

from benchmarks.real_archive import JUDGED_SETS, load
from benchmarks.titles import TITLE_SETS, load_titles
from indexer.sources.http_client import USER_AGENT


def opening_text(markup: str, chars: int) -> str:
    """A page's main text from its beginning, blocks separated by blank lines, cut at `chars`."""
    text = trafilatura.extract(markup, include_comments=False, include_tables=False, favor_recall=True) or ""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())[:chars]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--set", dest="judged_set", choices=JUDGED_SETS + TITLE_SETS, default="dev")
    parser.add_argument("--chars", type=int, default=2500)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    failed = []
    with httpx.Client(headers={"User-Agent": USER_AGENT}, timeout=30, follow_redirects=True) as client:
        pages = load_titles(args.judged_set)[0] if args.judged_set in TITLE_SETS else load(args.judged_set).pages
        for page, url in pages.items():
            try:
                response = client.get(url)
                response.raise_for_status()
            except httpx.HTTPError as exc:
                failed.append(f"{page}: {exc}")
                continue
            if url.endswith(".vtt"):  # a caption file is its own text
                text = " ".join(response.text.split())[: args.chars]
            else:
                text = opening_text(response.text, args.chars)
            (args.out / f"{page}.txt").write_text(text, encoding="utf-8")
            print(f"{page}: {len(text)} characters")
    for line in failed:
        print(f"failed: {line}", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
