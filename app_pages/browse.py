"""Browse: topics, hashtags and partner organizations with counts, a timeline, related hashtags."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from app_pages.common import archive, caption_html, facet_href, show_html, styles
from app_pages.safe_html import app_link, chip
from app_pages.staff import is_staff
from archive import SearchRequest
from archive.markup import text_html

TIMELINE_FACETS = {"topics": "Topic", "hashtags": "Hashtag", "organizations": "Organization", "kind": "Type"}


CHART_HEIGHT = 240  # px: readable at a glance (Streamlit's default left it about 90 px tall)


def every_period(frame: pd.DataFrame) -> pd.DataFrame:
    """The periods from the first to the last, those without documents included as zeros, so a gap
    in the archive shows as a gap ("2019", "2021" -> 2019, 2020, 2021; months likewise)."""
    periods = [str(p) for p in frame.index]
    if not periods:
        return frame
    monthly = len(periods[0]) == 7
    first, last = min(periods), max(periods)
    if monthly:
        wanted = [str(p) for p in pd.period_range(first, last, freq="M").strftime("%Y-%m")]
    else:
        wanted = [str(y) for y in range(int(first), int(last) + 1)]
    return frame.reindex(wanted, fill_value=0)


def timeline_chart(frame: pd.DataFrame, label: str, values: list[str]) -> alt.Chart:
    """Stacked bars per period, years written across, each value in the same colour whatever the
    period (`values`, the facet's values in a fixed order), and the whole legend under the chart in
    one column (Streamlit's own bar chart cut long topic names at the side, and two columns cut them
    on a phone)."""
    data = frame.rename_axis("period").reset_index().melt("period", var_name=label, value_name="documents")
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("period:O", title=None, axis=alt.Axis(labelAngle=0, labelOverlap=True)),
            y=alt.Y("documents:Q", title="documents", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                f"{label}:N",
                scale=alt.Scale(domain=values, scheme="tableau20"),
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=0, title=None),
            ),
            tooltip=["period", label, "documents"],
        )
        .properties(height=CHART_HEIGHT)
    )


def main() -> None:
    arch = archive()
    styles()
    st.title("Browse the archive")
    facets = arch.search(SearchRequest(per_page=1, include_internal=is_staff())).facets
    descriptions = {t.name: t.description for t in arch.profile().topics}

    # Each section is drawn only when the archive has something for it: an archive without a
    # profile has no topics or partners, and an empty heading told a new user nothing.
    if topics := facets.of("topics"):
        st.header("Topics")
        rows = "".join(
            f"<li>{app_link(name, facet_href('topics', name))} ({count}) — {text_html(descriptions.get(name, ''))}</li>"
            for name, count in topics.items()
        )
        show_html(f'<ul class="topics">{rows}</ul>')
    elif not descriptions:
        caption_html(
            "This archive has no topics yet: they are named in its profile (archive.toml, [[topics]]), and "
            "python -m indexer topics --suggest lists phrases its documents use to start from."
        )

    if hashtags := facets.of("hashtags"):
        st.header("Hashtags")
        show_html(
            "".join(chip(f"{tag} ({n})", facet_href("hashtags", tag), "chip chip-tag") for tag, n in hashtags.items())
        )

    partners = {o.name for o in arch.profile().partners}
    named = facets.of("organizations")
    shown = {name: n for name, n in named.items() if name in partners} if partners else named
    if shown:
        st.header("Partner organizations" if partners else "Organizations")
        show_html("".join(chip(f"{name} ({n})", facet_href("organizations", name)) for name, n in shown.items()))

    st.header("Timeline")
    left, right = st.columns(2)
    facet: str = left.selectbox(
        "Documents by", list(TIMELINE_FACETS), format_func=TIMELINE_FACETS.__getitem__, key="tl_facet"
    )
    period = right.radio("Per", ["year", "month"], horizontal=True, key="tl_period")
    timeline = arch.timeline(facet, by=period, include_internal=is_staff())
    yearly = timeline if period == "year" else arch.timeline(facet, by="year", include_internal=is_staff())
    values = sorted({value for counts in yearly.values() for value in counts})  # one colour each, in both views
    if timeline:
        frame = every_period(pd.DataFrame.from_dict(timeline, orient="index").fillna(0).astype(int).sort_index())
        # Streamlit fits the whole chart (axes and the legend's lines too) into the height it is given
        whole = CHART_HEIGHT + 70 + 18 * len(values)
        st.altair_chart(timeline_chart(frame, TIMELINE_FACETS[facet], values), width="stretch", height=whole)
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
