"""People named as contacts, authors or speakers, whom researchers cite: a "For more information,
contact:" block or a "Contact: NAME, email" line, a "View all posts by NAME" author box, a "By NAME"
byline (also "By" on a line of its own above the name, and "an article by NAME"), and the people a
statement quotes ("…,” said NAME, title; NAME said; "— NAME, title, Org"), and the people a news
story reports ("Spokesman NAME said", "staff attorney NAME explained"; later only "…,” said SURNAME",
the surname of a name given earlier in the text), a paraphrase with the role after the name ("…, said
NAME, chair of …"), a role held ("NAME is director of …"), and a line naming a post's writer and role
("NAME, Deputy Director, Office of …"). Spanish pages say the same in their words: "Por NAME", "…”,
dijo NAME", "afirmó NAME, abogado de …", "según NAME,", "el alguacil, NAME, aseguró", "dijo la
abogada NAME", and "NAME dijo" opening a sentence with a given name.

A name is two to four capitalised words. What only looks like one is refused: an organisation of
the profile, anything with an institution's word in it ("Homeland Security", "Justice Network"),
titles without a name ("Executive Director"), days and months."""

from __future__ import annotations

import re
from collections.abc import Iterator

from archive.shared.names import is_spanish_given_name

_CONTACT_HEADER = re.compile(
    r"(?:for (?:more|further) information|media contacts?|press contacts?)"
    r"[^:]{0,40}:?\s*$|^contacts?:\s*$",
    re.I,
)
# Letters of any Latin alphabet: "José Pérez Gómez" and "Zoë Núñez" are names as "Jane Doe" is.
_UPPER = r"[A-ZÀ-ÖØ-Þ]"
_LOWER = r"[a-zß-öø-ÿ]"
_LETTERS = r"(?:[^\W\d_]|['’-])"  # inside a name's word: letters, apostrophes, hyphens
_NAME = re.compile(
    rf"^(?:Dr\.\s|Rev\.\s)?{_UPPER}(?:{_LETTERS}|\.)+(?:\s(?:{_UPPER}\.|{_UPPER}{_LETTERS}+|de|la|van|von|del)){{1,3}}$"
)
_AUTHOR_BOX = re.compile(rf"View all posts by\s+({_UPPER}[\w'’.-]+(?:\s{_UPPER}[\w'’.-]+){{1,3}})")
_BYLINE = re.compile(rf"^(?:By|Por)\s+({_UPPER}[\w'’.-]+(?:\s{_UPPER}[\w'’.-]+){{1,3}})(?:\s*[,|]|$)")
_BYLINE_WORD = re.compile(r"^(?:By|Por):?$")  # a byline's word on a line of its own, the name under it
_NOT_NAMES = frozenset({"Immigrant Justice", "Executive Director", "Senior Policy", "Associate Dir"})
_PERSON = (
    rf"(?:Dr\.\s|Rev\.\s)?{_UPPER}{_LOWER}{_LETTERS}*(?:\s(?:{_UPPER}\.|{_UPPER}{_LETTERS}+|de|la|van|von|del)){{1,3}}"
)
_TITLE = (
    r"(?:Executive|Managing|Legal|Policy|Communications|Deputy|Senior|Co-)?\s?"
    r"(?:Director|President|Chair|Organizer|Attorney|Counsel)"
)
_TITLE_WORDS = _TITLE + r"\s"
# An office written before a holder's name: "Attorney General Jeff Sessions", "Secretary of Homeland
# Security Kirstjen Nielsen", "Acting ICE Director Tony Pham", "Sen. Ana Ruiz". It is the person's
# role, not part of the name a researcher cites.
_OFFICE = (
    r"(?:(?:Acting|Deputy|Former|Then-|then-|Assistant|Associate|Chief|Vice|U\.S\.|US|State|Federal|ICE|DHS|CBP|"
    r"USCIS)\s+)*"
    r"(?:Attorney\s+General|Solicitor\s+General|Secretary(?:\s+of\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})?|"
    r"Senator|Sen\.|Representative|Rep\.|Governor|Gov\.|Mayor|President|Judge|Justice|Director|Commissioner|"
    r"Sheriff|Ambassador|Minister|Congressman|Congresswoman|Councilmember|Councilman|Councilwoman|Speaker|"
    r"Chairman|Chairwoman|Pastor|Bishop|Professor|Prof\.)"
)
# "…,” said Jane Doe, policy director at X" · "…,” Jane Doe said" · "said Executive Director Jane Doe" ·
# "…,” Attorney General Jeff Sessions said"
_SAID_AFTER = re.compile(rf"[”\"],?\s+said\s+(?:{_TITLE_WORDS}|{_OFFICE}\s+)?({_PERSON})\b")
_SAID_BEFORE = re.compile(rf"[”\"],?\s+(?:{_OFFICE}\s+)?({_PERSON})\s+(?:said|says|added|explained|stated)\b")
# "— Alisa Wellek, Executive Director" or "— Alisa Wellek" alone; after a hyphen, only with the comma
# and role that follow an attribution: "- Schöne Hände" and "- Low Price" are list items
_DASH_ATTRIBUTION = re.compile(rf"^(?:[—–]\s*({_PERSON})\s*(?:,|$)|-\s*({_PERSON})\s*,)")
# Spanish reporting verbs (the patterns reading them follow _ROLE_WORD)
_DICHO_WORDS = (
    "dijo afirmó señaló explicó agregó añadió declaró aseguró indicó comentó expresó destacó subrayó advirtió".split()
)
_DICHO = "(?:" + "|".join(_DICHO_WORDS) + ")"
# "Mary Small, Policy Director of Detention Watch Network, said …" (or "…:" before a statement): a name,
# a role between commas holding a word people are called by at work, then a reporting verb. The role's
# word keeps places out ("San Antonio, Texas, said …").
_ROLE_WORD = (
    r"(?i:director|directora|president|presidente|presidenta|chair|chairman|chairwoman|chairperson|organizer|"
    r"organiser|attorney|lawyer|counsel|coordinator|coordinadora?|manager|founder|co-founder|fundadora?|member|"
    r"miembro|spokesperson|spokeswoman|spokesman|portavoz|vocero|vocera|advocate|officer|analyst|fellow|"
    r"professor|researcher|leader|head|ceo|secretary|senator|representative|congressman|congresswoman|governor|"
    r"mayor|sheriff|commissioner|judge|executive|partner|pastor|minister|activist|activista|abogado|abogada)"
)
_REPORTING_VERB = (
    r"(?:said|says|stated|states|added|explained|noted|told|wrote|testified|argued|warned|urged|issued|released|"
    rf"commented|remarked|{_DICHO})"
)
# Read back from each ", said" (or a closing colon), the rarer part: a pattern starting at the name
# would be tried at every capital letter of the text.
_AFTER_ROLE = re.compile(rf",\s+{_REPORTING_VERB}\b|:\s*$")
_NAME_AND_ROLE = re.compile(
    rf"(?<![\w’'-])({_PERSON}),\s+[^,.;:“”\"()]{{0,80}}?\b{_ROLE_WORD}\b[^,.;:“”\"()]{{0,80}}?$"
)
_ROLE_REACH = 200  # characters before the verb where the name and its role are looked for
# A paraphrase, not a quote: "…, said Lilian Serrano, chair of the consortium." (the role's word vouches
# for the name where no closing quote does)
_SAID_NAME_ROLE = re.compile(rf",\s+said\s+({_PERSON}),\s+(?:an?\s+|the\s+)?[^,.;:“”\"()]{{0,60}}?\b{_ROLE_WORD}\b")
# Spanish reporting verbs: "…”, dijo Ana Ruiz" · "Así lo dijo, Juan Morales Reyes, abogado de …" ·
# "según Ana Ruiz, directora de …" (a comma after the name, where no closing quote vouches for it) ·
# "según dijo la abogada Sandy Restrepo, que …" (a role before the name)
_SPANISH_SAID = re.compile(
    rf"(?:[”\"»],?\s+{_DICHO}|\b(?:{_DICHO}|según),?)\s+(?:(?:el|la)\s+{_ROLE_WORD}\s+)?"
    rf"({_PERSON})(?=\s*,|[”\"»]?\s*[.;]|$)"
)
# A Spanish sentence opening with the name before its verb: "María García dijo en el mismo comunicado …"
# (only when its first word is a given name: "Pérez Fernández subrayó" is a surname, or two)
_SPANISH_NAME_SAID = re.compile(rf"(?:^|[.!?]\s+)({_PERSON})\s+{_DICHO}\b")
# "Pilar Weiss is director of the National Bail Fund Network": a name, "is" or "was", a role and
# where (read back from the role's phrase: a pattern starting at the name is tried at every capital;
# one starting at a literal space is scanned for in C, five times faster than at "\s")
_IS_ROLE = re.compile(rf" (?:is|was|serves as) (?:the |an? )?(?:[\w-]+ ){{0,3}}?{_ROLE_WORD} (?:of|at|for|with)\b")
_NAME_BEFORE = re.compile(rf"(?:^|[.!?”\"]\s+)({_PERSON}),?$")
_NAME_REACH = 60  # characters before "is director of" where the name is looked for
# A line of its own naming a person, a role and perhaps where: "Bobbie Gregg, Deputy Director, Office of
# Refugee Resettlement" over a post (a byline with the role in it)
_NAME_ROLE_LINE = re.compile(rf"^({_PERSON}),\s+[^.;:!?“”\"]{{0,80}}?\b{_ROLE_WORD}\b[^.;:!?“”\"]{{0,80}}$")
# A sentence's opening word before a name: "Today Mary Small, …" names Mary Small.
_OPENING_WORDS = frozenset("today yesterday meanwhile also here there now then and but so in on at as".split())
_WRITTEN_BY = re.compile(rf"\b(?:article|story|post|column|essay|op-ed|piece)\s+(?:written\s+)?by\s+({_PERSON})\b")
_CONTACT_LINE = re.compile(rf"^(?:press |media )?contacts?:\s*({_PERSON})\s*(?:[,|(–—-]|$)", re.I)
_INSTITUTION = re.compile(
    r"\b(?:Network|Coalition|Alliance|Project|Center|Centre|Council|Union|Fund|Committee|Law|Office|"
    r"Department|Security|Services|Service|Court|Congress|Senate|House|Administration|Agency|Immigration|"
    r"Customs|Enforcement|Patrol|Police|University|Institute|Association|Campaign|Foundation|Guild|"
    r"America|States|County|City|Act|Bill|Program|Policy|Justice|Rights|Action|Day|Week|Staff|Post|Times|"
    r"News|Press|Group|Capital|Bank|Partners|Equities|Institutional|Inc|Corp|Company|President|Director|"
    r"Chair|Secretary|Governor|Senator|Mayor|"
    # Spanish: institutions, offices, places, days and months ("Estados Unidos", "Casa Blanca")
    r"Gobierno|Departamento|Secretaría|Servicio|Servicios|Coalición|Comisión|Corte|Tribunal|Consejo|"
    r"Instituto|Centro|Red|Alianza|Unión|Oficina|Policía|Congreso|Senado|Cámara|Ciudad|Condado|Estado|"
    r"Estados|Unidos|Universidad|Fundación|Asociación|Organización|Ministerio|Presidente|Presidenta|"
    r"Directora|Casa|Blanca|Migración|Inmigración|Aduanas|Gobernador|Gobernadora|Alcalde|Alcaldesa|Ministro|Ministra|"
    r"lunes|martes|miércoles|jueves|viernes|sábado|domingo|enero|febrero|marzo|abril|mayo|junio|julio|"
    r"agosto|septiembre|octubre|noviembre|diciembre|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|June|July|"
    r"August|September|October|November|December)\b"
)


