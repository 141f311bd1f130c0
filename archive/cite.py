"""Citations in APA (7th), MLA (9th), Chicago (17th, notes-bibliography), BibTeX and RIS.

The organization is the author (an advocacy statement has no byline); the date keeps the precision
the archive knows ("2020, June" rather than an invented day); a pinpoint (a PDF page or a recording
time) is added when a passage is cited. Each style follows its manual's rule for the source type:
web page (statement), report or fact sheet (PDF), recorded presentation (webinar).

Rules applied, by style:
- APA: Author. (Year, Month Day). *Title* [Description]. Site (omitted when it is the author).
  Retrieved Month Day, Year, from URL  (retrieval date: the archive's pages can change).
  In-text: (Author, Year, p. 2) or (Author, Year, 12:34).
- MLA: an organization that is both author and publisher is not repeated as author: "Title."
  *Site*, Day Mon. Year, URL (without http(s)://). Accessed Day Mon. Year.
- Chicago bibliography: Author. "Title." Site, Month Day, Year. Accessed Month Day, Year. URL.

A citation is plain text (`cite`): what a researcher copies into a document or a reference manager
carries no Markdown asterisks. The italics the styles ask for are marked inside the formatters and
become `<i>` only in the rendered view (`cite(..., html=True)`), whose every other character is inert.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from archive import dates
from archive.markup import text_html
from archive.timecode import format_timestamp, link_at
from archive.urls import field_url

STYLES = ("apa", "mla", "chicago", "bibtex", "ris")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_MLA_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
_APA_DESCRIPTION = {"pdf": "Fact sheet", "webinar": "Webinar"}
# Private-use characters around what a style sets in italics: removed for plain text, <i> in HTML.
_ITALIC_START, _ITALIC_END = "\ue000", "\ue001"
_MARKERS = re.compile("[\ue000\ue001]")


def _italic(text: str) -> str:
    return f"{_ITALIC_START}{text}{_ITALIC_END}"


def _parts(value: str | None) -> tuple[int | None, int | None, int | None]:
    return dates.parse_partial(value) if value else (None, None, None)


def _apa_date(value: str | None) -> str:
    year, month, day = _parts(value)
    if not year:
        return "n.d."
    text = str(year)
    if month:
        text += f", {dates.MONTHS[month - 1]}"
        if day:
            text += f" {day}"
    return text


def _long_date(d: date) -> str:
    return f"{dates.MONTHS[d.month - 1]} {d.day}, {d.year}"


def _chicago_date(value: str | None) -> str | None:
    year, month, day = _parts(value)
    if not year:
        return None
    if month and day:
        return f"{dates.MONTHS[month - 1]} {day}, {year}"
    return f"{dates.MONTHS[month - 1]} {year}" if month else str(year)


def _mla_date(value: str | None) -> str | None:
    year, month, day = _parts(value)
    if not year:
        return None
    if month and day:
        return f"{day} {_MLA_MONTHS[month - 1]} {year}"
    return f"{_MLA_MONTHS[month - 1]} {year}" if month else str(year)


def _mla_access(d: date) -> str:
    return f"{d.day} {_MLA_MONTHS[d.month - 1]} {d.year}"


def _pinpoint(page: int | None, at: float | None) -> str | None:
    if page:
        return f"p. {page}"
    if at is not None:
        return format_timestamp(at)
    return None


def _link(meta: dict[str, Any], page: int | None, at: float | None) -> str | None:
    """The address to cite (at the page or time when pinpointed): http(s) only, with characters that
    would end a field percent-encoded."""
    if meta["kind"] == "webinar" and field_url(meta.get("recording_url")):
        recording = field_url(meta["recording_url"])
        return link_at(recording, at) if at is not None else recording
    url = field_url(meta.get("url"))
    if url and page and meta["kind"] == "pdf":
        return f"{url}#page={page}"
    return url


def _one_line(value: object) -> str:
    """A field value on one line: line breaks and control characters would end a RIS tag or a
    BibTeX field and start a forged one."""
    return " ".join(_MARKERS.sub("", _CONTROL.sub(" ", str(value))).split())


def _plain_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """The metadata a citation reads, every string on one line."""
    return {
        k: (_one_line(v) if isinstance(v, str) else [_one_line(x) for x in v] if isinstance(v, list) else v)
        for k, v in meta.items()
    }


def _author(meta: dict[str, Any], collection: str) -> str:
    """The author `cite` resolved: the sidecar's or page's, else the collection's organization,
    which published it, else "" (no author: the title leads). Organizations a text merely names are
    not its authors."""
    return meta["author"]


def _short_title(title: str) -> str:
    return title if len(title) <= 40 else title[:40].rsplit(" ", 1)[0] + "…"


def _end(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def apa(meta: dict[str, Any], collection: str, accessed: date, page: int | None = None, at: float | None = None) -> str:
    author = _author(meta, collection)
    description = _APA_DESCRIPTION.get(meta["kind"])
    title = _italic(meta["title"]) + (f" [{description}]" if description else "")
    when = f"({_apa_date(meta.get('date'))})."
    parts = [_end(author), when, _end(title)] if author else [_end(title), when]  # no author: the title leads
    if collection and collection != author:
        parts.append(_end(collection))
    url = _link(meta, page, at)
    if url:
        parts.append(f"Retrieved {_long_date(accessed)}, from {url}")
    reference = " ".join(parts)
    year = _parts(meta.get("date"))[0] or "n.d."
    pin = _pinpoint(page, at)
    in_text = f"({author or _short_title(meta['title'])}, {year}{', ' + pin if pin else ''})"
    return f"{reference}\nIn-text: {in_text}"


def mla(meta: dict[str, Any], collection: str, accessed: date, page: int | None = None, at: float | None = None) -> str:
    author = _author(meta, collection)
    parts = [] if author in (collection, "") else [_end(author)]
    parts.append(f"“{_end(meta['title'])}”")
    container = [_italic(collection)] if collection else []
    if meta["kind"] == "webinar":
        container.insert(0, "Webinar")
    when = _mla_date(meta.get("date"))
    if when:
        container.append(when)
    url = _link(meta, page, at)
    if url:
        container.append(re.sub(r"^https?://", "", url))
    if container:
        parts.append(", ".join(container) + ".")
    parts.append(f"Accessed {_mla_access(accessed)}.")
    pin = _pinpoint(page, at)
    in_text = f"(“{_short_title(meta['title'])}”{' ' + pin.replace('p. ', '') if pin else ''})"
    return f"{' '.join(parts)}\nIn-text: {in_text}"


def chicago(
    meta: dict[str, Any], collection: str, accessed: date, page: int | None = None, at: float | None = None
) -> str:
    author = _author(meta, collection)
    kind = {"pdf": "Fact sheet", "webinar": "Webinar recording"}.get(meta["kind"])
    parts = [_end(author)] if author else []
    parts.append(f"“{_end(meta['title'])}”")
    where = ", ".join(
        p for p in (kind, collection if collection != author else None, _chicago_date(meta.get("date"))) if p
    )
    if where:
        parts.append(_end(where))
    pin = _pinpoint(page, at)
    if pin:
        parts.append(_end(pin))
    parts.append(f"Accessed {_long_date(accessed)}.")
    url = _link(meta, page, at)
    if url:
        parts.append(_end(url))
    return " ".join(parts)


def _bibtex_key(meta: dict[str, Any], collection: str) -> str:
    author = re.sub(r"[^A-Za-z]", "", "".join(w[:1] for w in _author(meta, collection).split())) or "doc"
    year = _parts(meta.get("date"))[0] or "nd"
    first = next((w for w in re.findall(r"[A-Za-z]+", meta["title"]) if len(w) > 3), "doc").lower()
    return f"{author}{year}{first}"


def _bibtex_escape(text: str) -> str:
    """Text for a braced BibTeX field: LaTeX's specials escaped, and braces and backslashes left out
    (BibTeX counts braces whatever escapes them, so one stray brace would end the field early)."""
    return re.sub(r"([&%$#_])", r"\\\1", re.sub(r"[{}\\]", "", text))


def bibtex(
    meta: dict[str, Any], collection: str, accessed: date, page: int | None = None, at: float | None = None
) -> str:
    year = _parts(meta.get("date"))[0]
    # Double braces keep an organization's name and the title's capitals as written.
    author = _author(meta, collection)
    fields = [("author", "{" + _bibtex_escape(author) + "}")] if author else []
    fields.append(("title", "{" + _bibtex_escape(meta["title"]) + "}"))
    if collection:
        fields.append(("publisher", _bibtex_escape(collection)))
    if year:
        fields.append(("year", str(year)))
    if meta.get("date"):
        fields.append(("date", meta["date"]))
    url = _link(meta, page, at)
    if url:
        fields.append(("url", url))
    fields.append(("urldate", accessed.isoformat()))
    note = {"pdf": "Fact sheet", "webinar": "Webinar recording"}.get(meta["kind"])
    pin = _pinpoint(page, at)
    if note or pin:
        fields.append(("note", ", ".join(p for p in (note, pin) if p)))
    if page:
        fields.append(("pages", str(page)))
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields)
    return f"@misc{{{_bibtex_key(meta, collection)},\n{body}\n}}"


def ris(meta: dict[str, Any], collection: str, accessed: date, page: int | None = None, at: float | None = None) -> str:
    type_ = {"statement": "ELEC", "pdf": "GEN", "webinar": "VIDEO"}[meta["kind"]]
    year, month, day = _parts(meta.get("date"))
    author = _author(meta, collection)
    lines = [f"TY  - {type_}", *([f"AU  - {author}"] if author else []), f"TI  - {meta['title']}"]
    if collection:
        lines.append(f"PB  - {collection}")
    if year:
        lines.append(f"PY  - {year}")
        # RIS dates are YYYY/MM/DD/ with unknown parts left empty.
        lines.append(f"DA  - {year}/{f'{month:02d}' if month else ''}/{f'{day:02d}' if day else ''}/")
    url = _link(meta, page, at)
    if url:
        lines.append(f"UR  - {url}")
    if page:
        lines.append(f"SP  - {page}")
    lines.append(f"Y2  - {accessed.strftime('%Y/%m/%d')}")
    pin = _pinpoint(page, at)
    if pin:
        lines.append(f"N1  - Pinpoint: {pin}")
    lines.append("ER  - ")
    return "\n".join(lines)


class PinpointError(ValueError):
    """A page or time the cited document does not have."""


def check_pinpoint(kind: str, page_count: int, duration: float | None, page: int | None, at: float | None) -> None:
    """Refuse a pinpoint the document cannot have, with the reason: a page beyond a PDF's last (or
    on a document without pages), a time before 0:00 or past a recording's end."""
    if page is not None:
        if kind not in ("pdf", "image"):
            raise PinpointError(f"a {kind} has no pages to cite; cite it whole" + (" or at a time" if duration else ""))
        if not 1 <= page <= page_count:
            raise PinpointError(f"page {page} is not a page of this document (it has {page_count})")
    if at is not None:
        if duration is None:
            raise PinpointError(f"a {kind} has no recording times to cite; cite it whole")
        if not 0 <= at <= duration:
            raise PinpointError(
                f"{at:g} s is not a time of this recording (it runs 0:00 to {format_timestamp(duration)})"
            )


