"""Strings from documents as HTML text that nothing downstream can turn into markup.

Streamlit renders what the app writes as Markdown (GitHub-flavoured, with HTML allowed where the
app asks for it, plus its own `:red[...]`, `:icon:` and `$math$` extensions; `st.table` reads its
cells as Markdown too). HTML escaping alone is not enough there: a blank line ends an HTML block,
after which `![x](https://tracker.example/p.png)` is an image the browser fetches, `# x` a heading
and `https://…` a live link. So every string that comes from a document (titles, summaries,
snippets, passage text, speakers, file names, tags, notes) reaches the page through `text_html`:
every character that HTML or Markdown could read as syntax becomes a character reference, and line
breaks become spaces (or `<p>`/`<br>` that this module writes itself), so the only markup in the
result is what the app adds (`<mark>` around matched words).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# HTML's own specials and every character Markdown, GFM or Streamlit's extensions give a meaning to.
_SYNTAX = "&<>\"'`*_[](){}!#|\\~:$=+-@^"
_AS_REFERENCE = str.maketrans({c: f"&#{ord(c)};" for c in _SYNTAX})
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x85\u2028\u2029]+")
_AUTOLINK_WWW = re.compile(r"(?i)\bwww\.")


def text_html(value: object) -> str:
    """`value` as inert HTML text on one line: safe inside any element, any Markdown, any attribute."""
    text = _LINE_BREAKS.sub(" ", str(value))
    return _AUTOLINK_WWW.sub(lambda m: m.group()[:-1] + "&#46;", text.translate(_AS_REFERENCE))


def marked_html(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` as inert HTML with each (start, end) span wrapped in <mark>, the only tag added."""
    out: list[str] = []
    last = 0
    for start, end in spans:
        if start < last:
            continue
        out.append(text_html(text[last:start]))
        out.append(f"<mark>{text_html(text[start:end])}</mark>")
        last = end
    out.append(text_html(text[last:]))
    return "".join(out)


def paragraphs_html(text: str, spans: Iterable[tuple[int, int]] = ()) -> str:
    """A passage for reading: its paragraphs (blank-line separated) as <p> elements and its other
    line breaks as <br>, matched words marked; no raw line break is left in the result."""
    spans = sorted(spans)
    parts: list[str] = []
    for match in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        start, end = match.span()
        inside = [(a - start, b - start) for a, b in spans if start <= a and b <= end]
        lines = match.group().split("\n")
        offsets, html_lines, position = [], [], 0
        for line in lines:
            offsets.append(position)
            position += len(line) + 1
        for line, offset in zip(lines, offsets, strict=True):
            local = [(a - offset, b - offset) for a, b in inside if offset <= a and b <= offset + len(line)]
            html_lines.append(marked_html(line, local))
        paragraph = "<br>".join(h for h in html_lines if h.strip())
        if paragraph.strip():
            parts.append(f"<p>{paragraph}</p>")
    return "".join(parts)
