"""Which recording a caption file belongs to, and which local file the app plays."""

from __future__ import annotations

from pathlib import Path

from archive.shared.media import local_recording, recording_key


def test_a_caption_file_and_its_recording_share_a_key() -> None:
    folder = Path("/talks")
    assert recording_key(folder / "Panel.en.vtt") == recording_key(folder / "panel.mp4") == (folder, "panel")
    assert recording_key(folder / "panel.es-419.srt") == (folder, "panel")
    assert recording_key(folder / "panel.txt") == (folder, "panel")
    assert recording_key(folder / "v1.2.mp3") == (folder, "v1.2")  # a recording's own dots are its name
    assert recording_key(Path("/other/panel.vtt")) != recording_key(folder / "panel.mp4")


def test_the_recording_played_is_the_file_itself_or_a_regular_file_beside_its_transcript(tmp_path: Path) -> None:
    (tmp_path / "talk.en.vtt").write_text("WEBVTT\n", encoding="utf-8")
    assert local_recording(tmp_path / "talk.en.vtt") is None
    (tmp_path / "talk.mp3").write_bytes(b"ID3")
    assert local_recording(tmp_path / "talk.en.vtt") == tmp_path / "talk.mp3"
    assert local_recording(tmp_path / "talk.mp3") == tmp_path / "talk.mp3"
    assert local_recording(tmp_path / "notes.pdf") is None


def test_a_link_beside_a_transcript_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.mp3").write_bytes(b"ID3")
    talks = tmp_path / "talks"
    talks.mkdir()
    (talks / "talk.vtt").write_text("WEBVTT\n", encoding="utf-8")
    (talks / "talk.mp3").symlink_to(outside / "secret.mp3")
    assert local_recording(talks / "talk.vtt") is None
