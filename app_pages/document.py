"""The document page (`?doc=ID`): metadata, full text with the query's words marked, passages with
their pages or times, the original file, "cite this", and related documents across kinds."""

from __future__ import annotations

import re
from datetime import date
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st

from app_pages.common import caption_html, doc_params, facet_href, notice_html, search_href, show_html
from app_pages.safe_html import KIND_LABELS, app_link, chip, language_name, link
from archive import Archive, DocumentNotFoundError
from archive.cite import STYLES, paragraph_ranges
from archive.markup import text_html
from archive.plain_text import passage_label
from archive.results import DocumentView, ShownPassage
from archive.shared.media import MEDIA_SUFFIXES, VIDEO_SUFFIXES, local_recording
from archive.shared.model import Document, Passage
from archive.shared.timecode import format_timestamp, link_at
from archive.shared.urls import safe_url
from archive.shared.visibility import is_internal
from archive.web.addresses import document_json_href

PASSAGES_PER_PAGE = 50  # a long transcript or toolkit is read a page at a time, not drawn whole
STYLE_LABELS = {"apa": "APA", "mla": "MLA", "chicago": "Chicago", "bibtex": "BibTeX", "ris": "RIS"}


def _metadata(doc: Document, publisher: str) -> None:
    """What the document is: its type, date and language, who published it (the archive's
    organization), and the organizations, agencies, people and topics it names."""
    rows = [
        ("Type", KIND_LABELS.get(doc.kind, doc.kind)),
        ("Date", doc.date or "undated"),
        ("Language", language_name(doc.language)),
    ]
    if publisher:
        rows.append(("Publisher", publisher))
    for values, label in (
        ([o for o in doc.organizations if o != publisher], "Organizations"),
        (doc.agencies, "Agencies"),
        (doc.also_named, "Also named"),
        ([f"{p} ({doc.people_roles[p]})" if p in doc.people_roles else p for p in doc.people], "People"),
        (doc.speakers, "Speakers"),
        (doc.topics, "Topics"),
    ):
        if values:
            rows.append((label, ", ".join(values)))
    html = "".join(f"<dt>{text_html(k)}</dt><dd>{text_html(v)}</dd>" for k, v in rows)
    tags = "".join(chip(h, facet_href("hashtags", h), "chip chip-tag") for h in doc.hashtags)
    address = doc.url or doc.recording_url
    show_html(f'<dl class="meta">{html}</dl><div class="chips">{tags}</div>')
    if address and safe_url(address):
        show_html(f"<p>Source: {link(address, address)}</p>")
    caption_html(f"File: {doc.file_name} · {doc.source_path}")
    if doc.text_source == "speech":
        confidence = f", mean confidence {doc.speech_confidence:.2f}" if doc.speech_confidence is not None else ""
        caption_html(
            f"Machine transcript: its text was transcribed from the recording by {doc.speech_model} "
            f"({language_name(doc.language)}{confidence}). Words may be misheard: check quotes against the recording."
        )
    elif doc.text_source != "text":
        how = (
            "Its text was read from page images by OCR"
            if doc.text_source == "ocr"
            else ("Some of its pages were read from page images by OCR")
        )
        caption_html(
            f"{how} (mean word confidence {doc.ocr_confidence:.0f}%): check quotes against the original."
            if doc.ocr_confidence is not None
            else f"{how}."
        )
    if doc.synthetic:
        st.info(
            "Demo material made for the sample archive (its description says how): it is not a real event "
            "and quotes no real person."
        )
    for note in doc.notes:
        notice_html(note)


def _cite(archive: Archive, view: DocumentView, include_internal: bool, opened_at: int | None) -> None:
    st.subheader("Cite this")
    # Pinpoints by what they name ("p2", "t129", "para4-6"), so the URL's `pin` means the same on every visit.
    pins = {pin_token(p): p for shown in view.passages if pin_token(p := shown.passage)}
    paragraphs: dict[str, tuple[int, int]] = {}
    if view.document.kind == "statement":  # cited by paragraph (APA's "para. 4"), numbered through it
        # numbered through the whole statement: its other passages are read only when not all are shown
        shown = [s.passage for s in view.passages]
        if view.first_passage or len(shown) < view.passage_count:
            shown = archive.document(view.document.doc_id, include_internal=include_internal).passages
        ranges = paragraph_ranges([p.text for p in shown])
        if len(ranges) > 1 or (ranges and ranges[0][1] > 1):
            paragraphs = {f"para{a}-{b}": (a, b) for a, b in ranges}
    options = ["whole", *pins, *paragraphs]
    if st.session_state.get("cite_at") == "minute":  # opened at a minute: the passage spoken then
        spoken = [t for t, p in pins.items() if opened_at is not None and p.start is not None and p.start <= opened_at]
        st.session_state["cite_at"] = spoken[-1] if spoken else "whole"
    if st.session_state.get("cite_at") not in options:  # a pin from the URL this page does not show
        st.session_state["cite_at"] = "whole"
    if st.session_state.get("cite_style") not in STYLES:
        st.session_state["cite_style"] = "apa"
    left, right = st.columns(2)
    style = left.selectbox("Style", STYLES, format_func=STYLE_LABELS.__getitem__, key="cite_style")
    choice = right.selectbox(
        "Pinpoint",
        options,
        key="cite_at",
        format_func=lambda o: "Whole document" if o == "whole" else _pin_label(o, pins, paragraphs),
    )
    passage = pins.get(choice)
    pin = {
        "page": passage.page if passage else None,
        "at": passage.start if passage and not passage.page else None,
        "paragraphs": paragraphs.get(choice),
        "accessed": date.today(),
        "include_internal": include_internal,
    }
    if style in ("apa", "mla", "chicago"):  # as it reads in a paper, with the style's italics
        show_html(f'<p class="citation">{archive.cite(view.document.doc_id, style, html=True, **pin)}</p>')
    citation = archive.cite(view.document.doc_id, style, **pin)
    reference, _, in_text = citation.partition("\nIn-text: ")
    st.code(reference, language="bibtex" if style == "bibtex" else None, wrap_lines=True)
    st.caption("Plain text to paste into a reference list: the copy button is at the top right of the box.")
    if in_text:  # a separate box: the reference list and the running text take different things
        st.code(in_text, language=None, wrap_lines=True)
        st.caption("In-text citation, for the running text.")


