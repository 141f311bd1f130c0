"""Shared fixtures: a real index of the bundled corpus (built once per session), the API server on it, and small builders
for real files (PDFs written with fpdf2, speech with espeak-ng, HTML and transcripts as text)."""

from __future__ import annotations

import subprocess
import wave
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from archive import Archive
from benchmarks.api_server import running_api
from indexer.build import build

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
PUBLIC_URL = "https://archive.example.org"  # the app's address the shared API server's feeds link to


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus, built into a fresh index directory."""
    index_dir = tmp_path_factory.mktemp("sample-index")
    report = build([CORPUS], index_dir, progress=False)
    assert report.failed == [], report.failed
    return index_dir


@pytest.fixture(scope="session")
def api_url(sample_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The API server (`python -m archive serve`) on the bundled corpus, started once, with the
    per-client limit off (the limit's tests start their own) and feeds linking to PUBLIC_URL."""
    log = tmp_path_factory.mktemp("api") / "server.log"
    with running_api(sample_index, "--rate-limit", "0", "--public-url", PUBLIC_URL, log_path=log) as base:
        yield base


@pytest.fixture(scope="session")
def sample_archive(sample_index: Path) -> Archive:
    return Archive(sample_index)


def write_titled_pages(folder: Path, pages: Mapping[str, tuple[str, str]]) -> None:
    """Write {file name: (title, text)} as minimal HTML pages (the title as <title> and <h1>)."""
    for name, (title, text) in pages.items():
        (folder / name).write_text(
            f"<!doctype html><html><head><title>{title}</title></head><body><h1>{title}</h1><p>{text}</p></body></html>",
            encoding="utf-8",
        )


def titled_archive(tmp_path_factory: pytest.TempPathFactory, name: str, pages: Mapping[str, tuple[str, str]]) -> Archive:
    """A real archive built from minimal titled HTML pages (write_titled_pages), every page indexed."""
    folder = tmp_path_factory.mktemp(f"{name}-pages")
    write_titled_pages(folder, pages)
    index = tmp_path_factory.mktemp(f"{name}-index")
    assert build([folder], index, progress=False).failed == []
    return Archive(index)


def write_pdf(
    path: Path,
    pages: list[str],
    *,
    title: str | None = None,
    author: str | None = None,
    links: dict[int, str] | None = None,
    encrypt_user_password: str | None = None,
) -> Path:
    """Write a real PDF with one text block per page (core font, so ASCII/Latin-1 text)."""
    from fpdf import FPDF

    pdf = FPDF(format="Letter")
    pdf.set_auto_page_break(True, margin=15)
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    for number, text in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        link = (links or {}).get(number, "")
        pdf.multi_cell(120, 6, text, link=link)
    if encrypt_user_password is not None:
        pdf.set_encryption(owner_password="owner-secret", user_password=encrypt_user_password)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


@pytest.fixture
def pdf_writer() -> Callable[..., Path]:
    return write_pdf


def speak(sentences: list[str], target: Path, voice: str = "en-us") -> list[float]:
    """A WAV of the sentences read in turn (espeak-ng), and the second each one starts at."""
    starts, at, parts = [], 0.0, []
    target.parent.mkdir(parents=True, exist_ok=True)
    for number, sentence in enumerate(sentences):
        part = target.with_name(f"{target.stem}-{number}.wav")
        subprocess.run(["espeak-ng", "-v", voice, "-s", "160", "-w", str(part), sentence], check=True)
        with wave.open(str(part)) as w:
            starts.append(at)
            at += w.getnframes() / w.getframerate()
        parts.append(part)
    subprocess.run(["sox", *map(str, parts), str(target)], check=True)
    for part in parts:
        part.unlink()
    return starts
