"""Citations: exact strings per style and source type, with the precision of the known date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from archive.cite import STYLES, cite
from tests.document_records import record

ACCESSED = date(2026, 11, 22)
COLLECTION = "Immigrant Justice Network"
STATEMENT = record(
    kind="statement",
    title="To #FlattenTheCurve, We Must #FreeThemAll",
    date="2020-03-19",
    url="https://www.immigrantjusticenetwork.org/free-them-all/",
    organizations=[COLLECTION],
    authors=[],
)
FLYER = record(
    kind="pdf",
    title="Three principles for advocates",
    date="2020",
    url="https://example.org/flyer.pdf",
    authors=[COLLECTION],
    organizations=[],
)
WEBINAR = record(
    kind="webinar",
    title="Ending criminalization",
    date="2020-06",
    url=None,
    recording_url="https://video.example/rec/1",
    organizations=[COLLECTION],
    authors=["Just Futures Law"],
)


def test_apa_web_page() -> None:
    assert cite(STATEMENT, "apa", COLLECTION, ACCESSED) == (
        "Immigrant Justice Network. (2020, March 19). To #FlattenTheCurve, We Must #FreeThemAll. "
        "Retrieved November 22, 2026, from https://www.immigrantjusticenetwork.org/free-them-all/\n"
        "In-text: (Immigrant Justice Network, 2020)"
    )


def test_apa_report_with_page_pinpoint() -> None:
    assert cite(FLYER, "apa", COLLECTION, ACCESSED, page=2) == (
        "Immigrant Justice Network. (2020). Three principles for advocates [Fact sheet]. "
        "Retrieved November 22, 2026, from https://example.org/flyer.pdf#page=2\n"
        "In-text: (Immigrant Justice Network, 2020, p. 2)"
    )


def test_apa_recorded_presentation_with_time_pinpoint() -> None:
    assert cite(WEBINAR, "apa", COLLECTION, ACCESSED, at=754) == (
        "Just Futures Law. (2020, June). Ending criminalization [Webinar]. Immigrant Justice Network. "
        "Retrieved November 22, 2026, from https://video.example/rec/1?t=754\n"
        "In-text: (Just Futures Law, 2020, 12:34)"
    )


def test_mla_organization_as_author_and_publisher_starts_with_the_title() -> None:
    assert cite(STATEMENT, "mla", COLLECTION, ACCESSED) == (
        "“To #FlattenTheCurve, We Must #FreeThemAll.” Immigrant Justice Network, 19 Mar. 2020, "
        "www.immigrantjusticenetwork.org/free-them-all/. Accessed 22 Nov. 2026.\n"
        "In-text: (“To #FlattenTheCurve, We Must…”)"
    )


def test_chicago() -> None:
    assert cite(STATEMENT, "chicago", COLLECTION, ACCESSED) == (
        "Immigrant Justice Network. “To #FlattenTheCurve, We Must #FreeThemAll.” March 19, 2020. "
        "Accessed November 22, 2026. https://www.immigrantjusticenetwork.org/free-them-all/."
    )
    assert cite(WEBINAR, "chicago", COLLECTION, ACCESSED, at=75) == (
        "Just Futures Law. “Ending criminalization.” Webinar recording, Immigrant Justice Network, June 2020. "
        "1:15. Accessed November 22, 2026. https://video.example/rec/1?t=75."
    )


def test_bibtex() -> None:
    assert cite(STATEMENT, "bibtex", COLLECTION, ACCESSED) == (
        "@misc{IJN2020flattenthecurve,\n"
        "  author = {{Immigrant Justice Network}},\n"
        "  title = {{To \\#FlattenTheCurve, We Must \\#FreeThemAll}},\n"
        "  publisher = {Immigrant Justice Network},\n"
        "  year = {2020},\n"
        "  date = {2020-03-19},\n"
        "  url = {https://www.immigrantjusticenetwork.org/free-them-all/},\n"
        "  urldate = {2026-11-22}\n"
        "}"
    )


def test_ris_with_partial_date() -> None:
    assert cite(FLYER, "ris", COLLECTION, ACCESSED, page=2) == (
        "TY  - GEN\nAU  - Immigrant Justice Network\nTI  - Three principles for advocates\n"
        "PB  - Immigrant Justice Network\nPY  - 2020\nDA  - 2020///\nUR  - https://example.org/flyer.pdf#page=2\n"
        "SP  - 2\nY2  - 2026/11/22\nN1  - Pinpoint: p. 2\nER  - "
    )


def test_named_organizations_are_not_authors() -> None:
    named = replace(STATEMENT, organizations=("Just Futures Law", COLLECTION))
    assert cite(named, "apa", COLLECTION, ACCESSED).startswith("Immigrant Justice Network. (2020, March 19).")


def test_undated_and_unknown_style() -> None:
    undated = replace(STATEMENT, date=None)
    assert "(n.d.)" in cite(undated, "apa", COLLECTION, ACCESSED)
    with pytest.raises(ValueError, match="unknown citation style"):
        cite(STATEMENT, "harvard", COLLECTION, ACCESSED)


@pytest.mark.parametrize("style", STYLES)
def test_copied_citations_are_plain_text_and_the_rendered_view_has_the_italics(style: str) -> None:
    for meta in (STATEMENT, FLYER, WEBINAR):
        plain = cite(meta, style, COLLECTION, ACCESSED)
        assert "*" not in plain and "\ue000" not in plain and "<" not in plain
    html = cite(STATEMENT, "apa", COLLECTION, ACCESSED, html=True)
    assert "<i>To &#35;FlattenTheCurve, We Must &#35;FreeThemAll</i>" in html and "<br>In&#45;text" in html


@pytest.mark.parametrize("style", STYLES)
def test_every_style_gives_the_address_and_the_pinpoint(style: str) -> None:
    page = cite(FLYER, style, COLLECTION, ACCESSED, page=2)
    assert "flyer.pdf#page=2" in page and ("p. 2" in page or "2)" in page)  # the address at that page
    minute = cite(WEBINAR, style, COLLECTION, ACCESSED, at=754)
    assert "video.example/rec/1?t=754" in minute and "12:34" in minute  # the recording at that time
    assert "immigrantjusticenetwork.org/free-them-all/" in cite(STATEMENT, style, COLLECTION, ACCESSED)


def test_a_hostile_title_stays_inert_in_the_rendered_citation() -> None:
    hostile = replace(STATEMENT, title="<img src=x onerror=alert(1)> \ue001</i><script>x</script>")
    html = cite(hostile, "apa", COLLECTION, ACCESSED, html=True)
    assert "<img" not in html and "<script" not in html and html.count("<i>") == html.count("</i>") == 1
