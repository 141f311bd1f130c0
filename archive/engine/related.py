"""More like this: documents related to one document, across kinds (statement, flyer, webinar).

Whoosh's `more_like` picks the document's most distinctive terms (Bo1 model) from its own stored
passage text and searches for them; shared topics and hashtags, which the archive's staff curate,
add to that. Results are then interleaved by kind so that a statement's page shows the flyer and the
webinar on the same subject, not only more statements.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from whoosh import query as wq

from archive.engine.evaluate import passage_numbers
from archive.engine.schema import BODY_FIELD, DOC, analysis_language
from archive.engine.store import Snapshot
from archive.shared.words import slug

KEY_TERMS = 12
KEY_TEXT_CHARS = 100_000  # about 15,000 words: a long toolkit or a two-hour webinar, read whole
SHARED_FACET_WEIGHT = 0.5


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    sa, sb = {slug(x) for x in a}, {slug(x) for x in b}
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def _opening_text(snapshot: Snapshot, doc_id: str) -> str:
    """The document's text up to KEY_TEXT_CHARS, passage by passage in order: its key terms are
    picked from there (a recording of days would otherwise be read and analysed whole)."""
    searcher = snapshot.searcher
    parts, size = [], 0
    for number in passage_numbers(snapshot, doc_id):
        if size >= KEY_TEXT_CHARS:
            break
        text = json.loads(searcher.stored_fields(number)["pinfo"])["text"]
        parts.append(text)
        size += len(text)
    return " ".join(parts)[:KEY_TEXT_CHARS]


def related_documents(snapshot: Snapshot, doc_id: str, *, limit: int = 5) -> list[tuple[str, float]]:
    """(doc_id, score) of the documents most like `doc_id`, best first, kinds interleaved."""
    searcher = snapshot.searcher
    documents = snapshot.catalog.documents
    me = documents[doc_id]
    text = _opening_text(snapshot, doc_id) or me.title
    field = BODY_FIELD[analysis_language(me.language)]
    docnum = snapshot.docnum_of[doc_id]
    hits = searcher.more_like(
        docnum, field, text=f"{me.title} {text}", top=200, numterms=KEY_TERMS, filter=wq.Term("rtype", DOC)
    )
    text_scores = {snapshot.docnums[h.docnum]: h.score for h in hits if h.docnum in snapshot.docnums}
    best = max(text_scores.values(), default=1.0) or 1.0
    scored = []
    for other, record in documents.items():
        if other == doc_id:
            continue
        shared = _jaccard(me.topics, record.topics) + _jaccard(me.hashtags, record.hashtags)
        score = text_scores.get(other, 0.0) / best + SHARED_FACET_WEIGHT * shared
        if score > 0:
            scored.append((score, other))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    # Interleave by kind: the best of each other kind early, then the rest by score.
    by_kind: dict[str, list[tuple[float, str]]] = {}
    for pair in scored:
        by_kind.setdefault(documents[pair[1]].kind, []).append(pair)
    ordered: list[tuple[float, str]] = []
    while any(by_kind.values()):
        firsts = sorted((queue.pop(0) for queue in by_kind.values() if queue), key=lambda p: -p[0])
        ordered.extend(firsts)
    return [(d, s) for s, d in ordered[:limit]]
