"""Site furniture learned from the archive: a line that heads many pages of one site is no page's
title, and a page with no markup for its title takes its headline from its text. Pages invented."""

from __future__ import annotations

from pathlib import Path

from archive import Archive
from indexer.build import build
from indexer.site_furniture import MIN_PAGES, head_lines, learn_furniture
from indexer.titles import words_only

BANNER = "Our latest statements on the fight against immigration detention in the United States"


def _saved_page(headline: str, body: str) -> str:
    """A page saved as text and wrapped in paragraphs: no <title>, no heading, no meta tags."""
    lines = ["Skip to main content", "Donate Today!", BANNER, headline, "Posted: Mar. 29, 2023", body]
    return "<html><body>" + "".join(f"<p>{line}</p>" for line in lines) + "</body></html>"


HEADLINES = {
    "bond.html": (
        "Community Bond Fund Frees Forty Neighbors",
        "The bond fund paid bonds for forty people held in county jails.",
    ),
    "phones.html": (
        "Free Phone Calls Restored After Hunger Strike",
        "People held at the processing center won back free calls.",
    ),
    "vigil.html": (
        "Vigil Outside the Processing Center Draws Hundreds",
        "Families held a vigil outside the center on Sunday night.",
    ),
    "court.html": (
        "Court Orders Release of Medically Vulnerable People",
        "A federal judge ordered the release of twelve people.",
    ),
}


