"""Searches keep answering while a rebuild commits, each from one consistent index generation."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from archive import Archive, SearchRequest
from indexer.build import build
from tests.cli_helpers import ROOT
from tests.generated_corpus import make_corpus


def test_threads_search_without_errors_during_a_rebuild(tmp_path: Path) -> None:
    src, index = tmp_path / "src", tmp_path / "ix"
    make_corpus(src, version=1)
    build([src], index, progress=False)
    archive = Archive(index)
    old_total = archive.search(SearchRequest()).to_json()["total"]
    make_corpus(src, version=2)  # overwrite and add files (version 1's removed files stay: totals differ)
    answers: list[tuple[int, int, int]] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def searcher_loop() -> None:
        while not done.is_set():
            try:
                data = archive.search(SearchRequest(query="detention OR statement", per_page=5)).to_json()
                browse = archive.search(SearchRequest()).to_json()
                answers.append((data["generation"], browse["generation"], browse["total"]))
            except BaseException as exc:
                errors.append(exc)

    threads = [threading.Thread(target=searcher_loop) for _ in range(4)]
    for thread in threads:
        thread.start()
    rebuild = subprocess.run(
        [sys.executable, "-m", "indexer", "build", str(src), "--index", str(index), "--full"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert rebuild.returncode == 0, rebuild.stderr
    committed = Archive(index).search(SearchRequest()).to_json()["generation"]
    deadline = time.monotonic() + 120
    while not any(g == committed for g, _, _ in answers) and not errors and time.monotonic() < deadline:
        time.sleep(0.01)  # until the loops have answered from the new generation
    done.set()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    new_total = Archive(index).search(SearchRequest()).total
    assert new_total != old_total
    generations = sorted({g for _, g, _ in answers})
    assert len(generations) == 2, generations  # answers came from before and after the commit
    # each answer's total belongs to the generation that answer reports (two calls may straddle a commit)
    totals = {g: {t for _, gen, t in answers if gen == g} for g in generations}
    assert totals == {generations[0]: {old_total}, generations[1]: {new_total}}
    assert len(answers) > 20
