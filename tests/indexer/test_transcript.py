"""Transcript parsing: WebVTT, SRT and plain-text logs, and merging cues into passages."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from archive import Archive
from indexer.build import build
from indexer.errors import ExtractionError
from indexer.transcript import Cue, looks_like_transcript, merge_cues, parse_plain, parse_srt, parse_vtt

VTT = """WEBVTT - A talk
Kind: captions
Language: en

NOTE This is a comment
that spans two lines

STYLE
::cue { color: white }

intro-1
00:00:01.000 --> 00:00:04.500 align:start position:10%
<v Moderator>Welcome to the <i>webinar</i> &amp; thanks.</v>

00:05.000 --> 00:09.000
<v.loud Panelist 1>We talk about <c.yellow>detention</c> <00:00:06.000>today.

3
00:00:10.000 --> 00:00:12.000
Jane Doe: A Zoom-style speaker line.
"""


def test_vtt_header_notes_styles_voices_and_tags() -> None:
    parsed = parse_vtt(VTT)
    assert parsed.metadata == {"kind": "captions", "language": "en"}
    assert [(c.start, c.end, c.speaker, c.text) for c in parsed.cues] == [
        (1.0, 4.5, "Moderator", "Welcome to the webinar & thanks."),
        (5.0, 9.0, "Panelist 1", "We talk about detention today."),
        (10.0, 12.0, "Jane Doe", "A Zoom-style speaker line."),
    ]
    assert parsed.speakers == ["Moderator", "Panelist 1", "Jane Doe"]


def test_vtt_colon_words_that_are_not_speakers_stay_text() -> None:
    parsed = parse_vtt("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nNote: this is not a speaker\n")
    assert parsed.cues[0].speaker is None
    assert parsed.cues[0].text == "Note: this is not a speaker"


def test_youtube_rolling_captions_are_deduplicated() -> None:
    text = (
        "WEBVTT\nKind: captions\n\n"
        "00:00:00.000 --> 00:00:02.000\nfree them all is a\n\n"
        "00:00:02.000 --> 00:00:02.010\nfree them all is a\n \n\n"
        "00:00:02.010 --> 00:00:04.000\nfree them all is a\npublic health imperative\n\n"
        "00:00:04.000 --> 00:00:06.000\npublic health imperative\nfor all of us\n"
    )
    words = " ".join(c.text for c in parse_vtt(text).cues)
    assert words == "free them all is a public health imperative for all of us"


def test_not_a_vtt_file() -> None:
    with pytest.raises(ExtractionError, match="WEBVTT"):
        parse_vtt("hello\n00:00:01.000 --> 00:00:02.000\nx")
    with pytest.raises(ExtractionError, match="no timed cues"):
        parse_vtt("WEBVTT\n\nNOTE nothing here\n")


def test_srt_crlf_comma_milliseconds_and_tags() -> None:
    srt = "1\r\n00:00:01,250 --> 00:00:03,000\r\n<i>Hello</i> {\\an8}there\r\n\r\n2\r\n00:01:02,000 --> 00:01:05,500\r\n<b>Second</b> line\r\nwraps\r\n"
    cues = parse_srt(srt).cues
    assert [(c.start, c.end, c.text) for c in cues] == [(1.25, 3.0, "Hello there"), (62.0, 65.5, "Second line wraps")]


@pytest.mark.parametrize(
    "text",
    [
        "[00:00:05] Moderator: Welcome all.\n[00:00:40] Panelist 1: Thanks for having me.\nI work on bond funds.\n",
        "00:00:05 Moderator: Welcome all.\n00:00:40 Panelist 1: Thanks for having me.\nI work on bond funds.\n",
        "Moderator  0:05\nWelcome all.\n\nPanelist 1  0:40\nThanks for having me.\nI work on bond funds.\n",
    ],
    ids=["bracketed", "leading-time", "otter"],
)
def test_plain_text_transcripts(text: str) -> None:
    cues = parse_plain(text).cues
    assert [(c.start, c.speaker) for c in cues] == [(5.0, "Moderator"), (40.0, "Panelist 1")]
    assert cues[0].end == 40.0
    assert cues[1].text == "Thanks for having me. I work on bond funds."


def test_looks_like_transcript() -> None:
    log = "\n".join(f"[00:0{i}:00] Speaker {i}: words here." for i in range(5))
    assert looks_like_transcript(log)
    assert not looks_like_transcript("A statement.\n\nIt has paragraphs.\n\nAnd a date: 12:30 pm.\n")


def test_merge_cues_windows_and_speaker_changes() -> None:
    cues = [Cue(start=float(t), end=float(t + 9), text=f"Sentence {t}.", speaker="A") for t in range(0, 100, 10)]
    cues.append(Cue(start=100.0, end=105.0, text="Reply.", speaker="B"))
    passages = merge_cues(cues)
    assert all(p.end - p.start <= 60 for p in passages)
    assert all(p.end - p.start >= 30 for p in passages[:-2])
    assert passages[-1].speaker == "B" and passages[-1].text == "Reply."
    assert " ".join(p.text for p in passages).count("Sentence") == 10


def test_a_huge_transcript_becomes_a_bounded_number_of_passages_that_keep_who_said_what() -> None:
    from indexer.transcript import MAX_PASSAGES

    cues = [Cue(float(i), float(i) + 1, f"word{i}.", speaker=f"Speaker {i % 2}") for i in range(10_001)]
    passages = merge_cues(cues)
    assert MAX_PASSAGES // 2 <= len(passages) <= MAX_PASSAGES == 2_000
    assert passages[0].start == 0.0 and passages[-1].end == 10_001.0
    assert all(a.end <= b.start + 1 for a, b in itertools.pairwise(passages))
    assert passages[0].text.startswith("Speaker 0: word0. Speaker 1: word1. Speaker 0: word2.")
    assert passages[0].speaker is None  # several speakers in one merged window
    words = " ".join(p.text for p in passages)
    assert all(f"word{i}." in words for i in (0, 5_000, 10_000))


def test_a_transcript_of_ordinary_length_is_not_merged() -> None:
    cues = [Cue(float(i * 40), float(i * 40 + 39), f"Sentence {i}.", speaker="Host") for i in range(300)]
    assert len(merge_cues(cues)) == 300


def test_time_forms_real_caption_files_use() -> None:
    """#28: a valid but unpadded WebVTT time (`0:0:3.540`) was refused."""
    text = "WEBVTT\n\n0:0:3.540 --> 0:0:5.5\nunpadded\n\n00:00:06,25 --> 00:00:08,000\ncomma decimals\n\n1:02.5 --> 1:04\nno hours\n"
    assert [(c.start, c.end, c.text) for c in parse_vtt(text).cues] == [
        (3.54, 5.5, "unpadded"),
        (6.25, 8.0, "comma decimals"),
        (62.5, 64.0, "no hours"),
    ]