def _site(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name, (headline, body) in HEADLINES.items():
        (folder / name).write_text(_saved_page(headline, body), encoding="utf-8")
    return folder


def test_head_lines_read_a_pages_title_headings_and_first_blocks(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(
        "<html><head><title>Site | News</title><script>var x = 'Not a line';</script></head><body>"
        "<div><a href='#main'>Skip to main content</a><div><h1>Headline</h1><p>First paragraph.</p></div></div>"
        "</body></html>",
        encoding="utf-8",
    )
    lines = head_lines(page)
    assert lines[:2] == ["Site | News", "Headline"]
    assert "Skip to main content" in lines and "First paragraph." in lines
    assert not any("Not a line" in line for line in lines)
    (tmp_path / "t.txt").write_text("\n\nA Title\n\nBody line.\n", encoding="utf-8")
    assert head_lines(tmp_path / "t.txt") == ["A Title", "Body line."]


def test_a_line_is_furniture_only_over_enough_pages_of_one_site() -> None:
    pages = [("site-a", [BANNER, f"Headline {n}"]) for n in range(MIN_PAGES)]
    assert learn_furniture(pages) == {words_only(BANNER)}
    assert learn_furniture(pages[: MIN_PAGES - 1]) == frozenset()
    # the same line once on each of three sites identifies each site's page: it is a title there
    assert learn_furniture([(f"site-{n}", [BANNER]) for n in range(MIN_PAGES)]) == frozenset()


def test_saved_pages_get_their_headlines_not_the_sites_banner_and_are_dated_by_their_posted_line(
    tmp_path: Path,
) -> None:
    source = _site(tmp_path / "saved-pages")
    build([source], tmp_path / "index", progress=False)
    docs = Archive(tmp_path / "index").catalog().documents
    assert {name: docs[name].title for name in HEADLINES} == {name: h for name, (h, _) in HEADLINES.items()}
    assert {docs[name].title_source for name in HEADLINES} == {"text"}
    assert {docs[name].date for name in HEADLINES} == {"2023-03-29"}


def test_what_a_build_learned_holds_for_a_page_added_later(tmp_path: Path) -> None:
    source = _site(tmp_path / "saved-pages")
    build([source], tmp_path / "index", progress=False)
    # the new page puts the banner where its headline should be; alone, the banner reads as one
    (source / "late.html").write_text(
        f"<html><body><p>{BANNER}</p><p>Families Reunited at the Border Crossing</p>"
        "<p>Twelve families were reunited on Friday.</p></body></html>",
        encoding="utf-8",
    )
    build([source], tmp_path / "index", progress=False)
    docs = Archive(tmp_path / "index").catalog().documents
    assert docs["late.html"].title == "Families Reunited at the Border Crossing"


def test_a_text_file_takes_its_headline_and_date_line_from_its_text(tmp_path: Path) -> None:
    source = tmp_path / "notes"
    source.mkdir()
    (source / "statement.txt").write_text(
        "Skip to main content\n\nStatement on the Closing of the Family Detention Center\n\n"
        "June 11, 2024\n\nOn June 18, 2020, the Supreme Court ruled. Today the center closes.\n",
        encoding="utf-8",
    )
    (source / "undated.txt").write_text(
        "Why We Fight for Bond Funds\n\nOn June 18, 2020, the Supreme Court ruled that the program stands.\n",
        encoding="utf-8",
    )
    # text saved from a page: one line per paragraph, no blank lines between them
    (source / "saved.txt").write_text(
        "Skip to main content\nStatement on the Closing of the Family Detention Center\nJune 11, 2024\n"
        "On June 18, 2020, the Supreme Court ruled. Today the center closes.\n",
        encoding="utf-8",
    )
    build([source], tmp_path / "index", progress=False)
    docs = Archive(tmp_path / "index").catalog().documents
    for name in ("statement.txt", "saved.txt"):
        assert (docs[name].title, docs[name].date) == (
            "Statement on the Closing of the Family Detention Center",
            "2024-06-11",
        )
    assert (docs["undated.txt"].title, docs["undated.txt"].date) == ("Why We Fight for Bond Funds", None)


def test_lines_internal_files_share_do_not_change_a_public_title(tmp_path: Path) -> None:
    """Furniture is learned from public files only: three internal memos opening with a public page's
    headline must not take that headline away from it (public output never depends on internal files)."""
    source = tmp_path / "site"
    (source / "memos").mkdir(parents=True)
    (source / "archive.toml").write_text(
        '[collection]\nname = "Test Network"\ninternal_folders = ["memos"]\n', encoding="utf-8"
    )
    headline = "Families Reunited at the Border Crossing"
    (source / "public.html").write_text(
        f"<html><body><p>{headline}</p><p>Twelve families were reunited on Friday.</p></body></html>", encoding="utf-8"
    )
    for n in range(MIN_PAGES):
        (source / "memos" / f"memo{n}.txt").write_text(
            f"{headline}\n\nInternal note {n} on the talking points.\n", encoding="utf-8"
        )
    build([source], tmp_path / "index", progress=False)
    assert Archive(tmp_path / "index").catalog().documents["public.html"].title == headline


SHARED_HEADLINE = "Immigration Consequences of Criminal Convictions"


def _about_the_headline(n: int) -> list[str]:
    return [
        SHARED_HEADLINE,
        f"Office {n}: a criminal conviction can bring immigration consequences far beyond the sentence.",
        f"Convictions for {n} kinds of crime make a person deportable.",
    ]


def test_a_headline_several_pages_share_and_speak_of_is_not_furniture() -> None:
    others = [("folder", [f"Another Headline Number {n}", f"Body {n} about something else."]) for n in range(5)]
    sharing = [("folder", _about_the_headline(n)) for n in range(MIN_PAGES + 1)]
    assert learn_furniture(sharing + others) == frozenset()
    # a banner over as many pages is not what they speak of: still furniture
    banner = [("folder", [BANNER, f"Headline {n}", f"{n} families were reunited on Friday."]) for n in range(MIN_PAGES + 1)]
    assert learn_furniture(banner + others) == {words_only(BANNER)}
    # a <title> that repeats the banner does not make the banner part of the page's own text
    titled = [("folder", [f"Headline {n} | {BANNER}", BANNER, f"{n} families were reunited."]) for n in range(MIN_PAGES + 1)]
    assert learn_furniture(titled + others) == {words_only(BANNER)}
    # over half the site's pages or more, a shared line is the site's even when its pages speak of it
    assert learn_furniture(sharing + others[:2]) == {words_only(SHARED_HEADLINE)}


def test_saved_pages_that_share_a_headline_keep_it_as_their_title(tmp_path: Path) -> None:
    source = tmp_path / "saved-pages"
    source.mkdir()
    for n in range(MIN_PAGES):
        (source / f"firm{n}.html").write_text(
            "<html><body>" + "".join(f"<p>{line}</p>" for line in _about_the_headline(n)) + "</body></html>",
            encoding="utf-8",
        )
    for name, (headline, body) in HEADLINES.items():
        (source / name).write_text(f"<html><body><p>{headline}</p><p>{body}</p></body></html>", encoding="utf-8")
    build([source], tmp_path / "index", progress=False)
    docs = Archive(tmp_path / "index").catalog().documents
    assert [docs[f"firm{n}.html"].title for n in range(MIN_PAGES)] == [SHARED_HEADLINE] * MIN_PAGES
