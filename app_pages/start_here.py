"""Start here: what the archive is about, a short reading path per topic, and the glossary."""

from __future__ import annotations

from html import escape

import streamlit as st

from app_pages.common import archive, include_internal, search_href, styles
from archive.present import KIND_LABELS


def main() -> None:
    arch = archive()
    styles()
    profile = arch.snapshot().profile
    st.title("Start here")
    if profile.description:
        st.markdown(profile.description)
    st.markdown(
        "The archive is organized by **topic**. Each topic below has a one-line description and a "
        "few key resources to read first. The glossary explains the terms you will meet."
    )
    st.header("Topics and reading paths")
    for topic in profile.topics:
        st.subheader(topic.name)
        st.markdown(f"{topic.description} [All documents on this topic]({search_href(topic=topic.name)})")
        path = arch.reading_path(topic.name, include_internal=include_internal())
        if not path:
            st.caption("No documents on this topic yet.")
            continue
        items = "".join(
            f'<li><a href="{escape(search_href(doc=r["doc_id"]), quote=True)}" target="_self">{escape(r["title"])}</a>'
            f' <span class="badge">{KIND_LABELS.get(r["kind"], r["kind"])}</span> {escape(r.get("date") or "")}'
            f'<br><span class="summary">{escape(r["summary"][:200])}</span></li>'
            for r in path
        )
        st.markdown(f"<ol>{items}</ol>", unsafe_allow_html=True)
    st.header("Glossary")
    for entry in arch.glossary():
        expansion = f" ({entry['expansion']})" if entry["expansion"] else ""
        st.markdown(f"**{entry['term']}**{expansion}: {entry['definition']}")


main()
