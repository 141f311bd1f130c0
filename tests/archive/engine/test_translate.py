"""The archive's own query parser and its translation give the Whoosh queries Whoosh's own parser
(configured as the project configured it until it had a parser of its own) gives, on generated
queries of the shared syntax: every query that parsed before matches what it matched. A word's
alternatives in several fields are grouped as one BM25F word (archive/engine/bm25f.py, scored in
tests/archive/engine/test_bm25f.py); here they are compared as the OR they match as. Two
differences are deliberate and checked on their own: `word^2` boosts (Whoosh's boost syntax was
switched off), an exclusion inside parentheses excludes (Whoosh dropped the minus there), and
`+a AND b` requires both (Whoosh made b optional)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import qparser
from whoosh import query as wq

from archive import Archive
from archive.engine.bm25f import AcrossFields
from archive.engine.schema import DOC_TEXT_FIELDS, build_schema
from archive.engine.translate import compile_query
from archive.query import parse_query


def whooshs_parser() -> qparser.QueryParser:
    parser = qparser.MultifieldParser(list(DOC_TEXT_FIELDS), build_schema(), group=qparser.OrGroup.factory(0.9))
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+", minusexpr=r"(?<![^\s(])-"))
    parser.remove_plugin_class(qparser.BoostPlugin)
    return parser


WHOOSH = whooshs_parser()
WORDS = ["detention", "bail", "Immigrants", "the", "anti-immigrant", "deportación", "U.S.", "fund", "don't", "y"]
word = st.sampled_from(WORDS)
term = st.one_of(
    word,
    word.map(lambda w: w[:4] + "*"),
    word.map(lambda w: w + "~"),
    st.tuples(word, st.integers(1, 2), st.integers(1, 2)).map(lambda t: f"{t[0]}~{t[1]}/{t[2]}"),
    st.lists(word, min_size=1, max_size=3).map(lambda ws: '"' + " ".join(ws) + '"'),
    st.tuples(st.sampled_from(["title", "body"]), word).map(lambda t: f"{t[0]}:{t[1]}"),
)
signed = st.tuples(st.sampled_from(["", "", "+", "-"]), term).map("".join)


def _sequence(items: list[str], operators: list[str]) -> str:
    out = [items[0]]
    for item, op in zip(items[1:], operators, strict=False):
        out += [op, item] if op else [item]
    return " ".join(out)


# +/- marks in sequences, operators between unmarked parts: Whoosh mixed the two inconsistently
# ("+a AND b" was "+a b", "+a ANDNOT b" was "+a b"); here a mark stays with its item (tested below)
marked = st.lists(signed, min_size=1, max_size=4).map(" ".join)
joined = st.lists(term, min_size=1, max_size=4).flatmap(
    lambda items: st.lists(st.sampled_from(["", "AND", "OR"]), min_size=len(items) - 1, max_size=len(items) - 1).map(
        lambda ops: _sequence(items, ops)
    )
)
# groups of unsigned parts (Whoosh ignores a minus inside a group: deliberate difference, tested below)
group = st.lists(term, min_size=1, max_size=3).map(lambda items: "(" + " ".join(items) + ")")
query_text = st.one_of(
    marked,
    joined,
    st.tuples(joined, st.sampled_from(["AND", "OR", "ANDNOT", "ANDMAYBE"]), group).map(" ".join),
    st.tuples(group, st.sampled_from(["AND", "OR", ""]), joined).map(" ".join),
    st.tuples(group, marked).map(" ".join),
)


def ours(text: str, archive: Archive) -> wq.Query | None:
    compiled = compile_query(parse_query(text, archive.catalog(), strict=True).query)
    return _fields_as_or(compiled.whoosh).normalize() if compiled else None


def _fields_as_or(q: wq.Query) -> wq.Query:
    if isinstance(q, AcrossFields):
        return wq.Or([_fields_as_or(sub) for sub in q.subqueries], boost=q.boost)
    return q if q.is_leaf() else q.apply(_fields_as_or)


def whooshs(text: str) -> wq.Query | None:
    # the project read "a NOT b" and "a AND NOT b" as "a -b" before Whoosh saw them
    without_not = re.sub(r'("[^"]*")|(?:\bAND\s+)?\bNOT\s+', lambda m: m.group(1) or "-", text)
    parsed = WHOOSH.parse(without_not).normalize()
    return None if parsed is wq.NullQuery else parsed


def _excludes_from_nothing(text: str) -> bool:
    """Whoosh parses "X ANDNOT Y" with an X of stop words alone as Y: it searches for what was
    excluded. The project's parser searches nothing there (a deliberate difference). ANDNOT binds
    tighter than a sequence, so its X is the part just before it ("fund title:the ANDNOT (bail)"
    searched fund or bail)."""
    left, operator, _ = text.partition(" ANDNOT ")
    last_part = re.search(r'("[^"]*"|\S+)$', left)
    return bool(operator) and (whooshs(left) is None or (last_part is not None and whooshs(last_part[1]) is None))


@settings(max_examples=300, deadline=None)
@given(text=query_text)
def test_the_parser_gives_the_queries_whooshs_parser_gave(sample_archive: Archive, text: str) -> None:
    expected = whooshs(text)
    if expected is None or _excludes_from_nothing(text):
        return  # nothing searchable for Whoosh (stop words only, or only exclusions), or see above
    assert ours(text, sample_archive) == expected, text


def test_stop_words_alone_search_nothing_and_exclusions_alone_search_everything_else(
    sample_archive: Archive,
) -> None:
    assert ours("the", sample_archive) is None
    assert ours("-bail -fund", sample_archive) == wq.Not(whooshs("bail fund"))
    assert ours("NOT bail", sample_archive) == wq.Not(whooshs("bail"))


def test_deliberate_differences_from_whooshs_parser(sample_archive: Archive) -> None:
    # Whoosh searched "detention" for "the ANDNOT detention"
    assert _excludes_from_nothing("title:the ANDNOT (detention)")
    assert whooshs("title:the ANDNOT (detention)") == whooshs("detention")
    assert _excludes_from_nothing("fund title:the ANDNOT (bail)")
    assert ours("fund title:the ANDNOT (bail)", sample_archive) == whooshs("fund")
    assert ours("title:the ANDNOT (detention)", sample_archive) is None
    # while "the ANDMAYBE detention", with nothing required, searches detention, as Whoosh did
    assert ours("title:the ANDMAYBE (detention)", sample_archive) == whooshs("detention")


@pytest.mark.parametrize(
    "text",
    ["detention detention the ANDMAYBE (bail)", "the ANDMAYBE (bail)", "detention title:the ANDMAYBE (bail)"],
)
def test_a_stop_word_required_by_andmaybe_is_read_as_whoosh_read_it(sample_archive: Archive, text: str) -> None:
    """Found at random by the property test above: unfielded, the pair searches nothing; in a
    field, its optional side stands."""
    assert ours(text, sample_archive) == whooshs(text)
    boosted = ours("detention^2 bail", sample_archive)
    assert boosted == wq.Or([*(t.with_boost(2.0) for t in whooshs("detention").subqueries), *whooshs("bail")])
    # Whoosh read "+detention AND bail" as "+detention bail" (bail optional)
    assert ours("+detention AND bail", sample_archive) == wq.And([whooshs("detention"), whooshs("bail")])
    # and "(detention -bail)" as "(detention bail)"
    assert ours("fund (detention -bail)", sample_archive) == wq.Or(
        [*whooshs("fund").subqueries, wq.AndNot(whooshs("detention"), whooshs("bail"))]
    )
