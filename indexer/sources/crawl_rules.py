"""Which of a site's addresses a crawl reads: its own host, the operator's include/exclude patterns,
a page limit, and never the listing pages a CMS generates (home, category, tag, author, date
archives, feeds, search and pagination), which list statements rather than being one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from urllib.parse import urlsplit

from indexer.sources.http_client import normalised

_LISTING_PATH = re.compile(
    r"""^/(?:.*/)?(?:category|tag|author|feed|comments|search|wp-json|wp-admin|wp-login\.php)(?:/|$)
      | /page/\d+/?$
      | ^/\d{4}(?:/\d{2}(?:/\d{2})?)?/?$""",
    re.X | re.I,
)
_LISTING_QUERY = re.compile(r"(?:^|&)(?:s|cat|tag|author|paged|feed|m|replytocom)=", re.I)
_LISTING_SITEMAP = re.compile(r"taxonom|categor|post_tag|tag-sitemap|author|users?-?\d*\.xml", re.I)


@dataclass(frozen=True)
class CrawlRules:
    """What one web source may read (the source's options, validated by the profile or the CLI)."""

    host: str
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    page_limit: int | None = None

    def refusal(self, url: str, taken: int = 0) -> str | None:
        """Why `url` is not read as a document of this source, which has taken `taken` documents
        already, or None when it is."""
        parts = urlsplit(normalised(url))  # `/a/../private/` is matched as the server reads it
        if parts.scheme not in ("http", "https") or parts.netloc.lower() != self.host.lower():
            return f"on another site ({parts.netloc or 'no host'}), not followed"
        path = parts.path or "/"
        if path == "/" or _LISTING_PATH.search(path) or _LISTING_QUERY.search(parts.query):
            return "a listing page (home, category, tag, author, date archive, feed or search): it lists statements"
        if self.include and not any(fnmatchcase(path, p) for p in self.include):
            return f"not matched by include ({', '.join(self.include)})"
        if any(fnmatchcase(path, p) for p in self.exclude):
            return f"matched by exclude ({', '.join(p for p in self.exclude if fnmatchcase(path, p))})"
        if self.page_limit is not None and taken >= self.page_limit:
            return f"beyond the page limit ({self.page_limit})"
        return None


def lists_listings(sitemap_url: str) -> bool:
    """A child sitemap of taxonomy or author archives (WordPress core's wp-sitemap-taxonomies-*,
    wp-sitemap-users-*; Yoast's category-, post_tag-, author-sitemap.xml): all listing pages."""
    return bool(_LISTING_SITEMAP.search(urlsplit(sitemap_url).path.rsplit("/", 1)[-1]))
