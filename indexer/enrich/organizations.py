"""Organizations named in text, matched by canonical name, aliases and acronyms from the profile.

Names and aliases match case-insensitively on word boundaries, with or without a leading "the" and
with a possessive ("ILRC's"). Acronyms of up to five letters match only in their own case, so "IDP"
is found but "idp" inside a word, or "ice" in a sentence about weather, is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.profile import Organization, Profile

SHORT_ACRONYM = 5


@dataclass(frozen=True)
class OrgMatcher:
    organization: Organization
    pattern: re.Pattern[str]


def _label_pattern(label: str, case_sensitive: bool) -> str:
    words = [re.escape(w) for w in label.split()]
    body = r"\s+".join(words)
    if not case_sensitive:
        body = f"(?i:{body})"
    return rf"(?<![\w-]){body}(?:['’]s)?(?![\w-])"


def build_matchers(profile: Profile) -> list[OrgMatcher]:
    matchers = []
    for org in profile.organizations:
        parts = [_label_pattern(label, case_sensitive=False) for label in (org.name, *org.aliases)]
        for acronym in org.acronyms:
            parts.append(_label_pattern(acronym, case_sensitive=len(acronym) <= SHORT_ACRONYM))
        matchers.append(OrgMatcher(org, re.compile("|".join(parts))))
    return matchers


def find_organizations(text: str, matchers: list[OrgMatcher]) -> list[tuple[Organization, int]]:
    """Organizations named in `text` with their mention counts, most mentioned first.

    Overlapping mentions go to the longest name: "National Immigration Project of the National
    Lawyers Guild" is the partner, not also a mention of the National Lawyers Guild."""
    mentions = [
        (m.start(), m.end(), matcher.organization) for matcher in matchers for m in matcher.pattern.finditer(text)
    ]
    mentions.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
    taken: list[tuple[int, int]] = []
    counts: dict[str, tuple[Organization, int]] = {}
    for start, end, org in mentions:
        if any(start < b and a < end for a, b in taken):
            continue
        taken.append((start, end))
        counts[org.name] = (org, counts.get(org.name, (org, 0))[1] + 1)
    return sorted(counts.values(), key=lambda pair: -pair[1])
