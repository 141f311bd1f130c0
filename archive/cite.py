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
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from archive.catalog import DocumentRecord
from archive.markup import text_html
from archive.shared import dates
from archive.shared.names import Name, parse_name
from archive.shared.timecode import format_timestamp, link_at
from archive.shared.urls import field_url

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


Paragraphs = tuple[int, int]  # a statement's pinpoint: its first and last paragraph, from 1


class Pin(NamedTuple):
    """Where in a document a citation points: a page, a time (seconds) or paragraphs; all None: whole."""

    page: int | None = None
    at: float | None = None
    paragraphs: Paragraphs | None = None


NO_PIN = Pin()


def _pinpoint(
    page: int | None, at: float | None, paragraphs: Paragraphs | None = None, *, mla: bool = False
) -> str | None:
    """ "p. 2", "2:09", or a statement's paragraphs: "para. 4" / "paras. 4–6" (APA 8.28, Chicago),
    "par. 4" / "pars. 4–6" (MLA)."""
    if page:
        return f"p. {page}"
    if at is not None:
        return format_timestamp(at)
    if paragraphs:
        first, last = paragraphs
        word = "par" if mla else "para"
        return f"{word}. {first}" if first == last else f"{word}s. {first}–{last}"
    return None


def paragraph_ranges(passages: list[str]) -> list[Paragraphs]:
    """Each passage's paragraphs, numbered through the document (passages join whole paragraphs
    with blank lines: indexer/text.py chunk_paragraphs)."""
    ranges, number = [], 0
    for text in passages:
        count = max(1, len([p for p in text.split("\n\n") if p.strip()]))
        ranges.append((number + 1, number + count))
        number += count
    return ranges


def _link(work: Work, page: int | None, at: float | None) -> str | None:
    """The address to cite (at the page or time when pinpointed): http(s) only, with characters that
    would end a field percent-encoded."""
    recording = field_url(work.recording_url) if work.kind == "webinar" else None
    if recording:
        return link_at(recording, at) if at is not None else recording
    url = field_url(work.url)
    if url and page and work.kind == "pdf":
        return f"{url}#page={page}"
    return url


def _one_line(value: object) -> str:
    """A field value on one line: line breaks and control characters would end a RIS tag or a
    BibTeX field and start a forged one."""
    return " ".join(_MARKERS.sub("", _CONTROL.sub(" ", str(value))).split())


@dataclass(frozen=True)
class Work:
    """What a citation reads of a document, every string on one line, with the authors it names
    (`_work`)."""

    kind: str
    title: str
    date: str | None
    url: str | None
    recording_url: str | None
    text_source: str
    speech_model: str
    names: list[Name]


def _work(record: DocumentRecord, collection: str, publisher_is_author: bool) -> Work:
    """The authors are the sidecar's or page's, else the collection's organization, which published
    it, else none (the title leads). Organizations a text merely names are not its authors."""
    authors = [text for a in record.authors if (text := _one_line(a))]
    if authors:
        known = [collection, *map(_one_line, record.organizations)]
        names = [parse_name(a, known, record.language) for a in authors]
    else:
        names = [Name(collection, organization=True)] if publisher_is_author and collection else []

    def line(value: str | None) -> str | None:
        return None if value is None else _one_line(value)

    return Work(
        kind=record.kind,
        title=_one_line(record.title),
        date=line(record.date),
        url=line(record.url),
        recording_url=line(record.recording_url),
        text_source=record.text_source,
        speech_model=_one_line(record.speech_model),
        names=names,
    )


def _series(items: list[str], conjunction: str) -> str:
    """ "a", "a, and b", "a, b, and c": the first author is inverted in every style, so a comma
    stands before the conjunction even between two ("Wellek, A., & Shah, P.")."""
    return ", ".join(items[:-1]) + f", {conjunction} {items[-1]}" if len(items) > 1 else "".join(items)


def _first_inverted(names: list[Name]) -> list[str]:
    """MLA's and Chicago's order: the first author "Family, Given", the others "Given Family"."""
    return [names[0].inverted(), *(n.natural() for n in names[1:])]


def _apa_authors(names: list[Name]) -> str:
    """APA 7 (9.8): "Family, I. I." each; two to twenty joined with "&"; from 21, the first 19, an
    ellipsis and the last."""
    shown = [n.inverted(n.initials) for n in names]
    if len(shown) > 20:
        return ", ".join(shown[:19]) + ", … " + shown[-1]
    return _series(shown, "&")


def _in_text_names(names: list[Name], conjunction: str) -> str:
    """An in-text citation's authors: one, two joined, or the first "et al." (APA and MLA alike)."""
    families = [n.family for n in names]
    if len(families) >= 3:
        return f"{families[0]} et al."
    return f" {conjunction} ".join(families)


def _mla_authors(names: list[Name]) -> str:
    """MLA 9 (5.6-5.7): "Family, Given"; two: "Family, Given, and Given Family"; three or more:
    the first, "et al."."""
    if len(names) >= 3:
        return f"{names[0].inverted()}, et al"
    return _series(_first_inverted(names), "and")


