"""The archive's query tree (archive/query_model.py) as Whoosh queries.

Each word, phrase, prefix, wildcard and fuzzy word is analysed per text field exactly as Whoosh's
own parser analyses it (`QueryParser.term_query` and the field's tokenizer), because the index was
written with the same analyzers: a word unfielded searches title, body, Spanish body, hashtag words
and facet words, and a word its analyzer drops (a stop word) searches nothing. The result is
normalised as Whoosh's parser normalises, so the scores are the ones it would give
(tests/archive/engine/test_translate.py compares both on generated queries).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from whoosh import qparser
from whoosh import query as wq

from archive.engine.bm25f import AcrossFields
from archive.engine.schema import DOC_TEXT_FIELDS, build_schema
from archive.query_model import (
    AllOf,
    AnyOf,
    Boost,
    DateRange,
    Excluding,
    FacetValue,
    Fuzzy,
    InField,
    Node,
    Phrase,
    Preferring,
    Prefix,
    Wildcard,
    Without,
    Word,
)

_SCHEMA = build_schema()
# The parser is used only for its per-field term analysis (public `term_query`), never to parse text.
_TERMS = qparser.QueryParser(None, _SCHEMA)


@dataclass(frozen=True)
class CompiledQuery:
    """A query ready for the engine; opaque outside archive/engine."""

    whoosh: wq.Query


def compile_query(node: Node | None) -> CompiledQuery | None:
    """The engine's query for a tree, or None when nothing in it is searchable (only stop words)."""
    if node is None:
        return None
    query = _translate(node, DOC_TEXT_FIELDS).normalize()
    return None if query is wq.NullQuery else CompiledQuery(query)


def _each_field(fields: tuple[str, ...], make: Callable[[str], wq.Query | None]) -> wq.Query:
    """`make`'s query for each field, as alternatives (a field where it is None is left out)."""
    parts = [q for q in (make(f) for f in fields) if q is not None]
    return wq.Or(parts) if parts else wq.NullQuery


def _across_fields(query: wq.Query) -> wq.Query:
    """A word's alternatives in several fields, scored as one BM25F word (archive/engine/bm25f.py)."""
    return AcrossFields(query.subqueries) if type(query) is wq.Or else query


def _term(fieldname: str, text: str, termclass: type, *, analysed: bool) -> wq.Query | None:
    return _TERMS.term_query(fieldname, text, termclass, tokenize=analysed, removestops=analysed)


def _phrase(fieldname: str, text: str, slop: int) -> wq.Query:
    words = [t.text for t in _SCHEMA[fieldname].tokenize(text, mode="query")]
    return wq.Phrase(fieldname, words, slop=slop)


def _fuzzy(fieldname: str, node: Fuzzy) -> wq.Query | None:
    query = _term(fieldname, node.text, wq.FuzzyTerm, analysed=False)
    if isinstance(query, wq.FuzzyTerm):
        query.maxdist, query.prefixlength = node.max_edits, node.prefix
    return query


def _translate(node: Node, fields: tuple[str, ...]) -> wq.Query:
    match node:
        case Word(text):
            return _across_fields(_each_field(fields, lambda f: _term(f, text, wq.Term, analysed=True)))
        case Phrase(text, slop):
            return _each_field(fields, lambda f: _phrase(f, text, slop))
        case Prefix(text):
            return _each_field(fields, lambda f: _term(f, text, wq.Prefix, analysed=False))
        case Wildcard(pattern):
            return _each_field(fields, lambda f: _term(f, pattern, wq.Wildcard, analysed=False))
        case Fuzzy():
            return _each_field(fields, lambda f: _fuzzy(f, node))
        case InField(fieldname, inner):
            return _translate(inner, (fieldname,))
        case FacetValue(facet, value):
            return wq.Term(facet, value)
        case DateRange(low, high):
            return wq.TermRange("date", low, high)
        case AllOf(nodes):
            return wq.And([_translate(n, fields) for n in nodes])
        case AnyOf(nodes):
            return wq.Or([_translate(n, fields) for n in nodes])
        case Excluding(positive, negative):
            return wq.AndNot(_translate(positive, fields), _translate(negative, fields))
        case Preferring(required, optional):
            must = _translate(required, fields)
            if must.normalize() is wq.NullQuery:
                # As Whoosh's parser read it: a field's stop word leaves the operator nothing on its
                # left, so the right side stands ("title:the ANDMAYBE bail" searches bail); an
                # unfielded one is an empty requirement, so the pair searches nothing ("the
                # ANDMAYBE bail", and "detention the ANDMAYBE bail" searches detention).
                return _translate(optional, fields) if isinstance(required, InField) else wq.NullQuery
            return wq.AndMaybe(must, _translate(optional, fields))
        case Without(inner):
            return wq.Not(_translate(inner, fields))
        case Boost(inner, factor):
            query = _translate(inner, fields)
            return query if query is wq.NullQuery else query.with_boost(query.boost * factor)
    raise TypeError(f"not a query node: {node!r}")
