"""Exact phrases as word-pair lookups.

Whoosh matches a quoted phrase by reading the positions of its words in every record that has all
of them; on an archive where "justice" and "network" occur in nearly every 90-minute transcript,
that is seconds of pure-Python work per query. The English text fields also index each pair of
consecutive terms (archive/analysis.english_pairs_analyzer), so a phrase is an AND of its pairs:
exact for two words (after stop words, as Whoosh's own phrases), and for longer phrases true
wherever every consecutive pair occurs, which in practice is where the phrase occurs.
"""

from __future__ import annotations

from itertools import pairwise

from whoosh import query as wq

from archive.engine.analysis import PAIR_SEPARATOR
from archive.engine.schema import PAIR_FIELDS


def phrases_as_pairs(q: wq.Query | None) -> wq.Query | None:
    """The query with every exact phrase on a paired field replaced by an AND of its word pairs;
    phrases with slop and on other fields are left as they are."""
    if q is None:
        return None

    def visit(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.Phrase) and node.fieldname in PAIR_FIELDS and node.slop <= 1 and len(node.words) > 1:
            field = PAIR_FIELDS[node.fieldname]
            pairs = [wq.Term(field, f"{a}{PAIR_SEPARATOR}{b}", boost=node.boost) for a, b in pairwise(node.words)]
            return pairs[0] if len(pairs) == 1 else wq.And(pairs)
        return node.apply(visit)

    return visit(q)
