"""Statement web pages to clean article text and metadata (beautifulsoup4, trafilatura).

The main text comes from trafilatura, and from the project's own density extractor when trafilatura
finds too little (indexer/main_text.py says why, with figures). The density extractor uses the
structure every article page shares rather than site rules: it removes what is never content
(scripts, navigation, forms, share widgets, comment sections), scores blocks by text density the way
readability does (long paragraphs with commas and few links score high), keeps the best container
and the siblings that look like it, and returns headings, paragraphs and list items in reading
order. Around the text, beautifulsoup4 reads what the page says about itself: title candidates,
dates, the canonical address, authors, CMS tags, JSON-LD, and whether it is a listing page.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from archive.shared import dates
from archive.shared.urls import safe_url
from indexer.errors import ExtractionError
from indexer.main_text import MainText, long_enough, longest_main_text, trafilatura_text
from indexer.text import drop_boilerplate
from indexer.titles import (
    HEADLINE_LINES,
    TitleCandidate,
    choose_title,
    furniture_reason,
    headline_from_text,
    words_only,
)
from indexer.written_dates import date_near_top

NEVER_CONTENT = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "canvas",
    "iframe",
    "button",
    "input",
    "select",
    "textarea",
    "nav",
    "aside",
    "footer",
    "object",
    "embed",
    "dialog",
    "link",
    "meta",
)  # forms are handled apart: some sites wrap the whole page in one
BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "th", "dd", "dt", "figcaption")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_BLOCKS_IN_DIV = ("div", "p", "table", "ul", "ol", "section", "article", "pre", "blockquote", *HEADINGS)

_UNLIKELY = re.compile(
    r"combx|comment|disqus|share|sharing|social|sidebar|widget|menu|navbar|nav-|breadcrumb|"
    r"footer|masthead|cookie|consent|gdpr|related|subscribe|newsletter|signup|promo|advert|"
    r"\bads?\b|sponsor|popup|modal|banner|pagination|pager|skip-link|screen-reader|author-box|"
    r"author-bio|about-author|byline|post-meta|entry-meta|entry-footer|tags?-links|cat-links|"
    r"jp-relatedposts|sharedaddy|wpml|toolbar|hidden|print-only|rss|recent-posts|login",
    re.I,
)
# Sections that are never the article however much text they hold.
_ALWAYS_DROP = re.compile(r"comment|disqus|respond|reply|related|recommend|newsletter|cookie|consent", re.I)
_MAYBE = re.compile(r"and|article|body|column|content|main|shadow", re.I)
_POSITIVE = re.compile(r"article|body|content|entry|main|page|post|story|text|blog", re.I)
_NEGATIVE = re.compile(r"comment|meta|footer|footnote|sidebar|widget|share|social|related|nav", re.I)
MIN_ARTICLE_CHARS = 250
_CAPTION = re.compile(r"caption|credit|wp-caption|photo-?credit|image-?credit", re.I)
_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")
_SITE_SUFFIX = re.compile(r"\s+[|\-–—:»·]\s+[^|\-–—:»·]{2,60}$")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})(?:/(\d{1,2}))?/")


@dataclass
class HtmlExtract:
    """What a statement page yields: its text blocks and the metadata found in the page."""

    blocks: list[str]
    title: str | None = None
    title_source: str = ""  # which candidate the title is (indexer/titles.py): "og:title", "h1", ...
    date: str | None = None
    date_source: str = ""  # "meta", "json-ld", "time-tag", "url" or "text" (written near the top)
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    language: str | None = None
    notes: list[str] = field(default_factory=list)  # what was found and left out, for the build report
    listing: str | None = None  # why the page is a listing of other pages, not a document
    main_text_source: str = "trafilatura"  # or "density": which extractor found the text (indexer/main_text.py)
    site_name: str = ""  # og:site_name: who publishes the page, for an archive without a profile

    def article_blocks(self, boilerplate: tuple[str, ...] = ()) -> list[str]:
        """The article's text blocks: without whole-line boilerplate, and without a leading heading
        that repeats the title (the title is kept as metadata)."""
        blocks = drop_boilerplate(self.blocks, boilerplate)
        if blocks and self.title and blocks[0].casefold() == self.title.casefold():
            blocks = blocks[1:]
        return blocks


def _classes(tag: Tag) -> str:
    cls: Any = tag.get("class") or []
    if isinstance(cls, str):
        cls = [cls]
    return " ".join(cls) + " " + str(tag.get("id") or "")


def _text(tag: Tag) -> str:
    return _SPACE.sub(" ", tag.get_text(" ", strip=True)).strip()


def _link_density(tag: Tag, text_length: int) -> float:
    if not text_length:
        return 0.0
    linked = sum(len(_text(a)) for a in tag.find_all("a"))
    return linked / text_length


def _meta(soup: BeautifulSoup, *names: str) -> str | None:
    for name in names:
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if tag and tag.get("content"):
            return str(tag["content"]).strip()
    return None


def _json_ld(soup: BeautifulSoup) -> list[dict]:
    found: list[dict] = []
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(script.string or "")
        except (json.JSONDecodeError, TypeError):
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                found.append(item)
                stack.extend(v for v in item.get("@graph", []) if isinstance(v, dict))
    return found


def _safe_date(value: object) -> str | None:
    try:
        return dates.normalize(value)
    except dates.DateError:
        return None


def _find_date(soup: BeautifulSoup, ld: list[dict], url: str | None) -> tuple[str | None, str]:
    """The page's date and where it was found: its meta tags, JSON-LD or <time> first (what the
    CMS says), then the address ("/2020/06/..."); ("", "") when neither has one."""
    candidates: list[tuple[object, str]] = [
        (_meta(soup, "article:published_time", "datePublished", "date", "dc.date", "DC.date.issued", "pubdate"), "meta")
    ]
    candidates += [(item.get("datePublished"), "json-ld") for item in ld]
    time_tag = soup.find("time", attrs={"datetime": True})
    if time_tag:
        candidates.append((time_tag["datetime"], "time-tag"))
    for value, source in candidates:
        if value and (found := _safe_date(str(value))):
            return found, source
    if url and (match := _URL_DATE.search(url)):
        year, month, day = match.groups()
        found = _safe_date(f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else ""))
        if found:
            return found, "url"
    return None, ""


def _marks_an_author(tag: Tag) -> bool:
    """What the CSS selector `[rel=author], .author-name, .byline .author, [itemprop=author]` picks
    (rel compared without case, as HTML does), tested tag by tag: one walk of the page instead of
    soupsieve's four, seven times faster on real pages."""
    attrs = tag.attrs
    if not attrs:
        return False
    rel = attrs.get("rel") or ""  # a list on <a> and <link>, a string elsewhere
    if (" ".join(rel) if isinstance(rel, list) else rel).lower() == "author" or attrs.get("itemprop") == "author":
        return True
    classes = attrs.get("class") or ()
    if "author-name" in classes:
        return True
    return "author" in classes and any("byline" in (parent.get("class") or ()) for parent in tag.parents)


