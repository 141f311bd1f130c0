"""Machine translation of short texts (queries) with Apertium, offline.

Apertium (Debian `apertium` with a language pair such as `apertium-en-es`) is a rule-based
translator: literal ("audiencia de fianza" -> "audience of bail"), fast, and well kept. Its output
marks each word its dictionaries do not know (`*word`), which is also how a query's language is
told here: a short query is too short for statistical language detection, but a Spanish query has
few words Apertium's English dictionary knows, and the other way round.

Telling a query's language costs under a millisecond: each language's morphological analyser (the
first stage of Apertium's pipeline, `lt-proc -z`) runs as one long-lived process per language and
answers on a null character. A translation is a subprocess per call (about 90 ms wall for a query):
the same null-flush mode does not flush at the bilingual stage in the version Debian ships (lt-proc
3.7), so a long-lived translation pipeline would hang. Translations are cached per process.
"""

from __future__ import annotations

import os
import re
import select
import shlex
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# ISO 639-1 codes (the profile's and the language detector's) as Apertium names its languages.
APERTIUM_CODES = {"en": "eng", "es": "spa", "fr": "fra", "pt": "por", "ca": "cat", "it": "ita", "de": "deu"}
LANGUAGE_NAMES = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "pt": "Portuguese",
    "ca": "Catalan",
    "it": "Italian",
    "de": "German",
}
TIMEOUT_SECONDS = 5.0
MODE_FOLDERS = (Path("/usr/share/apertium/modes"), Path("/usr/local/share/apertium/modes"))
# Apertium's marks before a word: unknown to the source dictionary (*), not generated (#), no
# translation of a known lemma (@).
_MARKED = re.compile(r"(?<![\w])([*#@])(?=\w)")


@dataclass(frozen=True)
class Translated:
    """A text's translation, and how many of its words the source language's dictionary knew."""

    text: str
    words: int
    known: int


class TranslationError(RuntimeError):
    """Apertium failed or took too long; the caller searches untranslated."""


def apertium_command() -> str | None:
    """The `apertium` program's path, or None when it is not installed."""
    return shutil.which("apertium")


@lru_cache(maxsize=1)
def installed_pairs() -> frozenset[tuple[str, str]]:
    """The (source, target) ISO codes Apertium can translate here: its installed mode files
    ("eng-spa.mode" and "spa-eng.mode" for the English-Spanish pair, where the analysers are found
    too); empty without Apertium."""
    if apertium_command() is None:
        return frozenset()
    by_code = {v: k for k, v in APERTIUM_CODES.items()}
    pairs = set()
    for mode in (m for folder in MODE_FOLDERS for m in folder.glob("*.mode")):
        source, _, target = mode.stem.partition("-")
        if source in by_code and target in by_code:
            pairs.add((by_code[source], by_code[target]))
    return frozenset(pairs)


