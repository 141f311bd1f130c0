"""The search page: one box, facet filters with counts, result cards, pages, exports; `?doc=` opens a
document (with `page`, its page view; the results page then travels as `rpage`). Every state is in
the URL (q, one parameter per facet of archive.facets (kind, topic, hashtag, org, agency, also, person,
year), from, to, sort, page, doc, part, rpage, at, cite, pin), so searches can be bookmarked and
shared and the back button works."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from html import escape

import streamlit as st

from app_pages.common import (
    archive,
    caption_html,
    doc_params,
    notice_html,
    search_href,
    show_html,
    styles,
)
from app_pages.document import render_document
from app_pages.safe_html import HASHTAG_PARAM, KIND_LABELS, UrlParams, chip, filter_href, result_card
from app_pages.staff import is_staff, staff_box
from archive import Archive, Filters, SearchRequest
from archive.export import EXTENSIONS, FORMATS
from archive.facets import BY_NAME, FACETS, Facet
from archive.markup import text_html
from archive.query import named_value
from archive.results import FacetCounts, SearchPage
from archive.shared import dates
from archive.shared.profile import Organization
from archive.shared.words import slug
from archive.web.addresses import feed_href, search_json_href

PER_PAGE = 10
MAX_PAGE = 1_000_000  # a page or part number in the URL beyond this is no page of any archive
MAX_SECONDS = 7 * 24 * 3600  # a time in a recording (`at=`) beyond a week is no time in it
SORT_LABELS = {"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first"}
EXPORT_LABELS = {"csv": "CSV", "json": "JSON", "bibtex": "BibTeX", "ris": "RIS"}


def search_examples(everything: FacetCounts, partners: tuple[Organization, ...]) -> str:
    """The search box's hint, from this archive's own material: its most used hashtag, a partner it
    names most (by acronym, as people type it), a topic, and the PDF kind when it has PDFs."""
    examples = list(everything.of("hashtags"))[:1]
    named = everything.of("organizations")
    for partner in sorted((p for p in partners if p.name in named), key=lambda p: -named[p.name])[:1]:
        examples.append(f"org:{partner.acronyms[0]}" if partner.acronyms else f'org:"{partner.name}"')
    examples += [f'topic:"{t}"' if " " in t else f"topic:{t}" for t in list(everything.of("topics"))[:1]]
    if "pdf" in everything.of("kind"):
        examples.append("kind:pdf")
    return " · ".join([*examples, '"a phrase"'])


# The facets the type-ahead box offers, in the order its matches are listed.
JUMP_FACETS = ("topics", "hashtags", "organizations", "agencies", "people")


def _jump_options(everything: FacetCounts, organizations: tuple[Organization, ...]) -> dict[tuple[str, str], str]:
    """(url parameter, value) -> its label in the type-ahead box, for every topic, hashtag,
    organization, agency and person of the archive: "ILRC · Immigrant Legal Resource Center ·
    organization (5)", so typing a word, an acronym or a hashtag finds it."""
    acronyms = {o.name: o.acronyms for o in organizations}
    options: dict[tuple[str, str], str] = {}
    for name in JUMP_FACETS:
        facet = BY_NAME[name]
        for value, count in everything.of(name).items():
            known_as = " · ".join(acronyms.get(value, ()))
            shown = f"{known_as} · {value}" if known_as else value
            options[(facet.url_param, value)] = f"{shown} · {facet.label.lower()} ({count})"
    return options


def _jump() -> None:
    """Type-ahead callback: the chosen value is added to its facet's filter, and the box empties."""
    choice = st.session_state.get("jump")
    st.session_state["jump"] = None
    if not choice:
        return
    param, value = choice
    selected = list(st.session_state.get(f"f_{param}") or [])
    if value not in selected:
        st.session_state[f"f_{param}"] = [*selected, value]
    _new_search()