def _find_authors(soup: BeautifulSoup, ld: list[dict]) -> list[str]:
    authors: list[str] = []
    meta_author = _meta(soup, "author", "article:author", "dc.creator")
    if meta_author and not meta_author.startswith("http"):
        authors.append(meta_author)
    for item in ld:
        author = item.get("author")
        for entry in author if isinstance(author, list) else [author]:
            if isinstance(entry, dict) and entry.get("name"):
                authors.append(str(entry["name"]))
            elif isinstance(entry, str) and entry:
                authors.append(entry)
    for tag in soup.find_all(_marks_an_author):
        name = re.sub(r"^(?:View all posts by|Posts by|By)\s+", "", _text(tag), flags=re.I)
        if 2 < len(name) < 60:
            authors.append(name)
    return list(dict.fromkeys(a.strip() for a in authors if a.strip()))


# WordPress (and themes that copy it) marks the page type in <body class>: these list posts.
_LISTING_BODY_CLASSES = frozenset({"archive", "category", "tag", "search-results", "blog", "paged", "author", "date"})
_READ_MORE = re.compile(
    r"^\s*(?:read more|continue reading|learn more|more|read the (?:full )?(?:statement|post))\b", re.I
)
_PAGINATION = re.compile(r"pagination|nav-links|page-numbers|pager|wp-pagenavi", re.I)
MIN_TEASERS = 3  # a page with fewer teasers is an article with a "related posts" box, not a listing


