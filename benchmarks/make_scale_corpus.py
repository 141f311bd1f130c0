"""Generate a realistic archive of N documents in the real source formats, deterministically.

Usage: python benchmarks/make_scale_corpus.py --docs N --out DIR [--seed S] [--prose DIR]

- Statements (50%): WordPress-style HTML pages (site header, navigation, sidebar with recent posts,
  share widgets, scripts, footer) around 500-1,500 words of article text.
- PDFs (25%): 2-20 pages of text, written directly as PDF (standard Helvetica, one content stream
  per page), as flyers and toolkits exported from office software are.
- Webinars (25%): WebVTT transcripts of 30-90 minutes, cues of a few seconds by named speakers.

The prose comes from order-2 word Markov chains, one per text of the bundled corpus (the seeds' real
words and local word statistics), not random tokens. Each document mixes two of these themes, so a
theme's own words are common in some documents and absent from others, as in a real archive. The seeds
alone have about a thousand word types, far fewer than 10,000 real documents would use; `--prose DIR`
adds one chain per text of a folder of real prose (`.txt` files, or a `ground-truth.json` mapping ids
to `{"articleBody": ...}`, as the Article Extraction Benchmark's ground truth has it), and each document
then takes about a quarter of its sentences from one of them: a real, long-tailed vocabulary. Hashtags
and partner organizations are drawn with realistic skew (most documents carry no hashtag or one),
dates spread over ten years with more activity in later years. The collection profile (corpus/archive.toml) is copied so enrichment works as in
production. The same N and seed always give the same files.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import zlib
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HASHTAGS = [
    "#FreeThemAll",
    "#DefundPolice",
    "#AbolishICE",
    "#StopICETransfers",
    "#PoisonBills",
    "#BlackLivesMatter",
    "#FlattenTheCurve",
    "#End287g",
    "#DefundHate",
    "#NoMoreDeportations",
    "#HomeIsHere",
    "#ShutDownDetention",
]
SPEAKERS = ["Moderator", "Panelist 1", "Panelist 2", "Panelist 3", "Host", "Guest speaker"]
PAGE_HEAD = """<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8"><title>{title} &#8211; Immigrant Justice Network</title>
<meta property="og:title" content="{title}"><meta property="article:published_time" content="{date}T10:00:00+00:00">
<script src="/wp-includes/js/jquery/jquery.js"></script><style>.site-header{{color:#333}}</style></head>
<body class="single single-post"><div id="page" class="site"><header id="masthead" class="site-header">
<p class="site-title"><a href="/">Immigrant Justice Network</a></p><nav class="main-navigation"><ul>
<li><a href="/">Home</a></li><li><a href="/about/">About Us</a></li><li><a href="/resources/">Resources</a></li>
<li><a href="/take-action/">Take Action</a></li></ul></nav></header><div id="content" class="site-content">
<main id="main" class="site-main"><article class="post type-post hentry"><header class="entry-header">
<h1 class="entry-title">{title}</h1></header><div class="entry-content">
"""
PAGE_TAIL = """</div><div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3>
<ul><li><a href="?share=twitter">Twitter</a></li><li><a href="?share=facebook">Facebook</a></li></ul></div>
</article></main><aside id="secondary" class="widget-area"><section class="widget widget_recent_entries">
<h2 class="widget-title">Recent Posts</h2><ul>{recent}</ul></section></aside></div>
<footer id="colophon" class="site-footer"><div class="site-info">&copy; Immigrant Justice Network</div></footer>
</div><script>var sharing_js_options = {{"lang":"en"}};</script></body></html>
"""


class Prose:
    """An order-2 word Markov chain over some real text."""

    def __init__(self, texts: list[str], rng: random.Random) -> None:
        self.rng = rng
        self.next: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.starts: list[tuple[str, str]] = []
        for text in texts:
            for sentence in re.split(r"(?<=[.!?])\s+", " ".join(text.split())):
                words = sentence.split()
                if len(words) < 4:
                    continue
                self.starts.append((words[0], words[1]))
                for a, b, c in zip(words, words[1:], words[2:], strict=False):
                    self.next[(a, b)].append(c)

    def sentence(self, max_words: int = 40) -> str:
        a, b = self.rng.choice(self.starts)
        words = [a, b]
        while len(words) < max_words:
            options = self.next.get((a, b))
            if not options:
                break
            c = self.rng.choice(options)
            words.append(c)
            a, b = b, c
            if c.endswith((".", "!", "?")) and len(words) > 8:
                break
        text = " ".join(words)
        return text if text.endswith((".", "!", "?")) else text + "."


class Voice:
    """One document's way of writing: sentences drawn from a few chains with fixed weights."""

    def __init__(self, rng: random.Random, chains: list[tuple[Prose, float]]) -> None:
        self.rng = rng
        self.chains = [c for c, _ in chains]
        self.weights = [w for _, w in chains]

    def sentence(self, max_words: int = 40) -> str:
        return self.rng.choices(self.chains, self.weights)[0].sentence(max_words)

    def title(self) -> str:
        return self.chains[0].sentence(12).rstrip(".")

    def paragraph(self, words: int) -> str:
        out: list[str] = []
        while sum(len(s.split()) for s in out) < words:
            out.append(self.sentence())
        return " ".join(out)


def real_prose(folder: Path) -> list[str]:
    """Texts of real prose: a ground-truth.json of {id: {"articleBody": text}}, or .txt files."""
    truth = folder / "ground-truth.json"
    if truth.exists():
        return [v["articleBody"] for _, v in sorted(json.loads(truth.read_text(encoding="utf-8")).items())]
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def corpus_texts() -> list[str]:
    """The bundled corpus's text, through the project's own extractors."""
    from archive.shared.media import is_media
    from archive.shared.profile import load_profile
    from indexer.discover import discover
    from indexer.enrich import Enricher
    from indexer.extract import extract_document

    profile = load_profile(ROOT / "corpus" / "archive.toml")
    enricher = Enricher.for_profile(profile)
    written = [f for f in discover([ROOT / "corpus"]).files if not is_media(f.path)]  # prose, not recordings
    return [extract_document(f, profile, enricher, "").full_text for f in written]


def skewed(rng: random.Random, items: list[str], k: int) -> list[str]:
    """`k` distinct items, earlier items more likely (a Zipf-like skew)."""
    weights = [1 / (i + 1) for i in range(len(items))]
    chosen: list[str] = []
    while len(chosen) < min(k, len(items)):
        pick = rng.choices(items, weights)[0]
        if pick not in chosen:
            chosen.append(pick)
    return chosen


def random_date(rng: random.Random) -> date:
    year = rng.choices(range(2016, 2026), weights=[1, 1, 2, 2, 4, 4, 3, 3, 3, 3])[0]
    return date(year, 1, 1) + timedelta(days=rng.randrange(365))


def _pdf_escape(text: str) -> str:
    text = text.encode("latin-1", "replace").decode("latin-1")
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def write_pdf(path: Path, title: str, pages: list[list[str]]) -> None:
    """A plain text PDF: Helvetica 10 pt, one compressed content stream per page."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    page_ids = []
    pages_id = len(objects) + 2 * len(pages) + 1  # the number the /Pages object will get, after the pages
    for lines in pages:
        ops = ["BT /F1 10 Tf 12 TL 56 740 Td"] + [f"({_pdf_escape(line)}) '" for line in lines] + ["ET"]
        data = zlib.compress("\n".join(ops).encode("latin-1"))
        content = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
        page_ids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, content, font)
            )
        )
    kids = " ".join(f"{p} 0 R" for p in page_ids).encode()
    assert add(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(page_ids)) == pages_id
    info = add(b"<< /Title (" + _pdf_escape(title).encode("latin-1") + b") /Author (Immigrant Justice Network) >>")
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        info,
        xref,
    )
    path.write_bytes(bytes(out))


def wrap(text: str, width: int = 95) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if len(current) + len(word) + 1 > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return lines + ([current] if current else [])


HASHTAG_COUNT_WEIGHTS = (45, 35, 15, 5)  # documents with 0, 1, 2, 3 hashtags, in percent


def make(n: int, out: Path, seed: int = 2026, prose_dir: Path | None = None) -> dict[str, int]:
    rng = random.Random(seed)
    themes = [Prose([text], rng) for text in corpus_texts()]
    extra = [Prose([text], rng) for text in real_prose(prose_dir)] if prose_dir else []
    from archive.shared.profile import load_profile

    partners = [o.name for o in load_profile(ROOT / "corpus" / "archive.toml").partners]
    if out.exists():
        shutil.rmtree(out)
    for folder in ("statements", "pdfs", "webinars"):
        (out / folder).mkdir(parents=True)
    shutil.copy(ROOT / "corpus" / "archive.toml", out / "archive.toml")
    counts = {"statements": 0, "pdfs": 0, "pdf_pages": 0, "webinars": 0, "webinar_minutes": 0}
    recent: list[str] = []
    for i in range(n):
        when = random_date(rng)
        main, second = rng.sample(themes, 2)
        chains = [(main, 0.5), (second, 0.25)] + ([(rng.choice(extra), 0.25)] if extra else [])
        prose = Voice(rng, chains)
        title = prose.title()
        tags = " ".join(skewed(rng, HASHTAGS, rng.choices(range(4), HASHTAG_COUNT_WEIGHTS)[0]))
        orgs = skewed(rng, partners, rng.randint(1, 3))
        signature = f"This statement is from the {' and the '.join(orgs)}. {tags}"
        kind = rng.random()
        if kind < 0.5:
            body = "".join(f"<p>{prose.paragraph(rng.randint(60, 140))}</p>\n" for _ in range(rng.randint(5, 12)))
            page = PAGE_HEAD.format(title=title, date=when.isoformat()) + body + f"<p>{signature}</p>\n"
            page += PAGE_TAIL.format(recent="".join(f'<li><a href="#">{t}</a></li>' for t in recent[-5:]))
            (out / f"statements/{when.isoformat()}-{i:05d}.html").write_text(page, encoding="utf-8")
            counts["statements"] += 1
        elif kind < 0.75:
            pages = []
            for p in range(rng.randint(2, 20)):
                text = prose.paragraph(rng.randint(250, 450)) + (f" {signature}" if p == 0 else "")
                pages.append(wrap(text)[:55])
            write_pdf(out / f"pdfs/{when.isoformat()}-{i:05d}.pdf", title, pages)
            (out / f"pdfs/{when.isoformat()}-{i:05d}.meta.toml").write_text(f'date = "{when.isoformat()}"\n')
            counts["pdfs"] += 1
            counts["pdf_pages"] += len(pages)
        else:
            minutes = rng.randint(30, 90)
            cues, t = ["WEBVTT", ""], 0.0
            speakers = skewed(rng, SPEAKERS, rng.randint(2, 4))
            speaker, turn_left = speakers[0], rng.randint(6, 40)  # people speak in turns of many sentences
            while t < minutes * 60:
                if turn_left == 0:
                    speaker, turn_left = rng.choice([s for s in speakers if s != speaker]), rng.randint(6, 40)
                turn_left -= 1
                line = prose.sentence(18)
                length = max(2.0, len(line.split()) / 2.5)
                start, end = t, t + length
                cues.append(
                    f"{int(start // 3600):02d}:{int(start % 3600 // 60):02d}:{start % 60:06.3f} --> "
                    f"{int(end // 3600):02d}:{int(end % 3600 // 60):02d}:{end % 60:06.3f}"
                )
                cues += [f"<v {speaker}>{line}</v>", ""]
                t = end + 0.5
            cues += [
                f"{int(t // 3600):02d}:{int(t % 3600 // 60):02d}:{t % 60:06.3f} --> "
                f"{int(t // 3600):02d}:{int(t % 3600 // 60):02d}:{t % 60 + 4:06.3f}",
                f"<v {speakers[0]}>{signature}</v>",
                "",
            ]
            (out / f"webinars/{when.isoformat()}-{i:05d}.vtt").write_text("\n".join(cues), encoding="utf-8")
            (out / f"webinars/{when.isoformat()}-{i:05d}.meta.toml").write_text(
                f'title = "{title}"\ndate = "{when.isoformat()}"\nsynthetic = true\n'
            )
            counts["webinars"] += 1
            counts["webinar_minutes"] += minutes
        recent.append(title)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--prose", type=Path, help="a folder of real prose to widen the vocabulary (see above)")
    args = parser.parse_args()
    print(make(args.docs, args.out, args.seed, args.prose))


if __name__ == "__main__":
    main()
