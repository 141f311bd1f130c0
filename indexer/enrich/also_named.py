"""Organizations a text names that the profile does not know: shown apart, as "Also named".

A real archive names far more allies, coalitions and funders than any profile lists (a review of
IJN's pages found 28 of 64 unknown). Their names have a shape: capitalised words ending in a word
organizations are called by (Network, Coalition, Alliance, Project, Center, Council, Union, Fund,
Committee...). What is kept is the organization's name, not the sentence around it: a role before it
("Executive Director of the …") and a sentence's opening word ("Today …") are cut off, and an acronym
the text gives in parentheses is left out, so "Detention Watch Network (DWN)" on one page and
"Detention Watch Network" on another are one value. Places with such names are refused (a detention or
processing center is a building, not an organization), government bodies ("House Judiciary
Committee", "Department of Homeland Security") are told apart (they are agencies), and anything the
profile already knows keeps its own facet. Government bodies also have shapes of their own, ending in
no organization's word ("Immigration and Customs Enforcement", "Office of Refugee Resettlement",
"Home Office"): without them an archive with no profile had no English agency at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

# the services a provider of them is named after: "Bronx Legal Services", "Brooklyn Defender Services"
_SERVICES = r"(?:Legal|Defender|Refugee|Immigrant)[ ]+Services"
_ORG_WORD = (
    r"(?:Network|Coalition|Alliance|Project|Center|Centre|Council|Union|Fund|Committee|Institute|"
    r"Foundation|Association|Collective|Campaign|Initiative|Partnership|League|Federation|Caucus|Consortium|"
    rf"Society|Clinic|Collaborative|Organization|Lab|Forum|{_SERVICES})"
)
_CAPITALISED = r"(?!The\b)[A-Z][\w'’&-]*"  # "The" may open a name, never sit inside one
_GAP = r"[ ]+"  # words of one name are on one line: a line break ends it
# An acronym in parentheses after the name: "(DWN)", and as Spanish writes an English one, "(ICE, por
# sus siglas en inglés)".
_ACRONYM = r"(?:[ ]*\(([A-Z][A-Za-z/&-]{1,9})(?:[,;][ ]*por[ ]+sus[ ]+siglas(?:[ ]+en[ ]+\w+)?)?\))?"
# Words inside a name: capitalised ones, and "of", "for", "on", "in", "to", "of the", "&" between them
# ("and" is left out: it joins two names more often than it sits inside one; "&" is a name's own:
# "Florence Immigrant & Refugee Rights Project"). An article inside a run
# of capitalised words ("See how Always A Project made…") is a sentence's, never a name's.
_INNER = rf"(?:(?:(?!(?:A|An)\b){_CAPITALISED}|of{_GAP}the|of|for|on|in|to|&){_GAP}){{0,6}}"
# "the University and College Union": one word (not an acronym) and "and" after "the" open the name the
# article governs; without "the" ("Amnesty and Florida Immigrant Coalition"), "and" joins two names.
_JOINED_OPENING = rf"(?:(?<=\b[Tt]he[ ])[A-Z][a-z][\w'’-]*{_GAP}(?:and|&){_GAP})?"
# "Center for Law and Social Policy": after "for/of/on", capitalised words, "and" between two of them
# ("Institute for the Study of International Migration": "of" too, before a word, not an initial; "of
# the" would join a second name: "National Institute on Aging of the National Institutes of Health")
_TAIL = (
    rf"{_GAP}(?:for|of|on){_GAP}(?:the{_GAP})?{_CAPITALISED}"
    rf"(?:{_GAP}(?:(?:and|&){_GAP}|of{_GAP}(?=\w\w))?{_CAPITALISED}){{0,4}}"
)
# A footnote's number glued to the word after it in extracted text ("… 12264Legal Information Institute"):
# a name may start right after digits when its first word goes on in lower case.
_AFTER_A_NOTE = r"(?<=\d)(?=[A-Z][a-z])"
_NAME = re.compile(  # (a look-ahead for a capital first lets the engine skip to capitals: 20% faster)
    rf"(?=[A-Z])(?:(?<![\w#-])|{_AFTER_A_NOTE})"
    rf"((?:The{_GAP})?{_JOINED_OPENING}{_CAPITALISED}{_GAP}{_INNER}{_ORG_WORD}(?:{_TAIL})?)(?![\w-])"
    rf"{_ACRONYM}"
    # "Center for Constitutional Rights", "Alliance for Justice": the organization word comes first
    rf"|(?<![\w#-])((?:The{_GAP})?{_ORG_WORD}{_TAIL})(?![\w-]){_ACRONYM}"
)
# Spanish names open with the organization's word and end on a capitalised one: "Coalición de
# Illinois por los Inmigrantes y Refugiados", "Unión Estadounidense por las Libertades Civiles".
_SPANISH_ORG_WORD = (
    # "Red" and "Centro" only before "de/para/por": "Red Bull", "Red Hat" and "Centro Habana" are no networks
    r"(?:(?:Red|Centro)(?=[ ]+(?:de|para|por)\b)|Coalición|Alianza|Fundación|Asociación|Comité|Instituto|Unión|"
    r"Consejo|Federación|Proyecto|"
    r"Organización|Sindicato|Movimiento|Frente|Colectivo|Liga|Clínica|Servicio|Departamento|Secretaría|"
    r"Oficina|Comisión|Ministerio)"
)
_SPANISH_CAPITALISED = r"[A-ZÁÉÍÓÚÑ][\w'’-]*"
# "y" inside a name ("… Inmigrantes y Refugiados"), not joining two names or a title ("… y la Asociación",
# "… y Presidente de la República")
_SPANISH_AND = (
    rf"[ye](?![ ]+(?:(?:la|el|los|las)[ ]+)?(?:{_SPANISH_ORG_WORD}|Presidente|Presidenta|Secretario|Secretaria|"
    r"Ministro|Ministra|Director|Directora)\b)"
)
# small words inside a name; "a" only before an article ("Apoyo a los Trabajadores", not "… a Miguel")
_SPANISH_INNER = r"de|del|a(?=[ ]+(?:la|las|los|el)\b)|al|para|por|contra|la|las|los|el"
_SPANISH_NAME = re.compile(
    rf"(?=[A-Z])(?<![\w#-])({_SPANISH_ORG_WORD}"
    rf"(?:[ ]+(?:{_SPANISH_INNER}|{_SPANISH_AND}|{_SPANISH_CAPITALISED})){{0,9}}"
    rf"[ ]+{_SPANISH_CAPITALISED})(?![\w-]){_ACRONYM}"
)
_ANY_ORG_WORD = re.compile(f"{_ORG_WORD}|{_SPANISH_ORG_WORD}")
# A detention or processing center is a building ("Centro de Detención del Noroeste"); named with the
# body that runs it ("Centro de Detención de Florence del Servicio de Inmigración y Aduanas (ICE)"),
# that body is named, and the acronym after it is that body's.
_SPANISH_FACILITY = re.compile(
    rf"^Centros?[ ]de[ ](?:Detención|Procesamiento)\b.*?(?:[ ](?:del|de[ ]la)[ ]({_SPANISH_ORG_WORD}\b.*))?$"
)
# Buildings and generic phrases that end like an organization's name.
_NOT_ORGANIZATIONS = re.compile(
    r"\b(?:Detention|Processing|Correctional|Medical|Shopping|Convention|Data|Call|Staging|Holding|"
    r"Transitional|Residential|Music|Arts|Civic|Events?|Conference|Exhibition|Sports|Visitors?|Trade)\s+"
    r"(?:Center|Centre)$|"
    # a service or a meeting, not named: "the Resource Center", "a Community Forum" ("Central American
    # Resource Center" and "National Immigration Forum" are organizations' names)
    r"^(?:Community|Health|Service|Resource|Family|Youth|Public|Open|Online|Virtual|Candidates?)\s+"
    r"(?:Center|Centre|Forum)$|"
    rf"^{_SERVICES}$|"  # the service, not a provider's name
    r"^(?:Our|This|That|These|Those|A|An|Each|Every|Your|Their|His|Her|Its|All|Any|Some|Most|No)\s|"
    r"\s(?:Your|My)\s|"  # a heading that speaks to the reader: "Staging Your Campaign"
    # a publication named after its society or meeting: "Proceedings of the … Symposium on Network"
    r"^(?:Proceedings|Journal|Annals|Transactions|Bulletin)\s+of\b"
)
# A label in a publication's credits, written after the name before it: "… Lawyers Guild Editors: …".
_LABEL_AT_END = re.compile(
    r"\s+(?:Editors?|Authors?|Contributors?|Design|Designers?|Layout|Illustrations?|Photos?|Photography|"
    r"Translations?|Contacts?|Sponsors?|Signatories|Endorsers?|Funders?|Credits|Acknowledg(?:e)?ments)$"
)
_CONNECTORS = frozenset({"of", "for", "on", "in", "the", "to", "and", "&"})
# A role or title written before the name it belongs to: "Executive Director of the", "Policy
# Director at".
_ROLE = re.compile(
    r"^(?:(?:Executive|Deputy|Managing|Policy|Legal|Communications|Program|Programs|Advocacy|Campaign|Field|"
    r"Senior|Associate|Assistant|Interim|Acting|National|Regional|State|Co|Media|Research|Development)[ -]+)*"
    r"(?:Director|Manager|Coordinator|Organizer|Attorney|Counsel|Officer|President|Vice President|Chair|"
    r"Chairman|Chairwoman|Chairperson|Founder|Advocate|Analyst|Fellow|Member|Members|Staff|Spokesperson|"
    r"Strategist|Associate|Lead|Head|Leader|Leaders|Partner|Partners|Board)s?[ ]+(?:of|at|for|with)[ ]+"
    r"(?:the[ ]+)?"
)
# Capitalised words that open a sentence, not a name: "Today Detention Watch Network said".
_OPENERS = frozenset(
    "today yesterday tonight join support contact read visit according sign donate follow learn watch register "
    "ask call please via with and but as at by from in on under when while after before since although because if "
    "recently last this both several many other local statewide nationwide meanwhile also a an former".split()
)
# Government bodies: courts, legislatures, departments, agencies. Named, but not organizations of the
# movement: they are agencies.
# A country's, state's or city's name in front ("House" and "Senate" are body words, wherever they stand)
_GOVERNMENT_PREFIX = re.compile(r"^(?:U\.?S\.?|United States|Federal|State|County|City|Congressional|Supreme)\b")
_GOVERNMENT_BODY_WORD = re.compile(
    r"\b(?:Department|Bureau|Agency|Administration|Commission|Court|Board of|Office of|Executive Office|"
    r"Judiciary|Appropriations|Legislature|Assembly|Senate|House|"
    # a legislature's committees by their usual names
    r"(?:Intelligence|Oversight|Standing|Select|Armed Services|Foreign Relations|Foreign Affairs|Ways and Means|"
    r"Homeland Security|Rules|Finance|Budget)[ ]Committee|"
    # a department's own bodies and a government's advisers: "Homeland Security Advisory Council", "ICE
    # Advisory Committee on Family Residential Centers" (FACA committees advise an agency)
    r"Homeland Security|Advisory (?:Council|Committee|Board)|^(?:ICE|CBP|DHS|USCIS|EOIR|ORR|DOJ|HHS|FBI|BOP|FEMA)|"
    r"Departamento|Secretaría|Servicio de|Servicios de|Oficina|Comisión|Ministerio|Instituto Nacional|Corte|Tribunal)\b"
)

# Government bodies named the way governments name them, ending in no organization's word. The body
# word first: "Department of Homeland Security", "Office of Refugee Resettlement", "Executive Office
# for Immigration Review", "Federal Bureau of Investigation", "Court of Appeals". The body word last,
# only in the shapes that are a government's ("Law Enforcement", "Legal Services", "Jesuit Refugee
# Service", "Farm Bureau" and "Head Office" are not): "State Department", "Environmental Protection
# Agency" (two words before it: "Anadolu Agency" is a news agency), "Social Security Administration"
# (two words before it: "Trump Administration" is a presidency), "Federal Trade Commission", "Supreme
# Court", "Immigration and Customs Enforcement", "Customs and Border Protection", "Securities and
# Exchange Commission", "Immigration and Naturalization Service" (two words joined by "and"), "Border
# Patrol", "Marshals Service", "Home Office", and the "United Nations".
_GOVERNMENT_FIRST = (
    rf"(?:(?:Federal|National|State){_GAP})?"
    rf"(?:Department|Bureau|Office|Executive{_GAP}Office|Agency|Administration|Commission|Ministry|Court)"
)
_GOVERNMENT_LAST = (
    rf"(?:{_CAPITALISED}{_GAP}){{1,3}}(?:Department|Commission)(?![ ]+(?:of|for)\b)|"
    rf"(?:{_CAPITALISED}{_GAP}){{2,3}}Agency(?![ ]+(?:of|for)\b)|"
    rf"(?:{_CAPITALISED}{_GAP}){{2,3}}Administration|"
    rf"{_CAPITALISED}{_GAP}(?:and|&){_GAP}{_CAPITALISED}{_GAP}(?:Drug{_GAP})?"
    r"(?:Enforcement|Protection|Services?|Administration|Commission|Department|Agency)|"
    r"(?:Supreme|District|Circuit|Appeals|Appellate|Immigration|Federal|Superior|Family|Juvenile|County|Bankruptcy|"
    rf"Criminal|Constitutional|International{_GAP}Criminal){_GAP}Court|"
    rf"(?:Border|Highway){_GAP}Patrol|(?:Marshals|Secret|Postal|Internal{_GAP}Revenue|Forest|National{_GAP}Park)"
    rf"{_GAP}Service|(?:Home|Foreign|Cabinet){_GAP}Office|United{_GAP}Nations|"
    # a county's sheriff: "Plymouth County Sheriff’s Office", "Harris County Sheriff's Department"
    rf"(?:{_CAPITALISED}{_GAP}){{1,3}}Sheriff['’]s{_GAP}(?:Office|Department)"
)
# Government-shaped names that are not a government's: a news or travel agency, a university's or a
# hospital's department ("Department of Biomedical Engineering", "Gynecology Department"), a name in
# another language opening with its article ("La Commission"; "Los Angeles Police Department" is one).
_ACADEMIC_SUBJECT = (
    r"(?:\w*(?:ology|ogy|ics|istry|ering|ursing)|Medicine|Surgery|Sciences?|Studies|Philosophy|History|English|"
    r"Music|Arts?)"
)
_NOT_GOVERNMENT = re.compile(
    r"\b(?:News|Press|Travel|Advertising|Talent|Model(?:l?ing)?|Employment|Marketing|Creative|Dating|Insurance|"
    r"Photo)[ ]Agency$|"
    rf"\bDepartment[ ]of[ ](?:\w+[ ])?{_ACADEMIC_SUBJECT}\b|\b{_ACADEMIC_SUBJECT}[ ]Department$|"
    r"^(?:La|Le|Les|El|Los|Las|Die|Der|Das|Il|Lo)[ ](?:Commission|Department|Agency|Administration|Court|Office|"
    r"Ministry|Bureau)\b|"
    # a run of three capitalised words after "of": a person's name follows ("Ministry of Finance Brian Manning")
    r"\b(?:of|for|on)[ ](?:the[ ])?[A-Z]\w*[ ][A-Z]\w*[ ][A-Z]"
)
# "and" after two words of a body's name joins another name: "Department of Homeland Security and Alex
# Azar" (inside one, it follows the first: "Department of Health and Human Services")
_AND_ANOTHER = re.compile(r"^(.*\b(?:of|for|on)[ ](?:the[ ])?[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*)+)[ ](?:and|&)[ ].*$")
_GOVERNMENT_NAME = re.compile(
    rf"(?=[A-Z])(?<![\w#&'’-])((?:The{_GAP})?(?:{_GOVERNMENT_FIRST}{_TAIL}|{_GOVERNMENT_LAST}))(?![\w-]){_ACRONYM}"
)
# The capitalised word before a government body's name: part of another name ("Lutheran Immigration and
# Refugee Services", "Jesuit Refugee Service" are no government's) unless it is a country's ("United
# States Department of …") or a sentence's opening word.
_WORD_BEFORE = re.compile(r"([A-Z][\w'’-]*)[ ]+$")


# A date after a name: "… Community Center on Friday", "… Project on July 22".
_DATE_AFTER = re.compile(
    r"\s+(?:on|in|of|for)\s+(?:the\s+)?(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b.*$"
)
# A person's name "of the" organization ("Maria Lopez of the Institute for …"): two or three
# capitalised words none of which an institution calls itself by ("Friends of the Earth …" stays whole).
_PERSON_OF_THE = re.compile(r"^((?:[A-Z][a-z'’-]+\s+){1,2}[A-Z][a-z'’-]+)\s+of\s+the\s+(.+)$")
_INSTITUTION_WORD = re.compile(
    r"\b(?:University|College|School|Church|Bank|Museum|Library|Hospital|Friends|Sisters|Brothers|Daughters|Sons|"
    r"Children|People|Citizens|Workers|Women|State|City|County|Board|Office|Department|Proceedings|Journal|Annals|"
    r"Transactions|Bulletin|Report|Review)\b"
)


def _is_a_person(words: str) -> bool:
    """Whether capitalised words before "of the" can be a person's name: no sentence opener first,
    and no word an organization, an institution or a publication calls itself by."""
    opener = words.split()[0].casefold() in _OPENERS
    return not opener and not _ANY_ORG_WORD.search(words) and not _INSTITUTION_WORD.search(words)


# "X’s " inside a name (not a sheriff's: a sheriff's office is the sheriff's), kept when split on
_POSSESSIVE = re.compile(r"(?<=\w)(?<!Sheriff)([’']s\s+)")


# People a body is named for, in the possessive: "Women’s Refugee Commission", "Children’s Defense Fund"
_PEOPLE_OWNING = frozenset(
    "women children people workers citizens veterans immigrants farmworkers families mothers parents students "
    "nurses teachers lawyers men girls boys youth seniors elders tenants".split()
)


def _without_owner(name: str) -> str:
    """ "the Consortium’s Get Free Fund", "NASA's Goddard Space Flight Center": a name owned by another
    is the last one. A people's possessive is part of the name: "Women’s Refugee Commission"."""
    parts = _POSSESSIVE.split(name)  # owner, "’s ", owned, …
    while len(parts) >= 3 and re.sub(r"^The\s+", "", parts[0]).casefold() not in _PEOPLE_OWNING:
        parts = parts[2:]
    return "".join(parts)


