"""Start here: what the archive is about, a short reading path per topic, and the glossary."""

from __future__ import annotations

import streamlit as st

from app_pages.common import archive, facet_href, search_href, show_html, styles
from app_pages.safe_html import KIND_LABELS, app_link, excerpt
from app_pages.staff import is_staff
from archive.api import PathStep
from archive.markup import text_html


def main() -> None:
    arch = archive()
    styles()
    profile = arch.profile()
    st.title("Start here")
    if profile.description:
        show_html(f"<p>{text_html(profile.description)}</p>")
    paths = {t.name: arch.reading_path(t.name, include_internal=is_staff()) for t in profile.topics}
    glossary = arch.glossary()
    if any(paths.values()):
        st.markdown(
            "The archive is organized by **topic**. Each topic below has a one-line description and a "
            "few key resources to read first." + (" The glossary explains the terms you will meet." if glossary else "")
        )
    sections = [("topics", "Topics and reading paths")] if any(paths.values()) else []
    sections += [("glossary", "Glossary")] if glossary else []
    if len(sections) > 1:  # the glossary sat thousands of pixels down with no way to it
        links = " · ".join(f'<a href="#{anchor}">{text_html(title)}</a>' for anchor, title in sections)
        show_html(f'<nav class="toc" aria-label="On this page">On this page: {links}</nav>')
    if any(paths.values()):
        st.header("Topics and reading paths", anchor="topics")
        for topic in profile.topics:
            if paths[topic.name]:
                _topic(topic.name, topic.description, paths[topic.name])
        empty = [t.name for t in profile.topics if not paths[t.name]]
        if empty:
            st.caption("Topics without documents yet: " + ", ".join(empty) + ".")
    else:
        st.caption(
            "This archive has no topics with documents yet: they are named in its profile (archive.toml, "
            "[[topics]]); Browse lists its hashtags and organizations meanwhile."
        )
    if glossary:
        st.header("Glossary", anchor="glossary")
        for entry in glossary:
            expansion = f" ({entry['expansion']})" if entry["expansion"] else ""
            term = text_html(entry["term"] + expansion)
            show_html(f"<p><strong>{term}</strong>: {text_html(entry['definition'])}</p>")


def _topic(name: str, description: str, path: list[PathStep]) -> None:
    show_html(f"<h3>{text_html(name)}</h3>")
    all_of_it = app_link("All documents on this topic", facet_href("topics", name))
    show_html(f"<p>{text_html(description)} {all_of_it}</p>")
    items = "".join(
        f"<li>{app_link(r['title'], search_href(doc=r['doc_id']))}"
        f' <span class="badge">{text_html(KIND_LABELS.get(r["kind"], r["kind"]))}</span>'
        f" {text_html(r['date'] or '')}"
        f'<br><span class="summary">{text_html(excerpt(r["summary"]))}</span></li>'
        for r in path
    )
    show_html(f"<ol>{items}</ol>")


main()