def _chicago_authors(names: list[Name]) -> str:
    """Chicago 17 (14.76): the first inverted, the others in natural order, up to ten; more than ten:
    the first seven and "et al."."""
    if len(names) > 10:
        return ", ".join(_first_inverted(names[:7])) + ", et al"
    return _series(_first_inverted(names), "and")


def _short_title(title: str) -> str:
    return title if len(title) <= 40 else title[:40].rsplit(" ", 1)[0] + "…"


def _end(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def _machine_transcript(work: Work) -> str | None:
    """ "machine transcript (Whisper tiny.en)" for a recording's machine-made text: the styles that
    take a description or a note say it, since its words may be misheard."""
    if work.text_source != "speech":
        return None
    return f"machine transcript ({work.speech_model})" if work.speech_model else "machine transcript"


def apa(work: Work, collection: str, accessed: date, pin: Pin = NO_PIN) -> str:
    page, at, paragraphs = pin
    names = work.names
    author = _apa_authors(names)
    description = "; ".join(filter(None, [_APA_DESCRIPTION.get(work.kind), _machine_transcript(work)]))
    title = _italic(work.title) + (f" [{description}]" if description else "")
    when = f"({_apa_date(work.date)})."
    parts = [_end(author), when, _end(title)] if author else [_end(title), when]  # no author: the title leads
    if collection and collection != author:
        parts.append(_end(collection))
    url = _link(work, page, at)
    if url:
        parts.append(f"Retrieved {_long_date(accessed)}, from {url}")
    reference = " ".join(parts)
    year = _parts(work.date)[0] or "n.d."
    pinpoint = _pinpoint(page, at, paragraphs)
    lead = _in_text_names(names, "&") or _short_title(work.title)
    in_text = f"({lead}, {year}{', ' + pinpoint if pinpoint else ''})"
    return f"{reference}\nIn-text: {in_text}"


def mla(work: Work, collection: str, accessed: date, pin: Pin = NO_PIN) -> str:
    page, at, paragraphs = pin
    names = work.names
    by_publisher = not names or [n.natural() for n in names] == [collection]  # not repeated as author
    parts = [] if by_publisher else [_end(_mla_authors(names))]
    parts.append(f"“{_end(work.title)}”")
    container = [_italic(collection)] if collection else []
    if work.kind == "webinar":
        container.insert(0, "Webinar")
    when = _mla_date(work.date)
    if when:
        container.append(when)
    url = _link(work, page, at)
    if url:
        container.append(re.sub(r"^https?://", "", url))
    if container:
        parts.append(", ".join(container) + ".")
    parts.append(f"Accessed {_mla_access(accessed)}.")
    pinpoint = _pinpoint(page, at, paragraphs, mla=True)
    lead = f"“{_short_title(work.title)}”" if by_publisher else _in_text_names(names, "and")
    # MLA: a page number alone ("Wellek 2"); paragraphs after a comma ("Wellek, pars. 4–6")
    where = ""
    if pinpoint:
        where = f", {pinpoint}" if paragraphs and not page else " " + pinpoint.replace("p. ", "")
    in_text = f"({lead}{where})"
    return f"{' '.join(parts)}\nIn-text: {in_text}"


def chicago(work: Work, collection: str, accessed: date, pin: Pin = NO_PIN) -> str:
    page, at, paragraphs = pin
    names = work.names
    author = _chicago_authors(names) if names else ""
    kind = {"pdf": "Fact sheet", "webinar": "Webinar recording"}.get(work.kind)
    parts = [_end(author)] if author else []
    parts.append(f"“{_end(work.title)}”")
    where = ", ".join(
        p for p in (kind, collection if collection != author else None, _chicago_date(work.date)) if p
    )
    if where:
        parts.append(_end(where))
    pinpoint = _pinpoint(page, at, paragraphs)
    if pinpoint:
        parts.append(_end(pinpoint))
    parts.append(f"Accessed {_long_date(accessed)}.")
    url = _link(work, page, at)
    if url:
        parts.append(_end(url))
    return " ".join(parts)


def _bibtex_key(work: Work) -> str:
    names = work.names
    first = names[0] if names else Name("")
    # a person by family name, an organization by its initials ("IDP")
    author = "".join(w[:1] for w in first.family.split()) if first.organization else first.family
    author = re.sub(r"[^A-Za-z]", "", author) or "doc"
    year = _parts(work.date)[0] or "nd"
    word = next((w for w in re.findall(r"[A-Za-z]+", work.title) if len(w) > 3), "doc").lower()
    return f"{author}{year}{word}"


def _bibtex_escape(text: str) -> str:
    """Text for a braced BibTeX field: LaTeX's specials escaped, and braces and backslashes left out
    (BibTeX counts braces whatever escapes them, so one stray brace would end the field early)."""
    return re.sub(r"([&%$#_])", r"\\\1", re.sub(r"[{}\\]", "", text))


def bibtex(work: Work, collection: str, accessed: date, pin: Pin = NO_PIN) -> str:
    page, at, paragraphs = pin
    year = _parts(work.date)[0]
    # People as "Family, Given" (BibTeX's "von Last, Jr, First"), joined with "and"; an organization
    # in braces, kept whole (else BibTeX takes its last word for a surname). Double braces keep the
    # title's capitals as written.
    people = [
        "{" + _bibtex_escape(n.family) + "}"
        if n.organization
        else ", ".join(_bibtex_escape(p) for p in (n.family, n.suffix, n.given) if p)
        for n in work.names
    ]
    fields = [("author", " and ".join(people))] if people else []
    fields.append(("title", "{" + _bibtex_escape(work.title) + "}"))
    if collection:
        fields.append(("publisher", _bibtex_escape(collection)))
    if year:
        fields.append(("year", str(year)))
    if work.date:
        fields.append(("date", work.date))
    url = _link(work, page, at)
    if url:
        fields.append(("url", url))
    fields.append(("urldate", accessed.isoformat()))
    note = {"pdf": "Fact sheet", "webinar": "Webinar recording"}.get(work.kind)
    pinpoint = _pinpoint(page, at, paragraphs)
    machine = _machine_transcript(work)
    if note or pinpoint or machine:
        fields.append(("note", _bibtex_escape(", ".join(p for p in (note, machine, pinpoint) if p))))
    if page:
        fields.append(("pages", str(page)))
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields)
    return f"@misc{{{_bibtex_key(work)},\n{body}\n}}"


