"""Webinar transcripts (WebVTT, SRT, plain-text logs) to timed passages with speakers.

Captions come from many tools: Zoom writes `Name: text` cues, YouTube's auto-captions repeat each
line in the next cue as the text rolls up, Otter exports `Name  12:34` headers, and people type
`[00:12:34] Name: text` by hand. All of them become `Cue`s first; cues are then merged into passages
of about 30-60 seconds that stop at speaker changes, so a hit lands on "12:34 · Panelist 1" rather
than on a single five-word caption or a whole half hour.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from archive.shared.model import Passage
from indexer.errors import ExtractionError

# A time as real caption files write it: `00:01:02.500`, `01:02,5` (SRT's comma), and the unpadded
# `0:0:3.540` that WebVTT players accept though the specification pads.
_TIME = r"(?:\d+:)?\d{1,2}:\d{1,2}(?:[.,]\d{1,9})?"
TIMING = re.compile(rf"^\s*({_TIME})\s*-->\s*({_TIME})(.*)$")
CUE_HELP = (
    "each cue needs a timing line such as '00:00:01.000 --> 00:00:04.000' (start --> end) above its "
    "text, and a blank line between cues; open it in a caption editor, or export the captions again"
)
_TAG = re.compile(r"</?[^>]*>")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
_SRT_STYLE = re.compile(r"\{\\[^}]*\}")
# "Jane Doe: ..." at the start of a cue: a short name, capitalised, before a colon.
_NAMED = re.compile(r"^((?:[A-Z][\w.'’-]*|\d+)(?: (?:[A-Z][\w.'’-]*|\d+|de|la|van|von|der)){0,4}):\s+(.+)$")
_NOT_SPEAKERS = frozenset({"note", "notes", "warning", "update", "question", "answer", "http", "https"})

# Plain-text transcript line shapes.
_BRACKETED = re.compile(r"^\s*[\[(]((?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d+)?)[\])]\s*(.*)$")
_LEADING_TIME = re.compile(r"^\s*((?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d+)?)\s+(.*)$")
_OTTER_HEADER = re.compile(r"^\s*(\S.{0,60}?)\s{2,}((?:\d+:)?\d{1,2}:\d{2})\s*$")

MIN_PASSAGE_SECONDS = 30.0
MAX_PASSAGE_SECONDS = 60.0
# A 90-minute webinar makes about 100-200 passages. A recording of days, or captions with a speaker
# change every second, could make hundreds of thousands: each is an index record, a search would
# count them all and a document page draw them all. Beyond this many, neighbouring windows merge.
MAX_PASSAGES = 2_000
WORDS_PER_SECOND = 2.5  # a speaking rate, to estimate the end of an untimed last line


@dataclass
class Cue:
    start: float
    end: float
    text: str
    speaker: str | None = None


@dataclass
class Transcript:
    cues: list[Cue]
    metadata: dict[str, str]

    @property
    def speakers(self) -> list[str]:
        seen: dict[str, None] = {}
        for cue in self.cues:
            if cue.speaker:
                seen.setdefault(cue.speaker, None)
        return list(seen)


def parse_timestamp(value: str) -> float:
    """'01:02:03.500', '02:03,5' or '2:03' -> seconds."""
    value = value.strip().replace(",", ".")
    parts = value.split(":")
    seconds = float(parts[-1])
    minutes = int(parts[-2]) if len(parts) >= 2 else 0
    hours = int(parts[-3]) if len(parts) >= 3 else 0
    return hours * 3600 + minutes * 60 + seconds


def _split_speaker(text: str, speaker: str | None) -> tuple[str, str | None]:
    """Take a Zoom-style `Name: text` speaker from the start of a cue, unless one is known."""
    if speaker:
        return text, speaker
    match = _NAMED.match(text)
    if match and match.group(1).split()[0].casefold() not in _NOT_SPEAKERS:
        return match.group(2), match.group(1)
    return text, None


def _clean_payload(lines: list[str]) -> tuple[list[str], str | None]:
    """Strip caption markup from a cue's lines; return (lines, `<v>` speaker if any)."""
    speaker = None
    cleaned = []
    for line in lines:
        voice = _VOICE.search(line)
        if voice and speaker is None:
            speaker = voice.group(1).strip()
        line = html.unescape(_TAG.sub("", _SRT_STYLE.sub("", line))).replace("\u00a0", " ")
        line = re.sub(r"\s+", " ", line).strip()
        if line:
            cleaned.append(line)
    return cleaned, speaker


