"""Publication dates as statements write them near their top: "2021.11.9 — The Immigrant Justice
Network released the following statement today:", "For Immediate Release: February 8, 2018",
"Posted: Mar. 29, 2023", "By Jane Doe | May 8, 2023", "9 de noviembre de 2021".

Many real pages carry no date in their markup, only in the text. Only a *date line* is publication
evidence: a line that is a date and little else (a label such as "Posted:", a byline, a weekday), or a
dateline that opens a paragraph ("2021.11.9 — The network…", "WASHINGTON, DC (May 8, 2023) —"). A
date in running text ("On June 18, 2020, the Supreme Court ruled…") is an event the page tells of,
not the day it was published, and is never taken. The first date line in the first few thousand
characters of the main text is taken, at the precision it is written with ("November 2021" is
2021-11, never an invented day). Numeric dates are read month first when they use slashes (the
US form of the sites this archive serves) and year first when they start with a four-digit year; a
numeric date that is not a real date in that reading is not a date. English month names count only
capitalised ("we may 2021" is not May 2021).
"""

from __future__ import annotations

import re
from datetime import date

from archive.shared import dates

TOP_CHARS = 2_500  # a date line sits above or in a statement's first paragraphs, after any site furniture
FIRST_YEAR, LAST_YEAR = 1950, date.today().year + 1

_EN_MONTHS = {m.lower(): n for n, m in enumerate(dates.MONTHS, start=1)}
_EN_MONTHS |= {m[:3].lower(): n for m, n in list(_EN_MONTHS.items())} | {"sept": 9}
_ES_MONTHS = {
    m: n
    for n, m in enumerate(
        (
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ),
        start=1,
    )
} | {"setiembre": 9}
_EN = "|".join(sorted(_EN_MONTHS, key=len, reverse=True))
_ES = "|".join(sorted(_ES_MONTHS, key=len, reverse=True))
_YEAR = r"((?:19|20)\d{2})"
_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # November 9, 2021 · Nov. 9, 2021 · Nov 9th 2021
    ("mdy", re.compile(rf"\b({_EN})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}\b", re.I)),
    # 9 November 2021 · 9th of November, 2021
    ("dmy", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_EN})\.?,?\s+{_YEAR}\b", re.I)),
    # 9 de noviembre de 2021 · 29 enero 2025
    ("dmy-es", re.compile(rf"\b(\d{{1,2}})\s+(?:de\s+)?({_ES})\s+(?:de\s+|del\s+)?{_YEAR}\b", re.I)),
    # 2021.11.9 · 2021-11-09 · 2021/11/9
    ("ymd", re.compile(rf"\b{_YEAR}[./-](\d{{1,2}})[./-](\d{{1,2}})\b")),
    # 11/9/2021 · 11-9-2021
    ("mdy-num", re.compile(rf"\b(\d{{1,2}})[/-](\d{{1,2}})[/-]{_YEAR}\b")),
    # November 2021 · noviembre de 2021
    ("my", re.compile(rf"\b({_EN})\.?,?\s+{_YEAR}\b", re.I)),
    ("my-es", re.compile(rf"\b({_ES})\s+(?:de\s+|del\s+)?{_YEAR}\b", re.I)),
)


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return None
    return f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if month and day else "")


def _read(form: str, groups: tuple[str, ...]) -> str | None:
    month_name = next((g for g in groups if g and not g.isdigit()), "")
    if form in ("mdy", "dmy", "my") and not month_name[:1].isupper():
        return None  # English writes months capitalised: "may 2021" is a verb, not May
    if form == "mdy":
        return _iso(int(groups[2]), _EN_MONTHS[groups[0].lower()], int(groups[1]))
    if form == "dmy":
        return _iso(int(groups[2]), _EN_MONTHS[groups[1].lower()], int(groups[0]))
    if form == "dmy-es":
        return _iso(int(groups[2]), _ES_MONTHS[groups[1].lower()], int(groups[0]))
    if form == "ymd":
        return _iso(int(groups[0]), int(groups[1]), int(groups[2]))
    if form == "mdy-num":
        return _iso(int(groups[2]), int(groups[0]), int(groups[1]))
    if form == "my":
        return _iso(int(groups[1]), _EN_MONTHS[groups[0].lower()])
    return _iso(int(groups[1]), _ES_MONTHS[groups[0].lower()])  # my-es


