"""Which language a document is in, so its text gets the right analyzer.

py3langid (a maintained fork of langid.py, BSD; a naive Bayes model over byte n-grams of 97
languages, bundled, no download) identifies the main text. English and Spanish are stemmed; any
other language is indexed with the plain analyzer (archive.engine.schema) and shown with its code,
which is better than stemming French as Spanish or Haitian Creole as English, as a stop-word vote
between the two did.

The profile's `languages` (default: English and Spanish) are what the archive expects: an
identification outside them is kept only when the model is sure of it (a short or mixed text
often gets a confident-looking but wrong guess), else the likeliest expected language is taken.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from typing import Any

SAMPLE_CHARS = 5_000  # the opening of the text decides: enough for a confident answer, and fast
SURE = 0.9  # probability above which a language the profile does not list is believed
MIN_LETTERS = 20  # fewer letters than this say too little to identify (a title, a hashtag)


@dataclass(frozen=True)
class LanguageGuess:
    """An ISO 639-1 code, the model's probability for it, and how it was decided."""

    code: str
    confidence: float
    method: str  # "identified", "expected" (the likeliest of the profile's languages), "stop-words", "default"


_ENGLISH = frozenset(
    "the and of to in is that for with on are as this be by we our it not from have will has all "
    "their they who was were which an at or but can must more".split()
)
_SPANISH = frozenset(
    "el la los las de del que y en un una por para con es son se su sus al lo como pero más nuestra "
    "nuestro nuestros este esta estos están hay ser fue".split()
)
_WORD = re.compile(r"[^\W\d_]+")


@functools.cache
def _load() -> tuple[Any, str | None]:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    try:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True), None
    except OSError as exc:
        return None, (
            f"language identification is off (its model could not be unpacked: {exc.strerror or exc}); "
            "English and Spanish were told apart by their stop words, other languages not at all"
        )


def identifier() -> Any:
    """The model, loaded once per process (half a second; a build loads it before forking its
    workers, which share it). py3langid unpacks it through a temporary file: where that cannot be
    written (a full disk), None, and documents are told apart by the stop-word vote below."""
    return _load()[0]


def model_problem() -> str | None:
    """Why the model could not be loaded, for the build report's notices (None when it loaded)."""
    return _load()[1]


def _stop_word_vote(text: str, default: str) -> LanguageGuess:
    """English or Spanish by stop-word counts: what is left when the model cannot be loaded."""
    words = [w.lower() for w in _WORD.findall(text[:40_000])][:5000]
    english = sum(1 for w in words if w in _ENGLISH)
    spanish = sum(1 for w in words if w in _SPANISH)
    if spanish > english * 1.2 and spanish >= 3:
        return LanguageGuess("es", 0.0, "stop-words")
    if english >= 3 or english > spanish:
        return LanguageGuess("en", 0.0, "stop-words")
    return LanguageGuess(default, 0.0, "default")


_A_LETTER = re.compile(r"[^\W\d_]")


def _has_letters(text: str, wanted: int) -> bool:
    """Whether `text` holds `wanted` letters: counted until there are enough (a build used to count
    every character of every document's sample, a character at a time)."""
    return sum(1 for _ in itertools.islice(_A_LETTER.finditer(text), wanted)) >= wanted


def detect_language(text: str, expected: tuple[str, ...] = ("en", "es"), default: str = "en") -> LanguageGuess:
    """The language of `text` (see the module docstring); `default` when the text is too short."""
    sample = text[:SAMPLE_CHARS]
    if not _has_letters(sample, MIN_LETTERS):
        return LanguageGuess(default, 0.0, "default")
    model = identifier()
    if model is None:
        return _stop_word_vote(sample, default)
    ranked = model.rank(sample)
    code, probability = ranked[0]
    if probability >= SURE or code in expected or not expected:
        return LanguageGuess(code, round(float(probability), 3), "identified")
    best = next(((c, p) for c, p in ranked if c in expected), (default, 0.0))
    return LanguageGuess(best[0], round(float(best[1]), 3), "expected")