# What a page says it is: one article (Open Graph's type, schema.org's types, WordPress's body class).
_ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "blogposting", "report", "scholarlyarticle", "reportagenewsarticle"}
)
_SINGLE_BODY_CLASSES = frozenset({"single", "single-post", "singular"})


def _declares_an_article(soup: BeautifulSoup, ld: list[dict], body_classes: set[str]) -> bool:
    """The page says it is one article: og:type "article", a JSON-LD Article/NewsArticle/BlogPosting/
    Report, or a CMS's "single post" body class. Such a page is never a listing, however many
    related-post teasers, "read more" links or next/previous links surround it."""
    if (_meta(soup, "og:type") or "").strip().lower() == "article" or body_classes & _SINGLE_BODY_CLASSES:
        return True
    for item in ld:
        types = item.get("@type")
        for kind in types if isinstance(types, list) else [types]:
            if isinstance(kind, str) and kind.lower() in _ARTICLE_TYPES:
                return True
    return False


@dataclass(frozen=True)
class ListingEvidence:
    """What the markup says about a page being a list of other pages, read before the main text is
    known (the density extractor edits the tree): the CMS's listing body class, the teasers (a
    heading linking elsewhere with its short card around it), "read more" links and pagination."""

    cms_kind: str | None
    teaser_cards: tuple[str, ...]  # each teaser's text: its heading and excerpt, whitespace-normalised
    read_more: int
    paginated: bool


TEASER_EXCERPT_CHARS = 600  # a teaser's excerpt is a paragraph or two (WordPress's default is 55 words)


def _teaser_cards(soup: BeautifulSoup) -> list[str]:
    """The text of each teaser: a heading linking to another page, with the largest element around
    it that holds no other such heading, when that card is short. An article whose own title is a
    link has a long card (the whole article), so it is no teaser."""
    headings = [
        h
        for h in soup.find_all(("h1", "h2", "h3"))
        if (a := h.find("a", href=True)) and len(_text(a)) > 15 and not str(a["href"]).startswith("#")
    ]
    holding: dict[int, int] = {}  # element id -> how many linked headings it holds
    for heading in headings:
        for parent in heading.parents:
            holding[id(parent)] = holding.get(id(parent), 0) + 1
    cards = []
    for heading in headings:
        card = heading
        while card.parent is not None and holding.get(id(card.parent)) == 1:
            card = card.parent
        text = _text(card)
        if len(text) - len(_text(heading)) <= TEASER_EXCERPT_CHARS:
            cards.append(text)
    return cards


def listing_evidence(soup: BeautifulSoup, ld: list[dict]) -> ListingEvidence | None:
    """The listing signs of a page, or None when the page says it is one article."""
    body = soup.body
    body_classes = set(body.get("class") or []) if body else set()
    if _declares_an_article(soup, ld, body_classes):
        return None
    return ListingEvidence(
        cms_kind=min(body_classes & _LISTING_BODY_CLASSES, default=None),
        teaser_cards=tuple(_teaser_cards(soup)),
        read_more=sum(1 for a in soup.find_all("a") if _READ_MORE.match(_text(a))),
        paginated=bool(soup.find(class_=_PAGINATION)) or bool(soup.find("a", rel="next")),
    )


LISTING_SHARE = 0.5  # at least half of the main text lies in teasers


def teaser_share(blocks: list[str], cards: tuple[str, ...]) -> float:
    """The share of the main text's characters that lie inside teaser cards. A listing's main text is
    nearly all teasers; an article's is not, even when a related-posts box made it into the main text."""
    joined = "\n".join(cards)
    normalised = [" ".join(b.split()) for b in blocks]
    total = sum(len(b) for b in normalised)
    inside = sum(len(b) for b in normalised if b and b in joined)
    return inside / total if total else 0.0


