"""The Apertium wrapper, with the real Apertium (installed by scripts/system_packages.sh)."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.translation import (
    Analyser,
    TranslationError,
    analyser,
    installed_pairs,
    translate,
    translate_phrase_and_words,
)


def test_the_english_spanish_pair_is_installed_both_ways() -> None:
    assert {("en", "es"), ("es", "en")} <= installed_pairs()


def test_a_translation_loses_apertiums_unknown_word_marks_and_counts_the_known_words() -> None:
    done = translate("huelga de hambre en Xqztville", "es", "en")
    assert "*" not in done.text and "Xqztville" in done.text and done.text.lower().startswith("hunger strike")
    assert (done.words, done.known) == (5, 4)


def test_a_pair_that_is_not_installed_is_an_error_not_a_guess() -> None:
    with pytest.raises(TranslationError, match="cannot translate en to xx"):
        translate("bail", "en", "xx")


def test_the_analyser_comes_back_when_its_process_dies() -> None:
    spanish = analyser("es")
    assert spanish is not None and spanish.known_words("audiencia de fianza") == (3, 3)
    process = spanish._process
    assert process is not None
    process.kill()
    process.wait()
    assert spanish.known_words("fianza") == (1, 1)  # the next question starts a new process
    assert spanish._process is not process


def test_a_language_without_an_installed_pair_has_no_analyser() -> None:
    assert analyser("xx") is None


def test_an_analyser_that_cannot_run_is_an_error_with_a_reason(tmp_path: Path) -> None:
    broken = Analyser("es", tmp_path / "missing.automorf.bin")
    with pytest.raises(TranslationError, match="analyser"):
        broken.known_words("fianza")


def test_each_word_is_translated_alone_beside_the_phrase_in_one_call() -> None:
    """Apertium's transfer reorders words within a sentence ("asylum seekers" -> "buscadores de
    asilo"); each word alone must come back in its own place, as many as were sent."""
    translate.cache_clear()
    done = translate_phrase_and_words(("kidnapping", "asylum", "seekers", "Mexico"), "en", "es")
    assert done.phrase == "Secuestrando buscadores de asilo México"
    assert [w.casefold() for w in done.each] == ["secuestro", "asilo", "buscadores", "méxico"]
    assert translate.cache_info().misses == 1  # one subprocess for the phrase and every word
    back = translate_phrase_and_words(("derecho", "a", "solicitar", "asilo"), "es", "en")
    assert back.phrase.casefold() == "right to request asylum"
    assert len(back.each) == 4 and back.each[-1].casefold() == "asylum"