# one word of an office or a role, stripped from the front of a name ("Sheriff Joe McDonald")
_OFFICE_WORD = re.compile(rf"{_OFFICE}|{_ROLE_WORD}|Acting|Deputy|Former|Dr\.?|Mr\.?|Mrs\.?|Ms\.?")
# After a name: ", policy director at the Immigrant Defense Project" · ", Executive Director, IDP" ·
# ", abogado de la Secretaría del Migrante"
_ROLE = re.compile(
    r",\s+((?:the\s+)?[A-Za-z][\w’'-]*(?:\s+[\w’'&-]+){0,5}?)"
    r"(?:(?:\s+(?:at|of|with|for|de|del|en)\s+|,\s+)(?:the\s+|la\s+|el\s+)?([A-Z][\w’'&-]*(?:\s+[\w’'&()-]+){0,7}?))?"
    r"\s*(?:[.;:”\"]|,\s|$)"
)
# "Spokesman John Birtwell said", "staff attorney Melissa Keaney explained to Reuters", "As Sheriff Mike
# Lewis of Wicomico County noted": a role or office, the name, (where they serve,) a reporting verb.
# Read back from each verb (rare) over the words just before it: the office's many words tried at
# every character of a text cost five times all the other people patterns together.
_VERB = re.compile(rf"\b{_REPORTING_VERB}\b")
_VERB_REACH = 90  # characters before a verb where an office, a name and where they serve fit
_ROLE_THEN_NAME = re.compile(
    rf"(?P<office>{_OFFICE}|\b{_ROLE_WORD})\s+(?P<name>{_PERSON})"
    rf"\s+(?:of\s+(?P<where>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){{0,3}})\s+)?$"
)
# "el sheriff del condado, Martin Cuellar, aseguró": a name set between commas before a reporting verb
_NAME_IN_COMMAS = re.compile(rf",\s+({_PERSON}),\s+{_DICHO}\b")
# A person named once in full and afterwards by surname alone: "…,” said McDonald. · McDonald said … ·
# …”, dijo Cuellar." (read from each reporting verb, as above)
_SURNAME = rf"{_UPPER}{_LOWER}[\w’'-]+"
_SURNAME_AFTER = re.compile(rf"\s+({_SURNAME})(?=\s*[.,;]|$)")  # after "said" or a Spanish verb
_SURNAME_BEFORE = re.compile(rf"(?:^|[.!?”\"]\s+)({_SURNAME})\s+$")  # a sentence's first word, then the verb
_SAYS_AFTER_NAME = frozenset(("said", "says", "added", "told", "noted", "explained"))
_DICHO_WORD = re.compile(_DICHO)