def listing_reason(evidence: ListingEvidence | None, blocks: list[str]) -> str | None:
    """Why the page lists documents rather than being one (None for an article). Markup alone is not
    enough (themes put "archive" or "blog" on single posts, and "Older posts" links, sidebars of
    linked headings and related-post boxes beside articles: 7 articles of a public extraction test set
    were skipped on markup alone): the main text itself must lie mostly in teasers, and the page must
    say it is a listing (its CMS's body class) or have several teasers with "read more" links or
    pagination."""
    if evidence is None or not evidence.teaser_cards or teaser_share(blocks, evidence.teaser_cards) < LISTING_SHARE:
        return None
    if evidence.cms_kind:
        return (
            f"a listing page (its site marks it '{evidence.cms_kind}'): it lists other pages, "
            "so it is not indexed as a statement"
        )
    teasers = len(evidence.teaser_cards)
    if teasers >= MIN_TEASERS and (evidence.read_more >= MIN_TEASERS or evidence.paginated):
        return (
            f"a listing page ({teasers} linked headings"
            + (f", {evidence.read_more} 'read more' links" if evidence.read_more else "")
            + (", pagination" if evidence.paginated else "")
            + "): it lists other pages, so it is not indexed as a statement"
        )
    return None


# What separates a page's name from its site's in <title> ("Muffin Grundrezept : Muffin Rezepte",
# "Historischer Markt › Verein"); a hyphen or colon inside a real title has no spaces around it or is
# part of the headline ("COVID-19: what to know"), so only these, spaced, are read as a separator.
_TITLE_SEPARATOR = re.compile(r"\s+(?:[|–—»›·]|-|::|:)\s+")


def site_name_from_headings(soup: BeautifulSoup, headings: list[TitleCandidate]) -> str | None:
    """The site's name when the page's headings hold both parts of its <title> ("Page › Site"): the
    last part, after a separator, is the site's (the logo's text in an <h1>), the other the
    document's. Such a heading is the site's banner, not the document's title. With only one part
    among the headings nothing is inferred: "Ministry - Headline" puts the site first."""
    if not soup.title:
        return None
    parts = [part.strip() for part in _TITLE_SEPARATOR.split(_text(soup.title))]
    if len(parts) < 2 or not all(parts):
        return None
    heading_words = {words_only(h.text or "") for h in headings}
    tail, head = words_only(parts[-1]), words_only(" ".join(parts[:-1]))
    return parts[-1] if tail in heading_words and head in heading_words and tail != head else None


def _without_site_name(title: str, site_name: str | None) -> str:
    if site_name and title.endswith(site_name) and title != site_name:
        title = title[: -len(site_name)].rstrip(" |-–—:»·›")
    elif _SITE_SUFFIX.search(title) and len(title) > 40:
        title = _SITE_SUFFIX.sub("", title)
    return title.strip()


def _title_candidates(soup: BeautifulSoup, ld: list[dict], site_name: str | None) -> list[TitleCandidate]:
    """What the CMS says the title is (og:title, JSON-LD headline), then the page's <title>, each
    without the site's name; the main text's first heading is added once the article is found."""
    found = [TitleCandidate(_meta(soup, "og:title", "twitter:title"), "og:title")]
    found += [TitleCandidate(str(item["headline"]), "json-ld") for item in ld if isinstance(item.get("headline"), str)]
    if soup.title:
        found.append(TitleCandidate(_text(soup.title), "html-title"))
    return [TitleCandidate(_without_site_name(c.text, site_name), c.source) for c in found if c.text]


def _content_words(text: str | None) -> set[str]:
    return {w for w in words_only(text or "").split() if len(w) >= 3}


def _headings_by_agreement(
    headings: list[TitleCandidate], html_titles: list[TitleCandidate], refused: tuple[str, ...]
) -> list[TitleCandidate]:
    """The headings to try before the <title>: those sharing a word with it, when the <title> has three
    or more words (a heading sharing none is a logo's text, a section's label or a box's heading:
    "Medieninformationen", "Über diesen Artikel", "User"; the <title> names the document, and those
    headings are tried only after it). The <title>'s parts that are furniture or a refused name (the
    site's, the collection's: "Resources - Immigrant Justice Network") do not count. With a short or
    no <title>, every heading, in page order."""
    title_words = []
    for candidate in html_titles:
        parts = _TITLE_SEPARATOR.split(candidate.text or "")
        words = _content_words(" ".join(p for p in parts if p.strip() and furniture_reason(p, refused=refused) is None))
        if len(words) >= 3:
            title_words.append(words)
    if not title_words:
        return headings
    return [h for h in headings if any(_content_words(h.text) & words for words in title_words)]


