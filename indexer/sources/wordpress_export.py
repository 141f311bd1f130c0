"""A WordPress export file (WXR: Tools → Export → All content) read into typed items.

The export is XML from outside, so it is parsed with defusedxml: a file that declares entities (the
"billion laughs" expansion bomb), or points at external ones, is refused with a reason instead of
being expanded. WordPress has written three versions of its namespace (export/1.0, 1.1, 1.2); every
`wp:` element is found by its local name under any of them.

What becomes what (see `ExportItem.visibility`): published posts and pages are public; private ones
are internal; drafts, pending reviews, scheduled, trashed and auto-saved items are skipped, as are
password-protected ones (their text is not meant to be read without the password). Attachments are
kept when they are PDFs or recordings (audio and video files, transcribed at build time); menus,
revisions and other internal post types are not documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import parse

from archive.shared.media import MEDIA_SUFFIXES, is_media

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
EXCERPT_PREFIX = "http://wordpress.org/export/"
DC_NS = "http://purl.org/dc/elements/1.1/"
DOCUMENT_TYPES = frozenset({"post", "page"})
UPLOAD_SUFFIXES = (".pdf", *MEDIA_SUFFIXES)
SKIPPED_STATUSES = {
    "draft": "a draft",
    "pending": "pending review",
    "future": "scheduled, not yet published",
    "trash": "in the trash",
    "auto-draft": "an auto-saved draft",
    "inherit": "a revision",
}


class ExportError(ValueError):
    """An export file that cannot be read; the message says why in words a person can act on."""


@dataclass(frozen=True)
class ExportItem:
    """One `<item>` of the export: a post, a page or an attachment."""

    post_id: str
    post_type: str
    status: str
    title: str
    link: str  # the permalink (for an attachment: its page; the file is `attachment_url`)
    date_gmt: str  # "YYYY-MM-DD HH:MM:SS", "" when WordPress wrote none (drafts) or zeros
    modified_gmt: str
    author: str
    content: str  # the post's HTML
    excerpt: str
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    attachment_url: str = ""
    password_protected: bool = False
    body_fetched: bool = True  # False: a REST listing said it is unchanged, so its content was not fetched

    @property
    def upload_suffix(self) -> str:
        """An attachment's file suffix as its URL's path says (".pdf", ".mp3"), lower-cased; "" when none."""
        return Path(urlsplit(self.attachment_url).path).suffix.lower()

    @property
    def is_recording(self) -> bool:
        return is_media(Path(urlsplit(self.attachment_url).path))

    @property
    def skip_reason(self) -> str | None:
        """Why the item is not a document of the archive, or None when it is one."""
        if self.post_type == "attachment":
            if self.upload_suffix not in UPLOAD_SUFFIXES:
                return "an attachment that is not a PDF or a recording"
        elif self.post_type not in DOCUMENT_TYPES:
            return f"a WordPress {self.post_type or 'item'}, not a post or page"
        if self.post_type != "attachment" and self.status in SKIPPED_STATUSES:
            return SKIPPED_STATUSES[self.status]
        if self.post_type != "attachment" and self.status not in ("publish", "private"):
            return f"status {self.status!r}, not published"
        if self.password_protected:
            return "password-protected"
        return None

    @property
    def visibility(self) -> str:
        """Private posts are the organization's own reading: internal. Everything published is public."""
        return "internal" if self.status == "private" else "public"


@dataclass
class Export:
    """The export's site and its items, in file order."""

    site_url: str
    site_title: str
    items: list[ExportItem] = field(default_factory=list)


def read_export(path: Path) -> Export:
    """Parse a WXR file. Raises ExportError for a file that is not a WordPress export, is not
    well-formed XML, or declares entities."""
    try:
        tree = parse(str(path), forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ExportError(
            f"{path.name}: refused: the file declares XML entities or external references "
            f"({type(exc).__name__}), which a WordPress export never needs and an attack would use"
        ) from None
    except ParseError as exc:
        raise ExportError(f"{path.name}: not well-formed XML ({exc})") from None
    except OSError as exc:
        raise ExportError(f"{path.name}: cannot be read: {exc.strerror or exc}") from None
    channel = tree.getroot().find("channel")
    if tree.getroot().tag != "rss" or channel is None or _wp(channel, "base_site_url") is None:
        raise ExportError(f"{path.name}: not a WordPress export (no <rss><channel> with wp:base_site_url)")
    export = Export(
        site_url=_text(_wp(channel, "base_blog_url")) or _text(_wp(channel, "base_site_url")),
        site_title=_text(channel.find("title")),
    )
    export.items = [_item(element) for element in channel.findall("item")]
    return export


def _item(element: Element) -> ExportItem:
    categories = [c for c in element.findall("category") if (c.text or "").strip()]
    return ExportItem(
        post_id=_text(_wp(element, "post_id")),
        post_type=_text(_wp(element, "post_type")),
        status=_text(_wp(element, "status")),
        title=_text(element.find("title")),
        link=_text(element.find("link")),
        date_gmt=_gmt(_text(_wp(element, "post_date_gmt")), _text(element.find("pubDate"))),
        modified_gmt=_gmt(_text(_wp(element, "post_modified_gmt")), ""),
        author=_text(element.find(f"{{{DC_NS}}}creator")),
        content=_text(element.find(f"{{{CONTENT_NS}}}encoded")),
        excerpt=_text(next((c for c in element if c.tag.endswith("}encoded") and "excerpt" in c.tag), None)),
        categories=tuple(_text(c) for c in categories if c.get("domain") == "category"),
        tags=tuple(_text(c) for c in categories if c.get("domain") == "post_tag"),
        attachment_url=_text(_wp(element, "attachment_url")),
        password_protected=bool(_text(_wp(element, "post_password"))),
    )


def _wp(element: Element, name: str) -> Element | None:
    """The child `wp:<name>`, whichever version of WordPress's export namespace it is in."""
    return next((c for c in element if c.tag.startswith(f"{{{EXCERPT_PREFIX}") and c.tag.endswith(f"}}{name}")), None)


def _text(element: Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _gmt(written: str, pub_date: str) -> str:
    """WordPress's GMT date, else the RSS pubDate in GMT; "" for the zeros drafts carry."""
    if written and not written.startswith("0000"):
        return written
    if pub_date:
        try:
            moment = parsedate_to_datetime(pub_date)
            return (moment.astimezone(UTC) if moment.tzinfo else moment).strftime("%Y-%m-%d %H:%M:%S")
        except (TypeError, ValueError):
            return ""
    return ""
