"""The public face of `archive/`: what the CLI and the app call. Neither touches Whoosh directly.

`Archive` wraps one index directory. Every call takes the current snapshot (see archive.store),
so a long-running app sees a rebuilt index on its next call without a restart.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from whoosh import query as wq

from archive import cite as citations
from archive.schema import PASSAGE
from archive.search import SearchRequest, all_result_ids, search
from archive.store import ArchiveStore, Snapshot


class DocumentNotFoundError(KeyError):
    """No (visible) document with that id."""

    def __str__(self) -> str:
        return f"no document with id {self.args[0]!r}"


class Archive:
    def __init__(self, index_dir: Path | str) -> None:
        self.store = ArchiveStore(index_dir)

    def snapshot(self) -> Snapshot:
        return self.store.snapshot()

    def search(self, request: SearchRequest) -> dict[str, Any]:
        return search(self.snapshot(), request)

    def result_ids(self, request: SearchRequest) -> list[str]:
        """Every matching document id in result order (for exports of the whole result set)."""
        return all_result_ids(self.snapshot(), request)

    def metadata(self, doc_id: str, *, include_internal: bool = False) -> dict[str, Any]:
        meta = self.snapshot().docs.get(doc_id)
        if meta is None or (meta.get("visibility") == "internal" and not include_internal):
            raise DocumentNotFoundError(doc_id)
        return meta

    def document(self, doc_id: str, *, include_internal: bool = False) -> dict[str, Any]:
        """A document's metadata and all its passages, in order, from the index alone."""
        meta = self.metadata(doc_id, include_internal=include_internal)
        searcher = self.snapshot().searcher
        stored = [
            searcher.stored_fields(n)
            for n in searcher.search(wq.And([wq.Term("rtype", PASSAGE), wq.Term("doc_id", doc_id)]), limit=None).docs()
        ]
        passages = [json.loads(s["pinfo"]) for s in sorted(stored, key=lambda s: s["ord"])]
        return {**meta, "passages": passages}

    def cite(
        self,
        doc_id: str,
        style: str,
        *,
        page: int | None = None,
        at: float | None = None,
        accessed: date | None = None,
        include_internal: bool = False,
    ) -> str:
        meta = self.metadata(doc_id, include_internal=include_internal)
        collection = self.snapshot().profile.name
        return citations.cite(meta, style, collection, accessed=accessed, page=page, at=at)

    def stats(self, *, include_internal: bool = False) -> dict[str, Any]:
        """Documents and passages by kind, the last build's time and its failed and skipped files."""
        snap = self.snapshot()
        docs = [m for m in snap.docs.values() if include_internal or m.get("visibility") != "internal"]
        by_kind = Counter(m["kind"] for m in docs)
        passages: Counter[str] = Counter()
        for meta in docs:
            passages[meta["kind"]] += meta.get("passage_count", 0)
        return {
            "collection": snap.profile.name,
            "documents": len(docs),
            "passages": sum(passages.values()),
            "by_kind": {k: {"documents": by_kind[k], "passages": passages[k]} for k in sorted(by_kind)},
            "built_at": snap.build.get("built_at"),
            "failed": snap.build.get("failed", []),
            "skipped": snap.build.get("skipped", []),
            "generation": snap.generation,
        }
