"""Main-text extraction judged by snippets, on trafilatura's own evaluation set.

Usage:
  python benchmarks/extraction_snippets.py --corpus DIR [--half dev|heldout|all] [--json] [--misses N]

DIR is the `tests/` folder of trafilatura's repository (https://github.com/adbar/trafilatura): its
`evaldata.json` gives, for each of ~990 real pages of many sites and languages, sentences that must be
in the main text ("with") and lines that must not ("without": menus, footers, dates, share buttons),
and the pages lie in `eval/` and `cache/`. The score is that project's: per snippet, whitespace-
normalised substring matching, then precision, recall, accuracy (the share of snippets handled right:
the "pass rate") and F1 over all snippets.

Compared in one run: the project's extractor as the build runs it (a page it takes for a listing is
not indexed, so it counts as no text at all) and trafilatura with its defaults.

The pages are split in two halves by a hash of their file name (`--half`): rules are chosen by
reading the misses of the `dev` half only; the `heldout` half is reported, never read, so its figures
are held-out figures. Trafilatura itself was developed on the whole set, so its figures here are
in-sample for it and out-of-sample for this project.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indexer.html import extract_html


@dataclass(frozen=True)
class Page:
    """One annotated page: its file and the snippets its main text must and must not hold."""

    path: Path
    with_: tuple[str, ...]
    without: tuple[str, ...]

    @property
    def half(self) -> str:
        digest = hashlib.sha1(self.path.name.encode("utf-8")).digest()
        return "dev" if digest[0] % 2 == 0 else "heldout"


@dataclass
class Counts:
    """Snippet counts: found 'with' (tp), found 'without' (fp), missed 'with' (fn), absent 'without' (tn)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    empty_pages: int = 0
    pages: int = 0

    def add(self, page: Page, text: str) -> None:
        found = normalised(text)
        hits = sum(1 for s in page.with_ if normalised(s) in found)
        leaks = sum(1 for s in page.without if normalised(s) in found)
        self.tp += hits
        self.fn += len(page.with_) - hits
        self.fp += leaks
        self.tn += len(page.without) - leaks
        self.pages += 1
        self.empty_pages += not found

    def scores(self) -> dict[str, float | int]:
        total = self.tp + self.fp + self.fn + self.tn
        precision = self.tp / max(1, self.tp + self.fp)
        recall = self.tp / max(1, self.tp + self.fn)
        return {
            "pages": self.pages,
            "empty_pages": self.empty_pages,
            "accuracy": round((self.tp + self.tn) / max(1, total), 4),
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(2 * precision * recall / max(1e-9, precision + recall), 4),
        }


_SPACE = re.compile(r"\s+")


def normalised(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def load_pages(corpus: Path) -> list[Page]:
    """Every annotated page whose file is present (in eval/ or cache/)."""
    data = json.loads((corpus / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for item in data.values():
        for folder in ("cache", "eval"):
            path = corpus / folder / item["file"]
            if path.is_file():
                pages.append(Page(path, tuple(item.get("with", ())), tuple(item.get("without", ()))))
                break
    return sorted(pages, key=lambda p: p.path.name)


def ours(raw: bytes) -> str:
    """The project's main text as the build indexes it; a page taken for a listing has none."""
    page = extract_html(raw)
    return "" if page.listing else "\n".join(page.article_blocks())


def trafilatura_default(raw: bytes) -> str:
    import trafilatura

    return trafilatura.extract(raw) or ""


EXTRACTORS: dict[str, Callable[[bytes], str]] = {"archive-search": ours, "trafilatura": trafilatura_default}


@dataclass
class PageResult:
    name: str
    texts: dict[str, str] = field(default_factory=dict)


def _run(path: Path) -> PageResult:
    raw = path.read_bytes()
    result = PageResult(path.name)
    for name, extractor in EXTRACTORS.items():
        try:
            result.texts[name] = extractor(raw)
        except Exception:  # a crash counts as no text, as in production it would index nothing
            result.texts[name] = ""
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="trafilatura's tests/ folder")
    parser.add_argument("--half", choices=("dev", "heldout", "all"), default="dev")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--misses", type=int, default=0, help="print N pages where the project loses (dev half only)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    pages = [p for p in load_pages(args.corpus) if args.half in ("all", p.half)]
    counts = {name: Counts() for name in EXTRACTORS}
    losses: list[tuple[int, Page, PageResult]] = []
    with ProcessPoolExecutor(args.workers) as pool:
        for page, result in zip(pages, pool.map(_run, [p.path for p in pages], chunksize=4), strict=True):
            for name, text in result.texts.items():
                counts[name].add(page, text)
            mine, theirs = Counts(), Counts()
            mine.add(page, result.texts["archive-search"])
            theirs.add(page, result.texts["trafilatura"])
            margin = (theirs.tp + theirs.tn) - (mine.tp + mine.tn)
            if margin > 0:
                losses.append((margin, page, result))
    report = {"half": args.half, "extractors": {name: c.scores() for name, c in counts.items()}}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{len(pages)} pages ({args.half} half); snippet accuracy = the share of snippets handled right")
        for name, scores in report["extractors"].items():
            print(f"  {name:15} " + "  ".join(f"{k} {v}" for k, v in scores.items()))
    if args.misses and args.half == "dev":
        for margin, page, result in sorted(losses, key=lambda x: -x[0])[: args.misses]:
            mine = normalised(result.texts["archive-search"])
            print(f"\n== {page.path.name} (-{margin}) ours {len(mine)} chars")
            for s in page.with_:
                if normalised(s) not in mine:
                    print(f"   missed: {s[:90]!r}")
            for s in page.without:
                if normalised(s) in mine:
                    print(f"   leaked: {s[:90]!r}")


if __name__ == "__main__":
    main()
