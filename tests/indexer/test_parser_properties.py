"""Property-based tests of the text-level parsers: arbitrary input never raises anything but the documented error, and each
call finishes within a bounded time (hypothesis's deadline)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.errors import ExtractionError
from indexer.html import extract_html
from indexer.text import decode_text
from indexer.transcript import parse_plain, parse_srt, parse_vtt

BOUNDED = settings(
    max_examples=150,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

CAPTION_ALPHABET = st.sampled_from(
    list("WEBVTT NOTE STYLE 00:01:02.500 --> ,:.<v Speaker></v><i>&amp; \n\n\r\n1 2 abc ")
)
caption_text = st.one_of(st.text(max_size=300), st.lists(CAPTION_ALPHABET, max_size=120).map("".join))


@BOUNDED
@pytest.mark.parametrize("parse", [parse_vtt, parse_srt, parse_plain])
@given(text=caption_text)
def test_transcript_parsers_raise_only_extraction_errors(parse, text: str) -> None:
    try:
        transcript = parse(text)
    except ExtractionError:
        return
    assert all(cue.end >= cue.start >= 0 for cue in transcript.cues)


HTML_ALPHABET = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div class='entry-content'>",
        "</div>",
        "<article>",
        "<script>",
        "<!--",
        "-->",
        "<br>",
        "<a href='javascript:x'>",
        "</a>",
        "text, ",
        "&amp;",
        "<",
        ">",
        "<nav>",
        "<form>",
        "<h1>",
        "Title",
        "\x00",
        "é",
    ]
)


@BOUNDED
@given(
    html=st.one_of(st.text(max_size=400), st.lists(HTML_ALPHABET, max_size=80).map("".join), st.binary(max_size=400))
)
def test_html_extraction_never_raises(html: str | bytes) -> None:
    page = extract_html(html)
    assert isinstance(page.blocks, list)
    assert all(link.startswith(("http://", "https://")) for link in page.links)


@BOUNDED
@given(data=st.binary(max_size=2000))
def test_text_decoding_raises_only_extraction_errors(data: bytes) -> None:
    try:
        text = decode_text(data).text
    except ExtractionError:
        return
    assert isinstance(text, str) and "\r" not in text


@BOUNDED
@given(
    data=st.one_of(st.binary(max_size=1500), st.lists(HTML_ALPHABET, max_size=80).map(lambda s: "".join(s).encode())),
    suffix=st.sampled_from([".html", ".txt", ".md", ".vtt", ".srt"]),
)
def test_extracting_arbitrary_bytes_gives_a_document_or_a_reported_failure(data: bytes, suffix: str) -> None:
    """The whole per-file path (decoding, parsing, titles, dates, language, normalisation,
    enrichment) on arbitrary bytes: a Document whose every text is in the index's one form, or an
    ExtractionError with a reason; never another exception."""
    import tempfile
    from pathlib import Path

    from archive.shared.model import Document
    from archive.shared.normalise import normalise_text
    from archive.shared.profile import Profile
    from indexer.enrich import Enricher
    from indexer.extract import SourceFile, extract_document

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"file{suffix}"
        path.write_bytes(data)
        profile = Profile()
        try:
            doc = extract_document(SourceFile(path, path.name, path.name), profile, Enricher.for_profile(profile), "")
        except ExtractionError as exc:
            assert str(exc)
            return
    assert isinstance(doc, Document) and doc.title
    assert all(normalise_text(p.text) == p.text for p in doc.passages)