def _name_only(written: str) -> str:
    """The organization's name out of what the pattern matched: no leading "The", role, sentence
    opener, owner ("X's"), person "of the", or date after it, spaces collapsed."""
    name = " ".join(written.split()).rstrip("-")  # "… del Partido-, y": a Spanish aside's closing dash
    name = _without_owner(name)
    name = _DATE_AFTER.sub("", name)
    person = _PERSON_OF_THE.match(name)
    if person and _is_a_person(person.group(1)):
        name = person.group(2)
    while True:
        shorter = _ROLE.sub("", re.sub(r"^The\s+", "", name))
        first, _, rest = shorter.partition(" ")
        # a sentence's opening word, or a connector left in front once one was cut ("Visit to Wilson Center")
        if (first.casefold() in _OPENERS or first in _CONNECTORS) and rest:
            shorter = rest
        if shorter == name:
            return name
        name = shorter


# Bodies of several governments (and a state's security council), whatever word ends their name.
_INTERGOVERNMENTAL = re.compile(
    r"^(?:European (?:Union|Commission|Parliament|Council)|United Nations\b.*|(?:UN|U\.N\.)\s.*|.*\bSecurity Council|"
    r"World (?:Health|Trade) Organization|World Bank|International Monetary Fund|Arab League|League of Arab States|"
    r"African Union|Organization of American States|International Organization for Migration|Council of Europe)$"
)
# What a body of people calls itself, never a government's own: "United States Tennis Association" or
# "State Bar Foundation" begin like a government body but are not one.
_CIVIL_SOCIETY = re.compile(
    r"\b(?:Association|Federation|League|Foundation|Society|Alliance|Coalition|Network|Collective|Club|"
    r"Caucus|Consortium|Collaborative|Campaign|Forum)$"
)


