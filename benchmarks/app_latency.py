"""How fast the app answers in a real browser: time from pressing Enter to the new results on screen.

Usage: python benchmarks/app_latency.py [--index DIR] [--runs N] [--json]

Starts `streamlit run app.py` on a free loopback port, opens it in Debian's Chromium (Playwright),
loads the page once (which opens the index), then types N queries and measures each until the
result count line shows the new query. Then the sample flyer's PDF page view (`?doc=…&page=N`):
- the first time each page is shown, opened as a link from elsewhere (a new page load; the page is
  rendered from the original, then kept in memory): target <= 1.5 s;
- once cached, as an advocate reaches it: clicking a result's page link ("p. 2") on the results
  page, N times (the app follows its own links within the session): target p95 <= 500 ms; and
  paging with "Next page" / "Previous page";
- once cached, opened as a shared link (a new page load), and, for scale, a bare Streamlit page
  showing the same picture beside some text opened the same way: what any Streamlit page load
  costs on this machine (a new session, the front end's first run), which no work in the app removes.
Each until the page's picture, with its caption, is on screen and the script is idle. Prints
p50/p95/max in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from streamlit_server import ROOT, running_streamlit

sys.path.insert(0, str(ROOT))

PAGE_VIEW_DOC = "pdfs/ending-criminalization-stops-deportations.pdf"
PAGE_VIEW_PAGES = (1, 2)
PAGE_VIEW_QUERY = "bond+funds"  # its results link to pages of the flyer
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
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
        for query in _cycle(QUERIES, args.runs):
            box.fill(query)
            started = time.perf_counter()
            box.press("Enter")
            page.get_by_text(f"for “{query}”").first.wait_for(timeout=30_000)
            page.locator(IDLE).wait_for()
            timings.append(time.perf_counter() - started)
        first_views = [_new_load_seconds(page, base + _page_view_path(n), n) for n in PAGE_VIEW_PAGES]
        from_results = _from_results_seconds(page, base, args.runs)
        flips = _page_flip_seconds(page, args.runs)
        shared = [_new_load_seconds(page, base + _page_view_path(n), n) for n in _cycle(PAGE_VIEW_PAGES, args.runs)]
        bare = _bare_page_seconds(page, args.index, args.runs)
        browser.close()
    ms = sorted(1000 * t for t in timings)
    report = {
        "first_load_ms": round(1000 * first_load),
        "runs": len(ms),
        "p50_ms": round(statistics.median(ms)),
        "p95_ms": round(ms[max(0, int(len(ms) * 0.95) - 1)]),
        "max_ms": round(ms[-1]),
        "page_view_first_ms": [round(1000 * t) for t in first_views],
        **{f"page_view_from_results_{k}": v for k, v in _percentiles(from_results).items()},
        **{f"page_view_next_previous_{k}": v for k, v in _percentiles(flips).items()},
        **{f"page_view_shared_link_{k}": v for k, v in _percentiles(shared).items()},
        **{f"bare_streamlit_page_{k}": v for k, v in _percentiles(bare).items()},
    }
    print(
        json.dumps(report)
        if args.json
        else f"first load {report['first_load_ms']} ms; search to results: p50 {report['p50_ms']} ms, "
        f"p95 {report['p95_ms']} ms, max {report['max_ms']} ms over {report['runs']} searches; "
        f"PDF page view first time {report['page_view_first_ms']} ms; cached, from a result's page link "
        f"p50 {report['page_view_from_results_p50_ms']} ms, p95 {report['page_view_from_results_p95_ms']} ms; "
        f"next/previous p50 {report['page_view_next_previous_p50_ms']} ms, "
        f"p95 {report['page_view_next_previous_p95_ms']} ms; as a shared link (a new page load) "
        f"p50 {report['page_view_shared_link_p50_ms']} ms, p95 {report['page_view_shared_link_p95_ms']} ms; "
        f"a bare Streamlit page with the same picture p50 {report['bare_streamlit_page_p50_ms']} ms, "
        f"p95 {report['bare_streamlit_page_p95_ms']} ms"
    )


def _cycle(values: tuple, runs: int) -> list:
    return (list(values) * (runs // len(values) + 1))[:runs]


def _page_view_path(number: int) -> str:
    return f"/?doc={PAGE_VIEW_DOC}&page={number}"


def _picture_shown(page: Any, number: int) -> None:
    """Wait until page `number`'s picture (its caption names it) is on screen and the script idle."""
    page.locator('[data-testid="stImage"]').filter(has_text=f"Page {number}").first.wait_for(timeout=60_000)
    page.locator(IDLE).wait_for()


