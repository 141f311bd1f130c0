"""The one error type extraction raises: a file that cannot be read, with a reason a person can act on."""

from __future__ import annotations


class ExtractionError(Exception):
    """Raised by an extractor when a file cannot become a Document. `str()` is the reported reason,
    written for the person who keeps the archive (what is wrong and what to do); `detail` is what
    the library said, for a programmer."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.detail = detail
