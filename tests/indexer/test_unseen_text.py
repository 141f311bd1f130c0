"""Text as unseen files write it: ligatures, stray NULs, soft hyphens, other languages. Each is
built into a real index and searched as a person would type the words."""

from __future__ import annotations

import pytest

from archive import Archive, SearchRequest
from indexer.build import build

FRENCH = (
    "Nous demandons la libération immédiate de toutes les personnes détenues par les services "
    "d'immigration, et la fin des transferts de la police vers ICE."
)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    src = tmp_path_factory.mktemp("unseen")
    (src / "ligature.md").write_text(
        "# Misﬁts united\n\nThe misﬁts of the ﬁeld office refused to cooperate with ICE detainers.\n",
        encoding="utf-8",
    )
    (src / "nul.txt").write_bytes(
        b"Bond funds freed\x00 twelve people from detention this month; donations came from hundreds of "
        b"neighbours who refused\x00 to look away.\n"
    )
    (src / "soft.txt").write_text(
        "Community defense against depor\u00adtation starts with knowing your rights at work and at home.",
        encoding="utf-8",
    )
    (src / "francais.txt").write_text(FRENCH, encoding="utf-8")
    index = tmp_path_factory.mktemp("ix")
    report = build([src], index, progress=False)
    assert report.failed == [], report.failed
    return Archive(index)


def _ids(archive: Archive, query: str) -> list[str]:
    return [r.doc_id for r in archive.search(SearchRequest(query=query)).results]


def test_a_ligature_is_found_by_the_letters_typed_and_never_suggested(archive: Archive) -> None:
    assert _ids(archive, "misfits") == ["ligature.md"]
    assert _ids(archive, "misﬁts") == ["ligature.md"]  # a query with the ligature, pasted from a PDF
    assert archive.document("ligature.md").title == "Misfits united"
    suggestion = archive.search(SearchRequest(query="misfts")).suggestion
    assert suggestion is None or "ﬁ" not in suggestion


def test_a_few_stray_nul_bytes_do_not_make_a_text_file_binary(archive: Archive) -> None:
    assert _ids(archive, "freed twelve") == ["nul.txt"]
    assert "\x00" not in archive.document("nul.txt").passages[0].text


def test_a_soft_hyphen_does_not_split_a_word(archive: Archive) -> None:
    assert _ids(archive, "deportation") == ["soft.txt"]


def test_french_is_identified_and_searched_unstemmed_with_accents_folded(archive: Archive) -> None:
    doc = archive.document("francais.txt")
    assert doc.language == "fr" and (doc.language_confidence or 0) > 0.9
    assert _ids(archive, "libération") == ["francais.txt"]
    assert _ids(archive, "liberation") == ["francais.txt"]
    assert _ids(archive, '"personnes détenues"') == ["francais.txt"]
    found = archive.search(SearchRequest(query="détenues")).results[0]
    assert "<mark>détenues</mark>" in found.passages[0].snippet
