"""The page view: a PDF page (or image flyer) as a picture with the matched words marked, from the
PDF's own character boxes on a text page and from the OCR's word boxes on a scanned one."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from archive import Archive, page_view
from archive.page_view import MAX_VIEW_PIXELS, PageTooLargeError
from indexer.build import build
from tests.conftest import CORPUS
from tests.indexer.test_ocr import ENGLISH, page_image

FLYER = "pdfs/ending-criminalization-stops-deportations.pdf"


def yellow_pixels(png: bytes) -> int:
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB").resize((200, 260)), dtype=np.int32)
    red, green, blue = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    return int(((red > 200) & (green > 180) & (blue < 150)).sum())


def test_a_text_page_is_drawn_with_its_matched_words_marked(sample_archive: Archive) -> None:
    plain = sample_archive.page_view(FLYER, 1)
    marked = sample_archive.page_view(FLYER, 1, "criminalization")
    assert plain.page_count == 2 and plain.image.marked == 0 and yellow_pixels(plain.image.png) == 0
    assert marked.image.marked == 3 and yellow_pixels(marked.image.png) > 0
    assert "criminalization" in marked.passage.html.lower()
    with pytest.raises(ValueError, match=r"page 3 is not a page of this document \(it has 2\)"):
        sample_archive.page_view(FLYER, 3)
    with pytest.raises(ValueError, match="has no pages"):
        sample_archive.page_view("webinars/three-principles-demo-webinar.vtt", 1)


def test_a_scanned_page_is_marked_where_ocr_read_the_words(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    page_image("A cover page.").save(
        src / "scan.pdf", "PDF", resolution=150, save_all=True, append_images=[page_image(ENGLISH)]
    )
    page_image(ENGLISH).save(src / "flyer.png")
    build([src], tmp_path / "ix", progress=False)
    archive = Archive(tmp_path / "ix")
    for doc_id, page in (("scan.pdf", 2), ("flyer.png", 1)):
        view = archive.page_view(doc_id, page, "warrant judge")
        assert view.image.marked == 2, doc_id
        assert yellow_pixels(view.image.png) > 0
    assert archive.page_view("scan.pdf", 1, "warrant").image.marked == 0


def test_without_the_original_the_page_view_gives_the_text_alone(tmp_path: Path) -> None:
    import shutil

    src = tmp_path / "corpus"
    shutil.copytree(CORPUS, src)
    build([src], tmp_path / "ix", progress=False)
    (src / FLYER).unlink()
    view = Archive(tmp_path / "ix").page_view(FLYER, 2, "bond")
    assert view.image is None and view.page_count == 2 and "<mark>" in view.passage.html


def test_a_huge_page_is_drawn_within_the_pixel_budget(tmp_path: Path) -> None:
    """A 1 KB PDF with a 14,400-point page (the largest PDF allows) took 7.4 GB at the view's scale."""
    from fpdf import FPDF

    src = tmp_path / "src"
    src.mkdir()
    pdf = FPDF(unit="pt", format=(14400, 14400))
    pdf.add_page()
    pdf.set_font("Helvetica", size=200)
    pdf.text(500, 1000, "Courthouse arrests keep people away from the courts.")
    pdf.output(str(src / "huge.pdf"))
    build([src], tmp_path / "ix", progress=False)
    view = Archive(tmp_path / "ix").page_view("huge.pdf", 1, "courthouse")
    picture = Image.open(io.BytesIO(view.image.png))
    assert picture.width * picture.height <= MAX_VIEW_PIXELS
    assert picture.width == picture.height and view.image.marked == 1


def test_an_image_too_large_to_decode_is_refused_with_a_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real limit is 64 MP (an OCR of such a test image would take minutes): lowered here."""
    src = tmp_path / "src"
    src.mkdir()
    page = page_image(ENGLISH)
    page.save(src / "flyer.png")
    build([src], tmp_path / "ix", progress=False)
    monkeypatch.setattr(page_view, "MAX_DECODED_PIXELS", page.width * page.height - 1)
    with pytest.raises(PageTooLargeError, match=rf"too large to show here \({page.width:,} × {page.height:,} pixels\)"):
        Archive(tmp_path / "ix").page_view("flyer.png", 1)


def test_a_large_jpeg_is_drawn_reduced_within_the_budget(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    page = page_image(ENGLISH)
    page.resize((page.width * 3, page.height * 3)).convert("RGB").save(src / "poster.jpg", quality=60)
    build([src], tmp_path / "ix", progress=False)
    view = Archive(tmp_path / "ix").page_view("poster.jpg", 1, "warrant judge")
    picture = Image.open(io.BytesIO(view.image.png))
    assert picture.width * picture.height <= MAX_VIEW_PIXELS and view.image.marked == 2
