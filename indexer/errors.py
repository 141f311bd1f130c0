"""The one error type extraction raises: a file that cannot be read, with a reason a person can act on."""

from __future__ import annotations


class ExtractionError(Exception):
    """Raised by an extractor when a file cannot become a Document; `str()` is the reported reason."""
