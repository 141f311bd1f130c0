"""Dates as archives know them: sometimes a day, sometimes only a month or a year.

A statement scraped without its post date may still be known to be from "2020-06". Keeping the
precision lets citations say "(2020, June)" instead of inventing a day, while filters and sorting
use the first day of the period.
"""

from __future__ import annotations

import re
from datetime import date

_PARTIAL_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class DateError(ValueError):
    """A date string that is not ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD)."""


def parse_partial(value: str) -> tuple[int, int | None, int | None]:
    """Split "2020-06" into (2020, 6, None), checking that the parts form a real date."""
    match = _PARTIAL_ISO.match(value.strip())
    if not match:
        raise DateError(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    try:
        date(year, month or 1, day or 1)
    except ValueError as exc:
        raise DateError(f"not a real date: {value!r} ({exc})") from None
    return year, month, day


def normalize(value: object) -> str | None:
    """Turn a TOML date, a datetime or an ISO string (of any precision) into a partial ISO string."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()[:10]
    text = str(value).strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}[T ]", text):
        text = text[:10]
    year, month, day = parse_partial(text)
    parts = [f"{year:04d}"] + ([f"{month:02d}"] if month else []) + ([f"{day:02d}"] if day else [])
    return "-".join(parts)


def start_of(value: str) -> date:
    """The first day of the period a partial date names (for filters and sorting)."""
    year, month, day = parse_partial(value)
    return date(year, month or 1, day or 1)


def end_of(value: str) -> date:
    """The last day of the period a partial date names (so `--to 2020-06` includes June 30)."""
    year, month, day = parse_partial(value)
    if day:
        return date(year, month or 1, day)
    if month:
        next_month = date(year + month // 12, month % 12 + 1, 1)
        return date.fromordinal(next_month.toordinal() - 1)
    return date(year, 12, 31)


def precision(value: str) -> str:
    """ "day", "month" or "year": how much of a partial date is known."""
    _, month, day = parse_partial(value)
    return "day" if day else "month" if month else "year"


def year_of(value: str | None) -> int | None:
    return parse_partial(value)[0] if value else None
