"""The public view depends on public documents only.

Two real indexes: the bundled corpus plus a second source folder, with internal documents of every
kind (under an `internal_folders` folder of each root, by sidecar, a failing and a scanned file in
an internal folder, an internal copy of a public file, a sidecar that links outside the source);
and the same two folders without those files. Every public output of the first must equal the
second's, for generated queries and filters: results and their order, scores, totals, facet counts,
snippets, "did you mean", notices, autocomplete, related documents, timelines, reading paths,
related hashtags, exports, document pages, citations, stats and the status page's lists.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive import Archive, Filters, SearchRequest
from indexer.build import build
from tests.conftest import CORPUS, write_pdf

ACCESSED = date(2026, 1, 2)
INTERNAL_WORDS = " ".join(f"zq{n:04d}" for n in range(300))  # a wildcard's expansion must not see these


def _public_files(site: Path, extra: Path) -> None:
    shutil.copytree(CORPUS, site)
    profile = site / "archive.toml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace(
            "[collection]\n", '[collection]\ninternal_folders = ["./board/"]\n', 1
        ),
        encoding="utf-8",
    )
    (site / "board").mkdir()
    (extra / "notes").mkdir(parents=True)
    (extra / "board").mkdir()
    (extra / "notes/public-note.md").write_text(
        "# Community bond fund note\n\nThe zqalpha community bond fund freed people from detention. "
        "#FreeThemAll and Just Futures Law joined the campaign in 2021. ZQDC volunteers drove.\n",
        encoding="utf-8",
    )


def _internal_files(site: Path, extra: Path, outside: Path) -> None:
    (site / "board/minutes.md").write_text(
        "# Board minutes on detention\n\nThe board discussed detention, deportation and the bond fund with "
        "the Immigrant Legal Resource Center. The xylophonist spoke. #FreeThemAll #BoardOnly "
        f"Community detention detention detention. {INTERNAL_WORDS}\n",
        encoding="utf-8",
    )
    write_pdf(site / "board/scan.pdf", [""], title="Board scan")
    (site / "board/broken.pdf").write_bytes(b"%PDF-1.4\n garbage")
    statement = next((site / "statements").glob("*.html"))
    shutil.copy(statement, site / "board" / statement.name)  # an internal copy of a public page
    (site / "statements/memo.md").write_text(
        "# Memo on the pandemic and detention\n\nInternal memo: #FreeThemAll detention pandemic release "
        "campaign with Just Futures Law, 2020. Deportation pipeline. The Zqgamma Driver Coalition (ZQDC) "
        "is ours alone.\n",
        encoding="utf-8",
    )
    (site / "statements/memo.meta.toml").write_text('visibility = "internal"\ndate = "2020-04"\n', encoding="utf-8")
    (extra / "board/plan.md").write_text(
        "# Campaign plan\n\nDetention and community defense plan, zqbeta, #AbolishICE, 2022.\n", encoding="utf-8"
    )
    (extra / "notes/secret.txt").write_text("Secret staff note about detention and bond.\n", encoding="utf-8")
    (extra / "notes/secret.meta.toml").write_text('visibility = "internal"\ntitle = "Staff note"\n')
    (outside / "stolen.meta.toml").write_text('title = "Outside secret"\nsummary = "read from outside"\n')
    (extra / "notes/linked.md").write_text("# Linked\n\nA note whose sidecar points outside.\n", encoding="utf-8")
    (extra / "notes/linked.meta.toml").symlink_to(outside / "stolen.meta.toml")


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> tuple[Archive, Archive]:
    """(with internal documents, without them), built from folders of the same names."""
    built = []
    for with_internal in (True, False):
        work = tmp_path_factory.mktemp("with" if with_internal else "without")
        site, extra, outside = work / "site", work / "extra", work / "outside"
        outside.mkdir()
        _public_files(site, extra)
        if with_internal:
            _internal_files(site, extra, outside)
        report = build([site, extra], work / "index", progress=False)
        assert report.documents == (14 if with_internal else 8), report.to_dict()
        built.append(Archive(work / "index"))
    return built[0], built[1]


def _public(archive: Archive, request: SearchRequest) -> dict[str, Any]:
    data = archive.search(request).to_json()
    data.pop("generation")
    return data


WORDS = [
    "detention",
    "deportation",
    "bond",
    "fund",
    "community",
    "pandemic",
    "campaign",
    "xylophonist",
    "xylophonis",
    "detension",
    "zq*",
    "zqalpha",
    "zq0001",
    "deport*",
    "detension~",
    "#FreeThemAll",
    "#BoardOnly",
    "org:ILRC",
    'org:"Just Futures Law"',
    "topic:detention",
    "kind:pdf",
    "kind:statement",
    "year:2020",
    "date:2020-01..2021-12",
    '"bond fund"',
    '"community detention"',
    "ICE",
    "NOT",
    "AND",
    "OR",
    "-bail",
    "police",
    "curve",
    "free",
    "them",
    "all",
    "immigrants",
    "board",
    "minutes",
    "memo",
    "secret",
    "staff",
    "plan",
    "title:curve",
    '"unclosed',
    "(",
    ")",
]
queries = st.lists(st.sampled_from(WORDS), min_size=0, max_size=4).map(" ".join)
filters = st.builds(
    Filters,
    kind=st.lists(st.sampled_from(["statement", "pdf", "webinar"]), max_size=1),
    hashtags=st.lists(st.sampled_from(["FreeThemAll", "#AbolishICE", "BoardOnly"]), max_size=1),
    organizations=st.lists(st.sampled_from(["Just Futures Law", "Immigrant Legal Resource Center"]), max_size=1),
    year=st.lists(st.sampled_from(["2020", "2021"]), max_size=1),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=queries, chosen=filters, sort=st.sampled_from(["relevance", "newest", "oldest"]), page=st.integers(1, 2))
def test_every_public_search_answer_is_the_one_without_internal_documents(
    archives: tuple[Archive, Archive], query: str, chosen: Filters, sort: str, page: int
) -> None:
    with_internal, without = archives
    request = SearchRequest(query=query, filters=chosen, sort=sort, page=page, per_page=3)
    assert _public(with_internal, request) == _public(without, request)
    assert with_internal.result_ids(request) == without.result_ids(request)
    for fmt in ("csv", "json", "bibtex", "ris"):
        assert with_internal.export(request, fmt, accessed=ACCESSED) == without.export(request, fmt, accessed=ACCESSED)
    for prefix in (query[:1], query[:2], query[:3]):
        assert with_internal.autocomplete(prefix) == without.autocomplete(prefix)
    assert with_internal.glossary_for(query) == without.glossary_for(query)


def test_every_document_answer_and_the_archive_pages_are_the_ones_without_internal_documents(
    archives: tuple[Archive, Archive],
) -> None:
    with_internal, without = archives
    ids = without.result_ids(SearchRequest())
    assert with_internal.result_ids(SearchRequest()) == ids
    for doc_id in ids:
        for query in ("", "detention", "bond fund", "zq*"):
            assert with_internal.document_view(doc_id, query) == without.document_view(doc_id, query)
        assert with_internal.related(doc_id) == without.related(doc_id)
        for style in ("apa", "mla", "chicago", "bibtex", "ris"):
            assert with_internal.cite(doc_id, style, accessed=ACCESSED) == without.cite(
                doc_id, style, accessed=ACCESSED
            )
    for facet in ("topics", "hashtags", "organizations", "kind"):
        assert with_internal.timeline(facet) == without.timeline(facet)
    for topic in with_internal.profile().topics:
        assert with_internal.reading_path(topic.name) == without.reading_path(topic.name)
    for tag in ("#FreeThemAll", "#AbolishICE", "#BoardOnly"):
        assert with_internal.related_hashtags(tag) == without.related_hashtags(tag)
    public_stats, plain_stats = with_internal.stats().to_json(), without.stats().to_json()
    for stats in (public_stats, plain_stats):
        stats.pop("built_at"), stats.pop("generation")
    assert public_stats == plain_stats


def test_staff_see_the_internal_documents_and_every_report_row(archives: tuple[Archive, Archive]) -> None:
    with_internal, _ = archives
    staff = with_internal.result_ids(SearchRequest(include_internal=True))
    # the first source's ids are its paths alone; the second's start with its label
    assert {"board/minutes.md", "statements/memo.md", "extra/board/plan.md", "extra/notes/secret.txt"} <= set(staff)
    rows = with_internal.stats(include_internal=True).to_json()
    assert {r["path"] for r in rows["failed"]} >= {"site/board/broken.pdf", "extra/notes/linked.md"}
    linked = next(r for r in rows["failed"] if r["path"] == "extra/notes/linked.md")
    assert "outside the source folder" in linked["error"] and "Outside secret" not in str(rows)
    assert [r["path"] for r in rows["warnings"]] == ["site/board/scan.pdf"]
    assert [r["path"] for r in rows["duplicates"]] == []  # the internal copy is its own internal document
    found = with_internal.search(SearchRequest(query="xylophonis", include_internal=True)).to_json()
    assert found["suggestion"] == "xylophonist"
    # staff see the public note's "ZQDC" as the coalition an internal memo defines; the public view
    # (compared with the archive built without the memo above) does not
    note = with_internal.search(SearchRequest(query="volunteers drove", include_internal=True))
    assert [r.doc_id for r in note.results] == ["extra/notes/public-note.md"]
    assert note.facets.of("also_named") == {"Zqgamma Driver Coalition": 1}