@lru_cache(maxsize=2048)
def translate(text: str, source: str, target: str) -> Translated:
    """`text` translated from `source` to `target` (ISO codes of an installed pair), the unknown-word
    marks removed, with the count of words the source dictionary knew. Raises TranslationError."""
    command = apertium_command()
    if command is None or (source, target) not in installed_pairs():
        raise TranslationError(f"Apertium cannot translate {source} to {target} here")
    mode = f"{APERTIUM_CODES[source]}-{APERTIUM_CODES[target]}"
    try:
        done = subprocess.run(
            [command, "-f", "txt", mode], input=text, capture_output=True, text=True, timeout=TIMEOUT_SECONDS
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise TranslationError(f"Apertium {mode}: {error}") from error
    if done.returncode != 0:
        raise TranslationError(f"Apertium {mode} exited with {done.returncode}: {done.stderr.strip()[:200]}")
    output = done.stdout.strip()
    words = len(re.findall(r"\w+", text))
    unknown = len(re.findall(r"(?<![\w])\*\w+", output))
    return Translated(_MARKED.sub("", output), words, max(0, words - unknown))


# A full stop on a line of its own ends a sentence for Apertium: its transfer rules reorder and
# join words within a sentence ("asylum seekers" -> "buscadores de asilo"), never across one.
_SENTENCE_BREAK = "\n.\n"


@dataclass(frozen=True)
class PhraseTranslation:
    """Words translated as one phrase (for searching: context picks the sense), and each word alone,
    in order (which word of the translation stands for which typed word)."""

    phrase: str
    each: tuple[str, ...]


def translate_phrase_and_words(words: tuple[str, ...], source: str, target: str) -> PhraseTranslation:
    """`words` translated as a phrase and one by one, in a single Apertium call (a translation is a
    subprocess: two calls would double a query's wait). Raises TranslationError, also when the
    answer does not come back in as many parts as were sent."""
    phrase = " ".join(words)
    parts = translate(_SENTENCE_BREAK.join([phrase, *words]), source, target).text.split(_SENTENCE_BREAK)
    if len(parts) != len(words) + 1:
        raise TranslationError(f"Apertium returned {len(parts)} parts for {len(words) + 1} sentences")
    return PhraseTranslation(parts[0].strip(), tuple(part.strip() for part in parts[1:]))


_ANALYSED = re.compile(r"\^([^/$]*)/([^$]*)\$")


def _analyser_file(language: str) -> Path | None:
    """The morphological analyser of `language` (an ISO code): the first stage of any installed mode
    translating from it, e.g. `eng-spa.automorf.bin` for English."""
    code = APERTIUM_CODES.get(language)
    for folder in MODE_FOLDERS:
        for mode in sorted(folder.glob(f"{code}-*.mode")) if code else ():
            first = shlex.split(mode.read_text(encoding="utf-8").split("|", 1)[0])
            if first and first[0] == "lt-proc" and Path(first[-1]).is_file():
                return Path(first[-1])
    return None


class Analyser:
    """One language's dictionary as a long-lived `lt-proc -z` process: how many words of a text it
    knows. Thread-safe; restarts its process if it died."""

    def __init__(self, language: str, analyser: Path) -> None:
        self.language = language
        self._file = analyser
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None

    def known_words(self, text: str) -> tuple[int, int]:
        """(words, words the dictionary knows) in `text`. Raises TranslationError."""
        payload = _stream_escaped(text).encode() + b"\0"
        with self._lock:
            try:
                output = self._ask(payload)
            except (OSError, TranslationError) as error:
                self._stop()
                raise TranslationError(f"Apertium's {self.language} analyser: {error}") from error
        analyses = _ANALYSED.findall(output.decode("utf-8", "replace"))
        words = [a for a in analyses if re.search(r"\w", a[0])]
        return len(words), sum(1 for _, found in words if not found.startswith("*"))

    def _ask(self, payload: bytes) -> bytes:
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen(
                ["lt-proc", "-z", str(self._file)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        process = self._process
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(payload)
        process.stdin.flush()
        output = b""
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while not output.endswith(b"\0"):  # raw reads with a deadline: a search never waits on a stuck process
            ready, _, _ = select.select([process.stdout], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TranslationError(f"no answer in {TIMEOUT_SECONDS:g} s")
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                raise TranslationError("the analyser stopped")
            output += chunk
        return output[:-1]

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None


def _stream_escaped(text: str) -> str:
    """Text as Apertium's stream format takes it: its reserved characters escaped, no NUL."""
    return re.sub(r"([\^$@*/<>{}\[\]\\])", r"\\\1", text.replace("\0", " "))


_analysers: dict[str, Analyser | None] = {}
_analysers_lock = threading.Lock()


def analyser(language: str) -> Analyser | None:
    """The shared analyser of `language`, or None when no installed pair translates from it."""
    with _analysers_lock:
        if language not in _analysers:
            found = _analyser_file(language) if shutil.which("lt-proc") else None
            _analysers[language] = Analyser(language, found) if found else None
        return _analysers[language]
