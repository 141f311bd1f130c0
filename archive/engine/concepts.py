"""A translated query's words weighed as the concepts they stand for.

Why: a query is also searched in its translation (archive/cross_language.py), and a document's score
is the better of the two. Each language's words are counted in the body field of that language,
while idf divides by every document, so the words of the archive's smaller language look rarer than
they are: with 4 Spanish pages among 18, all about asylum, "asilo" (in 4) weighed 1.44 against
"asylum" (in 6 English pages) 1.07, and a Spanish page holding only "asilo" and "México" outranked
English pages holding more of the English query's words (benchmarks/real_archive.py, heldout2).

Cross-language retrieval's standard answer is Pirkola's structured query (SIGIR 1998; Darwish and
Oard 2003): a word and its translations are one term, whose document frequency is that of the
documents holding any of them. A document is written in one language and its text is in that
language's body field only, so the documents holding the typed word and those holding its
translation are apart, and the concept's frequency is the sum of the two.

Only the translation takes it. The typed query keeps the weights it has without any translation, so
the order of the documents written in the query's language never depends on how many documents of
another language the archive holds; the translation, a dictionary's guess that reaches the other
documents, weighs no more than its concept does over the whole archive. (Weighing the typed words as
concepts too was measured on the same set and lost: nDCG@10 0.965 against 0.977 for this and 0.971
for neither; development figures, docs/how-it-works.md.)

It is applied as a boost on each term (the idf the concept has over the idf the term has), which
leaves the engine's cached term scores untouched and is what Whoosh's own matchers apply too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from whoosh import query as wq
from whoosh.searching import Searcher

from archive.engine.ranking import document_frequency, field_records, rsj_idf
from archive.engine.schema import BODY_FIELD, DOC_TEXT_FIELDS, analysis_language
from archive.engine.store import Snapshot
from archive.engine.translate import CompiledQuery


def as_concepts(
    snapshot: Snapshot, compiled: CompiledQuery, partners: Iterable[tuple[str, str, str]]
) -> CompiledQuery:
    """`compiled` with each term of a word that has partners weighed by its concept's idf.

    `partners` are (a word of `compiled`'s query, the same concept in another language, that
    language): the partner's frequency is counted in that language's body field (the most frequent
    of its analysed words when it is several), and a word with partners in two languages adds both."""
    searcher = snapshot.searcher
    extra = _partner_frequencies(searcher, partners)
    if not extra:
        return compiled
    return CompiledQuery(_weighed(compiled.whoosh, searcher, extra))


def _partner_frequencies(searcher: Searcher, partners: Iterable[tuple[str, str, str]]) -> dict[tuple[str, str], int]:
    """(field, analysed term) -> documents holding the term's partners, summed over languages."""
    per_language: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for word, partner, language in partners:
        body = BODY_FIELD[analysis_language(language)]
        terms = (searcher.schema[body].to_bytes(term) for term in _analysed(searcher, body, partner))
        found = max((searcher.doc_frequency(body, term) for term in terms), default=0)
        if not found:
            continue
        for field in DOC_TEXT_FIELDS:
            for term in _analysed(searcher, field, word):
                known = per_language[(field, term)]
                known[language] = max(known.get(language, 0), found)
    return {key: sum(counts.values()) for key, counts in per_language.items()}


def _analysed(searcher: Searcher, field: str, text: str) -> list[str]:
    """The terms `text` searches in `field` (as the query compiler analyses it; none for a stop word)."""
    return list(searcher.schema[field].process_text(text, mode="query"))


def _weighed(query: wq.Query, searcher: Searcher, extra: dict[tuple[str, str], int]) -> wq.Query:
    if isinstance(query, wq.Term):
        partners = extra.get((query.fieldname, query.text))
        if not partners:
            return query
        records = field_records(searcher, query.fieldname)
        held = document_frequency(searcher, query.fieldname, searcher.schema[query.fieldname].to_bytes(query.text))
        if not held:
            return query  # matches nothing: its weight is never used
        concept = rsj_idf(records, min(records, held + partners)) / rsj_idf(records, held)
        return wq.Term(query.fieldname, query.text, boost=query.boost * concept)
    if query.is_leaf():
        return query
    return query.apply(lambda child: _weighed(child, searcher, extra))