def _blocks(text: str) -> list[list[str]]:
    """Caption blocks, split at blank lines. A timing line left without text (YouTube writes a line of
    one space under each timing line) takes the untimed block after it as its text."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[list[str]] = []
    for block in (b.split("\n") for b in re.split(r"\n[ \t]*\n", text) if b.strip()):
        if blocks and TIMING.match(blocks[-1][-1]) and not any(TIMING.match(line) for line in block):
            blocks[-1] = blocks[-1] + block
        else:
            blocks.append(block)
    return blocks


ROLLED_WORDS = 3  # a cue opening with this many of the last words said repeats them (rolling captions)


def _without_rolled_words(said: list[str], words: list[str], seconds: float) -> list[str]:
    """`words` without the opening that repeats the end of what was `said`: captions that roll up
    repeat the previous line at the start of the next cue, and when a file's line breaks were lost
    (a caption file saved as one line) the repeat sits inside one line. An overlap counts from
    ROLLED_WORDS words, or as a whole cue flashed for a moment (YouTube's 10 ms cues)."""
    for size in range(min(len(said), len(words)), 0, -1):
        if said[-size:] == words[:size] and (size >= ROLLED_WORDS or (size == len(words) and seconds < 0.1)):
            return words[size:]
    return words


def _cues_from_blocks(blocks: list[list[str]], recent_window: int = 3) -> list[Cue]:
    """Cues from caption blocks (shared by VTT and SRT). Lines repeated from the last few cues
    (YouTube's rolling captions) are dropped so the text is not indexed two or three times."""
    cues: list[Cue] = []
    recent: list[str] = []
    said: list[str] = []
    for block in blocks:
        timing_index = next((i for i, line in enumerate(block) if TIMING.match(line)), None)
        if timing_index is None:
            continue
        match = TIMING.match(block[timing_index])
        assert match is not None
        start, end = parse_timestamp(match.group(1)), parse_timestamp(match.group(2))
        lines, speaker = _clean_payload(block[timing_index + 1 :])
        fresh = [line for line in lines if line not in recent]
        recent = (recent + lines)[-recent_window:]
        words = _without_rolled_words(said, " ".join(fresh).split(), end - start)
        if not words:
            continue
        said = (said + words)[-30:]
        text, speaker = _split_speaker(" ".join(words), speaker)
        cues.append(Cue(start=start, end=max(end, start), text=text, speaker=speaker))
    return cues


# A cue's timing line and its settings (`align:start position:0%`), wherever it stands in a line.
_TIMING_ANYWHERE = re.compile(rf"({_TIME}\s*-->\s*{_TIME}(?:[ \t]+[\w-]+:[\w.%-]+)*)")
_HEADER_KEYS = re.compile(r"\s+((?:Kind|Language|X-TIMESTAMP-MAP|Region|Style):)")


def with_line_breaks(text: str) -> str:
    """Captions whose line breaks were lost (a page's copy of a caption file, all on one line) with a
    timing line of its own again before each cue's text; other text is returned as it is."""
    arrows = text.count("-->")
    if arrows < 2 or text.count("\n") >= arrows:
        return text
    first_cue = _TIMING_ANYWHERE.search(text)
    start = first_cue.start() if first_cue else 0
    header = _HEADER_KEYS.sub(r"\n\1", text[:start].rstrip())
    body = _TIMING_ANYWHERE.sub(lambda m: f"\n\n{m.group(1)}\n", text[start:])
    return f"{header}\n{body}"


def parse_vtt(text: str) -> Transcript:
    """Parse WebVTT: header metadata, NOTE/STYLE/REGION blocks, cue ids and settings, voice tags."""
    blocks = _blocks(with_line_breaks(text))
    if not blocks or not blocks[0][0].strip().startswith("WEBVTT"):
        raise ExtractionError(
            "not a WebVTT file: its first line must be WEBVTT (add it, or rename the file .srt if it is SubRip)"
        )
    metadata: dict[str, str] = {}
    for line in blocks[0][1:]:
        if TIMING.match(line):
            break
        key, sep, value = line.partition(":")
        if sep and key.strip():
            metadata[key.strip().lower()] = value.strip()
    header_has_cue = any(TIMING.match(line) for line in blocks[0])
    body = blocks if header_has_cue else blocks[1:]
    body = [b for b in body if not re.match(r"^(NOTE|STYLE|REGION)\b", b[0].strip())]
    cues = _cues_from_blocks(body)
    if not cues:
        raise ExtractionError(f"no timed cues found in the WebVTT file: {CUE_HELP}")
    return Transcript(cues=cues, metadata=metadata)


def parse_srt(text: str) -> Transcript:
    """Parse SubRip: numbered blocks, comma milliseconds, CRLF or LF, HTML-ish tags."""
    cues = _cues_from_blocks(_blocks(with_line_breaks(text)))
    if not cues:
        raise ExtractionError(f"no timed cues found in the SRT file: {CUE_HELP.replace('.000', ',000')}")
    return Transcript(cues=cues, metadata={})


def _plain_line(line: str) -> tuple[float, str] | None:
    for pattern in (_BRACKETED, _LEADING_TIME):
        match = pattern.match(line)
        if match:
            return parse_timestamp(match.group(1)), match.group(2).strip()
    return None


def looks_like_transcript(text: str) -> bool:
    """True when most non-empty lines of a text carry timestamps in a transcript shape."""
    lines = [line for line in text.splitlines()[:400] if line.strip()]
    if len(lines) < 3:
        return False
    if sum(1 for line in lines if TIMING.match(line)) >= 2:
        return True
    timed = sum(1 for line in lines if _plain_line(line) or _OTTER_HEADER.match(line))
    return timed >= 3 and timed / len(lines) >= 0.3


def parse_plain(text: str) -> Transcript:
    """Parse `[00:12:34] Name: text`, `00:12:34 Name: text` and Otter's `Name  12:34` headers."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    entries: list[tuple[float, str | None, list[str]]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        otter = _OTTER_HEADER.match(raw)
        timed = None if otter else _plain_line(line)
        if otter:
            entries.append((parse_timestamp(otter.group(2)), otter.group(1).strip(), []))
        elif timed:
            body, speaker = _split_speaker(timed[1], None)
            entries.append((timed[0], speaker, [body] if body else []))
        elif entries:
            entries[-1][2].append(line)
    cues: list[Cue] = []
    for i, (start, speaker, lines) in enumerate(entries):
        body = " ".join(lines).strip()
        if not body:
            continue
        end = entries[i + 1][0] if i + 1 < len(entries) else start + len(body.split()) / WORDS_PER_SECOND
        cues.append(Cue(start=start, end=max(end, start), text=body, speaker=speaker))
    if not cues:
        raise ExtractionError(
            "no timestamped lines found in the transcript: lines need a time first, such as "
            "'[00:12:34] Name: text' or '00:12:34 Name: text'; or export it as .vtt or .srt"
        )
    return Transcript(cues=cues, metadata={})


def merge_cues(cues: list[Cue]) -> list[Passage]:
    """Merge cues into passages of about 30-60 s that stop at speaker changes.

    A passage closes at a speaker change, at 60 s, or after 30 s at the end of a sentence."""
    passages: list[Passage] = []
    group: list[Cue] = []

    def close() -> None:
        if group:
            passages.append(
                Passage(
                    text=" ".join(c.text for c in group),
                    start=group[0].start,
                    end=max(c.end for c in group),
                    speaker=group[0].speaker,
                )
            )
            group.clear()

    for cue in cues:
        if group:
            length = cue.end - group[0].start
            spoken = group[-1].end - group[0].start
            if (
                (cue.speaker and cue.speaker != group[0].speaker)
                or length > MAX_PASSAGE_SECONDS
                or (spoken >= MIN_PASSAGE_SECONDS and group[-1].text.rstrip().endswith((".", "?", "!")))
            ):
                close()
        group.append(cue)
    close()
    return cap_passages(passages)


def cap_passages(passages: list[Passage], limit: int = MAX_PASSAGES) -> list[Passage]:
    """At most `limit` passages: beyond that, runs of neighbouring windows become one passage (from
    the first one's start to the last one's end). Speakers stay in the text where they change, so a
    merged passage still says who said what."""
    if len(passages) <= limit:
        return passages
    size = -(-len(passages) // limit)
    merged = []
    for first in range(0, len(passages), size):
        run = passages[first : first + size]
        speakers = {p.speaker for p in run}
        if len(speakers) == 1:
            text = " ".join(p.text for p in run)
        else:
            text = " ".join(
                f"{p.speaker}: {p.text}" if p.speaker and (i == 0 or run[i - 1].speaker != p.speaker) else p.text
                for i, p in enumerate(run)
            )
        merged.append(
            Passage(
                text=text,
                start=run[0].start,
                end=max(p.end or 0.0 for p in run),
                speaker=run[0].speaker if len(speakers) == 1 else None,
            )
        )
    return merged


def parse_transcript(text: str, suffix: str) -> Transcript:
    """Dispatch on the file's format: `.vtt`, `.srt`, or a plain-text transcript. A text file that
    holds captions (a WebVTT file saved as .txt, SubRip cues under another name) is read as what it
    holds, so its timing lines and markup never become words."""
    if suffix == ".vtt" or text.lstrip("\ufeff").startswith("WEBVTT"):
        return parse_vtt(text)
    if suffix == ".srt" or any(TIMING.match(line) for line in text.splitlines()[:50]):
        return parse_srt(text)
    return parse_plain(text)


def is_caption_text(text: str) -> bool:
    """Whether a page's text is a caption file (a .vtt opened in a browser and saved as a page)."""
    return text.lstrip("\ufeff \n").startswith("WEBVTT") and len(_TIMING_ANYWHERE.findall(text[:5000])) >= 2


def caption_language(metadata: dict[str, str]) -> str | None:
    """The language a caption file's header declares (`Language: es`, `Language: en-US`), as a
    two-letter code, or None."""
    code = metadata.get("language", "").strip().lower()[:3].rstrip("-_")
    return code if re.fullmatch(r"[a-z]{2}", code) else None
