"""The collection profile is validated strictly, with messages naming the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.shared.profile import ProfileError, SpeechProfile, load_profile

CORPUS_PROFILE = Path(__file__).resolve().parents[3] / "corpus" / "archive.toml"


def test_bundled_profile_loads() -> None:
    profile = load_profile(CORPUS_PROFILE)
    assert profile.name == "Immigrant Justice Network"
    assert {o.name for o in profile.partners} == {  # the network itself is the publisher, not a partner
        "Immigrant Defense Project",
        "Immigrant Legal Resource Center",
        "Just Futures Law",
        "National Immigration Project of the National Lawyers Guild",
    }
    assert len(profile.topics) >= 9 and all(t.description for t in profile.topics)
    assert any(g.term == "ICE" and g.expansion == "Immigration and Customs Enforcement" for g in profile.glossary)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[collection]\nname = "X"\nnmae = "typo"\n', "collection.nmae: unknown key"),
        ("[collection]\nname = 3\n", "collection.name: expected a string"),
        (
            '[collection]\nname = "X"\n[[organizations]]\nname = "A"\nacronyms = ["AB"]\n'
            '[[organizations]]\nname = "B"\naliases = ["ab"]\n',
            "duplicate alias 'ab'",
        ),
        (
            '[collection]\nname = "X"\n[[topics]]\nname = "T"\ndescription = "d"\nsignals = { a = "heavy" }\n',
            "topics[0].signals: expected a table of numbers",
        ),
        ('[collection]\nname = "X"\n[[organizations]]\nname = "A"\nrole = "friend"\n', "organizations[0].role"),
        ('[collection\nname = "X"\n', "not valid TOML"),
        ('[collection]\nname = "X"\n[extras]\n', "extras: unknown key"),
        ('[collection]\nname = "X"\n[speech]\nenabled = "no"\n', "speech.enabled: expected a true or false"),
        ('[collection]\nname = "X"\n[speech]\nbeam_size = 2.5\n', "speech.beam_size: expected a whole number"),
        ('[collection]\nname = "X"\n[speech]\nbeam_size = 50\n', "speech.beam_size: expected a whole number"),
        ('[collection]\nname = "X"\n[speech]\nlanguage = "English"\n', "speech.language: 'English' is not"),
        ('[collection]\nname = "X"\n[speech]\nmodle = "x"\n', "speech.modle: unknown key"),
    ],
)
def test_invalid_profiles_name_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "archive.toml"
    path.write_text(text)
    with pytest.raises(ProfileError) as error:
        load_profile(path)
    assert message in str(error.value) and str(path) in str(error.value)


def test_speech_settings_default_to_the_bundled_model_and_are_read_from_the_profile(tmp_path: Path) -> None:
    path = tmp_path / "archive.toml"
    path.write_text('[collection]\nname = "X"\n', encoding="utf-8")
    assert load_profile(path).speech == SpeechProfile()
    path.write_text(
        '[collection]\nname = "X"\n[speech]\nenabled = false\nmodel = "small"\nlanguage = "es"\n'
        "beam_size = 5\ninitial_prompt = true\n",
        encoding="utf-8",
    )
    assert load_profile(path).speech == SpeechProfile(False, "small", "es", 5, True)