def _capitalised_before(text: str, end: int) -> bool:
    """Whether the word right before `end` (spaces skipped) starts with a capital: a name, or where
    one serves, ends there ("… Birtwell said", "… of Wicomico County noted")."""
    at = end - 1
    while at >= 0 and text[at].isspace():
        at -= 1
    while at > 0 and (text[at - 1].isalnum() or text[at - 1] in "’'-"):
        at -= 1
    return at >= 0 and text[at].isupper()


def _reported(text: str) -> Iterator[tuple[re.Match[str], re.Match[str]]]:
    """(verb, office and name before it) for each "Office NAME said" in the text."""
    for verb in _VERB.finditer(text):
        if not _capitalised_before(text, verb.start()):
            continue
        if match := _ROLE_THEN_NAME.search(text, max(0, verb.start() - _VERB_REACH), verb.start()):
            yield verb, match


def _surnames_reporting(text: str) -> Iterator[tuple[int, str]]:
    """(where, surname) of each "said SURNAME." and "SURNAME said" in the text."""
    for verb in _VERB.finditer(text):
        word = verb.group().casefold()
        spanish = _DICHO_WORD.fullmatch(word) is not None
        if (word == "said" or spanish) and (after := _SURNAME_AFTER.match(text, verb.end())):
            yield verb.start(), after.group(1)
        before = (
            _SURNAME_BEFORE.search(text, max(0, verb.start() - 40), verb.start())
            if (word in _SAYS_AFTER_NAME or spanish) and _capitalised_before(text, verb.start())
            else None
        )
        if before:
            yield before.start(1), before.group(1)


