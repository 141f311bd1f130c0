"""Speech to text on this machine: word error rate, speed, and how close a search hit lands to the words.

Usage:
  python benchmarks/speech.py [--words W] [--json]

Speech is generated with Debian's `espeak-ng` from the five seed texts of the bundled corpus (its four
statements and the flyer), sentence by sentence, so the time each sentence starts is known exactly.
Only prose sentences are read (none with a digit, a hashtag, an address or a slash): a speaker says
sentences, not a contact block or a link. A noisy copy adds white noise with `sox` (its
signal-to-noise ratio is printed). Each recording is transcribed by the product (indexer/speech.py,
the bundled Whisper tiny.en, int8) with its shipped settings, greedy decoding (beam 1) and the initial
prompt of the archive's names (`[speech] initial_prompt`), and reported:

- WER: word error rate against the text read, both sides put through Whisper's own English text
  normaliser (the `whisper-normalizer` package: the normalisation Whisper's published WERs use;
  requirements-bench.txt), except that words in brackets are kept: they are read aloud here;
- RTF: CPU seconds of transcription per second of audio (model loading excluded);
- hit-to-minute error: each recording is built into an index, and for every fifth sentence its
  first six words are searched (`Archive.search`); the error is the distance in seconds between
  where the document's best passage starts and where that sentence starts being spoken;
- Spanish: the mean confidence of what tiny.en makes of a Spanish recording (espeak-ng's Spanish
  voice reading a Spanish text written for this benchmark; 0 when it makes no words, which is what
  the language check, indexer/speech._check_language, refuses), against the English ones'.

The beam width was chosen on texts 1-2 (development) and is reported on texts 3-5 (held out); both
are printed.

Targets on this machine kind: WER <= 10% clean, RTF <= 0.1, hits within 3 s.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pypdf import PdfReader
from whisper_normalizer.english import EnglishTextNormalizer

from archive import Archive, SearchRequest
from archive.shared.profile import profile_from_text
from indexer.html import extract_html
from indexer.speech import SpeechSettings, _model, _segments, audio_chunks, prompt_words, transcribe

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
# Written for this benchmark (not anyone's words): Spanish for the language check.
SPANISH = (
    "Las familias esperan noticias de sus seres queridos detenidos. La comunidad organiza un fondo para pagar "
    "las fianzas. Los abogados piden audiencias justas para todas las personas. Nadie debe estar encerrado "
    "mientras espera su caso. Invitamos a todos a la reunión del jueves en la biblioteca."
)


DEVELOPMENT_TEXTS = 2  # the first two texts chose the beam width; the other three are held out
NOT_SPOKEN = re.compile(r"[#@/\d]|www|\.org|\.com")


def seed_texts() -> list[str]:
    """The bundled corpus's five seed texts: its statements' main text, then the flyer's."""
    statements = sorted((CORPUS / "statements").glob("*.html"))
    texts = [" ".join(extract_html(path.read_bytes()).blocks) for path in statements]
    flyer = PdfReader(str(CORPUS / "pdfs" / "ending-criminalization-stops-deportations.pdf"))
    return [*texts, " ".join(page.extract_text() for page in flyer.pages)]


def prose_sentences(text: str, limit_words: int) -> list[str]:
    """The text's sentences a speaker would say (see NOT_SPOKEN), in order, until about `limit_words`."""
    chosen, count = [], 0
    for sentence in re.split(r"(?<=[.!?])\s+", re.sub(r"\s+", " ", text)):
        if len(sentence.split()) < 4 or NOT_SPOKEN.search(sentence):
            continue
        chosen.append(sentence)
        count += len(sentence.split())
        if count >= limit_words:
            break
    return chosen


def speak(sentences: list[str], folder: Path, voice: str = "en-us") -> tuple[Path, list[float]]:
    """One WAV of the sentences read in turn, and the second each sentence starts at."""
    starts, parts, at = [], [], 0.0
    for number, sentence in enumerate(sentences):
        part = folder / f"part{number}.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", "160", "-w", str(part), sentence], check=True)
        with wave.open(str(part)) as w:
            seconds = w.getnframes() / w.getframerate()
        starts.append(at)
        at += seconds
        parts.append(part)
    joined = folder / "speech.wav"
    subprocess.run(["sox", *map(str, parts), str(joined)], check=True)
    for part in parts:
        part.unlink()
    return joined, starts


def noisy_copy(clean: Path, target: Path, volume: float = 0.05) -> float:
    """`clean` with white noise added; returns the signal-to-noise ratio in dB."""
    noise = clean.with_name("noise.wav")
    with wave.open(str(clean)) as w:
        seconds, rate = w.getnframes() / w.getframerate(), w.getframerate()
    synth = ["sox", "-n", "-r", str(rate), "-c", "1", str(noise), "synth", f"{seconds}", "whitenoise", "vol"]
    subprocess.run([*synth, str(volume)], check=True)
    subprocess.run(["sox", "-m", str(clean), str(noise), str(target)], check=True)
    signal = _rms(clean)
    noise_rms = _rms(noise)
    noise.unlink()
    return 20 * math.log10(signal / noise_rms)


def _rms(path: Path) -> float:
    stats = subprocess.run(["sox", str(path), "-n", "stat"], capture_output=True, text=True, check=True).stderr
    return float(re.search(r"RMS\s+amplitude:\s+([\d.]+)", stats).group(1))  # type: ignore[union-attr]


_WHISPER_NORMALISER = EnglishTextNormalizer()


def words(text: str) -> list[str]:
    """The words WER compares: Whisper's English normaliser, with bracketed words kept (they are read)."""
    return _WHISPER_NORMALISER(re.sub(r"[()\[\]{}<>]", " ", text)).split()


