"""What an API server is allowed to do, in one typed place (flags of `serve`, or the environment
under run.sh)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

# Defaults chosen for a public server on a small machine: a person in a browser or a feed reader
# stays far below them; a script paging through the archive slows to the refill rate.
RATE_PER_MINUTE = 120
RATE_BURST = 60
MAX_EXPORT_DOCUMENTS = 5_000
MAX_PAGE = 10_000
MAX_URL_CHARS = 4_096
FEED_ENTRIES = 50
# Behind a reverse proxy every visitor comes from the proxy's address: this environment variable names
# the header the proxy writes the client's address in (the staff sign-in's throttle reads it too).
CLIENT_ADDRESS_HEADER = "ARCHIVE_CLIENT_ADDRESS_HEADER"


def client_address(forwarded: str | None, connection: str | None) -> str:
    """Who a request comes from, for per-client limits: the first entry of the proxy's header (the
    client as the proxy saw it) when there is one, else the connection's own address."""
    value = (forwarded or "").split(",")[0].strip()
    return value[:100] if value else connection or "unknown-address"


def origin_of(url: str) -> str:
    """`scheme://host[:port]` of an address (what a browser sends as `Origin`), "" when it has none."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}".lower()


@dataclass(frozen=True)
class ApiSettings:
    """One API server's settings. `public_url` is the app's address, for the absolute links of
    feeds (without it, the address the feed was asked at); `cors_origins` are the sites whose pages
    may call the API from a browser (the profile's `base_url`, the organization's own site, is
    added by `create_api`); `rate_per_minute` 0 turns the per-client limit off."""

    index_dir: Path
    public_url: str = ""
    cors_origins: tuple[str, ...] = ()
    rate_per_minute: int = RATE_PER_MINUTE
    rate_burst: int = RATE_BURST
    max_export_documents: int = MAX_EXPORT_DOCUMENTS
    client_address_header: str = ""

    @classmethod
    def from_environment(cls, index_dir: Path) -> ApiSettings:
        """The settings of the API that `serve.py` mounts beside the app: ARCHIVE_PUBLIC_URL,
        ARCHIVE_CORS_ORIGINS (comma-separated), ARCHIVE_API_RATE_LIMIT (requests per minute per
        client, 0 = off) and ARCHIVE_CLIENT_ADDRESS_HEADER (the header a reverse proxy writes the
        client's address in, as for the staff sign-in's throttle)."""
        rate = os.environ.get("ARCHIVE_API_RATE_LIMIT", "").strip()
        origins = os.environ.get("ARCHIVE_CORS_ORIGINS", "")
        return cls(
            index_dir=index_dir,
            public_url=os.environ.get("ARCHIVE_PUBLIC_URL", "").strip(),
            cors_origins=tuple(o for o in (origin_of(v) for v in origins.split(",")) if o),
            rate_per_minute=int(rate) if rate.isdigit() else RATE_PER_MINUTE,
            client_address_header=os.environ.get(CLIENT_ADDRESS_HEADER, "").strip(),
        )
