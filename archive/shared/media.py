"""Recordings as files: which suffixes are audio and video, and which caption file belongs to which
recording. One place for the indexer (what to transcribe, which transcript wins) and the app (which
local file to play at a minute)."""

from __future__ import annotations

import re
from pathlib import Path

AUDIO_SUFFIXES = (".mp3", ".m4a", ".wav", ".ogg", ".opus", ".flac")
VIDEO_SUFFIXES = (".webm", ".mp4", ".mov", ".mkv")
MEDIA_SUFFIXES = AUDIO_SUFFIXES + VIDEO_SUFFIXES
TRANSCRIPT_SUFFIXES = (".vtt", ".srt", ".txt")
# a recording may be ten times the size cap of other files (in a folder, or downloaded from a site):
# a webinar's video is large
MEDIA_SIZE_FACTOR = 10
_LANGUAGE_TAG = re.compile(r".+\.[a-z]{2,3}(-[a-z0-9]+)?")


def recording_key(path: Path) -> tuple[Path, str]:
    """What a recording and its caption file share: the folder and the name without its extension
    (and without a caption's language tag: `talk.en.vtt` is the transcript of `talk.mp4`)."""
    stem = path.stem.lower()
    if path.suffix.lower() in TRANSCRIPT_SUFFIXES and _LANGUAGE_TAG.fullmatch(stem):
        stem = stem.rsplit(".", 1)[0]
    return path.parent, stem


def is_media(path: Path) -> bool:
    return path.suffix.lower() in MEDIA_SUFFIXES


def local_recording(original: Path) -> Path | None:
    """The recording to play for a document whose original is `original`: the file itself when it is
    one, else a recording beside its transcript with the same name (`talk.mp3` for `talk.vtt`).
    A link is not followed: what is played is a regular file in the transcript's own folder."""
    if is_media(original):
        return original
    if original.suffix.lower() not in TRANSCRIPT_SUFFIXES:
        return None
    key = recording_key(original)
    for sibling in sorted(original.parent.iterdir()):
        if is_media(sibling) and not sibling.is_symlink() and sibling.is_file() and recording_key(sibling) == key:
            return sibling
    return None
