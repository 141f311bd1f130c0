"""A Document as Whoosh records: one document record, then one record per passage (see
archive.engine.schema for what each field is for), each with its pre-analysed text fields when the
fast writer asks for them (archive.engine.terms): one function makes both, so a record and its
terms cannot fall out of step."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from archive.engine.analysis import without_stop_words
from archive.engine.schema import BODY_FIELD, DOC, PASSAGE, PASSAGE_FIELD, analysis_language
from archive.engine.terms import AnalysedField, DocumentAnalysis
from archive.shared import dates
from archive.shared.model import Document
from archive.shared.words import hashtag_words, slug


def _tokens(values: Iterable[str]) -> str:
    return " ".join(slug(v) for v in values if slug(v))


@dataclass(frozen=True)
class IndexRecord:
    """One record's stored and indexed values, and the fields whose postings are already made
    (empty: Whoosh's analyzers read every field, as its public add_document does)."""

    fields: dict[str, Any]
    analysed: Mapping[str, AnalysedField] = field(default_factory=dict)


def document_records(doc: Document, analysis: DocumentAnalysis | None = None) -> Iterator[IndexRecord]:
    """The index records of one document: its document record, then one per passage, each with its
    part of `analysis` (archive.engine.terms.analyse_document of the same document), if given."""
    language = analysis_language(doc.language)
    pairs = language == "en"  # word pairs (fast phrases) are indexed for English text
    year = dates.year_of(doc.date)
    # Facet values and the file name are searchable as words too (a scanned PDF has nothing else).
    facet_words = [*doc.organizations, *doc.agencies, *doc.topics, *doc.people, *doc.speakers, *doc.tags, doc.file_name]
    words_of_hashtags = " ".join(w for tag in doc.hashtags for w in hashtag_words(tag))
    # fields every language shares are analysed as English: a Spanish document's are without its stop words
    shared_title = without_stop_words(doc.title, language)
    shared_facets = without_stop_words(" ".join(facet_words), language)
    yield IndexRecord(
        {
            "rid": f"d:{doc.doc_id}",
            "rtype": DOC,
            "doc_id": doc.doc_id,
            "visibility": doc.visibility,
            "title": shared_title,
            "title_pairs": shared_title,
            BODY_FIELD[language]: doc.full_text,
            "body_pairs": doc.full_text if pairs else "",
            "hashtag_words": words_of_hashtags,
            "hashtag_words_pairs": words_of_hashtags,
            "facet_text": shared_facets,
            "facet_text_pairs": shared_facets,
            "words": f"{doc.title}\n{doc.full_text}",
            "hashtags": _tokens(doc.hashtags),
            "kind": doc.kind,
            "topics": _tokens(doc.topics),
            "organizations": _tokens([*doc.organizations, *doc.agencies]),
            "people": _tokens(doc.people),
            "speakers": _tokens(doc.speakers),
            "year": str(year) if year else "",
            "lang": doc.language,
            "date": dates.start_of(doc.date).strftime("%Y%m%d") if doc.date else "",
            "meta": json.dumps({**doc.metadata_dict(), "passage_count": len(doc.passages)}),
        },
        analysis.document if analysis else {},
    )
    for n, passage in enumerate(doc.passages):
        yield IndexRecord(
            {
                "rid": f"p:{doc.doc_id}:{n}",
                "rtype": PASSAGE,
                "doc_id": doc.doc_id,
                "visibility": doc.visibility,
                PASSAGE_FIELD[language]: passage.text,
                "ptext_pairs": passage.text if pairs else "",
                "ord": n,
                "pinfo": json.dumps(passage.to_dict()),
            },
            analysis.passages[n] if analysis else {},
        )
