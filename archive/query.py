"""The query language: plain words, "phrases", AND/OR/NOT, -word, prefix*, fuzzy~, and fields.

Users type `#FreeThemAll`, `org:ILRC`, `topic:detention`, `kind:pdf`, `speaker:"Panelist 1"`,
`year:2020` or `date:2020-03..2020-06`. These shorthands are rewritten into exact clauses on the
slug-token facet fields (aliases and acronyms resolved through the profile) before Whoosh's parser
sees the query. Whoosh itself parses the rest with an OR default that rewards documents matching
more of the words.

The box is forgiving: a malformed query (an unclosed quote, a dangling operator, an empty field) is
searched as plain words and the result carries a notice saying so. `strict=True` (the CLI's
`--strict`) raises QueryError instead.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from whoosh import qparser
from whoosh import query as wq

from archive import dates
from archive.analysis import english_analyzer, slug, spanish_analyzer
from archive.schema import DOC_TEXT_FIELDS, build_schema
from archive.store import Snapshot

MAX_QUERY_CHARS = 500
SHORTHAND_FIELDS = {
    "topic": "topics",
    "topics": "topics",
    "org": "organizations",
    "organization": "organizations",
    "kind": "kind",
    "speaker": "speakers",
    "person": "people",
    "people": "people",
    "hashtag": "hashtags",
    "tag": "hashtags",
}
TEXT_FIELDS = {"title": "title", "body": "body"}
_SHORTHAND = re.compile(r'(?<![\w:])(-?)([A-Za-z]+):("[^"]*"|[^\s()"]*)')
_HASHTAG = re.compile(r"(?<![\w&/#])(-?)#(\w+)")
_OPERATOR = re.compile(r"^(AND|OR|NOT|ANDNOT|ANDMAYBE)$")


class QueryError(ValueError):
    """A query that does not parse (raised only in strict mode)."""


@dataclass
class ParsedQuery:
    """A user's query as Whoosh sees it; `query` is None for an empty query (browse)."""

    text: str
    query: wq.Query | None
    notice: str | None = None
    words: list[str] = field(default_factory=list)  # plain words, for "did you mean"
    proximity: wq.Query | None = None  # optional bonus clause: consecutive words close together


def syntax_problems(text: str) -> list[str]:
    """What is malformed in a query, in words a user understands; empty when it is well formed."""
    problems = []
    if text.count('"') % 2:
        problems.append("an unclosed quotation mark")
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0:
        problems.append("unbalanced parentheses")
    tokens = re.findall(r'"[^"]*"|\S+', text.replace("(", " ").replace(")", " "))
    ops = [bool(_OPERATOR.match(t)) for t in tokens]
    if tokens and ((ops[0] and tokens[0] != "NOT") or ops[-1]):
        problems.append(f"the operator {tokens[0] if ops[0] else tokens[-1]} has nothing on one side")
    elif any(a and b and tokens[i + 1] != "NOT" for i, (a, b) in enumerate(itertools.pairwise(ops))):
        problems.append("two operators in a row")
    for match in _SHORTHAND.finditer(text):
        name, value = match.group(2).lower(), match.group(3)
        if (name in SHORTHAND_FIELDS or name in TEXT_FIELDS or name in ("year", "date")) and value in ("", '""'):
            problems.append(f"the field {name}: has no value")
    for match in re.finditer(r"(?<![\w:])(year|date):(\S+)", text, re.IGNORECASE):
        try:
            _date_range(match.group(2))
        except dates.DateError:
            problems.append(f"{match.group(0)} is not a date or a range like 2020-03..2020-06")
    return problems


def _date_range(value: str) -> tuple[str, str]:
    """'2020-03..2020-06' -> ('20200301', '20200630'); a single date is its own range."""
    value = value.strip('"')
    low, sep, high = value.partition("..")
    low, high = low or "1000", (high if sep else low) or "9999"
    return dates.start_of(low).strftime("%Y%m%d"), dates.end_of(high).strftime("%Y%m%d")


