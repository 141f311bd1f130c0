"""The app's HTML and CSS: result cards, chips, passage links, tables, as safe HTML.

Every string that comes from a document (title, hashtag, organization, speaker, file name) passes
through archive.markup.text_html here, which leaves no character HTML or Markdown could read as
syntax; snippets arrive already inert with only `<mark>` added (archive.engine.snippets). URLs go into
attributes only after safe_url accepted them (absolute http or https), so a hostile `javascript:`
URL in a document is shown as nothing. No element that loads a resource (img, iframe, style sheet)
is ever written. Kept free of Streamlit so it can be tested as plain functions.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from html import escape
from urllib.parse import urlencode

from babel import Locale, UnknownLocaleError

from archive.facets import BY_NAME
from archive.markup import text_html
from archive.plain_text import passage_label
from archive.results import ResultCard
from archive.shared.urls import safe_url

# A state of the app as URL parameters: each a value, or the values of a repeated key (`?topic=a&topic=b`).
UrlParams = dict[str, str | list[str]]

KIND_LABELS = {"statement": "Statement", "pdf": "PDF", "webinar": "Webinar", "image": "Image"}
ORG_PARAM, HASHTAG_PARAM, TOPIC_PARAM = (BY_NAME[n].url_param for n in ("organizations", "hashtags", "topics"))


def link(text: str, url: str | None) -> str:
    """Escaped link text, linked only when the URL is safe."""
    target = safe_url(url)
    if target is None:
        return text_html(text)
    return f'<a href="{escape(target, quote=True)}" target="_blank" rel="noopener noreferrer">{text_html(text)}</a>'


def app_link(text: str, href: str, css: str = "") -> str:
    """A link to a page of this app (a relative address the app built), with inert text."""
    cls = f' class="{escape(css, quote=True)}"' if css else ""
    return f'<a{cls} href="{escape(href, quote=True)}" target="_self">{text_html(text)}</a>'


@functools.cache
def language_name(code: str) -> str:
    """A language code as people read it ("es" -> "Spanish", from CLDR through Babel); the code
    itself when Babel does not know it."""
    try:
        return Locale.parse(code).get_display_name("en") or code
    except (UnknownLocaleError, ValueError):
        return code


def chip(text: str, href: str | None = None, css: str = "chip") -> str:
    """A label (a hashtag, an organization), linked in-app when `href` is given."""
    if href:
        return app_link(text, href, css)
    return f'<span class="{css}">{text_html(text)}</span>'


def filter_href(params: UrlParams, key: str, value: str) -> str:
    """An in-app link (query string) that adds a facet value to the current filters."""
    merged = {k: (list(v) if isinstance(v, list) else v) for k, v in params.items() if k not in ("page", "doc")}
    values = merged.get(key, [])
    values = values if isinstance(values, list) else [values]
    if value not in values:
        values = [*values, value]
    merged[key] = values
    return "?" + urlencode(merged, doseq=True)


def result_card(
    result: ResultCard,
    params: UrlParams,
    doc_href: str | None = None,
    page_href: Callable[[int], str] | None = None,
    at_href: Callable[[float], str] | None = None,
    publisher: str = "",
) -> str:
    """One search result as HTML: title (opening the document page at `doc_href`), kind badge,
    date, chips, snippet, best passages (a PDF page opens its page view at `page_href(n)`, a
    transcript passage the document at its minute, `at_href(seconds)`). The archive's own
    `publisher` gets no chip: it publishes every document, so it tells none apart."""
    kind = result.kind
    title = app_link(result.title, doc_href) if doc_href else link(result.title, result.url or result.recording_url)
    badge = f'<span class="badge badge-{escape(kind, quote=True)}">{KIND_LABELS.get(kind) or text_html(kind)}</span>'
    date = f'<span class="date">{text_html(result.date or "undated")}</span>'
    synthetic = '<span class="badge badge-synthetic">Demo (synthetic)</span>' if result.synthetic else ""
    if result.text_source == "speech":  # its words were heard by a machine: quotes need checking
        synthetic += ' <span class="badge badge-synthetic">Machine transcript</span>'
    chips = "".join(chip(o, filter_href(params, ORG_PARAM, o)) for o in result.organizations if o != publisher)
    chips += "".join(chip(h, filter_href(params, HASHTAG_PARAM, h), "chip chip-tag") for h in result.hashtags)
    topics = "".join(chip(t, filter_href(params, TOPIC_PARAM, t), "chip chip-topic") for t in result.topics)
    lines = [
        f'<div class="card"><div class="card-head">{badge} {synthetic} {date}</div>',
        f'<h2 class="card-title">{title}</h2>',
    ]
    if chips or topics:
        lines.append(f'<div class="chips">{topics}{chips}</div>')
    if not result.passages and result.snippet:
        lines.append(f'<p class="snippet">{result.snippet}</p>')
    if result.passages:
        items = []
        for passage in result.passages:
            if page_href and passage.page and kind in ("pdf", "image"):
                where = app_link(passage_label(passage, passage.part, passage.parts), page_href(passage.page))
            elif at_href and passage.start is not None:
                where = app_link(passage_label(passage, passage.part, passage.parts), at_href(passage.start))
            elif safe_url(passage.link) or not doc_href:
                where = link(passage_label(passage, passage.part, passage.parts), passage.link)
            else:  # no web address for this page or minute: open the document at its passages
                where = app_link(passage_label(passage, passage.part, passage.parts), doc_href)
            items.append(f'<li><span class="where">{where}</span> {passage.snippet}</li>')
        more = result.more_passages
        if more:
            items.append(f'<li class="more">+ {more} more matching passage{"s" if more != 1 else ""}</li>')
        lines.append(f'<ul class="passages">{"".join(items)}</ul>')
    lines.append(f'<div class="source">{text_html(result.source_path)}</div></div>')
    return "\n".join(lines)


def excerpt(text: str, limit: int = 200) -> str:
    """The start of `text`, cut at a word boundary with "…" when it is longer than `limit`."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:—–-")
    return f"{cut}…"


