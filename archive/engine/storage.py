"""Index files read through read-only memory maps.

Whoosh reads a segment's files either through buffered file reads (a system call per posting block:
slow) or, for compound segments, by copying each part of the memory map into a BytesIO (fast, but
the whole index becomes the process's own memory: 1 GB at 10,000 documents). Here each file is one
read-only memory map: reads are slices of memory, and the pages belong to the operating system's
page cache, shared between processes and given back under memory pressure.
"""

from __future__ import annotations

import mmap
import os
from io import BytesIO
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile


class MappedFile(StructFile):
    """A StructFile over a read-only memory map (an mmap reads, seeks and tells like a file)."""

    def __init__(self, path: str, name: str | None = None, onclose: Any = None) -> None:
        with open(path, "rb") as f:
            source: Any = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if f.seek(0, 2) else BytesIO(b"")
        super().__init__(source, name=name, onclose=onclose)
        self.is_real = False  # no fileno: arrays are read from bytes, not with fromfile()

    def get(self, position: int, length: int) -> bytes:
        return self.file[position : position + length]


class MappedFileStorage(FileStorage):
    """A FileStorage whose files are opened as MappedFile, for readers."""

    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        return MappedFile(os.path.abspath(os.path.join(self.folder, name)), name=name, **kwargs)
