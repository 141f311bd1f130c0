"""PDFs: one passage per page, links, metadata, encryption, broken and scanned files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from indexer.errors import ExtractionError
from indexer.pdf import (
    BOMB,
    ENDS_EARLY,
    NO_CONTENT_NOTE,
    NOT_A_PDF,
    PASSWORD,
    SCANNED_NOTE,
    extract_pdf,
    join_lines,
    vocabulary,
)

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def test_pages_links_and_metadata(tmp_path: Path, pdf_writer: Callable[..., Path]) -> None:
    path = pdf_writer(
        tmp_path / "toolkit.pdf",
        ["Know your rights when police ask about immigration status.", "Donate to the bond fund today."],
        title="Know Your Rights Toolkit",
        author="Immigrant Defense Project",
        links={2: "https://fund.example/donate"},
    )
    pdf = extract_pdf(path)
    assert [p.page for p in pdf.passages] == [1, 2]
    assert "Know your rights when police ask" in pdf.passages[0].text
    assert "bond fund" in pdf.passages[1].text
    assert pdf.title == "Know Your Rights Toolkit" and pdf.author == "Immigrant Defense Project"
    assert pdf.links == ["https://fund.example/donate"]
    assert pdf.date is not None and pdf.date >= "2020"


def test_join_lines_dehyphenates_and_joins_paragraphs() -> None:
    text = "Protecting immigrants means ending crimi-\nnalization and the way people are\ntargeted and funneled.\n\nA new paragraph."
    assert join_lines(text) == (
        "Protecting immigrants means ending criminalization and the way people are targeted and funneled."
        "\n\nA new paragraph."
    )
    assert join_lines("Anti-\nBlackness stays hyphenated") == "Anti-Blackness stays hyphenated"


def test_sample_flyer_reads_in_column_order() -> None:
    pdf = extract_pdf(CORPUS / "pdfs/ending-criminalization-stops-deportations.pdf")
    assert len(pdf.passages) == 2
    page1 = pdf.passages[0].text
    assert page1.index("We need a HOLISTIC approach.") < page1.index("In many places, people who are released")
    assert "The deportation system is a pipeline and policing is the gateway" in page1
    assert len(pdf.links) == 11 and pdf.date is None


def test_aes_encrypted_with_empty_password_is_read(tmp_path: Path, pdf_writer: Callable[..., Path]) -> None:
    path = pdf_writer(tmp_path / "enc.pdf", ["Readable despite encryption."], encrypt_user_password="")
    assert b"/Encrypt" in path.read_bytes()
    assert "Readable despite encryption." in extract_pdf(path).passages[0].text


def test_password_protected(tmp_path: Path, pdf_writer: Callable[..., Path]) -> None:
    path = pdf_writer(tmp_path / "locked.pdf", ["Secret."], encrypt_user_password="hunter2")
    with pytest.raises(ExtractionError) as caught:
        extract_pdf(path)
    assert str(caught.value) == PASSWORD and "password" in caught.value.detail


def test_broken_pdfs_get_a_reason_a_person_can_act_on_and_the_parser_words_as_detail(
    tmp_path: Path, pdf_writer: Callable[..., Path]
) -> None:
    good = pdf_writer(tmp_path / "good.pdf", ["Some text."]).read_bytes()
    cases = {
        "truncated.pdf": (good[: len(good) // 3], ENDS_EARLY),
        "junk.pdf": (b"this is not a pdf at all", NOT_A_PDF),
        "html-error-page.pdf": (b"<html><body>404 Not Found</body></html>", NOT_A_PDF),
    }
    for name, (data, reason) in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(ExtractionError) as caught:
            extract_pdf(tmp_path / name)
        assert str(caught.value) == reason, name
        assert caught.value.detail.startswith(("PdfStreamError", "PdfReadError")), caught.value.detail


def write_image_only_pdf(path: Path) -> Path:
    """A scan as scanners write it: each page one image, no text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("L", (600, 300), 255)
    ImageDraw.Draw(image).rectangle((40, 40, 560, 260), outline=0, width=8)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=150)
    pdf.output(str(path))
    return path