def html_table(rows: list[dict[str, object]]) -> str:
    """Rows as an HTML table whose cells are inert text (st.table would read them as Markdown)."""
    if not rows:
        return ""
    columns = list(rows[0])
    head = "".join(f"<th>{text_html(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{text_html(r.get(c, ''))}</td>" for c in columns) + "</tr>" for r in rows)
    return f'<table class="plain"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


CSS = """
<style>
/* the blocks that hold only these styles or the app's scripts take no room (each took a 1rem gap) */
[data-testid="stElementContainer"]:has(style), [data-testid="stElementContainer"]:has(script) {display: none;}
.card {border: 1px solid #d0d7de; border-radius: 8px; padding: 0.8rem 1rem; margin: 0 0 0.9rem 0;}
.card-title {margin: 0.2rem 0 0.4rem 0; font-size: 1.15rem; padding: 0;}
/* Streamlit styles every h2 of Markdown at 2.25rem; a result title is read, not a section heading */
div.card h2.card-title, div.card h2.card-title a {font-size: 1.15rem !important; line-height: 1.35;
        font-weight: 600;}
.card-head {font-size: 0.85rem; color: #57606a;}
.badge {display: inline-block; padding: 0 0.45rem; border-radius: 4px; border: 1px solid #8c959f;
        font-size: 0.8rem; margin-right: 0.3rem;}
.badge-synthetic {border-style: dashed;}
.chips {margin: 0.2rem 0 0.4rem 0;}
.chip {display: inline-block; padding: 0 0.5rem; margin: 0 0.3rem 0.3rem 0; border-radius: 999px;
       border: 1px solid #8c959f; font-size: 0.8rem; text-decoration: none;}
.chip-tag {font-weight: 600;}
.chip-topic {font-style: italic;}
.snippet {margin: 0.2rem 0;}
.passages {margin: 0.2rem 0 0.2rem 1rem; padding: 0;}
.passages li {margin-bottom: 0.3rem;}
.where {font-weight: 600; margin-right: 0.3rem; white-space: nowrap;}
.source {font-size: 0.75rem; color: #57606a;}
.caption-text {font-size: 0.875rem; color: #57606a; margin: 0 0 0.5rem 0;}
.note {border-left: 3px solid #d4a72c; background: #fff8c5; padding: 0.4rem 0.8rem; margin: 0.3rem 0;}
.pager {margin: 0.5rem 0 1rem 0; text-align: center;}
.meta {display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; margin: 0.5rem 0;}
.meta dt {font-weight: 600;}
.meta dd {margin: 0;}
.passage {border-left: 3px solid #d0d7de; padding-left: 0.8rem; margin-bottom: 0.8rem;}
.passage.current {border-left-color: #d4a72c; background: #fff8c5;}
a:focus-visible, .chip:focus-visible {outline: 2px solid #0969da; outline-offset: 2px;}
/* a chosen filter value is shown whole (Streamlit cut "The administration and executive action" to
   "The administration …"): its tag wraps instead */
[data-testid="stMultiSelectTagsContainer"] [data-tag] {max-width: 100%; height: auto; min-height: 1.5rem;}
[data-testid="stMultiSelectTagsContainer"] [data-tag] > span[title] {white-space: normal; overflow: visible;
        text-overflow: clip; line-height: 1.3; padding: 0.1rem 0;}
/* a document's title heads its page, but at Streamlit's 2.25rem a long one filled a phone's screen */
h2.doc-title {font-size: 1.9rem !important; line-height: 1.25;}
@media (max-width: 480px) { .card {padding: 0.6rem;} div.card h2.card-title {font-size: 1.05rem !important;}
  h2.doc-title {font-size: 1.4rem !important;} }
mark {background: #fff3b0; padding: 0 1px; font-weight: 600;}
table.plain {border-collapse: collapse; margin: 0.3rem 0 1rem 0; width: 100%;}
table.plain th, table.plain td {border: 1px solid #d0d7de; padding: 0.25rem 0.5rem; text-align: left;
        vertical-align: top; overflow-wrap: anywhere;}
</style>
"""
