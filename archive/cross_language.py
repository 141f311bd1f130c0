"""Cross-language search: a query is also searched in the archive's other languages.

Immigrant-justice archives are bilingual: a Spanish speaker's "audiencia de fianza" should find the
English statement on bond hearings, and staff's "bail fund" the Spanish flyer. Chosen by
measurement (benchmarks/cross_language.py, docs/how-it-works.md): translating the query with
Apertium (a well-kept Debian package) and searching both forms found more of the other language's
documents than multilingual embeddings did, alone or fused, at no build cost.

Rules:
- only a query of plain words is translated (operators, fields, quotes, wildcards are a user's
  precise instructions, searched as typed); hashtags, acronyms ("ICE", "DACA") and words with digits
  ("I-200") are names, kept as typed rather than translated ("ICE" is not "hielo");
- the query's language is the profile's language whose dictionary knows the largest share of its
  words; a query no dictionary prefers (names only, or words both share) is not translated;
- it is translated into each language in which the archive holds documents, other than its own.
Without Apertium (or a language pair) nothing is translated and search works as before.
"""

from __future__ import annotations

import re

from archive.catalog import Catalog
from archive.results import QueryTranslation
from archive.translation import (
    LANGUAGE_NAMES,
    TranslationError,
    analyser,
    apertium_command,
    installed_pairs,
    translate_phrase_and_words,
)

_OPERATORS = frozenset(("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"))
_SYNTAX = re.compile(r'["():*?~^\\]')
_NAME = re.compile(r"^(#\w+|[A-Z][A-Z0-9.&'’-]*[A-Z0-9]\.?|\S*\d\S*)$")


def translation_notice(translations: tuple[QueryTranslation, ...]) -> str:
    """What the results page and `search --json` say about the translations (at least one)."""
    parts = "; ".join(f"{t.language_name}: {t.text}" for t in translations)
    return f"Also searched in {parts}."


def status(catalog: Catalog) -> str:
    """Whether cross-language search is on for this archive and between which languages, in a
    sentence for the status page and `stats --json` (a missing package says how to install it)."""
    if apertium_command() is None:
        return "off: Apertium is not installed (scripts/system_packages.sh installs apertium and apertium-en-es)"
    pairs = sorted(
        (source, target)
        for source, target in installed_pairs()
        if source in catalog.profile.languages and target in catalog.document_languages
    )
    if not pairs:
        return "off: no installed Apertium pair translates between the archive's languages"
    names = ", ".join(f"{LANGUAGE_NAMES.get(s, s)} to {LANGUAGE_NAMES.get(t, t)}" for s, t in pairs)
    return f"on: queries translated {names} (Apertium)"


def _words_and_names(text: str) -> tuple[list[str], list[str]] | None:
    """(words to translate, names kept as typed) of a plain-words query; None for any other query."""
    if _SYNTAX.search(text):
        return None
    tokens = text.split()
    if any(t in _OPERATORS or t[0] in "+-" for t in tokens):
        return None
    words: list[str] = []
    names: list[str] = []
    for token in tokens:
        (names if _NAME.match(token) else words).append(token)
    return words, names


def query_language(text: str, languages: tuple[str, ...]) -> str | None:
    """The language among `languages` whose dictionary knows the largest share of `text`'s words,
    None when none does or two do equally."""
    shares: dict[str, float] = {}
    for language in languages:
        reader = analyser(language)
        if reader is None:
            continue
        try:
            words, known = reader.known_words(text)
        except TranslationError:
            continue
        if words and known:
            shares[language] = known / words
    if not shares:
        return None
    best = max(shares.values())
    leaders = [language for language, share in shares.items() if share == best]
    return leaders[0] if len(leaders) == 1 else None


def query_translations(text: str, catalog: Catalog) -> tuple[QueryTranslation, ...]:
    """The query in each other language the archive has documents in (see the module docstring)."""
    split = _words_and_names(text)
    if split is None or not split[0]:
        return ()
    words, names = split
    phrase = " ".join(words)
    pairs = installed_pairs()
    source = query_language(phrase, catalog.profile.languages)
    if source is None:
        return ()
    found = []
    for target in sorted(catalog.document_languages - {source}):
        if (source, target) not in pairs:
            continue
        try:
            translation = translate_phrase_and_words(tuple(words), source, target)
        except TranslationError:
            continue
        translated = translation.phrase
        if phrase[:1].islower():
            translated = translated[:1].lower() + translated[1:]
        if translated.casefold().split() != phrase.casefold().split():
            word_pairs = (*zip(words, translation.each, strict=True), *((name, name) for name in names))
            found.append(QueryTranslation(target, " ".join([translated, *names]), word_pairs, source))
    return tuple(found)