def test_a_transcript_that_fails_says_what_to_fix() -> None:
    with pytest.raises(ExtractionError, match=r"timing line such as '00:00:01.000 --> 00:00:04.000'"):
        parse_vtt("WEBVTT\n\nhello without a timing line\n")
    with pytest.raises(ExtractionError, match=r"'00:00:01,000 --> 00:00:04,000'"):
        parse_srt("1\nhello\n")
    with pytest.raises(ExtractionError, match="first line must be WEBVTT"):
        parse_vtt("hello\n")


# A YouTube auto-caption file as the platform writes it (text invented): Kind/Language headers, cue
# settings, inline word timings in <c> spans, a line of one space under timings, and each line rolled
# up into the next cue.
YOUTUBE_CAPTIONS = """WEBVTT
Kind: captions
Language: es

00:00:00.000 --> 00:00:02.390 align:start position:0%

bienvenidas<00:00:00.480><c> a</c><00:00:00.640><c> la</c><00:00:00.880><c> charla</c>

00:00:02.390 --> 00:00:02.400 align:start position:0%
bienvenidas a la charla
<one space>

00:00:02.400 --> 00:00:05.190 align:start position:0%
bienvenidas a la charla
sobre<00:00:02.800><c> los</c><00:00:03.100><c> derechos</c><00:00:03.500><c> de</c><00:00:03.700><c> las</c><00:00:04.000><c> familias</c>

00:00:05.190 --> 00:00:05.200 align:start position:0%
sobre los derechos de las familias
<one space>

00:00:05.200 --> 00:00:08.000 align:start position:0%
sobre los derechos de las familias
detenidas<00:00:05.900><c> en</c><00:00:06.200><c> la</c><00:00:06.500><c> frontera</c>
""".replace("<one space>", " ")


@pytest.mark.parametrize("name", ["charla.es.vtt", "charla.es.vtt.txt"])
def test_a_platforms_caption_file_is_a_webinar_with_its_declared_language_and_no_repeated_words(
    tmp_path: Path, name: str
) -> None:
    source = tmp_path / "captions"
    source.mkdir()
    (source / name).write_text(YOUTUBE_CAPTIONS, encoding="utf-8")
    build([source], tmp_path / "index", progress=False)
    document = Archive(tmp_path / "index").document(name)
    assert (document.kind, document.language) == ("webinar", "es")
    words = " ".join(p.text for p in document.passages)
    assert words == "bienvenidas a la charla sobre los derechos de las familias detenidas en la frontera"
    assert document.passages[0].start == 0.0


def _collapsed(captions: str) -> str:
    """A caption file whose line breaks were lost, as a page's copy of it has it."""
    return " ".join(captions.split())


def test_captions_that_lost_their_line_breaks_are_read_cue_by_cue() -> None:
    parsed = parse_vtt(_collapsed(YOUTUBE_CAPTIONS))
    assert parsed.metadata == {"kind": "captions", "language": "es"}
    assert " ".join(c.text for c in parsed.cues) == (
        "bienvenidas a la charla sobre los derechos de las familias detenidas en la frontera"
    )
    assert parsed.cues[0].start == 0.0 and parsed.cues[-1].start == 5.2


def test_a_caption_file_saved_as_a_web_page_is_a_webinar(tmp_path: Path) -> None:
    source = tmp_path / "pages"
    source.mkdir()
    (source / "captions.html").write_text(
        f"<html><body><p>{_collapsed(YOUTUBE_CAPTIONS).replace('<', '&lt;').replace('>', '&gt;')}</p></body></html>",
        encoding="utf-8",
    )
    build([source], tmp_path / "index", progress=False)
    document = Archive(tmp_path / "index").document("captions.html")
    assert (document.kind, document.language) == ("webinar", "es")
    assert "-->" not in " ".join(p.text for p in document.passages)
    assert document.passages[0].start == 0.0