# A body named for the people it serves, in the possessive ("Women’s Refugee Commission"), is civil
# society's, unless a bureau or an office ("Children’s Bureau", "Women’s Bureau" are a government's)
_NAMED_FOR_PEOPLE = re.compile(
    rf"^(?:The\s+)?(?i:{'|'.join(sorted(_PEOPLE_OWNING))})[’']s?\s(?!.*\b(?:Bureau|Office|Department)\b)"
)


def is_government_body(name: str) -> bool:
    """Whether a name shaped like an organization's is a government body's (an agency, a court, a
    legislature or one of its committees, or a body of several governments). Neither a body word
    inside it ("American Farm Bureau Federation") nor a country's, state's or city's name in front is
    enough when the name ends in a word civil society calls itself by."""
    if _INTERGOVERNMENTAL.match(name):
        return True
    if _CIVIL_SOCIETY.search(name) or _NAMED_FOR_PEOPLE.match(name):
        return False
    return bool(_GOVERNMENT_BODY_WORD.search(name) or _GOVERNMENT_PREFIX.match(name))


@dataclass(frozen=True)
class NamedBodies:
    """What a text names that is shaped like an organization: organizations and government bodies in
    order of first mention, and the acronyms it gives them in parentheses, so the pages that use the
    acronym alone can be tagged too (archive/catalog.py)."""

    organizations: list[str]
    government: list[str]
    acronyms: dict[str, str]  # "DWN" -> "Detention Watch Network", "ICE" -> "Immigration and Customs Enforcement"


