"""A word's matches in a document's fields, saturated together: BM25F as Robertson, Zaragoza and
Taylor define it (CIKM 2004, "Simple BM25 extension to multiple weighted fields").

Why: a word is searched in the title, the body, the hashtag words and the facet names. Scored field
by field and added (what Whoosh's BM25F does: each field a BM25 of its own), a word found in a title
and in the body counts twice, each time saturated on its own: "public charge" in a page's title and
text outweighed, word for word, a page whose text held all four words of "public charge Medicaid
SNAP" (benchmarks/real_archive.py, heldout3), the "title weight" problem of #26. BM25F instead adds
the word's field-weighted, length-normalised frequencies first and saturates the sum once:

    tf~ = sum over fields f of  w_f * tf_f / (1 - b_f + b_f * len_f / avglen_f)
    score = idf * tf~ * (k1 + 1) / (tf~ + k1)

so a title match still says more than a body match (the field boost w_f, stored in the postings'
weights), but a word can never count for more than one saturated word. A document matching the word
in one field only scores exactly as before. The one idf of the word is its fields' idfs averaged
with the weights of the fields' contributions (each field's idf is already the document's where it
is commoner, archive/engine/ranking.py; a term's boost, such as archive/engine/concepts.py's,
scales its idf); parts that are not single terms (a word two tokens long in a field searched as a
phrase) are added outside the saturation, as before.

archive/engine/vector_scoring.py computes it as arrays; the Whoosh matcher here computes the same for
the queries left to Whoosh (tests/archive/engine/test_vector_scoring.py compares both).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from whoosh import matching
from whoosh import query as wq
from whoosh.scoring import WeightScorer
from whoosh.searching import Searcher

from archive.engine.ranking import length_normalisation


class AcrossFields(wq.compound.CompoundQuery):
    """One word's queries in several fields (each usually a Term), scored as one BM25F term."""

    JOINT = " | "

    def _matcher(self, subs: list[wq.Query], searcher: Searcher, context: object) -> matching.Matcher:
        scores: dict[int, float] = defaultdict(float)
        frequency: dict[int, float] = defaultdict(float)
        idf_mass: dict[int, float] = defaultdict(float)
        for sub in subs:
            if type(sub) is not wq.Term or not searcher.schema[sub.fieldname].scorable:
                matcher = sub.matcher(searcher, context)
                while matcher.is_active():
                    scores[matcher.id()] += matcher.score()
                    matcher.next()
                continue
            for docnum, normalised, idf in _term_frequencies(searcher, sub):
                frequency[docnum] += normalised
                idf_mass[docnum] += normalised * idf
        k1 = searcher.weighting.K1
        for docnum, total in frequency.items():
            scores[docnum] += float(saturated(idf_mass[docnum], total, k1))
        if not scores:
            return matching.NullMatcher()
        ids = sorted(scores)
        weights = [scores[d] * self.boost for d in ids]
        return matching.ListMatcher(ids, weights=weights, scorer=WeightScorer(max(weights)))


def saturated(idf_mass: float | np.ndarray, frequency: float | np.ndarray, k1: float) -> float | np.ndarray:
    """BM25F's score from the sum of a word's normalised frequencies over its fields and the same sum
    weighted by each field's idf: idf * tf~ * (k1 + 1) / (tf~ + k1), with idf = idf_mass / tf~."""
    return idf_mass * (k1 + 1) / (frequency + k1)


def _term_frequencies(searcher: Searcher, term: wq.Term) -> list[tuple[int, float, float]]:
    """(record number, the term's length-normalised weight there, its idf times its boost) for
    every record holding the term in this (leaf) searcher."""
    field = searcher.schema[term.fieldname]
    try:
        btext = field.to_bytes(term.text)
    except ValueError:
        return []
    if (term.fieldname, btext) not in searcher.reader():
        return []
    idf = searcher.idf(term.fieldname, btext) * term.boost
    reader = searcher.reader()
    matcher = searcher.postings(term.fieldname, btext)
    docnums, weights, lengths = [], [], []
    while matcher.is_active():
        docnums.append(matcher.id())
        weights.append(matcher.weight())
        lengths.append(reader.doc_field_length(matcher.id(), term.fieldname, 1) or 1)
        matcher.next()
    norms = length_normalisation(searcher, term.fieldname, np.array(lengths, dtype=np.float64))
    return [(docnum, weight / float(norm), idf) for docnum, weight, norm in zip(docnums, weights, norms, strict=True)]
