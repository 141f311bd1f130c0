"""The index writer: a writer process that dies fails the commit instead of losing its documents.

The scenario runs in a fresh Python process, as a build does: forking writer processes from the
multi-threaded test runner could copy a lock held by another thread into a child (see
app_pages/common.run_build)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.cli_helpers import ROOT

KILL_A_WRITER_PROCESS = textwrap.dedent(
    """
    import json, os, signal, sys, time
    from pathlib import Path
    from archive.engine.schema import DOC
    from archive.engine.writer import CheckedMpWriter, WriterProcessError, open_or_create

    index, victim = Path(sys.argv[1]), int(sys.argv[2])

    def add(writer, prefix):
        for i in range(250):  # batches of 100 start the writer processes
            writer.add_document(rid=f"d:{prefix}{i}", rtype=DOC, doc_id=f"{prefix}{i}", body=f"text {i}")

    def count():
        with open_or_create(index)[0].public.searcher() as searcher:
            return sum(1 for _ in searcher.document_numbers(rtype=DOC))

    ix = open_or_create(index)[0].public
    first = CheckedMpWriter(ix, procs=2, multisegment=True)
    add(first, "old")
    first.commit()
    before = count()
    second = CheckedMpWriter(ix, procs=2, multisegment=True)
    add(second, "new")
    deadline = time.monotonic() + 60
    while not second.jobqueue.empty() and time.monotonic() < deadline:
        time.sleep(0.01)  # until every batch is taken: the sub-writers then wait for work on the queue's lock
    os.kill(second.tasks[victim].pid, signal.SIGKILL)
    try:
        second.commit()
        error = None
    except WriterProcessError as exc:
        error = str(exc)
        second.cancel()
    print(json.dumps({"before": before, "error": error, "after": count()}))
    """
)


@pytest.mark.parametrize("victim", [0, 1])
def test_a_dead_writer_process_fails_the_commit_and_the_previous_index_stays(tmp_path: Path, victim: int) -> None:
    result = subprocess.run(
        [sys.executable, "-c", KILL_A_WRITER_PROCESS, str(tmp_path), str(victim)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    assert outcome["before"] == 250
    assert outcome["error"].endswith("nothing was committed and the previous index is unchanged")
    assert outcome["after"] == 250
