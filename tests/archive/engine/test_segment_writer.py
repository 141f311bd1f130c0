"""The build's writers produce what Whoosh's default writer produces from the same records: every
term of every field with the same postings (weights and encoded positions), the same field lengths
and stored fields. Compared for the bundled corpus plus edge-case documents, through the
single-process writer with postings spilled to disk in chunks, and through the two-process writer."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index

from archive import Archive
from archive.engine.records import document_records
from archive.engine.schema import build_schema
from archive.engine.segment_writer import AnalysingSegmentWriter, ChunkedPostingPool, add_analysed_document
from archive.engine.writer import CheckedMpWriter, add_document
from archive.search import SearchRequest
from archive.shared.model import Document, Passage

EDGE_CASES = [
    Document(
        doc_id="edge-stops",
        kind="pdf",
        title="The Of And",
        source_path="edge-stops.pdf",
        passages=[Passage("the of and", page=1), Passage("", page=2), Passage("The U.S. detention of niñas", page=3)],
    ),
    Document(
        doc_id="edge-internal",
        kind="statement",
        title="Internal note",
        source_path="edge-internal.md",
        visibility="internal",
        passages=[Passage("Bond fund detention detention 287(g) İstanbul straße")],
    ),
    Document(
        doc_id="edge-es",
        kind="statement",
        title="Deportación",
        source_path="edge-es.md",
        language="es",
        passages=[Passage("Las deportaciones de niñas y niños"), Passage("Libertad para todos")],
    ),
    Document(doc_id="edge-empty", kind="pdf", title="", source_path="edge-empty.pdf", passages=[]),
]


@pytest.fixture(scope="module")
def documents(sample_archive: Archive) -> list[Document]:
    bundled = [
        sample_archive.document(doc_id, include_internal=True)
        for doc_id in sample_archive.result_ids(SearchRequest(include_internal=True))
    ]
    assert len(bundled) >= 5
    return bundled + EDGE_CASES


def _new_index(path: Path) -> whoosh_index.Index:
    path.mkdir()
    return whoosh_index.create_in(str(path), build_schema())


def index_content(ix: whoosh_index.Index, *, blocks: bool = False) -> dict[Any, Any]:
    """Everything a reader can see, keyed by record id so that how documents are numbered (which
    differs between one segment and two) does not matter: per term its statistics (including the
    length bounds the writer reads field lengths for) and postings. `blocks` adds each posting
    block's bounds and the spelling fields' postings, which only indexes of one segment have in
    common; otherwise a spelling field's words are compared."""
    with ix.reader() as reader:
        stored = dict(reader.iter_docs())
        rid_of = {docnum: fields["rid"] for docnum, fields in stored.items()}
        content: dict[Any, Any] = {"stored": {rid_of[n]: fields for n, fields in stored.items()}}
        for fieldname in reader.indexed_field_names():
            for term in reader.lexicon(fieldname):
                if fieldname.startswith("spell_") and not blocks:
                    content[fieldname, term] = True
                    continue
                info = reader.term_info(fieldname, term)
                statistics = (
                    info.weight(),
                    info.doc_frequency(),
                    info.min_length(),
                    info.max_length(),
                    info.max_weight(),
                )
                postings, matcher = [], reader.postings(fieldname, term)
                while matcher.is_active():
                    posting = (rid_of[matcher.id()], matcher.weight(), matcher.value())
                    if blocks:
                        posting += (matcher.block_min_length(), matcher.block_max_length(), matcher.block_max_weight())
                    postings.append(posting)
                    matcher.next()
                content[fieldname, term] = (statistics, sorted(postings))
            content["lengths", fieldname] = {rid_of[n]: reader.doc_field_length(n, fieldname) for n in stored}
            content["total length", fieldname] = reader.field_length(fieldname)
        return content


def whooshs_own_index(documents: list[Document], path: Path, *, blocks: bool = False) -> dict[Any, Any]:
    ix = _new_index(path)
    writer = ix.writer()
    for doc in documents:
        for record in document_records(doc):
            writer.add_document(**record.fields)
    writer.commit()
    return index_content(ix, blocks=blocks)


def test_single_process_writer_with_spilled_postings_writes_whooshs_index(
    documents: list[Document], tmp_path: Path
) -> None:
    ix = _new_index(tmp_path / "ours")
    writer = AnalysingSegmentWriter(ix, compound=False)
    assert isinstance(writer.pool, ChunkedPostingPool)
    writer.pool.limit = 100_000  # bytes: the postings go to disk in many runs, and come back merged
    for doc in documents:
        add_analysed_document(writer, doc)
    assert len(writer.pool.runs) > 5
    writer.commit()
    expected = whooshs_own_index(documents, tmp_path / "whoosh", blocks=True)
    assert index_content(ix, blocks=True) == expected
    assert len(expected) > 5_000  # terms, lengths and stored records were compared


def test_two_process_writer_writes_whooshs_index(documents: list[Document], tmp_path: Path) -> None:
    ix = _new_index(tmp_path / "ours")
    copies = [replace(doc, doc_id=f"{doc.doc_id}-{n}") for n in range(3) for doc in documents]  # jobs for both
    writer = CheckedMpWriter(ix, procs=2, limitmb=1, compound=False)
    for doc in copies:
        add_document(writer, doc)
    writer.commit()
    assert len(ix.reader().leaf_readers()) == 2  # one segment per writer process
    assert index_content(ix) == whooshs_own_index(copies, tmp_path / "whoosh")
