"""What extraction raises: a file that cannot be read (with a reason a person can act on), or a file
that is not a document of the archive at all (a listing page), which the build skips."""

from __future__ import annotations


class ExtractionError(Exception):
    """Raised by an extractor when a file cannot become a Document. `str()` is the reported reason,
    written for the person who keeps the archive (what is wrong and what to do); `detail` is what
    the library said, for a programmer."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.detail = detail


class NotADocumentError(ExtractionError):
    """The file reads fine but is not one document: a category, tag, archive or search-results page
    listing many. It is reported under `skipped`, not `failed`, and leaves the index."""