@lru_cache(maxsize=8)
def _known_inside(known_folded: frozenset[str]) -> re.Pattern[str]:
    """A known name of two words or more inside a found one: a run of names the profile knows
    ("Immigrant Defense Project Immigrant Legal Resource Center", a logo strip's line) is no new name."""
    names = sorted((k for k in known_folded if " " in k), key=len, reverse=True)
    return re.compile("|".join(rf"\b{re.escape(k)}\b" for k in names) or "(?!)")


# Two words a PDF's extracted text ran together ("ACLU NationalPrison Project"): compared apart, so the
# name is one value however its text was extracted
_GLUED = re.compile(r"(?<=[a-z])(?=[A-Z])")


def named_bodies(text: str, known: Iterable[str]) -> NamedBodies:
    """Names shaped like organizations in `text` that are none of `known` (the profile's names,
    aliases and acronyms), each once, and the organizations' acronyms the text defines."""
    known_folded = frozenset(k.casefold() for k in known)
    inside = _known_inside(known_folded)
    found: dict[str, str] = {}
    defined: dict[str, str] = {}  # acronym -> the name it is given for
    spanish = ((m.start(), m.group(1), m.group(2), m.end(1), False) for m in _SPANISH_NAME.finditer(text))
    english = (
        (m.start(), m.group(1), m.group(2), m.end(1), False)
        if m.group(1)
        else (m.start(), m.group(3), m.group(4), m.end(3), False)
        for m in _NAME.finditer(text)
    )
    shaped = sorted((*english, *spanish), key=lambda found: found[0])
    taken = [(start, end) for start, _, _, end, _ in shaped]
    governments = (
        (m.start(), m.group(1), m.group(2), m.end(1), True)
        for m in _government_names(text)
        if _stands_alone(text, m.start(), m.end(1), taken)
    )
    government_names = set()
    for _, written, acronym, end, by_government in sorted((*shaped, *governments), key=lambda found: found[0]):
        if text.startswith(":", end):
            written = _LABEL_AT_END.sub("", written)  # "… Lawyers Guild Editors: Ann Benson"
        name = _name_only(written)
        if facility := _SPANISH_FACILITY.match(name):
            if not facility.group(1):
                continue  # a building, as a "Detention Center" is
            name = facility.group(1)  # "… del Servicio de Inmigración y Aduanas (ICE)": the body running it
        if len([w for w in name.split() if w not in _CONNECTORS]) < 2:  # "Network" alone is no name
            continue
        if by_government:
            name = _AND_ANOTHER.sub(r"\1", re.sub(r"[’']s$|(?<=s)[’']$", "", name))  # "… Development’s budget"
            # a part of a name the profile knows is that name ("Border Patrol" of "Customs and Border Patrol")
            if _NOT_GOVERNMENT.search(name) or any(name.casefold() in k for k in known_folded):
                continue
            if not _NAMED_FOR_PEOPLE.match(name):
                government_names.add(name)
        elif not _ANY_ORG_WORD.search(name) or _NOT_ORGANIZATIONS.search(name):
            continue
        if name.casefold() in known_folded or inside.search(name.casefold()):
            continue
        if acronym and acronym.casefold() in known_folded:
            continue
        key = _GLUED.sub(" ", name).casefold()
        if key in found and name.count(" ") > found[key].count(" "):
            found[key] = name  # written apart here, glued before: the name as it is written apart
        name = found.setdefault(key, name)
        if acronym and _is_acronym(acronym):
            defined.setdefault(acronym, name)
    names = _without_cut_names(list(found.values()))
    government = {n for n in names if n in government_names or is_government_body(n)}
    return NamedBodies([n for n in names if n not in government], [n for n in names if n in government], defined)


