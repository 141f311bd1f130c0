"""Topic quality of the bundled profile on fixtures written for it: one archive-shaped statement per
issue area must get its area, and a passing mention of another area must not assign that one.

The statements are synthetic (written for this test, quoting nobody); they are shaped like the
network's releases: a headline, a few paragraphs, a call to action.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from archive.shared.model import Document
from archive.shared.profile import parse_profile
from indexer.enrich import Enricher
from indexer.text import chunk_paragraphs, paragraphs

ROOT = Path(__file__).resolve().parents[2]
PROFILE = parse_profile(tomllib.loads((ROOT / "corpus/archive.toml").read_text(encoding="utf-8")), "archive.toml")
ENRICHER = Enricher.for_profile(PROFILE)

# area -> (title, text)
STATEMENTS: dict[str, tuple[str, str]] = {
    "Immigration detention": (
        "End mandatory detention",
        "Every night tens of thousands of people are held in immigration detention across the country. "
        "Mandatory detention laws deny them even a bond hearing before a judge.\n\n"
        "Detention centers run by private prison companies have a long record of medical neglect. "
        "We call for the release of everyone detained and for an end to detention contracts.",
    ),
    "Deportation pipeline": (
        "Stop police transfers to ICE",
        "When local jails honor ICE detainers, an arrest for a broken tail light becomes a deportation. "
        "Sheriffs who sign 287(g) agreements turn their deputies into immigration agents.\n\n"
        "This entanglement between police and ICE is the pipeline that feeds the deportation system. "
        "Counties must end transfers to ICE and refuse every ICE hold.",
    ),
    "Courthouse arrests": (
        "Keep ICE out of our courts",
        "ICE agents have been waiting in courthouse hallways to arrest people who came to testify, "
        "pay a fine or seek a protection order.\n\n"
        "Courthouse arrests make survivors and witnesses afraid to come to court at all. "
        "The state legislature should pass the Protect Our Courts Act and keep ICE out of courts.",
    ),
    "Policing and criminalization": (
        "Criminalization is not public safety",
        "Broken windows policing sends officers into our neighborhoods to arrest people for being poor. "
        "Each of those arrests can start a case that ends in deportation.\n\n"
        "We reject the criminalization of immigrants and Black communities alike, and the label of "
        "'criminal aliens' that politicians use to justify over policing.",
    ),
    "Crimmigration and criminal defense": (
        "Defenders need to know the immigration consequences of a plea",
        "Since Padilla v. Kentucky, criminal defense attorneys must advise clients about the immigration "
        "consequences of a guilty plea.\n\n"
        "Public defender offices need immigration experts to give those advisals. For people already "
        "convicted, post-conviction relief, pardons and clemency can reopen a path to stay.",
    ),
    "The 1996 laws": (
        "Twenty-five years of the 1996 laws",
        "In 1996 Congress passed IIRIRA and AEDPA, two laws that built the detention and deportation "
        "machine we fight today.\n\n"
        "The 1996 laws created mandatory deportation for a long list of offenses and stripped judges "
        "of discretion. It is time to repeal them.",
    ),
    "Legislation and Congress": (
        "Pass the New Way Forward Act",
        "The New Way Forward Act, introduced in Congress this week, would undo some of the harshest "
        "provisions of immigration law.\n\n"
        "We urge lawmakers in the Senate and the House of Representatives to co-sponsor the bill and "
        "to reject the anti-immigrant bills that would expand detention funding in appropriations.",
    ),
    "The administration and executive action": (
        "What we ask of the new administration",
        "On the first day in office, the president can sign an executive order ending the harshest "
        "enforcement priorities of the last administration.\n\n"
        "The White House has the power to act without waiting for anyone: executive action can halt "
        "deportations and close the worst detention centers.",
    ),
    "Public charge and public benefits": (
        "Families should not fear public benefits",
        "The public charge rule told immigrant families that using Medicaid or food stamps could cost "
        "them a green card.\n\n"
        "Its chilling effect drove eligible families away from public benefits they needed, even "
        "after the rule was withdrawn. Health care and food are not a wealth test.",
    ),
    "DACA, TPS and other relief": (
        "Protect DACA and TPS holders",
        "Hundreds of thousands of people with DACA and Temporary Protected Status have built their "
        "lives here.\n\n"
        "Courts and politicians keep putting deferred action and TPS in doubt. Congress should give "
        "every TPS holder and every Dreamer a path to a green card.",
    ),
    "Surveillance and data": (
        "ICE buys what it cannot subpoena",
        "ICE buys location data from data brokers such as LexisNexis and runs facial recognition on "
        "driver's license photos.\n\n"
        "Gang databases and information sharing between local police and immigration agents turn "
        "everyday records into surveillance of immigrant communities.",
    ),
    "COVID-19 and detention": (
        "COVID-19 is spreading in detention",
        "The coronavirus is spreading through detention centers where people cannot keep six feet apart "
        "and have no hand sanitizer.\n\n"
        "Public health experts warn that outbreaks inside will spread to nearby towns. During this "
        "pandemic, release is the only safe response to COVID-19 in detention.",
    ),
    "Racial justice and solidarity": (
        "Black immigrants and the fight for racial justice",
        "Anti-Black racism runs through policing and the immigration system alike: Black immigrants are "
        "deported at higher rates after contact with police.\n\n"
        "Our work for racial justice means solidarity with the movement for Black lives and an end to "
        "racial profiling.",
    ),
    "Mutual aid and bond funds": (
        "Bond funds bring people home",
        "Community bond funds have paid bond for hundreds of people held by ICE this year.\n\n"
        "Mutual aid networks meet people at release with a phone, a bus ticket and money for "
        "commissary. Donate to your local freedom fund or join its rapid response team.",
    ),
    "Know your rights": (
        "Know your rights if ICE comes to your door",
        "You have the right to remain silent. Do not open the door unless an agent shows a judicial "
        "warrant signed by a judge.\n\n"
        "Do not sign anything before you talk to a lawyer. Carry a red card and share this know your "
        "rights guide with your neighbors.",
    ),
}

# (area of the statement, area only mentioned in passing, its text): the passing one must not fire.
PASSING: list[tuple[str, str, str]] = [
    (
        "Immigration detention",
        "The administration and executive action",
        "Detention centers are overcrowded and people detained there go without medical care. The "
        "administration announced new inspections last month. We demand the release of everyone "
        "held in immigration detention.",
    ),
    (
        "Mutual aid and bond funds",
        "Surveillance and data",
        "Our bond fund paid bond for twelve people this month and mutual aid volunteers met each of "
        "them at release. Our volunteers keep no data about the people they help. Donate to the "
        "freedom fund to bring more people home.",
    ),
    (
        "Legislation and Congress",
        "DACA, TPS and other relief",
        "Congress is weighing anti-immigrant bills that would expand detention funding. Lawmakers "
        "must not trade enforcement for any legalization proposal, DACA or TPS. We urge the Senate "
        "to reject the bill.",
    ),
    (
        "COVID-19 and detention",
        "Courthouse arrests",
        "COVID-19 is spreading inside detention centers and public health experts call for release. "
        "The courts have been slow to act. The pandemic makes every day inside dangerous.",
    ),
    (
        "Deportation pipeline",
        "Policing and criminalization",
        "Sheriffs who honor ICE detainers feed people into the deportation pipeline. A traffic stop by "
        "police should never end in a transfer to ICE. Counties must end 287(g) agreements.",
    ),
]


def topics_of(title: str, text: str) -> list[str]:
    passages = chunk_paragraphs(paragraphs(text))
    doc = Document(doc_id="t", kind="statement", title=title, source_path="t.html", passages=passages)
    return ENRICHER.enrich(doc).topics


def test_the_profile_covers_every_issue_area() -> None:
    assert {t.name for t in PROFILE.topics} == set(STATEMENTS)
    assert all(t.description for t in PROFILE.topics)


@pytest.mark.parametrize("area", sorted(STATEMENTS))
def test_each_issue_area_is_assigned_on_its_statement(area: str) -> None:
    assert area in topics_of(*STATEMENTS[area])


@pytest.mark.parametrize(("area", "mentioned", "text"), PASSING, ids=[p[1] for p in PASSING])
def test_a_passing_mention_does_not_assign_its_topic(area: str, mentioned: str, text: str) -> None:
    found = topics_of("Statement", text)
    assert area in found, found
    assert mentioned not in found, found


def test_an_ordinary_word_alone_assigns_nothing_however_often() -> None:
    text = "\n\n".join(["The administration met on Monday. The administration met again on Tuesday."] * 3)
    assert "The administration and executive action" not in topics_of("Weekly notes", text)
