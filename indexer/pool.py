"""Extraction in worker processes that can be killed: both cores busy, no file can hang a build.

A process pool from the standard library cannot stop one stuck task, and a pathological PDF can make
pypdf loop for minutes. Here each worker takes one file at a time and announces it; the parent kills a
worker whose file runs past the time limit (or that dies), reports that file, and starts a fresh
worker, while the other workers carry on.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from archive.model import Document
from indexer.errors import ExtractionError

DEFAULT_TIMEOUT = 120.0


@dataclass
class Outcome:
    """The result of one task: a Document, or the reason there is none."""

    task: Any
    document: Document | None = None
    error: str | None = None


def _worker(extract: Callable[[Any], Document], tasks: Any, results: Any) -> None:
    while True:
        item = tasks.get()
        if item is None:
            return
        index, task = item
        results.put(("start", index, os.getpid()))
        try:
            results.put(("done", index, extract(task)))
        except ExtractionError as exc:
            results.put(("fail", index, str(exc)))
        except Exception as exc:
            results.put(("fail", index, f"extraction failed: {type(exc).__name__}: {exc}"))


def run_pool(
    tasks: list[Any], extract: Callable[[Any], Document], jobs: int = 2, timeout: float = DEFAULT_TIMEOUT
) -> Iterator[Outcome]:
    """Yield an Outcome for every task, in completion order. `extract` must be picklable or defined
    at module level (workers are forked, so it is inherited as it is)."""
    if not tasks:
        return
    ctx = mp.get_context("fork")
    task_queue: Any = ctx.Queue()
    results: Any = ctx.Queue()
    for item in enumerate(tasks):
        task_queue.put(item)
    workers: dict[int, Any] = {}
    running: dict[int, tuple[int, float]] = {}  # worker pid -> (task index, start time)
    finished: set[int] = set()

    def spawn() -> None:
        proc = ctx.Process(target=_worker, args=(extract, task_queue, results), daemon=True)
        proc.start()
        workers[proc.pid] = proc

    for _ in range(min(jobs, len(tasks))):
        spawn()
    try:
        while len(finished) < len(tasks):
            try:
                kind, index, payload = results.get(timeout=0.2)
            except queue.Empty:
                kind = None
            if kind == "start":
                running[payload] = (index, time.monotonic())
            elif kind in ("done", "fail"):
                finished.add(index)
                for pid, (task_index, _) in list(running.items()):
                    if task_index == index:
                        del running[pid]
                if kind == "done":
                    yield Outcome(tasks[index], document=payload)
                else:
                    yield Outcome(tasks[index], error=payload)
            now = time.monotonic()
            for pid, (index, started) in list(running.items()):
                proc = workers.get(pid)
                timed_out = now - started > timeout
                died = proc is not None and not proc.is_alive()
                if index in finished or not (timed_out or died):
                    continue
                if proc is not None:
                    proc.kill()
                    proc.join()
                    del workers[pid]
                del running[pid]
                finished.add(index)
                reason = (
                    f"extraction timed out after {timeout:g} s"
                    if timed_out
                    else f"extraction crashed (worker exit code {proc.exitcode if proc else '?'})"
                )
                yield Outcome(tasks[index], error=reason)
                if len(finished) < len(tasks):
                    spawn()
            if len(finished) < len(tasks) and not any(w.is_alive() for w in workers.values()):
                spawn()
    finally:
        for _ in workers:
            task_queue.put(None)
        for proc in workers.values():
            proc.join(timeout=1)
            if proc.is_alive():
                proc.kill()
                proc.join()
        task_queue.close()
        results.close()
