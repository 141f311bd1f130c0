"""Everything that reads the archive: model, schema, query language, search, facets, citations.

Public API: `Archive` (open an index directory, then `search`, `document`, `cite`, `stats`; typed
answers from archive/results.py, each with `to_json()`),
`SearchRequest` and `Filters`. `python -m archive` is the command line over the same calls.
"""

from archive.api import Archive, DocumentNotFoundError
from archive.engine import IndexDamagedError, IndexNotFoundError, default_index_dir
from archive.query import QueryError
from archive.search import Filters, SearchRequest

__all__ = [
    "Archive",
    "DocumentNotFoundError",
    "Filters",
    "IndexDamagedError",
    "IndexNotFoundError",
    "QueryError",
    "SearchRequest",
    "default_index_dir",
]
