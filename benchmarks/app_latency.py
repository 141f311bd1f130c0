"""How fast the app answers in a real browser: time from pressing Enter to the new results on screen.

Usage: python benchmarks/app_latency.py [--index DIR] [--runs N] [--json]

Starts `streamlit run app.py` on a free loopback port, opens it in Debian's Chromium (Playwright),
loads the page once (which opens the index), then types N queries and measures each until the
result count line shows the new query. Then it opens the sample flyer's PDF page view
(`?doc=…&page=N`, as a passage's link does): each page the first time (rendered from the original,
then kept in memory) and again N times once cached, until the page's picture is on screen. Prints
p50/p95/max in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from streamlit_server import running_streamlit

PAGE_VIEW_DOC = "pdfs/ending-criminalization-stops-deportations.pdf"
PAGE_VIEW_PAGES = (1, 2)
QUERIES = [
    "detention",
    "#FreeThemAll",
    "deportation pipeline",
    "org:ILRC",
    '"mutual aid"',
    "kind:pdf",
    "bond funds",
    "ICE transfers",
    "racial justice",
    "covid",
    "sheriff",
    "Congress",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", default=None)
    parser.add_argument("--runs", type=int, default=12)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    env = {"ARCHIVE_INDEX": args.index} if args.index else {}
    with running_streamlit(env) as base, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        )
        page = browser.new_page()
        started = time.perf_counter()
        page.goto(base + "/")
        page.locator(".card").first.wait_for(timeout=120_000)
        first_load = time.perf_counter() - started
        box = page.get_by_role("textbox", name="Search")
        timings = []
        for query in (QUERIES * (args.runs // len(QUERIES) + 1))[: args.runs]:
            box.fill(query)
            started = time.perf_counter()
            box.press("Enter")
            page.get_by_text(f"for “{query}”").first.wait_for(timeout=30_000)
            page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for()
            timings.append(time.perf_counter() - started)
        first_views, cached_views = [], []
        for n in PAGE_VIEW_PAGES:
            first_views.append(_page_view_seconds(page, base, n))
        for n in (PAGE_VIEW_PAGES * (args.runs // len(PAGE_VIEW_PAGES) + 1))[: args.runs]:
            cached_views.append(_page_view_seconds(page, base, n))
        browser.close()
    ms = sorted(1000 * t for t in timings)
    report = {
        "first_load_ms": round(1000 * first_load),
        "runs": len(ms),
        "p50_ms": round(statistics.median(ms)),
        "p95_ms": round(ms[max(0, int(len(ms) * 0.95) - 1)]),
        "max_ms": round(ms[-1]),
        "page_view_first_ms": [round(1000 * t) for t in first_views],
        **{f"page_view_cached_{k}": v for k, v in _percentiles(cached_views).items()},
    }
    print(
        json.dumps(report)
        if args.json
        else f"first load {report['first_load_ms']} ms; search to results: p50 {report['p50_ms']} ms, "
        f"p95 {report['p95_ms']} ms, max {report['max_ms']} ms over {report['runs']} searches; "
        f"PDF page view first time {report['page_view_first_ms']} ms, cached p50 "
        f"{report['page_view_cached_p50_ms']} ms, p95 {report['page_view_cached_p95_ms']} ms"
    )


def _page_view_seconds(page: object, base: str, number: int) -> float:
    """Seconds from following a passage's page-view link to the page's picture on screen."""
    started = time.perf_counter()
    page.goto(f"{base}/?doc={PAGE_VIEW_DOC}&page={number}")  # type: ignore[attr-defined]
    page.locator('[data-testid="stImage"] img').first.wait_for(timeout=60_000)  # type: ignore[attr-defined]
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for()  # type: ignore[attr-defined]
    return time.perf_counter() - started


def _percentiles(seconds: list[float]) -> dict[str, int]:
    ms = sorted(1000 * t for t in seconds)
    return {"p50_ms": round(statistics.median(ms)), "p95_ms": round(ms[max(0, int(len(ms) * 0.95) - 1)])}


if __name__ == "__main__":
    main()
