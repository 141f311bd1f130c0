"""Ranking quality on a test collection with relevance judgements (nDCG@10 and MAP).

Usage:
  python benchmarks/relevance.py --docs DOCS.trec --queries QUERIES.trec --qrels QRELS
                                 [--folds K] [--run OUT.run] [--json]

Documents (`<DOC><DOCNO>id</DOCNO> text </DOC>`) are indexed with this project's own schema and
analyzers (each becomes a one-passage document), and every query is run through the public search
call as the app makes it (the forgiving query parser, OR of the words, BM25F with
Robertson-Sparck Jones idf, the phrase bonus). Queries are lower-cased first: TREC topics are
written in capitals, and capitals mean AND/OR/NOT and acronyms to the query parser.

Reported, in one run:
- `archive_search`: the shipped settings (archive/engine/ranking.DEFAULT_RANKING) on every query.
  A development figure wherever those settings were looked at on these queries.
- `cross_validated`: K-fold cross-validation over a grid of settings (b, phrase-bonus weight):
  each fold's queries are run with the settings that scored best (nDCG@10) on
  the other folds, so no query is scored with settings chosen on it. This is the figure to expect
  on unseen queries; `chosen` lists each fold's settings.
- `whoosh_idf`: the shipped settings with Whoosh's own idf, log(N/(df+1))+1: what that choice costs.
- `reference_bm25`: a textbook BM25 over the same analysis (Robertson-Sparck Jones idf, k1 1.2,
  b 0.4), written here.
- `whoosh_default` / `whoosh_default_or`: plain Whoosh with default settings (StandardAnalyzer,
  BM25F, QueryParser's AND grouping) and an OR-grouped variant, on the same documents.
`--run` writes the shipped ranking as a TREC run file (top 1000).
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import math
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from whoosh import index as whoosh_index
from whoosh import qparser
from whoosh.fields import ID, TEXT, Schema

from archive import Archive, SearchRequest
from archive.engine.analysis import english_analyzer
from archive.engine.ranking import DEFAULT_RANKING, Ranking, RobertsonSparckJonesBM25F
from archive.engine.writer import ArchiveWriter, open_or_create
from archive.shared.model import Document, Passage
from indexer.language import detect_language

DEPTH = 1000
# The settings cross-validation chooses among: b across the literature's 0.3-0.75, and the phrase
# bonus off, at the sequential dependence model's 0.1, and either side of it.
GRID = tuple(
    dataclasses.replace(DEFAULT_RANKING, b=b, phrase_weight=phrase)
    for b, phrase in itertools.product((0.3, 0.4, 0.5, 0.75), (0.0, 0.05, 0.1, 0.2))
)


class WhooshIdf(RobertsonSparckJonesBM25F):
    """The shipped weighting with Whoosh's own idf instead, log(N/(df+1))+1 over every record."""

    def idf(self, searcher, fieldname, text):  # type: ignore[no-untyped-def]  # Whoosh's signature
        parent = searcher.get_parent()
        return math.log(parent.doc_count_all() / (parent.doc_frequency(fieldname, text) + 1)) + 1


@dataclasses.dataclass(frozen=True)
class WhooshIdfRanking(Ranking):
    """The shipped settings scored with Whoosh's idf: what choosing Robertson-Sparck Jones's gains."""

    def weighting(self) -> RobertsonSparckJonesBM25F:
        rsj = super().weighting()
        return WhooshIdf(B=rsj.B, K1=rsj.K1, **{f"{name}_B": b for name, b in rsj._field_B.items()})


