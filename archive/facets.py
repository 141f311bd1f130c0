"""The facets: every dimension a search can be filtered and counted by, declared once.

Search (its filters and counts), the facet bitsets (archive/facet_table.py), both commands of the
CLI that take filters (`search`, `export`), the app's sidebar and URL, result-card chips and the CSV
and JSON exports all read this table, so a facet added here appears everywhere with the same name,
flag and parameter, and no two places can disagree on how its values match.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, Protocol

from archive.shared.model import KINDS

# How a selection matches a document's values:
#   "label": the value's slug (archive.shared.words.slug): case, accents and punctuation ignored, so
#            `freethemall` selects `#FreeThemAll` and `ilrc` selects `ILRC`;
#   "year":  the year of the document's date ("2020" selects 2020-06-05 and 2020-06).
Match = Literal["label", "year"]


class Valued(Protocol):
    """A document's metadata (archive.catalog.DocumentRecord), as far as facets read it."""

    def values(self, key: str) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Facet:
    """One filterable, countable dimension of the documents."""

    name: str  # in `Filters`, in the JSON's "facets", in the facet bitsets
    key: str  # the document metadata field its values come from
    label: str  # what a person reads (the app's sidebar)
    cli_flag: str  # `python -m archive search --topic ...` (repeatable: values combine with OR)
    url_param: str  # the app's `?topic=...` (repeatable)
    match: Match = "label"
    choices: tuple[str, ...] | None = None  # the only values it can take, when it has a fixed set

    def values_of(self, record: Valued, start: date | None) -> tuple[str, ...]:
        """The facet's values on one document (`start`: the first day of its date, if dated)."""
        if self.match == "year":
            return (str(start.year),) if start else ()
        return record.values(self.key)


FACETS: tuple[Facet, ...] = (
    Facet("kind", "kind", "Type", "--kind", "kind", choices=KINDS),
    Facet("topics", "topics", "Topic", "--topic", "topic"),
    Facet("hashtags", "hashtags", "Hashtag", "--hashtag", "hashtag"),
    Facet("organizations", "organizations", "Partner organization", "--org", "org"),
    Facet("agencies", "agencies", "Agency", "--agency", "agency"),
    Facet("also_named", "also_named", "Also named", "--also-named", "also"),  # organizations the profile lacks
    Facet("people", "people", "People", "--person", "person"),
    Facet("year", "date", "Year", "--year", "year", match="year"),
)
FACET_NAMES: tuple[str, ...] = tuple(f.name for f in FACETS)
BY_NAME: dict[str, Facet] = {f.name: f for f in FACETS}
BY_URL_PARAM: dict[str, Facet] = {f.url_param: f for f in FACETS}
# The list-valued facets read straight from a document's metadata (exported as columns).
METADATA_LIST_KEYS: tuple[str, ...] = tuple(f.key for f in FACETS if f.match == "label" and f.choices is None)
