"""Start here: what the archive is about, a short reading path per topic, and the glossary."""

from __future__ import annotations

import streamlit as st

from app_pages.common import archive, facet_href, search_href, show_html, styles
from app_pages.staff import is_staff
from archive.markup import text_html
from archive.present import KIND_LABELS, app_link, excerpt


def main() -> None:
    arch = archive()
    styles()
    profile = arch.snapshot().profile
    st.title("Start here")
    if profile.description:
        show_html(f"<p>{text_html(profile.description)}</p>")
    st.markdown(
        "The archive is organized by **topic**. Each topic below has a one-line description and a "
        "few key resources to read first. The glossary explains the terms you will meet."
    )
    st.header("Topics and reading paths")
    for topic in profile.topics:
        show_html(f"<h3>{text_html(topic.name)}</h3>")
        all_of_it = app_link("All documents on this topic", facet_href("topics", topic.name))
        show_html(f"<p>{text_html(topic.description)} {all_of_it}</p>")
        path = arch.reading_path(topic.name, include_internal=is_staff())
        if not path:
            st.caption("No documents on this topic yet.")
            continue
        items = "".join(
            f"<li>{app_link(r['title'], search_href(doc=r['doc_id']))}"
            f' <span class="badge">{text_html(KIND_LABELS.get(r["kind"], r["kind"]))}</span>'
            f" {text_html(r.get('date') or '')}"
            f'<br><span class="summary">{text_html(excerpt(r["summary"]))}</span></li>'
            for r in path
        )
        show_html(f"<ol>{items}</ol>")
    st.header("Glossary")
    for entry in arch.glossary():
        expansion = f" ({entry['expansion']})" if entry["expansion"] else ""
        show_html(f"<p><strong>{text_html(entry['term'] + expansion)}</strong>: {text_html(entry['definition'])}</p>")


main()