def _jump_box(everything: FacetCounts, organizations: tuple[Organization, ...]) -> None:
    """Autocomplete of the archive's own names: the box lists the topics, hashtags, organizations,
    agencies and people that match what is typed, with how many documents carry each."""
    options = _jump_options(everything, organizations)
    if options:
        st.selectbox(
            "Filter by a topic, hashtag, organization or person",
            list(options),
            index=None,
            key="jump",
            placeholder="Start typing: a topic, #hashtag, organization or acronym",
            format_func=options.__getitem__,
            on_change=_jump,
        )


def _url_now() -> dict[str, list[str]]:
    """The browser's query parameters, every value as a list (the form _written_url compares)."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _as_url(params: UrlParams) -> dict[str, list[str]]:
    return {key: [str(v) for v in value] if isinstance(value, list) else [str(value)] for key, value in params.items()}


def _read_url_state() -> None:
    """Copy the URL's parameters into the widgets' state: on a session's first run, and whenever the
    URL is not the one this app last wrote, which is what Back and Forward do (Streamlit pushes a
    history entry for each new query string and reruns the page on Back, but the widgets keep their
    state unless it is read again here)."""
    if st.session_state.get("_url_read") and _url_now() == st.session_state.get("_url_written"):
        return
    for widget in ("w_from", "w_to"):  # the date pickers are filled again from the dates below
        st.session_state.pop(widget, None)
    params = st.query_params
    st.session_state["q"] = params.get("q", "")
    for facet in FACETS:
        st.session_state[f"f_{facet.url_param}"] = params.get_all(facet.url_param)
    st.session_state["sort"] = params.get("sort") if params.get("sort") in SORT_LABELS else "relevance"
    st.session_state["translate"] = params.get("translate") not in ("0", "false")
    # With a document open, `page` is a page of that document (the page view) and the results page
    # travels as `rpage`, so "Back to results" returns to it.
    results_page = params.get("rpage", "1") if params.get("doc") else params.get("page", "1")
    st.session_state["page"] = _positive(results_page)
    st.session_state["doc_page"] = _positive(params["page"]) if params.get("doc") and params.get("page") else None
    st.session_state["date_from"] = _date(params.get("from"), "from")
    st.session_state["date_to"] = _date(params.get("to"), "to")
    st.session_state["doc"] = params.get("doc")
    st.session_state["part"] = _positive(params.get("part", "1"))
    st.session_state["doc_at"] = _seconds(params.get("at")) if params.get("doc") else None
    st.session_state["cite_style"] = params.get("cite", "apa")  # checked against the styles where drawn
    # a recording opened at a minute is cited at that minute unless the address names a pinpoint
    st.session_state["cite_at"] = params.get("pin") or ("minute" if st.session_state["doc_at"] is not None else "whole")
    st.session_state["_url_read"] = True


def _date(value: str | None, name: str) -> str | None:
    """A date from the URL, or None (with a notice for the page) when it is not one."""
    if not value:
        return None
    try:
        dates.parse_partial(value)
    except dates.DateError:
        st.session_state["_url_notice"] = (
            f"The {name}= of this address is not a date (YYYY, YYYY-MM or YYYY-MM-DD), so it was left out."
        )
        return None
    return value


def _seconds(value: str | None) -> int | None:
    """A time in the URL (`at=754`): whole seconds within MAX_SECONDS, or None when it is not one
    (`inf`, `1e300`, words)."""
    try:
        seconds = float(value) if value else None
    except ValueError:
        return None
    return int(max(0.0, seconds)) if seconds is not None and 0 <= seconds <= MAX_SECONDS else None


def _positive(value: str) -> int:
    """A page or part number from the URL: 1 unless it is a whole number from 1 to MAX_PAGE."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 7 and 1 <= int(value) <= MAX_PAGE else 1


