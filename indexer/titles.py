"""A document's title from the candidates its file offers, with site furniture refused.

Real pages hand extraction many things in title position that are not the document's title: the
site's section ("Resources", "Webinar"), a theme's widget text ("Visual Overlay", "WPML not installed
and activated."), an image's file name, a date, a press-contact line, the collection's own name.
PDF writers put "Microsoft Word - draft3.docx", "Binder1" or "untitled" in the metadata. Each
candidate is checked against those shapes, and the first one that reads as a title wins; the
document records which source it came from.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from indexer.enrich.also_named import find_named_bodies
from indexer.written_dates import is_only_a_date

MAX_TITLE_CHARS = 200
# Words a site puts over many pages: the name of a section, not of a document (compared whole,
# casefolded, without punctuation).
_GENERIC = frozenset(
    (
        "home",
        "homepage",
        "index",
        "main",
        "menu",
        "resources",
        "resource",
        "resource library",
        "library",
        "toolkit",
        "toolkits",
        "publications",
        "publication",
        "webinar",
        "webinars",
        "events",
        "event",
        "news",
        "press",
        "press release",
        "press releases",
        "newsroom",
        "news room",
        "press room",
        "pressroom",
        "press center",
        "media center",
        "statements",
        "statement",
        "blog",
        "blog post",
        "posts",
        "post",
        "article",
        "articles",
        "page",
        "untitled",
        "document",
        "read more",
        "learn more",
        "about",
        "about us",
        "contact",
        "contact us",
        "donate",
        "take action",
        "get involved",
        "search results",
        "search",
        "archive",
        "archives",
        "category",
        "categories",
        "tag",
        "tags",
        "media",
        "multimedia",
        "video",
        "videos",
        "download",
        "downloads",
        "visual overlay",
        "skip to content",
        "toggle navigation",
        "share",
        "print",
        "email",
        "login",
        "log in",
        "sign in",
        "our work",
        "what we do",
        "who we are",
        "issues",
        "campaigns",
        "updates",
        "latest news",
        "in the news",
        "contents",
        "table of contents",
        "main navigation",
        "navigation",
        "open menu",
        "close menu",
        "close",
        "donate today",
        "donate now",
        "give now",
        "subscribe",
        "sign up",
        "newsletter",
        "follow us",
        "share this",
        "share this page",
        "breadcrumb",
        "you are here",
        "fbpx",
    )
)  # words a site puts over many pages: a section's name, not a document's (compared whole, casefolded)
_WRITER_DEFAULT = re.compile(
    r"^(?:microsoft (?:word|powerpoint|excel|publisher)\s*-|untitled\b|binder\s*\d*$|document\s*\d*$|"
    r"doc\d+$|presentation\s*\d*$|slide\s*\d*$|print(?:able)?$|scan\s*\d*$|img[_ -]?\d+|dsc[_ -]?\d+|"
    r"new document|wpml not installed)",
    re.I,
)
# Lines that are never a title wherever they stand: skip links, press-release labels, a program's name
# written into a PDF's title field ("Adobe Photoshop PDF"), a layout image's label, a language link.
_NEVER_A_TITLE = re.compile(
    r"^(?:skip to|jump to|go to)\b.*\b(?:content|navigation|menu|footer)\b|"
    # a link back to a section ("Go to Research and Resources library", "Back to all news")
    r"^(?:go|back|return) to\b.*\b(?:top|home(?:page)?|main|library|index|list|search|blog|news|resources?|"
    r"posts?|articles?|stories|results|publications?|statements?|events?)\W*$|"
    r"^(?:home|inicio)\s*(?:>>|»|›|>|/|\|)|"  # a breadcrumb trail
    r"^(?:for immediate release|media contact|press contact|news release|press release)\b|"
    r"^(?:adobe (?:photoshop|indesign|illustrator|acrobat)|microsoft (?:word|powerpoint|publisher)|canva|"
    r"google docs|powerpoint presentation)\b|"
    # a media player's controls, over a radio station's or a video site's story ("Play Live Radio",
    # "Listen Live", "Available On Air Stations", "Now Playing")
    r"^(?:play|listen|watch|stream)(?: (?:the|this|live|now|full))* "
    r"(?:live|radio|audio|video|stream|episode|podcast|broadcast|now)\W*$|"
    r"^(?:now playing|up next|next up)\b|.*\bon air\b|"
    # a layout image's alternative text ("The Habeas Citebook: Prosecutorial Misconduct - Header")
    r".*\s[-–—|]\s*(?:header|banner|logo|masthead)(?:\s+image)?\s*$|"
    # a link to the page in another language ("Read in English", "Leer en español", "Versión en inglés")
    r"^(?:read|view|leer|lea|ver|versi[oó]n)\s+(?:this\s+|esta\s+nota\s+)?(?:in|en)\s+(?:english|spanish|español|espanol|inglés|ingles)\W*$|"
    r"^(?:english|spanish)\s+version\W*$|^en\s+(?:español|espanol|inglés|ingles)\W*$",
    re.I,
)
_FILE_NAME = re.compile(
    r"^[\w.()\[\] -]+\.(?:pdf|docx?|odt|rtf|pptx?|indd|ai|psd|jpe?g|png|gif|tiff?|webp|html?|txt)$", re.I
)
# A photo's caption or credit over the text ("… near McAllen, Texas. Credit: Getty Images / John Moore").
_PHOTO_CREDIT = re.compile(
    r"\b(?:credit|photo(?:graph)?|image|courtesy)s?(?:\s+by)?\s*:|\bgetty images\b|\bap photo\b|\(photo\b|"
    r"\bshutterstock\b",
    re.I,
)
# When the page was posted, not what it is: "Added to the calendar on Sunday Mar 29th, 2020 11:28 PM",
# "Posted on 3 May 2021 by admin", "Last updated: 2023-05-08".
_POSTING_LINE = re.compile(
    r"^(?:posted|published|updated|added|last (?:updated|modified)|submitted)\b[\w ]{0,25}?(?:\bon\b|:)\s*"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    re.I,
)
_CONTACT = re.compile(r"^(?:press |media )?contacts?:|@\w+\.\w|\(\d{3}\)\s*\d{3}|\d{3}[-.]\d{3}[-.]\d{4}", re.I)
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class TitleCandidate:
    text: str | None
    source: str  # "og:title", "json-ld", "h1", "html-title", "pdf-metadata", "pdf-largest-line", ...


def words_only(text: str) -> str:
    """A text compared as words only (case, spacing and punctuation ignored): how a title is matched
    against refused names and learned site furniture."""
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def furniture_reason(text: str, *, refused: Iterable[str] = ()) -> str | None:
    """Why `text` is not a document's title (None when it reads as one). `refused`: names that are
    never a title here (the collection's name, the site's name, the profile's boilerplate lines)."""
    stripped = text.strip()
    if len(_LETTER.findall(stripped)) < 3:
        return "no words"
    if len(stripped) > MAX_TITLE_CHARS:
        return "too long for a title"
    words = words_only(stripped)
    if words in _GENERIC:
        return "a generic page word"
    if any(words == words_only(r) for r in refused if r and r.strip()):
        return "the site's or collection's own name, or a boilerplate line"
    if _NEVER_A_TITLE.match(stripped):
        return (
            "site furniture (a skip link, a press-release label, a program's name, an image's label or a language link)"
        )
    if _WRITER_DEFAULT.match(stripped):
        return "a program's default name"
    if _FILE_NAME.match(stripped) or (" " not in stripped and re.search(r"[_]|\d{3,}", stripped)):
        return "a file name"
    if _CONTACT.search(stripped):
        return "a contact line"
    if _PHOTO_CREDIT.search(stripped):
        return "a photo's caption or credit"
    if _POSTING_LINE.match(stripped):
        return "when the page was posted"
    if is_only_a_date(stripped):
        return "a date"
    return None


HEADLINE_LINES = 12  # a headline in plain text sits among the first lines, after any site furniture
# A colon at the end leads into what follows. A second sentence starts after a lowercase word or a
# number and its full stop ("ruled today. This"), not after an abbreviation ("U.S. Citizen Children",
# "… en EE.UU.", "The People vs. ICE"). (A question inside is a second sentence too: headlines ask one
# before their answer — "How can the backlog be trimmed? Solutions still being sought" — but so do
# the first lines of blog posts, far more often.)
_SENTENCE_END = re.compile(
    r"(?<!\b[A-Z]\.[A-Z])(?<!\b[A-Z]{2}\.[A-Z]{2})[.!;,:]$|(?:\b(?!vs\.)[a-z]{2,}|\d)[.!?]\s+[A-Z]"
)


def headline_from_text(blocks: Iterable[str], *, refused: Iterable[str] = ()) -> str | None:
    """The first line of plain text that reads as a headline: a text with no markup to say what its
    title is (a saved page's text, a .txt statement). A headline has three or more words, starts
    with a capital or a digit, is not a sentence (no full stop or exclamation at its end, no second
    sentence inside, no colon leading into what follows), and is not furniture; a line that is only
    a date or a label is passed over, and a short line in capitals over a longer headline is the
    section's kicker, not the headline, as a publication's name over it is its masthead. When no
    line has that shape, a headline written as sentences ("Fueron separados … de Trump. Ahora su
    futuro está en sus manos otra vez.") is still the headline over the line saying when the page
    was posted."""
    refused = tuple(refused)
    opening = (line.strip() for block in blocks for line in block.splitlines() if line.strip())
    lines = list(itertools.islice(opening, HEADLINE_LINES))  # a long text's other lines are never split
    for index, line in enumerate(lines):
        if not _reads_as_headline(line, refused):
            continue
        under = lines[index + 1] if index + 1 < len(lines) else ""
        over_headline = _is_longer_in_mixed_case(under, line) and _reads_as_headline(under, refused)
        if (_is_kicker(line) or _is_masthead(line)) and over_headline:
            index += 1
        return _without_subtitle_in_capitals(_without_piped_site_name(_with_its_continuation(lines, index)))
    return _over_the_posting_line(lines, refused)


LINES_OVER_A_DATE = 2  # a headline stands right over its posting line, or over a label and then it


def _over_the_posting_line(lines: list[str], refused: tuple[str, ...]) -> str | None:
    """The line of three words or more right over the first line saying when the page was posted
    ("Published on: October 26, 2025", a date alone), with a label of a word or two between them at
    most: a headline, whatever its punctuation."""
    for index, line in enumerate(lines):
        if not (_POSTING_LINE.match(line) or is_only_a_date(line)):
            continue
        for above in reversed(lines[max(0, index - LINES_OVER_A_DATE) : index]):
            words = above.split()
            if 3 <= len(words) <= 30 and above[0].isupper() and furniture_reason(above, refused=refused) is None:
                return above
            if len(words) > 2:
                return None  # a line of text over the date that is no headline: no headline is said
        return None
    return None


# A saved page's text often opens with its browser title: the headline, a pipe, the site's name
# ("… Unaccompanied Migrant Children | LIRS"). A headline itself has no pipe in it; a line with
# several is a menu or a path of sections, left as it is.
_PIPED_SITE_NAME = re.compile(r"^[^|]+\s\|\s+[^|]{2,40}$")


SUBTITLE_CAPITAL_WORDS = 4  # a subtitle run into its title: this many words or more, all in capitals


def _without_subtitle_in_capitals(headline: str) -> str:
    """A title in mixed case run into its subtitle in capitals on one line, as a document host prints
    a cover ("Defend Against ICE Raids and Community Arrests A TOOLKIT TO PREPARE AND PROTECT …"): the
    title. A headline does not change from mixed case to capitals midway; acronyms are short words."""
    words = headline.split()
    run = 0
    while run < len(words) and words[-1 - run].isupper():
        run += 1
    title = words[: len(words) - run]
    in_words = run >= SUBTITLE_CAPITAL_WORDS and any(len(_LETTER.findall(w)) >= 6 for w in words[len(title) :])
    if not in_words or len(title) < 3 or all(w.isupper() for w in title if _LETTER.search(w)):
        return headline  # a few acronyms in a row ("DHS ICE CBP FY2024") are no subtitle
    return " ".join(title).rstrip(" :–—-")


def _without_piped_site_name(headline: str) -> str:
    if not _PIPED_SITE_NAME.match(headline):
        return headline
    shorter = headline[: headline.index("|")].rstrip()
    return shorter if len(shorter.split()) >= 3 else headline


# Articles and joining words, English and Spanish: the small words inside a name ("La Prensa de Hoy").
_SMALL_WORDS = frozenset("the a la el los las de del of and y".split())
# Words a headline cannot end on: set over several lines ("THE ALL-IN-ONE GUIDE TO" / "DEFEATING" / ...),
# it breaks after one of them, and the lines under it are the rest of it.
# (Articles, "of", "and", "to" and their Spanish kin only: a headline can end on "on" or "for" —
# "The Generation We Love to Dump On", "What We Stand For".)
_DANGLING = _SMALL_WORDS | frozenset("an to para".split())
CONTINUED_WORDS = 14  # a headline's length at most, joined from its lines


def _with_its_continuation(lines: list[str], index: int) -> str:
    """The headline at `index`, with the lines that finish it when it ends on a word a headline cannot
    end on: the next lines while it still dangles, then those set in capitals like it (a poster's
    title stacked a word or two per line). A sentence, a line without letters or a headline grown
    past CONTINUED_WORDS ends it."""
    words = lines[index].split()
    if words[-1].casefold() not in _DANGLING:
        return " ".join(words)
    in_capitals = lines[index].upper() == lines[index]
    for line in lines[index + 1 :]:
        more = line.split()
        if words[-1].casefold() not in _DANGLING and not (in_capitals and line.upper() == line):
            break
        if len(words) + len(more) > CONTINUED_WORDS or _SENTENCE_END.search(line) or not _LETTER.search(line):
            break
        words += more
    return " ".join(words)


def _reads_as_headline(line: str, refused: tuple[str, ...]) -> bool:
    """Whether one line of plain text has a headline's shape (see headline_from_text)."""
    words = line.split()
    if not 3 <= len(words) <= 30 or not (line[0].isupper() or line[0].isdigit() or line[0] in "#¿¡\"“'"):
        return False
    if _SENTENCE_END.search(line) or furniture_reason(line, refused=refused) is not None:
        return False
    return not _names_an_organization_alone(line)


KICKER_WORDS = 4  # a section's label over a headline ("TOWARD FAIR COURTS") is a few words in capitals


def _is_kicker(line: str) -> bool:
    """A short line in capitals: over a longer headline in mixed case, the section's kicker."""
    return len(line.split()) <= KICKER_WORDS and line.upper() == line


# Words a newspaper's or a magazine's name is made of ("La Prensa Gráfica", "The Daily Herald").
_MASTHEAD_WORD = re.compile(
    r"\b(?:Times|Post|Herald|Heraldo|Tribune|Journal|Gazette|News|Noticias|Press|Prensa|Diario|Periódico|Chronicle|"
    r"Observer|Guardian|Telegraph|Magazine|Revista|Gráfica|Grafica|Daily|Weekly|Examiner|Sentinel|Courier|Inquirer|"
    r"Dispatch|Reporter|Monitor|Informador|Opinión)\b"
)


def _is_masthead(line: str) -> bool:
    """A publication's name over the headline: a few capitalised words, one of them a word
    newspapers are called by."""
    words = line.split()
    capitalised = all(w[0].isupper() or w.casefold() in _SMALL_WORDS for w in words)
    return len(words) <= KICKER_WORDS + 1 and capitalised and bool(_MASTHEAD_WORD.search(line))


def _is_longer_in_mixed_case(under: str, kicker: str) -> bool:
    """Whether the line under a kicker is the headline it labels: not in capitals, and longer."""
    return under.upper() != under and len(under.split()) > len(kicker.split())


def _names_an_organization_alone(line: str) -> bool:
    """A line that is an organization's name and nothing else ("Center for American Progress" over
    its article), or its name and a section of its site ("US Human Rights Network Blog"): the
    publisher's banner, not the headline."""
    organizations, agencies = find_named_bodies(line, ())
    words = words_only(line)
    for name in (*organizations, *agencies):
        named = words_only(name)
        if words == named or (words.startswith(named + " ") and words[len(named) + 1 :] in _GENERIC):
            return True
    return False


def choose_title(candidates: Iterable[TitleCandidate], *, refused: Iterable[str] = ()) -> TitleCandidate | None:
    """The first candidate that reads as a title."""
    refused = tuple(refused)
    for candidate in candidates:
        if candidate.text and furniture_reason(candidate.text, refused=refused) is None:
            return TitleCandidate(re.sub(r"\s+", " ", candidate.text).strip(), candidate.source)
    return None
