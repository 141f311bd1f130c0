"""Titles: site furniture and program defaults are refused, the first real candidate wins."""

from __future__ import annotations

import pytest

from indexer.titles import TitleCandidate, choose_title, furniture_reason, headline_from_text


@pytest.mark.parametrize(
    "text",
    [
        "Resources",
        "Webinar",
        "Home",
        "Visual Overlay",
        "WPML not installed and activated.",
        "IMG_2041.jpg",
        "flyer_final_v3",
        "Microsoft Word - statement draft.docx",
        "Binder1",
        "untitled",
        "March 18, 2020",
        "2021-11-09",
        "Press contact: press@example.org, (555) 123-4567",
        "Immigrant Justice Network",  # the collection's own name (refused below)
        "…",
        "Skip to main content",
        "fbpx",
        "FOR IMMEDIATE RELEASE: May 8, 2023",
        "Adobe Photoshop PDF",
        "Contents",
        "Donate Today",
        'Home >> Archive by category "blog" (Page 2)',
        "Home » News » Statements",
        "Go to Research and Resources library",
        "Back to all news",
        "Return to the homepage",
        # a media player's controls over a radio station's or a video site's story
        "Play Live Radio",
        "Listen Live",
        "Watch Video",
        "Available On Air Stations",
        "Now Playing",
        # a photo's caption with its credit, and when the page was posted (invented)
        "Families wait at the port of entry near El Paso, Texas. Credit: Jane Doe / Example Images",
        "Photo: Ana Ruiz",
        "Added to the calendar on Sunday Mar 29th, 2020 11:28 PM",
        "Posted on 3 May 2021 by admin",
        "Last updated: 2023-05-08",
        # a layout image's label and a link to the page in another language (invented)
        "The Zenith Citebook: Bond Hearings - Header",
        "Read in English",
        "Leer en español",
        "Versión en inglés",
    ],
)
def test_furniture_is_not_a_title(text: str) -> None:
    assert furniture_reason(text, refused=("Immigrant Justice Network",)) is not None


@pytest.mark.parametrize(
    "text",
    [
        "To #FlattenTheCurve, We Must #FreeThemAll",
        "3 Principles on Criminalization",
        "Webinar: Public Charge and Your Family",
        "ICE Out of Courts Toolkit",
        "Know Your Rights",
        "Back to School: Know Your Rights Before the Bus Stop",
        "Listen to Immigrant Workers",
        "Watch: Families Speak Out Against Detention",
        "Play Fair on Asylum",
        "Photo Essay: Families Reunited",
        "Updated Guidance on Public Charge (2022)",
        "Published Reports on Detention Conditions",
        "Agency Unveils a New Logo",
        "Read in English: Why Translation Matters",
    ],
)
def test_real_titles_pass(text: str) -> None:
    assert furniture_reason(text, refused=("Immigrant Justice Network",)) is None


def test_the_first_candidate_that_reads_as_a_title_wins_and_keeps_its_source() -> None:
    chosen = choose_title(
        [
            TitleCandidate("Resources", "og:title"),
            TitleCandidate(None, "json-ld"),
            TitleCandidate("  Ending  Criminalization\nStops Deportations ", "h1"),
            TitleCandidate("Ending Criminalization | IJN", "html-title"),
        ]
    )
    assert chosen == TitleCandidate("Ending Criminalization Stops Deportations", "h1")
    assert choose_title([TitleCandidate("Home", "og:title")]) is None


def test_a_headline_is_the_first_line_of_text_that_reads_as_one() -> None:
    blocks = [
        "Visual Overlay",
        "Donate Today!",
        "Give Now to Protect Immigrant Rights and Build Stronger Communities!",
        "Open Statement to the Biden Administration: Detention is not an effective or humane response",
        "Washington, DC – Today, 233 organizations sent an open statement to President Biden.",
    ]
    assert headline_from_text(blocks) == blocks[3]


def test_an_abbreviation_is_not_the_end_of_a_sentence_but_a_full_stop_after_a_word_is() -> None:
    headline = "Ruling Will Upend the Lives of Thousands of U.S. Citizen Children"  # invented
    assert headline_from_text(["- Press Release", headline, "WASHINGTON—A court ruled today."]) == headline
    assert headline_from_text(["The court ruled today. This means families are at risk"]) is None


def test_an_organizations_name_alone_is_the_banner_not_the_headline() -> None:
    blocks = ["Center for Immigrant Progress", "Local Agreements Harm Families and Communities", "Article"]
    assert headline_from_text(blocks) == blocks[1]
    # the name and a section of its site is the banner too; the headline is the line after it
    blocks = [
        "Center for Immigrant Progress Blog",
        "Center for Immigrant Progress Blog",
        "Release Everyone Now",
        "Apr 2",
    ]
    assert headline_from_text(blocks) == "Release Everyone Now"
    assert (
        headline_from_text(["Immigrant Defense Coalition Newsroom", "Courts Block the Rule"]) == "Courts Block the Rule"
    )
    # a headline that names an organization among other words is still a headline
    assert headline_from_text(["About the Bond Fund", "We post bond."]) == "About the Bond Fund"


def test_a_publication_s_name_over_the_headline_is_its_masthead() -> None:
    # invented pages: a newspaper's name set over the story's headline
    blocks = ["El Diario del Valle", "Decenas protestan frente al centro de detención", "Defensores califican …"]
    assert headline_from_text(blocks) == blocks[1]
    assert headline_from_text(["The Valley Herald", "County Ends Its Jail Contract With ICE"]) == (
        "County Ends Its Jail Contract With ICE"
    )
    # a short headline without a publication's word stays the headline
    assert headline_from_text(["Know Your Rights", "What to do if agents come to your door"]) == "Know Your Rights"