def _page_headings(soup: BeautifulSoup, limit: int = 3) -> list[TitleCandidate]:
    """The page's first h1/h2 headings outside navigation, footers and sidebars, in reading order
    (the first may be furniture, such as a logo's text; the title rules judge each)."""
    found = []
    for heading in soup.find_all(("h1", "h2")):
        if heading.find_parent(("nav", "footer", "aside")) or _text(heading) == "":
            continue
        found.append(TitleCandidate(_text(heading), heading.name))
        if len(found) == limit:
            break
    return found


_LINE_TAGS = frozenset("p h1 h2 h3 h4 h5 h6 li blockquote dt dd td th pre".split())


def _opening_lines(soup: BeautifulSoup, limit: int = HEADLINE_LINES) -> list[str]:
    """The page's first lines of text in reading order, outside navigation, footers, sidebars and
    forms (a line break inside a paragraph ends a line). A main-text extractor keeps the body, not
    always the headline: trafilatura drops a line that repeats the start of the paragraph before it (a
    headline under a teaser that opens with it), so a page whose markup names no title and whose main
    text shows no headline is also read for one here, as a reader sees its top."""
    lines: list[str] = []
    for element in soup.descendants:
        if len(lines) >= limit:
            break
        if not isinstance(element, Tag) or element.name not in _LINE_TAGS:
            continue
        if element.find(_LINE_TAGS) is not None or element.find_parent(("nav", "footer", "aside", "form")):
            continue  # a container of lines (its own lines come next), or furniture
        lines.extend(line for line in (" ".join(part.split()) for part in _text_with_breaks(element)) if line)
    return lines[:limit]


def _top_headline(raw: str | bytes, refused: tuple[str, ...]) -> str | None:
    """A headline among the page's own first lines, for a page whose markup and main text gave none.
    Rare but for saved pages' text, so the page is parsed again here (the density extractor may have
    edited the first parse) rather than every page's first lines being read in advance."""
    return headline_from_text(_opening_lines(BeautifulSoup(raw, "html.parser")), refused=refused)


def _text_with_breaks(element: Tag) -> list[str]:
    """An element's text split where it has a <br> (a newline in the markup is a space)."""
    text = "".join(
        "\n" if isinstance(part, Tag) else _SPACE.sub(" ", part.replace("\n", " "))
        for part in element.descendants
        if (isinstance(part, Tag) and part.name == "br") or type(part) is NavigableString
    )
    return text.split("\n")


def _paragraph_chars(tag: Tag) -> int:
    return sum(len(_text(p)) for p in tag.find_all(("p", "pre", "blockquote")))


def _substantial(tag: Tag) -> bool:
    """Holds real article text: long paragraphs, few links. A class name like "widget" or
    "sidebar" on such a container is a theme's naming, not a sign of clutter."""
    chars = _paragraph_chars(tag)
    return chars >= 500 and _link_density(tag, len(_text(tag))) < 0.35


def _remove_clutter(root: Tag) -> None:
    for comment in root.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in root.find_all(NEVER_CONTENT):
        tag.decompose()
    for form in root.find_all("form"):
        if _paragraph_chars(form) < 500:  # a search or comment form; some sites wrap whole pages in one
            form.decompose()
    for tag in root.find_all(True):
        if tag.decomposed or tag.name in ("html", "body", "article", "main"):
            continue
        style = str(tag.get("style") or "").replace(" ", "").lower()
        if tag.get("hidden") is not None or tag.get("aria-hidden") == "true" or "display:none" in style:
            if not _substantial(tag):
                tag.decompose()
            continue
        marks = _classes(tag)
        always = _ALWAYS_DROP.search(marks) and not _MAYBE.search(marks)
        unlikely = _UNLIKELY.search(marks) and not _MAYBE.search(marks) and not _substantial(tag)
        bare_header = tag.name == "header" and not tag.find(HEADINGS[:1])
        if always or unlikely or bare_header:
            tag.decompose()


