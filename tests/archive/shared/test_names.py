"""Authors split for citations (archive/shared/names.py): people's family and given names as written in
the forms real pages use, organizations kept whole."""

from __future__ import annotations

import pytest

from archive.shared.names import Name, is_organization, parse_name


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Alisa Wellek", Name("Wellek", "Alisa")),
        ("Wellek, Alisa", Name("Wellek", "Alisa")),
        ("  Alisa   Wellek ", Name("Wellek", "Alisa")),
        ("Martin Luther King Jr.", Name("King", "Martin Luther", "Jr.")),
        ("Ludwig van Beethoven", Name("van Beethoven", "Ludwig")),
        ("de la Cruz, Juan", Name("de la Cruz", "Juan")),
        ("Dr. Jane Q. Public III", Name("Public", "Jane Q.", "III")),
        ("Jean-Paul Sartre", Name("Sartre", "Jean-Paul")),
        ("Cher", Name("Cher")),
        ("Immigrant Defense Project", Name("Immigrant Defense Project", organization=True)),
        ("Just Futures Law", Name("Just Futures Law", organization=True)),
        ("ILRC", Name("ILRC", organization=True)),
        ("Communications team", Name("Communications team", organization=True)),
        ("Mijente", Name("Mijente", organization=True)),  # known to the archive
    ],
)
def test_authors_are_split_as_citations_need_them(written: str, name: Name) -> None:
    assert parse_name(written, organizations=["Mijente"]) == name


def test_initials_and_forms() -> None:
    king = parse_name("Martin Luther King Jr.")
    assert king.initials == "M. L." and king.inverted(king.initials) == "King, M. L., Jr."
    assert parse_name("Jean-Paul Sartre").initials == "J.-P."
    assert parse_name("Jane Q. Public").initials == "J. Q."
    assert king.natural() == "Martin Luther King Jr." and king.inverted() == "King, Martin Luther, Jr."


def test_a_person_is_not_an_organization() -> None:
    assert not any(is_organization(n) for n in ("Alisa Wellek", "Paromita Shah", "Ana María Rivera Ruiz", "Cher"))


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Juan Morales Reyes", Name("Morales Reyes", "Juan")),
        ("María Elena Salinas", Name("Salinas", "María Elena")),
        ("José Luis Pérez García", Name("Pérez García", "José Luis")),
        ("Ana Ruiz", Name("Ruiz", "Ana")),
        ("Juan de la Cruz", Name("de la Cruz", "Juan")),  # a particle: nameparser's reading
    ],
)
def test_a_spanish_name_has_two_family_names(written: str, name: Name) -> None:
    assert parse_name(written, (), "es") == name
