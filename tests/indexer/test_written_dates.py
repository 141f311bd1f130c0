"""Dates written at the top of statements, at the precision they are written with."""

from __future__ import annotations

import pytest

from indexer.written_dates import date_near_top, date_of_line, first_written_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2021.11.9 — The Immigrant Justice Network released the following statement today:", "2021-11-09"),
        ("For Immediate Release: February 8, 2018", "2018-02-08"),
        ("April 26, 2017", "2017-04-26"),
        ("Posted: Mar. 29, 2023", "2023-03-29"),
        ("Published Sept. 3rd, 2019 by the network", "2019-09-03"),
        ("11/9/2021 Statement on the executive order", "2021-11-09"),
        ("9 November 2021 — Statement", "2021-11-09"),
        ("9 de noviembre de 2021 — Comunicado", "2021-11-09"),
        ("Published November 2021", "2021-11"),  # the month only: no day is invented
        ("noviembre de 2021", "2021-11"),
        ("2020-06-05 update", "2020-06-05"),
    ],
)
def test_every_written_form(text: str, iso: str) -> None:
    assert first_written_date(text) == iso


@pytest.mark.parametrize(
    "text",
    [
        "We may 2021 be wrong",  # "may" the verb, not the month
        "13/45/2021 is not a date",
        "In 1492 ships sailed",  # a year alone in the text is not the document's date
        "Call 555-123-4567 today",
        "February 30, 2020 never happened",
    ],
)
def test_things_that_are_not_dates(text: str) -> None:
    assert first_written_date(text) is None


def test_the_first_date_near_the_top_wins_and_dates_further_down_are_not_read() -> None:
    blocks = ["Statement", "For Immediate Release: February 8, 2018", "In March 2017 we said more."]
    assert date_near_top(blocks) == "2018-02-08"
    assert date_near_top(["A long paragraph of the statement's text. " * 70, "April 26, 2017"]) is None


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Posted: May. 8, 2023", "2023-05-08"),
        ("Posted: Mar. 29, 2023", "2023-03-29"),
        ("Monday, May 8, 2023", "2023-05-08"),
        ("May 8, 2023 — Washington, DC — Today, 233 organizations sent an open statement", "2023-05-08"),
        ("WASHINGTON, DC (May 8, 2023) — Today, 233 organizations sent an open statement", "2023-05-08"),
        ("By Jane Doe | March 3, 2022", "2022-03-03"),
        ("Posted in Press Releases on March 3, 2022", "2022-03-03"),
        ("Published Sept. 3rd, 2019 by the network", "2019-09-03"),
        ("Publicado el 9 de noviembre de 2021", "2021-11-09"),
        ("Información / 29 enero 2025", "2025-01-29"),  # Spanish without "de"
        ("2021.11.9 — The Immigrant Justice Network released the following statement today:", "2021-11-09"),
    ],
)
def test_date_lines_are_publication_evidence(line: str, iso: str) -> None:
    assert date_of_line(line) == iso


@pytest.mark.parametrize(
    "line",
    [
        "On June 18, 2020, the Supreme Court ruled that the termination of DACA was unlawful.",
        "In March 2017 we said more.",
        "The law, signed on October 11, 2019, bans private immigrant jails in California.",
        "El 9 de noviembre de 2021 la corte decidió que el programa seguía vigente.",
        "E.g., 06/08/2024",  # a date field's placeholder
        "p. ej. 29/01/2025",
    ],
)
def test_dates_in_running_text_are_events_not_the_pages_date(line: str) -> None:
    assert date_of_line(line) is None


def test_an_undated_page_takes_no_event_date_from_its_body() -> None:
    blocks = [
        "Skip to main content",
        "DACA Ruling: What It Means",
        "On June 18, 2020, the Supreme Court ruled that the termination of DACA was unlawful.",
    ]
    assert date_near_top(blocks) is None


def test_a_posted_line_after_site_furniture_and_a_list_of_issue_areas_is_found() -> None:
    blocks = [
        "Visual Overlay",
        "Donate Today!",
        "Give Now to Protect Immigrant Rights and Build Stronger Communities!",
        "Open Statement to the Biden Administration: Detention is not an effective or humane response",
        "Issue area\nBorder\nDetention\nAsylum\nPosted: May. 8, 2023",
        "For Immediate Release:\nMonday, May 8, 2023",
    ]
    assert date_near_top(blocks) == "2023-05-08"
