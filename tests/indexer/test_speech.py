"""Recordings without a transcript: speech generated at run time with espeak-ng, transcribed by the
real faster-whisper and the bundled model, built into real indexes (nothing checked in)."""

from __future__ import annotations

import json
import subprocess
import wave
from pathlib import Path

import pytest

from archive import Archive, SearchRequest
from archive.shared.media import local_recording
from indexer.build import build
from indexer.errors import ExtractionError
from indexer.speech import CACHE_FOLDER, MAX_AUDIO_SECONDS, probe
from tests.conftest import speak

# Written for these tests (nobody's words).
SENTENCES = [
    "Welcome to our community meeting about the bail fund.",
    "Tonight we talk about how families can visit people held in detention.",
    "Our volunteers answer the hotline every morning from eight until noon.",
    "The next training for new volunteers is on Thursday at the public library.",
]


def silence(target: Path, seconds: float) -> None:
    with wave.open(str(target), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16_000)
        w.writeframes(b"\0\0" * int(16_000 * seconds))


@pytest.fixture(scope="module")
def spoken(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[float]]:
    """A folder with one recording (and a caption file for another recording beside its audio), built."""
    folder = tmp_path_factory.mktemp("recordings")
    starts = speak(SENTENCES, folder / "meeting.wav")
    speak(["This recording has a transcript file beside it."], folder / "panel.wav")
    (folder / "panel.en.vtt").write_text(
        "WEBVTT\n\n00:00:00.000 --> 00:00:03.000\nSpeaker One: the written transcript of the panel\n", encoding="utf-8"
    )
    index = tmp_path_factory.mktemp("recordings-index")
    report = build([folder], index, progress=False)
    assert report.failed == [], report.failed
    return folder, index, starts


def test_a_spoken_phrase_is_found_and_lands_within_three_seconds_of_where_it_is_said(
    spoken: tuple[Path, Path, list[float]],
) -> None:
    _, index, starts = spoken
    archive = Archive(index)
    for sentence, start in zip(SENTENCES, starts, strict=True):
        query = " ".join(sentence.split()[:5])  # a sentence's opening words: spoken when it starts
        page = archive.search(SearchRequest(query=query, per_page=1))
        assert page.results and page.results[0].doc_id == "meeting.wav", query
        hit = page.results[0].passages[0]
        assert hit.start is not None and abs(hit.start - start) <= 3, (query, hit, start)
        assert hit.view == f"/?doc=meeting.wav&at={int(hit.start)}"


def test_a_machine_transcript_says_so_in_show_json_and_in_citations(spoken: tuple[Path, Path, list[float]]) -> None:
    _, index, _ = spoken
    archive = Archive(index)
    shown = archive.document_view("meeting.wav", "").to_json()
    assert shown["kind"] == "webinar" and shown["text_source"] == "speech"
    assert shown["speech_model"] == "Whisper tiny.en" and 0.5 < shown["speech_confidence"] <= 1
    assert shown["language"] == "en"
    assert "[Webinar; machine transcript (Whisper tiny.en)]" in archive.cite("meeting.wav", "apa")
    assert "machine transcript (Whisper tiny.en)" in archive.cite("meeting.wav", "bibtex")
    assert "N1  - Machine transcript (Whisper tiny.en)" in archive.cite("meeting.wav", "ris")


def test_an_uploaded_transcript_wins_and_the_app_plays_the_recording_beside_it(
    spoken: tuple[Path, Path, list[float]],
) -> None:
    folder, index, _ = spoken
    archive = Archive(index)
    assert archive.document_view("panel.en.vtt", "").document.text_source == "text"
    skipped = {row["path"]: row["reason"] for row in archive.stats(include_internal=True).skipped}
    assert "its transcript panel.en.vtt is indexed instead" in skipped[f"{folder.name}/panel.wav"]
    original = archive.original("panel.en.vtt").path
    assert original is not None and local_recording(original) == folder / "panel.wav"
    meeting = archive.original("meeting.wav").path
    assert meeting is not None and local_recording(meeting) == meeting


def test_an_unchanged_recording_is_never_transcribed_twice_and_a_new_setting_transcribes_it_again(
    spoken: tuple[Path, Path, list[float]], tmp_path: Path
) -> None:
    folder, index, _ = spoken
    (entry,) = (index / CACHE_FOLDER).glob("*.json")
    cached = json.loads(entry.read_text(encoding="utf-8"))
    cached["segments"][0]["text"] = "Cachedwordmarker is what the cache says."  # only the cache has this word
    entry.write_text(json.dumps(cached), encoding="utf-8")
    build([folder], index, progress=False, full=True)
    assert Archive(index).search(SearchRequest(query="cachedwordmarker")).total == 1
    # another beam size is another transcript: the recording is heard again, the marker is gone
    profile = tmp_path / "archive.toml"
    profile.write_text('[collection]\nname = "Recordings"\n\n[speech]\nbeam_size = 2\n', encoding="utf-8")
    build([folder], index, progress=False, full=True, profile_file=profile)
    assert Archive(index).search(SearchRequest(query="cachedwordmarker")).total == 0
    assert len(list((index / CACHE_FOLDER).glob("*.json"))) == 2


