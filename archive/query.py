"""The query language: plain words, "phrases", AND/OR/NOT, -word, +word, prefix*, fuzzy~, word^2
and fields, parsed into the archive's own query tree (archive/query_model.py).

Users type `#FreeThemAll`, `org:ILRC`, `topic:detention`, `kind:pdf`, `speaker:"Panelist 1"`,
`title:bail`, `year:2020` or `date:2020-03..2020-06`. Shorthands become exact facet values (aliases
and acronyms resolved through the profile), glossary acronyms are expanded, and words between
which no operator stands are alternatives that reward documents matching more of them. Nothing
here knows the engine: archive/engine/translate.py turns the tree into its queries.

Grammar, loosest first: a sequence of items, where `+item` is required, `-item` / `NOT item`
excluded, the rest optional; `a ANDNOT b` and `a ANDMAYBE b`; `a OR b`; `a AND b` (as Whoosh's own
parser read them, so rankings did not change when this parser replaced it). An item is a
word, a "phrase" (`"..."~3` allows 3 words between), `(a group)`, `field:value` or `#hashtag`, with
an optional `^factor`.

The box is forgiving: a malformed query (an unclosed quote, a dangling operator, an empty field) is
searched as plain words and the result carries a notice saying so. `strict=True` (the CLI's
`--strict`) raises QueryError instead.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from archive.catalog import Catalog
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
from archive.shared import dates
from archive.shared.normalise import normalise_text
from archive.shared.profile import GlossaryTerm, Profile
from archive.shared.words import slug

MAX_QUERY_CHARS = 500
MAX_BOOST = 10.0
# A fuzzy word's Levenshtein automaton grows steeply with its distance (`deportation~9` took 20 GB)
# and with its length: both are capped, so no visitor's query can hold the searcher for long.
MAX_FUZZY_EDITS = 2
MAX_FUZZY_CHARS = 64
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
DATE_FIELDS = ("year", "date")
_SHORTHAND = re.compile(r'(?<![\w:])(-?)([A-Za-z]+):("[^"]*"|\(|[^\s()"]*)')
_OPERATOR = re.compile(r"^(AND|OR|NOT|ANDNOT|ANDMAYBE)$")
_TOKEN = re.compile(
    r'(?P<space>\s+)|(?P<open>\()|(?P<close>\))|"(?P<phrase>[^"]*)"(?:~(?P<slop>[1-9]\d*))?|(?P<word>[^\s()"]+)'
)
_FIELD = re.compile(r"^([A-Za-z]+):(.*)$", re.S)
_HASHTAG = re.compile(r"^#(\w+)(.*)$", re.S)
_FUZZY = re.compile(r"^(.*\S)~([0-9])?(?:/([0-9]))?$", re.S)
_BOOST = re.compile(r"^(.*?)\^(\d+(?:\.\d+)?)$", re.S)


class QueryError(ValueError):
    """A query that does not parse (raised only in strict mode)."""


@dataclass
class ParsedQuery:
    """A user's query as the archive's query tree; `query` is None for an empty query (browse)."""

    text: str
    query: Node | None
    notice: str | None = None
    words: list[str] = field(default_factory=list)  # plain words, for "did you mean"
    phrase_words: list[str] = field(default_factory=list)  # consecutive ones score more side by side
    glossary: list[GlossaryTerm] = field(default_factory=list)  # the entries the query mentions


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
        known = name in SHORTHAND_FIELDS or name in TEXT_FIELDS or name in DATE_FIELDS
        if known and value in ("", '""'):
            problems.append(f"the field {name}: has no value")
        elif name in DATE_FIELDS and value == "(":
            problems.append(f"the field {name}: takes a date, not a group")
    for match in re.finditer(r"(?<![\w:])(year|date):([^\s()]+)", text, re.IGNORECASE):
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


_NAMED_BY_ORGANIZATIONS = ("organizations", "agencies", "also_named")  # facets whose values are organizations


def named_value(profile: Profile, facet: str, value: str) -> str:
    """The slug a facet value stands for, with an organization's acronym or alias ("ILRC", "ice",
    "Immigrant Legal Resource Center's alias") resolved to its name through the profile, in any
    casing: the one rule behind filters (CLI flags, URL parameters, the sidebar) and shorthands."""
    wanted = slug(value)
    if wanted and facet in _NAMED_BY_ORGANIZATIONS:
        for org in profile.organizations:
            if wanted in {slug(label) for label in (org.name, *org.aliases, *org.acronyms)}:
                return slug(org.name)
    return wanted


def _facet_values(catalog: Catalog, facet: str, value: str) -> list[str]:
    """The slug tokens a shorthand value stands for: an exact value, an alias or acronym from the
    profile, or (for topics and organizations) every known value containing the words typed."""
    wanted = named_value(catalog.profile, facet, value)
    if not wanted:
        return []
    known = catalog.display.get("agencies" if facet == "organizations" else facet, {})
    known = {**known, **catalog.display.get(facet, {})}
    if wanted in known or facet in ("kind", "hashtags"):
        return [wanted]
    partial = [s for s in known if re.search(rf"(?:^|_){re.escape(wanted)}(?:_|$)", s)]
    return partial or [wanted]


def _any(nodes: Sequence[Node]) -> Node:
    return nodes[0] if len(nodes) == 1 else AnyOf(tuple(nodes))


@dataclass
class _Token:
    kind: str  # "open", "close", "phrase", "word"
    text: str
    start: int
    end: int
    slop: int = 1


@dataclass
class _Item:
    """One element of a sequence: a node with its +/- mark, or a binary operator."""

    node: Node | None = None
    sign: str = ""
    operator: str = ""


class _Parser:
    """Recursive descent over the tokens of a well-formed query (syntax_problems found none)."""

    def __init__(self, text: str, catalog: Catalog) -> None:
        self.catalog = catalog
        self.tokens = [
            _Token(m.lastgroup or "", m.group(m.lastgroup or 0), m.start(), m.end())
            if m.lastgroup != "phrase"
            else _Token("phrase", m.group("phrase"), m.start(), m.end(), int(m.group("slop") or 1))
            for m in _TOKEN.finditer(text)
            if m.lastgroup != "space"
        ]
        self.at = 0

    def parse(self) -> Node | None:
        return self._group(top=True)

    def _next(self) -> _Token | None:
        token = self.tokens[self.at] if self.at < len(self.tokens) else None
        self.at += token is not None
        return token

    def _adjacent(self, token: _Token) -> _Token | None:
        """The token right after `token` with no space between (a field's value), consumed."""
        if self.at < len(self.tokens) and self.tokens[self.at].start == token.end:
            return self._next()
        return None

    def _group(self, *, top: bool = False) -> Node | None:
        items: list[_Item] = []
        sign = ""
        while (token := self._next()) is not None:
            if token.kind == "close":
                if not top:
                    break
                continue
            if token.kind == "word" and _OPERATOR.match(token.text):
                if token.text == "NOT":
                    sign = "-"
                else:
                    items.append(_Item(operator=token.text))
                continue
            if token.kind == "word" and token.text[0] in "+-":
                token_sign, rest = token.text[0], token.text.lstrip("+-")
                sign = sign or token_sign
                if not rest:
                    continue
                token = _Token("word", rest, token.start + len(token.text) - len(rest), token.end)
            nodes = self._items(token)
            if nodes and sign == "-" and items and items[-1].operator == "AND":
                items.pop()  # "a AND NOT b" is "a -b": an AND before an excluded item joins nothing
            items += [_Item(node=node, sign=sign) for node in nodes]
            sign = ""
        return _sequence(items)

    def _items(self, token: _Token) -> list[Node]:
        """The nodes one token stands for (a field token also takes its adjacent value)."""
        if token.kind == "open":
            inner = self._group()
            return [inner] if inner is not None else []
        if token.kind == "phrase":
            return [Phrase(token.text, token.slop)]
        text = token.text
        boost = _BOOST.match(text)
        if boost and boost.group(1):
            factor = min(float(boost.group(2)), MAX_BOOST)
            return [Boost(n, factor) for n in self._items(_Token("word", boost.group(1), token.start, token.end))]
        if tag := _HASHTAG.match(text):
            value = slug(tag.group(1))
            rest: list[Node] = [Word(tag.group(2))] if re.search(r"\w", tag.group(2)) else []
            return ([FacetValue("hashtags", value)] if value else []) + rest
        if named := _FIELD.match(text):
            return self._field(named.group(1), named.group(2), token)
        return [_word(text)]

    def _field(self, name: str, value: str, token: _Token) -> list[Node]:
        lower = name.lower()
        value_token = None if value else self._adjacent(token)
        if lower not in SHORTHAND_FIELDS and lower not in TEXT_FIELDS and lower not in DATE_FIELDS:
            # "Note: ..." is words, not a field
            rest = self._items(value_token) if value_token else [_word(value)] if value else []
            return [Word(name), *rest]
        if lower in DATE_FIELDS:
            low, high = _date_range(value or (value_token.text if value_token else ""))
            return [DateRange(low, high)]
        if lower in TEXT_FIELDS:
            inner = self._items(value_token) if value_token else [_word(value)]
            return [InField(TEXT_FIELDS[lower], n) for n in inner]
        facet = SHORTHAND_FIELDS[lower]
        if value_token is not None and value_token.kind == "open":
            group = self._group()
            texts = [str(n) for n in _leaves(group)] if group is not None else []
        else:
            texts = [value or (value_token.text if value_token else "")]
        values = [v for t in texts for v in _facet_values(self.catalog, facet, t)]
        return [_any([FacetValue(facet, v) for v in dict.fromkeys(values)])] if values else []


def _leaves(node: Node) -> list[Node]:
    if isinstance(node, (AnyOf, AllOf)):
        return [leaf for n in node.nodes for leaf in _leaves(n)]
    return [node]


def _word(text: str) -> Node:
    """A word token: fuzzy (`bail~2/1`), prefix (`detent*`), wildcard (`a?c`) or a plain word."""
    if fuzzy := _FUZZY.match(text):
        word = fuzzy.group(1)
        if len(word) > MAX_FUZZY_CHARS:  # no word of a real language is that long: search it as it is
            return Word(word)
        edits = min(int(fuzzy.group(2) or 1), MAX_FUZZY_EDITS)
        return Fuzzy(word, edits, int(fuzzy.group(3) or 0))
    if "*" in text or "?" in text:
        if len(text) > 1 and "?" not in text and text.find("*") == len(text) - 1:
            return Prefix(text[:-1])
        return Wildcard(text)
    return Word(text)


def _gathered(items: list[_Item], operator: str) -> list[_Item]:
    """Runs of unmarked items joined by AND or OR, left to right, as one AllOf or AnyOf each. A +/-
    mark keeps an item out of the run (Whoosh mixed the two inconsistently)."""
    kind = AllOf if operator == "AND" else AnyOf
    out: list[_Item] = []
    pending = False
    for item in items:
        if item.operator == operator:
            pending = bool(out)
            continue
        last = out[-1] if out else None
        if pending and last is not None and last.node is not None and item.node is not None and not item.sign:
            parts = last.node.nodes if isinstance(last.node, kind) else (last.node,)
            out[-1] = _Item(node=kind((*parts, item.node)), sign=last.sign)
        else:
            out.append(item)
        pending = False
    return out


def _paired(items: list[_Item]) -> list[_Item]:
    """ANDNOT and ANDMAYBE joining the item on each side, right to left (`a ANDMAYBE b ANDNOT c` is
    `a ANDMAYBE (b ANDNOT c)`, as Whoosh's parser read it); the left side keeps its +/- mark."""
    out: list[_Item] = []
    operator = ""
    for item in reversed(items):
        if item.operator in ("ANDNOT", "ANDMAYBE"):
            operator = item.operator if out else ""
            continue
        right = out[-1] if out else None
        if operator and right is not None and right.node is not None and item.node is not None:
            kind = Excluding if operator == "ANDNOT" else Preferring
            out[-1] = _Item(node=kind(item.node, right.node), sign=item.sign)
        else:
            out.append(item)
        operator = ""
    return out[::-1]


def _sequence(items: list[_Item]) -> Node | None:
    """Items joined by AND (tightest), then OR, then ANDNOT and ANDMAYBE, then the sequence's own
    +required, -excluded and optional parts."""
    items = _paired(_gathered(_gathered(items, "AND"), "OR"))
    signed = [(i.sign, i.node) for i in items if i.node is not None]
    required = [node for sign, node in signed if sign == "+"]
    excluded = [node for sign, node in signed if sign == "-"]
    optional = [node for sign, node in signed if not sign]
    positive: Node | None = None
    if required:
        all_required = required[0] if len(required) == 1 else AllOf(tuple(required))
        positive = Preferring(all_required, _any(optional)) if optional else all_required
    elif optional:
        positive = _any(optional)
    if not excluded:
        return positive
    negative = _any(excluded)
    return Excluding(positive, negative) if positive is not None else Without(negative)


def _label_pattern(label: str) -> re.Pattern[str]:
    """A glossary label as typed in a query: acronyms (capitals, five letters at most) only in
    capitals, so a search for "ice" stays a search for the word; other labels in any case."""
    flags = 0 if label.isupper() and len(label) <= 5 else re.IGNORECASE
    return re.compile(rf"(?<![\w#]){re.escape(label)}(?!\w)", flags)


def glossary_mentions(text: str, profile: Profile) -> list[GlossaryTerm]:
    """The glossary entries a query mentions, by term, expansion or alias: the one decision behind
    both the query's expansion and the glossary shown beside results."""
    return [
        entry
        for entry in profile.glossary
        if any(_label_pattern(label).search(text) for label in (entry.term, entry.expansion, *entry.aliases) if label)
    ]


def _acronym_clause(entry: GlossaryTerm, profile: Profile) -> Node:
    """The acronym as a word, and where it names an organization, only in documents naming it."""
    expansion = entry.expansion.casefold()
    org = next(
        (
            o
            for o in profile.organizations
            if entry.term in o.acronyms or expansion in {n.casefold() for n in (o.name, *o.aliases)}
        ),
        None,
    )
    return AllOf((FacetValue("organizations", slug(org.name)), Word(entry.term))) if org else Word(entry.term)


def _expand_entry(node: Node, entry: GlossaryTerm, profile: Profile) -> tuple[Node, bool]:
    """`ICE` -> (ICE, where the document names the agency) OR "Immigration and Customs
    Enforcement", and the expansion typed as words back to the acronym; the first occurrence only."""
    acronym = _label_pattern(entry.term)
    expansion_words = [w.casefold() for w in entry.expansion.split()]
    if isinstance(node, Word):
        if re.fullmatch(rf"{acronym.pattern}(?:['’]s)?[.,;:!?]*", node.text, acronym.flags):
            return AnyOf((_acronym_clause(entry, profile), Phrase(entry.expansion))), True
        if [node.text.casefold()] == expansion_words:
            return AnyOf((Phrase(entry.expansion), _acronym_clause(entry, profile))), True
        return node, False
    if isinstance(node, AnyOf):
        parts = list(node.nodes)
        texts = [p.text.casefold().rstrip(".,;:!?") if isinstance(p, Word) else None for p in parts]
        for i in range(len(parts) - len(expansion_words) + 1):
            if len(expansion_words) > 1 and texts[i : i + len(expansion_words)] == expansion_words:
                clause = AnyOf((Phrase(entry.expansion), _acronym_clause(entry, profile)))
                return _any([*parts[:i], clause, *parts[i + len(expansion_words) :]]), True
    if isinstance(node, (AllOf, AnyOf)):
        parts = list(node.nodes)
        for i, part in enumerate(parts):
            parts[i], done = _expand_entry(part, entry, profile)
            if done:
                return type(node)(tuple(parts)), True
    if isinstance(node, (Excluding, Preferring)):
        first, second = (
            (node.positive, node.negative) if isinstance(node, Excluding) else (node.required, node.optional)
        )
        first, done = _expand_entry(first, entry, profile)
        if not done and isinstance(node, Preferring):
            second, done = _expand_entry(second, entry, profile)
        return type(node)(first, second), done
    if isinstance(node, Boost):
        inner, done = _expand_entry(node.node, entry, profile)
        return Boost(inner, node.factor), done
    return node, False


def _expand_glossary(node: Node, mentioned: list[GlossaryTerm], profile: Profile) -> Node:
    for entry in mentioned:
        if entry.expansion:
            node, _ = _expand_entry(node, entry, profile)
    return node


def plain_words(text: str) -> list[str]:
    """The words of a query with all syntax removed."""
    return [w for w in re.findall(r"[#\w][\w'’-]*", text) if not _OPERATOR.match(w)]


def phrase_words(text: str) -> list[str]:
    """The query's words in order, without fields, hashtags, exclusions or operators: consecutive
    ones score a little more where they stand side by side (archive/engine/ranking.py)."""
    return [w for w in re.findall(r'(?<![\w:#-])[^\s:#()"-][^\s:()"]*', text) if not _OPERATOR.match(w)]


def parse_query(text: str, catalog: Catalog, *, strict: bool = False) -> ParsedQuery:
    """Parse a user's query; see the module docstring for the language and the forgiving rule. The
    query is put in the index's one form first (archive.shared.normalise: "ﬁ" is "fi", full-width is ASCII)."""
    text = normalise_text(text or "").strip()
    notice = None
    if len(text) > MAX_QUERY_CHARS:
        if strict:
            raise QueryError(f"query longer than {MAX_QUERY_CHARS} characters")
        text = text[:MAX_QUERY_CHARS]
        notice = f"Your query was cut to its first {MAX_QUERY_CHARS} characters."
    if not text:
        return ParsedQuery(text="", query=None)
    words = [w.lstrip("#") for w in plain_words(text) if not re.match(r"^[A-Za-z]+:", w)]
    mentioned = glossary_mentions(text, catalog.profile)
    problems = syntax_problems(text)
    if problems:
        if strict:
            raise QueryError(f"cannot parse query {text!r}: {'; '.join(problems)}")
        notice = f"Your query has {' and '.join(problems)}, so it was searched as plain words."
        plain = [Word(w) for w in plain_words(text.replace(":", " "))]
        node = _any(plain) if plain else None
    else:
        node = _Parser(text, catalog).parse()
    if node is None:
        return ParsedQuery(text=text, query=None, notice=notice, words=words, glossary=mentioned)
    node = _expand_glossary(node, mentioned, catalog.profile)
    in_order = phrase_words(text) if not isinstance(node, Without) else []
    return ParsedQuery(
        text=text,
        query=node,
        notice=notice,
        words=words if not isinstance(node, Without) else [],
        phrase_words=in_order,
        glossary=mentioned,
    )