# "The chief justice of California's supreme court, Tani Cantil-Sakauye, asked …": a role, then a name
# between commas before a verb (read back from the verb; the role's word must stand in the words before)
_APPOSITION_VERB = re.compile(r"\b(?:said|says|asked|wrote|told|added|explained|noted|warned|argued|testified)\b")
_BETWEEN_COMMAS = re.compile(rf",\s+({_PERSON}),\s+$")
_A_ROLE = re.compile(rf"\b(?:{_ROLE_WORD}|(?i:justice))\b|{_OFFICE}")


def _named_in_apposition(text: str) -> Iterator[tuple[int, str, str]]:
    """(where, name, role) of each "a role …, NAME, said" in the text."""
    for verb in _APPOSITION_VERB.finditer(text):
        if not (found := _BETWEEN_COMMAS.search(text, max(0, verb.start() - 60), verb.start())):
            continue
        if role := _A_ROLE.search(text, max(0, found.start() - 80), found.start()):
            yield found.start(1), found.group(1), " ".join(text[role.start() : found.start()].split())


_TITLED = re.compile(
    rf"said\s+({_TITLE}|{_OFFICE})\s+({_PERSON})|[”\"],?\s+({_OFFICE})\s+({_PERSON})\s+{_REPORTING_VERB}\b"
)


