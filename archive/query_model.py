"""The query language's own tree: what a user asked for, in terms of the archive, not of an engine.

archive/query.py turns the text a user typed into these nodes (shorthands and glossary already
resolved); archive/engine/translate.py turns them into the engine's queries. Words and phrases are
kept as typed: analysing them (stemming, stop words, one language per field) is the engine's job,
because it must be done exactly as the indexed text was analysed.

`str(node)` is the query written back in the language's own syntax, for notices and tests.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Word:
    """A word as typed; matches where any text field has it (after that field's analysis)."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Phrase:
    """Quoted words, in order; `slop` 1 is adjacent, more allows words between."""

    text: str
    slop: int = 1

    def __str__(self) -> str:
        return f'"{self.text}"' + (f"~{self.slop}" if self.slop > 1 else "")


@dataclass(frozen=True)
class Prefix:
    """Every word starting with `text` ("detent*")."""

    text: str

    def __str__(self) -> str:
        return f"{self.text}*"


@dataclass(frozen=True)
class Wildcard:
    """A pattern with `*` (any run of characters) and `?` (any one character)."""

    pattern: str

    def __str__(self) -> str:
        return self.pattern


@dataclass(frozen=True)
class Fuzzy:
    """Words within `max_edits` edits of `text`, sharing its first `prefix` characters ("bail~2/1")."""

    text: str
    max_edits: int = 1
    prefix: int = 0

    def __str__(self) -> str:
        return f"{self.text}~{self.max_edits}" + (f"/{self.prefix}" if self.prefix else "")


@dataclass(frozen=True)
class InField:
    """`node` matched in one text field only (title:..., body:...)."""

    field: str
    node: Node

    def __str__(self) -> str:
        return f"{self.field}:{_grouped(self.node)}"


@dataclass(frozen=True)
class FacetValue:
    """One exact facet value, as its token (archive.shared.words.slug): hashtags, organizations, kind, ..."""

    facet: str
    value: str

    def __str__(self) -> str:
        return f"{self.facet}:{self.value}"


@dataclass(frozen=True)
class DateRange:
    """Documents dated from `low` to `high` inclusive (YYYYMMDD)."""

    low: str
    high: str

    def __str__(self) -> str:
        return f"date:[{self.low} TO {self.high}]"


@dataclass(frozen=True)
class AllOf:
    """Every part must match (AND)."""

    nodes: tuple[Node, ...]

    def __str__(self) -> str:
        return " AND ".join(_grouped(n) for n in self.nodes)


@dataclass(frozen=True)
class AnyOf:
    """Any part may match, and documents matching more of them score higher (OR; also the default
    between words)."""

    nodes: tuple[Node, ...]

    def __str__(self) -> str:
        return " OR ".join(_grouped(n) for n in self.nodes)


@dataclass(frozen=True)
class Excluding:
    """`positive`, but not where `negative` matches (`a -b`, `a NOT b`, `a ANDNOT b`)."""

    positive: Node
    negative: Node

    def __str__(self) -> str:
        return f"{_grouped(self.positive)} ANDNOT {_grouped(self.negative)}"


@dataclass(frozen=True)
class Without:
    """Every document where `node` does not match (a query of exclusions only: `-bail`)."""

    node: Node

    def __str__(self) -> str:
        return f"NOT {_grouped(self.node)}"


@dataclass(frozen=True)
class Preferring:
    """`required` must match; `optional` only adds to the score (`+a b`, `a ANDMAYBE b`)."""

    required: Node
    optional: Node

    def __str__(self) -> str:
        return f"{_grouped(self.required)} ANDMAYBE {_grouped(self.optional)}"


@dataclass(frozen=True)
class Boost:
    """`node` with its score multiplied by `factor` (`word^2`)."""

    node: Node
    factor: float

    def __str__(self) -> str:
        return f"{_grouped(self.node)}^{self.factor:g}"


Node = (
    Word | Phrase | Prefix | Wildcard | Fuzzy | InField | FacetValue | DateRange | AllOf | AnyOf
    | Excluding | Without | Preferring | Boost
)
COMPOUND = (AllOf, AnyOf, Excluding, Preferring)


def _grouped(node: Node) -> str:
    return f"({node})" if isinstance(node, COMPOUND) else str(node)
