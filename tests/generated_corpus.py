"""A folder of a few hundred small real files (statements, transcripts, PDFs) for tests that need a
build of some length: crash and concurrency tests."""

from __future__ import annotations

import random
from pathlib import Path

WORDS = (
    "detention release bond fund community police transfer sheriff county families immigrants rights "
    "campaign policy congress health pandemic solidarity justice deportation pipeline organizers "
    "advocates statement demand support court judge parole asylum workers children"
).split()


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 18))).capitalize() + "."


def make_corpus(root: Path, n: int = 240, *, seed: int = 7, version: int = 1, pdfs: int = 6) -> dict[str, int]:
    """Write `n` files under `root`; `version` 2 changes some, removes some and adds some.
    Returns {doc_id: expected passage count} is not computed here: compare builds instead."""
    from fpdf import FPDF

    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    for i in range(n):
        if version == 2 and i % 10 == 0:
            continue  # removed in version 2
        kind = i % 3
        text = " ".join(_sentence(rng) for _ in range(rng.randint(6, 30)))
        if version == 2 and i % 10 == 5:
            text += " Changed in version two."
        if kind == 0:
            path = root / f"statements/s{i:04d}.md"
            path.parent.mkdir(exist_ok=True)
            path.write_text(f"# Statement {i} #Tag{i % 7}\n\n{text}\n")
        elif kind == 1:
            path = root / f"notes/n{i:04d}.html"
            path.parent.mkdir(exist_ok=True)
            path.write_text(
                f"<html><head><title>Note {i}</title></head><body><article><h1>Note {i}</h1>"
                f"<p>{text}</p></article></body></html>"
            )
        else:
            path = root / f"webinars/w{i:04d}.vtt"
            path.parent.mkdir(exist_ok=True)
            cues = "".join(
                f"00:{m:02d}:00.000 --> 00:{m:02d}:30.000\n<v Speaker {m % 3}>{_sentence(rng)}</v>\n\n"
                for m in range(rng.randint(3, 12))
            )
            path.write_text("WEBVTT\n\n" + cues)
        written[path.as_posix()] = 1
    if version == 2:
        for j in range(n, n + n // 10):
            path = root / f"statements/added{j:04d}.md"
            path.write_text(f"# Added {j}\n\n{_sentence(rng)}\n")
    for k in range(pdfs):
        pdf = FPDF()
        for _ in range(3):
            pdf.add_page()
            pdf.set_font("Helvetica", size=11)
            pdf.multi_cell(150, 6, " ".join(_sentence(rng) for _ in range(12)))
        (root / "pdfs").mkdir(exist_ok=True)
        pdf.output(str(root / f"pdfs/p{k:02d}.pdf"))
    return written
