"""The app's HTML: result cards are safe (document strings escaped, only http(s) links clickable)."""

from __future__ import annotations

from app_pages.safe_html import excerpt, language_name, result_card
from archive import Archive, SearchRequest
from archive.results import PassageHit, ResultCard
from archive.shared.urls import safe_url


def test_safe_url() -> None:
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "//evil.example", "/relative", None):
        assert safe_url(bad) is None


def test_hostile_document_is_rendered_inert() -> None:
    result = ResultCard(
        doc_id="x",
        kind="statement",
        title="<script>alert(1)</script>",
        date="2020",
        url="javascript:alert(2)",
        recording_url="javascript:alert(6)",
        source_path="<img src=x onerror=alert(3)>",
        score=1.0,
        hashtags=("#<b>x</b>",),
        organizations=('"><svg onload=alert(4)>',),
        agencies=("<i>ICE</i>",),
        people=(),
        topics=("<u>t</u>",),
        visibility="public",
        synthetic=False,
        notes=(),
        text_source="speech",
        snippet="&lt;b&gt; safe",
        passages=(
            PassageHit(2, None, None, "<s>x</s>", "<mark>a</mark>", "javascript:alert(5)", "/?doc=x&page=2", 2, 4),
        ),
        more_passages=0,
    )
    html = result_card(result, {})
    assert "<script" not in html and "<img" not in html and "<svg" not in html and "<b>" not in html
    assert "<u>" not in html and "<s>" not in html
    assert "javascript:" not in html
    assert "Machine transcript" in html  # a recording's machine-made text is labelled on its card
    assert "&#60;script&#62;alert&#40;1&#41;&#60;/script&#62;" in html


def test_statement_passages_in_results_and_on_the_document_page_say_which_part(sample_archive: Archive) -> None:
    doc_id = "statements/immigrants-speak-out-day-of-resistance.html"
    result = next(r for r in sample_archive.search(SearchRequest(query="poison bills")).results if r.doc_id == doc_id)
    view = sample_archive.document_view(doc_id)
    assert view.passage_count > 1
    for hit in result.passages:
        assert hit.parts == view.passage_count and 1 <= hit.part <= hit.parts
        assert f"Part {hit.part} of {hit.parts}" in result_card(result, {}, "/?doc=x")
        shown = dict(view.numbered())[hit.part]
        assert "poison" in shown.passage.text.lower() or "bill" in shown.passage.text.lower()


def test_excerpts_end_at_a_word() -> None:
    text = "The Immigrant Justice Network is a partnership of the Immigrant Defense Project and others."
    assert excerpt(text, 40) == "The Immigrant Justice Network is a…"
    assert excerpt("Short enough.", 40) == "Short enough."
    assert excerpt("one, two, three four", 10) == "one, two…"


def test_languages_are_named_and_an_unknown_code_stays_as_it_is() -> None:
    assert [language_name(c) for c in ("en", "es", "ht")] == ["English", "Spanish", "Haitian Creole"]
    assert language_name("xx") == "xx" and language_name("") == ""
