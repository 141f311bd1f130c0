"""A bounded load test on this machine only: many concurrent searches through the Python API, the
HTTP API and the running app's server in a real browser.

Usage:
  python benchmarks/load.py [--index DIR] [--threads 8] [--requests 2000] [--seconds 30]
                            [--clients 1,8,32] [--http-requests 600] [--users 4] [--searches 10] [--json]

Part 1 runs `--threads` threads that call `Archive.search` (the app's call) until `--requests`
searches or `--seconds` have passed. Part 2 sends HTTP requests (nine searches, then one Atom feed,
over and over; one keep-alive connection per client) to the API at each number of concurrent
`--clients`, served two ways: `python -m archive serve` (Starlette under uvicorn, alone) and the
app's own server (`streamlit run serve.py`, the API mounted in `st.App`), each with the per-client
limit off. Part 3 starts the app and drives `--users` concurrent Chromium pages (Playwright), each
typing `--searches` queries. All report throughput, p50/p95 latency and errors. The clients run in
this process, on the same cores as the server: figures are for this machine, not a server's
ceiling. Without `--index`, the bundled corpus is built into a temporary index. Traffic goes to
127.0.0.1 only, and every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
from api_server import running_api
from streamlit_server import running_streamlit

from archive import Archive, Filters, SearchRequest

ROOT = Path(__file__).resolve().parents[1]
QUERIES = [
    "detention",
    "#FreeThemAll",
    "deportation pipeline",
    "org:ILRC",
    '"mutual aid"',
    "kind:pdf detention",
    "bond funds",
    "ICE transfers",
    "racial justice",
    "covid",
    "sheriff",
    "Congress",
    "deportaton",
    "police*",
]


def summarize(latencies: list[float], errors: int, seconds: float) -> dict[str, float]:
    ms = sorted(1000 * t for t in latencies) or [0.0]
    return {
        "requests": len(latencies),
        "errors": errors,
        "seconds": round(seconds, 2),
        "per_second": round(len(latencies) / seconds, 1) if seconds else 0.0,
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(ms[max(0, int(len(ms) * 0.95) - 1)], 1),
    }


def load_api(index: Path, threads: int, max_requests: int, max_seconds: float) -> dict[str, float]:
    archive = Archive(index)

    def call(i: int) -> None:
        filters = Filters(kind=["statement"]) if i % 5 == 0 else Filters()
        archive.search(SearchRequest(query=QUERIES[i % len(QUERIES)], filters=filters))

    return run_clients(threads, max_requests, max_seconds, call)


def http_request_path(i: int) -> str:
    """The i-th request of the HTTP mix: nine searches (every fifth filtered), then a feed."""
    query = urlencode({"q": QUERIES[i % len(QUERIES)]})
    if i % 10 == 9:
        return f"/feeds/search.atom?{query}"
    return f"/api/search?{query}" + ("&kind=statement" if i % 5 == 0 else "")


def load_http(base: str, clients: int, max_requests: int, max_seconds: float) -> dict[str, float]:
    local = threading.local()

    def call(i: int) -> None:
        if not hasattr(local, "client"):
            local.client = httpx.Client(base_url=base, timeout=60)
        answer = local.client.get(http_request_path(i))
        if answer.status_code != 200:
            raise RuntimeError(f"{answer.status_code} for {http_request_path(i)}")

    return run_clients(clients, max_requests, max_seconds, call)


def run_clients(threads: int, max_requests: int, max_seconds: float, call: Callable[[int], None]) -> dict[str, float]:
    """`threads` threads making `call(i)` for i = 0, 1, … until `max_requests` or `max_seconds`."""
    latencies: list[float] = []
    errors = 0
    issued = 0
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds

    def worker(n: int) -> None:
        nonlocal errors, issued
        i = n
        while time.monotonic() < deadline:
            with lock:  # reserve a request first, so the count is exact
                if issued >= max_requests:
                    return
                issued += 1
            started = time.perf_counter()
            try:
                call(i)
            except Exception:
                with lock:
                    errors += 1
            else:
                with lock:
                    latencies.append(time.perf_counter() - started)
            i += threads

    started = time.monotonic()
    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return summarize(latencies, errors, time.monotonic() - started)


async def _browser_users(base: str, users: int, searches: int) -> tuple[list[float], int]:
    from playwright.async_api import async_playwright

    latencies: list[float] = []
    errors = 0
    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        )

        async def user(n: int) -> None:
            nonlocal errors
            page = await browser.new_page()
            page.set_default_timeout(30_000)
            await page.goto(base + "/")
            await page.locator(".card").first.wait_for(timeout=120_000)
            box = page.get_by_role("textbox", name="Search")
            for k in range(searches):
                query = QUERIES[(n + k) % len(QUERIES)] + f" {k}"
                started = time.perf_counter()
                try:
                    await box.fill(query)
                    await box.press("Enter")
                    # the app writes the query to the URL when its run ends, found or not
                    await page.wait_for_function("q => new URL(location.href).searchParams.get('q') === q", arg=query)
                    latencies.append(time.perf_counter() - started)
                except Exception:
                    errors += 1
            await page.close()

        await asyncio.gather(*(user(n) for n in range(users)))
        await browser.close()
    return latencies, errors


def load_http_servers(
    index: Path, clients: list[int], max_requests: int, max_seconds: float
) -> dict[str, dict[str, float]]:
    """The HTTP mix at each number of clients, on the API served alone and inside the app's server."""
    report = {}
    with running_api(index, "--rate-limit", "0") as base:
        for n in clients:
            report[f"http_alone_{n}"] = load_http(base, n, max_requests, max_seconds)
    with running_streamlit({"ARCHIVE_INDEX": str(index), "ARCHIVE_API_RATE_LIMIT": "0"}) as base:
        for n in clients:
            report[f"http_in_app_{n}"] = load_http(base, n, max_requests, max_seconds)
    return report


def load_app(index: Path, users: int, searches: int) -> dict[str, float]:
    with running_streamlit({"ARCHIVE_INDEX": str(index)}) as base:
        started = time.monotonic()
        latencies, errors = asyncio.run(_browser_users(base, users, searches))
        return summarize(latencies, errors, time.monotonic() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", default="1,8,32", help="numbers of concurrent HTTP clients")
    parser.add_argument("--http-requests", type=int, default=600, help="HTTP requests at each number of clients")
    parser.add_argument("--users", type=int, default=4)
    parser.add_argument("--searches", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        index = args.index
        if index is None:
            from indexer.build import build

            index = Path(tmp) / "index"
            build([ROOT / "corpus"], index, progress=False)
        clients = [int(n) for n in args.clients.split(",") if n.strip()]
        report = {
            "api": load_api(index, args.threads, args.requests, args.seconds),
            **load_http_servers(index, clients, args.http_requests, args.seconds),
            "app": load_app(index, args.users, args.searches),
        }
    if args.json:
        print(json.dumps(report))
        return
    for name, row in report.items():
        print(
            f"{name}: {row['requests']} requests in {row['seconds']} s = {row['per_second']}/s, "
            f"p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms, errors {row['errors']}"
        )


if __name__ == "__main__":
    main()
