"""`python -m archive search|show|cite|stats` as a user runs it, against a real index."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.build import build
from tests.cli_helpers import ROOT, run_module


def test_search_json_contract(sample_index: Path) -> None:
    result = run_module("archive", "search", "#FreeThemAll", "--index", str(sample_index), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"query", "total", "page", "per_page", "suggestion", "results", "facets"}
    first = data["results"][0]
    assert set(first) >= {
        "doc_id",
        "kind",
        "title",
        "date",
        "url",
        "source_path",
        "score",
        "hashtags",
        "organizations",
        "people",
        "topics",
        "snippet",
        "passages",
    }
    assert first["source_path"] == "corpus/statements/flatten-the-curve-free-them-all.html"
    assert set(first["passages"][0]) >= {"page", "start", "end", "speaker", "snippet", "link"}
    assert set(data["facets"]) >= {"kind", "topics", "hashtags", "organizations", "people", "year"}


def test_search_filters_and_env_index(sample_index: Path) -> None:
    import os

    env = {**os.environ, "ARCHIVE_INDEX": str(sample_index)}
    result = run_module("archive", "search", "", "--kind", "webinar", "--json", env=env)
    data = json.loads(result.stdout)
    assert [r["kind"] for r in data["results"]] == ["webinar", "webinar"]
    human = run_module("archive", "search", "deportation pipeline", "--org", "Just Futures Law", env=env)
    assert "p. 1:" in human.stdout and "**pipeline**" in human.stdout


def test_show_cite_stats(sample_index: Path) -> None:
    doc_id = "webinars/three-principles-demo-webinar.vtt"
    shown = json.loads(run_module("archive", "show", doc_id, "--index", str(sample_index), "--json").stdout)
    assert shown["synthetic"] is True and shown["passages"][0]["start"] == 3.0
    cited = run_module(
        "archive",
        "cite",
        "pdfs/ending-criminalization-stops-deportations.pdf",
        "--style",
        "apa",
        "--page",
        "2",
        "--index",
        str(sample_index),
    )
    assert cited.stdout.startswith("Immigrant Justice Network. (2020). How does ending criminalization")
    assert "*" not in cited.stdout  # plain text to paste
    assert "(Immigrant Justice Network, 2020, p. 2)" in cited.stdout
    stats = json.loads(run_module("archive", "stats", "--index", str(sample_index), "--json").stdout)
    assert stats["documents"] == 7 and stats["by_kind"]["pdf"] == {"documents": 1, "passages": 2}


def test_errors_exit_2_with_one_line(sample_index: Path, tmp_path: Path) -> None:
    cases = [
        ("show", "no/such/doc", "--index", str(sample_index)),
        ("search", "x", "--index", str(tmp_path / "nothing-here")),
        ("search", '"unclosed', "--strict", "--index", str(sample_index)),
    ]
    for args in cases:
        result = run_module("archive", *args)
        assert result.returncode == 2, args
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("error:"), result.stderr
    bad_date = run_module("archive", "search", "x", "--from", "2020-13", "--index", str(sample_index))
    assert bad_date.returncode == 2 and "not a real date" in bad_date.stderr


@pytest.mark.parametrize(
    ("doc_id", "pin", "message"),
    [
        ("pdfs/ending-criminalization-stops-deportations.pdf", ["--page", "99"], "page 99 is not a page"),
        ("pdfs/ending-criminalization-stops-deportations.pdf", ["--page", "0"], "page 0 is not a page"),
        ("webinars/three-principles-demo-webinar.vtt", ["--at", "-5"], "-5 s is not a time of this recording"),
        ("webinars/three-principles-demo-webinar.vtt", ["--at", "99999"], "is not a time of this recording"),
        ("webinars/three-principles-demo-webinar.vtt", ["--page", "2"], "has no pages to cite"),
        ("statements/flatten-the-curve-free-them-all.html", ["--at", "30"], "has no recording times"),
    ],
)
@pytest.mark.parametrize("style", ["apa", "mla", "chicago", "bibtex", "ris"])
def test_impossible_pinpoints_are_refused_with_exit_2(
    sample_index: Path, doc_id: str, pin: list[str], message: str, style: str
) -> None:
    result = run_module("archive", "cite", doc_id, *pin, "--style", style, "--index", str(sample_index))
    assert result.returncode == 2 and result.stdout == ""
    assert message in result.stderr and result.stderr.startswith("error: ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "x", "--year", "20x0"], "expected a year such as 2020, not '20x0'"),
        (["search", "x", "--from", "2020-13"], "not a real date"),
        (["cite", "webinars/three-principles-demo-webinar.vtt", "--at", "2:xx"], "expected seconds, m:ss or h:mm:ss"),
        (["show", "no/such/doc"], "no document with id 'no/such/doc'"),
    ],
)
def test_malformed_values_are_one_line_or_one_json_object(sample_index: Path, args: list[str], message: str) -> None:
    plain = run_module("archive", *args, "--index", str(sample_index))
    assert plain.returncode == 2 and plain.stdout == "" and plain.stderr.count("\n") == 1
    assert plain.stderr.startswith("error: ") and message in plain.stderr
    if args[0] in ("search", "show"):
        as_json = run_module("archive", *args, "--json", "--index", str(sample_index))
        assert as_json.returncode == 2 and as_json.stderr == ""
        assert message in json.loads(as_json.stdout)["error"]


@pytest.mark.parametrize(("written", "seconds"), [("167", "2:47"), ("2:47", "2:47"), ("0:02:47", "2:47")])
def test_a_time_pinpoint_takes_seconds_or_clock_forms(sample_index: Path, written: str, seconds: str) -> None:
    cited = run_module(
        "archive", "cite", "webinars/three-principles-demo-webinar.vtt", "--at", written, "--index", str(sample_index)
    )
    assert cited.returncode == 0 and f", {seconds})" in cited.stdout


def test_a_pipe_that_closes_early_ends_the_command_quietly(tmp_path: Path) -> None:
    """`… | head` printed a BrokenPipeError traceback: the output must outgrow the pipe's buffer."""
    (tmp_path / "src").mkdir()
    paragraph = "Bond funds free people from immigration detention, week after week. " * 20
    (tmp_path / "src/long.md").write_text("# Long\n\n" + "\n\n".join([paragraph] * 400))
    build([tmp_path / "src"], tmp_path / "ix", progress=False)
    command = [sys.executable, "-m", "archive", "show", "long.md", "--index", str(tmp_path / "ix")]
    done = subprocess.run(f"{shlex.join(command)} | head -1", shell=True, capture_output=True, text=True, cwd=ROOT)
    assert done.stdout == "Long\n" and done.stderr == "", done.stderr[-500:]


