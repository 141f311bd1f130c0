"""Only archive/engine imports Whoosh: the rest of the project speaks the engine's interface; the
app speaks `archive`'s public face only (no engine import, no snapshot); the engine returns data,
never HTML."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
OUTSIDE_ENGINE = [ROOT / "app.py", *(ROOT / d for d in ("archive", "indexer", "app_pages"))]


def imports_of(path: Path, package: str) -> list[str]:
    """The modules of `package` (and below) that the file imports."""
    found = []
    inside = lambda name: name == package or name.startswith(package + ".")  # noqa: E731
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if inside(a.name)]
        elif isinstance(node, ast.ImportFrom) and inside(node.module or ""):
            found.append(node.module or "")
    return found


def whoosh_imports(path: Path) -> list[str]:
    return imports_of(path, "whoosh")


def python_files() -> list[Path]:
    files = []
    for place in OUTSIDE_ENGINE:
        files += [place] if place.is_file() else sorted(place.rglob("*.py"))
    return files


def test_nothing_outside_the_engine_imports_whoosh() -> None:
    engine = ROOT / "archive" / "engine"
    offenders = {str(p.relative_to(ROOT)): whoosh_imports(p) for p in python_files() if engine not in p.parents}
    assert {p: i for p, i in offenders.items() if i} == {}
    # the scan does find Whoosh where it is
    assert whoosh_imports(engine / "translate.py")


def test_the_engine_package_names_its_interface() -> None:
    import archive.engine as engine

    for name in engine.__all__:
        assert hasattr(engine, name), name


def test_the_app_uses_the_archive_s_public_face_only() -> None:
    """#29: the Streamlit pages neither import the engine nor hold a snapshot (its lock, searcher
    and untyped metadata are the engine's business)."""
    app_files = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))]
    engine_users = {str(p.relative_to(ROOT)): imports_of(p, "archive.engine") for p in app_files}
    assert {p: i for p, i in engine_users.items() if i} == {}
    for reach_in in (".snapshot(", ".store."):  # the snapshot, or the engine's store behind Archive
        assert [str(p.relative_to(ROOT)) for p in app_files if reach_in in p.read_text(encoding="utf-8")] == []
    # the scan does find the engine where it is imported
    assert imports_of(ROOT / "archive" / "search.py", "archive.engine")


def test_the_engine_makes_no_html() -> None:
    engine_files = sorted((ROOT / "archive" / "engine").glob("*.py"))
    makers = {
        str(p.relative_to(ROOT)): imports_of(p, "archive.markup") + imports_of(p, "app_pages") for p in engine_files
    }
    assert {p: i for p, i in makers.items() if i} == {}


READ_MODEL = ("catalog", "query", "cross_language", "complete", "cite", "export", "facet_table", "facets", "originals")


def test_the_read_model_stands_without_the_engine() -> None:
    """#29: the catalog and what reads only it (queries, translations, completions, citations,
    exports, facets) import no engine module: they work on typed records, not on a snapshot."""
    users = {name: imports_of(ROOT / "archive" / f"{name}.py", "archive.engine") for name in READ_MODEL}
    assert {name: found for name, found in users.items() if found} == {}
    assert imports_of(ROOT / "archive" / "engine" / "store.py", "archive.catalog")  # the engine builds it


def test_the_archive_package_does_not_reach_up_into_the_app() -> None:
    """#29: the app's HTML and CSS live beside the app (app_pages/safe_html.py); nothing in archive/ needs them."""
    archive_files = sorted((ROOT / "archive").rglob("*.py"))
    users = {str(p.relative_to(ROOT)): imports_of(p, "app_pages") for p in archive_files}
    assert {p: i for p, i in users.items() if i} == {}
    assert imports_of(ROOT / "app_pages" / "search.py", "app_pages")  # the scan finds it where it is


def test_the_shared_model_stands_on_its_own() -> None:
    """#29: archive/shared is what the indexer and the read side both use; it imports nothing else of
    the project (no engine, no search, no app, no indexer), so either side can change above it."""
    shared = sorted((ROOT / "archive" / "shared").glob("*.py"))
    outside = {
        str(p.relative_to(ROOT)): [
            m
            for m in imports_of(p, "archive") + imports_of(p, "indexer") + imports_of(p, "app_pages")
            if not m.startswith("archive.shared")
        ]
        for p in shared
    }
    assert {p: i for p, i in outside.items() if i} == {}
    assert imports_of(ROOT / "archive" / "shared" / "ocr_cache.py", "archive")  # the scan finds its imports
