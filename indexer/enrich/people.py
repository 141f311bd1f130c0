"""People named as contacts or authors, whom researchers cite: a "For more information, contact:"
block, a "View all posts by NAME" author box, a "By NAME" byline."""

from __future__ import annotations

import re

_CONTACT_HEADER = re.compile(
    r"(?:for (?:more|further) information|media contacts?|press contacts?)"
    r"[^:]{0,40}:?\s*$|^contacts?:\s*$",
    re.I,
)
_NAME = re.compile(r"^(?:Dr\.\s|Rev\.\s)?[A-Z][a-zA-Z'’.-]+(?:\s(?:[A-Z]\.|[A-Z][a-zA-Z'’-]+|de|la|van|von|del)){1,3}$")
_AUTHOR_BOX = re.compile(r"View all posts by\s+([A-Z][\w'’.-]+(?:\s[A-Z][\w'’.-]+){1,3})")
_BYLINE = re.compile(r"^By\s+([A-Z][\w'’.-]+(?:\s[A-Z][\w'’.-]+){1,3})(?:\s*[,|]|$)")
_NOT_NAMES = frozenset({"Immigrant Justice", "Executive Director", "Senior Policy", "Associate Dir"})


def looks_like_name(line: str) -> bool:
    line = line.strip()
    return bool(_NAME.match(line)) and not any(line.startswith(n) for n in _NOT_NAMES) and len(line) < 40


def find_people(blocks: list[str], organization_names: set[str]) -> list[str]:
    """Contact and author names in a document's text blocks, in order of appearance."""
    people: list[str] = []
    in_contacts = False
    for block in blocks:
        line = block.strip()
        if _CONTACT_HEADER.search(line):
            in_contacts = True
            continue
        if in_contacts:
            if looks_like_name(line) and line not in organization_names:
                people.append(line)
            elif len(line.split()) > 14:
                in_contacts = False
        if match := _AUTHOR_BOX.search(line):
            people.append(match.group(1))
        if match := _BYLINE.match(line):
            people.append(match.group(1))
    return list(dict.fromkeys(people))
