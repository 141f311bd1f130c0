"""Run the app as users get it: `streamlit run serve.py` (app.py with its HTTP routes) on a free
loopback port, for the browser tests and the benchmarks that measure the app (one implementation
for all of them)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_streamlit(
    env: dict[str, str],
    log_path: Path | None = None,
    start_timeout: float = 60,
    on_start: Callable[[subprocess.Popen[bytes]], None] | None = None,
    script: Path = ROOT / "serve.py",
) -> Iterator[str]:
    """Start the app (or another `script`) with extra environment `env`; yield its base URL once
    healthy; stop it after. Output goes to `log_path` (a file, never an unread pipe that could block
    the server); `on_start` receives the server's process (benchmarks read its memory)."""
    port = free_port()
    with open(log_path or os.devnull, "w") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(script),
                "--server.headless",
                "true",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(port),
                "--server.fileWatcherType",
                "none",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env={**os.environ, **env},
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + start_timeout
        while True:
            detail = log_path.read_text() if log_path else ""
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited rc={proc.returncode}:\n{detail}")
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"streamlit not healthy after {start_timeout:g} s:\n{detail}")
            time.sleep(0.2)
        if on_start is not None:
            on_start(proc)
        try:
            yield base
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
