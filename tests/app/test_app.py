"""The Streamlit app through AppTest: search, filters, URL state, suggestions, first-run build."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from app_pages.safe_html import KIND_LABELS
from archive import Archive, SearchRequest
from archive.facets import BY_URL_PARAM, FACETS
from tests.app.conftest import APP


def cards(at: AppTest) -> list[str]:
    """Result cards as HTML with character references decoded (document text is written as
    references, archive.markup), so tests read the words as a browser shows them."""
    return [unescape(m.value) for m in at.markdown if m.value.startswith('<div class="card">')]


def page_text(elements: object) -> str:
    return "\n".join(unescape(m.value) for m in elements)  # type: ignore[attr-defined]


def app_on_index(index: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """A fresh app on the index at `index` (the archive the process had open is dropped)."""
    monkeypatch.setenv("ARCHIVE_INDEX", str(index))
    st.cache_resource.clear()
    return AppTest.from_file(str(APP), default_timeout=60)


def open_url(app: AppTest, **params: str) -> None:
    """Run the app as a visit to the URL with `params` would."""
    for key, value in params.items():
        app.query_params[key] = value
    app.run()


def test_first_page_lists_the_archive_with_facet_counts(app: AppTest) -> None:
    app.run()
    assert not app.exception
    assert app.title[0].value == "Archive Search"
    assert len(cards(app)) == 7
    kind = app.sidebar.multiselect(key="f_kind")
    assert kind.options == ["Statement (4)", "Webinar (2)", "PDF (1)"]
    orgs = app.sidebar.multiselect(key="f_org").options
    assert "Just Futures Law (4)" in orgs and len(orgs) == 4  # the four partners: no allies, not the network
    assert app.query_params == {}


def test_the_search_hint_comes_from_the_archive_itself(app: AppTest, sample_archive: Archive) -> None:
    app.run()
    everything = sample_archive.search(SearchRequest()).facets
    hint = app.text_input(key="q").placeholder
    top_hashtag = next(iter(everything.of("hashtags")))
    assert hint.startswith(f"Try: {top_hashtag} · org:") and "kind:pdf" in hint


def test_search_writes_the_url_and_shows_passages(app: AppTest) -> None:
    app.run()
    app.text_input(key="q").input("deportation pipeline").run()
    assert not app.exception
    assert app.query_params == {"q": "deportation pipeline"}
    # the fact sheet and the webinar that reads it aloud both say it; either may come first
    first_two = cards(app)[:2]
    (fact_sheet,) = [c for c in first_two if "How does ending criminalization help stop deportations?" in c]
    # a PDF page opens its page view
    assert (
        '<span class="where"><a href="/?q=deportation+pipeline&doc=pdfs%2Fending-criminalization-stops-'
        'deportations.pdf&page=1" target="_self">p. 1</a></span>'
    ) in fact_sheet
    assert "<mark>pipeline</mark>" in fact_sheet


def test_webinar_passage_shows_time_and_speaker(app: AppTest) -> None:
    app.run()
    app.text_input(key="q").input('"bond funds and commissary"').run()
    # the words are spoken at 2:20, in the passage of 2:09-2:35: the hit lands on them, not on 2:09
    assert "▶ 2:18 · Panelist 1" in cards(app)[0]


def test_sidebar_filter_and_url(app: AppTest) -> None:
    app.run()
    app.sidebar.multiselect(key="f_kind").select("pdf").run()
    assert len(cards(app)) == 1 and app.query_params == {"kind": "pdf"}
    app.sidebar.multiselect(key="f_kind").select("webinar").run()
    assert len(cards(app)) == 3 and app.query_params == {"kind": ["pdf", "webinar"]}


def test_every_facet_has_a_sidebar_filter_and_a_url_parameter(app: AppTest, sample_archive: Archive) -> None:
    """The sidebar is made from archive.facets: agencies (new) filter like the others, in the URL too."""
    app.run()
    counts = sample_archive.search(SearchRequest()).facets
    for facet in FACETS:
        if facet.name != "organizations":  # the sidebar lists partners only
            options = app.sidebar.multiselect(key=f"f_{facet.url_param}").options
            shown = KIND_LABELS if facet.name == "kind" else {}
            assert options == [f"{shown.get(v, v)} ({n})" for v, n in counts.of(facet.name).items()], facet.name
    agency, count = next(iter(counts.of("agencies").items()))
    app.sidebar.multiselect(key="f_agency").select(agency).run()
    assert not app.exception
    assert len(cards(app)) == min(count, 10) and app.query_params == {"agency": agency}


def test_the_type_ahead_box_lists_the_archives_names_and_filters_by_the_one_chosen(
    app: AppTest, sample_archive: Archive
) -> None:
    app.run()
    box = app.selectbox(key="jump")
    # every topic, hashtag, organization (allies too), agency and person, with its count; acronyms
    # are in the label, so typing "ILRC" finds the partner
    assert "ILRC · Immigrant Legal Resource Center · partner organization (5)" in box.options
    facets = sample_archive.search(SearchRequest()).facets
    assert sum(len(facets.of(f)) for f in ("topics", "hashtags", "organizations", "agencies", "people")) == len(
        box.options
    )
    box.set_value(("hashtag", "#FreeThemAll")).run()
    assert not app.exception
    assert app.query_params == {"hashtag": "#FreeThemAll"}
    assert len(cards(app)) == facets.of("hashtags")["#FreeThemAll"]
    assert app.selectbox(key="jump").value is None  # the box is empty again for the next name
    app.selectbox(key="jump").set_value(("topic", "Immigration detention")).run()
    assert app.query_params == {"hashtag": "#FreeThemAll", "topic": "Immigration detention"}


def test_an_agency_in_the_url_filters_the_results(app: AppTest, sample_archive: Archive) -> None:
    agency, count = next(iter(sample_archive.search(SearchRequest()).facets.of("agencies").items()))
    app.query_params["agency"] = [agency.lower()]  # values match whatever their casing
    app.run()
    assert not app.exception
    assert len(cards(app)) == min(count, 10) < 6
    assert app.sidebar.multiselect(key="f_agency").value == [agency.lower()]
    assert f"{agency.lower()} ({count})" in app.sidebar.multiselect(key="f_agency").options


def test_url_prefills_the_search(app: AppTest) -> None:
    app.query_params["q"] = "#FreeThemAll"
    app.query_params["hashtag"] = ["#FreeThemAll"]
    app.run()
    assert app.text_input(key="q").value == "#FreeThemAll"
    assert app.sidebar.multiselect(key="f_hashtag").value == ["#FreeThemAll"]
    assert len(cards(app)) == 1 and "To #FlattenTheCurve, We Must #FreeThemAll" in cards(app)[0]


def test_malformed_query_gets_a_gentle_note_and_no_traceback(app: AppTest) -> None:
    app.run()
    app.text_input(key="q").input('"free them AND').run()
    assert not app.exception
    assert "plain words" in page_text(app.markdown)


def test_no_results_and_did_you_mean(app: AppTest) -> None:
    app.run()
    app.text_input(key="q").input("deportaton").run()
    assert "No documents match" in app.warning[0].value
    app.button(key="suggestion").click().run()
    assert app.text_input(key="q").value == "deportation"
    assert cards(app)


def test_a_misspelled_word_gets_did_you_mean_beside_the_results_its_other_words_find(app: AppTest) -> None:
    app.run()
    app.text_input(key="q").input("detension conditions").run()
    found = len(cards(app))
    assert found and "Did you mean <strong>detention conditions</strong>" in page_text(app.markdown)
    app.button(key="suggestion").click().run()
    assert app.text_input(key="q").value == "detention conditions" and len(cards(app)) >= found


def test_first_run_builds_the_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHIVE_INDEX", str(tmp_path / "new-index"))
    monkeypatch.setenv("ARCHIVE_SOURCE", str(APP.parent / "corpus"))
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not at.exception
    assert len(cards(at)) == 7 and (tmp_path / "new-index").is_dir()


def test_glossary_definitions_and_related_hashtags(app: AppTest) -> None:
    app.query_params["q"] = "ICE"
    app.query_params["hashtag"] = ["#DefundPolice"]
    app.run()
    assert "Immigration and Customs Enforcement" in page_text(app.markdown)
    assert any(
        "Used with #DefundPolice" in unescape(m.value) and "#AbolishICE (1)" in unescape(m.value)
        for m in app.sidebar.markdown
    )


def test_status_page(app: AppTest) -> None:
    app.run()
    app.switch_page("app_pages/status.py").run()
    assert not app.exception
    assert app.title[0].value == "Index status"
    assert any("7 documents, 28 passages" in m.value for m in app.markdown)
    built = next(m.value for m in app.markdown if "last built" in m.value)
    assert re.search(r"last built \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}&#58;\d{2} UTC", built), built  # not ISO
    assert "Cross-language search: on: queries translated Spanish to English (Apertium)" in unescape(built)
    kinds = next(m.value for m in app.markdown if "<table" in m.value)
    assert "<td>PDF</td>" in kinds and "<td>Statement</td>" in kinds and ">pdf<" not in kinds  # labels, not codes
    assert "Rebuilding from the app is off" in app.caption[-1].value
    assert not [b for b in app.button if b.key == "rebuild"]


def test_staff_can_rebuild_after_signing_in(app: AppTest, monkeypatch: pytest.MonkeyPatch, sample_index: Path) -> None:
    monkeypatch.setenv("ARCHIVE_STAFF_PASSWORD", "s3cret")
    app.run()
    app.switch_page("app_pages/status.py").run()
    assert not [b for b in app.button if b.key == "rebuild"]
    # a form's field and its submit button go in one run, as a browser sends them
    app.text_input[0].input("wrong")
    app.button[0].click().run()
    assert "not right" in app.error[0].value
    app.text_input[0].input("s3cret")
    app.button[0].click().run()
    app.button(key="rebuild").click().run()
    assert not app.exception
    assert "Rebuilt: 0 added, 0 updated, 0 removed, 7 unchanged, 0 failed." in app.success[0].value


def test_document_page(app: AppTest) -> None:
    app.query_params["doc"] = "webinars/three-principles-demo-webinar.vtt"
    app.query_params["q"] = "bond funds"
    app.run()
    assert not app.exception
    assert (
        '<h2 class="doc-title">Demo webinar: Three principles for ending criminalization (synthetic transcript)</h2>'
        in page_text(app.markdown)
    )
    assert "not a real event" in app.info[0].value
    text = page_text(app.markdown)
    assert "<mark>Bond</mark> <mark>funds</mark>" in text
    assert "▶ 2:09 · Panelist 1" in text
    assert "More like this" in [h.value for h in app.subheader]
    assert app.download_button(key="download_original").label == "Download the original (VTT)"
    assert app.code[0].value.startswith("Immigrant Justice Network. (n.d.). Demo webinar")
    # the rendered citation has the style's italics; the copied one is plain text
    assert "<i>Demo webinar" in page_text(app.markdown) and "*" not in app.code[0].value
    app.selectbox(key="cite_style").set_value("mla").run()
    assert app.code[0].value.startswith("“Demo webinar: Three principles")
    pinpoint = app.selectbox(key="cite_at")
    assert pinpoint.options[0] == "Whole document" and pinpoint.options[7] == "▶ 2:09 · Panelist 1"
    pinpoint.set_value("t129").run()  # the value names the time; the options show labels
    assert "2:09" in app.code[1].value  # MLA pinpoints in the text: the in-text box, below the reference
    assert app.query_params["doc"] == "webinars/three-principles-demo-webinar.vtt"
    assert (app.query_params["cite"], app.query_params["pin"]) == ("mla", "t129")  # a reload keeps them


def test_the_network_is_the_publisher_not_one_of_the_organizations(app: AppTest) -> None:
    open_url(app, q="detention")
    network = 'href="/?q=detention&amp;org=Immigrant+Justice+Network"'
    card_html = [m.value for m in app.markdown if m.value.startswith('<div class="card">')]
    assert card_html and not any(network in c for c in card_html)  # on every card it told none apart
    assert any("org=Immigrant+Defense+Project" in c for c in card_html)  # the partners stay
    open_url(app, doc="pdfs/ending-criminalization-stops-deportations.pdf")
    meta = next(m.value for m in app.markdown if '<dl class="meta">' in m.value)
    assert "<dt>Publisher</dt><dd>Immigrant Justice Network</dd>" in meta
    assert "<dt>Language</dt><dd>English</dd>" in meta  # named, not "en"
    organizations = meta.split("<dt>Organizations</dt><dd>")[1].split("</dd>")[0]
    assert "Immigrant Justice Network" not in organizations and "Just Futures Law" in organizations


def test_an_archive_without_a_profile_names_no_publisher(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from indexer.build import build

    src = tmp_path / "campaign-notes"
    src.mkdir()
    (src / "note.md").write_text("# Bond fund note\n\nThe Immigrant Defense Project joined the bond fund.\n")
    build([src], tmp_path / "ix", progress=False)
    at = app_on_index(tmp_path / "ix", monkeypatch)
    open_url(at, doc="note.md")
    meta = next(m.value for m in at.markdown if '<dl class="meta">' in m.value)
    assert "Publisher" not in meta and "Immigrant Defense Project" in meta


def test_citation_style_and_pinpoint_come_from_the_url(app: AppTest) -> None:
    app.query_params["doc"] = "pdfs/ending-criminalization-stops-deportations.pdf"
    app.query_params["cite"], app.query_params["pin"] = "chicago", "p2"
    app.run()
    assert not app.exception
    assert app.selectbox(key="cite_style").value == "chicago" and app.selectbox(key="cite_at").value == "p2"
    assert "p. 2." in app.code[0].value
    app.query_params["pin"] = "p99"  # a page the flyer does not have: the whole document is cited
    app.query_params["cite"] = "harvard"
    fresh = AppTest.from_file(str(APP), default_timeout=60)
    fresh.query_params.update(app.query_params)
    fresh.run()
    assert not fresh.exception and fresh.selectbox(key="cite_at").value == "whole"
    assert fresh.selectbox(key="cite_style").value == "apa"


def test_unknown_document(app: AppTest) -> None:
    app.query_params["doc"] = "../../etc/passwd"
    app.run()
    assert not app.exception and "no document with that id" in app.error[0].value


def test_exports_are_offered_for_the_whole_result_set(app: AppTest) -> None:
    app.run()
    labels = [b.label for b in app.download_button]
    assert labels == ["CSV", "JSON", "BibTeX", "RIS"]


def test_pager_links(app: AppTest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from indexer.build import build

    src = tmp_path / "src"
    src.mkdir()
    for n in range(12):
        (src / f"n{n:02d}.md").write_text(f"# Note {n}\n\nDetention note number {n}.\n")
    build([src], tmp_path / "ix", progress=False)
    at = app_on_index(tmp_path / "ix", monkeypatch)
    at.query_params["q"] = "detention"
    at.query_params["page"] = "2"
    at.run()
    assert len(cards(at)) == 2
    pager = next(m.value for m in at.markdown if 'class="pager"' in m.value)
    assert 'href="/?q=detention&amp;page=1"' in pager and "Page 2 of 2" in pager and "Next" not in pager


def test_browse_page(app: AppTest) -> None:
    app.run()
    app.switch_page("app_pages/browse.py").run()
    assert not app.exception
    text = page_text(app.markdown)
    assert (
        'href="/?topic=Immigration+detention"' in text
        and "Detention centers, mandatory detention, conditions inside" in text
    )
    assert "#FreeThemAll (1)" in text and "Just Futures Law (4)" in text
    app.selectbox(key="related_tag").set_value("#DefundPolice").run()
    assert "#AbolishICE (1)" in page_text(app.markdown)
    assert app.dataframe[0].value.loc["Immigration detention", "2020"] == 2  # values down, periods across
    chart = app.get("vega_lite_chart")
    assert len(chart) == 1 and '"orient": "bottom"' in chart[0].proto.spec and '"labelLimit": 0' in chart[0].proto.spec


def test_start_here_page(app: AppTest) -> None:
    app.run()
    app.switch_page("app_pages/start_here.py").run()
    assert not app.exception
    assert [h.value for h in app.header] == ["Topics and reading paths", "Glossary"]
    text = page_text(app.markdown)
    assert "To #FlattenTheCurve, We Must #FreeThemAll" in text
    assert "<strong>ICE (Immigration and Customs Enforcement)</strong>" in text
    # the profile's reading path comes first, in its order; summaries end at a word, with "…"
    policing = text[text.index("Policing and criminalization") :]
    firsts = [policing.index(t) for t in ("How does ending criminalization", "If you supported #AbolishICE")]
    assert firsts == sorted(firsts)
    summaries = re.findall(r'<span class="summary">(.*?)</span>', text)
    assert summaries and all(s.endswith(("…", ".", "!", "?", "”")) for s in summaries), summaries


def test_date_range_filter_and_url(app: AppTest) -> None:
    from datetime import date

    app.run()
    app.date_input(key="w_from").set_value(date(2020, 3, 1)).run()
    app.date_input(key="w_to").set_value(date(2020, 6, 30)).run()
    assert app.query_params == {"from": "2020-03-01", "to": "2020-06-30"}
    assert len(cards(app)) == 2


def test_partial_dates_in_the_url_fill_the_pickers(app: AppTest) -> None:
    from datetime import date

    app.query_params["from"] = "2020-03"
    app.query_params["to"] = "2020-06"
    app.run()
    assert app.date_input(key="w_from").value == date(2020, 3, 1)
    assert app.date_input(key="w_to").value == date(2020, 6, 30)
    assert len(cards(app)) == 2


def test_the_app_sees_a_new_index_generation_without_a_restart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from indexer.build import build

    src = tmp_path / "src"
    src.mkdir()
    (src / "first.md").write_text("# First statement\n\nBond funds free people.\n")
    build([src], tmp_path / "ix", progress=False)
    at = app_on_index(tmp_path / "ix", monkeypatch).run()
    assert len(cards(at)) == 1
    (src / "second.md").write_text("# Second statement\n\nMore bond funds.\n")
    build([src], tmp_path / "ix", progress=False)
    at.run()
    assert len(cards(at)) == 2


def test_a_long_document_is_shown_a_page_of_passages_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from indexer.build import build

    src = tmp_path / "src"
    src.mkdir()
    cues = "".join(
        f"{i // 60:02d}:{i % 60:02d}:00.000 --> {i // 60:02d}:{i % 60:02d}:59.000\n<v Host>Minute {i} of the long webinar.</v>\n\n"
        for i in range(120)
    )
    (src / "long.vtt").write_text("WEBVTT\n\n" + cues)
    build([src], tmp_path / "ix", progress=False)
    at = app_on_index(tmp_path / "ix", monkeypatch)
    at.query_params["doc"] = "long.vtt"
    at.run()
    text = page_text(at.markdown)
    assert text.count('class="passage"') == 50 and "Passages 1–50 of 120" in text
    assert "Minute 49 of" in text and "Minute 50 of" not in text
    assert 'href="/?doc=long.vtt&part=2"' in text
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["doc"], at.query_params["part"] = "long.vtt", "3"
    at.run()
    text = page_text(at.markdown)
    assert text.count('class="passage"') == 20 and "Passages 101–120 of 120" in text
    assert at.query_params["part"] == "3"


def test_a_pdf_page_opens_as_a_picture_with_the_matched_words_marked(app: AppTest) -> None:
    open_url(app, q="bond funds", rpage="2", doc="pdfs/ending-criminalization-stops-deportations.pdf", page="2")
    assert not app.exception
    text = page_text(app.markdown)
    assert "Page 2 of 2" in text and "Previous page" in text and "Next page" not in text
    images = app.get("image")
    assert len(images) == 1 and "Page 2 · 2 matched words marked" in str(images[0].proto)
    assert "<mark>bond</mark>" in text.lower()  # the page's text beside the picture, matches marked
    back = next(m.value for m in app.markdown if "Back to results" in m.value)
    assert 'href="/?q=bond+funds&amp;page=2"' in back  # the results page comes back
    assert app.query_params["page"] == "2" and app.query_params["rpage"] == "2"


def test_a_document_opens_on_its_own_page_with_the_search_kept_in_its_links(app: AppTest) -> None:
    open_url(app, q="detention", topic="Detention", doc="pdfs/ending-criminalization-stops-deportations.pdf", page="1")
    assert not app.exception
    assert not app.sidebar.multiselect and not app.text_input  # no filters or search box drawn for it
    back = next(m.value for m in app.markdown if "Back to results" in m.value)
    assert 'href="/?q=detention&amp;topic=Detention"' in back  # the search and its filter come back
    assert app.query_params["topic"] == "Detention" and app.query_params["doc"]


def test_a_page_the_pdf_does_not_have_is_refused_with_a_reason(app: AppTest) -> None:
    app.query_params["doc"] = "pdfs/ending-criminalization-stops-deportations.pdf"
    app.query_params["page"] = "99"
    app.run()
    assert not app.exception
    assert "page 99 is not a page of this document (it has 2)" in page_text(app.markdown)


def test_a_transcript_minute_in_the_url_leads_with_the_passage_spoken_then(app: AppTest) -> None:
    app.query_params["doc"] = "webinars/three-principles-demo-webinar.vtt"
    app.query_params["at"] = "140"
    app.run()
    assert not app.exception
    text = page_text(app.markdown)
    assert '<div class="passage current" aria-current="true"><div class="where">At ▶ 2:09 · Panelist 1</div>' in text
    # every transcript passage links to its own minute on this page
    assert 'href="/?doc=webinars%2Fthree-principles-demo-webinar.vtt&at=129"' in text
    assert app.query_params["at"] == "140"


def test_search_results_open_a_webinar_at_its_minute(app: AppTest) -> None:
    app.run()
    app.text_input(key="q").input('"bond funds and commissary"').run()
    assert "doc=webinars%2Fthree-principles-demo-webinar.vtt&at=138" in cards(app)[0]  # the words, at ~2:20


def test_a_recording_plays_from_the_minute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from indexer.build import build

    src = tmp_path / "src"
    src.mkdir()
    (src / "talk.vtt").write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:20.000\n<v Host>Welcome to the know your rights training.</v>\n\n"
        "00:01:10.000 --> 00:01:30.000\n<v Host>Bond funds free people from detention.</v>\n",
        encoding="utf-8",
    )
    (src / "talk.meta.toml").write_text('recording_url = "https://www.youtube.com/watch?v=abcdefghijk"\n')
    build([src], tmp_path / "ix", progress=False)
    at = app_on_index(tmp_path / "ix", monkeypatch)
    at.query_params["doc"], at.query_params["at"] = "talk.vtt", "75"
    at.run()
    assert not at.exception
    videos = at.get("video")
    assert len(videos) == 1 and videos[0].proto.start_time == 75
    assert "youtube.com" in videos[0].proto.url
    assert "At ▶ 1:10 · Host" in page_text(at.markdown)


def test_the_sample_recording_is_found_by_its_spoken_words_and_labelled(app: AppTest) -> None:
    """The bundled recording has no transcript: its words were heard at build time (#30)."""
    app.query_params["q"] = "rapid response"
    app.query_params["kind"] = "webinar"
    app.run()
    card = next(c for c in cards(app) if "flyer-read-aloud-synthetic-speech.opus" in c)
    assert re.search(r"doc=webinars%2Fflyer-read-aloud-synthetic-speech\.opus&at=3[0-9]\b", card)  # said at ~0:33
    app.query_params.clear()
    app.query_params["doc"], app.query_params["at"] = "webinars/flyer-read-aloud-synthetic-speech.opus", "33"
    app.run()
    assert not app.exception
    audio = app.get("audio")
    assert len(audio) == 1 and audio[0].proto.start_time == 33
    text = page_text(app.markdown)
    assert "Machine transcript" in text and "Whisper tiny.en" in text and "ynthetic" in text


def test_a_webinar_opened_at_a_minute_is_cited_at_that_minute(app: AppTest) -> None:
    """#28: a webinar opened at 2:20 still cited the whole recording."""
    app.query_params["doc"] = "webinars/three-principles-demo-webinar.vtt"
    app.query_params["at"] = "140"
    app.run()
    assert not app.exception
    assert app.selectbox(key="cite_at").value == "t129"  # the passage spoken at 2:20 starts at 2:09
    assert app.code[0].value.startswith("Immigrant Justice Network. (n.d.). Demo webinar")
    assert "In-text" not in app.code[0].value  # the reference alone, as it goes into a reference list
    assert app.code[1].value == "(Immigrant Justice Network, n.d., 2:09)"
    app.selectbox(key="cite_at").set_value("whole").run()
    assert app.code[1].value == "(Immigrant Justice Network, n.d.)"


def test_start_here_links_its_glossary_and_hides_empty_topics(app: AppTest) -> None:
    """#28: the glossary sat about 3,900 px down with no link to it, and empty topics were listed."""
    app.run()
    app.switch_page("app_pages/start_here.py").run()
    text = page_text(app.markdown)
    assert '<a href="#topics">Topics and reading paths</a>' in text and '<a href="#glossary">Glossary</a>' in text
    assert "No documents on this topic yet" not in text
    shown_topics = re.findall(r"<h3>(.*?)</h3>", text)
    assert shown_topics and len(shown_topics) == len(set(shown_topics))


def test_an_archive_without_a_profile_has_no_empty_sections(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """#28: Browse and Start here showed empty headings, a chart axis "0.000000" and a table "empty"."""
    from indexer.build import build

    src = tmp_path / "community-archive"
    src.mkdir()
    (src / "2019-note.md").write_text("# Note\n\nThe #BondFund freed neighbours. Just Futures Law helped.\n")
    (src / "2019-note.meta.toml").write_text('date = "2019-03-02"\n')
    (src / "2021-rally.md").write_text("# Rally\n\nA rally for the #BondFund.\n")
    (src / "2021-rally.meta.toml").write_text('date = "2021-06-01"\n')
    build([src], tmp_path / "ix", progress=False)
    app = app_on_index(tmp_path / "ix", monkeypatch)
    app.run()
    app.switch_page("app_pages/browse.py").run()
    assert not app.exception
    headers = [h.value for h in app.header]
    assert "Topics" not in headers and "Partner organizations" not in headers
    assert "Hashtags" in headers and "no topics yet" in page_text(app.markdown)
    spec = app.get("vega_lite_chart")[0].proto.spec
    assert '"height": 240' in spec and '"labelAngle": 0' in spec
    table = app.dataframe[0].value  # the chart's own data, values down and periods across
    assert list(table.columns) == ["2019", "2020", "2021"]  # the year without documents is a gap, not gone
    assert table["2020"].sum() == 0
    app.switch_page("app_pages/start_here.py").run()
    assert not app.exception and [h.value for h in app.header] == []
    assert "no topics with documents yet" in app.caption[0].value


def test_a_timeline_keeps_each_values_colour_between_year_and_month_views(app: AppTest) -> None:
    app.run()
    app.switch_page("app_pages/browse.py").run()
    yearly = json.loads(app.get("vega_lite_chart")[0].proto.spec)
    app.radio(key="tl_period").set_value("month").run()
    monthly = json.loads(app.get("vega_lite_chart")[0].proto.spec)
    domain = yearly["encoding"]["color"]["scale"]["domain"]
    assert domain and monthly["encoding"]["color"]["scale"]["domain"] == domain


def test_a_statement_offers_its_paragraphs_as_pinpoints(app: AppTest) -> None:
    open_url(app, doc="statements/flatten-the-curve-free-them-all.html")
    pinpoint = app.selectbox(key="cite_at")
    assert pinpoint.options[:4] == ["Whole document", "Paragraphs 1–4", "Paragraphs 5–8", "Paragraphs 9–12"]
    pinpoint.set_value("para5-8").run()
    assert app.code[1].value == "(Immigrant Justice Network, 2020, paras. 5–8)"
    assert app.query_params["pin"] == "para5-8"


@pytest.mark.parametrize(
    ("param", "acronym", "name"),
    [("agency", "ice", "Immigration and Customs Enforcement"), ("org", "ILRC", "Immigrant Legal Resource Center")],
)
def test_an_acronym_in_the_url_filters_and_counts_as_the_organization_it_names(
    app: AppTest, sample_archive: Archive, param: str, acronym: str, name: str
) -> None:
    facet = BY_URL_PARAM[param]
    count = sample_archive.search(SearchRequest()).facets.of(facet.name)[name]
    app.query_params[param] = [acronym]
    app.run()
    assert not app.exception
    assert 0 < len(cards(app)) == min(count, 10) < 6
    assert f"{acronym} ({count})" in app.sidebar.multiselect(key=f"f_{param}").options


def test_a_spanish_query_says_it_was_also_searched_in_english_and_the_switch_turns_it_off(app: AppTest) -> None:
    open_url(app, q="derechos")
    assert "Also searched in English: rights." in page_text(app.markdown)
    translated = len(cards(app))
    assert translated >= 1
    assert app.sidebar.checkbox(key="translate").value is True
    app.sidebar.checkbox(key="translate").uncheck().run()
    assert app.query_params["translate"] == ["0"] or app.query_params["translate"] == "0"
    assert "Also searched in" not in page_text(app.markdown)
    assert len(cards(app)) < translated


def test_a_url_with_translate_0_searches_only_as_typed(app: AppTest) -> None:
    open_url(app, q="derechos", translate="0")
    assert app.sidebar.checkbox(key="translate").value is False
    assert "Also searched in" not in page_text(app.markdown)
