"""A failed write leaves nothing behind: after a build whose writes fail (a file size limit here, which
fails writes the way a full disk does), the index folder holds exactly what it held before, the old
index answers, the build said why in one line, and the next build works."""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
from pathlib import Path

from archive import Archive, SearchRequest
from tests.cli_helpers import ROOT, run_module
from tests.generated_corpus import make_corpus


def _limited_build(src: Path, index: Path, max_file_bytes: int) -> subprocess.CompletedProcess[str]:
    def limit() -> None:  # in the child: writes past the limit fail with EFBIG instead of killing it
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_bytes, max_file_bytes))

    return subprocess.run(
        [sys.executable, "-m", "indexer", "build", str(src), "--index", str(index), "--full"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        preexec_fn=limit,
        timeout=300,
    )


def test_a_build_whose_writes_fail_leaves_no_file_behind_and_the_next_build_works(tmp_path: Path) -> None:
    src, index = tmp_path / "src", tmp_path / "ix"
    make_corpus(src, n=60, pdfs=1)
    assert run_module("indexer", "build", str(src), "--index", str(index)).returncode == 0
    before = sorted(p.name for p in index.iterdir())
    old = Archive(index).result_ids(SearchRequest())
    (src / "statements/s0000.md").write_text("# Changed\n\nA changed statement about detention.\n")

    failed = _limited_build(src, index, max_file_bytes=40_000)
    assert failed.returncode == 1
    assert failed.stderr.strip().splitlines() == [
        f"error: cannot write the index at {index}: File too large (the index was not changed)"
    ], failed.stderr
    assert sorted(p.name for p in index.iterdir()) == before  # no temporary folder, no orphan segment
    assert Archive(index).result_ids(SearchRequest()) == old

    again = run_module("indexer", "build", str(src), "--index", str(index), "--json")
    assert again.returncode == 0, again.stderr
    assert Archive(index).metadata("statements/s0000.md").title == "Changed"


def test_leftovers_of_a_killed_build_are_removed_by_the_next_one(tmp_path: Path) -> None:
    src, index = tmp_path / "src", tmp_path / "ix"
    make_corpus(src, n=12, pdfs=0)
    assert run_module("indexer", "build", str(src), "--index", str(index)).returncode == 0
    (index / "PUBLIC.tmp").mkdir()
    (index / "PUBLIC.tmp/abc123.run").write_bytes(b"x" * 100)
    (index / "PUBLIC_orphan0segment.pst").write_bytes(b"")
    (index / "INTERNAL_orphan1segment.trm").write_bytes(b"")
    assert run_module("indexer", "build", str(src), "--index", str(index)).returncode == 0
    names = [p.name for p in index.iterdir()]
    assert not [n for n in names if "orphan" in n or n.endswith(".tmp")], names
    assert len(Archive(index).result_ids(SearchRequest())) == 12