def test_a_pdf_of_images_without_text_is_marked_scanned(tmp_path: Path) -> None:
    result = extract_pdf(write_image_only_pdf(tmp_path / "scan.pdf"))
    assert result.passages == [] and result.notes == [SCANNED_NOTE]


def test_a_pdf_without_text_or_images_is_not_called_scanned(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a drawing, no text layer, no image
    path = tmp_path / "drawing.pdf"
    pdf.output(str(path))
    result = extract_pdf(path)
    assert result.passages == [] and result.notes == [NO_CONTENT_NOTE]


def test_aes_256_encrypted_with_empty_password_is_read(tmp_path: Path, pdf_writer: Callable[..., Path]) -> None:
    from fpdf import FPDF
    from fpdf.enums import EncryptionMethod

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(120, 6, "AES protected but open to all readers.")
    pdf.set_encryption(owner_password="owner", user_password="", encryption_method=EncryptionMethod.AES_256)
    path = tmp_path / "aes.pdf"
    pdf.output(str(path))
    assert b"/AESV3" in path.read_bytes()
    assert "AES protected but open to all readers." in extract_pdf(path).passages[0].text


def write_decompression_bomb(path: Path, inflated_mb: int = 120) -> Path:
    """A one-page PDF whose content stream inflates from ~0.1 MB to `inflated_mb` MB."""
    import zlib

    from pypdf import PdfWriter
    from pypdf.generic import NameObject, StreamObject

    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    stream = StreamObject()
    stream.set_data(b"")
    stream._data = zlib.compress(b" " * (inflated_mb * 1024 * 1024), 9)
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    page[NameObject("/Contents")] = writer._add_object(stream)
    with path.open("wb") as out:
        writer.write(out)
    return path


def test_decompression_bomb_is_contained(tmp_path: Path) -> None:
    import time

    path = write_decompression_bomb(tmp_path / "bomb.pdf")
    assert path.stat().st_size < 1_000_000
    started = time.monotonic()
    with pytest.raises(ExtractionError) as caught:
        extract_pdf(path)
    assert str(caught.value) == BOMB
    assert time.monotonic() - started < 30


def _flyer(path: Path, metadata_title: str | None) -> Path:
    from fpdf import FPDF

    pdf = FPDF(format="Letter")
    if metadata_title is not None:
        pdf.set_title(metadata_title)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(150, 6, "Immigrant Justice Network")
    pdf.set_font("Helvetica", "B", size=24)
    pdf.multi_cell(150, 12, "3 Principles on Criminalization")
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(150, 6, "Ending criminalization stops deportations. " * 8)
    pdf.output(str(path))
    return path


@pytest.mark.parametrize(
    "metadata_title", ["Binder1", "Microsoft Word - principles_v2.docx", "untitled", "flyer.pdf", None]
)
def test_a_pdf_titled_by_its_program_is_titled_by_its_largest_line(tmp_path: Path, metadata_title: str | None) -> None:
    pdf = extract_pdf(_flyer(tmp_path / "flyer.pdf", metadata_title))
    assert (pdf.title, pdf.title_source) == ("3 Principles on Criminalization", "pdf-largest-line")


def test_a_pdf_metadata_title_that_reads_as_a_title_is_kept(tmp_path: Path) -> None:
    pdf = extract_pdf(_flyer(tmp_path / "flyer.pdf", "Three Principles on Criminalization"))
    assert (pdf.title, pdf.title_source) == ("Three Principles on Criminalization", "pdf-metadata")


def test_a_word_split_at_a_line_end_is_joined_as_the_document_writes_it() -> None:
    known = vocabulary(["Anti-immigrant laws target immigrants.", "Self-\ndeportation is a myth; immigration courts"])
    assert join_lines("the anti-\nimmigrant bill", known) == "the anti-immigrant bill"  # a compound it writes
    assert join_lines("immi-\ngration courts", known) == "immigration courts"  # a word it writes whole
    assert join_lines("crimi-\nnalization", known) == "criminalization"  # no evidence: lower-case joins
    assert join_lines("Anti-\nBlackness", known) == "Anti-Blackness"
