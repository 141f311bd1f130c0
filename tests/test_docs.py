"""The documentation against the code: the README leads to the reference and the how-it-works pages,
and the reference names every URL parameter, command-line option and JSON key the code has (a
renamed field must be renamed in docs/reference.md too)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from archive import Archive, SearchRequest
from archive.cli import _parser as archive_parser
from archive.facets import FACETS
from indexer.cli import _parser as indexer_parser

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = (ROOT / "docs/reference.md").read_text(encoding="utf-8")


def test_the_readme_gives_the_two_commands_first_and_links_the_documentation() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", readme, re.M)
    assert headings[0] == "Two commands" and "./run.sh" in readme and "./test.sh" in readme
    for target in re.findall(r"\]\(((?:docs/)[^)#]+)\)", readme):
        assert (ROOT / target).is_file(), target


def test_every_url_parameter_of_the_app_is_documented() -> None:
    for name in [f.url_param for f in FACETS] + [
        "q",
        "from",
        "to",
        "sort",
        "page",
        "doc",
        "part",
        "rpage",
        "at",
        "cite",
        "pin",
    ]:
        assert f"`{name}`" in REFERENCE or f"`{name}=" in REFERENCE, name


def _options(parser: argparse.ArgumentParser) -> set[str]:
    found = {o for action in parser._actions for o in action.option_strings if o.startswith("--")}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found |= _options(sub)
    return found - {"--help"}


def test_every_command_line_option_is_documented() -> None:
    for option in sorted(_options(archive_parser()) | _options(indexer_parser())):
        assert option in REFERENCE, option


def test_every_key_of_search_json_is_documented(sample_archive: Archive) -> None:
    data = sample_archive.search(SearchRequest(query="bond funds")).to_json()
    keys = set(data) | set(data["results"][0]) | {k for r in data["results"] for p in r["passages"] for k in p}
    keys -= {"generation"}
    for key in sorted(keys):
        assert re.search(rf"\b{re.escape(key)}\b", REFERENCE), key


def test_the_messages_that_point_to_the_reference_name_a_heading_it_has() -> None:
    build = (ROOT / "indexer/build.py").read_text(encoding="utf-8")
    for section in re.findall(r"see '([^']+)' in docs/reference\.md", build):
        assert re.search(rf"^#+ .*{re.escape(section)}", REFERENCE, re.M), section


def test_every_route_of_the_http_api_is_documented(tmp_path: Path) -> None:
    from archive.web import ApiSettings, create_api

    paths = [route.path for route in create_api(ApiSettings(tmp_path)).routes]  # type: ignore[attr-defined]
    assert len(paths) == 7
    for path in paths:
        assert f"`GET {path}" in REFERENCE.replace("{doc_id}", "{doc_id:path}"), path
    for setting in ("ARCHIVE_PUBLIC_URL", "ARCHIVE_CORS_ORIGINS", "ARCHIVE_API_RATE_LIMIT", "include_internal"):
        assert setting in REFERENCE, setting
