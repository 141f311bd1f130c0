"""Sidecar metadata: `NAME.meta.toml` beside `NAME.ext`, the archivist's word on a file.

A sidecar overrides what extraction guesses (title, date, url...). Like the profile, it is validated
strictly: a misspelled key would otherwise be silently ignored and the archivist would never know
why a date did not change.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from archive import dates
from archive.model import KINDS
from indexer.errors import ExtractionError

SIDECAR_SUFFIX = ".meta.toml"

_STRING_KEYS = {
    "title",
    "url",
    "recording_url",
    "kind",
    "visibility",
    "language",
    "summary",
    "description",
    "related_url",
}
_LIST_KEYS = {"speakers", "authors", "people", "hashtags", "topics", "organizations"}
_BOOL_KEYS = {"synthetic"}
_DATE_KEYS = {"date"}
ALLOWED_KEYS = _STRING_KEYS | _LIST_KEYS | _BOOL_KEYS | _DATE_KEYS


def sidecar_path(path: Path) -> Path:
    """`talk.vtt` -> `talk.meta.toml` (the name without its extension, plus `.meta.toml`)."""
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def parse_sidecar(text: str, where: str) -> dict[str, Any]:
    """Decode and validate a sidecar; raise ExtractionError naming the file and key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ExtractionError(f"{where}: not valid TOML: {exc}") from None
    for key, value in data.items():
        if key not in ALLOWED_KEYS:
            raise ExtractionError(f"{where}: {key}: unknown key (allowed: {', '.join(sorted(ALLOWED_KEYS))})")
        if key in _STRING_KEYS and not isinstance(value, str):
            raise ExtractionError(f"{where}: {key}: expected a string")
        if key in _LIST_KEYS and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise ExtractionError(f"{where}: {key}: expected a list of strings")
        if key in _BOOL_KEYS and not isinstance(value, bool):
            raise ExtractionError(f"{where}: {key}: expected true or false")
    if "date" in data:
        try:
            data["date"] = dates.normalize(data["date"])
        except dates.DateError as exc:
            raise ExtractionError(f"{where}: date: {exc}") from None
    if "kind" in data and data["kind"] not in KINDS:
        raise ExtractionError(f"{where}: kind: {data['kind']!r} is not one of {', '.join(KINDS)}")
    if "visibility" in data and data["visibility"] not in ("public", "internal"):
        raise ExtractionError(f"{where}: visibility: must be 'public' or 'internal'")
    for key in ("url", "recording_url", "related_url"):
        if key in data and not data[key].startswith(("http://", "https://")):
            raise ExtractionError(f"{where}: {key}: must be an http(s) address")
    return data


def read_sidecar(path: Path) -> tuple[dict[str, Any], bytes]:
    """The sidecar of a source file (empty if none), and its raw bytes for the content hash."""
    side = sidecar_path(path)
    if not side.exists():
        return {}, b""
    raw = side.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExtractionError(f"{side.name}: sidecar is not UTF-8 text") from None
    return parse_sidecar(text, side.name), raw
