"""Every private Whoosh name the engine uses is in archive/engine/private_names.TABLE, and without
them a search and a build still give the same answers (Whoosh's public path)."""

from __future__ import annotations

import ast
import logging
import warnings
from pathlib import Path

import pytest
import whoosh
from whoosh.writing import SegmentWriter

from archive import Archive, SearchRequest
from archive.engine import private_names
from indexer.build import build
from tests.conftest import CORPUS

ENGINE = Path(__file__).resolve().parents[3] / "archive" / "engine"
WHOOSH = Path(whoosh.__file__).parent


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def whoosh_private_names() -> set[str]:
    """Every single-underscore name Whoosh's own source defines or assigns."""
    names: set[str] = set()
    for path in WHOOSH.rglob("*.py"):
        with warnings.catch_warnings():  # Whoosh 2.7's source has old-style escapes in strings
            warnings.simplefilter("ignore", SyntaxWarning)
            warnings.simplefilter("ignore", DeprecationWarning)
            tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and _private(node.name):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and _private(node.attr):
                names.add(node.attr)
            elif isinstance(node, ast.arg) and _private(node.arg):
                names.add(node.arg)
    return names


def _whoosh_based(cls: ast.ClassDef, whoosh_classes: set[str]) -> bool:
    return any(isinstance(b, ast.Name) and b.id in whoosh_classes for b in cls.bases)


def _whoosh_imports(tree: ast.Module) -> set[str]:
    return {
        a.asname or a.name
        for n in ast.walk(tree)
        if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("whoosh")
        for a in n.names
    }


def _engine_classes_of_whoosh_lineage(trees: list[ast.Module]) -> set[str]:
    """The engine's classes derived from a Whoosh class, directly or through other engine classes
    (AnalysingSegmentWriter <- codec.InlineAwareSegmentWriter <- Whoosh's SegmentWriter)."""
    classes = [(c, _whoosh_imports(tree)) for tree in trees for c in ast.walk(tree) if isinstance(c, ast.ClassDef)]
    derived: set[str] = set()
    while True:
        grown = {c.name for c, imported in classes if _whoosh_based(c, imported | derived)}
        if grown == derived:
            return derived
        derived = grown


def engine_uses_of_whoosh_privates(whoosh_names: set[str]) -> dict[str, set[str]]:
    """Per engine module, the Whoosh private names it reads, calls, overrides or passes."""
    uses: dict[str, set[str]] = {}
    paths = sorted(ENGINE.glob("*.py"))
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in paths]
    lineage = _engine_classes_of_whoosh_lineage(trees)
    for path, tree in zip(paths, trees, strict=True):
        whoosh_classes = _whoosh_imports(tree) | lineage
        own_classes = [c for c in ast.walk(tree) if isinstance(c, ast.ClassDef)]
        ours = {  # attributes of the engine's own classes (not derived from Whoosh's) are its own
            n.attr
            for c in own_classes
            if not _whoosh_based(c, whoosh_classes)
            for n in ast.walk(c)
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "self"
        }
        found: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and _private(node.attr) and node.attr not in ours:
                found.add(node.attr)
            elif isinstance(node, ast.keyword) and node.arg and _private(node.arg):
                found.add(node.arg)
            elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "private":
                found |= {a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
            elif isinstance(node, ast.Tuple) and len(node.elts) == 2 and isinstance(node.elts[1], ast.Constant):
                value = node.elts[1].value  # (Class, "_name") pairs given to supports()
                if isinstance(value, str) and _private(value):
                    found.add(value)
        for cls in own_classes:
            if _whoosh_based(cls, whoosh_classes):
                found |= {f.name for f in cls.body if isinstance(f, ast.FunctionDef) and _private(f.name)}
        uses[path.name] = found & whoosh_names
    return uses


def test_every_private_whoosh_name_the_engine_uses_is_in_the_table() -> None:
    whoosh_names = whoosh_private_names()
    uses = engine_uses_of_whoosh_privates(whoosh_names)
    missing = {module: names - private_names.NAMES for module, names in uses.items() if names - private_names.NAMES}
    assert missing == {}
    used = set().union(*uses.values())
    assert {"_field_B", "_read_ids", "_check_fields", "_commit"} <= used  # the scan sees real uses
    # and the table names only what is used and what this Whoosh has
    assert private_names.NAMES - used == set()
    assert whoosh_names >= private_names.NAMES


def without(monkeypatch: pytest.MonkeyPatch, missing: str) -> None:
    """Play a Whoosh release that renamed `missing`: the engine's reads of it fail as they would,
    while Whoosh's own code (which still has it) runs unchanged."""
    real = private_names._lookup

    def lookup(obj: object, name: str) -> object:
        if name == missing:
            raise AttributeError(name)
        return real(obj, name)

    monkeypatch.setattr(private_names, "_lookup", lookup)
    monkeypatch.setattr(private_names, "_warned", set())


def test_private_refuses_names_outside_the_table() -> None:
    with pytest.raises(KeyError):
        private_names.private(SegmentWriter, "_not_in_the_table")


@pytest.mark.parametrize(("missing", "fallback"), [("_read_ids", "matchers"), ("_terms", "public postings")])
def test_a_search_without_the_array_scorers_private_names_gives_the_same_answer(
    sample_archive: Archive,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    missing: str,
    fallback: str,
) -> None:
    queries = ["detention", "immigrant communities", '"free them all"', "#FreeThemAll ICE"]
    before = [sample_archive.search(SearchRequest(query=q)).to_json() for q in queries]
    without(monkeypatch, missing)
    with caplog.at_level(logging.WARNING, logger="archive.engine"):
        fresh = Archive(sample_archive.store.index_dir)  # no cached term scores
        after = [fresh.search(SearchRequest(query=q)).to_json() for q in queries]
    for old, new in zip(before, after, strict=True):
        assert [(r["doc_id"], r["score"]) for r in new["results"]] == [
            (r["doc_id"], r["score"]) for r in old["results"]
        ]
        assert new["total"] == old["total"] and new["facets"] == old["facets"]
    assert any(missing in r.getMessage() and fallback in r.getMessage() for r in caplog.records)


def test_a_build_without_the_fast_writers_private_names_writes_the_same_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    assert not build([CORPUS], tmp_path / "fast", progress=False).failed
    without(monkeypatch, "_check_fields")
    with caplog.at_level(logging.WARNING, logger="archive.engine"):
        report = build([CORPUS], tmp_path / "public-path", progress=False)
    assert not report.failed
    assert any("_check_fields" in r.getMessage() and "own writer" in r.getMessage() for r in caplog.records)
    fast, public_path = Archive(tmp_path / "fast"), Archive(tmp_path / "public-path")
    for query in ["detention", "#FreeThemAll", "kind:pdf bail", '"immigrant justice"', ""]:
        old, new = (
            fast.search(SearchRequest(query=query)).to_json(),
            public_path.search(SearchRequest(query=query)).to_json(),
        )
        assert [(r["doc_id"], r["score"]) for r in new["results"]] == [
            (r["doc_id"], r["score"]) for r in old["results"]
        ]
        assert new["total"] == old["total"] and new["facets"] == old["facets"]
