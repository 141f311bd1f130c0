"""Crawling a website: a generated N-post WordPress-like site served on 127.0.0.1, read twice.

Usage: python benchmarks/crawl.py [--posts 2000] [--method wordpress|sitemap|both] [--repeats 5] [--json]

For each method (the REST API; the sitemap, with the API switched off) the site is crawled into an
empty mirror folder (indexer.sources.prepare_sources, as `python -m indexer build <address>` does,
without the index build), then crawled again unchanged; `--repeats` such pairs, each into a fresh
mirror, and the median times are compared. Prints pages/s, requests and bytes for
each crawl. Target (docs/reference.md, "From a website"): the second crawl makes only conditional requests
(robots.txt and the API probe aside) and takes < 10% of the first. The posts are synthetic: their
words are drawn from a fixed list, attributed to nobody.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive.shared.profile import SourceEntry  # noqa: E402
from indexer.sources import prepare_sources  # noqa: E402
from tests.wordpress_site import Post, SiteState, serve  # noqa: E402

WORDS = (
    "detention bond fund community police transfer sheriff county families immigrants rights campaign "
    "deportation court hearing release justice network statement organizers legal defense"
).split()
UNCONDITIONAL = ("/robots.txt", "/wp-json/")  # the rules, and whether the site has an API: asked every time


def generated_site(posts: int, *, rest: bool) -> SiteState:
    """`posts` synthetic posts of about 400 words each, dated over ten years."""
    rng = random.Random(7)
    made = []
    for i in range(1, posts + 1):
        paragraphs = "".join(
            "<p>" + " ".join(rng.choice(WORDS) for _ in range(80)).capitalize() + ".</p>" for _ in range(5)
        )
        day = f"20{10 + i % 10:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}T12:00:00"
        made.append(Post(i, f"synthetic-post-{i}", f"Synthetic post {i}", paragraphs, day, day, categories=(1,)))
    return SiteState(name="Generated site (synthetic)", posts=made, rest=rest)


def crawl(site: SiteState, method: str, work: Path) -> dict[str, float]:
    entry = SourceEntry(method, f"{site.base}/", delay=0)
    site.requests.clear()
    started = time.perf_counter()
    prepared = prepare_sources([entry], work)
    seconds = time.perf_counter() - started
    report = prepared.read[0].report
    asked = [h for p, h in site.requests if p.split("?")[0] not in UNCONDITIONAL]
    return {
        "seconds": round(seconds, 2),
        "documents": report.written + report.unchanged,
        "pages_per_s": round((report.written + report.unchanged) / seconds, 1),
        "requests": len(site.requests),
        "conditional_requests": sum(1 for h in asked if "If-None-Match" in h or "If-Modified-Since" in h),
        "unconditional_requests": sum(1 for h in asked if "If-None-Match" not in h and "If-Modified-Since" not in h),
        "bytes": report.bytes_received,
        "written": report.written,
        "failed": len(report.failed),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--method", choices=("wordpress", "sitemap", "both"), default="both")
    parser.add_argument("--repeats", type=int, default=5, help="crawl pairs per method; medians are compared")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    methods = ("wordpress", "sitemap") if args.method == "both" else (args.method,)
    results = {}
    for method in methods:
        pairs = []
        with serve(generated_site(args.posts, rest=method == "wordpress")) as site:
            for _ in range(max(1, args.repeats)):
                with tempfile.TemporaryDirectory() as work:
                    pairs.append((crawl(site, method, Path(work)), crawl(site, method, Path(work))))
        # a single crawl of a local site varies by a third from run to run: medians say more than one pair
        ratio = statistics.median(s["seconds"] for _, s in pairs) / statistics.median(f["seconds"] for f, _ in pairs)
        results[method] = {
            "pairs": [{"first": first, "second": second} for first, second in pairs],
            "second_over_first": round(ratio, 3),
            "target_met": ratio < 0.10
            and all(second["unconditional_requests"] == 0 and second["written"] == 0 for _, second in pairs),
        }
        if not args.json:
            for first, second in pairs:
                for name, figures in (("first", first), ("second", second)):
                    print(
                        f"{method:9} {name:6} {figures['documents']:5.0f} documents in {figures['seconds']:6.2f} s "
                        f"({figures['pages_per_s']:.0f}/s), {figures['requests']:.0f} requests "
                        f"({figures['conditional_requests']:.0f} conditional, "
                        f"{figures['unconditional_requests']:.0f} unconditional besides robots.txt and the API "
                        f"probe), {figures['bytes'] / 1e6:.1f} MB, {figures['failed']:.0f} failed"
                    )
            verdict = "met" if results[method]["target_met"] else "NOT met"
            print(
                f"{method:9} median second / median first = {ratio:.3f} over {len(pairs)} pairs "
                f"(target < 0.10): {verdict}"
            )
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
