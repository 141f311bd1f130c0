"""OCR speed on two cores, and what the cache saves on a rebuild.

Usage: python benchmarks/ocr.py [--pages N] [--work DIR] [--json]

Writes scanned PDFs (pages of images of known English and Spanish text, made with Pillow and a
TrueType font, 150 dpi, some turned sideways) and PNG flyers, N pages in all; times a full build
with `python -m indexer build` (OCR in the two extraction workers), then a second full build
(`--full`), which takes every page from the OCR cache beside the index. Prints pages/s of the
first build, the second build's time, and the word recall against the source text.

`--ocrmypdf PATH` also runs OCRmyPDF (the alternative the project measured itself against) on the
same PDFs (`--jobs 2 -l eng+spa --rotate-pages`, then pypdf reads the text layer it wrote) and
prints its pages/s and word recall beside ours.
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
sys.path.insert(0, str(ROOT / "benchmarks"))

from performance import timed_build  # noqa: E402

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


def run_ocrmypdf(binary: str, src: Path, out: Path, texts: dict[str, str]) -> dict[str, float]:
    """OCRmyPDF on every scanned PDF: pages per second and word recall of the text layer it adds."""
    from pypdf import PdfReader

    out.mkdir(parents=True, exist_ok=True)
    pdfs = [d for d in texts if d.endswith(".pdf")]
    pages = recall_sum = 0.0
    started = time.perf_counter()
    for name in pdfs:
        target = out / name
        subprocess.run(
            [
                binary,
                "--jobs",
                "2",
                "-l",
                "eng+spa",
                "--rotate-pages",
                "--output-type",
                "pdf",
                str(src / name),
                str(target),
            ],
            check=True,
            capture_output=True,
        )
    seconds = time.perf_counter() - started
    for name in pdfs:
        reader = PdfReader(str(out / name))
        pages += len(reader.pages)
        recall_sum += recall(texts[name], " ".join(p.extract_text() or "" for p in reader.pages))
    return {
        "seconds": round(seconds, 1),
        "pages_per_s": round(pages / seconds, 2),
        "mean_word_recall": round(recall_sum / len(pdfs), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--ocrmypdf", help="an ocrmypdf executable to measure on the same scans")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="ocr-bench-"))
    texts = write_scans(work / "src", args.pages)
    first, report = timed_build(work / "src", work / "index", "--full")
    second, _ = timed_build(work / "src", work / "index", "--full")
    archive = Archive(work / "index")
    recalls = [recall(t, " ".join(p.text for p in archive.document(d).passages)) for d, t in texts.items()]
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
        "found": Archive(work / "index").search(SearchRequest(query="warrant")).total,
    }
    if args.ocrmypdf:
        ours = [
            recall(t, " ".join(p.text for p in archive.document(d).passages))
            for d, t in texts.items()
            if d.endswith(".pdf")
        ]
        figures["pdf_mean_word_recall"] = round(sum(ours) / len(ours), 3)
        figures["ocrmypdf"] = run_ocrmypdf(args.ocrmypdf, work / "src", work / "ocrmypdf", texts)
    if args.json:
        print(json.dumps(figures))
        return
    print(
        f"{args.pages} pages in {len(texts)} files: first build {first:.1f} s ({figures['ocr_pages_per_s']} pages/s "
        f"on two workers); second (--full, cached) {second:.1f} s; word recall mean {figures['mean_word_recall']}, "
        f"min {figures['min_word_recall']}"
    )
    if args.ocrmypdf:
        other = figures["ocrmypdf"]
        print(
            f"PDFs only: ours recall {figures['pdf_mean_word_recall']}; OCRmyPDF {other['pages_per_s']} pages/s "
            f"({other['seconds']} s), recall {other['mean_word_recall']}"
        )


if __name__ == "__main__":
    main()