def test_speech_can_be_turned_off_and_a_model_that_is_not_here_is_a_reason(tmp_path: Path) -> None:
    folder = tmp_path / "talks"
    folder.mkdir()
    speak(SENTENCES[:1], folder / "talk.wav")
    off = tmp_path / "off.toml"
    off.write_text('[collection]\nname = "Talks"\n\n[speech]\nenabled = false\n', encoding="utf-8")
    report = build([folder], tmp_path / "index-off", progress=False, profile_file=off)
    assert [(s.path, s.reason) for s in report.skipped] == [
        ("talks/talk.wav", "recordings are not transcribed ([speech] enabled = false in the profile)")
    ]
    missing = tmp_path / "missing.toml"
    missing.write_text(
        f'[collection]\nname = "Talks"\n\n[speech]\nmodel = "{tmp_path / "no-model"}"\n', encoding="utf-8"
    )
    report = build([folder], tmp_path / "index-missing", progress=False, profile_file=missing)
    assert len(report.failed) == 1 and "cannot be loaded" in report.failed[0].error


def _hours_of_silence(path: Path, hours: float) -> None:
    """A FLAC of `hours` of silence: a few hundred kilobytes that decode to hours of audio (a bomb)."""
    subprocess.run(["sox", "-n", "-r", "1000", "-c", "1", str(path), "trim", "0", f"{hours * 3600:.0f}"], check=True)


def test_bad_recordings_fail_alone_with_a_reason_and_the_rest_is_indexed(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    speak(SENTENCES[:2], folder / "good.wav")
    (folder / "corrupt.mp3").write_bytes(b"\xff\xfb\x90" + bytes(range(256)) * 40)  # not MPEG audio
    whole = (folder / "good.wav").read_bytes()
    (folder / "truncated.wav").write_bytes(whole[: len(whole) // 2])  # the first half of a recording
    silence(folder / "quiet.wav", 8)
    _hours_of_silence(folder / "endless.flac", MAX_AUDIO_SECONDS / 3600 + 1)
    _video_without_audio(folder / "silent-film.mp4")
    report = build([folder], tmp_path / "index", progress=False)
    reasons = {f.path.removeprefix("mixed/"): f.error for f in report.failed}
    assert set(reasons) == {"corrupt.mp3", "quiet.wav", "endless.flac", "silent-film.mp4"}, reasons
    assert "not a readable audio or video file" in reasons["corrupt.mp3"]
    assert "no speech was heard" in reasons["quiet.wav"]
    assert "more than the 4 hours transcribed" in reasons["endless.flac"]
    assert "has no audio track" in reasons["silent-film.mp4"]
    archive = Archive(tmp_path / "index")
    assert {d for d in archive.catalog().documents} == {"good.wav", "truncated.wav"}  # what could be heard is indexed
    assert archive.search(SearchRequest(query="community meeting")).total >= 1


def _video_without_audio(path: Path) -> None:
    import av
    import numpy as np

    with av.open(str(path), "w") as container:
        stream = container.add_stream("mpeg4", rate=5)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for _ in range(5):
            frame = av.VideoFrame.from_ndarray(np.zeros((48, 64, 3), dtype=np.uint8), format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)


def test_a_recording_in_another_language_is_reported_not_transcribed_into_nonsense(tmp_path: Path) -> None:
    folder = tmp_path / "spanish"
    folder.mkdir()
    speak(
        [
            "Las familias esperan noticias de sus seres queridos detenidos.",
            "La comunidad organiza un fondo para pagar las fianzas.",
            "Invitamos a todos a la reunión del jueves en la biblioteca.",
        ],
        folder / "reunion.wav",
        voice="es",
    )
    report = build([folder], tmp_path / "index", progress=False)
    assert len(report.failed) == 1 and "does not sound like English to Whisper tiny.en" in report.failed[0].error


def test_hours_of_audio_in_a_small_file_are_refused_before_decoding(tmp_path: Path) -> None:
    _hours_of_silence(tmp_path / "days.flac", 10)
    assert (tmp_path / "days.flac").stat().st_size < 5_000_000
    with pytest.raises(ExtractionError, match=r"lasts 10\.0 hours, more than the 4 hours transcribed"):
        probe(tmp_path / "days.flac")
