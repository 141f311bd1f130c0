"""A killed build loses nothing; two builds at once do not corrupt the index.

Real builds of a few hundred files are SIGKILLed 20 times: 5 while the build holds the index's lock
and extracts, 15 at moments spread over a build's length. After each kill the index must open and
answer from one consistent state (all of the old version or all of the new), and the next build must
end exactly where a clean build of the new version does."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive import Archive, SearchRequest
from indexer.build import build
from tests.cli_helpers import ROOT
from tests.generated_corpus import make_corpus

TRIALS = 20
LOCKED_TRIALS = 5  # killed while the build holds the lock and extracts: a state, not a moment


def state(index: Path) -> dict[str, tuple[str, int]]:
    """Every document's content hash and passage count, as searched through the public API."""
    archive = Archive(index)
    ids = archive.result_ids(SearchRequest())
    return {d: (archive.metadata(d).content_hash, len(archive.document(d).passages)) for d in ids}


def wait_until_locked(index: Path, timeout: float = 60) -> None:
    """Return once a build holds the index's write lock (Whoosh's flock on PUBLIC_WRITELOCK), probing
    without blocking; a build hashes its files before it takes the lock, so a fixed sleep is a race."""
    lock = index / "PUBLIC_WRITELOCK"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if lock.exists():
            fd = os.open(lock, os.O_RDWR)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(fd, fcntl.LOCK_UN)
            except BlockingIOError:
                return
            finally:
                os.close(fd)
        time.sleep(0.02)
    raise AssertionError("no build took the lock")


def start_build(src: Path, index: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "indexer", "build", str(src), "--index", str(index), "--json", *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path | dict]:
    """The old index (version 1 built), the source folder now at version 2, and both states."""
    work = tmp_path_factory.mktemp("crash")
    src = work / "src"
    make_corpus(src, version=1)
    build([src], work / "v1-index", progress=False)
    old = state(work / "v1-index")
    shutil.rmtree(src)
    make_corpus(src, version=2)
    build([src], work / "v2-clean", progress=False)
    new = state(work / "v2-clean")
    assert old != new and len(new) > 200
    return {"work": work, "src": src, "v1_index": work / "v1-index", "old": old, "new": new}


def test_sigkill_at_any_moment_leaves_a_usable_index_and_the_next_build_completes(versions: dict) -> None:
    """The first LOCKED_TRIALS kills land at a state (the build holds the lock and is extracting, so
    before its commit); the others are spread over a build's length, at any moment."""
    started = time.monotonic()
    probe = start_build(versions["src"], versions["work"] / "timing")
    probe.communicate(timeout=120)
    length = time.monotonic() - started
    outcomes = []
    for trial in range(TRIALS):
        index = versions["work"] / f"trial{trial}"
        shutil.copytree(versions["v1_index"], index)
        proc = start_build(versions["src"], index)
        if trial < LOCKED_TRIALS:
            wait_until_locked(index)
        else:
            time.sleep(0.05 + length * (trial - LOCKED_TRIALS) / (TRIALS - LOCKED_TRIALS))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        after_kill = state(index)  # opens and answers
        assert after_kill in (versions["old"], versions["new"]), f"trial {trial}: a mix of two versions"
        outcomes.append("old" if after_kill == versions["old"] else "new")
        finish = start_build(versions["src"], index)
        out, err = finish.communicate(timeout=120)
        assert finish.returncode == 0, err
        assert json.loads(out)["failed"] == []
        assert state(index) == versions["new"], f"trial {trial}: the build after the kill differs from a clean one"
        shutil.rmtree(index)
    assert outcomes[:LOCKED_TRIALS] == ["old"] * LOCKED_TRIALS, outcomes  # killed before the commit: nothing changed


def test_a_second_build_waits_then_refuses_while_the_first_holds_the_lock(versions: dict) -> None:
    index = versions["work"] / "two-builds"
    shutil.copytree(versions["v1_index"], index)
    first = start_build(versions["src"], index, "--full")
    wait_until_locked(index)  # the first build has taken the lock and is extracting
    # Paused, it holds the lock for as long as the second build needs: a build of this folder can
    # finish before a second interpreter has started.
    first.send_signal(signal.SIGSTOP)
    try:
        second = start_build(versions["src"], index, "--wait", "0.2")
        _, err = second.communicate(timeout=60)
    finally:
        first.send_signal(signal.SIGCONT)
    assert second.returncode == 3
    assert err.strip() == (
        "error: another build is writing this index (waited 0.2 s for its lock); try again when it has finished"
    )
    out, _ = first.communicate(timeout=120)
    assert first.returncode == 0 and json.loads(out)["failed"] == []
    assert state(index) == versions["new"]


def test_two_builds_started_together_leave_a_correct_index(versions: dict) -> None:
    index = versions["work"] / "race"
    shutil.copytree(versions["v1_index"], index)
    builds = [start_build(versions["src"], index, "--wait", "60") for _ in range(2)]
    for proc in builds:
        _, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
    assert state(index) == versions["new"]