def _current_params(*, with_doc: bool = True) -> UrlParams:
    params: UrlParams = {}
    if st.session_state.get("q"):
        params["q"] = st.session_state["q"]
    for facet in FACETS:
        if st.session_state.get(f"f_{facet.url_param}"):
            params[facet.url_param] = list(st.session_state[f"f_{facet.url_param}"])
    for key, state in (("from", "date_from"), ("to", "date_to")):
        if st.session_state.get(state):
            params[key] = st.session_state[state]
    if st.session_state.get("sort", "relevance") != "relevance":
        params["sort"] = st.session_state["sort"]
    if not st.session_state.get("translate", True):
        params["translate"] = "0"
    if st.session_state.get("page", 1) > 1:
        params["page"] = str(st.session_state["page"])
    if with_doc and st.session_state.get("doc"):
        params = doc_params(params, st.session_state["doc"])
        if st.session_state.get("part", 1) > 1:
            params["part"] = str(st.session_state["part"])
        if st.session_state.get("doc_page"):
            params["page"] = str(st.session_state["doc_page"])
        if st.session_state.get("doc_at") is not None:
            params["at"] = str(st.session_state["doc_at"])
        if st.session_state.get("cite_style", "apa") != "apa":
            params["cite"] = st.session_state["cite_style"]
        if st.session_state.get("cite_at", "whole") != "whole":
            params["pin"] = st.session_state["cite_at"]
    return params


def _write_url() -> None:
    """The state as the URL, and what was written, so that a URL this app did not write (Back,
    Forward) is read again (_read_url_state)."""
    written = _current_params()
    st.query_params.from_dict(written)
    st.session_state["_url_written"] = _as_url(written)


def _new_search() -> None:
    """A changed query or filter starts again at page 1, with no document open."""
    st.session_state["page"] = 1
    st.session_state["doc"] = None
    st.session_state["part"] = 1
    st.session_state["doc_page"] = None
    st.session_state["doc_at"] = None
    st.session_state["cite_at"] = "whole"


def _use_query(query: str) -> None:
    """Button callback: replace the query (callbacks run before the widgets are drawn)."""
    st.session_state["q"] = query
    _new_search()


def _filters() -> Filters:
    selections = {f.name: st.session_state.get(f"f_{f.url_param}") or [] for f in FACETS}
    return Filters.of(selections, st.session_state.get("date_from"), st.session_state.get("date_to"))


def _sidebar(facets: FacetCounts, partners: set[str], selects: Callable[[str, str], str]) -> None:
    """The filters, one per facet. `selects(facet, value)`: the slug a value selects (an acronym or
    alias from the URL, `agency=ice`, is counted as the organization it names)."""
    with st.sidebar:
        st.header("Filter")
        for facet in FACETS:
            counts = facets.of(facet.name)
            if facet.name == "organizations":  # the partner facet holds the partners; allies: org:
                counts = {name: n for name, n in counts.items() if name in partners}
            key = f"f_{facet.url_param}"
            selected = list(st.session_state.get(key) or [])
            options = list(counts) + [v for v in selected if v not in counts]
            if not options:
                continue
            # a value from the URL in another casing or by acronym (`agency=ice`) is counted as the value it selects
            by_slug = {slug(value): n for value, n in counts.items()}
            shown = _shown_as(facet)
            st.multiselect(
                facet.label,
                options,
                key=key,
                on_change=_new_search,
                format_func=functools.partial(
                    _with_count, shown=shown, counts=by_slug, facet=facet.name, selects=selects
                ),
            )
        _date_range()
        st.selectbox("Sort", list(SORT_LABELS), key="sort", format_func=SORT_LABELS.__getitem__, on_change=_new_search)
        st.checkbox(
            "Also search in the archive's other languages",
            key="translate",
            on_change=_new_search,
            help="A Spanish query also finds English documents, and the other way round (translated by Apertium).",
        )


def _with_count(
    value: str,
    *,
    shown: Callable[[str], str],
    counts: dict[str, int],
    facet: str,
    selects: Callable[[str, str], str],
) -> str:
    """A filter's option as it reads: the value and how many results it selects."""
    return f"{shown(value)} ({counts.get(selects(facet, value), 0)})"


def _page_href(params: UrlParams, doc_id: str, page: int) -> str:
    return search_href(**doc_params(params, doc_id), page=page)


def _at_href(params: UrlParams, doc_id: str, seconds: float) -> str:
    return search_href(**doc_params(params, doc_id), at=int(seconds))