def ris(work: Work, collection: str, accessed: date, pin: Pin = NO_PIN) -> str:
    page, at, paragraphs = pin
    type_ = {"statement": "ELEC", "pdf": "GEN", "webinar": "VIDEO"}[work.kind]
    year, month, day = _parts(work.date)
    # one AU per author: a person "Family, Given, Suffix" (RIS's own form), an organization whole
    authors = [f"AU  - {n.inverted()}" for n in work.names]
    lines = [f"TY  - {type_}", *authors, f"TI  - {work.title}"]
    if collection:
        lines.append(f"PB  - {collection}")
    if year:
        lines.append(f"PY  - {year}")
        # RIS dates are YYYY/MM/DD/ with unknown parts left empty.
        lines.append(f"DA  - {year}/{f'{month:02d}' if month else ''}/{f'{day:02d}' if day else ''}/")
    url = _link(work, page, at)
    if url:
        lines.append(f"UR  - {url}")
    if page:
        lines.append(f"SP  - {page}")
    lines.append(f"Y2  - {accessed.strftime('%Y/%m/%d')}")
    pinpoint = _pinpoint(page, at, paragraphs)
    if pinpoint:
        lines.append(f"N1  - Pinpoint: {pinpoint}")
    if machine := _machine_transcript(work):
        lines.append(f"N1  - {machine[:1].upper()}{machine[1:]}")
    lines.append("ER  - ")
    return "\n".join(lines)


class PinpointError(ValueError):
    """A page or time the cited document does not have."""


def check_pinpoint(
    kind: str,
    page_count: int,
    duration: float | None,
    page: int | None,
    at: float | None,
    paragraphs: Paragraphs | None = None,
    paragraph_count: int = 0,
) -> None:
    """Refuse a pinpoint the document cannot have, with the reason: a page beyond a PDF's last (or
    on a document without pages), a time before 0:00 or past a recording's end, paragraphs a
    statement does not have."""
    if paragraphs is not None:
        if kind != "statement":
            raise PinpointError(f"a {kind} is cited by {'page' if page_count else 'time'}, not by paragraph")
        first, last = paragraphs
        if not 1 <= first <= last <= paragraph_count:
            raise PinpointError(
                f"paragraphs {first}–{last} are not paragraphs of this statement (it has {paragraph_count})"
            )
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
    record: DocumentRecord,
    style: str,
    collection: str,
    accessed: date | None = None,
    page: int | None = None,
    at: float | None = None,
    publisher_is_author: bool = True,
    html: bool = False,
    paragraphs: Paragraphs | None = None,
) -> str:
    """A citation of a document in `style`, optionally pinpointed: plain text,
    or (`html`) inert HTML with the style's italics as <i> and its lines as <br>.
    `publisher_is_author=False` when the collection's name is no organization's (an archive without
    a profile is named after its folder): a document without an author of its own then has none."""
    if style not in _FORMATTERS:
        raise ValueError(f"unknown citation style {style!r} (choose from {', '.join(STYLES)})")
    collection = _one_line(collection)
    work = _work(record, collection, publisher_is_author)
    marked = _FORMATTERS[style](work, collection, accessed or date.today(), Pin(page, at, paragraphs))
    if not html:
        return _MARKERS.sub("", marked)
    lines = []
    for line in marked.split("\n"):
        pieces = re.split(f"({_ITALIC_START}[^{_ITALIC_END}]*{_ITALIC_END})", line)
        lines.append(
            "".join(f"<i>{text_html(p[1:-1])}</i>" if p.startswith(_ITALIC_START) else text_html(p) for p in pieces)
        )
    return "<br>".join(lines)
