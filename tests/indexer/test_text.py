"""Decoding text files of unknown encoding, and splitting them into passages."""

from __future__ import annotations

import codecs

import pytest

from indexer.errors import ExtractionError
from indexer.text import chunk_paragraphs, decode_text, markdown_to_text, paragraphs

SAMPLE = "“Free them all,” said José — café, naïve."


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),  # with BOM
        SAMPLE.encode("utf-16-be").join([codecs.BOM_UTF16_BE, b""]),
        SAMPLE.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "cp1252"],
)
def test_encodings_decode_to_the_same_text(data: bytes) -> None:
    assert decode_text(data) == SAMPLE


def test_latin1_accents() -> None:
    assert decode_text("Acción y Solidaridad".encode("latin-1")) == "Acción y Solidaridad"


@pytest.mark.parametrize("data", [b"", b"   \n\t "], ids=["empty", "blank"])
def test_empty(data: bytes) -> None:
    with pytest.raises(ExtractionError, match="empty file"):
        decode_text(data)


def test_binary_data_is_refused() -> None:
    with pytest.raises(ExtractionError, match="binary data"):
        decode_text(bytes(range(256)) * 20)
    with pytest.raises(ExtractionError, match="binary data"):
        decode_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_crlf_and_paragraphs() -> None:
    text = decode_text(b"First line\r\nwraps here.\r\n\r\nSecond paragraph.")
    assert paragraphs(text) == ["First line wraps here.", "Second paragraph."]


def test_chunk_paragraphs_respects_size() -> None:
    paras = [" ".join(["word"] * 100)] * 5
    passages = chunk_paragraphs(paras, max_words=250)
    assert [len(p.text.split()) for p in passages] == [200, 200, 100]


def test_markdown() -> None:
    text, title, links = markdown_to_text("# Our **statement**\n\n- See [the flyer](https://example.org/f.pdf)\n")
    assert title == "Our statement"
    assert "the flyer" in text and "[" not in text and "**" not in text
    assert links == ["https://example.org/f.pdf"]
