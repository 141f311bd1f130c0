"""Main-text extraction quality on a gold-standard set of article pages.

Usage:
  python benchmarks/extraction_quality.py --html-dir DIR --gold GOLD.json [--json] [--folds K]

DIR holds `ID.html` or `ID.html.gz` pages; GOLD.json maps each ID to {"articleBody": text}. The
metric is the article-extraction-benchmark's: per page, 4-word shingles of the extracted and the
true text are compared (tokens are `\\w+` runs), true/false positives and false negatives are
normalised to sum to one, precision and recall are averaged over pages, and F1 is their harmonic
mean. Printed beside the project's extractor (trafilatura, with the project's density extractor as
fallback: indexer/main_text.py), from the same run: the density extractor alone, trafilatura with
its defaults and with `favor_precision`, and a naive BeautifulSoup `get_text()` baseline. Then the
combination's settings (favor_precision, and below how many characters of trafilatura text the
density extractor is asked) are chosen by k-fold cross-validation: for each fold, the setting with
the best F1 on the other folds is scored on that fold, so the figure is not tuned on the pages it
is reported on (`--folds`, default 2: one half chosen on the other, both ways).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bs4 import BeautifulSoup

from indexer.html import HtmlExtract, density_text, extract_html
from indexer.main_text import (
    FALLBACK_BELOW_CHARS,
    FAVOR_PRECISION,
    MainText,
    long_enough,
    longest_main_text,
    trafilatura_text,
)

_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_counts(true: str, predicted: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) over shingles for one page."""
    gold, pred = shingles(true), shingles(predicted)
    tp = sum((gold & pred).values())
    fp = sum((pred - gold).values())
    fn = sum((gold - pred).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def score(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    def precision(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else 0.0 if tp == fp == 0 else tp / (tp + fp)

    def recall(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else 0.0 if tp == fn == 0 else tp / (tp + fn)

    p = statistics.mean([precision(*c) for c in counts if c[0] + c[1] > 0] or [0.0])
    r = statistics.mean([recall(*c) for c in counts if c[0] + c[2] > 0] or [0.0])
    if p + r == 0:
        return {"f1": 0.0, "precision": 0.0, "recall": 0.0}
    return {"f1": round(2 * p * r / (p + r), 4), "precision": round(p, 4), "recall": round(r, 4)}


def ours(raw: bytes) -> str:
    """The project's extractor as the build runs it: trafilatura, the density extractor as fallback;
    a page it takes for a listing is not indexed, so it counts as no text at all."""
    page = extract_html(raw)
    return "" if page.listing else "\n".join(page.article_blocks())


def density_only(raw: bytes) -> str:
    return "\n".join(HtmlExtract(density_text(BeautifulSoup(raw, "html.parser"), raw).blocks).article_blocks())


def naive(raw: bytes) -> str:
    return BeautifulSoup(raw, "html.parser").get_text()


def trafilatura_default(raw: bytes) -> str:
    import trafilatura

    return trafilatura.extract(raw.decode("utf-8", errors="replace")) or ""


def trafilatura_precision(raw: bytes) -> str:
    import trafilatura

    return trafilatura.extract(raw.decode("utf-8", errors="replace"), favor_precision=True) or ""


EXTRACTORS: dict[str, Callable[[bytes], str]] = {
    "archive-search": ours,
    "density-only": density_only,
    "get_text": naive,
    "trafilatura": trafilatura_default,
    "trafilatura-precision": trafilatura_precision,
}

# The combination's settings that cross-validation chooses among (indexer/main_text.py).
FALLBACK_GRID = (0, 250, 500, 1000, 1500, 2000, 3000)
PRECISION_GRID = (False, True)


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def _run_one(job: tuple[str, str, str]) -> tuple[str, str, tuple[float, float, float], float]:
    name, path, truth = job
    started = time.perf_counter()
    try:
        text = EXTRACTORS[name](_read(Path(path)))
    except Exception:
        text = ""
    return name, path, page_counts(truth, text), time.perf_counter() - started


def _combination_parts(job: tuple[str, str]) -> tuple[str, dict[str, object]]:
    """Per page, what every combination setting needs: each trafilatura variant's blocks, the
    density extractor's, and the page's title (the leading heading that repeats it is dropped)."""
    key, path = job
    raw = _read(Path(path))
    title = extract_html(raw).title
    parts: dict[str, object] = {"title": title, "density": density_text(BeautifulSoup(raw, "html.parser"), raw).blocks}
    for precision in PRECISION_GRID:
        parts[f"trafilatura-{precision}"] = trafilatura_text(raw, favor_precision=precision).blocks
    return key, parts


def _combined(parts: dict[str, object], precision: bool, below: int) -> str:
    """The chain of indexer/html.py's main_text with these settings: trafilatura (favouring
    precision or not), then while too short trafilatura favouring recall (if long enough), then the
    density extractor."""

    def part(name: str) -> Callable[[], MainText]:
        return lambda: MainText(list(parts[name]))  # type: ignore[call-overload]

    first = part(f"trafilatura-{precision}")()
    recall = part("trafilatura-False")
    found = longest_main_text(first, lambda: long_enough(recall(), below), part("density"), below=below)
    return "\n".join(HtmlExtract(list(dict.fromkeys(found.blocks)), title=parts["title"]).article_blocks())  # type: ignore[arg-type]


def cross_validated(parts: dict[str, dict[str, object]], gold: dict[str, str], folds: int) -> dict[str, object]:
    """Choose the combination's settings on all folds but one, score them on that one, for each fold.
    Pages are assigned to folds by their position in id order (no look at their content)."""
    keys = sorted(parts)
    settings = [(p, b) for p in PRECISION_GRID for b in FALLBACK_GRID]
    counts = {s: {k: page_counts(gold[k], _combined(parts[k], *s)) for k in keys} for s in settings}
    held_out: list[tuple[float, float, float]] = []
    chosen = []
    for fold in range(folds):
        test = [k for i, k in enumerate(keys) if i % folds == fold]
        train = [k for i, k in enumerate(keys) if i % folds != fold]
        best = max(settings, key=lambda s: score([counts[s][k] for k in train])["f1"])  # ties: the first
        chosen.append({"favor_precision": best[0], "fallback_below_chars": best[1]})
        held_out += [counts[best][k] for k in test]
    on_all = max(settings, key=lambda s: score([counts[s][k] for k in keys])["f1"])
    return {
        "folds": folds,
        **score(held_out),
        "chosen_per_fold": chosen,
        "best_on_all_pages": {"favor_precision": on_all[0], "fallback_below_chars": on_all[1]},
        "deployed": {"favor_precision": FAVOR_PRECISION, "fallback_below_chars": FALLBACK_BELOW_CHARS},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--html-dir", type=Path, required=True)
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--folds", type=int, default=2, help="cross-validation folds for the combination (default 2)")
    args = parser.parse_args()
    gold_data = json.loads(args.gold.read_text(encoding="utf-8"))
    pages = {p.name.split(".")[0]: p for p in sorted(args.html_dir.iterdir()) if ".htm" in p.name}
    gold = {k: v.get("articleBody", "") for k, v in gold_data.items() if k in pages}
    names = list(EXTRACTORS)
    jobs = [(n, str(pages[k]), gold[k]) for n in names for k in sorted(gold)]
    results: dict[str, list[tuple[float, float, float]]] = {n: [] for n in names}
    seconds: dict[str, float] = {n: 0.0 for n in names}
    with ProcessPoolExecutor(max_workers=2) as pool:
        for name, _, counts, elapsed in pool.map(_run_one, jobs, chunksize=4):
            results[name].append(counts)
            seconds[name] += elapsed
        parts = dict(pool.map(_combination_parts, [(k, str(pages[k])) for k in sorted(gold)], chunksize=4))
    report: dict[str, object] = {
        "pages": len(results[names[0]]),
        "extractors": {
            n: {**score(results[n]), "ms_per_page": round(1000 * seconds[n] / len(results[n]), 1)} for n in names
        },
    }
    report["cross_validated"] = cross_validated(parts, gold, args.folds)
    if args.json:
        print(json.dumps(report))
        return
    print(f"{report['pages']} pages, F1 of 4-word shingles (precision, recall averaged over pages)")
    for name, row in report["extractors"].items():  # type: ignore[attr-defined]
        print(
            f"  {name:<22} F1 {row['f1']:.3f}  precision {row['precision']:.3f}  recall {row['recall']:.3f}"
            f"  {row['ms_per_page']:.0f} ms/page"
        )
    cv = report["cross_validated"]
    print(
        f"  archive-search, {cv['folds']}-fold cross-validated (settings chosen on the other folds): "  # type: ignore[index]
        f"F1 {cv['f1']:.3f}  precision {cv['precision']:.3f}  recall {cv['recall']:.3f}"  # type: ignore[index]
    )
    print(f"    chosen per fold: {cv['chosen_per_fold']}; on all pages: {cv['best_on_all_pages']}")  # type: ignore[index]


if __name__ == "__main__":
    main()
