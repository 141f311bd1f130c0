"""The page view: a PDF page (or image flyer) as a picture with the matched words marked, from the
PDF's own character boxes on a text page and from the OCR's word boxes on a scanned one."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from archive import Archive
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