def test_a_headline_ending_on_an_abbreviation_is_not_a_sentence() -> None:
    headline = "Activistas protestan por la incomunicación de detenidos en EE.UU."  # invented
    assert headline_from_text([headline, "La medida es calificada como inhumana."]) == headline
    assert headline_from_text(["Families Wait for Answers in the U.S.", "Body text follows."]) == (
        "Families Wait for Answers in the U.S."
    )
    assert headline_from_text(["The court ruled today.", "Families Wait for Answers"]) == "Families Wait for Answers"
    # "vs." joins two names inside a headline; it ends no sentence
    versus = "The People vs. ICE: Organizing Against Home Raids"  # invented
    assert headline_from_text(["Subscribe", versus, "In the face of raids, neighbors organize."]) == versus


def test_a_short_capitalised_kicker_gives_way_to_the_headline_under_it() -> None:
    # invented pages: a section's kicker over the headline, as news and advocacy sites set them
    blocks = ["TOWARD FAIR COURTS", "Courthouse Arrests Keep Families From Seeking Justice", "NEW YORK – Today…"]
    assert headline_from_text(blocks) == blocks[1]
    # a headline set in capitals stays the headline: over a sentence, or longer than a kicker
    assert headline_from_text(["ICE OUT OF COURTHOUSES", "Advocates rallied today."]) == "ICE OUT OF COURTHOUSES"
    long_capitals = ["END THE DETENTION OF FAMILIES NOW", "A Coalition Statement on Family Detention"]
    assert headline_from_text(long_capitals) == long_capitals[0]


def test_a_headline_stacked_over_several_lines_is_joined_where_a_line_cannot_end_it() -> None:
    # invented posters and flyers: the title set a few words per line, broken after "TO" / "the"
    poster = ["THE PEOPLE'S GUIDE TO", "WINNING", "BOND HEARINGS", "( a.k.a. Custody Hearings )", "Read on."]
    assert headline_from_text(poster) == "THE PEOPLE'S GUIDE TO WINNING BOND HEARINGS"
    flyer = ["Know Your Rights and the", "Duties of Bond Sponsors", "Volunteers sit in on hearings."]
    assert headline_from_text(flyer) == "Know Your Rights and the Duties of Bond Sponsors"
    # a headline may end on a preposition: the credit under it is not part of it
    assert headline_from_text(["What We Stand For", "(photo by a member)"]) == "What We Stand For"
    # a headline that ends on its own keeps the line under it out, in capitals or not
    assert headline_from_text(["ICE OUT OF COURTHOUSES", "NOW AND ALWAYS"]) == "ICE OUT OF COURTHOUSES"
    # what follows a dangling line is not added when it is a sentence
    assert headline_from_text(["What Happens Next to the", "Families wait for news."]) == "What Happens Next to the"


def test_a_subtitle_in_capitals_run_into_the_title_is_cut() -> None:
    # invented: a document host prints a toolkit's cover title and subtitle as one line
    line = "Prepare Your Family for Home Raids A TOOLKIT FOR NEIGHBORS AND FRIENDS"
    assert headline_from_text([line, "These materials include…"]) == "Prepare Your Family for Home Raids"
    # acronyms in a row are short words, not a subtitle; a headline all in capitals stays whole
    assert (
        headline_from_text(["Comments on the Rule From DHS ICE CBP USCIS"])
        == "Comments on the Rule From DHS ICE CBP USCIS"
    )
    assert headline_from_text(["DETENTION WATCH: 2019 A YEAR OF RECORDS"]) == "DETENTION WATCH: 2019 A YEAR OF RECORDS"


def test_a_headline_written_as_sentences_is_the_line_over_its_posting_date() -> None:
    # invented: no line has a headline's shape, but the page says when it was posted under its headline
    headline = "They were separated years ago. Now their future is in their hands again."
    blocks = [headline, "Part of", "Published on: October 26, 2025", "Read in English", "Editor's note: this ran."]
    assert headline_from_text(blocks) == headline
    # a sentence of the body over a date is not taken when the line over it is no headline either
    assert headline_from_text(["the body begins in lower case and goes on", "May 8, 2023"]) is None
    # no posting line, no headline: a sentence alone stays a sentence
    assert headline_from_text(["They were separated years ago. Now their future is theirs."]) is None


def test_a_browser_title_line_loses_the_site_name_after_its_pipe() -> None:
    # invented: a saved page's text opens with its browser title, "headline | site"
    line = "Coalition Releases New Report on Children in Custody | CRC"
    assert (
        headline_from_text([line, "Last week, a panel met."]) == "Coalition Releases New Report on Children in Custody"
    )
    # with several pipes the parts are a path of sections, not a headline and a site's name: kept whole
    sections = "Courts Block the Rule | News | CRC"
    assert headline_from_text([sections]) == sections
    # too little would be left: the line stays whole
    assert headline_from_text(["Press Releases | CRC"]) == "Press Releases | CRC"


@pytest.mark.parametrize(
    "blocks",
    [
        ["Skip to main content", "Washington, DC – Today, organizations sent an open statement."],
        ["fbpx", "May 8, 2023", "the body begins in lower case and goes on"],
        ["Immigrant Justice Network", "We stand together. We fight on."],
        ["For media inquiries contact:", "Mary Small, Policy Director, issued the following statement:"],
        [],
    ],
)
def test_text_without_a_headline_gives_none(blocks: list[str]) -> None:
    assert headline_from_text(blocks, refused=("Immigrant Justice Network",)) is None
