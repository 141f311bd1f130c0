"""Index status: what the index holds, when it was built, the files it could not read, and a
rebuild for staff (when a staff password is configured)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import streamlit as st

from app_pages.common import (
    BuildFailedError,
    archive,
    notice_html,
    run_build,
    show_html,
    styles,
)
from app_pages.safe_html import KIND_LABELS, html_table
from app_pages.staff import is_staff, sign_in_form, staff_mode
from archive.markup import text_html

METHOD_LABELS = {"wordpress": "WordPress REST API", "sitemap": "Sitemap", "wordpress-export": "WordPress export"}


def _when(stamp: str | None) -> str:
    """An ISO timestamp as people read it: "1 Dec 2026, 19:36 UTC"."""
    if not stamp:
        return "never"
    try:
        moment = datetime.fromisoformat(stamp).astimezone(UTC)
    except ValueError:
        return stamp
    return f"{moment.day} {moment:%b %Y, %H:%M} UTC"


def _sources(rows: Sequence[Mapping[str, Any]]) -> None:
    """The exports and websites the index is built from: when each was last read, what it gave,
    and what failed (folders are listed by the files they hold, below)."""
    if not rows:
        return
    st.subheader("Sources")
    show_html(
        html_table(
            [
                {
                    "Source": r["source"],
                    "Read as": METHOD_LABELS.get(r["method"], r["method"]),
                    "Last read": _when(r["read_at"]) + ("" if r["complete"] else " (not to the end)"),
                    "Fetched": r["downloaded"],
                    "Not modified": r["not_modified"],
                    "Skipped": r["skipped"] if isinstance(r["skipped"], int) else len(r["skipped"]),
                    "Failed": len(r["failed"]),
                }
                for r in rows
            ]
        )
    )
    failures = [{"Source": r["source"], "Item": f["item"], "Reason": f["reason"]} for r in rows for f in r["failed"]]
    if failures:
        show_html(html_table(failures))


def main() -> None:
    arch = archive()
    styles()
    st.title("Index status")
    stats = arch.stats(include_internal=is_staff())
    show_html(
        f"<p><strong>{stats.documents} documents, {stats.passages} passages</strong> · "
        f"last built {text_html(_when(stats.built_at))}</p>"
        f"<p>Cross-language search: {text_html(stats.cross_language)}</p>"
    )
    show_html(
        html_table(
            [
                {"Type": KIND_LABELS.get(kind, kind), "Documents": c.documents, "Passages": c.passages}
                for kind, c in stats.by_kind.items()
            ]
        )
    )
    for notice in stats.notices:
        notice_html(notice)
    _sources(list(stats.sources))
    for title, rows, key in (
        ("Files that could not be indexed", stats.failed, "error"),
        ("Files indexed with a warning", stats.warnings, "note"),
        ("Files skipped", stats.skipped, "reason"),
        ("Files with the same content as another (indexed once)", stats.duplicates, "duplicate_of"),
    ):
        st.subheader(title)
        if rows:  # st.table would read file names as Markdown
            show_html(
                html_table(
                    [{"File": r["path"], "Reason" if key != "duplicate_of" else "Same as": r[key]} for r in rows]
                )
            )
        else:
            st.caption("None.")
    st.subheader("Rebuild")
    if not staff_mode():
        st.caption(
            "Rebuilding from the app is off: start the app with ARCHIVE_STAFF_PASSWORD (or a "
            "`staff_password` secret) to let staff rebuild here. `python -m indexer build` always works."
        )
        return
    if sign_in_form() and st.button("Rebuild the index now", key="rebuild"):
        # Exactly the last build's sources and options, recorded with it: never its folders alone, which
        # would make the files of an internal source public.
        arguments = arch.build_info().rebuild_arguments
        if not arguments:
            st.error(
                "This index was not built in a way the app can repeat (it was built by an earlier version, or "
                "from the Python API with an internal source). Rebuild it once with `python -m indexer build`; "
                "later rebuilds can start here."
            )
            return
        with st.spinner("Rebuilding…"):
            try:
                outcome = run_build(list(map(str, arguments)), arch.index_dir)
            except BuildFailedError as exc:
                st.error(f"The rebuild failed; the index was not changed. {exc}")
                return
        st.success(f"Rebuilt: {outcome}.")


main()
