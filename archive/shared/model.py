"""The one data model that moves from the indexer to the index and back out to search.

`Document` is a source item (a statement page, a PDF, a webinar transcript); `Passage` is the unit
that is hit and shown (a page, a transcript window, a section of a statement). Both sides of the
system (`indexer/` writes, `archive/` reads) use these classes, so the JSON contract in docs/reference.md
is defined here once, by `to_dict`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

Kind = Literal["statement", "pdf", "webinar", "image"]
KINDS: tuple[str, ...] = ("statement", "pdf", "webinar", "image")  # image: a flyer shared as a picture
Visibility = Literal["public", "internal"]


@dataclass
class Passage:
    """A hit-able piece of a document: a PDF page, a transcript window or a statement section."""

    text: str
    page: int | None = None
    start: float | None = None
    end: float | None = None
    speaker: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Passage:
        values: dict[str, Any] = {f.name: data.get(f.name) for f in fields(cls)}
        return cls(**values)


@dataclass
class Document:
    """One source item with its metadata; `passages` holds its text."""

    doc_id: str
    kind: str
    title: str
    source_path: str
    date: str | None = None  # ISO 8601, possibly reduced precision: "2020", "2020-06", "2020-06-05"
    date_source: str = ""  # where the date was found: "sidecar", "meta", "json-ld", "url", "text", "pdf-metadata"
    title_source: str = ""  # where the title was found: "sidecar", "og:title", "h1", "pdf-metadata", "file-name"
    url: str | None = None
    recording_url: str | None = None
    language: str = "en"  # ISO 639-1; English and Spanish are stemmed, others indexed unstemmed
    language_confidence: float | None = None  # the identifier's probability (None: given, not identified)
    hashtags: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)  # partner and allied organizations
    agencies: list[str] = field(default_factory=list)  # government agencies named (ICE, CBP, DHS)
    also_named: list[str] = field(default_factory=list)  # organizations named that the profile does not know
    # acronyms the text gives such organizations and government bodies ("DWN" -> "Detention Watch
    # Network"), and the words it uses that may be acronyms: a page using only "DWN" is tagged from
    # another page's definition
    named_acronyms: dict[str, str] = field(default_factory=dict)
    acronyms: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    people_roles: dict[str, str] = field(default_factory=dict)  # name -> "policy director, Org", as written
    authors: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)  # webinar speakers (may be generic: "Panelist 1")
    summary: str = ""
    site_name: str = ""  # the publishing site's own name (og:site_name): the publisher when no profile names one
    content_hash: str = ""  # of the file, its sidecar and the profile: what makes a re-index necessary
    file_hash: str = ""  # of the file's bytes alone: the original is served only while it still has it
    visibility: str = "public"
    synthetic: bool = False
    file_name: str = ""
    links: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)  # the CMS's own tags and categories
    notes: list[str] = field(default_factory=list)  # e.g. "no extractable text (scanned?)"
    text_source: str = "text"  # "text" (in the file), "ocr" (read from page images), "text+ocr", "speech" (a recording)
    ocr_confidence: float | None = None  # mean OCR word confidence of the OCR'd pages, 0-100
    # a recording's machine transcript (text_source "speech"): the model that made it, and the mean
    # probability of its words (0-1); the parts (passages, from 1) heard with low confidence
    speech_model: str = ""
    speech_confidence: float | None = None
    low_confidence_parts: list[int] = field(default_factory=list)
    extra_paths: list[str] = field(default_factory=list)  # identical copies found elsewhere
    former_ids: list[str] = field(default_factory=list)  # ids it had before its source was renamed: old links
    passages: list[Passage] = field(default_factory=list)

    @property
    def full_text(self) -> str:
        return "\n\n".join(p.text for p in self.passages)

    def metadata_dict(self) -> dict[str, Any]:
        """All fields but the passages: what is stored once per document in the index."""
        data = asdict(self)
        data.pop("passages")
        return data

    def to_dict(self) -> dict[str, Any]:
        data = self.metadata_dict()
        data["passages"] = [p.to_dict() for p in self.passages]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known and k != "passages"}
        doc = cls(**kwargs)
        doc.passages = [Passage.from_dict(p) for p in data.get("passages", [])]
        return doc
