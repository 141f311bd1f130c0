"""Organizations a text names that the profile does not know: shown apart, as "Also named".

A real archive names far more allies, coalitions and funders than any profile lists (a review of
IJN's pages found 28 of 64 unknown). Their names have a shape: capitalised words ending in a word
organizations are called by (Network, Coalition, Alliance, Project, Center, Council, Union, Fund,
Committee...), with the acronym in parentheses when the text gives one: "Detention Watch Network
(DWN)". Places with such names are refused (a detention or processing center is a building, not an
organization), and so is anything the profile already knows, which keeps its own facet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_ORG_WORD = (
    r"(?:Network|Coalition|Alliance|Project|Center|Centre|Council|Union|Fund|Committee|Institute|"
    r"Foundation|Association|Collective|Campaign|Initiative|Partnership|League|Federation|Caucus)"
)
_CAPITALISED = r"(?!The\b)[A-Z][\w'’&-]*"  # "The" may open a name, never sit inside one
_GAP = r"[ ]+"  # words of one name are on one line: a line break ends it
_ACRONYM = r"(?:[ ]*\(([A-Z][A-Za-z/&-]{1,9})\))?"
# Words inside a name: capitalised ones, and "of", "for", "on", "in", "to", "of the" between them
# ("and" is left out: it joins two names more often than it sits inside one).
_INNER = rf"(?:(?:{_CAPITALISED}|of{_GAP}the|of|for|on|in|to){_GAP}){{0,6}}"
_TAIL = rf"{_GAP}(?:for|of|on){_GAP}(?:the{_GAP})?{_CAPITALISED}(?:{_GAP}{_CAPITALISED}){{0,4}}"
_NAME = re.compile(
    rf"(?<![\w#-])((?:The{_GAP})?{_CAPITALISED}{_GAP}{_INNER}{_ORG_WORD}(?:{_TAIL})?)(?![\w-]){_ACRONYM}"
    # "Center for Constitutional Rights", "Alliance for Justice": the organization word comes first
    rf"|(?<![\w#-])((?:The{_GAP})?{_ORG_WORD}{_TAIL})(?![\w-]){_ACRONYM}"
)
# Buildings and generic phrases that end like an organization's name.
_NOT_ORGANIZATIONS = re.compile(
    r"\b(?:Detention|Processing|Correctional|Medical|Shopping|Convention|Data|Call|Community|Health|"
    r"Service|Resource|Family|Residential|Youth|Staging|Holding|Transitional)\s+(?:Center|Centre)$|"
    r"^(?:Our|This|That|These|Those|A|An|Each|Every|Your|Their|His|Her|Its)\s"
)
_CONNECTORS = frozenset({"of", "for", "on", "in", "the", "to"})


def find_also_named(text: str, known: Iterable[str]) -> list[str]:
    """Names shaped like organizations in `text` that are none of `known` (the profile's names,
    aliases and acronyms), in order of first mention, each once ("Name (ACR)" when the text gives
    the acronym)."""
    known_folded = {k.casefold() for k in known}
    found: dict[str, str] = {}
    for match in _NAME.finditer(text):
        written, acronym = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        name = re.sub(r"^The\s+", "", " ".join(written.split()))
        if len([w for w in name.split() if w not in _CONNECTORS]) < 2:  # "Network" alone is no name
            continue
        if _NOT_ORGANIZATIONS.search(name) or name.casefold() in known_folded:
            continue
        if acronym and acronym.casefold() in known_folded:
            continue
        key = name.casefold()
        if key not in found or (acronym and "(" not in found[key]):
            found[key] = f"{name} ({acronym})" if acronym else name
    return list(found.values())
