"""Dates as statements write them near their top: "2021.11.9 — The Immigrant Justice Network released
the following statement today:", "For Immediate Release: February 8, 2018", "Posted: Mar. 29, 2023",
"9 de noviembre de 2021".

Many real pages carry no date in their markup, only in the text. The first date written in the first
few blocks of the main text is taken, at the precision it is written with ("November 2021" is
2021-11, never an invented day). Numeric dates are read month first when they use slashes (the
US form of the sites this archive serves) and year first when they start with a four-digit year; a
numeric date that is not a real date in that reading is not a date. English month names count only
capitalised ("we may 2021" is not May 2021).
"""

from __future__ import annotations

import re
from datetime import date

from archive import dates

TOP_BLOCKS = 6  # a statement's date line sits above or in its first paragraphs
TOP_CHARS = 1_500
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
    # 9 de noviembre de 2021
    ("dmy-es", re.compile(rf"\b(\d{{1,2}})\s+de\s+({_ES})\s+(?:de\s+|del\s+)?{_YEAR}\b", re.I)),
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


def is_only_a_date(text: str) -> bool:
    """Whether `text` is a date and nothing more ("March 18, 2020", "Posted: 2021.11.9")."""
    bare = re.sub(r"^(?:posted|published|updated|date)\s*:?\s*", "", text.strip(), flags=re.I).strip(" .,;:-–—")
    return any(pattern.fullmatch(bare) for _, pattern in _FORMS)


def date_near_top(blocks: list[str]) -> str | None:
    """The first date written in the first blocks of a document's main text."""
    top = "\n".join(blocks[:TOP_BLOCKS])[:TOP_CHARS]
    return first_written_date(top)
