"""Limits that keep one hostile or unlucky query from taking the server down.

- A wildcard or fuzzy term (`a*`, `detention~2`) may match thousands of index terms; each is capped
  at MAX_EXPANSIONS terms (the most frequent of the first candidates), and the answer says so.
- A search stops collecting after SEARCH_SECONDS and returns what it found, with a notice. The
  deadline is checked on the clock every few matches (no signals, which only the main thread may
  use, and Streamlit searches on worker threads).
"""

from __future__ import annotations

import time
from itertools import islice
from typing import Any

from whoosh import query as wq
from whoosh.collectors import WrappingCollector
from whoosh.reading import IndexReader

MAX_EXPANSIONS = 256
SEARCH_SECONDS = 5.0
_CHECK_EVERY = 64


def cap_expansions(q: wq.Query, reader: IndexReader, limit: int | None = None) -> tuple[wq.Query, bool]:
    """The query with every multi-term leaf limited to `limit` (default MAX_EXPANSIONS) terms; True
    when any was cut."""
    limit = limit or MAX_EXPANSIONS
    capped = False

    def visit(node: wq.Query) -> wq.Query:
        nonlocal capped
        if isinstance(node, wq.MultiTerm) and getattr(node, "fieldname", None):
            candidates = [text for _, text in islice(node.expanded_terms(reader), limit * 4 + 1)]
            if len(candidates) <= limit:
                return node
            capped = True
            frequent = sorted(candidates, key=lambda t: -reader.doc_frequency(node.fieldname, t))[:limit]
            return wq.Or([wq.Term(node.fieldname, t) for t in sorted(frequent)], boost=node.boost)
        return node.apply(visit)

    return visit(q), capped


class DeadlineCollector(WrappingCollector):
    """Collects until a deadline, then stops quietly; `timedout` tells whether results are partial."""

    def __init__(self, child: Any, seconds: float) -> None:  # a Whoosh collector (untyped)
        self.child = child
        self.seconds = seconds
        self.deadline = 0.0
        self.timedout = False

    def prepare(self, top_searcher: object, q: wq.Query, context: object) -> None:
        self.child.prepare(top_searcher, q, context)
        self.deadline = time.monotonic() + self.seconds
        self.timedout = False

    def collect_matches(self) -> None:
        child = self.child
        for count, docnum in enumerate(child.matches()):
            if self.timedout or (count % _CHECK_EVERY == 0 and time.monotonic() > self.deadline):
                self.timedout = True
                return
            child.collect(docnum)