_FORMATTERS = {"apa": apa, "mla": mla, "chicago": chicago, "bibtex": bibtex, "ris": ris}


def cite(
    meta: dict[str, Any],
    style: str,
    collection: str,
    accessed: date | None = None,
    page: int | None = None,
    at: float | None = None,
    publisher_is_author: bool = True,
    html: bool = False,
) -> str:
    """A citation of a document (its metadata dict) in `style`, optionally pinpointed: plain text,
    or (`html`) inert HTML with the style's italics as <i> and its lines as <br>.
    `publisher_is_author=False` when the collection's name is no organization's (an archive without
    a profile is named after its folder): a document without an author of its own then has none."""
    marked = _marked(meta, style, collection, accessed, page, at, publisher_is_author)
    if not html:
        return _MARKERS.sub("", marked)
    lines = []
    for line in marked.split("\n"):
        pieces = re.split(f"({_ITALIC_START}[^{_ITALIC_END}]*{_ITALIC_END})", line)
        lines.append(
            "".join(f"<i>{text_html(p[1:-1])}</i>" if p.startswith(_ITALIC_START) else text_html(p) for p in pieces)
        )
    return "<br>".join(lines)


def _marked(
    meta: dict[str, Any],
    style: str,
    collection: str,
    accessed: date | None,
    page: int | None,
    at: float | None,
    publisher_is_author: bool,
) -> str:
    if style not in _FORMATTERS:
        raise ValueError(f"unknown citation style {style!r} (choose from {', '.join(STYLES)})")
    plain, collection = _plain_meta(meta), _one_line(collection)
    authors = plain.get("authors") or []
    plain["author"] = authors[0] if authors else collection if publisher_is_author else ""
    return _FORMATTERS[style](plain, collection, accessed or date.today(), page=page, at=at)
