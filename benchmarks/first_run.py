"""A new user's first hour, timed: `./run.sh` in a fresh clone, then again.

Usage: python benchmarks/first_run.py [--repo DIR] [--keep]

Clones the repository (its committed HEAD) into a temporary folder and runs `./run.sh` there as a
new user would, reading the lines it prints as they come: when the Python packages are in place
(the "checking Tesseract" line), when the index is built, when the server answers, and when
Chromium (Debian's, driven by Playwright) shows the first page of results. Then it stops the app
and starts it again: a second start should serve a page within seconds. Targets (issue #28, on this
machine kind): first results <= 60 s after pip has finished; a second start <= 5 s to a served page.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.streamlit_server import free_port  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


class Run:
    """One `./run.sh` in `clone`, its printed lines timestamped from its start."""

    def __init__(self, clone: Path, port: int) -> None:
        self.started = time.monotonic()
        self.lines: list[tuple[float, str]] = []
        env = {**os.environ, "STREAMLIT_SERVER_HEADLESS": "true", "STREAMLIT_SERVER_ADDRESS": "127.0.0.1"}
        env.pop("ARCHIVE_INDEX", None)
        self.process = subprocess.Popen(
            ["bash", "run.sh", "--server.port", str(port)],
            cwd=clone,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append((time.monotonic() - self.started, line.rstrip()))

    def when(self, text: str) -> float | None:
        return next((t for t, line in self.lines if text in line), None)

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)


def served(base: str, run: Run, seconds: float) -> float:
    """Seconds from the run's start until the server answers its health check."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if run.process.poll() is not None:
            raise RuntimeError("run.sh ended:\n" + "\n".join(line for _, line in run.lines[-20:]))
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return time.monotonic() - run.started
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"no answer from {base} within {seconds:g} s")


def first_results(base: str, run: Run) -> float:
    """Seconds from the run's start until Chromium shows result cards on the first page."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_default_timeout(120_000)
        page.goto(base)
        page.locator("h2.card-title").first.wait_for()
        shown = time.monotonic() - run.started
        browser.close()
    return shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, default=ROOT, help="the repository to clone (default: this one)")
    parser.add_argument("--keep", action="store_true", help="keep the clone (its path is printed)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="first-run-"))
    clone = work / "archive-search"
    subprocess.run(["git", "clone", "--quiet", str(args.repo), str(clone)], check=True)
    figures: dict[str, object] = {"clone": str(clone)}
    try:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        first = Run(clone, port)
        figures["first_served_s"] = round(served(base, first, 1800), 1)
        figures["first_results_s"] = round(first_results(base, first), 1)
        pip_done = first.when("checking Tesseract")
        built = first.when("starting the app")
        figures["pip_done_s"] = round(pip_done or 0, 1)
        figures["index_built_s"] = round((built or 0) - (pip_done or 0), 1)
        figures["first_results_after_pip_s"] = round(figures["first_results_s"] - (pip_done or 0), 1)  # type: ignore[operator]
        figures["first_run_lines"] = [line for _, line in first.lines if line.startswith("Archive Search:")]
        first.stop()
        second = Run(clone, port)
        figures["second_served_s"] = round(served(base, second, 120), 1)
        figures["second_results_s"] = round(first_results(base, second), 1)
        second.stop()
        figures["targets"] = {
            "first_results_after_pip_s <= 60": figures["first_results_after_pip_s"] <= 60,  # type: ignore[operator]
            "second_served_s <= 5": figures["second_served_s"] <= 5,  # type: ignore[operator]
        }
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
