"""The API's addresses for a state of the app (relative: the app and the API share a server when
served by run.sh), so the app can offer "Subscribe to this search" and "as JSON" links."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote, urlencode

# The app's URL parameters of an open document (which, its passages' page, the results page it came
# from, its minute, its citation) rather than of a search.
DOCUMENT_PARAMS = ("doc", "part", "rpage", "at", "cite", "pin")


def _query(params: Mapping[str, object], leave_out: tuple[str, ...]) -> str:
    kept = {k: v for k, v in params.items() if k not in leave_out and v not in (None, "", [], ())}
    return "?" + urlencode(kept, doseq=True) if kept else ""


def search_json_href(params: Mapping[str, object]) -> str:
    """This page of results as `archive search --json` prints it."""
    return "/api/search" + _query(params, DOCUMENT_PARAMS)


def feed_href(params: Mapping[str, object]) -> str:
    """The Atom feed of this search: its newest matches, whichever page or order is shown."""
    return "/feeds/search.atom" + _query(params, (*DOCUMENT_PARAMS, "page", "sort"))


def document_json_href(doc_id: str) -> str:
    """A document as `archive show --json` prints it."""
    return "/api/documents/" + quote(doc_id, safe="/")
