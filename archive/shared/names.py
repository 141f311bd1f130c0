"""Authors as citations need them: a person's family and given names, or an organization kept whole.

A document's authors come as written ("Alisa Wellek", "Wellek, Alisa", "Martin Luther King Jr.",
"Ludwig van Beethoven", "Immigrant Defense Project"). Citation styles need them split: APA writes
"Wellek, A.", MLA and Chicago "Wellek, Alisa", BibTeX "Wellek, Alisa" (and an organization in
braces, or BibTeX would take its last word for a surname), RIS one "Wellek, Alisa" per AU line.
People's names are split by `nameparser` (particles, suffixes, titles, "Last, First"); a single
word is a family name alone; an organization (a name with an organization's word in it, an
acronym, or one of the archive's known organizations) is never split.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from nameparser import HumanName

from archive.shared.words import slug

# Words that make a name an organization's (checked as whole words, any case).
_ORGANIZATION_WORDS = frozenset(
    """
    agency alliance association board bureau campaign center centre clinic coalition collective college
    commission committee communications community council department division federation foundation fund
    group guild inc institute international justice law lawyers league llc llp ltd movement network
    office organization organisation partnership press program programme project rights school services
    society staff team union university
    """.split()
)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.-]{1,9}$")


@dataclass(frozen=True)
class Name:
    """One author: a person (family, given, suffix) or an organization (`family` holds it whole)."""

    family: str
    given: str = ""
    suffix: str = ""
    organization: bool = False

    @property
    def initials(self) -> str:
        """APA's initials of the given names: "Martin Luther" -> "M. L.", "Jean-Paul" -> "J.-P."."""
        return " ".join(
            "-".join(f"{part[0]}." for part in word.split("-") if part)
            for word in self.given.replace(".", ". ").split()
        )

    def inverted(self, given: str | None = None) -> str:
        """ "Family, Given" (with ", Suffix"), or the organization's name."""
        if self.organization:
            return self.family
        first = self.given if given is None else given
        return ", ".join(p for p in (self.family, first, self.suffix) if p)

    def natural(self) -> str:
        """ "Given Family Suffix", or the organization's name."""
        return self.family if self.organization else " ".join(p for p in (self.given, self.family, self.suffix) if p)


# Common Spanish given names, accents folded: in a three-word Spanish name, a middle word among them is
# a second given name ("María Elena", "José Luis"), else the first of two surnames; a name opening a
# sentence before its verb is a person's only when its first word is one (indexer/enrich/people.py).
_SPANISH_GIVEN_NAMES = frozenset(
    """
    jose maria luis carlos antonio manuel francisco javier miguel angel juan pablo pedro jesus alberto eduardo
    enrique fernando ignacio jorge alfonso andres felipe gabriel ramon rafael roberto sebastian tomas vicente
    armando arturo daniel david diego ernesto esteban gerardo gustavo hector hugo julio marco mario martin
    mauricio oscar raul ricardo rodrigo salvador sergio victor alejandro emilio agustin joaquin nicolas lorenzo
    ruben adrian ivan elena isabel carmen teresa rosa luisa fernanda alejandra andrea gabriela guadalupe eugenia
    cristina beatriz ines dolores pilar victoria lucia paula laura sofia alicia ana antonia camila clara daniela
    emilia esperanza estela eva graciela irene josefina juana julia leticia lourdes luz margarita mariana marta
    mercedes monica natalia patricia raquel regina silvia susana valentina veronica ximena yolanda concepcion
    consuelo soledad socorro
    """.split()
)


def is_spanish_given_name(word: str) -> bool:
    """Whether a word is a common Spanish given name (accents and case aside)."""
    return slug(word) in _SPANISH_GIVEN_NAMES


def parse_name(text: str, organizations: Iterable[str] = (), language: str = "en") -> Name:
    """An author as written, split into a person's names, or kept whole as an organization. In a
    Spanish document a person has two family names ("Ana Ruiz Gómez" is "Ruiz Gómez, A." in APA,
    as Spanish and APA usage cite her), unless the middle word is a given name ("María Elena
    Salinas")."""
    text = " ".join(text.split())
    if is_organization(text, organizations):
        return Name(text, organization=True)
    if language == "es" and (spanish := _spanish_name(text)):
        return spanish
    parsed = HumanName(text)
    family = parsed.last
    given = " ".join(p for p in (parsed.first, parsed.middle) if p)
    if not family:  # one word ("Cher"): a family name alone
        family, given = given or text, ""
    return Name(family, given, parsed.suffix)


def _spanish_name(text: str) -> Name | None:
    """Given and family names of a three- or four-word Spanish name of capitalised words (no comma,
    particle or suffix: those are nameparser's): the last two words are the family names, the rest
    given, but a given name in the middle of three words makes it two given names and one family name."""
    words = text.split()
    if not 3 <= len(words) <= 4 or not all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words):
        return None
    if len(words) == 3 and is_spanish_given_name(words[1]):
        return Name(words[2], " ".join(words[:2]))
    return Name(" ".join(words[-2:]), " ".join(words[:-2]))


def is_organization(text: str, organizations: Iterable[str] = ()) -> bool:
    """A name that is an organization's: one the archive knows, an acronym ("ILRC"), or a name with
    an organization's word in it ("Just Futures Law", "Communications team")."""
    folded = text.casefold()
    if any(folded == name.casefold() for name in organizations):
        return True
    words = re.findall(r"[\w&.-]+", text)
    if len(words) == 1 and _ACRONYM.match(words[0]):
        return True
    return len(words) > 5 or any(w.casefold().strip(".") in _ORGANIZATION_WORDS for w in words)
