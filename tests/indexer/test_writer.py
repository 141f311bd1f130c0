"""The index writer: a writer process that dies fails the commit instead of losing its documents."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from archive.schema import DOC
from indexer.writer import CheckedMpWriter, WriterProcessError, open_or_create


def records(prefix: str, n: int) -> list[dict[str, str]]:
    return [{"rid": f"d:{prefix}{i}", "rtype": DOC, "doc_id": f"{prefix}{i}", "body": f"text {i}"} for i in range(n)]


def doc_count(index: Path) -> int:
    ix, _ = open_or_create(index)
    with ix.searcher() as searcher:
        return sum(1 for _ in searcher.document_numbers(rtype=DOC))


def test_a_dead_writer_process_fails_the_commit_and_the_previous_index_stays(tmp_path: Path) -> None:
    ix, _ = open_or_create(tmp_path)
    first = CheckedMpWriter(ix, procs=2, multisegment=True)
    for record in records("old", 250):
        first.add_document(**record)
    first.commit()
    assert doc_count(tmp_path) == 250

    second = CheckedMpWriter(ix, procs=2, multisegment=True)
    for record in records("new", 250):  # batches of 100 start the writer processes
        second.add_document(**record)
    assert second.tasks
    os.kill(second.tasks[0].pid, signal.SIGKILL)
    with pytest.raises(WriterProcessError, match="nothing was committed and the previous index is unchanged"):
        second.commit()
    second.cancel()
    assert doc_count(tmp_path) == 250
