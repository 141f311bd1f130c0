"""Extraction in worker processes that can be killed: both cores busy, no file can hang a build.

A process pool from the standard library cannot stop one stuck task, and a pathological PDF can make
pypdf loop for minutes. Here each worker has a private pipe and the parent hands it one file at a
time, so the parent always knows which file a worker holds and since when. A worker whose file runs
past the time limit is killed, one that dies is noticed through its process sentinel; either way
that file is reported, a fresh worker takes its place, and the others carry on. Nothing is shared
between workers, so killing one cannot leave a lock held.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import multiprocessing as mp
import os
import resource
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from archive.shared.model import Document
from indexer.errors import ExtractionError, NotADocumentError
from indexer.library_log import library_messages

DEFAULT_TIMEOUT = 120.0
PR_SET_PDEATHSIG = 1  # prctl(2) option
WORKER_MEMORY_BYTES = 2 * 1024**3  # per extraction worker; the machine has 24 GiB and two workers


def memory_reason(limit: int = WORKER_MEMORY_BYTES) -> str:
    """What to tell the archivist about a file that hit a worker's memory cap of `limit` bytes."""
    size = f"{limit / 2**30:g} GiB" if limit >= 2**30 else f"{limit / 2**20:g} MiB"
    return (
        f"the file needed more than {size} of memory to read; it is damaged or far larger than a document "
        "of its kind should be (split it, or save it again from the program that made it)"
    )


@dataclass
class Outcome:
    """The result of one task: a Document, or the reason there is none."""

    task: Any
    document: Document | None = None
    error: str | None = None
    detail: str = ""  # the technical cause, for programmers
    skipped: bool = False  # the error says why the file is not a document (NotADocumentError), not a failure
    messages: list[str] = field(default_factory=list)  # what the libraries complained of (library_log)


def _load_libc() -> ctypes.CDLL | None:
    """libc, loaded once in the parent: finding it runs `ldconfig` in a subprocess, and doing that in
    every forked child would leave a window in which the child could outlive a killed build."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return None


_LIBC = _load_libc()
_forking_pid: int | None = None  # the pid of the process about to fork, recorded by remember_forking_parent


def remember_forking_parent() -> None:
    """Record who is forking (an os.register_at_fork `before` hook), so the child can tell whether
    its parent died before the child could ask to die with it."""
    global _forking_pid
    _forking_pid = os.getpid()


def die_with_parent() -> None:
    """Ask Linux to kill this worker when the build process dies (even by SIGKILL), so a killed build
    leaves no orphans holding the index's files and the caller's pipes. The request only covers a
    parent that is still alive when it is made: a build killed between fork() and prctl() would leave
    the child orphaned, so the child then checks that its parent is still the process that forked it.
    Elsewhere than Linux this is a no-op; the pipe's end-of-file still stops the worker."""
    if _LIBC is None:
        return
    try:
        _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except AttributeError:  # no libc, or no prctl (not Linux)
        return
    if _forking_pid is not None and os.getppid() != _forking_pid:
        os._exit(1)


_HOOKED: list[bool] = []


def children_die_with_this_process() -> None:
    """From now on, every process this one forks (extraction workers, Whoosh's writer processes)
    dies with it, even when it is SIGKILLed: orphans would hold the index's files and the caller's
    pipes. Registered once per process, by the first build (not on import)."""
    if not _HOOKED:
        os.register_at_fork(before=remember_forking_parent, after_in_child=die_with_parent)
        _HOOKED.append(True)


