"""Main-text extraction quality on a gold-standard set of article pages.

Usage:
  python benchmarks/extraction_quality.py --html-dir DIR --gold GOLD.json [--json] [--no-trafilatura]

DIR holds `ID.html` or `ID.html.gz` pages; GOLD.json maps each ID to {"articleBody": text}. The
metric is the article-extraction-benchmark's: per page, 4-word shingles of the extracted and the
true text are compared (tokens are `\\w+` runs), true/false positives and false negatives are
normalised to sum to one, precision and recall are averaged over pages, and F1 is their harmonic
mean. Printed beside ours, from the same run: a naive BeautifulSoup `get_text()` baseline and
trafilatura (install requirements-bench.txt), so the figures can be compared on any machine.
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

from indexer.html import extract_html

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
    return "\n".join(extract_html(raw).article_blocks())


def naive(raw: bytes) -> str:
    return BeautifulSoup(raw, "html.parser").get_text()


def trafilatura_text(raw: bytes) -> str:
    import trafilatura

    return trafilatura.extract(raw.decode("utf-8", errors="replace")) or ""


EXTRACTORS: dict[str, Callable[[bytes], str]] = {
    "archive-search": ours,
    "get_text": naive,
    "trafilatura": trafilatura_text,
}


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--html-dir", type=Path, required=True)
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-trafilatura", action="store_true", help="skip the trafilatura comparison")
    args = parser.parse_args()
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    pages = {p.name.split(".")[0]: p for p in sorted(args.html_dir.iterdir()) if ".htm" in p.name}
    names = [n for n in EXTRACTORS if not (n == "trafilatura" and args.no_trafilatura)]
    jobs = [(n, str(pages[k]), gold[k].get("articleBody", "")) for n in names for k in sorted(gold) if k in pages]
    results: dict[str, list[tuple[float, float, float]]] = {n: [] for n in names}
    seconds: dict[str, float] = {n: 0.0 for n in names}
    with ProcessPoolExecutor(max_workers=2) as pool:
        for name, _, counts, elapsed in pool.map(_run_one, jobs, chunksize=4):
            results[name].append(counts)
            seconds[name] += elapsed
    report = {
        "pages": len(results[names[0]]),
        "extractors": {
            n: {**score(results[n]), "ms_per_page": round(1000 * seconds[n] / len(results[n]), 1)} for n in names
        },
    }
    if args.json:
        print(json.dumps(report))
        return
    print(f"{report['pages']} pages, F1 of 4-word shingles (precision, recall averaged over pages)")
    for name, row in report["extractors"].items():
        print(
            f"  {name:<15} F1 {row['f1']:.3f}  precision {row['precision']:.3f}  recall {row['recall']:.3f}"
            f"  {row['ms_per_page']:.0f} ms/page"
        )


if __name__ == "__main__":
    main()