def _pin_label(option: str, pins: dict[str, Passage], paragraphs: dict[str, tuple[int, int]]) -> str:
    if option in paragraphs:
        first, last = paragraphs[option]
        return f"Paragraph {first}" if first == last else f"Paragraphs {first}–{last}"
    return passage_label(pins[option])


def pin_token(passage: Passage) -> str:
    """A pinpoint as the URL carries it: "p2" for a page, "t129" for a time, "" for neither."""
    if passage.page:
        return f"p{passage.page}"
    return f"t{int(passage.start)}" if passage.start is not None else ""


def _passage_pager(view: DocumentView, params: dict, part: int) -> None:
    """Previous/next links between the pages of a long document's passages (each its own URL)."""
    parts = max(1, -(-view.passage_count // PASSAGES_PER_PAGE))
    if parts == 1:
        return
    links = []
    opened = doc_params(params, view.document.doc_id)
    if part > 1:
        links.append(app_link("← Earlier passages", search_href(**opened, part=part - 1)))
    first = view.first_passage + 1
    links.append(f"<span>Passages {first}–{first + len(view.passages) - 1} of {view.passage_count}</span>")
    if part < parts:
        links.append(app_link("Later passages →", search_href(**opened, part=part + 1)))
    show_html(f'<nav class="pager" aria-label="Passages">{" · ".join(links)}</nav>')


def _page_view(archive: Archive, doc_id: str, query: str, params: dict, page: int, include_internal: bool) -> None:
    """One page of a PDF or image as a picture with the query's words marked, its text beside it for
    copying, "page N of M" with previous and next, and the original opened at this page."""
    try:
        view = archive.page_view(doc_id, page, query, include_internal=include_internal)
    except ValueError as exc:
        notice_html(str(exc))
        return
    opened = doc_params(params, doc_id)
    links = []
    if page > 1:
        links.append(app_link("← Previous page", search_href(**opened, page=page - 1)))
    links.append(f"<span>Page {page} of {view.page_count}</span>")
    if page < view.page_count:
        links.append(app_link("Next page →", search_href(**opened, page=page + 1)))
    links.append(app_link("Whole document", search_href(**opened)))
    address = safe_url(view.url)
    if address:
        links.append(link("Open the original at this page", f"{address}#page={page}"))
    show_html(f'<nav class="pager" aria-label="Pages of the document">{" · ".join(links)}</nav>')
    picture, text = st.columns([3, 2])
    if view.image is not None:
        marked = f" · {view.image.marked} matched word{'s' if view.image.marked != 1 else ''} marked" if query else ""
        picture.image(view.image.png, caption=f"Page {page}{marked}", width="stretch")
    else:
        picture.caption("The original file is not on this server, so the page cannot be shown; its text is beside.")
    if view.passage:
        show_html(f'<div class="passage">{view.passage.html}</div>', text)
    else:
        text.caption("No text on this page.")


_PLAYABLE = re.compile(r"^https://(?:www\.|m\.)?(?:youtube\.com/watch|youtu\.be/|vimeo\.com/\d)", re.I)
_MEDIA = (*MEDIA_SUFFIXES, ".ogv", ".m4v")


def _passage_at(view: DocumentView, at: float) -> ShownPassage | None:
    """The shown passage being spoken at `at` seconds: the last one that starts by then."""
    timed = [p for p in view.passages if p.passage.start is not None and p.passage.start <= at]
    return timed[-1] if timed else None


def _part_at(archive: Archive, doc_id: str, at: float, include_internal: bool) -> int | None:
    """Which page of passages holds the minute `at` (None when the document has no times)."""
    try:
        whole = archive.document(doc_id, include_internal=include_internal)
    except DocumentNotFoundError:
        return None
    starts = [n for n, p in enumerate(whole.passages) if p.start is not None and p.start <= at]
    return starts[-1] // PASSAGES_PER_PAGE + 1 if starts else None


def _minute(doc: Document, view: DocumentView, at: int, recording: Path | None) -> None:
    """The passage spoken at `at`, then the recording from that moment (YouTube, Vimeo and media
    files play here; other hosts open in a new tab at that time), before the full text: the words
    lead, so they are on screen when the page opens, with the player right under them."""
    passage = _passage_at(view, at)
    if passage is not None:
        label = passage_label(passage.passage)
        show_html(
            f'<div class="passage current" aria-current="true"><div class="where">At {text_html(label)}</div>'
            f"{passage.html}</div>"
        )
    else:
        caption_html(f"Nothing in this transcript is timed at {format_timestamp(at)}.")
    address = safe_url(doc.recording_url)
    if address and (_PLAYABLE.match(address) or urlsplit(address).path.lower().endswith(_MEDIA)):
        st.video(address, start_time=at)
    elif recording is not None:  # the recording among the archive's own files, served by the app
        play = st.video if recording.suffix.lower() in VIDEO_SUFFIXES else st.audio
        play(str(recording), start_time=at)
    elif address:
        show_html(f"<p>{link(f'Open the recording at {format_timestamp(at)}', link_at(address, at))}</p>")


def render_document(
    archive: Archive,
    doc_id: str,
    query: str,
    params: dict,
    *,
    part: int = 1,
    page: int | None = None,
    at: int | None = None,
    include_internal: bool = False,
) -> None:
    """The document page; a long document's passages are shown PASSAGES_PER_PAGE at a time (`part`);
    with `page`, a PDF's or image's page view instead of its full text; with `at` (seconds), a
    recording's minute: the player starts there and the passage spoken then leads the page."""
    back_href = search_href(**params)
    if at is not None:
        part = _part_at(archive, doc_id, at, include_internal) or part

    def view(part: int) -> DocumentView:
        start = (part - 1) * PASSAGES_PER_PAGE
        return archive.document_view(
            doc_id, query, include_internal=include_internal, start=start, limit=PASSAGES_PER_PAGE
        )

    try:
        shown = view(part)
        if not shown.passages and part > 1:  # past the last page (an old link): show the last one
            part = max(1, -(-shown.passage_count // PASSAGES_PER_PAGE))
            shown = view(part)
    except DocumentNotFoundError:
        st.error("There is no document with that id in the archive.")
        show_html(app_link("← Back to search", back_href))
        return
    show_html(app_link("← Back to results", back_href))
    # Inert HTML, not st.header: a title is the document's text and must not be read as Markdown.
    doc = shown.document
    show_html(f'<h2 class="doc-title">{text_html(doc.title)}</h2>')
    if page and doc.kind in ("pdf", "image"):
        _page_view(archive, doc_id, query, params, page, include_internal)
        return
    _metadata(doc, archive.publisher())
    if is_internal(doc.visibility):
        st.warning("Internal document: shown to signed-in staff only.")
    original = archive.original(doc_id, include_internal=include_internal)
    path = original.path
    if original.changed:
        notice_html("The original file has changed since it was indexed; rebuild the index to offer it again.")
    if path is not None:
        st.download_button(
            f"Download the original ({path.suffix.lstrip('.').upper()})",
            data=path.read_bytes,
            file_name=path.name,
            key="download_original",
            on_click="ignore",
        )
    if at is not None:
        _minute(doc, shown, at, local_recording(path) if path is not None else None)
    _cite(archive, shown, include_internal, at)
    json_href = escape(document_json_href(doc_id), quote=True)
    show_html(
        f'<p class="caption-text"><a href="{json_href}" type="application/json" target="_blank">'
        "This document as JSON</a></p>"
    )
    show_html(f"<h3>Full text{f' · “{text_html(query)}” marked' if query else ''}</h3>")
    _passage_pager(shown, params, part)
    opened = doc_params(params, doc_id)
    for number, passage in shown.numbered():
        label = passage_label(passage.passage, number, shown.passage_count)
        start = passage.passage.start
        if start is not None:  # a transcript passage opens this page at its minute (and the player there)
            where = app_link(label, search_href(**opened, at=int(start)))
        else:
            where = link(label, passage.link)
        current = " current" if at is not None and passage is _passage_at(shown, at) else ""
        if number in doc.low_confidence_parts:
            where += ' <span class="caption-text">· heard with low confidence: check the recording</span>'
        show_html(f'<div class="passage{current}"><div class="where">{where}</div>{passage.html}</div>')
    _passage_pager(shown, params, part)
    related = archive.related(doc_id, include_internal=include_internal)
    if related:
        st.subheader("More like this")
        items = "".join(
            f"<li>{app_link(r['title'], search_href(doc=r['doc_id']))}"
            f' <span class="badge">{text_html(KIND_LABELS.get(r["kind"], r["kind"]))}</span>'
            f" {text_html(r.get('date') or '')}</li>"
            for r in related
        )
        show_html(f'<ul class="related">{items}</ul>')
