"""Autocomplete: hashtags, organizations, topics and title words that start with what was typed.

Built from the metadata of the snapshot's documents, which are those the caller may see (the
public view holds no internal document at all).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from archive.engine import Snapshot
from archive.words import slug

_TITLE_WORD = re.compile(r"(?<![#\w])\w[\w'’-]*")  # hashtags are offered as hashtags
KINDS_ORDER = ("hashtag", "organization", "topic", "title")


def autocomplete(snapshot: Snapshot, prefix: str, *, limit: int = 10) -> list[dict[str, Any]]:
    """Completions for `prefix`: [{"value", "kind", "count"}], facet values before title words,
    each group by how many documents carry it."""
    wanted = prefix.strip().casefold().lstrip("#")
    if not wanted:
        return []
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in KINDS_ORDER}
    aliases = {o.name: (*o.acronyms, *o.aliases) for o in snapshot.profile.organizations}
    for meta in snapshot.docs.values():
        counts["hashtag"].update({snapshot.label("hashtags", h) for h in meta.get("hashtags", [])})
        counts["organization"].update(set(meta.get("organizations", [])) | set(meta.get("agencies", [])))
        counts["topic"].update(set(meta.get("topics", [])))
        counts["title"].update({w.casefold() for w in _TITLE_WORD.findall(meta.get("title", "")) if len(w) > 2})

    def matches(kind: str, value: str) -> bool:
        labels = [value, *aliases.get(value, ())] if kind == "organization" else [value]
        if kind in ("organization", "topic"):  # any word of a name may start the match
            return any(w.startswith(wanted) for label in labels for w in [slug(label), *slug(label).split("_")])
        return slug(value).startswith(slug(wanted)) if kind == "hashtag" else value.startswith(wanted)

    found: list[dict[str, Any]] = []
    for kind in ("hashtag",) if prefix.strip().startswith("#") else KINDS_ORDER:
        ranked = sorted(counts[kind].items(), key=lambda kv: (-kv[1], kv[0].casefold()))
        found += [{"value": v, "kind": kind, "count": n} for v, n in ranked if matches(kind, v)]
    return found[:limit]
