"""Did-you-mean's corrections, on small real indexes built here (texts invented)."""

from __future__ import annotations

import pytest

from archive import Archive, SearchRequest
from archive.engine.evaluate import spelling
from indexer.build import build


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    root = tmp_path_factory.mktemp("spelling")
    source = root / "pages"
    source.mkdir()
    (source / "detention.txt").write_text("Families held in detention need lawyers.\n", encoding="utf-8")
    for n in range(10):
        (source / f"records{n}.txt").write_text(f"Notice {n}: the deletion of records is cost effective.\n", "utf-8")
    (source / "es.txt").write_text("La deportación separa a las familias.\n", encoding="utf-8")
    build([source], root / "index", progress=False)
    return Archive(root / "index")


def test_the_word_fewest_edits_away_wins_over_a_commoner_one_further_away(archive: Archive) -> None:
    # "detenion": "detention" (one edit, one page) against "deletion" (two edits, ten pages); Whoosh's
    # corrector ranked by frequency alone within two edits and offered "deletion"
    assert spelling(archive.snapshot(), "detenion") == "detention"
    assert archive.search(SearchRequest(query="detenion")).to_json()["suggestion"] == "detention"


def test_known_words_compounds_and_accented_words_get_no_correction(archive: Archive) -> None:
    snapshot = archive.snapshot()
    assert spelling(snapshot, "deletion") is None
    assert spelling(snapshot, "Detention") is None
    assert spelling(snapshot, "cost-effective") is None  # the index holds "cost" and "effective"
    assert spelling(snapshot, "deportación") is None  # held with its accent folded
    assert spelling(snapshot, "the") is None and spelling(snapshot, "xq") is None


def test_a_word_with_no_neighbour_within_two_edits_gets_none(archive: Archive) -> None:
    assert spelling(archive.snapshot(), "zzyzx") is None
    assert spelling(archive.snapshot(), "lawyrs") == "lawyers"
