"""A file's visibility is decided in one place (indexer.sidecar.file_visibility) for discovery, the
build and extraction alike."""

from __future__ import annotations

import ast
from pathlib import Path

from indexer.sidecar import file_visibility

INDEXER = Path(__file__).resolve().parents[2] / "indexer"


def test_the_decision() -> None:
    folders = ("board",)
    assert file_visibility("statements/a.html", None, folders) == "public"
    assert file_visibility("statements/a.html", "internal", folders) == "internal"
    assert file_visibility("Board/minutes.md", None, folders) == "internal"  # folders match in any casing
    assert file_visibility("board/minutes.md", "public", folders) == "public"  # an archivist's explicit word
    assert file_visibility("statements/a.html", "public", (), whole_source_internal=True) == "internal"


def test_no_other_indexer_module_applies_the_visibility_rule() -> None:
    """The build and extraction once each applied archive.shared.visibility's rule with their own inputs
    and agreed by luck; now only file_visibility calls it."""
    callers = []
    for path in sorted(INDEXER.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "visibility_of":
                callers.append(path.name)
    assert callers == ["sidecar.py"]
