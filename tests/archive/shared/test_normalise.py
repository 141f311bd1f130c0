"""One form for indexed text and queries: ligatures, full-width forms, soft hyphens, NULs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from archive.shared.normalise import normalise_text


def test_compatibility_characters_become_what_they_stand_for() -> None:
    assert normalise_text("misﬁts and ﬂyers") == "misfits and flyers"
    assert normalise_text("ＩＣＥ　２０２０") == "ICE 2020"
    assert normalise_text("José\u00a0Martínez") == "José Martínez"  # accents stay, composed


def test_invisible_and_control_characters_are_dropped_line_breaks_kept() -> None:
    assert normalise_text("depor\u00adtation") == "deportation"
    assert normalise_text("free\u200bthem") == "freethem"
    assert normalise_text("stray\x00 NUL\x07s\x85") == "stray NULs"
    assert normalise_text("line one\nline two\tcell") == "line one\nline two\tcell"


@given(st.text())
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert "\x00" not in once and "\u00ad" not in once
