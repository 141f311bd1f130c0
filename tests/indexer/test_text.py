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
    assert decode_text(data).text == SAMPLE


def test_latin1_accents() -> None:
    assert decode_text("Acción y Solidaridad".encode("latin-1")).text == "Acción y Solidaridad"


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
    text = decode_text(b"First line\r\nwraps here.\r\n\r\nSecond paragraph.").text
    assert paragraphs(text) == ["First line wraps here.", "Second paragraph."]


def test_blank_lines_before_after_or_of_spaces_make_no_paragraph() -> None:
    assert paragraphs("\n\nTitle of It\n\nBody text here.\n\n") == ["Title of It", "Body text here."]
    assert paragraphs("Title of It\n \t\nBody text here.\n\n   \n") == ["Title of It", "Body text here."]


def test_lines_saved_from_a_page_are_paragraphs_and_a_wrapped_text_is_joined() -> None:
    saved = "Bond Fund Update\nMarch 3, 2021\nThe fund freed 40 people this winter.\nDonations are open."
    assert paragraphs(saved) == ["Bond Fund Update", "March 3, 2021", "The fund freed 40 people this winter.",
                                 "Donations are open."]
    body = (
        "On behalf of the undersigned groups, we write to urge you to end the use of county jails for\n"
        "immigration detention. Two expert committees commissioned directly by DHS and by Immigration\n"
        "and Customs Enforcement found failures in the detention system and recommended that Customs\n"
        "Enforcement stop the practice at once, as the groups have asked for years in many letters."
    )
    wrapped = f"Joint Letter on County Jails\nDecember 16, 2016\n{body}\nWe thank you."
    # the title and the date stand alone; the wrapped sentences join, even at a capital ("Customs" /
    # "Enforcement"); a line ending a sentence ends its paragraph
    assert paragraphs(wrapped) == [
        "Joint Letter on County Jails",
        "December 16, 2016",
        " ".join(body.split("\n")),
        "We thank you.",
    ]


def test_chunk_paragraphs_respects_size() -> None:
    paras = [" ".join(["word"] * 100)] * 5
    passages = chunk_paragraphs(paras, max_words=250)
    assert [len(p.text.split()) for p in passages] == [200, 200, 100]


def test_markdown() -> None:
    text, title, links = markdown_to_text("# Our **statement**\n\n- See [the flyer](https://example.org/f.pdf)\n")
    assert title == "Our statement"
    assert "the flyer" in text and "[" not in text and "**" not in text
    assert links == ["https://example.org/f.pdf"]


def test_a_few_stray_nuls_are_noise_not_binary() -> None:
    text = decode_text(b"Bond funds freed\x00 twelve people from detention this month.\n").text
    assert "twelve people" in text


def test_gb2312_subtitles_are_read_as_chinese_with_a_note_naming_the_guess() -> None:
    srt = (
        "1\n00:00:01,000 --> 00:00:04,000\n宇宙守护神来了，我们一起保护社区。\n\n"
        "2\n00:00:05,000 --> 00:00:08,000\n移民拘留必须结束，释放所有人。\n"
    )
    decoded = decode_text(srt.encode("gb2312"))
    assert "释放所有人" in decoded.text
    assert decoded.note and "gb" in decoded.note.lower()


def test_cp1252_is_read_as_before_without_a_note() -> None:
    decoded = decode_text("Solidaridad con José — “free them all”.".encode("cp1252"))
    assert decoded.text == "Solidaridad con José — “free them all”." and decoded.note is None
