"""The one visibility rule: folder entries normalised and matched inside each root, sidecars first."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.shared.profile import ProfileError, parse_profile
from archive.shared.visibility import (
    FolderRuleError,
    in_internal_folder,
    is_internal,
    normalise_folder,
    unmatched_folders,
    visibility_of,
)


@pytest.mark.parametrize(
    ("written", "folder"),
    [
        ("board", "board"),
        ("./board", "board"),
        ("board/", "board"),
        ("board/*", "board"),
        ("./a/b/**", "a/b"),
        ("Board", "Board"),
        ("a\\b", "a/b"),
        ("./x/./y/", "x/y"),
    ],
)
def test_common_ways_of_writing_a_folder_are_one_folder(written: str, folder: str) -> None:
    assert normalise_folder(written) == folder


@pytest.mark.parametrize("written", ["", ".", "/etc", "C:/board", "../board", "a/../../b", "bo*rd", "a/*/b"])
def test_entries_that_name_no_folder_inside_the_source_are_refused(written: str) -> None:
    with pytest.raises(FolderRuleError):
        normalise_folder(written)


def test_a_profile_with_a_bad_entry_is_a_profile_error_naming_the_key() -> None:
    with pytest.raises(ProfileError, match=r"collection.internal_folders: '\.\./x' leaves the source folder"):
        parse_profile({"collection": {"name": "X", "internal_folders": ["../x"]}}, "archive.toml")
    profile = parse_profile({"collection": {"name": "X", "internal_folders": ["./board/", "board/*"]}})
    assert profile.internal_folders == ("board",)


def test_folders_match_whole_path_components_in_any_case() -> None:
    assert in_internal_folder("board/x.md", ["board"])
    assert in_internal_folder("Board/Minutes/x.md", ["board/minutes"])
    assert not in_internal_folder("boardroom/x.md", ["board"])
    assert not in_internal_folder("public/board.md", ["board"])


def test_the_sidecar_decides_first_then_the_folder() -> None:
    assert visibility_of("board/x.md", None, ["board"]) == "internal"
    assert visibility_of("board/x.md", "public", ["board"]) == "public"
    assert visibility_of("notes/x.md", "internal", ["board"]) == "internal"
    assert visibility_of("notes/x.md", None, ["board"]) == "public"


def test_unmatched_folders_are_found_case_insensitively(tmp_path: Path) -> None:
    (tmp_path / "Board/Minutes").mkdir(parents=True)
    assert unmatched_folders(["board", "board/minutes", "bored"], [tmp_path]) == ["bored"]


def test_only_an_explicit_public_is_public() -> None:
    """Every place that sorts documents or report rows into public and internal asks is_internal; a
    value the rule does not know (a damaged record, a future value) counts as internal."""
    assert not is_internal("public")
    for value in ("internal", "Internal", "", None, "staff"):
        assert is_internal(value)
