"""Run the API as users get it: `python -m archive serve` on a free loopback port, for the tests and
the load benchmark (one implementation for all of them)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from benchmarks.streamlit_server import ROOT, free_port


@contextlib.contextmanager
def running_api(
    index_dir: Path, *args: str, log_path: Path | None = None, env: dict[str, str] | None = None
) -> Iterator[str]:
    """Start the API server on `index_dir` with extra `args` (`--rate-limit 0`, `--public-url …`);
    yield its base URL once it answers; stop it after. Output goes to `log_path` (a file, never an
    unread pipe that could block the server)."""
    port = free_port()
    command = [sys.executable, "-m", "archive", "serve", "--index", str(index_dir), "--port", str(port), *args]
    with open(log_path or os.devnull, "w") as log:
        proc = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL, stdout=log, stderr=log
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_answering(base, proc)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_until_answering(base: str, proc: subprocess.Popen[bytes], limit: float = 120) -> None:
    """Poll until the server answers any HTTP status (a state), or its process has ended."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the API server exited with {proc.returncode}")
        try:
            httpx.get(f"{base}/api/nothing", timeout=5)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError(f"the API server did not answer within {limit} s")