def _class_weight(tag: Tag) -> float:
    marks = _classes(tag)
    weight = 0.0
    if _POSITIVE.search(marks):
        weight += 25
    if _NEGATIVE.search(marks):
        weight -= 25
    if tag.name in ("article", "main"):
        weight += 30
    return weight


def _article_nodes(body: Tag) -> list[Tag]:
    """The article's container(s), in document order.

    Readability's scoring: each paragraph votes for its parent (and half for its grandparent),
    weighted by length and commas; the best-scoring node (discounted by link density) wins. The
    article is that node plus its siblings that look like it: a sibling scoring at least a fifth of
    the best, one sharing its class (story bodies split into columns), or a long, low-link paragraph."""
    scores: dict[int, float] = {}
    nodes: dict[int, Tag] = {}
    candidates = list(body.find_all(("p", "pre", "td", "blockquote", "li")))
    # A div holding only text and inline markup is a paragraph by another name.
    candidates += [d for d in body.find_all("div") if not d.find(_BLOCKS_IN_DIV)]
    for para in candidates:
        text = _text(para)
        if len(text) < 25:
            continue
        score = 1 + text.count(",") + text.count("،") + min(len(text) / 100, 3)
        for level, ancestor in enumerate((para.parent, para.parent.parent if para.parent else None)):
            if not isinstance(ancestor, Tag):
                break
            key = id(ancestor)
            if key not in nodes:
                nodes[key] = ancestor
                scores[key] = _class_weight(ancestor)
            scores[key] += score / (1 + level)
    if not scores:
        return [body]

    def adjusted(key: int) -> float:
        return scores[key] * (1 - _link_density(nodes[key], len(_text(nodes[key]))))

    best_key = max(nodes, key=adjusted)
    best = nodes[best_key]
    # Climb while the parent holds the same content plus little else (wrappers of the article).
    while isinstance(best.parent, Tag) and best.parent.name not in ("body", "html", "[document]"):
        parent_text, best_text = len(_text(best.parent)), len(_text(best))
        if best_text and parent_text <= best_text * 1.25:
            best = best.parent
        else:
            break
    parent = best.parent
    if not isinstance(parent, Tag) or best.name in ("body", "html"):
        return [best]
    threshold = max(10.0, adjusted(best_key) * 0.2)
    best_class = _classes(best).strip()
    chosen: list[Tag] = []
    for sibling in parent.find_all(True, recursive=False):
        if sibling is best:
            chosen.append(sibling)
            continue
        bonus = adjusted(best_key) * 0.2 if best_class and _classes(sibling).strip() == best_class else 0.0
        score = (adjusted(id(sibling)) if id(sibling) in nodes else 0.0) + bonus
        text = _text(sibling)
        density = _link_density(sibling, len(text))
        if score >= threshold or (sibling.name == "p" and len(text) > 80 and density < 0.25):
            chosen.append(sibling)
    return chosen


_CONTAINERS = ("div", "section", "article", "ul", "ol", "table", "tbody", "tr", "main", "header")
_SENTENCE_END = (".", "!", "?", ":", "…", "”", '"', ")")


@dataclass
class _Block:
    text: str
    heading: bool
    linked: float  # share of the text inside links


def _keep(block: _Block) -> bool:
    """Drop what is never article text even inside the article's container: widget words
    ("Share", "420", "Caption"), and blocks that are all links (headline lists, tag clouds)."""
    if block.heading:
        return block.linked < 0.8
    words = len(block.text.split())
    if words <= 3 and not block.text.endswith(_SENTENCE_END):
        return False
    return block.linked < 0.8