def _shown_as(facet: Facet) -> Callable[[str], str]:
    """How a facet's values read in the sidebar: kinds by their labels ("PDF"), the rest as written."""
    return (lambda value: KIND_LABELS.get(value, value)) if facet.name == "kind" else (lambda value: value)


def _set_dates() -> None:
    """Date widgets -> the from/to filter (ISO dates), starting a new search."""
    for widget, state in (("w_from", "date_from"), ("w_to", "date_to")):
        value = st.session_state.get(widget)
        st.session_state[state] = value.isoformat() if value else None
    _new_search()


def _date_range() -> None:
    """From/to date pickers (partial dates in the URL, like `from=2020-03`, start on the first day)."""
    from archive.shared import dates

    for label, widget, state in (("From", "w_from", "date_from"), ("To", "w_to", "date_to")):
        if widget not in st.session_state:
            value = st.session_state.get(state)
            bound = None
            if value:
                try:
                    bound = dates.start_of(value) if state == "date_from" else dates.end_of(value)
                except dates.DateError:
                    st.session_state[state] = None  # an invalid date in the URL is dropped, not an error
            st.session_state[widget] = bound
        st.date_input(label, key=widget, on_change=_set_dates, format="YYYY-MM-DD")


def _related_hashtags(arch: Archive) -> None:
    """Under the filters: hashtags used together with the selected ones, as links that add them."""
    for tag in st.session_state.get(f"f_{HASHTAG_PARAM}") or []:
        related = arch.related_hashtags(tag, include_internal=is_staff())
        if related:
            params = _current_params(with_doc=False)
            chips = " ".join(
                chip(f"{t} ({n})", filter_href(params, HASHTAG_PARAM, t), "chip chip-tag")
                for t, n in list(related.items())[:10]
            )
            show_html(f"<p><strong>Used with {text_html(tag)}</strong><br>{chips}</p>", st.sidebar)


def _glossary_notes(arch: Archive, query: str) -> None:
    """Definitions of the glossary terms the query mentions."""
    for entry in arch.glossary_for(query, cross_language=st.session_state.get("translate", True)):
        name = entry["term"] + (f" ({entry['expansion']})" if entry["expansion"] else "")
        show_html(f'<p class="caption-text"><strong>{text_html(name)}</strong>: {text_html(entry["definition"])}</p>')


