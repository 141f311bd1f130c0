"""Autocomplete: hashtags, organizations, topics and title words that start with what was typed.

Built from the catalog's documents, which are those the caller may see (the
public view holds no internal document at all).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TypedDict

from archive.catalog import Catalog
from archive.shared.words import slug

_TITLE_WORD = re.compile(r"(?<![#\w])\w[\w'’-]*")  # hashtags are offered as hashtags
KINDS_ORDER = ("hashtag", "organization", "topic", "title")


class Completion(TypedDict):
    """One completion, as the app's search box and the CLI's JSON show it."""

    value: str
    kind: str  # one of KINDS_ORDER
    count: int  # how many documents carry it


def autocomplete(catalog: Catalog, prefix: str, *, limit: int = 10) -> list[Completion]:
    """Completions for `prefix`, facet values before title words,
    each group by how many documents carry it."""
    wanted = prefix.strip().casefold().lstrip("#")
    if not wanted:
        return []
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in KINDS_ORDER}
    aliases = {o.name: (*o.acronyms, *o.aliases) for o in catalog.profile.organizations}
    for record in catalog:
        counts["hashtag"].update({catalog.label("hashtags", h) for h in record.hashtags})
        counts["organization"].update(set(record.organizations) | set(record.agencies))
        counts["topic"].update(set(record.topics))
        counts["title"].update({w.casefold() for w in _TITLE_WORD.findall(record.title) if len(w) > 2})

    def matches(kind: str, value: str) -> bool:
        labels = [value, *aliases.get(value, ())] if kind == "organization" else [value]
        if kind in ("organization", "topic"):  # any word of a name may start the match
            return any(w.startswith(wanted) for label in labels for w in [slug(label), *slug(label).split("_")])
        return slug(value).startswith(slug(wanted)) if kind == "hashtag" else value.startswith(wanted)

    found: list[Completion] = []
    for kind in ("hashtag",) if prefix.strip().startswith("#") else KINDS_ORDER:
        ranked = sorted(counts[kind].items(), key=lambda kv: (-kv[1], kv[0].casefold()))
        found += [Completion(value=v, kind=kind, count=n) for v, n in ranked if matches(kind, v)]
    return found[:limit]
