"""Archive Search: the Streamlit front end.

Run with `streamlit run app.py`. The index directory is $ARCHIVE_INDEX (default var/index) and the
source folder $ARCHIVE_SOURCE (default corpus); if no index exists, it is built on first run.
Every state of the page is in the URL (q, kind, topic, hashtag, org, person, year, from, to, sort,
page), so a search can be bookmarked and shared.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path
from typing import Any

import streamlit as st

from archive import Archive, Filters, SearchRequest
from archive.present import CSS, chip, filter_href, result_card
from archive.store import default_index_dir

ROOT = Path(__file__).resolve().parent
PER_PAGE = 10
EXAMPLES = '#FreeThemAll · deportation pipeline · org:ILRC · "mutual aid" · kind:pdf detention'
# URL parameter -> (Filters field, sidebar label, facet key in search results)
FACET_PARAMS = {
    "kind": ("kind", "Type", "kind"),
    "topic": ("topics", "Topic", "topics"),
    "hashtag": ("hashtags", "Hashtag", "hashtags"),
    "org": ("organizations", "Partner organization", "organizations"),
    "person": ("people", "People", "people"),
    "year": ("years", "Year", "year"),
}
SORT_LABELS = {"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first"}


@st.cache_resource(show_spinner="Opening the archive…")
def open_archive(index_dir: str, source: str) -> Archive:
    """Open the index once per process; build it from the source folder on first run."""
    from archive.store import IndexNotFoundError

    try:
        return Archive(index_dir)
    except IndexNotFoundError:
        from indexer.build import build

        build([Path(source)], Path(index_dir), progress=False)
        return Archive(index_dir)


def _read_url_state() -> None:
    """Copy the URL's parameters into the widgets' state, once per browser session."""
    if st.session_state.get("_url_read"):
        return
    params = st.query_params
    st.session_state["q"] = params.get("q", "")
    for key in FACET_PARAMS:
        st.session_state[f"f_{key}"] = params.get_all(key)
    st.session_state["sort"] = params.get("sort", "relevance") if params.get("sort") in SORT_LABELS else "relevance"
    try:
        st.session_state["page"] = max(1, int(params.get("page", "1")))
    except ValueError:
        st.session_state["page"] = 1
    st.session_state["date_from"] = params.get("from")
    st.session_state["date_to"] = params.get("to")
    st.session_state["_url_read"] = True


def _current_params() -> dict[str, Any]:
    params: dict[str, Any] = {}
    if st.session_state.get("q"):
        params["q"] = st.session_state["q"]
    for key in FACET_PARAMS:
        if st.session_state.get(f"f_{key}"):
            params[key] = list(st.session_state[f"f_{key}"])
    for key, state in (("from", "date_from"), ("to", "date_to")):
        if st.session_state.get(state):
            params[key] = st.session_state[state]
    if st.session_state.get("sort", "relevance") != "relevance":
        params["sort"] = st.session_state["sort"]
    if st.session_state.get("page", 1) > 1:
        params["page"] = str(st.session_state["page"])
    return params


def _reset_page() -> None:
    st.session_state["page"] = 1


def _use_query(query: str) -> None:
    """Button callback: replace the query (callbacks run before the widgets are drawn)."""
    st.session_state["q"] = query
    st.session_state["page"] = 1


def _filters() -> Filters:
    values = {field: list(st.session_state.get(f"f_{key}") or []) for key, (field, _, _) in FACET_PARAMS.items()}
    return Filters(**values, date_from=st.session_state.get("date_from"), date_to=st.session_state.get("date_to"))


def _sidebar(facets: dict[str, dict[str, int]], partners: set[str]) -> None:
    with st.sidebar:
        st.header("Filter")
        for key, (_, label, facet) in FACET_PARAMS.items():
            counts = facets.get(facet, {})
            if key == "org":  # the partner facet holds the partners; allies are found with org:
                counts = {name: n for name, n in counts.items() if name in partners}
            selected = [v for v in st.session_state.get(f"f_{key}") or []]
            options = list(counts) + [v for v in selected if v not in counts]
            if not options:
                continue
            st.multiselect(
                label,
                options,
                key=f"f_{key}",
                on_change=_reset_page,
                format_func=lambda v, c=counts: f"{v} ({c.get(v, 0)})",
            )
        st.selectbox("Sort", list(SORT_LABELS), key="sort", format_func=SORT_LABELS.get, on_change=_reset_page)


def _related_hashtags(archive: Archive) -> None:
    """Under the filters: hashtags used together with the selected ones, as links that add them."""
    for tag in st.session_state.get("f_hashtag") or []:
        related = archive.related_hashtags(tag)
        if related:
            params = _current_params()
            chips = " ".join(
                chip(f"{t} ({n})", filter_href(params, "hashtag", t), "chip chip-tag")
                for t, n in list(related.items())[:10]
            )
            st.sidebar.markdown(f"**Used with {escape(tag)}**<br>{chips}", unsafe_allow_html=True)


def _glossary(archive: Archive, query: str) -> None:
    """Definitions of the glossary terms a query mentions, and the whole glossary for new staff."""
    for entry in archive.glossary_for(query):
        name = entry["term"] + (f" ({entry['expansion']})" if entry["expansion"] else "")
        st.caption(f"**{name}**: {entry['definition']}")
    with st.sidebar.expander("Glossary"):
        for entry in archive.glossary():
            expansion = f" — {entry['expansion']}" if entry["expansion"] else ""
            st.markdown(f"**{entry['term']}**{expansion}: {entry['definition']}")


def _index_status(archive: Archive) -> None:
    """What the index holds and which files it could not read, for the staff who keep the archive."""
    stats = archive.stats()
    with st.sidebar.expander("Index status"):
        st.markdown(f"**{stats['documents']} documents, {stats['passages']} passages** · built {stats['built_at']}")
        for kind, counts in stats["by_kind"].items():
            st.markdown(f"- {kind}: {counts['documents']} documents, {counts['passages']} passages")
        for title, rows, key in (
            ("Could not be indexed", stats["failed"], "error"),
            ("Indexed with a warning", stats["warnings"], "note"),
            ("Skipped", stats["skipped"], "reason"),
        ):
            if rows:
                st.markdown(f"**{title}**")
                st.table([{"file": r["path"], "reason": r[key]} for r in rows])


def _pager(total: int) -> None:
    pages = max(1, -(-total // PER_PAGE))
    if pages == 1:
        return
    page = st.session_state["page"]
    left, middle, right = st.columns([1, 2, 1])
    if left.button("← Previous", disabled=page <= 1, key="prev"):
        st.session_state["page"] = page - 1
        st.rerun()
    middle.markdown(f"<div style='text-align:center'>Page {page} of {pages}</div>", unsafe_allow_html=True)
    if right.button("Next →", disabled=page >= pages, key="next"):
        st.session_state["page"] = page + 1
        st.rerun()


def main() -> None:
    st.set_page_config(page_title="Archive Search · Immigrant Justice Network", page_icon="🔎", layout="wide")
    index_dir = os.environ.get("ARCHIVE_INDEX") or str(ROOT / default_index_dir())
    source = os.environ.get("ARCHIVE_SOURCE") or str(ROOT / "corpus")
    archive = open_archive(index_dir, source)
    _read_url_state()
    st.markdown(CSS, unsafe_allow_html=True)
    collection = archive.snapshot().profile.name or "Archive"
    st.title("Archive Search")
    st.caption(f"Statements, flyers and webinars of the {collection}")
    st.text_input("Search", key="q", placeholder=f"Try: {EXAMPLES}", on_change=_reset_page)

    request = SearchRequest(
        query=st.session_state.get("q", ""),
        filters=_filters(),
        sort=st.session_state.get("sort", "relevance"),
        page=st.session_state["page"],
        per_page=PER_PAGE,
    )
    data = archive.search(request)
    partners = {o.name for o in archive.snapshot().profile.partners}
    _sidebar(data["facets"], partners)
    _related_hashtags(archive)
    st.query_params.from_dict(_current_params())
    _glossary(archive, request.query)
    _index_status(archive)

    if data.get("notice"):
        st.info(data["notice"])
    if data["total"] == 0:
        why = "No documents match this search" + (
            " with these filters." if any(st.session_state.get(f"f_{k}") for k in FACET_PARAMS) else "."
        )
        st.warning(why)
    else:
        what = f"for “{request.query}”" if request.query else "in the archive"
        st.markdown(f"**{data['total']} result{'s' if data['total'] != 1 else ''}** {what}")
    if data.get("suggestion"):
        st.markdown(f"Did you mean **{data['suggestion']}**?")
        st.button(f"Search for {data['suggestion']}", key="suggestion", on_click=_use_query, args=(data["suggestion"],))
    params = _current_params()
    for result in data["results"]:
        st.markdown(result_card(result, params), unsafe_allow_html=True)
    _pager(data["total"])


main()
