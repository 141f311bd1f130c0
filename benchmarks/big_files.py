"""The biggest real files an archive may hold, end to end: build, search, document page.

Usage: python benchmarks/big_files.py [--cues N] [--work DIR] [--json]

Writes a transcript of N cues (default 500,000, about 33 MB: a speaker change every second, the
worst case for passage merging), a 14 MB HTML page of tiny elements, pages nested 5,000 / 10,000 /
20,000 levels deep and one ordinary statement; builds them with `python -m indexer build`; then
times a search that hits the transcript (through the public API, as the app calls it) and opens
the transcript's document page in Debian's Chromium against a real `streamlit run` server, reading
the server's resident memory before and after. Targets (docs/how-it-works.md, "Reliability and safety"): the
build finishes, the transcript has a bounded number of passages, search < 0.5 s, the document
page < 2 s adding < 300 MB to the server; the HTML pages are refused early with a reason.
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
from streamlit_server import running_streamlit  # noqa: E402

from archive import Archive, SearchRequest  # noqa: E402

WORDS = "detention bond fund community police transfer sheriff county families immigrants rights campaign".split()


def write_files(src: Path, cues: int) -> dict[str, float]:
    src.mkdir(parents=True, exist_ok=True)
    with (src / "marathon.vtt").open("w") as out:
        out.write("WEBVTT\n\n")
        for i in range(cues):
            h, m, s = i // 3600, i // 60 % 60, i % 60
            words = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(4))
            out.write(
                f"{h:02d}:{m:02d}:{s:02d}.000 --> {h:02d}:{m:02d}:{s:02d}.900\n<v Speaker {i % 2}>{words} {i}</v>\n\n"
            )
    tiny = ["<html><head><title>Tiny</title></head><body><article>"]
    size = 0
    while size < 14_000_000:
        piece = f'<span class="w">w{size}</span> '
        tiny.append(piece)
        size += len(piece)
    (src / "tiny-elements.html").write_text("".join(tiny) + "</article></body></html>")
    for depth in (5_000, 10_000, 20_000):
        inner = "Deep words about the community defense campaign. " * 20
        (src / f"nested-{depth}.html").write_text(
            f"<html><body><article>{'<div>' * depth}{inner}{'</div>' * depth}</article></body></html>"
        )
    (src / "ordinary.md").write_text("# Ordinary statement\n\nOur bond fund freed people from detention.\n")
    return {p.name: round(p.stat().st_size / 1e6, 1) for p in src.iterdir()}


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cues", type=int, default=500_000)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="big-files-"))
    src, index = work / "src", work / "index"
    sizes = write_files(src, args.cues)

    build_seconds, report = timed_build(src, index, "--full")

    archive = Archive(index)
    passages = archive.metadata("marathon.vtt").passage_count
    timings = []
    for query in ("detention sheriff", "community", '"bond fund"', "families 250000", "rights"):
        started = time.perf_counter()
        archive.search(SearchRequest(query=query))
        timings.append(time.perf_counter() - started)

    from playwright.sync_api import sync_playwright

    server: list[subprocess.Popen[bytes]] = []
    with running_streamlit({"ARCHIVE_INDEX": str(index)}, on_start=server.append) as base, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        )
        page = browser.new_page()
        page.goto(base + "/")
        page.locator(".card").first.wait_for(timeout=120_000)
        before = rss_mb(server[0].pid)
        started = time.perf_counter()
        page.goto(base + "/?doc=marathon.vtt&q=detention")
        page.locator(".passage").first.wait_for(timeout=120_000)
        page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=120_000)
        page_seconds = time.perf_counter() - started
        after = rss_mb(server[0].pid)
        browser.close()

    figures = {
        "files_mb": sizes,
        "build_seconds": round(build_seconds, 1),
        "transcript_cues": args.cues,
        "transcript_passages": passages,
        "refused": {f["path"].rsplit("/", 1)[1]: f["error"] for f in report["failed"]},
        "search_max_s": round(max(timings), 3),
        "search_ms": [round(1000 * t) for t in timings],
        "document_page_s": round(page_seconds, 2),
        "server_rss_mb": {"before": round(before), "after": round(after), "added": round(after - before)},
    }
    if args.json:
        print(json.dumps(figures))
        return
    print(f"files (MB): {sizes}")
    print(f"build: {figures['build_seconds']} s; transcript of {args.cues:,} cues -> {passages} passages")
    for name, reason in figures["refused"].items():
        print(f"refused: {name}: {reason}")
    print(f"search: max {figures['search_max_s']} s over {len(timings)} queries ({figures['search_ms']} ms)")
    print(f"document page: {figures['document_page_s']} s; server memory {before:.0f} -> {after:.0f} MB")


if __name__ == "__main__":
    main()
