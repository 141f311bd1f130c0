"""Budgets on what a visitor's query can cost (#27): a fuzzy word's distance is capped at 2 and its
length at MAX_FUZZY_CHARS, so `deportation~9` (whose Levenshtein automaton grew to 20 GB) is an
ordinary fuzzy search; hostile queries run in a process under a memory limit to prove it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from archive import Archive
from archive.query import MAX_FUZZY_CHARS, MAX_FUZZY_EDITS, parse_query
from archive.query_model import Fuzzy, Word

MEMORY_LIMIT = 2 * 1024**3


@pytest.mark.parametrize(
    ("text", "edits", "prefix"),
    [("deportation~9", 2, 0), ("deportation~2", 2, 0), ("bail~", 1, 0), ("bail~9/9", 2, 9), ("bail~1/2", 1, 2)],
)
def test_fuzzy_distance_and_prefix_are_capped(sample_archive: Archive, text: str, edits: int, prefix: int) -> None:
    parsed = parse_query(text, sample_archive.catalog())
    assert parsed.query == Fuzzy(text.split("~")[0], edits, prefix)
    assert MAX_FUZZY_EDITS == 2


def test_an_overlong_fuzzy_word_is_searched_as_it_is(sample_archive: Archive) -> None:
    word = "a" * (MAX_FUZZY_CHARS + 1)
    assert parse_query(f"{word}~2", sample_archive.catalog()).query == Word(word)


FUZZ_SCRIPT = textwrap.dedent(
    """
    import random, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
    from archive import Archive, SearchRequest
    archive = Archive(sys.argv[1])
    rng = random.Random(27)
    pieces = ["deportation~9", "detention~9/0", "a~9", "bail~99", "x" * 60 + "~9", "de*", "*", "?*?*?*",
              "ice~8", "(a~9 OR b~9)", "title:deportation~9", '"free them"~9', "immigration^9"]
    queries = list(pieces) + [" ".join(rng.choices(pieces, k=rng.randint(1, 6))) for _ in range(60)]
    for query in queries:
        archive.search(SearchRequest(query=query))
    print("ok", len(queries))
    """
)


def test_hostile_fuzzy_queries_stay_within_a_memory_limit(sample_index: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", FUZZ_SCRIPT.format(limit=MEMORY_LIMIT), str(sample_index)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("ok 73")
