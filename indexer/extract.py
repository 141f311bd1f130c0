"""One file in, one Document out: format dispatch, sidecar metadata, boilerplate removal, enrichment.

Pure and isolated per file: it reads only the file and its sidecar, touches no index, and
signals every problem as an ExtractionError with a reason, so a build can report the file and go on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from archive.shared.content_cache import file_digest
from archive.shared.media import MEDIA_SUFFIXES
from archive.shared.model import Document, Passage
from archive.shared.normalise import normalise_text
from archive.shared.profile import Profile
from indexer import transcript
from indexer.enrich import Enricher
from indexer.errors import ExtractionError, NotADocumentError
from indexer.html import extract_html
from indexer.ocr import OcrSettings
from indexer.pdf import SCANNED_NOTE, PdfExtract, apply_ocr, extract_pdf
from indexer.pool import report_progress
from indexer.sidecar import file_visibility, read_sidecar
from indexer.speech import LOW_CONFIDENCE, MachineTranscript, SpeechSettings, machine_transcript
from indexer.text import DecodedText, chunk_paragraphs, decode_text, drop_boilerplate, markdown_to_text, paragraphs
from indexer.titles import headline_from_text
from indexer.written_dates import date_near_top

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp")  # flyers shared as pictures: read by OCR
KIND_BY_SUFFIX = {
    ".html": "statement",
    ".htm": "statement",
    ".pdf": "pdf",
    ".vtt": "webinar",
    ".srt": "webinar",
    ".txt": "statement",
    ".md": "statement",
    **{suffix: "image" for suffix in IMAGE_SUFFIXES},
    **{suffix: "webinar" for suffix in MEDIA_SUFFIXES},  # recordings, transcribed (indexer/speech.py)
}
SUPPORTED_SUFFIXES = frozenset(KIND_BY_SUFFIX)


@dataclass(frozen=True)
class SourceFile:
    """A file to index: where it is, and the stable names it is known by."""

    path: Path
    doc_id: str
    source_path: str
    relative: str = ""  # the path inside its source root, which the visibility rule reads
    root: Path | None = None  # the source root; sidecars are read only from inside it
    root_internal: bool = False  # the whole source is internal (its profile entry says so)

    @property
    def source_root(self) -> Path:
        return self.root if self.root is not None else self.path.parent


@dataclass
class _Extracted:
    kind: str
    passages: list[Passage]
    title: str | None = None
    title_source: str = ""
    date: str | None = None
    date_source: str = ""
    url: str | None = None
    authors: list[str] | None = None
    links: list[str] | None = None
    tags: list[str] | None = None
    notes: list[str] | None = None
    speakers: list[str] | None = None
    text_source: str = "text"
    ocr_confidence: float | None = None
    incomplete: bool = False  # OCR stopped at its time limit: indexed as far as read, read on next time
    site_name: str = ""
    language: str | None = None  # declared by the file itself (a caption file's `Language:` header)
    spoken: MachineTranscript | None = None  # a recording's machine transcript


def _from_html(data: bytes, profile: Profile, refused_titles: tuple[str, ...]) -> _Extracted:
    decode_text(data)  # refuses empty and binary files with a clear reason before parsing
    page = extract_html(
        data, base_url=profile.base_url or None, refused_titles=(profile.name, *profile.boilerplate, *refused_titles)
    )
    if transcript.is_caption_text(text := "\n\n".join(page.blocks)):
        return _from_transcript(DecodedText(text), ".vtt")  # a caption file saved as a web page
    if page.listing:
        raise NotADocumentError(page.listing)
    blocks = page.article_blocks(profile.boilerplate)
    if not blocks:
        raise ExtractionError("no article text found in HTML page")
    return _Extracted(
        "statement",
        chunk_paragraphs(blocks),
        title=page.title,
        title_source=page.title_source,
        date=page.date,
        date_source=page.date_source,
        url=page.url,
        authors=page.authors,
        links=page.links,
        tags=page.tags,
        notes=page.notes,
        site_name=page.site_name,
    )


def _from_transcript(decoded: DecodedText, suffix: str) -> _Extracted:
    parsed = transcript.parse_transcript(decoded.text, suffix)
    title = parsed.metadata.get("title")
    return _Extracted(
        "webinar",
        transcript.merge_cues(parsed.cues),
        title=title,
        title_source="transcript" if title else "",
        speakers=parsed.speakers,
        language=transcript.caption_language(parsed.metadata),
        notes=[decoded.note] if decoded.note else [],
    )


def _from_text(
    data: bytes, suffix: str, sidecar: dict[str, Any], profile: Profile, refused_titles: tuple[str, ...]
) -> _Extracted:
    decoded = decode_text(data)
    text = decoded.text
    if sidecar.get("kind") == "webinar" or (suffix == ".txt" and transcript.looks_like_transcript(text)):
        return _from_transcript(decoded, suffix)
    title: str | None = None
    links: list[str] = []
    if suffix == ".md":
        text, title, links = markdown_to_text(text)
    paras = drop_boilerplate(paragraphs(text), profile.boilerplate)
    if not paras:
        raise ExtractionError("no text in file")
    title_source = "heading" if title else ""
    if title is None and (title := headline_from_text(paras, refused=(profile.name, *refused_titles))):
        title_source = "text"
    date = date_near_top(paras)
    return _Extracted(
        "statement",
        chunk_paragraphs(paras),
        title=title,
        title_source=title_source,
        date=date,
        date_source="text" if date else "",
        links=links,
        notes=[decoded.note] if decoded.note else [],
    )


def _from_pdf(path: Path, ocr: OcrSettings | None, file_hash: str) -> _Extracted:
    pdf = extract_pdf(path, ocr, file_hash)
    return _Extracted(
        "pdf",
        pdf.passages,
        title=pdf.title,
        title_source=pdf.title_source,
        date=pdf.date,
        date_source="pdf-metadata" if pdf.date else "",
        authors=[pdf.author] if pdf.author else [],
        links=pdf.links,
        notes=pdf.notes,
        text_source=pdf.text_source,
        ocr_confidence=pdf.ocr_confidence,
        incomplete=pdf.incomplete,
    )


def _frames(path: Path) -> dict[int, Any]:
    """The pages of an image file (one, or each frame of a multi-page TIFF), as functions giving each."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            count = getattr(image, "n_frames", 1)
            image.verify()
    except Image.DecompressionBombError as exc:  # over twice Pillow's pixel limit: not a flyer's size
        raise ExtractionError(
            "the image is too large to read (hundreds of millions of pixels); save a smaller copy and build again",
            f"{type(exc).__name__}: {exc}",
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ExtractionError(
            "the image cannot be read: it is damaged, or not the kind of image its name says; open it to check",
            f"{type(exc).__name__}: {exc}",
        ) from None

    def frame(index: int) -> Any:
        with Image.open(path) as image:
            return next(f.copy() for i, f in enumerate(ImageSequence.Iterator(image)) if i == index)

    return {n + 1: partial(frame, n) for n in range(count)}


def _from_image(path: Path, ocr: OcrSettings | None, file_hash: str) -> _Extracted:
    """An image flyer: its text as OCR reads it, one passage per frame (kind "image")."""
    frames = _frames(path)
    found = PdfExtract(passages=[])
    if ocr is not None and ocr.enabled:
        apply_ocr(found, ocr.read_pages(file_hash or file_digest(path), frames))
    if not found.passages:
        found.notes.insert(0, "no text read from the image" if ocr and ocr.enabled else SCANNED_NOTE)
    return _Extracted(
        "image",
        found.passages,
        notes=found.notes,
        text_source="ocr",
        ocr_confidence=found.ocr_confidence,
        incomplete=found.incomplete,
    )


def _from_media(path: Path, speech: SpeechSettings | None, file_hash: str) -> _Extracted:
    """A recording without a transcript: its machine transcript, as a caption file's passages."""
    if speech is None or not speech.enabled:
        raise NotADocumentError("recordings are not transcribed ([speech] enabled = false in the profile)")
    spoken = machine_transcript(path, file_hash or file_digest(path), speech, _heard)
    return _Extracted(
        "webinar",
        transcript.merge_cues(spoken.cues()),
        text_source="speech",
        language=spoken.language,
        spoken=spoken,
    )


def _heard(done: float, total: float) -> None:
    report_progress(f"{done / 60:.0f} of {total / 60:.0f} min of audio")


def low_confidence_parts(passages: list[Passage], spoken: MachineTranscript) -> list[int]:
    """The passages (numbered from 1) whose segments' mean confidence is under LOW_CONFIDENCE."""
    low = []
    for number, passage in enumerate(passages, start=1):
        start, end = passage.start or 0.0, passage.end if passage.end is not None else float("inf")
        inside = [s for s in spoken.segments if start <= s.start < end]
        if inside and sum(s.confidence for s in inside) / len(inside) < LOW_CONFIDENCE:
            low.append(number)
    return low


def _title_from_name(path: Path) -> str:
    stem = re.sub(r"^\d{4}(-\d{2}){0,2}[-_ ]*", "", path.stem)
    return re.sub(r"[-_]+", " ", stem).strip().capitalize() or path.name


def extract_document(
    source: SourceFile,
    profile: Profile,
    enricher: Enricher,
    content_hash: str,
    ocr: OcrSettings | None = None,
    furniture: tuple[str, ...] = (),
    speech: SpeechSettings | None = None,
    file_hash: str = "",
    *,
    visibility: str | None = None,
) -> Document:
    """Extract and enrich one file; raise ExtractionError with a reason if it cannot be read. Scanned
    pages and images are read by OCR when `ocr` is given and enabled. `furniture`: lines the build
    learned head many pages of one site (indexer/site_furniture.py), never taken as a title.
    `file_hash`: the SHA-256 of the file's bytes when the caller has it (the build does), so the OCR
    and speech caches do not read a large file a second time; else it is computed when needed.
    `visibility`: the build's decision (indexer.sidecar.file_visibility), made once for the file;
    without it (one file extracted alone) the same decision is made here."""
    path = source.path
    suffix = path.suffix.lower()
    sidecar = read_sidecar(path, source.source_root)
    try:
        binary = suffix == ".pdf" or suffix in IMAGE_SUFFIXES or suffix in MEDIA_SUFFIXES
        data = b"" if binary else path.read_bytes()
    except OSError as exc:
        raise ExtractionError(f"unreadable file: {exc.strerror or exc}") from None
    if suffix == ".pdf":
        if path.stat().st_size == 0:
            raise ExtractionError("empty file")
        found = _from_pdf(path, ocr, file_hash)
    elif suffix in IMAGE_SUFFIXES:
        found = _from_image(path, ocr, file_hash)
    elif suffix in MEDIA_SUFFIXES:
        found = _from_media(path, speech, file_hash)
    elif suffix in (".html", ".htm"):
        found = _from_html(data, profile, furniture)
    elif suffix in (".vtt", ".srt"):
        found = _from_transcript(decode_text(data), suffix)
    elif suffix in (".txt", ".md"):
        found = _from_text(data, suffix, sidecar, profile, furniture)
    else:
        raise ExtractionError(f"unsupported file type {suffix!r}")

    doc = Document(
        doc_id=source.doc_id,
        kind=sidecar.get("kind", found.kind),
        title=sidecar.get("title") or found.title or _title_from_name(path),
        title_source="sidecar" if sidecar.get("title") else found.title_source if found.title else "file-name",
        source_path=source.source_path,
        date=sidecar.get("date") or found.date,
        date_source="sidecar" if sidecar.get("date") else found.date_source if found.date else "",
        url=sidecar.get("url") or found.url,
        recording_url=sidecar.get("recording_url"),
        authors=sidecar.get("authors") or found.authors or [],
        summary=sidecar.get("summary") or sidecar.get("description", ""),
        site_name=found.site_name,
        content_hash="" if found.incomplete else content_hash,  # no hash: the next build extracts it again
        visibility=visibility
        or file_visibility(
            source.relative or path.name,
            sidecar.get("visibility"),
            profile.internal_folders,
            whole_source_internal=source.root_internal,
        ),
        synthetic=sidecar.get("synthetic", False),
        file_name=path.name,
        links=found.links or [],
        tags=found.tags or [],
        notes=found.notes or [],
        speakers=sidecar.get("speakers") or found.speakers or [],
        text_source=found.text_source,
        ocr_confidence=found.ocr_confidence,
        speech_model=found.spoken.model if found.spoken else "",
        speech_confidence=round(found.spoken.confidence, 3) if found.spoken else None,
        low_confidence_parts=low_confidence_parts(found.passages, found.spoken) if found.spoken else [],
        passages=found.passages,
    )
    if language := sidecar.get("language") or found.language:
        doc.language = language
        sidecar = {**sidecar, "language": language}  # declared, so not identified again
    _normalise(doc)
    enricher.enrich(doc, sidecar)
    return doc


def _normalise(doc: Document) -> None:
    """Every text of the document in the index's one form (archive.shared.normalise): queries are put in
    the same form, so a ligature, a soft hyphen or a stray NUL in a file never hides a word."""
    doc.title = normalise_text(doc.title)
    doc.summary = normalise_text(doc.summary)
    doc.authors = [normalise_text(a) for a in doc.authors]
    doc.speakers = [normalise_text(s) for s in doc.speakers]
    for passage in doc.passages:
        passage.text = normalise_text(passage.text)
        if passage.speaker:
            passage.speaker = normalise_text(passage.speaker)
