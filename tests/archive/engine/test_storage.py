"""Index files read through memory maps answer exactly as Whoosh's own file reads do."""

from __future__ import annotations

from pathlib import Path

from whoosh import index as whoosh_index

from archive import Archive, SearchRequest
from archive.engine.storage import MappedFile, MappedFileStorage
from archive.engine.store import PUBLIC_INDEX


def test_a_mapped_file_reads_like_a_file(tmp_path: Path) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(bytes(range(256)) * 4)
    f = MappedFile(str(path), name="f.bin")
    f.seek(10)
    assert f.read(3) == bytes([10, 11, 12]) and f.tell() == 13
    assert f.get(255, 2) == bytes([255, 0])
    assert list(f.get_array(0, "B", 4)) == [0, 1, 2, 3]
    f.close()
    empty = tmp_path / "empty.bin"
    empty.write_bytes(b"")
    assert MappedFile(str(empty)).read() == b""


def test_searches_through_mapped_files_equal_plain_whoosh_reads(sample_index: Path, sample_archive: Archive) -> None:
    plain = whoosh_index.open_dir(str(sample_index), indexname=PUBLIC_INDEX)
    mapped = MappedFileStorage(str(sample_index)).open_index(PUBLIC_INDEX)
    with plain.searcher() as a, mapped.searcher() as b:
        assert [a.stored_fields(n) for n in range(a.doc_count_all())] == [
            b.stored_fields(n) for n in range(b.doc_count_all())
        ]
        assert list(a.lexicon("body")) == list(b.lexicon("body"))
    assert sample_archive.search(SearchRequest(query="detention")).to_json()["total"] > 0
