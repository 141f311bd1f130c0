"""Document strings as inert HTML: nothing HTML, Markdown or Streamlit reads as syntax survives."""

from __future__ import annotations

import re
from html import unescape

from hypothesis import given
from hypothesis import strategies as st

from archive.markup import marked_html, paragraphs_html, text_html

SYNTAX = set("<>\"'`*_[](){}!#|\\~:$=+-@^")


@given(st.text())
def test_any_text_keeps_its_characters_and_loses_its_syntax(text: str) -> None:
    out = text_html(text)
    assert "\n" not in out and "\r" not in out
    bare = re.sub(r"&#\d+;", "", out)
    assert not (set(bare) & SYNTAX) and "&" not in bare
    assert unescape(out) == re.sub(r"[\r\n\v\f\x85\u2028\u2029]+", " ", text)


def test_markdown_and_html_attacks_become_text() -> None:
    attack = "Title\n\n![p](http://tracker.example/p.png)\n# Heading\n<img src=x onerror=alert(1)> www.evil.example"
    out = text_html(attack)
    assert "<" not in out and "](" not in out and "www." not in out and "\n" not in out
    assert (
        unescape(out)
        == "Title ![p](http://tracker.example/p.png) # Heading <img src=x onerror=alert(1)> www.evil.example"
    )


def test_marks_are_the_only_tags_added() -> None:
    assert marked_html("a <b> c", [(0, 1), (6, 7)]) == "<mark>a</mark> &#60;b&#62; <mark>c</mark>"


def test_paragraphs_become_p_elements_without_raw_line_breaks() -> None:
    text = "First line\nsecond line\n\n\n# Not a heading\n\n"
    heading = text.index("heading")
    out = paragraphs_html(text, [(0, 5), (heading, heading + 7)])
    assert out == "<p><mark>First</mark> line<br>second line</p><p>&#35; Not a <mark>heading</mark></p>"
