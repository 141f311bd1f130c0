"""Summaries start with the document's own words, not the network's press lead-in or self-description."""

from __future__ import annotations

from archive.shared.profile import Organization, Profile
from indexer.enrich.summary import self_description_words, summarize

PROFILE = Profile(
    name="Harbor Rights Network",
    short_name="HRN",
    description="A partnership of the Harbor Defense Project and Tenant Law Center, working for migrants.",
    organizations=(
        Organization("Harbor Rights Network", role="network", acronyms=("HRN",)),
        Organization("Harbor Defense Project", role="partner", acronyms=("HDP",)),
        Organization("Tenant Law Center", role="partner", acronyms=("TLC",)),
        Organization("City Police Department", role="agency"),
    ),
)
ABOUT = self_description_words(PROFILE)


def test_the_press_lead_in_and_the_self_description_are_skipped() -> None:
    text = (
        "The Harbor Rights Network (HRN) released the following statement. "
        "HRN is a partnership of the Harbor Defense Project (HDP) and the Tenant Law Center (TLC).\n\n"
        "Evictions rose by a third this winter."
    )
    assert summarize(text, ABOUT) == "Evictions rose by a third this winter."


def test_a_lead_in_ending_in_a_colon_keeps_what_follows() -> None:
    text = "After the vote, the Harbor Rights Network released the following statement: We will appeal."
    assert summarize(text, ABOUT) == "We will appeal."


def test_a_self_description_without_a_full_stop_ends_at_its_paragraph() -> None:
    text = "The Harbor Rights Network is a partnership of the Harbor Defense Project and Tenant Law Center\n\nRents doubled."
    assert summarize(text, ABOUT) == "Rents doubled."


def test_a_sentence_of_the_documents_own_that_names_the_network_is_kept() -> None:
    text = "The Harbor Rights Network stands with tenants facing eviction. Rents doubled."
    assert summarize(text, ABOUT) == text
    # agencies are not the collection's own words
    police = "The City Police Department and the Harbor Rights Network met today about the port."
    assert summarize(police, ABOUT) == police


def test_short_or_whole_texts_about_the_network_are_kept() -> None:
    assert summarize("HRN is HDP. Rents doubled.", ABOUT) == "HRN is HDP. Rents doubled."
    only = "The Harbor Rights Network is a partnership of the Harbor Defense Project and Tenant Law Center."
    assert summarize(only, ABOUT) == only


def test_without_a_profile_nothing_is_skipped_but_the_lead_in() -> None:
    text = "HRN is a partnership of the Harbor Defense Project and the Tenant Law Center. Rents doubled."
    assert summarize(text) == text
