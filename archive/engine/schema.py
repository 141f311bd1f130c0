"""The Whoosh schema, defined once for the writer and every reader.

The index holds two kinds of records (`rtype`):

- one **document record** per source item: its whole text in `body` (English) or `body_es`
  (Spanish) for document-level BM25F ranking, its facet values as slug tokens for exact filtering,
  and its metadata as one stored JSON blob (`meta`) so that results never need the source files;
- one **passage record** per page, transcript window or statement section: its text, stored for
  snippets, and its page / start / end / speaker, so a result can point at the exact place.

Ranking documents on whole-document statistics keeps scores comparable across a one-page statement
and a twenty-page toolkit; passages are only searched within the documents on the page of results.
"""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from archive.engine.analysis import (
    english_analyzer,
    english_pairs_analyzer,
    plain_analyzer,
    spanish_analyzer,
    unstemmed_analyzer,
)

DOC, PASSAGE = "doc", "passage"

# Field boosts chosen for reasons that generalize: a word in the title or a hashtag says more about
# what a document is about than the same word once in the body.
TITLE_BOOST = 3.0
HASHTAG_BOOST = 2.5
HASHTAG_WORDS_BOOST = 1.5
FACET_TEXT_BOOST = 0.5

# Field roles: what the rest of the engine asks of a field is answered here, once.
# English and Spanish text is stemmed (with its stop words); text in any other language goes
# through the plain analyzer (lowercased, accents folded, no stemming): better no stemming than a
# wrong language's. A document without a known language is analysed as English.
ANALYSIS_LANGUAGES = ("en", "es", "plain")
BODY_FIELD = {"en": "body", "es": "body_es", "plain": "body_plain"}  # a document record's whole text
PASSAGE_FIELD = {"en": "ptext", "es": "ptext_es", "plain": "ptext_plain"}  # a passage record's text
PASSAGE_FIELDS = frozenset((*PASSAGE_FIELD.values(), "ptext_pairs"))  # the text fields of passage records
# Text fields a plain query searches on document records.
DOC_TEXT_FIELDS = ("title", "body", "body_es", "body_plain", "hashtag_words", "facet_text")
# The language each text field is analysed in (which stemmer marks a match in a snippet).
FIELD_LANGUAGE = {
    "title": "en",
    "hashtag_words": "en",
    "facet_text": "en",
    **{name: language for language, name in BODY_FIELD.items()},
    **{name: language for language, name in PASSAGE_FIELD.items()},
}
# Where a document-level text field's words are found among a document's passages (a title or a
# hashtag's words, English, are looked for in the English passage text); facet_text has none.
PASSAGE_COUNTERPART = {
    "title": "ptext",
    "hashtag_words": "ptext",
    **{BODY_FIELD[lang]: PASSAGE_FIELD[lang] for lang in ANALYSIS_LANGUAGES},
}


def analysis_language(language: str | None) -> str:
    """The analyzer a document's text goes through: "en" or "es" for those languages (and for a
    document whose language is unknown: English), "plain" for every other language."""
    if not language or language in ("en", "und"):
        return "en"
    return language if language == "es" else "plain"


# English text fields whose consecutive word pairs are indexed too, for fast exact phrases (see
# archive/engine/phrases.py); Spanish phrases, rarer, are matched on word positions. A pair field has its
# text field's boost and length normalisation, so a phrase scores where it is found as its words do.
PAIR_FIELDS = {
    "body": "body_pairs",
    "ptext": "ptext_pairs",
    "title": "title_pairs",
    "hashtag_words": "hashtag_words_pairs",
    "facet_text": "facet_text_pairs",
}


def is_current_schema(schema: Schema) -> bool:
    """Whether an index's stored schema is the one this version writes: the same fields, each analysed
    the same way. (Whoosh's own schema equality ignores analyzers, and an index whose words were
    split by another rule would silently miss every query word written the new way.)"""
    current = build_schema()
    if sorted(schema.names()) != sorted(current.names()):
        return False
    return all(
        getattr(schema[name], "analyzer", None) == getattr(current[name], "analyzer", None) for name in current.names()
    )


def build_schema() -> Schema:
    english, spanish, pairs = english_analyzer(), spanish_analyzer(), english_pairs_analyzer()
    plain, unstemmed = plain_analyzer(), unstemmed_analyzer()
    # One typed word that analyses into several terms ("anti-immigrant", "U.S.-Mexico") is searched
    # as a phrase, so its parts must stand together.
    phrase = "phrase"
    return Schema(
        rid=ID(unique=True, stored=True),  # "d:<doc_id>" or "p:<doc_id>:<n>"
        rtype=ID,
        doc_id=ID(stored=True),
        visibility=ID,
        # document records
        title=TEXT(analyzer=english, field_boost=TITLE_BOOST, multitoken_query=phrase),
        body=TEXT(analyzer=english, multitoken_query=phrase),
        body_es=TEXT(analyzer=spanish, multitoken_query=phrase),
        body_plain=TEXT(analyzer=unstemmed, multitoken_query=phrase),
        body_pairs=TEXT(analyzer=pairs, phrase=False),
        title_pairs=TEXT(analyzer=pairs, phrase=False, field_boost=TITLE_BOOST),
        hashtag_words=TEXT(analyzer=english, field_boost=HASHTAG_WORDS_BOOST, multitoken_query=phrase),
        hashtag_words_pairs=TEXT(analyzer=pairs, phrase=False, field_boost=HASHTAG_WORDS_BOOST),
        facet_text=TEXT(analyzer=english, field_boost=FACET_TEXT_BOOST, multitoken_query=phrase),
        facet_text_pairs=TEXT(analyzer=pairs, phrase=False, field_boost=FACET_TEXT_BOOST),
        # Unstemmed words of title and text: the vocabulary "did you mean" suggests from (the public
        # index holds public documents only, so a suggestion never comes from an internal one).
        words=TEXT(analyzer=plain, phrase=False, spelling=True),
        hashtags=KEYWORD(lowercase=True, scorable=True, field_boost=HASHTAG_BOOST),
        kind=KEYWORD(lowercase=True),
        topics=KEYWORD(lowercase=True),
        organizations=KEYWORD(lowercase=True),
        people=KEYWORD(lowercase=True),
        speakers=KEYWORD(lowercase=True),
        year=KEYWORD,
        lang=KEYWORD,
        date=ID,  # "YYYYMMDD" (first day of a partial date), for date: ranges
        meta=STORED,
        # passage records
        ptext=TEXT(analyzer=english, multitoken_query=phrase),
        ptext_es=TEXT(analyzer=spanish, multitoken_query=phrase),
        ptext_plain=TEXT(analyzer=unstemmed, multitoken_query=phrase),
        ptext_pairs=TEXT(analyzer=pairs, phrase=False),
        ord=NUMERIC(stored=True),
        pinfo=STORED,  # the Passage as a dict: text, page, start, end, speaker
    )
