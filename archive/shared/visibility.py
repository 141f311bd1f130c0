"""Who may see a document: the one visibility rule, used by the build for every source root.

A document is internal when its sidecar says `visibility = "internal"`, or when it lies under one
of the profile's `internal_folders` (and its sidecar does not say `visibility = "public"`, an
archivist's explicit word). Folders are matched against the path *inside the document's own source
root*, component by component and case-insensitively: `board` covers `board/minutes.md` in every
root of a build, whatever the root is called and however the folder is capitalised on disk. The
rule fails closed: when a file's sidecar cannot be read, the file counts as internal in reports.

Nothing on the read side decides visibility: the build writes internal documents into an index of
their own (archive.engine.store), so the public answers are computed from public documents alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

PUBLIC, INTERNAL = "public", "internal"
VISIBILITIES = (PUBLIC, INTERNAL)


class FolderRuleError(ValueError):
    """An `internal_folders` entry that is not a folder path inside the source root."""


def normalise_folder(entry: str) -> str:
    """`./board/`, `board/*`, `board\\` -> `board`: the forms people write for "this folder".
    Absolute paths, `..` and wildcards inside a path are refused: they name no folder of the root."""
    text = entry.strip().replace("\\", "/")
    if text.startswith("/") or re.match(r"^[A-Za-z]:/", text):
        raise FolderRuleError(f"{entry!r} is an absolute path; write the folder relative to the source, like 'board'")
    while text.startswith("./"):
        text = text[2:]
    text = re.sub(r"/\*{1,2}$", "", text).strip("/")
    parts = PurePosixPath(text).parts if text else ()
    if not parts:
        raise FolderRuleError(f"{entry!r} names no folder; write the folder relative to the source, like 'board'")
    if ".." in parts:
        raise FolderRuleError(f"{entry!r} leaves the source folder ('..' is not allowed)")
    if any(c in text for c in "*?[]"):
        raise FolderRuleError(f"{entry!r}: wildcards are not supported; name the folder itself")
    return "/".join(parts)


def _folded_parts(path: str) -> tuple[str, ...]:
    return tuple(p.casefold() for p in PurePosixPath(path).parts)


def in_internal_folder(relative_path: str, folders: Iterable[str]) -> bool:
    """Is `relative_path` (inside its source root) under one of the normalised `folders`?"""
    parts = _folded_parts(relative_path)
    for folder in folders:
        wanted = _folded_parts(folder)
        if parts[: len(wanted)] == wanted:
            return True
    return False


def visibility_of(relative_path: str, sidecar_visibility: str | None, folders: Iterable[str]) -> str:
    """The visibility of a file at `relative_path` inside its source root, given what its sidecar
    says (None when it says nothing)."""
    if sidecar_visibility in VISIBILITIES:
        return sidecar_visibility
    return INTERNAL if in_internal_folder(relative_path, folders) else PUBLIC


def is_internal(visibility: str | None) -> bool:
    """Whether a document (or a file, by what the rule above decided for it) is for staff only.
    Anything but an explicit "public" counts as internal: an unknown value never leaks."""
    return visibility != PUBLIC


def unmatched_folders(folders: Iterable[str], roots: Iterable[Path]) -> list[str]:
    """The folder rules that name no existing folder in any of `roots` (compared case-insensitively,
    as the rule matches): a typo there would silently leave the folder's files public."""
    missing = []
    roots = list(roots)
    for folder in folders:
        if not any(_find_folder(root, folder) for root in roots):
            missing.append(folder)
    return missing


def _find_folder(root: Path, folder: str) -> bool:
    current = root
    for part in PurePosixPath(folder).parts:
        try:
            match = next((c for c in current.iterdir() if c.is_dir() and c.name.casefold() == part.casefold()), None)
        except OSError:
            return False
        if match is None:
            return False
        current = match
    return True
