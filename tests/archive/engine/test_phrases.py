"""Quoted phrases are answered from indexed word pairs, and stay exact."""

from __future__ import annotations

import pytest
from whoosh import query as wq

from archive import Archive, SearchRequest
from archive.engine.phrases import phrases_as_pairs
from indexer.build import build


def test_exact_phrases_on_paired_fields_become_pair_lookups() -> None:
    q = wq.Or([wq.Phrase("body", ["peopl", "cage"]), wq.Phrase("title", ["peopl", "cage"])])
    assert phrases_as_pairs(q) == wq.Or([wq.Term("body_pairs", "peopl cage"), wq.Term("title_pairs", "peopl cage")])
    spanish = wq.Phrase("body_es", ["person", "jaul"])  # Spanish phrases keep word positions
    assert phrases_as_pairs(spanish) == spanish
    three = phrases_as_pairs(wq.Phrase("ptext", ["free", "them", "all"]))
    assert three == wq.And([wq.Term("ptext_pairs", "free them"), wq.Term("ptext_pairs", "them all")])
    near = wq.Phrase("body", ["peopl", "cage"], slop=3)  # a phrase with slop keeps word positions
    assert phrases_as_pairs(near) == near


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    src = tmp_path_factory.mktemp("phrase-src")
    pages = {
        "together.html": "They keep people in cages at the border.",
        "apart.html": "The cages were empty; people had been moved.",
        "reversed.html": "Cages, people: both words, the wrong order.",
    }
    for name, text in pages.items():
        (src / name).write_text(f"<html><body><article><h1>{name}</h1><p>{text}</p></article></body></html>")
    index = tmp_path_factory.mktemp("phrase-index")
    assert build([src], index, progress=False).failed == []
    return Archive(index)


def test_a_phrase_finds_only_documents_with_its_words_in_order(archive: Archive) -> None:
    data = archive.search(SearchRequest(query='"people in cages"')).to_json()
    assert [r["doc_id"] for r in data["results"]] == ["together.html"]
    assert "<mark>people</mark> in <mark>cages</mark>" in data["results"][0]["passages"][0]["snippet"]
    assert archive.search(SearchRequest(query="people cages")).to_json()["total"] == 3
