"""Ranking quality on a test collection with relevance judgements (nDCG@10 and MAP).

Usage:
  python benchmarks/relevance.py --docs DOCS.trec --queries QUERIES.trec --qrels QRELS [--run OUT.run] [--json]

Documents (`<DOC><DOCNO>id</DOCNO> text </DOC>`) are indexed with this project's own schema,
analyzers and ranking (each becomes a one-passage document), and every query is run through the
public search call as the app makes it (the forgiving query parser, BM25F, OR with a coordination
bonus). Queries are lower-cased first: TREC topics are written in capitals, and capitals mean
AND/OR/NOT and acronyms to the query parser. In the same run: a textbook BM25 over the same analysis
(`reference_bm25`: Robertson-Sparck Jones idf, k1 1.2, b 0.4), plain Whoosh with default settings
(StandardAnalyzer, BM25F, QueryParser's default AND grouping) is measured, and an OR-grouped variant
of it, on the same documents. `--run` writes this search's ranking as a TREC run file (top 1000).
"""

from __future__ import annotations

import argparse
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
from archive.engine.writer import ArchiveWriter, open_or_create
from archive.model import Document, Passage
from indexer.language import detect_language

DEPTH = 1000


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


def run_ours(index_dir: Path, queries: dict[str, str]) -> dict[str, list[str]]:
    archive = Archive(index_dir)
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
    for name in ("archive_search", "reference_bm25", "whoosh_default", "whoosh_default_or"):
        row = report[name]
        print(f"  {name:<18} nDCG@10 {row['ndcg@10']:.3f}  MAP {row['map']:.3f}  ({row['seconds']} s)")


if __name__ == "__main__":
    main()
