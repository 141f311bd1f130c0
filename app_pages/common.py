"""What every page of the app shares: the archive (opened once per process), links, styles, staff mode."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from app_pages.safe_html import CSS, UrlParams
from archive import Archive, IndexDamagedError, IndexNotFoundError, default_index_dir
from archive.facets import BY_NAME
from archive.markup import text_html
from archive.shared.profile import PROFILE_NAME, ProfileError, load_profile
from archive.web.addresses import DOCUMENT_PARAMS

ROOT = Path(__file__).resolve().parents[1]
SEARCH_PATH = "/"  # the default page; other pages link back to it with query parameters


class BuildFailedError(RuntimeError):
    """`python -m indexer build` exited with an error (its message is the error's text)."""


@dataclass(frozen=True)
class BuildOutcome:
    """What a build changed, from its JSON report (docs/reference.md), as the app reports it."""

    added: int
    updated: int
    removed: int
    unchanged: int
    failed: int

    def __str__(self) -> str:
        return (
            f"{self.added} added, {self.updated} updated, {self.removed} removed, "
            f"{self.unchanged} unchanged, {self.failed} failed"
        )


def run_build(arguments: list[str], index_dir: Path) -> BuildOutcome:
    """Build in a process of its own and say what it changed. A build forks extraction workers and
    writer processes, and forking the app's multi-threaded server process can copy a lock some other
    thread holds into a child that then waits for it forever; a fresh process has no such threads."""
    result = subprocess.run(
        [sys.executable, "-m", "indexer", "build", *arguments, "--index", str(index_dir), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BuildFailedError(result.stderr.strip() or f"the build exited with status {result.returncode}")
    report = json.loads(result.stdout)
    counts = {key: int(report[key]) for key in ("added", "updated", "removed", "unchanged")}
    return BuildOutcome(**counts, failed=len(report["failed"]))


@st.cache_resource(show_spinner="Opening the archive…")
def open_archive(index_dir: str, source: str) -> Archive:
    """Open the index once per process; build it from the source folder on first run (only when
    there is no index at all: a damaged one is reported, never built over)."""
    try:
        return Archive(index_dir)
    except IndexDamagedError:
        raise
    except IndexNotFoundError:
        try:
            run_build(first_build_arguments(Path(source)), Path(index_dir))
        except BuildFailedError as exc:
            raise IndexNotFoundError(f"the first build of {source} failed: {exc}") from exc
        return Archive(index_dir)


def index_folder() -> Path:
    """Where the app's index is: $ARCHIVE_INDEX, else var/index in the project."""
    return Path(os.environ.get("ARCHIVE_INDEX") or str(ROOT / default_index_dir()))


def archive() -> Archive:
    return open_archive(str(index_folder()), str(source_folder()))


def first_build_arguments(source: Path) -> list[str]:
    """The folder, or its profile when that lists [[sources]]: each source then keeps the visibility
    the profile gives it (the folder named alone would make an internal source's files public)."""
    profile_file = source / PROFILE_NAME
    try:
        listed = profile_file.is_file() and bool(load_profile(profile_file).sources)
    except ProfileError:
        listed = False  # the build itself reports what is wrong with the profile
    return ["--profile", str(profile_file.resolve())] if listed else [str(source)]


def source_folder() -> Path:
    return Path(os.environ.get("ARCHIVE_SOURCE") or ROOT / "corpus")


def search_href(**params: object) -> str:
    """A link to the search page with these parameters (lists repeat the key)."""
    clean = {k: v for k, v in params.items() if v not in (None, "", [], ())}
    return SEARCH_PATH + ("?" + urlencode(clean, doseq=True) if clean else "")


def facet_href(facet: str, *values: str) -> str:
    """A link to the search page filtered to these values of one facet (archive.facets)."""
    return search_href(**{BY_NAME[facet].url_param: list(values)})


def show_html(markup: str, where: Any = st) -> None:
    """Write HTML the app built (app_pages.safe_html, archive.markup). Its line breaks are dropped, so no
    blank line can end Streamlit's HTML block and hand what follows to the Markdown reader."""
    where.markdown(" ".join(markup.splitlines()), unsafe_allow_html=True)


def caption_html(text: str, where: Any = st) -> None:
    """A caption whose text may come from a document: inert (st.caption would read it as Markdown)."""
    show_html(f'<p class="caption-text">{text_html(text)}</p>', where)


def notice_html(text: str, where: Any = st) -> None:
    """A notice whose text may come from a document or a query (st.info and st.warning read Markdown,
    whose autolinks would make an address in it a live link)."""
    show_html(f'<div class="note" role="status">{text_html(text)}</div>', where)


def doc_params(params: UrlParams, doc_id: str) -> UrlParams:
    """The URL parameters that open a document from a search state: the results page moves to
    `rpage` (with a document open, `page` is one of the document's pages)."""
    opened = {k: v for k, v in params.items() if k not in ("page", *DOCUMENT_PARAMS)}
    if params.get("page"):
        opened["rpage"] = params["page"]
    return {**opened, "doc": doc_id}


# Following a link to another state of this app (a result, a page of a PDF, a filter chip) reruns
# the page in the same session, as Back and Forward do, instead of loading the app anew: the link's
# address is pushed onto the history and Streamlit is told the location changed (it listens for
# `popstate` and reruns with the new query parameters). Links stay real links: a modified or middle
# click, "open in new tab" and a bookmark work as before, and so does a browser without scripts.
IN_SESSION_LINKS = """<script>
if (!window.archiveInSessionLinks) {
  window.archiveInSessionLinks = true;
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest('a[target="_self"][href]');
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const next = new URL(link.href, window.location.href);
    if (next.origin !== window.location.origin) return;
    event.preventDefault();
    window.history.pushState(null, "", next.pathname + next.search + next.hash);
    window.dispatchEvent(new PopStateEvent("popstate"));
    const main = document.querySelector('[data-testid="stMain"]');
    if (main) main.scrollTo(0, 0);
    window.scrollTo(0, 0);
  });
}
</script>"""


def styles() -> None:
    """The app's styles, and links that stay in the session (IN_SESSION_LINKS)."""
    st.markdown(CSS, unsafe_allow_html=True)
    st.html(IN_SESSION_LINKS, unsafe_allow_javascript=True)
