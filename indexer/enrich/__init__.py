"""Enrichment: what a document is about and who stands behind it, from its text and the profile.

Runs after extraction, on the Document alone (no index, no other files), so it can run in the
extraction workers and be tested on a single text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.shared.model import Document
from archive.shared.names import is_organization
from archive.shared.profile import Profile
from indexer.enrich import hashtags, organizations, people, topics
from indexer.enrich.also_named import acronyms_in, named_bodies
from indexer.enrich.summary import self_description_words, summarize
from indexer.language import detect_language

AGENCY = "agency"


@dataclass
class Enricher:
    """Profile-derived matchers, compiled once per build and reused for every document."""

    profile: Profile
    org_matchers: list[organizations.OrgMatcher]
    topic_matchers: list[topics.TopicMatcher]
    topic_signals: topics.SignalIndex  # the matchers' signals, for one pass over each passage's words
    about_us: frozenset[str]  # the words the profile uses about the collection (for summaries)

    @classmethod
    def for_profile(cls, profile: Profile) -> Enricher:
        topic_matchers = topics.build_matchers(profile)
        return cls(
            profile,
            organizations.build_matchers(profile),
            topic_matchers,
            topics.SignalIndex.of(topic_matchers),
            self_description_words(profile),
        )

    @property
    def known_names(self) -> tuple[str, ...]:
        """Every name, alias and acronym of the profile's organizations (and the collection's name)."""
        return (self.profile.name, *(n for o in self.profile.organizations for n in (o.name, *o.aliases, *o.acronyms)))

    def enrich(self, doc: Document, overrides: dict | None = None) -> Document:
        """Fill hashtags, organizations, agencies, people, topics, language and summary in place.
        Values given in the sidecar (`overrides`) are kept and come first."""
        overrides = overrides or {}
        text = doc.full_text
        searchable = f"{doc.title}\n\n{text}"
        # a CMS tag written as a hashtag ("#FreeThemAll" on a WordPress post) is one, like one in the text
        cms_hashtags = hashtags.find_hashtags(" ".join(t for t in doc.tags if t.startswith("#")))
        doc.hashtags = _merge(overrides.get("hashtags", []), hashtags.find_hashtags(searchable), cms_hashtags)
        found = organizations.find_organizations(searchable, self.org_matchers)
        doc.organizations = _merge(overrides.get("organizations", []), [o.name for o, _ in found if o.role != AGENCY])
        named = named_bodies(searchable, self.known_names)
        doc.agencies = _merge([o.name for o, _ in found if o.role == AGENCY], named.government)
        doc.also_named = named.organizations
        doc.named_acronyms = named.acronyms
        doc.acronyms = acronyms_in(searchable)
        blocks = [b for b in re.split(r"\n+", text) if b.strip()]
        org_names = {o.name for o in self.profile.organizations}
        # an author that is an organization ("Communications team", "ILRC") is no person
        authors = [a for a in doc.authors if not is_organization(a, org_names)]
        doc.people = [
            p
            for p in _merge(overrides.get("people", []), authors, people.find_people(blocks, org_names))
            if p not in org_names
        ]
        doc.people_roles = people.roles(blocks, doc.people)
        main_text = [p.text for p in doc.passages] or [text]
        found_topics = topics.score_topics(doc.title, main_text, self.topic_matchers, self.topic_signals)
        doc.topics = _merge(overrides.get("topics", []), [name for name, _ in found_topics])
        if "language" not in overrides:
            guess = detect_language(text or doc.title, self.profile.languages)
            doc.language, doc.language_confidence = guess.code, guess.confidence
        if not doc.summary:
            doc.summary = summarize(text, self.about_us)
        return doc


def _merge(*lists: list[str]) -> list[str]:
    """Concatenate lists, dropping later duplicates (case-insensitively)."""
    seen: dict[str, str] = {}
    for values in lists:
        for value in values:
            seen.setdefault(value.casefold(), value)
    return list(seen.values())
