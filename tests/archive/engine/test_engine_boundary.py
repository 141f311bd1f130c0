"""Only archive/engine imports Whoosh: the rest of the project speaks the engine's interface."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
OUTSIDE_ENGINE = [ROOT / "app.py", *(ROOT / d for d in ("archive", "indexer", "app_pages"))]


def whoosh_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == "whoosh"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "whoosh":
            found.append(node.module or "")
    return found


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