# (not Spanish "y": it joins two names as often as it sits inside one, "Liga de Campeones y Movistar")
_JOINING = re.compile(r" (?:of|for|on|and|&|de|del|para|por) ")


def _without_cut_names(names: list[str]) -> list[str]:
    """The names, less any that is the beginning of a longer one up to a joining word: the same body's
    name cut by a line break or a caption ("La Red de Vigilancia de" over "La Red de Vigilancia de
    Detenciones"), not a second body ("… Law Center" and "… Law Center Action Fund" are two)."""
    cut = {name[: joining.start()] for name in names for joining in _JOINING.finditer(name)}
    return [name for name in names if name not in cut]


_BODY_WORD = re.compile(
    r"\b(?:Department|Bureau|Office|Agency|Administration|Commission|Ministry|Court|Enforcement|Protection|Services?|"
    r"Patrol|Nations)\b"
)
_REACH = 160  # characters a government body's name spans at most, around its body word


def _government_names(text: str) -> Iterator[re.Match[str]]:
    """_GOVERNMENT_NAME's matches, searched only around the body words a text holds (few: searching the
    whole text cost two thirds more than all the other names' patterns together). Stretches within
    _REACH of a body word are merged, and each starts and ends at a space, so no name is entered or
    left halfway."""
    stretches: list[list[int]] = []
    for word in _BODY_WORD.finditer(text):
        start = text.rfind(" ", 0, max(0, word.start() - _REACH)) + 1
        stop = text.find(" ", word.end() + _REACH)
        stop = len(text) if stop < 0 else stop
        if stretches and start <= stretches[-1][1]:
            stretches[-1][1] = stop
        else:
            stretches.append([start, stop])
    for start, stop in stretches:
        yield from _GOVERNMENT_NAME.finditer(text, start, stop)