def _memory_bytes(field: str) -> int:
    """A size of this process from Linux's /proc/self/status ("VmSize": virtual, "VmRSS": resident);
    0 where unknown."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _virtual_bytes() -> int:
    return _memory_bytes("VmSize")


def _address_space_reader() -> Callable[[], int]:
    """This process's address space in bytes (VmSize), read cheaply enough to sample every few
    milliseconds: the first number of /proc/self/statm (pages) through a descriptor kept open.
    Parsing /proc/self/status 200 times a second cost a build 4% of its CPU."""
    try:
        statm = os.open("/proc/self/statm", os.O_RDONLY)
    except OSError:
        return _virtual_bytes
    page = os.sysconf("SC_PAGE_SIZE")

    def size() -> int:
        try:
            return int(os.pread(statm, 64, 0).split()[0]) * page
        except (OSError, ValueError, IndexError):
            return 0

    return size


def _limit_memory(limit_bytes: int) -> int:
    """Let a worker grow by at most `limit_bytes` (WORKER_MEMORY_BYTES in builds), so a file that
    decompresses to gigabytes fails with a MemoryError (reported) instead of exhausting the machine.
    The limit is on address space, which a forked worker inherits from its parent, so it is set
    above the current size.
    Returns the size the worker started at (0 where unknown)."""
    current = _virtual_bytes()
    if current:
        limit = current + limit_bytes
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return current


def _watch_growth(start: int, grown: Any) -> None:
    """Keep `grown` (shared with the parent) at how far this worker's address space has grown past
    `start`. Code in C that runs out of memory often aborts the process instead of raising
    MemoryError; the parent then still knows that the worker was at its cap when it died."""

    size = _address_space_reader()

    def sample() -> None:
        while True:
            grown.value = max(grown.value, size() - start)
            time.sleep(0.005)

    threading.Thread(target=sample, daemon=True).start()


_TO_PARENT: list[Connection] = []  # in a worker: its pipe to the build, for more_time


def more_time(seconds: float) -> None:
    """Ask the build for `seconds` more than the per-file limit for the file in hand: work whose
    length grows with the file (OCR of each scanned page) has its own limit per piece. Outside a
    worker, does nothing."""
    if _TO_PARENT:
        _TO_PARENT[0].send(("more time", seconds))


def report_progress(text: str) -> None:
    """Tell the build how far the file in hand has got ("12 of 58 min of audio"), for its progress
    bar: a long recording is otherwise a bar that does not move. Outside a worker, does nothing."""
    if _TO_PARENT:
        _TO_PARENT[0].send(("progress", text))


def _worker(
    extract: Callable[[Any], Document], conn: Connection, inherited: list[Connection], grown: Any, limit: int
) -> None:
    die_with_parent()
    _TO_PARENT[:] = [conn]
    _watch_growth(_limit_memory(limit), grown)
    for other in inherited:  # the parent's ends of every pipe, copied by fork: keep none open
        other.close()
    while True:
        item = conn.recv()
        if item is None:
            return
        grown.value = 0  # per file: the peak while reading this one
        result: tuple[bool, Any]
        with library_messages() as messages:
            try:
                result = (True, extract(item))
            except ExtractionError as exc:
                result = (False, (str(exc), exc.detail, isinstance(exc, NotADocumentError)))
            except MemoryError:
                result = (False, (memory_reason(limit), "MemoryError", False))
            except Exception as exc:  # an extractor bug becomes a reported file, not a dead build
                reason = "extraction failed because of a bug in Archive Search; please report it with the file"
                result = (False, (reason, f"{type(exc).__name__}: {exc}", False))
        conn.send((*result, messages))


@dataclass
class _Worker:
    process: Any
    conn: Connection
    grown: Any  # shared: how far the worker's memory grew (see _watch_growth)
    base_bytes: int = 0  # the build's resident size when the worker was forked
    index: int | None = None  # the task it holds
    started: float = 0.0


def _children_peak_bytes() -> int:
    """The largest resident size any reaped child reached (the kernel's account): a worker that died
    too fast for its own sampler to see its last allocations still shows here once reaped."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


def crash_reason(exitcode: int | None, grown: int, limit: int = WORKER_MEMORY_BYTES) -> tuple[str, str]:
    """What to tell the archivist about a worker that died while extracting a file, and the detail."""
    detail = f"worker exit code {exitcode}, memory grown by {grown / 2**20:.0f} MiB"
    if grown >= limit * 0.75:  # sampled: the last allocations before the cap may be unseen
        return memory_reason(limit), detail
    return (
        "the extractor stopped unexpectedly on this file; the file may be damaged: open it and save it "
        "again, or report it with the file",
        detail,
    )


def run_pool(
    tasks: list[Any],
    extract: Callable[[Any], Document],
    jobs: int = 2,
    timeout: float = DEFAULT_TIMEOUT,
    memory_bytes: int = WORKER_MEMORY_BYTES,
    on_progress: Callable[[Any, str], None] | None = None,
) -> Iterator[Outcome]:
    """Yield an Outcome for every task, in completion order. Workers are forked, so `extract` and
    whatever it reads at module level are inherited as they are; each may grow by `memory_bytes`.
    `on_progress(task, text)` hears what a worker says of its file in hand (report_progress)."""
    if not tasks:
        return
    ctx = mp.get_context("fork")
    pending = deque(range(len(tasks)))
    workers: list[_Worker] = []

    def spawn() -> _Worker:
        parent_end, child_end = ctx.Pipe()
        inherited = [w.conn for w in workers] + [parent_end]
        grown = ctx.Value("q", 0, lock=False)
        args = (extract, child_end, inherited, grown, memory_bytes)
        process = ctx.Process(target=_worker, args=args, daemon=True)
        process.start()
        child_end.close()
        worker = _Worker(process, parent_end, grown, _memory_bytes("VmRSS"))
        workers.append(worker)
        return worker

    def assign(worker: _Worker) -> None:
        if pending:
            worker.index = pending.popleft()
            worker.started = time.monotonic()
            worker.conn.send(tasks[worker.index])
        else:
            worker.index = None

    def replace(worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join()
        worker.conn.close()
        workers.remove(worker)
        if pending:
            assign(spawn())

    for _ in range(min(jobs, len(tasks))):
        assign(spawn())
    remaining = len(tasks)
    try:
        while remaining:
            busy = [w for w in workers if w.index is not None]
            wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=0.2)
            now = time.monotonic()
            for worker in busy:
                index = worker.index
                assert index is not None
                message = None
                peak_before = _children_peak_bytes()  # to tell, once this worker is reaped, how big it grew
                if worker.conn.poll():
                    try:
                        message = worker.conn.recv()
                    except (EOFError, OSError):
                        worker.process.join(timeout=5)  # the pipe closed: the worker died
                if message is not None and message[0] == "more time":
                    worker.started += message[1]  # the file's time limit moves on by that much
                    continue
                if message is not None and message[0] == "progress":
                    if on_progress is not None:
                        on_progress(tasks[index], message[1])
                    continue
                if message is not None:
                    ok, payload, messages = message
                    remaining -= 1
                    if ok:
                        yield Outcome(tasks[index], document=payload, messages=messages)
                    else:
                        error, detail, skipped = payload
                        yield Outcome(tasks[index], error=error, detail=detail, skipped=skipped, messages=messages)
                    assign(worker)
                elif not worker.process.is_alive():
                    remaining -= 1
                    peak_after = _children_peak_bytes()
                    reaped = peak_after - worker.base_bytes if peak_after > peak_before else 0
                    grew = max(worker.grown.value, reaped)
                    error, detail = crash_reason(worker.process.exitcode, grew, memory_bytes)
                    yield Outcome(tasks[index], error=error, detail=detail)
                    replace(worker)
                elif now - worker.started > timeout:
                    remaining -= 1
                    yield Outcome(
                        tasks[index],
                        error=f"reading this file took longer than {timeout:g} s, so it was stopped; it may be damaged "
                        "or very large (raise the limit with --timeout)",
                        detail=f"time limit {timeout:g} s",
                    )
                    replace(worker)
    finally:
        for worker in workers:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        for worker in workers:
            worker.process.join(timeout=1)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
