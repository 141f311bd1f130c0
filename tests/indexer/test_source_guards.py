"""No operator mistake empties the index or makes internal files public: a mistyped, empty or
unmounted source folder, a build that would remove most of a folder, an `internal_folders` entry
that names no folder (or is written `./board/`, `board/*`, `Board`), a sidecar or profile that links
outside the source, files with identical content. Each runs the real command line on a real index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive import Archive, SearchRequest
from archive.shared.profile import ProfileError
from indexer.build import build
from tests.cli_helpers import run_module


def _folder(root: Path, n: int = 4) -> Path:
    (root / "statements").mkdir(parents=True)
    for i in range(n):
        (root / f"statements/s{i}.md").write_text(f"# Statement {i}\n\nDetention statement number {i}.\n")
    return root


def _indexed(index: Path) -> list[str]:
    return sorted(Archive(index).result_ids(SearchRequest(include_internal=True)))


def test_a_mistyped_source_folder_stops_the_build_and_the_index_stays(tmp_path: Path) -> None:
    src, index = _folder(tmp_path / "corpus"), tmp_path / "ix"
    assert run_module("indexer", "build", str(src), "--index", str(index)).returncode == 0
    before = _indexed(index)
    result = run_module("indexer", "build", str(tmp_path / "corpsu"), "--index", str(index))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: the source folder {tmp_path / 'corpsu'} does not exist (a typo, or a disk that is not mounted?)"
    ]
    assert _indexed(index) == before == [f"statements/s{i}.md" for i in range(4)]


def test_an_empty_or_unmounted_folder_stops_the_build_unless_pruning_is_asked_for(tmp_path: Path) -> None:
    src, index = _folder(tmp_path / "corpus"), tmp_path / "ix"
    assert run_module("indexer", "build", str(src), "--index", str(index)).returncode == 0
    for path in (src / "statements").iterdir():
        path.unlink()
    result = run_module("indexer", "build", str(src), "--index", str(index), "--json")
    assert result.returncode == 2 and result.stdout == ""
    assert "has no files, but the index holds 4 documents from it" in result.stderr
    assert "--prune" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert len(_indexed(index)) == 4
    pruned = run_module("indexer", "build", str(src), "--index", str(index), "--prune", "--json")
    assert pruned.returncode == 0 and json.loads(pruned.stdout)["removed"] == 4


def test_removing_more_than_half_of_a_folder_needs_prune(tmp_path: Path) -> None:
    src, index = _folder(tmp_path / "corpus"), tmp_path / "ix"
    assert run_module("indexer", "build", str(src), "--index", str(index)).returncode == 0
    for i in range(3):
        (src / f"statements/s{i}.md").unlink()
    result = run_module("indexer", "build", str(src), "--index", str(index))
    assert result.returncode == 2
    assert "would remove 3 of the 4 documents from corpus" in result.stderr and "--prune" in result.stderr
    assert len(_indexed(index)) == 4
    (src / "statements/s0.md").write_text("# Statement 0\n\nBack again.\n")
    assert run_module("indexer", "build", str(src), "--index", str(index)).returncode == 0  # 2 of 4: allowed
    assert _indexed(index) == ["statements/s0.md", "statements/s3.md"]


def test_building_another_folder_into_the_index_does_not_silently_drop_the_first(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    assert run_module("indexer", "build", str(_folder(tmp_path / "corpus")), "--index", str(index)).returncode == 0
    other = tmp_path / "other"
    other.mkdir()
    (other / "note.md").write_text("# Note\n\nAnother folder's note.\n")
    result = run_module("indexer", "build", str(other), "--index", str(index))
    assert result.returncode == 2 and "would remove 4 of the 4 documents from corpus" in result.stderr


@pytest.mark.parametrize("written", ["./board", "board/", "Board", "board/*", "./board/**"])
def test_internal_folders_written_in_any_common_form_make_the_folder_internal(tmp_path: Path, written: str) -> None:
    src = _folder(tmp_path / "src", n=1)
    (src / "archive.toml").write_text(f'[collection]\nname = "Test"\ninternal_folders = ["{written}"]\n')
    (src / "board/minutes").mkdir(parents=True)
    (src / "board/minutes/april.md").write_text("# April\n\nBoard minutes about the detention budget.\n")
    build([src], tmp_path / "ix", progress=False)
    archive = Archive(tmp_path / "ix")
    assert archive.result_ids(SearchRequest(query="budget")) == []
    assert archive.result_ids(SearchRequest(query="budget", include_internal=True)) == ["board/minutes/april.md"]


@pytest.mark.parametrize("written", ["bored", "../board", "/board", "board/*/x"])
def test_an_internal_folder_that_is_not_a_folder_of_the_source_is_a_profile_error(tmp_path: Path, written: str) -> None:
    src, index = _folder(tmp_path / "src", n=1), tmp_path / "ix"
    (src / "board").mkdir()
    (src / "archive.toml").write_text(f'[collection]\nname = "Test"\ninternal_folders = ["{written}"]\n')
    result = run_module("indexer", "build", str(src), "--index", str(index))
    assert result.returncode == 2 and "collection.internal_folders" in result.stderr
    assert not index.exists()
    with pytest.raises(ProfileError):
        build([src], index, progress=False)


def test_internal_folders_apply_inside_every_source_folder(tmp_path: Path) -> None:
    site, extra = _folder(tmp_path / "site", n=1), _folder(tmp_path / "extra", n=1)
    (site / "archive.toml").write_text('[collection]\nname = "Test"\ninternal_folders = ["board"]\n')
    for root in (site, extra):
        (root / "board").mkdir()
        (root / "board/memo.md").write_text(f"# Memo\n\nConfidential strategy memo of {root.name}.\n")
    build([site, extra], tmp_path / "ix", progress=False)
    archive = Archive(tmp_path / "ix")
    assert archive.search(SearchRequest(query="confidential")).to_json()["total"] == 0
    staff = archive.result_ids(SearchRequest(query="confidential", include_internal=True))
    assert sorted(staff) == ["board/memo.md", "extra/board/memo.md"]  # the first source's ids are unprefixed


def test_a_sidecar_linking_outside_the_source_is_refused_and_never_read(tmp_path: Path) -> None:
    src = _folder(tmp_path / "src", n=1)
    outside = tmp_path / "elsewhere.toml"
    outside.write_text('title = "Salary table"\nsummary = "from outside"\ncolour = "secret-key-name"\n')
    (src / "statements/s0.meta.toml").symlink_to(outside)
    report = build([src], tmp_path / "ix", progress=False)
    assert [(f.path, f.internal) for f in report.failed] == [("src/statements/s0.md", True)]
    assert "outside the source folder" in report.failed[0].error
    assert "colour" not in json.dumps(report.to_dict()) and "Salary" not in json.dumps(report.to_dict())
    archive = Archive(tmp_path / "ix")
    assert archive.search(SearchRequest(query="salary", include_internal=True)).to_json()["total"] == 0
    assert archive.stats().to_json()["failed"] == []  # a file of unknown visibility is listed for staff only


def test_a_profile_linking_outside_the_source_is_refused(tmp_path: Path) -> None:
    src = _folder(tmp_path / "src", n=1)
    outside = tmp_path / "profile.toml"
    outside.write_text('[collection]\nname = "Somebody else"\n')
    (src / "archive.toml").symlink_to(outside)
    with pytest.raises(ProfileError, match="outside the source folder"):
        build([src], tmp_path / "ix", progress=False)


def test_files_with_identical_content_are_each_reported(tmp_path: Path) -> None:
    src = _folder(tmp_path / "src", n=1)
    for copy in ("copy-a.md", "copy-b.md"):
        (src / "statements" / copy).write_bytes((src / "statements/s0.md").read_bytes())
    result = run_module("indexer", "build", str(src), "--index", str(tmp_path / "ix"), "--json")
    report = json.loads(result.stdout)
    assert report["documents"] == 1
    assert report["duplicates"] == [
        {"path": "src/statements/copy-b.md", "duplicate_of": "src/statements/copy-a.md"},
        {"path": "src/statements/s0.md", "duplicate_of": "src/statements/copy-a.md"},
    ]
    human = run_module("indexer", "build", str(src), "--index", str(tmp_path / "ix2"))
    assert "src/statements/copy-b.md: same as src/statements/copy-a.md" in human.stdout
    assert "src/statements/s0.md: same as src/statements/copy-a.md" in human.stdout