def _blocks_of(container: Tag) -> list[str]:
    """Text blocks in reading order: headings, paragraphs, list items, and loose text."""
    for br in container.find_all("br"):
        br.replace_with(NavigableString("\n"))
    for tag in container.find_all(("figure", "figcaption")):
        tag.decompose()
    for tag in container.find_all(class_=_CAPTION):
        tag.decompose()
    blocks: list[str] = []

    def add(text: str, heading: bool, link_chars: int) -> None:
        """Judge an element as a whole, then keep its <br> lines as separate blocks (a contact
        block's short name lines belong to it)."""
        lines = [_SPACE.sub(" ", line).strip() for line in text.split("\n")]
        lines = [line for line in lines if line]
        whole = " ".join(lines)
        if whole and _keep(_Block(whole, heading, min(1.0, link_chars / len(whole)))):
            blocks.extend(lines)

    def walk(node: Tag) -> None:
        loose: list[str] = []
        loose_links = 0

        def flush() -> None:
            nonlocal loose_links
            add(" ".join(loose), False, loose_links)
            loose.clear()
            loose_links = 0

        for child in node.children:
            if isinstance(child, NavigableString):
                loose.append(str(child))
            elif isinstance(child, Tag):
                if child.name in BLOCK_TAGS and not child.find(BLOCK_TAGS):
                    flush()
                    links = sum(len(_text(a)) for a in child.find_all("a"))
                    add(child.get_text(" "), child.name in HEADINGS, links)
                elif child.find(BLOCK_TAGS) or child.name in _CONTAINERS:
                    flush()
                    walk(child)
                else:
                    loose.append(child.get_text(" "))
                    if child.name == "a":
                        loose_links += len(_text(child))
                    else:
                        loose_links += sum(len(_text(a)) for a in child.find_all("a"))
        flush()

    walk(container)
    return blocks


# Bounds on a page's shape, checked in one linear pass before parsing: the tree builder and the
# density scoring cost time faster than linearly in nesting depth (a page nested 1,000 levels deep
# exceeds Python's recursion limit) and about 4 KB of memory per element. Of 185 real news and blog
# pages (the article-extraction benchmark) the largest has 3,133 elements and the deepest 288 levels.
MAX_ELEMENTS = 50_000
MAX_DEPTH = 512
_TAG_TOKEN = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
_NOT_NESTING = frozenset(
    b"area base br col embed hr img input link meta param source track wbr p li option td tr th dt dd".split()
)
# A script's or style's content is raw text to an HTML parser: markup written in it (a theme's menu
# as a JavaScript string, with "<\/div>" closing tags) makes no elements, so it is not counted.
_RAW_TEXT = re.compile(rb"<(script|style)\b[^>]*>.*?</\1\s*>", re.I | re.S)


def density_text(soup: BeautifulSoup, raw: str | bytes) -> MainText:
    """The project's own main-text extractor (readability-style density scoring, see the module
    docstring): run when trafilatura finds too little. Edits `soup`."""
    body = soup.body or soup
    _remove_clutter(body)
    nodes = _article_nodes(body)
    if sum(len(_text(n)) for n in nodes) < MIN_ARTICLE_CHARS:
        # Clutter rules removed the article itself (as readability also sometimes does): retry with
        # only the never-content tags removed, and keep whichever finds more text.
        pristine = BeautifulSoup(raw, "html.parser")
        fallback_body = pristine.body or pristine
        for tag in fallback_body.find_all(NEVER_CONTENT):
            tag.decompose()
        fallback = _article_nodes(fallback_body)
        if sum(len(_text(n)) for n in fallback) > sum(len(_text(n)) for n in nodes):
            nodes = fallback
    links = [str(a["href"]) for node in nodes for a in node.find_all("a", href=True)]
    return MainText([b for node in nodes for b in _blocks_of(node)], links, "density")


def main_text(raw: str | bytes, soup: BeautifulSoup) -> MainText:
    """Trafilatura favouring precision; when it finds too little, trafilatura favouring recall (only
    a text long enough to trust), then the density extractor, each kept only when it finds more
    (indexer/main_text.py). Edits `soup` when the density extractor runs."""
    return longest_main_text(
        trafilatura_text(raw),
        lambda: long_enough(trafilatura_text(raw, favor_precision=False)),
        lambda: density_text(soup, raw),
    )