STATEMENT = "statements/flatten-the-curve-free-them-all.html"


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("apa", "(Immigrant Justice Network, 2020, paras. 5–8)"),
        ("mla", "(“To #FlattenTheCurve, We Must…”, pars. 5–8)"),
        ("chicago", "paras. 5–8."),
        ("bibtex", "note = {paras. 5–8}"),
        ("ris", "N1  - Pinpoint: paras. 5–8"),
    ],
)
def test_a_statement_is_cited_by_paragraph(sample_index: Path, style: str, expected: str) -> None:
    """#28: statements could not be cited with a pinpoint (APA 8.28: "para. N" where there are no pages)."""
    cited = run_module("archive", "cite", STATEMENT, "--para", "5-8", "--style", style, "--index", str(sample_index))
    assert cited.returncode == 0 and expected in cited.stdout
    one = run_module("archive", "cite", STATEMENT, "--para", "5", "--index", str(sample_index))
    assert "para. 5)" in one.stdout


@pytest.mark.parametrize(
    ("doc_id", "para", "message"),
    [
        (STATEMENT, "13", "paragraphs 13–13 are not paragraphs of this statement (it has 12)"),
        (STATEMENT, "6-2", "are not paragraphs of this statement"),
        ("pdfs/ending-criminalization-stops-deportations.pdf", "2", "a pdf is cited by page, not by paragraph"),
        (STATEMENT, "x", "expected a paragraph number or a range such as 4-6"),
    ],
)
def test_paragraphs_a_document_does_not_have_are_refused(
    sample_index: Path, doc_id: str, para: str, message: str
) -> None:
    cited = run_module("archive", "cite", doc_id, "--para", para, "--index", str(sample_index))
    assert cited.returncode == 2 and message in cited.stderr


def test_main_called_in_process_leaves_the_process_s_sigpipe_handling_alone(sample_index: Path) -> None:
    """A test or server calling `main` must not get SIGPIPE's default (death) for its sockets: a
    write to a connection its client closed killed a pytest worker that had called the CLI."""
    import signal

    from archive.cli import main

    before = signal.getsignal(signal.SIGPIPE)
    assert main(["stats", "--index", str(sample_index), "--json"]) == 0
    assert signal.getsignal(signal.SIGPIPE) == before == signal.SIG_IGN
