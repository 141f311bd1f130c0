"""Search on real indexes: the sample corpus, and a small purpose-built archive for specific rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archive import Archive, Filters, SearchRequest
from archive.engine.analysis import english_analyzer
from indexer.build import build

FLYER = "pdfs/ending-criminalization-stops-deportations.pdf"
WEBINAR = "webinars/three-principles-demo-webinar.vtt"
RECORDING = "webinars/flyer-read-aloud-synthetic-speech.opus"  # synthetic speech with no transcript
FREE_THEM_ALL = "statements/flatten-the-curve-free-them-all.html"


def ids(data: dict) -> list[str]:
    return [r["doc_id"] for r in data["results"]]


# --- The sample corpus (issue 2's checks) ----------------------------------------------------------


@pytest.mark.parametrize("query", ["#FreeThemAll", "#freethemall", "hashtag:FREETHEMALL"])
def test_hashtag_query_puts_the_free_them_all_statement_first(sample_archive: Archive, query: str) -> None:
    assert ids(sample_archive.search(SearchRequest(query=query)).to_json())[0] == FREE_THEM_ALL


def test_deportation_pipeline_finds_the_flyer_with_its_page(sample_archive: Archive) -> None:
    data = sample_archive.search(SearchRequest(query="deportation pipeline")).to_json()
    flyer = next(r for r in data["results"] if r["doc_id"] == FLYER)
    assert flyer["passages"][0]["page"] == 1
    assert "<mark>pipeline</mark>" in flyer["passages"][0]["snippet"]


def test_transcript_phrase_returns_its_timestamp_and_speaker(sample_archive: Archive) -> None:
    data = sample_archive.search(SearchRequest(query='"bond funds and commissary support"')).to_json()
    assert ids(data) == [WEBINAR]
    passage = data["results"][0]["passages"][0]
    # spoken at 2:20, in the passage of 2:09-2:35: the hit lands on the words (estimated), not on 2:09
    assert abs(passage["start"] - 140) <= 3 and passage["speaker"] == "Panelist 1"
    assert passage["page"] is None
    assert "<mark>Bond</mark> <mark>funds</mark> and <mark>commissary</mark> <mark>support</mark>" in passage["snippet"]


def test_organization_facet_lists_all_five_partners(sample_archive: Archive) -> None:
    orgs = sample_archive.search(SearchRequest()).to_json()["facets"]["organizations"]
    for partner in (
        "Immigrant Justice Network",
        "Immigrant Defense Project",
        "Immigrant Legal Resource Center",
        "Just Futures Law",
        "National Immigration Project of the National Lawyers Guild",
    ):
        assert orgs[partner] >= 4
    assert "Immigration and Customs Enforcement" not in orgs


def test_empty_query_browses_newest_first_with_all_kinds(sample_archive: Archive) -> None:
    data = sample_archive.search(SearchRequest()).to_json()
    assert data["total"] == 7 and data["sort"] == "newest"
    assert data["facets"]["kind"] == {"statement": 4, "pdf": 1, "webinar": 2}
    dated = [r["date"] for r in data["results"] if r["date"]]
    assert dated == sorted(dated, reverse=True)
    assert data["results"][-1]["date"] is None  # undated last


def test_filters_without_query_browse(sample_archive: Archive) -> None:
    data = sample_archive.search(SearchRequest(filters=Filters(hashtags=["defundpolice"]))).to_json()
    assert ids(data) == ["statements/abolish-ice-defund-police.html"]


def test_stemming(sample_archive: Archive) -> None:
    data = sample_archive.search(SearchRequest(query="deported")).to_json()
    assert FLYER in ids(data)
    assert any("<mark>deportation</mark>" in p["snippet"] for r in data["results"] for p in r["passages"])


def test_facets_or_within_and_across_and_ignore_own_selection(sample_archive: Archive) -> None:
    both = sample_archive.search(SearchRequest(filters=Filters(kind=["pdf", "webinar"]))).to_json()
    assert sorted(ids(both)) == [FLYER, RECORDING, WEBINAR]
    # the kind facet ignores its own selection: statements stay visible with their true count
    assert both["facets"]["kind"] == {"statement": 4, "pdf": 1, "webinar": 2}
    # other facets count only the selected kinds
    assert both["facets"]["hashtags"] == {"#StopCOVIDinSMCjails": 1, "#stopICETransfers": 1}
    narrowed = sample_archive.search(
        SearchRequest(filters=Filters(kind=["pdf", "webinar"], topics=["Mutual aid and bond funds"]))
    ).to_json()
    assert sorted(ids(narrowed)) == [FLYER, WEBINAR]
    across = sample_archive.search(
        SearchRequest(filters=Filters(kind=["statement"], hashtags=["#FreeThemAll"]))
    ).to_json()
    assert ids(across) == [FREE_THEM_ALL]


def test_date_filters_and_year_facet(sample_archive: Archive) -> None:
    spring = sample_archive.search(SearchRequest(filters=Filters(date_from="2020-03", date_to="2020-06"))).to_json()
    assert sorted(ids(spring)) == ["statements/abolish-ice-defund-police.html", FREE_THEM_ALL]
    assert spring["facets"]["year"] == {"2020": 4, "2018": 1}  # the year facet ignores the date selection
    years = sample_archive.search(SearchRequest(filters=Filters(year=["2018"]))).to_json()
    assert ids(years) == ["statements/immigrants-speak-out-day-of-resistance.html"]


def test_field_shorthands(sample_archive: Archive) -> None:
    assert ids(sample_archive.search(SearchRequest(query="kind:pdf")).to_json()) == [FLYER]
    assert WEBINAR in ids(sample_archive.search(SearchRequest(query='speaker:"Panelist 2" sheriff')).to_json())
    assert ids(sample_archive.search(SearchRequest(query="speaker:moderator")).to_json()) == [WEBINAR]
    by_acronym = ids(sample_archive.search(SearchRequest(query="org:ILRC")).to_json())
    assert by_acronym and len(by_acronym) == 5
    # a word of a topic's name selects the topic ("The administration and executive action")
    assert set(ids(sample_archive.search(SearchRequest(query="topic:executive")).to_json())) == {
        "statements/next-administration-new-way-forward.html",
    }
    assert ids(sample_archive.search(SearchRequest(query="year:2018")).to_json()) == [
        "statements/immigrants-speak-out-day-of-resistance.html"
    ]
    assert sorted(ids(sample_archive.search(SearchRequest(query="date:2020-03..2020-06")).to_json())) == [
        "statements/abolish-ice-defund-police.html",
        FREE_THEM_ALL,
    ]
    assert FREE_THEM_ALL not in ids(sample_archive.search(SearchRequest(query="detention -#FreeThemAll")).to_json())


def test_acronym_expansion_without_weather_ice(sample_archive: Archive) -> None:
    upper = sample_archive.search(SearchRequest(query="ICE")).to_json()
    assert upper["total"] == 4
    expanded = sample_archive.search(SearchRequest(query="Immigration and Customs Enforcement")).to_json()
    assert set(ids(expanded)) >= set(ids(upper))


def test_malformed_queries_fall_back_with_a_notice(sample_archive: Archive) -> None:
    for query in ['"unclosed', "AND OR", "title:", "(detention", "detention AND"]:
        data = sample_archive.search(SearchRequest(query=query)).to_json()
        assert data["notice"] and "plain words" in data["notice"], query


def test_did_you_mean(sample_archive: Archive) -> None:
    data = sample_archive.search(SearchRequest(query="deportaton")).to_json()
    assert data["total"] == 0 and data["suggestion"] == "deportation"
    assert sample_archive.search(SearchRequest(query="deportation")).to_json()["suggestion"] is None


def test_did_you_mean_corrects_a_misspelled_word_even_when_the_others_find_results(sample_archive: Archive) -> None:
    data = sample_archive.search(SearchRequest(query="detension conditions")).to_json()
    assert data["total"] > 0 and data["suggestion"] == "detention conditions"
    assert sample_archive.search(SearchRequest(query="detention conditions")).to_json()["suggestion"] is None


def test_a_rare_misspelling_the_archive_itself_holds_gets_the_common_word(tmp_path: Path) -> None:
    """ "detension" in one page (a typo a page made) against "detention" in many (texts invented)."""
    source = tmp_path / "pages"
    source.mkdir()
    (source / "typo.txt").write_text("Families in detension need lawyers.\n", encoding="utf-8")
    for n in range(12):
        (source / f"page{n}.txt").write_text(
            f"Report {n} on detention centers and their conditions.\n", encoding="utf-8"
        )
    build([source], tmp_path / "index", progress=False)
    archive = Archive(tmp_path / "index")
    assert archive.search(SearchRequest(query="detension")).to_json()["suggestion"] == "detention"
    assert archive.search(SearchRequest(query="report")).to_json()["suggestion"] is None


def test_snippets_are_escaped_with_only_mark_tags(sample_archive: Archive) -> None:
    data = sample_archive.search(SearchRequest(query="bail & bond")).to_json()
    snippets = [p["snippet"] for r in data["results"] for p in r["passages"]]
    assert any("bail</mark> &#38; <mark>bond" in s for s in snippets)
    for snippet in snippets:
        assert re.sub(r"</?mark>", "", snippet).count("<") == 0


def test_pagination_is_stable_with_a_true_total(sample_archive: Archive) -> None:
    whole = ids(sample_archive.search(SearchRequest(query="immigrants", per_page=100)).to_json())
    pages = [
        ids(sample_archive.search(SearchRequest(query="immigrants", per_page=2, page=n)).to_json()) for n in (1, 2, 3)
    ]
    assert [doc for page in pages for doc in page] == whole[:6]
    assert sample_archive.search(SearchRequest(query="immigrants", per_page=2)).to_json()["total"] == len(whole)


def test_sort_oldest(sample_archive: Archive) -> None:
    data = sample_archive.search(SearchRequest(query="immigrants", sort="oldest")).to_json()
    dates = [r["date"] for r in data["results"] if r["date"]]
    assert dates == sorted(dates)


# --- A small purpose-built archive ------------------------------------------------------------------


def test_a_section_or_form_number_is_found_however_it_is_written(tmp_path: Path) -> None:
    """Pages write one statute section or form many ways (texts invented); a search in any of those
    ways finds all of them, and a longer number is not a match."""
    source = tmp_path / "pages"
    source.mkdir()
    written = {"parens": "287(g)", "capital": "287G", "hyphen": "287-G", "joined": "287g"}
    for name, section in written.items():
        (source / f"{name}.txt").write_text(f"The county ended its {section} agreement with ICE.\n", encoding="utf-8")
    (source / "other.txt").write_text("The county ended agreement 2870 and form 1287.\n", encoding="utf-8")
    (source / "asylum.txt").write_text("File form I-589 within one year.\n", encoding="utf-8")
    (source / "asylum2.txt").write_text("Our clinic helps with the I589 application.\n", encoding="utf-8")
    build([source], tmp_path / "index", progress=False)
    archive = Archive(tmp_path / "index")
    for query in [*written.values(), '"287(g) agreement"']:
        assert sorted(ids(archive.search(SearchRequest(query=query)).to_json())) == sorted(
            f"{name}.txt" for name in written
        ), query
    for query in ("I-589", "i589"):
        assert sorted(ids(archive.search(SearchRequest(query=query)).to_json())) == ["asylum.txt", "asylum2.txt"]


def _page(title: str, body: str) -> str:
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{body}</p></article></body></html>"
    )


@pytest.fixture(scope="module")
def small_archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    from indexer.build import build

    src = tmp_path_factory.mktemp("small-src")
    (src / "public.html").write_text(_page("Public bond fund news", "Our bond fund paid bail for twelve neighbours."))
    (src / "secret.html").write_text(_page("Internal strategy memo", "Zanzibarian strategy for the bond fund."))
    (src / "secret.meta.toml").write_text('visibility = "internal"\n')
    (src / "es.html").write_text(
        _page(
            "Alto a las deportaciones",
            "Exigimos el fin de la deportación de nuestras familias y de la detención de los trabajadores. "
            "Las comunidades están organizadas para defender a sus vecinos.",
        )
    )
    index = tmp_path_factory.mktemp("small-index")
    assert build([src], index, progress=False).failed == []
    return Archive(index)


def test_internal_documents_are_left_out_unless_asked(small_archive: Archive) -> None:
    public = small_archive.search(SearchRequest(query="bond fund")).to_json()
    assert ids(public) == ["public.html"]
    assert public["facets"]["kind"] == {"statement": 1}
    assert small_archive.search(SearchRequest(query="zanzibarian")).to_json()["total"] == 0
    staff = small_archive.search(SearchRequest(query="bond fund", include_internal=True)).to_json()
    assert sorted(ids(staff)) == ["public.html", "secret.html"]


def test_spanish_documents_use_a_spanish_stemmer(small_archive: Archive) -> None:
    meta = small_archive.metadata("es.html")
    assert meta.language == "es"
    for query in ("deportación", "deportaciones", "deportacion"):
        assert ids(small_archive.search(SearchRequest(query=query)).to_json()) == ["es.html"], query


def test_hashtags_are_searchable_by_their_words(sample_archive: Archive) -> None:
    assert ids(sample_archive.search(SearchRequest(query="free them all")).to_json())[0] == FREE_THEM_ALL
    assert "statements/abolish-ice-defund-police.html" in ids(
        sample_archive.search(SearchRequest(query="defund")).to_json()
    )


def test_related_hashtags(sample_archive: Archive) -> None:
    assert sample_archive.related_hashtags("#freethemall") == {"#FlattenTheCurve": 1}
    assert sample_archive.related_hashtags("#DefundPolice") == {
        "#AbolishICE": 1,
        "#BlackLivesMatter": 1,
        "#DefundThePolice": 1,
    }
    assert sample_archive.related_hashtags("#NoSuchTag") == {}


def test_glossary_for_the_front_end(sample_archive: Archive) -> None:
    terms = [g["term"] for g in sample_archive.glossary()]
    assert terms == sorted(terms, key=str.casefold) and "287(g)" in terms
    assert [g["term"] for g in sample_archive.glossary_for("ICE transfers and DACA")] == ["DACA", "ICE"]
    assert sample_archive.glossary_for("ice on the road") == []
    assert [g["term"] for g in sample_archive.glossary_for("immigration and customs enforcement")] == ["ICE"]


def test_hashtag_display_form_is_the_most_frequent_casing_across_documents(tmp_path: Path) -> None:
    from indexer.build import build

    src = tmp_path / "src"
    src.mkdir()
    for name, tag in (("a", "#freethemall"), ("b", "#freethemall"), ("c", "#FreeThemAll")):
        (src / f"{name}.md").write_text(f"# Statement {name}\n\nWe say {tag} today.\n")
    build([src], tmp_path / "ix", progress=False)
    archive = Archive(tmp_path / "ix")
    data = archive.search(SearchRequest(query="#FREETHEMALL")).to_json()
    assert data["total"] == 3
    assert data["facets"]["hashtags"] == {"#freethemall": 3}
    assert {h for r in data["results"] for h in r["hashtags"]} == {"#freethemall"}


def test_hyphenated_words_are_phrases_not_exclusions(sample_archive: Archive) -> None:
    data = sample_archive.search(SearchRequest(query="anti-immigrant")).to_json()
    assert ids(data) == ["statements/immigrants-speak-out-day-of-resistance.html"]
    assert "<mark>anti</mark>&#45;<mark>immigrant</mark>" in data["results"][0]["passages"][0]["snippet"]
    assert data["notice"] is None


def test_prefix_and_fuzzy(sample_archive: Archive) -> None:
    assert FLYER in ids(sample_archive.search(SearchRequest(query="deport*")).to_json())
    fuzzy = sample_archive.search(SearchRequest(query="detension~")).to_json()
    assert FREE_THEM_ALL in ids(fuzzy) and fuzzy["notice"] is None
    assert ids(sample_archive.search(SearchRequest(query="commissary NOT bail")).to_json()) == [WEBINAR]


def test_up_to_three_passages_with_a_count_of_the_rest(sample_archive: Archive) -> None:
    webinar = next(
        r
        for r in sample_archive.search(SearchRequest(query="flyer principles sheriff")).to_json()["results"]
        if r["doc_id"] == WEBINAR
    )
    assert len(webinar["passages"]) == 3 and webinar["more_passages"] >= 1
    assert all(p["start"] is not None and p["speaker"] for p in webinar["passages"])


def test_relevance_ties_are_broken_by_date_newest_first(tmp_path: Path) -> None:
    from indexer.build import build

    src = tmp_path / "src"
    src.mkdir()
    # Same length, same matching words (equal BM25 scores), different files (not de-duplicated).
    for name, date in (("alpha", "2016"), ("bravo", "2021-02"), ("delta", "2019")):
        (src / f"{name}.md").write_text(f"# Note\n\nSanctuary policies protect neighbours in {name}.\n")
        (src / f"{name}.meta.toml").write_text(f'date = "{date}"\n')
    build([src], tmp_path / "ix", progress=False)
    data = Archive(tmp_path / "ix").search(SearchRequest(query="sanctuary")).to_json()
    assert len({r["score"] for r in data["results"]}) == 1
    assert [r["date"] for r in data["results"]] == ["2021-02", "2019", "2016"]


def test_autocomplete(sample_archive: Archive) -> None:
    assert [c["value"] for c in sample_archive.autocomplete("#free")] == ["#FreeThemAll"]  # "#": hashtags only
    assert "Etowah Freedom Fund" in [c["value"] for c in sample_archive.autocomplete("free")]
    assert sample_archive.autocomplete("ilrc")[0] == {
        "value": "Immigrant Legal Resource Center",
        "kind": "organization",
        "count": 5,
    }
    assert {"value": "COVID-19 and detention", "kind": "topic", "count": 2} in sample_archive.autocomplete("covid")
    assert [c["value"] for c in sample_archive.autocomplete("suppo")] == ["support", "supported"]
    assert sample_archive.autocomplete("") == []


def test_more_like_this_crosses_kinds(sample_archive: Archive) -> None:
    related = sample_archive.related(FLYER)
    assert related[0]["doc_id"] == WEBINAR
    assert {r["kind"] for r in related} == {"webinar", "statement"}
    assert FLYER not in [r["doc_id"] for r in related]
    kinds = [r["kind"] for r in sample_archive.related(FREE_THEM_ALL)[:3]]
    assert set(kinds) == {"statement", "pdf", "webinar"}


def test_exclusion_only_queries(sample_archive: Archive) -> None:
    without_bail = ids(sample_archive.search(SearchRequest(query="-bail")).to_json())
    assert len(without_bail) == 6 and FLYER not in without_bail
    assert FREE_THEM_ALL not in ids(sample_archive.search(SearchRequest(query="NOT #FreeThemAll")).to_json())
    assert ids(sample_archive.search(SearchRequest(query="commissary AND NOT bail")).to_json()) == [WEBINAR]


@pytest.fixture(scope="module")
def visibility_archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    """A public statement, one internal by sidecar, one internal by the profile's folder rule, and a
    broken file in the internal folder."""
    from indexer.build import build

    src = tmp_path_factory.mktemp("visibility-src")
    (src / "archive.toml").write_text('[collection]\nname = "Test Network"\ninternal_folders = ["board"]\n')
    (src / "public.md").write_text("# Public bond fund update\n\nOur bond fund freed neighbours. #BondFund\n")
    (src / "memo.md").write_text("# Quixotically named memo\n\nThe xylophonist strategy. #SecretTag\n")
    (src / "memo.meta.toml").write_text('visibility = "internal"\n')
    (src / "board").mkdir()
    (src / "board/minutes.md").write_text("# Board minutes\n\nZanzibarian budget and the bond fund. #BoardOnly\n")
    (src / "board/broken.pdf").write_bytes(b"not a pdf")
    index = tmp_path_factory.mktemp("visibility-index")
    build([src], index, progress=False)
    return Archive(index)


def test_internal_documents_leave_no_trace_in_public_answers(visibility_archive: Archive) -> None:
    archive = visibility_archive
    everything = archive.search(SearchRequest()).to_json()
    assert ids(everything) == ["public.md"]
    assert everything["facets"]["hashtags"] == {"#BondFund": 1}
    assert archive.search(SearchRequest(query="bond fund")).to_json()["total"] == 1
    for word in ("xylophonist", "zanzibarian", "quixotically", "#SecretTag"):
        assert archive.search(SearchRequest(query=word)).to_json()["total"] == 0
    # "did you mean" and autocomplete never offer words found only in internal documents
    assert archive.search(SearchRequest(query="xylophonis")).to_json()["suggestion"] is None
    assert archive.search(SearchRequest(query="zanzibarianx")).to_json()["suggestion"] is None
    assert archive.autocomplete("xylo") == [] and archive.autocomplete("#secret") == []
    assert archive.autocomplete("quix") == [] and archive.autocomplete("boar") == []
    assert archive.related("public.md") == []
    assert archive.export(SearchRequest(), "csv").count("\n") == 2
    stats = archive.stats().to_json()
    assert stats["documents"] == 1 and stats["failed"] == []
    with pytest.raises(KeyError):
        archive.document("board/minutes.md")


def test_staff_see_internal_documents(visibility_archive: Archive) -> None:
    archive = visibility_archive
    staff = archive.search(SearchRequest(include_internal=True)).to_json()
    assert sorted(ids(staff)) == ["board/minutes.md", "memo.md", "public.md"]
    assert (
        archive.search(SearchRequest(query="xylophonis", include_internal=True)).to_json()["suggestion"]
        == "xylophonist"
    )
    assert archive.stats(include_internal=True).to_json()["failed"][0]["path"].endswith("board/broken.pdf")
    assert archive.document("board/minutes.md", include_internal=True).visibility == "internal"


def test_a_result_counts_every_matching_passage_of_its_document(sample_archive: Archive) -> None:
    data = sample_archive.search(SearchRequest(query="detention", per_page=20)).to_json()
    assert data["results"]
    for result in data["results"]:
        passages = sample_archive.document(result["doc_id"]).passages
        if sample_archive.metadata(result["doc_id"]).language == "es":
            continue
        matching = [p for p in passages if "detent" in {t.text for t in english_analyzer()(p.text)}]
        assert len(result["passages"]) + result["more_passages"] == len(matching), result["doc_id"]


def test_a_transcript_hit_lands_on_its_words_not_on_its_passage_start(tmp_path: Path) -> None:
    """Cues of eight seconds merge into passages of half a minute; a word spoken at 0:24 is linked
    at 0:24 (estimated by its place in the passage's text), not at 0:00."""
    lines = ["WEBVTT", ""]
    words = ["welcome", "families", "volunteers", "hotline", "training", "commissary", "library"]
    for n, word in enumerate(words):
        lines += [
            f"00:00:{n * 8:02d}.000 --> 00:00:{n * 8 + 8:02d}.000",
            f"Here we talk about {word} for a while now.",
            "",
        ]
    source = tmp_path / "talks"
    source.mkdir()
    (source / "meeting.vtt").write_text("\n".join(lines), encoding="utf-8")
    build([source], tmp_path / "index", progress=False)
    archive = Archive(tmp_path / "index")
    passages = archive.document("meeting.vtt").passages
    assert all((p.end or 0) - (p.start or 0) >= 24 for p in passages)  # 0:00-0:32 and 0:32-0:56
    for n, word in enumerate(words):
        (hit,) = archive.search(SearchRequest(query=word)).results[0].passages
        assert hit.start is not None and abs(hit.start - n * 8) <= 3, (word, hit.start)
        assert hit.view == f"/?doc=meeting.vtt&at={int(hit.start)}"


def test_a_passage_address_carries_a_hostile_document_id_as_one_parameter() -> None:
    """A document id with &, =, #, ? or spaces stays inside the `doc` parameter (as urlencode writes
    it), so no file name can add an `at`, `page` or any other parameter to the app's address."""
    from urllib.parse import parse_qs, urlencode, urlsplit

    from archive.search import app_view

    hostile = "statements/a b&at=999&page=7#x?y=z ü.html"
    for kind, page, start, extra in [
        ("statement", None, None, {}),
        ("pdf", 3, None, {"page": "3"}),
        ("webinar", None, 61.9, {"at": "61"}),
        ("image", 2, 5.0, {"page": "2"}),
    ]:
        address = app_view(hostile, kind, page, start)
        assert address == "/?" + urlencode({"doc": hostile, **extra})
        query = parse_qs(urlsplit(address).query)
        assert query == {"doc": [hostile], **{k: [v] for k, v in extra.items()}}
