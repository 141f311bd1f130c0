"""The main-text chain: trafilatura favouring precision, then, while what is kept is too short,
trafilatura favouring recall and the density extractor, each kept only where it finds more."""

from __future__ import annotations

from indexer.main_text import FALLBACK_BELOW_CHARS, MainText, longest_main_text


def _text(chars: int, source: str) -> MainText:
    return MainText(["x" * chars], source=source)


def test_a_long_enough_first_text_is_kept_and_no_fallback_runs() -> None:
    ran: list[str] = []

    def fallback() -> MainText:
        ran.append("fallback")
        return _text(10 * FALLBACK_BELOW_CHARS, "recall")

    found = longest_main_text(_text(FALLBACK_BELOW_CHARS, "precision"), fallback)
    assert found.source == "precision" and ran == []


def test_a_short_text_gives_way_to_a_longer_fallback_and_the_chain_stops_once_long_enough() -> None:
    ran: list[str] = []

    def recall() -> MainText:
        ran.append("recall")
        return _text(FALLBACK_BELOW_CHARS + 1, "recall")

    def density() -> MainText:
        ran.append("density")
        return _text(10 * FALLBACK_BELOW_CHARS, "density")

    found = longest_main_text(_text(12, "precision"), recall, density)
    assert found.source == "recall" and ran == ["recall"]


def test_each_fallback_is_kept_only_where_it_finds_more() -> None:
    found = longest_main_text(
        _text(100, "precision"), lambda: _text(50, "recall"), lambda: _text(300, "density"), lambda: _text(200, "last")
    )
    assert found.source == "density"


def test_a_short_fallback_is_not_trusted_when_wrapped_in_long_enough() -> None:
    """Trafilatura favouring recall, on a short page, finds the article plus its menu and footer
    lines: below the threshold its text is not taken, so the short precise text stays."""
    from indexer.main_text import long_enough

    short_recall = lambda: long_enough(_text(FALLBACK_BELOW_CHARS - 1, "recall"))  # noqa: E731
    long_recall = lambda: long_enough(_text(FALLBACK_BELOW_CHARS, "recall"))  # noqa: E731
    assert longest_main_text(_text(90, "precision"), short_recall).source == "precision"
    assert longest_main_text(_text(90, "precision"), long_recall).source == "recall"