def _pager(total: int) -> None:
    """Previous/next as links, so each page is its own URL and the back button returns to it."""
    pages = max(1, -(-total // PER_PAGE))
    if pages == 1:
        return
    page = st.session_state["page"]
    params = _current_params(with_doc=False)
    parts = []
    if page > 1:
        parts.append(
            f'<a href="{escape(search_href(**{**params, "page": page - 1}), quote=True)}" target="_self" '
            f'rel="prev">← Previous</a>'
        )
    parts.append(f"<span>Page {page} of {pages}</span>")
    if page < pages:
        parts.append(
            f'<a href="{escape(search_href(**{**params, "page": page + 1}), quote=True)}" target="_self" '
            f'rel="next">Next →</a>'
        )
    show_html(f'<nav class="pager" aria-label="Pages">{" · ".join(parts)}</nav>')


def _exports(arch: Archive, request: SearchRequest) -> None:
    """Download buttons for the whole result set; each file is made only when its button is clicked."""
    st.caption("Download all results (every page):")
    columns = st.columns(len(FORMATS))
    for column, fmt in zip(columns, FORMATS, strict=True):
        column.download_button(
            EXPORT_LABELS[fmt],
            data=functools.partial(arch.export, request, fmt),
            file_name=f"archive-search-results.{EXTENSIONS[fmt]}",
            mime=FORMATS[fmt],
            key=f"export_{fmt}",
            on_click="ignore",
        )


def _results(arch: Archive, request: SearchRequest, found: SearchPage) -> None:
    if notice := st.session_state.pop("_url_notice", None):
        notice_html(notice)
    if found.notice:
        notice_html(found.notice)
    _glossary_notes(arch, request.query)
    if found.total == 0:
        st.warning(
            "No documents match this search"
            + (" with these filters. Try removing a filter." if request.filters.any_selected else ".")
        )
    else:
        what = f"for “{text_html(request.query)}”" if request.query else "in the archive"
        count = f"{found.total} result{'s' if found.total != 1 else ''}"
        show_html(f"<p><strong>{count}</strong> {what} · showing {found.first_shown}–{found.last_shown}</p>")
    if found.suggestion:
        show_html(f"<p>Did you mean <strong>{text_html(found.suggestion)}</strong>?</p>")
        st.button(
            f"Search for {text_html(found.suggestion)}",
            key="suggestion",
            on_click=_use_query,
            args=(found.suggestion,),
        )
    params = _current_params(with_doc=False)
    publisher = arch.publisher()
    for result in found.results:
        doc_id = result.doc_id
        show_html(
            result_card(
                result,
                params,
                doc_href=search_href(**doc_params(params, doc_id)),
                page_href=functools.partial(_page_href, params, doc_id),
                at_href=functools.partial(_at_href, params, doc_id),
                publisher=publisher,
            )
        )
    _pager(found.total)
    if found.total:
        _exports(arch, request)
    _follow_links(params)


def _follow_links(params: UrlParams) -> None:
    """The same search as an Atom feed (new matches in a feed reader) and as JSON (for scripts)."""
    show_html(
        '<p class="caption-text">Follow this search: '
        f'<a href="{escape(feed_href(params), quote=True)}" type="application/atom+xml" target="_blank">'
        "Subscribe to this search (Atom)</a> · "
        f'<a href="{escape(search_json_href(params), quote=True)}" type="application/json" target="_blank">'
        "This search as JSON</a></p>"
    )


def main() -> None:
    arch = archive()
    _read_url_state()
    styles()
    staff_box()
    if st.session_state.get("doc"):
        # an old link to a document whose id changed (its source was renamed): the URL is redirected
        st.session_state["doc"] = arch.current_id(st.session_state["doc"], include_internal=is_staff())
        # A document is read on its own page: no search runs and no filters are drawn for it (a page
        # view opens as a new page load, and the sidebar's widgets cost it more than everything else;
        # "Back to results" returns to the search with its filters, which travel in the URL).
        _write_url()
        render_document(
            arch,
            st.session_state["doc"],
            st.session_state.get("q", ""),
            _current_params(with_doc=False),
            part=st.session_state.get("part", 1),
            page=st.session_state.get("doc_page"),
            at=st.session_state.get("doc_at"),
            include_internal=is_staff(),
        )
        return
    request = SearchRequest(
        query=st.session_state.get("q", ""),
        filters=_filters(),
        sort=st.session_state.get("sort", "relevance"),
        page=st.session_state["page"],
        per_page=PER_PAGE,
        include_internal=is_staff(),
        cross_language=st.session_state.get("translate", True),
    )
    found = arch.search(request)
    last = max(1, -(-found.total // PER_PAGE))
    if request.page > last:  # an old or made-up link past the last page: its last page instead
        st.session_state["page"] = last
        request = dataclasses.replace(request, page=last)
        found = arch.search(request)
    profile = arch.profile()
    _sidebar(found.facets, {o.name for o in profile.partners}, functools.partial(named_value, profile))
    _related_hashtags(arch)
    _write_url()
    st.title("Archive Search")
    if arch.publisher():
        caption_html(f"Statements, flyers and webinars of the {profile.name}")
    else:  # no profile: the folder's name is no organization's
        caption_html(f"Statements, flyers and webinars in {profile.name}")
    browsing_all = not request.query and not request.filters.any_selected
    # The hint reads the whole archive's facets: the page's own when it is browsing all of it
    # (a first visit), else one more browse search.
    everything = (
        found.facets if browsing_all else arch.search(SearchRequest(per_page=1, include_internal=is_staff())).facets
    )
    hint = search_examples(everything, profile.partners)
    st.text_input("Search", key="q", placeholder=f"Try: {hint}", on_change=_new_search)
    _jump_box(everything, profile.organizations)
    _results(arch, request, found)


main()
