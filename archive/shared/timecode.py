"""Times in a recording as people read and link them."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from archive.shared.media import MEDIA_SUFFIXES


def format_timestamp(seconds: float) -> str:
    """Seconds -> '12:34' or '1:02:03'."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def link_at(recording_url: str, seconds: float) -> str:
    """A link that opens a recording at a time: `#t=754` for plain media files (the W3C media
    fragment), `?t=754` for hosted players (YouTube, Vimeo and most webinar platforms)."""
    t = int(seconds)
    parts = urlsplit(recording_url)
    if parts.path.lower().endswith(MEDIA_SUFFIXES):
        return urlunsplit(parts._replace(fragment=f"t={t}"))
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "t"]
    query.append(("t", str(t)))
    return urlunsplit(parts._replace(query=urlencode(query)))
