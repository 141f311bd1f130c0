"""The fast counting of topic signals and the skipping scan for organization names give exactly
what their regular expressions give, on texts built to hit the edges (plurals, possessives,
hyphens, case, prefixes, words run together, characters whose lower case is longer)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.shared.profile import Organization, Profile, load_profile
from indexer.enrich import organizations, topics

PROFILE = load_profile(Path(__file__).resolve().parents[2] / "corpus" / "archive.toml")
EXTRA_SIGNALS = {
    "police": 1.0,
    "deport*": 1.0,
    "racial justice": 1.0,
    "287(g)": 1.0,
    "#detention": 1.0,
    "e-verify": 1.0,
    "immigration detent*": 1.0,
}
EXTRA_ORGS = (
    Organization(name="National Lawyers Guild", aliases=("the Guild",), acronyms=("NLG",)),
    Organization(name="National Immigration Project of the National Lawyers Guild", acronyms=("NIPNLG",)),
    Organization(name="Immigrant Defense Project", acronyms=("IDP",)),
    Organization(name="Immigrant Justice Network", aliases=("Justice Network",)),  # an alias inside the name
)
SIGNALS = [
    topics.make_signal(signal, weight) for topic in PROFILE.topics for signal, weight in topic.signals.items()
] + [topics.make_signal(s, w) for s, w in EXTRA_SIGNALS.items()]
# the profile's topics and one more holding the extra signals (two topics may share a signal)
INDEX = topics.SignalIndex.of([*topics.build_matchers(PROFILE), topics.TopicMatcher(PROFILE.topics[0], tuple(SIGNALS))])
ORG_MATCHERS = organizations.build_matchers(PROFILE) + organizations.build_matchers(Profile(organizations=EXTRA_ORGS))

PIECES = [
    "police",
    "Police",
    "POLICES",
    "police's",
    "police’s",
    "policemen",
    "anti-police",
    "police_s",
    "deport",
    "Deportation",
    "deportees",
    "racial justice",
    "racial-justice",
    "Racial\njustice's",
    "287(g)",
    "287(g)s",
    "#detention",
    "#Detentions",
    "detention",
    "e-verify",
    "E-Verify",
    "immigration",
    "immigration detentions",
    "Immigration-Detainers",
    "National Lawyers Guild",
    "national lawyers guild's",
    "the Guild",
    "NLG",
    "nlg",
    "NLG's",
    "X-NLG",
    "National Immigration Project of the National Lawyers Guild",
    "Immigrant Defense Project",
    "IDP",
    "idp",
    "IDPs",
    "İstanbul",
    "ICE",
    "ice",
    "CBP",
    "Immigrant Legal Resource Center",
    "Immigrant Justice Network",
    "Justice Network",
    "ILRC",
    "Just Futures Law",
    "Mijente",
    "word",
    "and",
    ",",
    ".",
    "-",
    "'",
    "(",
    ")",
    "\n",
]
texts = st.lists(st.sampled_from(PIECES), max_size=40).flatmap(
    lambda parts: st.lists(st.sampled_from([" ", "", "\n", "-"]), min_size=len(parts), max_size=len(parts)).map(
        lambda gaps: "".join(p + g for p, g in zip(parts, gaps, strict=True))
    )
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_signal_counts_equal_their_patterns(text: str) -> None:
    counts = topics.word_counts(text)
    for signal in SIGNALS:
        assert topics.count_in(signal, text, counts) == len(signal.pattern.findall(text)), signal
    # all signals in one pass over the words: the same counts, and the same topics as signal by signal
    in_one_pass = INDEX.counts(text, counts)
    assert {s: in_one_pass[s] for s in SIGNALS} == {s: len(s.pattern.findall(text)) for s in SIGNALS}


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_organization_scan_equals_a_full_scan(text: str) -> None:
    lowered = text.lower()
    for matcher in ORG_MATCHERS:
        expected = [m.span() for m in matcher.pattern.finditer(text)]
        if len(lowered) == len(text):
            assert [m.span() for m in matcher.finditer(text, lowered)] == expected, matcher.organization.name
    found = {org.name: n for org, n in organizations.find_organizations(text, ORG_MATCHERS)}
    assert all(n > 0 for n in found.values())


def test_a_character_with_a_longer_lower_case_falls_back_to_the_full_scan() -> None:
    text = "İ met the Immigrant Defense Project (IDP) and the IDP's lawyers."
    assert len(text.lower()) != len(text)
    found = {org.name: n for org, n in organizations.find_organizations(text, ORG_MATCHERS)}
    assert found["Immigrant Defense Project"] == 3
