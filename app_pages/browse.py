"""Browse: topics, hashtags and partner organizations with counts, a timeline, related hashtags."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from app_pages.common import archive, caption_html, facet_href, show_html, styles
from app_pages.staff import is_staff
from archive import SearchRequest
from archive.markup import text_html
from archive.present import app_link, chip

TIMELINE_FACETS = {"topics": "Topic", "hashtags": "Hashtag", "organizations": "Organization", "kind": "Type"}


def timeline_chart(frame: pd.DataFrame, label: str) -> alt.Chart:
    """Stacked bars per period, with the whole legend under the chart in one column (Streamlit's
    own bar chart cut long topic names at the side, and two columns cut them on a phone)."""
    data = frame.rename_axis("period").reset_index().melt("period", var_name=label, value_name="documents")
    return (
        alt.Chart(data[data["documents"] > 0])
        .mark_bar()
        .encode(
            x=alt.X("period:O", title=None),
            y=alt.Y("documents:Q", title="documents"),
            color=alt.Color(f"{label}:N", legend=alt.Legend(orient="bottom", columns=1, labelLimit=0, title=None)),
            tooltip=["period", label, "documents"],
        )
    )


def main() -> None:
    arch = archive()
    styles()
    st.title("Browse the archive")
    facets = arch.search(SearchRequest(per_page=1, include_internal=is_staff())).facets
    descriptions = {t.name: t.description for t in arch.snapshot().profile.topics}

    st.header("Topics")
    rows = "".join(
        f"<li>{app_link(name, facet_href('topics', name))} ({count}) — {text_html(descriptions.get(name, ''))}</li>"
        for name, count in facets.of("topics").items()
    )
    show_html(f'<ul class="topics">{rows}</ul>')

    st.header("Hashtags")
    show_html(
        "".join(
            chip(f"{tag} ({n})", facet_href("hashtags", tag), "chip chip-tag")
            for tag, n in facets.of("hashtags").items()
        )
    )

    st.header("Partner organizations")
    partners = {o.name for o in arch.snapshot().profile.partners}
    show_html(
        "".join(
            chip(f"{name} ({n})", facet_href("organizations", name))
            for name, n in facets.of("organizations").items()
            if name in partners
        )
    )

    st.header("Timeline")
    left, right = st.columns(2)
    facet = left.selectbox("Documents by", list(TIMELINE_FACETS), format_func=TIMELINE_FACETS.get, key="tl_facet")
    period = right.radio("Per", ["year", "month"], horizontal=True, key="tl_period")
    timeline = arch.timeline(facet, by=period, include_internal=is_staff())
    if timeline:
        frame = pd.DataFrame.from_dict(timeline, orient="index").fillna(0).astype(int).sort_index()
        st.altair_chart(timeline_chart(frame, TIMELINE_FACETS[facet]), width="stretch")
        st.caption(
            "Each bar counts the dated documents of a period; a document with several values counts "
            "once for each. Documents dated only by year do not appear per month."
        )
        # values down the side and periods across: a handful of columns, so the table fits a phone
        st.dataframe(frame.T.rename_axis(TIMELINE_FACETS[facet]), width="stretch")
    else:
        st.info("No dated documents for this view.")

    st.header("Related hashtags")
    tags = list(facets.of("hashtags"))
    if tags:
        tag = st.selectbox("Hashtags used together with", tags, key="related_tag")
        related = arch.related_hashtags(tag, include_internal=is_staff())
        if related:
            show_html(
                "".join(chip(f"{t} ({n})", facet_href("hashtags", tag, t), "chip chip-tag") for t, n in related.items())
            )
        else:
            caption_html(f"No other hashtag appears with {tag}.")


main()