def wer(reference: list[str], hypothesis: list[str]) -> float:
    """Word error rate: word-level edit distance over the reference's length."""
    previous = list(range(len(hypothesis) + 1))
    for i, word in enumerate(reference, start=1):
        current = [i]
        for j, heard in enumerate(hypothesis, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != heard)))
        previous = current
    return previous[-1] / max(1, len(reference))


def transcribed(path: Path, settings: SpeechSettings) -> tuple[str, float, float, float]:
    """(text, CPU seconds, audio seconds, mean confidence); the model is loaded before timing."""
    started = time.process_time()
    found = transcribe(path, settings, check_language=False)
    return " ".join(s.text for s in found.segments), time.process_time() - started, found.duration, found.confidence


def hit_errors(recording: Path, sentences: list[str], starts: list[float], work: Path) -> list[float]:
    """Seconds between the best passage's start and the sentence's, for every fifth sentence."""
    folder = work / "recordings"
    folder.mkdir(exist_ok=True)
    shutil.copy(recording, folder / "talk.wav")
    index = work / "index"
    # in a process of its own, as a build runs: its workers are forked, and a fork of this process,
    # which has loaded the model (CTranslate2's OpenMP threads), would wait forever for those threads
    subprocess.run(
        [sys.executable, "-m", "indexer", "build", str(folder), "--index", str(index)], check=True, capture_output=True
    )
    archive = Archive(index)
    errors = []
    for sentence, start in list(zip(sentences, starts, strict=True))[::5]:
        query = " ".join(words(sentence)[:6])
        page = archive.search(SearchRequest(query=query, per_page=1, cross_language=False))
        if not page.results or not page.results[0].passages or page.results[0].passages[0].start is None:
            errors.append(float("inf"))
            continue
        errors.append(abs(page.results[0].passages[0].start - start))
    return errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=450, help="about this many words of each text (~3 minutes)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    profile = profile_from_text((CORPUS / "archive.toml").read_text(encoding="utf-8"), "archive.toml")
    shipped = SpeechSettings()
    variants = {
        "": shipped,
        "_greedy": replace(shipped, beam_size=1),
        "_prompt": replace(shipped, prompt=prompt_words(profile)),
    }
    transcribe_warm = None
    rows = []
    with tempfile.TemporaryDirectory() as work_dir:
        work = Path(work_dir)
        for number, text in enumerate(seed_texts(), start=1):
            sentences = prose_sentences(text, args.words)
            folder = work / f"text{number}"
            folder.mkdir()
            clean, starts = speak(sentences, folder)
            noisy = folder / "noisy.wav"
            snr = noisy_copy(clean, noisy)
            if transcribe_warm is None:  # load the model once, outside the timings
                transcribe_warm = transcribed(clean, shipped)
            reference = words(" ".join(sentences))
            row: dict[str, object] = {"text": number, "words": len(reference), "snr_db": round(snr, 1)}
            for name, path in (("clean", clean), ("noisy", noisy)):
                for label, settings in variants.items():
                    heard, cpu, seconds, confidence = transcribed(path, settings)
                    row[f"wer_{name}{label}"] = round(wer(reference, words(heard)), 3)
                    row[f"rtf_{name}{label}"] = round(cpu / seconds, 3)
                    if not label:
                        row[f"confidence_{name}"] = round(confidence, 3)
                        row["seconds"] = round(seconds, 1)
            errors = hit_errors(clean, sentences, starts, folder)
            row["hit_error_s"] = [round(e, 1) for e in errors]
            rows.append(row)
        spanish_folder = work / "spanish"
        spanish_folder.mkdir()
        spanish, _ = speak(re.split(r"(?<=\.)\s+", SPANISH), spanish_folder, voice="es")
        model = _model(shipped)
        heard = [s for offset, samples in audio_chunks(spanish) for s in _segments(model, samples, offset, shipped)[0]]
    spanish_confidence = statistics.mean(s.confidence for s in heard) if heard else 0.0

    def mean(key: str, chosen: list[dict[str, object]] = rows) -> float:
        return round(statistics.mean(float(r[key]) for r in chosen), 3)  # type: ignore[arg-type]

    development, held_out = rows[:DEVELOPMENT_TEXTS], rows[DEVELOPMENT_TEXTS:]
    all_errors = [e for r in rows for e in r["hit_error_s"]]  # type: ignore[attr-defined]
    summary: dict[str, object] = {
        "recordings": len(rows),
        "audio_seconds": round(sum(float(r["seconds"]) for r in rows), 1),  # type: ignore[arg-type]
        "beam_size_shipped": shipped.beam_size,
    }
    for name in ("clean", "noisy"):
        for label in variants:
            key = f"wer_{name}{label}"
            summary[key] = mean(key)
            summary[f"{key}_development"] = mean(key, development)
            summary[f"{key}_held_out"] = mean(key, held_out)
    summary |= {
        "snr_db": mean("snr_db"),
        "rtf_clean": mean("rtf_clean"),
        "rtf_noisy": mean("rtf_noisy"),
        "rtf_clean_greedy": mean("rtf_clean_greedy"),
        "confidence_english_clean": mean("confidence_clean"),
        "confidence_english_noisy": mean("confidence_noisy"),
        "confidence_spanish": round(spanish_confidence, 3),
        "hits_within_3s": f"{sum(e <= 3 for e in all_errors)}/{len(all_errors)}",
        "hit_error_median_s": round(statistics.median(all_errors), 1) if all_errors else None,
        "rows": rows,
    }
    if args.json:
        print(json.dumps(summary, indent=2))
        return
    for key, value in summary.items():
        if key != "rows":
            print(f"{key:36} {value}")


if __name__ == "__main__":
    main()