def check_shape(raw: str | bytes) -> None:
    """Refuse, with a reason, a page too big or too deeply nested to be one statement."""
    data = _RAW_TEXT.sub(b"", raw.encode("utf-8", "replace") if isinstance(raw, str) else raw)
    depth = deepest = 0
    for elements, match in enumerate(_TAG_TOKEN.finditer(data), start=1):
        if match.group(1):
            depth = max(0, depth - 1)
        elif not match.group(3) and match.group(2).lower() not in _NOT_NESTING:
            depth += 1
            deepest = max(deepest, depth)
        if elements > MAX_ELEMENTS:
            raise ExtractionError(
                f"the page has more than {MAX_ELEMENTS:,} HTML elements; a statement page has a few thousand, so "
                "this is likely a whole-site export or a generated listing: save the article on its own",
                detail=f"over {MAX_ELEMENTS} elements",
            )
        if deepest > MAX_DEPTH:
            raise ExtractionError(
                f"the page's HTML is nested more than {MAX_DEPTH} levels deep (real pages rarely pass 100); "
                "save the article again from a browser, or as plain text",
                detail=f"over {MAX_DEPTH} levels",
            )


def extract_html(raw: str | bytes, base_url: str | None = None, refused_titles: tuple[str, ...] = ()) -> HtmlExtract:
    """Extract the main text and metadata of an article page. Given bytes, the page's declared
    charset is honoured (BeautifulSoup's encoding detection). `refused_titles`: names that are never
    a document's title here (the collection's name, the profile's boilerplate lines)."""
    check_shape(raw)
    soup = BeautifulSoup(raw, "html.parser")
    ld = _json_ld(soup)
    canonical = soup.find("link", attrs={"rel": "canonical"})
    written = (str(canonical["href"]).strip() if canonical and canonical.get("href") else None) or _meta(soup, "og:url")
    url = safe_url(urljoin(base_url or "", written)) if written else None
    notes = []
    if written and url is None:
        notes.append(f"the page's own address {written[:80]!r} is not a web address (http or https) and was left out")
    headings = _page_headings(soup)  # before the density extractor edits the tree
    site_name = _meta(soup, "og:site_name", "application-name") or site_name_from_headings(soup, headings)
    evidence = listing_evidence(soup, ld)
    titles = _title_candidates(soup, ld, site_name)
    date, date_source = _find_date(soup, ld, url or base_url)
    authors = _find_authors(soup, ld)
    tags = [str(t["content"]) for t in soup.find_all("meta", attrs={"property": "article:tag"}) if t.get("content")]
    tags += [_text(a) for a in soup.select('a[rel~="tag"]')]
    html_tag = soup.find("html")
    language = str(html_tag.get("lang") or "")[:2].lower() if html_tag else ""

    main = main_text(raw, soup)
    links = [urljoin(url or base_url or "", link.strip()) for link in main.links]
    # A caption or pull quote repeated is said once.
    blocks = list(dict.fromkeys(main.blocks))
    listing = listing_reason(evidence, blocks)
    cms = [c for c in titles if c.source != "html-title"]
    html_titles = [c for c in titles if c.source == "html-title"]
    refused = (*refused_titles, site_name or "")
    agreeing = _headings_by_agreement(headings, html_titles, refused)
    candidates = [*cms, *agreeing, *html_titles, *(h for h in headings if h not in agreeing)]
    title = choose_title(candidates, refused=refused)
    if title is None and (headline := headline_from_text(blocks, refused=refused) or _top_headline(raw, refused)):
        title = TitleCandidate(headline, "text")
    if date is None and (date := date_near_top(drop_boilerplate(blocks, refused_titles))):
        date_source = "text"
    return HtmlExtract(
        blocks=blocks,
        title=title.text if title else None,
        title_source=title.source if title else "",
        date=date,
        date_source=date_source,
        url=url,
        authors=authors,
        tags=list(dict.fromkeys(t for t in tags if t)),
        links=list(dict.fromkeys(link for link in links if link.startswith(("http://", "https://")))),
        language=language or None,
        notes=notes,
        listing=listing,
        main_text_source=main.source,
        site_name=" ".join((site_name or "").split())[:200],
    )