def first_written_date(text: str) -> str | None:
    """The earliest-placed date written in `text` (partial ISO: its written precision), if any."""
    found: list[tuple[int, int, str]] = []
    for rank, (form, pattern) in enumerate(_FORMS):
        for match in pattern.finditer(text):
            if (value := _read(form, match.groups())) is not None:
                found.append((match.start(), rank, value))
                break
    return min(found)[2] if found else None


_LABEL = re.compile(
    r"^(?:posted|published|updated|last updated|date|dated|released|issued|for immediate release|"
    r"publicado|fecha|actualizado)\b(?:\s+(?:on|el))?[\s:–—-]*",
    re.I,
)


def is_only_a_date(text: str) -> bool:
    """Whether `text` is a date and nothing more ("March 18, 2020", "Posted: 2021.11.9")."""
    bare = _LABEL.sub("", text.strip()).strip(" .,;:-–—")
    return any(pattern.fullmatch(bare) for _, pattern in _FORMS)


_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|lunes|martes|miércoles|jueves|viernes|sábado|domingo),?\s+"
# A dateline: a place, then the date, then a dash ("WASHINGTON, DC (May 8, 2023) —").
_PLACE_BEFORE = re.compile(r"^[A-ZÁÉÍÓÚÑ][\w.' -]{1,40}?,?[\w.' ]{0,12}?[,(]\s*$")
_DASH_AFTER = re.compile(r"^\)?\s*(?:[—–|:·•]|-\s|$)")
_EXAMPLE = re.compile(r"^(?:e\.?\s?g\.?|ex\.?|example|for example|i\.?\s?e\.?|p\.?\s?ej\.?|por ejemplo)\W*$", re.I)
# Words a date line may hold besides the date: labels, a byline's small words.
_SMALL = frozenset("by on in at of posted published updated and el de del la en por publicado".split())


def _date_in_line(line: str) -> tuple[str, int, int] | None:
    """The first date written in `line`, with where it starts and ends."""
    found: list[tuple[int, int, int, str]] = []
    for rank, (form, pattern) in enumerate(_FORMS):
        for match in pattern.finditer(line):
            if (value := _read(form, match.groups())) is not None:
                found.append((match.start(), rank, match.end(), value))
                break
    if not found:
        return None
    start, _, end, value = min(found)
    return value, start, end


def date_of_line(line: str) -> str | None:
    """The date a date line gives (None when the line is running text, or holds no date)."""
    line = " ".join(line.split())
    if (found := _date_in_line(line)) is None:
        return None
    value, start, end = found
    before = re.sub(_WEEKDAY + r"$", "", line[:start], flags=re.I)
    labelled = _LABEL.match(before) is not None
    before = _LABEL.sub("", before).strip()
    if _EXAMPLE.match(before):
        return None  # a form's placeholder ("E.g., 06/08/2024"), not a date the page was given
    after = line[end:]
    if labelled and not before and len(line) <= 100:
        return value  # "Posted: Mar. 29, 2023", "Published Sept. 3rd, 2019 by the network"
    if not before and _DASH_AFTER.match(after):
        return value  # the line is the date, or opens with it: "May 8, 2023 — Washington, DC —"
    if _PLACE_BEFORE.match(before) and _DASH_AFTER.match(after):
        return value  # "WASHINGTON, DC (May 8, 2023) —"
    rest = (before + " " + after).replace("|", " ")
    lowercase = [w for w in re.findall(r"[^\W\d_]+", rest) if w[0].islower() and w.casefold() not in _SMALL]
    if len(line) <= 100 and len(lowercase) <= 1:
        return value  # a byline or a label line: "By Jane Doe | May 8, 2023", "Posted in News on May 8, 2023"
    return None


def date_near_top(blocks: list[str]) -> str | None:
    """The publication date of the first date line in the top of a document's main text (lines of
    running text are passed over: their dates are events, not the page's date)."""
    seen = 0
    for block in blocks:
        for line in block.splitlines():
            if (value := date_of_line(line)) is not None:
                return value
            seen += len(line) + 1
            if seen > TOP_CHARS:
                return None
    return None
