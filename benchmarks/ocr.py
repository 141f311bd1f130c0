"""OCR speed on two cores, and what the cache saves on a rebuild.

Usage: python benchmarks/ocr.py [--pages N] [--work DIR] [--json]

Writes scanned PDFs (pages of images of known English and Spanish text, made with Pillow and a
TrueType font, 150 dpi, some turned sideways) and PNG flyers, N pages in all; times a full build
with `python -m indexer build` (OCR in the two extraction workers), then a second full build
(`--full`), which takes every page from the OCR cache beside the index. Prints pages/s of the
first build, the second build's time, and the word recall against the source text.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive import Archive, SearchRequest  # noqa: E402
from tests.indexer.test_ocr import ENGLISH, SPANISH, page_image, recall  # noqa: E402


def write_scans(src: Path, pages: int) -> dict[str, str]:
    """Scanned files of `pages` pages in all: {doc_id: the text they were made from}."""
    src.mkdir(parents=True, exist_ok=True)
    texts: dict[str, str] = {}
    n = 0
    while n < pages:
        text = f"{ENGLISH if n % 2 == 0 else SPANISH} Sheet {n}."  # distinct files: identical ones are indexed once
        if n % 5 == 4:
            page_image(text).save(src / f"flyer-{n:04d}.png")
            texts[f"flyer-{n:04d}.png"] = text
            n += 1
            continue
        count = min(3, pages - n)
        images = [page_image(text, rotate=90 if (n + i) % 7 == 3 else 0) for i in range(count)]
        images[0].save(src / f"scan-{n:04d}.pdf", "PDF", resolution=150, save_all=True, append_images=images[1:])
        texts[f"scan-{n:04d}.pdf"] = text
        n += count
    return texts


def timed_build(src: Path, index: Path) -> tuple[float, dict]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "indexer", "build", str(src), "--index", str(index), "--json", "--full"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - started, json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="ocr-bench-"))
    texts = write_scans(work / "src", args.pages)
    first, report = timed_build(work / "src", work / "index")
    second, _ = timed_build(work / "src", work / "index")
    archive = Archive(work / "index")
    recalls = [recall(t, " ".join(p["text"] for p in archive.document(d)["passages"])) for d, t in texts.items()]
    figures = {
        "pages": args.pages,
        "files": len(texts),
        "failed": len(report["failed"]),
        "first_build_s": round(first, 1),
        "ocr_pages_per_s": round(args.pages / first, 2),
        "second_build_s": round(second, 1),
        "second_vs_first": round(second / first, 3),
        "mean_word_recall": round(sum(recalls) / len(recalls), 3),
        "min_word_recall": round(min(recalls), 3),
        "found": Archive(work / "index").search(SearchRequest(query="warrant"))["total"],
    }
    if args.json:
        print(json.dumps(figures))
        return
    print(
        f"{args.pages} pages in {len(texts)} files: first build {first:.1f} s ({figures['ocr_pages_per_s']} pages/s "
        f"on two workers); second (--full, cached) {second:.1f} s; word recall mean {figures['mean_word_recall']}, "
        f"min {figures['min_word_recall']}"
    )


if __name__ == "__main__":
    main()
