"""Make the sample recording (corpus/webinars/) from the words of the seed flyer (seed 001).

Usage: python scripts/make_sample_recording.py [--out corpus/webinars/flyer-read-aloud-synthetic-speech.opus]

A new user should see on the first run that a recording with no transcript is searchable and lands on
the minute. Nobody here has a real recording of the network's to ship, so Debian's `espeak-ng` (a
computer voice, run by this script) reads two of the flyer's paragraphs, verbatim, sentence by sentence
with a short pause between them; the sound is written as Ogg Opus at 24 kbit/s (PyAV, which
faster-whisper brings), about 2.6 kB per second. The file is committed (the sidecar says it is
synthetic speech); the build transcribes it like any recording.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import wave
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_sample_flyer import SYSTEMS, TRANSFERS_TEXT  # (the seed's words, kept in one place)

RATE = 24_000  # Opus's rates are 8/12/16/24/48 kHz; espeak-ng speaks at 22,050 Hz, resampled by PyAV
PAUSE_SECONDS = 0.6
BITRATE = 24_000


def sentences() -> list[str]:
    """The two paragraphs as sentences, with the flyer's typographic apostrophes as the voice reads them."""
    text = f"{TRANSFERS_TEXT} {SYSTEMS}".replace("’", "'")
    return re.split(r"(?<=[.!?])\s+", text)


def spoken(sentence: str, folder: Path) -> tuple[np.ndarray, int]:
    """The sentence as 16-bit samples from espeak-ng's American English voice, and their rate."""
    out = folder / "sentence.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "160", "-w", str(out), sentence], check=True)
    with wave.open(str(out)) as w:
        return np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16), w.getframerate()


def write_opus(samples: np.ndarray, rate: int, target: Path) -> None:
    with av.open(str(target), "w", format="ogg") as container:
        stream = container.add_stream("libopus", rate=RATE, layout="mono")
        stream.bit_rate = BITRATE
        resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = rate
        frame.time_base = Fraction(1, rate)
        frame.pts = 0
        for part in [*resampler.resample(frame), *resampler.resample(None)]:
            for packet in stream.encode(part):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = Path(__file__).resolve().parents[1] / "corpus/webinars/flyer-read-aloud-synthetic-speech.opus"
    parser.add_argument("--out", type=Path, default=default)
    args = parser.parse_args()
    pieces, rate = [], 0
    with tempfile.TemporaryDirectory() as work:
        for sentence in sentences():
            samples, rate = spoken(sentence, Path(work))
            pieces += [samples, np.zeros(int(PAUSE_SECONDS * rate), dtype=np.int16)]
    write_opus(np.concatenate(pieces), rate, args.out)
    print(f"{args.out}: {args.out.stat().st_size / 1000:.0f} kB")


if __name__ == "__main__":
    main()