def roles(blocks: list[str], names: list[str]) -> dict[str, str]:
    """What the text says each named person is ("policy director, Immigrant Defense Project"), where
    it says it right after the name or as a title before it ("said Executive Director Ana Ruiz")."""
    found: dict[str, str] = {}
    for block in blocks:
        for titled in _TITLED.finditer(block):
            office, name = (titled.group(1), titled.group(2)) if titled.group(2) else (titled.group(3), titled.group(4))
            found.setdefault(name, " ".join(office.split()))
        for _, name, role in _named_in_apposition(block):
            found.setdefault(name, role)
        for _, reported in _reported(block):
            office = " ".join(reported.group("office").split())
            where = reported.group("where")
            found.setdefault(reported.group("name"), f"{office}, {where}" if where else office)
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
    patterns = [_SAID_AFTER, _SAID_BEFORE, _SAID_NAME_ROLE]
    spanish = _has_a_spanish_verb(text)
    if spanish:
        patterns += [_SPANISH_SAID, _NAME_IN_COMMAS]
    found = [(m.start(), m.group(1)) for pattern in patterns for m in pattern.finditer(text)]
    if spanish:
        starts = _SPANISH_NAME_SAID.finditer(text)
        found += [(m.start(1), m.group(1)) for m in starts if is_spanish_given_name(m.group(1).split()[0])]
    found += _named_as_role_holder(text)
    found += [(m.start(), m.group("name")) for _, m in _reported(text)]
    found += [(at, name) for at, name, _ in _named_in_apposition(text)]
    found += _named_with_role(text)
    # "–añadió Morales Ojeda-, y …": Spanish sets an aside between dashes; the closing one is not the name's
    names = (_without_opening_word(name.rstrip("-–—")) for _, name in sorted(found))
    return [name for name in dict.fromkeys(names) if looks_like_name(name)]


def _read_back(text: str, anchor: re.Pattern[str], name_before: re.Pattern[str], reach: int) -> list[tuple[int, str]]:
    """(where, name) of `name_before`'s match (its first group the name) in the `reach` characters
    before each match of `anchor`: a rare anchor ("…, said", "is director of") found first, so the
    name's pattern is not tried at every capital letter of the text."""
    found = []
    for anchored in anchor.finditer(text):
        if match := name_before.search(text, max(0, anchored.start() - reach), anchored.start()):
            found.append((match.start(1), match.group(1)))
    return found


def _named_with_role(text: str) -> list[tuple[int, str]]:
    """(where, name) of each "NAME, ROLE, said" (or "NAME, ROLE:" closing the text)."""
    return _read_back(text, _AFTER_ROLE, _NAME_AND_ROLE, _ROLE_REACH)


def _has_a_spanish_verb(text: str) -> bool:
    """Whether a Spanish reporting verb (or "según") is in the text: a substring test for each, far
    cheaper than the Spanish patterns tried at every word of an English text."""
    return "según" in text or any(word in text for word in _DICHO_WORDS)


def _named_as_role_holder(text: str) -> list[tuple[int, str]]:
    """(where, name) of each "NAME is director of …" in the text."""
    return _read_back(text, _IS_ROLE, _NAME_BEFORE, _NAME_REACH)


def _without_opening_word(name: str) -> str:
    """A name without a sentence's opening word or a rank in front of it ("Today Mary Small",
    "Superintendent Audley Peters" -> "Mary Small", "Audley Peters")."""
    first, _, rest = name.partition(" ")
    return rest if " " in rest and first.casefold() in _NOT_IN_A_NAME else name


