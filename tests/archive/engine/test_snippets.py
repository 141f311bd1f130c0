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


def _spans_word_by_word(text: str, marks: Highlight, language: str) -> list[tuple[int, int]]:
    """The definition the fast path must keep: every token analysed in order, single terms marked,
    phrases marked where their terms are consecutive among the words the index keeps."""
    from archive.engine.snippets import _WORD, _index_term

    tokens = [(t, m.start(), m.end()) for m in _WORD.finditer(text) if (t := _index_term(m.group(), language))]
    spans = {(a, b) for t, a, b in tokens if t in marks.terms}
    terms = [t for t, _, _ in tokens]
    for phrase in marks.phrases:
        for i in range(len(terms) - len(phrase) + 1):
            if tuple(terms[i : i + len(phrase)]) == phrase:
                spans.update((a, b) for _, a, b in tokens[i : i + len(phrase)])
    return sorted(spans)


def test_hit_words_inside_longer_words_or_dotted_tokens_are_not_marked() -> None:
    """Hits are located by searching the text for the word: an "ice" inside "police", "ICE.gov" or
    "ice_box" is not the token "ice", and "U.S." is one token."""
    text = "Police and ICE.gov; ice_box, ICE. The U.S. ice-cold I.C.E ice"
    spans = match_spans(text, Highlight({"ice", "u."}))
    assert [text[a:b] for a, b in spans] == ["ICE", "U.S", "ice", "ice"]
    assert spans == _spans_word_by_word(text, Highlight({"ice", "u."}), "en")


def test_a_section_or_form_number_is_marked_however_it_is_written() -> None:
    """Digits and letters are separate words ("287G" is "287" "g"), so each way of writing a section
    is marked where the index matched it, and a number inside a longer number is not."""
    text = "Its 287G program, a 287(g) deal, the 287-g model; not 1287 nor 2870. Form I589 or I-589."
    marks = Highlight({"287", "g", "589"})
    spans = match_spans(text, marks)
    assert [text[a:b] for a, b in spans] == ["287", "G", "287", "g", "287", "g", "589", "589"]
    assert spans == _spans_word_by_word(text, marks, "en")


def test_a_phrase_skips_stop_words_between_its_words_but_not_other_words() -> None:
    text = "The right of the people. Right to people. Right, people; right free people"
    marks = Highlight(phrases=[("right", "peopl")])
    spans = match_spans(text, marks)
    assert [text[a:b] for a, b in spans] == ["right", "people", "Right", "people", "Right", "people"]
    assert spans == _spans_word_by_word(text, marks, "en")


def test_the_fast_path_marks_what_analysing_every_word_marks() -> None:
    """Accents, case, punctuation glued to words, repeated words, Spanish stems, a phrase beside
    single terms: located hits equal the word-by-word definition."""
    texts = {
        "en": "Deportations, deported—DEPORT! (deportation) re-deported; «deported» deportees deport.",
        "es": "La detención y las detenciones: DETENCIÓN, detencion; detenido. Libertad, ¡libertad!",
        "plain": "Über die Abschiebung: abschiebung, ABSCHIEBUNG. Haft; haft-frei",
    }
    marks = {
        "en": Highlight({"deport"}, [("deport", "deport")]),
        "es": Highlight({"detencion", "libert"}, [("detencion", "detencion")]),
        "plain": Highlight({"abschiebung", "haft"}, [("die", "abschiebung")]),
    }
    for language, text in texts.items():
        spans = match_spans(text, marks[language], language)
        assert spans, language
        assert spans == _spans_word_by_word(text, marks[language], language), language


def test_sentences_end_at_their_punctuation_and_a_closing_quote_after_it_is_left_out() -> None:
    from archive.engine.snippets import _sentences

    text = 'He said "Free them." Then what?! Wait… ok\n\nNext line. . .'
    parts = [text[a:b] for a, b in _sentences(text)]
    assert parts == ['He said "Free them.', "Then what?!", "Wait…", "ok", "Next line.", ".", "."]


def test_hits_are_found_the_same_when_the_remembered_chunks_are_forgotten(monkeypatch) -> None:
    """The chunks met before are forgotten when there are too many; a passage read across that
    forgetting (some of its chunks known, some not) still has every hit."""
    import archive.engine.snippets as snippets

    monkeypatch.setattr(snippets, "_MAX_CACHED_WORDS", 4)
    monkeypatch.setattr(snippets, "_CHUNKS", {lang: snippets._ChunkIndex() for lang in snippets.ANALYSIS_LANGUAGES})
    marks = Highlight({"deport", "famili"})
    texts = [
        "Families deported.",
        "Deportation splits families, and families fight deportation!",
        "Nothing here at all, none of it, really nothing",
        "families deported families deported",
    ]
    for text in texts * 2:
        assert match_spans(text, marks) == _spans_word_by_word(text, marks, "en"), text
