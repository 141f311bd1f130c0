"""Web addresses from documents: only absolute http(s) addresses are ever stored, linked or exported.

A page's canonical link, a sidecar's url, a PDF's link annotation: each is a string a document's
author chose, and `javascript:`, `data:` or `file:` addresses in them would run script in a browser
or point a reader's reference manager at their own disk.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

# Characters that may stand in a URL as written by people but would break a citation field (spaces,
# braces, quotes, angle brackets, backslashes): percent-encoded, which every browser reads the same.
_UNSAFE_IN_FIELDS = " \t\"'<>{}\\|^`"


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) address, else None (never a javascript: or data: link)."""
    if not url:
        return None
    text = url.strip()
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        return None
    parts = urlsplit(text)
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return text
    return None


def field_url(url: str | None) -> str | None:
    """A safe URL as it may stand inside a citation or export field: characters that would end the
    field (braces in BibTeX, spaces, quotes) percent-encoded."""
    safe = safe_url(url)
    if safe is None:
        return None
    return "".join(quote(c, safe="") if c in _UNSAFE_IN_FIELDS else c for c in safe)