def _facet_values(snapshot: Snapshot, field_name: str, value: str) -> list[str]:
    """The slug tokens a shorthand value stands for: an exact value, an alias or acronym from the
    profile, or (for topics and organizations) every known value containing the words typed."""
    wanted = slug(value.strip('"'))
    if not wanted:
        return []
    if field_name == "organizations":
        for org in snapshot.profile.organizations:
            if wanted in {slug(label) for label in (org.name, *org.aliases, *org.acronyms)}:
                return [slug(org.name)]
    known = snapshot.display.get("agencies" if field_name == "organizations" else field_name, {})
    known = {**known, **snapshot.display.get(field_name, {})}
    if wanted in known or field_name in ("kind", "hashtags"):
        return [wanted]
    partial = [s for s in known if re.search(rf"(?:^|_){re.escape(wanted)}(?:_|$)", s)]
    return partial or [wanted]


def _rewrite_shorthand(text: str, snapshot: Snapshot) -> str:
    def field_clause(match: re.Match[str]) -> str:
        neg, name, value = match.group(1), match.group(2).lower(), match.group(3)
        if name in ("year", "date") and value:
            low, high = _date_range(value)
            return f"{neg}date:[{low} TO {high}]"
        if name in TEXT_FIELDS:
            return f"{neg}{TEXT_FIELDS[name]}:{value}"
        target = SHORTHAND_FIELDS.get(name)
        if target is None:
            return f"{neg}{name} {value}"  # "Note: ..." is words, not a field
        values = _facet_values(snapshot, target, value)
        if not values:
            return ""
        clause = " OR ".join(f"{target}:{v}" for v in values)
        return f"{neg}({clause})" if len(values) > 1 else f"{neg}{clause}"

    text = _SHORTHAND.sub(field_clause, text)
    return _HASHTAG.sub(lambda m: f"{m.group(1)}hashtags:{slug(m.group(2))}", text)


_EXCLUSION = re.compile(r"(?<![^\s(])-")
_NOT = re.compile(r'("[^"]*")|(?:\bAND\s+)?\bNOT\s+')


def _not_as_exclusion(text: str) -> str:
    """`a NOT b` and `a AND NOT b` mean "a, but not b" (as `a -b`); with OR grouping Whoosh would
    otherwise read NOT b as one more alternative and match everything without b."""
    return _NOT.sub(lambda m: m.group(1) or "-", text)


def _expand_glossary(text: str, snapshot: Snapshot) -> str:
    """`ICE` -> (ICE only where the document names the agency) OR "Immigration and Customs
    Enforcement", and the expansion back to the acronym. Acronyms expand only when typed in capitals,
    so a search for "ice" stays a search for the word."""
    for entry in snapshot.profile.glossary:
        if not entry.expansion:
            continue
        acronym, expansion = entry.term, entry.expansion
        org = next(
            (
                o
                for o in snapshot.profile.organizations
                if acronym in o.acronyms or expansion.casefold() in {n.casefold() for n in (o.name, *o.aliases)}
            ),
            None,
        )
        acronym_clause = f"(organizations:{slug(org.name)} AND {acronym})" if org else acronym
        pattern_acronym = re.compile(rf'(?<![\w:#"-]){re.escape(acronym)}(?![\w"])')
        pattern_expansion = re.compile(rf'(?<!")\b{re.escape(expansion)}\b(?!")', re.I)
        if pattern_acronym.search(text):
            text = pattern_acronym.sub(f'({acronym_clause} OR "{expansion}")', text, count=1)
        elif pattern_expansion.search(text):
            text = pattern_expansion.sub(f'("{expansion}" OR {acronym_clause})', text, count=1)
    return text


