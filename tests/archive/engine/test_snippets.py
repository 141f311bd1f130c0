"""Snippets: the window of a passage around the words a query matched, and where those words are."""

from __future__ import annotations

from archive.engine.snippets import Highlight, match_spans, snippet


def test_spaces_and_tabs_become_one_space_and_line_breaks_end_sentences() -> None:
    cut = snippet("Families  stay\t\ttogether.\tNothing here\nDetention  ends", Highlight({"detent"}))
    assert cut.text == "Detention ends"
    assert cut.cut_before and not cut.cut_after
    assert [cut.text[a:b] for a, b in cut.hits] == ["Detention"]
    assert "  " not in snippet("a  b \t c", Highlight()).text


def test_words_are_marked_as_the_index_matched_them() -> None:
    text = "Deported people and deportation orders; not the deportee's report."
    spans = match_spans(text, Highlight({"deport"}))
    assert [text[a:b] for a, b in spans] == ["Deported", "deportation"]


def test_a_phrase_is_marked_only_where_all_its_words_stand_in_a_row() -> None:
    text = "Immigrant justice now. Justice for every immigrant."
    spans = match_spans(text, Highlight(phrases=[("immigr", "justic")]))
    assert [text[a:b] for a, b in spans] == ["Immigrant", "justice"]