def read_trec_docs(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return {
        m.group(1).strip(): m.group(2).strip()
        for m in re.finditer(r"<DOC>\s*<DOCNO>(.*?)</DOCNO>(.*?)</DOC>", text, re.S | re.I)
    }


def read_trec_queries(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return {
        m.group(1).strip(): " ".join(m.group(2).split())
        for m in re.finditer(r"<num>(.*?)</num>\s*<title>(.*?)</title>", text, re.S | re.I)
    }


def read_qrels(path: Path) -> dict[str, set[str]]:
    relevant: dict[str, set[str]] = {}
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) >= 4 and int(parts[3]) > 0:
            relevant.setdefault(parts[0], set()).add(parts[2])
    return relevant


def ndcg_at(ranking: list[str], relevant: set[str], k: int = 10) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(ranking[:k]) if d in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal if ideal else 0.0


def average_precision(ranking: list[str], relevant: set[str]) -> float:
    hits, total = 0, 0.0
    for i, d in enumerate(ranking, start=1):
        if d in relevant:
            hits += 1
            total += hits / i
    return total / len(relevant) if relevant else 0.0


def evaluate(runs: dict[str, list[str]], qrels: dict[str, set[str]]) -> dict[str, float]:
    judged = [q for q in runs if q in qrels]
    return {
        "ndcg@10": round(sum(ndcg_at(runs[q], qrels[q]) for q in judged) / len(judged), 4),
        "map": round(sum(average_precision(runs[q], qrels[q]) for q in judged) / len(judged), 4),
        "queries": len(judged),
    }


def describe(ranking: Ranking) -> str:
    return f"b={ranking.b} phrase={ranking.phrase_weight}"


def cross_validate(
    runs_by_setting: dict[Ranking, dict[str, list[str]]], qrels: dict[str, set[str]], folds: int
) -> tuple[dict[str, list[str]], list[str]]:
    """The K-fold cross-validated run: each fold's queries (every K-th judged query, in query-id
    order) take the ranking of the setting with the best mean nDCG@10 on the other folds (ties: the
    earlier setting in GRID). Returns the run and each fold's chosen setting."""
    judged = sorted((q for q in next(iter(runs_by_setting.values())) if q in qrels), key=_query_order)
    ndcg = {s: {q: ndcg_at(runs[q], qrels[q]) for q in judged} for s, runs in runs_by_setting.items()}
    combined: dict[str, list[str]] = {}
    chosen: list[str] = []
    for fold in range(folds):
        held_out = judged[fold::folds]
        training = [q for q in judged if q not in held_out]
        best = max(runs_by_setting, key=lambda s: sum(ndcg[s][q] for q in training))
        chosen.append(describe(best))
        combined.update({q: runs_by_setting[best][q] for q in held_out})
    return combined, chosen


def _query_order(qid: str) -> tuple[int, str]:
    return (int(qid), qid) if qid.isdigit() else (0, qid)


def build_ours(docs: dict[str, str], index_dir: Path) -> None:
    indexes, _ = open_or_create(index_dir)
    writer = ArchiveWriter(indexes)
    for docno, text in docs.items():
        doc = Document(
            doc_id=docno,
            kind="statement",
            title="",
            source_path=docno,
            language=detect_language(text).code,
            passages=[Passage(text=text)],
        )
        writer.add_document(doc)
    writer.write_control_records("", {}, {})
    writer.commit(full=True)


def run_ours(index_dir: Path, queries: dict[str, str], ranking: Ranking = DEFAULT_RANKING) -> dict[str, list[str]]:
    archive = Archive(index_dir, ranking)
    return {qid: archive.result_ids(SearchRequest(query=text.lower()))[:DEPTH] for qid, text in queries.items()}


def run_plain_whoosh(
    docs: dict[str, str], queries: dict[str, str], index_dir: Path, group: type[qparser.syntax.GroupNode]
) -> dict[str, list[str]]:
    if not whoosh_index.exists_in(str(index_dir)):
        ix = whoosh_index.create_in(str(index_dir), Schema(docno=ID(stored=True), content=TEXT()))
        writer = ix.writer(limitmb=256)
        for docno, text in docs.items():
            writer.add_document(docno=docno, content=text)
        writer.commit()
    ix = whoosh_index.open_dir(str(index_dir))
    parser = qparser.QueryParser("content", ix.schema, group=group)
    with ix.searcher() as searcher:
        return {
            qid: [hit["docno"] for hit in searcher.search(parser.parse(text.lower()), limit=DEPTH)]
            for qid, text in queries.items()
        }


def run_reference_bm25(
    docs: dict[str, str], queries: dict[str, str], k1: float = 1.2, b: float = 0.4
) -> dict[str, list[str]]:
    """A textbook BM25 over the same analysis (the project's English analyzer: stop words, Porter
    stemming): Robertson-Sparck Jones idf, log(1 + (N - df + 0.5) / (df + 0.5)), which stays
    positive for common terms, and k1 1.2, b 0.4 as a reviewer's reference run used. Written here so
    the reference needs nothing beyond this repository; ties go to the lower docno's insertion order."""
    analyze = english_analyzer()
    postings: dict[str, dict[str, int]] = {}
    lengths: dict[str, int] = {}
    for docno, text in docs.items():
        terms = [t.text for t in analyze(text)]
        lengths[docno] = len(terms)
        for term in terms:
            counts = postings.setdefault(term, {})
            counts[docno] = counts.get(docno, 0) + 1
    n = len(docs)
    average = sum(lengths.values()) / max(n, 1)
    runs: dict[str, list[str]] = {}
    for qid, text in queries.items():
        scores: dict[str, float] = {}
        for term in dict.fromkeys(t.text for t in analyze(text.lower())):
            found = postings.get(term, {})
            idf = math.log(1 + (n - len(found) + 0.5) / (len(found) + 0.5))
            for docno, tf in found.items():
                norm = tf + k1 * (1 - b + b * lengths[docno] / average)
                scores[docno] = scores.get(docno, 0.0) + idf * tf * (k1 + 1) / norm
        runs[qid] = sorted(scores, key=lambda d: -scores[d])[:DEPTH]
    return runs


def write_run(path: Path, runs: dict[str, list[str]], tag: str = "archive-search") -> None:
    with path.open("w") as out:
        for qid, ranking in runs.items():
            for rank, docno in enumerate(ranking, start=1):
                out.write(f"{qid} Q0 {docno} {rank} {DEPTH - rank + 1} {tag}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--qrels", type=Path, required=True)
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5)")
    parser.add_argument("--run", type=Path, help="write this search's ranking as a TREC run file")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    docs, queries, qrels = read_trec_docs(args.docs), read_trec_queries(args.queries), read_qrels(args.qrels)
    report: dict[str, object] = {"documents": len(docs), "queries": len(queries)}
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        build_ours(docs, Path(tmp) / "ours")
        ours = run_ours(Path(tmp) / "ours", queries)
        report["archive_search"] = {**evaluate(ours, qrels), "seconds": round(time.perf_counter() - started, 1)}
        report["archive_search"]["settings"] = describe(DEFAULT_RANKING)
        started = time.perf_counter()
        sweep = {setting: run_ours(Path(tmp) / "ours", queries, setting) for setting in GRID}
        validated, chosen = cross_validate(sweep, qrels, min(args.folds, max(len(qrels), 1)))
        report["cross_validated"] = {
            **evaluate(validated, qrels),
            "folds": len(chosen),
            "chosen": chosen,
            "seconds": round(time.perf_counter() - started, 1),
        }
        report["settings"] = {describe(s): evaluate(runs, qrels) for s, runs in sweep.items()}
        started = time.perf_counter()
        classic = run_ours(Path(tmp) / "ours", queries, WhooshIdfRanking(**dataclasses.asdict(DEFAULT_RANKING)))
        report["whoosh_idf"] = {**evaluate(classic, qrels), "seconds": round(time.perf_counter() - started, 1)}
        started = time.perf_counter()
        reference = run_reference_bm25(docs, queries)
        report["reference_bm25"] = {**evaluate(reference, qrels), "seconds": round(time.perf_counter() - started, 1)}
        for name, group in (("whoosh_default", qparser.AndGroup), ("whoosh_default_or", qparser.OrGroup)):
            started = time.perf_counter()
            (Path(tmp) / "plain").mkdir(exist_ok=True)
            runs = run_plain_whoosh(docs, queries, Path(tmp) / "plain", group)
            report[name] = {**evaluate(runs, qrels), "seconds": round(time.perf_counter() - started, 1)}
    if args.run:
        write_run(args.run, ours)
    if args.json:
        print(json.dumps(report))
        return
    print(f"{report['documents']} documents, {report['queries']} queries")
    shown = ("archive_search", "cross_validated", "whoosh_idf", "reference_bm25", "whoosh_default", "whoosh_default_or")
    for name in shown:
        row = report[name]
        print(f"  {name:<18} nDCG@10 {row['ndcg@10']:.3f}  MAP {row['map']:.3f}  ({row['seconds']} s)")
    print(f"  shipped settings: {report['archive_search']['settings']}")
    print(f"  chosen per fold: {'; '.join(report['cross_validated']['chosen'])}")


if __name__ == "__main__":
    main()