def _stands_alone(text: str, start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    """Whether a government body's name found at [start, end) is a name of its own: not inside or
    across a name of another shape, and not the end of a longer name."""
    if any(a < end and start < b for a, b in taken):
        return False
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    return before is None or before.group(1) in ("States", "Kingdom") or before.group(1).casefold() in _OPENERS


def find_named_bodies(text: str, known: Iterable[str]) -> tuple[list[str], list[str]]:
    """(organizations, government bodies) of `named_bodies`."""
    named = named_bodies(text, known)
    return named.organizations, named.government


# A word that may be an acronym: two to ten letters (and & / -), capitals at least half of its
# letters and at least two ("DWN", "NIPNLG", "CASA"; not "McDonald", "The").
# (the second capital asked of the pattern: most capitalised words are refused without a Python call)
_ACRONYM_SHAPED = re.compile(r"(?<![\w&/-])[A-Z][a-z&/-]{0,8}[A-Z][A-Za-z&/-]{0,8}(?![\w&/-])")
MAX_ACRONYMS = 200  # kept per document: an all-capitals flyer's words are not all acronyms


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    capitals = sum(1 for c in letters if c.isupper())
    return capitals >= 2 and 2 * capitals >= len(letters)


def acronyms_in(text: str) -> list[str]:
    """The words of `text` that may be acronyms, each once, in order of first use (at most
    MAX_ACRONYMS): where another page defines one ("Detention Watch Network (DWN)"), this page names
    that organization too."""
    found = dict.fromkeys(w for w in _ACRONYM_SHAPED.findall(text) if len(w) <= 10 and _is_acronym(w))
    return list(found)[:MAX_ACRONYMS]
