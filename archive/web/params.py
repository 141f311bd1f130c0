"""A request's query string as the archive's typed requests: the app's URL parameters (`q`, one per
facet of archive.facets, `from`, `to`, `sort`, `page`) plus the CLI's `limit` and `strict`.

A value the archive would not understand is a ParamError saying which parameter and why (a 400), not
a guess: a script that mistypes `sort=newset` should learn it, where the app forgives a hand-edited
address."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from archive.cite import STYLES
from archive.export import FORMATS
from archive.facets import FACETS
from archive.query import MAX_QUERY_CHARS
from archive.search import MAX_PER_PAGE, SORTS, Filters, SearchRequest
from archive.shared import dates
from archive.web.settings import MAX_PAGE

SEARCH_PARAMS = frozenset(
    {"q", "from", "to", "sort", "page", "limit", "strict", "translate", *(f.url_param for f in FACETS)}
)
MAX_VALUES = 50  # values of one parameter (`topic=a&topic=b…`)
MAX_VALUE_CHARS = 300  # a facet value or a date


class ParamError(ValueError):
    """A query-string parameter the API cannot use, with the reason a person can act on."""


Params = Mapping[str, Sequence[str]]


def _one(params: Params, name: str, default: str = "") -> str:
    values = params.get(name) or []
    if len(values) > 1:
        raise ParamError(f"{name} was given {len(values)} times; give it once")
    return values[0] if values else default


def _whole(params: Params, name: str, default: int, low: int, high: int) -> int:
    text = _one(params, name).strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit() and len(text) <= 7 and low <= int(text) <= high):
        raise ParamError(f"{name} must be a whole number from {low} to {high}, not {text[:40]!r}")
    return int(text)


def _date(params: Params, name: str) -> str | None:
    text = _one(params, name).strip()
    if not text:
        return None
    try:
        return dates.normalize(text[:MAX_VALUE_CHARS]) or None
    except dates.DateError as exc:
        raise ParamError(f"{name}: {exc}") from None


def _facet_values(params: Params, name: str) -> list[str]:
    values = [v for v in params.get(name) or [] if v.strip()]
    if len(values) > MAX_VALUES:
        raise ParamError(f"{name} was given {len(values)} values; at most {MAX_VALUES}")
    if any(len(v) > MAX_VALUE_CHARS for v in values):
        raise ParamError(f"a {name} value is longer than {MAX_VALUE_CHARS} characters")
    return values


def check_known(params: Params, known: frozenset[str]) -> None:
    """An unknown parameter is a mistake worth saying (`topics=` for `topic=` would silently filter nothing)."""
    unknown = sorted(set(params) - known)
    if unknown:
        raise ParamError(f"unknown parameter {unknown[0][:40]!r}; known: {', '.join(sorted(known))}")


def search_request(params: Params, *, include_internal: bool, per_page: int | None = None) -> SearchRequest:
    """The SearchRequest a query string asks for (`per_page` fixes the page size, as feeds do)."""
    query = _one(params, "q")
    if len(query) > MAX_QUERY_CHARS:
        raise ParamError(f"q is {len(query)} characters long; at most {MAX_QUERY_CHARS}")
    facet = {f.name: f for f in FACETS}
    selections = {}
    for name, f in facet.items():
        values = _facet_values(params, f.url_param)
        if f.choices and any(v not in f.choices for v in values):
            raise ParamError(f"{f.url_param} must be one of {', '.join(f.choices)}")
        if name == "year" and any(not re.fullmatch(r"\d{4}", v.strip()) for v in values):
            raise ParamError("year must be a year such as 2020")
        selections[name] = [v.strip() for v in values] if name == "year" else values
    sort = _one(params, "sort", "relevance")
    if sort not in SORTS:
        raise ParamError(f"sort must be one of {', '.join(SORTS)}, not {sort[:40]!r}")
    strict = _one(params, "strict", "0")
    if strict not in ("0", "1", "true", "false"):
        raise ParamError("strict must be 1 or 0")
    translate = _one(params, "translate", "1")
    if translate not in ("0", "1", "true", "false"):
        raise ParamError("translate must be 1 or 0")
    return SearchRequest(
        query=query,
        filters=Filters.of(selections, _date(params, "from"), _date(params, "to")),
        sort=sort,
        page=_whole(params, "page", 1, 1, MAX_PAGE),
        per_page=per_page or _whole(params, "limit", 10, 1, MAX_PER_PAGE),
        include_internal=include_internal,
        strict=strict in ("1", "true"),
        cross_language=translate in ("1", "true"),
    )


def export_format(params: Params) -> str:
    fmt = _one(params, "format", "csv")
    if fmt not in FORMATS:
        raise ParamError(f"format must be one of {', '.join(FORMATS)}, not {fmt[:40]!r}")
    return fmt


def cite_style(params: Params) -> str:
    style = _one(params, "style", "apa")
    if style not in STYLES:
        raise ParamError(f"style must be one of {', '.join(STYLES)}, not {style[:40]!r}")
    return style


def pinpoint(params: Params) -> dict[str, int | float | tuple[int, int]]:
    """The app's `pin` (`p2` a page, `t129` seconds into a recording, `para4-6` paragraphs) as the
    keyword `Archive.cite` takes; no pin cites the whole document."""
    pin = _one(params, "pin").strip()
    if not pin or pin == "whole":
        return {}
    if match := re.fullmatch(r"p(\d{1,6})", pin):
        return {"page": int(match.group(1))}
    if match := re.fullmatch(r"t(\d{1,7}(?:\.\d{1,3})?)", pin):
        return {"at": float(match.group(1))}
    if match := re.fullmatch(r"para(\d{1,6})(?:-(\d{1,6}))?", pin):
        first = int(match.group(1))
        return {"paragraphs": (first, int(match.group(2) or first))}
    raise ParamError(f"pin must be p<page>, t<seconds> or para<N>[-<M>], not {pin[:40]!r}")
