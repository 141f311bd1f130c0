"""People named as contacts, authors or speakers, whom researchers cite: a "For more information,
contact:" block or a "Contact: NAME, email" line, a "View all posts by NAME" author box, a "By NAME"
byline, and the people a statement quotes ("…,” said NAME, title; NAME said; "— NAME, title, Org").

A name is two to four capitalised words. What only looks like one is refused: an organisation of
the profile, anything with an institution's word in it ("Homeland Security", "Justice Network"),
titles without a name ("Executive Director"), days and months."""

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
_PERSON = r"(?:Dr\.\s|Rev\.\s)?[A-Z][a-z][a-zA-Z'’-]*(?:\s(?:[A-Z]\.|[A-Z][a-zA-Z'’-]+|de|la|van|von|del)){1,3}"
_TITLE = (
    r"(?:Executive|Managing|Legal|Policy|Communications|Deputy|Senior|Co-)?\s?"
    r"(?:Director|President|Chair|Organizer|Attorney|Counsel)"
)
_TITLE_WORDS = _TITLE + r"\s"
# "…,” said Jane Doe, policy director at X" · "…,” Jane Doe said" · "said Executive Director Jane Doe"
_SAID_AFTER = re.compile(rf"[”\"],?\s+said\s+(?:{_TITLE_WORDS})?({_PERSON})\b")
_SAID_BEFORE = re.compile(rf"[”\"],?\s+({_PERSON})\s+(?:said|says|added|explained|stated)\b")
_DASH_ATTRIBUTION = re.compile(rf"^[—–-]\s*({_PERSON})\s*(?:,|$)")
_CONTACT_LINE = re.compile(rf"^(?:press |media )?contacts?:\s*({_PERSON})\s*(?:[,|(–—-]|$)", re.I)
_INSTITUTION = re.compile(
    r"\b(?:Network|Coalition|Alliance|Project|Center|Centre|Council|Union|Fund|Committee|Law|Office|"
    r"Department|Security|Services|Service|Court|Congress|Senate|House|Administration|Agency|Immigration|"
    r"Customs|Enforcement|Patrol|Police|University|Institute|Association|Campaign|Foundation|Guild|"
    r"America|States|County|City|Act|Bill|Program|Policy|Justice|Rights|Action|Day|Week|Staff|Post|Times|"
    r"News|Press|Group|Capital|Bank|Partners|Equities|Institutional|Inc|Corp|Company|President|Director|"
    r"Chair|Secretary|Governor|Senator|Mayor|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|June|July|"
    r"August|September|October|November|December)\b"
)


# After a name: ", policy director at the Immigrant Defense Project" · ", Executive Director, IDP"
_ROLE = re.compile(
    r",\s+((?:the\s+)?[A-Za-z][\w’'-]*(?:\s+[\w’'&-]+){0,5}?)"
    r"(?:(?:\s+(?:at|of|with|for)\s+|,\s+)(?:the\s+)?([A-Z][\w’'&-]*(?:\s+[\w’'&()-]+){0,7}?))?\s*(?:[.;”\"]|,\s|$)"
)
_TITLED = re.compile(rf"said\s+({_TITLE})\s+({_PERSON})")


def roles(blocks: list[str], names: list[str]) -> dict[str, str]:
    """What the text says each named person is ("policy director, Immigrant Defense Project"), where
    it says it right after the name or as a title before it ("said Executive Director Ana Ruiz")."""
    found: dict[str, str] = {}
    for block in blocks:
        for titled in _TITLED.finditer(block):
            found.setdefault(titled.group(2), titled.group(1).strip())
        for name in names:
            at = block.find(name)
            if at < 0 or name in found:
                continue
            if match := _ROLE.match(block, at + len(name)):
                role, org = match.group(1).strip(), (match.group(2) or "").strip()
                if "@" not in role and not re.search(r"\d", role) and not looks_like_name(role):
                    found[name] = f"{role}, {org}" if org else role
    return found


def looks_like_name(line: str) -> bool:
    line = line.strip()
    return (
        bool(_NAME.match(line))
        and not any(line.startswith(n) for n in _NOT_NAMES)
        and len(line) < 40
        and not _INSTITUTION.search(line)
        and not any(word.isupper() and len(word) > 2 for word in line.split())  # "JERUSALEM POST STAFF"
    )


def quoted_speakers(text: str) -> list[str]:
    """The people a text quotes by name, in order."""
    found = [(m.start(), m.group(1)) for pattern in (_SAID_AFTER, _SAID_BEFORE) for m in pattern.finditer(text)]
    return [name for _, name in sorted(found) if looks_like_name(name)]


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
        for pattern in (_CONTACT_LINE, _DASH_ATTRIBUTION):
            if (match := pattern.match(line)) and looks_like_name(match.group(1)):
                people.append(match.group(1))
        people += [name for name in quoted_speakers(line) if name not in organization_names]
        for match in (_AUTHOR_BOX.search(line), _BYLINE.match(line)):
            if match and looks_like_name(match.group(1)):
                people.append(match.group(1))
    return list(dict.fromkeys(people))
