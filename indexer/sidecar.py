"""Sidecar metadata: `NAME.meta.toml` beside `NAME.ext`, the archivist's word on a file.

A sidecar overrides what extraction guesses (title, date, url...). Like the profile, it is validated
strictly: a misspelled key would otherwise be silently ignored and the archivist would never know
why a date did not change.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from archive.shared import dates
from archive.shared.model import KINDS
from archive.shared.visibility import INTERNAL, VISIBILITIES, is_internal, visibility_of
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
    if "visibility" in data and data["visibility"] not in VISIBILITIES:
        raise ExtractionError(f"{where}: visibility: must be 'public' or 'internal'")
    for key in ("url", "recording_url", "related_url"):
        if key in data and not data[key].startswith(("http://", "https://")):
            raise ExtractionError(f"{where}: {key}: must be an http(s) address")
    return data


def inside_root(path: Path, root: Path) -> bool:
    """Is `path`, with every symbolic link followed, a regular file inside `root`?"""
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    return resolved.is_relative_to(root.resolve()) and resolved.is_file()


def sidecar_bytes(path: Path, root: Path) -> bytes:
    """The raw bytes of `path`'s sidecar (b"" if it has none). A sidecar is read only when it is a
    regular file inside the source root: a symbolic link to a file elsewhere on the machine would
    otherwise put that file's words into the index (and its keys into the failure report)."""
    side = sidecar_path(path)
    if not side.exists() and not side.is_symlink():
        return b""
    if not inside_root(side, root):
        raise ExtractionError(
            f"its sidecar {side.name} is a link to a file outside the source folder (or not a regular file); "
            "sidecars must be regular files inside it"
        )
    try:
        return side.read_bytes()
    except OSError as exc:
        raise ExtractionError(f"its sidecar {side.name} cannot be read: {exc.strerror or exc}") from None


def decode_sidecar(raw: bytes, name: str) -> dict[str, Any]:
    """Decode and validate sidecar bytes (see parse_sidecar)."""
    if not raw:
        return {}
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExtractionError(f"{name}: sidecar is not UTF-8 text") from None
    return parse_sidecar(text, name)


def read_sidecar(path: Path, root: Path) -> dict[str, Any]:
    """The validated sidecar of a source file inside `root` (empty if none)."""
    return decode_sidecar(sidecar_bytes(path, root), sidecar_path(path).name)


def declared_visibility(raw: bytes, name: str) -> str | None:
    """What sidecar bytes say about visibility: "internal" also when they cannot be read, so a
    broken file's name never reaches the public by mistake."""
    try:
        return decode_sidecar(raw, name).get("visibility")
    except ExtractionError:
        return INTERNAL


def file_visibility(
    relative: str, declared: str | None, folders: Iterable[str], *, whole_source_internal: bool = False
) -> str:
    """The one decision of a file's visibility, which discovery (what a report may name), the build
    (which index a document goes to) and extraction (the document's `visibility`) all ask: internal
    when its whole source is, else archive.shared.visibility's rule over its path and its sidecar's word."""
    return INTERNAL if whole_source_internal else visibility_of(relative, declared, folders)


def is_internal_file(
    path: Path, relative: str, root: Path, folders: tuple[str, ...], *, whole_source_internal: bool = False
) -> bool:
    """Is the file internal, as the build sees it from outside (for reporting it, and for keeping
    internal copies apart from public ones)? Fails closed when its sidecar cannot be read."""
    try:
        said = declared_visibility(sidecar_bytes(path, root), sidecar_path(path).name)
    except ExtractionError:
        said = INTERNAL
    return is_internal(file_visibility(relative, said, folders, whole_source_internal=whole_source_internal))