def _parser() -> qparser.QueryParser:
    parser = qparser.MultifieldParser(list(DOC_TEXT_FIELDS), build_schema(), group=qparser.OrGroup.factory(0.9))
    parser.add_plugin(qparser.FuzzyTermPlugin())
    # "-word" excludes a word, but a hyphen inside a word ("anti-immigrant") is part of it.
    parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+", minusexpr=r"(?<![^\s(])-"))
    parser.remove_plugin_class(qparser.BoostPlugin)
    return parser


_PARSER = _parser()


PROXIMITY_SLOP = 3
PROXIMITY_BOOST = 0.1
_PROXIMITY_FIELDS = (("body", english_analyzer()), ("body_es", spanish_analyzer()))


def proximity_clause(text: str) -> wq.Query | None:
    """Word pairs of the query that score when they stand within 3 positions of each other: a bonus
    that reorders near-ties rather than overriding BM25 (measured in benchmarks/relevance.py)."""
    words = [w for w in re.findall(r'(?<![\w:#-])[^\s:#()"-][^\s:()"]*', text) if not _OPERATOR.match(w)]
    pairs: list[wq.Query] = []
    for fieldname, analyzer in _PROXIMITY_FIELDS:
        terms = [t.text for t in analyzer(" ".join(words))]
        pairs += [
            wq.Phrase(fieldname, terms[i : i + 2], slop=PROXIMITY_SLOP, boost=PROXIMITY_BOOST)
            for i in range(len(terms) - 1)
        ]
    return wq.Or(pairs) if pairs else None


def plain_words(text: str) -> list[str]:
    """The words of a query with all syntax removed."""
    return [w for w in re.findall(r"[#\w][\w'’-]*", text) if not _OPERATOR.match(w)]


def parse_query(text: str, snapshot: Snapshot, *, strict: bool = False) -> ParsedQuery:
    """Parse a user's query; see the module docstring for the language and the forgiving rule."""
    text = (text or "").strip()
    notice = None
    if len(text) > MAX_QUERY_CHARS:
        if strict:
            raise QueryError(f"query longer than {MAX_QUERY_CHARS} characters")
        text = text[:MAX_QUERY_CHARS]
        notice = f"Your query was cut to its first {MAX_QUERY_CHARS} characters."
    words = [w.lstrip("#") for w in plain_words(text) if not re.match(r"^[A-Za-z]+:", w)]
    if not text:
        return ParsedQuery(text="", query=None)
    problems = syntax_problems(text)
    if problems:
        if strict:
            raise QueryError(f"cannot parse query {text!r}: {'; '.join(problems)}")
        fallback = " ".join(plain_words(text.replace(":", " ")))
        notice = f"Your query has {' and '.join(problems)}, so it was searched as plain words."
        text_for_parser = _expand_glossary(fallback, snapshot)
    else:
        text_for_parser = _expand_glossary(_rewrite_shorthand(_not_as_exclusion(text), snapshot), snapshot)
    if not text_for_parser.strip():
        return ParsedQuery(text=text, query=None, notice=notice, words=words)
    try:
        parsed = _PARSER.parse(text_for_parser)
    except Exception as exc:
        if strict:
            raise QueryError(f"cannot parse query {text!r}: {exc}") from None
        parsed = _PARSER.parse(" ".join(plain_words(text)))
        notice = "Your query could not be read as written, so it was searched as plain words."
    if parsed is wq.NullQuery and _EXCLUSION.search(text_for_parser):
        # Only exclusions ("-bail", "NOT ice"): every document without them.
        excluded = _PARSER.parse(_EXCLUSION.sub("", text_for_parser))
        if excluded is not wq.NullQuery:
            return ParsedQuery(text=text, query=wq.Not(excluded), notice=notice, words=[])
    if parsed is wq.NullQuery:
        return ParsedQuery(text=text, query=None, notice=notice, words=words)
    return ParsedQuery(text=text, query=parsed, notice=notice, words=words, proximity=proximity_clause(text))
