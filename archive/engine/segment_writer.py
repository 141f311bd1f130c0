"""Whoosh's segment writer doing less work for the same segment: a build's writing half.

Three places where Whoosh 2.7.4's SegmentWriter spends CPU that an identical segment does not need:
- it analyses each field's text separately, so an English text is tokenized and stemmed six times
  (add_analysed_document uses archive.engine.terms instead: each word once);
- when its postings outgrow memory, it pickles them to disk one posting per call and reads them back
  the same way (ChunkedPostingPool: one marshal call per few thousand postings, read back whole);
- while writing postings it looks up the document's field length once per posting, through a column
  reader that checks the disk for a missing column every time (_RememberedLengths: each read once).

This reads SegmentWriter's internals (each listed in archive/engine/private_names.py; without them
archive/engine/writer.py writes with Whoosh's own writer); tests/archive/engine/test_segment_writer.py
compares indexes written this way with indexes written by Whoosh's own writer, term by term and
posting by posting, so a Whoosh upgrade that changes them fails the tests.
"""

from __future__ import annotations

import marshal
import struct
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from typing import Any, BinaryIO

from whoosh.writing import PostingPool, SegmentWriter

from archive.engine.codec import InlineAwareSegmentWriter
from archive.engine.private_names import private
from archive.engine.records import document_records
from archive.engine.terms import AnalysedField, TermCache, analyse_document
from archive.shared.model import Document

RUN_CHUNK = 4096  # postings per marshal call when a run of postings is spilled to disk
_CACHE = TermCache()  # one per process: each writer process learns the archive's words once


def add_analysed_document(writer: SegmentWriter, doc: Document) -> None:
    """Add every record of `doc`, as archive.engine.records.document_records makes them."""
    for record in document_records(doc, analyse_document(doc, writer.schema, _CACHE)):
        add_record(writer, record.fields, record.analysed)


def add_record(writer: SegmentWriter, fields: dict[str, Any], analysed: Mapping[str, AnalysedField]) -> None:
    """SegmentWriter.add_document of Whoosh 2.7.4, step for step, except that a field named in
    `analysed` takes its postings from there instead of its analyzer. (Its
    vectors are not supported: this schema has none.)"""
    private(writer, "_check_state")()
    perdocwriter = writer.perdocwriter
    schema = writer.schema
    docnum = writer.docnum
    add_posting = writer.pool.add
    docboost = private(writer, "_doc_boost")(fields)
    fieldnames = sorted(name for name in fields if not name.startswith("_"))
    private(writer, "_check_fields")(schema, fieldnames)
    field_boost = private(writer, "_field_boost")

    perdocwriter.start_doc(docnum)
    for fieldname in fieldnames:
        value = fields.get(fieldname)
        if value is None:
            continue
        field = schema[fieldname]
        precomputed = analysed.get(fieldname)
        length = 0
        vbytes = b""
        if field.indexed:
            fieldboost = field_boost(fields, fieldname, docboost)
            items = precomputed.postings if precomputed else field.index(value)
            scorable = field.scorable
            for tbytes, freq, weight, vbytes in items:
                if scorable:
                    length += freq
                add_posting((fieldname, tbytes, docnum, weight * fieldboost, vbytes))
        if field.separate_spelling():
            spellfield = field.spelling_fieldname(fieldname)
            for word in field.spellable_words(value):
                # Whoosh writes each spelling word with the field's last encoded value; so does this.
                add_posting((spellfield, word.encode("utf-8"), 0, 1, vbytes))
        stored_value = fields.get(f"_stored_{fieldname}", value)
        perdocwriter.add_field(fieldname, field, stored_value if field.stored else None, length)
        column = field.column_type
        if column and stored_value is not None:
            perdocwriter.add_column_value(fieldname, column, field.to_column_value(stored_value))
    perdocwriter.finish_doc()
    writer._added = True  # private_names "_added": what Whoosh's add_document sets
    writer.docnum += 1


class ChunkedPostingPool(PostingPool):
    """Whoosh's posting pool, spilling sorted runs in chunks of postings. Each chunk is written as
    its length and its marshalled bytes, and read back with one read and one marshal.loads:
    marshal.load on a file asks the file for every object's bytes separately (a Python-level read
    per value, five per posting), which cost 18 times as much CPU as reading the chunk whole."""

    def _write_run(self, f: BinaryIO, items: Iterable[tuple]) -> None:
        iterator = iter(items)
        while chunk := list(islice(iterator, RUN_CHUNK)):
            data = marshal.dumps(chunk)
            f.write(_CHUNK_LENGTH.pack(len(data)))
            f.write(data)
        f.close()

    def _read_run(self, path: str) -> Iterator[tuple]:
        f = self._open_run(path)
        try:
            while header := f.read(_CHUNK_LENGTH.size):
                (length,) = _CHUNK_LENGTH.unpack(header)
                yield from marshal.loads(f.read(length))
        finally:
            f.close()
            self._remove_run(path)


_CHUNK_LENGTH = struct.Struct("<Q")  # a spilled chunk's length in bytes, before its bytes


class _RememberedLengths:
    """A segment's field lengths for the posting writer, each read once. Postings arrive sorted by
    field, so only the current field's lengths are held."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self.fieldname: str | None = None
        self.lengths: dict[int, int | None] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        if fieldname != self.fieldname:
            self.fieldname, self.lengths = fieldname, {}
        try:
            return self.lengths[docnum]
        except KeyError:
            length = self.lengths[docnum] = self.reader.doc_field_length(docnum, fieldname, default)
            return length


class AnalysingSegmentWriter(InlineAwareSegmentWriter):
    """A SegmentWriter with a chunked posting pool and remembered field lengths (for Whoosh's
    default codec, which keeps length statistics)."""

    def __init__(self, ix: Any, limitmb: int = 128, **kwargs: Any) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = ChunkedPostingPool(private(self, "_tempstorage"), self.newsegment, limitmb=limitmb)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        self.fieldwriter.add_postings(self.schema, _RememberedLengths(lengths), self.pool.iter_postings())
        self.fieldwriter.close()
        lengths.close()