def _new_load_seconds(page: Any, address: str, number: int) -> float:
    """Seconds from opening `address` as a new page load to page `number`'s picture on screen."""
    started = time.perf_counter()
    page.goto(address)
    _picture_shown(page, number)
    return time.perf_counter() - started


def _from_results_seconds(page: Any, base: str, runs: int) -> list[float]:
    """Seconds from clicking a result's link to a page of the flyer, on the results page, to that
    page's picture on screen, `runs` times (back to the results, unmeasured, in between)."""
    page.goto(f"{base}/?q={PAGE_VIEW_QUERY}")
    page.wait_for_function("window.archiveInSessionLinks === true")  # the app's links set up
    seconds = []
    for _ in range(runs):
        link = page.locator(f'.card a[href*="page="][href*="{PAGE_VIEW_DOC.rsplit("/", 1)[-1]}"]').first
        link.wait_for(timeout=60_000)
        page.locator(IDLE).wait_for()
        number = int(re.search(r"[?&]page=(\d+)", link.get_attribute("href") or "").group(1))
        started = time.perf_counter()
        link.click()
        _picture_shown(page, number)
        seconds.append(time.perf_counter() - started)
        page.get_by_role("link", name="← Back to results").click()
    return seconds


def _page_flip_seconds(page: Any, runs: int) -> list[float]:
    """Seconds from clicking "Next page" / "Previous page" in the flyer's page view to the other
    page's picture on screen, `runs` times."""
    page.locator(f'.card a[href*="page="][href*="{PAGE_VIEW_DOC.rsplit("/", 1)[-1]}"]').first.click()
    page.get_by_role("link", name="Whole document").wait_for(timeout=60_000)
    page.locator(IDLE).wait_for()
    seconds = []
    for _ in range(runs):
        number = int(re.search(r"[?&]page=(\d+)", page.url).group(1))
        forward = page.get_by_role("link", name="Next page →")
        step = 1 if forward.count() else -1
        target = forward if step == 1 else page.get_by_role("link", name="← Previous page")
        started = time.perf_counter()
        target.click()
        _picture_shown(page, number + step)
        seconds.append(time.perf_counter() - started)
    return seconds


BARE_PAGE = """import streamlit as st
st.set_page_config(layout="wide")
picture, text = st.columns([3, 2])
picture.image({png!r}, width="stretch")
text.markdown({words!r})
"""


def _bare_page_seconds(page: Any, index: str | None, runs: int) -> list[float]:
    """Seconds to open a bare Streamlit page showing the page view's picture, `runs` times."""
    from archive import Archive
    from archive.engine.store import default_index_dir

    view = Archive(Path(index) if index else ROOT / default_index_dir()).page_view(PAGE_VIEW_DOC, 1, "")
    if view.image is None:
        raise SystemExit("the flyer's original is not on this machine: build the sample index first")
    with tempfile.TemporaryDirectory() as folder:
        png = Path(folder) / "page.png"
        png.write_bytes(view.image.png)
        words = view.passage.passage.text if view.passage else ""
        script = Path(folder) / "bare.py"
        script.write_text(BARE_PAGE.format(png=str(png), words=words), encoding="utf-8")
        with running_streamlit({}, script=script) as base:
            _bare_seconds(page, f"{base}/")  # the server's first page
            return [_bare_seconds(page, f"{base}/?run={n}") for n in range(runs)]


def _bare_seconds(page: Any, address: str) -> float:
    started = time.perf_counter()
    page.goto(address)
    page.locator(f'{IDLE} [data-testid="stImage"] img').first.wait_for(timeout=60_000)
    return time.perf_counter() - started


def _percentiles(seconds: list[float]) -> dict[str, int]:
    ms = sorted(1000 * t for t in seconds)
    return {"p50_ms": round(statistics.median(ms)), "p95_ms": round(ms[max(0, int(len(ms) * 0.95) - 1)])}


if __name__ == "__main__":
    main()