def find_people(blocks: list[str], organization_names: set[str]) -> list[str]:
    """Contact and author names in a document's text blocks, in order of appearance."""
    people: list[str] = []
    in_contacts = False
    byline_word = False
    for block in blocks:
        line = block.strip()
        if byline_word and looks_like_name(line) and line not in organization_names:
            people.append(line)
        byline_word = bool(_BYLINE_WORD.match(line))
        if _CONTACT_HEADER.search(line):
            in_contacts = True
            continue
        if in_contacts:
            if looks_like_name(line) and line not in organization_names:
                people.append(line)
            elif len(line.split()) > 14:
                in_contacts = False
        for pattern in (_CONTACT_LINE, _DASH_ATTRIBUTION, _NAME_ROLE_LINE):
            if (match := pattern.match(line)) and looks_like_name(name := match.group(match.lastindex or 1)):
                people.append(name)
        people += [name for name in quoted_speakers(line) if name not in organization_names]
        for match in (_AUTHOR_BOX.search(line), _BYLINE.match(line), _WRITTEN_BY.search(line)):
            if match and looks_like_name(match.group(1)):
                people.append(match.group(1))
    people += [name for name in surname_speakers(blocks) if name not in organization_names]
    return list(dict.fromkeys(people))


# Words before a name that are not part of it: ranks, a sentence's small words, "State" of "Secretary of State"
_NOT_GIVEN_NAMES = frozenset(
    "lt lt. col col. gen gen. sgt sgt. capt capt. maj maj. cmdr cmdr. chief officer detective det. inspector "
    "superintendent sergeant constable state to for from with whatever however when where after before since if "
    "both all each many some other".split()
)
# Pronouns and small words that open a sentence before "said": never a surname
_NOT_SURNAMES = frozenset("he she they we it you his her their our this that these those there here who what".split())
_NOT_IN_A_NAME = _OPENING_WORDS | _NOT_GIVEN_NAMES
_NEVER_SURNAMES = _OPENING_WORDS | _NOT_SURNAMES
_BEFORE_A_PLACE = re.compile(r"\b(?:to|in|of|from|for|at|on|by|across|near)[ ]+$")


def surname_speakers(blocks: list[str]) -> list[str]:
    """The people a text quotes by surname alone ("…,” said McDonald."), each resolved to the one
    full name with that surname the text gave before ("Sheriff Joe McDonald told WATD radio …"); a
    surname two different names end with is left alone. Each surname's full names are looked for
    once per text (a transcript says "said" hundreds of times)."""
    text = "\n".join(blocks)
    found = []
    mentions: dict[str, list[tuple[int, str]]] = {}
    for at, surname in _surnames_reporting(text):
        if _INSTITUTION.fullmatch(surname) or surname.casefold() in _NEVER_SURNAMES:
            continue
        if surname not in mentions:
            mentions[surname] = _full_names(text, surname)
        if len(names := {name for where, name in mentions[surname] if where < at}) == 1:
            found.append(names.pop())
    return found


def _not_a_given_name(word: str) -> bool:
    """An office, rank, role, institution's word or sentence opener in front of a name ("Sheriff",
    "Lt", "As"), or a word that goes on in lower case after a hyphen ("Sacramento-based")."""
    return word.casefold() in _NOT_IN_A_NAME or bool(
        _OFFICE_WORD.fullmatch(word) or _INSTITUTION.fullmatch(word) or re.search(r"-[a-z]", word)
    )


def _full_names(text: str, surname: str) -> list[tuple[int, str]]:
    """(where, full name) of each name ending in `surname` in the text, without an office or role in
    front ("Sheriff Joe McDonald" is Joe McDonald)."""
    names = []
    # the surname ends the name ("… Liu Xiaming" does not end in "Liu")
    pattern = rf"(?<![\w’'.-])((?:(?:{_UPPER}\.|{_UPPER}[\w’'-]*)[ ]+){{1,3}}){re.escape(surname)}\b(?![ ]+{_UPPER})"
    for match in re.finditer(pattern, text):
        words = match.group(1).split()
        while words and _not_a_given_name(words[0]):
            words = words[1:]
        # "envoy to Ukraine Kurt Volker": after a preposition, the first of two capitalised words is a place
        first = match.start() + match.group(1).find(words[0]) if words else match.start()
        if len(words) > 1 and _BEFORE_A_PLACE.search(text, max(0, first - 12), first):
            words = words[1:]
        given = words[-2:]  # an office inside the words before ("U.S. District Judge Dana Sabraw") is no name
        while len(given) > 1 and _not_a_given_name(given[0]):
            given = given[1:]
        name = " ".join([*given, surname])
        if given and looks_like_name(name):
            names.append((match.start(), name))
    return names
