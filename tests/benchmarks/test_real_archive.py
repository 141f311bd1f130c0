"""The real-archive benchmark's measures, its judgment files and its page rebuild (the page texts
themselves are collected outside the repository, so the comparison is not run here)."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from real_archive import (  # noqa: E402
    JUDGED_SETS,
    as_bare_page,
    in_query_language,
    languages,
    load,
    ndcg,
    precision,
    recall,
    reciprocal_rank,
    token_f1,
)
from titles import TITLE_SETS, load_titles  # noqa: E402

from indexer.html import extract_html  # noqa: E402


def test_graded_measures() -> None:
    grades = {"a": 2, "b": 1}
    assert ndcg(["a", "b"], grades) == 1.0
    assert ndcg(["b", "a"], grades) == pytest.approx((1 + 3 / 1.5849625) / (3 + 1 / 1.5849625))
    assert precision(["x", "a", "y", "b", "z"], grades) == 0.4
    assert recall(["a"], grades) == 0.5 and reciprocal_rank(["x", "b"], grades) == 0.5
    assert token_f1("Know Your Rights", "know your rights!") == 1.0 and token_f1("Home", "Know Your Rights") == 0.0


@pytest.mark.parametrize("judged_set", JUDGED_SETS)
def test_every_judged_and_labelled_page_is_listed_once_with_its_address(judged_set: str) -> None:
    judged = load(judged_set)
    assert len(judged.pages) >= 18 and all(url.startswith(("http://", "https://")) for url in judged.pages.values())
    assert {page for grades in judged.qrels.values() for page in grades} <= set(judged.pages)
    assert set(judged.labels) <= set(judged.pages)
    assert set(judged.qrels) == set(judged.queries)
    assert all(grade in (1, 2) for grades in judged.qrels.values() for grade in grades.values())


def test_query_language_judgments_drop_other_language_pages_and_queries_left_without_any() -> None:
    qrels = {"q1": {"en-page": 2, "es-page": 2}, "q2": {"en-page": 1}, "q3": {"en-page": 2, "es-page": 1}}
    language = {"en-page": "en", "es-page": "es", "q1": "es", "q2": "es", "q3": "-"}
    assert in_query_language(qrels, language) == {"q1": {"es-page": 2}, "q3": {"en-page": 2, "es-page": 1}}


def test_every_page_and_query_of_a_set_with_languages_has_one() -> None:
    for judged_set in JUDGED_SETS:
        language = languages(judged_set)
        if language:
            judged = load(judged_set)
            assert set(judged.pages) | set(judged.queries) == set(language), judged_set
            assert {language[p] for p in judged.pages} <= {"en", "es"}


def test_a_rebuilt_page_holds_only_paragraphs_and_keeps_the_text_inert() -> None:
    page = as_bare_page("Headline <script>alert(1)</script>\n\nFirst line\nsecond line\n\nLast paragraph.")
    assert "<title>" not in page and "<h1>" not in page and "<script>" not in page
    blocks = extract_html(page).blocks
    assert blocks[0] == "Headline <script>alert(1)</script>" and "Last paragraph." in blocks


def test_a_title_set_labels_only_its_own_pages() -> None:
    for title_set in TITLE_SETS:
        pages, headlines = load_titles(title_set)
        assert len(pages) >= 12 and set(headlines) <= set(pages) and all(h.strip() for h in headlines.values())


def test_no_two_sets_share_a_site() -> None:
    def sites(judged_set: str) -> set[str]:
        pages = load_titles(judged_set)[0] if judged_set in TITLE_SETS else load(judged_set).pages
        return {urlsplit(url).hostname.removeprefix("www.") for url in pages.values()}

    every_set = JUDGED_SETS + TITLE_SETS
    for n, first in enumerate(every_set):
        for second in every_set[n + 1 :]:
            assert sites(first) and sites(second) and not sites(first) & sites(second), (first, second)
